"""A fake Telegram Bot API server for end-to-end tests.

The real python-telegram-bot ``Application`` talks to it over real HTTP on 127.0.0.1, so a test can
play the user's side (send messages, press buttons, type inline queries) and then assert on what the
bot did, with Telegram's own envelopes, status codes and error wording::

    async with FakeBotAPI() as api:
        app = (ApplicationBuilder().token(api.token).base_url(api.base_url)
               .base_file_url(api.base_file_url).build())
        ...  # add handlers, ``async with app``, ``app.start()``, ``app.updater.start_polling()``
        alice = api.make_user("Alice")
        api.user_sends(None, alice, "/start")          # None: the private chat with Alice
        [reply] = await api.wait_for_messages(alice["id"])

python-telegram-bot builds request URLs as ``f"{base_url}{token}/{method}"``, so ``base_url`` ends
with ``/bot``. Nothing here listens anywhere but loopback.

World and simulated users
    ``make_user``, ``private_chat``, ``make_group``, ``make_channel`` create Telegram objects (plain
    dicts in Bot API JSON form). ``user_sends``, ``user_sends_photo``, ``user_sends_sticker``,
    ``user_sends_voice``, ``user_edits``, ``channel_posts``, ``users_join``, ``press_button``,
    ``inline_query`` and ``choose_inline_result`` queue realistic Updates (increasing ``update_id``,
    integer dates in seconds, ``bot_command``/``mention`` entities in UTF-16 units) that the bot
    receives through ``getUpdates`` long polling. They are plain synchronous methods.

    Like Telegram, the server keeps an update until the bot confirms it (a later ``getUpdates`` with a
    higher ``offset``), honours ``allowed_updates`` (updates of other types are never queued), and runs
    the bot in privacy mode by default: in groups the bot only gets commands (not addressed to another
    bot), messages that mention it, replies to its messages and service messages.

What the bot did
    ``sent_messages(chat_id)``, ``callback_answers``, ``inline_answers``, ``commands`` /
    ``commands_for(...)``, ``chat_actions``, ``reactions``, ``deleted_messages``, ``webhook``,
    ``pending_updates`` and the full request log ``requests`` / ``calls(method)`` (each an
    ``ApiCall`` with the method, the decoded parameters, the HTTP status, the JSON reply and the
    injected fault, if any). ``await wait_for_messages(...)``, ``await wait_for_calls(...)``,
    ``await wait_for_updates_consumed()`` and the general ``await wait_for(predicate)`` wake up on
    every state change (asyncio events, no sleeping and polling). A request that failed, for any
    reason, never counts as a sent message.

Enforced like Telegram (with Telegram's wording; HTTP status == ``error_code``)
    * wrong token -> 401 "Unauthorized" (malformed token, unknown path or method -> 404 "Not Found");
    * text empty after entity parsing -> "Bad Request: message text is empty"; longer than 4096 UTF-16
      code units after parsing -> "Bad Request: message is too long" (the text is first cleaned and
      trimmed the way Telegram does: control characters, ``\\r``, leading/trailing blanks);
    * ``parse_mode=HTML`` parsed like Telegram's own parser (tdlib ``parse_html``): the supported tags,
      ``<pre><code class="language-x">``, ``<blockquote expandable>``, ``<span class="tg-spoiler">``,
      ``<tg-emoji emoji-id>``, entities computed in UTF-16 units; errors such as
      "Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 12";
      ``Markdown``/``MarkdownV2`` are not implemented and are refused with a 400 saying so;
    * inline keyboards: "Text buttons are unallowed in the inline keyboard", empty button text,
      ``callback_data`` over 64 UTF-8 bytes -> "Bad Request: BUTTON_DATA_INVALID";
    * unknown chat -> "Bad Request: chat not found"; reply to a missing message -> "Bad Request:
      message to be replied not found" (unless ``allow_sending_without_reply``);
    * answering an unknown or already answered callback or inline query -> "Bad Request: query is too
      old and response timeout expired or query ID is invalid";
    * ``answerInlineQuery``: at most 50 results, ids of 1..64 bytes and unique, articles need a title
      and an input message content whose text obeys the sendMessage rules;
    * ``setMyCommands``: commands ``^[a-z0-9_]{1,32}$`` (after Telegram strips blanks and one leading
      ``/``), descriptions of 1..256 characters;
    * ``editMessageText``/``editMessageReplyMarkup``: "message is not modified: ...", "message to edit
      not found", "message can't be edited";
    * a second concurrent ``getUpdates`` ends the first with 409 "Conflict: terminated by other
      getUpdates request; ..."; ``getUpdates`` while a webhook is set -> 409.

Strict mode (``FakeBotAPI(strict=True)``, the default) is stricter than Telegram in two documented
rules that the real server happens to tolerate, so that escaping bugs fail loudly in tests:
    * in HTML text an ``&`` must start ``&lt;``, ``&gt;``, ``&amp;``, ``&quot;`` or a numeric
      reference ending in ``;`` (Telegram keeps a bare ``&`` or ``&nbsp;`` as literal text);
    * an inline keyboard button must use exactly one of ``url``, ``callback_data``, ... (Telegram
      silently picks one). Both errors say "(fake Bot API strict mode)".
``strict=False`` reproduces Telegram's leniency.

Fault injection (for robustness tests)
    ``fail_next(method, status=429, *, retry_after=1, times=1, description=None, hold=30.0)`` makes
    the next ``times`` calls of ``method`` (case-insensitive; ``"*"`` matches every method) fail:

    * ``status=429``: ``{"ok": false, "error_code": 429, "description": "Too Many Requests: retry
      after N", "parameters": {"retry_after": N}}`` (python-telegram-bot raises ``RetryAfter``);
    * ``status=502``: nginx's HTML "502 Bad Gateway" page, as Telegram's front end sends it;
    * any other status (500, 403, ...): the JSON envelope, ``description`` defaulting to the HTTP
      reason phrase ("Internal Server Error");
    * ``status="timeout"``: the request is held without an answer until the client gives up (its read
      timeout), the server stops or ``hold`` seconds pass, then the connection is closed unanswered.
      Give the bot a short read timeout (``ApplicationBuilder().read_timeout(0.5)``) in such tests;
    * ``status="disconnect"``: the connection is closed at once without a response.

    ``skip=N`` lets the next ``N`` matching calls through first (e.g. fail only the second part of
    a split answer). ``processed=True`` (with ``"timeout"`` or ``"disconnect"``) runs the method
    before holding or dropping the connection: the message *is* delivered but the bot never hears
    so, the one case where a client cannot tell whether a retry would duplicate.

    Faults are checked after the token and method name, before the method runs (unless
    ``processed``), so a failed send leaves no trace but its ``ApiCall`` (``call.fault`` says which
    fault). ``clear_faults()`` drops
    the ones not yet used. ``await stop()`` then ``await start()`` restarts the server on the same
    port, all state kept: a polling bot sees an outage (connections refused or dropped) and recovers.

Webhooks
    ``setWebhook`` checks the URL (HTTPS; plain HTTP only to loopback, a leniency of the fake) and
    ``secret_token`` (1-256 characters ``A-Z a-z 0-9 _ -``, else "Bad Request: secret token contains
    unallowed characters"), and records them (``webhook``); ``getUpdates`` then fails with 409. Like
    Telegram, the server then POSTs every queued update to the URL, in order, with the header
    ``X-Telegram-Bot-Api-Secret-Token`` when a secret was set, and keeps an update until the bot's
    server answers it with a 2xx; otherwise it retries after ``webhook_retry_delay`` seconds and
    ``getWebhookInfo`` reports ``last_error_date``/``last_error_message``. Updates go only to a
    loopback address (127.0.0.1, ::1, localhost): to any other URL nothing is ever sent.
    ``webhook_deliveries`` lists every attempt (update_id, HTTP status or None), ``deleteWebhook``
    (or ``setWebhook`` with an empty URL) stops delivering. ``make_update(...)`` builds a message
    update without queueing it, for a test that posts it to the bot itself.

Not implemented: media sending and files (``sendPhoto``, ``getFile`` ...), Markdown parse modes,
automatic URL/hashtag entities, rate limits other than injected ones, several concurrent webhook
connections (updates are delivered one at a time).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable, Iterable, TypeVar
from urllib.parse import urlparse

import aiohttp
from aiohttp import web

__all__ = ["ApiCall", "ApiError", "EntityParseError", "FakeBotAPI", "find_entities", "parse_html"]

_LOGGER = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 4096  # UTF-16 code units, after entity parsing
MAX_RAW_TEXT_BYTES = 1 << 15
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
LONG_POLL_MAX_TIMEOUT = 50.0
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

ALL_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages",
        "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
        "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
        "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}

CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)

QUERY_INVALID = "Query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


# --------------------------------------------------------------------------------------- errors


class ApiError(Exception):
    """A Bot API failure: answered with HTTP status ``code`` and Telegram's error envelope."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def envelope(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str) -> ApiError:
    """A 400 worded like the Bot API: "Bad Request: " + message with its first letter lowered.

    Server error codes such as ``BUTTON_DATA_INVALID`` keep their case, as in the real server.
    """
    if len(message) >= 2 and not (message[1] == "_" or message[1].isupper()):
        message = message[0].lower() + message[1:]
    return ApiError(400, f"Bad Request: {message}")


