"""Tests of the fake Telegram Bot API, driven by python-telegram-bot itself over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import html
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakebotapi import EntityParseError, FakeBotAPI, find_entities, normalize_text, parse_html

pytestmark = pytest.mark.slow  # tests of the test server itself, over HTTP

# ----------------------------------------------------------------------------------- helpers


def make_bot(api: FakeBotAPI, read_timeout: float = 5.0) -> Bot:
    """A plain PTB Bot pointed at the fake server."""
    return Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url,
               request=HTTPXRequest(read_timeout=read_timeout))


@contextlib.asynccontextmanager
async def polling_app(api: FakeBotAPI, *handlers: BaseHandler) -> AsyncIterator[Application]:
    """A real PTB Application with ``handlers``, long polling the fake server."""
    app = (ApplicationBuilder().token(api.token).base_url(api.base_url)
           .base_file_url(api.base_file_url).build())
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=5)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text, as a reply to the user's message."""
    await update.effective_message.reply_text(update.effective_message.text, do_quote=True)


# -------------------------------------------------------------------------- HTML entity parser

GOOD_HTML = [
    ("<b>x</b>", "x", [{"type": "bold", "offset": 0, "length": 1}]),
    ("&amp;", "&", []),
    ("&lt;b&gt; &quot;q&quot; &#65;&#x42;", '<b> "q" AB', []),
    ("<blockquote>q</blockquote>", "q", [{"type": "blockquote", "offset": 0, "length": 1}]),
    ("<blockquote expandable>q</blockquote>", "q",
     [{"type": "expandable_blockquote", "offset": 0, "length": 1}]),
    ('<a href="http://x">y</a>', "y", [{"type": "text_link", "url": "http://x", "offset": 0, "length": 1}]),
    ("😀 <i>é</i>", "😀 é", [{"type": "italic", "offset": 3, "length": 1}]),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
     [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]),
    ("<B>up</B><strong>s</strong>", "ups",
     [{"type": "bold", "offset": 0, "length": 2}, {"type": "bold", "offset": 2, "length": 1}]),
    ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st",
     [{"type": "spoiler", "offset": 0, "length": 1}, {"type": "spoiler", "offset": 1, "length": 1}]),
    ("<u><s>a</s></u>", "a",
     [{"type": "underline", "offset": 0, "length": 1}, {"type": "strikethrough", "offset": 0, "length": 1}]),
    ("a > b", "a > b", []),
]

BAD_HTML = [
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
    ("AT&T", 'Unescaped "&" at byte offset 2'),
    ("<br>", 'Unsupported start tag "br" at byte offset 0'),
    ("Hello world <div>x</div>", 'Unsupported start tag "div" at byte offset 12'),
    ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<b", "Unclosed start tag at byte offset 0"),
    ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
]


@pytest.mark.parametrize(("source", "text", "entities"), GOOD_HTML)
def test_html_parser_accepts_what_telegram_accepts(source: str, text: str, entities: list) -> None:
    assert parse_html(source) == (text, entities)


@pytest.mark.parametrize(("source", "message"), BAD_HTML)
def test_html_parser_rejects_with_telegram_wording(source: str, message: str) -> None:
    with pytest.raises(EntityParseError) as error:
        parse_html(source)
    assert str(error.value).startswith(message)


