"""Bad input, from anywhere: every reply is text Telegram accepts, and nothing raises.

Property tests (hypothesis) push updates through the real Application (admission, routing,
handlers, error handler) with a recording stand-in for the Bot, so hundreds of examples run in
seconds, and check every outgoing message with the fake Bot API's own copy of Telegram's HTML
parser. End-to-end tests then send the nastiest inputs and every kind of non-text update through
the real fake server.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update, User
from telegram.ext import ApplicationBuilder, ExtBot

from bot.front.cleaning import clean_text
from bot.front.memory.records import topic_of
from bot.front.memory.report import Day, Missed, Report
from bot.front.memory.store import open_memory
from bot.front.render.messages import escape, sendable, split_messages
from bot.front.render.stats import stats_html
from bot.front.render.terminal import html_to_console
from bot.front.session import Session
from bot.front.settings import Settings
from bot.front.telegram.app import install
from bot.front.telegram.context import CONTEXT_TYPES, SERVICES
from bot.qa.engine import Engine
from bot.text.parsing import parse_document
from tests.fakebotapi import (
    MAX_MESSAGE_LENGTH,
    MAX_RAW_TEXT_BYTES,
    FakeBotAPI,
    check_reply_markup,
    find_entities,
    normalize_text,
    parse_html,
    utf16_len,
)
from tests.harness import running

BOT_ID, BOT_USERNAME = 6_000_000_001, "qa_test_bot"

# ------------------------------------------------------------------------------- strategies

NASTY_PIECES = [
    "<b>", "</b>", "<i>x</i>", "<a href='x'>", "<script>", "&amp;", "&", "&lt;", "&#0;", "&nbsp;", "<", ">",
    "*", "_", "[", "](", "`", "```", "~", "||", "\\", "\u202e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff",
    "\u0301", "\u0336" * 5, "\x00", "\x1b[31m", "\x7f", "\x85", "\r", "\n", "\t", "\u2028", "😀", "👨‍👩‍👧",
    "🏳️‍🌈", "\ud800", "\udfff", "\U0010ffff", "Китай", "товарооборот", "Казахстан", "@qa_test_bot",
    "/ask", "/section", "0", "²", "٣", "9" * 40, " ", "שלום", "مرحبا", "e\u0301",
]
CHARACTERS = st.characters(exclude_categories=())  # every code point, surrogates included
TEXTS = st.lists(
    st.one_of(st.sampled_from(NASTY_PIECES), st.text(CHARACTERS, max_size=12)), max_size=40
).map("".join)
PIECES = st.lists(
    st.one_of(st.sampled_from(NASTY_PIECES), st.text(CHARACTERS, min_size=1, max_size=12)), min_size=1, max_size=10
).map("".join)
LONG_TEXTS = st.tuples(PIECES, st.integers(100, 3000)).map(lambda t: (t[0] * t[1])[:12_000])
SPECIAL = st.sampled_from(
    ["", " ", "   \n\t  ", "\u3000\u00a0", "1234567890", "0" * 10_000, "а" * 10_000, "<b>" * 3000,
     "&amp;" * 2000, "*_[" * 3000, "\u200b" * 5000, "😀" * 4000]
)
QUESTIONS = st.one_of(TEXTS, LONG_TEXTS, SPECIAL)
EXAMPLES = int(os.environ.get("ROBUSTNESS_EXAMPLES", "150"))  # e.g. 3000 for a long hunt
# the autouse working-folder fixture is function-scoped but holds nothing an example could change
QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=QUIET)

pytestmark = pytest.mark.slow  # hundreds of examples per property; the real server end to end



# ------------------------------------------------------------------------------- checkers


def check_telegram_html(html: str) -> None:
    """Fail unless Telegram would accept `html` as a sendMessage text with parse_mode HTML."""
    assert isinstance(html, str)
    raw = html.encode("utf-8")  # no lone surrogates: the request body must be UTF-8
    assert len(raw) <= MAX_RAW_TEXT_BYTES
    text, entities = parse_html(html, strict=True)  # allowed tags, balanced, escaped
    text, entities = normalize_text(text, entities)
    assert text, "message text is empty"
    assert utf16_len(text) <= MAX_MESSAGE_LENGTH, utf16_len(text)


def check_console_text(html: str) -> None:
    """The console shows the same message as printable UTF-8 without raising."""
    for color in (False, True):
        html_to_console(html, color).encode("utf-8")


class Recording:
    """What the bot sent for one update."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.inline: list[dict[str, Any]] = []
        self.callbacks: list[dict[str, Any]] = []

    def check(self) -> None:
        """Every recorded message and inline result is acceptable to Telegram."""
        for message in self.sent:
            check_telegram_html(message["text"])
            check_console_text(message["text"])
            markup = message.get("reply_markup")
            check_reply_markup(markup.to_dict() if markup else None, strict=True)
        for answer in self.inline:
            assert len(answer["results"]) <= 50
            for result in answer["results"]:
                data = result.to_dict()
                assert 1 <= len(data["id"].encode()) <= 64 and data["title"]
                check_telegram_html(data["input_message_content"]["message_text"])


