"""Text and other messages: in a private chat every text is a question; in a group only what is addressed to the bot."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType

from bot.front import phrases
from bot.front.button_data import subject_key
from bot.front.telegram.addressing import addressed, command_text, replies_to_bot, strip_mentions
from bot.front.telegram.commands import HANDLERS, answer
from bot.front.telegram.context import QAContext
from bot.front.telegram.sending import send_text


async def private_text(update: Update, context: QAContext) -> None:
    """In a private chat every text is a question (except the bot's own inline results)."""
    message = update.effective_message
    if message.via_bot is not None and message.via_bot.id == context.bot.id:
        return
    if await command_without_entity(update, context):
        return
    await answer(update, message, context.session.ask(message.text, subject=followed(message, context.bot.id)), context)


def followed(message: Message, bot_id: int) -> str | None:
    """The subject key of the bot's answer this message replies to (read from its buttons), or None.

    Telegram sends the replied-to message with its inline keyboard, so a reply is read as a follow-up
    of that answer even after a restart; the question before that answer is not needed.
    """
    if not replies_to_bot(message, bot_id):
        return None
    markup = message.reply_to_message.reply_markup
    rows = markup.inline_keyboard if markup else ()
    return subject_key([button.callback_data for row in rows for button in row if isinstance(button.callback_data, str)])


async def group_text(update: Update, context: QAContext) -> None:
    """In a group, answer only when addressed: a mention of the bot or a reply to one of its messages."""
    message = update.effective_message
    bot = context.bot
    if await command_without_entity(update, context):
        return
    if not addressed(message, bot.username, bot.id):
        return
    question = strip_mentions(message.text or "", bot.username)
    if not question.strip():
        await send_text(message, phrases.ASK_USAGE.format(example=phrases.EXAMPLE_QUESTIONS[0]))
        return
    await answer(update, message, context.session.ask(question, subject=followed(message, bot.id)), context)


async def unknown_command(update: Update, context: QAContext) -> None:
    """A command the bot does not have, in a private chat: say so and point to /help (groups: silence)."""
    await send_text(update.effective_message, phrases.UNKNOWN_COMMAND)


async def non_text(update: Update, context: QAContext) -> None:
    """Stickers, photos, voice in a private chat: one short hint."""
    await send_text(update.effective_message, phrases.NON_TEXT_HINT.format(example=phrases.EXAMPLE_QUESTIONS[1]))


async def command_without_entity(update: Update, context: QAContext) -> bool:
    """Run a `/command` that arrived without Telegram's bot_command entity (some Bot API emulators omit it).

    Returns True when the text was such a command (run, or addressed to another bot and ignored).
    """
    command = command_text(update.effective_message.text)
    if command is None:
        return False
    if not command.for_bot(context.bot.username):
        return True
    handler = HANDLERS.get(command.name)
    if handler is None and update.effective_chat.type == ChatType.PRIVATE:
        handler = unknown_command
    if handler is None:
        return False
    context.args = command.rest.split()
    await handler(update, context)
    return True
