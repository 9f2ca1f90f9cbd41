"""End to end: the real python-telegram-bot Application against the fake Bot API over HTTP.

Each test plays a Telegram user (private chat, group, inline query, button presses) and checks what
the bot sent back, as Telegram would have shown it (text after HTML parsing, entities, buttons).
"""

from __future__ import annotations

import re

import pytest

from bot.qa.engine import Engine
from bot.text.parsing import parse_document
from tests.fakebotapi import FakeBotAPI
from tests.harness import running

QUESTION = "Каков объём товарооборота между Китаем и Казахстаном?"


def entity_texts(message: dict, kind: str) -> list[str]:
    """The pieces of a sent message's text covered by entities of one type."""
    text = message["text"].encode("utf-16-le")
    return [
        text[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] == kind
    ]


def buttons(message: dict) -> list[str]:
    """callback_data of every inline button under a message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def more_button(message: dict) -> str:
    """callback_data of the «Ещё результаты» button (it carries the answer's subject key after «more:N:»)."""
    return next(data for data in buttons(message) if data.startswith("more:"))


@pytest.fixture
async def bot(fake_api, engine):
    async with running(fake_api, engine) as application:
        yield application


async def test_start_registers_commands_and_offers_example_buttons(fake_api, bot):
    menu = {c["command"]: c["description"] for c in fake_api.commands}
    assert list(menu) == ["start", "help", "ask", "sections", "section", "source", "docs", "doc"]
    assert menu["section"] == "Раздел целиком: /section N" and menu["doc"].endswith("/doc N вопрос")
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "/start")
    [reply] = await fake_api.wait_for_messages(alice["id"])
    assert "Я отвечаю на вопросы по статье" in reply["text"]
    assert buttons(reply) == ["ask:0", "ask:1", "ask:2"]

    fake_api.press_button(reply, "ask:0", alice)
    _, answer = await fake_api.wait_for_messages(alice["id"], count=2)
    assert "36,86 млрд долларов США" in answer["text"]
    assert len(fake_api.callback_answers) == 1


