"""Terminal text: the Telegram HTML of a reply as the console prints it.

Quotes get a gutter («  │ ») on every line. Given a `width` (the console passes the terminal's,
only when it prints to a terminal), a quote is wrapped to it at spaces, the gutter on every
wrapped line too; bold and italic are closed before a line break and opened again after the
gutter, so the gutter is never highlighted. Without a width nothing is wrapped (pipes, files, tests).
"""

from __future__ import annotations

import html
import re

_ANSI_BOLD, _ANSI_ITALIC, _ANSI_UNDERLINE, _ANSI_RESET = "\033[1m", "\033[3m", "\033[4m", "\033[0m"
GUTTER = "  │ "
MIN_QUOTE_WIDTH = 20
_TAG = re.compile(r"</?(?:b|i|u)>")


def html_to_console(text: str, color: bool, width: int | None = None) -> str:
    """Telegram HTML as terminal text: quotes as indented bars (wrapped to `width`), bold, italic and
    underline (words matched by meaning) as ANSI when allowed."""

    def quote(match: re.Match[str]) -> str:
        lines = match.group(1).split("\n")
        if width is not None:
            lines = [piece for line in lines for piece in wrap_html(line, max(MIN_QUOTE_WIDTH, width - len(GUTTER)))]
        return "\n".join(f"{GUTTER}{line}" for line in lines)

    text = re.sub(r"<blockquote>(.*?)</blockquote>", quote, text, flags=re.S)
    bold, italic, underline, reset = (_ANSI_BOLD, _ANSI_ITALIC, _ANSI_UNDERLINE, _ANSI_RESET) if color else ("",) * 4
    text = re.sub(r"<b>(.*?)</b>", lambda m: f"{bold}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"<u>(.*?)</u>", lambda m: f"{underline}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"<i>(.*?)</i>", lambda m: f"{italic}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"</?[a-z][^>]*>", "", text)
    return html.unescape(text)


def visible_length(fragment: str) -> int:
    """How many characters an HTML fragment shows: tags left out, entities counted as one character."""
    return len(html.unescape(re.sub(r"<[^>]*>", "", fragment)))


def wrap_html(line: str, width: int) -> list[str]:
    """One line of HTML wrapped at spaces to `width` visible characters; <b>, <i> and <u> closed and reopened at each break.

    Like `textwrap.wrap` (which would count the tags), a word longer than the width stays whole.
    """
    lines: list[str] = []
    current: list[str] = []
    length = 0
    open_tags: list[str] = []
    for word in line.split(" "):
        size = visible_length(word)
        shown = word
        if current and length + 1 + size > width:
            lines.append(" ".join(current) + "".join(f"</{t}>" for t in reversed(open_tags)))
            current, length = [], 0
            shown = "".join(f"<{t}>" for t in open_tags) + word
        length += size + (1 if current else 0)
        current.append(shown)
        for tag in _TAG.findall(word):
            name = tag.strip("</>")
            if not tag.startswith("</"):
                open_tags.append(name)
            elif name in open_tags:
                open_tags.remove(name)
    lines.append(" ".join(current))
    return lines
