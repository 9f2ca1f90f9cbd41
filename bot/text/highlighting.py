"""Highlighting: which words of a quoted text matched the question, and how (exactly or by meaning).

Function words ("между", "и") are never marked, even where they are searched. The tokens of the
texts last marked are kept: the same sentences are quoted again and again.
"""

from __future__ import annotations

from functools import lru_cache

from bot.text.analysis import Analyzer, Token, tokenize


class Highlighter:
    """Marks the words of quoted texts whose terms a question asked for."""

    def __init__(self, analyzer: Analyzer) -> None:
        """Words are read with this analyzer (the index's), so a word is marked when its terms match."""
        self.analyzer = analyzer
        self._tokens = lru_cache(maxsize=4096)(lambda text: tuple(tokenize(text)))

    def matched_spans(self, text: str, wanted: set[str]) -> list[tuple[int, int]]:
        """Character spans of the words of `text` whose terms are in `wanted` (`marked_spans`): what to highlight."""
        return self.marked_spans(text, [wanted])[0]

    def marked_spans(self, text: str, kinds: list[set[str]]) -> list[list[tuple[int, int]]]:
        """Spans of the words matching each set of terms, in one pass (a word goes to the first set it matches).

        Function words ("между", "и") are never marked, even where they are searched; the tokens of the
        texts last marked are kept (the same sentences are quoted again and again).
        """
        spans: list[list[tuple[int, int]]] = [[] for _ in kinds]
        if not any(kinds):
            return spans
        for token in self._tokens(text):
            terms = self.analyzer.token_terms(token)
            if not terms:
                continue
            for number, wanted in enumerate(kinds):
                if wanted.intersection(terms):
                    if not self.is_function_word(token):
                        spans[number].append((token.start, token.end))
                    break
        return spans

    def is_function_word(self, token: Token) -> bool:
        """True for a word whose most likely part of speech is a function word's (PREP, CONJ, PRCL, NPRO, INTJ)."""
        return token.kind == "word" and self.analyzer.is_function_form(token.norm)
