"""The Telegram front end: python-telegram-bot v22 handlers over the shared answer engine.

Private chats: any text is a question. Groups: the bot answers `/ask`, `/ask@bot`, replies to its
own messages and messages that mention it, and stays silent otherwise. Inline mode lists matching
passages. Buttons under an answer (context, next results, whole section) carry everything they need
in their callback data or in the message they are attached to, so they keep working after a
restart. Replies are the same HTML the console shows.

Robustness (see also `bot/delivery.py` and `bot/guard.py`): every update first passes the
allow-list (`BOT_ALLOWED_CHATS`); every request a user makes passes a per-user flood limit; user
text is cleaned before use; sends are retried per message through outages; errors are logged
(never with the token) and answered with a fixed apology that never contains error text; `/stats`
answers admins (`BOT_ADMINS`) in private chats only and is invisible to everybody else.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.qa.answer import Answer, Passage
from bot.qa.engine import Engine
from bot.front.telegram.delivery import RetryingRequest, RetryPolicy
from bot.front.guard import Access, Clock, FloodGuard, Stats, Verdict, clean_text
from bot.front.render.telegram_html import (
    EXAMPLE_QUESTIONS,
    answer_blocks,
    docs_html,
    escape,
    help_html,
    passage_html,
    passages_html,
    reference,
    section_html,
    sections_html,
    source_html,
    split_messages,
)
from bot.front.settings import Settings

log = logging.getLogger(__name__)
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<target>\w+))?(?:\s+(?P<rest>.*))?$", re.S)

COMMANDS = (
    ("start", "Что умеет бот"),
    ("help", "Как задавать вопросы"),
    ("ask", "Задать вопрос по статье"),
    ("sections", "Оглавление статьи"),
    ("section", "Раздел целиком: /section N"),
    ("source", "Автор, дата и источник"),
    ("docs", "Список документов"),
    ("doc", "Вопрос по одному документу: /doc N вопрос"),
)
NON_TEXT_HINT = "Я понимаю только текст. Напишите вопрос о статье словами, например: «{example}»"
ASK_USAGE = "Напишите вопрос после команды, например:\n/ask {example}"
TRUNCATED_NOTE = "<i>Вопрос очень длинный, я прочитал только первые {limit} символов.</i>"
APOLOGY = "Извините, что-то пошло не так. Попробуйте, пожалуйста, ещё раз чуть позже."
NO_MORE = "Других подходящих цитат в статье нет."
QUESTION_LOST = "Не вижу исходного вопроса. Задайте его, пожалуйста, ещё раз."
SLOW_DOWN = (
    "Пожалуйста, чуть медленнее: вы задали много вопросов подряд. "
    "Я снова отвечу вам примерно через {minutes} мин."
)
NOT_ALLOWED = "Извините, этот бот работает только в определённых чатах."
DOC_USAGE = "Укажите номер документа и вопрос, например: /doc 1 {example}. Список документов: /docs"
DOCS_HINT = "Вопрос только по одному документу: /doc N вопрос"
NO_SUCH_SECTION = "Укажите номер раздела, например: /section 1. Оглавление: /sections"
STATS_COMMAND = ("stats", "Статистика (только для администраторов)")
CONTEXT_RADIUS = 2
INLINE_RESULTS = 5
INLINE_FLOOD_FACTOR = 5  # inline queries arrive while the user types: a larger budget
MAX_NUMBER_DIGITS = 6
MAX_REMEMBERED_REFUSALS = 10_000
_TAG = re.compile(r"<[^>]*>")
_TELEGRAM_DROPS = dict.fromkeys(map(ord, "\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a"))
POLL_TIMEOUT = 10  # seconds a getUpdates long poll waits on the server
BOOTSTRAP_RETRIES = 0  # getMe/deleteWebhook at start are already retried per request (bot.front.telegram.delivery)


@dataclass
class Reply:
    """What the bot sends for one question: HTML messages (each valid and within limits) and buttons."""

    answer: Answer
    messages: list[str]
    keyboard: InlineKeyboardMarkup | None


@dataclass
class QABot:
    """The bot's handlers, holding the engine and settings they share (no module-level state)."""

    engine: Engine
    settings: Settings
    clock: Clock = time.monotonic
    flood: FloodGuard = field(init=False)
    inline_flood: FloodGuard = field(init=False)
    access: Access = field(init=False)
    stats: Stats = field(init=False)
    _refused: set[int] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        """The guards and counters, configured from the settings and sharing the clock."""
        settings = self.settings
        self.flood = FloodGuard(settings.flood_limit, settings.flood_window, settings.flood_cooldown, self.clock)
        self.inline_flood = FloodGuard(
            settings.flood_limit * INLINE_FLOOD_FACTOR, settings.flood_window, settings.flood_cooldown, self.clock
        )
        self.access = Access(settings.allowed_chats, settings.admins)
        self.stats = Stats()

    # Gate -----------------------------------------------------------------------------------

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs before every handler: updates from chats outside the allow-list stop here.

        A private chat outside the list gets one polite line (once per process), groups get
        nothing, so the bot cannot be made to flood a chat it was added to by mistake.
        """
        chat, user = update.effective_chat, update.effective_user
        if self.access.allows(chat.id if chat else None, user.id if user else None):
            return
        log.info("update from a chat outside BOT_ALLOWED_CHATS ignored")
        if (
            chat is not None
            and chat.type == ChatType.PRIVATE
            and update.message is not None
            and chat.id not in self._refused
            and len(self._refused) < MAX_REMEMBERED_REFUSALS
        ):
            self._refused.add(chat.id)
            try:
                await self._reply(update.message, escape(NOT_ALLOWED))
            except TelegramError as error:
                log.info("could not send the allow-list notice: %s", error.message)
        raise ApplicationHandlerStop

    async def _admit(self, update: Update) -> bool:
        """The per-user flood limit: True to go on; otherwise one "slow down", then silence."""
        user = update.effective_user
        if user is None:
            return True
        verdict = self.flood.check(user.id)
        if verdict is Verdict.ALLOW:
            return True
        query = update.callback_query
        if verdict is Verdict.WARN:
            log.info("flood limit reached by a user; ignored for %.0f s", self.flood.cooldown)
            text = SLOW_DOWN.format(minutes=max(1, round(self.flood.cooldown / 60)))
            if query is not None:
                await self._answer_query(query, text)
            elif update.effective_message is not None:
                await self._reply(update.effective_message, escape(text))
        elif query is not None:
            await self._answer_query(query)
        return False

    # Commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """What the bot is, about which article, with example questions as buttons."""
        if not await self._admit(update):
            return
        buttons = [[InlineKeyboardButton(q, callback_data=f"ask:{i}")] for i, q in enumerate(EXAMPLE_QUESTIONS)]
        await self._reply(update.effective_message, help_html(self.engine.documents), InlineKeyboardMarkup(buttons))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """How to ask."""
        if not await self._admit(update):
            return
        await self._reply(update.effective_message, help_html(self.engine.documents))

    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/ask вопрос` in any chat; `/ask` alone explains how to ask."""
        if not await self._admit(update):
            return
        question = " ".join(context.args or [])
        if not question.strip():
            await self._reply(update.effective_message, escape(ASK_USAGE.format(example=EXAMPLE_QUESTIONS[0])))
            return
        await self.answer(update.effective_message, question)

    async def sections(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The table of contents, with a button per section."""
        if not await self._admit(update):
            return
        buttons = [
            [InlineKeyboardButton(_button_label(f"{s.number}. {s.title}"), callback_data=f"sec:{d}:{s.number}")]
            for d, document in enumerate(self.engine.documents)
            for s in document.sections
        ]
        await self._reply(update.effective_message, sections_html(self.engine.documents), _keyboard(buttons))

    async def section(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/section N`: a whole section."""
        if not await self._admit(update):
            return
        number = _number((context.args or [""])[0])
        if number is None:
            await self._reply(update.effective_message, escape(NO_SUCH_SECTION))
            return
        await self._send_section(update.effective_message, 0, number)

    async def source(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Title, author, date and agency."""
        if not await self._admit(update):
            return
        await self._reply(update.effective_message, "\n\n".join(source_html(d) for d in self.engine.documents))

    async def docs(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/docs`: the loaded documents, numbered as `/doc N` takes them."""
        if not await self._admit(update):
            return
        await self._send_all(update.effective_message, docs_html(self.engine.documents, hint=DOCS_HINT))

    async def doc(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/doc N вопрос`: a question answered from one document only (`/doc N` alone: its contents)."""
        if not await self._admit(update):
            return
        key, _, question = " ".join(context.args or []).partition(" ")
        document = self.engine.find_document(key) if key else None
        if document is None:
            await self._reply(update.effective_message, escape(DOC_USAGE.format(example=EXAMPLE_QUESTIONS[0])))
        elif not question.strip():
            await self._reply(update.effective_message, sections_html([document]))
        else:
            await self.answer(update.effective_message, question, document.doc_id)

    async def stats_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/stats` for admins in their private chat; for everybody else it does not exist (no reply)."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or chat.type != ChatType.PRIVATE or not self.access.is_admin(user.id if user else None):
            return
        await self._reply(update.effective_message, stats_html(self.stats, self.flood.limited))

    # Messages -------------------------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat every text is a question (except the bot's own inline results)."""
        message = update.effective_message
        if message.via_bot is not None and message.via_bot.id == context.bot.id:
            return
        if await self._command_without_entity(update, context):
            return
        if not await self._admit(update):
            return
        await self.answer(message, message.text)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, answer only when addressed: a mention of the bot or a reply to one of its messages."""
        message = update.effective_message
        bot = context.bot
        if await self._command_without_entity(update, context):
            return
        mentioned = _mentions(message, bot.username, bot.id)
        replied = bool(message.reply_to_message and message.reply_to_message.from_user
                       and message.reply_to_message.from_user.id == bot.id)
        if not (mentioned or replied):
            return
        if not await self._admit(update):
            return
        question = _strip_mentions(message.text or "", bot.username)
        if not question.strip():
            await self._reply(message, escape(ASK_USAGE.format(example=EXAMPLE_QUESTIONS[0])))
            return
        await self.answer(message, question)

    async def _command_without_entity(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Run a `/command` that arrived without Telegram's bot_command entity (some Bot API emulators omit it).

        Returns True when the text was such a command (run, or addressed to another bot and ignored).
        """
        match = _COMMAND.match(update.effective_message.text or "")
        if match is None:
            return False
        name, target, rest = match.group("name").lower(), match.group("target"), match.group("rest") or ""
        username = context.bot.username or ""
        if target and target.lower() != username.lower():
            return True
        handler = self.command_handlers().get(name)
        if handler is None:
            return False
        context.args = rest.split()
        await handler(update, context)
        return True

    def command_handlers(self) -> dict[str, Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]]:
        """The bot's commands by name: what `add_handlers` registers and what a bare `/command` text runs."""
        return {
            "start": self.start, "help": self.help, "ask": self.ask_command, "sections": self.sections,
            "section": self.section, "source": self.source, "docs": self.docs, "doc": self.doc,
            "stats": self.stats_command,
        }

    async def non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice in a private chat: one short hint."""
        if not await self._admit(update):
            return
        await self._reply(update.effective_message, escape(NON_TEXT_HINT.format(example=EXAMPLE_QUESTIONS[1])))

    async def answer(self, message: Message, question: str, doc_id: str | None = None) -> None:
        """Answer a question in the asker's chat, replying to their message, with buttons under the answer."""
        started = time.perf_counter()
        reply = self.reply(question, doc_id)
        if reply.answer.reason != "empty":  # a blank message is not a question the article failed
            self.stats.record(reply.answer.question, reply.answer.found)
        await self._send_all(message, reply.messages, reply.keyboard)
        log.info(
            "question chat=%s found=%s passages=%d ms=%.1f",
            message.chat.type, reply.answer.found, len(reply.answer.passages), (time.perf_counter() - started) * 1000,
        )

    def reply(self, question: str | None, doc_id: str | None = None) -> Reply:
        """The reply to a question, without sending it: cleaned, cut, answered, rendered and split.

        The note about a cut question is its own block before splitting, so the first message stays
        within Telegram's limit however long the answer is.
        """
        question, truncated = self._cut(clean_text(question))
        answer = self.engine.ask(question, top_k=self.settings.top_k, doc_id=doc_id)
        blocks = answer_blocks(answer, self.engine.documents, with_document=len(self.engine.documents) > 1)
        if truncated:
            blocks.insert(0, TRUNCATED_NOTE.format(limit=self.settings.max_question_chars))
        return Reply(answer, split_messages(blocks), self._answer_keyboard(answer))

    # Buttons --------------------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every button press gets an answerCallbackQuery, then its action."""
        query = update.callback_query
        if not await self._admit(update):
            return
        await self._answer_query(query)
        kind, _, argument = (query.data or "").partition(":")
        message = query.message if isinstance(query.message, Message) else None
        if message is None:
            return
        number = _number(argument)
        if kind == "ask" and number is not None and number < len(EXAMPLE_QUESTIONS):
            await self.answer(message, EXAMPLE_QUESTIONS[number])
        elif kind == "ctx" and number is not None and number < len(self.engine.sentences):
            passages = self.engine.context(number, radius=CONTEXT_RADIUS)
            await self._send_all(message, passages_html(passages, "Контекст цитаты"))
        elif kind == "more" and number is not None:
            await self._more_results(message, number)
        elif kind == "sec" and re.fullmatch(r"[0-9]{1,6}:[0-9]{1,6}", argument):
            document, section = map(int, argument.split(":"))
            await self._send_section(message, document, section)

    async def _answer_query(self, query: CallbackQuery, text: str | None = None) -> None:
        """answerCallbackQuery, tolerating a query that is too old (after a restart or an outage)."""
        try:
            await query.answer(text)
        except BadRequest as error:
            log.info("callback query not answered: %s", error.message)

    async def _more_results(self, message: Message, shown: int) -> None:
        """The next results for the question this answer replied to (read back from the chat, not memory)."""
        asked, doc_key = _question_of(message)
        question = clean_text(asked)
        document = self.engine.find_document(doc_key) if doc_key else None
        if not question:
            await self._reply(message, QUESTION_LOST)
            return
        answer = self.engine.ask(
            self._cut(question)[0],
            top_k=min(shown, 1000) + self.settings.top_k,
            doc_id=document.doc_id if document else None,
        )
        extra = answer.passages[shown:]
        if not answer.found or not extra:
            await self._reply(message, NO_MORE)
            return
        with_document = len(self.engine.documents) > 1
        blocks = [passage_html(p, shown + i, with_document) for i, p in enumerate(extra, start=1)]
        keyboard = None
        if len(extra) == self.settings.top_k:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ещё результаты", callback_data=f"more:{shown + len(extra)}")]])
        await self._send_all(message.reply_to_message or message, split_messages(blocks), keyboard)

    async def _send_section(self, message: Message, document_index: int, number: int) -> None:
        """A whole section of a document, or a polite note when there is no such section."""
        if document_index >= len(self.engine.documents):
            await self._reply(message, "Такого документа нет. Оглавление: /sections")
            return
        document = self.engine.documents[document_index]
        passages = self.engine.section_passages(number, document.doc_id)
        await self._send_all(message, section_html(document, number, passages))

    # Inline mode ----------------------------------------------------------------------------

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`@bot вопрос` in any chat: the matching passages; choosing one sends the quote with its reference."""
        query = update.inline_query
        if query.from_user is not None and self.inline_flood.check(query.from_user.id) is not Verdict.ALLOW:
            return
        question, _ = self._cut(clean_text(query.query))
        if not question.strip():
            await query.answer([], cache_time=60)
            return
        answer = self.engine.ask(question, top_k=INLINE_RESULTS)
        results = [_inline_result(i, p, len(self.engine.documents) > 1) for i, p in enumerate(answer.passages)]
        await query.answer(results, cache_time=300, is_personal=False)
        log.info("inline found=%s results=%d", answer.found, len(results))

    # Errors ---------------------------------------------------------------------------------

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure and tell the user briefly instead of staying silent.

        Polling failures (no update) are one warning line each: python-telegram-bot retries them.
        The apology is a fixed text: it never contains the error, which may quote a URL or a token.
        """
        error = context.error
        if update is None:
            _log_polling_error(error)
            return
        self.stats.record_error()
        if isinstance(error, Forbidden):
            log.info("cannot write to the chat (bot blocked or removed): %s", error.message)
            return
        log.error("update failed: %s", type(error).__name__, exc_info=error)
        if isinstance(update, Update) and update.effective_message and update.effective_chat:
            try:
                await update.effective_message.reply_text(APOLOGY, do_quote=False)
            except Exception as failure:  # noqa: BLE001  (the apology itself may fail when Telegram is down)
                log.warning("could not send the apology: %s", type(failure).__name__)

    # Helpers --------------------------------------------------------------------------------

    def _cut(self, question: str) -> tuple[str, bool]:
        """The question cut to the configured length, and whether it was cut."""
        limit = self.settings.max_question_chars
        return (question[:limit], True) if len(question) > limit else (question, False)

    def _answer_keyboard(self, answer: Answer) -> InlineKeyboardMarkup | None:
        """Buttons under an answer: context of the top quote, next results, the whole section."""
        if not answer.found or not answer.passages:
            return None
        top = answer.passages[0]
        row = []
        if top.sentence_id is not None:
            row.append(InlineKeyboardButton("Контекст", callback_data=f"ctx:{top.sentence_id}"))
        row.append(InlineKeyboardButton("Ещё результаты", callback_data=f"more:{len(answer.passages)}"))
        if top.section >= 0:
            document_index = next(i for i, d in enumerate(self.engine.documents) if d.doc_id == top.doc_id)
            row.append(InlineKeyboardButton("Весь раздел", callback_data=f"sec:{document_index}:{top.section}"))
        return InlineKeyboardMarkup([row])

    async def _reply(self, message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
        """One HTML message in reply to `message`."""
        await self._send_all(message, [text], keyboard)

    async def _send_all(
        self, message: Message, messages: Sequence[str], keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        """Send HTML messages in order, the first replying to `message`, the keyboard under the last."""
        messages = sendable(messages)
        for position, text in enumerate(messages):
            last = position == len(messages) - 1
            await message.get_bot().send_message(
                chat_id=message.chat_id,
                text=text,
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if position == 0
                else None,
                reply_markup=keyboard if last else None,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=message.message_thread_id if message.is_topic_message else None,
            )


def stats_html(stats: Stats, limited: int) -> str:
    """The /stats text: counters since the start and the most frequent unanswered questions."""
    started = dt.datetime.fromtimestamp(stats.started).strftime("%d.%m.%Y %H:%M")
    lines = [
        f"<b>Статистика с {started}</b> (в памяти, сбрасывается при перезапуске)",
        f"Отвечено вопросов: {stats.answered}",
        f"Без ответа: {stats.abstained}",
        f"Ошибок: {stats.errors}",
        f"Ограничений за частые вопросы: {limited}",
    ]
    top = stats.top_unanswered()
    if top:
        lines.append("\n<b>Частые вопросы без ответа</b>")
        lines.extend(f"{i}. «{escape(question)}» — {count}" for i, (question, count) in enumerate(top, start=1))
    return "\n".join(lines)


def sendable(messages: Sequence[str]) -> list[str]:
    """The messages Telegram would not refuse as empty: some text must remain once it drops its
    invisible marks (bidi overrides, a few combining marks, line separators) and trims blanks."""
    return [m for m in messages if html.unescape(_TAG.sub("", m)).translate(_TELEGRAM_DROPS).strip()]


def _number(text: str) -> int | None:
    """A small non-negative number written in ASCII digits, or None (no «²», no 5000-digit numbers)."""
    return int(text) if re.fullmatch(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}", text) else None


def _log_polling_error(error: BaseException | None) -> None:
    """One line per failed getUpdates; the updater retries by itself."""
    if isinstance(error, Conflict):
        log.error("another process is polling with this token: %s", error.message)
    elif isinstance(error, NetworkError):
        log.warning("polling failed (%s: %s); retrying", type(error).__name__, error.message)
    else:
        log.error("polling failed", exc_info=error)


def _keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """A keyboard, or None when there are no buttons."""
    return InlineKeyboardMarkup(rows) if rows else None


def _button_label(text: str, limit: int = 60) -> str:
    """A button caption short enough to read on a phone."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mentions(message: Message, username: str | None, bot_id: int) -> bool:
    """True when the message mentions the bot by @username or by a text mention."""
    units = (message.text or "").encode("utf-16-le", "surrogatepass")
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
        if entity.type == MessageEntity.MENTION and username:
            # python-telegram-bot's parse_entities fails on lone surrogates; slice UTF-16 units here
            covered = units[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le", "replace")
            if covered.lower() == f"@{username.lower()}":
                return True
    if username and not any(e.type == MessageEntity.MENTION for e in message.entities):
        # no mention entities at all (an emulator that does not compute them): read the text itself
        return re.search(rf"@{re.escape(username)}(?!\w)", message.text or "", flags=re.I) is not None
    return False


def _strip_mentions(text: str, username: str | None) -> str:
    """The question without the bot's @username."""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def _question_of(answer_message: Message) -> tuple[str | None, str | None]:
    """The question an answer replied to, and the document it was limited to (`/doc N вопрос`), if any.

    The asker's text loses a leading /ask or /doc N and the bot's @username.
    """
    asked = answer_message.reply_to_message
    if asked is None or not asked.text:
        return None, None
    doc = re.match(r"^/doc(?:@\w+)?\s+(\S+)\s*", asked.text)
    text = asked.text[doc.end() :] if doc else re.sub(r"^/ask(?:@\w+)?\s*", "", asked.text)
    bot_username = answer_message.get_bot().username
    return _strip_mentions(text, bot_username) or None, doc.group(1) if doc else None


def _inline_result(position: int, passage: Passage, with_document: bool) -> InlineQueryResultArticle:
    """One passage as an inline result: title = reference, description = the sentence."""
    return InlineQueryResultArticle(
        id=f"{passage.kind[0]}{passage.sentence_id if passage.sentence_id is not None else position}",
        title=reference(passage, with_document)[:256],
        description=passage.text[:512],
        input_message_content=InputTextMessageContent(
            passage_html(passage, None, with_document), parse_mode=ParseMode.HTML
        ),
    )


def _commands_registrar(admins: frozenset[int]):
    """The post_init hook: setMyCommands for everybody, plus /stats in each admin's private chat."""

    async def register(application: Application) -> None:
        """setMyCommands at start, so Telegram's menu lists the commands (a failure is only logged)."""
        commands = [BotCommand(name, text) for name, text in COMMANDS]
        try:
            await application.bot.set_my_commands(commands)
        except TelegramError as error:
            log.warning("could not register the command menu: %s", error.message)
        for admin in sorted(admins):
            try:
                await application.bot.set_my_commands(
                    [*commands, BotCommand(*STATS_COMMAND)], scope=BotCommandScopeChat(admin)
                )
            except TelegramError as error:  # e.g. the admin has not started the bot yet
                log.warning("could not register /stats for an admin: %s", error.message)

    return register


def build_application(settings: Settings, engine: Engine, *, clock: Clock = time.monotonic) -> Application:
    """The configured Application: retrying requests, rate limiter, concurrent updates, handlers.

    Bot API calls go through `RetryingRequest` (bounded retries, see `bot.front.telegram.delivery`); long polling
    has its own plain request object because the updater retries it by itself.
    """
    timeouts = {
        "connect_timeout": settings.connect_timeout,
        "read_timeout": settings.read_timeout,
        "write_timeout": settings.read_timeout,
        "pool_timeout": settings.read_timeout,
    }
    policy = RetryPolicy(retries=settings.send_retries, backoff=settings.retry_backoff)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token or "")
        .base_url(settings.api_base_url)
        .request(RetryingRequest(policy, connection_pool_size=256, **timeouts))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, **timeouts))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .post_init(_commands_registrar(settings.admins))
        .build()
    )
    add_handlers(application, QABot(engine, settings, clock))
    return application


