"""Names a question gives that no text mentions: "Кто выиграл Евровидение в 2023 году?" asks about something
the article never names, so none of its sentences can answer, whatever other words they share.

A question's capitalised words, in runs separated by spaces only ("Си Джинпин"), are its names; a run is judged
when one of its words is clearly a name: Latin, read first as a name, place or organisation by the dictionary, or
unknown to it (not at the start of a sentence, where any word has a capital). Words in capitals (РК, ТВ) are never
judged, as they often stand for the text's words, and neither are Roman numerals and a quoted title's first word.
A word in small letters the dictionary knows only as a name («россией», «москва», not «путин»: «путина») is a
name clearly too: people type names so.
A run is *mentioned* when one of its words has a term, the stem or the first letters in the texts (their metadata
lines too: the byline's "Цзян Вэй"), or a name the texts write with a capital is clearly its spelling ("Майями"
for "Майами", "Tokayev" for "Токаев").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache

from bot.text.analysis import Analyzer, Token, tokenize
from bot.text.names import first_grammemes, is_cyrillic_word, only_names, same_name_keys, spelling_key
from bot.text.pinyin import palladius
from bot.text.speller import Speller

_ROMAN = re.compile(r"[IVXLCDM]+")
_SENTENCE_END = re.compile(r"[.!?…]")
_OPENING_QUOTES = "«\"„“"
_JOINING = ("", "'", "’")  # what may stand between two words of one name ("О’Брайен")
MIN_KEYED = 3  # a capitalised word the dictionary knows is read as a name of the texts by its spelling key from here
MIN_SPELLED = 4  # shorter names are too close to too many words ("Луи" to "ли") to be matched by spelling
MAX_SPELLING_SEARCHES = 4  # per question: each is a search over the texts' word forms (~10 ms at 100k sentences)
# Latin letters read in Russian, digraphs first, for comparing a Latin name with the texts' ("Tokayev" → токайев).
_LATIN = (
    ("shch", "щ"), ("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ya", "я"),
    ("yu", "ю"), ("yo", "е"), ("ph", "ф"), ("th", "т"), ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"),
    ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"),
    ("x", "кс"), ("y", "й"), ("z", "з"),
)  # fmt: skip
_LATIN_PATTERN = re.compile("|".join(re.escape(latin) for latin, _ in _LATIN))
_LATIN_READING = dict(_LATIN)


def asked_names(question: str, analyzer: Analyzer, tokens: list[Token] | None = None) -> list[list[Token]]:
    """The question's runs of capitalised words that hold a word clearly a name (see the module docstring);
    `tokens`: the question's, when already at hand."""
    runs: list[list[Token]] = []
    judged: list[bool] = []
    previous: Token | None = None
    for token in (t for t in (tokenize(question) if tokens is None else tokens) if t.kind == "word"):
        role = _role(question, token, previous, analyzer)
        joined = runs and previous is runs[-1][-1] and question[previous.end : token.start].strip() in _JOINING
        if role is not None and joined:
            runs[-1].append(token)
            judged[-1] = judged[-1] or role
        elif role is not None:
            runs.append([token])
            judged.append(role)
        previous = token
    return [run for run, judge in zip(runs, judged) if judge]


def _role(question: str, token: Token, previous: Token | None, analyzer: Analyzer) -> bool | None:
    """None for a word that is no part of a name; else whether it is clearly a name (True) or only capitalised."""
    text = token.text
    if text.islower() and len(text) >= MIN_KEYED and only_names(analyzer, token.norm):
        return True  # «россией», «москва» in small letters: the dictionary knows them as names only
    if text.islower() and text.isascii() and len(text) >= MIN_SPELLED and palladius(text):
        return True  # «провинция jiangsu»: a Chinese name in pinyin, in small letters
    if not text[:1].isupper() or _ROMAN.fullmatch(text):
        return None
    before = question[previous.end : token.start] if previous is not None else question[: token.start]
    mark = before.strip()[-1:]
    opening = previous is None or bool(_SENTENCE_END.search(before)) or (mark != "" and mark in _OPENING_QUOTES)
    grammemes = first_grammemes(analyzer, token.norm)
    if opening:
        return True if grammemes and not text.isupper() else None
    if text.isupper():
        return False
    return not is_cyrillic_word(text) or bool(grammemes) or not analyzer.is_known(token.norm)


def latin_reading(word: str) -> str:
    """A Latin word as a Russian reader would write it ("tokayev" → "токайев"): what its spelling is compared by."""
    return _LATIN_PATTERN.sub(lambda m: _LATIN_READING[m.group(0)], word.lower())


