"""Follow-ups: an answer's subject as a short key, read back with nothing kept in memory."""

import pytest

from bot.qa.conversation import Conversation
from bot.qa.followup import needs_subject
from bot.qa.subject import MAX_KEY_BYTES, Subject, parse_key, subject_key_of, subject_of


@pytest.fixture(scope="module")
def conversation(engine):
    return Conversation(engine)


def key_of(conversation, question):
    return subject_of(conversation.ask(question), conversation.engine.library).key()


def test_the_key_names_the_first_quote_and_the_matched_words(conversation):
    key = key_of(conversation, "Какую премию получил документальный фильм?")
    subject = parse_key(key, conversation.engine.library)
    assert subject.sentence_ids == (25,)
    text, words = conversation.followups.words(subject)
    assert [w.text for w in words] == ["Документальный", "фильм", "премию"]
    assert key_of(conversation, "Кто автор статьи?") == "m0a"


def test_keys_are_short_and_forged_ones_are_refused(conversation):
    library = conversation.engine.library
    long = Subject((5,), words=tuple(range(100, 200)))
    assert len(long.key()) <= MAX_KEY_BYTES and parse_key(long.key(), library).sentence_ids == (5,)
    for forged in ("", "x", "999999", "31+5", "m7a", "m0z", "m0photo", "5~" + "1." * 40, "-1"):
        assert parse_key(forged, library) is None


@pytest.mark.parametrize(
    "message, leans",
    [
        ("А в какой номинации?", True), ("а когда?", True), ("Почему?", True), ("а где он работает?", True),
        ("и сколько соглашений там подписали?", True), ("Когда это было?", True),
        ("А сколько раз Токаев посетил Китай?", False), ("Какую премию получил фильм?", False),
        ("Кто выиграл тендер на реконструкцию ТЭЦ?", False),
        ("А у Синьцзяна?", True), ("а Токаев?", True),  # the earlier question asked of another name
        ("А Токаев посетил Китай?", False), ("Синьцзян?", False),
        ("а какой фильм получил премию?", False),  # three words of its own: a question
    ],
)
def test_which_messages_lean_on_the_earlier_answer(analyzer, message, leans):
    assert needs_subject(message, analyzer) is leans


@pytest.mark.parametrize(
    "previous, message, expected",
    [
        ("Какую премию получил документальный фильм?", "А в какой номинации?", "Лучшее видео"),
        ("Каков объём товарооборота между Китаем и Казахстаном?", "а за какой период?", "с января по ноябрь 2023"),
        ("Сколько раз Токаев посетил Китай в прошлом году?", "а в каких мероприятиях он участвовал?", "первом саммите"),
        ("Кто такой Ма Синжуй?", "А когда он приезжал в Казахстан?", "В марте прошлого года"),
        ("Кто автор статьи?", "а где он работает?", "Генеральный консул КНР в Алматы"),
        ("Какую премию получил документальный фильм?", "А кто его создал?", "совместно созданный двумя сторонами"),
        ("Сколько раз Токаев посетил Китай?", "А с кем он вёл переговоры?", "Председатель Си Цзиньпин"),
        ("Что готово делать Генеральное консульство?", "А с кем?", "с казахстанской стороной"),
        ("На сколько процентов выросла торговля Синьцзяна с Казахстаном?", "А в каком году?", "2023 года"),
        ("Кто такой Ма Синжуй?", "А какую должность он занимает?", "секретаря парткома"),  # the line saying who
        ("Какую железную дорогу начали строить?", "а какая она по счёту?", "третьей"),
        ("Какой банк назначен в Казахстане?", "а по каким операциям?", "операциям в юанях"),
        ("Какой банк назначили?", "а где?", "на территории Республики Казахстан"),  # a kind of place and its name
        ("Какой объём товарооборота?", "а у Синьцзяна?", "объем торговли Синьцзяна с Казахстаном"),
        ("Кто такой Ма Синжуй?", "а Токаев?", "Токаев"),  # the new name, not the subject's
        ("Когда опубликована статья?", "а где?", "Kazakhstan Today"),  # after a line about the publication: its lines
        ("Кто автор статьи?", "а когда?", "03.01.2024"), ("Кто автор статьи?", "а во сколько?", "10:27"),
        ("Кто такой Цзян Вэй?", "что он пишет о Синьцзяне?", "Синьцзян"),  # the author: what the text says
        ("Что было в 2023 году?", "а в 2024?", "В 2024 году"), ("Что было в прошлом году?", "а в этом году?", "В 2024 году"),
        ("Кто такой Цзян Вэй?", "а во что он верит?", "Я верю"), ("Кто такой Цзян Вэй?", "когда он написал статью?", "03.01"),
    ],
)
def test_a_follow_up_is_answered_about_the_earlier_subject(conversation, previous, message, expected):
    answer = conversation.ask(message, subject=key_of(conversation, previous))
    assert answer.intent == "followup" and answer.found
    assert expected in answer.passages[0].text


