"""User text made safe to process and to echo, the same way in every front end."""

from __future__ import annotations

import re

from bot.text.numbers import CARDINALS, ORDINALS

# C0/C1 control characters except tab and newline; Telegram drops them anyway, terminals obey them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
MAX_NUMBER_DIGITS = 6
MAX_TRAILING_REMARKS = 2  # short sentences after a long message's question («Спасибо!») that `last_question` skips
MAX_REMARK_CHARS = 40


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
    """A small non-negative number written in ASCII digits or as one number word («три», «третий»), or None
    (no «²», no 5000-digit numbers)."""
    text = text.strip()
    word = text.lower().replace("ё", "е")
    if word in CARDINALS or word in ORDINALS or word in ("ноль", "нуль", "нулевой"):
        return CARDINALS.get(word, ORDINALS.get(word, 0))
    return int(text) if re.fullmatch(rf"[0-9]{{1,{MAX_NUMBER_DIGITS}}}", text) else None


def last_question(text: str, limit: int) -> str | None:
    """What a long message with a preamble asks: its last sentence ending with «?» that fits in `limit`
    characters, when only short remarks without one follow it («Спасибо!», «😀»). None when the message's end
    asks nothing or that sentence is too long. The sentences before it are left out: a preamble's words would
    search with the question's."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    for trailing, sentence in enumerate(reversed(sentences)):
        if sentence.rstrip().endswith("?"):
            return sentence if len(sentence) <= limit else None
        if trailing >= MAX_TRAILING_REMARKS or len(sentence) > MAX_REMARK_CHARS:
            return None
    return None
