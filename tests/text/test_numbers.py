"""Numbers written in words, read by the grammar of Russian numerals."""

import pytest

from bot.text.numbers import number_runs, numeral_runs


@pytest.mark.parametrize(
    "lemmas, runs",
    [
        ("на шестьдесят два процент".split(), [(1, 3, 62)]),
        ("тридцать шесть миллиард".split(), [(0, 2, 36)]),
        ("два тысяча двадцать третий год".split(), [(0, 4, 2023)]),
        ("в двадцать третий год".split(), [(1, 3, 23)]),
        ("сто двадцать пять".split(), [(0, 3, 125)]),
        ("восемнадцать".split(), [(0, 1, 18)]),
        # a word that cannot continue a number starts another: units after units, tens after units
        ("два три".split(), [(0, 1, 2), (1, 2, 3)]),
        ("пять двадцать".split(), [(0, 1, 5), (1, 2, 20)]),
        ("двенадцать три".split(), [(0, 1, 12), (1, 2, 3)]),
        # an ordinal ends a number; «тысяча» alone is a word, not a number
        ("третий пять".split(), [(0, 1, 3), (1, 2, 5)]),
        ("тысяча человек".split(), []),
        ("двухтысячный год".split(), [(0, 1, 2000)]),
        ("рост товарооборот".split(), []),
    ],
)
def test_numbers_in_words_are_read_with_their_spans(lemmas, runs):
    assert numeral_runs(lemmas) == runs


@pytest.mark.parametrize(
    "lemmas, runs",
    [
        ("тридцать шесть целый восемьдесят шесть сотый миллиард".split(), [(0, 6, "36.86")]),
        ("шестьдесят два и три десятый процент".split(), [(0, 5, "62.3")]),
        ("тридцать шесть целый и восемьдесят шесть сотый".split(), [(0, 7, "36.86")]),
        ("один целый пять сотый".split(), [(0, 4, "1.05")]),  # the fraction's places come from its denominator
        ("два целый пять тысячная".split(), [(0, 4, "2.005")]),
        ("сорок два".split(), [(0, 2, "42")]),
        # no whole part, a fraction as large as its denominator, no denominator: not a decimal
        ("три десятый".split(), [(0, 1, "3"), (1, 2, "10")]),
        ("два целый двенадцать десятый".split(), [(0, 1, "2"), (2, 3, "12"), (3, 4, "10")]),
        ("два и три".split(), [(0, 1, "2"), (2, 3, "3")]),
    ],
)
def test_decimals_in_words_are_read_as_the_figures_a_text_writes(lemmas, runs):
    assert number_runs(lemmas) == runs
