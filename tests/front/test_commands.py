"""The command table: the README's list is the table's, and every Telegram command has a handler."""

from bot.front.commands import COMMANDS, CONSOLE, TELEGRAM, commands_for, find_command, markdown_table
from bot.front.telegram.commands import HANDLERS
from tests.paths import ROOT

START, END = "<!-- commands: generated from bot/front/commands.py -->", "<!-- /commands -->"


def test_the_readme_lists_exactly_the_commands_of_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme[readme.index(START) + len(START) : readme.index(END)].strip()
    assert listed == markdown_table(), f"update the README's command list to:\n{markdown_table()}"


def test_every_telegram_command_has_a_handler_and_nothing_else_does():
    assert set(HANDLERS) == {c.name for c in commands_for(TELEGRAM, admin=True)}


def test_the_table():
    names = [c.name for c in COMMANDS]
    assert names == ["start", "help", "ask", "sections", "section", "source", "docs", "doc", "stats", "quit"]
    assert find_command("quit", CONSOLE) and find_command("quit", TELEGRAM) is None
    assert find_command("stats", TELEGRAM).admin and "stats" not in [c.name for c in commands_for(TELEGRAM)]
    assert find_command("section", TELEGRAM).menu_text == "Раздел целиком: /section N"
