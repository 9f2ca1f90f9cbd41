"""One person's dialogue over a session (the console, `ask --follow`): what Telegram reads from a replied answer.

It keeps the subject key of the last answer, so «а когда?» follows it up, and the last question with the number
of quotes shown, so a typed «ещё» / «а что ещё?» pages on exactly as the «Ещё результаты» button does: the next
quotes of the same search, numbered on, none twice. (A typed «ещё» in Telegram, which keeps no such memory, is
read from the answer's subject alone: `bot.qa.more`.)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.front.button_data import MORE_DATA
from bot.front.reply import Reply
from bot.front.session import Session
from bot.qa.answer import Answer
from bot.qa.more import MORE, more_request


@dataclass(frozen=True)
class Shown:
    """The last question answered with quotes: its text, how many quotes are shown, what its button would carry."""

    question: str
    count: int
    subject: str | None
    followup: bool
    paged: bool = False  # whether «ещё» has shown a page of it yet


class Dialogue:
    """The state a one-person front end keeps between messages."""

    def __init__(self, session: Session) -> None:
        """A dialogue over the session; nothing asked yet."""
        self.session = session
        self.subject: str | None = None
        self.shown: Shown | None = None

    def more(self, message: str) -> Reply | None:
        """The next quotes of the last question when the message asks for them («ещё»); None for any other message."""
        if self.shown is None or more_request(message) != MORE:
            return None
        shown = self.shown
        reply = self.session.more(shown.question, shown.count, subject=shown.subject, followup=shown.followup)
        if reply.answer is None and not shown.paged:
            return None  # the question had no more quotes at all: «ещё» is read as a follow-up (quotes like its answer)
        if reply.answer is not None:
            passages = reply.answer.passages
            position = next((int(m.group(1)) for row in reply.buttons for b in row if (m := MORE_DATA.match(b.data))), None)
            count = position if position is not None else shown.count + len(passages)  # no button: the last page
            self.shown = replace(shown, count=count, paged=True)
        return reply

    def observe(self, message: str, answer: Answer | None) -> None:
        """Remember what a message was answered with (small talk and «о чём статья» leave the subject as it was)."""
        if answer is None or answer.intent in ("smalltalk", "about"):
            return
        self.subject = self.session.subject(answer)
        if answer.found and answer.passages and answer.reason != "metadata":
            self.shown = Shown(message, len(answer.passages), self.subject, answer.intent == "followup")
        else:
            self.shown = None
