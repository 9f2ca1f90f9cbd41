"""The Telegram front end: python-telegram-bot v22 wired to the session layer.

Private chats: any text is a question. Groups: the bot answers `/ask`, `/ask@bot`, replies to its
own messages and messages that mention it, and stays silent otherwise. Inline mode lists matching
passages. Buttons under an answer carry what they need in their data, so they keep working after
a restart. Handlers are one per concern (`commands`, `messages`, `buttons`, `inline`, `errors`),
after one admission check in group −1 (`admission`: allow-list and flood limit). Sends are retried
per request through outages (`delivery`); the token never reaches a log. Questions, errors and
votes go to the memory (`bot.front.memory`), which is flushed when the application stops and
closed when it shuts down, also on SIGTERM.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.front.commands import TELEGRAM, commands_for
from bot.front.memory.records import new_answer_id
from bot.front.memory.store import Memory, open_memory
from bot.front.session import Session
from bot.front.settings import Settings
from bot.front.telegram import buttons, messages
from bot.front.telegram.admission import admit
from bot.front.telegram.commands import HANDLERS
from bot.front.telegram.context import CONTEXT_TYPES, SERVICES, Services
from bot.front.telegram.delivery import RetryingRequest, RetryPolicy
from bot.front.telegram.errors import on_error
from bot.front.telegram.guards import Clock
from bot.front.telegram.inline import inline_query
from bot.qa.engine import Engine

log = logging.getLogger(__name__)
POLL_TIMEOUT = 10  # seconds a getUpdates long poll waits on the server
BOOTSTRAP_RETRIES = 0  # getMe/deleteWebhook at start are already retried per request (bot.front.telegram.delivery)


def build_application(
    settings: Settings, engine: Engine, *, memory: Memory | None = None, clock: Clock = time.monotonic
) -> Application:
    """The configured Application: retrying requests, rate limiter, concurrent updates, handlers.

    Bot API calls go through `RetryingRequest` (bounded retries, see `delivery`); long polling has
    its own plain request object because the updater retries it by itself. Without a `memory` the
    one at BOT_DB_PATH is opened (`open_memory`); the application closes it when it shuts down.
    """
    timeouts = {
        "connect_timeout": settings.connect_timeout,
        "read_timeout": settings.read_timeout,
        "write_timeout": settings.read_timeout,
        "pool_timeout": settings.read_timeout,
    }
    policy = RetryPolicy(retries=settings.send_retries, backoff=settings.retry_backoff)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token or "")
        .base_url(settings.api_base_url)
        .request(RetryingRequest(policy, connection_pool_size=256, **timeouts))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, **timeouts))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .context_types(CONTEXT_TYPES)
        .post_init(register_commands)
        .post_stop(flush_memory)
        .post_shutdown(close_memory)
        .build()
    )
    install(application, settings, engine, memory or open_memory(settings), clock=clock)
    return application


def install(
    application: Application, settings: Settings, engine: Engine, memory: Memory, *, clock: Clock = time.monotonic
) -> None:
    """Give an application the bot's services and handlers: admission first (group −1), then commands,
    messages, buttons and inline queries, and the error handler."""
    session = Session(engine, settings.top_k, settings.max_question_chars, answer_ids=new_answer_id)
    application.bot_data[SERVICES] = Services.of(session, settings, clock, memory)
    application.add_handler(TypeHandler(Update, admit), group=-1)
    new = filters.UpdateType.MESSAGE
    for command in commands_for(TELEGRAM, admin=True):
        application.add_handler(CommandHandler(command.name, HANDLERS[command.name], filters=new))
    private = filters.ChatType.PRIVATE & new
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, messages.private_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, messages.unknown_command))
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & new & filters.TEXT & ~filters.COMMAND, messages.group_text))
    application.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, messages.non_text))
    for pattern, handler in buttons.PATTERNS:
        application.add_handler(CallbackQueryHandler(handler, pattern=pattern))
    application.add_handler(CallbackQueryHandler(buttons.unknown))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(on_error)


async def register_commands(application: Application) -> None:
    """setMyCommands at start, so Telegram's menu lists the commands; admins also get /stats in their private chat.

    A failure is only logged (e.g. an admin who has not started the bot yet).
    """
    menu = [BotCommand(c.name, c.menu_text) for c in commands_for(TELEGRAM)]
    admin_menu = [BotCommand(c.name, c.menu_text) for c in commands_for(TELEGRAM, admin=True)]
    try:
        await application.bot.set_my_commands(menu)
    except TelegramError as error:
        log.warning("could not register the command menu: %s", error.message)
    for admin in sorted(application.bot_data[SERVICES].settings.admins):
        try:
            await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin))
        except TelegramError as error:
            log.warning("could not register /stats for an admin: %s", error.message)


async def flush_memory(application: Application) -> None:
    """After the last handler has finished: commit what the memory still has queued (off the event loop)."""
    await asyncio.to_thread(application.bot_data[SERVICES].memory.flush)


async def close_memory(application: Application) -> None:
    """At shutdown: commit what is left and close the database."""
    await asyncio.to_thread(application.bot_data[SERVICES].memory.close)


def run_bot(settings: Settings, engine: Engine, memory: Memory | None = None) -> int:
    """Run until SIGINT/SIGTERM; 0 after a clean stop, 2 for a rejected token, 1 when Telegram is unreachable.

    Exceptions are logged through the redacting log handlers, never printed raw: python-telegram-bot
    puts the token into the text of `InvalidToken`. The memory is closed however the run ends.
    """
    memory = memory or open_memory(settings)
    try:
        _run(build_application(settings, engine, memory=memory), settings)
    except InvalidToken:
        log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN")
        return 2
    except NetworkError as error:
        log.error("cannot reach the Bot API at start (%s: %s)", type(error).__name__, error.message)
        return 1
    except Exception:  # noqa: BLE001  (anything else: logged, redacted, exit code 1)
        log.exception("the bot stopped because of an error")
        return 1
    finally:
        memory.close()
    log.info("stopped")
    return 0


def _run(application: Application, settings: Settings) -> None:
    """Long polling, or a webhook server when BOT_WEBHOOK_URL is set; returns when stopped."""
    if settings.webhook_url:
        path = urlparse(settings.webhook_url).path.lstrip("/")
        log.info("starting webhook on %s:%d", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
    else:
        log.info("starting long polling")
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, timeout=POLL_TIMEOUT, bootstrap_retries=BOOTSTRAP_RETRIES
        )
