"""Abbreviations read both ways: the text's words for a question's abbreviation, the text's abbreviation for them."""

from bot.front.render.telegram_html import names_read
from bot.qa.conversation import Conversation
from bot.qa.abbreviations import Abbreviations, is_abbreviation, letters_of
from bot.qa.engine import Engine
from bot.text.analysis import tokenize
from bot.text.parsing import parse_document

SENTENCES = [
    "В марте состоялся визит секретаря парткома Синьцзян-Уйгурского автономного района КНР.",
    "Делегация Организации по безопасности и сотрудничеству в Европе прибыла в Астану.",
    "В июне заключили торговое соглашение.",
    "Члены КПК встретились с журналистами.",
]


def abbreviations(sentences=SENTENCES) -> Abbreviations:
    holding = {"кпк": [3], "кнр": [0], "мир": [1]}
    return Abbreviations(lambda: sentences, lambda term: holding.get(term, ()))


def test_an_abbreviation_is_read_as_the_words_whose_first_letters_spell_it():
    found = abbreviations()
    assert found.spelt_out("СУАР") == "Синьцзян-Уйгурского автономного района"  # a hyphenated word's parts count apart
    assert found.spelt_out("суар") == "Синьцзян-Уйгурского автономного района"
    assert found.spelt_out("ОБСЕ") == "Организации по безопасности и сотрудничеству в Европе"  # «по», «и», «в» skipped


def test_a_run_must_begin_with_a_name_like_capital_not_the_sentences_own():
    found = abbreviations()
    assert found.spelt_out("ВИЗТ") is None  # «В июне заключили торговое…»: the capital only begins the sentence
    assert found.spelt_out("ВСВ") is None  # «визит секретаря…» in small letters: no name
    assert found.spelt_out("ЦК") is None  # two letters spell too many runs


def test_the_most_frequent_run_wins():
    sentences = ["Здесь Научный Центр Астаны.", "Там Новый Цех Алматы.", "И снова Научный Центр Астаны."]
    assert abbreviations(sentences).spelt_out("НЦА") == "Научный Центр Астаны"


def test_a_term_counts_as_an_abbreviation_only_where_the_texts_write_it_in_capitals():
    found = abbreviations()
    assert found.written("кпк") == "КПК"
    assert found.written("мир") is None  # a word, not an abbreviation
    assert found.written("шос") is None  # held by no sentence


def test_a_run_of_the_questions_words_spelling_a_texts_abbreviation_is_found():
    found = abbreviations()
    tokens = tokenize("Чем занимается Коммунистическая партия Китая?")
    letters = [letters_of(t, ("x",) if len(t.text) > 3 else ()) for t in tokens]
    assert list(found.shortened(letters)) == [(2, 5, "КПК")]
    assert letters_of(tokenize("Синьцзян-Уйгурского")[0], ("x",)) == "су"
    assert letters_of(tokenize("КНР")[0], ("кнр",)) is None  # an abbreviation ends a run
    assert letters_of(tokenize("по")[0], ()) == ""  # a short function word may be skipped


def test_only_nouns_adjectives_and_participles_make_a_written_out_name(engine):
    # «Казахстана популярны в Китае» spells «КПК» too, but «популярны» is no part of a name
    query = engine.reader.read("Какие товары из Казахстана популярны в Китае?")
    assert "кпк" not in query.terms and not [read for _, read in query.corrections if read == "КПК"]
    assert "кпк" in engine.reader.read("Что делает Коммунистическая партия Китая?").terms


def test_only_capitals_of_three_to_six_letters_look_like_an_abbreviation():
    assert is_abbreviation("СУАР") and is_abbreviation("ШОС")
    assert not is_abbreviation("ЦК") and not is_abbreviation("Суар") and not is_abbreviation("ABCDEFG")


def test_the_engine_finds_the_sentence_and_says_how_it_read_the_abbreviation(engine):
    answer = engine.ask("Кто секретарь парткома СУАР?")
    assert answer.found and "Ма Синжуя" in answer.passages[0].text
    assert answer.absent == ()  # «СУАР» is not named as missing from the article
    assert names_read(answer.corrections) == [("СУАР", "Синьцзян-Уйгурского автономного района")]
    answer = engine.ask("что пишут средства массовой информации?")
    assert answer.found and "СМИ" in answer.passages[0].text
    assert names_read(answer.corrections) == [("средства массовой информации", "СМИ")]


def test_what_is_an_abbreviation_in_small_letters_finds_the_words_it_stands_for(engine):
    answer = Conversation(engine).ask("что такое суар")
    assert answer.found and "Синьцзян-Уйгурского автономного района" in answer.passages[0].text


def test_a_typo_in_small_letters_is_left_to_the_speller(analyzer):
    text = "Торговля\n\nВ июне Казахстан заключил торговое соглашение с Китаем. Визит прошёл успешно.\n"
    engine = Engine([parse_document(text)], analyzer)
    query = engine.reader.read("Как прошёл визт?")
    assert "визит" in query.terms
