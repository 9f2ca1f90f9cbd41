"""Matching by meaning: the texts' content words with their vectors, saved with the index, and a question's
words that match no word of the text read as the text's closest words.

At index time every term of the corpus gets its general-language frequency (navec's news counts, on
wordfreq's Zipf scale: the question's information is measured with it, not with the text's own idf)
and every *content* term (nouns, adjectives, verbs, participles, adverbs; no names, places,
numbers, months or the stopword list's common words, whose neighbours are their co-hyponyms:
Китай ↔ Казахстан, январь ↔ ноябрь) gets navec's 100 code bytes. At question time a content word
of the question with no lexical match (neither whole nor by its first letters) is compared, by its
lemma and by the form the user typed (журналисты ↔ СМИ is closer than журналист ↔ СМИ), with
every content term of the texts; the closest ones above `FLOOR` are the word's *related* terms.
GloVe-style vectors measure association, so antonyms and collocates score like synonyms: a related
term is weighted by `weight` and the ranker and the confidence decide what it is worth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.text.meaning import ZIPF_FLOOR, WordVectors, unit_vectors

FLOOR = 0.40  # below this cosine a pair of words is as close as unrelated words get (research noise floor)
FULL = 0.65  # from this cosine on a related term counts fully
RELATED_PER_WORD = 2  # related terms taken per question word
DERIVED = 0.55  # the closeness of a derivation: a text term holding the question word's stem after a prefix
# A noun of four or five letters ending in a vowel: its root is all but that vowel («виза» → «виз»).
_SHORT_NOUN = re.compile(r"([а-я]{3,4})[аяоеь]")
STEM = 5  # letters of the question word's lemma that a derivation must hold (граница → "грани" in приграничный)
NUMBER_ZIPF = 3.0  # a number's frequency, for its information: about that of a typical numeral word
CONTENT_POS = frozenset({"NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB"})
_PROPER = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Apro", "Anum")
MONTHS = frozenset(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
)


def weight(cosine: float) -> float:
    """How much a related term counts: 0 at `FLOOR`, rising linearly to 1 at `FULL`."""
    return float(min(1.0, max(0.0, (cosine - FLOOR) / (FULL - FLOOR))))


def _derivable(analyzer, term: str) -> bool:
    """True for a word long enough to hold a prefix and a stem, all letters (a hyphen apart), no common word."""
    return (
        len(term) >= STEM + 2
        and term.replace("-", "").isalpha()
        and term not in analyzer.stopwords
        and term not in analyzer.common_words
    )


def is_content(analyzer, term: str) -> bool:
    """True for a term that may be matched by meaning: a content word's lemma, not a name or a number."""
    if term.startswith("~") or not term[:1].isalpha() or term in MONTHS:
        return False
    if term in analyzer.stopwords or term in analyzer.common_words:
        return False
    tag = analyzer.tag(term)
    pos = getattr(tag, "POS", None)
    if pos is None:
        return "LATN" in tag if tag else False
    return pos in CONTENT_POS and not any(g in tag for g in _PROPER)


