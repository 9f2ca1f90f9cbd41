"""The session layer: one place that cleans and cuts questions, runs the commands and builds replies.

The property tests run every command of the command table, in every front end that has it, with
arbitrary arguments (odd digits, huge numbers, control characters, HTML): each gets a reply that
Telegram accepts, never an exception.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.front.button_data import CONTEXT_DATA, EXAMPLE_DATA, MORE_DATA, SECTION_DATA, subject_key
from bot.front.commands import COMMANDS, CONSOLE, TELEGRAM, commands_for
from bot.front.console import Console
from bot.front.session import Session, sentence_ids
from bot.qa.engine import Engine
from bot.text.parsing import parse_document
from tests.front.render.checks import assert_valid_telegram_html

ODD_ARGUMENTS = ["²", "٣", "-1", "1.5", "99999999999999999999", "0", "9" * 5000, "<b>", "&", "\x00", "\ud800",
                 "1 2 3", " ", "", "all", "все", "😀", "\u202e2", "１"]
ARGUMENTS = st.one_of(st.sampled_from(ODD_ARGUMENTS), st.text(max_size=30),
                      st.tuples(st.sampled_from(ODD_ARGUMENTS), st.text(max_size=20)).map(" ".join))
QUIET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NORMANS = "Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон."


@pytest.fixture(scope="module")
def session(engine):
    return Session(engine)


@pytest.fixture(scope="module")
def two_documents(seed_doc, analyzer):
    return Session(Engine([seed_doc, parse_document(NORMANS, doc_id="normans")], analyzer))


def _valid(reply) -> None:
    assert reply is not None and reply.messages
    for message in reply.messages:
        assert_valid_telegram_html(message)
    for row in reply.buttons:
        for button in row:
            assert 1 <= len(button.data.encode()) <= 64 and button.label


@QUIET
@given(argument=ARGUMENTS)
def test_every_shared_command_answers_any_argument_in_every_front_end(session, two_documents, argument):
    for front in (TELEGRAM, CONSOLE):
        for command in commands_for(front):
            for each in (session, two_documents):
                reply = each.command(command.name, argument, front)
                if command.name in ("stats", "quit"):  # the front end's own commands
                    assert reply is None
                else:
                    _valid(reply)


@QUIET
@given(argument=ARGUMENTS)
def test_the_console_answers_every_command_with_any_argument(engine, argument):
    console = Console(Session(engine), color=False)
    for command in commands_for(CONSOLE):
        reply = console.reply(f"/{command.name} {argument}")
        if command.name == "quit":
            assert reply is None
        else:
            assert reply and "<b>" not in reply and "\x1b" not in reply


@pytest.mark.parametrize("argument", ["²", "٣", "99999999999999999999", "-1", "x", ""])
def test_odd_numbers_get_the_usage_message(session, two_documents, argument):
    assert session.commands.section(argument).messages[0].startswith("Укажите номер раздела")
    assert two_documents.commands.doc(argument).messages[0].startswith("Укажите номер документа")
    assert two_documents.commands.doc(f"{argument} Кто был вождём?").messages[0].startswith("Укажите номер документа")


def test_a_question_is_cleaned_and_cut_with_a_note(engine):
    session = Session(engine, max_question_chars=40)
    question = session.question("Кто\x00 выиграл\x1b тендер? " + "очень " * 20)
    assert question.truncated and len(question.text) <= 40 and "\x00" not in question.text
    assert question.text.split()[-1] == "очень"  # cut between words, not inside one
    unbroken = session.question("Товарооборот" * 10)
    assert unbroken.truncated and len(unbroken.text) == 40  # no space to cut at: cut at the limit
    reply = session.ask("Кто выиграл тендер? " + "очень " * 20)
    assert reply.messages[0].startswith("<i>Вопрос очень длинный, я прочитал только первые 40 символов.</i>")
    assert "ТЭЦ № 2" in reply.messages[0]


def test_a_long_message_ending_in_a_question_is_answered_from_its_end(engine):
    session = Session(engine, max_question_chars=100)
    preamble = "Здравствуйте! Я студент, пишу курсовую о Центральной Азии, руководитель просит цифры. " * 5
    reply = session.ask(preamble + "Каков объём товарооборота между Китаем и Казахстаном?")
    assert reply.messages[0].startswith("<i>Сообщение очень длинное, я ответил на его последний вопрос.</i>")
    assert "36,86 млрд" in reply.messages[0]
    question = session.question(preamble + "Каков объём товарооборота?")
    assert question.truncated and question.from_end and question.text.endswith("Каков объём товарооборота?")


def test_an_answer_has_context_more_and_section_buttons(session):
    reply = session.ask("Каков объём товарооборота между Китаем и Казахстаном?")
    [[context, more, section]] = reply.buttons
    assert (context.label, more.label, section.label) == ("Контекст", "Ещё результаты", "Весь раздел")
    assert CONTEXT_DATA.match(context.data) and more.data.startswith("more:3:q7+1~") and section.data == "sec:0:2"
    assert MORE_DATA.match(more.data)
    assert session.ask("Сколько стоит биткоин?").buttons == ()


def test_buttons_replies(session):
    assert "Контекст цитаты" in session.context(7).messages[0]
    assert session.context(10**6) is None
    assert session.more("Каков объём товарооборота между Китаем и Казахстаном?", 3).messages[0].startswith("<i>4. ")
    assert session.more("", 3).messages[0].startswith("Не вижу исходного вопроса")
    assert session.section_of(0, 2).messages[0].startswith("<b>Раздел 2. Региональные обмены")
    assert session.section_of(5, 1).messages[0].startswith("Такого документа нет")
    assert session.example(0).answer.found and session.example(3) is None


def test_callback_patterns_take_only_ascii_numbers_of_bounded_length():
    assert EXAMPLE_DATA.match("ask:1") and not EXAMPLE_DATA.match("ask:²")
    assert SECTION_DATA.match("sec:0:12") and not SECTION_DATA.match("sec:0:2:1")
    assert MORE_DATA.match("more:6") and not MORE_DATA.match("more:" + "9" * 7)


def test_help_lists_each_front_ends_commands(session, two_documents):
    telegram, console = session.commands.help(TELEGRAM).messages[0], session.commands.help(CONSOLE).messages[0]
    assert "/section N — Раздел целиком" in telegram and "/quit" not in telegram and "/stats" not in telegram
    assert "/quit — Выход" in console
    assert "/docs" not in telegram and "/doc N вопрос" in two_documents.commands.help(TELEGRAM).messages[0]
    assert len(COMMANDS) == len({c.name for c in COMMANDS})


def test_small_talk_replies_politely_without_a_quote(session):
    greeting = session.ask("Привет!")
    assert greeting.messages[0].startswith("Здравствуйте! Я отвечаю на вопросы по статье «Успешное начало")
    assert [b.data for row in greeting.buttons for b in row] == ["ask:0", "ask:1", "ask:2"]
    assert "<blockquote>" not in greeting.messages[0]
    assert session.ask("спасибо").messages == ("Пожалуйста! Рад помочь. Если появятся ещё вопросы по статье, задавайте.",)
    assert session.ask("до свидания").messages[0].startswith("До свидания!") and session.ask("пока").buttons == ()
    assert "точную цитату" in session.ask("Что ты умеешь?").messages[0]


def test_about_shows_the_title_the_lead_and_section_buttons(session):
    reply = session.ask("О чём статья?")
    text = "\n\n".join(reply.messages)
    assert text.startswith("<b>«Успешное начало нового")
    assert "<i>Вступление, предложения 1–2</i>\n<blockquote>2023 год - это 10-летие" in text
    assert "• Раздел 2. Региональные обмены содействуют деловому сотрудничеству" in text
    assert [b.data for row in reply.buttons for b in row] == [f"sec:0:{n}" for n in range(5)]
    for message in reply.messages:
        assert_valid_telegram_html(message)


def test_names_and_names_not_mentioned(session):
    reply = session.ask("Кто такой Цзян Вэй?")
    assert "<i>1. Сведения о публикации: автор</i>" not in reply.messages[0]  # one passage: not numbered
    assert "Генеральный консул КНР в Алматы <b>Цзян</b> <b>Вэй</b>" in reply.messages[0]
    missing = session.ask("Кто такой Илон Маск?")
    assert missing.messages[0].startswith("В статье не встречается: «Илон Маск».") and missing.buttons == ()


def test_another_language_gets_a_note(session):
    assert session.ask("How big is the trade?").messages[0].startswith("Я отвечаю на вопросы на русском языке")


def test_a_reply_carries_its_subject_and_more_reads_a_follow_up_again(session):
    first = session.ask("Какую премию получил документальный фильм?")
    key = subject_key([b.data for row in first.buttons for b in row])
    assert key == "25~0.1.12"  # «Документальный фильм … премию» in sentence 25
    followup = session.ask("А в какой номинации?", subject=key)
    assert "Лучшее видео" in followup.messages[0]
    [more] = [b.data for row in followup.buttons for b in row if b.data.startswith("more:")]
    assert more == f"more:1:f{key}" and MORE_DATA.match(more)
    assert subject_key([more]) == key
    assert session.more("А в какой номинации?", 1, subject=key, followup=True).messages


def test_every_button_of_a_conversation_reply_fits_telegram(session):
    for message in ("Привет", "о чём текст", "Кто такой Токаев?", "Кто такой Назарбаев?", "Кто автор статьи?"):
        _valid(session.ask(message))


def test_a_follow_up_sent_without_replying_gets_a_hint(session):
    reply = session.ask("а за какой период?")
    assert reply.messages[0].startswith("Если это уточнение к моему ответу, ответьте на него")
    assert "К сожалению, в статье нет ответа" not in "".join(reply.messages)  # the hint alone, not a refusal too


def test_the_next_results_button_carries_the_subject_on(session):
    question = "Каков объём товарооборота между Китаем и Казахстаном?"
    key = subject_key([b.data for row in session.ask(question).buttons for b in row])
    [[button]] = session.more(question, 3, subject=key).buttons
    position = int(button.data.split(":")[1])  # where the next page starts in the list (repeats skipped)
    assert position >= 6 and button.data == f"more:{position}:q{key}" and len(button.data.encode()) <= 64


def test_the_next_results_button_pages_on_without_quoting_a_sentence_twice(session):
    question = "Сколько раз Токаев посетил Китай?"
    first = session.ask(question)
    seen = sentence_ids(first.answer.passages)
    data = next(b.data for row in first.buttons for b in row if b.data.startswith("more:"))
    pages = 0
    while data:
        shown, _, rest = data.removeprefix("more:").partition(":")
        reply = session.more(question, int(shown), subject=rest[1:] or None, followup=rest[:1] == "f")
        if reply.answer is None:
            break
        page = sentence_ids(reply.answer.passages)
        assert page and not page & seen
        seen |= page
        pages += 1
        data = next((b.data for row in reply.buttons for b in row), "")
    assert pages >= 2
