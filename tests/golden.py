"""The golden answers: `ask --json --top-k 5` on every question set, to prove a restructure changes no answer.

`generate()` runs the command line's `ask --json --top-k 5 --doc ARTICLE` in this process, once per
article, with that article's questions on stdin: the seed questions (`seed-dev.jsonl`), the team's
held-out questions (`seed-heldout.jsonl`) and XQuAD-ru dev (each article its own corpus), in that
order. The lines it prints are what `tests/data/golden-answers.jsonl.gz` holds, byte for byte
(gzip keeps 2.6 MB of JSON at 170 KB in the repository).

When an answer changes on purpose, regenerate the file and say why in the commit:

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "golden-answers.jsonl.gz"
SEED = ROOT / "seeds" / "000_4986977823b55038.txt"
TOP_K = "5"


def question_groups() -> list[tuple[Path, list[str]]]:
    """(article, questions) in golden order: seed-dev, seed held-out, then XQuAD-ru dev by article name."""
    groups = [(SEED, _questions(DATA / "seed-dev.jsonl")), (SEED, _questions(DATA / "seed-heldout.jsonl"))]
    xquad = DATA / "xquad-ru-dev"
    rows = [json.loads(line) for line in (xquad / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for name in sorted({row["doc"] for row in rows}):
        groups.append((xquad / "docs" / name, [row["question"] for row in rows if row["doc"] == name]))
    return groups


def _questions(path: Path) -> list[str]:
    """The questions of a seed-style JSONL file, in order."""
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ask_json(article: Path, questions: list[str]) -> str:
    """What `python -m bot --doc ARTICLE ask --json --top-k 5` prints for these questions on stdin."""
    from bot.front.cli import main

    stdin = io.TextIOWrapper(io.BytesIO("".join(q + "\n" for q in questions).encode("utf-8")), encoding="utf-8")
    out = io.StringIO()
    saved = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out):
            code = main(["ask", "--doc", str(article), "--json", "--top-k", TOP_K])
    finally:
        sys.stdin = saved
    if code != 0:
        raise RuntimeError(f"ask --json failed with exit code {code} on {article}")
    return out.getvalue()


def generate() -> str:
    """Every golden line, in order."""
    return "".join(ask_json(article, questions) for article, questions in question_groups())


def read_golden(path: Path = GOLDEN) -> str:
    """The saved golden lines."""
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def write_golden(text: str, path: Path = GOLDEN) -> None:
    """Save golden lines, compressed reproducibly (no time stamp in the gzip header)."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    write_golden(generate())
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
