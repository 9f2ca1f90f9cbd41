"""One scale measurement in a fresh process: build one BM25 implementation on n sentences, time queries.

    python -m bench.scale_worker SIZE IMPLEMENTATION TIMED_QUERIES PASSES CHECKED_QUERIES

prints one JSON object: build times (s), memory of the index and the peak during a build (MB:
allocations traced by tracemalloc up to 100k sentences, resident-set growth above), per-pass query times (ms) and the top-10 sentence ids of the first CHECKED_QUERIES
questions (rank-bm25 and ours only; bm25s scores differently). A fresh process per measurement
keeps the memory figures clean and the implementations from warming each other's caches.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
import tracemalloc

import numpy as np

from bench.corpus import corpus, questions, tokens

BUILD_BUDGET_S = 6.0  # repeat a build while the repeats stay within this time (at most 3 builds)
OKAPI = {"k1": 1.5, "b": 0.75, "epsilon": 0.25}  # rank-bm25's BM25Okapi defaults
TRACE_MAX_SIZE = 100_000  # above this, memory is RSS growth (tracing a 1M build takes too long)
PLUS = {"k1": 1.2, "b": 0.75, "delta": 1.0}  # the bot's default variant (bot.search.bm25.BM25Params)


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def builder(name: str):
    """A function corpus → (index, query function returning top-10 ids) for one implementation."""
    if name == "rank-bm25-okapi":
        from rank_bm25 import BM25Okapi

        return lambda c: _rank_bm25(BM25Okapi(c, **OKAPI))
    if name == "rank-bm25-plus":
        from rank_bm25 import BM25Plus

        return lambda c: _rank_bm25(BM25Plus(c, **PLUS))
    if name == "bm25s":
        import bm25s

        def build(c):
            index = bm25s.BM25(k1=1.5, b=0.75)
            index.index(c, show_progress=False)
            return index, lambda q: index.retrieve([q], k=10, show_progress=False, n_threads=0)[0][0].tolist()

        return build
    if name in ("ours-okapi", "ours-plus"):
        from bot.search.bm25 import BM25Index, BM25Params

        params = BM25Params(variant="okapi", **OKAPI) if name == "ours-okapi" else BM25Params(variant="plus", **PLUS)

        def build(c):
            index = BM25Index(c, params)
            return index, lambda q: [i for i, _ in index.search(q, 10)]

        return build
    raise SystemExit(f"unknown implementation {name}")


def _rank_bm25(model):
    """rank-bm25 as it is used plainly: get_scores, then the 10 best by (score, position)."""

    def query(q):
        scores = model.get_scores(q)
        return np.lexsort((np.arange(scores.size), -scores))[:10].tolist()

    return model, query


def main(argv: list[str]) -> None:
    """Measure and print the JSON result."""
    size, name, timed, passes, checked = int(argv[0]), argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    sentences = corpus(size)
    queries = [tokens(q) for q in questions()]
    make = builder(name)
    gc.collect()
    before, builds = rss_mb(), []
    index, query = None, None
    while len(builds) < 3 and (not builds or sum(builds) * (len(builds) + 1) / len(builds) <= BUILD_BUDGET_S):
        index = query = None
        gc.collect()
        started = time.perf_counter()
        index, query = make(sentences)
        builds.append(time.perf_counter() - started)
        if len(builds) == 1:
            gc.collect()
            index_mb, build_peak_mb = rss_mb() - before, peak_mb() - before
    memory = "rss"
    if size <= TRACE_MAX_SIZE:  # exact: live allocations of a fresh build (slower, so not timed)
        index = query = None
        gc.collect()
        tracemalloc.start()
        index, query = make(sentences)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory, index_mb, build_peak_mb = "tracemalloc", current / 2**20, peak / 2**20
    times, rankings = [], []
    for number in range(passes):
        run = []
        for q in queries[:timed]:
            started = time.perf_counter()
            top = query(q)
            run.append((time.perf_counter() - started) * 1000)
            if number == 0 and len(rankings) < checked:
                rankings.append(top)
        times.append(run)
    rankings += [query(q) for q in queries[len(rankings) : checked]]
    vocabulary = len({t for s in sentences for t in s}) if size <= 100_000 else None
    print(
        json.dumps(
            {
                "size": size,
                "name": name,
                "builds": builds,
                "index_mb": index_mb,
                "build_peak_mb": build_peak_mb,
                "memory": memory,
                "times_ms": times,
                "rankings": rankings,
                "vocabulary": vocabulary,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
