"""What a follow-up's question word asks for (a place, a time, a quantity), and whether a line holds it.

«А где?» after a quote asks for a place, «а когда?» for a time, «а сколько?» for a quantity: a line found with
the subject's help answers the follow-up only when it holds that kind of answer (`bot.qa.followup`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.search.kinds import count_unit, is_quantity_word
from bot.text.names import NameSpan

_QUANTITY = re.compile(r"(?<!№)(?<!№ )\b(?!(?:1[89]|20)\d\d\b)\d+(?:[.,]\d+)?(?![-‐‑]?(?:й|я|е|го|му|м|х|ми|ю|ой|ом|ую|ым|ых)\b)")
_YEAR_OR_MONTH = re.compile(r"\b(?:1\d{3}|20\d{2})\b|\bгод(?:у|а)?\b|январ|феврал|март|апрел|\bма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр", re.I)


def asked_kind(message: str) -> str | None:
    """What a question word asks for: a place, a time, a quantity or an amount (an age or a price, which only a figure
    gives); None for any other question."""
    lowered = message.lower()
    if re.search(r"\b(?:где|куда|откуда)\b", lowered):
        return "place"
    if re.search(r"\b(?:когда|какого числа|в каком году|каком месяце|как(?:ой|ие) период\w*|как(?:ой|ие) срок\w*)\b", lowered):
        return "time"
    if re.search(r"\bсколько\b", lowered):
        return "amount" if count_unit(message) else "quantity"  # «сколько ему лет?», «сколько стоит?»: a figure
    return None


def holds_kind(kind: str | None, text: str, names: list[NameSpan], terms: Iterable[str] = ()) -> bool:
    """Whether a line holds that kind of answer: a place name; a year, a month or «году»; a number that counts (for
    a quantity also a word of quantity among its `terms`: «дважды», «много»)."""
    if kind == "place":
        return any(n.place for n in names)
    if kind == "time":
        return bool(_YEAR_OR_MONTH.search(text))
    if kind == "amount":
        return bool(_QUANTITY.search(text))
    if kind == "quantity":
        return bool(_QUANTITY.search(text)) or any(is_quantity_word(t) for t in terms)
    return False
