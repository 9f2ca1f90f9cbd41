"""Splitting HTML into messages Telegram accepts."""

import html
import re

import pytest

from bot.front.render.messages import sendable, split_messages
from tests.front.render.checks import assert_valid_telegram_html


@pytest.mark.parametrize("count, size", [(3, 100), (40, 300), (2, 5000), (1, 20000)])
def test_long_answers_split_into_valid_messages(count, size):
    blocks = [f"<i>ref {i}</i>\n<blockquote>{'слово & ' * (size // 8)}</blockquote>" for i in range(count)]
    blocks = [b.replace("&", "&amp;") for b in blocks]
    messages = split_messages(blocks)
    for message in messages:
        assert_valid_telegram_html(message)
    joined = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", "".join(messages))))
    assert joined.count("слово") == count * (size // 8)


def test_split_keeps_blocks_whole_when_they_fit():
    blocks = ["<b>x</b>" * 10] * 1000
    messages = split_messages(blocks)
    assert all(message.count("<b>") % 10 == 0 for message in messages)


def test_only_messages_with_visible_text_are_sent():
    assert sendable(["<b>x</b>", "<b>\u202e</b>", " \u2028 ", "&amp;"]) == ["<b>x</b>", "&amp;"]
