"""Button presses: one `CallbackQueryHandler` per kind of button, matched by its callback data.

Every press is answered with answerCallbackQuery first (so the button's spinner stops), then its
action; a 👍/👎 press is answered after its vote is committed, with a short text saying what
happened (or an apology when the database cannot take it). The data holds everything the action
needs (see `bot.front.session`); "more results" reads the question back from the message the
answer replied to, and a vote carries the answer's id, so the buttons keep working after a restart.
Data no pattern matches (forged, or from an older version) is answered and otherwise ignored.
"""

from __future__ import annotations

import re

from telegram import Message, Update

from bot.front import phrases
from bot.front.button_data import CONTEXT_DATA, EXAMPLE_DATA, MORE_DATA, SECTION_DATA, VOTE_DATA, VOTES
from bot.front.memory.records import Vote
from bot.front.memory.writer import MemoryUnavailable
from bot.front.telegram.addressing import strip_mentions
from bot.front.telegram.admission import answer_query
from bot.front.telegram.commands import answer
from bot.front.telegram.context import QAContext
from bot.front.telegram.sending import send_reply, send_text


async def example(update: Update, context: QAContext) -> None:
    """«ask:N»: an example question under /start."""
    await answer_query(update)
    message, numbers = _pressed(update, context)
    reply = context.session.example(numbers[0]) if message and numbers else None
    if reply is not None:
        await answer(update, message, reply, context)


async def quote_context(update: Update, context: QAContext) -> None:
    """«ctx:N»: the sentences around the top quote."""
    await answer_query(update)
    message, numbers = _pressed(update, context)
    reply = context.session.context(numbers[0]) if message and numbers else None
    if reply is not None:
        await send_reply(message, reply)


async def more(update: Update, context: QAContext) -> None:
    """«more:N», «more:N:qKEY», «more:N:fKEY»: the quotes after the first N, for the message the answer replied to.

    An `f` key is the subject that message, a follow-up, was read with: it is read with it again.
    """
    await answer_query(update)
    message, numbers = _pressed(update, context)
    if message is None or not numbers:
        return
    question, doc_key = question_of(message)
    if question is None:
        await send_text(message, phrases.QUESTION_LOST)
        return
    match = context.matches[0]
    reply = context.session.more(question, numbers[0], doc_key, match.group(3), match.group(2) == "f")
    await send_reply(message.reply_to_message or message, reply)


async def section(update: Update, context: QAContext) -> None:
    """«sec:D:N»: section N of document D, whole."""
    await answer_query(update)
    message, numbers = _pressed(update, context)
    if message is not None and len(numbers) == 2:
        await send_reply(message, context.session.section_of(*numbers))


async def vote(update: Update, context: QAContext) -> None:
    """«vote:ID:up|down»: one 👍/👎 per user and answer (a new press replaces it), answered once committed."""
    match = (context.matches or [None])[0]
    user = update.effective_user
    if not isinstance(match, re.Match) or user is None:
        await answer_query(update)
        return
    value = VOTES[match.group(2)]
    try:
        outcome = await context.services.memory.vote(match.group(1), user.id, value)
    except MemoryUnavailable:
        outcome = None
    await answer_query(update, _vote_text(outcome, value))


def _vote_text(outcome: Vote | None, value: int) -> str:
    """What the press of 👍/👎 is answered with."""
    if outcome is Vote.NEW:
        return phrases.VOTE_THANKS[value]
    if outcome is Vote.CHANGED:
        return phrases.VOTE_CHANGED[value]
    if outcome is Vote.SAME:
        return phrases.VOTE_SAME
    return phrases.VOTE_UNKNOWN if outcome is Vote.UNKNOWN else phrases.VOTE_FAILED


async def unknown(update: Update, context: QAContext) -> None:
    """Data no pattern matches: answered, nothing else."""
    await answer_query(update)


PATTERNS = (
    (EXAMPLE_DATA, example), (CONTEXT_DATA, quote_context), (MORE_DATA, more), (SECTION_DATA, section),
    (VOTE_DATA, vote),
)


def _pressed(update: Update, context: QAContext) -> tuple[Message | None, tuple[int, ...]]:
    """The bot's message the pressed button is under (None when Telegram no longer has it) and the numbers in its data.

    python-telegram-bot lets a press without data through every pattern (`matches` is then
    `[True]`): no numbers.
    """
    message = update.callback_query.message
    match = (context.matches or [None])[0]
    groups = match.groups() if isinstance(match, re.Match) else ()
    numbers = tuple(int(n) for n in groups if n is not None and n.isdigit())
    return (message if isinstance(message, Message) else None), numbers


def question_of(answer_message: Message) -> tuple[str | None, str | None]:
    """The question an answer replied to, and the document it was limited to (`/doc N вопрос`), if any.

    The asker's text loses a leading /ask or /doc N and the bot's @username.
    """
    asked = answer_message.reply_to_message
    if asked is None or not asked.text:
        return None, None
    doc = re.match(r"^/doc(?:@\w+)?\s+(\S+)\s*", asked.text)
    text = asked.text[doc.end() :] if doc else re.sub(r"^/ask(?:@\w+)?\s*", "", asked.text)
    bot_username = answer_message.get_bot().username
    return strip_mentions(text, bot_username) or None, doc.group(1) if doc else None
