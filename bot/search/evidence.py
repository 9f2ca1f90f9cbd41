"""What the ranker knows of each sentence before any question: references and answer cues.

A sentence opening with a pronoun or demonstrative ("Он…", "Эти…", "Это…") refers back to the
previous one, and so does one whose subject repeats a noun of the previous sentence ("Район
Фресно «Вест-Сайд»… Район расположен…": the name is in the first); numbers, dates, names and places are the kinds of answer a question word asks for
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
# A noun that names someone or something (a name, a place, an abbreviation) starts a topic, not a reference.
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"})
# Case endings written after a number and a hyphen that make it an ordinal ("3-м форуме", "1-й", "90-е"), not a
# quantity; "-х", "-ти", "-ми" ("3-х", "5-ти") are a cardinal's and "-летие" a count of years.
_ORDINAL_ENDINGS = frozenset("й я е го му м ый ий ой ая ое ые ого ому ом ым".split())
_HYPHENS = "-‐‑"
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

    `references[i]`: sentence i opens with a pronoun or demonstrative (`opens_with_reference`), or,
    once `with_repeated_subjects` has seen the sentences' terms, its subject repeats a term of
    sentence i - 1; `subjects[i]`: the subject terms it opens with (`opening_subjects`);
    `counted[i]`: it holds a numeral word; `cues[kind]`: per sentence its distinct numbers, dates,
    names, and places-or-names, as encoded term lists (see `_cues`). Made from per-sentence
    rows (`sentence_evidence`) when a corpus is analysed, and saved with the index.
    """

    def __init__(
        self, references: np.ndarray, counted: np.ndarray, cues: Mapping[str, EncodedCorpus], subjects: EncodedCorpus
    ) -> None:
        """Wrap per-sentence arrays; ValueError when their lengths differ."""
        self.references = np.asarray(references, dtype=bool)
        self.counted = np.asarray(counted, dtype=bool)
        self.cues = {kind: cues[kind] for kind in CUE_KINDS}
        self.subjects = subjects
        sizes = {len(c) for c in self.cues.values()} | {self.counted.size, len(subjects)}
        if sizes - {self.references.size}:
            raise ValueError("evidence arrays of different lengths")
        self._cue_ids: dict[str, dict[str, int]] = {}
        self._cue_postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._counts: dict[tuple[str, bool], np.ndarray] = {}

    def __len__(self) -> int:
        """Number of sentences."""
        return int(self.references.size)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[bool, Cues, frozenset[str]]]) -> Evidence:
        """Evidence from `sentence_evidence` rows, one per sentence in order."""
        rows = list(rows)
        cues = {
            "numbers": EncodedCorpus.encode(sorted(c.numbers) for _, c, _ in rows),
            "dates": EncodedCorpus.encode(sorted(c.dates) for _, c, _ in rows),
            "names": EncodedCorpus.encode(sorted(c.names) for _, c, _ in rows),
            "places": EncodedCorpus.encode(sorted(c.places | c.names) for _, c, _ in rows),
        }
        references = np.fromiter((r for r, _, _ in rows), dtype=bool, count=len(rows))
        counted = np.fromiter((c.counted for _, c, _ in rows), dtype=bool, count=len(rows))
        return cls(references, counted, cues, EncodedCorpus.encode(sorted(s) for _, _, s in rows))

    def with_repeated_subjects(self, terms: EncodedCorpus) -> Evidence:
        """This evidence with `references[i]` also set where a subject of sentence i is a term of sentence i - 1.

        `terms` are the same sentences' terms, in the same order; sentence i - 1 is the one before in
        that order (whether it is in the same paragraph is the ranker's business).
        """
        ids = {term: i for i, term in enumerate(terms.terms)}
        subject_ids = np.fromiter((ids.get(t, -1) for t in self.subjects.terms), dtype=np.int64, count=len(self.subjects.terms))
        owner = np.repeat(np.arange(len(self.subjects)), np.diff(self.subjects.indptr))
        wanted = subject_ids[self.subjects.tokens] if owner.size else np.zeros(0, dtype=np.int64)
        keep = (owner > 0) & (wanted >= 0)
        width = max(len(terms.terms), 1)
        held = np.repeat(np.arange(len(terms)), np.diff(terms.indptr)) * width + terms.tokens
        asked = (owner[keep] - 1) * width + wanted[keep]
        repeated = np.zeros(len(self), dtype=bool)
        repeated[owner[keep][np.isin(asked, held)]] = True
        return Evidence(self.references | repeated, self.counted, self.cues, self.subjects)

    @classmethod
    def join(cls, parts: Iterable[tuple[Evidence, int, int]]) -> Evidence:
        """Sentences `start:end` of each evidence in turn, as one (equal to building it from their rows)."""
        parts = list(parts)
        return cls(
            np.concatenate([e.references[a:b] for e, a, b in parts] or [np.zeros(0, dtype=bool)]),
            np.concatenate([e.counted[a:b] for e, a, b in parts] or [np.zeros(0, dtype=bool)]),
            {kind: EncodedCorpus.join((e.cues[kind], a, b) for e, a, b in parts) for kind in CUE_KINDS},
            EncodedCorpus.join((e.subjects, a, b) for e, a, b in parts),
        )

    def take(self, ids: Sequence[int] | np.ndarray) -> Evidence:
        """The evidence of sentences `ids`, in that order (repeats allowed)."""
        ids = np.asarray(ids, dtype=np.int64)
        cues = {k: c.take(ids) for k, c in self.cues.items()}
        return Evidence(self.references[ids], self.counted[ids], cues, self.subjects.take(ids))

    def arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays for saving (see `from_arrays`)."""
        arrays = {"references": self.references, "counted": self.counted}
        for kind, corpus in [*self.cues.items(), ("subjects", self.subjects)]:
            arrays.update({f"{kind}_{name}": value for name, value in corpus.arrays().items()})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> Evidence:
        """The evidence saved by `arrays`, checked for consistency (ValueError when it does not add up)."""
        corpora = {
            kind: EncodedCorpus.from_arrays({name: arrays[f"{kind}_{name}"] for name in _CORPUS_ARRAYS})
            for kind in (*CUE_KINDS, "subjects")
        }
        subjects = corpora.pop("subjects")
        return cls(arrays["references"], arrays["counted"], corpora, subjects)

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


def sentence_evidence(analyzer: Analyzer, tokens: list[Token], text: str = "") -> tuple[bool, Cues, frozenset[str]]:
    """One row of `Evidence` from a sentence's tokens (and its `text`, for the signs around numbers): whether it
    opens with a reference, its cues, its subjects."""
    return _opens_with_reference(analyzer, tokens), _cues(analyzer, tokens, text), _opening_subjects(analyzer, tokens)


def opening_subjects(analyzer: Analyzer, text: str, window: int = REFERENCE_WINDOW) -> frozenset[str]:
    """The terms of the common nouns in the nominative among the first words ("Район расположен…" → район),
    names left out: the sentence's subject, which refers back when the sentence before names it too."""
    return _opening_subjects(analyzer, tokenize(text), window)


