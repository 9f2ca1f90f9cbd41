"""The question sets of `make eval`, the plain rank-bm25 reference row and the table."""

from bot.text.parsing import parse_document
from quality.sets import PlainBM25, plain_tokens, seed_dev_set, xquad_dev_set
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
