"""The analysis stage: the same Russian terms for sentences and questions."""

import pytest

from bot.analysis import normalize, tokenize


def test_case_and_yo_are_folded():
    assert normalize("Ёлка ЁЖ") == "елка еж"


def test_morphology_maps_forms_to_one_lemma(analyzer):
    assert analyzer.terms("товарооборота") == analyzer.terms("товарооборот")
    assert analyzer.terms("Казахстаном") == analyzer.terms("Казахстан")


@pytest.mark.parametrize("a, b", [("36,86", "36.86"), ("62.3", "62,3")])
def test_decimal_comma_and_point_are_one_number(analyzer, a, b):
    assert analyzer.terms(a) == analyzer.terms(b)


def test_percent_sign_matches_the_word(analyzer):
    assert set(analyzer.terms("62,3 процента")) == set(analyzer.terms("62.3%"))


def test_abbreviation_reads_as_word(analyzer):
    assert "миллиард" in analyzer.terms("36,86 млрд долларов")
    assert "миллиард" in analyzer.terms("миллиардов")


def test_hyphenated_words_count_whole_and_by_parts(analyzer):
    terms = analyzer.terms("Касым-Жомарт китайско-казахстанских")
    assert "китайско-казахстанский" in terms
    assert "казахстанский" in terms
    assert "жомарт" in terms


def test_latin_words_are_kept(analyzer):
    assert analyzer.terms("Newsky Award") == ["newsky", "award"]


def test_function_words_dropped_content_words_kept(analyzer):
    terms = analyzer.terms("Кто и когда в первый раз за это время посетил Китай в этом году?")
    assert "кто" not in terms and "в" not in terms and "это" not in terms
    for content in ("первый", "время", "год", "посетить", "китай"):
        assert content in terms


def test_tokens_keep_spans():
    text = "рост 62.3% в «Алматы»"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_matched_spans_point_at_words(analyzer):
    text = "Объем товарооборота достиг 36,86 млрд."
    spans = analyzer.matched_spans(text, {"товарооборот", "36.86"})
    assert [text[s:e] for s, e in spans] == ["товарооборота", "36,86"]
