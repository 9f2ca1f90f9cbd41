"""Reading a question: which of its words no text holds (said under the answer as absent), as data."""

import pytest

from bot.qa.engine import Engine
from bot.qa.query import TEXT_WORDS
from bot.text.parsing import parse_document

ABSENT = [
    ("Кто мэр Алматы?", ("мэр",)),  # the article names Алматы, never a mayor
    ("Где учился Токаев?", ("учился",)),  # as typed, not the lemma
    ("Какой урожай пшеницы был в 2023 году?", ("урожай",)),  # пшеница is in the article
    ("Встаёт ли Китай на сторону Казахстана?", ("Встаёт",)),  # case and ё kept
    ("бывали ли в китае казахстанские журналисты", ("журналисты",)),  # the word is absent (СМИ is close in meaning)
    ("Кто подписал соглашение?", ("подписал",)),
    ("Какой вкус у баурсака?", ("вкус",)),
    ("Какой товарооборот был в 2022 году?", ("2022",)),  # a year no text names (2023 is named)
    ("Товарооборот 50 миллиардов долларов?", ("50",)),  # a figure no text names
    ("Какие 777 соглашений?", ("777",)),
    ("Товарооборот 50", ("50",)),  # at the very end too
    ("Какой товарооборот был в позапрошлом году?", ("2022",)),
    ("Товарооборот в две тысячи двадцать втором году", ("две тысячи двадцать втором",)),  # a year in words  # a relative year no text names, as its number
    ("Сколько было саммитов ШОС?", ("ШОС",)),  # an abbreviation no text holds or spells out
    ("сколько было саммитов шос", ("шос",)),  # a word the dictionary and the speller do not know
]
NOTHING_ABSENT = [
    "Каков объём товарооборота?",  # every word held
    "Какова популярность китайских автомобилей?",  # популярность ↔ популярностью by first letters
    "Что между Китаем и Казахстаном?",  # function words and places are never listed
    "Что говорится в статье о туризме?",  # words about the text itself
    "Что написано в тексте про туризм?",
    "Что сказал Путин о Казахстане?",  # a name: said by the name rule, not here
    "Какие 5 соглашений?",  # a figure below ten is not listed (often written as a word)
    "Что было в 70-х годах?",  # a figure with an ending: often written otherwise («1970-х»)
    "Назовите объём товарооборота",  # a request in the imperative
    "А вообще, какой товарооборот, примерно?",  # adverbs
    "Хотелось бы узнать, какие данные о товарообороте",  # words about asking
    "Поясните, пожалуйста, про безвизовый режим",  # a request: a verb in the second person
    "Что означает слово баурсак?",  # «слово» frames the question, «означать» is inside «обозначать»
    "Китайские авто в Казахстане",  # «авто» begins «автомобиль»
    "Кто генконсул КНР?",  # «консул» ends it
    "<b>товарооборот</b>",  # two letters or fewer are never named
    "Сколько км составляет трансграничная железная дорога?",  # «км» as typed: too short to name
    "Хочу спросить про Синьцзян",  # asking
    "Не понял, сколько раз Токаев ездил в Китай?",  # understanding: about asking too
    "Как называется фильм о казахах?",  # asking a name
    "ездили ли представители средств массовой информации в китай",  # the words of the text's «СМИ»
    "в-третьих, сколько соглашений?",  # an ordinal ordering what is said
]


@pytest.mark.parametrize("question, absent", ABSENT)
def test_words_no_text_holds_are_absent(engine, question, absent):
    assert tuple(typed for _, typed in engine.reader.read(question).absent) == absent


@pytest.mark.parametrize("question", NOTHING_ABSENT)
def test_held_words_function_words_and_words_about_the_text_are_not(engine, question):
    assert [typed for _, typed in engine.reader.read(question).absent] == []


def test_a_word_the_quote_says_in_other_words_is_not_named(engine):
    """«машины» is absent from the article, but the quote says «автомобилей» (cosine 0.61): the answer does not
    name it; «журналисты» beside «СМИ» (0.56 as typed) neither."""
    question = "Китайские машины на улицах Казахстана"
    assert [typed for _, typed in engine.reader.read(question).absent] == ["машины"]
    assert engine.ask(question).absent == ()
    assert engine.ask("бывали ли в китае казахстанские журналисты").absent == ()
    assert engine.ask("Кто мэр Алматы?").absent == ("мэр",)  # мэр ↔ глава 0.52, and the quote has no «глава»
    assert engine.ask("Какой юбилей отмечался в 2023 году?").absent == ()  # «10-летие» says it: 0.54


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


def test_a_figure_the_title_gives_is_not_named_absent(analyzer):
    engine = Engine([parse_document("Суперкубок 50\n\nКоманда «Денвер» выиграла матч. Игра прошла в Калифорнии.\n")], analyzer)
    assert "50" not in [typed for _, typed in engine.reader.read("Кто выиграл Суперкубок 50?").absent]
    assert "60" in [typed for _, typed in engine.reader.read("Кто выиграл Суперкубок 60?").absent]
