"""Tokenised sentences as compact arrays: one vocabulary and flat CSR arrays of term ids.

A million sentences cost a few arrays rather than a million Python lists, can be saved without
pickle (`arrays` / `from_arrays`), sliced, joined and re-numbered with array operations, and
inverted into postings (`invert`) for the BM25 index and the ranker's evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

_SEPARATOR = "\x00"

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