def test_lenient_mode_keeps_unknown_references_as_text_like_telegram() -> None:
    assert parse_html("AT&T &nbsp; &lt", strict=False) == ("AT&T &nbsp; <", [])


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_escaped_text_round_trips(text: str) -> None:
    plain, entities = parse_html(f"<b>{html.escape(text)}</b>")
    assert plain == text
    assert entities == ([{"type": "bold", "offset": 0, "length": len(text.encode("utf-16-le")) // 2}]
                        if text else [])


def test_user_entities_are_found_in_utf16_units() -> None:
    assert find_entities("😀 /start@qa_test_bot hi @alice /x@ab") == [
        {"type": "bot_command", "offset": 3, "length": 18},
        {"type": "mention", "offset": 25, "length": 6},
    ]


def test_text_is_cleaned_and_trimmed_like_telegram() -> None:
    assert normalize_text(" \n a\r\x01b \n", [{"type": "bold", "offset": 3, "length": 4}]) == (
        "a b", [{"type": "bold", "offset": 0, "length": 3}])


# ------------------------------------------------------------------------------ over real HTTP


async def test_get_me_and_tokens(fake_api: FakeBotAPI) -> None:
    async with make_bot(fake_api) as bot:
        me = await bot.get_me()
    assert me.is_bot and me.username == "qa_test_bot" and me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    for wrong in ("123456:wrongtoken", "not-a-token"):
        with pytest.raises(InvalidToken):
            async with Bot(wrong, base_url=fake_api.base_url):
                pass


async def test_application_echo_over_long_polling(fake_api: FakeBotAPI) -> None:
    alice = fake_api.make_user("Alice", username="alice")
    async with polling_app(fake_api, MessageHandler(filters.TEXT & ~filters.COMMAND, echo)):
        sent = fake_api.user_sends(None, alice, "hello, bot")
        [reply] = await fake_api.wait_for_messages(alice["id"])
        await fake_api.wait_for_updates_consumed()
    assert reply["text"] == "hello, bot"
    assert type(reply["date"]) is int and reply["from"]["is_bot"]
    assert reply["reply_to_message"]["message_id"] == sent["message_id"]
    assert reply["message_id"] == sent["message_id"] + 1
    assert fake_api.pending_updates == []


async def test_long_poll_waits_for_an_update_and_confirms_by_offset(fake_api: FakeBotAPI) -> None:
    bob = fake_api.make_user("Bob")
    async with make_bot(fake_api) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await fake_api.wait_for_calls("getUpdates")
        assert not poll.done()
        fake_api.user_sends(None, bob, "/start")
        [update] = await asyncio.wait_for(poll, 2)
        assert update.message.text == "/start" and update.message.entities[0].type == "bot_command"
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update.update_id]
        assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_second_poller_terminates_the_first(fake_api: FakeBotAPI) -> None:
    async with make_bot(fake_api) as first, make_bot(fake_api) as second:
        poll = asyncio.create_task(first.get_updates(timeout=5))
        await fake_api.wait_for_calls("getUpdates")
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await poll


async def test_html_errors_and_unknown_chat(fake_api: FakeBotAPI) -> None:
    chat = fake_api.private_chat(fake_api.make_user())
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="(?i)can't parse entities: unsupported start tag \"div\""):
            await bot.send_message(chat["id"], "<div>x</div>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)message text is empty"):
            await bot.send_message(chat["id"], "<b> </b>\n", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(424242, "hi")
        ok = await bot.send_message(chat["id"], "<b>bold</b> &amp; 😀", parse_mode="HTML")
    assert fake_api.calls("sendMessage")[0].response == {  # PTB re-capitalizes; the wire is Telegram's
        "ok": False, "error_code": 400,
        "description": "Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 0"}
    assert ok.text == "bold & 😀" and ok.entities[0].type == "bold"
    assert [m["text"] for m in fake_api.sent_messages(chat["id"])] == ["bold & 😀"]


async def test_length_limit_counts_utf16_units_after_parsing(fake_api: FakeBotAPI) -> None:
    chat = fake_api.private_chat(fake_api.make_user())
    async with make_bot(fake_api) as bot:
        await bot.send_message(chat["id"], "😀" * 2048)
        await bot.send_message(chat["id"], "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
        for too_long in ("a" * 4097, "😀" * 2048 + "a"):
            with pytest.raises(BadRequest, match="(?i)message is too long"):
                await bot.send_message(chat["id"], too_long)
    assert len(fake_api.sent_messages(chat["id"])) == 2


async def test_callback_data_is_limited_to_64_bytes(fake_api: FakeBotAPI) -> None:
    chat = fake_api.private_chat(fake_api.make_user())
    async with make_bot(fake_api) as bot:
        await bot.send_message(chat["id"], "ok", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("b", callback_data="й" * 32)]]))
        with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
            await bot.send_message(chat["id"], "too long", reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("b", callback_data="й" * 32 + "a")]]))
        with pytest.raises(BadRequest, match="(?i)text buttons are unallowed"):
            await bot.send_message(chat["id"], "no action",
                                   reply_markup={"inline_keyboard": [[{"text": "t"}]]})
    assert [m["text"] for m in fake_api.sent_messages(chat["id"])] == ["ok"]


async def test_callback_query_can_be_answered_once(fake_api: FakeBotAPI) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = [[InlineKeyboardButton("Yes", callback_data="yes"),
                     InlineKeyboardButton("No", callback_data="no")]]
        await update.message.reply_text("Sure?", reply_markup=InlineKeyboardMarkup(keyboard))

    async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer(f"got {update.callback_query.data}")
        await update.callback_query.edit_message_text(f"You said {update.callback_query.data}")

    carol = fake_api.make_user("Carol")
    async with polling_app(fake_api, CommandHandler("menu", menu), CallbackQueryHandler(chosen)) as app:
        fake_api.user_sends(None, carol, "/menu")
        [question] = await fake_api.wait_for_messages(carol["id"])
        query = fake_api.press_button(question, "yes", carol)
        await fake_api.wait_for(lambda: fake_api.calls("editMessageText", ok_only=True))
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await app.bot.answer_callback_query(query["id"])
    assert [a["text"] for a in fake_api.callback_answers] == ["got yes"]
    [edited] = fake_api.sent_messages(carol["id"])
    assert edited["text"] == "You said yes" and "reply_markup" not in edited
    assert type(edited["edit_date"]) is int
    with pytest.raises(ValueError, match="no button"):
        fake_api.press_button(edited, "yes", carol)


