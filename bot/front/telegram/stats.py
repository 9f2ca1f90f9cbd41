"""Statistics since the process started, for `/stats`: questions answered and declined, errors, top unanswered.

In memory only: a restart starts them afresh.
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from bot.front.cleaning import one_line
from bot.front.render.messages import escape
from bot.front.telegram.guards import Clock


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



def stats_html(stats: Stats, limited: int) -> str:
    """The /stats text: counters since the start and the most frequent unanswered questions."""
    started = dt.datetime.fromtimestamp(stats.started).strftime("%d.%m.%Y %H:%M")
    lines = [
        f"<b>Статистика с {started}</b> (в памяти, сбрасывается при перезапуске)",
        f"Отвечено вопросов: {stats.answered}",
        f"Без ответа: {stats.abstained}",
        f"Ошибок: {stats.errors}",
        f"Ограничений за частые вопросы: {limited}",
    ]
    top = stats.top_unanswered()
    if top:
        lines.append("\n<b>Частые вопросы без ответа</b>")
        lines.extend(f"{i}. «{escape(question)}» — {count}" for i, (question, count) in enumerate(top, start=1))
    return "\n".join(lines)
