"""The allow-list and the flood limit end to end: the admission handler through the fake Bot API."""

from __future__ import annotations

import asyncio

import pytest

from bot.front.phrases import SLOW_DOWN
from tests.fakebotapi import FakeBotAPI
from tests.front.telegram.clock import FakeClock
from tests.harness import running

pytestmark = pytest.mark.slow  # the bot over HTTP against the fake server

QUESTION = "Кто автор статьи?"


async def test_flooding_user_gets_one_slow_down_and_others_are_unaffected(fake_api, engine):
    clock = FakeClock()
    alice, bob = fake_api.make_user("Alice"), fake_api.make_user("Bob")
    async with running(fake_api, engine, clock=clock, flood_limit=3, flood_cooldown=60):
        for _ in range(8):
            fake_api.user_sends(None, alice, QUESTION)
        fake_api.user_sends(None, bob, QUESTION)
        await fake_api.wait_for_updates_consumed()
        await fake_api.wait_for(
            lambda: len(fake_api.sent_messages(alice["id"])) >= 4 and fake_api.sent_messages(bob["id"]))
        await asyncio.sleep(0.2)
        to_alice = [m["text"] for m in fake_api.sent_messages(alice["id"])]
        assert len(to_alice) == 4 and len(fake_api.sent_messages(bob["id"])) == 1
        assert sum(t.startswith("Пожалуйста, чуть медленнее") for t in to_alice) == 1
        assert SLOW_DOWN.format(minutes=1) in to_alice

        clock.advance(30)  # still cooling down: silence, also for buttons
        fake_api.user_sends(None, alice, QUESTION)
        answer = next(m for m in fake_api.sent_messages(alice["id"]) if "Цзян Вэй" in m["text"])
        fake_api.press_button(answer, "sec:0:4", alice, force=True)
        await fake_api.wait_for_updates_consumed()
        await fake_api.wait_for(lambda: fake_api.callback_answers)
        assert len(fake_api.sent_messages(alice["id"])) == 4

        clock.advance(31)  # the cooldown is over
        fake_api.user_sends(None, alice, QUESTION)
        await fake_api.wait_for_messages(alice["id"], count=5)
    assert "Цзян Вэй" in fake_api.sent_messages(alice["id"])[-1]["text"]


async def test_flood_in_a_group_limits_only_the_flooder(engine):
    clock = FakeClock()
    async with FakeBotAPI() as api, running(api, engine, clock=clock, flood_limit=2):
        group = api.make_group("Группа")
        carol, dan = api.make_user("Carol"), api.make_user("Dan")
        for _ in range(5):
            api.user_sends(group, carol, f"/ask {QUESTION}")
        api.user_sends(group, dan, f"/ask {QUESTION}")
        await api.wait_for_updates_consumed()
        await api.wait_for_messages(group["id"], count=4)
        await asyncio.sleep(0.2)
        texts = [m["text"] for m in api.sent_messages(group["id"])]
    assert len(texts) == 4 and sum(t.startswith("Пожалуйста, чуть медленнее") for t in texts) == 1


async def test_allow_list_serves_listed_chats_only(engine):
    async with FakeBotAPI() as api:
        alice, bob, admin = api.make_user("Alice"), api.make_user("Bob"), api.make_user("Admin")
        listed, other = api.make_group("Наша группа"), api.make_group("Чужая группа")
        allowed = frozenset({alice["id"], listed["id"]})
        async with running(api, engine, allowed_chats=allowed, admins=frozenset({admin["id"]})):
            api.user_sends(None, alice, QUESTION)
            api.user_sends(listed, bob, f"/ask {QUESTION}")
            api.user_sends(other, alice, f"/ask {QUESTION}")
            api.user_sends(None, bob, QUESTION)
            api.user_sends(None, bob, QUESTION)
            api.inline_query(bob, "товарооборот")
            api.inline_query(alice, "товарооборот")
            api.user_sends(None, admin, "/stats")
            await api.wait_for_updates_consumed()
            await api.wait_for(lambda: api.sent_messages(admin["id"]) and api.sent_messages(listed["id"])
                               and api.sent_messages(alice["id"]) and api.sent_messages(bob["id"]))
            await api.wait_for(lambda: api.inline_answers)
            await asyncio.sleep(0.2)
        assert "Цзян Вэй" in api.sent_messages(alice["id"])[0]["text"]
        assert "Цзян Вэй" in api.sent_messages(listed["id"])[0]["text"]
        assert api.sent_messages(other["id"]) == []
        assert [m["text"] for m in api.sent_messages(bob["id"])] == [
            "Извините, этот бот работает только в определённых чатах."]  # once, then silence
        assert len(api.inline_answers) == 1  # Alice's only
        assert api.sent_messages(admin["id"])[0]["text"].startswith("Статистика")


async def test_stats_for_admins_only(engine):
    async with FakeBotAPI(privacy_mode=False) as api:
        admin, user = api.make_user("Admin"), api.make_user("User")
        group = api.make_group("Группа")
        async with running(api, engine, admins=frozenset({admin["id"]})):
            for question in ("Кто автор статьи?", "Сколько стоит биткоин?", "сколько  стоит биткоин?",
                             "<b>Погода</b> & прочее?", "   ", "\u200b😀 ?"):
                api.user_sends(None, user, question)
            await api.wait_for_messages(user["id"], count=6)
            api.user_sends(None, user, "/stats")
            api.user_sends(group, admin, "/stats")  # in a group: not even for an admin
            api.user_sends(group, user, "/stats@qa_test_bot")
            await api.wait_for_updates_consumed()
            api.user_sends(None, admin, "/stats")
            [stats] = await api.wait_for_messages(admin["id"])
            await asyncio.sleep(0.2)
        assert len(api.sent_messages(user["id"])) == 7 and api.sent_messages(group["id"]) == []
        assert api.sent_messages(user["id"])[-1]["text"].startswith("Такой команды нет")  # /stats does not exist for them
        text = stats["text"]
        assert "Отвечено вопросов: 1" in text and "Без ответа: 4" in text  # the blank one is no question
        assert "1. «сколько стоит биткоин?» — 2" in text and "2. «<b>погода</b> & прочее?» — 1" in text
        assert "3. " not in text  # the emoji-only question is counted, not listed
        assert "stats" not in [c["command"] for c in api.commands]
        menu = api.commands_for({"type": "chat", "chat_id": admin["id"]})
        assert [c["command"] for c in menu][-1] == "stats"


async def test_flood_limit_zero_disables_the_guard(fake_api, engine):
    alice = fake_api.make_user("Alice")
    async with running(fake_api, engine, flood_limit=0):
        for _ in range(30):
            fake_api.user_sends(None, alice, QUESTION)
        await fake_api.wait_for_messages(alice["id"], count=30)