class NameCheck:
    """Finds the first name a question gives that the texts never mention, over their terms, names and spelling."""

    def __init__(
        self,
        analyzer: Analyzer,
        speller: Speller,
        holds: Callable[[str], bool],
        text_names: Iterable[str] = (),
        metadata_lines: Iterable[str] = (),
    ) -> None:
        """`holds(term)`: whether the texts hold a term, whole or by its first letters; `text_names`: the terms of
        the words the texts write with a capital inside a sentence; `metadata_lines`: their titles and bylines."""
        self.analyzer = analyzer
        self.speller = speller
        self.holds = holds
        self.stem = lru_cache(maxsize=20_000)(analyzer.stem)  # a Snowball stem costs more than the rest of a name
        self._metadata_lines = list(metadata_lines)
        self._text_names = text_names
        self.name_spelling = lru_cache(maxsize=4096)(self._name_spelling)

    def unknown(self, question: str, tokens: list[Token] | None = None) -> tuple[str, ...]:
        """The first name of the question that no text mentions, as the question writes it (empty when none);
        `tokens`: the question's, when already at hand."""
        searches = MAX_SPELLING_SEARCHES
        for run in asked_names(question, self.analyzer, tokens):
            words = [token for token in run if self.analyzer.token_terms(token)]  # not "Кто" of "Доктор Кто"
            if not words or any(self._held(token) for token in words):
                continue
            spelled = [token for token in words if len(token.norm) >= MIN_SPELLED]
            if len(spelled) > searches:
                continue  # no searches left for this name: taken as mentioned
            searches -= len(spelled)
            if not any(self.spelled_like_a_name(token.norm) for token in spelled):
                return (question[run[0].start : run[-1].end],)
        return ()

    @cached_property
    def metadata_terms(self) -> frozenset[str]:
        """The terms and stems of the metadata lines' words (made at the first name the index does not hold, so
        that a large archive starts without it)."""
        words = [t for line in self._metadata_lines for t in tokenize(line) if t.kind == "word"]
        return frozenset(term for t in words for term in self._terms(t))

    @cached_property
    def text_names(self) -> frozenset[str]:
        """The terms of the names the texts capitalise, and of their metadata lines' words."""
        return frozenset(self._text_names) | self.metadata_terms

    def _terms(self, token: Token) -> tuple[str, ...]:
        """The word's terms and its stem."""
        return (*self.analyzer.token_terms(token), "~" + self.stem(token.norm))

    def _held(self, token: Token) -> bool:
        """Whether the texts hold a term of the word, its stem or its first letters."""
        return any(self.holds(term) or term in self.metadata_terms for term in self._terms(token))

    def spellings(self, question: str, tokens: list[Token]) -> dict[int, str]:
        """The text's names the question's names are another transliteration of («Синцзян» → «синьцзян», «Tokayev» →
        «токаев»: the same `spelling_key`, stricter than `unknown`'s spelling, which lets «Марли» be «Марио»), by the
        start of the question's word; only for names no text holds (the searches are `unknown`'s own, cached). A
        capitalised word the dictionary knows as another word is read by its key alone («Вей»: «веять» to pymorphy)."""
        found: dict[int, str] = {}
        runs = asked_names(question, self.analyzer, tokens)
        judged = {token.start for run in runs for token in run}
        for i, token in enumerate(tokens):  # a word the dictionary knows too («Вей» for the byline's «Вэй»), by its key
            capital = (i or token.start in judged) and token.text[:1].isupper()
            named = token.text.islower() and bool(first_grammemes(self.analyzer, token.norm))  # «синцзян»: a place
            if (capital or named) and len(token.norm) >= MIN_KEYED:
                reading = self.names_by_key.get(spelling_key(token.norm))
                if reading is not None and reading != token.norm and not self._held(token):
                    found[token.start] = reading
        searches = MAX_SPELLING_SEARCHES
        for token in (token for run in runs for token in run if token.start not in found):
            if len(token.norm) < MIN_SPELLED or not self.analyzer.token_terms(token) or self._held(token):
                continue
            if searches == 0:
                break
            searches -= 1
            reading = self.name_spelling(token.norm)
            if reading is not None and spelling_key(reading) == spelling_key(self._russian(token.norm)):
                found[token.start] = reading
        for run in runs:  # «Zhang Wei» is not the byline's «Цзян Вэй»: a Chinese name is read whole or not at all
            pinyin = [token for token in run if token.norm.isascii() and palladius(token.norm)]
            if any(t.start not in found and not self.holds(palladius(t.norm) or "") for t in pinyin):
                for token in pinyin:
                    found.pop(token.start, None)
        return found

    @cached_property
    def names_by_key(self) -> dict[str, str]:
        """The texts' names (and their metadata lines' words) by their spelling key, keys two names share left out."""
        found: dict[str, str] = {}
        shared: set[str] = set()
        for term in self.text_names:
            if term[:1] != "~" and len(term) >= MIN_KEYED and term.isalpha():
                key = spelling_key(term)
                if found.setdefault(key, term) != term:
                    shared.add(key)
        return {key: term for key, term in found.items() if key not in shared}

    @staticmethod
    def _russian(word: str) -> str:
        """The word as a Russian reader would write it: a Latin word read as pinyin when it is pinyin («Jinping» →
        «цзиньпин», `bot.text.pinyin`), else letter by letter («Tokayev» → «токайев»)."""
        return word if is_cyrillic_word(word) else palladius(word) or latin_reading(word)

    def _name_spelling(self, word: str) -> str | None:
        """(Cached as `name_spelling`.) The text's word form, a name, clearly the word's spelling (a Latin word read
        in Russian first), or None."""
        closest = self.speller.closest(self._russian(word))
        if closest is None or not self.text_names.intersection(self.analyzer.word_terms(closest)):
            return None
        return closest

    def names_word(self, word: str) -> bool:
        """Whether the texts hold a word (lowercase) or a name of theirs is another spelling of it, the same spelling
        key («синжуй»: the text's «Синжуя»)."""
        if any(self.holds(term) or term in self.metadata_terms for term in self.analyzer.word_terms(word)):
            return True
        reading = self.name_spelling(word)
        return reading is not None and same_name_keys(spelling_key(reading), spelling_key(word))

    def spelled_like_a_name(self, word: str) -> bool:
        """Whether a name of the texts is clearly the word's spelling."""
        return self.name_spelling(word) is not None
