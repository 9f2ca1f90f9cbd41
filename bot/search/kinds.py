"""The kind of answer a question asks for, read from its question words.

"сколько" asks for a quantity (a number that is not a year, or a numeral word), "когда" for a date,
"кто", "чей" and "какой" before a word for a person ("Какой исследователь…") for a name, "где" for
a place, "как называется" for a name. The ranker rewards the sentences holding such an answer
that the question does not already contain (`Ranker.answer_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Which cues answer which kind of question ("places" holds names too: a place is often a name).
KIND_CUES = {"count": "numbers", "time": "dates", "person": "names", "place": "places", "name": "names"}
_QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "count",
        re.compile(
            r"\bсколько\b|\bкакое количество\b|\bкаков[оа]? (?:число|количество|численность|площадь|стоимость|сумма)"
            r"|\bкакой процент|\bкакую долю|\bна сколько\b"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bкогда\b|\bв каком (?:году|веке|месяце)|\bкакого числа|\bв какой период|\bкакой год|\bв какие годы"
            r"|\bдо какого года|\bс какого года"
        ),
    ),
    ("person", re.compile(r"\bкто\b|\bкем\b|\bкого\b|\bкому\b")),
    ("place", re.compile(r"\bгде\b|\bкуда\b|\bоткуда\b|\bв какой стране|\bв каком городе|\bв каком месте")),
    ("name", re.compile(r"\bназыва|\bназван")),
    ("person", re.compile(r"\bчей\b|\bчь(?:я|е|и|ей|его|ему|им|ими|их)\b")),
)
_WHICH = re.compile(r"\bкак(?:ой|ая|ое|ие|ого|ую|ом|им|ими|их|ому)((?:\s+\w+){1,3})")


def question_kind(question: str, tag: Callable[[str], object] | None = None) -> str:
    """The kind of answer a question asks for: count, time, person, place, name or other.

    `tag` (the analyzer's, for a lowercase word) lets "какой" before an animate noun ask for a person (its
    adjectives skipped: "Какой немецкий поэт…").
    """
    lowered = question.lower().replace("ё", "е")
    for kind, pattern in _QUESTION_KINDS:
        if pattern.search(lowered):
            return kind
    which = _WHICH.search(lowered) if tag is not None else None
    if which is None:
        return "other"
    for word in which.group(1).split():
        grammemes = tag(word)
        if "NOUN" in grammemes:
            return "person" if "anim" in grammemes else "other"
        if "ADJF" not in grammemes:  # "какой немецкий поэт": the noun after its adjectives
            break
    return "other"
