"""The console front end shows what the Telegram bot would say, through the same session."""

import io

import pytest

from bot.front.commands import CONSOLE
from bot.front.console import Console, console_text, use_color
from bot.front.session import Session
from bot.qa.loading import load_engine


@pytest.fixture
def console(engine):
    return Console(Session(engine, front=CONSOLE), color=False, out=io.StringIO())


def test_console_reply_equals_the_bot_html(engine, console):
    question = "Какую премию получил документальный фильм?"
    expected = console_text(Session(engine).ask(question), False)
    assert console.reply(question) == expected
    assert "Newsky Award" in expected and "<" not in expected


def test_commands(console):
    assert "Региональные обмены" in console.reply("/sections")
    assert "Соглашение о взаимном безвизовом режиме" in console.reply("/section 3")
    assert "Укажите номер раздела" in console.reply("/section")
    assert "Kazakhstan Today" in console.reply("/source") and "Цзян Вэй" in console.reply("/source")
    assert "/sections" in console.reply("/help") and "/quit" in console.reply("/help")
    assert "/stats" not in console.reply("/help")
    assert "36,86" in console.reply("/ask Каков объём товарооборота?")
    assert console.reply("/stats").startswith("Такой команды нет")
    assert "Региональные обмены" in console.reply("/sections@some_bot")  # as Telegram writes it in a group
    assert console.reply("/quit") is None and console.reply("/exit") is None


def test_run_loop_until_end_of_input(engine):
    out = io.StringIO()
    lines = iter(["Кто выиграл тендер?", "", "/quit", "never read"])
    assert Console(Session(engine), color=False, out=out).run(read=lambda _: next(lines)) == 0
    assert "ТЭЦ № 2" in out.getvalue()

    out = io.StringIO()

    def eof(_):
        raise EOFError

    assert Console(Session(engine), color=False, out=out).run(read=eof) == 0


def test_colour_only_on_a_terminal_without_no_color():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert use_color(Tty(), {}) is True
    assert use_color(Tty(), {"NO_COLOR": "1"}) is False
    assert use_color(io.StringIO(), {}) is False


def test_docs_and_doc_answer_from_one_document(tmp_path, seed_doc, analyzer):
    (tmp_path / "a.txt").write_text(seed_doc.text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон.", encoding="utf-8")
    console = Console(Session(load_engine(tmp_path, analyzer=analyzer)), color=False, out=io.StringIO())
    listing = console.reply("/docs")
    assert "1. «" in listing and "2. «Норманны» b" in listing
    assert "«Норманны» · " in console.reply("Кто был вождём норманнов?")
    assert "нет ответа" in console.reply("/doc 2 Каков объём товарооборота?")
    assert "товарооборот" in console.reply("/doc 1 Каков объём товарооборота?").lower()
    assert "Норманны" in console.reply("/doc 2") and "Региональные обмены" not in console.reply("/doc 2")
    assert console.reply("/doc nothing").startswith("Укажите номер документа")


def test_the_console_carries_the_previous_question_to_a_follow_up(console):
    assert "Newsky Award" in console.reply("Какую премию получил документальный фильм?")
    assert "Лучшее видео" in console.reply("А в какой номинации?")
    console.reply("Привет")  # small talk keeps the subject
    assert "Лучшее видео" in console.reply("а в какой номинации?")
    assert "Генеральный консул КНР в Алматы Цзян Вэй" in console.reply("Кто автор статьи?")
    assert "Генеральный консул КНР в Алматы" in console.reply("а где он работает?")
    assert "дважды посетил" in console.reply("А сколько раз Токаев посетил Китай?")  # a new question


def test_an_ask_command_answer_is_what_a_follow_up_follows(console):
    console.reply("Какую премию получил документальный фильм?")
    assert "Консорциум китайских предприятий" in console.reply("/ask@article_bot Кто выиграл тендер?")
    assert "нужной даты или числа" in console.reply("а сколько это стоит?")  # the tender's follow-up, not the film's


def test_the_bot_addressed_by_name_is_not_searched(console):
    for message in ("@article_bot кто выиграл тендер на тэц", "бот, кто выиграл тендер на тэц", "эй бот кто выиграл тендер"):
        reply = console.reply(message)
        assert "Консорциум китайских предприятий" in reply and "не встречается" not in reply, message
    assert "Жаль" in console.reply("бот не работает")  # a complaint about the bot stays one


def test_a_declined_follow_up_keeps_the_subject_and_no_reply_button_is_asked_for(console):
    first = console.reply("а когда?")  # nothing to follow up yet: asked to write the whole question
    assert first.startswith("Не понял, к какому вопросу это уточнение") and "Reply" not in first
    assert "Консорциум китайских предприятий" in console.reply("Кто выиграл тендер?")
    assert "нужной даты или числа" in console.reply("а сколько это стоит?")  # declined, read with the tender
    assert "Не понял" not in console.reply("а когда?")  # still the tender's follow-up


def test_typed_more_detail_and_what_else_work_like_the_buttons(console):
    first = console.reply("Кто выиграл тендер?")
    detail = console.reply("подробнее")
    assert "предложения 7–11" in detail and "Назначен первый клиринговый банк" in detail
    assert "Консорциум китайских предприятий" in first
    what_else = console.reply("а что ещё?")
    assert "Консорциум китайских предприятий" not in what_else and "│" in what_else  # other quotes, not «нет»


def test_the_console_wraps_quotes_to_its_width(engine):
    wide = Console(Session(engine), color=False, out=io.StringIO(), width=50)
    lines = wide.reply("Кто выиграл тендер на реконструкцию ТЭЦ?").split("\n")
    quoted = [line for line in lines if line.startswith("  │ ")]
    assert len(quoted) > 1 and all(len(line) <= 50 for line in quoted)
    assert not [line for line in lines if line and not line.startswith("  │ ") and "ТЭЦ" in line]
