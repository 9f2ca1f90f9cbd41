"""Spelling: a misspelt question word read as the text's word it most likely means.

"Сколко составил тоарооборот?" finds the trade figure because "тоарооборот" is read as the
article's "товарооборот" (and "сколко" as the function word "сколько").
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from bot.text.analysis import Analyzer


class Speller:
    """Reads a misspelt question word as the text's word it most likely means ("тоарооборот" → "товарооборот").

    Only words the morphology dictionary does not know and whose terms the text never uses are
    corrected, and only when one reading is clearly the closest: its similarity (rapidfuzz ratio)
    reaches `cutoff` and beats every reading with other terms by `margin`. Function words are
    candidates too, so "сколко" is read as "сколько" and dropped like it. Results are cached per word,
    and the search runs only for such unknown words, so known questions cost nothing extra; the sorted
    list of readings is made on the first search, so a large archive starts without it.
    """

    def __init__(
        self,
        analyzer: Analyzer,
        words: Iterable[str],
        known_terms: Container[str],
        cutoff: float = 80.0,
        margin: float = 5.0,
    ) -> None:
        """`words`: the normalised word forms of the text; `known_terms`: the terms its index holds (any container)."""
        self.analyzer = analyzer
        self.known_terms = known_terms
        self._words = words
        self.cutoff = cutoff
        self.margin = margin
        self.correct = lru_cache(maxsize=20_000)(self._correct)

    @cached_property
    def candidates(self) -> list[str]:
        """The readings a misspelt word may get, sorted: the text's word forms and the function words."""
        words = set(self._words) | self.analyzer.function_forms
        self._words = ()
        return sorted(words)

    def needs_correction(self, word: str) -> bool:
        """True for a word of a few letters that neither the dictionary nor the text knows."""
        if len(word) < 4 or not word.isalpha() or self.analyzer.is_known(word):
            return False
        return not any(term in self.known_terms for term in self.analyzer.word_terms(word))

    def _correct(self, word: str) -> str | None:
        """The text's word (or function word) this one most likely means, or None when no reading is clear."""
        if not self.needs_correction(word):
            return None
        return self.closest(word)

    def closest(self, word: str) -> str | None:
        """The text's word form (or function word) clearly closest to `word` in spelling, whether or not the
        dictionary knows `word` ("майями" → "майами"), or None when no reading is clear."""
        matches = process.extract(word, self.candidates, scorer=fuzz.ratio, limit=5, score_cutoff=self.cutoff)
        if not matches:
            return None
        best, score = matches[0][0], matches[0][1]
        best_terms = self.analyzer.word_terms(best)
        rivals = [m[1] for m in matches[1:] if self.analyzer.word_terms(m[0]) != best_terms]
        if rivals and score - max(rivals) < self.margin:
            return None
        return best

