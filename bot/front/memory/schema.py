"""The database file: opened in WAL mode, its schema created and migrated by the bot itself.

A `schema_version` table holds one number. Each migration takes the schema one version up; all
the steps a start needs run in one transaction. A database written by a newer bot (a version this code does not know) is never
touched: `NewerSchemaError` stops the start with one line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.front.settings import IN_MEMORY

BUSY_TIMEOUT = 2.0  # seconds a statement waits for another process's lock before failing
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # version 1
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            chat_type TEXT NOT NULL,
            user_hash TEXT,
            question TEXT,
            topic TEXT,
            found INTEGER NOT NULL,
            reason TEXT NOT NULL,
            reference TEXT,
            latency_ms REAL,
            answer_id TEXT UNIQUE
        )""",
        "CREATE INDEX questions_at ON questions (at)",
        """CREATE TABLE votes (
            answer_id TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            at REAL NOT NULL,
            PRIMARY KEY (answer_id, user_hash)
        )""",
        "CREATE INDEX votes_at ON votes (at)",
        "CREATE TABLE errors (id INTEGER PRIMARY KEY, at REAL NOT NULL, kind TEXT NOT NULL, chat_type TEXT)",
        "CREATE INDEX errors_at ON errors (at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(RuntimeError):
    """The database was written by a newer version of the bot; the message is one line for the operator."""


class OlderSchemaError(RuntimeError):
    """A database to read only has not been migrated to this version yet (the bot does that when it starts)."""


def _newer(name: str, version: int) -> str:
    """The one line saying that a newer bot wrote the database."""
    return (f"{name} was written by a newer version of the bot (schema {version}, this one knows up to "
            f"{SCHEMA_VERSION}): update the bot or point BOT_DB_PATH at another file")


def connect(path: Path | str, *, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """An open, migrated connection to the database at `path` (":memory:" for one in memory only).

    The folder is created when missing. WAL mode with synchronous=NORMAL: a commit survives the
    process being killed; a power cut may lose the last commits but never corrupts the file. The
    connection may be handed to another thread; it must be used by one thread at a time.
    """
    name = str(path)
    if name != IN_MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(name, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        if name != IN_MEMORY:
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        migrate(db, name)
    except BaseException:
        db.close()
        raise
    return db


def connect_read_only(path: Path | str, *, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """A connection that only reads an existing database of this schema (`python -m bot stats`).

    Nothing is created or migrated, so the operator may read a database the bot's own user owns.
    FileNotFoundError when there is no file, NewerSchemaError or OlderSchemaError for another schema.
    """
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    db = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        version = version_of(db)
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(_newer(str(path), version))
        if version < SCHEMA_VERSION:
            raise OlderSchemaError(f"{path} has schema {version}: start the bot once to bring it up to {SCHEMA_VERSION}")
    except BaseException:
        db.close()
        raise
    return db


def version_of(db: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for an empty one)."""
    known = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if not known:
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(db: sqlite3.Connection, name: str = "the database") -> int:
    """Bring the schema up to `SCHEMA_VERSION` in one transaction; the version it had before."""
    db.execute("BEGIN IMMEDIATE")
    try:
        before = version_of(db)
        if before > SCHEMA_VERSION:
            raise NewerSchemaError(_newer(name, before))
        if before == 0:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        for version in range(before + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                db.execute(statement)
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return before
