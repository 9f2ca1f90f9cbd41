"""The ranking stage: BM25 candidates reranked with evidence a bag of lemmas does not see.

rank-bm25 (through `BM25Index`) stays the retriever and the main signal. On top of its score the
ranker adds, per sentence, a few features a reader would use to find the answer:

- derivational matches: a second BM25 over the first letters of each lemma, so that
  "популярность" meets "популярный" and "перевод" meets "переводить";
- length: a long sentence says more than a short one repeating the same names, which BM25's
  length normalisation favours;
- neighbour evidence: a sentence next to a strong match (same paragraph) is likely on topic;
- references: a sentence opening with a pronoun or demonstrative ("Он…", "Эта…", "Такие…") is
  about what the previous sentence names, so it inherits that sentence's score and is quoted
  together with it;
- the expected kind of answer: "сколько" wants a number, "когда" a date, "кто" a name, "где" a
  place, that the question does not already contain.

The features are combined linearly with `RankWeights`; the weights were fitted on the dev sets
(see README, "Answer quality").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.analysis import Analyzer, tokenize
from bot.index import BM25Index, BM25Params

PREFIX_LENGTH = 5
REFERENCE_WINDOW = 3
_DEMONSTRATIVES = {"этот", "тот", "такой", "данный", "подобный", "таков"}
_MONTHS = {
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
}
_YEAR = re.compile(r"1\d{3}|20\d{2}")
# Question kinds, tried in this order; "other" when none matches.
_QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "count",
        re.compile(
            r"\bсколько\b|\bкакое количество\b|\bкаков[оа]? (?:число|количество|численность|площадь|стоимость|сумма)"
            r"|\bкакой процент|\bкакую долю|\bна сколько\b"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bкогда\b|\bв каком (?:году|веке|месяце)|\bкакого числа|\bв какой период|\bкакой год|\bв какие годы"
            r"|\bдо какого года|\bс какого года"
        ),
    ),
    ("person", re.compile(r"\bкто\b|\bкем\b|\bкого\b|\bкому\b")),
    ("place", re.compile(r"\bгде\b|\bкуда\b|\bоткуда\b|\bв какой стране|\bв каком городе|\bв каком месте")),
)


@dataclass(frozen=True)
class RankWeights:
    """How much each piece of evidence adds to a sentence's score (every feature lies in [0, 1]).

    Fitted on XQuAD-ru dev (listwise softmax over each article's sentences, a sentence counting as
    right when its quote holds the answer), rounded; 4-fold cross-validation by article gives the
    same Hit@1 within 0.01 (README, "Answer quality").
    """

    bm25: float = 2.3
    prefix: float = 2.5
    previous: float = 1.2
    next: float = 0.9
    reference: float = 2.7
    answer_kind: float = 1.25
    length: float = 1.8


@dataclass(frozen=True)
class Cues:
    """What kinds of answer a sentence can give: numbers, dates, names, places (as terms)."""

    numbers: frozenset[str] = frozenset()
    counted: bool = False
    dates: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()


def question_kind(question: str) -> str:
    """The kind of answer a question asks for: count, time, person, place or other."""
    lowered = question.lower().replace("ё", "е")
    for kind, pattern in _QUESTION_KINDS:
        if pattern.search(lowered):
            return kind
    return "other"


def prefix_terms(terms: list[str] | tuple[str, ...], length: int = PREFIX_LENGTH) -> list[str]:
    """Lemmas cut to their first letters (numbers and short words kept whole; stems dropped)."""
    return [term[:length] if term[:1].isalpha() else term for term in terms if not term.startswith("~")]


class Ranker:
    """Scores every sentence of a corpus for a question: BM25 plus the evidence of the module docstring."""

    def __init__(
        self,
        analyzer: Analyzer,
        texts: list[str],
        sentence_terms: list[list[str]],
        index: BM25Index,
        paragraphs: list[tuple[int, int]],
        params: BM25Params | None = None,
        weights: RankWeights | None = None,
    ) -> None:
        """Precompute what does not depend on the question: the prefix index, neighbours, references, cues."""
        self.analyzer = analyzer
        self.index = index
        self.weights = weights or RankWeights()
        prefixed = [prefix_terms(terms) for terms in sentence_terms]
        self.prefix_index = BM25Index(prefixed, params)
        # What a question term may match in each sentence: its terms, whole or by their first letters.
        self.matchable = [frozenset(terms) | frozenset(p) for terms, p in zip(sentence_terms, prefixed)]
        self.size = size = len(texts)
        self.same_as_previous = np.zeros(size, dtype=bool)
        if size > 1:
            self.same_as_previous[1:] = [a == b for a, b in zip(paragraphs[1:], paragraphs[:-1])]
        self.same_as_next = np.zeros(size, dtype=bool)
        self.same_as_next[:-1] = self.same_as_previous[1:]
        self.refers_back = self.same_as_previous & np.array(
            [opens_with_reference(analyzer, text) for text in texts], dtype=bool
        )
        self.cues = [sentence_cues(analyzer, text) for text in texts]
        self.log_length = np.log1p([len(terms) for terms in sentence_terms]) if size else np.zeros(0)
        if size:
            self.log_length = self.log_length / max(float(self.log_length.max()), 1.0)

    def quote(self, sentence_id: int) -> tuple[int, ...]:
        """The sentences quoted for a hit: the sentence, preceded by the one it refers back to."""
        if self.refers_back[sentence_id]:
            return (sentence_id - 1, sentence_id)
        return (sentence_id,)

    def features(self, terms: list[str], question: str) -> dict[str, np.ndarray]:
        """Every feature for every sentence, each scaled to [0, 1]; keys are RankWeights' fields."""
        bm25 = _relative(self.index, terms)
        previous = np.zeros_like(bm25)
        previous[1:] = bm25[:-1]
        previous *= self.same_as_previous
        following = np.zeros_like(bm25)
        following[:-1] = bm25[1:]
        following *= self.same_as_next
        return {
            "bm25": bm25,
            "prefix": _relative(self.prefix_index, prefix_terms(terms)),
            "previous": previous,
            "next": following,
            "reference": previous * self.refers_back,
            "answer_kind": self.answer_kind(terms, question),
            "length": self.log_length,
        }

    def scores(self, terms: list[str], question: str) -> np.ndarray:
        """The weighted sum of the features: the order in which sentences answer the question."""
        total = np.zeros(self.size)
        for name, values in self.features(terms, question).items():
            total += getattr(self.weights, name) * values
        return total

    def term_weights(self, terms: list[str] | tuple[str, ...]) -> dict[str, float]:
        """The idf of each distinct term; unknown terms count as the rarest known one."""
        rare = self.index.max_idf()
        return {t: self.index.idf[t] if t in self.index.postings else rare for t in dict.fromkeys(terms)}

    def answer_kind(self, terms: list[str], question: str) -> np.ndarray:
        """1 for sentences holding the kind of answer the question asks for and does not itself contain."""
        kind = question_kind(question)
        asked = set(terms)
        if kind == "count":
            flags = [bool(c.numbers - asked) or c.counted for c in self.cues]
        elif kind == "time":
            flags = [bool(c.dates - asked) for c in self.cues]
        elif kind == "person":
            flags = [bool(c.names - asked) for c in self.cues]
        elif kind == "place":
            flags = [bool((c.places | c.names) - asked) for c in self.cues]
        else:
            return np.zeros(len(self.cues))
        return np.asarray(flags, dtype=np.float64)


