"""Measuring answer quality: Hit@1, Hit@3, MRR and abstention on a question file.

A question file is JSON lines with `question` and `gold` (substrings of the answering sentence;
any one counts; empty means the article does not answer it and the bot must abstain) or, XQuAD
style, `answers` and `doc` (the article's file name). A hit@k is an answer that was found and whose
first k passages contain a gold substring. `python -m bot eval FILE` prints these figures for any
question file; `make eval` (the `quality` package beside `bot`) prints them for every question set.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bot.qa.answer import Answer


@dataclass(frozen=True)
class Question:
    """One evaluation question: what is asked and what would count as its answer."""

    id: str
    question: str
    gold: tuple[str, ...]
    category: str = ""
    doc: str | None = None


@dataclass
class Report:
    """Aggregated quality figures over a question set."""

    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal_rank: float = 0.0
    unanswerable: int = 0
    abstained: int = 0
    false_abstentions: int = 0
    first_quote_sentences: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Question, Answer]] = field(default_factory=list)

    @property
    def hit1_rate(self) -> float:
        """Share of answerable questions whose first passage holds the answer."""
        return self.hit1 / self.answerable if self.answerable else 0.0

    @property
    def hit3_rate(self) -> float:
        """Share of answerable questions with the answer among the first three passages."""
        return self.hit3 / self.answerable if self.answerable else 0.0

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank of the first passage holding the answer (0 when absent)."""
        return self.reciprocal_rank / self.answerable if self.answerable else 0.0

    @property
    def quote_length(self) -> float:
        """Mean number of sentences in the first quote of the answers given (1.0 for one-sentence quotes)."""
        found = self.answerable - self.false_abstentions
        return self.first_quote_sentences / found if found else 0.0

    @property
    def median_ms(self) -> float:
        """Median time to answer one question, in milliseconds (0 when nothing was timed)."""
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0

    def add(self, question: Question, answer: Answer) -> None:
        """Score one answer against its question's gold strings."""
        if not question.gold:
            self.unanswerable += 1
            self.abstained += not answer.found
            if answer.found:
                self.misses.append((question, answer))
            return
        self.answerable += 1
        rank = hit_rank(question.gold, answer)
        self.false_abstentions += not answer.found
        if answer.found and answer.passages:
            self.first_quote_sentences += answer.passages[0].sentence_count
        if rank == 1:
            self.hit1 += 1
        if rank and rank <= 3:
            self.hit3 += 1
        if rank:
            self.reciprocal_rank += 1 / rank
        if rank != 1:
            self.misses.append((question, answer))


def hit_rank(gold: tuple[str, ...], answer: Answer) -> int | None:
    """1-based rank of the first passage containing a gold substring, or None."""
    if not answer.found:
        return None
    for rank, passage in enumerate(answer.passages, start=1):
        if any(g in passage.text for g in gold):
            return rank
    return None


def load_questions(path: str | Path) -> list[Question]:
    """Read a question file: seed-dev style (`gold`) or XQuAD style (`answers`, `doc`)."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        gold = row.get("gold", row.get("answers", []))
        questions.append(
            Question(str(row.get("id", number)), row["question"], tuple(gold), row.get("category", ""), row.get("doc"))
        )
    return questions


def evaluate(engine: "Answerer", questions: list[Question], top_k: int = 3, report: Report | None = None) -> Report:
    """Ask every question of the engine, timing each answer, and aggregate the hits."""
    report = report or Report()
    for question in questions:
        start = time.perf_counter()
        answer = engine.ask(question.question, top_k=top_k)
        report.seconds.append(time.perf_counter() - start)
        report.add(question, answer)
    return report


class Answerer(Protocol):
    """Anything that answers a question with passages: the engine or the reference BM25."""

    def ask(self, question: str, top_k: int = 3) -> Answer:
        """Up to `top_k` passages, best first, or found=False."""
        ...


def format_report(name: str, report: Report) -> str:
    """One line of figures, as the CLI prints it."""
    return (
        f"{name}: Hit@1 {report.hit1_rate:.3f}  Hit@3 {report.hit3_rate:.3f}  MRR {report.mrr:.3f}  "
        f"abstained {report.abstained}/{report.unanswerable}  "
        f"false abstentions {report.false_abstentions}/{report.answerable}"
    )