class RecordingBot(ExtBot):
    """Stands in for the Bot: records what the handlers send (in `_recording`), sends nothing."""

    def __init__(self) -> None:
        super().__init__(token=f"{BOT_ID}:RECORDING")
        self._recording = Recording()

    async def initialize(self) -> None:
        self._bot_user = User(BOT_ID, "Bot", True, username=BOT_USERNAME)
        self._initialized = True

    async def shutdown(self) -> None:
        self._initialized = False

    async def send_message(self, chat_id, text, **kwargs: Any) -> None:
        self._recording.sent.append({"chat_id": chat_id, "text": text, **kwargs})

    async def answer_inline_query(self, inline_query_id, results, **kwargs: Any) -> None:
        self._recording.inline.append({"results": results, **kwargs})

    async def answer_callback_query(self, callback_query_id, text=None, **kwargs: Any) -> None:
        self._recording.callbacks.append({"text": text, **kwargs})


class Bot:
    """The real Application with the recording bot: `handle` runs one update through everything."""

    def __init__(self, engine: Engine) -> None:
        self.loop = asyncio.new_event_loop()
        self.recorder = RecordingBot()
        self.application = ApplicationBuilder().bot(self.recorder).updater(None).context_types(CONTEXT_TYPES).build()
        settings = Settings(flood_limit=0, db_path=Path(":memory:"))
        install(self.application, settings, engine, open_memory(settings))
        self.failures: list[BaseException | None] = []
        self.application.add_error_handler(self._failed)
        self.loop.run_until_complete(self.application.initialize())

    async def _failed(self, update: object, context) -> None:
        self.failures.append(context.error)

    @property
    def errors(self) -> int:
        return len(self.failures)

    def handle(self, data: dict[str, Any]) -> Recording:
        """Process one update; what the bot sent for it. Fails when a handler raised."""
        recording = self.recorder._recording = Recording()
        errors = self.errors
        self.loop.run_until_complete(self.application.process_update(Update.de_json(data, self.recorder)))
        assert self.errors == errors, "a handler raised (the error handler ran)"
        return recording

    def close(self) -> None:
        self.loop.run_until_complete(self.application.shutdown())
        self.loop.close()
        self.application.bot_data[SERVICES].memory.close()


