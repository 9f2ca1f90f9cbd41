"""The command table: every slash command of every front end, in one place.

It drives the Telegram handlers and the menu registered with `setMyCommands`, the console's
commands, the command list in `/help` and the one in the README (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass

TELEGRAM = "telegram"
CONSOLE = "console"
EVERYWHERE = frozenset({TELEGRAM, CONSOLE})


@dataclass(frozen=True)
class Command:
    """One slash command: its name, what it takes, what it does and where it exists."""

    name: str
    arguments: str
    description: str
    fronts: frozenset[str] = EVERYWHERE
    admin: bool = False  # only for BOT_ADMINS, only in their private chat
    several_documents: bool = False  # worth listing in /help only when several documents are loaded
    in_help: bool = True

    @property
    def usage(self) -> str:
        """How the command is written: «/section N»."""
        return f"/{self.name} {self.arguments}".rstrip()

    @property
    def menu_text(self) -> str:
        """The line Telegram's command menu shows next to the command."""
        return f"{self.description}: {self.usage}" if self.arguments else self.description


COMMANDS = (
    Command("start", "", "Что умеет бот", in_help=False),
    Command("help", "", "Как задавать вопросы"),
    Command("ask", "вопрос", "Задать вопрос по статье (в группах)"),
    Command("sections", "", "Оглавление статьи"),
    Command("section", "N", "Раздел целиком"),
    Command("source", "", "Автор, дата и источник"),
    Command("docs", "", "Список документов", several_documents=True),
    Command("doc", "N вопрос", "Вопрос по одному документу", several_documents=True),
    Command("stats", "", "Статистика (только для администраторов)", fronts=frozenset({TELEGRAM}), admin=True),
    Command("quit", "", "Выход (также Ctrl-D)", fronts=frozenset({CONSOLE})),
)


def commands_for(front: str, *, admin: bool = False) -> list[Command]:
    """The commands a front end offers (admin-only ones only when `admin`), in table order."""
    return [c for c in COMMANDS if front in c.fronts and (admin or not c.admin)]


def find_command(name: str, front: str) -> Command | None:
    """The command of this name in a front end, or None."""
    return next((c for c in COMMANDS if c.name == name and front in c.fronts), None)


def help_lines(front: str, several_documents: bool) -> list[str]:
    """The command list of `/help` in a front end: «/section N — Раздел целиком»."""
    return [
        f"{c.usage} — {c.description}"
        for c in commands_for(front)
        if c.in_help and (several_documents or not c.several_documents)
    ]


def markdown_table() -> str:
    """The command list as the README shows it (a test keeps the README equal to this)."""
    rows = ["| command | what it does | where |", "|---|---|---|"]
    for command in COMMANDS:
        where = " and ".join(sorted(command.fronts))
        if command.admin:
            where += ", admins only"
        rows.append(f"| `{command.usage}` | {command.description} | {where} |")
    return "\n".join(rows)
