"""The ranker's per-sentence evidence: answer cues other than what the question asks, references by repetition."""

import numpy as np
import pytest

from bot.search.corpus import EncodedCorpus
from bot.search.evidence import Cues, Evidence, opening_subjects, sentence_evidence
from bot.text.analysis import tokenize


def _evidence(*numbers: set[str]) -> Evidence:
    return Evidence.from_rows((False, Cues(numbers=frozenset(n)), frozenset()) for n in numbers)


def test_a_year_is_no_quantity_when_years_are_left_out():
    evidence = _evidence({"1912"}, {"1912", "3"}, {"40"}, set())
    ids = np.arange(4)
    assert evidence.other_than("numbers", set(), ids).tolist() == [True, True, True, False]
    assert evidence.other_than("numbers", set(), ids, years=False).tolist() == [False, True, True, False]
    # A number the question holds is no answer either, with or without the years.
    assert evidence.other_than("numbers", {"3"}, ids, years=False).tolist() == [False, False, True, False]
    assert evidence.other_than("numbers", {"1912", "40"}, ids).tolist() == [False, True, False, False]


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("Построили 2 ТЭЦ и 3-х этажный дом.", {"2", "3"}),
        ("На 62.3% больше, 36,86 млрд и 10-летие.", {"62.3", "36.86", "10"}),
        # a label names, an ordinal orders: neither answers "сколько"
        ("Реконструкция ТЭЦ № 2 и ТЭЦ-3.", set()),
        ("Он выступил на 3-м форуме и в 1-й раз, в 90-е годы.", set()),
        ("Вирус COVID-19 и самолёт Ту-154.", set()),
    ],
)
def test_numbers_that_count_not_labels_or_ordinals(analyzer, text, numbers):
    _, cues, _ = sentence_evidence(analyzer, tokenize(text), text)
    assert cues.numbers == numbers


@pytest.mark.parametrize(
    "text, subjects",
    [
        ("Район расположен к западу от шоссе.", {"район"}),
        ("Эта схема не была графиком данных.", {"схема"}),
        ("Новая династия происходила из провинции Фуцзянь.", {"династия"}),
        # Names, places and abbreviations start a topic; other cases than the nominative are no subject.
        ("Пейтон Мэннинг стал первым квотербеком.", set()),
        ("Москва приняла гостей.", set()),
        ("В 2000 году он получил награду.", set()),
        ("Схему нарисовали позже.", set()),
        # Only the first three words count.
        ("Позже в том же году район вырос.", set()),
    ],
)
def test_the_subject_a_sentence_opens_with(analyzer, text, subjects):
    assert opening_subjects(analyzer, text) == subjects


def _repeated(analyzer, texts: list[str]) -> list[bool]:
    rows = [sentence_evidence(analyzer, tokenize(t)) for t in texts]
    terms = EncodedCorpus.encode(analyzer.terms(t) for t in texts)
    return Evidence.from_rows(rows).with_repeated_subjects(terms).references.tolist()


def test_a_subject_repeating_a_word_of_the_sentence_before_refers_back_to_it(analyzer):
    texts = [
        "Район Фресно «Вест-Сайд» — один из старейших в городе.",
        "Район расположен к западу от шоссе.",  # repeats «район»: refers back
        "Парк открыли в 1950 году.",  # no subject in the nominative first
        "Библиотека стоит у реки.",  # a subject the sentence before does not name
        "Он построен позже.",  # a pronoun refers back as before
    ]
    assert _repeated(analyzer, texts) == [False, True, False, False, True]
    # The first sentence has nothing before it, whatever its subject.
    assert _repeated(analyzer, texts[1:2]) == [False]
