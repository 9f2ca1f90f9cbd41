"""What every handler shares: the session, the guards and the memory, reached through the handler's context.

python-telegram-bot passes each handler a context; `QAContext` is that context with a
`services` property, the one `Services` object the application was built with (kept in
`bot_data`, so there is no module-level state and two applications never share anything).
python-telegram-bot makes one context per update, when the first handler (admission) takes it,
so `QAContext.received` is when the bot started on the update (for the latency of an answer).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.front.memory.store import Memory
from bot.front.session import Session
from bot.front.settings import Settings
from bot.front.telegram.guards import Access, FloodGuard

SERVICES = "services"
INLINE_FLOOD_FACTOR = 5  # inline queries arrive while the user types: a larger budget
MAX_REMEMBERED_REFUSALS = 10_000


@dataclass
class Services:
    """The session answering questions, the settings, the guards of this process and the memory."""

    session: Session
    settings: Settings
    access: Access
    flood: FloodGuard
    inline_flood: FloodGuard
    memory: Memory
    refused: set[int] = field(default_factory=set)  # private chats told once that they are not served

    @classmethod
    def of(cls, session: Session, settings: Settings, clock, memory: Memory) -> Services:
        """The services configured from the settings, the guards sharing one clock."""
        flood = FloodGuard(settings.flood_limit, settings.flood_window, settings.flood_cooldown, clock)
        inline = FloodGuard(
            settings.flood_limit * INLINE_FLOOD_FACTOR, settings.flood_window, settings.flood_cooldown, clock
        )
        return cls(session, settings, Access(settings.allowed_chats, settings.admins), flood, inline, memory)


class QAContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The handler context of this bot: python-telegram-bot's, plus `services` and `received`."""

    def __init__(self, application, chat_id: int | None = None, user_id: int | None = None) -> None:
        """python-telegram-bot's context, stamped with the time the bot started on the update."""
        super().__init__(application, chat_id, user_id)
        self.received = time.perf_counter()

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.application.bot_data[SERVICES]

    @property
    def session(self) -> Session:
        """The session answering questions."""
        return self.services.session


CONTEXT_TYPES = ContextTypes(context=QAContext)  # give this to ApplicationBuilder.context_types
