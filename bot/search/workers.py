"""Forked worker processes for the first build of a large archive.

Morphological analysis is pure Python and dominates a first build (hundreds of µs per sentence),
so n cores make it up to n times faster. Workers are forked (Linux): they inherit what the parent
has loaded (the analyzer and its dictionary), so nothing heavy is sent to them, only the chunks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

PARALLEL_MIN_ITEMS = 20000
MAX_WORKERS = 8

log = logging.getLogger(__name__)

Task = Callable[[Sequence, Any], Any]


def worker_count(items: int) -> int:
    """How many processes work: every core (at most MAX_WORKERS) for a large job where fork is available, else one."""
    if items < PARALLEL_MIN_ITEMS:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def map_forked(task: Task, chunks: Sequence[Sequence], shared: Any, workers: int, on_done: Callable[[int], None]) -> list:
    """`task(chunk, shared)` for every chunk in forked processes, results in order; `on_done(len(chunk))` after each.

    If the pool fails, the chunks not yet done are run here, so the result is always complete.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    results: list = []
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(task, shared)) as pool:
            for chunk, result in zip(chunks, pool.map(_run, chunks)):
                results.append(result)
                on_done(len(chunk))
        return results
    except (OSError, BrokenProcessPool) as error:
        log.warning("parallel analysis failed (%s): analysing in one process", error)
    for chunk in chunks[len(results) :]:
        results.append(task(chunk, shared))
        on_done(len(chunk))
    return results


_inherited: tuple[Task, Any] | None = None  # the task and state a forked worker inherited (set once per worker)


def _start(task: Task, shared: Any) -> None:
    """Worker initializer: keep the task and the state inherited from the parent."""
    global _inherited
    _inherited = (task, shared)


def _run(chunk: Sequence) -> Any:
    """Worker job: the task on one chunk."""
    task, shared = _inherited
    return task(chunk, shared)
