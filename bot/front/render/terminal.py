"""Terminal text: the Telegram HTML of a reply as the console prints it."""

from __future__ import annotations

import html
import re

_ANSI_BOLD, _ANSI_ITALIC, _ANSI_UNDERLINE, _ANSI_RESET = "\033[1m", "\033[3m", "\033[4m", "\033[0m"


def html_to_console(text: str, color: bool) -> str:
    """Telegram HTML as terminal text: quotes as indented bars, bold, italic and underline (words matched by
    meaning) as ANSI when allowed."""

    def quote(match: re.Match[str]) -> str:
        return "\n".join(f"  │ {line}" for line in match.group(1).split("\n"))

    text = re.sub(r"<blockquote>(.*?)</blockquote>", quote, text, flags=re.S)
    bold, italic, underline, reset = (_ANSI_BOLD, _ANSI_ITALIC, _ANSI_UNDERLINE, _ANSI_RESET) if color else ("",) * 4
    text = re.sub(r"<b>(.*?)</b>", lambda m: f"{bold}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"<u>(.*?)</u>", lambda m: f"{underline}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"<i>(.*?)</i>", lambda m: f"{italic}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"</?[a-z][^>]*>", "", text)
    return html.unescape(text)

