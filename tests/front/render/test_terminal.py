"""Terminal text converted from the Telegram HTML."""

from bot.front.render.terminal import html_to_console


def test_console_text_is_the_html_without_tags():
    text = "<i>1. Раздел</i>\n<blockquote>объём <b>товарооборота</b> &lt;x&gt;</blockquote>"
    assert html_to_console(text, color=False) == "1. Раздел\n  │ объём товарооборота <x>"
    assert "\033[1mтоварооборота\033[0m" in html_to_console(text, color=True)


def test_quotes_wrap_to_the_width_with_the_gutter_on_every_line():
    text = "<i>Раздел</i>\n<blockquote>" + "слово " * 30 + "<b>Newsky Award</b> конец</blockquote>"
    lines = html_to_console(text, color=False, width=40).split("\n")
    assert lines[0] == "Раздел" and len(lines) > 3
    assert all(line.startswith("  │ ") and len(line) <= 40 for line in lines[1:])
    assert " ".join(line[4:] for line in lines[1:]) == ("слово " * 30 + "Newsky Award конец")


def test_bold_is_closed_before_a_break_and_reopened_after_the_gutter():
    a, b, c = "a" * 10, "b" * 10, "c" * 10
    coloured = html_to_console(f"<blockquote>{a} <b>{b} {c}</b> dddd</blockquote>", color=True, width=4 + 21)
    assert coloured.split("\n") == [f"  │ {a} \033[1m{b}\033[0m", f"  │ \033[1m{c}\033[0m dddd"]


def test_no_width_no_wrapping_and_a_long_word_stays_whole():
    text = "<blockquote>" + "слово " * 40 + "</blockquote>"
    assert html_to_console(text, color=False).count("\n") == 0
    assert html_to_console("<blockquote>" + "я" * 100 + "</blockquote>", color=False, width=30) == "  │ " + "я" * 100
    assert html_to_console("<blockquote>a &amp; b</blockquote>", color=False, width=30) == "  │ a & b"


def test_words_matched_by_meaning_are_underlined_when_colour_is_on():
    text = "<blockquote><u>СМИ</u> и <b>Китай</b></blockquote>"
    assert html_to_console(text, color=False) == "  │ СМИ и Китай"
    assert "\033[4mСМИ\033[0m" in html_to_console(text, color=True)
