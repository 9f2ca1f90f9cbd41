"""The confidence curve: what each threshold would answer, how well, and how many false answers it would give.

Every question of XQuAD-ru dev is asked of its own article, of the next one and of its own article
with the answer's sentences removed (in both the right reply is always "no answer") with the
threshold at 0, so every answer keeps its passages and its confidence; a threshold then answers
exactly the questions whose confidence reaches it (a rule's decline has confidence 0). `make eval`
prints the curve as a table; `python -m quality.curve` also draws it to `docs/confidence-curve.png`
(matplotlib, from the `eval` extra).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from bot.qa.confidence import THRESHOLD
from bot.qa.engine import Engine
from bot.qa.evaluation import hit_rank
from bot.text.analysis import Analyzer
from quality.sets import ROOT, QuestionSet, xquad_cross_set, xquad_dev_set, xquad_removed_set

THRESHOLDS = tuple(sorted({0.0, 0.05, 0.1, 0.15, 0.2, 0.2375, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, THRESHOLD}))
PLOT = ROOT / "docs" / "confidence-curve.png"


@dataclass(frozen=True)
class Point:
    """One question's answer with the threshold at 0: its confidence, and the rank of its first right passage."""

    confidence: float
    found: bool
    rank: int | None
    answerable: bool


@dataclass(frozen=True)
class CurveRow:
    """What one threshold gives on own-article and other-article questions."""

    threshold: float
    answered: float  # share of the answerable questions answered
    accuracy: float  # Hit@1 among those answered
    hit1: float  # Hit@1 over all answerable questions
    hit3: float
    false_answers: float  # share of the other article's questions answered
    removed_answers: float | None = None  # share of the questions answered once their answer was removed


def points(question_set: QuestionSet, analyzer: Analyzer) -> list[Point]:
    """Every question of the set asked with the threshold at 0."""
    found = []
    for document, questions in question_set.by_document():
        engine = Engine([document], analyzer, threshold=0.0)
        for question in questions:
            answer = engine.ask(question.question)
            rank = hit_rank(question.gold, answer) if question.gold else None
            found.append(Point(answer.confidence, answer.found, rank, bool(question.gold)))
    return found


def curve(
    own: list[Point], other: list[Point], thresholds=THRESHOLDS, removed: list[Point] | None = None
) -> list[CurveRow]:
    """The curve at each threshold; `removed` (when given) are the questions asked with their answer removed."""
    rows = []
    for t in thresholds:
        answered = [p for p in own if p.found and p.confidence >= t]
        right = [p for p in answered if p.rank == 1]
        rows.append(
            CurveRow(
                threshold=t,
                answered=len(answered) / len(own),
                accuracy=len(right) / len(answered) if answered else 0.0,
                hit1=len(right) / len(own),
                hit3=sum(1 for p in answered if p.rank and p.rank <= 3) / len(own),
                false_answers=_answered_share(other, t),
                removed_answers=_answered_share(removed, t) if removed else None,
            )
        )
    return rows


def _answered_share(unanswerable: list[Point], threshold: float) -> float:
    """Share of unanswerable questions a threshold would answer."""
    return sum(1 for p in unanswerable if p.found and p.confidence >= threshold) / len(unanswerable)


def xquad_curve(analyzer: Analyzer | None = None) -> list[CurveRow]:
    """The curve on XQuAD-ru dev: own article against the next article and against itself without the answer."""
    analyzer = analyzer or Analyzer()
    own, other = points(xquad_dev_set(), analyzer), points(xquad_cross_set(), analyzer)
    return curve(own, other, removed=points(xquad_removed_set(), analyzer))


def format_curve(rows: list[CurveRow]) -> str:
    """The curve as a Markdown table; the engine's threshold is marked."""
    lines = [
        "| threshold | answered (own article) | Hit@1 of answered | Hit@1 | Hit@3 | false answers (other article) "
        "| false answers (answer removed) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        mark = " (engine)" if r.threshold == THRESHOLD else ""
        lines.append(
            f"| {r.threshold:.4f}{mark} | {r.answered:.3f} | {r.accuracy:.3f} | {r.hit1:.3f} | {r.hit3:.3f} "
            f"| {r.false_answers:.3f} | {'—' if r.removed_answers is None else f'{r.removed_answers:.3f}'} |"
        )
    return "\n".join(lines)


def plot(rows: list[CurveRow], path: Path = PLOT) -> Path:
    """Draw the curve: answered share and accuracy against false answers, one point per threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4.5), dpi=120)
    fa = [r.false_answers for r in rows]
    axis.plot(fa, [r.answered for r in rows], "o-", label="answered share (own article)")
    axis.plot(fa, [r.accuracy for r in rows], "s-", label="Hit@1 of the answered (own article)")
    axis.plot(fa, [r.hit3 for r in rows], "^-", label="Hit@3 (own article)")
    if all(r.removed_answers is not None for r in rows):
        axis.plot(fa, [r.removed_answers for r in rows], "x--", label="false answers, answer removed (own article)")
    for r in rows:
        if r.threshold in (0.0, THRESHOLD, 0.4, 0.8):
            axis.annotate(f"t={r.threshold:g}", (r.false_answers, r.answered), textcoords="offset points", xytext=(4, -12))
    axis.axvline(0.10, color="grey", linestyle=":", label="target: false answers ≤ 10 %")
    axis.set_xlabel("false answers: share of other-article questions answered")
    axis.set_ylabel("share of questions")
    axis.set_title("Confidence threshold on XQuAD-ru dev (612 questions, own vs next article)")
    axis.set_ylim(0.0, 1.01)
    axis.grid(alpha=0.3)
    axis.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def main(argv: list[str] | None = None) -> int:
    """Print the curve and draw it."""
    parser = argparse.ArgumentParser(prog="python -m quality.curve", description="the confidence curve, table and PNG")
    parser.add_argument("--out", type=Path, default=PLOT, help=f"where to draw it (default {PLOT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    rows = xquad_curve()
    print(format_curve(rows))
    print(f"\nwrote {plot(rows, args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
