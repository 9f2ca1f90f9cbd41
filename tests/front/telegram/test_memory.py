"""The memory end to end: 👍/👎 under answers, /stats after a restart, and a database that fails.

The bot is the real Application against the fake Bot API; its database is the default one,
`var/bot.sqlite3` in the test's own folder, read back with plain sqlite3.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bot.front import phrases
from bot.front.memory.store import open_memory
from bot.front.settings import Settings
from tests.harness import running

pytestmark = pytest.mark.slow  # the bot over HTTP against the fake server, databases on disk

QUESTION = "Каков объём товарооборота между Китаем и Казахстаном?"
DB = Path("var/bot.sqlite3")


def vote_buttons(message: dict) -> list[str]:
    """callback_data of the 👍/👎 row under an answer."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if b["callback_data"].startswith("vote:")]


def votes_in_the_file() -> list[tuple[str, int]]:
    with sqlite3.connect(DB) as db:
        return db.execute("SELECT answer_id, vote FROM votes ORDER BY at").fetchall()


async def press(api, message, data, user) -> str | None:
    """Press a button and wait for its answerCallbackQuery; the text it was answered with."""
    query = api.press_button(message, data, user)
    answered = await api.wait_for(lambda: [a for a in api.callback_answers if a["callback_query_id"] == query["id"]])
    return answered[0]["text"]


async def test_votes_one_per_user_committed_before_the_answer_and_after_a_restart(fake_api, engine):
    alice, bob = fake_api.make_user("Alice"), fake_api.make_user("Bob")
    async with running(fake_api, engine):
        fake_api.user_sends(None, alice, QUESTION)
        [answer] = await fake_api.wait_for_messages(alice["id"])
        up, down = vote_buttons(answer)
        answer_id = up.split(":")[1]
        assert await press(fake_api, answer, up, alice) == phrases.VOTE_THANKS[1]
        assert votes_in_the_file() == [(answer_id, 1)]  # committed when the press was answered
        assert await press(fake_api, answer, up, alice) == phrases.VOTE_SAME
        assert await press(fake_api, answer, down, alice) == phrases.VOTE_CHANGED[-1]
        assert votes_in_the_file() == [(answer_id, -1)]
        fake_api.user_sends(None, alice, "Сколько стоит биткоин?")
        [_, refusal] = await fake_api.wait_for_messages(alice["id"], count=2)
        assert vote_buttons(refusal) == []  # nothing to vote on under "no answer in the article"
    async with running(fake_api, engine):  # a new process: the buttons still work
        assert await press(fake_api, answer, up, alice) == phrases.VOTE_CHANGED[1]
        assert await press(fake_api, answer, down, bob) == phrases.VOTE_THANKS[-1]
        fake_api.press_button(answer, "vote:forgedforged:up", bob, force=True)
        await fake_api.wait_for(lambda: fake_api.callback_answers[-1]["text"] == phrases.VOTE_UNKNOWN)
    assert sorted(votes_in_the_file()) == [(answer_id, -1), (answer_id, 1)]
    assert len(fake_api.sent_messages(alice["id"])) == 2  # votes send no messages


async def test_stats_survive_a_restart(fake_api, engine):
    admin, user = fake_api.make_user("Admin"), fake_api.make_user("User")
    async with running(fake_api, engine, admins=frozenset({admin["id"]})):
        for question in (QUESTION, "Сколько стоит биткоин?", "Сколько стоит биткоин?"):
            fake_api.user_sends(None, user, question)
        answer = (await fake_api.wait_for_messages(user["id"], count=3))[0]
        await press(fake_api, answer, vote_buttons(answer)[1], user)
        fake_api.fail_next("sendMessage", 400, description="Bad Request: something odd")
        fake_api.user_sends(None, user, "Кто автор статьи?")  # fails: an error, and still a question
        await fake_api.wait_for(lambda: len(fake_api.calls("sendMessage")) >= 5)
    async with running(fake_api, engine, admins=frozenset({admin["id"]})):
        fake_api.user_sends(None, admin, "/stats")
        [stats] = await fake_api.wait_for_messages(admin["id"])
    text = stats["text"]
    assert "Вопросов: 4" in text and "Отвечено вопросов: 2 (50 %)" in text and "Без ответа: 2" in text
    assert "Оценки: 👍 0, 👎 1 (100 % 👎)" in text and "Ошибок: 1" in text
    assert "1. «сколько стоит биткоин?» — 2" in text
    assert "Ответы с оценкой 👎\n1. «каков объём товарооборота между китаем и казахстаном?» → Раздел 2" in text
    with sqlite3.connect(DB) as db:
        assert db.execute("SELECT count(*) FROM questions WHERE user_hash IS NOT NULL").fetchone() == (4,)
        latencies = [row[0] for row in db.execute("SELECT latency_ms FROM questions")]
    assert all(0 < ms < 5000 for ms in latencies) and "Время ответа (медиана): " in text
    with sqlite3.connect(DB) as db:
        stored = " ".join(str(v) for row in db.execute("SELECT * FROM questions") for v in row)
    assert str(user["id"]) not in stored and str(admin["id"]) not in stored  # never a raw user id


async def test_a_corrupt_database_is_one_warning_and_the_bot_keeps_answering(fake_api, engine, caplog):
    DB.parent.mkdir()
    DB.write_bytes(b"garbage " * 512)
    admin = fake_api.make_user("Admin")
    with caplog.at_level(logging.WARNING):
        async with running(fake_api, engine, admins=frozenset({admin["id"]})):
            fake_api.user_sends(None, admin, QUESTION)
            [answer] = await fake_api.wait_for_messages(admin["id"])
            assert "36,86 млрд" in answer["text"]
            assert await press(fake_api, answer, vote_buttons(answer)[0], admin) == phrases.VOTE_THANKS[1]
            fake_api.user_sends(None, admin, "/stats")
            stats = (await fake_api.wait_for_messages(admin["id"], count=2))[-1]
    memory_warnings = [r for r in caplog.records if r.name.startswith("bot.front.memory")]
    assert len(memory_warnings) == 1 and "not a database" in memory_warnings[0].getMessage()
    assert "Вопросов: 1" in stats["text"] and phrases.STATS_FALLBACK in stats["text"]
    assert DB.read_bytes() == b"garbage " * 512


async def test_a_locked_database_the_bot_answers_and_a_vote_gets_an_apology(fake_api, engine, caplog):
    settings = Settings()
    memory = open_memory(settings, timeout=0.1)
    alice = fake_api.make_user("Alice")
    with caplog.at_level(logging.WARNING):
        async with running(fake_api, engine, memory=memory):
            fake_api.user_sends(None, alice, QUESTION)
            [answer] = await fake_api.wait_for_messages(alice["id"])
            await asyncio.to_thread(memory.flush)  # its row is in the file before the lock
            other = sqlite3.connect(DB, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")  # another process holds the database
            assert await press(fake_api, answer, vote_buttons(answer)[0], alice) == phrases.VOTE_FAILED
            fake_api.user_sends(None, alice, "Кто автор статьи?")
            await fake_api.wait_for_messages(alice["id"], count=2)
            await asyncio.to_thread(memory.flush)
            other.execute("ROLLBACK")
            assert await press(fake_api, answer, vote_buttons(answer)[0], alice) == phrases.VOTE_THANKS[1]
    memory_warnings = [r for r in caplog.records if r.name.startswith("bot.front.memory")]
    assert len(memory_warnings) == 1 and "database is locked" in memory_warnings[0].getMessage()
    assert "Цзян Вэй" in fake_api.sent_messages(alice["id"])[1]["text"]
