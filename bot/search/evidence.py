"""What the ranker knows of each sentence before any question: references and answer cues.

A sentence opening with a pronoun or demonstrative ("Он…", "Эти…", "Это…") refers back to the
previous one; numbers, dates, names and places are the kinds of answer a question word asks for
(сколько, когда, кто, где). Computed once per sentence when a corpus is analysed and saved with
the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.search.corpus import EncodedCorpus, invert
from bot.search.ids import sorted_distinct
from bot.text.analysis import Analyzer, Token, tokenize

REFERENCE_WINDOW = 3
_DEMONSTRATIVES = {"этот", "тот", "такой", "данный", "подобный", "таков"}
_MONTHS = {
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
}
_YEAR = re.compile(r"1\d{3}|20\d{2}")
# Which cues answer which kind of question ("places" holds names too: a place is often a name).
CUE_KINDS = ("numbers", "dates", "names", "places")
_CORPUS_ARRAYS = ("vocabulary", "indptr", "tokens")
# Question kinds, tried in this order; "other" when none matches.
@dataclass(frozen=True)
class Cues:
    """What kinds of answer a sentence can give: numbers, dates, names, places (as terms)."""

    numbers: frozenset[str] = frozenset()
    counted: bool = False
    dates: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()


class Evidence:
    """What the ranker knows of each sentence before any question: references and answer cues.

    `references[i]`: sentence i opens with a pronoun or demonstrative (`opens_with_reference`);
    `counted[i]`: it holds a numeral word; `cues[kind]`: per sentence its distinct numbers, dates,
    names, and places-or-names, as encoded term lists (see `_cues`). Made from per-sentence
    rows (`sentence_evidence`) when a corpus is analysed, and saved with the index.
    """

    def __init__(self, references: np.ndarray, counted: np.ndarray, cues: Mapping[str, EncodedCorpus]) -> None:
        """Wrap per-sentence arrays; ValueError when their lengths differ."""
        self.references = np.asarray(references, dtype=bool)
        self.counted = np.asarray(counted, dtype=bool)
        self.cues = {kind: cues[kind] for kind in CUE_KINDS}
        if any(len(c) != self.references.size for c in self.cues.values()) or self.counted.size != self.references.size:
            raise ValueError("evidence arrays of different lengths")
        self._cue_ids: dict[str, dict[str, int]] = {}
        self._cue_postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._counts: dict[tuple[str, bool], np.ndarray] = {}

    def __len__(self) -> int:
        """Number of sentences."""
        return int(self.references.size)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[bool, Cues]]) -> Evidence:
        """Evidence from `sentence_evidence` rows, one per sentence in order."""
        rows = list(rows)
        cues = {
            "numbers": EncodedCorpus.encode(sorted(c.numbers) for _, c in rows),
            "dates": EncodedCorpus.encode(sorted(c.dates) for _, c in rows),
            "names": EncodedCorpus.encode(sorted(c.names) for _, c in rows),
            "places": EncodedCorpus.encode(sorted(c.places | c.names) for _, c in rows),
        }
        references = np.fromiter((r for r, _ in rows), dtype=bool, count=len(rows))
        counted = np.fromiter((c.counted for _, c in rows), dtype=bool, count=len(rows))
        return cls(references, counted, cues)

    @classmethod
    def join(cls, parts: Iterable[tuple[Evidence, int, int]]) -> Evidence:
        """Sentences `start:end` of each evidence in turn, as one (equal to building it from their rows)."""
        parts = list(parts)
        return cls(
            np.concatenate([e.references[a:b] for e, a, b in parts] or [np.zeros(0, dtype=bool)]),
            np.concatenate([e.counted[a:b] for e, a, b in parts] or [np.zeros(0, dtype=bool)]),
            {kind: EncodedCorpus.join((e.cues[kind], a, b) for e, a, b in parts) for kind in CUE_KINDS},
        )

    def take(self, ids: Sequence[int] | np.ndarray) -> Evidence:
        """The evidence of sentences `ids`, in that order (repeats allowed)."""
        ids = np.asarray(ids, dtype=np.int64)
        return Evidence(self.references[ids], self.counted[ids], {k: c.take(ids) for k, c in self.cues.items()})

    def arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays for saving (see `from_arrays`)."""
        arrays = {"references": self.references, "counted": self.counted}
        for kind, corpus in self.cues.items():
            arrays.update({f"{kind}_{name}": value for name, value in corpus.arrays().items()})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> Evidence:
        """The evidence saved by `arrays`, checked for consistency (ValueError when it does not add up)."""
        cues = {
            kind: EncodedCorpus.from_arrays({name: arrays[f"{kind}_{name}"] for name in _CORPUS_ARRAYS})
            for kind in CUE_KINDS
        }
        return cls(arrays["references"], arrays["counted"], cues)

    def other_than(self, kind: str, asked: set[str], ids: np.ndarray, years: bool = True) -> np.ndarray:
        """For sentences `ids`: True where the sentence holds a cue of `kind` that is not in `asked` (and, with
        `years` False, is not a year: "сколько" asks for a quantity, and 1754 is none)."""
        corpus = self.cues[kind]
        lengths = self._counted(kind, years)
        flags = lengths[ids] > 0
        if kind not in self._cue_ids:
            self._cue_ids[kind] = {term: i for i, term in enumerate(corpus.terms)}
        asked = {term for term in asked if years or not _YEAR.fullmatch(term)}
        asked_ids = [self._cue_ids[kind][term] for term in asked if term in self._cue_ids[kind]]
        if not asked_ids or not flags.any():
            return flags
        if kind not in self._cue_postings:
            self._cue_postings[kind] = invert(corpus)[:2]
        indptr, sentences = self._cue_postings[kind]
        hits = np.concatenate([sentences[indptr[i] : indptr[i + 1]] for i in asked_ids])
        holding, asked_count = sorted_distinct(hits, counts=True)  # cues are distinct within a sentence
        only_asked = np.zeros(lengths.size, dtype=bool)
        only_asked[holding[asked_count == lengths[holding]]] = True
        return flags & ~only_asked[ids]

    def _counted(self, kind: str, years: bool) -> np.ndarray:
        """How many cues of `kind` each sentence holds, years included or not (counted once, when first asked)."""
        if (kind, years) not in self._counts:
            corpus = self.cues[kind]
            lengths = np.diff(corpus.indptr)
            if not years:
                terms = corpus.terms
                is_year = np.fromiter((bool(_YEAR.fullmatch(t)) for t in terms), dtype=bool, count=len(terms))
                owner = np.repeat(np.arange(len(corpus)), lengths)
                lengths = lengths - np.bincount(owner[is_year[corpus.tokens]], minlength=len(corpus))
            self._counts[kind, years] = lengths
        return self._counts[kind, years]


