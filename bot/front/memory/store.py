"""`Memory`: what the Telegram front end records and reads, over the writer thread.

`open_memory` opens `BOT_DB_PATH` at start. A database written by a newer bot stops the start
(`NewerSchemaError`); any other failure (a read-only or missing folder, a locked or corrupt file)
is one warning, and the bot keeps its statistics in an in-memory database until it stops, so it
keeps answering and /stats still works. `BOT_DB_PATH=:memory:` asks for that on purpose.

User ids are never stored: a keyed hash (HMAC-SHA256) stands for the user. The key is
`BOT_USER_HASH_KEY`, or else a random key made at the first start and kept in `<database>.key`
next to the database (0600), never inside it: a copy of the database alone cannot be turned back
into user ids by trying every id.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import time
from pathlib import Path

from bot.front.memory.records import (
    DAY,
    QuestionRecord,
    Vote,
    cast_vote,
    insert_error,
    insert_question,
    prune,
    set_latency,
)
from bot.front.memory.report import Report, read_report
from bot.front.memory.schema import BUSY_TIMEOUT, NewerSchemaError, connect
from bot.front.memory.writer import Writer
from bot.front.settings import IN_MEMORY, Settings

log = logging.getLogger(__name__)
PRUNE_EVERY = 6 * 3600.0  # seconds between two prunings of old rows
KEY_BYTES = 32
FILE, OFF, FALLBACK = "file", "off", "fallback"  # where the memory is: the file, in memory on purpose, in memory after a failure


class Memory:
    """Questions, errors and votes of the bot, written off the event loop and read back as reports."""

    def __init__(self, writer: Writer, key: bytes, mode: str, settings: Settings, clock=time.time) -> None:
        """A memory over a running writer; `mode` is FILE, OFF or FALLBACK."""
        self.writer = writer
        self.mode = mode
        self.store_questions = settings.store_questions
        self.retention_days = settings.retention_days
        self._key = key
        self._clock = clock
        self._pruned = float("-inf")
        self.prune_if_due()

    @property
    def persistent(self) -> bool:
        """True when the records go to the database file (they survive a restart)."""
        return self.mode == FILE and not self.writer.failing

    def user_hash(self, user_id: int) -> str:
        """The keyed hash that stands for a user id (the id itself is never stored)."""
        return hmac.new(self._key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]

    def record_question(self, record: QuestionRecord) -> None:
        """Queue one question row (without its text unless BOT_STORE_QUESTIONS is on); returns at once."""
        if not self.store_questions:
            record = dataclasses.replace(record, question=None)
        self.writer.submit(insert_question(record))
        self.prune_if_due()

    def record_latency(self, answer_id: str | None, latency_ms: float) -> None:
        """Queue the latency of a question recorded before (by its answer id); returns at once."""
        if answer_id is not None:
            self.writer.submit(set_latency(answer_id, latency_ms))

    def record_error(self, kind: str, chat_type: str | None) -> None:
        """Queue one failed update (the exception's class name and the chat type); returns at once."""
        self.writer.submit(insert_error(self._clock(), kind, chat_type))

    async def vote(self, answer_id: str, user_id: int, value: int) -> Vote:
        """Record a 👍 (+1) or 👎 (−1) and return once it is committed (MemoryUnavailable when it cannot be)."""
        job = cast_vote(answer_id, self.user_hash(user_id), value, self._clock())
        return await asyncio.wrap_future(self.writer.call(job))

    async def report(self, days: int) -> Report:
        """The statistics of the last `days` days, including every record queued before (MemoryUnavailable)."""
        return await asyncio.wrap_future(self.writer.call(read_report(days, self._clock())))

    def prune_if_due(self) -> None:
        """Delete rows older than BOT_RETENTION_DAYS, at most once per PRUNE_EVERY seconds."""
        now = self._clock()
        if now - self._pruned >= PRUNE_EVERY:
            self._pruned = now
            self.writer.submit(prune(now - self.retention_days * DAY))

    def flush(self, timeout: float | None = None) -> None:
        """Block until everything queued is committed (for tests and the shutdown)."""
        self.writer.flush(timeout)

    def close(self) -> None:
        """Commit what is queued and close the database (safe to call twice)."""
        self.writer.close()


def open_memory(settings: Settings, *, clock=time.time, timeout: float = BUSY_TIMEOUT) -> Memory:
    """The memory at BOT_DB_PATH, or an in-memory one after one warning when the file cannot be used.

    Raises NewerSchemaError for a database of a newer bot: that one must stop the start.
    """
    path = settings.db_path
    if str(path) == IN_MEMORY:
        return _in_memory(settings, OFF, clock)
    try:
        db = connect(path, timeout=timeout)
    except NewerSchemaError:
        raise
    except (sqlite3.Error, OSError) as error:
        log.warning("memory: cannot use the database %s (%s); statistics and feedback are kept in memory "
                    "until the bot stops", path, _describe(error))
        return _in_memory(settings, FALLBACK, clock)
    try:
        key = settings.user_hash_key.encode() if settings.user_hash_key else _key_file(key_path(path))
    except OSError as error:
        db.close()
        log.warning("memory: cannot keep the user hash key in %s (%s); statistics and feedback are kept in "
                    "memory until the bot stops", key_path(path), _describe(error))
        return _in_memory(settings, FALLBACK, clock)
    log.info("memory: %s (questions %s, kept %d days)", path, "stored" if settings.store_questions else "not stored",
             settings.retention_days)
    file = _File(path, timeout, None if settings.user_hash_key else key)
    return Memory(Writer(db, str(path), reopen=file.reopen_if_gone), key, FILE, settings, clock)


class _File:
    """The database file as opened: noticed when it disappears (or is replaced) while the bot runs."""

    def __init__(self, path: Path, timeout: float, key: bytes | None) -> None:
        self.path, self.timeout, self.key = path, timeout, key
        self.identity = _identity(path)

    def reopen_if_gone(self) -> sqlite3.Connection | None:
        """A connection to a new file when the one opened is gone (its key file written again), else None."""
        if _identity(self.path) == self.identity:
            return None
        log.warning("memory: %s disappeared or was replaced while the bot ran; writing to a new one", self.path)
        db = connect(self.path, timeout=self.timeout)
        self.identity = _identity(self.path)
        if self.key is not None and not key_path(self.path).exists():
            _write_key(key_path(self.path), self.key.decode())
        return db


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (device and inode), None when there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def key_path(db_path: Path) -> Path:
    """Where the generated user hash key is kept: next to the database, `<database>.key`."""
    return db_path.with_name(db_path.name + ".key")


def _in_memory(settings: Settings, mode: str, clock) -> Memory:
    """A memory in an in-memory database (nothing on disk; gone when the bot stops)."""
    key = settings.user_hash_key.encode() if settings.user_hash_key else secrets.token_bytes(KEY_BYTES)
    return Memory(Writer(connect(IN_MEMORY), "the in-memory database"), key, mode, settings, clock)


def _key_file(path: Path) -> bytes:
    """The key in `path`, made (random, mode 0600) when the file does not exist yet."""
    if not path.exists():
        _write_key(path, secrets.token_hex(KEY_BYTES))
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 2 * KEY_BYTES:
        raise OSError(f"{path.name} is too short to be a key")
    if path.stat().st_mode & 0o077:
        log.warning("memory: %s can be read by other users; chmod 600 it", path)
    return key.encode()


def _write_key(path: Path, key: str) -> None:
    """Write a key file readable by its owner only, whole or not at all (a temporary file renamed)."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _describe(error: BaseException) -> str:
    """An error in a few words for a log line."""
    return f"{type(error).__name__}: {error}"
