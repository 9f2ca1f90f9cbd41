"""The index stage: BM25 over sentences, scored exactly as rank-bm25 defines it, fast at any size.

rank-bm25 stays the definition of the score: the statistics (document frequencies, idf with
Okapi's ε floor, average length) and the per-term formulas below are rank-bm25's, written in the
same order of floating-point operations, and the tests compare every ranking with rank-bm25's
objects. What differs is the layout and the query path:

* the corpus is stored as flat CSR arrays (one vocabulary, `indptr` per term, sentence ids and
  term counts), so a million sentences cost a few arrays rather than a million Python dicts;
* a query touches only the sentences that contain one of its terms (the candidates). Every other
  sentence gets the same score: zero for Okapi and L, and for Plus the sum of idf·δ over the query
  terms (Plus gives each term's idf·δ to every sentence, with or without the term). That common
  "baseline" is merged into the top-k at the end, ordered by sentence position like any tie, so the
  result is rank-bm25's ranking even when fewer than k sentences contain a query term, or when a
  candidate does not beat the baseline (Okapi's floored idf can be negative on tiny corpora).

Candidate scores are summed term by term in query order, adding idf·δ for the terms a Plus
candidate lacks, which is exactly rank-bm25's sequence of additions: scores are bit-identical and
ties (broken by sentence position) fall the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from bot.search.corpus import EncodedCorpus, invert
from bot.search.held import HeldArrays
from bot.search.ids import first_not_in, top_k, union_positions

VARIANTS = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}
WEIGHTS_HELD = 1 << 21  # per-sentence term weights kept between questions (float64: 16 MB at most)


@dataclass(frozen=True)
class BM25Params:
    """Which BM25 and its constants; defaults are the ones chosen by measurement (see README)."""

    variant: str = "plus"
    k1: float = 1.2
    b: float = 0.75
    epsilon: float = 0.25
    delta: float = 1.0

    def check(self) -> None:
        """Raise ValueError for an unknown variant (before any work is done)."""
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {self.variant!r}; choose one of {sorted(VARIANTS)}")


@dataclass(frozen=True)
class Candidates:
    """The sentences that contain a query term (ids, unordered) with their scores, and everyone else's score.

    `BM25Index.scores(query)` is `baseline` everywhere except at `ids`, where it is `scores`.
    """

    ids: np.ndarray
    scores: np.ndarray
    baseline: float


class BM25Index:
    """An inverted BM25 index over tokenised sentences with rank-bm25's scores."""

    def __init__(self, corpus: Sequence[Sequence[str]] | EncodedCorpus, params: BM25Params | None = None) -> None:
        """Build statistics and postings from tokenised sentences (a list of term lists or an EncodedCorpus)."""
        self.params = params or BM25Params()
        self.params.check()
        encoded = corpus if isinstance(corpus, EncodedCorpus) else EncodedCorpus.encode(corpus)
        self._set_arrays(encoded.terms, *invert(encoded), encoded.lengths())
        self.avgdl = int(encoded.tokens.size) / self.size if self.size else 0.0
        self._idf = _idf(self.params, self.size, np.diff(self._indptr))

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], params: BM25Params, terms: list[str]) -> BM25Index:
        """An index saved by `arrays` (with its vocabulary `terms`), checked for consistency."""
        index = cls.__new__(cls)
        index.params = params
        index.params.check()
        index._set_arrays(
            terms,
            np.asarray(arrays["indptr"], dtype=np.int64),
            np.asarray(arrays["doc_ids"], dtype=np.int32),
            np.asarray(arrays["tf"]),
            np.asarray(arrays["doc_len"], dtype=np.int64),
        )
        index._idf = np.asarray(arrays["idf"], dtype=np.float64)
        index.avgdl = float(np.asarray(arrays["avgdl"]).reshape(-1)[0])
        _check(index._terms, index._indptr, index._idf, index._doc_ids, index._tf, index.size)
        return index

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything but the vocabulary as plain arrays, for saving (see `from_arrays`)."""
        return {
            "indptr": self._indptr,
            "doc_ids": self._doc_ids,
            "tf": self._tf,
            "doc_len": self.doc_len,
            "idf": self._idf,
            "avgdl": np.asarray([self.avgdl]),
        }

    def _set_arrays(self, terms, indptr, doc_ids, tf, doc_len) -> None:
        """Install the CSR arrays and the term → id map."""
        self._terms = terms
        self._vocab = {term: i for i, term in enumerate(terms)}
        self._indptr, self._doc_ids, self._tf = indptr, doc_ids, tf
        self.doc_len = doc_len
        self.size = int(doc_len.size)
        self._weights = HeldArrays(WEIGHTS_HELD)  # term id → its weight in each sentence of its posting

    @property
    def idf(self) -> Mapping[str, float]:
        """idf of every term, as rank-bm25's `idf` dict (a read-only view)."""
        return _TermMap(self._vocab, lambda i: float(self._idf[i]))

    @property
    def postings(self) -> Mapping[str, tuple[np.ndarray, np.ndarray]]:
        """Per term: (sentence ids, term counts), a read-only view over the CSR arrays."""
        return _TermMap(self._vocab, self._posting)

    @property
    def terms(self) -> list[str]:
        """Every term in id order: the vocabulary `from_arrays` takes back."""
        return self._terms

    def scores(self, query: list[str]) -> np.ndarray:
        """The BM25 score of every sentence for the query terms (repeats count), as rank-bm25 computes it."""
        found = self.candidates(query)
        scores = np.full(self.size, found.baseline, dtype=np.float64)
        scores[found.ids] = found.scores
        return scores

    def search(self, query: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (sentence id, score) pairs, best first, ties broken by position; only `allowed` ids if given.

        Only the sentences holding a query term are scored; the rest share one baseline score and are
        merged in by position (see the module docstring), so the result equals sorting rank-bm25's
        `get_scores` by (score descending, sentence id).
        """
        if self.size == 0 or k <= 0:
            return []
        found = self.candidates(query)
        ids, scores = found.ids, found.scores
        if allowed is not None:
            allowed = np.unique(np.asarray(allowed, dtype=np.int64))
            keep = np.isin(ids, allowed, assume_unique=True)
            ids, scores = ids[keep], scores[keep]
        top_ids, top_scores = top_k(ids, scores, k)
        if top_ids.size < k or top_scores[-1] <= found.baseline:
            others = first_not_in(ids, k, self.size if allowed is None else allowed)
            merged_ids = np.concatenate([top_ids, others])
            merged_scores = np.concatenate([top_scores, np.full(others.size, found.baseline)])
            order = np.lexsort((merged_ids, -merged_scores))[:k]
            top_ids, top_scores = merged_ids[order], merged_scores[order]
        return list(zip(top_ids.tolist(), top_scores.tolist()))

    def max_idf(self) -> float:
        """The idf of the rarest term (one occurrence)."""
        return float(self._idf.max()) if self._idf.size else 0.0

    def _posting(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Sentence ids and counts of term number i."""
        start, end = self._indptr[i], self._indptr[i + 1]
        return self._doc_ids[start:end], self._tf[start:end]

    def candidates(self, query: list[str]) -> Candidates:
        """The scores of the sentences holding a query term and the score of every other sentence.

        Contributions are added per term in query order, so they are bit-identical to `scores`.
        """
        term_ids = [self._vocab.get(term) for term in query]
        known = list(dict.fromkeys(i for i in term_ids if i is not None))
        baseline = sum((self._absent(i) for i in term_ids if i is not None), 0.0)  # in query order, as rank-bm25
        if not known:
            return Candidates(np.zeros(0, dtype=np.int32), np.zeros(0), baseline)
        ids, positions = union_positions([self._posting(i)[0] for i in known], self.size)
        where_of = dict(zip(known, positions))
        scores = np.zeros(ids.size, dtype=np.float64)
        plus = self.params.variant == "plus"
        for i in term_ids:
            if i is None:
                continue
            where, weights = where_of[i], self._term_weights(i)
            if plus:  # holders add their weight, every other candidate idf·δ: one addition each, as rank-bm25
                step = np.full(ids.size, self._absent(i))
                step[where] = weights
                scores += step
            else:
                scores[where] += weights
        return Candidates(ids, scores, baseline)

    def term_postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The sentences holding the term and its weight in each (kept like the query path's), or None."""
        i = self._vocab.get(term)
        return None if i is None else (self._posting(i)[0], self._term_weights(i))

    def _term_weights(self, i: int) -> np.ndarray:
        """The weight of term i in each sentence of its posting, computed at its first question and kept."""
        weights = self._weights.get(i)
        if weights is None:
            sentence_ids, counts = self._posting(i)
            weights = term_weight(self.params, float(self._idf[i]), counts, self.doc_len[sentence_ids], self.avgdl)
            self._weights.put(i, weights)
        return weights

    def _absent(self, i: int) -> float:
        """What a sentence without term i gets for it: idf·δ for Plus (rank-bm25: idf·(δ + 0)), else zero."""
        if self.params.variant != "plus":
            return 0.0
        return float(self._idf[i]) * (self.params.delta + 0.0)


class _TermMap(Mapping):
    """A read-only mapping term → value computed from the term's id (no per-term Python objects kept)."""

    def __init__(self, vocab: dict[str, int], value) -> None:
        self._vocab = vocab
        self._value = value

    def __getitem__(self, term: str):
        return self._value(self._vocab[term])

    def __contains__(self, term: object) -> bool:
        return term in self._vocab

    def __iter__(self) -> Iterator[str]:
        return iter(self._vocab)

    def __len__(self) -> int:
        return len(self._vocab)


def _idf(params: BM25Params, size: int, df: np.ndarray) -> np.ndarray:
    """rank-bm25's idf per term, computed with math.log as rank-bm25 does (bit-identical values)."""
    if df.size == 0:
        return np.zeros(0, dtype=np.float64)
    values, inverse = np.unique(df, return_inverse=True)
    if params.variant == "okapi":
        table = [math.log(size - f + 0.5) - math.log(f + 0.5) for f in values.tolist()]
    elif params.variant == "plus":
        table = [math.log((size + 1) / f) for f in values.tolist()]
    else:
        table = [math.log(size + 1) - math.log(f + 0.5) for f in values.tolist()]
    idf = np.asarray(table, dtype=np.float64)[inverse.reshape(-1)]
    if params.variant == "okapi":
        idf_sum = 0.0
        for value in idf.tolist():  # rank-bm25 sums in vocabulary order, one addition at a time
            idf_sum += value
        idf[idf < 0] = params.epsilon * (idf_sum / idf.size)
    return idf


def term_weight(params: BM25Params, idf: float, tf, doc_len, avgdl: float):
    """The variant's weight of a term in sentences, written exactly as rank-bm25 writes it (same operation order)."""
    k1, b, delta = params.k1, params.b, params.delta
    tf = np.asarray(tf, dtype=np.float64)
    norm = 1 - b + b * np.asarray(doc_len, dtype=np.float64) / avgdl
    if params.variant == "okapi":
        return idf * (tf * (k1 + 1) / (tf + k1 * norm))
    if params.variant == "plus":
        return idf * (delta + (tf * (k1 + 1)) / (k1 * norm + tf))
    ctd = tf / norm  # rank-bm25's BM25L also multiplies by tf, so absent terms add nothing
    return idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)


def _check(terms: list[str], indptr, idf, doc_ids, tf, size: int) -> None:
    """Raise ValueError when loaded index arrays do not fit together."""
    vocabulary = len(terms)
    ok = (
        indptr.size == vocabulary + 1
        and idf.size == vocabulary
        and doc_ids.size == tf.size == (indptr[-1] if vocabulary else 0)
        and (doc_ids.size == 0 or (doc_ids.min() >= 0 and doc_ids.max() < size))
        and np.all(np.diff(indptr) >= 0)
    )
    if not ok:
        raise ValueError("inconsistent index arrays")
