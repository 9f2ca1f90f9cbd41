"""Telegram HTML: quotes under their references, escaped, allowed tags only."""

from bot.front.render.json_view import answer_json
from bot.front.render.messages import split_messages
from bot.front.render.telegram_html import answer_blocks, docs_html, not_found_html, reference
from bot.qa.answer import Answer, Passage
from bot.qa.conversation import Conversation
from tests.front.render.checks import assert_valid_telegram_html


def answer_html(answer, documents):
    return split_messages(answer_blocks(answer, documents))


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


def test_a_missing_date_or_number_is_said_so(engine, seed_doc):
    answer = engine.ask("Когда основан Северо-Западный политехнический университет?")
    (message,) = answer_blocks(answer, [seed_doc])
    assert message.startswith("К сожалению, в статье нет ответа на этот вопрос: нужной даты или числа в ней не нашлось.")
    assert "/sections" in message
    assert_valid_telegram_html(message)
    assert "нужной даты" not in answer_blocks(engine.ask("Как приготовить плов?"), [seed_doc])[0]


def test_reference_wording():
    assert reference(_passage("t", section_title="Вступление", section=0, sentence=1)) == "Вступление, предложение 1"
    assert reference(_passage("t", section_title="Итоги")) == "Раздел 2 «Итоги», предложение 3"
    assert reference(_passage("t u", section_title="Итоги", sentence_count=2)) == "Раздел 2 «Итоги», предложения 3–4"

def test_references_name_the_document_only_when_several_are_loaded(engine, seed_doc):
    answer = engine.ask("Филиал какого университета открылся?")
    single = answer_html(answer, [seed_doc])[0]
    several = answer_html(answer, [seed_doc, seed_doc])[0]
    assert f"«{seed_doc.title}» ·" not in single
    assert f"«{seed_doc.title}» · Раздел 3 «Непрерывно укрепляется связь между народами" in several
    assert answer_json(answer)["passages"][0]["reference"] == reference(answer.passages[0])
    assert answer_json(answer, with_document=True)["passages"][0]["reference"].startswith(f"«{seed_doc.title}» · ")


def test_docs_list_numbers_documents_with_their_ids(seed_doc):
    (message,) = docs_html([seed_doc])
    assert f"1. «{seed_doc.title}» <code>{seed_doc.doc_id}</code>, 5 разд., 32 предл." in message
    assert message.endswith("/doc N вопрос")


def test_a_long_docs_list_is_split_to_fit_telegram(seed_doc):
    messages = docs_html([seed_doc] * 300)
    assert len(messages) > 1 and all(len(m) <= 4096 for m in messages)
    assert sum(m.count("<code>") for m in messages) == 300


def test_meaning_matches_are_underlined_exact_ones_bold():
    passage = _passage("Ведущие СМИ и блогеры", highlights=((0, 7),), meaning_highlights=((8, 11), (14, 21)))
    (message,) = answer_html(Answer("q", True, (passage,)), [])
    assert "<b>Ведущие</b> <u>СМИ</u> и <u>блогеры</u>" in message
    assert_valid_telegram_html(message)
    assert [h["kind"] for h in answer_json(Answer("q", True, (passage,)))["passages"][0]["highlights"]] == [
        "exact", "meaning", "meaning",
    ]


def test_a_name_the_article_never_mentions_is_said_so(engine, seed_doc):
    (message,) = answer_blocks(engine.ask("Что сказал Путин о Казахстане?"), [seed_doc])
    assert message.startswith("К сожалению, в статье нет ответа на этот вопрос. В ней не встречается: «Путин».")
    assert_valid_telegram_html(message)


def test_the_words_no_text_holds_are_named_under_the_quotes(engine, seed_doc):
    blocks = answer_blocks(engine.ask("Кто мэр Алматы?"), [seed_doc])
    assert blocks[-1] == "<i>В статье не встречается: «мэр».</i>"
    assert "<blockquote>" in blocks[0]
    several = answer_blocks(Answer("q", True, (_passage("Текст."),), absent=("урожай", "пшеницы")), [seed_doc, seed_doc])
    assert several[-1] == "<i>В текстах не встречаются: «урожай», «пшеницы».</i>"
    assert not answer_blocks(engine.ask("Каков объём товарооборота?"), [seed_doc])[-1].startswith("<i>В статье")
    escaped = answer_blocks(Answer("q", True, (_passage("Текст."),), absent=("<b>",)), [seed_doc])[-1]
    assert escaped == "<i>В статье не встречается: «&lt;b&gt;».</i>"
    for message in answer_html(engine.ask("Что означает слово баурсак?"), [seed_doc]):
        assert_valid_telegram_html(message)


def test_a_message_without_words_is_asked_for_a_question(seed_doc):
    (block,) = answer_blocks(Answer("???", False, reason="no_words"), [seed_doc])
    assert block.startswith("Пожалуйста, напишите вопрос о статье, например:")


def test_a_name_read_as_the_articles_spelling_is_said_above_the_quotes_and_a_typo_is_not(engine, seed_doc):
    conversation = Conversation(engine)
    blocks = answer_blocks(conversation.ask("кто такой Токмаев"), [seed_doc])
    assert "«Токмаев» → «Токаев»" in blocks[0]
    assert "«Синцзян» → «Синьцзян»" in answer_blocks(engine.ask("Синцзян и Казахстан"), [seed_doc])[0]
    assert "Ищу так" not in "".join(answer_blocks(engine.ask("Сколко составил тоарооборот?"), [seed_doc]))
    for block in blocks:
        assert_valid_telegram_html(block)
