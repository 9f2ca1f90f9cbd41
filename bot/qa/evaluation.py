"""Measuring answer quality: Hit@1, Hit@3, MRR and abstention on question files.

A question file is JSON lines with `question` and `gold` (substrings of the answering sentence;
any one counts; empty means the article does not answer it and the bot must abstain) or, XQuAD
style, `answers` and `doc` (the article's file name). A hit@k is an answer that was found and whose
first k passages contain a gold substring.

`quality_table` is what `make eval` prints: the engine and, as the reference row, plain rank-bm25
(BM25Okapi over lowercase words, one sentence per passage, never abstaining) on the seed questions
and on XQuAD-ru dev, each article its own corpus as in the bot, timed in the same process.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rank_bm25 import BM25Okapi

from bot.text.analysis import Analyzer
from bot.qa.answer import Answer, Passage
from bot.qa.engine import Engine
from bot.text.document import Document
from bot.text.parsing import load_document

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "tests" / "data"
SEED_ARTICLE = ROOT / "seeds" / "000_4986977823b55038.txt"
_WORD = re.compile(r"\w+")


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


class PlainBM25:
    """The reference row: rank-bm25's BM25Okapi over lowercase `\\w+` tokens of the sentences.

    No lemmas, no stopwords, no abstention: the top sentences by plain BM25, one sentence per passage.
    It uses the same sentence segmentation as the engine, so the two rows differ only in ranking.
    """

    def __init__(self, document: Document) -> None:
        """Tokenise every sentence of the document and build BM25Okapi with rank-bm25's defaults."""
        self.document = document
        self.bm25 = BM25Okapi([plain_tokens(s.text) for s in document.sentences])

    def ask(self, question: str, top_k: int = 3) -> Answer:
        """The `top_k` best sentences, ties broken by position."""
        scores = self.bm25.get_scores(plain_tokens(question))
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:top_k]
        passages = tuple(self._passage(i, float(scores[i])) for i in order)
        return Answer(question, bool(passages), passages)

    def _passage(self, index: int, score: float) -> Passage:
        """One sentence as a passage."""
        sentence = self.document.sentences[index]
        return Passage(
            sentence.text, self.document.doc_id, self.document.title, sentence.section, sentence.section_title,
            sentence.number, score, sentence_id=index,
        )


def plain_tokens(text: str) -> list[str]:
    """Lowercase `\\w+` tokens: the plain baseline's whole analysis."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class QuestionSet:
    """A named question set and the articles it asks about (each question names its article)."""

    name: str
    questions: tuple[Question, ...]
    documents: dict[str, Document]

    def by_document(self) -> Iterable[tuple[Document, list[Question]]]:
        """The questions grouped by their article, in the order of the articles."""
        for doc_name, document in self.documents.items():
            yield document, [q for q in self.questions if (q.doc or "") == doc_name]


def seed_dev_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The seed questions (`seed-dev.jsonl`) over the seed article."""
    questions = tuple(load_questions(data_dir / "seed-dev.jsonl"))
    return QuestionSet("seed-dev", questions, {"": load_document(article)})


def seed_heldout_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's own held-out-style questions on the seed article (`seed-heldout.jsonl`), never tuned on."""
    questions = tuple(load_questions(data_dir / "seed-heldout.jsonl"))
    return QuestionSet("seed held-out (team)", questions, {"": load_document(article)})


def xquad_dev_set(data_dir: Path = DATA_DIR) -> QuestionSet:
    """XQuAD-ru dev: 612 questions over 24 Wikipedia articles (`xquad-ru-dev/`)."""
    folder = data_dir / "xquad-ru-dev"
    questions = tuple(load_questions(folder / "questions.jsonl"))
    names = sorted({q.doc or "" for q in questions})
    return QuestionSet("XQuAD-ru dev", questions, {name: load_document(folder / "docs" / name) for name in names})


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


def quality_table(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> list[Row]:
    """The engine and plain rank-bm25 on seed-dev, XQuAD-ru dev and the team's held-out seed questions."""
    analyzer = Analyzer()
    systems: list[tuple[str, Callable[[Document], Answerer]]] = [
        ("engine", lambda document: Engine([document], analyzer)),
        ("plain rank-bm25", PlainBM25),
    ]
    rows = []
    sets = (seed_dev_set(data_dir, article), xquad_dev_set(data_dir), seed_heldout_set(data_dir, article))
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


def format_report(name: str, report: Report) -> str:
    """One line of figures, as the CLI prints it."""
    return (
        f"{name}: Hit@1 {report.hit1_rate:.3f}  Hit@3 {report.hit3_rate:.3f}  MRR {report.mrr:.3f}  "
        f"abstained {report.abstained}/{report.unanswerable}  "
        f"false abstentions {report.false_abstentions}/{report.answerable}"
    )
