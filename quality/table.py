"""`make eval`: the engine and plain rank-bm25 on every question set, side by side, timed in one process."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.qa.conversation import Conversation
from bot.qa.engine import Engine
from bot.qa.evaluation import Answerer, Report, evaluate
from bot.text.analysis import Analyzer
from bot.text.document import Document
from quality.conversation import conversation_rows, format_conversation_table
from quality.curve import format_curve, xquad_curve
from quality.sets import (
    DATA_DIR,
    SEED_ARTICLE,
    PlainBM25,
    QuestionSet,
    seed_dev_set,
    seed_heldout_set,
    seed_meaning_dev_set,
    seed_numbers_dev_set,
    seed_numbers_heldout_set,
    seed_years_dev_set,
    seed_meaning_heldout_set,
    xquad_cross_set,
    xquad_dev_set,
    xquad_removed_set,
)


@dataclass(frozen=True)
class Row:
    """One line of the quality table."""

    question_set: str
    system: str
    report: Report
    build_seconds: float


def evaluate_set(question_set: QuestionSet, system: str, make: Callable[[Document], Answerer]) -> Row:
    """Build one system per article (timed separately) and ask it that article's questions."""
    report = Report()
    build = 0.0
    for document, questions in question_set.by_document():
        start = time.perf_counter()
        answerer = make(document)
        build += time.perf_counter() - start
        evaluate(answerer, questions, report=report)
    return Row(question_set.name, system, report, build)


def quality_table(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE, analyzer: Analyzer | None = None) -> list[Row]:
    """The engine, the conversation layer over it (which must give the same figures: it reads every one
    of these questions as a question) and plain rank-bm25 on every question set: seed-dev, XQuAD-ru dev
    (own article, the next article's questions, and its own article with the answer removed), the team's
    meaning, years and numbers dev sets, and the three held-out sets (never tuned on)."""
    analyzer = analyzer or Analyzer()
    systems: list[tuple[str, Callable[[Document], Answerer]]] = [
        ("engine", lambda document: Engine([document], analyzer)),
        ("conversation layer", lambda document: Conversation(Engine([document], analyzer))),
        ("plain rank-bm25", PlainBM25),
    ]
    rows = []
    sets = (
        seed_dev_set(data_dir, article),
        xquad_dev_set(data_dir),
        xquad_cross_set(data_dir),
        xquad_removed_set(data_dir),
        seed_meaning_dev_set(data_dir, article),
        seed_years_dev_set(data_dir, article),
        seed_numbers_dev_set(data_dir, article),
        seed_heldout_set(data_dir, article),
        seed_meaning_heldout_set(data_dir, article),
        seed_numbers_heldout_set(data_dir, article),
    )
    for question_set in sets:
        rows.extend(evaluate_set(question_set, name, make) for name, make in systems)
    return rows


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table (also readable as plain text)."""
    header = (
        "| question set | system | Hit@1 | Hit@3 | MRR | abstained (out of scope) | false abstentions "
        "| sentences in 1st quote | ms/question (median) |"
    )
    lines = [header, "|" + "---|" * 9]
    for row in rows:
        r = row.report
        lines.append(
            f"| {row.question_set} | {row.system} | {r.hit1_rate:.3f} | {r.hit3_rate:.3f} | {r.mrr:.3f} "
            f"| {r.abstained}/{r.unanswerable} | {r.false_abstentions}/{r.answerable} | {r.quote_length:.2f} "
            f"| {r.median_ms:.2f} |"
        )
    return "\n".join(lines)



def main() -> int:
    """Print the quality table, the confidence curve and how long building the indexes took."""
    start = time.perf_counter()
    analyzer = Analyzer()
    rows = quality_table(analyzer=analyzer)
    print(format_table(rows))
    print()
    print(format_conversation_table(conversation_rows()))
    print("\nConfidence curve (XQuAD-ru dev, threshold at 0, own article vs the next one):\n")
    print(format_curve(xquad_curve(analyzer)))
    build = ", ".join(f"{r.question_set} / {r.system}: {r.build_seconds:.2f} s" for r in rows if r.system == "engine")
    print(f"\nПостроение индексов (engine): {build}. Всего: {time.perf_counter() - start:.1f} s.")
    return 0
