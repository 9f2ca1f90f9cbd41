"""End to end: greetings, "what is it about", names and follow-ups in Telegram, against the fake Bot API.

A follow-up is a reply to one of the bot's answers: Telegram sends the answer (with its buttons)
as `reply_to_message`, but not the question before it, so the answer's «Ещё результаты» button
carries its subject; these tests restart the bot between an answer and its follow-up.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.front.telegram.context import SERVICES
from tests.fakebotapi import FakeBotAPI
from tests.front.telegram.test_app import buttons, entity_texts, more_button
from tests.harness import running

pytestmark = pytest.mark.slow  # the bot over HTTP against the fake server


@pytest.fixture
async def bot(fake_api, engine):
    async with running(fake_api, engine) as application:
        yield application


async def test_a_greeting_names_the_article_and_offers_example_buttons(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "Привет! 👋")
    [greeting] = await fake_api.wait_for_messages(alice["id"])
    assert greeting["text"].startswith("Здравствуйте! Я отвечаю на вопросы по статье «Успешное начало нового")
    assert entity_texts(greeting, "blockquote") == [] and buttons(greeting) == ["ask:0", "ask:1", "ask:2"]
    fake_api.press_button(greeting, "ask:1", alice)
    answer = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert "дважды посетил" in answer["text"]

    fake_api.user_sends(None, alice, "спасибо!")
    thanks = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
    assert thanks["text"].startswith("Пожалуйста!") and buttons(thanks) == []
    memory = bot.bot_data[SERVICES].memory
    await asyncio.to_thread(memory.flush)
    report = await memory.report(days=1)
    assert (report.questions, report.answered) == (1, 1)  # small talk is no question, answered or not


async def test_about_quotes_the_lead_and_offers_the_sections(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "Кратко перескажи, о чём статья")
    [about] = await fake_api.wait_for_messages(alice["id"])
    assert "Вступление, предложения 1–2" in about["text"]
    assert entity_texts(about, "blockquote")[0].startswith("2023 год - это 10-летие выдвинутой в Казахстане")
    assert buttons(about) == [f"sec:0:{n}" for n in range(5)]
    fake_api.press_button(about, "sec:0:2", alice)
    section = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert section["text"].startswith("Раздел 2. Региональные обмены содействуют деловому сотрудничеству")


async def test_people_in_any_inflection_and_names_not_mentioned(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "Что известно о Токаеве?")
    [tokayev] = await fake_api.wait_for_messages(alice["id"])
    quotes = entity_texts(tokayev, "blockquote")
    assert len(quotes) == 3 and "Президента Касым-Жомарта Токаева" in quotes[0]
    assert "Касым-Жомарта" in entity_texts(tokayev, "bold")

    fake_api.user_sends(None, alice, "Кто такой Цзян Вэй?")
    author = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert author["text"].startswith("Сведения о публикации: автор")
    assert entity_texts(author, "blockquote") == ["Генеральный консул КНР в Алматы Цзян Вэй"]

    fake_api.user_sends(None, alice, "Кто такой Илон Маск?")
    missing = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
    assert missing["text"].startswith("В статье не встречается: «Илон Маск».")

    fake_api.user_sends(None, alice, "Who is the consul?")
    english = (await fake_api.wait_for_messages(alice["id"], count=4))[-1]
    assert english["text"].startswith("Я отвечаю на вопросы на русском языке по русскому тексту")


async def test_a_reply_to_an_answer_is_its_follow_up_even_after_a_restart(fake_api, engine):
    alice = fake_api.make_user("Alice")
    async with running(fake_api, engine):
        fake_api.user_sends(None, alice, "Какую премию получил документальный фильм?")
        [answer] = await fake_api.wait_for_messages(alice["id"])
    assert more_button(answer).startswith("more:1:q25~")
    async with running(fake_api, engine):
        fake_api.user_sends(None, alice, "А в какой номинации?", reply_to=answer)
        followup = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
        assert "Лучшее видео" in followup["text"]
        assert more_button(followup) == "more:1:f" + more_button(answer).removeprefix("more:1:q")

        fake_api.user_sends(None, alice, "А в какой номинации?")  # not a reply: no subject
        alone = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
        assert more_button(alone).startswith("more:1:q")

        fake_api.press_button(followup, more_button(followup), alice)
        more = (await fake_api.wait_for_messages(alice["id"], count=4))[-1]
        assert more["text"] == "Других подходящих цитат в статье нет."


async def test_a_pronoun_follow_up_in_a_group(engine):
    async with FakeBotAPI() as api, running(api, engine):
        group = api.make_group("Друзья")
        bob = api.make_user("Bob")
        api.user_sends(group, bob, "/ask привет")
        [greeting] = await api.wait_for_messages(group["id"])
        assert greeting["text"].startswith("Здравствуйте!") and buttons(greeting) == ["ask:0", "ask:1", "ask:2"]

        api.user_sends(group, bob, "/ask Кто автор статьи?")
        author = (await api.wait_for_messages(group["id"], count=2))[-1]
        asked = api.user_sends(group, bob, "а где он работает?", reply_to=author)
        where = (await api.wait_for_messages(group["id"], count=3))[-1]
        assert where["reply_to_message"]["message_id"] == asked["message_id"]
        assert entity_texts(where, "blockquote") == ["Генеральный консул КНР в Алматы Цзян Вэй"]

        api.user_sends(group, bob, "/ask Сколько раз Токаев посетил Китай в прошлом году?")
        visits = (await api.wait_for_messages(group["id"], count=4))[-1]
        api.user_sends(group, bob, "А в каких мероприятиях он там участвовал?", reply_to=visits)
        events = (await api.wait_for_messages(group["id"], count=5))[-1]
        assert "первом саммите" in entity_texts(events, "blockquote")[0]

        api.user_sends(group, bob, "/ask о чём статья?")
        about = (await api.wait_for_messages(group["id"], count=6))[-1]
        assert "Вступление, предложения 1–2" in about["text"] and buttons(about)[0] == "sec:0:0"

        api.user_sends(group, bob, "/ask Кто такой Си Цзиньпин?")
        xi = (await api.wait_for_messages(group["id"], count=7))[-1]
        assert entity_texts(xi, "blockquote")[0].startswith("В условиях сложной международной обстановки")

        api.user_sends(group, bob, "привет всем")  # not addressed: silence
        await api.wait_for_updates_consumed()
        assert len(api.sent_messages(group["id"])) == 7


async def test_inline_names_and_small_talk(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.inline_query(alice, "Кто такой Токаев")
    await fake_api.wait_for(lambda: fake_api.inline_answers)
    results = fake_api.inline_answers[0]["results"]
    assert [r["title"] for r in results][0] == "Вступление, предложение 2" and len(results) == 3
    fake_api.inline_query(alice, "привет")
    await fake_api.wait_for(lambda: len(fake_api.inline_answers) == 2)
    assert fake_api.inline_answers[1]["results"] == []


async def test_more_detail_and_the_next_quotes_typed_as_replies_in_a_group(engine):
    async with FakeBotAPI() as api, running(api, engine):
        group = api.make_group("Друзья")
        bob = api.make_user("Bob")
        api.user_sends(group, bob, "/ask Кто выиграл тендер?")
        [tender] = await api.wait_for_messages(group["id"])
        api.user_sends(group, bob, "подробнее", reply_to=tender)
        detail = (await api.wait_for_messages(group["id"], count=2))[-1]
        assert "предложения 7–11" in detail["text"] and "Назначен первый клиринговый банк" in detail["text"]
        api.user_sends(group, bob, "а что ещё?", reply_to=tender)
        more = (await api.wait_for_messages(group["id"], count=3))[-1]
        assert "Консорциум китайских предприятий" not in more["text"] and entity_texts(more, "blockquote")
        api.user_sends(group, bob, "подробнее")  # not a reply and not addressed: silence
        await api.wait_for_updates_consumed()
        assert len(api.sent_messages(group["id"])) == 3
