"""The console front end: the same answers and wording as the Telegram bot, in a terminal.

A small REPL for trying the bot without Telegram: questions are answered as the bot would answer
them (the bot's HTML turned into terminal text), with readline history and a few slash commands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from bot.qa.engine import Engine
from bot.text.document import Document
from bot.front.render.telegram_html import (
    answer_html,
    doc_choice_html,
    docs_html,
    help_html,
    html_to_console,
    section_html,
    sections_html,
    source_html,
)

PROMPT = "вопрос> "
GREETING = "Консольный режим. Задайте вопрос по статье; /help — справка, /quit или Ctrl-D — выход."


def use_color(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """ANSI highlighting only on a terminal, and never when NO_COLOR is set."""
    environ = os.environ if environ is None else environ
    return "NO_COLOR" not in environ and hasattr(stream, "isatty") and stream.isatty()


class Console:
    """Reads questions and commands, prints the bot's replies."""

    def __init__(self, engine: Engine, top_k: int = 3, out: TextIO | None = None, color: bool | None = None) -> None:
        """A console over an engine; output goes to `out` (stdout by default)."""
        self.engine = engine
        self.top_k = top_k
        self.out = out or sys.stdout
        self.color = use_color(self.out) if color is None else color
        self.doc_id: str | None = None  # questions go to this document only (None: to all)
        self.commands: dict[str, Callable[[str], str]] = {
            "/help": lambda _: help_html(self.engine.documents),
            "/start": lambda _: help_html(self.engine.documents),
            "/sections": lambda _: sections_html(self._chosen_documents()),
            "/section": self._section,
            "/source": lambda _: "\n\n".join(source_html(d) for d in self._chosen_documents()),
            "/docs": lambda _: "\n\n".join(docs_html(self.engine.documents, self.doc_id)),
            "/doc": self._choose_document,
        }

    def reply(self, line: str) -> str | None:
        """The reply to one input line as console text; None means 'quit'."""
        line = line.strip()
        if line in ("/quit", "/exit"):
            return None
        command, _, argument = line.partition(" ")
        if command in self.commands:
            html = self.commands[command](argument.strip())
        else:
            answer = self.engine.ask(line, self.top_k, doc_id=self.doc_id)
            html = "\n\n".join(answer_html(answer, self.engine.documents))
        return html_to_console(html, self.color)

    def _section(self, argument: str) -> str:
        """The /section N command."""
        if not argument.isdigit():
            return "Укажите номер раздела, например: /section 1. Оглавление: /sections"
        number = int(argument)
        document = self.engine.document(self.doc_id)
        return "\n\n".join(section_html(document, number, self.engine.section_passages(number, self.doc_id)))

    def _choose_document(self, argument: str) -> str:
        """The /doc command: `/doc N` (number or id from /docs) limits questions to one document, `/doc all` lifts it."""
        if argument.lower() in ("all", "все", "0"):
            self.doc_id = None
        elif argument:
            document = self.engine.find_document(argument)
            if document is None:
                return doc_choice_html(None, argument)
            self.doc_id = document.doc_id
        return doc_choice_html(self.engine.document(self.doc_id) if self.doc_id else None)

    def _chosen_documents(self) -> list[Document]:
        """The chosen document, or every document when none is chosen."""
        return [self.engine.document(self.doc_id)] if self.doc_id else self.engine.documents

    def run(self, read: Callable[[str], str] = input) -> int:
        """The REPL loop: until /quit or end of input (Ctrl-D)."""
        _enable_history()
        print(GREETING, file=self.out)
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