def message_update(text: str, chat_type: str = "private", reply_to_bot: bool = False) -> dict[str, Any]:
    """A Bot API `message` update as Telegram would deliver it."""
    chat = {"id": 42, "type": "private", "first_name": "Alice"} if chat_type == "private" else {
        "id": -100, "type": "supergroup", "title": "Группа"}
    message = {"message_id": 7, "date": 0, "chat": chat, "text": text, "entities": find_entities(text),
               "from": {"id": 42, "is_bot": False, "first_name": "Alice"}}
    if reply_to_bot:
        message["reply_to_message"] = {"message_id": 5, "date": 0, "chat": chat, "text": "ответ",
                                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"}}
    return {"update_id": 1, "message": message}


@pytest.fixture(scope="module")
def bot(engine) -> Bot:
    """The bot with the flood limit off (hypothesis sends hundreds of messages)."""
    bot = Bot(engine)
    yield bot
    bot.close()


# ----------------------------------------------------------------------------- properties


@FAST
@given(question=QUESTIONS)
def test_any_private_text_gets_valid_replies(bot, question):
    sent = bot.handle(message_update(question))
    assert sent.sent, "every private text gets a reply"
    sent.check()


@FAST
@given(question=QUESTIONS)
def test_any_reply_of_the_session_is_valid(engine, question):
    reply = Session(engine).ask(question)
    assert reply.messages
    for message in reply.messages:
        check_telegram_html(message)
        check_console_text(message)
    reply.answer.question.encode("utf-8")


@FAST
@given(text=QUESTIONS)
def test_any_group_text_addressed_to_the_bot(bot, text):
    bot.handle(message_update(f"@{BOT_USERNAME} {text}", "supergroup")).check()
    bot.handle(message_update(text, "supergroup", reply_to_bot=True)).check()


@FAST
@given(text=QUESTIONS)
def test_any_command_arguments(bot, text):
    for command in ("/ask", "/section", "/doc", "/sections", "/help", "/start", "/source", "/docs"):
        sent = bot.handle(message_update(f"{command} {text}"))
        assert len(sent.sent) >= 1, command
        sent.check()


@FAST
@given(query=QUESTIONS)
def test_any_inline_query(bot, query):
    update = {"update_id": 1, "inline_query": {
        "id": "1", "from": {"id": 42, "is_bot": False, "first_name": "Alice"}, "query": query, "offset": ""}}
    sent = bot.handle(update)
    assert len(sent.inline) == 1
    sent.check()


@FAST
@given(data=st.one_of(TEXTS, st.sampled_from(
    ["ask:0", "ask:99", "ask:-1", "ctx:²", "ctx:999999999", "more:3", "more:" + "9" * 5000,
     "sec:0:2", "sec:5:1", "sec:0:999999", "sec:x:y", "zzz", ":", "sec:0:2:1"])))
def test_any_callback_data(bot, data):
    answered = message_update("Кто автор статьи?")["message"]
    bot_message = {"message_id": 8, "date": 0, "chat": answered["chat"], "text": "ответ",
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot"}, "reply_to_message": answered}
    update = {"update_id": 1, "callback_query": {
        "id": "5", "from": answered["from"], "chat_instance": "1", "data": data, "message": bot_message}}
    sent = bot.handle(update)
    assert len(sent.callbacks) == 1, "every press is answered"
    sent.check()


BLOCK_TEXTS = st.one_of(TEXTS, LONG_TEXTS, st.sampled_from(["x" * 5000, "слово " * 1500, "😀" * 3000, "&<>" * 2000]))


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None, suppress_health_check=QUIET)
@given(blocks=st.lists(st.tuples(st.sampled_from(["", "b", "i", "blockquote", "ref"]), BLOCK_TEXTS),
                       min_size=1, max_size=6))
def test_split_messages_keeps_any_blocks_valid(blocks):
    def block(tag: str, text: str) -> str:
        if tag == "ref":  # the shape of an answer passage: reference, then the quote
            return f"<i>1. {escape(text[:50])}</i>\n<blockquote>{escape(text)}</blockquote>"
        return f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text)

    html_blocks = [block(tag, clean_text(text)) for tag, text in blocks]
    for message in sendable(split_messages(html_blocks)):  # what _send_all would send
        check_telegram_html(message)


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None, suppress_health_check=QUIET)
@given(questions=st.lists(QUESTIONS, max_size=30))
def test_stats_text_is_valid_whatever_was_asked(questions):
    topics = [topic_of(clean_text(q)) for q in questions]  # what the memory stores and lists
    report = Report(
        days=7, since=0.0, questions=len(questions), per_day=(Day("2024-01-03", len(questions), 0),),
        unanswered=tuple((t, 1) for t in topics[:10] if t),
        missed=tuple(Missed(t, (t or "")[:50] or None, 1, 0) for t in topics[10:20]),
    )
    for message in stats_html(report, retention_days=90, limited=3, note="<note> & co"):
        check_telegram_html(message)


def test_the_note_about_a_cut_question_never_pushes_a_message_over_the_limit():
    sentence = "Походы викингов " + "продолжались очень долго " * 180 + "и закончились."
    engine = Engine([parse_document("Норманны\n\n" + sentence, doc_id="long")])
    session = Session(engine, top_k=1)
    assert utf16_len(session.ask("походы викингов").messages[0]) >= 4090  # a full message
    reply = session.ask("походы викингов " * 40)  # over 500 characters
    assert reply.messages[0].startswith("<i>Вопрос очень длинный")
    for message in reply.messages:
        check_telegram_html(message)


# --------------------------------------------------------------------------- end to end

NASTY_MESSAGES = [
    "<b>жирный</b> <i>вопрос</i> про товарооборот",
    "&amp; &lt; &gt; & < > \" ' &nbsp; &#x27;",
    "*товарооборот* _Китай_ [Казахстан](http://x) `код` ~~зачёркнуто~~ ||спойлер||",
    "‮Китай и Казахстан‬ — מה עם الصين?",
    "Ки\u0301тай\u0336 и\u200b Каз\u200dахстан\ufeff",
    "\x1b[31mтоварооборот\x1b[0m\x07\x7f",
    "😀👨‍👩‍👧🏳️‍🌈 сколько раз Токаев посетил Китай? 🇨🇳🇰🇿",
    "1234567890",
    "   .   ",
    "?!",
    "товарооборот " * 800,  # about 10 000 characters
    "а" * 4096,
    "</blockquote></b><b><i>",
    "/section ²",
    "/section 99999999999999999999999999999999",
    "/section -1",
    "/ask",
    "/ask <b>Кто выиграл тендер?</b>",
    "/stats",
    "/unknown_command аргумент",
]


