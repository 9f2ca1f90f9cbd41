"""The kind of answer a question asks for."""

import pytest

from bot.search.kinds import question_kind


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
