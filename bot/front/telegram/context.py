"""What every handler shares: the session and the guards, reached through the handler's context.

python-telegram-bot passes each handler a context; `QAContext` is that context with a
`services` property, the one `Services` object the application was built with (kept in
`bot_data`, so there is no module-level state and two applications never share anything).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.front.session import Session
from bot.front.settings import Settings
from bot.front.telegram.guards import Access, FloodGuard
from bot.front.telegram.stats import Stats

SERVICES = "services"
INLINE_FLOOD_FACTOR = 5  # inline queries arrive while the user types: a larger budget
MAX_REMEMBERED_REFUSALS = 10_000


@dataclass
class Services:
    """The session answering questions, the settings, and the guards and counters of this process."""

    session: Session
    settings: Settings
    access: Access
    flood: FloodGuard
    inline_flood: FloodGuard
    stats: Stats
    refused: set[int] = field(default_factory=set)  # private chats told once that they are not served

    @classmethod
    def of(cls, session: Session, settings: Settings, clock) -> Services:
        """The services configured from the settings, the guards sharing one clock."""
        flood = FloodGuard(settings.flood_limit, settings.flood_window, settings.flood_cooldown, clock)
        inline = FloodGuard(
            settings.flood_limit * INLINE_FLOOD_FACTOR, settings.flood_window, settings.flood_cooldown, clock
        )
        return cls(session, settings, Access(settings.allowed_chats, settings.admins), flood, inline, Stats())


class QAContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The handler context of this bot: python-telegram-bot's, plus `services`."""

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.application.bot_data[SERVICES]

    @property
    def session(self) -> Session:
        """The session answering questions."""
        return self.services.session


CONTEXT_TYPES = ContextTypes(context=QAContext)  # give this to ApplicationBuilder.context_types