@pytest.mark.slow
async def test_nasty_messages_end_to_end(fake_api, engine):
    alice = fake_api.make_user("Alice")
    async with running(fake_api, engine, flood_limit=0):
        asked = [fake_api.user_sends(None, alice, text) for text in NASTY_MESSAGES]
        await fake_api.wait_for_updates_consumed()
        expected_silent = set()
        await fake_api.wait_for(
            lambda: len(fake_api.sent_messages(alice["id"])) >= len(asked) - len(expected_silent), 10)
        await asyncio.sleep(0.2)
    failed = [(c.params.get("text", "")[:40], c.response) for c in fake_api.calls("sendMessage") if not c.ok]
    assert failed == []
    replied = [m["reply_to_message"]["message_id"] for m in fake_api.sent_messages(alice["id"])]
    for message, text in zip(asked, NASTY_MESSAGES, strict=True):
        assert replied.count(message["message_id"]) == (0 if text in expected_silent else 1), text


@pytest.mark.slow
async def test_non_text_updates_never_crash_a_handler(engine, caplog):
    caplog.set_level(logging.WARNING)
    async with FakeBotAPI(privacy_mode=False) as api, running(api, engine):
        alice, bob = api.make_user("Alice"), api.make_user("Bob")
        group, channel = api.make_group("Читатели", supergroup=True), api.make_channel("Новости")
        api.user_sends_sticker(None, alice)
        api.user_sends_photo(None, alice)
        api.user_sends_photo(None, alice, caption="Каков объём товарооборота?")
        api.user_sends_voice(None, alice)
        question = api.user_sends(None, alice, "Кто автор статьи?")
        api.user_edits(question, "Кто выиграл тендер?")
        api.user_sends_sticker(group, bob)
        api.user_sends_photo(group, bob, caption="@qa_test_bot что на фото?")
        api.users_join(group, [api.make_user("Carol"), api.make_user("Dan")])
        said = api.user_sends(group, bob, "/ask Кто автор статьи?")
        api.user_edits(said, "/ask Кто выиграл тендер?")
        api.channel_posts(channel, "Новый пост про товарооборот")
        api.inline_query(alice, "")
        api.choose_inline_result(alice, "s7", "товарооборот")
        await api.wait_for_updates_consumed()
        api.user_sends(None, alice, "Сколько раз Токаев посетил Китай?")
        await api.wait_for(lambda: len(api.sent_messages(alice["id"])) >= 6)
        await api.wait_for(lambda: api.sent_messages(group["id"]))
        await asyncio.sleep(0.2)
        private = api.sent_messages(alice["id"])
        in_group = api.sent_messages(group["id"])
    assert [m["text"].startswith("Я понимаю только текст") for m in private[:4]] == [True] * 4
    assert "Цзян Вэй" in private[4]["text"] and "дважды посетил" in private[5]["text"]
    assert len(private) == 6  # the edit was not answered again
    assert len(in_group) == 1 and "Цзян Вэй" in in_group[0]["text"]
    assert api.sent_messages(channel["id"]) == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not [c for c in api.requests if not c.ok and c.method != "getUpdates"]


async def test_forged_button_data_is_ignored_safely(fake_api, engine, caplog):
    caplog.set_level(logging.WARNING)
    alice = fake_api.make_user("Alice")
    async with running(fake_api, engine, flood_limit=0):
        fake_api.user_sends(None, alice, "Кто автор статьи?")
        [answer] = await fake_api.wait_for_messages(alice["id"])
        forged = ["", "zzz", "ctx:²", "ctx:-1", "ctx:" + "9" * 60, "more:" + "9" * 59, "sec:0:999999", "sec:99:1",
                  "ask:3", "sec:0:2:1", "ctx:٣"]
        for data in forged:
            fake_api.press_button(answer, data, alice, force=True)
        await fake_api.wait_for(lambda: len(fake_api.callback_answers) == len(forged))
        await fake_api.wait_for_updates_consumed()
        await asyncio.sleep(0.2)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(c.ok for c in fake_api.calls("sendMessage"))
