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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

VARIANTS = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}
_SEPARATOR = "\x00"


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
        self.check()
        if self.variant == "okapi":
            return BM25Okapi(corpus, k1=self.k1, b=self.b, epsilon=self.epsilon)
        if self.variant == "plus":
            return BM25Plus(corpus, k1=self.k1, b=self.b, delta=self.delta)
        return BM25L(corpus, k1=self.k1, b=self.b, delta=self.delta)

    def check(self) -> None:
        """Raise ValueError for an unknown variant (before any work is done)."""
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {self.variant!r}; choose one of {sorted(VARIANTS)}")


class EncodedCorpus(Sequence):
    """Tokenised sentences as term ids: a vocabulary in first-occurrence order and flat CSR arrays.

    It is also a read-only sequence of the sentences' term lists (`corpus[i]` is a list of str), so
    it replaces a list of lists at a fraction of the memory and can be saved as plain arrays.
    """

    def __init__(self, terms: list[str], indptr: np.ndarray, tokens: np.ndarray) -> None:
        """Wrap arrays: sentence i holds term ids `tokens[indptr[i]:indptr[i+1]]`, names in `terms`."""
        self.terms = terms
        self.indptr = indptr
        self.tokens = tokens

    @classmethod
    def encode(cls, corpus: Iterable[Sequence[str]]) -> EncodedCorpus:
        """Number the terms in order of first occurrence (rank-bm25's order) and flatten the corpus."""
        vocabulary: dict[str, int] = {}
        lengths: list[int] = []
        ids: list[int] = []
        for sentence in corpus:
            lengths.append(len(sentence))
            ids.extend([vocabulary.setdefault(term, len(vocabulary)) for term in sentence])
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return cls(list(vocabulary), indptr, np.asarray(ids, dtype=np.int32))

    def __len__(self) -> int:
        """Number of sentences."""
        return len(self.indptr) - 1

    def __getitem__(self, i):
        """The terms of sentence i, in order, repeats kept (a list for a slice of sentences)."""
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        terms = self.terms
        return [terms[t] for t in self.tokens[self.indptr[i] : self.indptr[i + 1]].tolist()]

    def lengths(self) -> np.ndarray:
        """Number of terms of every sentence."""
        return np.diff(self.indptr)

    def map_terms(self, convert: Callable[[str], str | None]) -> EncodedCorpus:
        """The corpus with every term replaced by `convert(term)`, or dropped where that is None.

        Works on the vocabulary, not on each occurrence: a few array operations for any corpus size.
        The new vocabulary is in first-occurrence order provided this one is (as `encode`, `join` and
        saved corpora are), so the result equals `encode` of the converted term lists.
        """
        names: dict[str, int] = {}
        remap = np.full(len(self.terms), -1, dtype=np.int64)
        for i, term in enumerate(self.terms):
            new = convert(term)
            if new is not None:
                remap[i] = names.setdefault(new, len(names))
        tokens = remap[self.tokens]
        kept = tokens >= 0
        counts = np.zeros(self.tokens.size + 1, dtype=np.int64)
        np.cumsum(kept, out=counts[1:])
        return EncodedCorpus(list(names), counts[self.indptr], tokens[kept].astype(np.int32))

    def with_vocabulary(self, terms: list[str]) -> EncodedCorpus:
        """The same sentences numbered by another vocabulary (ValueError when it lacks one of their terms).

        Lets corpora share one vocabulary list; ids are then in that list's order, not first occurrence.
        """
        ids = {term: i for i, term in enumerate(terms)}
        missing = [term for term in self.terms if term not in ids]
        if missing:
            raise ValueError(f"{len(missing)} terms missing from the vocabulary, e.g. {missing[0]!r}")
        remap = np.asarray([ids[term] for term in self.terms], dtype=np.int32)
        return EncodedCorpus(terms, self.indptr, remap[self.tokens] if self.tokens.size else self.tokens)

    @classmethod
    def join(cls, parts: Iterable[tuple[EncodedCorpus, int, int]]) -> EncodedCorpus:
        """Sentences `start:end` of each corpus in turn, as one corpus equal to `encode` of their term lists.

        The vocabularies are merged and renumbered in first-occurrence order with array operations,
        so reusing most of a large saved corpus costs far less than re-encoding its term lists.
        """
        parts = list(parts)
        if len(parts) == 1 and parts[0][1] == 0 and parts[0][2] == len(parts[0][0]):
            return parts[0][0]
        names: dict[str, int] = {}
        remaps: dict[int, np.ndarray] = {}
        pieces, lengths = [], []
        for corpus, start, end in parts:
            if id(corpus) not in remaps:
                remaps[id(corpus)] = np.asarray([names.setdefault(t, len(names)) for t in corpus.terms], dtype=np.int64)
            pieces.append(remaps[id(corpus)][corpus.tokens[corpus.indptr[start] : corpus.indptr[end]]])
            lengths.append(np.diff(corpus.indptr[start : end + 1]))
        tokens = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        indptr = np.zeros(sum(len(x) for x in lengths) + 1, dtype=np.int64)
        if lengths:
            np.cumsum(np.concatenate(lengths), out=indptr[1:])
        return cls._renumbered(list(names), indptr, tokens)

    def take(self, ids: Sequence[int] | np.ndarray) -> EncodedCorpus:
        """The sentences `ids`, in that order (repeats allowed), as `encode` of their term lists would give them."""
        ids = np.asarray(ids, dtype=np.int64)
        lengths = np.diff(self.indptr)[ids]
        indptr = np.zeros(ids.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        positions = np.repeat(self.indptr[ids] - indptr[:-1], lengths) + np.arange(indptr[-1])
        return self._renumbered(self.terms, indptr, self.tokens[positions])

    @classmethod
    def _renumbered(cls, names: list[str], indptr: np.ndarray, tokens: np.ndarray) -> EncodedCorpus:
        """A corpus over term ids into `names`, its vocabulary cut to the terms used, in first-occurrence order."""
        used, first = np.unique(tokens, return_index=True)
        used = used[np.argsort(first, kind="stable")]
        renumber = np.zeros(len(names), dtype=np.int64)
        renumber[used] = np.arange(used.size)
        return cls([names[i] for i in used.tolist()], indptr, renumber[tokens].astype(np.int32))

    def arrays(self) -> dict[str, np.ndarray]:
        """The corpus as plain arrays for saving (see `from_arrays`); the vocabulary as one UTF-8 blob."""
        return {"vocabulary": encode_strings(self.terms), "indptr": self.indptr, "tokens": self.tokens}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], terms: list[str] | None = None) -> EncodedCorpus:
        """The corpus saved by `arrays`, checked for consistency (ValueError when it does not add up).

        `terms` is the vocabulary when it was saved elsewhere (see `with_vocabulary`).
        """
        terms = decode_strings(arrays["vocabulary"]) if terms is None else terms
        indptr = np.asarray(arrays["indptr"], dtype=np.int64)
        tokens = np.asarray(arrays["tokens"], dtype=np.int32)
        bad_pointers = indptr.size == 0 or indptr[0] != 0 or indptr[-1] != tokens.size or np.any(np.diff(indptr) < 0)
        if bad_pointers or (tokens.size and (tokens.min() < 0 or tokens.max() >= len(terms))):
            raise ValueError("inconsistent corpus arrays")
        return cls(terms, indptr, tokens)


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
        index._check()
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

    def _check(self) -> None:
        """Raise ValueError when loaded arrays do not fit together."""
        vocabulary = len(self._terms)
        ok = (
            self._indptr.size == vocabulary + 1
            and self._idf.size == vocabulary
            and self._doc_ids.size == self._tf.size == (self._indptr[-1] if vocabulary else 0)
            and (self._doc_ids.size == 0 or (self._doc_ids.min() >= 0 and self._doc_ids.max() < self.size))
            and np.all(np.diff(self._indptr) >= 0)
        )
        if not ok:
            raise ValueError("inconsistent index arrays")

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
        top_ids, top_scores = _top_k(ids, scores, k)
        if top_ids.size < k or top_scores[-1] <= found.baseline:
            others = _first_non_candidates(ids, k, self.size if allowed is None else allowed)
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
        baseline = 0.0
        for i in term_ids:
            if i is not None:
                baseline += self._absent(i)
        if not known:
            return Candidates(np.zeros(0, dtype=np.int32), np.zeros(0), baseline)
        postings = {i: self._posting(i) for i in known}
        ids, positions = _union([postings[i][0] for i in known], self.size)
        scores = np.zeros(ids.size, dtype=np.float64)
        plus = self.params.variant == "plus"
        contributions: dict[int, np.ndarray] = {}
        for i in term_ids:
            if i is None:
                continue
            if i not in contributions:
                sentence_ids, counts = postings[i]
                contributions[i] = self._formula(float(self._idf[i]), counts, self.doc_len[sentence_ids])
            where = positions[known.index(i)]
            if plus:
                step = np.full(ids.size, self._absent(i))
                step[where] = contributions[i]
                scores += step
            else:
                scores[where] += contributions[i]
        return Candidates(ids, scores, baseline)

    def _absent(self, i: int) -> float:
        """What a sentence without term i gets for it: idf·δ for Plus (rank-bm25: idf·(δ + 0)), else zero."""
        if self.params.variant != "plus":
            return 0.0
        return float(self._idf[i]) * (self.params.delta + 0.0)

    def _formula(self, idf: float, tf, doc_len):
        """The variant's term weight, written exactly as rank-bm25 writes it (same operation order)."""
        k1, b, delta = self.params.k1, self.params.b, self.params.delta
        tf = np.asarray(tf, dtype=np.float64)
        norm = 1 - b + b * np.asarray(doc_len, dtype=np.float64) / self.avgdl
        if self.params.variant == "okapi":
            return idf * (tf * (k1 + 1) / (tf + k1 * norm))
        if self.params.variant == "plus":
            return idf * (delta + (tf * (k1 + 1)) / (k1 * norm + tf))
        ctd = tf / norm  # rank-bm25's BM25L also multiplies by tf, so absent terms add nothing
        return idf * tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)


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


