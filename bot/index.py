"""The index stage: BM25 over sentences, scored exactly as rank-bm25 defines it.

rank-bm25 builds the statistics (document frequencies, idf, average length) and stays the
definition of the score; the query path evaluates the same formula from an inverted index, so it
only touches the sentences that contain a query term instead of looping over the whole corpus.
Three variants are available: Okapi (rank-bm25's BM25Okapi, with its idf floor), Plus and L.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

VARIANTS = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}


@dataclass(frozen=True)
class BM25Params:
    """Which BM25 and its constants; defaults are the ones chosen by measurement (see README)."""

    variant: str = "plus"
    k1: float = 1.2
    b: float = 0.75
    epsilon: float = 0.25
    delta: float = 1.0

    def make_reference(self, corpus: list[list[str]]):
        """The rank-bm25 object with these parameters: the scoring definition."""
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {self.variant!r}; choose one of {sorted(VARIANTS)}")
        if self.variant == "okapi":
            return BM25Okapi(corpus, k1=self.k1, b=self.b, epsilon=self.epsilon)
        if self.variant == "plus":
            return BM25Plus(corpus, k1=self.k1, b=self.b, delta=self.delta)
        return BM25L(corpus, k1=self.k1, b=self.b, delta=self.delta)


class BM25Index:
    """An inverted BM25 index over tokenised sentences with rank-bm25's scores."""

    def __init__(self, corpus: list[list[str]], params: BM25Params | None = None) -> None:
        """Build statistics with rank-bm25, then postings (sentence ids and term counts per term)."""
        self.params = params or BM25Params()
        self.size = len(corpus)
        if self.size == 0:
            self.idf: dict[str, float] = {}
            self.avgdl = 0.0
            self.doc_len = np.zeros(0)
            self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
            return
        reference = self.params.make_reference(corpus)
        self.idf = dict(reference.idf)
        self.avgdl = float(reference.avgdl)
        self.doc_len = np.asarray(reference.doc_len, dtype=np.float64)
        self.postings = _postings(reference.doc_freqs)

    @property
    def vocabulary(self) -> set[str]:
        """Every term that occurs in some sentence."""
        return set(self.postings)

    def document_frequency(self, term: str) -> int:
        """In how many sentences the term occurs."""
        posting = self.postings.get(term)
        return 0 if posting is None else len(posting[0])

    def scores(self, query: list[str]) -> np.ndarray:
        """The BM25 score of every sentence for the query terms (repeats count), as rank-bm25 computes it."""
        scores = np.full(self.size, self._absent_score(query), dtype=np.float64)
        for term in query:
            posting = self.postings.get(term)
            if posting is None:
                continue
            ids, tf = posting
            scores[ids] += self._term_scores(term, tf, self.doc_len[ids]) - self._term_scores(term, 0.0, 0.0)
        return scores

    def search(self, query: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (sentence id, score) pairs, best first, ties broken by position; only `allowed` ids if given."""
        if self.size == 0 or k <= 0:
            return []
        scores = self.scores(query)
        candidates = np.arange(self.size) if allowed is None else np.asarray(allowed)
        if candidates.size == 0:
            return []
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        return [(int(candidates[i]), float(scores[candidates[i]])) for i in order]

    def ideal_score(self, query: list[str], unknown_idf: float | None = None) -> float:
        """The score an average-length sentence holding every query term once would get.

        Terms the corpus never saw count as the rarest terms do, so a question about something absent
        from the text has a high ideal and a low ratio best/ideal: the basis of abstention.
        """
        if not self.idf:
            return 0.0
        rare = self.max_idf() if unknown_idf is None else unknown_idf
        total = 0.0
        for term in query:
            idf = self.idf[term] if term in self.postings else rare
            total += self._formula(idf, 1.0, self.avgdl)
        return total

    def max_idf(self) -> float:
        """The idf of the rarest term (one occurrence)."""
        return max(self.idf.values(), default=0.0)

    def _absent_score(self, query: list[str]) -> float:
        """What every sentence gets for query terms it lacks (idf·δ for Plus, zero for Okapi and L)."""
        return sum(self._term_scores(term, 0.0, 0.0) for term in query if term in self.postings)

    def _term_scores(self, term: str, tf, doc_len):
        """rank-bm25's per-term contribution for term frequencies `tf` in sentences of length `doc_len`."""
        return self._formula(self.idf.get(term) or 0.0, tf, doc_len)

    def _formula(self, idf: float, tf, doc_len):
        """The variant's term weight, written exactly as rank-bm25 writes it."""
        k1, b, delta = self.params.k1, self.params.b, self.params.delta
        norm = 1 - b + b * np.asarray(doc_len, dtype=np.float64) / self.avgdl
        if self.params.variant == "okapi":
            return idf * (tf * (k1 + 1) / (tf + k1 * norm))
        if self.params.variant == "plus":
            return idf * (delta + (tf * (k1 + 1)) / (k1 * norm + tf))
        ctd = tf / norm  # rank-bm25's BM25L also multiplies by tf, so absent terms add nothing
        return idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)


def _postings(doc_freqs: list[dict[str, int]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Invert rank-bm25's per-sentence term counts into per-term (sentence ids, counts) arrays."""
    ids: dict[str, list[int]] = {}
    counts: dict[str, list[int]] = {}
    for sentence_id, frequencies in enumerate(doc_freqs):
        for term, count in frequencies.items():
            ids.setdefault(term, []).append(sentence_id)
            counts.setdefault(term, []).append(count)
    return {
        term: (np.asarray(ids[term], dtype=np.int64), np.asarray(counts[term], dtype=np.float64)) for term in ids
    }

