"""A one-person dialogue (the console, `ask --follow`): «ещё» pages on like the «Ещё результаты» button."""

from bot.front.commands import CONSOLE
from bot.front.dialogue import Dialogue
from bot.front.session import Session, sentence_ids


def ask(dialogue, message):
    reply = dialogue.more(message)
    if reply is None:
        reply = dialogue.session.ask(message, subject=dialogue.subject)
        dialogue.observe(message, reply.answer)
    return reply


def test_what_else_pages_through_the_same_search_and_never_quotes_a_sentence_twice(engine):
    dialogue = Dialogue(Session(engine, front=CONSOLE))
    first = ask(dialogue, "Сколько раз Токаев посетил Китай?")
    seen = sentence_ids(first.answer.passages)
    pages = 0
    while True:
        reply = ask(dialogue, "а что ещё?" if pages == 0 else "ещё")
        if reply.answer is None:
            assert "Других подходящих цитат в статье нет" in reply.messages[0]
            break
        page = sentence_ids(reply.answer.passages)
        assert page and not page & seen
        seen |= page
        pages += 1
        assert pages < 30
    assert pages >= 2
    assert "дважды" in ask(dialogue, "Сколько раз Токаев посетил Китай?").messages[0]  # a new question starts over


def test_more_before_any_answer_or_after_small_talk_is_not_paging(engine):
    dialogue = Dialogue(Session(engine, front=CONSOLE))
    assert dialogue.more("ещё") is None
    ask(dialogue, "Сколько раз Токаев посетил Китай?")
    ask(dialogue, "Привет")  # small talk keeps what was shown
    assert dialogue.more("ещё") is not None
    ask(dialogue, "Кто автор статьи?")  # a metadata line has nothing after it
    assert dialogue.more("ещё") is None


def test_what_else_after_an_answer_with_no_other_quote_gives_quotes_like_it(engine):
    dialogue = Dialogue(Session(engine, front=CONSOLE))
    ask(dialogue, "Кто выиграл тендер?")  # one sentence holds its words: the search has nothing more
    first = ask(dialogue, "а что ещё?")
    second = ask(dialogue, "ещё")
    assert first.answer.found and second.answer.found
    assert not sentence_ids(first.answer.passages) & sentence_ids(second.answer.passages)


def test_more_after_an_answer_whose_search_is_spent_never_repeats_the_answers_quotes(engine):
    dialogue = Dialogue(Session(engine, front=CONSOLE))
    first = ask(dialogue, "Каков объём товарооборота?")  # three quotes, and the search holds no fourth
    seen = sentence_ids(first.answer.passages)
    for _ in range(4):
        reply = ask(dialogue, "ещё")
        if reply.answer is not None:
            page = sentence_ids(reply.answer.passages)
            assert page and not page & seen
            seen |= page
    assert reply.answer is None and "Других подходящих цитат в статье нет" in reply.messages[0]


def test_more_after_a_declined_follow_up_pages_the_last_answer_and_skips_what_it_showed(engine):
    dialogue = Dialogue(Session(engine, front=CONSOLE))
    first = ask(dialogue, "Кто такой Токаев?")
    seen = sentence_ids(first.answer.passages)
    assert not ask(dialogue, "а где?").answer.found  # declined: the dialogue keeps what was shown
    reply = ask(dialogue, "ещё")
    assert reply.answer is None or not sentence_ids(reply.answer.passages) & seen
