"""The analysis stage: Russian text becomes search terms, the same way for sentences and questions.

A term is a lowercase lemma (pymorphy3) with ё read as е; numbers keep their value whatever the
decimal mark (36,86 and 36.86 are one term); the percent sign and common abbreviations read as the
words they stand for (62.3% matches "62,3 процента", "млрд" matches "миллиарда"); hyphenated words
count whole and by their parts (Касым-Жомарт, китайско-казахстанских). Function words are dropped:
the packaged Russian stopword list, restricted to pronouns, prepositions, conjunctions and particles,
so that content words such as "первый", "время" or "год" stay searchable; those are marked as
`common_words` instead (no evidence on their own when deciding to abstain). Misspelt question
words are read by `bot.text.speller`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import snowballstemmer
from stop_words import get_stop_words

from bot.text.meaning import WordVectors, default_path, open_vectors

_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:[-‐‑][^\W\d_]+)*)"
    r"|(?P<percent>%)",
)
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ"}
# Question words and auxiliaries that carry no topic; kept out of the search terms.
_EXTRA_STOPWORDS = {
    "где", "куда", "откуда", "зачем", "почему", "сколько", "насколько", "каков", "какой", "чей", "как",
    "когда", "кто", "что", "ли", "быть", "есть", "являться", "мочь", "очень", "уже", "ещё", "еще", "там",
    "тут", "здесь", "тогда", "потом", "теперь", "сейчас", "только", "также", "такой", "этот", "весь",
    "который", "свой", "ваш", "наш", "каждый", "же", "бы", "ну", "вот", "ведь", "пожалуйста", "спасибо",
    "скажите", "сказать", "расскажите", "рассказать", "подсказать", "подскажите", "знать", "такой-то",
    "интересовать", "интересно", "узнать", "хотеть", "хотеться",  # «Меня интересует…», «Хочу узнать…»
}
# Words of the package's list that are content words here: numbers, time, people.
_NOT_STOPWORDS = {"один", "одна", "одно", "одного", "одной", "против", "между"}
ABBREVIATIONS = {
    "%": "процент",
    "млрд": "миллиард",
    "млн": "миллион",
    "трлн": "триллион",
    "тыс": "тысяча",
    "кв": "квадратный",
    "км": "километр",
    "руб": "рубль",
    "долл": "доллар",
    "проц": "процент",
}


@dataclass(frozen=True)
class Token:
    """A word, number or sign of a text with its character span and its normalised form."""

    text: str
    start: int
    end: int
    norm: str
    kind: str


# Kazakh letters read as the Russian ones a Russian text writes for them («Тоқаев» → «токаев», «Қазақстан»).
_KAZAKH = str.maketrans("қғңөұүһіә", "кгноууиха")
# Latin letters that look Cyrillic, read so inside a word that mixes the two scripts («каcым» with a Latin «c»).
_LOOKALIKE_LETTERS = frozenset("aceopxykmtbh")
_LOOKALIKES = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_LATIN_LETTER = re.compile(r"[a-z]")
_UNUSUAL = re.compile(r"[a-zқғңөұүһіә]")  # what the two readings below change
_MIXED = re.compile(r"\w*(?:[а-яё]\w*[a-z]|[a-z]\w*[а-яё])\w*")


def normalize(text: str) -> str:
    """Lowercase, ё as е, Kazakh letters as Russian ones, and Latin lookalikes inside a Cyrillic word as Cyrillic:
    the form every comparison uses."""
    lowered = text.lower().replace("ё", "е")
    if lowered.isascii() or not _UNUSUAL.search(lowered):
        return lowered
    lowered = lowered.translate(_KAZAKH)
    return _MIXED.sub(_cyrillic, lowered) if _LATIN_LETTER.search(lowered) else lowered


def _cyrillic(match: re.Match[str]) -> str:
    """A word mixing the scripts in Cyrillic when every Latin letter of it looks Cyrillic («каcым»), else as it is
    («стандартаdvb» lacks a space)."""
    word = match.group(0)
    latin = {c for c in word if "a" <= c <= "z"}
    return word.translate(_LOOKALIKES) if latin <= _LOOKALIKE_LETTERS else word


def tokenize(text: str) -> list[Token]:
    """Words (with hyphens), numbers (decimal comma read as point) and percent signs, with spans."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        raw = match.group()
        norm = normalize(raw)
        if kind == "number":
            norm = _canonical_number(norm)
        tokens.append(Token(raw, match.start(), match.end(), norm, kind))
    return tokens


def _canonical_number(number: str) -> str:
    """36,86 and 36.86 are the same number; 1.000.000 style groups are kept as written."""
    if number.count(",") + number.count(".") == 1:
        return number.replace(",", ".")
    return number


