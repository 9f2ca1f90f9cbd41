"""Admission: the allow-list and the flood limit, checked once per update before any handler runs.

Registered as a `TypeHandler` in group −1 (python-telegram-bot's pattern for a gate): an update
it refuses raises `ApplicationHandlerStop`, so no other handler sees it.

- A chat outside `BOT_ALLOWED_CHATS`: a private chat gets one polite line (once per process),
  a group nothing, so the bot cannot be made to flood a chat it was added to by mistake.
- A request over the sender's flood limit (see `addressing.is_request`): one "slow down", then
  silence for the cooldown; a button press is answered without text, so its spinner stops.
  Inline queries have a larger budget of their own and are just not answered over it.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.front import phrases
from bot.front.telegram.addressing import is_request
from bot.front.telegram.context import MAX_REMEMBERED_REFUSALS, QAContext, Services
from bot.front.telegram.guards import Verdict
from bot.front.telegram.sending import send_text

log = logging.getLogger(__name__)


async def admit(update: object, context: QAContext) -> None:
    """Let the update through, or stop it here (ApplicationHandlerStop)."""
    if not isinstance(update, Update):
        return
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if not services.access.allows(chat.id if chat else None, user.id if user else None):
        await _refuse(update, services)
        raise ApplicationHandlerStop
    if user is None:
        return
    if update.inline_query is not None:
        if services.inline_flood.check(user.id) is not Verdict.ALLOW:
            raise ApplicationHandlerStop
        return
    if not is_request(update, context.bot.username, context.bot.id):
        return
    verdict = services.flood.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    text = None
    if verdict is Verdict.WARN:
        log.info("flood limit reached by a user; ignored for %.0f s", services.flood.cooldown)
        text = phrases.SLOW_DOWN.format(minutes=max(1, round(services.flood.cooldown / 60)))
    if update.callback_query is not None:
        await answer_query(update, text)
    elif text is not None and update.effective_message is not None:
        await send_text(update.effective_message, text)
    raise ApplicationHandlerStop


async def answer_query(update: Update, text: str | None = None) -> None:
    """answerCallbackQuery, tolerating a query that is too old (after a restart or an outage)."""
    try:
        await update.callback_query.answer(text)
    except BadRequest as error:
        log.info("callback query not answered: %s", error.message)


async def _refuse(update: Update, services: Services) -> None:
    """The one polite line for a private chat outside the allow-list (once per chat and process)."""
    log.info("update from a chat outside BOT_ALLOWED_CHATS ignored")
    chat = update.effective_chat
    if (
        chat is None
        or chat.type != ChatType.PRIVATE
        or update.message is None
        or chat.id in services.refused
        or len(services.refused) >= MAX_REMEMBERED_REFUSALS
    ):
        return
    services.refused.add(chat.id)
    try:
        await send_text(update.message, phrases.NOT_ALLOWED)
    except TelegramError as error:
        log.info("could not send the allow-list notice: %s", error.message)
