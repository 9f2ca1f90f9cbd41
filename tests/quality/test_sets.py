"""The question sets of `make eval`, the plain rank-bm25 reference row and the table."""

from bot.text.parsing import parse_document
from quality.curve import Point, curve, format_curve
from quality.sets import (
    PlainBM25,
    plain_tokens,
    seed_dev_set,
    seed_meaning_dev_set,
    seed_meaning_heldout_set,
    without_answers,
    xquad_cross_set,
    xquad_dev_set,
    xquad_removed_set,
)
from quality.table import evaluate_set, format_table


def test_plain_bm25_ranks_sentences_by_lowercase_words():
    document = parse_document("Заголовок\n\nКошки спят днём. Собаки лают ночью. Совы летают ночью и спят днём.")
    assert plain_tokens("Собаки, лают!") == ["собаки", "лают"]
    reference = PlainBM25(document)
    assert [p.text for p in reference.ask("собаки лают", top_k=2).passages] == [
        "Собаки лают ночью.",
        "Кошки спят днём.",
    ]
    # No morphology: an inflected form matches nothing, and the reference never abstains.
    answer = reference.ask("собакам")
    assert answer.found and {p.score for p in answer.passages} == {0.0}


def test_table_has_a_row_per_set_and_system():
    question_set = seed_dev_set()
    row = evaluate_set(question_set, "plain rank-bm25", PlainBM25)
    table = format_table([row])
    assert "| seed-dev | plain rank-bm25 |" in table
    assert row.report.answerable == 19 and row.report.unanswerable == 2
    assert len(row.report.seconds) == 21


def test_xquad_dev_set_is_complete():
    question_set = xquad_dev_set()
    assert len(question_set.questions) == 612
    assert len(question_set.documents) == 24
    assert sum(len(qs) for _, qs in question_set.by_document()) == 612


def test_the_cross_article_set_asks_every_question_of_the_next_article():
    own, cross = xquad_dev_set(), xquad_cross_set()
    names = list(own.documents)
    assert len(cross.questions) == 612 and all(not q.gold for q in cross.questions)
    moved = {(a.doc, b.doc) for a, b in zip(own.questions, cross.questions)}
    assert moved == {(name, names[(i + 1) % len(names)]) for i, name in enumerate(names)}


def test_without_answers_drops_every_sentence_holding_an_answer_and_nothing_else():
    document = parse_document(
        "Заголовок\n\nКошки спят днём. Собаки лают ночью.\n\nСовы летают ночью. Собаки спят днём.", "d"
    )
    left = without_answers(document, ("лают", "Собаки спят"), "d#1")
    assert [s.text for s in left.sentences] == ["Кошки спят днём.", "Совы летают ночью."]
    assert left.doc_id == "d#1"
    assert [s.text for s in without_answers(document, ("", "нет такого"), "d").sentences] == [
        s.text for s in document.sentences
    ]


def test_the_answer_removed_set_asks_every_question_of_its_article_without_the_answer():
    own, removed = xquad_dev_set(), xquad_removed_set()
    assert len(removed.questions) == len(removed.documents) == 612
    assert all(not q.gold for q in removed.questions)
    for asked, question in zip(own.questions, removed.questions):
        article, left = own.documents[asked.doc], removed.documents[question.doc]
        assert question.question == asked.question and question.doc.startswith(f"{asked.doc}#")
        assert not any(g in s.text for s in left.sentences for g in asked.gold)
        kept = {s.text for s in article.sentences}
        assert 0 < len(article.sentences) - len(left.sentences) and {s.text for s in left.sentences} <= kept


def test_the_meaning_sets_are_the_teams_files():
    dev, held_out = seed_meaning_dev_set(), seed_meaning_heldout_set()
    assert len(dev.questions) == 31 and len(held_out.questions) == 74
    assert sum(1 for q in held_out.questions if not q.gold) == 36


def test_the_curve_answers_fewer_questions_as_the_threshold_rises():
    own = [Point(c, True, 1 if c > 0.3 else 2, True) for c in (0.1, 0.2, 0.5, 0.9)]
    other = [Point(c, True, None, False) for c in (0.05, 0.3)]
    rows = curve(own, other, thresholds=(0.0, 0.3, 0.6))
    assert [r.answered for r in rows] == [1.0, 0.5, 0.25]
    assert [r.false_answers for r in rows] == [1.0, 0.5, 0.0]
    assert rows[1].accuracy == 1.0 and rows[0].hit1 == 0.5
    assert "| 0.3000 |" in format_curve(rows) and format_curve(rows).endswith("| — |")
    removed = [Point(c, c > 0.1, None, False) for c in (0.05, 0.3, 0.7, 0.8)]
    rows = curve(own, other, thresholds=(0.0, 0.3, 0.6), removed=removed)
    assert [r.removed_answers for r in rows] == [0.75, 0.75, 0.5]
    assert format_curve(rows).endswith("| 0.500 |")
