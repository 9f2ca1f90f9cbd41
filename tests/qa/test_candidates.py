"""Scoring only the sentences a question can quote gives exactly the answers of scoring every sentence.

`ReferenceEngine` keeps the straightforward definitions: every sentence scored by `Ranker.scores`,
sorted by (score, position), each quote checked against the terms of its sentences; `matches`
and `together` test every sentence of the document. The engine must agree with it answer for
answer, scores included, on several documents at once (so that documents and neighbours mix).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from bot.qa.abstention import Abstention
from bot.qa.engine import Engine
from bot.qa.quotes import QuoteChooser
from bot.search.ids import contains
from bot.search.prefix import prefix_terms
from bot.text.parsing import load_document, load_documents
from tests.paths import DATA

pytestmark = pytest.mark.slow  # seven documents, every question three ways
DOCS = sorted((DATA / "xquad-ru-dev" / "docs").glob("*.txt"))[:6]
EXTRA_QUESTIONS = (
    "Сколко процентов составил тоарооборот?",
    "Когда это случилось?",
    "Кто он такой?",
    "Где это находится?",
    "В каком году был основан университет?",
    "Сколько человек живёт в городе?",
    "Кто президент США?",
    "Какой процент населения?",
)


class ReferenceQuotes(QuoteChooser):
    """Quotes chosen by scoring every sentence and checking each quote term by term (the definition)."""

    def __init__(self, engine):
        super().__init__(engine.ranker)
        self.engine = engine

    def best(self, terms, question, top_k, window, related=()):
        scores = self.ranker.scores(list(terms), question, None, related)
        candidates = np.arange(*window)
        if top_k <= 0 or candidates.size == 0:
            return []
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        wanted = set(terms) | set(prefix_terms(terms)) | {term for term, _ in related}
        used, quotes = set(), []
        for sentence_id in order:
            ids = tuple(i for i in self.ranker.quote(int(sentence_id)) if i not in used)
            if not ids or not any(wanted.intersection(matchable(self.engine, i)) for i in ids):
                continue
            used.update(ids)
            quotes.append((ids, float(scores[sentence_id])))
            if len(quotes) == top_k:
                break
        return quotes


class ReferenceAbstention(Abstention):
    """`together` by testing every quote of the document, term by term."""

    def __init__(self, engine):
        super().__init__(
            engine.library,
            engine.index,
            engine.ranker,
            engine.analyzer.common_words,
            engine.sentence_terms,
            engine.meaning.zipf,
        )
        self.engine = engine

    def together(self, terms, sentence_id, holding=None):
        start, end = self.library.ref_of(sentence_id).window
        for first in range(start, end):
            quote = self.ranker.quote(first)
            if all(any(matches(self.engine, t, i) for i in quote) for t in terms):
                return True
        return False


def matchable(engine, sentence_id: int) -> frozenset[str]:
    """Everything a question term may match in a sentence: its terms and their first letters."""
    terms = engine.sentence_terms[sentence_id]
    return frozenset(terms) | frozenset(prefix_terms(terms))


def matches(engine, term, sentence_id):
    """True when the sentence holds the term, whole or by its first letters."""
    found = matchable(engine, sentence_id)
    return term in found or prefix_terms([term])[0] in found


def ReferenceEngine(documents, analyzer):
    """The engine with the reference quote chooser and abstention in place of the fast ones."""
    engine = Engine(documents, analyzer)
    engine.quotes = ReferenceQuotes(engine)
    engine.abstention = ReferenceAbstention(engine)
    return engine


@pytest.fixture(scope="module")
def documents(seed_doc):
    return [*load_documents(DATA / "xquad-ru-dev" / "docs")[:6], seed_doc]


@pytest.fixture(scope="module")
def engines(documents, analyzer):
    return Engine(documents, analyzer), ReferenceEngine(documents, analyzer)


def _questions(documents) -> list[str]:
    ids = {d.doc_id for d in documents}
    lines = (DATA / "xquad-ru-dev" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    xquad = [q["question"] for q in map(json.loads, filter(None, lines)) if Path(q["doc"]).stem in ids]
    seed = [json.loads(line)["question"] for line in (DATA / "seed-dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return xquad[::2] + seed + list(EXTRA_QUESTIONS)


def test_documents_are_the_expected_ones(documents):
    assert len(documents) == 7 and len(DOCS) == 6
    assert documents[-1].sentences and all(d.sentences for d in documents)


def test_answers_equal_the_full_computation(engines, documents):
    engine, reference = engines
    questions = _questions(documents)
    assert len(questions) > 80
    for question in questions:
        for top_k in (1, 3, 10):
            assert engine.ask(question, top_k) == reference.ask(question, top_k), question
    for doc in (documents[0].doc_id, documents[3].doc_id, documents[-1].doc_id):
        for question in questions[::3]:
            assert engine.ask(question, doc_id=doc) == reference.ask(question, doc_id=doc), (question, doc)


def test_quotes_and_exact_scores_equal_the_full_computation(engines, documents):
    engine, reference = engines
    everything = (0, len(engine.sentences))
    for question in _questions(documents):
        terms, corrections = engine.query_terms(question)
        assert engine.quotes.best(terms, question, 10, everything) == reference.quotes.best(terms, question, 10, everything)


def test_scores_of_some_sentences_are_those_of_the_full_computation(engines, documents):
    ranker = engines[0].ranker
    rng = np.random.default_rng(5)
    for question in _questions(documents)[:40]:
        terms = list(engines[0].query_terms(question)[0])
        ids = np.sort(rng.choice(ranker.size, 50, replace=False))
        assert np.array_equal(ranker.scores(terms, question, ids), ranker.scores(terms, question)[ids])
        assert np.array_equal(ranker.scores(terms, question, np.arange(ranker.size)), ranker.scores(terms, question))


def _term_pairs(engine) -> list[tuple[str, str]]:
    """Pairs of key terms: one from a sentence and one from the sentence that refers back to it, and some at random."""
    pairs = []
    for i in np.flatnonzero(engine.ranker.refers_back).tolist():
        before = [t for t in engine.sentence_terms[i - 1] if not t.startswith("~")]
        after = [t for t in engine.sentence_terms[i] if not t.startswith("~")]
        only_before = [t for t in before if t not in after]
        only_after = [t for t in after if t not in before]
        if only_before and only_after:
            pairs.append((only_before[-1], only_after[-1]))
    rng = np.random.default_rng(3)
    vocabulary = sorted({t for terms in engine.sentence_terms for t in terms if not t.startswith("~")})
    pairs += [tuple(rng.choice(vocabulary, 2, replace=False).tolist()) for _ in range(20)]
    return pairs


def test_together_and_sentences_with_agree_with_the_sentence_by_sentence_definition(engines):
    engine, reference = engines
    pairs = _term_pairs(engine)
    assert len(pairs) > 30
    together = 0
    for sentence_id in range(0, len(engine.sentences), 13):
        for pair in pairs:
            expected = reference.abstention.together(list(pair), sentence_id)
            together += expected
            assert engine.abstention.together(list(pair), sentence_id) == expected, (pair, sentence_id)
            for term in pair:
                assert contains(engine.ranker.sentences_with(term), sentence_id) == matches(engine, term, sentence_id)
    assert together > 0


def test_a_single_text_engine_agrees_too(analyzer):
    document = load_document(DOCS[1])
    engine, reference = Engine([document], analyzer), ReferenceEngine([document], analyzer)
    for question in _questions([document]):
        assert engine.ask(question) == reference.ask(question), question
