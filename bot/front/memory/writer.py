"""The one thread that uses the database: jobs run in order, and whatever is queued commits together.

The event loop never waits for SQLite: `submit` queues a job and returns at once, `call` returns a
future that is resolved after the job's transaction has committed (a vote is answered only then).
The thread takes everything queued when it wakes up (at most `max_batch` jobs) and runs it in one
transaction, so a busy bot commits in batches and an idle one commits each record as it comes.

Before each batch the writer may ask `reopen` whether the file is still the one it opened (it
may have been deleted while the bot ran, e.g. by a deploy) and switch to the new connection it
gets. When the database fails (locked by another process, disk full, corrupt pages) the batch is rolled
back, its futures get `MemoryUnavailable`, its records are dropped and counted, and one warning is
logged until a commit works again (a failure that keeps coming back: one a minute at most). A full
queue drops new records the same way. `close` commits
what is queued, then stops the thread (the bot calls it when it stops, SIGTERM included).
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[sqlite3.Connection], Any]
MAX_QUEUE = 10_000
MAX_BATCH = 500
CLOSE_TIMEOUT = 10.0
WARN_EVERY = 60.0  # a failure that comes and goes (an overfull queue) is at most one warning a minute


class MemoryUnavailable(RuntimeError):
    """The database could not take or give this record now (the bot goes on without it)."""


@dataclass
class _Item:
    """One queued job and, when somebody waits for it, its future."""

    job: Job
    future: Future | None = None


class Writer:
    """A thread owning one SQLite connection; jobs from any thread, committed in order."""

    def __init__(
        self, db: sqlite3.Connection, name: str, *, max_queue: int = MAX_QUEUE, max_batch: int = MAX_BATCH,
        reopen: Callable[[], sqlite3.Connection | None] | None = None,
    ):
        """Start the thread; `name` says which database in log lines (never anything secret).

        `reopen`, called in the thread before each batch, returns a connection to use from now on
        when the file has been replaced, else None.
        """
        self.name = name
        self._reopen = reopen
        self.max_batch = max_batch
        self.dropped = 0  # records lost to failures or a full queue since the start
        self.commits = 0  # transactions committed since the start
        self.failing = False  # the last commit failed (one warning is logged per failing stretch)
        self._db = db
        self._queue: queue.Queue[_Item | None] = queue.Queue(max_queue)
        self._lock = threading.Lock()
        self._closed = False
        self._warned_at = float("-inf")
        self._announced = False  # a warning was logged for the failing stretch
        self._thread = threading.Thread(target=self._run, name="memory-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Queue a write and return at once; dropped (and counted) when the queue is full or closed."""
        if not self._put(_Item(job)):
            self._drop(1, "the write queue is full")

    def call(self, job: Job) -> Future:
        """Queue a job whose result somebody waits for: the future resolves after its commit.

        It fails with `MemoryUnavailable` when the database fails or the writer is closed or full.
        """
        future: Future = Future()
        if not self._put(_Item(job, future)):
            future.set_exception(MemoryUnavailable("the database is not taking records now"))
        return future

    def flush(self, timeout: float | None = None) -> None:
        """Wait until everything queued before has been committed (or has failed), also when the queue is full."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                return
        try:
            self._queue.put(_Item(lambda db: None, future), timeout=timeout)
            future.result(timeout)
        except (queue.Full, MemoryUnavailable, TimeoutError):
            pass

    def close(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Commit what is queued, stop the thread and close the connection; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("memory: %s did not finish writing within %.0f s; the last records may be lost",
                        self.name, timeout)

    def _put(self, item: _Item) -> bool:
        """Queue an item unless closed or full."""
        with self._lock:
            if self._closed:
                return False
            try:
                self._queue.put_nowait(item)
            except queue.Full:
                return False
        return True

    def _run(self) -> None:
        """The thread: take what is queued, commit it as one batch, until the closing sentinel."""
        try:
            stopping = False
            while not stopping:
                item = self._queue.get()
                if item is None:
                    break
                batch = [item]
                while len(batch) < self.max_batch:
                    try:
                        following = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if following is None:
                        stopping = True
                        break
                    batch.append(following)
                self._commit(batch)
        finally:
            self._db.close()

    def _commit(self, batch: list[_Item]) -> None:
        """Run a batch in one transaction; resolve its futures after the commit, or fail them all."""
        results = []
        try:
            replaced = self._reopen() if self._reopen else None
            if replaced is not None:
                self._db.close()
                self._db = replaced
            self._db.execute("BEGIN IMMEDIATE")
            for item in batch:
                results.append(item.job(self._db))
            self._db.execute("COMMIT")
            self.commits += 1
        except Exception as error:  # noqa: BLE001  (sqlite3 errors, full disk, bugs: the bot goes on)
            self._rollback()
            waiting = [item.future for item in batch if item.future is not None]
            for future in waiting:
                future.set_exception(MemoryUnavailable(f"{type(error).__name__}: {error}"))
            self._drop(len(batch) - len(waiting), f"{type(error).__name__}: {error}")
            return
        if self.failing:
            self.failing = False
            if self._announced:
                self._announced = False
                log.info("memory: writing to %s works again (%d records were lost)", self.name, self.dropped)
        for item, result in zip(batch, results):
            if item.future is not None:
                item.future.set_result(result)

    def _rollback(self) -> None:
        """Undo a failed batch (a rollback can fail too when the file is gone bad: ignored)."""
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _drop(self, count: int, reason: str) -> None:
        """Count lost records; the first loss of a failing stretch is one warning."""
        with self._lock:
            self.dropped += count
            now = time.monotonic()
            warn = not self._announced and now - self._warned_at >= WARN_EVERY
            self.failing = True
            if warn:
                self._warned_at, self._announced = now, True
        if warn:
            log.warning("memory: cannot write to %s (%s); the bot keeps answering, records are dropped until it works",
                        self.name, reason)