@pytest.mark.parametrize(
    "previous, message",
    [
        ("Кто выиграл тендер на реконструкцию ТЭЦ?", "а сколько это будет стоить?"),  # «№ 2» counts nothing
        ("Сколько раз Токаев посетил Китай?", "А сколько ему лет?"),  # «3-м Форуме» neither, «году» is common
        ("Какую премию получил документальный фильм?", "И сколько зрителей его посмотрело?"),  # 2023 is a year
    ],
)
def test_a_follow_up_the_article_does_not_answer_is_declined(conversation, previous, message):
    answer = conversation.ask(message, subject=key_of(conversation, previous))
    assert (answer.intent, answer.found) == ("followup", False)


def test_a_new_question_in_a_reply_is_answered_on_its_own(conversation):
    key = key_of(conversation, "Филиал какого университета открылся?")
    answer = conversation.ask("А сколько раз Токаев посетил Китай?", subject=key)
    assert answer.intent == "question" and "дважды посетил" in answer.passages[0].text
    assert answer == conversation.ask("А сколько раз Токаев посетил Китай?")


def test_an_answer_to_a_follow_up_keeps_the_subject_it_was_read_with(conversation):
    key = key_of(conversation, "Какую премию получил документальный фильм?")
    answer = conversation.ask("А в какой номинации?", subject=key)
    assert answer.subject == key


def test_a_follow_up_about_a_person_asking_how_many_finds_the_line_saying_it_in_words(engine):
    conversation = Conversation(engine)
    first = conversation.ask("Кто такой Токаев?")
    answer = conversation.ask("сколько раз он был в Китае?", subject=subject_key_of(first, engine.library))
    assert answer.found and "дважды посетил" in answer.passages[0].text  # «дважды» counts, with no figure


def test_a_follow_up_naming_a_year_no_quote_of_the_subject_gives_is_declined(engine):
    conversation = Conversation(engine)
    first = conversation.ask("Каков объём товарооборота?")
    key = subject_key_of(first, engine.library)
    assert not conversation.ask("а в 2024?", subject=key).found  # the 2023 figure is no answer for 2024
    assert "36,86" in conversation.ask("а в 2023?", subject=key).passages[0].text


def test_a_follow_up_naming_a_year_wants_the_subjects_own_rarest_word_in_the_quote(engine):
    conversation = Conversation(engine)
    first = conversation.ask("Какой товарооборот между Китаем и Казахстаном?")
    # «В 2024 году мы откроем…» holds the year and «Китай», not «товарооборот»: no answer to the trade in 2024
    assert not conversation.ask("а в 2024?", subject=subject_key_of(first, engine.library)).found


def test_a_how_many_follow_up_about_a_person_whose_lines_hold_no_count_is_not_answered_with_them(engine):
    conversation = Conversation(engine)
    first = conversation.ask("Кто такой Си Цзиньпин?")
    answer = conversation.ask("сколько раз он был в Казахстане?", subject=subject_key_of(first, engine.library))
    assert not answer.found
