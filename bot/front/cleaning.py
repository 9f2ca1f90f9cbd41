"""User text made safe to process and to echo, the same way in every front end."""

from __future__ import annotations

import re

# C0/C1 control characters except tab and newline; Telegram drops them anyway, terminals obey them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
MAX_NUMBER_DIGITS = 6


def clean_text(text: str | None) -> str:
    """User text made safe to process and to echo: valid UTF-8, no control characters.

    Surrogates (possible from JSON escapes or undecodable command-line bytes) are joined when they
    form a pair and become U+FFFD when alone, so any encoder accepts the result; control characters
    (NUL, ESC, ...) become spaces. Everything else, emoji, RTL and combining marks included,
    stays as it is (letters pymorphy3 cannot analyse are the analyzer's business).
    """
    if not text:
        return ""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _CONTROL.sub(" ", text)


def one_line(text: str, limit: int) -> str:
    """A text squeezed to one line of at most `limit` characters (for stats and logs)."""
    text = _SPACES.sub(" ", clean_text(text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_number(text: str) -> int | None:
    """A small non-negative number written in ASCII digits, or None (no «²», no 5000-digit numbers)."""
    text = text.strip()
    return int(text) if re.fullmatch(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}", text) else None


def last_question(text: str, limit: int) -> str | None:
    """What a long message with a preamble asks: its last sentence when it ends with «?» and fits in `limit`
    characters, with the sentence before it when both fit («Меня интересует торговля. Каков её объём?»). None
    when the message's end asks nothing or its last sentence is too long."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if not sentences or not sentences[-1].rstrip().endswith("?") or len(sentences[-1]) > limit:
        return None
    if len(sentences) > 1 and len(sentences[-2]) + 1 + len(sentences[-1]) <= limit:
        return f"{sentences[-2]} {sentences[-1]}"
    return sentences[-1]
