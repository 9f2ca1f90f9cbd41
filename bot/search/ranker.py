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
- the expected kind of answer (`bot.search.kinds`): "сколько" wants a number that is not a year,
  "когда" a date, "кто" a name, "где" a place, that the question does not already contain;
- meaning: a question word with no lexical match, read as the text's related words
  (`bot.search.meaning`), each down-weighted by its closeness: their BM25, on the scale of the
  question's own.

The features are combined linearly with `RankWeights`; the weights were fitted on the dev sets
(see README, "Answer quality").

What does not depend on the question (references, answer cues) is computed once per sentence when
the corpus is analysed (`Evidence`, saved in the index cache). A question's features are computed
only for the sentences it can be answered from: those whose quote holds a question term, whole or
by its first letters (`Ranker.quotable`); any other sentence's quote shares no word with the
question and is never quoted, whatever its score. `Ranker.scores` gives every sentence's score
and is the definition: on the quotable sentences both agree bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.search.bm25 import BM25Index, BM25Params
from bot.search.corpus import EncodedCorpus
from bot.search.evidence import Evidence
from bot.search.ids import distinct
from bot.search.kinds import KIND_CUES, question_kind
from bot.search.prefix import build_prefix_index, prefix_term, prefix_terms


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
    meaning: float = 2.3


class Ranker:
    """Scores the sentences of a corpus for a question: BM25 plus the evidence of the module docstring."""

    def __init__(
        self,
        sentence_terms: Sequence[Sequence[str]] | EncodedCorpus,
        index: BM25Index,
        evidence: Evidence,
        same_as_previous: np.ndarray,
        params: BM25Params | None = None,
        weights: RankWeights | None = None,
        prefix_index: BM25Index | None = None,
        tag: Callable[[str], object] | None = None,
    ) -> None:
        """Index the prefix terms (unless `prefix_index` is given) and set up what does not depend on the question.

        `same_as_previous[i]`: sentence i is in the same paragraph (of the same document) as i - 1;
        `tag`: the analyzer's grammatical tag of a word, for the kind of answer a question asks for.
        """
        self.index = index
        self.tag = tag
        self.weights = weights or RankWeights()
        self.prefix_index = prefix_index if prefix_index is not None else build_prefix_index(sentence_terms, params)
        self.evidence = evidence
        self.size = size = index.size
        if not len(evidence) == len(same_as_previous) == self.prefix_index.size == size:
            raise ValueError("evidence, paragraphs and terms do not describe the same sentences")
        self.same_as_previous = np.asarray(same_as_previous, dtype=bool)
        self.same_as_next = np.zeros(size, dtype=bool)
        self.same_as_next[:-1] = self.same_as_previous[1:]
        self.refers_back = self.same_as_previous & evidence.references
        if isinstance(sentence_terms, EncodedCorpus):
            lengths = sentence_terms.lengths()
        else:
            lengths = [len(terms) for terms in sentence_terms]
        self.log_length = np.log1p(np.asarray(lengths, dtype=np.float64)) if size else np.zeros(0)
        if size:
            self.log_length = self.log_length / max(float(self.log_length.max()), 1.0)

    def quote(self, sentence_id: int) -> tuple[int, ...]:
        """The sentences quoted for a hit: the sentence, preceded by the one it refers back to."""
        if self.refers_back[sentence_id]:
            return (sentence_id - 1, sentence_id)
        return (sentence_id,)

    def holding(self, words: Iterable[str]) -> np.ndarray:
        """Ids (ascending) of the sentences holding one of the words, as a term or as the first letters of one."""
        postings = []
        for word in set(words):
            for index in (self.index, self.prefix_index):
                posting = index.postings.get(word)
                if posting is not None:
                    postings.append(posting[0])
        return distinct(postings, self.size)

    def matching(self, terms: Sequence[str], related: Sequence[tuple[str, float]] = ()) -> np.ndarray:
        """Ids (ascending) of the sentences holding a question term whole or by its first letters (`holding`),
        or one of the question's `related` terms (term, weight)."""
        return self.holding([*terms, *prefix_terms(list(terms)), *(term for term, _ in related)])

    def quotable(self, matching: np.ndarray, start: int = 0, end: int | None = None) -> np.ndarray:
        """Ids (ascending, within `start:end`) of the sentences whose quote holds a question term.

        `matching` is the question's `matching` ids: a quote holds a term when its sentence does or
        the sentence it refers back to does. Only these sentences can be quoted.
        """
        end = self.size if end is None else end
        near = matching[np.searchsorted(matching, max(start - 1, 0)) : np.searchsorted(matching, end)]
        following = near + 1
        following = following[following < end]
        return distinct([near[near >= start], following[self.refers_back[following]]], self.size)

    def sentences_with(self, term: str) -> np.ndarray:
        """Ids (ascending) of the sentences holding the term whole or by its first letters."""
        cut = prefix_term(term)
        return self.holding([term] if cut is None else [term, cut])

    def features(
        self, terms: list[str], question: str, ids: np.ndarray | None = None, related: Sequence[tuple[str, float]] = ()
    ) -> dict[str, np.ndarray]:
        """Every feature of the sentences `ids` (all when None), each in [0, 1]; keys are RankWeights' fields.

        `related` are the text's terms related by meaning to question words without a lexical match,
        with their weights (`bot.search.meaning`).
        """
        ids = np.arange(self.size) if ids is None else np.asarray(ids, dtype=np.int64)
        bm25, best = _relative(self.index, terms)
        meaning = self._meaning(bm25, best, related)[ids] if related else np.zeros(ids.size)
        previous = np.zeros(ids.size)
        after_first = ids > 0
        previous[after_first] = bm25[ids[after_first] - 1]
        previous *= self.same_as_previous[ids]
        following = np.zeros(ids.size)
        before_last = ids < self.size - 1
        following[before_last] = bm25[ids[before_last] + 1]
        following *= self.same_as_next[ids]
        return {
            "bm25": bm25[ids],
            "prefix": _relative(self.prefix_index, prefix_terms(terms))[0][ids],
            "previous": previous,
            "next": following,
            "reference": previous * self.refers_back[ids],
            "answer_kind": self.answer_kind(terms, question, ids),
            "length": self.log_length[ids],
            "meaning": meaning,
        }

    def _meaning(self, bm25: np.ndarray, best: float, related: Sequence[tuple[str, float]]) -> np.ndarray:
        """The related terms' weighted BM25 in every sentence, on the scale of the question's own (`bm25` is its
        relative score, `best` the raw score it is relative to): a share of the best sentence's total."""
        extra = np.zeros(self.size)
        for term, w in related:
            holding, values = _term_raw(self.index, term)
            extra[holding] += w * values
        touched = np.flatnonzero(extra)
        top = max(best, float(np.max(bm25[touched] * best + extra[touched])) if touched.size else 0.0)
        return extra / top if top > 1e-12 else extra

    def scores(
        self, terms: list[str], question: str, ids: np.ndarray | None = None, related: Sequence[tuple[str, float]] = ()
    ) -> np.ndarray:
        """The weighted sum of the features of sentences `ids` (all when None): the order in which they answer."""
        total = None
        for name, values in self.features(terms, question, ids, related).items():
            total = np.zeros(values.size) if total is None else total
            total += getattr(self.weights, name) * values
        return total

    def term_weights(self, terms: list[str] | tuple[str, ...]) -> dict[str, float]:
        """The idf of each distinct term; unknown terms count as the rarest known one."""
        rare = self.index.max_idf()
        return {t: self.index.idf[t] if t in self.index.postings else rare for t in dict.fromkeys(terms)}

    def answer_kind(self, terms: list[str], question: str, ids: np.ndarray | None = None) -> np.ndarray:
        """1 for sentences holding the kind of answer the question asks for and does not itself contain."""
        ids = np.arange(self.size) if ids is None else np.asarray(ids, dtype=np.int64)
        kind = question_kind(question, self.tag)
        if kind not in KIND_CUES:
            return np.zeros(ids.size)
        flags = self.evidence.other_than(KIND_CUES[kind], set(terms), ids, years=kind != "count")
        if kind == "count":
            flags |= self.evidence.counted[ids]
        return flags.astype(np.float64)


