"""Who may use the bot and how often: the allow-list, the admins and a per-user flood limit.

Plain classes with an injectable clock and no module-level state, so the application owns one
instance of each and tests can drive time by hand. Flood counters are per process and in memory:
a restart forgets them (they only matter for a running process anyway).
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]


class Verdict(enum.Enum):
    """What to do with a user's next request."""

    ALLOW = "allow"  # answer it
    WARN = "warn"  # the limit was just exceeded: say "slow down" once, do not answer
    IGNORE = "ignore"  # still cooling down: stay silent


@dataclass
class _Budget:
    """One user's recent requests and, when limited, until when they are ignored."""

    times: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0


@dataclass
class FloodGuard:
    """Per-user sliding-window limit: at most `limit` requests per `window` seconds.

    The request that goes over the limit gets one WARN (the handler says "slow down"), then every
    request of that user is IGNOREd for `cooldown` seconds, after which the user starts afresh.
    Other users are never affected. `limit = 0` disables the guard. Memory stays bounded: users
    idle for longer than the window are forgotten once more than `max_users` are tracked.
    """

    limit: int = 20
    window: float = 60.0
    cooldown: float = 60.0
    clock: Clock = time.monotonic
    max_users: int = 10_000
    _users: dict[int, _Budget] = field(default_factory=dict, init=False, repr=False)
    limited: int = field(default=0, init=False)

    def check(self, user_id: int) -> Verdict:
        """Count one request of `user_id` and say whether to answer it."""
        if self.limit <= 0:
            return Verdict.ALLOW
        now = self.clock()
        budget = self._users.get(user_id)
        if budget is None:
            self._forget_idle(now)
            budget = self._users[user_id] = _Budget()
        if now < budget.blocked_until:
            return Verdict.IGNORE
        while budget.times and budget.times[0] <= now - self.window:
            budget.times.popleft()
        if len(budget.times) >= self.limit:
            budget.times.clear()
            budget.blocked_until = now + self.cooldown
            self.limited += 1
            return Verdict.WARN
        budget.times.append(now)
        return Verdict.ALLOW

    def _forget_idle(self, now: float) -> None:
        """Drop users with nothing in the window and no cooldown, when too many are tracked."""
        if len(self._users) < self.max_users:
            return
        for user_id, budget in list(self._users.items()):
            recent = budget.times and budget.times[-1] > now - self.window
            if not recent and budget.blocked_until <= now:
                del self._users[user_id]


# --------------------------------------------------------------------------------- access


@dataclass(frozen=True)
class Access:
    """Who may use the bot (BOT_ALLOWED_CHATS) and who may see /stats (BOT_ADMINS)."""

    allowed_chats: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()

    @property
    def restricted(self) -> bool:
        """True when an allow-list is configured."""
        return bool(self.allowed_chats)

    def allows(self, chat_id: int | None, user_id: int | None) -> bool:
        """Whether an update from this chat (or, without a chat, this user) is served.

        Without an allow-list every chat is served. With one, a chat must be listed; an admin's
        private chat is always served; an update without a chat (inline queries) is served when the
        user's own private chat (same id as the user) is listed or the user is an admin.
        """
        if not self.restricted:
            return True
        if chat_id is None:
            return user_id is not None and (user_id in self.allowed_chats or user_id in self.admins)
        return chat_id in self.allowed_chats or (chat_id == user_id and user_id in self.admins)

    def is_admin(self, user_id: int | None) -> bool:
        """Whether this user may see /stats."""
        return user_id is not None and user_id in self.admins

