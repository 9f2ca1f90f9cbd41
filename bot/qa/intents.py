"""What a message is: small talk, a request for what the article is about, a question about a name, or a question.

Small talk and "what is it about" are recognised only when the *whole* message is made of their
phrases and of filler words (the bot's name, «пожалуйста», «бот», «статья», «это»…): any word left
over is a topic, so the message is a question. "Привет, сколько раз Токаев был в Китае?" is a
question; its greeting is dropped before the search (`Intent.question`). A question about a name
has one of the forms «Кто такой X», «Что такое X», «Что за X», «Что известно о X», «Расскажи про X»,
«X — это кто?»; whether X is a name is for `bot.qa.entities` to say. The phrase lists are general
Russian (and a few English words), not words of any article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.analysis import Analyzer, normalize

GREETING, THANKS, FAREWELL, HELP = "greeting", "thanks", "farewell", "help"
REACTION, RUDE = "reaction", "rude"  # «да», «хм»; «ты тупой», «бред»: no question, a short polite reply
PRIORITY = (HELP, FAREWELL, RUDE, THANKS, GREETING, REACTION)  # the kind a message of several kinds gets
# Phrases of each kind of small talk, over the message's words lowercased, ё read as е, one space
# apart; applied in this order (rudeness first: «не помогло» is no thanks; thanks before help: «спасибо за помощь»
# is thanks, not a call for help).
_SMALLTALK = (
    (RUDE, r"туп(?:ой|ая|ое|ица|ишь)|дура|дурак|идиот\w*|дебил\w*|глуп(?:ый|ая|ое|о|ость)|бесполезн\w*|бестолков\w*"
     r"|ерунд\w*|бред|чушь|фигня|отстой|ужасн\w*|(?:очень )?плохо(?:й)?|не помог(?:ло|ла|ает)?|не то|неправильно|мимо"
     r"|ничего не понятно|не понял[аи]?|непонятно|(?:ты )?ошиб(?:ся|лась|аешься)|ошибка|не так|бесполез\w*"
     r"|заткнись|отвали|иди (?:нафиг|лесом|в баню)|(?:это )?не ответ|stupid|useless|wrong"
     r"|(?:это )?(?:неправильн|неверн|не тот|плох)\w* ответ|(?:бот |ты )?не работае(?:т|шь)|(?:ты )?не ответил[аи]? на (?:мой )?вопрос|(?:ты )?не отвечае(?:т|шь)(?: на вопрос)?"),
    (THANKS, r"(?:большое |огромное )?(?:спасибо|спасибочки|спасибки|спасиб|спс|пасиб[оа]?|благодарю|благодарствую|мерси)"
     r"(?: тебе| вам)?(?: большое| огромное)?(?: за (?:помощь|ответ\w*|информаци\w*|подсказк\w*))?"
     r"|thanks?(?: you)?(?: a lot)?|thx|сенкс|признател(?:ен|ьна)|понятно|ясно|понял|поняла|хорошо|отлично|супер|класс"
     r"|круто|ок|окей|ok|okay|ладно|здорово|(?:очень )?помогл[оаи]|(?:ты )?помог|молодец|умница|красавчик"),
    (FAREWELL, r"пока(?: пока)?|покеда|до свидания|досвидания|до встречи|до новых встреч|до скорого|до связи|до завтра"
     r"|всего (?:доброго|хорошего)|прощай(?:те)?|бывай(?:те)?|счастливо|бай|bye|goodbye|увидимся|спокойной ночи"
     r"|хорошего (?:дня|вечера)|удачи"),
    (HELP, r"(?:что|чем) (?:же )?(?:ты|вы) (?:умеешь|умеете|можешь|можете|знаешь|знаете|делаешь|делаете)(?: делать| помочь)?"
     r"|что (?:умеешь|можешь)|чем (?:ты|вы) (?:можешь|можете) (?:мне |нам )?помочь|как (?:тебя|вас) зовут"
     r"|(?:ты|вы) (?:бот|робот)|расскажи(?:те)? о себе|представь(?:ся|тесь)|зачем (?:ты|вы) нуж\w*|для чего (?:ты|вы)"
     r"|как (?:тобой |вами |этим )?пользоваться|как (?:это |ты |вы |бот )?работае\w*|как (?:задать|задавать) (?:тебе |вам )?вопрос\w*"
     r"|что (?:тут|здесь|мне) делать|что (?:можно|мне) (?:у тебя |у вас )?спросить|о чем (?:тебя|вас) (?:можно )?спросить"
     r"|с чего начать|какие (?:у тебя |у вас )?(?:есть )?команды|что (?:ты|вы) за бот|помощь|помоги(?:те)?|справка"
     r"|инструкция|help(?: me)?|хелп|команды|меню"
     r"|(?:кто|что) (?:же )?(?:ты|вы)(?: такое| такой| такая| есть)?|(?:ты|вы) кто(?: такой| такая)?"),
    (GREETING, r"привет|приветик|приветики|приветствую(?: вас| тебя)?|здравствуй(?:те)?|здрасьте|здрасте|здорово|хай"
     r"|хелло|хеллоу|hello|hi|hey|хей|салют|салам|доброе утро|с добрым утром|добрый (?:день|вечер)|доброй ночи"
     r"|доброго (?:дня|утра|вечера|времени суток)|как (?:дела|ты|вы|жизнь|поживаешь|поживаете|настроение)"),
    (REACTION, r"да|нет|неа|ага|угу|хм+|мм+|э+|эх|ох|ах|ого|вау|wow|ну ладно|ясненько|бывает|так так|ну и ну|ну да"
     r"|лол|lol|ха(?:ха)+|аха+|кек"),
)
_SMALLTALK_FILLERS = frozenset(
    "бот бота боту ботик друг дружище ну эй ой а и же вот очень большое огромное тебе вам всем ты вы снова ещё еще "
    "раз мне нам так пожалуйста плиз please всё все мой уважаемый уважаемая дорогой там тут здесь у тебя вас "
    "ага да вообще тогда это какая-то какой-то".split()
)
# Asking what the whole text is about.
_ABOUT = re.compile(
    r"\b(?:о чем|про что|кратко|вкратце|коротко|в двух словах|двумя словами|в паре слов|в целом|содержани\w*|пересказ\w*"
    r"|перескаж\w*|пересказать|резюм\w*|суть|смысл|тема|темы|тему|тематик\w*|главн\w*|основн\w*|мысль|мысли"
    r"|иде[яиюей]|тезис\w*|ключев\w* (?:момент|мысл|иде)\w*|конспект\w*|обзор\w*|итог\w*|summary|саммари|tldr|tl dr"
    r"|раздел(?:ы|ов|ах)|оглавлени\w*|структур\w*"
    r"|выжимк\w*|аннотаци\w*|(?:расскаж|опиш|излож|объясн)\w* (?:о |об |про )?(?:стать|текст|материал|новост)\w*"
    r"|что (?:в|говорится в|написано в|пишут в|сказано в) (?:стать|текст|материал|новост)\w*|что (?:тут|здесь) написано)\b"
)
_ABOUT_FILLERS = frozenset(
    "статья текст новость материал колонка публикация документ заметка сообщение это этот эта данный сей вот "
    "сделать дать написать рассказать сказать мочь можно пожалуйста please говориться писать написать рассказываться "
    "идти речь быть какой каков что чем в о об про и а ну мне нам краткий короткий двух словах весь всё вообще бот она "
    "он оно ее её его целое сформулировать объяснить изложить передать основной главный свой слово пара подвести "
    "тут здесь сколько есть иметься состоять".split()
)
_ENTITY_FORMS = tuple(
    re.compile(form)
    for form in (
        r"^(?:а |и |ну |скажи(?:те)? )?кто (?:же )?(?:такой|такая|такие|такое|это такой|это такая|это)\s+(?P<name>.+)$",
        r"^(?:а |и |ну )?что (?:же )?(?:такое|это такое|это за|за)\s+(?P<name>.+)$",
        r"^(?:а |и |ну )?(?:что|чего) (?:в (?:статье|тексте) )?(?:ты |вы )?(?:известно|знаешь|знаете|можешь сказать|можете сказать|говорится"
        r"|сказано|пишут|написано|рассказывается)(?: в (?:статье|тексте))? (?:о|об|обо|про)\s+(?P<name>.+)$",
        r"^(?:а |и |ну )?(?:расскажи|расскажите|поведай|опиши|опишите)(?: мне| нам)?(?: подробнее| подробно| немного"
        r"| вкратце)? (?:о|об|обо|про)\s+(?P<name>.+)$",
        r"^(?:информация|подробности|сведения|подробнее) (?:о|об|обо|про)\s+(?P<name>.+)$",
        r"^(?P<name>.+?)(?:\s*[—–,]\s*(?:это\s+)?|\s+-\s+(?:это\s+)?|\s+это\s+)(?:кто|что)(?: такой| такая| такое"
        r"| такие| это| это такой| это такая)?$",
    )
)
# What a question may open with out of politeness, dropped before the search: greetings, thanks, «подскажите».
_OPENING = re.compile(
    r"(?<!\S)(?:привет|приветик|приветики|приветствую|здравствуй(?:те)?|здрасьте|здрасте|хай|хелло|hello|hi|hey|салют"
    r"|доброе утро|добрый (?:день|вечер)|доброй ночи|доброго (?:дня|утра|вечера)|спасибо(?: большое| огромное)?"
    r"|спасибочки|спс|благодарю|мерси|thanks|thank you|помоги(?:те)?|подскажи(?:те)?|скажи(?:те)?|пожалуйста"
    r"|будьте (?:добры|любезны)|извини(?:те)?|простите)(?!\S)"
)
OPENING_WORDS = 3  # the longest opening phrase («доброго времени суток») read before the question
_WORD = re.compile(r"[^\W\d_]+(?:[-‐‑][^\W\d_]+)*|\d+", re.U)
_MENTION = re.compile(r"@\w+")
_INTERJECTION = re.compile(r"([аоэуыих])\1+|а+г+а+|у+г+у+|м+|х+м+|о+п+")  # «ааа понятно», «ммм», «хм»
# The bot addressed before the question: «@article_bot …», «бот, …», «эй, бот: …» (never searched).
_ADDRESS = re.compile(r"^\s*(?:@\w+[\s,:—–-]*|(?:эй[\s,]+)?(?:бот|ботик|bot)\s*[,:!—–-]\s*|эй[\s,]+(?:бот|bot)\s+)+", re.I)


@dataclass(frozen=True)
class Intent:
    """What a message is: `kind` (question, smalltalk, about, entity), `topic` (the small talk's
    kind or the name asked about) and `question` (the text to search: the message without the
    greeting, thanks or request for help it opens with)."""

    kind: str
    question: str
    topic: str = ""


class IntentDetector:
    """Tells small talk, "what is it about" and questions about names from other questions."""

    def __init__(self, analyzer: Analyzer) -> None:
        """Filler words of "what is it about" are compared by lemma (статья, статьи, статье)."""
        self.analyzer = analyzer
        self._smalltalk = [(kind, re.compile(rf"(?<!\S)(?:{pattern})(?!\S)")) for kind, pattern in _SMALLTALK]

    def detect(self, message: str) -> Intent:
        """The intent of one message (a question unless its whole text says otherwise)."""
        words = self.words(message)
        if not words:
            return Intent("question", message)
        smalltalk = self.smalltalk(words)
        if smalltalk:
            return Intent("smalltalk", message, smalltalk)
        if self.about(words):
            return Intent("about", message)
        question = self.without_courtesy(message)
        name = self.asked_name(question)
        if name:
            return Intent("entity", question, name)
        return Intent("question", question)

    def words(self, message: str) -> list[str]:
        """The message's words and numbers, lowercased, ё read as е, the bot's @name left out."""
        return _WORD.findall(normalize(_MENTION.sub(" ", message)))

    def smalltalk(self, words: list[str]) -> str | None:
        """The kind of small talk the words are (help, farewell, thanks, greeting), or None.

        Every word must belong to a small-talk phrase or be a filler; of several kinds, `PRIORITY` decides.
        """
        text = " ".join(words)
        found = set()
        for kind, pattern in self._smalltalk:
            if pattern.search(text):
                found.add(kind)
                text = pattern.sub(" ", text)
        if not found or any(w not in _SMALLTALK_FILLERS and not _INTERJECTION.fullmatch(w) for w in text.split()):
            return None
        return next(kind for kind in PRIORITY if kind in found)

    def about(self, words: list[str]) -> bool:
        """True when the words ask what the text is about and name nothing in it."""
        text = " ".join(words)
        if not _ABOUT.search(text):
            return False
        rest = _ABOUT.sub(" ", text).split()
        return all(w in _ABOUT_FILLERS or self.analyzer.lemma(w) in _ABOUT_FILLERS for w in rest)

    def without_courtesy(self, message: str) -> str:
        """The message without the address to the bot («@bot», «бот,»), the greeting, thanks or «подскажите,
        пожалуйста» it opens with (the question itself)."""
        addressed = _ADDRESS.sub("", message, count=1)
        message = addressed if addressed != message and _WORD.search(addressed) else message
        cut = 0
        for number, match in enumerate(_WORD.finditer(message)):
            lead = " ".join(self.words(message[: match.end()]))
            rest = _OPENING.sub(" ", lead).split()
            if not all(w in _SMALLTALK_FILLERS for w in rest):
                if number >= OPENING_WORDS - 1:
                    break
                continue  # «Доброе» may begin «Доброе утро»
            if _OPENING.search(lead):
                cut = match.end()
        rest = message[cut:].lstrip(" ,.!:;—–-\t")
        return rest if cut and _WORD.search(rest) else message

    def asked_name(self, message: str) -> str:
        """The X of «Кто такой X?», «Что известно о X?», «Расскажи про X»…; empty for any other message."""
        text = re.sub(r",?\s*\bпожалуйста\b\s*,?", " ", message.strip().rstrip("?!. "), flags=re.I)
        text = re.sub(r"\s+", " ", text).strip()
        lowered = normalize(text)
        for form in _ENTITY_FORMS:
            match = form.match(lowered)
            if match:
                start, end = match.span("name")
                name = text[start:end].strip(" \"'«»“”„.,:;!?—–-")
                name = re.sub(r"\s+(?:в|из) (?:статье|тексте|статьи|текста)$", "", name)
                return name if _WORD.search(name) else ""
        return ""
