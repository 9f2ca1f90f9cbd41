"""Topics typed as a list get a quote for each instead of the «never together» refusal."""

import pytest

from bot.qa.conversation import Conversation
from bot.qa.topics import listed_topics


@pytest.mark.parametrize(
    "message, topics",
    [
        ("фильм и театр", ["фильм", "театр"]),
        ("банк, ТЭЦ", ["банк", "ТЭЦ"]),
        ("фильм, театр и кухня", ["фильм", "театр", "кухня"]),
        # a question word, a question mark or one topic: not a list
        ("Кто президент США?", []),
        ("президент и США?", []),
        ("фильм", []),
        ("что такое фильм и театр", []),
        ("a, b, c, d", []),
    ],
)
def test_which_messages_list_topics(message, topics):
    assert listed_topics(message) == topics


def test_two_topics_the_article_never_quotes_together_get_a_quote_each(engine):
    conversation = Conversation(engine)
    assert engine.ask("фильм и театр").reason == "not_together"  # the engine alone declines
    answer = conversation.ask("фильм и театр")
    assert answer.found and answer.reason == "each_topic"
    texts = [p.text for p in answer.passages]
    assert any("фильм" in t for t in texts) and any("театра" in t for t in texts)
    # a question about a link the text does not make is still declined
    assert not conversation.ask("Кто президент США?").found