def _relative(index: BM25Index, terms: list[str]) -> tuple[np.ndarray, float]:
    """BM25 scores of every sentence as a share of the best one, counted from what a sentence without any term
    gets, and the best one's score (0 when nothing matched).

    rank-bm25's BM25Plus gives every sentence idf·δ per query term it lacks; that floor is taken off
    so that 0 means "no term matched" whatever the variant. Only the sentences holding a term are
    scored; the others share one value.
    """
    found = index.candidates(terms)
    values, rest = found.scores, found.baseline
    if index.params.variant == "plus":
        floor = sum(index.idf[t] * index.params.delta for t in terms if t in index.postings)
        values, rest = values - floor, rest - floor
    others = found.ids.size < index.size
    best = max([float(values.max())] if values.size else [], default=None)
    if others:
        best = rest if best is None else max(best, rest)
    best = 0.0 if best is None else best
    if best <= 1e-12:
        return np.zeros(index.size), 0.0
    relative = np.full(index.size, rest / best)
    relative[found.ids] = values / best
    return relative, best


def _term_raw(index: BM25Index, term: str) -> tuple[np.ndarray, np.ndarray]:
    """One term's BM25 contribution in the sentences holding it, counted from what a sentence without it gets."""
    posting = index.term_postings(term)
    if posting is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids, values = posting
    if index.params.variant == "plus":
        values = values - index.idf[term] * index.params.delta
    return ids, values