class Analyzer:
    """Turns text into BM25 terms; one instance is shared by the index and the questions.

    Lemmatisation is cached per word form (one parse serves lemma and tag; whether the dictionary
    knows the form is cached too), so analysing a question costs a few dictionary hits.
    `stopwords` are the function words (never searched); `common_words` are the content words of the
    packaged stopword list (год, время, человек, первый...): searched, but too common to show on
    their own that a text is about what a question asks.
    """

    def __init__(self, stems: bool = True, split_hyphens: bool = True, vectors: WordVectors | str | None = "default") -> None:
        """Load the morphology dictionary and build the stopword set (function words only).

        `vectors`: the word vectors of `bot.text.meaning` ("default": navec's news model, opened when
        first needed; None: words only).
        """
        self._morph = pymorphy3.MorphAnalyzer()
        self._first_parse = lru_cache(maxsize=200_000)(self._parse)
        self._stemmer = snowballstemmer.stemmer("russian")
        self.use_stems = stems
        self.split_hyphens = split_hyphens
        self.stopwords = frozenset(self._function_words())
        packaged = [normalize(w) for w in get_stop_words("ru")]
        self.common_words = frozenset(self._lemma(w) for w in packaged) - self.stopwords
        forms = [*packaged, *(normalize(w) for w in _EXTRA_STOPWORDS)]
        self.function_forms = frozenset(w for w in forms if self._lemma(w) in self.stopwords)
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)
        self.word_terms = lru_cache(maxsize=200_000)(self._word_terms)
        self.tag = lru_cache(maxsize=200_000)(self._tag)
        self.is_known = lru_cache(maxsize=200_000)(self._is_known)
        self.parses = lru_cache(maxsize=50_000)(self._parses)
        self._known: Mapping[str, tuple[str, ...]] = {}
        self._known_function: frozenset[str] = frozenset()
        self._vectors, self._vectors_opened = vectors, not isinstance(vectors, str)
        path = default_path() if isinstance(vectors, str) else getattr(vectors, "path", None)
        self.vectors_file = f"{path.name}:{path.stat().st_size}" if path is not None else "none"

    @property
    def vectors(self) -> WordVectors | None:
        """The word vectors (opened at the first use; None when there are none: words only, with one warning)."""
        if not self._vectors_opened:
            self._vectors_opened = True
            self._vectors = open_vectors()
        return self._vectors  # type: ignore[return-value]

    def _function_words(self) -> set[str]:
        """Lemmas of the packaged Russian stopwords that are function words, plus question words."""
        words = set()
        for word in get_stop_words("ru"):
            normal_form, tag = self._first_parse(word)  # cached: the common words' lemmas below read it again
            if word not in _NOT_STOPWORDS and (getattr(tag, "POS", None) in FUNCTION_POS or "Apro" in tag):
                words.add(normalize(normal_form))
        words |= {normalize(w) for w in _EXTRA_STOPWORDS}
        return words

    def _parse(self, word: str) -> tuple[str, object]:
        """The normal form and tag of a word's most likely parse: one dictionary look-up for lemma and tag.

        pymorphy3 raises on letters Python cannot name (Tangut, Khitan): such a word is its own lemma.
        """
        try:
            parse = self._morph.parse(word)[0]
        except ValueError:
            return word, frozenset()
        return parse.normal_form, parse.tag

    def _lemma(self, word: str) -> str:
        """The dictionary form of a lowercase word (ё read as е)."""
        if word in ABBREVIATIONS:
            return ABBREVIATIONS[word]
        if not _is_cyrillic(word):
            return word
        return normalize(self._first_parse(word)[0])

    def _tag(self, word: str):
        """The grammatical tag of a lowercase word's most likely parse (test grammemes with `in`)."""
        return self._first_parse(word)[1]

    def _is_known(self, word: str) -> bool:
        """True when the morphology dictionary knows the word (unknown: names or typos); cached as `is_known`."""
        try:
            return self._morph.word_is_known(word)
        except ValueError:
            return False

    def _parses(self, word: str) -> tuple[tuple[str, frozenset[str]], ...]:
        """Every reading pymorphy3 offers for a lowercase word: (normal form with ё read as е, grammemes).

        Cached as `parses`; names are matched in any inflection through these (`bot.text.names`).
        """
        if not _is_cyrillic(word):
            return ((word, frozenset()),)
        try:
            found = self._morph.parse(word)
        except ValueError:
            return ((word, frozenset()),)
        return tuple((normalize(p.normal_form), frozenset(p.tag.grammemes)) for p in found)

    def stem(self, word: str) -> str:
        """The Snowball stem of a lowercase word (Цзиньпина and Цзиньпине share «цзиньпин»)."""
        return self._stemmer.stemWord(word)

    def token_terms(self, token: Token) -> tuple[str, ...]:
        """The search terms one token contributes (none for a function word)."""
        if token.kind == "number":
            return (token.norm,)
        if token.kind == "percent":
            return (ABBREVIATIONS["%"],)
        return self.word_terms(token.norm)

    def remember(self, known: Mapping[str, tuple[str, ...]], function_forms: frozenset[str] = frozenset()) -> None:
        """Take the terms of these word forms as given, and which are `is_function_form` (saved with an index):
        a memo only, sparing the morphology of the texts' words when questions are read and quotes marked."""
        self._known = known
        self._known_function = function_forms

    def is_function_form(self, word: str) -> bool:
        """True for a word whose most likely part of speech is a function word's (PREP, CONJ, PRCL, NPRO, INTJ);
        the texts' words from the memo (`remember`), any other with the dictionary."""
        if word in self._known:
            return word in self._known_function
        return getattr(self.tag(word), "POS", None) in FUNCTION_POS

    def _word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one normalised word (cached: a dictionary look-up costs more than the rest of a query)."""
        known = self._known.get(word)
        if known is not None:
            return known
        parts = [word]
        if self.split_hyphens and "-" in word:
            parts += [p for p in re.split(r"[-‐‑]", word) if len(p) > 1]
        terms: list[str] = []
        for part in parts:
            lemma = self.lemma(part)
            if lemma in self.stopwords or part in self.stopwords:
                continue
            terms.append(lemma)
            if self.use_stems and _is_cyrillic(part) and not self.is_known(part):
                stem = "~" + self._stemmer.stemWord(part)
                if stem != "~" + lemma:
                    terms.append(stem)
        return tuple(terms)

    def terms(self, text: str) -> list[str]:
        """All search terms of a text, in order, repeats kept (BM25 counts them)."""
        return [term for token in tokenize(text) for term in self.token_terms(token)]


def _is_cyrillic(word: str) -> bool:
    """True when the word has a Cyrillic letter (pymorphy3 only knows Russian)."""
    return any("а" <= ch <= "я" or ch == "ё" for ch in word)
