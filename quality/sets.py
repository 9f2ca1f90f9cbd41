"""The question sets `make eval` reports on, and the plain rank-bm25 reference row.

Each article is its own corpus, as in the bot. The sets live in `tests/data/` (see its README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.qa.answer import Answer, Passage
from bot.qa.evaluation import Question, load_questions
from bot.text.document import Document
from bot.text.parsing import load_document, parse_document

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "tests" / "data"
SEED_ARTICLE = ROOT / "seeds" / "000_4986977823b55038.txt"
_WORD = re.compile(r"\w+")


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
    return _seed_set("seed-dev", data_dir / "seed-dev.jsonl", article)


def seed_heldout_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's own held-out-style questions on the seed article (`seed-heldout.jsonl`), never tuned on."""
    return _seed_set("seed held-out (team)", data_dir / "seed-heldout.jsonl", article)


def _seed_set(name: str, path: Path, article: Path) -> QuestionSet:
    """A question file about the seed article, as a set of that name."""
    return QuestionSet(name, tuple(load_questions(path)), {"": load_document(article)})


def xquad_dev_set(data_dir: Path = DATA_DIR) -> QuestionSet:
    """XQuAD-ru dev: 612 questions over 24 Wikipedia articles (`xquad-ru-dev/`)."""
    folder = data_dir / "xquad-ru-dev"
    questions = tuple(load_questions(folder / "questions.jsonl"))
    names = sorted({q.doc or "" for q in questions})
    return QuestionSet("XQuAD-ru dev", questions, {name: load_document(folder / "docs" / name) for name in names})


def xquad_cross_set(data_dir: Path = DATA_DIR) -> QuestionSet:
    """XQuAD-ru dev asked of the wrong article: each article's questions to the next article in sorted order
    (the last's to the first). The article does not answer them: the right reply is always "no answer"."""
    own = xquad_dev_set(data_dir)
    names = list(own.documents)
    following = {name: names[(i + 1) % len(names)] for i, name in enumerate(names)}
    questions = tuple(replace(q, gold=(), doc=following[q.doc or ""], category="cross") for q in own.questions)
    return QuestionSet("XQuAD-ru dev, other article", questions, own.documents)


def xquad_removed_set(data_dir: Path = DATA_DIR) -> QuestionSet:
    """XQuAD-ru dev asked of its own article with the answer taken out: every sentence overlapping an occurrence
    of one of the question's answers is removed (one article per question). The topic's words are still there,
    the answer is not: the right reply is always "no answer", as for a question sharing words with the text."""
    own = xquad_dev_set(data_dir)
    documents: dict[str, Document] = {}
    questions = []
    for question in own.questions:
        name = f"{question.doc}#{question.id}"
        documents[name] = without_answers(own.documents[question.doc or ""], question.gold, name)
        questions.append(replace(question, gold=(), doc=name, category="removed"))
    return QuestionSet("XQuAD-ru dev, answer removed", tuple(questions), documents)


def without_answers(document: Document, answers: tuple[str, ...], doc_id: str) -> Document:
    """The document parsed again without the sentences overlapping any occurrence of any of the answers."""
    spans = []
    for answer in filter(None, answers):
        start = document.text.find(answer)
        while start >= 0:
            spans.append((start, start + len(answer)))
            start = document.text.find(answer, start + 1)
    cut = [s for s in document.sentences if any(s.start < b and a < s.end for a, b in spans)]
    text = document.text
    for sentence in sorted(cut, key=lambda s: -s.start):
        text = text[: sentence.start] + text[sentence.end :]
    return parse_document(text, doc_id)


def seed_meaning_dev_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's dev questions in other words and out of scope (`seed-meaning-dev.jsonl`): may be tuned on."""
    return _seed_set("seed meaning dev (team)", data_dir / "seed-meaning-dev.jsonl", article)


def seed_years_dev_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's dev questions naming years, by number or relatively («в прошлом году»; `seed-years-dev.jsonl`)."""
    return _seed_set("seed years dev (team)", data_dir / "seed-years-dev.jsonl", article)


def seed_numbers_dev_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's dev questions giving the article's numbers in words or rounded and its names spelt another way
    (`seed-numbers-dev.jsonl`): may be tuned on."""
    return _seed_set("seed numbers dev (team)", data_dir / "seed-numbers-dev.jsonl", article)


def seed_numbers_heldout_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """Questions of the same kinds written blind to the code (`seed-numbers-heldout.jsonl`): never tuned on."""
    return _seed_set("seed numbers held-out", data_dir / "seed-numbers-heldout.jsonl", article)


def seed_meaning_heldout_set(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE) -> QuestionSet:
    """The team's held-out questions in other words and out of scope (`seed-meaning-heldout.jsonl`): never tuned on."""
    return _seed_set("seed meaning held-out (team)", data_dir / "seed-meaning-heldout.jsonl", article)
