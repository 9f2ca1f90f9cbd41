"""Measuring quality: hit ranks, reports, the plain rank-bm25 reference and the `make eval` table."""

from bot.qa.answer import Answer, Passage
from bot.qa.engine import Engine
from bot.text.parsing import parse_document
from bot.qa.evaluation import Question, Report, hit_rank, load_questions
from quality.sets import PlainBM25, plain_tokens, seed_dev_set, xquad_dev_set
from quality.table import evaluate_set, format_table


def _answer(*texts: str, found: bool = True) -> Answer:
    passages = tuple(Passage(t, "d", "T", 1, "T", i + 1, 1.0 - i / 10) for i, t in enumerate(texts))
    return Answer("q", found, passages if found else ())


def test_hit_rank_is_the_first_passage_with_a_gold_string():
    answer = _answer("нет", "ответ 42 здесь", "42 снова")
    assert hit_rank(("42",), answer) == 2
    assert hit_rank(("43",), answer) is None
    assert hit_rank(("42",), _answer(found=False)) is None


def test_report_counts_hits_abstentions_and_false_abstentions():
    report = Report()
    report.add(Question("1", "q", ("a",)), _answer("a"))
    report.add(Question("2", "q", ("a",)), _answer("b", "c", "a"))
    report.add(Question("3", "q", ("a",)), _answer(found=False))
    report.add(Question("4", "q", ()), _answer(found=False))
    report.add(Question("5", "q", ()), _answer("x"))
    assert (report.hit1, report.hit3, report.answerable) == (1, 2, 3)
    assert abs(report.mrr - (1 + 1 / 3) / 3) < 1e-9
    assert (report.abstained, report.unanswerable, report.false_abstentions) == (1, 2, 1)
    assert report.quote_length == 1.0


def test_xquad_questions_name_their_article(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "x", "doc": "a.txt", "question": "Кто?", "answers": ["Он"]}\n', encoding="utf-8")
    assert load_questions(path) == [Question("x", "Кто?", ("Он",), "", "a.txt")]


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


def test_xquad_dev_quality_floor(analyzer):
    """The engine on XQuAD-ru dev stays above a floor and well above plain rank-bm25 (about a second)."""
    question_set = xquad_dev_set()
    engine = evaluate_set(question_set, "engine", lambda document: Engine([document], analyzer)).report
    plain = evaluate_set(question_set, "plain rank-bm25", PlainBM25).report
    assert engine.hit1_rate >= 0.78 and engine.hit3_rate >= 0.93
    assert engine.hit1_rate >= plain.hit1_rate + 0.15
    assert engine.false_abstentions <= 8
