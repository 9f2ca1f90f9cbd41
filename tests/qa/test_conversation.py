"""The conversation layer: small talk, the lead, names, other languages, and never a real question swallowed."""

import pytest

from bot.qa.conversation import Conversation
from bot.qa.engine import Engine
from bot.qa.evaluation import load_questions
from bot.qa.subject import subject_key_of
from bot.text.parsing import load_document, parse_document
from tests.paths import DATA, XQUAD


@pytest.fixture(scope="module")
def conversation(engine):
    return Conversation(engine)


@pytest.mark.parametrize("message", ["Привет", "спасибо!", "Пока", "что ты умеешь?", "Привет, @qa_bot 👋"])
def test_small_talk_is_never_answered_with_a_quote(conversation, message):
    answer = conversation.ask(message)
    assert (answer.intent, answer.found, answer.passages) == ("smalltalk", False, ())


def test_about_quotes_the_lead_verbatim(conversation, seed_doc):
    answer = conversation.ask("О чём эта статья?")
    assert (answer.intent, answer.found) == ("about", True)
    [lead] = answer.passages
    assert lead.section == 0 and lead.sentence_count == 2
    assert lead.text == seed_doc.text[seed_doc.sentences[0].start : seed_doc.sentences[1].end]


def test_a_person_mentioned_several_times(conversation):
    answer = conversation.ask("Кто такой Токаев?")
    assert (answer.intent, answer.topic) == ("entity", "Токаев")
    assert [p.sentence_id for p in answer.passages] == [1, 2, 3]
    assert "Президента Касым-Жомарта Токаева" in answer.passages[0].text


def test_the_author_is_quoted_from_the_byline(conversation):
    answer = conversation.ask("Кто такой Цзян Вэй?")
    assert answer.intent == "entity" and answer.passages[0].kind == "metadata"
    assert answer.passages[0].text == "Генеральный консул КНР в Алматы Цзян Вэй"


def test_a_name_the_article_does_not_mention(conversation):
    answer = conversation.ask("Кто такой Илон Маск?")
    assert (answer.intent, answer.found, answer.reason, answer.topic) == ("entity", False, "not_mentioned", "Илон Маск")


def test_a_name_mentioned_once_is_answered_by_the_search_with_that_sentence_first(conversation, engine):
    answer = conversation.ask("Кто такой Ма Синжуй?")
    assert answer.intent == "question" and answer == engine.ask("Кто такой Ма Синжуй?")
    assert "Ма Синжуя" in answer.passages[0].text


def test_a_greeting_before_a_question(conversation):
    answer = conversation.ask("Привет, сколько раз Токаев был в Китае в прошлом году?")
    assert answer.intent == "question" and "дважды посетил" in answer.passages[0].text
    assert answer.question == "Привет, сколько раз Токаев был в Китае в прошлом году?"


def test_another_language(conversation):
    declined = conversation.ask("What is the trade volume between China and Kazakhstan?")
    assert (declined.found, declined.reason) == (False, "other_language")
    assert "Newsky Award" in conversation.ask("Who won the Newsky Award?").passages[0].text


@pytest.mark.parametrize("message", ["???", "😀", "123", "…!", "ё", "ж?"])
def test_a_message_without_words_is_asked_for_words_not_for_russian(conversation, message):
    declined = conversation.ask(message)
    assert (declined.found, declined.reason) == (False, "no_words")


def test_a_number_the_text_holds_is_still_found(conversation):
    assert "36,86" in conversation.ask("36,86").passages[0].text


def test_several_documents_each_have_a_lead(seed_doc, analyzer):
    normans = parse_document("Норманны\n\nНорманны пришли в Нормандию. Их вождём был Роллон.", doc_id="normans")
    conversation = Conversation(Engine([seed_doc, normans], analyzer))
    assert [p.doc_id for p in conversation.ask("о чём текст").passages] == [seed_doc.doc_id, "normans"]
    assert conversation.ask("перескажи", doc_id="normans").passages[0].text.startswith("Норманны пришли")
    assert conversation.ask("Кто такой Роллон?").passages[0].doc_id == "normans"


def same_answers(engine, questions):
    conversation = Conversation(engine)
    for question in questions:
        answer = conversation.ask(question.question, top_k=5)
        assert answer.intent == "question", question.question
        assert answer == engine.ask(question.question, top_k=5), question.question


@pytest.mark.parametrize("name", ["seed-dev.jsonl", "seed-heldout.jsonl"])
def test_seed_questions_stay_questions_with_the_same_answers(engine, name):
    same_answers(engine, load_questions(DATA / name))


