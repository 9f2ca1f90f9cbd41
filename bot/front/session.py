"""The session layer: what the bot replies to a question, a command or a button, for every front end.

Telegram, the console and the command line all go through here, so they clean and cut questions
the same way, run the same commands with the same usage messages, and render the same HTML (the
console converts it to terminal text). A reply carries its buttons as plain data; the Telegram
front end turns them into an inline keyboard, the console has none. The callback data of a button
holds everything its press needs (sentence, section and document numbers, the answer's id for
👍/👎), so buttons keep working after a restart. Messages go through the conversation layer (`bot.qa.conversation`): small
talk, "what is it about", names and follow-ups. The «Ещё результаты» button of an answer carries
the answer's subject key (`more:3:q7~2.5`, or `more:3:f…` for an answer to a follow-up, with the
subject it was read with), so a reply to the answer is read as its follow-up and the button
finds the same passages again, all without memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.front import phrases
from bot.front.button_data import answer_buttons, more_data
from bot.front.cleaning import clean_text, last_question
from bot.front.command_replies import CommandReplies, section_buttons
from bot.front.commands import TELEGRAM
from bot.front.render.conversation_html import about_blocks, not_mentioned_html, other_language_html, smalltalk_html
from bot.front.render.messages import escape, split_messages
from bot.front.render.telegram_html import (
    answer_blocks,
    passage_html,
    passages_html,
    section_html,
)
from bot.front.reply import Button, Question, Reply, text_reply
from bot.qa.answer import Answer, Passage
from bot.qa.conversation import Conversation
from bot.qa.engine import Engine
from bot.qa.subject import subject_key_of

CONTEXT_RADIUS = 2
MORE_POOL = 60  # "more results" pages through this many passages of the engine's one list



class Session:
    """Questions, commands and button presses answered over one engine, with one set of limits."""

    def __init__(
        self, engine: Engine, top_k: int = 3, max_question_chars: int = 500,
        answer_ids: Callable[[], str] | None = None, front: str = TELEGRAM,
    ) -> None:
        """`top_k` passages per answer; questions longer than `max_question_chars` are cut (`question`).

        With `answer_ids` (a maker of fresh ids) every answer found gets an id and 👍/👎 buttons
        carrying it; without (the console, the command line) answers have no feedback buttons.
        `front` (`TELEGRAM` or `CONSOLE`) words what only differs between them: how to follow an answer up.
        """
        self.front = front
        self.engine = engine
        self.conversation = Conversation(engine)
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
        """The question as the engine gets it: control characters and lone surrogates cleaned, and a message too
        long cut: to its last question when it fits (a long preamble, then «…каков объём товарооборота?»:
        `last_question`), else to its start, between words (no piece of a word is read as one)."""
        text = clean_text(text)
        limit = self.max_question_chars
        if len(text) <= limit:
            return Question(text, False)
        tail = last_question(text, limit)
        if tail:
            return Question(tail, True, from_end=True)
        cut = text[:limit]
        space = cut.rfind(" ")
        return Question(cut[:space] if space > limit // 2 else cut, True)

    def answer(self, text: str | None, doc_id: str | None = None, subject: str | None = None) -> tuple[Question, Answer]:
        """The cleaned message and the answer to it (from one document when `doc_id` is given).

        `subject` is the key the replied-to answer carries (see `subject_key`): the message may follow it up.
        """
        question = self.question(text)
        return question, self.conversation.ask(question.text, top_k=self.top_k, doc_id=doc_id, subject=subject)

    def ask(self, text: str | None, doc_id: str | None = None, subject: str | None = None) -> Reply:
        """The reply to a message: quotes with references and buttons, small talk, the lead, or the polite refusal.

        The note about a cut question is its own block before splitting, so the first message stays
        within Telegram's limit however long the answer is.
        """
        return self.reply(*self.answer(text, doc_id, subject))

    def reply(self, question: Question, answer: Answer) -> Reply:
        """The reply to a message already answered (see `ask`)."""
        documents = self.engine.documents
        rated = answer.found and answer.passages and answer.intent not in ("smalltalk", "about")
        answer_id = self.answer_ids() if self.answer_ids and rated else None
        buttons = answer_buttons(answer, self.engine.documents, self.subject(answer), answer_id)
        if answer.intent == "smalltalk":
            blocks = [smalltalk_html(answer.topic, documents)]
            buttons = self.commands.example_buttons() if answer.topic in ("greeting", "help") else ()
        elif answer.intent == "about" and answer.found:
            blocks = about_blocks(answer, documents, self.several_documents)
            shown = {p.doc_id for p in answer.passages}
            buttons = section_buttons([d for d in documents if d.doc_id in shown], documents)
        elif answer.reason == "not_mentioned":
            blocks = [not_mentioned_html(answer.topic, documents)]
        elif answer.reason == "other_language":
            blocks = [other_language_html()]
        elif answer.reason == "needs_subject":
            hint = phrases.FOLLOWUP_HINT if self.front == TELEGRAM else phrases.FOLLOWUP_HINT_CONSOLE
            blocks = [escape(hint)]  # not the refusal too: nothing was searched that could be refused
        else:
            blocks = answer_blocks(answer, documents, with_document=self.several_documents)
        if question.truncated:
            note = phrases.TRUNCATED_TAIL_NOTE if question.from_end else phrases.TRUNCATED_NOTE
            blocks.insert(0, f"<i>{escape(note.format(limit=self.max_question_chars))}</i>")
        return Reply(tuple(split_messages(blocks)), buttons, answer, answer_id)

    def more(
        self,
        text: str | None,
        shown: int,
        doc_key: str | None = None,
        subject: str | None = None,
        followup: bool = False,
        skip: frozenset[int] = frozenset(),
    ) -> Reply:
        """The passages after the first `shown` ones for a message, numbered on, with a button for the next ones.

        `subject` with `followup` is the subject a follow-up was read with (the `f` of `more:N:f…`):
        the message is read with it again, so the same passages come back in the same order. The
        next button carries the key on (a reply to these passages follows up the same subject). Pages come from
        one list of `MORE_POOL` passages; a sentence the answer itself quoted (its shorter list can join quotes
        otherwise) or an earlier page did is not quoted again, nor one of `skip` (what a dialogue showed besides).
        """
        question = self.question(text)
        if not question.text.strip():
            return text_reply(phrases.QUESTION_LOST)
        document = self.engine.find_document(doc_key) if doc_key else None
        doc_id, read_with = (document.doc_id if document else None), (subject if followup else None)
        answer = self.conversation.ask(question.text, top_k=MORE_POOL, doc_id=doc_id, subject=read_with)
        first = self.conversation.ask(question.text, top_k=self.top_k, doc_id=doc_id, subject=read_with)
        extra, position = _next_page(answer.passages, shown, frozenset(sentence_ids(first.passages)) | skip, self.top_k)
        if not answer.found or not extra:
            return text_reply(phrases.NO_MORE)
        blocks = [passage_html(p, shown + i, self.several_documents) for i, p in enumerate(extra, start=1)]
        data = more_data(position, subject, followup)
        buttons = ((Button(phrases.BUTTON_MORE, data),),) if len(extra) == self.top_k else ()
        return Reply(tuple(split_messages(blocks)), buttons, replace(answer, passages=tuple(extra)))

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

    def subject(self, answer: Answer) -> str | None:
        """The subject key a message following this answer up is read with (None when it has none)."""
        return subject_key_of(answer, self.engine.library)

    def command(self, name: str, argument: str, front: str) -> Reply | None:
        """The reply to a shared command by name (see `bot.front.commands`); None for a front end's own command."""
        return self.commands.reply(name, argument, front)


def sentence_ids(passages) -> set[int]:
    """The sentences the passages quote."""
    return {i for p in passages if p.sentence_id is not None for i in range(p.sentence_id, p.sentence_id + p.sentence_count)}


def _next_page(
    passages: tuple[Passage, ...], shown: int, quoted: frozenset[int], size: int
) -> tuple[list[Passage], int]:
    """Up to `size` passages after the first `shown` that quote none of their sentences again (nor the `quoted`
    ones: a shorter list joins a quote with its neighbour otherwise, so a sentence shown may come back inside
    another), and the position in `passages` the next page starts from."""
    seen = sentence_ids(passages[:shown]) | quoted
    page: list[Passage] = []
    position = shown
    while position < len(passages) and len(page) < size:
        passage = passages[position]
        position += 1
        ids = sentence_ids([passage])
        if not ids & seen:
            page.append(passage)
            seen |= ids
    return page, position
