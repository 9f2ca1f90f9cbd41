"""The render stage: Telegram HTML (escaped, allowed tags only, within limits), console text, JSON."""

import html
import re

import pytest

from bot.qa.answer import Answer, Passage
from bot.text.document import LEAD_TITLE
from bot.front.render.telegram_html import (
    TELEGRAM_LIMIT,
    answer_html,
    answer_json,
    docs_html,
    html_to_console,
    not_found_html,
    reference,
    split_messages,
)

ALLOWED_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}


def assert_valid_telegram_html(message: str) -> None:
    """Only allowed tags, properly nested; no bare < or & outside entities; within the length limit."""
    stack = []
    for match in re.finditer(r"<(/?)([a-z]+)[^>]*>", message):
        closing, tag = match.groups()
        assert tag in ALLOWED_TAGS, tag
        if closing:
            assert stack and stack.pop() == tag
        else:
            stack.append(tag)
    assert not stack
    text = re.sub(r"<[^>]+>", "", message)
    assert "<" not in text and ">" not in text
    assert not re.search(r"&(?!(?:lt|gt|amp|quot);)", text)
    assert len(html.unescape(text).encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT


def _passage(text: str, **kw) -> Passage:
    fields = dict(doc_id="d", doc_title="Статья", section=2, section_title="Раздел <два>", sentence=3, score=1.0)
    fields.update(kw)
    return Passage(text=text, **fields)


def test_answer_quotes_with_reference_and_bold_matches(engine, seed_doc):
    answer = engine.ask("Каков объём товарооборота между Китаем и Казахстаном?")
    messages = answer_html(answer, [seed_doc])
    assert len(messages) == 1
    assert "Раздел 2 «Региональные обмены содействуют деловому сотрудничеству», предложения 1–2" in messages[0]
    assert "<blockquote>" in messages[0] and "<b>товарооборота</b>" in messages[0]
    assert_valid_telegram_html(messages[0])


def test_text_from_the_article_is_escaped():
    passage = _passage("a < b & <script>", highlights=((0, 1),))
    (message,) = answer_html(Answer("q", True, (passage,)), [])
    assert "a</b> &lt; b &amp; &lt;script&gt;" in message
    assert "Раздел &lt;два&gt;" in message
    assert_valid_telegram_html(message)


def test_not_found_is_polite_and_lists_sections(seed_doc):
    text = not_found_html([seed_doc])
    assert text.startswith("К сожалению")
    assert "Региональные обмены содействуют деловому сотрудничеству" in text and "/sections" in text
    assert_valid_telegram_html(text)


@pytest.mark.parametrize("count, size", [(3, 100), (40, 300), (2, 5000), (1, 20000)])
def test_long_answers_split_into_valid_messages(count, size):
    blocks = [f"<i>ref {i}</i>\n<blockquote>{'слово & ' * (size // 8)}</blockquote>" for i in range(count)]
    blocks = [b.replace("&", "&amp;") for b in blocks]
    messages = split_messages(blocks)
    for message in messages:
        assert_valid_telegram_html(message)
    joined = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", "".join(messages))))
    assert joined.count("слово") == count * (size // 8)


def test_split_keeps_blocks_whole_when_they_fit():
    blocks = ["<b>x</b>" * 10] * 1000
    messages = split_messages(blocks)
    assert all(message.count("<b>") % 10 == 0 for message in messages)


def test_console_text_is_the_html_without_tags():
    text = "<i>1. Раздел</i>\n<blockquote>объём <b>товарооборота</b> &lt;x&gt;</blockquote>"
    assert html_to_console(text, color=False) == "1. Раздел\n  │ объём товарооборота <x>"
    assert "\033[1mтоварооборота\033[0m" in html_to_console(text, color=True)


def test_reference_wording():
    assert reference(_passage("t", section_title="Вступление", section=0, sentence=1)) == "Вступление, предложение 1"
    assert reference(_passage("t", section_title="Итоги")) == "Раздел 2 «Итоги», предложение 3"
    assert reference(_passage("t u", section_title="Итоги", sentence_count=2)) == "Раздел 2 «Итоги», предложения 3–4"


def test_json_has_the_documented_fields(engine):
    data = answer_json(engine.ask("Филиал какого университета открылся?"))
    assert data["found"] is True
    passage = data["passages"][0]
    assert {"text", "section", "section_title", "sentence", "sentence_count", "score"} <= set(passage)
    assert "Северо-Западного политехнического университета" in passage["text"]


def test_references_name_the_document_only_when_several_are_loaded(engine, seed_doc):
    answer = engine.ask("Филиал какого университета открылся?")
    single = answer_html(answer, [seed_doc])[0]
    several = answer_html(answer, [seed_doc, seed_doc])[0]
    assert f"«{seed_doc.title}» ·" not in single
    assert f"«{seed_doc.title}» · Раздел" in several or f"«{seed_doc.title}» · {LEAD_TITLE}" in several
    assert answer_json(answer)["passages"][0]["reference"] == reference(answer.passages[0])
    assert answer_json(answer, with_document=True)["passages"][0]["reference"].startswith(f"«{seed_doc.title}» · ")


def test_docs_list_numbers_documents_and_marks_the_chosen_one(seed_doc):
    (message,) = docs_html([seed_doc], current=seed_doc.doc_id)
    assert f"1. «{seed_doc.title}» <code>{seed_doc.doc_id}</code>" in message and "выбран" in message
    assert "выбран" not in docs_html([seed_doc])[0]


def test_a_long_docs_list_is_split_to_fit_telegram(seed_doc):
    messages = docs_html([seed_doc] * 300)
    assert len(messages) > 1 and all(len(m) <= 4096 for m in messages)
    assert sum(m.count("<code>") for m in messages) == 300
