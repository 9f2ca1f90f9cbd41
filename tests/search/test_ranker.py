"""The ranking stage on small constructed texts: each piece of evidence changes the answer it should.

Every test here fails when its mechanism is switched off (its weight set to 0, or the quote not
extended): the texts are built so that plain BM25 alone picks the other sentence.
"""

import dataclasses

import pytest

from bot.qa.engine import Engine
from bot.search.evidence import Evidence, opens_with_reference
from bot.search.ranker import RankWeights
from bot.text.parsing import parse_document


def _engine(analyzer, text: str, **off: bool) -> Engine:
    """An engine over a constructed text; `off` names weights to set to zero."""
    engine = Engine([parse_document(text)], analyzer)
    if off:
        engine.ranker.weights = dataclasses.replace(RankWeights(), **{name: 0.0 for name in off})
    return engine


def _first(engine: Engine, question: str, rank: int = 0) -> str:
    answer = engine.ask(question)
    assert answer.found, answer.reason
    return answer.passages[rank].text


@pytest.mark.parametrize(
    "text, refers",
    [
        ("Он также самый старый квотербек.", True),
        ("Эти даты не соответствуют хронологии.", True),
        ("Это, наверно, самое первое провозглашение принципа.", True),
        ("В 2000 году он получил награду.", True),
        ("Пейтон Мэннинг стал первым квотербеком.", False),
        ("Мы откроем новую страницу.", False),
    ],
)
def test_sentences_opening_with_a_reference(analyzer, text, refers):
    assert opens_with_reference(analyzer, text) is refers


QUARTERBACK = (
    "Квотербеки\n\nПейтон Мэннинг стал первым квотербеком, который привёл две разные команды к Суперкубку. "
    "Он также самый старый квотербек, игравший в Суперкубке, в возрасте 39 лет."
)


def test_a_sentence_opening_with_a_pronoun_is_quoted_with_the_sentence_it_refers_to(analyzer):
    passage = _engine(analyzer, QUARTERBACK).ask("Кто самый старый квотербек в Суперкубке?").passages[0]
    assert passage.text.startswith("Пейтон Мэннинг стал первым") and "самый старый квотербек" in passage.text
    assert (passage.sentence, passage.sentence_count) == (1, 2)
    assert "старый" in [passage.text[s:e] for s, e in passage.highlights]


LUTHER = (
    "Лютер\n\nПеревод Библии, сделанный Лютером, быстро стал популярным и влиятельным. "
    "Этот перевод внёс значительный вклад в развитие немецкого языка. Лютер также писал гимны."
)


def test_the_answer_after_the_sentence_repeating_the_question_is_reached_by_its_reference(analyzer):
    question = "Чему способствовала популярность перевода Лютера?"
    assert "развитие немецкого языка" in _first(_engine(analyzer, LUTHER), question)
    assert "развитие немецкого языка" not in _first(_engine(analyzer, LUTHER, reference=True), question)


DISTRICT = (
    "Районы\n\nРайон Фресно «Вест-Сайд» — один из старейших районов города, его часто называют старым Фресно. "
    "Район расположен к западу от 41-й автомагистрали и к югу от Нильсен-авеню."
)


def test_a_sentence_whose_subject_repeats_the_sentence_before_is_quoted_with_it(analyzer, monkeypatch):
    question = "Какой район находится к западу от 41-й автомагистрали?"
    passage = _engine(analyzer, DISTRICT).ask(question).passages[0]
    assert "Вест-Сайд" in passage.text and "Нильсен-авеню" in passage.text
    assert (passage.sentence, passage.sentence_count) == (1, 2)
    monkeypatch.setattr(Evidence, "with_repeated_subjects", lambda evidence, terms: evidence)
    assert "Вест-Сайд" not in _first(_engine(analyzer, DISTRICT), question)


PREFIX = (
    "Лютер\n\nПеревод вышел в 1534 году в Виттенберге.\n\n"
    "Популярность перевода быстро росла по всей Германии."
)


def test_derivations_match_by_their_first_letters(analyzer):
    question = "Когда перевод стал популярным?"
    assert _first(_engine(analyzer, PREFIX), question).startswith("Популярность перевода")
    assert _first(_engine(analyzer, PREFIX, prefix=True), question).startswith("Перевод вышел")


