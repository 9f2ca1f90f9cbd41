"""Flood limit, allow-list, statistics and input cleaning: units with a hand-driven clock, then the
same rules end to end through the fake Bot API."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from bot.front.guard import Access, FloodGuard, Stats, Verdict, clean_text, one_line
from bot.front.telegram.app import SLOW_DOWN
from tests.fakebotapi import FakeBotAPI
from tests.harness import running

QUESTION = "Кто автор статьи?"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_flood_guard_warns_once_then_ignores_until_the_cooldown_ends():
    clock = FakeClock()
    guard = FloodGuard(limit=3, window=60, cooldown=120, clock=clock)
    assert [guard.check(1) for _ in range(3)] == [Verdict.ALLOW] * 3
    assert guard.check(1) is Verdict.WARN
    assert [guard.check(1) for _ in range(5)] == [Verdict.IGNORE] * 5
    clock.advance(119)
    assert guard.check(1) is Verdict.IGNORE
    clock.advance(1)
    assert guard.check(1) is Verdict.ALLOW
    assert guard.limited == 1


def test_flood_guard_is_per_user():
    guard = FloodGuard(limit=2, window=60, cooldown=60, clock=FakeClock())
    for _ in range(10):
        guard.check(1)
    assert guard.check(2) is Verdict.ALLOW and guard.check(2) is Verdict.ALLOW


def test_flood_guard_window_slides():
    clock = FakeClock()
    guard = FloodGuard(limit=3, window=60, cooldown=60, clock=clock)
    for _ in range(3):
        assert guard.check(1) is Verdict.ALLOW
        clock.advance(25)  # requests at 0, 25, 50
    assert guard.check(1) is Verdict.ALLOW  # at 75: the one at 0 has left the window
    assert guard.check(1) is Verdict.WARN  # at 75 again: 25, 50, 75 are in the window


def test_a_steady_human_pace_is_never_limited():
    clock = FakeClock()
    guard = FloodGuard(limit=12, window=60, cooldown=60, clock=clock)
    for _ in range(500):
        assert guard.check(1) is Verdict.ALLOW
        clock.advance(5)  # a question every 5 seconds, for 40 minutes


def test_flood_guard_disabled_with_zero_limit():
    guard = FloodGuard(limit=0, clock=FakeClock())
    assert all(guard.check(1) is Verdict.ALLOW for _ in range(1000))


def test_flood_guard_memory_is_bounded():
    clock = FakeClock()
    guard = FloodGuard(limit=5, window=60, cooldown=60, clock=clock, max_users=100)
    for user in range(1000):
        guard.check(user)
        clock.advance(1)
    assert len(guard._users) <= 100


def test_access_without_allow_list_serves_everybody():
    access = Access()
    assert access.allows(-100, 5) and access.allows(None, 5) and not access.is_admin(5)


def test_access_with_allow_list():
    access = Access(allowed_chats=frozenset({-100, 42}), admins=frozenset({7}))
    assert access.allows(-100, 5) and access.allows(42, 42)
    assert not access.allows(-200, 7)  # an admin in an unlisted group: still not served
    assert access.allows(7, 7)  # an admin's own private chat
    assert not access.allows(5, 5)
    assert access.allows(None, 42) and access.allows(None, 7) and not access.allows(None, 5)
    assert access.is_admin(7) and not access.is_admin(42) and not access.is_admin(None)


def test_stats_count_and_rank_unanswered_questions():
    stats = Stats(clock=lambda: 0.0)
    for question, found in [("Кто автор?", True), ("Сколько стоит биткоин?", False),
                            ("сколько \u200b стоит биткоин?", False), ("Погода?", False), ("", False), ("?!", False)]:
        stats.record(question, found)
    assert (stats.answered, stats.abstained) == (1, 5)
    assert stats.top_unanswered() == [("сколько стоит биткоин?", 2), ("погода?", 1)]


def test_stats_memory_is_bounded():
    stats = Stats(max_questions=50)
    stats.record("частый вопрос", False)
    stats.record("частый вопрос", False)
    for i in range(1000):
        stats.record(f"вопрос {i}", False)
    assert len(stats.unanswered) <= 50
    assert stats.top_unanswered(1) == [("частый вопрос", 2)]


def test_clean_text_examples():
    assert clean_text("a\x00b\x1b[31mc\r\nd\te") == "a b [31mc \nd\te"
    assert clean_text("\ud800x\udcff") == "\ufffdx\ufffd"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair from a JSON escape becomes the character
    assert clean_text("😀 שלום é\u200b") == "😀 שלום é\u200b"
    assert clean_text(None) == ""
    assert one_line("  a\n\n b  " + "c" * 200, 20) == "a b " + "c" * 15 + "…"


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_clean_text_always_gives_encodable_text_without_controls(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
    assert len(cleaned) <= len(text)


# ------------------------------------------------------------------------------ end to end


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
        assert len(api.sent_messages(user["id"])) == 6 and api.sent_messages(group["id"]) == []
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
