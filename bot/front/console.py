"""The console front end: the Telegram bot's replies, in a terminal.

A small REPL for trying the bot without Telegram: every line goes through the same session layer
as a Telegram message (questions and the command table's commands), and the reply's HTML is turned
into terminal text, so the console shows exactly what a Telegram user would read. Readline gives
history; /quit or Ctrl-D ends it. On a terminal, quotes are wrapped to its width.

A console session is one person talking (`bot.front.dialogue`): it keeps the subject key of the last
answer (what a Telegram reply reads from the answer's buttons), so «а когда?» or «и где он работает?»
follows up the previous question, and «ещё» shows the next quotes as the «Ещё результаты» button does.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import TextIO

from bot.front import phrases
from bot.front.commands import CONSOLE, find_command
from bot.front.dialogue import Dialogue
from bot.front.render.terminal import html_to_console
from bot.front.session import Reply, Session, text_reply

PROMPT = "вопрос> "


def use_color(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """ANSI highlighting only on a terminal, and never when NO_COLOR is set."""
    environ = os.environ if environ is None else environ
    return "NO_COLOR" not in environ and hasattr(stream, "isatty") and stream.isatty()


def terminal_width(stream: TextIO) -> int | None:
    """The terminal's width when printing to one (quotes are wrapped to it); None for a pipe or a file."""
    return shutil.get_terminal_size().columns if hasattr(stream, "isatty") and stream.isatty() else None


def console_text(reply: Reply, color: bool, width: int | None = None) -> str:
    """A reply as the console prints it: its messages as terminal text, one blank line apart, quotes wrapped to `width`."""
    return html_to_console("\n\n".join(reply.messages), color, width)


def command_reply(session: Session, line: str) -> Reply | None:
    """The reply to a line typed as a command («/sections», «/section 2»), as the console runs it (an unknown one:
    the list of commands); None for a line that is no command."""
    line = line.strip()
    if not line.startswith("/"):
        return None
    name, _, argument = line[1:].partition(" ")
    name = name.partition("@")[0]  # «/start@some_bot», as Telegram writes a command in a group
    command = find_command(name.lower(), CONSOLE)
    reply = session.command(command.name, argument, CONSOLE) if command else None
    return reply or text_reply(phrases.UNKNOWN_COMMAND)


class Console:
    """Reads questions and commands, prints the bot's replies."""

    def __init__(
        self, session: Session, out: TextIO | None = None, color: bool | None = None, width: int | None = None
    ) -> None:
        """A console over a session; output goes to `out` (stdout by default), quotes wrapped to `width`
        (the terminal's when `out` is one)."""
        self.session = session
        self.out = out or sys.stdout
        self.color = use_color(self.out) if color is None else color
        self.width = terminal_width(self.out) if width is None else width
        self.dialogue = Dialogue(session)

    def reply(self, line: str) -> str | None:
        """The reply to one input line as console text; None means 'quit'."""
        line = line.strip()
        if line.startswith("/") and line[1:].partition(" ")[0] in ("quit", "exit"):
            return None
        name, _, argument = line[1:].partition(" ")
        if line.startswith("/") and name.partition("@")[0].lower() == "ask" and argument.strip():
            line = argument.strip()  # «/ask …» is a question: its answer is what «а где?» follows up
        command = command_reply(self.session, line)
        if command is not None:
            return console_text(command, self.color, self.width)
        reply = self.dialogue.more(line)
        if reply is None:
            reply = self.session.ask(line, subject=self.dialogue.subject)
            self.dialogue.observe(line, reply.answer)
        return console_text(reply, self.color, self.width)

    def run(self, read: Callable[[str], str] = input) -> int:
        """The REPL loop: until /quit or end of input (Ctrl-D)."""
        _enable_history()
        print(phrases.CONSOLE_GREETING, file=self.out)
        while True:
            try:
                line = read(PROMPT)
            except (EOFError, KeyboardInterrupt):
                print(file=self.out)
                return 0
            if not line.strip():
                continue
            reply = self.reply(line)
            if reply is None:
                return 0
            print(reply + "\n", file=self.out, flush=True)


def _enable_history() -> None:
    """Arrow-key history through readline, where the platform has it."""
    try:
        import readline  # noqa: F401  (importing it is what turns history on for input())
    except ImportError:
        pass
