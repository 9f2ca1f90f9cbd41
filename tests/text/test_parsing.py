"""The document stage on the seed article and on plain texts."""

import pytest

from bot.text.document import CLOSING_TITLE, LEAD_TITLE
from bot.text.parsing import load_documents, parse_document

FURNITURE = (
    "Нашли ошибку",
    "Выделите ошибку",
    "новости по теме",
    "Читаемое",
    "Новости RT",
    "Новости Китая",
    "Ваше мнение",
    "часовой пояс",
    "тарифы на электроэнергию",
    "Указанная точка зрения",
    "Фото: Depositphotos",
)


def test_metadata_of_the_seed(seed_doc):
    meta = seed_doc.metadata
    assert (meta.date, meta.time, meta.number) == ("03.01.2024", "10:27", "169251")
    assert meta.title == 'Успешное начало нового "золотого тридцатилетия" китайско-казахстанских отношений'
    assert meta.photo_credit == "Depositphotos"
    assert meta.author == "Генеральный консул КНР в Алматы Цзян Вэй"
    assert meta.agency == "Kazakhstan Today"
    assert meta.line(seed_doc.text, "date") == "03.01.2024, 10:27"  # quoted without the page's number after it


@pytest.mark.parametrize("line, quoted", [("  7.1.2024 ", "7.1.2024"), ("07.01.2024 9:05", "07.01.2024 9:05")])
def test_the_date_line_is_quoted_as_its_date_and_time(line, quoted):
    document = parse_document(f"{line}\n\nЗаголовок\n\nПервое предложение текста. Второе предложение.", "d")
    assert document.metadata.line(document.text, "date") == quoted


def test_title_is_kept_once_and_never_a_sentence(seed_doc):
    assert not any(s.text.startswith("Успешное начало нового") for s in seed_doc.sentences)


def test_sections_lead_three_headed_and_closing(seed_doc):
    titles = [(s.number, s.title) for s in seed_doc.sections]
    assert titles == [
        (0, LEAD_TITLE),
        (1, "Дипломатия глав государств укрепляет стратегическое взаимное доверие"),
        (2, "Региональные обмены содействуют деловому сотрудничеству"),
        (3, "Непрерывно укрепляется связь между народами, громко звучит песня о дружбе"),
        (4, CLOSING_TITLE),
    ]
    assert seed_doc.section_sentences(0)[0].text.startswith("2023 год - это 10-летие")
    assert seed_doc.section_sentences(4)[0].text.startswith("В 2024 году мы откроем")
    assert seed_doc.section_sentences(4)[-1].text.endswith("новый стремительный взлет!")


def test_byline_and_signature_are_not_content(seed_doc):
    assert not any("Цзян Вэй" in s.text for s in seed_doc.sentences)


@pytest.mark.parametrize("marker", FURNITURE)
def test_page_furniture_is_never_a_sentence(seed_doc, marker):
    assert not any(marker in s.text for s in seed_doc.sentences)


def test_sentences_are_verbatim_slices_with_offsets(seed_doc):
    for sentence in seed_doc.sentences:
        assert seed_doc.text[sentence.start : sentence.end] == sentence.text


def test_sentence_numbers_restart_in_each_section(seed_doc):
    for section in seed_doc.sections:
        numbers = [seed_doc.sentences[i].number for i in section.sentence_ids]
        assert numbers == list(range(1, len(numbers) + 1))
        assert {seed_doc.sentences[i].section_title for i in section.sentence_ids} == {section.title}


@pytest.mark.parametrize(
    "ending",
    [
        "составив 36,86 млрд долларов США.",
        'увеличившись на 62.3%, став "локомотивом" роста торговли между двумя странами.',
        "на проект реконструкции Алматинской ТЭЦ № 2.",
        'возможно сказав только: "Поехали!".',
        'пользуются широкой популярностью в "Алматы - городе яблок".',
    ],
)
def test_tricky_sentence_boundaries(seed_doc, ending):
    assert sum(s.text.endswith(ending) for s in seed_doc.sentences) == 1


def test_sentence_count_per_section(seed_doc):
    assert [len(s.sentence_ids) for s in seed_doc.sections] == [2, 5, 12, 10, 3]


def test_plain_text_without_headings_is_one_section():
    doc = parse_document("Норманны\n\nПервый абзац. Второе предложение.\n\nВторой абзац.", doc_id="n")
    assert doc.title == "Норманны"
    assert [(s.number, s.title) for s in doc.sections] == [(1, "Норманны")]
    assert [s.text for s in doc.sentences] == ["Первый абзац.", "Второе предложение.", "Второй абзац."]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]


def test_markdown_and_short_line_headings():
    text = "# Заголовок\n\nВводный абзац.\n\n## История\n\nДавным-давно.\n\nСовременность\n\nСейчас всё иначе."
    doc = parse_document(text)
    assert doc.title == "Заголовок"
    assert [(s.number, s.title) for s in doc.sections] == [(0, LEAD_TITLE), (1, "История"), (2, "Современность")]


def test_hard_wrapped_prose_is_joined_with_exact_offsets():
    text = "Заголовок\n\nЭто длинное предложение, перенесённое\nна следующую строку. А это второе."
    doc = parse_document(text)
    assert [s.text for s in doc.sentences] == [
        "Это длинное предложение, перенесённое на следующую строку.",
        "А это второе.",
    ]
    first = doc.sentences[0]
    assert text[first.start : first.end].replace("\n", " ") == first.text


def test_folder_of_texts_loads_every_document(tmp_path):
    (tmp_path / "b.txt").write_text("Второй\n\nТекст два.", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Первый\n\nТекст один.", encoding="utf-8")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    assert [d.title for d in load_documents(tmp_path)] == ["Первый", "Второй"]


def test_bom_and_windows_line_endings():
    doc = parse_document("\ufeffЗаголовок\r\n\r\nПервое. Второе.\r\n")
    assert doc.title == "Заголовок"
    assert [s.text for s in doc.sentences] == ["Первое.", "Второе."]
