"""The analysis stage: the same Russian terms for sentences and questions."""

import pytest

from bot.text.analysis import normalize, tokenize
from bot.text.highlighting import Highlighter
from bot.text.speller import Speller


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
    spans = Highlighter(analyzer).matched_spans(text, {"товарооборот", "36.86"})
    assert [text[s:e] for s, e in spans] == ["товарооборота", "36,86"]


def test_common_words_are_searched_but_marked_common(analyzer):
    for word in ("год", "человек", "время", "первый"):
        assert word in analyzer.common_words and word not in analyzer.stopwords
    assert "китай" not in analyzer.common_words


def _speller(analyzer, text: str) -> Speller:
    words = {t.norm for t in tokenize(text) if t.kind == "word"}
    return Speller(analyzer, words, set(analyzer.terms(text)))


def test_a_misspelt_word_is_read_as_the_texts_word(analyzer):
    speller = _speller(analyzer, "Объем товарооборота достиг 36,86 млрд долларов.")
    assert speller.correct("тоарооборот") == "товарооборота"
    assert speller.correct("сколко") == "сколько"  # a function word: read, then dropped like it
    assert analyzer.word_terms(speller.correct("сколко")) == ()


def test_known_words_and_unclear_matches_are_left_alone(analyzer):
    speller = _speller(analyzer, "Объем товарооборота достиг 36,86 млрд долларов. Кошка и мошка живут в доме.")
    assert speller.correct("столица") is None  # a real word the text does not use
    assert speller.correct("товарооборота") is None  # the text's own word
    assert speller.correct("биткоин") is None  # nothing close
    assert speller.correct("кошкка") == "кошка"
    assert speller.correct("ошка") is None  # as close to "кошка" as to "мошка": no clear reading


def test_letters_pymorphy_cannot_parse_do_not_crash(analyzer):
    assert "товарооборот" in analyzer.terms("𗀀к 𗀀 товарооборот")


def test_kazakh_letters_and_latin_lookalikes_inside_a_cyrillic_word_are_read_as_russian_letters():
    assert normalize("Тоқаев") == "токаев" and normalize("Қазақстан") == "казакстан"
    assert normalize("каcым") == "касым"  # a Latin «c»
    assert normalize("стандартаDVB") == "стандартаdvb"  # no lookalikes: a missing space, left as it is
    assert normalize("Newsky Award") == "newsky award"
