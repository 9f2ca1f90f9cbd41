"""A strict check of Telegram HTML shared by the render tests."""

import html
import re

from bot.front.render.messages import TELEGRAM_LIMIT

ALLOWED_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}


def assert_valid_telegram_html(message: str) -> None:
    """Only allowed tags, properly nested; no bare < or & outside entities; within the length limit."""
    stack = []
    for match in re.finditer(r"<(/?)([a-z]+)[^>]*>", message):
        closing, tag = match.groups()
        assert tag in ALLOWED_TAGS, tag
        if closing:
            assert stack and stack.pop() == tag
        else:
            stack.append(tag)
    assert not stack
    text = re.sub(r"<[^>]+>", "", message)
    assert "<" not in text and ">" not in text
    assert not re.search(r"&(?!(?:lt|gt|amp|quot);)", text)
    assert len(html.unescape(text).encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT
