"""A question's numbers read as the texts' numbers: in words («шестьдесят два процента») and rounded («62 %», «37 млрд»).

People round what they read and spell numbers out: the text says «62.3%» and «36,86 млрд», the user asks
about «62 процента», «тридцать шесть миллиардов» or «37 миллиардов». A number the texts do not hold
is read as the texts' numbers it is the whole part of or rounds to (at most `MAX_READINGS` of them:
beyond that the number tells nothing), and a number in words is read as its figures first; a number below 100
before «год» is the year of this century the texts hold («в 23 году», «в двадцать третьем году» → 2023). A number
the texts hold stays as it is, and so does one of a single word the texts hold as a word («двух стран»). An
ordinal of one word is read as a figure only where the texts write that figure as an ordinal («третий форум» → the
text's «3-м Форуме»: a text's bare «3» is a count far more often than «третий»), and a cardinal of one word below
ten never is («два типа», «один из»: the text's «2» is seldom what they mean).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

from bot.text.analysis import Token
from bot.text.numbers import ORDINALS, number_runs

MAX_READINGS = 3
YEAR_WORD = "год"
MIN_SPELT = 10  # «один», «два типа»: a number word alone below ten is rarely the figure a text gives
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")

# One question token and its terms, as the reader builds them.
Piece = tuple[Token, tuple[str, ...]]


class NumberReader:
    """Reads the numbers of a question as the texts' numbers, over the texts' terms."""

    def __init__(
        self, terms: Iterable[str], holds: Callable[[str], bool], as_ordinal: Callable[[str], bool] = lambda figure: False
    ) -> None:
        """`terms`: every term of the texts (read once, at the first number they do not hold); `holds`: whether
        the texts hold a term whole (not by its first letters: «десять» is not held by «десятилетие»);
        `as_ordinal`: whether they write a figure with an ordinal's ending («3-м», «10-й»)."""
        self._terms = terms
        self.holds = holds
        self.as_ordinal = as_ordinal

    @cached_property
    def by_whole(self) -> dict[int, tuple[str, ...]]:
        """The texts' numbers by their whole part and by the whole number they round to (62.3 → 62; 36.86 → 36, 37)."""
        found: dict[int, list[str]] = {}
        for term in self._terms:
            if _NUMBER.match(term) and "." in term:
                value = float(term)
                for whole in {math.floor(value), math.floor(value + 0.5)}:
                    found.setdefault(whole, []).append(term)
        self._terms = ()
        return {whole: tuple(sorted(terms)) for whole, terms in found.items()}

    def readings(self, number: str) -> tuple[str, ...]:
        """The texts' numbers a question's number stands for: itself when they hold it, else those it is the whole
        part of or rounds to (none when there are more than `MAX_READINGS`, or for a decimal they lack)."""
        if self.holds(number):
            return (number,)
        if not number.isdigit():
            return ()
        near = self.by_whole.get(int(number), ())
        return near if len(near) <= MAX_READINGS else ()

    def short_year(self, number: str, after: list[Piece]) -> tuple[str, ...]:
        """«в 23 году», «в двадцать третьем году»: a number below 100 before «год» read as the year of this century
        the texts hold (empty when they do not, or the number is no such year)."""
        if not number.isdigit() or int(number) >= 100 or not after or YEAR_WORD not in after[0][1]:
            return ()
        year = str(2000 + int(number))
        return (year,) if self.holds(year) else ()

    def _one_word(self, lemma: str, value: str) -> bool:
        """Whether a number of one word is read as a figure: an ordinal the texts write as one, a cardinal from ten."""
        return self.as_ordinal(value) if lemma in ORDINALS else float(value) >= MIN_SPELT

    def read(self, pieces: list[Piece]) -> tuple[list[Piece], list[tuple[str, str]]]:
        """The question's pieces with its numbers read as the texts' (a number in words as one piece), and the
        readings made, as (typed, read) like the speller's corrections."""
        lemmas = [
            terms[0] if len(terms) == 1 and token.kind == "word" else "и" if token.norm == "и" else ""
            for token, terms in pieces
        ]
        runs = {
            start: (end, value)
            for start, end, value in number_runs(lemmas)
            if end - start > 1 or self._one_word(lemmas[start], value)
        }
        out: list[Piece] = []
        readings: list[tuple[str, str]] = []
        i = 0
        while i < len(pieces):
            token, terms = pieces[i]
            end, number = runs.get(i, (i + 1, terms[0] if token.kind == "number" and terms else ""))
            spelt = end - i > 1 or token.kind == "word"
            if not number or (spelt and end - i == 1 and self.holds(terms[0])):
                # «третьем» held as the word of «третьей дороги» and as the figure of «3-м Форуме»: both searched
                ordinal = number and i in runs and lemmas[i] in ORDINALS
                out.append((token, (*terms, number)) if ordinal else pieces[i])
                i += 1
                continue
            found = self.readings(number) or self.short_year(number, pieces[end : end + 1])
            typed = " ".join(p[0].text for p in pieces[i:end])
            whole = Token(typed, token.start, pieces[end - 1][0].end, number, "number")
            if found and (found != (number,) or spelt):
                out.append((whole, found))
                readings.append((typed, ", ".join(found)))
            elif spelt and (end - i > 2 or not any(self.holds(t) for _, terms in pieces[i:end] for t in terms)):
                # a number the texts lack, as a number: named as absent («две тысячи двадцать втором» though the
                # texts hold «два»; of two words or one, a word the texts hold keeps it words: «двух стран»)
                out.append((whole, (number,)))
            else:
                out.extend(pieces[i:end])
            i = end
        return out, readings


ORDINAL_ENDING = r"[-‐‑](?:й|я|е|ю|м|го|му|ми|х|ой|ом|ую|ая|ые|ых|ым|ое|ого|ому)(?![^\W\d_])"
ORDINAL_SAMPLE = 20  # the sentences holding a figure looked at for it written as an ordinal


def ordinal_figures(sentences: Callable[[], Sequence[str]], holding: Callable[[str], Sequence[int]]) -> Callable[[str], bool]:
    """Whether the texts write a figure as an ordinal («3-м», «10-й»), from the first `ORDINAL_SAMPLE` sentences
    holding it: `sentences` gives every sentence's text (called per figure asked: it should keep its list),
    `holding` the ids of the sentences holding a term."""

    @lru_cache(maxsize=1024)
    def as_ordinal(figure: str) -> bool:
        pattern = re.compile(rf"(?<![\d.,]){re.escape(figure)}{ORDINAL_ENDING}")
        texts = sentences()
        return any(pattern.search(texts[int(i)]) for i in holding(figure)[:ORDINAL_SAMPLE])

    return as_ordinal
