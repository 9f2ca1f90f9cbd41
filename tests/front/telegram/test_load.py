"""Load: 200 users in private chats and 20 groups ask at the same moment; every one is answered once,
in their own chat, and the time from sending to the first reply is reported (p50, p95, max).

The bot is the production Application (rate limiter included: Telegram allows a bot about 30
messages per second overall, so 220 answers cannot all arrive within the first seconds). The fake
Bot API runs in the same event loop. `make load` runs this file with the report printed; the size
can be changed with LOAD_USERS and LOAD_GROUPS, and LOAD_RATE_LIMIT=0 switches Telegram's limits off
to measure the bot alone.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass

import pytest
from telegram.ext import AIORateLimiter

from bot.front.telegram import app as telegram_app
from bot.qa.engine import Engine
from tests.fakebotapi import FakeBotAPI
from tests.harness import running

pytestmark = pytest.mark.slow  # 220 chats at once

QUESTIONS = [
    ("Каков объём товарооборота между Китаем и Казахстаном?", "36,86 млрд"),
    ("Сколько раз Токаев посетил Китай?", "дважды посетил"),
    ("Филиал какого университета открылся?", "Северо-Западного политехнического"),
    ("Кто выиграл тендер?", "ТЭЦ № 2"),
    ("Кто автор статьи?", "Цзян Вэй"),
    ("Какую премию получил фильм?", "Newsky Award"),
]
USERS = int(os.environ.get("LOAD_USERS", "200"))
GROUPS = int(os.environ.get("LOAD_GROUPS", "20"))


class _Unlimited(AIORateLimiter):
    """The rate limiter with Telegram's limits switched off (LOAD_RATE_LIMIT=0 only)."""

    def __init__(self, max_retries: int = 0) -> None:
        super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=max_retries)


@dataclass
class LoadReport:
    """Seconds from a question to the first reply in its chat, for every chat."""

    latencies: list[float]
    wall: float

    def percentile(self, p: float) -> float:
        """The p-th percentile (nearest rank)."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    def __str__(self) -> str:
        return (
            f"{len(self.latencies)} chats answered in {self.wall:.2f} s; time to first reply: "
            f"p50 {self.percentile(50):.2f} s, p95 {self.percentile(95):.2f} s, max {max(self.latencies):.2f} s, "
            f"mean {statistics.fmean(self.latencies):.2f} s"
        )


async def load(engine: Engine, users: int, groups: int) -> LoadReport:
    """Everybody asks at once; wait for every chat's first reply; check each got exactly one answer."""
    async with FakeBotAPI() as api, running(api, engine, read_timeout=10.0, connect_timeout=5.0):
        await api.wait_for_calls("getUpdates")
        loop = asyncio.get_running_loop()
        askers = [(None, api.make_user(f"User{i}")) for i in range(users)]
        askers += [(api.make_group(f"Группа {i}"), api.make_user(f"Member{i}")) for i in range(groups)]
        asked, expected = {}, {}
        start = loop.time()
        for i, (group, user) in enumerate(askers):
            question, answer = QUESTIONS[i % len(QUESTIONS)]
            message = api.user_sends(group, user, f"/ask {question}" if group else question)
            asked[message["chat"]["id"]] = message
            expected[message["chat"]["id"]] = answer
        first: dict[int, float] = {}

        def everyone_answered() -> bool:
            now = loop.time()
            for message in api.sent_messages():
                first.setdefault(message["chat"]["id"], now)
            return len(first) >= len(asked)

        await api.wait_for(everyone_answered, timeout=60 + len(asked) / 10, description="every chat answered")
        wall = loop.time() - start
        await asyncio.sleep(0.3)
        for chat_id, question in asked.items():
            [reply] = api.sent_messages(chat_id)  # exactly one message, in the asker's own chat
            assert reply["reply_to_message"]["message_id"] == question["message_id"]
            assert expected[chat_id] in reply["text"], (question["text"], reply["text"][:80])
        assert all(call.ok for call in api.calls("sendMessage"))
    return LoadReport([first[chat] - start for chat in asked], wall)


async def test_220_chats_at_once(engine, monkeypatch):
    if os.environ.get("LOAD_RATE_LIMIT") == "0":  # measure the bot itself, without Telegram's 30 msg/s
        monkeypatch.setattr(telegram_app, "AIORateLimiter", _Unlimited)
    started = time.monotonic()
    report = await load(engine, USERS, GROUPS)
    print(f"\nload: {USERS} private chats + {GROUPS} groups: {report} (test {time.monotonic() - started:.1f} s)")
    assert len(report.latencies) == USERS + GROUPS
