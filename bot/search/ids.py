"""Sets of sentence ids as sorted numpy arrays: membership and merging, without hashing.

Posting lists are ascending and distinct; merging a few short ones by sorting beats numpy's
hashing `unique`, and merging long ones goes through a mask over every sentence.
"""

from __future__ import annotations

import numpy as np

def contains(ids: np.ndarray, sentence_id: int) -> bool:
    """True when the ascending ids hold `sentence_id`."""
    position = int(np.searchsorted(ids, sentence_id))
    return position < ids.size and int(ids[position]) == sentence_id


def distinct(lists: list[np.ndarray], size: int) -> np.ndarray:
    """The distinct ids of several lists of sentence ids (each ascending and distinct, as postings are), ascending.

    Merged by sorting when they are short, through a mask over every sentence when they are long.
    """
    if not lists:
        return np.zeros(0, dtype=np.int64)
    if len(lists) == 1:
        return lists[0]
    if sum(a.size for a in lists) * 4 < size:
        return sorted_distinct(np.concatenate(lists).astype(np.int64))
    mask = np.zeros(size, dtype=bool)
    for ids in lists:
        mask[ids] = True
    return np.flatnonzero(mask)


def sorted_distinct(values: np.ndarray, counts: bool = False):
    """np.unique by sorting (numpy's hashing unique is slower on these short arrays), with counts if asked."""
    values = np.sort(values)
    first = np.empty(values.size, dtype=bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    distinct = values[first]
    if not counts:
        return distinct
    return distinct, np.diff(np.append(np.flatnonzero(first), values.size))


