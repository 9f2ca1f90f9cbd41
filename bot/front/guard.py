"""What stands between the public and the engine: input cleaning, flood limits, the allow-list, stats.

Plain classes with an injectable clock and no module-level state, so the Telegram handlers own one
instance of each and tests can drive time by hand. Everything is kept in memory: a restart forgets
flood counters and statistics (both are only meaningful for a running process anyway).
"""

from __future__ import annotations

import enum
import re
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]

# C0/C1 control characters except tab and newline; Telegram drops them anyway, terminals obey them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str | None) -> str:
    """User text made safe to process and to echo: valid UTF-8, no control characters.

    Surrogates (possible from JSON escapes or undecodable command-line bytes) are joined when they
    form a pair and become U+FFFD when alone, so any encoder accepts the result; control characters
    (NUL, ESC, ...) become spaces. Everything else, emoji, RTL marks and combining marks included,
    stays as it is (letters pymorphy3 cannot analyse are the analyzer's business).
    """
    if not text:
        return ""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROL.sub(" ", text)


def one_line(text: str, limit: int) -> str:
    """A text squeezed to one line of at most `limit` characters (for stats and logs)."""
    text = _SPACES.sub(" ", clean_text(text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------------- flood limit


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


# --------------------------------------------------------------------------------- stats


@dataclass
class Stats:
    """Counters since the process started (in memory only): answered, abstained, top unanswered.

    Unanswered questions are counted by their normalised text (lowercase, one line, invisible
    format characters removed, at most `question_chars` characters); questions without a letter or
    digit (emoji, punctuation) count as abstentions but are not listed. At most `max_questions`
    distinct ones are kept (the rarest are dropped first), so junk floods cannot grow memory.
    """

    clock: Clock = time.time
    question_chars: int = 100
    max_questions: int = 1000
    started: float = field(default=0.0, init=False)
    answered: int = field(default=0, init=False)
    abstained: int = field(default=0, init=False)
    errors: int = field(default=0, init=False)
    unanswered: Counter[str] = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def record(self, question: str, found: bool) -> None:
        """Count one answered question, or one abstention and its question."""
        if found:
            self.answered += 1
            return
        self.abstained += 1
        visible = "".join(c for c in question if unicodedata.category(c) != "Cf")
        key = one_line(visible, self.question_chars).lower()
        if not any(c.isalnum() for c in key):
            return
        self.unanswered[key] += 1
        if len(self.unanswered) > self.max_questions:
            self._prune()

    def record_error(self) -> None:
        """Count one update that failed with an error."""
        self.errors += 1

    def top_unanswered(self, n: int = 10) -> list[tuple[str, int]]:
        """The `n` most frequent unanswered questions with their counts, most frequent first."""
        return self.unanswered.most_common(n)

    def _prune(self) -> None:
        """Keep the more frequent half of the unanswered questions."""
        keep = self.unanswered.most_common(self.max_questions // 2)
        self.unanswered = Counter(dict(keep))
