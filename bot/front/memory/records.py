"""What the bot writes: a row per question, per error and per vote, and the pruning of old rows.

Each function returns a job for the writer thread (`Writer.submit` / `Writer.call`). A question's
`topic` is its text as the statistics group it: one line, lowercase, invisible format characters
removed, at most 100 characters; None for a question without a letter or digit (emoji only:
counted, never listed) or when question texts are not stored.
"""

from __future__ import annotations

import enum
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass

from bot.front.cleaning import one_line
from bot.front.memory.writer import Job

TOPIC_CHARS = 100
ANSWER_ID_BYTES = 9  # 12 URL-safe characters: 72 random bits, no collisions in practice
DAY = 86_400.0


@dataclass(frozen=True)
class QuestionRecord:
    """One question the bot handled: when, where, by whom (a keyed hash), what and how it went."""

    at: float
    chat_type: str
    user_hash: str | None
    question: str | None
    found: bool
    reason: str
    reference: str | None = None  # the first quote's reference
    latency_ms: float | None = None
    answer_id: str | None = None  # the row's id, also in the answer's 👍/👎 buttons


class Vote(enum.Enum):
    """What a press of 👍 or 👎 did."""

    NEW = "new"
    CHANGED = "changed"
    SAME = "same"
    UNKNOWN = "unknown"  # no such answer (pruned, or forged button data)


def new_answer_id() -> str:
    """A fresh random id for an answer's feedback buttons (URL-safe, fits callback data)."""
    return secrets.token_urlsafe(ANSWER_ID_BYTES)


def topic_of(question: str | None) -> str | None:
    """The question as the statistics group it, or None when it has nothing to list."""
    if not question:
        return None
    visible = "".join(c for c in question if unicodedata.category(c) != "Cf")
    topic = one_line(visible, TOPIC_CHARS).lower()
    return topic if any(c.isalnum() for c in topic) else None


def insert_question(record: QuestionRecord) -> Job:
    """The job writing one question row (an answer id seen before is not written twice)."""

    def job(db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO questions (at, chat_type, user_hash, question, topic, found, reason, reference, latency_ms,"
            " answer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id) DO NOTHING",
            (record.at, record.chat_type, record.user_hash, record.question, topic_of(record.question),
             int(record.found), record.reason, record.reference, record.latency_ms, record.answer_id),
        )

    return job


def set_latency(answer_id: str, latency_ms: float) -> Job:
    """The job adding the latency to a question row once its reply is sent."""

    def job(db: sqlite3.Connection) -> None:
        db.execute("UPDATE questions SET latency_ms = ? WHERE answer_id = ?", (round(latency_ms, 1), answer_id))

    return job


def insert_error(at: float, kind: str, chat_type: str | None) -> Job:
    """The job writing one failed update: when, the exception's class name, the chat type."""

    def job(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO errors (at, kind, chat_type) VALUES (?, ?, ?)", (at, kind, chat_type))

    return job


def cast_vote(answer_id: str, user_hash: str, value: int, at: float) -> Job:
    """The job recording one user's 👍 (+1) or 👎 (−1) on an answer: one vote per user, a new press replaces it."""

    def job(db: sqlite3.Connection) -> Vote:
        if not db.execute("SELECT 1 FROM questions WHERE answer_id = ?", (answer_id,)).fetchone():
            return Vote.UNKNOWN
        row = db.execute("SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?", (answer_id, user_hash)).fetchone()
        if row is not None and row[0] == value:
            return Vote.SAME
        db.execute(
            "INSERT INTO votes (answer_id, user_hash, vote, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at",
            (answer_id, user_hash, value, at),
        )
        return Vote.NEW if row is None else Vote.CHANGED

    return job


def prune(cutoff: float) -> Job:
    """The job deleting rows older than `cutoff` (votes go with their answer); how many of each went."""

    def job(db: sqlite3.Connection) -> dict[str, int]:
        deleted = {
            "questions": db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount,
            "errors": db.execute("DELETE FROM errors WHERE at < ?", (cutoff,)).rowcount,
        }
        deleted["votes"] = db.execute(
            "DELETE FROM votes WHERE at < ? OR answer_id NOT IN"
            " (SELECT answer_id FROM questions WHERE answer_id IS NOT NULL)",
            (cutoff,),
        ).rowcount
        return deleted

    return job
