"""The index stage: rank-bm25's scores, from an inverted index."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from bot.search.bm25 import BM25Index, BM25Params
from bot.search.corpus import EncodedCorpus

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


@pytest.mark.parametrize("held", [0, 40, 1 << 21])
@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
def test_term_weights_kept_between_questions_change_no_score(monkeypatch, variant, held):
    """Weights kept from earlier questions (or forgotten when too many are kept) give bit-identical scores."""
    monkeypatch.setattr("bot.search.bm25.WEIGHTS_HELD", held)
    corpus = _corpus(seed=11)
    params = BM25Params(variant=variant)
    extra = {"epsilon": params.epsilon} if variant == "okapi" else {"delta": params.delta}
    reference = REFERENCES[variant](corpus, k1=params.k1, b=params.b, **extra)
    index = BM25Index(corpus, params)
    rng = random.Random(3)
    queries = [[f"w{rng.randint(0, 125)}" for _ in range(rng.randint(1, 6))] for _ in range(40)]
    first = [index.scores(q) for q in queries]
    for query, scores in zip(queries * 2, first * 2):
        again = index.scores(query)
        assert np.array_equal(again, scores)
        assert np.allclose(again, reference.get_scores(query), rtol=1e-9, atol=1e-9)
    assert index._weights.held <= max(held, max(np.diff(index._indptr)))


def test_a_term_is_weighed_once_for_many_questions(monkeypatch):
    """The per-sentence weights of a term are computed at its first question, then kept (speed at scale)."""
    import bot.search.bm25 as bm25

    weighed = []
    original = bm25.term_weight
    monkeypatch.setattr(bm25, "term_weight", lambda *a: weighed.append(a[1]) or original(*a))
    index = BM25Index(_corpus(seed=5))
    for _ in range(3):
        index.search(["w1", "w2", "w1"], 5)
        index.search(["w2", "w3"], 5)
    assert len(weighed) == 3


def test_search_returns_best_first_and_breaks_ties_by_position():
    index = BM25Index([["a"], ["b"], ["a"], ["a", "a", "c"]], BM25Params(variant="plus"))
    hits = index.search(["a"], k=3)
    # sentences 0 and 2 tie (one "a", short) and come in text order; 3 has two but is twice as long
    assert [i for i, _ in hits] == [0, 2, 3]
    assert hits[0][1] == hits[1][1] > hits[2][1]


def test_search_can_be_limited_to_some_sentences():
    index = BM25Index([["a"], ["a"], ["a"]])
    assert [i for i, _ in index.search(["a"], k=3, allowed=np.array([1, 2]))] == [1, 2]


def test_okapi_quirk_is_visible_and_plus_avoids_it():
    corpus = [["china", "x"], ["china", "y"], ["z"], ["w"]]
    okapi = BM25Index(corpus, BM25Params(variant="okapi"))
    plus = BM25Index(corpus, BM25Params(variant="plus"))
    # a word in half of the sentences gets idf 0 from Okapi: its sentences score like any other
    assert okapi.idf["china"] == 0.0 and plus.idf["china"] > 0
    assert okapi.scores(["china"])[0] == okapi.scores(["china"])[2] == 0.0
    assert plus.scores(["china"])[0] > plus.scores(["china"])[2]


def test_empty_corpus_answers_nothing():
    assert BM25Index([]).search(["a"], k=3) == []


# Ranking equality with rank-bm25 on generated corpora: the contract of the fast query path.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bot.search.corpus import decode_strings, encode_strings  # noqa: E402

TERMS = st.sampled_from([f"t{i}" for i in range(12)])
CORPORA = st.lists(st.lists(TERMS, max_size=8), min_size=1, max_size=40).filter(any)  # rank-bm25 needs a term
QUERIES = st.lists(st.one_of(TERMS, st.just("absent")), min_size=0, max_size=5)


def rank_bm25_of(params: BM25Params, corpus):
    """The rank-bm25 object with these parameters: the scoring definition."""
    if params.variant == "okapi":
        return BM25Okapi(corpus, k1=params.k1, b=params.b, epsilon=params.epsilon)
    if params.variant == "plus":
        return BM25Plus(corpus, k1=params.k1, b=params.b, delta=params.delta)
    return BM25L(corpus, k1=params.k1, b=params.b, delta=params.delta)


def reference_ranking(variant: str, corpus, query, k: int, allowed=None, params: BM25Params | None = None):
    """rank-bm25's scores sorted by (score descending, sentence id): the ranking we must reproduce."""
    params = params or BM25Params(variant=variant)
    scores = rank_bm25_of(params, corpus).get_scores(query)
    ids = np.arange(len(corpus)) if allowed is None else np.asarray(sorted(set(allowed)), dtype=np.int64)
    order = np.lexsort((ids, -scores[ids]))[:k]
    return [int(ids[i]) for i in order], scores


@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
@settings(max_examples=60, deadline=None)
@given(corpus=CORPORA, query=QUERIES, k=st.integers(1, 45), data=st.data())
def test_search_ranking_equals_rank_bm25(variant, corpus, query, k, data):
    index = BM25Index(corpus, BM25Params(variant=variant))
    allowed = data.draw(st.one_of(st.none(), st.lists(st.integers(0, len(corpus) - 1), max_size=len(corpus))))
    expected, reference_scores = reference_ranking(variant, corpus, query, k, allowed)
    hits = index.search(query, k, None if allowed is None else np.asarray(allowed, dtype=np.int64))
    assert [i for i, _ in hits] == expected
    assert np.allclose([s for _, s in hits], reference_scores[expected], rtol=1e-9, atol=0)
    assert np.allclose(index.scores(query), reference_scores, rtol=1e-9, atol=0)


