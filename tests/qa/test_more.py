"""«Подробнее» and «А что ещё?» typed after an answer: its quote in context, and the quotes after it."""

import pytest

from bot.qa.conversation import Conversation
from bot.qa.subject import subject_key_of
from bot.qa.more import DETAIL, MORE, SECTION, more_request, section_about, section_asked


@pytest.fixture(scope="module")
def conversation(engine):
    return Conversation(engine)


@pytest.mark.parametrize(
    "message, kind",
    [
        ("подробнее", DETAIL),
        ("А можно поподробнее?", DETAIL),
        ("расскажи подробнее, пожалуйста", DETAIL),
        ("а что ещё?", MORE),
        ("Ещё", MORE),
        ("что-нибудь ещё?", MORE),
        ("покажи контекст", DETAIL), ("можно больше деталей?", DETAIL), ("да, подробнее", DETAIL),
        ("другие цитаты", MORE), ("следующая цитата", MORE), ("дальше по тексту", MORE), ("продолжай", MORE),
        ("весь раздел", SECTION), ("покажи раздел целиком", SECTION), ("целиком", None),
        ("а ещё что-нибудь о визите?", None),  # names a topic: a follow-up question
        ("подробнее о безвизовом режиме", None),
        ("что", None),
    ],
)
def test_which_messages_ask_for_more(message, kind):
    assert more_request(message) == kind


def answered(conversation, question):
    answer = conversation.ask(question)
    return answer, subject_key_of(answer, conversation.engine.library)


def test_more_detail_quotes_the_answer_with_the_sentences_around_it(conversation):
    first, key = answered(conversation, "Кто выиграл тендер?")
    top = first.passages[0]
    detail = conversation.ask("А можно поподробнее?", subject=key)
    [passage] = detail.passages
    assert detail.found and detail.intent == "followup"
    assert top.text in passage.text and len(passage.text) > 2 * len(top.text)
    assert passage.sentence == top.sentence - 2 and passage.sentence_count == 5
    assert passage.section == top.section  # the context stays within the section


def test_what_else_gives_the_next_quotes_not_the_first_again(conversation):
    first, key = answered(conversation, "Сколько раз Токаев посетил Китай?")
    more = conversation.ask("а что ещё?", subject=key)
    assert more.found and more.intent == "followup"
    assert first.passages[0].text not in [p.text for p in more.passages]
    assert more.passages[0].text == first.passages[1].text  # the next quote of the same search


def test_asked_with_no_answer_before_it_asks_for_the_question(conversation):
    assert conversation.ask("подробнее").reason == "needs_subject"


def test_the_whole_section_and_nothing_more_after_a_metadata_line(conversation):
    _, key = answered(conversation, "Кто выиграл тендер?")
    section = conversation.ask("весь раздел", subject=key)
    assert section.found and len(section.passages) == 12 and {p.section for p in section.passages} == {2}
    _, byline = answered(conversation, "Кто автор статьи?")
    for message in ("подробнее", "а что ещё?", "весь раздел"):
        assert conversation.ask(message, subject=byline).reason == "no_more", message


def test_a_request_for_more_with_a_topic_does_not_name_its_own_word_as_absent(conversation):
    assert "подробнее" not in conversation.ask("подробнее о безвизовом режиме").absent


def test_what_else_after_a_narrow_answer_gives_quotes_like_it(conversation):
    _, key = answered(conversation, "Кто выиграл тендер?")  # its words are in one sentence only
    more = conversation.ask("а что ещё?", subject=key)
    assert more.found and all("Консорциум" not in p.text for p in more.passages)


def test_a_section_asked_by_its_number_needs_no_earlier_answer(conversation):
    section = conversation.ask("Покажи весь раздел 3")
    assert section.found and {p.section for p in section.passages} == {3}
    assert conversation.ask("покажи раздел 9").found is False


@pytest.mark.parametrize(
    "message, number",
    [
        ("О чём третий раздел?", 3), ("Что во втором разделе?", 2), ("первый раздел", 1), ("О чём последний раздел?", 3),
        ("Что в заключении?", 4), ("Покажи вступление", 0),
        ("В каком разделе говорится о визах?", None), ("Какое заключение сделал автор?", None),  # questions
        ("О чём пятый раздел?", None), ("Третий", None),
    ],
)
def test_a_section_asked_by_its_place(seed_doc, message, number):
    assert section_asked(message, seed_doc) == number


def test_the_section_asked_by_its_place_is_quoted_whole(conversation):
    answer = conversation.ask("Что в заключении?")
    assert answer.found and [p.section for p in answer.passages] == [4, 4, 4]


@pytest.mark.parametrize(
    "message, number",
    [
        ("раздел про дружбу", 3),  # «…громко звучит песня о дружбе»
        ("глава о дипломатии", 1),
        ("раздел про визы", None),  # no title names it: a search
        ("В каком разделе говорится о дружбе?", None),  # a question, answered by a quote and its reference
    ],
)
def test_a_section_asked_by_what_its_title_names(engine, seed_doc, message, number):
    assert section_about(message, seed_doc, engine.analyzer.terms) == number


def test_the_section_asked_about_is_quoted_whole(conversation):
    answer = conversation.ask("раздел про дружбу")
    assert answer.found and {p.section for p in answer.passages} == {3} and len(answer.passages) > 3