def test_a_sentence_sharing_a_word_only_by_its_first_letters_is_quoted(analyzer):
    engine = _engine(analyzer, "Книги\n\nКнига вышла в 1534 году.\n\nВ Германии перевод стал очень популярным.")
    answer = engine.ask("Насколько велика популярность?")
    assert answer.found and answer.passages[0].text.startswith("В Германии перевод")


BRIDGES = (
    "Мосты\n\nМост через реку Урал построили в 1912 году. Длина моста после реконструкции составила 300 метров."
    "\n\nДлина моста в парке 50 метров."
)
BRIDGES_REVERSED = (
    "Мосты\n\nДлина моста после реконструкции составила 300 метров. Через реку Урал мост построили в 1912 году."
    "\n\nДлина моста в парке 50 метров."
)


@pytest.mark.parametrize("text, weight", [(BRIDGES, "previous"), (BRIDGES_REVERSED, "next")])
def test_a_neighbour_of_a_strong_match_beats_an_equal_match_elsewhere(analyzer, text, weight):
    question = "Какова длина моста через реку?"
    assert "300 метров" in _first(_engine(analyzer, text), question, rank=1)
    assert "50 метров" in _first(_engine(analyzer, text, **{weight: True}), question, rank=1)


@pytest.mark.parametrize(
    "sentences, question, expected",
    [
        (("Мост через Урал строили купцы.", "Мост через Урал строили 3 месяца всей артелью."),
         "Сколько времени строили мост через Урал?", "3 месяца"),
        (("Мост через Урал построили купцы из Оренбурга.", "Мост через Урал построили в 1912 году."),
         "Когда построили мост через Урал?", "1912"),
        (("Мост через Урал построили в 1912 году.", "Мост через Урал построил инженер Николай Белелюбский."),
         "Кто построил мост через Урал?", "Белелюбский"),
        # A year is no quantity: "сколько" wants the other number.
        (("Мост через Урал строили в 1912 году.", "Мост через Урал строили 3 года всей артелью."),
         "Сколько строили мост через Урал?", "3 года"),
        # "Какой" before a word for a person, "чей", "как называется" want a name.
        (("Мост через Урал построили в 1912 году.", "Мост через Урал построил инженер Николай Белелюбский."),
         "Какой специалист построил мост через Урал?", "Белелюбский"),
        (("Мост через Урал построили в 1912 году.", "Мост через Урал построил инженер Николай Белелюбский."),
         "Чьими трудами построен мост через Урал?", "Белелюбский"),
        (("Мост через Урал открыли в 1912 году.", "Мост через Урал горожане прозвали Николаевским."),
         "Как называется мост через Урал?", "Николаевским"),
    ],
)
def test_the_question_word_favours_the_kind_of_answer_it_asks_for(analyzer, sentences, question, expected):
    text = "Мост\n\n" + "\n\n".join(sentences)
    assert expected in _first(_engine(analyzer, text), question)
    assert expected not in _first(_engine(analyzer, text, answer_kind=True), question)


VISITS = (
    "Визиты\n\nТокаев посетил Китай.\n\n"
    "В прошлом году Токаев дважды посетил Китай и принял участие в первом саммите «Китай — Центральная Азия»."
)


def test_a_long_sentence_beats_a_short_one_repeating_the_same_names(analyzer):
    question = "Сколько раз Токаев посетил Китай?"
    assert "дважды" in _first(_engine(analyzer, VISITS), question)
    assert _first(_engine(analyzer, VISITS, length=True), question) == "Токаев посетил Китай."


def test_quotes_never_overlap_and_a_longer_list_extends_a_shorter_one(engine):
    question = "Какие соглашения достигнуты между Китаем и Казахстаном?"
    three = engine.ask(question, top_k=3).passages
    one = engine.ask(question, top_k=1).passages
    assert one[0] == three[0]
    quoted = [i for p in three for i in range(p.sentence_id, p.sentence_id + p.sentence_count)]
    assert len(quoted) == len(set(quoted))
