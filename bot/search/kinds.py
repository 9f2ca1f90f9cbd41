"""The kind of answer a question asks for, read from its question words.

"сколько" (and "какова цена / какой бюджет…") asks for a quantity (a number that is not a year, or a
numeral word), "когда" for a date, "кто", "чей" and "какой" before a word for a person ("Какой
исследователь…") for a name, "где" for a place, "как называется" for a name. A question word inside a
clause of time (", когда в игре оставалось 4:51") or capitalised as a name ("Доктор Кто") asks nothing.
The ranker rewards the sentences holding such an answer that the question does not already contain
(`Ranker.answer_kind`); a quantity or a date shows in a sentence's form, so the engine also declines a
question of those kinds that no quote answers in kind (`bot.qa.abstention`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Which cues answer which kind of question ("places" holds names too: a place is often a name).
KIND_CUES = {"count": "numbers", "time": "dates", "person": "names", "place": "places", "name": "names"}
# The kinds whose answer a sentence shows in its form (a number, a numeral word, a year, a month).
FORMAL_KINDS = frozenset({"count", "time"})
# Words that give a quantity without being numerals to the dictionary ("много канадцев", "дважды"; as lemmatised).
QUANTITY_WORDS = frozenset(
    "много несколько немного множество большинство половина треть четверть десяток десятка сотня тысяча миллион "
    "миллиард дважды трижды четырежды".split()
)
# Words that give a time without a year or a month ("в X веке", "в прошлом году", "зимой", "недавно"; as lemmatised).
TIME_WORDS = frozenset(
    "век столетие десятилетие тысячелетие эпоха год месяц неделя день весна лето осень зима зимой весной летом осенью "
    "сегодня вчера завтра недавно давно ныне".split()
)
# "How many" of money or of years: the answer needs a currency (or an amount) / a number of years. "Сколько стоит"
# with nothing or an adverb between ("Сколько памятников стоит в центре?" is about standing, not a price).
_MONEY = re.compile(
    r"\bсколько\s+(?:(?:в среднем|примерно|приблизительно|сейчас|теперь|тогда)\s+)?сто(?:ит|ят|ил|ила|ило|или|ить)\b"
    r"|\bво сколько\b|\bстоимост|\bцен(?:а|е|у|ы|ой)\b|\bбюджет"
)
_AGE = re.compile(r"\bсколько\s+(?:\w+\s+)?лет\b|\bвозраст")
MONEY_WORDS = frozenset("доллар евро рубль тенге тенг юань фунт иена франк цент копейка миллион миллиард".split())
AGE_WORDS = frozenset({"год", "возраст"})
_QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "count",
        re.compile(
            r"\bсколько\b|\bкакое количество\b|\bкаков[оа]? (?:число|количество|численность|площадь|стоимость|сумма)"
            r"|\bкакой процент|\bкакую долю|\bна сколько\b"
            r"|\bкак(?:ой|ая|ие|ова|ов|ово|овы)\s+(?:цена|цены|стоимость|бюджет|сумма|размер|объем|возраст|доля)\b"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bкогда\b(?!-)|\bв каком (?:году|веке|месяце)|\bкакого числа|\bв какой период|\bкакой год|\bв какие годы"
            r"|\bдо какого года|\bс какого года"
        ),
    ),
    ("person", re.compile(r"\bкто\b|\bкем\b|\bкого\b|\bкому\b")),
    ("place", re.compile(r"\bгде\b|\bкуда\b|\bоткуда\b|\bв какой стране|\bв каком городе|\bв каком месте")),
    ("name", re.compile(r"\bназыва|\bназван")),
    ("person", re.compile(r"\bчей\b|\bчь(?:я|е|и|ей|его|ему|им|ими|их)\b")),
)
# "когда" after a comma opens a clause of time ("…, когда в игре оставалось 4:51?") when a question word comes
# before it; after "Скажите," or a name it is the question.
_WHEN_CLAUSE = re.compile(r",\s*когда\b(?!-)[^,?]*")
_ASKING = re.compile(r"\b(?:как\w*|что|чт[оа]|кто|кем|кого|кому|где|куда|откуда|почему|зачем|скольк\w*|чей|чь\w*|ч[её]м)\b")
# A question opening with a "когда"-clause whose question comes after the comma ("Когда арестуют …, какова …?").
_LEADING_WHEN = re.compile(
    r"^\W*когда\b[^,?]*,(?=\s*(?:(?:в|во|на|с|со|о|об|у|к|по|за|из|от|до|для|при)\s+)?"
    r"(?:как|что|чт|кто|кем|кого|где|куда|почему|зачем|сколько|чей|чь|ч[её]м))"
)
# A question word capitalised inside the question is a name ("Доктор Кто"), not a question word.
_NAMED = re.compile(r"(?<=\w )(?:Кто|Когда|Где)\b")
_WHICH = re.compile(r"\bкак(?:ой|ая|ое|ие|ого|ую|ом|им|ими|их|ому)((?:\s+\w+){1,3})")


def question_kind(question: str, tag: Callable[[str], object] | None = None) -> str:
    """The kind of answer a question asks for: count, time, person, place, name or other.

    `tag` (the analyzer's, for a lowercase word) lets "какой" before an animate noun ask for a person (its
    adjectives skipped: "Какой немецкий поэт…").
    """
    lowered = _question_part(question)
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


def _question_part(question: str) -> str:
    """The question lowercased (ё as е) without the clauses of time and the names that hold a question word."""
    lowered = _LEADING_WHEN.sub(" ", _NAMED.sub(" ", question).lower().replace("ё", "е"))
    return _WHEN_CLAUSE.sub(lambda m: " " if _ASKING.search(lowered, 0, m.start()) else m.group(0), lowered)


def count_unit(question: str) -> str:
    """What a how-many question counts: "money" ("Сколько стоит…?", "Какова цена…?"), "age" ("Сколько лет…?") or ""."""
    lowered = _question_part(question)
    return "money" if _MONEY.search(lowered) else "age" if _AGE.search(lowered) else ""


def is_time_word(lemma: str, tag: object = ()) -> bool:
    """True for a word that answers "когда" without being a year or a month: "век", "год", "зимой", or a Roman
    numeral the dictionary reads as one ("XIX"; a lone "X" it reads as a Latin letter, "в X веке" counts by "век")."""
    return lemma in TIME_WORDS or "ROMN" in tag


def is_quantity_word(lemma: str) -> bool:
    """True for a word that answers "сколько" without being a numeral: "много", "дважды", "шестикратный"."""
    return lemma in QUANTITY_WORDS or lemma.endswith("кратный")
