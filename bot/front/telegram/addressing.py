"""Whether a message is meant for the bot: commands, mentions and replies to its messages.

In a private chat everything is meant for the bot. In a group the bot answers only commands
(`/ask`, `/ask@bot`), messages that mention it and replies to its own messages, and stays silent
otherwise. Some Bot API emulators send commands and mentions without entities, so the text is
read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import filters

from bot.front.commands import TELEGRAM, find_command

_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<target>\w+))?(?:\s+(?P<rest>.*))?$", re.S)


@dataclass(frozen=True)
class CommandText:
    """A `/command@target rest` read from a message's text."""

    name: str
    target: str | None
    rest: str

    def for_bot(self, username: str | None) -> bool:
        """True unless the command names another bot (`/ask@otherbot`)."""
        return self.target is None or self.target.lower() == (username or "").lower()


def command_text(text: str | None) -> CommandText | None:
    """The command a text starts with, or None."""
    match = _COMMAND.match(text or "")
    if match is None:
        return None
    return CommandText(match.group("name").lower(), match.group("target"), match.group("rest") or "")


def mentions(message: Message, username: str | None, bot_id: int) -> bool:
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


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """True when the message is a reply to one of the bot's own messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def addressed(message: Message, username: str | None, bot_id: int) -> bool:
    """True for a group text meant for the bot: it mentions the bot or replies to it."""
    return mentions(message, username, bot_id) or replies_to_bot(message, bot_id)


def strip_mentions(text: str, username: str | None) -> str:
    """The question without the bot's @username."""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def is_request(update: Update, username: str | None, bot_id: int) -> bool:
    """True for an update the bot will answer, which counts against the sender's flood limit.

    Button presses; new messages in a private chat (but the bot's own inline results and service
    messages); in groups the bot's commands and messages addressed to it. Edited messages are never
    answered again, and inline queries have a budget of their own.
    """
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None or message.chat is None:
        return False
    if message.via_bot is not None and message.via_bot.id == bot_id:
        return False
    command = command_text(message.text)
    if message.chat.type == ChatType.PRIVATE:
        return not filters.StatusUpdate.ALL.check_update(update) and (command is None or command.for_bot(username))
    if command is not None:
        return command.for_bot(username) and find_command(command.name, TELEGRAM) is not None
    return message.text is not None and addressed(message, username, bot_id)
