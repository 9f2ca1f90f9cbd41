"""The index stage: rank-bm25's scores, from an inverted index."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from bot.index import BM25Index, BM25Params

REFERENCES = {"okapi": BM25Okapi, "plus": BM25Plus, "l": BM25L}


def _corpus(seed: int = 7, size: int = 300) -> list[list[str]]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(120)]
    return [[rng.choice(vocabulary[: rng.randint(5, 120)]) for _ in range(rng.randint(0, 25))] for _ in range(size)]


@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
def test_scores_equal_rank_bm25(variant):
    corpus = _corpus()
    params = BM25Params(variant=variant, k1=1.2, b=0.75)
    index = BM25Index(corpus, params)
    extra = {"epsilon": params.epsilon} if variant == "okapi" else {"delta": params.delta}
    reference = REFERENCES[variant](corpus, k1=1.2, b=0.75, **extra)
    for query in (["w1", "w2"], ["w5", "w5", "w99"], ["absent"], ["w0", "absent", "w119"]):
        assert np.allclose(index.scores(query), reference.get_scores(query), rtol=1e-9, atol=1e-9)


def test_search_returns_best_first_and_breaks_ties_by_position():
    index = BM25Index([["a"], ["b"], ["a"], ["a", "a", "c"]], BM25Params(variant="plus"))
    hits = index.search(["a"], k=3)
    assert [h[0] for h in hits] == [3, 0, 2] or hits[0][1] >= hits[1][1] >= hits[2][1]
    assert hits[1][0] < hits[2][0]


def test_search_can_be_limited_to_some_sentences():
    index = BM25Index([["a"], ["a"], ["a"]])
    assert [i for i, _ in index.search(["a"], k=3, allowed=np.array([1, 2]))] == [1, 2]


def test_okapi_quirk_is_visible_and_plus_avoids_it():
    corpus = [["china", "x"], ["china", "y"], ["z"], ["w"]]
    okapi = BM25Index(corpus, BM25Params(variant="okapi"))
    plus = BM25Index(corpus, BM25Params(variant="plus"))
    assert okapi.idf["china"] == 0.0 or okapi.idf["china"] < plus.idf["china"]
    assert plus.scores(["china"])[0] > plus.scores(["china"])[2]


def test_empty_corpus_answers_nothing():
    assert BM25Index([]).search(["a"], k=3) == []


def test_ideal_score_counts_unknown_terms_as_rare():
    index = BM25Index([["a", "b"], ["a"], ["c"]])
    assert index.ideal_score(["a", "unknown"]) > index.ideal_score(["a"])
