"""Names a question gives that no text mentions: "Кто выиграл Евровидение в 2023 году?" asks about something
the article never names, so none of its sentences can answer, whatever other words they share.

A question's word reads as a name when it is capitalised without opening a sentence of the question and the
dictionary reads it first as a name, place or organisation, does not know it, or it is Latin; words in capitals
(РК, ТВ) are left out, as they often stand for the text's words, and so are Roman numerals and a quoted title's
first word. Such a name is *mentioned* when one of its terms, its stem or its first letters is in the texts, or a
word form of the texts is clearly its spelling ("Майями" for "Майами").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text.analysis import Analyzer, Token, tokenize
from bot.text.names import first_grammemes, is_cyrillic_word
from bot.text.speller import Speller

_ROMAN = re.compile(r"[IVXLCDM]+")
_SENTENCE_END = re.compile(r"[.!?…]")
_OPENING_QUOTES = "«\"„“'"
MIN_SPELLED = 4  # shorter names are too close to too many words ("Луи" to "ли") to be matched by spelling
MAX_SPELLING_SEARCHES = 4


def asked_names(question: str, analyzer: Analyzer) -> list[Token]:
    """The question's words that read as names (see the module docstring), in order."""
    words = [t for t in tokenize(question) if t.kind == "word"]
    names = []
    for previous, token in zip(words, words[1:]):
        text = token.text
        if not text[:1].isupper() or text.isupper() or _ROMAN.fullmatch(text):
            continue
        if _SENTENCE_END.search(question[previous.end : token.start]):  # "Привет. Сколко…": capitalised as a start
            continue
        if question[token.start - 1 : token.start] in _OPENING_QUOTES:
            continue
        latin = not is_cyrillic_word(text)
        if latin or first_grammemes(analyzer, token.norm) or not analyzer.is_known(token.norm):
            names.append(token)
    return names


class NameCheck:
    """Finds the names a question gives that the texts never mention, over the texts' terms and spelling."""

    def __init__(self, analyzer: Analyzer, speller: Speller, holds: Callable[[str], bool]) -> None:
        """`holds(term)`: whether the texts hold a term, whole or by its first letters."""
        self.analyzer = analyzer
        self.speller = speller
        self.holds = holds

    def unknown(self, question: str) -> tuple[str, ...]:
        """The first name of the question that no text mentions in any form (empty when there is none), in its
        dictionary form when the dictionary knows it ("Россией" → "Россия"), else as typed. A name of several
        words is mentioned when one of them is ("Грэхэм Твигг" where the text says only "Твигг"). At most
        `MAX_SPELLING_SEARCHES` names are looked for by spelling (each a search over the texts' word forms,
        ~10 ms in a 100k-sentence archive); a question full of made-up names is judged by its first ones."""
        searches = MAX_SPELLING_SEARCHES
        for run in _runs(question, asked_names(question, self.analyzer)):
            words = [token for token in run if self.analyzer.token_terms(token)]  # not "Кто" of "Доктор Кто"
            if not words or any(self._held(token) for token in words):
                continue
            spelled = [token for token in words if len(token.norm) >= MIN_SPELLED]
            if len(spelled) > searches:
                return ()  # no searches left: the rest is taken as mentioned
            searches -= len(spelled)
            if not any(self._spelled(token) for token in spelled):
                return (" ".join(self._shown(token) for token in words),)
        return ()

    def _held(self, token: Token) -> bool:
        """Whether the texts hold a term of the word, its stem or its first letters."""
        terms = (*self.analyzer.token_terms(token), "~" + self.analyzer.stem(token.norm))
        return any(self.holds(term) for term in terms)

    def _spelled(self, token: Token) -> bool:
        """Whether a word form of the texts (not a function word: "Луи" is no "ли") is clearly the word's spelling."""
        closest = self.speller.closest(token.norm)
        return closest is not None and closest not in self.analyzer.function_forms

    def _shown(self, token: Token) -> str:
        """The word as a reply names it: its dictionary form, capitalised, when the dictionary knows it."""
        return self.analyzer.lemma(token.norm).capitalize() if self.analyzer.is_known(token.norm) else token.text


def _runs(question: str, names: list[Token]) -> list[list[Token]]:
    """The names grouped into runs of words separated by spaces only ("Грэхэм Твигг")."""
    runs: list[list[Token]] = []
    for token in names:
        if runs and not question[runs[-1][-1].end : token.start].strip():
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs
