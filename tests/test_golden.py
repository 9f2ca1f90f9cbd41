"""The answers of `ask --json --top-k 5` on every question set equal the saved golden file, byte for byte.

A restructure must not change a single answer; an intended change regenerates the file
(`python -m tests.golden`, see tests/golden.py) and says why in its commit.
"""

import json

import pytest

from tests.golden import generate, read_golden

pytestmark = pytest.mark.slow  # every question set through the command line


def test_answers_equal_the_golden_file():
    expected, actual = read_golden().splitlines(), generate().splitlines()
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        if want != got:
            question = json.loads(want)["question"]
            raise AssertionError(f"line {number} ({question!r}) differs:\n  golden: {want[:300]}\n  now:    {got[:300]}")
    assert len(actual) == len(expected) == 673