def _relative(index: BM25Index, terms: list[str]) -> np.ndarray:
    """BM25 scores as a share of the best one, counted from what a sentence without any term gets.

    rank-bm25's BM25Plus gives every sentence idf·δ per query term it lacks; that floor is taken off
    so that 0 means "no term matched" whatever the variant.
    """
    scores = index.scores(terms)
    if index.params.variant == "plus":
        scores = scores - sum(index.idf[t] * index.params.delta for t in terms if t in index.postings)
    best = float(scores.max()) if scores.size else 0.0
    return scores / best if best > 1e-12 else np.zeros_like(scores)


def opens_with_reference(analyzer: Analyzer, text: str, window: int = REFERENCE_WINDOW) -> bool:
    """True when one of the first words is a third-person pronoun or a demonstrative ("Он…", "Эти…", "Это…")."""
    words = [t for t in tokenize(text) if t.kind == "word"][:window]
    for token in words:
        if token.norm == "это":
            return True
        tag = analyzer.tag(token.norm)
        if "NPRO" in tag and "Anph" in tag:
            return True
        if "Apro" in tag and analyzer.lemma(token.norm) in _DEMONSTRATIVES:
            return True
    return False


def sentence_cues(analyzer: Analyzer, text: str) -> Cues:
    """The numbers, dates, names and places a sentence holds (names: capitalised words after the first)."""
    numbers: set[str] = set()
    dates: set[str] = set()
    names: set[str] = set()
    places: set[str] = set()
    counted = False
    for position, token in enumerate(tokenize(text)):
        if token.kind == "number":
            numbers.add(token.norm)
            if _YEAR.fullmatch(token.norm):
                dates.add(token.norm)
            continue
        if token.kind != "word":
            continue
        tag = analyzer.tag(token.norm)
        lemma = analyzer.lemma(token.norm)
        counted = counted or "NUMR" in tag or "Anum" in tag
        if lemma in _MONTHS:
            dates.add(lemma)
        if position > 0 and token.text[:1].isupper():
            names.add(lemma)
        if "Geox" in tag:
            places.add(lemma)
    return Cues(frozenset(numbers), counted, frozenset(dates), frozenset(names), frozenset(places))
