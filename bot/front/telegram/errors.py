"""Errors: logged (never with the token) and answered with a fixed apology, never with the error's text."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict, Forbidden, NetworkError

from bot.front import phrases
from bot.front.telegram.context import QAContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: QAContext) -> None:
    """Log the failure and tell the user briefly instead of staying silent.

    Polling failures (no update) are one warning line each: python-telegram-bot retries them.
    The apology is a fixed text: it never contains the error, which may quote a URL or a token.
    """
    error = context.error
    if update is None:
        _log_polling_error(error)
        return
    chat = update.effective_chat if isinstance(update, Update) else None
    context.services.memory.record_error(type(error).__name__, chat.type if chat else None)
    if isinstance(error, Forbidden):
        log.info("cannot write to the chat (bot blocked or removed): %s", error.message)
        return
    log.error("update failed: %s", type(error).__name__, exc_info=error)
    if isinstance(update, Update) and update.effective_message and update.effective_chat:
        try:
            await update.effective_message.reply_text(phrases.APOLOGY, do_quote=False)
        except Exception as failure:  # noqa: BLE001  (the apology itself may fail when Telegram is down)
            log.warning("could not send the apology: %s", type(failure).__name__)


def _log_polling_error(error: BaseException | None) -> None:
    """One line per failed getUpdates; the updater retries by itself."""
    if isinstance(error, Conflict):
        log.error("another process is polling with this token: %s", error.message)
    elif isinstance(error, NetworkError):
        log.warning("polling failed (%s: %s); retrying", type(error).__name__, error.message)
    else:
        log.error("polling failed", exc_info=error)
