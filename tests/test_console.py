"""The console front end shows what the Telegram bot would say."""

import io

from bot.console import Console, use_color
from bot.render import answer_html, html_to_console


def test_console_reply_equals_the_bot_html(engine):
    console = Console(engine, color=False, out=io.StringIO())
    question = "Какую премию получил документальный фильм?"
    expected = html_to_console("\n\n".join(answer_html(engine.ask(question), engine.documents)), False)
    assert console.reply(question) == expected
    assert "Newsky Award" in expected


def test_commands(engine):
    console = Console(engine, color=False, out=io.StringIO())
    assert "Региональные обмены" in console.reply("/sections")
    assert "Соглашение о взаимном безвизовом режиме" in console.reply("/section 3")
    assert "Укажите номер раздела" in console.reply("/section")
    assert "Kazakhstan Today" in console.reply("/source") and "Цзян Вэй" in console.reply("/source")
    assert "/sections" in console.reply("/help")
    assert console.reply("/quit") is None


def test_run_loop_until_end_of_input(engine):
    out = io.StringIO()
    lines = iter(["Кто выиграл тендер?", "", "/quit", "never read"])
    assert Console(engine, color=False, out=out).run(read=lambda _: next(lines)) == 0
    assert "ТЭЦ № 2" in out.getvalue()

    out = io.StringIO()

    def eof(_):
        raise EOFError

    assert Console(engine, color=False, out=out).run(read=eof) == 0


def test_colour_only_on_a_terminal_without_no_color():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert use_color(Tty(), {}) is True
    assert use_color(Tty(), {"NO_COLOR": "1"}) is False
    assert use_color(io.StringIO(), {}) is False
