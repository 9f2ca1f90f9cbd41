"""Telling small talk, "what is it about" and questions about names from questions."""

import pytest

from bot.qa.intents import FAREWELL, GREETING, HELP, REACTION, RUDE, THANKS, IntentDetector


@pytest.fixture(scope="module")
def detector(analyzer):
    return IntentDetector(analyzer)


@pytest.mark.parametrize(
    "message, kind",
    [
        ("Привет", GREETING), ("привет!!!", GREETING), ("Здравствуйте, бот", GREETING), ("ДОБРЫЙ ВЕЧЕР", GREETING),
        ("доброе утро 🙂", GREETING), ("Hello", GREETING), ("Привет, @some_bot", GREETING), ("как дела?", GREETING),
        ("Спасибо большое!", THANKS), ("спс", THANKS), ("благодарю", THANKS), ("Понятно, спасибо", THANKS),
        ("Пока", FAREWELL), ("до свидания", FAREWELL), ("Спасибо, до встречи!", FAREWELL), ("всего доброго", FAREWELL),
        ("Спасибо за помощь!", THANKS), ("Огромное спасибо", THANKS), ("досвидания", FAREWELL), ("до связи", FAREWELL),
        ("Расскажи о себе", HELP), ("как это работает?", HELP), ("что можно спросить?", HELP),
        ("Приветствую вас", GREETING), ("Отлично, спасибо, пока", FAREWELL),
        ("Кто ты?", HELP), ("ты кто такой", HELP), ("Что ты умеешь?", HELP), ("что вы можете?", HELP),
        ("Помощь", HELP), ("help", HELP), ("Привет! Что ты умеешь делать?", HELP), ("как тобой пользоваться?", HELP),
        ("да", REACTION), ("Нет", REACTION), ("хм", REACTION), ("ммм...", REACTION), ("Да, спасибо", THANKS),
        ("Ты тупой", RUDE), ("Бот, ты идиот!", RUDE), ("бред", RUDE), ("не помогло", RUDE), ("Спасибо, дурак", RUDE),
        ("это неправильно", RUDE), ("ты ошибся", RUDE), ("не понял", RUDE), ("фигня какая-то", RUDE), ("это не то", RUDE),
        ("заткнись", RUDE), ("это не ответ", RUDE), ("Ты бесполезен", RUDE), ("лол", REACTION), ("Молодец!", THANKS),
        ("бот не работает", RUDE), ("ты не ответил на вопрос", RUDE), ("это неправильный ответ", RUDE),
        ("ааа понятно", THANKS), ("угу, спасибо", THANKS), ("оооо ясно", THANKS),  # an interjection before
    ],
)
def test_small_talk_in_any_common_form(detector, message, kind):
    intent = detector.detect(message)
    assert (intent.kind, intent.topic) == ("smalltalk", kind)


@pytest.mark.parametrize(
    "message",
    ["О чём статья?", "о чем этот текст", "Какие разделы есть в статье?", "Сколько разделов в статье?", "Краткое содержание", "перескажи, пожалуйста", "Кратко перескажи",
     "Какая главная мысль статьи?", "В чём суть?", "О чём говорится в статье?", "Сделай краткий пересказ", "тема текста",
     "расскажи о статье", "Что в статье?", "основные тезисы", "Ключевые моменты текста", "Что тут написано?",
     "Кратко о главном", "перескажи своими словами"],
)
def test_what_the_text_is_about(detector, message):
    assert detector.detect(message).kind == "about"


@pytest.mark.parametrize(
    "message",
    [
        "Привет, сколько раз Токаев был в Китае?",  # a greeting before a question
        "Спасибо! А какую помощь получил Казахстан?",
        "О чём договорились главы государств?",  # «о чём» with a topic
        "В двух словах: сколько соглашений подписали?",
        "Помогают ли Китай и Казахстан друг другу?",
        "Хорошо ли развивается торговля?",  # «хорошо» is thanks only on its own
        "Пока не понял: какие товары продаёт Казахстан?",
        "Как дела у торговли между странами?",
        "Главная мысль второго раздела?",
        "Что это?",
        "Как работает альянс?",
        "В чём суть соглашения?",
        "Итоги года?",
        "Нет ли в статье данных о ВВП?",  # «нет», «плохо», «мимо» are reactions only on their own
        "Плохо ли идут дела у Казахстана?",
        "Да, а когда подписали соглашение?",
    ],
)
def test_a_message_with_a_topic_is_a_question(detector, message):
    assert detector.detect(message).kind not in ("smalltalk", "about")


@pytest.mark.parametrize(
    "message, question",
    [
        ("Привет, сколько раз Токаев был в Китае?", "сколько раз Токаев был в Китае?"),
        ("Здравствуйте! Подскажите, какой товарооборот?", "какой товарооборот?"),
        ("Помоги, пожалуйста: какой фильм получил премию?", "какой фильм получил премию?"),
        ("Хорошо ли развивается торговля?", "Хорошо ли развивается торговля?"),
        ("Приветствует ли Китай визиты?", "Приветствует ли Китай визиты?"),
        ("Помощь какая была оказана?", "Помощь какая была оказана?"),
        ("Доброе утро! Что с безвизом?", "Что с безвизом?"),  # a greeting of two words
        ("Добрые соседи Казахстана?", "Добрые соседи Казахстана?"),
    ],
)
def test_a_greeting_or_thanks_before_a_question_is_dropped_before_the_search(detector, message, question):
    assert detector.detect(message).question == question


@pytest.mark.parametrize(
    "message, name",
    [
        ("Кто такой Токаев?", "Токаев"), ("кто такая Алла Пугачёва", "Алла Пугачёва"),
        ("Что такое Newsky Award?", "Newsky Award"), ("Что за «Мастерская Лу Баня»?", "Мастерская Лу Баня"),
        ("Что известно о Си Цзиньпине?", "Си Цзиньпине"), ("что ты знаешь про театр Баурсак", "театр Баурсак"),
        ("Расскажи, пожалуйста, про Ма Синжуя", "Ма Синжуя"), ("Kazakhstan Today — это кто?", "Kazakhstan Today"),
        ("Токаев - это кто такой?", "Токаев"), ("Что говорится в статье об Алматы?", "Алматы"),
        ("Что в статье сказано про Лу Бань?", "Лу Бань"),
    ],
)
def test_the_name_a_question_asks_about(detector, message, name):
    intent = detector.detect(message)
    assert (intent.kind, intent.topic) == ("entity", name)


def test_other_questions_ask_about_no_name(detector):
    for message in ("Кто выиграл тендер?", "Что готово делать консульство?", "Кто был вождём норманнов?"):
        assert detector.detect(message).kind == "question"
