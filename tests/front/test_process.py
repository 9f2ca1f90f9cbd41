"""The bot as a real process (`python -m bot`) against a fake Bot API served by the test.

It runs at DEBUG with a recognisable fake token through injected faults, an outage and SIGTERM,
and every byte it writes is checked for the token. Each run starts in an empty folder so that a
developer's own `.env` cannot leak into the test.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time

import pytest

from tests.fakebotapi import FakeBotAPI
from tests.processes import START_TIMEOUT, TOKEN, assert_no_token, start_bot

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="signals and process groups")]


async def test_faults_outage_and_sigterm_in_a_real_process(tmp_path):
    async with FakeBotAPI(token=TOKEN) as api:
        api.fail_next("getMe", 500)
        api.fail_next("setMyCommands", "disconnect")
        bot = await start_bot(api.base_url, tmp_path)
        try:
            await api.wait_for(lambda: api.calls("getUpdates"), START_TIMEOUT, "the bot polling")
            alice = api.make_user("Alice")

            api.fail_next("sendMessage", 500)
            api.user_sends(None, alice, "Кто автор статьи?")
            await api.wait_for_messages(alice["id"], 1, timeout=15)

            api.fail_next("getUpdates", "disconnect")
            await api.stop()
            api.user_sends(None, alice, "Кто выиграл тендер?")  # asked during the outage
            await asyncio.sleep(0.5)
            await api.start()
            await api.wait_for_messages(alice["id"], 2, timeout=20)

            api.fail_next("sendMessage", 503, times=3)  # this answer is still in flight at SIGTERM
            api.user_sends(None, alice, "Сколько раз Токаев посетил Китай?")
            await api.wait_for(lambda: any(c.fault == "503" for c in api.calls("sendMessage")), 15)
            stopping = time.monotonic()
            bot.process.send_signal(signal.SIGTERM)
            code = await bot.finish(timeout=15)
            stop_seconds = time.monotonic() - stopping
        finally:
            await bot.kill_if_running()
        answers = [m["text"] for m in api.sent_messages(alice["id"])]
        pending = api.pending_updates
    print(f"SIGTERM to exit: {stop_seconds:.2f} s")
    assert code == 0 and stop_seconds < 5
    assert len(answers) == 3
    assert "Цзян Вэй" in answers[0] and "ТЭЦ № 2" in answers[1] and "дважды посетил" in answers[2]
    assert pending == []  # every fetched update was confirmed before the exit
    output = bot.output
    assert_no_token(output)
    assert "[REDACTED]" in output  # python-telegram-bot logs its URL at DEBUG: it was caught
    assert "sendMessage failed (server error: HTTP 500); retry 1" in output
    assert "polling failed" in output


async def test_sigterm_while_idle_stops_within_a_second_or_two(tmp_path):
    async with FakeBotAPI(token=TOKEN) as api:
        bot = await start_bot(api.base_url, tmp_path, BOT_LOG_LEVEL="INFO")
        await api.wait_for(lambda: api.calls("getUpdates"), START_TIMEOUT, "the bot polling")
        await asyncio.sleep(0.2)  # well inside a long poll
        stopping = time.monotonic()
        bot.process.send_signal(signal.SIGTERM)
        code = await bot.finish(timeout=15)
        stop_seconds = time.monotonic() - stopping
    print(f"SIGTERM to exit (idle): {stop_seconds:.2f} s")
    assert code == 0 and stop_seconds < 3
    assert "stopped" in bot.output
    assert_no_token(bot.output)


async def test_rejected_token_exits_2_without_printing_it(tmp_path):
    async with FakeBotAPI(token="999999:ANOTHER-TOKEN-THE-SERVER-KNOWS") as api:
        bot = await start_bot(api.base_url, tmp_path)
        code = await bot.finish(timeout=START_TIMEOUT)
    assert code == 2
    assert "Telegram rejected the bot token" in bot.output
    assert "Traceback" not in bot.output.split("Telegram rejected the bot token")[-1]
    assert_no_token(bot.output)


async def test_unreachable_api_at_start_exits_1_without_printing_the_token(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = await start_bot(f"http://127.0.0.1:{port}/bot", tmp_path, BOT_SEND_RETRIES="1", BOT_RETRY_BACKOFF="0.05")
    code = await bot.finish(timeout=START_TIMEOUT)
    assert code == 1
    assert "cannot reach the Bot API at start" in bot.output
    assert_no_token(bot.output)
