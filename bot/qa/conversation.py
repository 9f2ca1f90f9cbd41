"""The conversation layer: every message a person sends, answered over one engine.

`Conversation.ask` is what Telegram, the console and `ask --json` call. It reads what the message
is (`bot.qa.intents`) and answers accordingly, with an `Answer` whose `intent` says which:

- `smalltalk`: a greeting, thanks, a farewell or «что ты умеешь» — `found` is False, no quote;
- `about`: «о чём статья», «перескажи» — the lead of the text, verbatim, as the passage;
- `entity`: «Кто такой X?» — the line saying who X is, then X's other mentions (`bot.qa.entities`),
  or `reason` `not_mentioned`; a name the text mentions in one sentence only, which the plain
  search quotes first anyway, is answered as a question (with context);
- `followup`: a message leaning on an earlier answer, given that answer's subject key
  (`bot.qa.followup`); «подробнее» and «а что ещё?» show its quote in context and the next quotes
  (`bot.qa.more`);
- `question`: everything else, through `Engine.ask` unchanged (a greeting it opens with is
  dropped first). A question with no Russian word that finds nothing gets `reason`
  `other_language` (`no_words` when it has no letters at all: «???», «😀»); one that opens
  like a follow-up («а когда?», «и где он работает?») but came without a subject and finds
  nothing gets `needs_subject` (a reply to the answer would do).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.qa.answer import Answer
from bot.qa.engine import DEFAULT_TOP_K, Engine
from bot.qa.entities import Entities
from bot.qa.followup import FollowUps, needs_subject, opens_follow_up, settle
from bot.qa.subject import Subject, parse_key
from bot.qa.intents import Intent, IntentDetector
from bot.qa.more import (
    DETAIL, SECTION, detail_answer, more_answer, more_request, nothing_more, section_about, section_answer,
    section_asked,
)
from bot.qa.topics import each_topic_answer
from bot.qa.translit import latin_reading_of
from bot.text.analysis import tokenize
from bot.text.names import is_cyrillic_word
from bot.text.pinyin import pinyin_names

MAX_ABOUT_DOCUMENTS = 5


class Conversation:
    """Answers messages (questions, small talk, "what is it about", names, follow-ups) over one engine."""

    def __init__(self, engine: Engine) -> None:
        """Share the engine's library, analyzer and passages; names are indexed on first use."""
        self.engine = engine
        self.intents = IntentDetector(engine.analyzer)
        self.entities = Entities(engine.library, engine.analyzer, engine.passages)
        self.followups = FollowUps(engine, self.entities)

    def ask(self, message: str, top_k: int = DEFAULT_TOP_K, doc_id: str | None = None, subject: str | None = None) -> Answer:
        """The answer to one message; `subject` is the key of the answer it replies to (see `bot.qa.followup`)."""
        message = message or ""
        if not message.strip():
            return self.engine.ask(message, top_k=top_k, doc_id=doc_id)
        intent = self.intents.detect(message)
        if intent.kind == "smalltalk":
            return Answer(message, False, reason="smalltalk", intent="smalltalk", topic=intent.topic)
        if intent.kind == "about":
            return self.about(message, doc_id)
        earlier = parse_key(subject, self.engine.library) if subject else None
        one = doc_id is not None or len(self.engine.documents) == 1  # «третий раздел» of which text, else?
        place = self.section_place(intent.question, doc_id) if one else None
        if place is not None:  # «О чём третий раздел?»: that section, as /section 3
            return self.section(message, place, doc_id)
        request = more_request(intent.question)
        if request is not None:
            answer = self.more(message, request, earlier, top_k, doc_id)
            if answer is not None:
                return answer
        if earlier is not None and intent.kind != "entity" and needs_subject(intent.question, self.engine.analyzer):
            answer = self.followups.answer(message, intent.question, earlier, top_k, doc_id)
            plain = lambda: self.question(message, intent.question, top_k, doc_id)  # noqa: E731 (asked when needed)
            return settle(self.engine.analyzer, intent.question, answer, plain)
        if intent.kind == "entity":
            answer = self.entity(message, intent, top_k, doc_id)
            if answer is not None:
                return answer
        answer = self.question(message, intent.question, top_k, doc_id)
        if not answer.found and answer.reason != "other_language" and opens_follow_up(intent.question, self.engine.analyzer):
            answer = replace(answer, reason="needs_subject")
        return answer

    def more(self, message: str, request: str, earlier: Subject | None, top_k: int, doc_id: str | None) -> Answer | None:
        """«Подробнее» (the earlier quote in its context), «А что ещё?» (the quotes after it) or «весь раздел», like
        the buttons; asked with no earlier answer, `needs_subject`."""
        number = re.search(r"\d+", message)
        if request == SECTION and number:  # «покажи раздел 3»: as /section 3
            return self.section(message, int(number.group()), doc_id)
        if earlier is None:
            return Answer(message, False, reason="needs_subject")
        if request == DETAIL:
            return detail_answer(self.engine, message, earlier)
        if request == SECTION:
            return section_answer(self.engine, message, earlier)
        nothing = nothing_more(message, earlier)
        if not earlier.sentence_ids:
            return nothing
        text, chosen = self.followups.words(earlier)
        for query in (" ".join(t.text for t in chosen), text):  # its matched words, else quotes like it
            if query:
                found = self.engine.ask(query, top_k=top_k + len(earlier.sentence_ids), doc_id=doc_id)
                answer = more_answer(found, message, earlier, top_k)
                if answer.found:
                    return answer
        return nothing

    def section(self, message: str, number: int, doc_id: str | None) -> Answer:
        """A whole section by its number, sentence by sentence (`no_more` for a section the text lacks)."""
        passages = tuple(self.engine.section_passages(number, doc_id))
        return Answer(message, bool(passages), passages, 1.0 if passages else 0.0, "ok" if passages else "no_more")

    def question(self, message: str, question: str, top_k: int, doc_id: str | None) -> Answer:
        """A plain question through the engine (`question`: the message without its opening courtesy)."""
        answer = self.engine.ask(question, top_k=top_k, doc_id=doc_id)
        if answer.reason == "not_together":  # «фильм и театр»: two topics listed, never in one quote
            answer = each_topic_answer(self.engine, question, top_k, doc_id) or answer
        if question != message:
            answer = replace(answer, question=message)
        if not answer.found and _without_words(message, self.engine.analyzer):
            answer = replace(answer, reason="no_words")  # «???», «😀», «123», «ё»: asked to write a question in words
        elif not answer.found and not is_cyrillic_word(message):
            answer = self.in_latin_letters(message, question, top_k, doc_id) or replace(answer, reason="other_language")
        return answer

    def in_latin_letters(self, message: str, question: str, top_k: int, doc_id: str | None) -> Answer | None:
        """The answer to Russian typed in Latin letters («kto avtor statyi»), read in Cyrillic (`bot.qa.translit`),
        or to a Chinese name in pinyin («Ma Xingrui»), read in the Russian spelling (`bot.text.pinyin`);
        None when it does not look like Russian or the reading finds nothing."""
        reading = latin_reading_of(question, self.engine.analyzer, self.engine.speller, self.engine.reader.names.names_word)
        answer = self.ask(reading, top_k=top_k, doc_id=doc_id) if reading else None  # «spasibo»: small talk too
        if answer is None or not (answer.found or answer.intent == "smalltalk"):
            return None
        # the words no text holds are the reading's, not the user's («china visit» read as «чина висит»): not named
        return replace(answer, question=message, corrections=((question, reading), *answer.corrections), absent=())

    def about(self, message: str, doc_id: str | None) -> Answer:
        """What the text is about: the lead paragraph of each document (of one when `doc_id` is given), verbatim."""
        library = self.engine.library
        refs = [library.ref(doc_id)] if doc_id else library.refs[:MAX_ABOUT_DOCUMENTS]
        passages = []
        for ref in refs:
            document = ref.document
            if document.sections and document.paragraphs:
                first = document.sections[0].paragraph_ids[0]
                ids = tuple(ref.offset + i for i in document.paragraphs[first].sentence_ids)
                passages.append(self.engine.passages.quote(ids, 1.0, set()))
        return Answer(message, bool(passages), tuple(passages), 1.0 if passages else 0.0, "about", intent="about")

    @staticmethod
    def _as_the_texts_spell(name: str, corrections: tuple[tuple[str, str], ...]) -> str:
        """The asked name with its misspelt or otherwise transliterated words read as the texts' («Токаеф» → «Токаев»,
        «Синцзян» → «Синьцзян»): the question reader's `corrections` of it."""
        for typed, read in corrections:
            name = name.replace(typed, read, 1)
        return name

    def section_place(self, question: str, doc_id: str | None) -> int | None:
        """The section a message asks to see, by its place («третий раздел», «заключение») or by its title's words
        («раздел про дружбу»), or None."""
        document = self.engine.document(doc_id)
        return section_asked(question, document) or section_about(question, document, self.engine.analyzer.terms)

    def entity(self, message: str, intent: Intent, top_k: int, doc_id: str | None) -> Answer | None:
        """The answer to «Кто такой X?»; None when X is no name (the message is then a plain question)."""
        name = intent.topic
        mentions = self.entities.mentions(name, doc_id)
        corrections: tuple[tuple[str, str], ...] = ()
        if not mentions:  # «кто такой Токаеф», «кто такой цзян вей»: the name as the texts spell it
            titled = re.sub(r"(?<![^\W\d_])[^\W\d_]", lambda m: m.group().upper(), name)  # its words are names
            read = self.engine.reader.read(titled).corrections or self.engine.reader.read(name).corrections  # «суар»
            corrections = tuple((_as_typed(t, name), r[:1].upper() + r[1:]) for t, r in read)
            mentions = self.entities.mentions(self._as_the_texts_spell(name, corrections), doc_id)
        else:  # «Xi Jinping» found in the text's spelling: said so
            latin = [t.text for t in tokenize(name) if t.kind == "word" and not self.engine.reader.holds(t.norm)]
            corrections = tuple(pinyin_names(latin))
        if not self.entities.is_name(name, mentions):
            return None
        if not mentions:
            return Answer(message, False, reason="not_mentioned", intent="entity", topic=name)
        if not any(m.complete for m in mentions):
            return None
        if len(mentions) == 1 and mentions[0].line.sentence_id is not None:
            plain = self.question(message, intent.question, top_k, doc_id)
            top = plain.passages[0] if plain.found and plain.passages else None
            sentence = mentions[0].line.sentence_id
            if top is not None and top.sentence_id is not None and top.sentence_id <= sentence < top.sentence_id + top.sentence_count:
                return plain
        passages = tuple(self.entities.passage(m) for m in mentions[:top_k])
        return Answer(message, True, passages, 1.0, "entity", corrections=corrections, intent="entity", topic=name)


def _without_words(message: str, analyzer) -> bool:
    """Whether a message has no word of two letters and asks no follow-up («???», «123», «ё»; not «а?»)."""
    return not re.search(r"[^\W\d_]{2}", message) and not opens_follow_up(message, analyzer)


def _as_typed(word: str, text: str) -> str:
    """A word as the text types it, whatever its letters' case («Вей» in «кто такой цзян вей»: «вей»)."""
    at = text.lower().find(word.lower())
    return text[at : at + len(word)] if at >= 0 else word