async def test_private_question_is_answered_with_quote_reference_and_bold(fake_api, bot):
    alice = fake_api.make_user("Alice")
    asked = fake_api.user_sends(None, alice, QUESTION)
    [reply] = await fake_api.wait_for_messages(alice["id"])
    assert reply["reply_to_message"]["message_id"] == asked["message_id"]
    assert "Раздел 2 «Региональные обмены содействуют деловому сотрудничеству», предложения 1–2" in reply["text"]
    quotes = entity_texts(reply, "blockquote")
    assert quotes and "36,86 млрд долларов США" in quotes[0]
    assert "товарооборота" in entity_texts(reply, "bold")
    first, votes = reply["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for b in first] == ["ctx:7", more_button(reply), "sec:0:2"]
    assert more_button(reply).startswith("more:3:q7+1~")
    assert [b["text"] for b in votes] == ["👍", "👎"]
    up, down = (b["callback_data"] for b in votes)
    assert re.fullmatch(r"vote:[A-Za-z0-9_-]{12}:up", up) and down == up.replace(":up", ":down")
    assert isinstance(reply["date"], int)


async def test_unanswerable_question_gets_a_polite_refusal(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "Сколько стоит биткоин?")
    [reply] = await fake_api.wait_for_messages(alice["id"])
    assert reply["text"].startswith("К сожалению, в статье нет ответа")
    assert "/sections" in reply["text"] and "Региональные обмены" in reply["text"]
    assert buttons(reply) == []


async def test_an_answer_names_the_question_words_the_article_lacks(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "Кто мэр Алматы?")
    [reply] = await fake_api.wait_for_messages(alice["id"])
    assert reply["text"].endswith("В статье не встречается: «мэр».")
    assert "В статье не встречается: «мэр»." in entity_texts(reply, "italic")
    fake_api.user_sends(None, alice, QUESTION)
    _, answer = await fake_api.wait_for_messages(alice["id"], count=2)
    assert "не встречается" not in answer["text"]


async def test_buttons_context_more_and_section(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, QUESTION)
    [answer] = await fake_api.wait_for_messages(alice["id"])

    fake_api.press_button(answer, "ctx:7", alice)
    context = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert context["text"].startswith("Контекст цитаты")
    assert "В марте прошлого года" in context["text"]  # two sentences after the quote

    fake_api.press_button(answer, more_button(answer), alice)
    more = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
    assert more["text"].startswith("4. ")

    fake_api.press_button(answer, "sec:0:2", alice)
    section = (await fake_api.wait_for_messages(alice["id"], count=4))[-1]
    assert section["text"].startswith("Раздел 2. Региональные обмены содействуют деловому сотрудничеству")
    assert "Постоянно появляются новые форматы бизнеса" in section["text"]
    await fake_api.wait_for(lambda: len(fake_api.callback_answers) == 3)


async def test_buttons_keep_working_after_a_restart(fake_api, engine):
    alice = fake_api.make_user("Alice")
    async with running(fake_api, engine):
        fake_api.user_sends(None, alice, QUESTION)
        [answer] = await fake_api.wait_for_messages(alice["id"])
    async with running(fake_api, engine):
        fake_api.press_button(answer, more_button(answer), alice)
        more = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert more["text"].startswith("4. ")


async def test_sections_section_and_source_commands(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends(None, alice, "/sections")
    [contents] = await fake_api.wait_for_messages(alice["id"])
    assert "Дипломатия глав государств" in contents["text"]
    assert buttons(contents) == [f"sec:0:{n}" for n in range(5)]
    fake_api.press_button(contents, "sec:0:3", alice)
    section = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert "Соглашение о взаимном безвизовом режиме" in section["text"]

    fake_api.user_sends(None, alice, "/section 1")
    one = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
    assert one["text"].startswith("Раздел 1. Дипломатия глав государств")

    fake_api.user_sends(None, alice, "/source")
    source = (await fake_api.wait_for_messages(alice["id"], count=4))[-1]
    for expected in ("Цзян Вэй", "03.01.2024", "Kazakhstan Today"):
        assert expected in source["text"]


async def test_group_answers_only_when_addressed(engine):
    async with FakeBotAPI(privacy_mode=False) as api, running(api, engine):
        group = api.make_group("Друзья")
        bob = api.make_user("Bob")
        api.user_sends(group, bob, "привет всем, как дела?")
        await api.wait_for_updates_consumed()

        asked = api.user_sends(group, bob, "/ask Кто выиграл тендер?")
        [first] = await api.wait_for_messages(group["id"])
        assert "ТЭЦ № 2" in first["text"] and first["reply_to_message"]["message_id"] == asked["message_id"]

        api.user_sends(group, bob, "/ask@qa_test_bot Какую премию получил фильм?")
        second = (await api.wait_for_messages(group["id"], count=2))[-1]
        assert "Newsky Award" in second["text"]

        api.user_sends(group, bob, "@qa_test_bot филиал какого университета открылся?")
        third = (await api.wait_for_messages(group["id"], count=3))[-1]
        assert "Северо-Западного политехнического университета" in third["text"]

        api.user_sends(group, bob, "А сколько раз Токаев посетил Китай?", reply_to=third)
        fourth = (await api.wait_for_messages(group["id"], count=4))[-1]
        assert "дважды посетил" in fourth["text"]

        api.user_sends(group, bob, "/ask")
        usage = (await api.wait_for_messages(group["id"], count=5))[-1]
        assert usage["text"].startswith("Напишите вопрос после команды")

        api.user_sends(group, bob, "и ещё одна реплика без обращения")
        await api.wait_for_updates_consumed()
        api.user_sends(group, bob, "/source")
        await api.wait_for_messages(group["id"], count=6)
        assert len(api.sent_messages(group["id"])) == 6


async def test_inline_query_lists_passages(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.inline_query(alice, "товарооборот Китая и Казахстана")
    await fake_api.wait_for(lambda: fake_api.inline_answers)
    results = fake_api.inline_answers[0]["results"]
    assert results[0]["title"].startswith("Раздел 2 «Региональные обмены")
    assert "36,86 млрд" in results[0]["description"]
    assert "<blockquote>" in results[0]["input_message_content"]["message_text"]


async def test_non_text_and_very_long_questions(fake_api, bot):
    alice = fake_api.make_user("Alice")
    fake_api.user_sends_sticker(None, alice)
    [hint] = await fake_api.wait_for_messages(alice["id"])
    assert hint["text"].startswith("Я понимаю только текст")

    fake_api.user_sends(None, alice, "Кто выиграл тендер? " + "очень " * 1000)
    long_reply = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
    assert long_reply["text"].startswith("Вопрос очень длинный, я прочитал только первые 500 символов.")
    assert "ТЭЦ № 2" in long_reply["text"]


async def test_long_answers_are_split_into_valid_messages(fake_api):
    long_sentences = [f"Длинное предложение номер {i} про викингов{' и их далёкие походы' * 70}." for i in range(6)]
    filler = [f"Короткая заметка {i} о погоде, урожае и ярмарке." for i in range(30)]
    text = "Норманны\n\n" + " ".join(long_sentences + filler)
    engine = Engine([parse_document(text, doc_id="long")])
    async with running(fake_api, engine, top_k=6):
        alice = fake_api.make_user("Alice")
        fake_api.user_sends(None, alice, "походы викингов")
        await fake_api.wait_for(lambda: len(fake_api.sent_messages(alice["id"])) >= 2)
        await fake_api.wait_for(lambda: buttons(fake_api.sent_messages(alice["id"])[-1]))
        messages = fake_api.sent_messages(alice["id"])
    assert all(len(m["text"].encode("utf-16-le")) // 2 <= 4096 for m in messages)
    assert sum(m["text"].count("номер") for m in messages) == 6
    assert not [c for c in fake_api.calls("sendMessage") if not c.ok]


async def test_error_handler_apologises(fake_api, engine):
    class BrokenEngine(Engine):
        def ask(self, *args, **kwargs):
            raise RuntimeError("index on fire")

    broken = BrokenEngine.__new__(BrokenEngine)
    broken.__dict__.update(engine.__dict__)
    async with running(fake_api, broken):
        alice = fake_api.make_user("Alice")
        fake_api.user_sends(None, alice, QUESTION)
        [reply] = await fake_api.wait_for_messages(alice["id"])
    assert reply["text"].startswith("Извините, что-то пошло не так")


async def test_many_documents_docs_and_questions_limited_to_one(fake_api, seed_doc):
    normans = parse_document(
        "Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон. Роллон крестился в 911 году.",
        doc_id="normans",
    )
    engine = Engine([seed_doc, normans])
    async with running(fake_api, engine, top_k=1):
        alice = fake_api.make_user("Alice")
        fake_api.user_sends(None, alice, "/docs")
        [listing] = await fake_api.wait_for_messages(alice["id"])
        assert "1. «Успешное начало нового" in listing["text"] and "2. «Норманны»" in listing["text"]
        assert "/doc N вопрос" in listing["text"]

        fake_api.user_sends(None, alice, "Кто был вождём норманнов?")
        anywhere = (await fake_api.wait_for_messages(alice["id"], count=2))[-1]
        assert "«Норманны» · Раздел 1 «Норманны», предложени" in anywhere["text"] and "Роллон" in anywhere["text"]

        fake_api.user_sends(None, alice, "/doc 1 Кто был вождём норманнов?")
        limited = (await fake_api.wait_for_messages(alice["id"], count=3))[-1]
        assert "Роллон" not in limited["text"]

        asked = fake_api.user_sends(None, alice, "/doc normans Роллон, норманны и Казахстан")
        answer = (await fake_api.wait_for_messages(alice["id"], count=4))[-1]
        assert answer["reply_to_message"]["message_id"] == asked["message_id"] and "Роллон" in answer["text"]
        fake_api.press_button(answer, more_button(answer), alice)
        more = (await fake_api.wait_for_messages(alice["id"], count=5))[-1]
        assert more["text"].startswith("2. «Норманны»") and "Казахстан" not in more["text"]

        fake_api.user_sends(None, alice, "/doc 7 вопрос")
        usage = (await fake_api.wait_for_messages(alice["id"], count=6))[-1]
        assert usage["text"].startswith("Укажите номер документа и вопрос")


async def test_commands_and_mentions_without_entities_still_work(engine):
    """Some Bot API emulators send no bot_command/mention entities; the bot reads the text then."""
    async with FakeBotAPI(privacy_mode=False) as api, running(api, engine):
        alice = api.make_user("Alice")
        api.user_sends(None, alice, "/start", entities=[])
        [hello] = await api.wait_for_messages(alice["id"])
        assert "Я отвечаю на вопросы по статье" in hello["text"]

        group = api.make_group("Друзья")
        api.user_sends(group, alice, "/ask@other_bot Кто выиграл тендер?", entities=[])
        await api.wait_for_updates_consumed()
        api.user_sends(group, alice, "/ask Кто выиграл тендер?", entities=[])
        [first] = await api.wait_for_messages(group["id"])
        assert "ТЭЦ № 2" in first["text"]
        api.user_sends(group, alice, "@QA_test_bot какую премию получил фильм?", entities=[])
        second = (await api.wait_for_messages(group["id"], count=2))[-1]
        assert "Newsky Award" in second["text"]
        assert len(api.sent_messages(group["id"])) == 2
