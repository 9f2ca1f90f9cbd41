"""The answers of `ask --json --top-k 5` on every question set equal the saved golden file.

A restructure must not change a single answer; an intended change regenerates the file
(`python -m tests.golden`, see tests/golden.py) and says why in its commit. Every field is
compared exactly except the printed scores, which may differ by one unit in their last (fourth)
decimal: a sum of floats rounded at a ...5 boundary can flip with the summation order of a
dependency's build (seen on 2026-12-02: one passage score of 673 answers, 3.2014 against 3.2015,
on a fresh machine, same code).
"""

import json

import pytest

from tests.golden import generate, read_golden

SCORE_FIELDS = {"score", "confidence"}
LAST_DIGIT = 1.5e-4  # one unit of the fourth decimal, with room for the float's own error


def same_answer(want, got) -> bool:
    """True when two parsed JSON answers are equal, printed scores within one unit of their last decimal."""
    if isinstance(want, dict) and isinstance(got, dict):
        if want.keys() != got.keys():
            return False
        return all(
            abs(want[k] - got[k]) <= LAST_DIGIT
            if k in SCORE_FIELDS and isinstance(want[k], float | int) and isinstance(got[k], float | int)
            else same_answer(want[k], got[k])
            for k in want
        )
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same_answer(w, g) for w, g in zip(want, got))
    return want == got and type(want) is type(got)


def test_a_changed_quote_or_score_is_a_different_answer():
    answer = {"found": True, "confidence": 0.9146, "passages": [{"text": "Британские поселенцы", "score": 3.2014}]}
    assert same_answer(answer, json.loads(json.dumps(answer)))
    assert same_answer(answer, {**answer, "passages": [{"text": "Британские поселенцы", "score": 3.2015}]})
    assert not same_answer(answer, {**answer, "passages": [{"text": "Британские поселенцы", "score": 3.2034}]})
    assert not same_answer(answer, {**answer, "passages": [{"text": "Французы", "score": 3.2014}]})
    assert not same_answer(answer, {**answer, "found": False})
    assert not same_answer(answer, {**answer, "passages": []})


@pytest.mark.slow  # every question set through the command line
def test_answers_equal_the_golden_file():
    expected, actual = read_golden().splitlines(), generate().splitlines()
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        if want != got and not same_answer(json.loads(want), json.loads(got)):
            question = json.loads(want)["question"]
            raise AssertionError(f"line {number} ({question!r}) differs:\n  golden: {want[:300]}\n  now:    {got[:300]}")
    assert len(actual) == len(expected) == 673