@pytest.mark.slow  # six corpora of a few thousand sentences each
@pytest.mark.parametrize("variant", ["okapi", "plus"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_top10_equals_rank_bm25_on_larger_generated_corpora(variant, seed):
    corpus = _corpus(seed=seed, size=2000)
    params = BM25Params(variant=variant, k1=1.5 if variant == "okapi" else 1.2)
    index = BM25Index(corpus, params)
    rng = random.Random(seed)
    for _ in range(25):
        query = [f"w{rng.randint(0, 130)}" for _ in range(rng.randint(1, 6))]
        expected, _ = reference_ranking(variant, corpus, query, 10, params=params)
        assert [i for i, _ in index.search(query, 10)] == expected


def test_okapi_negative_idf_candidates_rank_below_sentences_without_the_terms():
    corpus = [["a", "b"], ["a", "b"], ["a"], []]
    index = BM25Index(corpus, BM25Params(variant="okapi"))
    assert index.idf["a"] < 0  # every term is frequent, so the ε floor itself is negative
    expected, _ = reference_ranking("okapi", corpus, ["a", "c"], 4)
    assert [i for i, _ in index.search(["a", "c"], 4)] == expected
    assert expected[0] == 3


def test_plus_fills_the_top_k_with_sentences_that_lack_every_term():
    corpus = [["x"], ["y"], ["rare"], ["z"]]
    hits = BM25Index(corpus).search(["rare"], 3)
    assert [i for i, _ in hits] == [2, 0, 1]
    assert hits[1][1] == hits[2][1] > 0  # Plus gives idf·δ even to sentences without the term


def test_corpus_without_terms_answers_by_position():
    assert BM25Index([[], []]).search(["a"], 3) == [(0, 0.0), (1, 0.0)]


def test_encoded_corpus_is_a_sequence_of_term_lists_and_round_trips():
    corpus = [["b", "a", "b"], [], ["c"]]
    encoded = EncodedCorpus.encode(corpus)
    assert list(encoded) == corpus and encoded.terms == ["b", "a", "c"] and len(encoded) == 3
    assert encoded[-1] == ["c"] and encoded[0:2] == corpus[0:2]
    again = EncodedCorpus.from_arrays(encoded.arrays())
    assert list(again) == corpus


def test_index_round_trips_through_arrays():
    corpus = _corpus(size=100)
    index = BM25Index(corpus)
    encoded = EncodedCorpus.encode(corpus)
    loaded = BM25Index.from_arrays(index.arrays(), index.params, encoded.terms)
    for query in (["w1", "w7"], ["w3", "w3"], ["absent"]):
        assert loaded.search(query, 5) == index.search(query, 5)


def test_inconsistent_arrays_are_refused():
    index = BM25Index(_corpus(size=50))
    arrays = dict(index.arrays())
    arrays["doc_ids"] = arrays["doc_ids"][:-1]
    with pytest.raises(ValueError):
        BM25Index.from_arrays(arrays, index.params, EncodedCorpus.encode(_corpus(size=50)).terms)


@pytest.mark.parametrize("strings", [[], [""], ["a", "", "ё-ж"], ["x"]])
def test_strings_round_trip(strings):
    assert decode_strings(encode_strings(strings)) == strings


def _same_corpus(a: EncodedCorpus, b: EncodedCorpus) -> bool:
    return a.terms == b.terms and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.tokens, b.tokens)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mapping_terms_equals_encoding_the_mapped_lists(seed):
    corpus = _corpus(seed)
    cut = {f"w{i}": (None if i % 7 == 0 else f"p{i // 3}") for i in range(120)}
    mapped = EncodedCorpus.encode(corpus).map_terms(cut.get)
    expected = EncodedCorpus.encode([[cut[t] for t in sentence if cut[t] is not None] for sentence in corpus])
    assert _same_corpus(mapped, expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_joining_slices_equals_encoding_their_lists(seed):
    first, second = _corpus(seed, 120), _corpus(seed + 10, 80)
    a, b = EncodedCorpus.encode(first), EncodedCorpus.encode(second)
    parts = [(b, 10, 30), (a, 0, 50), (a, 50, 50), (b, 0, 10), (a, 70, 120)]
    expected = EncodedCorpus.encode(second[10:30] + first[0:50] + second[0:10] + first[70:120])
    assert _same_corpus(EncodedCorpus.join(parts), expected)
    assert _same_corpus(EncodedCorpus.join([]), EncodedCorpus.encode([]))


def test_taking_sentences_equals_encoding_their_lists():
    corpus = _corpus(4, 60)
    ids = [5, 0, 5, 59, 17, 3, 3]
    assert _same_corpus(EncodedCorpus.encode(corpus).take(ids), EncodedCorpus.encode([corpus[i] for i in ids]))
    assert _same_corpus(EncodedCorpus.encode(corpus).take([]), EncodedCorpus.encode([]))
