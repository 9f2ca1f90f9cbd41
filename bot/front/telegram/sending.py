"""Sending replies: HTML messages in order, the first one replying to the asker, buttons under the last."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode

from bot.front.render.messages import escape, sendable
from bot.front.session import Button, Reply


def keyboard(buttons: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """The session's buttons as an inline keyboard (None when there are none)."""
    rows = [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


async def send_reply(message: Message, reply: Reply) -> None:
    """A session reply in the chat of `message`, replying to it."""
    await send_messages(message, reply.messages, keyboard(reply.buttons))


async def send_text(message: Message, text: str) -> None:
    """One plain (not HTML) text in reply to `message`."""
    await send_messages(message, [escape(text)])


async def send_messages(message: Message, messages: Sequence[str], markup: InlineKeyboardMarkup | None = None) -> None:
    """Send HTML messages in order, the first replying to `message`, the keyboard under the last.

    Messages Telegram would refuse as empty (only invisible marks) are left out.
    """
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
            reply_markup=markup if last else None,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
        )