def sentence_evidence(analyzer: Analyzer, tokens: list[Token]) -> tuple[bool, Cues]:
    """One row of `Evidence` from a sentence's tokens: whether it opens with a reference, and its cues."""
    return _opens_with_reference(analyzer, tokens), _cues(analyzer, tokens)


def opens_with_reference(analyzer: Analyzer, text: str, window: int = REFERENCE_WINDOW) -> bool:
    """True when one of the first words is a third-person pronoun or a demonstrative ("Он…", "Эти…", "Это…")."""
    return _opens_with_reference(analyzer, tokenize(text), window)


def _opens_with_reference(analyzer: Analyzer, tokens: list[Token], window: int = REFERENCE_WINDOW) -> bool:
    """`opens_with_reference` on a sentence's tokens."""
    words = [t for t in tokens if t.kind == "word"][:window]
    for token in words:
        if token.norm == "это":
            return True
        tag = analyzer.tag(token.norm)
        if "NPRO" in tag and "Anph" in tag:
            return True
        if "Apro" in tag and analyzer.lemma(token.norm) in _DEMONSTRATIVES:
            return True
    return False


def _cues(analyzer: Analyzer, tokens: list[Token]) -> Cues:
    """The numbers, dates, names and places a sentence holds (names: capitalised words after the first)."""
    numbers: set[str] = set()
    dates: set[str] = set()
    names: set[str] = set()
    places: set[str] = set()
    counted = False
    for position, token in enumerate(tokens):
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
