"""Matching by meaning and the confidence, end to end: each mechanism changes an answer it alone explains."""

import json

import pytest

from bot.front.render.json_view import answer_json
from bot.front.render.telegram_html import highlighted_html
from bot.qa.confidence import THRESHOLD, Confidence
from bot.qa.engine import Engine
from bot.qa.evaluation import hit_rank
from bot.text.analysis import Analyzer
from bot.text.parsing import load_document
from tests.paths import XQUAD


@pytest.fixture(scope="session")
def lexical(seed_doc):
    """The engine without word vectors: matching by words only."""
    return Engine([seed_doc], Analyzer(vectors=None))


@pytest.mark.parametrize(
    "question, gold",
    [
        ("Насколько плотно контактируют министерства двух стран?", "ведомства поддерживают тесную связь"),
        ("Какие китайские постановки с успехом идут в Алматы?", "Синьцзян - хорошее место"),
    ],
)
def test_a_question_in_other_words_is_answered_first_only_thanks_to_meaning(engine, lexical, question, gold):
    """From the team's tuning set (seed-meaning-dev): министерство ↔ ведомство, постановка ↔ театр."""
    assert hit_rank((gold,), engine.ask(question)) == 1
    assert hit_rank((gold,), lexical.ask(question)) != 1


def test_a_sentence_sharing_no_word_is_reachable_by_meaning(engine):
    query = engine.reader.read("медийщики журналисты")
    quotes = engine.quotes.best(query.terms, query.corrected, 3, (0, len(engine.sentences)), query.expansion)
    assert quotes and not engine.quotes.best(query.terms, query.corrected, 3, (0, len(engine.sentences)))
    assert any("блогеры" in engine.sentences[i].text for ids, _ in quotes for i in ids)


def test_words_matched_by_meaning_are_underlined_and_function_words_never_marked(engine):
    answer = engine.ask("Бывали ли казахстанские журналисты в Китае?")
    passage = answer.passages[0]
    marks = {passage.text[s:e]: kind for s, e, kind in passage.marks()}
    assert marks.get("блогеры") == marks.get("СМИ") == "meaning" and marks.get("Китай") == "exact"
    assert "<u>блогеры</u>" in highlighted_html(passage)
    highlights = answer_json(answer)["passages"][0]["highlights"]
    assert {"text": "блогеры", "kind": "meaning"} in highlights
    between = engine.ask("Каков объём товарооборота между Китаем и Казахстаном?").passages[0]
    assert "между" not in {between.text[s:e] for s, e, _ in between.marks()}


def test_confidence_separates_answers_from_declines(engine):
    answered = engine.ask("Каков объём товарооборота между Китаем и Казахстаном?")
    declined = engine.ask("Сколько стоит биткоин?")
    assert answered.found and answered.confidence >= THRESHOLD
    assert not declined.found and declined.confidence < THRESHOLD
    assert json.loads(json.dumps(answer_json(answered)))["confidence"] == round(answered.confidence, 4)


def test_a_question_of_another_article_is_declined_only_thanks_to_the_confidence(analyzer):
    """XQuAD-ru dev: a Super Bowl question asked of the article on the Normans shares a word with it (the names
    typed in lowercase, so that the name rule, `bot.qa.names`, does not decline it first)."""
    normans = load_document(XQUAD / "docs" / "02_Normans.txt")
    question = "Какую награду получила марли мэтлин?"
    answer = Engine([normans], analyzer).ask(question)
    assert (answer.found, answer.reason) == (False, "low_confidence")
    assert Engine([normans], analyzer, threshold=0.0).ask(question).found


def test_information_is_general_language_surprisal(engine):
    """A rare word of the question weighs more than a frequent one, whatever the text's own counts."""
    zipf = engine.meaning.zipf
    assert zipf("товарооборот") < zipf("мэр") < zipf("год")
    query = engine.reader.read("Каков объём товарооборота в пшенице?")
    quote = engine.quotes.best(query.terms, query.corrected, 1, (0, len(engine.sentences)))[0][0]
    signals = engine.confidence.signals(query, quote, engine.abstention.coverage(query.terms, quote))
    assert 0 < signals.coverage < 1 and signals.missing > 0


def test_words_only_without_vectors(lexical, caplog):
    answer = lexical.ask("Каков объём товарооборота между Китаем и Казахстаном?")
    assert answer.found and "36,86 млрд" in answer.passages[0].text
    assert lexical.reader.read("журналисты").related == ()
    assert isinstance(lexical.confidence, Confidence)