@dataclass(frozen=True)
class MeaningTable:
    """What the index keeps for matching by meaning, aligned to the corpus vocabulary (`terms`).

    `zipf[i]`: general-language frequency of term i; `content`: ids of the content terms with a
    vector, ascending; `codes[j]`: the code bytes of term `content[j]`; `codebook`: navec's
    centroids (empty when the texts were indexed without vectors); `bare`: ids of the long words
    navec lacks (постпандемийный), ascending: close to no word by vector, but a question word's
    derivation still reaches them.
    """

    zipf: np.ndarray
    content: np.ndarray
    codes: np.ndarray
    codebook: np.ndarray
    bare: np.ndarray

    @classmethod
    def build(
        cls, terms: list[str], analyzer, vectors: WordVectors | None, names: Iterable[str] = ()
    ) -> MeaningTable:
        """The table of a corpus vocabulary; `names` (capitalised in the text, abbreviations apart) get no vector."""
        names = set(names)
        zipf = np.full(len(terms), ZIPF_FLOOR, dtype=np.float32)
        content, codes, bare = [], [], []
        for i, term in enumerate(terms):
            if not term[:1].isalpha():
                zipf[i] = NUMBER_ZIPF if term[:1].isdigit() else ZIPF_FLOOR
                continue
            row = vectors.find(term) if vectors is not None else None
            if row is None:  # most of an archive's rare forms: no morphology (a guess at an unknown word costs ~0.5 ms)
                if vectors is not None and _derivable(analyzer, term) and term not in names:
                    bare.append(i)
                continue
            zipf[i] = vectors.row_zipf(row)
            capitalised = term in names and "Abbr" not in analyzer.tag(term)  # СМИ is capitalised, not a name
            if not capitalised and is_content(analyzer, term):
                content.append(i)
                codes.append(vectors.row_codes(row))
        qdim = vectors.qdim if vectors is not None else 0
        book = vectors.codebook if vectors is not None else np.zeros((0, 0, 0), dtype=np.float32)
        return cls(
            zipf,
            np.asarray(content, dtype=np.int32),
            np.asarray(codes, dtype=np.uint8).reshape(len(codes), qdim),
            np.asarray(book, dtype=np.float32),
            np.asarray(bare, dtype=np.int32),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays for saving (see `from_arrays`)."""
        return {
            "zipf": self.zipf, "content": self.content, "codes": self.codes, "codebook": self.codebook, "bare": self.bare
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], vocabulary: int) -> MeaningTable:
        """The table saved by `arrays`, checked against the vocabulary size (ValueError when it does not fit)."""
        table = cls(
            np.asarray(arrays["zipf"], dtype=np.float32),
            np.asarray(arrays["content"], dtype=np.int32),
            np.asarray(arrays["codes"], dtype=np.uint8),
            np.asarray(arrays["codebook"], dtype=np.float32),
            np.asarray(arrays["bare"], dtype=np.int32),
        )
        bad = table.zipf.size != vocabulary or table.content.size != table.codes.shape[0]
        for ids in (table.content, table.bare):
            bad = bad or bool(ids.size and (ids.min() < 0 or ids.max() >= vocabulary))
        if bad:
            raise ValueError("meaning table does not fit the vocabulary")
        return table


@dataclass(frozen=True)
class Related:
    """A question word that matches no word of the text, and how close each content term of the text is to it.

    `similarity[j]` is the cosine with content term `MeaningTable.content[j]`; `terms` are the
    closest ones above `FLOOR` as (term, cosine), best first; `derived_bare` the words without a vector
    (`MeaningTable.bare`) derived from it, each as close as `DERIVED`.
    """

    term: str
    similarity: np.ndarray
    terms: tuple[tuple[str, float], ...]
    derived_bare: frozenset[str] = frozenset()


class Meaning:
    """A question's side of matching by meaning, over a corpus's `MeaningTable`."""

    def __init__(self, table: MeaningTable, vocabulary: list[str], analyzer) -> None:
        """`vocabulary` is the corpus's term list the table is aligned to; vectors come from `analyzer.vectors`."""
        self.table = table
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self._ids = {term: i for i, term in enumerate(vocabulary)}
        self.content_terms = [vocabulary[i] for i in table.content.tolist()]
        self.bare_terms = [vocabulary[i] for i in table.bare.tolist()]
        self._matrix: np.ndarray | None = None
        self._joined: dict[str, tuple[str, np.ndarray]] = {}  # "content" / "bare": the terms joined, their starts
        self.zipf = lru_cache(maxsize=100_000)(self._zipf)
        self.related = lru_cache(maxsize=512)(self._related)  # each holds a similarity per content term

    @property
    def enabled(self) -> bool:
        """True when the texts have content terms with vectors."""
        return self.table.content.size > 0

    def _zipf(self, term: str, form: str | None = None) -> float:
        """The general-language frequency of a term (the higher of its lemma's and of the typed form's); cached as `zipf`."""
        if term[:1].isdigit():
            return NUMBER_ZIPF
        known = self._ids.get(term)
        vectors = self.analyzer.vectors
        if known is not None and (vectors is None or form is None or form == term):
            return float(self.table.zipf[known])
        if vectors is None:
            return float(self.table.zipf[known]) if known is not None else ZIPF_FLOOR
        base = float(self.table.zipf[known]) if known is not None else vectors.zipf(term)
        return max(base, vectors.zipf(form)) if form else base

    def _related(self, term: str, form: str | None = None) -> Related | None:
        """How close the texts' content terms are to a question word (None when it has no vector or is no content
        word); cached as `related`."""
        vectors = self.analyzer.vectors
        if vectors is None or not self.enabled or not is_content(self.analyzer, term):
            return None
        words = [w for w in dict.fromkeys([term, form]) if w]
        found = [v for v in (vectors.vector(w) for w in words) if v is not None]
        if not found:
            return None
        similarity = np.max(self.matrix() @ np.stack(found).T, axis=1)
        derived = self._derived(term, "content")
        if derived.size:
            similarity[derived] = np.maximum(similarity[derived], DERIVED)
        best = np.argsort(-similarity, kind="stable")[:RELATED_PER_WORD].tolist()
        bare = frozenset(self.bare_terms[j] for j in self._derived(term, "bare").tolist())
        candidates = [*((self.content_terms[j], float(similarity[j])) for j in best), *((t, DERIVED) for t in sorted(bare))]
        close = sorted(candidates, key=lambda pair: -pair[1])[:RELATED_PER_WORD]  # stable: vectors first on a tie
        return Related(term, similarity, tuple((t, c) for t, c in close if c >= FLOOR), bare)

    def _derived(self, term: str, kind: str) -> np.ndarray:
        """Rows of the `kind` ("content" or "bare") terms derived from the word with a prefix: they hold its stem after
        two letters or more (граница → приграничный, трансграничный); none for a short word. One search over all the
        terms joined."""
        terms = self.content_terms if kind == "content" else self.bare_terms
        short = _SHORT_NOUN.fullmatch(term)
        if (len(term) < STEM + 1 and short is None) or not terms:
            return np.zeros(0, dtype=np.int64)
        if kind not in self._joined:
            lengths = np.fromiter((len(t) + 1 for t in terms), dtype=np.int64, count=len(terms))
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
            self._joined[kind] = ("\n".join(terms) + "\n", starts)
        joined, starts = self._joined[kind]
        if short is not None:  # «виза» → «безвизовый»: the root after «без-» / «бес-» at a term's start
            pattern = "(?<=\n)бе[зс]" + re.escape(short.group(1))
            found = np.fromiter((m.start() for m in re.finditer(pattern, "\n" + joined)), dtype=np.int64) - 1
            return np.unique(np.searchsorted(starts, found, side="right") - 1) if found.size else found
        found = np.fromiter((m.start() for m in re.finditer(re.escape(term[:STEM]), joined)), dtype=np.int64)
        if not found.size:
            return found
        rows = np.searchsorted(starts, found, side="right") - 1
        return np.unique(rows[found - starts[rows] >= 2])

    def matrix(self) -> np.ndarray:
        """The content terms' unit vectors (float32), made from their code bytes when first needed."""
        if self._matrix is None:
            self._matrix = unit_vectors(self.table.codebook, self.table.codes)
        return self._matrix

    def closeness(self, related: Related, terms: Iterable[str]) -> float:
        """The highest cosine between the question word and any of these terms of the text (0 when none is close)."""
        best = 0.0
        positions = self._positions()
        for term in terms:
            j = positions.get(term)
            if j is not None:
                best = max(best, float(related.similarity[j]))
            elif term in related.derived_bare:
                best = max(best, DERIVED)
        return best

    def _positions(self) -> dict[str, int]:
        """Content term → its row in the table (made once)."""
        if not hasattr(self, "_rows"):
            self._rows = {term: j for j, term in enumerate(self.content_terms)}
        return self._rows
