"""The ranker's per-sentence evidence: answer cues other than what the question asks."""

import numpy as np

from bot.search.evidence import Cues, Evidence


def _evidence(*numbers: set[str]) -> Evidence:
    return Evidence.from_rows((False, Cues(numbers=frozenset(n))) for n in numbers)


def test_a_year_is_no_quantity_when_years_are_left_out():
    evidence = _evidence({"1912"}, {"1912", "3"}, {"40"}, set())
    ids = np.arange(4)
    assert evidence.other_than("numbers", set(), ids).tolist() == [True, True, True, False]
    assert evidence.other_than("numbers", set(), ids, years=False).tolist() == [False, True, True, False]
    # A number the question holds is no answer either, with or without the years.
    assert evidence.other_than("numbers", {"3"}, ids, years=False).tolist() == [False, False, True, False]
    assert evidence.other_than("numbers", {"1912", "40"}, ids).tolist() == [False, True, False, False]
