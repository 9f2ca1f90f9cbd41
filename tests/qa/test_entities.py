"""Where the article names a person or an organisation, in any inflection, the line saying who it is first."""

import pytest

from bot.qa.engine import Engine
from bot.qa.entities import Entities
from bot.text.parsing import parse_document


@pytest.fixture(scope="module")
def entities(engine):
    return Entities(engine.library, engine.analyzer, engine.passages)


def quoted(entities, name):
    return [(m.line.sentence_id, m.line.metadata, " ".join(m.line.text[s:e] for s, e in m.spans))
            for m in entities.mentions(name)]


@pytest.mark.parametrize("name", ["Токаев", "Токаева", "Токаеву", "токаев", "Касым-Жомарт Токаев", "президент Токаев"])
def test_a_name_in_any_inflection_and_case(entities, name):
    found = quoted(entities, name)
    assert [sentence for sentence, _, _ in found] == [1, 2, 3]
    assert found[0][2].endswith("Касым-Жомарта Токаева")  # widened to the whole name


def test_the_line_saying_who_it_is_comes_first(entities):
    [first, *_] = entities.mentions("Си Цзиньпин")
    assert first.titled and first.line.text[first.spans[0][0] - len("Председателя ") :].startswith("Председателя Си")
    author = entities.mentions("Цзян Вэй")
    assert [m.line.metadata for m in author] == ["author"]
    assert entities.passage(author[0]).text == "Генеральный консул КНР в Алматы Цзян Вэй"


def test_an_abbreviation_finds_the_words_it_abbreviates(entities):
    assert [text for _, _, text in quoted(entities, "РК")] == ["Республики Казахстан"]
    assert quoted(entities, "ЕАЭС") == [] and quoted(entities, "РФ") == []


@pytest.mark.parametrize("name", ["Цзян Вэя", "Цзян Вэе", "Цзян Вэем"])
def test_a_short_foreign_name_inflected(entities, name):
    assert [m.line.metadata for m in entities.mentions(name)] == ["author"]  # «Вэй» declined as Russian does


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Лу Бань", "Мастерской Лу Баня"),
        ("Северо-Западный политехнический университет", "Северо-Западного политехнического университета"),
        ("театр Баурсак", "театра Баурсак"),
        ("Алматинская ТЭЦ № 2", "Алматинской ТЭЦ 2"),
        ("Newsky Award", "Newsky Award"),
        ("Kazakhstan Today", "Kazakhstan Today"),
    ],
)
def test_organisations_and_titles(entities, name, expected):
    assert quoted(entities, name)[0][2] == expected


def test_names_the_article_does_not_mention(entities):
    for name in ("Назарбаев", "Илон Маск", "компании Huawei", "ШОС", "Астане"):
        assert entities.mentions(name) == [] and entities.is_name(name, [])


def test_a_common_noun_is_no_name(entities, analyzer):
    engine = Engine([parse_document("Клады\n\nКлады в биологии — это группы организмов. Клады изучают.", "c")], analyzer)
    clades = Entities(engine.library, engine.analyzer, engine.passages)
    assert not clades.is_name("клады", clades.mentions("клады"))
    assert entities.is_name("Китай", entities.mentions("Китай"))


def test_a_passage_highlights_the_name(entities):
    [first, *_] = entities.mentions("Ма Синжуй")
    passage = entities.passage(first)
    assert passage.sentence_id == 9 and [passage.text[s:e] for s, e in passage.highlights] == ["Ма", "Синжуя"]
