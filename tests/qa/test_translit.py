"""Russian typed in Latin letters is read in Cyrillic; English is not."""

import pytest

from bot.qa.conversation import Conversation
from bot.qa.translit import russian_reading


@pytest.mark.parametrize(
    "message, reading",
    [
        ("tovarooborot", "товарооборот"),
        ("kto avtor statyi", "кто автор статйи"),
        ("skolko raz tokaev posetil kitai", "сколко раз токаев посетил китаи"),
        # English, and Latin names with no Russian reading
        ("what is this article about", None),
        ("who is the consul", None),
        ("Jiang Wei", None),
    ],
)
def test_which_latin_messages_read_as_russian(engine, message, reading):
    assert russian_reading(message, engine.analyzer, engine.speller) == reading


def test_russian_in_latin_letters_is_answered_and_english_gets_the_request_to_ask_in_russian(engine):
    conversation = Conversation(engine)
    answer = conversation.ask("skolko raz tokaev posetil kitai")
    assert answer.found and "дважды посетил" in answer.passages[0].text
    assert answer.question == "skolko raz tokaev posetil kitai"
    assert conversation.ask("who is the consul").reason == "other_language"


def test_an_answer_to_latin_letters_names_no_word_of_the_reading_as_absent(engine):
    # «china visit» read letter by letter is «чина висит»: words the user never typed
    answer = Conversation(engine).ask("tokayev china visit")
    assert answer.found and answer.absent == ()


def test_russian_and_its_i_a_y_in_latin_letters_and_small_talk_so_typed(engine):
    conversation = Conversation(engine)
    trade = conversation.ask("kakoi tovarooborot mezhdu kitaem i kazakhstanom")  # «i» is «и» here, not English
    assert trade.found and "36,86" in trade.passages[0].text
    assert "безвизовом" in conversation.ask("vizy").passages[0].text  # «y» after a consonant: «ы»
    thanks = conversation.ask("spasibo")
    assert thanks.intent == "smalltalk" and not thanks.found  # not the «приветствовать» sentence for «privet»
    assert conversation.ask("privet").intent == "smalltalk"
    assert conversation.ask("I want to know about trade").reason == "other_language"
