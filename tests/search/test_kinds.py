"""The kind of answer a question asks for."""

import pytest

from bot.search.kinds import count_unit, is_quantity_word, is_time_word, question_kind


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Сколько раз Токаев посетил Китай?", "count"),
        ("Какой процент дождевых лесов находится в Амазонии?", "count"),
        ("В каком году построили мост?", "time"),
        ("Когда вступило в силу соглашение?", "time"),
        ("Кто выиграл тендер?", "person"),
        ("Где открыли филиал?", "place"),
        ("Какую премию получил фильм?", "other"),
        ("Как называется гимн в переводе с английского?", "name"),
        ("Чей пример привлёк внимание к неповиновению?", "person"),
        ("Чьими трудами построен мост?", "person"),
        ("Какой исследователь ввёл в обиход название «кислород»?", "name"),
        ("Какая цена на семена подсолнечника?", "count"),
        ("Каков объём товарооборота?", "count"),
        ("Какой бюджет у инициативы?", "count"),
    ],
)
def test_question_kinds(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Какой исследователь открыл кислород?", "person"),
        ("Какая актриса сыграла роль?", "person"),
        ("Какой немецкий поэт является потомком гугенотов?", "person"),
        ("Произведения какого известного писателя похожи на эти?", "person"),
        ("Какой большой город стоит на реке?", "other"),
        ("Какая река протекает вдоль города?", "other"),
        ("Какую премию получил фильм?", "other"),
    ],
)
def test_which_before_a_word_for_a_person_asks_for_a_person(analyzer, question, kind):
    assert question_kind(question, analyzer.tag) == kind
    assert question_kind(question) == "other"  # without the tagger no word is known to be a person


@pytest.mark.parametrize(
    "question, kind",
    [
        # "когда" opening a clause of time is no question word: the question is asked by another one, or none
        ("На линии скольких ярдов Каролина начинала, когда в игре оставалось 4:51?", "other"),
        ("Кто был лидером, когда франки вошли в долину Евфрата?", "person"),
        ("Когда арестуют большое количество людей, какова обычная тактика переговоров?", "other"),
        ("Что значит, когда узел считается неразложимым?", "other"),
        ("Между какими двумя улицами когда-то проживали богатые горожане?", "other"),
        # a question word capitalised as a name
        ("Что делает Доктор Кто, когда его тело повреждено?", "other"),
        ("Когда мэр гостил в столице, на какой конференции он выступил?", "other"),
        # the question word itself still counts, at the start, after a conjunction, a polite opener or a name
        ("А когда открылось консульство?", "time"),
        ("Скажите, когда Токаев посетил Китай?", "time"),
        ("Подскажите, пожалуйста, когда был визит?", "time"),
        ("Токаев, когда он посетил Китай?", "time"),
        ("Когда был основан университет, и кто его основал?", "time"),
    ],
)
def test_a_question_word_inside_a_clause_or_a_name_asks_nothing(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize("lemma, expected", [("много", True), ("дважды", True), ("шестикратный", True), ("город", False)])
def test_quantity_words_answer_how_many_without_a_numeral(lemma, expected):
    assert is_quantity_word(lemma) is expected


def test_time_words_answer_when_without_a_year(analyzer):
    assert all(is_time_word(w, analyzer.tag(w)) for w in ("век", "год", "весна", "недавно", "xix"))
    assert all(is_time_word(analyzer.lemma(w)) for w in ("зимой", "весной", "давно"))
    assert not any(is_time_word(w, analyzer.tag(w)) for w in ("город", "завод"))


@pytest.mark.parametrize(
    "question, unit",
    [
        ("Сколько стоит билет на поезд?", "money"),
        ("Сколько примерно стоили автомобили?", "money"),
        ("Какая цена на семена подсолнечника?", "money"),
        ("Какой бюджет у инициативы?", "money"),
        ("Сколько лет Токаеву?", "age"),
        ("Сколько лет было Мэннингу, когда он играл в Суперкубке?", "age"),
        ("Сколько раз Токаев посетил Китай?", ""),
        ("Каковы цены на билеты?", "money"),
        ("Сколько в среднем стоит билет?", "money"),
        ("Во сколько обошлась реконструкция?", "money"),
        ("Сколько памятников стоит в центре города?", ""),  # standing, not a price
    ],
)
def test_how_many_of_money_or_of_years(question, unit):
    assert count_unit(question) == unit
