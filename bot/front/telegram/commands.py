"""One small handler per command of the command table (`bot.front.commands`), as python-telegram-bot's examples do.

Each one asks the session for the reply and sends it; `/stats` is the only Telegram-only command.
Commands answer new messages only: an edited `/ask` is not asked twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import ChatType

from bot.front import phrases
from bot.front.commands import TELEGRAM
from bot.front.session import Reply
from bot.front.telegram.context import QAContext
from bot.front.telegram.sending import send_messages, send_reply, send_text
from bot.front.telegram.stats import stats_html

log = logging.getLogger(__name__)

Handler = Callable[[Update, QAContext], Awaitable[None]]


def argument(context: QAContext) -> str:
    """The words after the command, joined by single spaces."""
    return " ".join(context.args or [])


async def answer(message: Message, reply: Reply, context: QAContext) -> None:
    """Send the reply to a question, counting it in the statistics (a blank message or small talk is not a question)."""
    started = time.perf_counter()
    if reply.answer is not None and reply.answer.reason not in ("empty", "smalltalk"):
        context.services.stats.record(reply.answer.question, reply.answer.found)
    await send_reply(message, reply)
    if reply.answer is not None:
        log.info(
            "question chat=%s found=%s passages=%d ms=%.1f",
            message.chat.type, reply.answer.found, len(reply.answer.passages), (time.perf_counter() - started) * 1000,
        )


async def start(update: Update, context: QAContext) -> None:
    """/start: what the bot is, about which article, with example questions as buttons."""
    await send_reply(update.effective_message, context.session.commands.start(TELEGRAM))


async def help_command(update: Update, context: QAContext) -> None:
    """/help: how to ask."""
    await send_reply(update.effective_message, context.session.commands.help(TELEGRAM))


async def ask(update: Update, context: QAContext) -> None:
    """/ask вопрос in any chat; /ask alone explains how to ask."""
    await answer(update.effective_message, context.session.commands.ask_command(argument(context)), context)


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
    await answer(update.effective_message, context.session.commands.doc(argument(context)), context)


async def stats(update: Update, context: QAContext) -> None:
    """/stats for admins in their private chat; for everybody else it does not exist (an unknown command)."""
    chat, user = update.effective_chat, update.effective_user
    services = context.services
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    if not services.access.is_admin(user.id if user else None):
        await send_text(update.effective_message, phrases.UNKNOWN_COMMAND)
        return
    await send_messages(update.effective_message, [stats_html(services.stats, services.flood.limited)])


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
