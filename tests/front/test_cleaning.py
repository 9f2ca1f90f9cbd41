"""Cleaning user text and reading numbers, the same for every front end."""

from hypothesis import given
from hypothesis import strategies as st

from bot.front.cleaning import clean_text, last_question, one_line, parse_number


def test_clean_text_examples():
    assert clean_text("a\x00b\x1b[31mc\r\nd\te") == "a b [31mc \nd\te"
    assert clean_text("\ud800x\udcff") == "\ufffdx\ufffd"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair from a JSON escape becomes the character
    assert clean_text("😀 שלום é\u200b") == "😀 שלום é\u200b"
    assert clean_text(None) == ""
    assert one_line("  a\n\n b  " + "c" * 200, 20) == "a b " + "c" * 15 + "…"


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_clean_text_always_gives_encodable_text_without_controls(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
    assert len(cleaned) <= len(text)


def test_numbers_are_ascii_digits_of_reasonable_length_or_one_number_word():
    assert parse_number("2") == 2 and parse_number(" 12 ") == 12 and parse_number("000") == 0
    assert parse_number("три") == 3 and parse_number("Третий") == 3 and parse_number("четвёртый") == 4  # «/section три»
    assert parse_number("ноль") == 0
    for text in ("²", "٣", "-1", "1.5", "", "x", "9" * 7, "1 2", "трёх"):
        assert parse_number(text) is None, text


def test_the_last_question_of_a_long_message():
    preamble = "Я студент, пишу курсовую. " * 20
    assert last_question(preamble + "Каков объём товарооборота?", 100) == "Каков объём товарооборота?"
    assert last_question(preamble + "Каков объём товарооборота? Спасибо! 😀", 100) == "Каков объём товарооборота?"
    assert last_question(preamble + "Кто автор? Каков объём товарооборота?", 100) == "Каков объём товарооборота?"
    assert last_question(preamble, 100) is None  # the end asks nothing
    assert last_question(preamble + "Каков объём? " + "Долгий рассказ о себе без вопроса. " * 3, 100) is None
    assert last_question("Каков " + "очень " * 50 + "большой объём?", 100) is None  # the question itself is too long
