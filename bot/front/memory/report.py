"""Reading the memory back: what people asked over the last days, what went unanswered, which answers missed.

`read_report` is a job for the writer thread (so a report sees every record queued before it) or
for any connection (`python -m bot stats`). Days are calendar days in the server's time zone: the
last `days` days are today and the `days - 1` before it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass

from bot.front.memory.writer import Job

TOP = 10
DEFAULT_DAYS = 7  # /stats, and `python -m bot stats` without --days


@dataclass(frozen=True)
class Day:
    """Questions on one calendar day."""

    date: str  # YYYY-MM-DD
    questions: int
    answered: int


@dataclass(frozen=True)
class Missed:
    """An answer people marked 👎: the question (None when texts are not stored), its first quote, the votes."""

    question: str | None
    reference: str | None
    down: int
    up: int


@dataclass(frozen=True)
class Report:
    """The statistics of the last `days` days (since `since`, a Unix time)."""

    days: int
    since: float
    questions: int = 0
    answered: int = 0
    up: int = 0
    down: int = 0
    errors: int = 0
    median_latency_ms: float | None = None
    per_day: tuple[Day, ...] = ()
    unanswered: tuple[tuple[str, int], ...] = ()  # (question, how many times), most frequent first
    missed: tuple[Missed, ...] = ()  # most 👎 first

    @property
    def declined(self) -> int:
        """Questions the bot found no answer to."""
        return self.questions - self.answered

    @property
    def answered_share(self) -> float | None:
        """Answered questions / all questions (None without questions)."""
        return self.answered / self.questions if self.questions else None

    @property
    def down_share(self) -> float | None:
        """👎 / all votes (None without votes)."""
        return self.down / (self.up + self.down) if self.up + self.down else None

    def as_json(self) -> dict:
        """The report as `python -m bot stats --json` prints it."""
        row = asdict(self)
        row["since"] = dt.datetime.fromtimestamp(self.since).astimezone().isoformat(timespec="seconds")
        row["declined"] = self.declined
        row["answered_share"] = _rounded(self.answered_share)
        row["down_share"] = _rounded(self.down_share)
        row["unanswered"] = [{"question": q, "count": n} for q, n in self.unanswered]
        return row


def window_start(days: int, now: float) -> float:
    """Local midnight `days - 1` days before `now`: the start of the report's window."""
    today = dt.datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (today - dt.timedelta(days=days - 1)).timestamp()


def read_report(days: int, now: float, top: int = TOP) -> Job:
    """The job reading the report of the last `days` days."""

    def job(db: sqlite3.Connection) -> Report:
        since = window_start(days, now)
        questions, answered = db.execute(
            "SELECT count(*), coalesce(sum(found), 0) FROM questions WHERE at >= ?", (since,)).fetchone()
        per_day = db.execute(
            "SELECT date(at, 'unixepoch', 'localtime') AS day, count(*), sum(found) FROM questions"
            " WHERE at >= ? GROUP BY day ORDER BY day", (since,)).fetchall()
        unanswered = db.execute(
            "SELECT topic, count(*) AS n FROM questions WHERE at >= ? AND found = 0 AND topic IS NOT NULL"
            " GROUP BY topic ORDER BY n DESC, max(at) DESC LIMIT ?", (since, top)).fetchall()
        up, down = db.execute(
            "SELECT coalesce(sum(vote > 0), 0), coalesce(sum(vote < 0), 0) FROM votes WHERE at >= ?",
            (since,)).fetchone()
        missed = db.execute(
            "SELECT q.topic, q.reference, sum(v.vote < 0) AS down, sum(v.vote > 0) AS up"
            " FROM votes AS v JOIN questions AS q USING (answer_id) WHERE v.at >= ?"
            " GROUP BY q.topic, q.reference HAVING down > 0 ORDER BY down DESC, up ASC LIMIT ?",
            (since, top)).fetchall()
        (errors,) = db.execute("SELECT count(*) FROM errors WHERE at >= ?", (since,)).fetchone()
        return Report(
            days=days,
            since=since,
            questions=questions,
            answered=answered,
            up=up,
            down=down,
            errors=errors,
            median_latency_ms=_median_latency(db, since),
            per_day=tuple(Day(d, n, a) for d, n, a in per_day),
            unanswered=tuple((topic, n) for topic, n in unanswered),
            missed=tuple(Missed(*row) for row in missed),
        )

    return job


def _median_latency(db: sqlite3.Connection, since: float) -> float | None:
    """The median time from a question's arrival to the answer sent, in milliseconds."""
    (count,) = db.execute("SELECT count(latency_ms) FROM questions WHERE at >= ?", (since,)).fetchone()
    if not count:
        return None
    (value,) = db.execute(
        "SELECT latency_ms FROM questions WHERE at >= ? AND latency_ms IS NOT NULL ORDER BY latency_ms"
        " LIMIT 1 OFFSET ?", (since, count // 2)).fetchone()
    return round(value, 1)


def _rounded(share: float | None) -> float | None:
    """A share with four decimals."""
    return None if share is None else round(share, 4)
