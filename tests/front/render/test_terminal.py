"""Terminal text converted from the Telegram HTML."""

from bot.front.render.terminal import html_to_console


def test_console_text_is_the_html_without_tags():
    text = "<i>1. Раздел</i>\n<blockquote>объём <b>товарооборота</b> &lt;x&gt;</blockquote>"
    assert html_to_console(text, color=False) == "1. Раздел\n  │ объём товарооборота <x>"
    assert "\033[1mтоварооборота\033[0m" in html_to_console(text, color=True)


def test_words_matched_by_meaning_are_underlined_when_colour_is_on():
    text = "<blockquote><u>СМИ</u> и <b>Китай</b></blockquote>"
    assert html_to_console(text, color=False) == "  │ СМИ и Китай"
    assert "\033[4mСМИ\033[0m" in html_to_console(text, color=True)
