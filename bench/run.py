"""`make bench`: how fast the bot starts and answers, and how the index scales (see README "Speed and scale").

    python -m bench.run [--sizes 1000,10000,100000,1000000] [--archive 100000] [--quick]

Prints, as medians with the spread [min–max] over repeated runs:

1. cold start: `python -m bot ask "…"` end to end and `python -m bot console` until it is ready
   (its greeting printed), with the index cache present, and `ask` without it; peak RSS of each;
2. per-question time of the engine on the seed questions (analysis + search + answer), p50 / p99;
3. scale: build time, memory and top-10 query time at each size for rank-bm25 (`get_scores`),
   bm25s and this index, each in a fresh process, and whether our top-10 equals rank-bm25's;
4. a whole archive of texts (parse + analysis + index): first start, restart from the cache, and
   per-question time.

The machine is noisy (two cores): compare ratios within one run rather than figures across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.corpus import ROOT, questions, write_archive, xquad_dir

SEED_QUESTION = "На сколько процентов выросла торговля Синьцзяна с Казахстаном?"
ARCHIVE_QUESTION = "Кто был вождём норманнов?"
COLD_RUNS = 7


def main(argv: list[str] | None = None) -> int:
    """Run every section and print the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="corpus sizes in sentences")
    parser.add_argument("--archive", type=int, default=100_000, help="sentences in the whole-archive run (0: skip)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes up to 10k (a smoke test)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes, args.archive = [s for s in sizes if s <= 10_000], min(args.archive, 5_000)
    started = time.perf_counter()
    print(_header())
    cold_start(runs=3 if args.quick else COLD_RUNS)
    per_question(passes=10 if args.quick else 50)
    scale(sizes)
    if args.archive:
        archive(args.archive, restarts=2 if args.quick else 3)
    print(f"\nbench finished in {time.perf_counter() - started:.0f} s")
    return 0


def _header() -> str:
    """What ran where."""
    import rank_bm25  # noqa: F401  (import check: the reference must be installed)

    try:
        from importlib.metadata import version

        bm25s_version = version("bm25s")
    except Exception:
        bm25s_version = "not installed"
    return (
        f"# bench — {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"bm25s {bm25s_version}, {os.cpu_count()} cores, {platform.machine()}\n"
        f"# data: {_shown(xquad_dir())}"
        f"\n# figures: median [min–max] over runs"
    )


def _shown(path: Path) -> str:
    """A data path as the README writes it (relative to the project when beside it)."""
    return f"../{path.relative_to(ROOT.parent)}" if path.is_relative_to(ROOT.parent) else str(path)


# -- 1. cold start ---------------------------------------------------------------------------


def cold_start(runs: int) -> None:
    """Process start to answer (`ask`) and to ready (`console`), with and without the index cache."""
    print("\n## Cold start (seed article, process start → ready / answered)")
    _run_bot(["ask", SEED_QUESTION])  # builds the cache if it is missing and warms the disk cache
    rows = [
        ("python -c pass (the interpreter alone)", [_timed([sys.executable, "-c", "pass"]) for _ in range(runs)]),
        ("python -m bot ask '…' (index cache present)", [_run_bot(["ask", SEED_QUESTION]) for _ in range(runs)]),
        ("python -m bot console → ready (greeting shown)", [_console_ready() for _ in range(runs)]),
        (
            "python -m bot ask '…' with BOT_INDEX_CACHE=0",
            [_run_bot(["ask", SEED_QUESTION], {"BOT_INDEX_CACHE": "0"}) for _ in range(runs)],
        ),
    ]
    print(f"{'command':50} {'seconds':>22} {'peak RSS MB':>20}")
    for label, results in rows:
        seconds, peaks = [r[0] for r in results], [r[1] for r in results]
        print(f"{label:50} {_spread(seconds, '.3f'):>22} {_spread(peaks, '.0f'):>20}")


def _bot_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a user without Telegram settings (console mode, default seeds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(extra or {})
    return env


def _timed(command: list[str], env: dict[str, str] | None = None, stdin: bytes = b"") -> tuple[float, float]:
    """Wall time and peak RSS (MB) of a child process run to completion."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    process.stdin.write(stdin)
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def _run_bot(arguments: list[str], extra_env: dict[str, str] | None = None) -> tuple[float, float]:
    """`python -m bot ARGUMENTS` end to end."""
    return _timed([sys.executable, "-m", "bot", *arguments], _bot_env(extra_env))


def _console_ready() -> tuple[float, float]:
    """Seconds from starting `python -m bot console` to its greeting (it is then ready to answer)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=ROOT,
        env=_bot_env({"PYTHONUNBUFFERED": "1"}),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    process.stdout.readline()
    ready = time.perf_counter() - started
    process.stdin.close()
    process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    process.stdout.close()
    return ready, usage.ru_maxrss / 1024


# -- 2. per question -------------------------------------------------------------------------


def per_question(passes: int) -> None:
    """ask() latency on the seed questions, with its analysis and search parts."""
    from bot.qa.loading import load_engine

    engine = load_engine(ROOT / "seeds")
    seed_questions = [json.loads(line)["question"] for line in open(ROOT / "tests" / "data" / "seed-dev.jsonl", encoding="utf-8")]
    for question in seed_questions:  # warm the lemma cache as a running bot's would be
        engine.ask(question)
    terms = {q: engine.analyzer.terms(q) for q in seed_questions}
    parts = {
        "analysis (Analyzer.terms)": lambda q: engine.analyzer.terms(q),
        "search (BM25Index.search, top 3)": lambda q: engine.index.search(terms[q], 3),
        "whole answer (Engine.ask)": lambda q: engine.ask(q),
    }
    print(f"\n## Per question on the seed ({len(seed_questions)} questions × {passes} passes, in process)")
    print(f"{'part':36} {'p50 ms':>24} {'p99 ms':>24}")
    for label, call in parts.items():
        p50s, p99s = [], []
        for _ in range(passes):
            run = []
            for question in seed_questions:
                started = time.perf_counter()
                call(question)
                run.append((time.perf_counter() - started) * 1000)
            p50s.append(float(np.percentile(run, 50)))
            p99s.append(float(np.percentile(run, 99)))
        print(f"{label:36} {_spread(p50s, '.3f'):>24} {_spread(p99s, '.3f'):>24}")


# -- 3. scale --------------------------------------------------------------------------------


def scale(sizes: list[int]) -> None:
    """Each implementation at each size in its own process; our top-10 compared with rank-bm25's."""
    count = len(questions())
    print(f"\n## Scale: lowercase tokens, XQuAD-ru dev grown to size, top-10 per question ({count} questions)")
    print("# query = rank-bm25 get_scores + top-10 sort; bm25s retrieve(k=10); ours BM25Index.search(k=10)")
    print("# memory = what the index keeps and the peak while building, by tracemalloc (* = RSS growth, at 1M)")
    print(
        f"{'sentences':>9} {'implementation':18} {'build s':>22} {'index MB':>9} {'peak MB':>8} "
        f"{'query p50 ms':>24} {'p99 ms':>9} {'queries':>9}"
    )
    for size in sizes:
        plan = _plan(size, count)
        results = {name: _measure(size, name, *settings) for name, settings in plan.items()}
        for name, result in results.items():
            _print_scale_row(size, name, result)
        _print_equality(size, results)


def _plan(size: int, count: int) -> dict[str, tuple[int, int, int]]:
    """Per implementation: (timed queries, passes, checked queries), keeping the whole bench within minutes."""
    if size <= 10_000:
        reference, checked = (count, 1), count
    elif size <= 100_000:
        reference, checked = (60, 1), 60  # rank-bm25 needs ~0.2 s a question here
    else:
        reference, checked = None, 0  # rank-bm25: ~2 s a question and GBs of dicts at 1M: skipped
    plan: dict[str, tuple[int, int, int]] = {}
    if reference:
        plan["rank-bm25-okapi"] = (*reference, checked)
        plan["rank-bm25-plus"] = (min(reference[0], 60), 1, checked)
    plan["bm25s"] = (count, 3, 0) if size <= 100_000 else (200, 1, 0)
    if size <= 100_000:
        plan["ours-okapi"] = (count, 3, checked)
    plan["ours-plus"] = (count, 3, checked)
    return plan


def _measure(size: int, name: str, timed: int, passes: int, checked: int) -> dict:
    """Run one scale worker and parse its JSON."""
    command = [sys.executable, "-m", "bench.scale_worker", str(size), name, str(timed), str(passes), str(checked)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{name} at {size}: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _print_scale_row(size: int, name: str, result: dict) -> None:
    """One line of the scale table."""
    times = result["times_ms"]
    p50s = [float(np.percentile(run, 50)) for run in times]
    every = [t for run in times for t in run]
    queries = f"{len(times[0])}×{len(times)}"
    mark = "*" if result["memory"] == "rss" else " "
    print(
        f"{size:>9,} {name:18} {_spread(result['builds'], '.3f'):>22} {result['index_mb']:>8.1f}{mark} "
        f"{result['build_peak_mb']:>8.1f} {_spread(p50s, '.3f'):>24} {np.percentile(every, 99):>9.3f} {queries:>9}"
    )


def _print_equality(size: int, results: dict) -> None:
    """Whether our top-10 equals rank-bm25's on the same tokens, question by question."""
    for ours, reference in (("ours-okapi", "rank-bm25-okapi"), ("ours-plus", "rank-bm25-plus")):
        if ours in results and reference in results:
            mine, theirs = results[ours]["rankings"], results[reference]["rankings"]
            same = sum(a == b for a, b in zip(mine, theirs))
            verdict = "identical" if same == len(theirs) else "DIFFERENT"
            print(f"{'':>9} top-10 {ours} vs {reference}: {same}/{len(theirs)} questions {verdict}")


# -- 4. a whole archive ----------------------------------------------------------------------


def archive(size: int, restarts: int) -> None:
    """A folder of texts with `size` sentences through the whole pipeline: first start, restart, questions."""
    folder = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        files = write_archive(folder, size)
        print(f"\n## A whole archive: {size:,} sentences in {files:,} texts (parse + analysis + index, `python -m bot ask`)")
        first = _run_bot(["--doc", str(folder), "ask", ARCHIVE_QUESTION])
        again = [_run_bot(["--doc", str(folder), "ask", ARCHIVE_QUESTION]) for _ in range(restarts)]
        changed = folder / "000001.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nИзменённый текст. Ещё одно предложение.\n", encoding="utf-8")
        updated = _run_bot(["--doc", str(folder), "ask", ARCHIVE_QUESTION])
        cache_mb = (folder / ".index" / "engine.npz").stat().st_size / 2**20
        print(f"{'start':50} {'seconds':>22} {'peak RSS MB':>20}")
        print(f"{'first start (builds and saves the index)':50} {first[0]:>22.2f} {first[1]:>20.0f}")
        print(f"{'restart (index read from the cache)':50} {_spread([a[0] for a in again], '.2f'):>22} {_spread([a[1] for a in again], '.0f'):>20}")
        print(f"{'after one text changed (only it is analysed again)':50} {updated[0]:>22.2f} {updated[1]:>20.0f}")
        print(f"# cache file {cache_mb:.0f} MB")
        _archive_questions(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _archive_questions(folder: Path) -> None:
    """Engine.ask on the archive for every XQuAD question, in a fresh process (from the cache)."""
    code = (
        "import json, sys, time, numpy as np\n"
        "from bot.qa.loading import load_engine\n"
        "from bench.corpus import questions\n"
        f"engine = load_engine({str(folder)!r})\n"
        "qs = questions()\n"
        "for q in qs[:50]: engine.ask(q)\n"
        "runs = []\n"
        "for _ in range(2):\n"
        "    run = []\n"
        "    for q in qs:\n"
        "        t = time.perf_counter(); engine.ask(q); run.append((time.perf_counter() - t) * 1000)\n"
        "    runs.append(run)\n"
        "print(json.dumps({'runs': runs, 'sentences': len(engine.sentences)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=_bot_env())
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    data = json.loads(result.stdout.strip().splitlines()[-1])
    p50s = [float(np.percentile(run, 50)) for run in data["runs"]]
    every = [t for run in data["runs"] for t in run]
    print(
        f"Engine.ask over {data['sentences']:,} sentences, {len(data['runs'][0])} questions × {len(data['runs'])}: "
        f"p50 {_spread(p50s, '.3f')} ms, p99 {np.percentile(every, 99):.3f} ms"
    )


def _spread(values: list[float], fmt: str) -> str:
    """median [min–max] of repeated measurements."""
    if len(values) == 1:
        return format(values[0], fmt)
    return f"{format(statistics.median(values), fmt)} [{format(min(values), fmt)}–{format(max(values), fmt)}]"


if __name__ == "__main__":
    sys.exit(main())