def invert(encoded: EncodedCorpus) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings in CSR form: per term (in id order) its sentence ids, ascending, and counts."""
    size, vocabulary = len(encoded), len(encoded.terms)
    if encoded.tokens.size == 0:
        return np.zeros(vocabulary + 1, dtype=np.int64), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    sentence = np.repeat(np.arange(size, dtype=np.int64), encoded.lengths())
    keys, counts = np.unique(encoded.tokens.astype(np.int64) * size + sentence, return_counts=True)
    terms = keys // size
    indptr = np.zeros(vocabulary + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=vocabulary), out=indptr[1:])
    tf_dtype = np.uint16 if counts.max() < 2**16 else np.int64
    return indptr, (keys % size).astype(np.int32), counts.astype(tf_dtype)


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


def _union(lists: list[np.ndarray], size: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct ids of several posting lists, and where each list's ids sit among them.

    Linear in the postings and without sorting: a scratch array indexed by sentence id is written
    and read only at the ids of the postings (np.empty, so nothing else is touched).
    """
    if len(lists) == 1:
        return lists[0], [np.arange(lists[0].size)]
    every = np.concatenate(lists)
    order = np.arange(every.size, dtype=np.int32)
    slot = np.empty(size, dtype=np.int32)
    slot[every] = order
    ids = every[slot[every] == order]  # one representative per id, whichever write won
    slot[ids] = np.arange(ids.size, dtype=np.int32)
    return ids, [slot[posting] for posting in lists]


