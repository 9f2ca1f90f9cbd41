"""Quality floors on every question set: a change that makes answers worse fails here, not only in `make eval`.

The figures are those of `make eval` (docs/quality.md); the floors sit just under them.
"""

import pytest

from bot.qa.engine import Engine
from bot.qa.evaluation import evaluate
from quality.sets import (
    PlainBM25,
    seed_dev_set,
    seed_heldout_set,
    seed_meaning_dev_set,
    seed_numbers_dev_set,
    seed_numbers_heldout_set,
    seed_years_dev_set,
    seed_meaning_heldout_set,
    xquad_cross_set,
    xquad_dev_set,
    xquad_removed_set,
)
from quality.table import evaluate_set


def _report(question_set, analyzer):
    return evaluate_set(question_set, "engine", lambda document: Engine([document], analyzer)).report


def test_seed_dev_is_answered_right_and_its_out_of_scope_questions_declined(engine):
    [(_, questions)] = seed_dev_set().by_document()
    report = evaluate(engine, questions)
    assert report.hit1_rate == 1.0
    assert report.abstained == report.unanswerable == 2
    assert report.false_abstentions == 0


def test_the_teams_held_out_set_keeps_its_figures(analyzer):
    """Never tuned on: 20 answerable questions (paraphrases, typos, metadata) and 20 out of scope."""
    report = _report(seed_heldout_set(), analyzer)
    assert report.answerable == report.unanswerable == 20
    # seventh round (docs/quality.md): the "no quote answers in kind" rule declines three more of its out-of-scope
    # questions (7 -> 10) and one answerable one (0 -> 1): the floors record that, never tuned on it
    assert report.hit1_rate >= 0.90 and report.hit3_rate >= 0.95
    assert report.false_abstentions <= 1
    assert report.abstained >= 10


@pytest.mark.slow
def test_xquad_dev_quality_floor(analyzer):
    """The engine on XQuAD-ru dev stays above a floor and well above plain rank-bm25 (about a second)."""
    question_set = xquad_dev_set()
    engine = _report(question_set, analyzer)
    plain = evaluate_set(question_set, "plain rank-bm25", PlainBM25).report
    assert engine.hit1_rate >= 0.80 and engine.hit3_rate >= 0.95  # the targets of issue #10
    assert engine.hit1_rate >= plain.hit1_rate + 0.15
    assert engine.false_abstentions <= 6


@pytest.mark.slow
def test_questions_of_another_article_are_declined(analyzer):
    """XQuAD-ru dev, each article's questions asked of the next one: the confidence declines most of them."""
    report = _report(xquad_cross_set(), analyzer)
    assert report.unanswerable == 612
    assert report.unanswerable - report.abstained <= 45  # 7.4 % (the target: 10 %; 57 before the name rule)


@pytest.mark.slow
def test_questions_whose_answer_was_taken_out_are_declined_as_often_as_before(analyzer):
    """XQuAD-ru dev asked of its own article without the answer's sentences: the topic's words are there, the
    answer is not. A hard case for a word matcher: today 151 of 612 are declined (118 before the eighth round's
    name rule; docs/quality.md)."""
    report = _report(xquad_removed_set(), analyzer)
    assert report.unanswerable == 612
    assert report.abstained >= 148


def test_questions_in_other_words_keep_their_figures(analyzer):
    """The team's meaning sets: dev (tuned on; words alone give Hit@1 0.31) and held-out (never tuned on; words
    alone give 0.45, Hit@3 0.61)."""
    dev = _report(seed_meaning_dev_set(), analyzer)
    held_out = _report(seed_meaning_heldout_set(), analyzer)
    assert dev.hit1_rate >= 0.43 and dev.false_abstentions <= 2 and dev.abstained >= 10
    assert dev.hit3_rate >= 0.68  # 0.625 before derivations reached the words navec lacks (постпандемийный)
    # eighth round (docs/quality.md): the name rule declines one more of the held-out set's out-of-scope questions
    # (9 -> 10) and one answerable one (8 -> 9; Hit@1 0.447 -> 0.421): recorded here, never tuned on
    # relative years (docs/quality.md, tenth round): 0.421 -> 0.395 Hit@1, 0.605 -> 0.579 Hit@3, recorded, not tuned on
    # eleventh round: a derivation counted as the word in the common-words rule: 0.395 -> 0.421, 0.579 -> 0.605, 9 -> 8
    # answerable declined (recorded after the change, not tuned on)
    assert held_out.hit1_rate >= 0.42 and held_out.hit3_rate >= 0.60 and held_out.false_abstentions <= 8
    assert held_out.abstained >= 10


def test_questions_naming_years_keep_their_figures(analyzer):
    """The team's years dev set: words alone (no reading of «в прошлом году» as 2023) give Hit@1 0.75 with 2 of 12
    answerable questions declined."""
    report = _report(seed_years_dev_set(), analyzer)
    assert report.hit1_rate >= 0.99 and report.false_abstentions == 0 and report.abstained >= 1


def test_questions_giving_numbers_in_words_rounded_or_names_spelt_otherwise_keep_their_figures(analyzer):
    """The team's numbers dev set: without reading numbers in words and rounded, «шестьдесят два процента» and
    «две тысячи двадцать третий год» were declined (Hit@1 0.762, 4 of 21 answerable declined)."""
    report = _report(seed_numbers_dev_set(), analyzer)
    assert report.answerable == 21
    assert report.hit1_rate >= 0.95 and report.false_abstentions == 0 and report.abstained >= 3


def test_the_numbers_held_out_set_keeps_its_figures(analyzer):
    """Written blind to the code by a helper session after the mechanism was built, never tuned on: 18 answerable
    questions (numbers in words, rounded, names spelt otherwise) and 6 out of scope. Words alone gave Hit@1 0.722
    with 5 of 18 declined; with the reading, 0.833 with 3; with pinyin names read (twelfth round), 0.889 with 2
    (recorded, docs/quality.md)."""
    report = _report(seed_numbers_heldout_set(), analyzer)
    assert report.answerable == 18 and report.unanswerable == 6
    assert report.hit1_rate >= 0.88 and report.false_abstentions <= 2 and report.abstained >= 2