def _opening_subjects(analyzer: Analyzer, tokens: list[Token], window: int = REFERENCE_WINDOW) -> frozenset[str]:
    """`opening_subjects` on a sentence's tokens."""
    subjects = set()
    for position, token in enumerate([t for t in tokens if t.kind == "word"][:window]):
        if position and token.text[:1].isupper() or not analyzer.is_known(token.norm):
            continue  # a name: capitalised inside the sentence, or a word the dictionary does not know
        tag = analyzer.tag(token.norm)
        if "NOUN" in tag and "nomn" in tag and not _PROPER & set(getattr(tag, "grammemes", ())):
            subjects.update(analyzer.word_terms(token.norm)[:1])
    return frozenset(subjects)


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


def _cues(analyzer: Analyzer, tokens: list[Token], text: str = "") -> Cues:
    """The numbers, dates, names and places a sentence holds (names: capitalised words after the first; numbers:
    quantities, not labels or ordinals, `is_quantity`)."""
    numbers: set[str] = set()
    dates: set[str] = set()
    names: set[str] = set()
    places: set[str] = set()
    counted = False
    for position, token in enumerate(tokens):
        if token.kind == "number":
            if is_quantity(text, token, tokens[position + 1] if position + 1 < len(tokens) else None):
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


def is_quantity(text: str, number: Token, following: Token | None) -> bool:
    """False for a number that names or orders rather than counts: after "№" or "#" ("ТЭЦ № 2"), glued to a word
    by a hyphen ("ТЭЦ-2", "Ту-154"), or followed by a hyphen and an ordinal's ending ("3-м форуме", "1-й");
    `text` is the sentence the tokens came from (without it every number counts)."""
    before = text[max(0, number.start - 2) : number.start]
    if before.rstrip().endswith(("№", "#")) or (before[-1:] in _HYPHENS and before[-2:-1].isalpha()):
        return False
    glued = following is not None and following.start == number.end + 1 and text[number.end : number.end + 1] in _HYPHENS
    return not (glued and following.kind == "word" and following.norm in _ORDINAL_ENDINGS)