@pytest.mark.slow
def test_xquad_questions_stay_questions_with_the_same_answers(analyzer):
    questions = load_questions(XQUAD / "questions.jsonl")
    for doc in sorted({q.doc for q in questions}):
        same_answers(Engine([load_document(XQUAD / "docs" / doc)], analyzer), [q for q in questions if q.doc == doc])


def test_a_follow_up_without_its_subject_is_told_to_reply(conversation):
    answer = conversation.ask("а за какой период?")
    assert (answer.intent, answer.found, answer.reason) == ("question", False, "needs_subject")
    assert conversation.ask("Когда он родился?").reason != "needs_subject"  # only «а …», «и …»
    assert conversation.ask("Почему?").reason == "needs_subject"  # a question word alone asks of an earlier answer


def test_a_follow_up_the_earlier_answer_cannot_answer_is_asked_as_a_question(conversation):
    tender = conversation.ask("Кто выиграл тендер?")
    key = subject_key_of(tender, conversation.engine.library)
    answer = conversation.ask("а где снимали фильм?", subject=key)  # nothing of the tender says where
    assert answer.found and answer.intent == "question" and "Документальный фильм" in answer.passages[0].text
    assert conversation.ask("а сколько это будет стоить?", subject=key).found is False  # still declined


def test_a_message_naming_a_topic_of_its_own_is_a_new_question_not_a_follow_up(conversation):
    bank = subject_key_of(conversation.ask("какой банк назначили"), conversation.engine.library)
    trade = conversation.ask("какой товарооборот", subject=bank)  # not the bank's quote again
    assert trade.found and "36,86 млрд" in trade.passages[0].text
    visas = conversation.ask("что с визами", subject=bank)  # its own word matched by derivation: «безвизовом»
    assert visas.found and "безвизовом" in visas.passages[0].text
    who = conversation.ask("кто такой токаев", subject=bank)
    assert who.intent == "entity" and "Токаев" in who.passages[0].text
    visits = conversation.ask("а сколько раз он был в Китае?", subject=subject_key_of(who, conversation.engine.library))
    assert visits.found and "дважды" in visits.passages[0].text
    figure = subject_key_of(conversation.ask("Каков объём товарооборота между Китаем и Казахстаном?"), conversation.engine.library)
    visa = conversation.ask("что с безвизом", subject=figure)
    assert visa.found and "безвизовом" in visa.passages[0].text
    assert conversation.ask("а в 2024?", subject=figure).found is False  # the article gives no 2024 figure
    nomination = conversation.ask("А в какой номинации?", subject=subject_key_of(
        conversation.ask("Какую премию получил документальный фильм?"), conversation.engine.library))
    assert nomination.intent == "followup" and "Лучшее видео" in nomination.passages[0].text


def test_who_is_a_name_spelt_otherwise_or_misspelt_finds_the_articles_mentions(engine):
    conversation = Conversation(engine)
    lowercase = conversation.ask("кто такой цзян вей")  # a name in small letters, «вей» a verb form to pymorphy
    assert lowercase.found and "Цзян Вэй" in lowercase.passages[0].text and ("вей", "Вэй") in lowercase.corrections
    for question in ("кто такой Токаеф", "кто такой Касым Жомарт", "что такое Синцзян", "кто такой Цзян Вей"):
        answer = conversation.ask(question)
        assert answer.found and answer.reason != "not_mentioned", question
    ma = conversation.ask("кто такой Ма Синьжуй")  # the article writes «Ма Синжуя»
    assert ma.found and "Ма Синжуя" in ma.passages[0].text
    assert conversation.ask("кто такой Петр").reason == "not_mentioned"


def test_a_chinese_name_in_pinyin_finds_the_articles_mentions_and_says_its_spelling(engine):
    conversation = Conversation(engine)
    xi = conversation.ask("Кто такой Xi Jinping?")
    assert xi.found and "Си Цзиньпин" in xi.passages[0].text
    assert ("Jinping", "Цзиньпин") in xi.corrections
    ma = conversation.ask("Ma Xingrui")  # a name alone, in Latin letters: not English
    assert ma.found and "Ма Синжуя" in ma.passages[0].text
    assert ("Ma Xingrui", "Ма Синжуй") in ma.corrections
    assert conversation.ask("what is this about").reason == "other_language"
    # another Chinese name sharing one syllable with the byline's «Цзян Вэй» is not read as it
    assert not conversation.ask("Zhang Wei").found and not conversation.ask("Что пишет Zhang Wei?").found
    assert conversation.ask("Jiang Wei").found
