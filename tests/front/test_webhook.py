"""Webhook mode end to end: `python -m bot` with BOT_WEBHOOK_URL against the fake Bot API, as a real process.

The fake registers the webhook (setWebhook with the secret token) and delivers updates to the bot's
listener on 127.0.0.1 the way Telegram does, with the X-Telegram-Bot-Api-Secret-Token header. The
test also posts update JSON to the listener itself: without the header or with a wrong one the bot
answers 403 and nothing; with the right one the answer arrives. SIGTERM then stops it cleanly and
its questions are in the database.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3

import aiohttp
import pytest

from tests.fakebotapi import SECRET_HEADER, FakeBotAPI
from tests.processes import START_TIMEOUT, TOKEN, assert_no_token, start_bot

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="signals")]

WEBHOOK_SECRET = "webhook-SECRET_value-42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def post(url: str, update: dict, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as client, client.post(url, json=update, headers=headers) as response:
        return response.status


async def test_webhook_with_secret_answers_refuses_forgeries_and_stops_on_sigterm(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    async with FakeBotAPI(token=TOKEN) as api:
        api.webhook_retry_delay = 0.1  # the bot's listener may come up just after setWebhook
        bot = await start_bot(api.base_url, tmp_path, BOT_LOG_LEVEL="INFO", BOT_WEBHOOK_URL=url,
                              BOT_WEBHOOK_LISTEN="127.0.0.1", BOT_WEBHOOK_PORT=str(port),
                              BOT_WEBHOOK_SECRET=WEBHOOK_SECRET)
        try:
            await api.wait_for(lambda: api.webhook["url"], START_TIMEOUT, "setWebhook")
            assert api.webhook["url"] == url and api.webhook["secret_token"] == WEBHOOK_SECRET
            alice = api.make_user("Alice")
            api.user_sends(None, alice, "Кто автор статьи?")  # delivered by the fake, with the header
            [first] = await api.wait_for_messages(alice["id"], timeout=15)

            forged = api.make_update(None, alice, "Кто выиграл тендер?")
            assert await post(url, forged, {}) == 403
            assert await post(url, forged, {SECRET_HEADER: "not-the-secret"}) == 403
            await asyncio.sleep(1.0)
            assert len(api.sent_messages(alice["id"])) == 1  # no answer to either
            assert await post(url, forged, {SECRET_HEADER: WEBHOOK_SECRET}) == 200
            second = (await api.wait_for_messages(alice["id"], 2, timeout=15))[-1]

            bot.process.send_signal(signal.SIGTERM)
            code = await bot.finish(timeout=15)
        finally:
            await bot.kill_if_running()
        polled = api.calls("getUpdates")
    assert code == 0 and "stopped" in bot.output
    assert "Цзян Вэй" in first["text"] and "ТЭЦ № 2" in second["text"]
    assert second["reply_to_message"]["message_id"] == forged["message"]["message_id"]
    assert polled == []  # webhook mode never polls
    assert_no_token(bot.output)
    assert WEBHOOK_SECRET not in bot.output
    with sqlite3.connect(tmp_path / "var" / "bot.sqlite3") as db:  # flushed before the exit
        assert db.execute("SELECT question FROM questions ORDER BY at").fetchall() == [
            ("Кто автор статьи?",), ("Кто выиграл тендер?",)]


async def test_webhook_without_a_configured_secret_still_requires_one(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with FakeBotAPI(token=TOKEN) as api:
        api.webhook_retry_delay = 0.1
        bot = await start_bot(api.base_url, tmp_path, BOT_LOG_LEVEL="INFO", BOT_WEBHOOK_URL=url,
                              BOT_WEBHOOK_PORT=str(port))
        try:
            await api.wait_for(lambda: api.webhook["url"], START_TIMEOUT, "setWebhook")
            secret = api.webhook["secret_token"]  # made up for this start, given to Telegram
            alice = api.make_user("Alice")
            api.user_sends(None, alice, "Кто автор статьи?")  # delivered by the fake with that secret
            await api.wait_for_messages(alice["id"], timeout=15)
            forged = api.make_update(None, alice, "Кто выиграл тендер?")
            assert await post(url, forged, {}) == 403
            assert await post(url, forged, {SECRET_HEADER: secret}) == 200
            await api.wait_for_messages(alice["id"], 2, timeout=15)
            bot.process.send_signal(signal.SIGTERM)
            assert await bot.finish(timeout=15) == 0
        finally:
            await bot.kill_if_running()
    assert len(secret) >= 32 and secret not in bot.output