class _DropConnection(Exception):
    """Close the client's connection without any HTTP response."""


# ------------------------------------------------------------------------------- UTF-16 helpers


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram offsets and limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_slice(text: str, offset: int, length: int) -> str:
    """The part of ``text`` that a Telegram entity (UTF-16 offset and length) covers."""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * offset : 2 * (offset + length)].decode("utf-16-le", "replace")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# --------------------------------------------------------------------------------- HTML parsing


class EntityParseError(ValueError):
    """``parse_html`` failure; ``str(error)`` is what Telegram puts after "can't parse entities: "."""


_HTML_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
     "span", "pre", "code", "blockquote"}
)
_SIMPLE_TAG_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_NAMED_REFERENCES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_LINK_SCHEMES = frozenset({"http", "https", "tg", "ton", "tonsite"})
_SPACES = frozenset(b" \t\r\n\v")
_NAME_TOKEN_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_AMP, _LT, _GT, _SLASH, _EQ = b"&<>/="


def _is_space(byte: int) -> bool:
    """tdlib's is_space: blanks, and the end of the text (byte 0)."""
    return byte == 0 or byte in _SPACES


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    output_position: int


@dataclass
class _Reference:
    code_point: int
    end: int
    terminated: bool


class _HtmlParser:
    """A byte-level reimplementation of Telegram's HTML entity parser (see ``parse_html``)."""

    def __init__(self, text: str, *, strict: bool):
        self.src = text.encode("utf-8")
        self.size = len(self.src)
        self.pos = 0
        self.out = bytearray()
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []
        self.strict = strict

    def at(self, pos: int) -> int:
        """The byte at ``pos``, or 0 past the end (like reading tdlib's NUL-terminated string)."""
        return self.src[pos] if pos < self.size else 0

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        """Run the parser: plain text and Bot API entities, or ``EntityParseError``."""
        while self.pos < self.size:
            byte = self.src[self.pos]
            if byte == _AMP:
                self.text_reference()
            elif byte == _LT:
                self.tag()
            else:
                self.emit_byte(byte)
                self.pos += 1
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        try:
            text = self.out.decode("utf-8")
        except UnicodeDecodeError:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, check for "
                "unmatched surrogate code units"
            ) from None
        return text, self.finished_entities()

    def finished_entities(self) -> list[dict[str, Any]]:
        """Drop ``code`` nested in ``pre`` (pre can't contain entities), sort like tdlib."""
        pres = [(e["offset"], e["offset"] + e["length"]) for e in self.entities if e["type"] == "pre"]
        kept = []
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
                end = entity["offset"] + entity["length"]
                if any(start <= entity["offset"] and end <= stop for start, stop in pres):
                    continue
            kept.append(entity)
        return sorted(kept, key=_entity_order)

    # -- text --------------------------------------------------------------------------------

    def emit_byte(self, byte: int) -> None:
        if byte & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
            self.utf16 += 2 if byte >= 0xF0 else 1
        self.out.append(byte)

    def emit_code_point(self, code_point: int) -> None:
        self.utf16 += 2 if code_point > 0xFFFF else 1
        self.out += chr(code_point).encode("utf-8", "surrogatepass")

    def reference(self, pos: int) -> _Reference | None:
        """Decode ``&...`` at ``pos`` as Telegram does (the ``;`` is optional there)."""
        end = pos + 1
        if self.at(end) == ord("#"):
            end += 1
            base, digits = 10, b"0123456789"
            if self.at(end) == ord("x"):
                end += 1
                base, digits = 16, b"0123456789abcdefABCDEF"
            start = end
            while end < self.size and self.src[end] in digits:
                end += 1
            value = int(self.src[start:end], base) if end > start else 0
            if value == 0 or value >= 0x10FFFF or end - pos >= 10:
                return None
        else:
            start = end
            while end < self.size and chr(self.src[end]).isascii() and chr(self.src[end]).isalpha():
                end += 1
            named = _NAMED_REFERENCES.get(bytes(self.src[start:end]))
            if named is None:
                return None
            value = named
        terminated = self.at(end) == ord(";")
        return _Reference(value, end + 1 if terminated else end, terminated)

    def text_reference(self) -> None:
        ref = self.reference(self.pos)
        if ref is not None and (ref.terminated or not self.strict):
            self.emit_code_point(ref.code_point)
            self.pos = ref.end
            return
        if self.strict:
            raise EntityParseError(self.strict_reference_message(ref))
        self.emit_byte(_AMP)
        self.pos += 1

    def strict_reference_message(self, ref: _Reference | None) -> str:
        shown = re.match(rb"&#?[A-Za-z0-9]*;?", self.src[self.pos : self.pos + 32]).group(0).decode()
        if ref is not None:
            what = f'HTML entity "{shown}" at byte offset {self.pos} is not terminated by ";"'
        elif not shown.endswith(";") or len(shown) < 3:
            what = f'Unescaped "&" at byte offset {self.pos}; write "&amp;" for a literal "&"'
        else:
            what = f'Unsupported HTML entity "{shown}" at byte offset {self.pos}'
        return f"{what} (fake Bot API strict mode)"

    # -- tags --------------------------------------------------------------------------------

    def tag(self) -> None:
        begin = self.pos
        if self.at(begin + 1) == _SLASH:
            self.end_tag(begin)
        else:
            self.start_tag(begin)

    def start_tag(self, begin: int) -> None:
        pos = begin + 1
        while not _is_space(self.at(pos)) and self.at(pos) != _GT:
            pos += 1
        if pos >= self.size:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        name = self.src[begin + 1 : pos].lower().decode("utf-8", "replace")
        if name not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {begin}')
        self.pos = pos
        argument = self.attributes(name, begin)
        if name == "span" and argument != "spoiler":
            raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.stack.append(_OpenTag(name, argument, self.utf16, len(self.out)))
        self.pos += 1  # the '>'

    def skip_spaces(self) -> None:
        while self.pos < self.size and self.src[self.pos] in _SPACES:
            self.pos += 1

    def attributes(self, tag: str, begin: int) -> str:
        """Read the attributes of a start tag up to its '>'; returns the tag's argument."""
        argument = ""
        while self.at(self.pos) != _GT:
            self.skip_spaces()
            if self.at(self.pos) == _GT:
                break
            name_start = self.pos
            while not _is_space(self.at(self.pos)) and self.at(self.pos) not in b"=>/\"'":
                self.pos += 1
            name = bytes(self.src[name_start : self.pos])
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            self.skip_spaces()
            if self.at(self.pos) != _EQ:
                if self.pos >= self.size:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if tag == "blockquote" and name == b"expandable":
                    argument = "1"
                continue
            self.pos += 1
            self.skip_spaces()
            if self.pos >= self.size:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value = self.attribute_value()
            if self.pos >= self.size:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            argument = _tag_argument(tag, name, value, argument)
        return argument

    def attribute_value(self) -> str:
        quote = self.at(self.pos)
        if quote not in b"\"'":
            start = self.pos
            while self.at(self.pos) in _NAME_TOKEN_BYTES:
                self.pos += 1
            if not _is_space(self.at(self.pos)) and self.at(self.pos) != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {start}")
            return self.src[start : self.pos].lower().decode("utf-8", "replace")
        self.pos += 1
        value = bytearray()
        while self.pos < self.size and self.src[self.pos] != quote:
            ref = self.reference(self.pos) if self.src[self.pos] == _AMP else None
            if ref is not None:
                value += chr(ref.code_point).encode("utf-8", "surrogatepass")
                self.pos = ref.end
            else:
                value.append(self.src[self.pos])
                self.pos += 1
        if self.pos < self.size:
            self.pos += 1  # the closing quote
        return value.decode("utf-8", "replace")

    def end_tag(self, begin: int) -> None:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        pos = begin + 2
        while not _is_space(self.at(pos)) and self.at(pos) != _GT:
            pos += 1
        name = self.src[begin + 2 : pos].lower().decode("utf-8", "replace")
        while pos < self.size and self.src[pos] in _SPACES:
            pos += 1
        if self.at(pos) != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        top = self.stack[-1]
        if name and name != top.name:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{top.name}>", '
                f'found "</{name}>"'
            )
        self.pos = pos + 1
        self.stack.pop()
        if self.utf16 > top.utf16_offset:
            self.close_entity(top)

    def close_entity(self, tag: _OpenTag) -> None:
        offset, length = tag.utf16_offset, self.utf16 - tag.utf16_offset
        span = {"offset": offset, "length": length}
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
        if tag.name in _SIMPLE_TAG_TYPES or tag.name == "span":
            self.entities.append({"type": _SIMPLE_TAG_TYPES.get(tag.name, "spoiler"), **span})
        elif tag.name == "tg-emoji":
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": _emoji_id(tag)})
        elif tag.name == "a":
            url = tag.argument or self.out[tag.output_position :].decode("utf-8", "replace")
            link = _link_entity(url)
            if link is not None:
                self.entities.append({**link, **span})
        elif tag.name == "pre":
            if same_span and last["type"] == "code" and last.get("language"):
                last["type"] = "pre"
            else:
                self.entities.append({"type": "pre", **span})
        elif tag.name == "code":
            if same_span and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
            else:
                self.entities.append({"type": "code", **span, "language": tag.argument})
        else:  # blockquote
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append({"type": kind, **span})