def _top_k(ids: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best candidates by (score descending, id ascending), keeping every tie at the cut."""
    if ids.size > k:
        threshold = np.partition(scores, ids.size - k)[ids.size - k]
        keep = scores >= threshold
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:k]
    return ids[order], scores[order]


def _first_non_candidates(candidates: np.ndarray, k: int, universe: int | np.ndarray) -> np.ndarray:
    """The k smallest sentence ids of the universe (all sentences, or sorted allowed ids) that are not candidates."""
    limit = k + candidates.size
    pool = np.arange(min(universe, limit)) if isinstance(universe, int) else universe[:limit]
    return pool[~np.isin(pool, candidates)][:k].astype(np.int64)


def encode_strings(strings: list[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, each ended by NUL (no pickle); ValueError if a string holds NUL."""
    if any(_SEPARATOR in s for s in strings):
        raise ValueError("a term contains NUL and cannot be saved")
    return np.frombuffer("".join(s + _SEPARATOR for s in strings).encode("utf-8"), dtype=np.uint8)


def decode_strings(blob: np.ndarray) -> list[str]:
    """The strings saved by `encode_strings`."""
    text = np.asarray(blob, dtype=np.uint8).tobytes().decode("utf-8")
    if text and not text.endswith(_SEPARATOR):
        raise ValueError("truncated string blob")
    return text.split(_SEPARATOR)[:-1]