async def test_inline_query_answer_is_recorded(fake_api: FakeBotAPI) -> None:
    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        content = InputTextMessageContent(f"<b>{update.inline_query.query}</b>", parse_mode="HTML")
        await update.inline_query.answer([InlineQueryResultArticle("r1", "Title", content)], cache_time=0)

    dave = fake_api.make_user("Dave")
    async with polling_app(fake_api, InlineQueryHandler(answer)) as app:
        query = fake_api.inline_query(dave, "bm25")
        await fake_api.wait_for(lambda: fake_api.inline_answers)
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await app.bot.answer_inline_query(query["id"], [])
    second = fake_api.inline_query(dave, "again")  # nobody polls now: answered by hand below
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.answer_inline_query(second["id"], [InlineQueryResultArticle(
                "r1", "T", InputTextMessageContent("<p>x</p>", parse_mode="HTML"))])
        with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
            await bot.answer_inline_query(second["id"], [
                InlineQueryResultArticle("same", "T", InputTextMessageContent("a")),
                InlineQueryResultArticle("same", "T", InputTextMessageContent("b"))])
    [recorded] = fake_api.inline_answers
    assert recorded["inline_query_id"] == query["id"] and recorded["cache_time"] == 0
    assert recorded["results"][0]["input_message_content"]["message_text"] == "<b>bm25</b>"


async def test_commands_are_validated_and_recorded(fake_api: FakeBotAPI) -> None:
    async with make_bot(fake_api) as bot:
        await bot.set_my_commands([("start", "Начать"), ("ask", "Задать вопрос")])
        with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
            await bot.set_my_commands([("Start", "capital letters")])
        with pytest.raises(BadRequest, match="(?i)command description must be non-empty"):
            await bot.set_my_commands([("help", " ")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "ask"]
        await bot.delete_my_commands()
    assert fake_api.commands == []
    first_call = fake_api.calls("setMyCommands")[0]
    assert first_call.params["commands"][0] == {"command": "start", "description": "Начать"}


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter
async def test_injected_429_and_failures_do_not_count_as_sent(fake_api: FakeBotAPI) -> None:
    chat = fake_api.private_chat(fake_api.make_user())
    fake_api.fail_next("sendMessage", 429, retry_after=3)
    fake_api.fail_next("sendMessage", 502)
    fake_api.fail_next("sendMessage", "disconnect")
    fake_api.fail_next("sendMessage", "timeout", hold=5)
    async with make_bot(fake_api, read_timeout=0.3) as bot:
        with pytest.raises(RetryAfter, match="Retry in 3"):
            await bot.send_message(chat["id"], "one")
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(chat["id"], "one")
        with pytest.raises(NetworkError):
            await bot.send_message(chat["id"], "one")
        with pytest.raises(TimedOut):
            await bot.send_message(chat["id"], "one")
        await bot.send_message(chat["id"], "one")
    assert [m["text"] for m in fake_api.sent_messages(chat["id"])] == ["one"]
    assert [c.fault for c in fake_api.calls("sendMessage")] == ["429", "502", "disconnect", "timeout", None]
    assert fake_api.calls("sendMessage")[0].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3}}


@pytest.mark.slow
async def test_polling_bot_survives_a_restart_on_the_same_port(fake_api: FakeBotAPI) -> None:
    erin = fake_api.make_user("Erin")
    port = fake_api.port
    async with polling_app(fake_api, MessageHandler(filters.TEXT, echo)):
        await fake_api.wait_for_calls("getUpdates")
        await fake_api.stop()
        fake_api.user_sends(None, erin, "are you there?")
        await fake_api.start()
        [reply] = await fake_api.wait_for_messages(erin["id"], timeout=8)
    assert fake_api.port == port and reply["text"] == "are you there?"
    assert any(call.fault == "dropped" for call in fake_api.calls("getUpdates"))