_TYPE_PRIORITY = {
    "blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20, "text_link": 49,
    "text_mention": 49, "bold": 90, "italic": 91, "underline": 92, "strikethrough": 93,
    "spoiler": 94, "custom_emoji": 99,
}


def _entity_order(entity: dict[str, Any]) -> tuple[int, int, int]:
    """tdlib's entity order: by offset, longer first, then by type priority."""
    priority = _TYPE_PRIORITY.get(entity["type"], 50)
    if entity["type"] == "pre" and entity.get("language"):
        priority = 10
    return entity["offset"], -entity["length"], priority


def _tag_argument(tag: str, attribute: bytes, value: str, current: str) -> str:
    """The argument a tag keeps from one attribute (href, language, spoiler, emoji id)."""
    if tag == "a" and attribute == b"href":
        return value
    if tag == "code" and attribute == b"class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and attribute == b"class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and attribute == b"emoji-id":
        return value
    if tag == "blockquote" and attribute == b"expandable":
        return "1"
    return current


def _emoji_id(tag: _OpenTag) -> str:
    if not re.fullmatch(r"-?\d{1,19}", tag.argument) or int(tag.argument) == 0:
        raise EntityParseError("Invalid custom emoji identifier specified")
    return str(int(tag.argument))


def _link_entity(url: str) -> dict[str, Any] | None:
    """A text_link (or text_mention for tg://user?id=N) entity; None for a link Telegram drops."""
    url = url.strip()
    mention = re.fullmatch(r"tg://user\?id=(\d+)", url, re.IGNORECASE)
    if mention:
        user_id = int(mention.group(1))
        return {"type": "text_mention", "user": {"id": user_id, "is_bot": False, "first_name": str(user_id)}}
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", url)
    if not url or (scheme and scheme.group(1).lower() not in _LINK_SCHEMES):
        return None
    return {"type": "text_link", "url": url if scheme else f"http://{url}"}


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)`` like the real Bot API.

    Follows tdlib's parser: supported tags only (b/strong, i/em, u/ins, s/strike/del, a href, code,
    pre, blockquote [expandable], span class="tg-spoiler", tg-spoiler, tg-emoji), tag names
    case-insensitive, ``&lt; &gt; &amp; &quot;`` and numeric character references, entity offsets
    and lengths in UTF-16 code units, and Telegram's error messages with byte offsets, e.g.
    ``Unsupported start tag "div" at byte offset 12``. With ``strict=True`` a ``&`` that does not
    start a supported, ``;``-terminated reference is an error instead of literal text.

    Raises ``EntityParseError`` (its message is what follows "can't parse entities: ").
    """
    return _HtmlParser(text, strict=strict).parse()


# ------------------------------------------------------------------------ text normalization


_REMOVED_CHARS = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")


def _clean_char(char: str) -> str:
    if char in _REMOVED_CHARS:
        return ""
    if ord(char) < 32 and char != "\n":
        return " "
    return char


def normalize_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Clean a formatted text the way Telegram does before sending it.

    Control characters become spaces (``\\n`` stays), ``\\r`` and a few invisible marks are removed,
    trailing blanks are cut, leading blanks before the first entity too; entities are moved along.
    An all-blank text comes back empty.
    """
    pieces, boundary, new_offset = [], [0], 0
    for char in text:
        cleaned = _clean_char(char)
        pieces.append(cleaned)
        width = 2 if ord(char) > 0xFFFF else 1
        if width == 2:
            boundary.append(new_offset + (1 if cleaned else 0))
        new_offset += utf16_len(cleaned)
        boundary.append(new_offset)
    cleaned_text = "".join(pieces)
    moved = []
    for entity in entities:
        start = boundary[min(entity["offset"], len(boundary) - 1)]
        end = boundary[min(entity["offset"] + entity["length"], len(boundary) - 1)]
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return _trim(cleaned_text, moved)


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    stripped = text.rstrip(" \n")
    if not stripped:
        return "", []
    size = utf16_len(stripped)
    kept = []
    for entity in entities:
        if entity["offset"] < size:
            kept.append({**entity, "length": min(entity["length"], size - entity["offset"])})
    first_entity = min((e["offset"] for e in kept), default=size)
    lead = 0
    while lead < first_entity and stripped[lead] in " \n":
        lead += 1
    for entity in kept:
        entity["offset"] -= lead
    return stripped[lead:], kept


# ------------------------------------------------------------------- automatic user entities


_COMMAND_RE = re.compile(r"/([A-Za-z0-9_]*)(?:@([A-Za-z0-9_]*))?")
_MENTION_RE = re.compile(r"@([A-Za-z0-9_]*)")


def _command_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _COMMAND_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before and (_is_word_char(before) or before in "/<>"):
            continue
        if not 1 <= len(match.group(1)) <= 64:
            continue
        if match.group(2) is not None and not 3 <= len(match.group(2)) <= 32:
            continue
        if after and (_is_word_char(after) or after in "/<>"):
            continue
        yield start, end


def _mention_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _MENTION_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (before and _is_word_char(before)) or (after and _is_word_char(after)):
            continue
        if 2 <= len(match.group(1)) <= 32:
            yield start, end


