"""One small handler per command of the command table (`bot.front.commands`), as python-telegram-bot's examples do.

Each one asks the session for the reply and sends it; `/stats` is the only Telegram-only command.
Commands answer new messages only: an edited `/ask` is not asked twice. Every question answered
is recorded in the memory (`answer`): queued before its reply is sent, its latency added after.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import ChatType

from bot.front import phrases
from bot.front.commands import TELEGRAM
from bot.front.memory.records import QuestionRecord, new_answer_id
from bot.front.memory.report import DEFAULT_DAYS
from bot.front.memory.store import FALLBACK, OFF, Memory
from bot.front.memory.writer import MemoryUnavailable
from bot.front.render.stats import stats_html
from bot.front.render.telegram_html import reference
from bot.front.session import Reply
from bot.front.telegram.context import QAContext
from bot.front.telegram.sending import send_messages, send_reply, send_text

log = logging.getLogger(__name__)

Handler = Callable[[Update, QAContext], Awaitable[None]]


def argument(context: QAContext) -> str:
    """The words after the command, joined by single spaces."""
    return " ".join(context.args or [])


async def answer(update: Update, message: Message, reply: Reply, context: QAContext) -> None:
    """Send the reply to a question in reply to `message`, and record it (a blank message or small talk is not a question).

    The row is queued before the reply is sent, so a 👍/👎 pressed at once always finds its answer
    (even when a send is retried after a lost response); its latency is added once the reply is
    out, or has failed (the error is recorded too).
    """
    memory = context.services.memory
    record = None
    if reply.answer is not None and reply.answer.reason not in ("empty", "smalltalk"):
        record = _record(update, message, reply, context)
        memory.record_question(record)
    try:
        await send_reply(message, reply)
    finally:
        if reply.answer is not None:
            latency_ms = (time.perf_counter() - context.received) * 1000
            log.info("question chat=%s found=%s passages=%d ms=%.1f",
                     message.chat.type, reply.answer.found, len(reply.answer.passages), latency_ms)
            if record is not None:
                memory.record_latency(record.answer_id, latency_ms)


def _record(update: Update, message: Message, reply: Reply, context: QAContext) -> QuestionRecord:
    """The memory's row for an answered question: the asker only as a keyed hash, an id for every row."""
    answer, user, memory = reply.answer, update.effective_user, context.services.memory
    top = answer.passages[0] if answer.found and answer.passages else None
    return QuestionRecord(
        at=time.time(),
        chat_type=message.chat.type,
        user_hash=memory.user_hash(user.id) if user else None,
        question=answer.question,
        found=answer.found,
        reason=answer.reason,
        reference=reference(top, context.session.several_documents) if top else None,
        answer_id=reply.answer_id or new_answer_id(),  # a declined answer's id is in no button
    )


async def start(update: Update, context: QAContext) -> None:
    """/start: what the bot is, about which article, with example questions as buttons."""
    await send_reply(update.effective_message, context.session.commands.start(TELEGRAM))


async def help_command(update: Update, context: QAContext) -> None:
    """/help: how to ask."""
    await send_reply(update.effective_message, context.session.commands.help(TELEGRAM))


async def ask(update: Update, context: QAContext) -> None:
    """/ask вопрос in any chat; /ask alone explains how to ask."""
    await answer(update, update.effective_message, context.session.commands.ask_command(argument(context)), context)


async def sections(update: Update, context: QAContext) -> None:
    """/sections: the table of contents, with a button per section."""
    await send_reply(update.effective_message, context.session.commands.sections())


async def section(update: Update, context: QAContext) -> None:
    """/section N: a whole section."""
    await send_reply(update.effective_message, context.session.commands.section(argument(context)))


async def source(update: Update, context: QAContext) -> None:
    """/source: title, author, date and agency."""
    await send_reply(update.effective_message, context.session.commands.source())


async def docs(update: Update, context: QAContext) -> None:
    """/docs: the loaded documents, numbered as /doc N takes them."""
    await send_reply(update.effective_message, context.session.commands.docs())


async def doc(update: Update, context: QAContext) -> None:
    """/doc N вопрос: a question answered from one document only (/doc N alone: its contents)."""
    await answer(update, update.effective_message, context.session.commands.doc(argument(context)), context)


async def stats(update: Update, context: QAContext) -> None:
    """/stats for admins in their private chat; for everybody else it does not exist (an unknown command)."""
    chat, user = update.effective_chat, update.effective_user
    services = context.services
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    if not services.access.is_admin(user.id if user else None):
        await send_text(update.effective_message, phrases.UNKNOWN_COMMAND)
        return
    try:
        report = await services.memory.report(DEFAULT_DAYS)
    except MemoryUnavailable:
        await send_text(update.effective_message, phrases.STATS_UNAVAILABLE)
        return
    await send_messages(update.effective_message, stats_html(
        report, retention_days=services.settings.retention_days, limited=services.flood.limited,
        note=_memory_note(services.memory),
    ))


def _memory_note(memory: Memory) -> str | None:
    """Why the numbers are not (all) those of the database file, when they are not."""
    if memory.mode == OFF:
        return phrases.STATS_OFF
    if memory.mode == FALLBACK:
        return phrases.STATS_FALLBACK
    return phrases.STATS_FAILING if memory.writer.failing else None


HANDLERS: dict[str, Handler] = {
    "start": start,
    "help": help_command,
    "ask": ask,
    "sections": sections,
    "section": section,
    "source": source,
    "docs": docs,
    "doc": doc,
    "stats": stats,
}
