"""Names read from capital letters and pymorphy3's tags, compared in any inflection."""

import pytest

from bot.text.names import name_spans, spelling_key, word_keys


def spans(text, analyzer):
    return [(n.text, n.person, n.place) for n in name_spans(text, analyzer)]


def test_a_name_is_a_run_of_capitalised_words_and_a_title_before_it_is_not_part_of_it(analyzer):
    text = "В прошлом году Президент Касым-Жомарт Токаев дважды посетил с визитом Китай."
    assert spans(text, analyzer) == [("Касым-Жомарт Токаев", True, False), ("Китай", False, True)]


def test_the_first_word_of_a_sentence_is_a_name_only_when_the_dictionary_says_so(analyzer):
    assert spans("Председатель Си Цзиньпин прибыл. Консорциум выиграл тендер.", analyzer) == [
        ("Си Цзиньпин", True, False)
    ]
    assert spans("Китай и Казахстан поддерживают друг друга.", analyzer)[0][0] == "Китай"


def test_names_side_by_side_are_told_apart(analyzer):
    assert [n.text for n in name_spans("Генеральный консул КНР в Алматы Цзян Вэй", analyzer)] == [
        "КНР", "Алматы", "Цзян Вэй",
    ]
    assert "Ма Синжуя" in [n.text for n in name_spans("секретаря парткома района КНР Ма Синжуя", analyzer)]


def test_latin_names_and_abbreviations(analyzer):
    found = [n.text for n in name_spans('завоевал премию "Newsky Award" 2023 и ТЭЦ № 2', analyzer)]
    assert found == ["Newsky Award", "ТЭЦ"]


@pytest.mark.parametrize(
    "forms",
    [("токаев", "токаева", "токаеву"), ("бань", "баня"), ("цзиньпина", "цзиньпине", "цзиньпин"), ("синжуй", "синжуя")],
)
def test_inflected_forms_of_a_name_share_a_key(analyzer, forms):
    keys = [word_keys(analyzer, form) for form in forms]
    assert set.intersection(*map(set, keys))


def test_different_names_do_not_share_keys(analyzer):
    assert not word_keys(analyzer, "путина") & word_keys(analyzer, "путь")
    assert not word_keys(analyzer, "си") & word_keys(analyzer, "синьцзян")


def test_a_kind_of_place_before_a_place_name_is_a_place(analyzer):
    assert spans("на территории Республики Казахстан", analyzer) == [("Республики Казахстан", False, True)]
    assert spans("Успешно прошла Провинция Цзянсу", analyzer)[-1][2] is True
    assert spans("Председатель Си Цзиньпин", analyzer) == [("Си Цзиньпин", True, False)]  # a person stays one


@pytest.mark.parametrize(
    "one, other, same",
    [
        ("Синцзян", "синьцзян", True),
        ("Майями", "майами", True),
        ("Шеньси", "шэньси", True),
        ("Джэксонвилл", "джексонвил", True),
        ("токайев", "токаев", True),
        ("Цзинпин", "цзиньпин", True),
        ("Марли", "марио", False),
        ("Донна", "джона", False),
    ],
)
def test_transliterations_of_one_name_share_a_spelling_key(one, other, same):
    assert (spelling_key(one) == spelling_key(other)) is same
