"""Names a question gives that no text mentions: declined as "unknown_name", the name said."""

import pytest

from bot.qa.engine import Engine
from bot.qa.names import MAX_SPELLING_SEARCHES, asked_names, latin_reading
from bot.text.parsing import parse_document


@pytest.mark.parametrize(
    "question, names",
    [
        ("Кто выиграл Евровидение в 2023 году?", ["Евровидение"]),
        ("Что сказал Путин о Казахстане?", ["Путин", "Казахстане"]),
        ("Что такое Newsky Award?", ["Newsky Award"]),
        # a run of capitalised words is one name, judged when one word is clearly a name ("Си" alone is a note)
        ("О чём договорились Си Джинпин и Токаев?", ["Си Джинпин"]),
        ("Что сказал О’Брайен?", ["О’Брайен"]),
        # at a sentence's start only a name to the dictionary; a title is a common noun
        ("Путин посетил Казахстан?", ["Путин", "Казахстан"]),
        ("Что сказал Президент?", []),
        ("Привет. Сколко стоит газ? Спасибо!", []),
        # capitals stand for words (РК is Казахстан), Roman numerals are numbers
        ("Что такое РК и ТВ?", []),
        ("Кто выиграл в XLIX веке?", []),
        # lowercase: only a word the dictionary knows as a name alone («путин» is «путина» too, «вера» a noun)
        ("что сказал путин", []),
        ("какой объем торговли с россией", ["россией"]),
        ("что пишут в москве о вере", ["москве"]),
        ("какие связи у провинции jiangsu", ["jiangsu"]),  # pinyin in small letters (not «and», not «ma»)
    ],
)
def test_which_words_of_a_question_read_as_names(analyzer, question, names):
    assert [question[run[0].start : run[-1].end] for run in asked_names(question, analyzer)] == names


def test_a_name_in_small_letters_the_article_never_mentions_is_declined_and_said(engine):
    answer = engine.ask("какой объем торговли с россией")  # not the article's China–Kazakhstan figure
    assert (answer.found, answer.reason, answer.topic) == (False, "unknown_name", "россией")
    assert engine.ask("какой объем торговли с китаем").found  # a name it does mention


def test_a_latin_name_is_compared_as_a_russian_reader_writes_it():
    assert [latin_reading(w) for w in ("Tokayev", "Wittenberg", "Shchukin")] == ["токайев", "виттенберг", "щукин"]


def test_a_name_the_article_never_mentions_is_declined_and_said(engine):
    answer = engine.ask("Кто выиграл Евровидение в 2023 году?")
    assert (answer.found, answer.reason, answer.topic, answer.confidence) == (False, "unknown_name", "Евровидение", 0.0)
    # the name as the question writes it; one at a sentence's start too
    assert engine.ask("Какие отношения у Китая с Россией?").topic == "Россией"
    assert engine.ask("Путин посетил Казахстан?").topic == "Путин"
    # a spelling close to a common word of the text ("Астане", "станет") is no mention
    assert engine.ask("Когда проходил саммит ШОС в Астане?").topic == "Астане"
    # the rule makes the confidence 0: with the threshold at 0 the passages are still there, as for the other rules
    assert Engine(engine.documents, engine.analyzer, threshold=0.0).ask("Кто выиграл Евровидение в 2023 году?").found


def test_the_bylines_names_and_latin_spellings_of_the_texts_names_are_mentions(engine):
    for question in ("Что пишет Вэй?", "Что сделал Tokayev в Китае?", "О чём договорились Си Джинпин и Токаев?"):
        assert engine.ask(question).reason != "unknown_name", question
    place = engine.ask("синцзян")  # in small letters: pymorphy knows it as a place only
    assert place.found and ("синцзян", "Синьцзян") in place.corrections
    lowercase = engine.ask("какие связи у провинции jiangsu")
    assert lowercase.found and ("jiangsu", "Цзянсу") in lowercase.corrections
    answer = engine.ask("О чём договорились Xi Jinping и Токаев?")  # pinyin read in the article's spelling
    assert answer.found and ("Jinping", "Цзиньпин") in answer.corrections


def test_a_name_mentioned_in_another_form_spelling_or_by_one_of_its_words_is_not_declined(analyzer):
    text = (
        "Чума\n\nВсе началось с казни Иоганна Эша в Антверпене. Твигг предположил, что причиной была сибирская язва. "
        "Джэксонвилл лежит в 550 км к северу от Майами.\n"
    )
    engine = Engine([parse_document(text)], analyzer)
    for question in (
        "Что началось с казни Эш?",  # the text's "Эша" shares the stem
        "Что предположил Грэхэм Твигг?",  # the text names him by his surname only
        "Как далеко Джэксонвилл от Майями?",  # another transliteration of the text's "Майами"
    ):
        answer = engine.ask(question)
        assert answer.found, (question, answer.reason, answer.topic)
    assert engine.ask("Что предположил Луи Пастер?").reason == "unknown_name"


def test_a_question_full_of_misspelt_names_costs_a_few_spelling_searches(engine, monkeypatch):
    searched = []
    speller = engine.speller

    class Counting:
        def closest(self, word):
            searched.append(word)
            return speller.closest(word)

    monkeypatch.setattr(engine.reader.names, "speller", Counting())
    # the article's long words with their second letter changed: names found by spelling only, none unknown
    words = sorted({w for s in engine.sentences for w in s.text.split() if w.isalpha() and len(w) >= 8})[:60]
    misspelt = [w[0].upper() + "ы" + w[2:] for w in words]
    engine.ask("Что сказано про " + ", ".join(misspelt) + "?")
    assert 0 < len(searched) <= MAX_SPELLING_SEARCHES


def test_another_transliteration_of_a_name_is_searched_as_the_texts_and_a_merely_close_name_is_not(analyzer, engine):
    answer = engine.ask("Синцзян и Казахстан торговля")
    assert ("Синцзян", "Синьцзян") in answer.corrections and "18,14 млрд" in answer.passages[0].text
    text = "Футбол\n\nНападающий Марио Эдисон добавил 6 мешков. Джон Пертви играл Доктора.\n"
    small = Engine([parse_document(text)], analyzer)
    # «Марли» is close enough to «Марио» not to be an unknown name, but is not searched as him
    assert small.reader.read("Что Марли Мэтлин перевела?").corrections == ()


def test_a_name_spelt_like_a_dictionary_word_is_read_as_the_texts_name_by_its_spelling_key(engine):
    # pymorphy reads «Вей» as «веять»; the byline writes «Вэй»
    assert ("Вей", "Вэй") in engine.reader.read("Кто такой Цзян Вей?").corrections
    assert ("Цзинпин", "Цзиньпин") in engine.reader.read("Что сказал Си Цзинпин?").corrections
    # a common word opening the question is no name, and a held word is left alone
    assert engine.reader.read("Вей, ветер! Что сказал Токаев?").corrections == ()