def add_handlers(application: Application, qa: QABot) -> None:
    """Wire the handlers: the gate first (group -1), then commands, then messages.

    Commands answer new messages only: an edited `/ask` is not asked twice.
    """
    application.add_handler(TypeHandler(Update, qa.gate), group=-1)
    new = filters.UpdateType.MESSAGE
    for name, handler in qa.command_handlers().items():
        application.add_handler(CommandHandler(name, handler, filters=new))
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, qa.private_text))
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, qa.group_text)
    )
    application.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, qa.non_text))
    application.add_handler(CallbackQueryHandler(qa.button))
    application.add_handler(InlineQueryHandler(qa.inline))
    application.add_error_handler(qa.error)


def run_bot(settings: Settings, engine: Engine) -> int:
    """Run until SIGINT/SIGTERM; 0 after a clean stop, 2 for a rejected token, 1 when Telegram is unreachable.

    Exceptions are logged through the redacting log handlers, never printed raw: python-telegram-bot
    puts the token into the text of `InvalidToken`.
    """
    try:
        _run(build_application(settings, engine), settings)
    except InvalidToken:
        log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN")
        return 2
    except NetworkError as error:
        log.error("cannot reach the Bot API at start (%s: %s)", type(error).__name__, error.message)
        return 1
    except Exception:  # noqa: BLE001  (anything else: logged, redacted, exit code 1)
        log.exception("the bot stopped because of an error")
        return 1
    log.info("stopped")
    return 0


def _run(application: Application, settings: Settings) -> None:
    """Long polling, or a webhook server when BOT_WEBHOOK_URL is set; returns when stopped."""
    if settings.webhook_url:
        path = urlparse(settings.webhook_url).path.lstrip("/")
        log.info("starting webhook on %s:%d", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
    else:
        log.info("starting long polling")
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, timeout=POLL_TIMEOUT, bootstrap_retries=BOOTSTRAP_RETRIES
        )
