"""The console front end shows what the Telegram bot would say."""

import io

from bot.front.console import Console, use_color
from bot.front.render.telegram_html import answer_html, html_to_console


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


def test_docs_and_doc_limit_questions_to_one_document(tmp_path, seed_doc, analyzer):
    from bot.qa.loading import load_engine

    (tmp_path / "a.txt").write_text(seed_doc.text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон.", encoding="utf-8")
    console = Console(load_engine(tmp_path, analyzer=analyzer), color=False, out=io.StringIO())
    listing = console.reply("/docs")
    assert "1. «" in listing and "2. «Норманны» b" in listing
    assert "«Норманны» · " in console.reply("Кто был вождём норманнов?")
    assert "только по документу «Норманны»" in console.reply("/doc 2")
    assert "выбран" in console.reply("/docs")
    assert "нет ответа" in console.reply("Каков объём товарооборота?")
    assert "Норманны" in console.reply("/sections") and "Региональные обмены" not in console.reply("/sections")
    assert "нет. Список: /docs" in console.reply("/doc nothing")
    assert "по всем документам" in console.reply("/doc all")
    assert "товарооборот" in console.reply("Каков объём товарооборота?").lower()
