"""Names in a text: people, places and organisations, read from capital letters and pymorphy3's tags.

There is no named-entity recogniser yet, so a *name word* is read from the text's shape: a word
with a capital letter inside a sentence (Токаев, Северо-Западного, Баурсак), an abbreviation in
capitals (КНР, ТЭЦ), a Latin word with a capital (Newsky Award), or, first in a sentence, a word
pymorphy3 tags as a first name, surname, patronymic, place or organisation (Name, Surn, Patr, Geox,
Orgn) or does not know at all. A capitalised common noun for a person (Президент, Председатель) is
a title, not a name. Consecutive name words form a `NameSpan` (character offsets into the text,
the shape an NER model's output has, so a recogniser can replace `name_spans` later).

Names are compared in any inflection through `word_keys`: the word itself, every normal form
pymorphy3 offers for it and its Snowball stem. Токаев, Токаева and Токаеву share «токаев»;
Лу Бань and Лу Баня share «баня»; Цзиньпина and Цзиньпине share the stem «цзиньпин».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.analysis import Analyzer, Token, tokenize

NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})
PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
# Common nouns that open a place's name in Russian: «Республика Казахстан», «Алматинская область» aside.
PLACE_KINDS = frozenset("республика область край район округ город провинция штат страна королевство федерация".split())
MIN_STEM_WORD = 3  # shorter words are compared whole (Си, Ма, Лу); Вэй, Вэя, Вэе share «вэ»
_SENTENCE_END = re.compile(r"[.!?…]\W*$")


@dataclass(frozen=True)
class NameSpan:
    """A name in a text: its character span, its words, and whether it names a person or a place."""

    start: int
    end: int
    text: str
    words: tuple[Token, ...]
    person: bool
    place: bool


def word_keys(analyzer: Analyzer, norm: str) -> frozenset[str]:
    """What a normalised word is compared by: itself, its pymorphy3 normal forms and its stem («~» + stem)."""
    keys = {norm}
    keys.update(form for form, _ in analyzer.parses(norm))
    if len(norm) >= MIN_STEM_WORD and norm.isalpha():
        keys.add("~" + analyzer.stem(norm))
    return frozenset(keys)


# What transliterations of one name differ by: ь, ъ and й come and go, vowels are written iotated or not, э as е.
_SPELLING_FOLD = str.maketrans({"ь": None, "ъ": None, "й": None, "я": "а", "ю": "у", "ё": "е", "э": "е", "ы": "и"})
_DOUBLED = re.compile(r"(.)\1+")


def spelling_key(word: str) -> str:
    """A name's spelling with what transliterations vary in folded away: «Синцзян» and «Синьцзян», «Майями» and
    «Майами», «Джэксонвилл» and «Джексонвил» share theirs; «Марли» and «Марио» do not."""
    return _DOUBLED.sub(r"\1", word.lower().translate(_SPELLING_FOLD))


# What a case ending adds to a name's spelling key (я → а, ю → у, й dropped): «Синжуй» → «Синжуя», not «Петр» → «Петров».
CASE_ENDING = re.compile(r"[аеиоу]{1,2}|[аеио]м|[аи]х|ами")


def same_name_keys(key: str, other: str) -> bool:
    """Whether two spelling keys are one name's, but for a case ending («синжу» of «Синжуй», «синжуа» of «Синжуя»)."""
    short, long = sorted((key, other), key=len)
    return long.startswith(short) and (long == short or bool(CASE_ENDING.fullmatch(long[len(short) :])))


def is_cyrillic_word(word: str) -> bool:
    """True when the word has a Cyrillic letter."""
    return any("а" <= ch <= "я" or ch == "ё" for ch in word.lower())


def grammemes(analyzer: Analyzer, norm: str) -> frozenset[str]:
    """The name grammemes (Name, Surn, Patr, Geox, Orgn) of any of a word's readings."""
    return frozenset().union(*(tags & NAME_GRAMMEMES for _, tags in analyzer.parses(norm)))