async def test_privacy_mode_and_allowed_updates(fake_api: FakeBotAPI) -> None:
    frank = fake_api.make_user("Frank")
    group = fake_api.make_group("Readers", supergroup=True)
    fake_api.user_sends(group, frank, "just chatting")
    fake_api.user_sends(group, frank, "/ask@other_bot x")
    asked = fake_api.user_sends(group, frank, "/ask@qa_test_bot what is BM25?")
    fake_api.user_sends(group, frank, "hey @qa_test_bot")
    fake_api.users_join(group, fake_api.make_user("Gina"))
    assert [u["message"].get("text") for u in fake_api.pending_updates] == [
        "/ask@qa_test_bot what is BM25?", "hey @qa_test_bot", None]
    assert asked["chat"]["type"] == "supergroup" and asked["from"]["is_bot"] is False
    async with make_bot(fake_api) as bot:
        await bot.get_updates(offset=-1, timeout=0, allowed_updates=["callback_query"])
        assert len(fake_api.pending_updates) == 1
        fake_api.user_sends(None, frank, "ignored: only callback queries are allowed")
        assert len(fake_api.pending_updates) == 1


async def test_fault_skip_and_processed(fake_api: FakeBotAPI) -> None:
    chat = fake_api.private_chat(fake_api.make_user())
    fake_api.fail_next("sendMessage", 500, skip=1)
    fake_api.fail_next("sendMessage", "disconnect", processed=True)
    async with make_bot(fake_api) as bot:
        await bot.send_message(chat["id"], "first")  # skipped by the fault: goes through
        with pytest.raises(NetworkError):
            await bot.send_message(chat["id"], "second")  # 500
        with pytest.raises(NetworkError):
            await bot.send_message(chat["id"], "third")  # delivered, then the connection dropped
    assert [m["text"] for m in fake_api.sent_messages(chat["id"])] == ["first", "third"]
    assert [c.fault for c in fake_api.calls("sendMessage")] == [None, "500", "disconnect"]
    with pytest.raises(ValueError):
        fake_api.fail_next("sendMessage", 500, processed=True)
    with pytest.raises(ValueError):
        fake_api.fail_next("sendMessage", 500, skip=-1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_set_webhook_is_checked_like_telegram(fake_api: FakeBotAPI) -> None:
    bot = make_bot(fake_api)
    async with bot:
        with pytest.raises(BadRequest, match="(?i)https url must be provided"):
            await bot.set_webhook("http://bot.example.org/hook")
        with pytest.raises(BadRequest, match="(?i)secret token contains unallowed characters"):
            await bot.set_webhook("https://bot.example.org/hook", secret_token="with:colon")
        assert await bot.set_webhook("https://bot.example.org/hook", secret_token="Ok_-1", max_connections=5)
        info = await bot.get_webhook_info()
        assert (info.url, info.max_connections) == ("https://bot.example.org/hook", 5)
        assert fake_api.webhook["secret_token"] == "Ok_-1"
        with pytest.raises(Conflict):
            await bot.get_updates()
        fake_api.user_sends(None, fake_api.make_user("Alice"), "привет")
        await asyncio.sleep(0.1)
        assert fake_api.webhook_deliveries == []  # never sent anywhere but loopback
        assert await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
        assert len(await bot.get_updates()) == 1


async def test_updates_are_delivered_to_a_webhook_with_the_secret_header(fake_api: FakeBotAPI) -> None:
    port = free_port()
    app = ApplicationBuilder().token(fake_api.token).base_url(fake_api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                        webhook_url=f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        try:
            alice = fake_api.make_user("Alice")
            fake_api.user_sends(None, alice, "через вебхук")
            [reply] = await fake_api.wait_for_messages(alice["id"])
            assert reply["text"] == "через вебхук"
            assert fake_api.webhook["secret_token"] == "s3cret" and fake_api.pending_updates == []
        finally:
            await app.updater.stop()
            await app.stop()


async def test_a_refused_delivery_is_retried_and_reported(fake_api: FakeBotAPI) -> None:
    seen: list[str | None] = []

    async def listener(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        return web.Response(status=403 if len(seen) == 1 else 200)

    server = web.Application()
    server.router.add_post("/hook", listener)
    runner = web.AppRunner(server)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    fake_api.webhook_retry_delay = 0.05
    try:
        async with make_bot(fake_api) as bot:
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="abc")
            fake_api.user_sends(None, fake_api.make_user("Bob"), "вопрос")
            await fake_api.wait_for(lambda: not fake_api.pending_updates)
            info = await bot.get_webhook_info()
    finally:
        await runner.cleanup()
    assert seen == ["abc", "abc"] and [d["status"] for d in fake_api.webhook_deliveries] == [403, 200]
    assert info.last_error_message == "Wrong response from the webhook: 403 Forbidden"
