"""Reading a question: which of its words no text holds (said under the answer as absent), as data."""

import pytest

from bot.qa.query import TEXT_WORDS

ABSENT = [
    ("Кто мэр Алматы?", ("мэр",)),  # the article names Алматы, never a mayor
    ("Где учился Токаев?", ("учился",)),  # as typed, not the lemma
    ("Какой урожай пшеницы был в 2023 году?", ("урожай",)),  # пшеница is in the article
    ("Встаёт ли Китай на сторону Казахстана?", ("Встаёт",)),  # case and ё kept
    ("бывали ли в китае казахстанские журналисты", ("журналисты",)),  # СМИ stands for it by meaning, the word is absent
    ("Что означает слово баурсак?", ("означает",)),  # «слово» frames the question
]
NOTHING_ABSENT = [
    "Каков объём товарооборота?",  # every word held
    "Какова популярность китайских автомобилей?",  # популярность ↔ популярностью by first letters
    "Что между Китаем и Казахстаном?",  # function words and places are never listed
    "Что говорится в статье о туризме?",  # words about the text itself
    "Что написано в тексте про туризм?",
    "Что сказал Путин о Казахстане?",  # a name: said by the name rule, not here
    "Сколько было в 1999 году?",  # numbers are not listed
    "Назовите объём товарооборота",  # a request in the imperative
    "А вообще, какой товарооборот, примерно?",  # adverbs
    "Хотелось бы узнать, какие данные о товарообороте",  # words about asking
]


@pytest.mark.parametrize("question, absent", ABSENT)
def test_words_no_text_holds_are_absent(engine, question, absent):
    assert engine.reader.read(question).absent == absent


@pytest.mark.parametrize("question", NOTHING_ABSENT)
def test_held_words_function_words_and_words_about_the_text_are_not(engine, question):
    assert engine.reader.read(question).absent == ()


def test_the_found_answer_carries_them_and_a_declined_one_says_why_instead(engine):
    answer = engine.ask("Кто мэр Алматы?")
    assert answer.found and answer.absent == ("мэр",)
    assert not engine.ask("Какая погода завтра в Москве?").absent
    assert {"статья", "текст", "говориться", "написать"} <= TEXT_WORDS


def test_words_about_asking_are_no_search_terms(engine):
    """«Меня интересует товарооборот»: «интересовать» would meet «интервью» by its first letters and the two words
    never share a quote; as a word about asking it is no term, and the question is answered."""
    assert engine.reader.read("Меня интересует товарооборот").terms == ("товарооборот",)
    assert engine.ask("Меня интересует товарооборот").found
    assert engine.reader.read("Хочу узнать, интересно, про туризм").terms == ("туризм",)