def find_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` and ``mention`` entities Telegram detects in a user's text (UTF-16)."""
    entities = []
    for kind, spans in (("bot_command", _command_spans(text)), ("mention", _mention_spans(text))):
        for start, end in spans:
            offset = utf16_len(text[:start])
            entities.append({"type": kind, "offset": offset, "length": utf16_len(text[start:end])})
    return sorted(entities, key=_entity_order)


# ------------------------------------------------------------------------- reply markup checks


_INLINE_ACTIONS = (
    "url", "callback_data", "callback_game", "pay", "switch_inline_query",
    "switch_inline_query_chosen_chat", "switch_inline_query_current_chat", "login_url", "web_app",
    "copy_text",
)


def _button_actions(button: dict[str, Any]) -> list[str]:
    """The action fields a button uses, in the order the Bot API looks at them."""
    actions = []
    for name in _INLINE_ACTIONS:
        if name in ("url", "callback_data"):
            value = button.get(name)
            if value is not None and not isinstance(value, str):
                raise bad_request(
                    f'Can\'t parse inline keyboard button: Field "{name}" must be of type String'
                )
            if value:
                actions.append(name)
        elif name in button:
            actions.append(name)
    return actions


def _parse_inline_button(button: Any, strict: bool) -> str:
    """Check one inline button's structure; returns its action (the field Telegram uses)."""
    prefix = "Can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise bad_request(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    actions = _button_actions(button)
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if strict and len(actions) > 1:
        raise bad_request(
            prefix + f"exactly one of the optional fields must be used, got {', '.join(actions)} "
            "(fake Bot API strict mode)"
        )
    return actions[0]


def _check_inline_keyboard(rows: Any, strict: bool) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    buttons = [(button, _parse_inline_button(button, strict)) for row in rows for button in row]
    for button, action in buttons:
        if not button["text"]:
            raise bad_request("Inline keyboard button text must be non-empty")
        if action == "callback_data":
            if len(button["callback_data"].encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")


def _check_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('Field "keyboard" must be an Array of Arrays')
    for button in (button for row in rows for button in row):
        if isinstance(button, str):
            continue
        if not isinstance(button, dict):
            raise bad_request("Can't parse keyboard button: KeyboardButton must be a String or an Object")
        if not isinstance(button.get("text"), str):
            raise bad_request('Can\'t parse keyboard button: Can\'t find field "text"')


def check_reply_markup(markup: Any, *, strict: bool = True) -> dict[str, Any] | None:
    """Validate a ``reply_markup`` like the Bot API; returns what a Message echoes back.

    Only inline keyboards are part of a Message object, so other markups return None.
    """
    if markup is None:
        return None
    if isinstance(markup, str):
        raise bad_request("Can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("Object expected as reply markup")
    if "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"])
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"], strict)
        if markup["inline_keyboard"] and not markup.get("keyboard"):
            return {"inline_keyboard": markup["inline_keyboard"]}
    return None


# ------------------------------------------------------------------------ request parameters


_JSON_FIELDS = frozenset(
    {"reply_markup", "reply_parameters", "entities", "caption_entities", "allowed_updates",
     "commands", "scope", "results", "link_preview_options", "reaction", "button", "media"}
)
_INT_FIELDS = frozenset(
    {"message_id", "offset", "limit", "reply_to_message_id", "message_thread_id", "cache_time",
     "max_connections", "from_chat_id", "user_id"}
)
_FLOAT_FIELDS = frozenset({"timeout"})
_BOOL_FIELDS = frozenset(
    {"disable_notification", "protect_content", "show_alert", "is_personal",
     "drop_pending_updates", "allow_sending_without_reply", "is_big", "disable_web_page_preview",
     "allow_paid_broadcast"}
)


def _coerce(name: str, value: Any) -> Any:
    """Turn a form field (always a string) into the JSON value it stands for.

    python-telegram-bot posts form data whose values are JSON-encoded except for plain strings;
    JSON bodies arrive typed already. A value that does not decode is left as is (the method then
    answers with Telegram's error).
    """
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON_FIELDS:
            return json.loads(value)
        if name in _INT_FIELDS or (name == "chat_id" and re.fullmatch(r"-?\d+", value.strip())):
            return int(value)
        if name in _FLOAT_FIELDS:
            return float(value)
    except ValueError:
        return value
    if name in _BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    return value


def _int_param(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return int(value)


# ------------------------------------------------------------------------------ bookkeeping


@dataclass
class ApiCall:
    """One request the bot made: method (canonical name), decoded params and how it ended."""

    method: str
    params: dict[str, Any]
    status: int | None = None
    response: dict[str, Any] | None = None
    fault: str | None = None

    @property
    def ok(self) -> bool:
        """True when the method succeeded (HTTP 200)."""
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call (None otherwise)."""
        return (self.response or {}).get("result")


@dataclass
class _Fault:
    method: str
    kind: str  # "status" | "timeout" | "disconnect"
    status: int | None
    retry_after: int
    description: str | None
    remaining: int
    hold: float
    skip: int = 0
    processed: bool = False

    def matches(self, method: str) -> bool:
        return self.method in ("*", method.lower())


class _Signal:
    """Wakes every waiter when the server's state changes (asyncio events, no polling)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> bool:
        """Wait for the next change; False if ``timeout`` seconds passed first."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


_Method = Callable[["FakeBotAPI", dict[str, Any]], Any]
_METHODS: dict[str, tuple[str, _Method]] = {}
_F = TypeVar("_F", bound=_Method)


def _api(name: str) -> Callable[[_F], _F]:
    """Register a coroutine as the implementation of Bot API method ``name``."""

    def register(func: _F) -> _F:
        _METHODS[name.lower()] = (name, func)
        return func

    return register


def _message_without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A copy of a message fit for ``reply_to_message`` (Telegram nests one level only)."""
    nested = copy.deepcopy(message)
    nested.pop("reply_to_message", None)
    return nested


# ---------------------------------------------------------------------------------- server


class FakeBotAPI:
    """An in-process fake of the Telegram Bot API on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_username: str = "qa_test_bot",
        bot_first_name: str = "QA Test Bot",
        strict: bool = True,
        privacy_mode: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        bot_id = 6_000_000_001
        self._token = token or f"{bot_id}:AA{secrets.token_urlsafe(32)[:33]}"
        self._bot = {
            "id": int(self._token.split(":", 1)[0]) if self._token.split(":", 1)[0].isdigit() else bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": not privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.strict = strict
        self.privacy_mode = privacy_mode
        self._host = host
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._changed = _Signal()

        self._users: dict[int, dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[int, dict[int, dict[str, Any]]] = {}
        self._next_message_id: dict[int, int] = {}
        self._sent: list[tuple[int, int]] = []
        self._user_ids = itertools.count(100_001)
        self._chat_numbers = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._chat_instances: dict[int, str] = {}

        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 10_001
        self._allowed_updates = set(DEFAULT_UPDATE_TYPES)
        self._poll_generation = 0

        self._callback_queries: dict[str, dict[str, Any]] = {}
        self._inline_queries: dict[str, dict[str, Any]] = {}
        self._callback_answers: list[dict[str, Any]] = []
        self._inline_answers: list[dict[str, Any]] = []
        self._chat_actions: list[dict[str, Any]] = []
        self._reactions: list[dict[str, Any]] = []
        self._deleted: list[tuple[int, int]] = []
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._webhook: dict[str, Any] = {"url": ""}
        self._webhook_deliveries: list[dict[str, Any]] = []
        self._delivery: asyncio.Task | None = None
        self.webhook_retry_delay = 0.2
        self._calls: list[ApiCall] = []
        self._faults: list[_Fault] = []

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The bot token the server accepts."""
        return self._token

    @property
    def port(self) -> int:
        """The TCP port (0 before the first start); kept across ``stop()``/``start()``."""
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot``: give it to ``ApplicationBuilder().base_url()``."""
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """``http://127.0.0.1:PORT/file/bot`` for ``base_file_url()`` (files are not served)."""
        return f"http://{self._host}:{self._port}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's User object, as ``getMe`` returns it."""
        return dict(self._bot)

    @property
    def running(self) -> bool:
        """Whether the server is listening."""
        return self._runner is not None

    async def start(self) -> None:
        """Listen on 127.0.0.1: a free port the first time, the same port after ``stop()``."""
        if self._runner is not None:
            return
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._port = runner.addresses[0][1]
        self._runner = runner
        self._stopping = False
        self._start_delivery()
        _LOGGER.debug("fake Bot API listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop listening and drop every open connection (held long polls included); state stays."""
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._stopping = True
        self._changed.notify()
        await self._stop_delivery()
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- HTTP layer ----------------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        return self._reply(ApiError(404, "Not Found").envelope(), 404)

    @staticmethod
    def _reply(body: dict[str, Any], status: int) -> web.Response:
        return web.json_response(body, status=status)

    def _route(self, token: str, method: str) -> tuple[str, _Method]:
        if token != self._token:
            if re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
                raise ApiError(401, "Unauthorized")
            raise ApiError(404, "Not Found")
        try:
            return _METHODS[method.lower()]
        except KeyError:
            raise ApiError(404, "Not Found") from None

    @staticmethod
    async def _read_params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("Can't parse JSON request body") from None
                if isinstance(body, dict):
                    params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    params[key] = value if isinstance(value, str) else {
                        "filename": value.filename, "content_type": value.content_type}
        return {key: _coerce(key, value) for key, value in params.items()}

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        try:
            name, func = self._route(request.match_info["token"], request.match_info["method"])
            params = await self._read_params(request)
        except ApiError as error:
            return self._reply(error.envelope(), error.code)
        call = ApiCall(name, params)
        self._calls.append(call)
        _LOGGER.debug("fake Bot API <- %s %s", name, params)
        try:
            fault = self._take_fault(name)
            if fault is not None and fault.processed:
                try:
                    await func(self, params)
                except ApiError:
                    pass
            if fault is not None:
                return await self._inject(fault, call)
            try:
                body, status = {"ok": True, "result": await func(self, params)}, 200
            except ApiError as error:
                body, status = error.envelope(), error.code
            call.status, call.response = status, body
            return self._reply(body, status)
        except _DropConnection:
            call.fault = call.fault or "dropped"
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=204)
        finally:
            self._changed.notify()

    # -- fault injection -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int | str = 429,
        *,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
        hold: float = 30.0,
        skip: int = 0,
        processed: bool = False,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (or ``"*"``) fail; see the module docstring.

        ``status`` is an HTTP error status (429 carries ``retry_after``; 502 is nginx's HTML page),
        ``"timeout"`` (hold unanswered up to ``hold`` seconds, then close) or ``"disconnect"``.
        ``skip`` matching calls pass first; ``processed`` runs the method before a timeout or
        disconnect (the response is lost, the effect is not).
        """
        if status in ("timeout", "disconnect"):
            kind, code = str(status), None
        elif isinstance(status, int) and 400 <= status <= 599:
            kind, code = "status", status
        else:
            raise ValueError(
                f"status must be an HTTP error status, 'timeout' or 'disconnect', not {status!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        if skip < 0:
            raise ValueError("skip must not be negative")
        if processed and kind == "status":
            raise ValueError("processed=True needs status 'timeout' or 'disconnect'")
        self._faults.append(
            _Fault(method.lower(), kind, code, retry_after, description, times, hold, skip, processed))

    def clear_faults(self) -> None:
        """Forget the injected faults that have not fired yet."""
        self._faults.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.matches(method):
                if fault.skip:
                    fault.skip -= 1
                    return None
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    async def _inject(self, fault: _Fault, call: ApiCall) -> web.StreamResponse:
        call.fault = fault.kind if fault.kind != "status" else str(fault.status)
        if fault.kind == "disconnect":
            raise _DropConnection
        if fault.kind == "timeout":
            await self._hold(fault.hold)
            raise _DropConnection
        assert fault.status is not None
        call.status = fault.status
        if fault.status == 502:
            return web.Response(status=502, text=NGINX_502, content_type="text/html")
        if fault.status == 429:
            error = ApiError(429, f"Too Many Requests: retry after {fault.retry_after}",
                             {"retry_after": fault.retry_after})
        else:
            error = ApiError(fault.status, fault.description or HTTPStatus(fault.status).phrase)
        call.response = error.envelope()
        return self._reply(call.response, fault.status)

    async def _hold(self, seconds: float) -> None:
        """Wait until ``seconds`` pass or the server stops (a client hang-up cancels the handler)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._stopping and loop.time() < deadline:
            await self._changed.wait(deadline - loop.time())

    # -- world: users and chats -----------------------------------------------------------------

    def make_user(
        self,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
        user_id: int | None = None,
        is_premium: bool | None = None,
    ) -> dict[str, Any]:
        """Create a (human) Telegram user; returns its User object."""
        user: dict[str, Any] = {"id": user_id or next(self._user_ids), "is_bot": False,
                                "first_name": first_name}
        optional = {"last_name": last_name, "username": username, "language_code": language_code,
                    "is_premium": is_premium}
        user.update({key: value for key, value in optional.items() if value is not None})
        self._users[user["id"]] = user
        return user

    def private_chat(self, user: dict[str, Any] | int) -> dict[str, Any]:
        """The private chat between ``user`` and the bot (chat id == user id)."""
        user = self._user(user)
        if user["id"] not in self._chats:
            chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            chat.update({key: user[key] for key in ("last_name", "username") if key in user})
            self._chats[user["id"]] = chat
        return self._chats[user["id"]]

    def make_group(self, title: str = "Test group", *, supergroup: bool = False,
                   username: str | None = None) -> dict[str, Any]:
        """Create a group (or supergroup) the bot is a member of; returns its Chat object."""
        number = next(self._chat_numbers)
        if supergroup:
            chat: dict[str, Any] = {"id": -1_001_000_000_000 - number, "title": title, "type": "supergroup"}
        else:
            chat = {"id": -4_000_000_000 - number, "title": title, "type": "group"}
        if username:
            chat["username"] = username
        self._chats[chat["id"]] = chat
        return chat

    def make_channel(self, title: str = "Test channel", *, username: str | None = None) -> dict[str, Any]:
        """Create a channel the bot administers; returns its Chat object."""
        chat: dict[str, Any] = {"id": -1_002_000_000_000 - next(self._chat_numbers), "title": title,
                                "type": "channel"}
        if username:
            chat["username"] = username
        self._chats[chat["id"]] = chat
        return chat

    def _user(self, user: dict[str, Any] | int) -> dict[str, Any]:
        if isinstance(user, int):
            if user not in self._users:
                raise ValueError(f"unknown user id {user}; create users with make_user()")
            return self._users[user]
        return self._users.setdefault(user["id"], user)

    def _chat(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | None = None) -> dict[str, Any]:
        if chat is None:
            if user is None:
                raise ValueError("a chat is needed")
            return self.private_chat(user)
        if isinstance(chat, int):
            if chat not in self._chats:
                raise ValueError(f"unknown chat id {chat}; create chats with private_chat()/make_group()")
            return self._chats[chat]
        return self._chats.setdefault(chat["id"], chat)

    # -- world: messages and updates ---------------------------------------------------------------

    @staticmethod
    def _now() -> int:
        return int(time.time())

    def _file(self, kind: str) -> dict[str, str]:
        number = next(self._file_numbers)
        return {"file_id": f"{kind}-{number}-{secrets.token_hex(8)}",
                "file_unique_id": f"u{kind[:2]}{number}"}

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any] | None,
                     reply_to: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
        """Store a new message in ``chat``: per-chat increasing id, integer date in seconds."""
        message_id = self._next_message_id.get(chat["id"], 1)
        self._next_message_id[chat["id"]] = message_id + 1
        message: dict[str, Any] = {"message_id": message_id}
        if sender is None:
            message["sender_chat"] = chat
        else:
            message["from"] = sender
        message.update({"chat": chat, "date": self._now()})
        if reply_to is not None:
            message["reply_to_message"] = _message_without_reply(reply_to)
        message.update({key: value for key, value in content.items() if value not in (None, [])})
        self._messages.setdefault(chat["id"], {})[message_id] = message
        return message

    def _stored(self, message: dict[str, Any]) -> dict[str, Any]:
        """The current stored version of ``message`` (tests may hold an old copy)."""
        try:
            return self._messages[message["chat"]["id"]][message["message_id"]]
        except KeyError:
            raise ValueError(
                f"message {message.get('message_id')} is not in chat {message.get('chat', {}).get('id')}"
            ) from None

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update for ``getUpdates`` unless ``allowed_updates`` excludes its type."""
        if kind not in self._allowed_updates:
            _LOGGER.info("fake Bot API: %s update not queued (allowed_updates)", kind)
            return None
        update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
        self._next_update_id += 1
        self._updates.append(update)
        self._changed.notify()
        return update

    def _reaches_bot(self, message: dict[str, Any]) -> bool:
        """Privacy mode: which group messages Telegram hands to the bot."""
        if not self.privacy_mode or message["chat"]["type"] not in ("group", "supergroup"):
            return True
        if "text" not in message and "caption" not in message:
            return "new_chat_members" in message or self._replies_to_bot(message)
        text = message.get("text", message.get("caption", ""))
        entities = message.get("entities", message.get("caption_entities", []))
        me = "@" + self._bot["username"].lower()
        for entity in entities:
            covered = utf16_slice(text, entity["offset"], entity["length"]).lower()
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                return "@" not in covered or covered.endswith(me)
            if entity["type"] == "mention" and covered == me:
                return True
        return self._replies_to_bot(message)

    def _replies_to_bot(self, message: dict[str, Any]) -> bool:
        return message.get("reply_to_message", {}).get("from", {}).get("id") == self._bot["id"]

    def _deliver(self, kind: str, message: dict[str, Any]) -> dict[str, Any]:
        if self._reaches_bot(message):
            self._enqueue(kind, message)
        else:
            _LOGGER.info("fake Bot API: group message %s not delivered (privacy mode)", message["message_id"])
        return message

    def _user_message(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int,
                      reply_to: dict[str, Any] | None, **content: Any) -> dict[str, Any]:
        user = self._user(user)
        chat = self._chat(chat, user)
        replied = self._stored(reply_to) if reply_to is not None else None
        if replied is not None and replied["chat"]["id"] != chat["id"]:
            raise ValueError("reply_to must be a message of the same chat")
        return self._deliver("message", self._new_message(chat, user, replied, **content))

    def user_sends(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int, text: str,
                   reply_to: dict[str, Any] | None = None, *,
                   entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """``user`` writes ``text`` in ``chat`` (None: their private chat with the bot).

        ``reply_to`` may be any message of that chat, e.g. one the bot sent. Entities default to the
        ``bot_command`` and ``mention`` entities Telegram would detect. Returns the Message.
        """
        found = find_entities(text) if entities is None else entities
        return self._user_message(chat, user, reply_to, text=text, entities=found)

    def user_sends_photo(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int,
                         caption: str | None = None,
                         reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """``user`` sends a photo (three sizes, optional caption) in ``chat``."""
        photo = self._file("photo")
        sizes = [{"file_id": f"{photo['file_id']}-{w}", "file_unique_id": f"{photo['file_unique_id']}{w}",
                  "width": w, "height": h, "file_size": w * h // 10}
                 for w, h in ((90, 67), (320, 240), (800, 600))]
        caption_entities = find_entities(caption) if caption else None
        return self._user_message(chat, user, reply_to, photo=sizes, caption=caption,
                                  caption_entities=caption_entities)

    def user_sends_sticker(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int,
                           emoji: str = "👍", reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """``user`` sends a regular static sticker in ``chat``."""
        sticker = {**self._file("sticker"), "type": "regular", "width": 512, "height": 512,
                   "is_animated": False, "is_video": False, "emoji": emoji, "file_size": 24_000}
        return self._user_message(chat, user, reply_to, sticker=sticker)

    def user_sends_voice(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int,
                         duration: int = 3, reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """``user`` sends a voice note of ``duration`` seconds in ``chat``."""
        voice = {**self._file("voice"), "duration": duration, "mime_type": "audio/ogg",
                 "file_size": 4_000 * duration}
        return self._user_message(chat, user, reply_to, voice=voice)

    def user_edits(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The author of ``message`` edits its text: an ``edited_message`` update."""
        stored = self._stored(message)
        stored.update(text=text, edit_date=self._now())
        stored.pop("entities", None)
        if found := find_entities(text):
            stored["entities"] = found
        if self._reaches_bot(stored):
            self._enqueue("edited_message", stored)
        return stored

    def channel_posts(self, channel: dict[str, Any] | int, text: str) -> dict[str, Any]:
        """A post appears in ``channel`` (sender_chat, no ``from``): a ``channel_post`` update."""
        chat = self._chat(channel)
        if chat["type"] != "channel":
            raise ValueError("channel_posts needs a channel (make_channel())")
        message = self._new_message(chat, None, text=text, entities=find_entities(text))
        self._enqueue("channel_post", message)
        return message

    def users_join(self, chat: dict[str, Any] | int, users: list[dict[str, Any]] | dict[str, Any],
                   *, inviter: dict[str, Any] | None = None) -> dict[str, Any]:
        """Users join a group: a service message with ``new_chat_members``."""
        members = [self._user(user) for user in (users if isinstance(users, list) else [users])]
        chat = self._chat(chat)
        if chat["type"] not in ("group", "supergroup"):
            raise ValueError("users can only join groups and supergroups")
        sender = self._user(inviter) if inviter is not None else members[0]
        return self._deliver("message", self._new_message(chat, sender, new_chat_members=members))

    def press_button(self, message: dict[str, Any], callback_data: str, user: dict[str, Any] | int,
                     *, force: bool = False) -> dict[str, Any]:
        """``user`` presses the inline button carrying ``callback_data`` under ``message``.

        The button must exist on the message's current keyboard, unless ``force`` (a stale client).
        Returns the CallbackQuery (its ``id`` is what the bot must answer).
        """
        stored = self._stored(message)
        rows = stored.get("reply_markup", {}).get("inline_keyboard", [])
        offered = [button.get("callback_data") for row in rows for button in row]
        if callback_data not in offered and not force:
            raise ValueError(
                f"message {stored['message_id']} has no button {callback_data!r}; it offers {offered}")
        chat_id = stored["chat"]["id"]
        instance = self._chat_instances.setdefault(chat_id, str(secrets.randbits(62)))
        query = {"id": str(next(self._query_ids)), "from": self._user(user),
                 "message": copy.deepcopy(stored), "chat_instance": instance, "data": callback_data}
        self._callback_queries[query["id"]] = {"query": query, "answered": False}
        self._enqueue("callback_query", query)
        return query

    def inline_query(self, user: dict[str, Any] | int, query: str, *, offset: str = "",
                     chat_type: str | None = "sender") -> dict[str, Any]:
        """``user`` types ``@bot query`` somewhere: an ``inline_query`` update; returns it."""
        inline = {"id": str(next(self._query_ids)), "from": self._user(user), "query": query,
                  "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        self._inline_queries[inline["id"]] = {"query": inline, "answered": False}
        self._enqueue("inline_query", inline)
        return inline

    def choose_inline_result(self, user: dict[str, Any] | int, result_id: str, query: str,
                             *, inline_message_id: str | None = None) -> dict[str, Any]:
        """``user`` picks an inline result: a ``chosen_inline_result`` update; returns it."""
        chosen = {"result_id": result_id, "from": self._user(user), "query": query}
        if inline_message_id is not None:
            chosen["inline_message_id"] = inline_message_id
        self._enqueue("chosen_inline_result", chosen)
        return chosen

    # -- what the bot did -----------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (current version; deleted ones left out), oldest first."""
        found = []
        for chat, message_id in self._sent:
            message = self._messages.get(chat, {}).get(message_id)
            if message is not None and (chat_id is None or chat == chat_id):
                found.append(message)
        return found

    @property
    def requests(self) -> list[ApiCall]:
        """Every request that reached a known method, in arrival order."""
        return list(self._calls)

    def calls(self, method: str, *, ok_only: bool = False) -> list[ApiCall]:
        """The logged calls of ``method`` (case-insensitive), optionally only successful ones."""
        return [call for call in self._calls
                if call.method.lower() == method.lower() and (call.ok or not ok_only)]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Accepted ``answerCallbackQuery`` calls: callback_query_id, text, show_alert, url, ..."""
        return list(self._callback_answers)

    @property
    def inline_answers(self) -> list[dict[str, Any]]:
        """Accepted ``answerInlineQuery`` calls: inline_query_id, results, cache_time, ..."""
        return list(self._inline_answers)

    @property
    def commands(self) -> list[dict[str, str]]:
        """The bot's commands for the default scope and no language (``setMyCommands``)."""
        return self.commands_for()

    def commands_for(self, scope: dict[str, Any] | None = None,
                     language_code: str = "") -> list[dict[str, str]]:
        """The bot's commands for a scope (default ``{"type": "default"}``) and language."""
        return [dict(command) for command in self._commands.get(_scope_key(scope, language_code), [])]

    @property
    def chat_actions(self) -> list[dict[str, Any]]:
        """Accepted ``sendChatAction`` calls: chat_id and action."""
        return list(self._chat_actions)

    @property
    def reactions(self) -> list[dict[str, Any]]:
        """Accepted ``setMessageReaction`` calls."""
        return list(self._reactions)

    @property
    def deleted_messages(self) -> list[tuple[int, int]]:
        """(chat_id, message_id) of every message the bot deleted."""
        return list(self._deleted)

    @property
    def webhook(self) -> dict[str, Any]:
        """The webhook settings recorded by ``setWebhook`` (``url`` is "" when none)."""
        return dict(self._webhook)

    @property
    def webhook_deliveries(self) -> list[dict[str, Any]]:
        """Every webhook delivery attempt: ``update_id`` and the bot's HTTP ``status`` (None: no answer)."""
        return [dict(attempt) for attempt in self._webhook_deliveries]

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        return copy.deepcopy(self._updates)

    # -- waiting ------------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0,
                       description: str = "condition") -> Any:
        """Wait until ``predicate()`` is truthy (checked after every change); returns its value.

        Raises ``TimeoutError`` naming ``description`` and the last requests.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [(c.method, c.status, c.fault) for c in self._calls[-8:]]
                raise TimeoutError(
                    f"fake Bot API: {description} not met within {timeout}s; last calls: {recent}")
            await self._changed.wait(remaining)
        return result

    async def wait_for_messages(self, chat_id: int, count: int = 1,
                                timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least ``count`` messages to ``chat_id``; returns them all."""
        await self.wait_for(lambda: len(self.sent_messages(chat_id)) >= count, timeout,
                            f"{count} message(s) sent to chat {chat_id}")
        return self.sent_messages(chat_id)

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[ApiCall]:
        """Wait until ``method`` was called (successfully or not) ``count`` times; returns the calls."""
        await self.wait_for(lambda: len(self.calls(method)) >= count, timeout, f"{count} {method} call(s)")
        return self.calls(method)

    async def wait_for_updates_consumed(self, timeout: float = 5.0) -> None:
        """Wait until the bot has fetched and confirmed every queued update."""
        await self.wait_for(lambda: not self._updates, timeout, "all updates confirmed by the bot")

    # -- Bot API: identity and updates ------------------------------------------------------------

    @_api("getMe")
    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self._bot)

    @_api("logOut")
    async def _log_out(self, params: dict[str, Any]) -> bool:
        return True

    @_api("close")
    async def _close(self, params: dict[str, Any]) -> bool:
        return True

    def _set_allowed_updates(self, value: Any) -> None:
        """Telegram keeps the last valid list; unknown names are ignored, [] means the default."""
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return
        known = {item.lower() for item in value} & ALL_UPDATE_TYPES
        self._allowed_updates = known or set(DEFAULT_UPDATE_TYPES)

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    @_api("getUpdates")
    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = params.get("timeout") if isinstance(params.get("timeout"), (int, float)) else 0
        timeout = min(max(float(timeout), 0.0), LONG_POLL_MAX_TIMEOUT)
        self._set_allowed_updates(params.get("allowed_updates"))
        self._confirm(_int_param(params, "offset", 0))
        self._poll_generation += 1
        generation = self._poll_generation
        self._changed.notify()
        return await self._long_poll(generation, limit, timeout)

    async def _long_poll(self, generation: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._updates or loop.time() >= deadline:
                return copy.deepcopy(self._updates[:limit])
            if generation != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
            if self._stopping:
                raise _DropConnection
            await self._changed.wait(deadline - loop.time())

    @_api("setWebhook")
    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(params)
        parsed = urlparse(url)
        if parsed.scheme != "https" and not (parsed.scheme == "http" and parsed.hostname in LOOPBACK_HOSTS):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not SECRET_TOKEN.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._set_allowed_updates(params.get("allowed_updates"))
        self._webhook = {"url": url, **{key: params[key] for key in
                                        ("max_connections", "secret_token", "ip_address") if key in params}}
        self._poll_generation += 1  # a waiting getUpdates ends with a conflict
        self._start_delivery()
        return True

    @_api("deleteWebhook")
    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": ""}
        self._changed.notify()
        return True

    @_api("getWebhookInfo")
    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {"url": self._webhook["url"], "has_custom_certificate": False,
                                "pending_update_count": len(self._updates)}
        if self._webhook["url"]:
            info["max_connections"] = self._webhook.get("max_connections", 40)
            for key in ("ip_address", "last_error_date", "last_error_message"):
                if key in self._webhook:
                    info[key] = self._webhook[key]
        if self._allowed_updates != DEFAULT_UPDATE_TYPES:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    # -- webhook delivery -------------------------------------------------------------------------

    def _start_delivery(self) -> None:
        """Deliver queued updates to the webhook, when one is set, the server runs and its URL is loopback."""
        if self._delivery is not None and not self._delivery.done():
            return
        if self._runner is None or urlparse(self._webhook["url"]).hostname not in LOOPBACK_HOSTS:
            return
        self._delivery = asyncio.get_running_loop().create_task(self._deliver_to_webhook())

    async def _stop_delivery(self) -> None:
        task, self._delivery = self._delivery, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver_to_webhook(self) -> None:
        """POST the oldest queued update to the webhook until it is taken (2xx), like Telegram, one at a time."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as client:
            while self._runner is not None and urlparse(url := self._webhook["url"]).hostname in LOOPBACK_HOSTS:
                if not self._updates:
                    await self._changed.wait(1.0)
                    continue
                update = self._updates[0]
                headers = {"Content-Type": "application/json"}
                if self._webhook.get("secret_token"):
                    headers[SECRET_HEADER] = str(self._webhook["secret_token"])
                status, error = None, "Connection refused"
                try:
                    async with client.post(url, data=json.dumps(update), headers=headers) as response:
                        status, error = response.status, f"Wrong response from the webhook: {response.status} {response.reason}"
                except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
                    error = f"Connection failed: {type(failure).__name__}"
                self._webhook_deliveries.append({"update_id": update["update_id"], "status": status})
                if status is not None and 200 <= status < 300:
                    self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                    self._changed.notify()
                    continue
                self._webhook.update(last_error_date=self._now(), last_error_message=error)
                self._changed.notify()
                await asyncio.sleep(self.webhook_retry_delay)

    def make_update(self, chat: dict[str, Any] | int | None, user: dict[str, Any] | int, text: str) -> dict[str, Any]:
        """A ``message`` update of ``user`` writing ``text`` in ``chat``, stored but not queued (a test posts it)."""
        user = self._user(user)
        message = self._new_message(self._chat(chat, user), user, text=text, entities=find_entities(text))
        update = {"update_id": self._next_update_id, "message": copy.deepcopy(message)}
        self._next_update_id += 1
        return update

    # -- Bot API: commands ------------------------------------------------------------------------

    @_api("setMyCommands")
    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        key = _scope_key(_parse_scope(params.get("scope")), _language(params))
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("Can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        checked = [_check_command(command) for command in commands]
        if checked:
            self._commands[key] = checked
        else:
            self._commands.pop(key, None)
        return True

    @_api("getMyCommands")
    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        key = _scope_key(_parse_scope(params.get("scope")), _language(params))
        return [dict(command) for command in self._commands.get(key, [])]

    @_api("deleteMyCommands")
    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_scope_key(_parse_scope(params.get("scope")), _language(params)), None)
        return True

    # -- Bot API: messages --------------------------------------------------------------------------

    def _format_text(self, text: Any, parse_mode: Any, entities: Any) -> tuple[str, list[dict[str, Any]]]:
        """Telegram's text pipeline: parse entities, clean and trim, then check emptiness and length.

        Raises ``ValueError`` with the Bot API message (without "Bad Request: ").
        """
        if text is None or text == "":
            raise ValueError("Message text is empty")
        text = text if isinstance(text, str) else json.dumps(text)
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError:
            raise ValueError("Strings must be encoded in UTF-8") from None
        if size > MAX_RAW_TEXT_BYTES:
            raise ValueError("Text is too long")
        mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
        if mode == "html":
            try:
                text, found = parse_html(text, strict=self.strict)
            except EntityParseError as error:
                raise ValueError(f"Can't parse entities: {error}") from None
        elif mode in ("", "none"):
            found = _explicit_entities(entities)
        elif mode in ("markdown", "markdownv2"):
            raise ValueError(f"fake Bot API: parse_mode {parse_mode} is not implemented, use HTML")
        else:
            raise ValueError("Unsupported parse_mode")
        text, found = normalize_text(text, found)
        for entity in found:
            if entity["type"] == "text_mention" and entity["user"]["id"] in self._users:
                entity["user"] = dict(self._users[entity["user"]["id"]])
        if not text:
            raise ValueError("Message text is empty")
        if utf16_len(text) > MAX_MESSAGE_LENGTH:
            raise ValueError("Message is too long")
        return text, found

    def _text_from(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        try:
            return self._format_text(params.get("text"), params.get("parse_mode"), params.get("entities"))
        except ValueError as error:
            raise bad_request(str(error)) from None

    def _require_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("Chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
        elif isinstance(chat_id, int) and chat_id in self._chats:
            return self._chats[chat_id]
        raise bad_request("Chat not found")

    def _reply_target(self, chat: dict[str, Any], params: dict[str, Any]) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"],
                     "allow_sending_without_reply": params.get("allow_sending_without_reply", False)}
        if reply is None:
            return None
        if not isinstance(reply, dict):
            raise bad_request("Can't parse reply parameters JSON object")
        target_chat = chat
        if reply.get("chat_id") is not None:
            target_chat = self._require_chat({"chat_id": _coerce("chat_id", reply["chat_id"])})
        target = self._messages.get(target_chat["id"], {}).get(reply.get("message_id"))
        if target is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("Message to be replied not found")
        return target

    def _bot_sender(self, chat: dict[str, Any]) -> dict[str, Any] | None:
        return None if chat["type"] == "channel" else dict(self._bot)

    @_api("sendMessage")
    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        text, entities = self._text_from(params)
        markup = check_reply_markup(params.get("reply_markup"), strict=self.strict)
        chat = self._require_chat(params)
        reply_to = self._reply_target(chat, params)
        message = self._new_message(chat, self._bot_sender(chat), reply_to, text=text,
                                    entities=entities, reply_markup=markup)
        self._sent.append((chat["id"], message["message_id"]))
        return message

    def _message_to_edit(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message an edit targets; None for inline messages (``inline_message_id``)."""
        if params.get("inline_message_id"):
            return None
        chat = self._require_chat(params)
        if params.get("message_id") is None:
            raise bad_request("Message identifier is not specified")
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad_request("Message to edit not found")
        if message.get("from", {}).get("id") != self._bot["id"] and chat["type"] != "channel":
            raise bad_request("Message can't be edited")
        return message

    def _apply_edit(self, message: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        edited = {key: value for key, value in message.items() if key not in changes}
        edited.update({key: value for key, value in changes.items() if value not in (None, [])})
        if {k: v for k, v in edited.items() if k != "edit_date"} == {
                k: v for k, v in message.items() if k != "edit_date"}:
            raise ApiError(400, f"Bad Request: {NOT_MODIFIED}")
        edited["edit_date"] = self._now()
        self._messages[message["chat"]["id"]][message["message_id"]] = edited
        return edited

    @_api("editMessageText")
    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text, entities = self._text_from(params)
        markup = check_reply_markup(params.get("reply_markup"), strict=self.strict)
        message = self._message_to_edit(params)
        if message is None:
            return True
        if "text" not in message:
            raise bad_request("There is no text in the message to edit")
        return self._apply_edit(message, {"text": text, "entities": entities, "reply_markup": markup})

    @_api("editMessageReplyMarkup")
    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = check_reply_markup(params.get("reply_markup"), strict=self.strict)
        message = self._message_to_edit(params)
        if message is None:
            return True
        return self._apply_edit(message, {"reply_markup": markup})

    @_api("deleteMessage")
    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._require_chat(params)
        if self._messages.get(chat["id"], {}).pop(params.get("message_id"), None) is None:
            raise bad_request("Message to delete not found")
        self._deleted.append((chat["id"], params["message_id"]))
        return True

    @_api("sendChatAction")
    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        chat = self._require_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("Wrong parameter action in request")
        self._chat_actions.append({"chat_id": chat["id"], "action": params["action"]})
        return True

    @_api("setMessageReaction")
    async def _set_message_reaction(self, params: dict[str, Any]) -> bool:
        chat = self._require_chat(params)
        if params.get("message_id") not in self._messages.get(chat["id"], {}):
            raise bad_request("Message to react not found")
        self._reactions.append({"chat_id": chat["id"], "message_id": params["message_id"],
                                "reaction": params.get("reaction") or [],
                                "is_big": bool(params.get("is_big"))})
        return True

    # -- Bot API: queries ---------------------------------------------------------------------------

    @staticmethod
    def _open_query(queries: dict[str, dict[str, Any]], query_id: Any) -> dict[str, Any]:
        entry = queries.get(str(query_id) if query_id is not None else "")
        if entry is None or entry["answered"]:
            raise bad_request(QUERY_INVALID)
        return entry

    @_api("answerCallbackQuery")
    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        entry = self._open_query(self._callback_queries, params.get("callback_query_id"))
        entry["answered"] = True
        self._callback_answers.append({
            "callback_query_id": entry["query"]["id"], "text": params.get("text"),
            "show_alert": bool(params.get("show_alert")), "url": params.get("url"),
            "cache_time": _int_param(params, "cache_time", 0)})
        return True

    @_api("answerInlineQuery")
    async def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        entry = self._open_query(self._inline_queries, params.get("inline_query_id"))
        results = params.get("results")
        if isinstance(results, str):
            raise bad_request("Can't parse JSON encoded inline query results")
        results = [] if results is None else results
        if not isinstance(results, list):
            raise bad_request("Expected an Array of inline query results")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("Too many inline query results specified")
        for result in results:
            self._check_inline_result(result)
        _check_result_ids(results)
        entry["answered"] = True
        self._inline_answers.append({
            "inline_query_id": entry["query"]["id"], "results": results,
            "cache_time": _int_param(params, "cache_time", 300),
            "is_personal": bool(params.get("is_personal")), "next_offset": params.get("next_offset", ""),
            "button": params.get("button")})
        return True

    def _check_inline_result(self, result: Any) -> None:
        prefix = "Can't parse inline query result: "
        if not isinstance(result, dict):
            raise bad_request(prefix + "Inline query result must be an object")
        for name in ("type", "id"):
            if name not in result:
                raise bad_request(prefix + f'Can\'t find field "{name}"')
            if not isinstance(result[name], str):
                raise bad_request(prefix + f'Field "{name}" must be of type String')
        if "reply_markup" in result:
            check_reply_markup(result["reply_markup"], strict=self.strict)
        if result["type"].lower() != "article":
            return
        content = result.get("input_message_content")
        if content is None:
            content = result  # legacy: message_text at the top level
            if "message_text" not in content:
                raise bad_request(prefix + 'Can\'t find field "message_text"')
        if not isinstance(content, dict):
            raise bad_request(prefix + 'Field "input_message_content" must be of type Object')
        if content.get("message_text"):
            self._check_result_text(content)
        elif not any(key in content for key in ("latitude", "phone_number", "payload")):
            raise bad_request(prefix + "Input message content is not specified")
        if not isinstance(result.get("title"), str):
            raise bad_request(prefix + 'Can\'t find field "title"')

    def _check_result_text(self, content: dict[str, Any]) -> None:
        try:
            self._format_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
        except ValueError as error:
            if str(error) == "Message is too long":
                raise bad_request(str(error)) from None
            raise bad_request(f"Can't parse inline query result: {error}") from None


def _check_result_ids(results: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for result in results:
        size = len(result["id"].encode("utf-8"))
        if not 1 <= size <= MAX_INLINE_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result["id"] in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result["id"])


def _explicit_entities(entities: Any) -> list[dict[str, Any]]:
    """Entities given as a parameter (no parse_mode): a list of objects with type/offset/length."""
    if entities is None:
        return []
    if not isinstance(entities, list):
        raise ValueError("Can't parse entities JSON object")
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise ValueError('Can\'t parse MessageEntity: Can\'t find field "type"')
        for name in ("offset", "length"):
            if isinstance(entity.get(name), bool) or not isinstance(entity.get(name), int):
                raise ValueError(f'Can\'t parse MessageEntity: Field "{name}" must be of type Number')
    return [dict(entity) for entity in entities]


_SCOPE_TYPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
     "chat_administrators", "chat_member"}
)


def _parse_scope(scope: Any) -> dict[str, Any] | None:
    if scope is None:
        return None
    if not isinstance(scope, dict):
        raise bad_request("Can't parse BotCommandScope JSON object")
    if scope.get("type") not in _SCOPE_TYPES:
        raise bad_request("Can't parse BotCommandScope: Unsupported type specified")
    return scope


def _scope_key(scope: dict[str, Any] | None, language_code: str) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code


def _language(params: dict[str, Any]) -> str:
    code = params.get("language_code") or ""
    if not isinstance(code, str) or (code and not re.fullmatch(r"[a-z]{2}", code)):
        raise bad_request("Invalid language code specified")
    return code


def _check_command(command: Any) -> dict[str, str]:
    """Validate one BotCommand as tdlib and Telegram do; returns the stored (trimmed) form."""
    if not isinstance(command, dict):
        raise bad_request("Can't parse BotCommand: BotCommand must be an Object")
    for name in ("command", "description"):
        if not isinstance(command.get(name), str):
            raise bad_request(f'Can\'t parse BotCommand: Can\'t find field "{name}"')
    name = command["command"].strip()
    name = name[1:] if name.startswith("/") else name
    description = command["description"].strip()
    if not name:
        raise bad_request("Command must be non-empty")
    if len(name) > 32:
        raise bad_request("Command length must not exceed 32")
    if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not description:
        raise bad_request("Command description must be non-empty")
    if len(description) > 256:
        raise bad_request("Command description length must not exceed 256")
    return {"command": name, "description": description}