def only_names(analyzer: Analyzer, norm: str) -> bool:
    """Whether every reading the dictionary knows of a word is a name («россией», «москва»; not «путин», which is
    «путина» too, nor «вера»)."""
    readings = analyzer.parses(norm)
    return bool(readings) and analyzer.is_known(norm) and all(tags & NAME_GRAMMEMES for _, tags in readings)


def first_grammemes(analyzer: Analyzer, norm: str) -> frozenset[str]:
    """The name grammemes of a word's most likely reading (what tells a person from a place)."""
    readings = analyzer.parses(norm)
    return readings[0][1] & NAME_GRAMMEMES if readings else frozenset()


def is_title(analyzer: Analyzer, norm: str) -> bool:
    """A common noun for a person (президент, председатель, консул, член): a title next to a name."""
    readings = analyzer.parses(norm)
    first = readings[0][1] if readings else frozenset()
    return "NOUN" in first and "anim" in first and not first & NAME_GRAMMEMES and analyzer.is_known(norm)


def name_word(analyzer: Analyzer, token: Token, initial: bool) -> bool:
    """Whether a word of a text is (part of) a name; `initial` when it opens a sentence."""
    text = token.text
    if token.kind != "word" or not text[:1].isupper():
        return False
    if len(text) >= 2 and text.isupper():
        return True
    if not is_cyrillic_word(text):
        return True
    if grammemes(analyzer, token.norm):
        return True
    if initial:
        return not analyzer.is_known(token.norm)
    return not is_title(analyzer, token.norm)


def name_spans(text: str, analyzer: Analyzer) -> list[NameSpan]:
    """The names of a text in order: runs of name words separated by spaces only.

    A run is cut where an abbreviation is followed by a capitalised word (КНР | Ма Синжуй) and
    between a place and a person (Алматы | Цзян Вэй).
    """
    tokens = tokenize(text)
    runs: list[list[Token]] = []
    previous: Token | None = None
    for token in tokens:
        initial = previous is None or bool(_SENTENCE_END.search(text[previous.end : token.start]))
        if initial and previous is None:
            initial = not text[: token.start].strip(" \t\n\"'«“„(—-")
        if not name_word(analyzer, token, initial):
            previous = token
            continue
        joined = runs and previous is runs[-1][-1] and not text[previous.end : token.start].strip()
        if joined and not _boundary(analyzer, previous, token):
            runs[-1].append(token)
        else:
            runs.append([token])
        previous = token
    return [_span(text, run, tokens, analyzer) for run in runs]


def _boundary(analyzer: Analyzer, left: Token, right: Token) -> bool:
    """Two adjacent name words that are two names: an abbreviation then a word, or a place then a person."""
    if left.text.isupper() and len(left.text) >= 2 and not right.text.isupper():
        return True
    left_tags, right_tags = first_grammemes(analyzer, left.norm), first_grammemes(analyzer, right.norm)
    return "Geox" in left_tags and not left_tags & PERSON_GRAMMEMES and bool(right_tags & PERSON_GRAMMEMES)


def _span(text: str, run: list[Token], tokens: list[Token], analyzer: Analyzer) -> NameSpan:
    """A run of name words as a span: a person when a word reads first as a first name, surname or
    patronymic, or a title precedes it; a place when every word reads first as a place, or a kind of place
    names one («Республики Казахстан», «Провинция Цзянсу»)."""
    tags = frozenset().union(*(first_grammemes(analyzer, t.norm) for t in run))
    position = tokens.index(run[0])
    titled = position > 0 and is_title(analyzer, tokens[position - 1].norm) and not all(t.text.isupper() for t in run)
    person = bool(tags & PERSON_GRAMMEMES) or titled
    places = ["Geox" in first_grammemes(analyzer, t.norm) for t in run]
    kind_of_place = len(run) > 1 and all(analyzer.lemma(t.norm) in PLACE_KINDS for t in run[:-1])
    place = not person and (all(places) or kind_of_place)
    return NameSpan(run[0].start, run[-1].end, text[run[0].start : run[-1].end], tuple(run), person, place)
