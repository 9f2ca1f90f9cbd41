"""Messages Telegram accepts: HTML blocks joined into messages of at most 4096 UTF-16 units.

A block is never cut unless it alone is too long; then its plain text is cut at word boundaries
and each piece wrapped again in the block's outer tag, so every message stays valid HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]*>")
# What Telegram drops from a message before deciding it is empty.
_TELEGRAM_DROPS = dict.fromkeys(map(ord, "\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a"))


def escape(text: str) -> str:
    """Escape text for Telegram HTML (quotes may stay as they are)."""
    return html.escape(text, quote=False)


def split_messages(blocks: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join HTML blocks into messages of at most `limit` UTF-16 units, never cutting inside a block.

    A single block longer than the limit is cut at word boundaries into plain escaped pieces, each
    wrapped again in the block's outer tag, so every message stays valid HTML.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit_block(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit_block(block: str, limit: int) -> list[str]:
    """A block as is when it fits; otherwise its plain text in word-boundary pieces under its outer tag."""
    if utf16_len(block) <= limit:
        return [block]
    tag = "blockquote" if "<blockquote>" in block else None
    plain = html.unescape(re.sub(r"<[^>]+>", "", block))
    budget = limit - (len(f"<{tag}></{tag}>") if tag else 0)
    return [f"<{tag}>{escape(c)}</{tag}>" if tag else escape(c) for c in _chunk_plain(plain, budget)]


def _chunk_plain(text: str, budget: int) -> list[str]:
    """Cut text at whitespace into pieces whose escaped form fits `budget`; a longer word is cut too."""
    chunks: list[str] = []
    current = ""
    for word in re.split(r"(\s+)", text):
        while utf16_len(escape(word)) > budget:
            head = _utf16_prefix(word, budget // 5)  # escaping turns one character into at most 5 (&amp;)
            if current.strip():
                chunks.append(current)
            current, word = "", word[len(head) :]
            chunks.append(head)
        if utf16_len(escape(current + word)) > budget:
            if current.strip():
                chunks.append(current)
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        chunks.append(current)
    return chunks


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of text that fits in `units` UTF-16 code units."""
    size = 0
    for i, ch in enumerate(text):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > units:
            return text[:i] or text[:1]
    return text


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def line_groups(lines: Sequence[str], limit: int) -> list[str]:
    """Lines joined with newlines into groups of at most about `limit` characters (whole lines only)."""
    groups: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            groups.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        groups.append("\n".join(current))
    return groups



def sendable(messages: Sequence[str]) -> list[str]:
    """The messages Telegram would not refuse as empty: some text must remain once it drops its
    invisible marks (bidi overrides, a few combining marks, line separators) and trims blanks."""
    return [m for m in messages if html.unescape(_TAG.sub("", m)).translate(_TELEGRAM_DROPS).strip()]
