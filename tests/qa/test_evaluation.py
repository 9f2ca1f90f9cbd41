"""Measuring quality: hit ranks, reports and question files (what `python -m bot eval FILE` prints)."""

from bot.qa.answer import Answer, Passage
from bot.qa.evaluation import Question, Report, hit_rank, load_questions


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
