"""The database file: created, WAL, migrated by the bot, and left alone when a newer bot wrote it."""

import sqlite3

import pytest

from bot.front.memory.schema import (
    SCHEMA_VERSION,
    NewerSchemaError,
    OlderSchemaError,
    connect,
    connect_read_only,
    version_of,
)


def test_a_new_database_gets_the_schema_in_wal_mode(tmp_path):
    path = tmp_path / "var" / "bot.sqlite3"
    db = connect(path)
    assert path.is_file()  # the folder was created
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert version_of(db) == SCHEMA_VERSION
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"schema_version", "questions", "votes", "errors"} <= tables
    db.close()
    again = connect(path)  # opening again changes nothing
    assert version_of(again) == SCHEMA_VERSION
    assert again.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1
    again.close()


def test_an_empty_file_is_a_new_database(tmp_path):
    path = tmp_path / "bot.sqlite3"
    path.touch()
    connect(path).close()
    assert version_of(sqlite3.connect(path)) == SCHEMA_VERSION


def test_a_database_of_a_newer_bot_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "bot.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);"
                     "CREATE TABLE future (x);")
    db.close()
    with pytest.raises(NewerSchemaError) as raised:
        connect(path)
    message = str(raised.value)
    assert "\n" not in message and "newer version" in message and "schema 99" in message and "BOT_DB_PATH" in message
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"schema_version", "future"}


def test_reading_only(tmp_path):
    with pytest.raises(FileNotFoundError):
        connect_read_only(tmp_path / "none" / "bot.sqlite3")
    assert not (tmp_path / "none").exists()
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).execute("CREATE TABLE x (y)").connection.close()
    with pytest.raises(OlderSchemaError, match="start the bot once"):
        connect_read_only(empty)
    path = tmp_path / "bot.sqlite3"
    connect(path).close()
    db = connect_read_only(path)
    assert version_of(db) == SCHEMA_VERSION
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("INSERT INTO errors (at, kind) VALUES (0, 'x')")
    db.close()
