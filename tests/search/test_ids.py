"""Sets of sentence ids: merging posting lists gives numpy's own union, whichever way it is merged."""

import numpy as np
import pytest

from bot.search.ids import SORT_SHARE, contains, distinct, sorted_distinct, union_positions


def _postings(rng: np.random.Generator, size: int, lengths: list[int]) -> list[np.ndarray]:
    """Ascending, distinct posting lists of the given lengths over `size` sentences."""
    return [np.sort(rng.choice(size, n, replace=False)).astype(np.int32) for n in lengths]


@pytest.mark.parametrize("size", [1, 32, 1000, 100_000])
@pytest.mark.parametrize("share", [0.001, 0.02, 0.3])
def test_distinct_is_the_union_by_sorting_and_by_mask(size, share):
    rng = np.random.default_rng(size)
    lengths = [max(1, min(size, int(size * share))) for _ in range(3)]
    lists = _postings(rng, size, lengths)
    merged = distinct(lists, size)
    assert np.array_equal(merged, np.unique(np.concatenate(lists)))
    assert merged.dtype.kind == "i"


def test_both_ways_of_merging_are_taken():
    """Short lists are sorted, long ones go through the mask: the threshold lies between these two."""
    size = 100_000
    short = size // SORT_SHARE - 10
    rng = np.random.default_rng(7)
    for n in (short, size // 4):
        lists = _postings(rng, size, [n // 2, n - n // 2])
        assert np.array_equal(distinct(lists, size), np.unique(np.concatenate(lists)))


def test_sorted_distinct_counts_and_membership():
    values, counts = sorted_distinct(np.array([5, 1, 5, 3, 1, 5]), counts=True)
    assert values.tolist() == [1, 3, 5] and counts.tolist() == [2, 1, 3]
    assert contains(values, 3) and not contains(values, 4) and not contains(values, 9)


def test_union_positions_say_where_each_list_sits():
    lists = [np.array([1, 4, 9]), np.array([4, 5]), np.array([0, 9])]
    ids, positions = union_positions(lists, 10)
    assert sorted(ids.tolist()) == [0, 1, 4, 5, 9]
    for posting, where in zip(lists, positions):
        assert ids[where].tolist() == posting.tolist()
