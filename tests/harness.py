"""The bot under test: the real Application from `build_application`, polling a fake Bot API.

Shared by the end-to-end tests. Retry delays are short so that fault tests run in a second or two;
the read timeout (2 s) stays well above what a loaded test machine needs for a normal request, so
no test sees a spurious retry (tests of timeouts pass a shorter one); everything else is the
production configuration.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator

from telegram.ext import Application

from bot.front.memory.store import Memory
from bot.front.settings import Settings
from bot.front.telegram.app import build_application
from bot.front.telegram.guards import Clock
from bot.qa.engine import Engine
from tests.fakebotapi import FakeBotAPI

TEST_SETTINGS = {"connect_timeout": 1.0, "read_timeout": 2.0, "retry_backoff": 0.05}


def bot_settings(api: FakeBotAPI, **overrides) -> Settings:
    """Settings for a bot talking to `api`, with short timeouts unless overridden."""
    values = {**TEST_SETTINGS, **overrides}
    return Settings(telegram_bot_token=api.token, telegram_api_base_url=api.base_url + "/", **values)


@contextlib.asynccontextmanager
async def running(
    api: FakeBotAPI, engine: Engine, *, clock: Clock = time.monotonic, memory: Memory | None = None, **settings
) -> AsyncIterator[Application]:
    """The bot polling the fake API as `run_polling` would run it, stopped cleanly afterwards.

    Like `run_polling`, getUpdates failures go to the application's error handler, and the
    post_stop and post_shutdown hooks run after the stop (they flush and close the memory, which
    is at BOT_DB_PATH's default, `var/bot.sqlite3` in the test's own folder, unless one is given).
    """
    application = build_application(bot_settings(api, **settings), engine, memory=memory, clock=clock)
    try:
        async with application:
            await application.post_init(application)
            await application.start()
            await application.updater.start_polling(
                poll_interval=0.0,
                timeout=1,
                error_callback=lambda error: application.create_task(application.process_error(None, error)),
            )
            try:
                yield application
            finally:
                await application.updater.stop()
                await application.stop()
                await application.post_stop(application)
    finally:
        await application.post_shutdown(application)
