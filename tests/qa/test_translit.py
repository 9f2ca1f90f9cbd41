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
