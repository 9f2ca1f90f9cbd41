"""The writer thread: batches, commits before a future resolves, and survives a locked or full database."""

import logging
import sqlite3
import threading

import pytest

from bot.front.memory.schema import connect
from bot.front.memory.writer import MemoryUnavailable, Writer


def insert(n: int):
    return lambda db: db.execute("INSERT INTO errors (at, kind) VALUES (?, 'test')", (n,))


def hold(writer: Writer) -> threading.Event:
    """Keep the writer thread busy inside a job until the returned event is set."""
    inside, gate = threading.Event(), threading.Event()
    writer.submit(lambda db: (inside.set(), gate.wait(5)))
    assert inside.wait(5)
    return gate


def count(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM errors").fetchone()[0]


@pytest.fixture
def path(tmp_path):
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def writer(path):
    writer = Writer(connect(path, timeout=0.1), "test.sqlite3")
    yield writer
    writer.close()


def test_what_is_queued_commits_together(writer, path):
    gate = threading.Event()
    writer.submit(lambda db: gate.wait(5))
    for n in range(300):
        writer.submit(insert(n))
    gate.set()
    writer.flush(5)
    assert count(path) == 300
    assert writer.commits <= 3  # the held one, then the 300 in one or two batches (500 at most each)


def test_a_future_resolves_after_its_commit(writer, path):
    seen = writer.call(lambda db: (insert(1)(db), "done")[1]).result(5)
    assert seen == "done" and count(path) == 1  # another connection sees it: it is committed


def test_a_locked_database_is_one_warning_and_the_writer_goes_on(writer, path, caplog):
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.INFO, logger="bot.front.memory.writer"):
        writer.submit(insert(1))
        with pytest.raises(MemoryUnavailable):
            writer.call(insert(2)).result(5)
        writer.submit(insert(3))
        writer.flush(5)
        assert writer.failing and writer.dropped == 2
        other.execute("ROLLBACK")
        writer.call(insert(4)).result(5)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "database is locked" in warnings[0].getMessage()
    assert "test.sqlite3" in warnings[0].getMessage()
    assert not writer.failing and "works again (2 records were lost)" in caplog.records[-1].getMessage()
    assert count(path) == 1


def test_a_full_disk_is_one_warning(writer, path, caplog):
    writer.call(lambda db: db.execute("PRAGMA max_page_count = 8")).result(5)  # the file cannot grow: "full"
    big = "x" * 3000
    with caplog.at_level(logging.WARNING, logger="bot.front.memory.writer"):
        for _ in range(40):
            writer.submit(lambda db: db.execute("INSERT INTO errors (at, kind) VALUES (0, ?)", (big,)))
            writer.flush(5)
    assert writer.failing and writer.dropped > 0
    [warning] = caplog.records
    assert "full" in warning.getMessage()


def test_close_commits_everything_queued_and_later_records_are_dropped(path):
    writer = Writer(connect(path), "test.sqlite3")
    gate = threading.Event()
    writer.submit(lambda db: gate.wait(5))
    for n in range(1000):
        writer.submit(insert(n))
    threading.Timer(0.05, gate.set).start()
    writer.close()
    assert count(path) == 1000
    writer.submit(insert(0))  # after close: dropped, never an exception
    with pytest.raises(MemoryUnavailable):
        writer.call(insert(0)).result(1)
    writer.close()  # twice is fine
    assert count(path) == 1000


def test_a_full_queue_drops_records_instead_of_growing(path):
    writer = Writer(connect(path), "test.sqlite3", max_queue=10)
    gate = hold(writer)
    for n in range(50):
        writer.submit(insert(n))
    gate.set()
    writer.close()
    assert writer.dropped == 40 and count(path) == 10


def test_a_failure_that_comes_and_goes_is_one_warning(path, caplog):
    writer = Writer(connect(path), "test.sqlite3", max_queue=5)
    with caplog.at_level(logging.INFO, logger="bot.front.memory.writer"):
        for _ in range(20):  # overfill the queue, let it drain, again and again
            gate = hold(writer)
            for n in range(20):
                writer.submit(insert(n))
            gate.set()
            writer.flush(5)
        writer.close()
    assert writer.dropped == 20 * 15
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]
