"""The Telegram front end: python-telegram-bot v22 handlers over the shared answer engine.

Private chats: any text is a question. Groups: the bot answers `/ask`, `/ask@bot`, replies to its
own messages and messages that mention it, and stays silent otherwise. Inline mode lists matching
passages. Buttons under an answer (context, next results, whole section) carry everything they need
in their callback data or in the message they are attached to, so they keep working after a
restart. Replies are the same HTML the console shows.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import (
    BotCommand,
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
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answer import Answer, Engine, Passage
from bot.render import (
    EXAMPLE_QUESTIONS,
    answer_html,
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
from bot.settings import Settings

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Что умеет бот"),
    ("help", "Как задавать вопросы"),
    ("ask", "Задать вопрос по статье"),
    ("sections", "Оглавление статьи"),
    ("section", "Раздел целиком: /section N"),
    ("source", "Автор, дата и источник"),
)
NON_TEXT_HINT = "Я понимаю только текст. Напишите вопрос о статье словами, например: «{example}»"
ASK_USAGE = "Напишите вопрос после команды, например:\n/ask {example}"
TRUNCATED_NOTE = "<i>Вопрос очень длинный, я прочитал только первые {limit} символов.</i>"
APOLOGY = "Извините, что-то пошло не так. Попробуйте, пожалуйста, ещё раз чуть позже."
NO_MORE = "Других подходящих цитат в статье нет."
QUESTION_LOST = "Не вижу исходного вопроса. Задайте его, пожалуйста, ещё раз."
CONTEXT_RADIUS = 2
INLINE_RESULTS = 5


@dataclass
class QABot:
    """The bot's handlers, holding the engine and settings they share (no module-level state)."""

    engine: Engine
    settings: Settings

    # Commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """What the bot is, about which article, with example questions as buttons."""
        buttons = [[InlineKeyboardButton(q, callback_data=f"ask:{i}")] for i, q in enumerate(EXAMPLE_QUESTIONS)]
        await self._reply(update.effective_message, help_html(self.engine.documents), InlineKeyboardMarkup(buttons))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """How to ask."""
        await self._reply(update.effective_message, help_html(self.engine.documents))

    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/ask вопрос` in any chat; `/ask` alone explains how to ask."""
        question = " ".join(context.args or [])
        if not question.strip():
            await self._reply(update.effective_message, escape(ASK_USAGE.format(example=EXAMPLE_QUESTIONS[0])))
            return
        await self.answer(update.effective_message, question)

    async def sections(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The table of contents, with a button per section."""
        buttons = [
            [InlineKeyboardButton(_button_label(f"{s.number}. {s.title}"), callback_data=f"sec:{d}:{s.number}")]
            for d, document in enumerate(self.engine.documents)
            for s in document.sections
        ]
        await self._reply(update.effective_message, sections_html(self.engine.documents), _keyboard(buttons))

    async def section(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/section N`: a whole section."""
        argument = (context.args or [""])[0]
        if not argument.isdigit():
            await self._reply(update.effective_message, "Укажите номер раздела, например: /section 1. Оглавление: /sections")
            return
        await self._send_section(update.effective_message, 0, int(argument))

    async def source(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Title, author, date and agency."""
        await self._reply(update.effective_message, "\n\n".join(source_html(d) for d in self.engine.documents))

    # Messages -------------------------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat every text is a question."""
        await self.answer(update.effective_message, update.effective_message.text)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, answer only when addressed: a mention of the bot or a reply to one of its messages."""
        message = update.effective_message
        bot = context.bot
        mentioned = _mentions(message, bot.username, bot.id)
        replied = bool(message.reply_to_message and message.reply_to_message.from_user
                       and message.reply_to_message.from_user.id == bot.id)
        if not (mentioned or replied):
            return
        question = _strip_mentions(message.text or "", bot.username)
        if not question.strip():
            await self._reply(message, escape(ASK_USAGE.format(example=EXAMPLE_QUESTIONS[0])))
            return
        await self.answer(message, question)

    async def non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice in a private chat: one short hint."""
        await self._reply(update.effective_message, escape(NON_TEXT_HINT.format(example=EXAMPLE_QUESTIONS[1])))

    async def answer(self, message: Message, question: str) -> None:
        """Answer a question in the asker's chat, replying to their message, with buttons under the answer."""
        started = time.perf_counter()
        question, truncated = self._cut(question)
        answer = self.engine.ask(question, top_k=self.settings.top_k)
        messages = answer_html(answer, self.engine.documents, with_document=len(self.engine.documents) > 1)
        if truncated:
            messages[0] = TRUNCATED_NOTE.format(limit=self.settings.max_question_chars) + "\n\n" + messages[0]
        await self._send_all(message, messages, self._answer_keyboard(answer))
        log.info(
            "question chat=%s found=%s passages=%d ms=%.1f",
            message.chat.type, answer.found, len(answer.passages), (time.perf_counter() - started) * 1000,
        )

    # Buttons --------------------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every button press gets an answerCallbackQuery, then its action."""
        query = update.callback_query
        await query.answer()
        kind, _, argument = (query.data or "").partition(":")
        message = query.message if isinstance(query.message, Message) else None
        if message is None:
            return
        if kind == "ask" and argument.isdigit() and int(argument) < len(EXAMPLE_QUESTIONS):
            await self.answer(message, EXAMPLE_QUESTIONS[int(argument)])
        elif kind == "ctx" and argument.isdigit() and int(argument) < len(self.engine.sentences):
            passages = self.engine.context(int(argument), radius=CONTEXT_RADIUS)
            await self._send_all(message, passages_html(passages, "Контекст цитаты"))
        elif kind == "more" and argument.isdigit():
            await self._more_results(message, int(argument))
        elif kind == "sec" and re.fullmatch(r"\d+:\d+", argument):
            document, number = map(int, argument.split(":"))
            await self._send_section(message, document, number)

    async def _more_results(self, message: Message, shown: int) -> None:
        """The next results for the question this answer replied to (read back from the chat, not memory)."""
        question = _question_of(message)
        if not question:
            await self._reply(message, QUESTION_LOST)
            return
        answer = self.engine.ask(question, top_k=shown + self.settings.top_k)
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
        question, _ = self._cut(query.query)
        if not question.strip():
            await query.answer([], cache_time=60)
            return
        answer = self.engine.ask(question, top_k=INLINE_RESULTS)
        results = [_inline_result(i, p, len(self.engine.documents) > 1) for i, p in enumerate(answer.passages)]
        await query.answer(results, cache_time=300, is_personal=False)
        log.info("inline found=%s results=%d", answer.found, len(results))

    # Errors ---------------------------------------------------------------------------------

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure and tell the user briefly instead of staying silent."""
        log.error("update failed: %s", type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_message and update.effective_chat:
            try:
                await update.effective_message.reply_text(APOLOGY, do_quote=False)
            except Exception as error:  # noqa: BLE001  (the apology itself may fail when Telegram is down)
                log.warning("could not send the apology: %s", type(error).__name__)

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

    async def _reply(self, message: Message, html: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
        """One HTML message in reply to `message`."""
        await self._send_all(message, [html], keyboard)

    async def _send_all(
        self, message: Message, messages: Sequence[str], keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        """Send HTML messages in order, the first replying to `message`, the keyboard under the last."""
        for position, html in enumerate(messages):
            last = position == len(messages) - 1
            await message.get_bot().send_message(
                chat_id=message.chat_id,
                text=html,
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if position == 0
                else None,
                reply_markup=keyboard if last else None,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=message.message_thread_id if message.is_topic_message else None,
            )


def _keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """A keyboard, or None when there are no buttons."""
    return InlineKeyboardMarkup(rows) if rows else None


def _button_label(text: str, limit: int = 60) -> str:
    """A button caption short enough to read on a phone."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mentions(message: Message, username: str | None, bot_id: int) -> bool:
    """True when the message mentions the bot by @username or by a text mention."""
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
        if username and text.lower() == f"@{username.lower()}":
            return True
    return False


