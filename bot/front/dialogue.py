"""One person's dialogue over a session (the console, `ask --follow`): what Telegram reads from a replied answer.

It keeps the subject key of the last answer, so «а когда?» follows it up, and the last question with the number
of quotes shown, so a typed «ещё» / «а что ещё?» pages on exactly as the «Ещё результаты» button does: the next
quotes of the same search, numbered on, none twice. (A typed «ещё» in Telegram, which keeps no such memory, is
read from the answer's subject alone: `bot.qa.more`.)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.front.button_data import MORE_DATA
from bot.front.phrases import NO_MORE
from bot.front.reply import Reply, text_reply
from bot.front.session import Session, sentence_ids
from bot.qa.answer import Answer
from bot.qa.more import MORE, more_request


@dataclass(frozen=True)
class Shown:
    """The last question answered with quotes: its text, how many quotes are shown, what its button would carry,
    and every sentence shown for it so far (by the answer and by each «ещё»)."""

    question: str
    count: int
    subject: str | None
    followup: bool
    sentences: frozenset[int] = frozenset()
    paged: bool = False  # whether «ещё» has shown a page of it yet


class Dialogue:
    """The state a one-person front end keeps between messages."""

    def __init__(self, session: Session) -> None:
        """A dialogue over the session; nothing asked yet."""
        self.session = session
        self.subject: str | None = None
        self.shown: Shown | None = None

    def more(self, message: str) -> Reply | None:
        """The next quotes of the last question when the message asks for them («ещё»); None for any other message.

        When the search has no more quotes, the first «ещё» gets quotes like the answer's (the follow-up reading of
        «а что ещё?»), and the next ones page on through those; no sentence is shown twice, and «no more» ends it."""
        if self.shown is None or more_request(message) != MORE:
            return None
        shown = self.shown
        reply = self.session.more(
            shown.question, shown.count, subject=shown.subject, followup=shown.followup, skip=shown.sentences
        )
        if reply.answer is None and not shown.paged:
            # the search has no more: quotes like the answer's, read as a follow-up, paged on by the next «ещё»
            reply, count = self._like_the_answer(message, shown)
            shown = replace(shown, question=message, count=count, subject=self.subject, followup=True)
        elif reply.answer is not None:
            position = next((int(m.group(1)) for row in reply.buttons for b in row if (m := MORE_DATA.match(b.data))), None)
            count = position if position is not None else shown.count + len(reply.answer.passages)  # no button: the end
            shown = replace(shown, count=count)
        seen = sentence_ids(reply.answer.passages) if reply.answer is not None else set()
        self.shown = replace(shown, paged=True, sentences=shown.sentences | seen)
        return reply

    def _like_the_answer(self, message: str, shown: Shown) -> tuple[Reply, int]:
        """Quotes like the last answer's (the message read as its follow-up) but for the sentences shown already,
        or «no more» when none is left; and how many of that search's quotes it went through."""
        question, answer = self.session.answer(message, None, self.subject)
        fresh = tuple(p for p in answer.passages if not sentence_ids([p]) & shown.sentences) if answer.found else ()
        if not fresh:
            return text_reply(NO_MORE), len(answer.passages)
        return self.session.reply(question, replace(answer, passages=fresh)), len(answer.passages)

    def observe(self, message: str, answer: Answer | None) -> None:
        """Remember what a message was answered with (small talk, «о чём статья» and a declined follow-up leave the
        subject and the quotes shown as they were)."""
        if answer is None or answer.intent in ("smalltalk", "about"):
            return
        if not answer.found and answer.intent == "followup":
            return  # «а где?» declined: «ещё» still pages the last answer shown, and follow-ups still follow it
        self.subject = self.session.subject(answer)
        if answer.found and answer.passages and answer.reason != "metadata":
            followup = answer.intent == "followup"
            seen = frozenset(sentence_ids(answer.passages))
            if followup and self.shown is not None:  # a follow-up's «ещё» skips what its subject's answer showed too
                seen |= self.shown.sentences
            self.shown = Shown(message, len(answer.passages), self.subject, followup, seen)
        else:
            self.shown = None
