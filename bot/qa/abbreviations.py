"""Abbreviations read both ways: a question's «СУАР» as the text's «Синьцзян-Уйгурского автономного района», and
its «Коммунистической партии Китая» as the text's «КПК».

People shorten what an article writes out and write out what it shortens. An abbreviation the texts do not hold is
read as the run of the texts' words whose first letters spell it (the parts of a hyphenated word count apart, short
function words inside the run may be skipped: «ОБСЕ» for «Организация по безопасности и сотрудничеству в Европе»),
the run beginning with a capital, as names do, but not with its sentence's own capital; the run seen most often
wins. The texts are searched once per such abbreviation (cached). A run of the question's nouns, full adjectives
and participles whose first letters spell an abbreviation the texts write in capitals adds it to the search; the
first sentences holding the term tell whether they write it so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

from bot.text.analysis import Analyzer, Token, normalize

MIN_LETTERS = 3  # «ЦК», «СО» of two letters spell too many runs of words («сводному отчёту») to be read as one
MAX_LETTERS = 6
WRITTEN_SAMPLE = 8  # the sentences holding a term looked at for it written in capitals
MAX_SKIPPED_LETTERS = 2  # «по», «и», «в» inside a run need not give a letter
_PART = re.compile(r"[^\W\d_]+")
_OPENING = " «\"'(—–-"  # what may come before a sentence's first word
_LETTER = "[^\\W\\d_]"
_BETWEEN = rf"(?:-|\s+(?:{_LETTER}{{1,{MAX_SKIPPED_LETTERS}}}\s+){{0,2}})"  # a hyphen, or a space and short words


def is_abbreviation(text: str) -> bool:
    """Whether a word as typed looks like an abbreviation: letters only, all capitals, three to six of them."""
    return MIN_LETTERS <= len(text) <= MAX_LETTERS and text.isalpha() and text.isupper()


def _either(letter: str) -> str:
    """A letter in either case, «е» as «ё» too, for a pattern."""
    found = {letter.lower(), letter.upper()} | ({"ё", "Ё"} if letter in "еЕёЁ" else set())
    return "[" + "".join(sorted(found)) + "]"


def _run_pattern(key: str) -> re.Pattern[str]:
    """Words whose first letters spell `key` (lowercase), the first one with a capital and three letters or more."""
    first = "[" + "".join(sorted({key[0].upper()} | ({"Ё"} if key[0] == "е" else set()))) + "]"
    rest = "".join(f"{_BETWEEN}{_either(letter)}{_LETTER}*" for letter in key[1:])
    return re.compile(rf"(?<!{_LETTER}){first}{_LETTER}{{2,}}{rest}(?!{_LETTER})")


class Abbreviations:
    """The texts' abbreviations and the runs of words that spell them, found in the texts' sentences."""

    def __init__(self, sentences: Callable[[], Sequence[str]], holding: Callable[[str], Sequence[int]]) -> None:
        """`sentences`: every sentence's text, in order (called at the first question that needs it); `holding`:
        the ids of the sentences that hold a term (empty when none does)."""
        self._sentences = sentences
        self._holding = holding
        self.spelt_out = lru_cache(maxsize=1024)(self._spelt_out)
        self.written = lru_cache(maxsize=65_536)(self._written)  # a question tries a few dozen letter runs

    @cached_property
    def _texts(self) -> Sequence[str]:
        return self._sentences()

    def _spelt_out(self, abbreviation: str) -> str | None:
        """(Cached as `spelt_out`.) The run of the texts' words an abbreviation stands for, as the text writes it
        («суар» → «Синьцзян-Уйгурского автономного района»); None when no run spells it. The texts are searched
        once per abbreviation."""
        key = normalize(abbreviation.lower())
        if not MIN_LETTERS <= len(key) <= MAX_LETTERS or not key.isalpha():
            return None
        pattern = _run_pattern(key)
        found: Counter[str] = Counter()
        for sentence in self._texts:
            for match in pattern.finditer(sentence):
                # not the sentence's own capital: «В июне заключили торговое…» spells no «ВИЗТ»
                if sentence[: match.start()].strip(_OPENING):
                    found[match.group()] += 1
        if not found:
            return None
        return max(found, key=lambda text: (found[text], -len(text)))

    def _written(self, term: str) -> str | None:
        """(Cached as `written`.) The term as the texts write it when they write it as an abbreviation («кпк» →
        «КПК»), else None («мир» is a word): looked for in capitals in the first sentences holding it."""
        if not MIN_LETTERS <= len(term) <= MAX_LETTERS:
            return None
        capitals = term.upper()
        for sentence_id in self._holding(term)[:WRITTEN_SAMPLE]:
            text = self._texts[int(sentence_id)]
            at = text.find(capitals)
            while at >= 0:
                end = at + len(capitals)
                if not (at and text[at - 1].isalpha()) and not (end < len(text) and text[end].isalpha()):
                    return capitals
                at = text.find(capitals, at + 1)
        return None

    def shortened(
        self, letters: Sequence[str | None], name_part: Callable[[int], bool] = lambda i: True
    ) -> Iterable[tuple[int, int, str]]:
        """The runs of the question's words whose first letters spell one of the texts' abbreviations, as (first,
        past the last, the abbreviation as the text writes it): «Коммунистической партии Китая» → «КПК».
        `letters`: each word's first letters as `letters_of` gives them; `name_part(i)`: whether word i may be part of
        a written-out name (asked only of the words of a run that spells one)."""
        i = 0
        while i < len(letters):
            found = self._shortened_at(letters, i)
            if found is None or not all(name_part(k) for k in range(found[0], found[1]) if letters[k]):
                i += 1
                continue
            yield found
            i = found[1]

    def add_shortened(self, question: str, pieces: list, analyzer: Analyzer) -> list[tuple[str, str]]:
        """Adds to a question's pieces (token, terms) the texts' abbreviation of each run of its words that spells
        one («Коммунистической партии Китая» → «КПК»), and returns those readings as (typed, read)."""
        readings = []
        letters = [letters_of(t, terms) for t, terms in pieces]
        name_part = lambda i: is_name_part(analyzer.tag(pieces[i][0].norm))  # noqa: E731
        for first, end, written in self.shortened(letters, name_part):
            token, terms = pieces[end - 1]
            pieces[end - 1] = (token, (*terms, *analyzer.terms(written)))
            readings.append((question[pieces[first][0].start : token.end], written))
        return readings

    def _shortened_at(self, letters: Sequence[str | None], start: int) -> tuple[int, int, str] | None:
        if not letters[start]:
            return None
        spelt = ""
        for end in range(start, len(letters)):
            word = letters[end]
            if word is None:
                return None
            spelt += word
            if len(spelt) > MAX_LETTERS:
                return None
            written = self.written(spelt) if word and end > start else None
            if written:
                return start, end + 1, written
        return None


NAME_PARTS = frozenset({"NOUN", "ADJF", "PRTF"})  # what a written-out name is made of


def letters_of(token: Token, terms: Sequence[str]) -> str | None:
    """A question word's part in a run that spells an abbreviation: the first letters of its parts («Синьцзян-
    Уйгурского» → «су»), '' for a short function word that may be skipped («по», «и»), None for a word that ends a
    run: a number, an abbreviation, a longer function word («какой»)."""
    if token.kind != "word" or token.text.isupper() and len(token.text) > 1:
        return None
    if not terms:
        return "" if len(token.text) <= MAX_SKIPPED_LETTERS else None
    return "".join(normalize(part.group()[0].lower()) for part in _PART.finditer(token.text))


def is_name_part(tag: object) -> bool:
    """Whether a word with this grammatical tag may be part of a written-out name: a noun, a full adjective or a
    participle («Коммунистической партии Китая»), not «популярны» of «Казахстана популярны в Китае»."""
    return getattr(tag, "POS", None) in NAME_PARTS
