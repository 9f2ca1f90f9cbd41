"""What a follow-up's question word asks for, and whether a line holds it."""

import pytest

from bot.qa.asked import asked_kind, holds_kind


@pytest.mark.parametrize(
    "message, kind",
    [
        ("а где?", "place"), ("А когда это было?", "time"), ("а сколько?", "quantity"), ("а сколько ему лет?", "amount"),
        ("а почему?", None),
    ],
)
def test_what_a_question_word_asks_for(message, kind):
    assert asked_kind(message) == kind


def test_a_line_holds_a_quantity_in_figures_or_in_words_but_not_in_a_year_or_an_ordinal():
    assert holds_kind("quantity", "достигнуто более 10 соглашений", [])
    assert holds_kind("quantity", "Токаев дважды посетил Китай", [], ["токаев", "дважды", "посетить", "китай"])
    assert not holds_kind("quantity", "В 2024 году", [])
    assert not holds_kind("quantity", "на 3-м Форуме", [])
    assert holds_kind("time", "в марте прошлого года", [])


def test_an_age_or_a_price_wants_a_figure_not_a_word_of_quantity():
    assert not holds_kind("amount", "Токаев дважды посетил Китай", [], ["токаев", "дважды"])
    assert holds_kind("amount", "стоимость 5 млрд", [])
