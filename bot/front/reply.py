"""What the session layer hands to a front end: HTML messages, buttons as plain data, and the answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.front.render.messages import escape
from bot.qa.answer import Answer


@dataclass(frozen=True)
class Button:
    """A button under a reply: its caption and the callback data its press sends back."""

    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """What the bot says: HTML messages (each valid and within Telegram's limit) and buttons under the last.

    A reply to a question carries the engine's answer, and the id its 👍/👎 buttons vote on, if any.
    """

    messages: tuple[str, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    answer: Answer | None = None
    answer_id: str | None = None


@dataclass(frozen=True)
class Question:
    """A user's question as the engine gets it: cleaned, cut to the configured length (`from_end`: its last
    sentences, which hold its last question, were kept rather than its start)."""

    text: str
    truncated: bool
    from_end: bool = False


def text_reply(text: str) -> Reply:
    """A reply of one plain (not HTML) text."""
    return Reply((escape(text),))
