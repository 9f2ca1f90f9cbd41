"""Highlighting quoted words: searched function words are never marked, and quotes need no morphology."""

from bot.qa.engine import Engine
from bot.search.lexicon import Lexicon
from bot.text.analysis import Analyzer
from bot.text.highlighting import Highlighter


def test_matched_words_are_marked_but_a_searched_function_word_is_not(engine):
    passage = engine.ask("Каков объём товарооборота между Китаем и Казахстаном?").passages[0]
    marked = {passage.text[start:end] for start, end, _ in passage.marks()}
    assert {"товарооборота", "Казахстаном"} <= marked and "между" not in marked


def test_quotes_are_highlighted_from_the_index_without_the_dictionary(seed_doc):
    """The function words of the texts are found when they are indexed and saved with the lexicon: a quote's
    words are never parsed again at question time (on a large archive that parse was a millisecond a question)."""
    analyzer = Analyzer()
    assert Lexicon.of(analyzer, ["между", "товарооборота", "и", "Казахстаном"]).function_forms == {"между"}
    engine = Engine([seed_doc], analyzer)
    parsed = []
    real = analyzer.tag
    analyzer.tag = lambda word: parsed.append(word) or real(word)
    passage = engine.ask("Каков объём товарооборота между Китаем и Казахстаном?").passages[0]
    assert "между" not in {passage.text[s:e] for s, e, _ in passage.marks()}
    quoted = {t.norm for t in Highlighter(analyzer)._tokens(passage.text)}
    assert not quoted.intersection(parsed)