def _strip_mentions(text: str, username: str | None) -> str:
    """The question without the bot's @username."""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def _question_of(answer_message: Message) -> str | None:
    """The question an answer replied to: the asker's text without a leading /ask or mention."""
    asked = answer_message.reply_to_message
    if asked is None or not asked.text:
        return None
    text = re.sub(r"^/ask(?:@\w+)?\s*", "", asked.text)
    bot_username = answer_message.get_bot().username
    return _strip_mentions(text, bot_username) or None


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


async def _register_commands(application: Application) -> None:
    """setMyCommands at start, so Telegram's menu lists the commands."""
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])


def build_application(settings: Settings, engine: Engine) -> Application:
    """The configured Application: rate limiter, concurrent updates, handlers, error handler."""
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token or "")
        .base_url(settings.api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(True)
        .post_init(_register_commands)
        .build()
    )
    add_handlers(application, QABot(engine, settings))
    return application


def add_handlers(application: Application, qa: QABot) -> None:
    """Wire the handlers, in the order python-telegram-bot's examples use: commands first."""
    application.add_handler(CommandHandler("start", qa.start))
    application.add_handler(CommandHandler("help", qa.help))
    application.add_handler(CommandHandler("ask", qa.ask_command))
    application.add_handler(CommandHandler("sections", qa.sections))
    application.add_handler(CommandHandler("section", qa.section))
    application.add_handler(CommandHandler("source", qa.source))
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
    """Run until stopped: long polling, or a webhook server when BOT_WEBHOOK_URL is set."""
    application = build_application(settings, engine)
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
        )
    else:
        log.info("starting long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
