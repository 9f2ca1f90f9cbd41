"""The replies to the commands every front end shares: /start, /help, /ask, /sections, /section, /source, /docs, /doc.

Odd arguments («/section ²», «/doc 5000000000») get the command's usage message, never an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.front import phrases
from bot.front.cleaning import clean_text, parse_number
from bot.front.render.telegram_html import (
    docs_html,
    help_html,
    sections_html,
    source_html,
)
from bot.front.reply import Button, Reply, text_reply
from bot.text.document import Document

if TYPE_CHECKING:
    from bot.front.session import Session

BUTTON_LABEL_CHARS = 60


class CommandReplies:
    """Replies to the shared commands, over a session's engine."""

    def __init__(self, session: Session) -> None:
        """The commands answer questions through `session` (cleaned and cut like any question)."""
        self.session = session

    def start(self, front: str) -> Reply:
        """/start: what the bot is, with the example questions as buttons."""
        return Reply((help_html(self.session.engine.documents, front),), self.example_buttons())

    @staticmethod
    def example_buttons() -> tuple[tuple[Button, ...], ...]:
        """The example questions as buttons, one a row (under /start and a greeting)."""
        return tuple((Button(q, f"ask:{i}"),) for i, q in enumerate(phrases.EXAMPLE_QUESTIONS))

    def help(self, front: str) -> Reply:
        """/help: how to ask, and the commands of this front end."""
        return Reply((help_html(self.session.engine.documents, front),))

    def ask_command(self, argument: str) -> Reply:
        """/ask вопрос; /ask alone explains how to ask."""
        if not clean_text(argument).strip():
            return text_reply(phrases.ASK_USAGE.format(example=phrases.EXAMPLE_QUESTIONS[0]))
        return self.session.ask(argument)

    def sections(self) -> Reply:
        """/sections: the table of contents of every document, a button per section."""
        documents = self.session.engine.documents
        return Reply((sections_html(documents),), section_buttons(documents, documents))

    def section(self, argument: str) -> Reply:
        """/section N: a whole section of the first document; a usage note for anything but a number."""
        words = argument.split()
        number = parse_number(words[0]) if words else None
        if number is None:
            return text_reply(phrases.SECTION_USAGE)
        return self.session.section_of(0, number)

    def source(self) -> Reply:
        """/source: title, author, date and agency of every document."""
        return Reply(("\n\n".join(source_html(d) for d in self.session.engine.documents),))

    def docs(self) -> Reply:
        """/docs: the loaded documents, numbered as /doc N takes them."""
        return Reply(tuple(docs_html(self.session.engine.documents)))

    def doc(self, argument: str) -> Reply:
        """/doc N вопрос: a question answered from document N only; /doc N alone: its contents."""
        key, _, question = clean_text(argument).strip().partition(" ")
        document = self.session.engine.find_document(key) if key else None
        if document is None:
            return text_reply(phrases.DOC_USAGE.format(example=phrases.EXAMPLE_QUESTIONS[0]))
        if not question.strip():
            return Reply((sections_html([document]),))
        return self.session.ask(question, document.doc_id)

    def reply(self, name: str, argument: str, front: str) -> Reply | None:
        """The reply to a shared command by name (see `bot.front.commands`); None for a front end's own command."""
        actions = {
            "start": lambda: self.start(front),
            "help": lambda: self.help(front),
            "ask": lambda: self.ask_command(argument),
            "sections": self.sections,
            "section": lambda: self.section(argument),
            "source": self.source,
            "docs": self.docs,
            "doc": lambda: self.doc(argument),
        }
        action = actions.get(name)
        return action() if action else None


def section_buttons(shown: Sequence[Document], documents: Sequence[Document]) -> tuple[tuple[Button, ...], ...]:
    """A button per section of the `shown` documents (numbered by their place among all `documents`)."""
    return tuple(
        (Button(_label(f"{s.number}. {s.title}"), f"sec:{d}:{s.number}"),)
        for d, document in enumerate(documents)
        if document in shown
        for s in document.sections
    )


def _label(text: str, limit: int = BUTTON_LABEL_CHARS) -> str:
    """A button caption short enough to read on a phone."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
