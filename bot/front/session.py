"""The session layer: what the bot replies to a question, a command or a button, for every front end.

Telegram, the console and the command line all go through here, so they clean and cut questions
the same way, run the same commands with the same usage messages, and render the same HTML (the
console converts it to terminal text). A reply carries its buttons as plain data; the Telegram
front end turns them into an inline keyboard, the console has none. The callback data of a button
holds everything its press needs (sentence, section and document numbers, the answer's id for
👍/👎), so buttons keep working after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.front import phrases
from bot.front.cleaning import clean_text
from bot.front.command_replies import CommandReplies
from bot.front.render.messages import escape, split_messages
from bot.front.render.telegram_html import (
    answer_blocks,
    passage_html,
    passages_html,
    section_html,
)
from bot.front.reply import Button, Question, Reply, text_reply
from bot.qa.answer import Answer
from bot.qa.engine import Engine

CONTEXT_RADIUS = 2
MAX_MORE = 1000  # "more results" asks the engine for at most this many passages
# Callback data of the buttons, and the pattern of each kind (what Telegram's handlers match).
EXAMPLE_DATA = re.compile(r"^ask:([0-9]{1,6})$")
CONTEXT_DATA = re.compile(r"^ctx:([0-9]{1,9})$")
MORE_DATA = re.compile(r"^more:([0-9]{1,6})$")
SECTION_DATA = re.compile(r"^sec:([0-9]{1,6}):([0-9]{1,6})$")
VOTE_DATA = re.compile(r"^vote:([A-Za-z0-9_-]{8,24}):(up|down)$")
VOTES = {"up": 1, "down": -1}


class Session:
    """Questions, commands and button presses answered over one engine, with one set of limits."""

    def __init__(
        self, engine: Engine, top_k: int = 3, max_question_chars: int = 500,
        answer_ids: Callable[[], str] | None = None,
    ) -> None:
        """`top_k` passages per answer; questions longer than `max_question_chars` are answered from their start.

        With `answer_ids` (a maker of fresh ids) every answer found gets an id and 👍/👎 buttons
        carrying it; without (the console, the command line) answers have no feedback buttons.
        """
        self.engine = engine
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.answer_ids = answer_ids
        self.commands = CommandReplies(self)

    @property
    def several_documents(self) -> bool:
        """True when more than one document is loaded (references then name the document)."""
        return len(self.engine.documents) > 1

    # Questions ----------------------------------------------------------------------------------

    def question(self, text: str | None) -> Question:
        """The question as the engine gets it: control characters and lone surrogates cleaned, cut if too long."""
        text = clean_text(text)
        limit = self.max_question_chars
        return Question(text[:limit], True) if len(text) > limit else Question(text, False)

    def answer(self, text: str | None, doc_id: str | None = None) -> tuple[Question, Answer]:
        """The cleaned question and the engine's answer to it (from one document when `doc_id` is given)."""
        question = self.question(text)
        return question, self.engine.ask(question.text, top_k=self.top_k, doc_id=doc_id)

    def ask(self, text: str | None, doc_id: str | None = None) -> Reply:
        """The reply to a question: quotes with references and buttons, or the polite refusal.

        The note about a cut question is its own block before splitting, so the first message stays
        within Telegram's limit however long the answer is.
        """
        return self.reply(*self.answer(text, doc_id))

    def reply(self, question: Question, answer: Answer) -> Reply:
        """The reply to a question already answered (see `ask`)."""
        blocks = answer_blocks(answer, self.engine.documents, with_document=self.several_documents)
        if question.truncated:
            blocks.insert(0, f"<i>{escape(phrases.TRUNCATED_NOTE.format(limit=self.max_question_chars))}</i>")
        answer_id = self.answer_ids() if self.answer_ids and answer.found and answer.passages else None
        return Reply(tuple(split_messages(blocks)), self._answer_buttons(answer, answer_id), answer, answer_id)

    def more(self, text: str | None, shown: int, doc_key: str | None = None) -> Reply:
        """The passages after the first `shown` ones for a question, numbered on, with a button for the next ones."""
        question = self.question(text)
        if not question.text.strip():
            return text_reply(phrases.QUESTION_LOST)
        document = self.engine.find_document(doc_key) if doc_key else None
        answer = self.engine.ask(
            question.text, top_k=min(shown, MAX_MORE) + self.top_k, doc_id=document.doc_id if document else None
        )
        extra = answer.passages[shown:]
        if not answer.found or not extra:
            return text_reply(phrases.NO_MORE)
        blocks = [passage_html(p, shown + i, self.several_documents) for i, p in enumerate(extra, start=1)]
        buttons = ((Button(phrases.BUTTON_MORE, f"more:{shown + len(extra)}"),),) if len(extra) == self.top_k else ()
        return Reply(tuple(split_messages(blocks)), buttons)

    def example(self, number: int) -> Reply | None:
        """The answer to example question `number` (the buttons under /start); None for no such example."""
        if not 0 <= number < len(phrases.EXAMPLE_QUESTIONS):
            return None
        return self.ask(phrases.EXAMPLE_QUESTIONS[number])

    def context(self, sentence_id: int) -> Reply | None:
        """The sentences around a quoted one (the «Контекст» button); None for a sentence that does not exist."""
        if not 0 <= sentence_id < len(self.engine.sentences):
            return None
        passages = self.engine.context(sentence_id, radius=CONTEXT_RADIUS)
        return Reply(tuple(passages_html(passages, phrases.CONTEXT_TITLE)))

    def section_of(self, document_index: int, number: int) -> Reply:
        """A whole section of the document with this index (the «Весь раздел» and /sections buttons)."""
        if document_index >= len(self.engine.documents):
            return text_reply(phrases.NO_SUCH_DOCUMENT)
        document = self.engine.documents[document_index]
        passages = self.engine.section_passages(number, document.doc_id)
        return Reply(tuple(section_html(document, number, passages)))

    def _answer_buttons(self, answer: Answer, answer_id: str | None = None) -> tuple[tuple[Button, ...], ...]:
        """Buttons under an answer: context of the top quote, next results, the whole section; 👍/👎 with an id."""
        if not answer.found or not answer.passages:
            return ()
        top = answer.passages[0]
        row = []
        if top.sentence_id is not None:
            row.append(Button(phrases.BUTTON_CONTEXT, f"ctx:{top.sentence_id}"))
        row.append(Button(phrases.BUTTON_MORE, f"more:{len(answer.passages)}"))
        if top.section >= 0:
            index = next(i for i, d in enumerate(self.engine.documents) if d.doc_id == top.doc_id)
            row.append(Button(phrases.BUTTON_SECTION, f"sec:{index}:{top.section}"))
        if answer_id is None:
            return (tuple(row),)
        votes = (Button(phrases.BUTTON_UP, f"vote:{answer_id}:up"), Button(phrases.BUTTON_DOWN, f"vote:{answer_id}:down"))
        return tuple(row), votes

    def command(self, name: str, argument: str, front: str) -> Reply | None:
        """The reply to a shared command by name (see `bot.front.commands`); None for a front end's own command."""
        return self.commands.reply(name, argument, front)
