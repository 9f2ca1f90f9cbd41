"""Matching by meaning on the search side: which terms may be matched, the saved table, related terms."""

import numpy as np
import pytest

from bot.search.meaning import DERIVED, FLOOR, FULL, MeaningTable, is_content, weight


def test_only_content_words_are_matched_by_meaning(analyzer):
    assert is_content(analyzer, "соглашение") and is_content(analyzer, "посетить") and is_content(analyzer, "тесный")
    for term in ("китай", "алматы", "январь", "2023", "~токаев", "год", "человек", "этот", "между"):
        assert not is_content(analyzer, term), term


def test_weight_rises_from_the_floor_to_full():
    assert weight(FLOOR) == 0 and weight(FULL) == 1 and weight(0.9) == 1
    assert 0 < weight((FLOOR + FULL) / 2) < 1


def test_the_table_round_trips_and_is_checked(engine):
    table = engine.meaning.table
    again = MeaningTable.from_arrays(table.arrays(), len(engine.index.terms))
    assert np.array_equal(again.codes, table.codes) and np.array_equal(again.zipf, table.zipf)
    with pytest.raises(ValueError):
        MeaningTable.from_arrays(table.arrays(), len(engine.index.terms) + 1)
    content = set(engine.meaning.content_terms)
    assert "соглашение" in content and "китай" not in content and "токай" not in content


def test_a_word_the_text_lacks_is_read_as_its_closest_words(engine):
    related = engine.meaning.related("журналист", "журналисты")
    assert related.terms[0][0] == "блогер"  # GloVe-style vectors: association, not synonymy
    rows = {term: j for j, term in enumerate(engine.meaning.content_terms)}
    assert related.similarity[rows["сми"]] > 0.5  # the typed plural is closer to СМИ than the lemma
    assert engine.meaning.related("журналист").similarity[rows["сми"]] < 0.4
    assert engine.meaning.related("договор", "договор").terms[0][0] == "соглашение"
    assert engine.meaning.related("китай", "китай") is None  # a place: never matched by meaning


def test_a_derivation_with_a_prefix_is_related(engine):
    """граница ↔ приграничный, трансграничный: the vectors score them 0.15; the stem after a prefix relates them."""
    related = dict(engine.meaning.related("граница", "границе").terms)
    assert set(related) == {"приграничный", "трансграничный"}
    assert engine.meaning.related("учеба", "учеба").terms == ()  # учёба ↔ обучение stays out of reach
    texts = " ".join(p.text for p in engine.ask("торговля на границе").passages)
    assert "трансграничной" in texts and "приграничными" in texts


def test_a_derivation_reaches_a_text_word_the_vectors_lack(engine):
    """постпандемийный is not among navec's words, so it has no vector; the stem after a prefix still reaches it,
    and the table saves it."""
    assert engine.analyzer.vectors.find("постпандемийный") is None
    assert dict(engine.meaning.related("пандемия", "пандемия").terms) == {"постпандемийный": pytest.approx(DERIVED)}
    table = engine.meaning.table
    again = MeaningTable.from_arrays(table.arrays(), len(engine.index.terms))
    assert np.array_equal(again.bare, table.bare) and table.bare.size > 0
    answer = engine.ask("Как пандемия изменила отношения?")
    assert "постпандемийного" in answer.passages[0].text


def test_a_short_noun_is_related_to_its_root_after_a_privative_prefix(engine):
    """виза ↔ безвизовый: navec scores them 0.26, and «виза» is too short for the five-letter stem; its root
    «виз» right after «без-» relates them, and the derivation stands in for the word when deciding to abstain."""
    assert dict(engine.meaning.related("виза", "визы").terms) == {"безвизовый": pytest.approx(DERIVED)}
    assert engine.meaning.related("роль", "роль").terms == ()  # no «безрол…» in the text: nothing derived
    answer = engine.ask("визы")
    assert answer.found and "безвизовом" in answer.passages[0].text
