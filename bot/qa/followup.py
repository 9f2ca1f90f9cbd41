"""Follow-up questions: «А в какой номинации?» read together with the answer it follows.

A follow-up needs the subject of the earlier answer, which the answer carries as a short key (`bot.qa.subject`).

A message is read as a follow-up (`needs_subject`) when it points back («он», «там», «тогда»,
«это»), or opens with «а» / «и» or names at most one thing, and names no person or place of its
own: «А сколько раз Токаев посетил Китай?» is a new question. A follow-up whose pronoun stands
for a person of the subject (он, она, его…) is answered from the lines that mention that person,
the one sharing the follow-up's words or holding what its question word asks for first; any
other follow-up is searched as its own words plus the subject's. A message naming a topic of its own that the
follow-up's quote lacks («какой товарооборот» after the bank) is a question of its own (`settle`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.qa.answer import Answer, Passage
from bot.qa.library import Library
from bot.qa.subject import Subject
from bot.qa.metadata import AUTHOR_WORDS, metadata_passage
from bot.qa.asked import asked_kind, holds_kind
from bot.text.analysis import Analyzer, Token, tokenize
from bot.text.dates import relative_years
from bot.text.names import NameSpan, name_spans, name_word

if TYPE_CHECKING:
    from bot.qa.engine import Engine
    from bot.qa.entities import Entities

# «он», «она» and their forms stand for one person; «они», «это», «там», «тогда» for anything said before.
PERSONAL = frozenset("он она его её ее ему ей него неё нее нему ней ним нём нем".split())
ANAPHORA = PERSONAL | frozenset(
    "оно они им ими их ними них там туда оттуда тогда тот та те того той тем тех этот эта это эти этого этой этом "
    "этих этим этому этими".split()
)
OPENERS = frozenset("а и ну ещё еще также тоже".split())
COMPLETE_QUESTION_WORDS = 3  # content words from which «а …» without a pronoun is a question of its own
# A number that counts: not a «№ 2» (a name), not an ordinal («3-м»), not a year («2023»).


def needs_subject(message: str, analyzer: Analyzer) -> bool:
    """Whether a message leans on an earlier answer: it points back, or it is a bare «а …» naming no one and asking
    less than a question of its own (`COMPLETE_QUESTION_WORDS`), or «а» and one word («А у Синьцзяна?»)."""
    tokens = [t for t in tokenize(message) if t.kind == "word"]
    words = [t.norm for t in tokens]
    if not words:
        return False
    if any(w in ANAPHORA for w in words):
        return True
    named = any(name_word(analyzer, t, initial=i == 0) for i, t in enumerate(tokens))
    own = analyzer.terms(message)
    content = {t for t in own if not t.startswith("~")}
    if words[0] in OPENERS and len(content) <= 1:
        return True  # «А у Синьцзяна?»: the earlier question asked of another name
    if len(content) >= COMPLETE_QUESTION_WORDS:
        return False  # «а какой фильм получил премию?»: a question of its own
    return not named and (words[0] in OPENERS or len(own) <= 1)


def opens_with_and(message: str) -> bool:
    """Whether a message opens like a follow-up, with «а», «и», «ну», «ещё»… (`OPENERS`: «А в какой номинации?»)."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    return bool(words) and words[0] in OPENERS


def opens_follow_up(message: str, analyzer: Analyzer) -> bool:
    """A message that opens like a follow-up («а …», «и …») and leans on an earlier answer, or a question word
    alone («Когда?», «Почему?»: it asks of something said before)."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    if not words:
        return False
    if all(len(w) == 1 for w in words) and words[0] not in ("а", "и"):
        return False  # «ё», «ж»: no question word, only a stray letter
    return (words[0] in ("а", "и") and needs_subject(message, analyzer)) or not analyzer.terms(message)


class FollowUps:
    """Answers follow-ups over an engine: the subject's words back from its key, then a search or the person's lines."""

    def __init__(self, engine: Engine, entities: Entities) -> None:
        """The engine searches; `entities` finds a person's lines."""
        self.engine = engine
        self.entities = entities
        self.library: Library = engine.library
        self.analyzer: Analyzer = engine.analyzer

    def quote_text(self, subject: Subject) -> str:
        """The text of the subject's quote: its sentences as quoted, or its metadata line."""
        if subject.metadata is not None:
            index, field = subject.metadata
            document = self.library.refs[index].document
            return document.metadata.line(document.text, field) or ""
        return self.engine.passages.quote(subject.sentence_ids, 0.0, set()).text

    def words(self, subject: Subject) -> tuple[str, list[Token]]:
        """The subject's quote and its matched words (for a metadata line without any: the names in it)."""
        text = self.quote_text(subject)
        tokens = tokenize(text)
        chosen = [tokens[i] for i in subject.words if i < len(tokens)]
        if not chosen and subject.metadata is not None:
            chosen = [t for n in name_spans(text, self.analyzer) if n.person for t in n.words]
        return text, chosen

    def person(self, text: str, chosen: list[Token]) -> NameSpan | None:
        """The person (else any name but a place) of the quote whose words the subject holds."""
        starts = {t.start for t in chosen}
        touched = [n for n in name_spans(text, self.analyzer) if any(w.start in starts for w in n.words)]
        return next((n for n in touched if n.person), None) or next((n for n in touched if not n.place), None)

    def answer(self, message: str, question: str, subject: Subject, top_k: int, doc_id: str | None) -> Answer:
        """The answer to a follow-up `question` (the message without its courtesy) about `subject`."""
        key = subject.key()
        line = self.publication_line(question, subject)
        if line is not None:
            return Answer(message, True, (line,), 1.0, "metadata", intent="followup", subject=key)
        text, chosen = self.words(subject)
        asked = tokenize(question)
        tokens = [t for t in asked if t.kind == "word"]
        person = self.person(text, chosen) if PERSONAL.intersection(t.norm for t in tokens) else None
        if person is not None:
            passages = self._about_person(question, person, top_k, doc_id)
            if passages and all(p.kind == "metadata" for p in passages) and self.asks_beyond_the_byline(question):
                chosen = []  # «что он пишет о Синьцзяне?» of the author: what the text says, not his byline again
            elif passages:
                return Answer(message, True, passages, 1.0, "followup", intent="followup", subject=key)
        if any(name_word(self.analyzer, t, initial=i == 0) for i, t in enumerate(tokens)):
            chosen = [t for t in chosen if not name_word(self.analyzer, t, initial=False)]  # «а Токаев?»: his, not Ма's
        years = relative_years(question, self.engine.reader.year)
        numbers = {t.norm for t in asked if t.kind == "number"} | {number for number, _ in years}
        if numbers:
            chosen = [t for t in chosen if t.kind != "number"]  # «а в 2024?» after 2023: that year, not both
        combined = f"{question} {' '.join(t.text for t in chosen)}".strip()
        found = self.engine.ask(combined, top_k=top_k, doc_id=doc_id)
        if found.found and numbers and not self.holds_year_and_subject(found.passages[0], numbers, chosen):
            # «а в 2024?» after the 2023 trade figure: no quote gives that year's, the earlier one is no answer
            return Answer(
                message, False, confidence=found.confidence, reason="not_together", intent="followup", subject=key
            )
        if found.found and not self.answers_itself(question, found.passages[0]):
            return Answer(message, False, confidence=found.confidence, reason="no_match", intent="followup", subject=key)
        return Answer(
            message, found.found, found.passages, found.confidence, found.reason,
            found.query_terms, found.corrections, intent="followup", topic=found.topic, subject=key, absent=found.absent,
        )

    def holds_year_and_subject(self, passage: Passage, numbers: set[str], chosen: list[Token]) -> bool:
        """Whether a quote found for «а в 2024?» holds that year and the subject's rarest word (in the texts' idf:
        «товарооборот», not «Китай»), so that it speaks of the same thing in that year."""
        terms = self.terms_of(passage)
        words = [t for token in chosen for t in self.analyzer.token_terms(token) if t in self.engine.index.idf]
        rarest = max(words, key=lambda t: self.engine.index.idf[t], default=None)
        return bool(numbers & terms) and (rarest is None or rarest in terms)

    def terms_of(self, passage: Passage) -> set[str]:
        """The terms of a quoted passage's sentences as the index holds them (a relative year as its number too)."""
        if passage.sentence_id is None:
            return set(self.analyzer.terms(passage.text))
        start = passage.sentence_id
        return self.engine.abstention.quote_terms(tuple(range(start, start + passage.sentence_count)))

    def asks_beyond_the_byline(self, question: str) -> bool:
        """Whether a follow-up about the author asks more than the byline tells: a word of its own that is not
        about the author («что он пишет о Синьцзяне?», not «а где он работает?»)."""
        return any(t not in AUTHOR_WORDS and not t.startswith("~") for t in self.analyzer.terms(question))

    def publication_line(self, question: str, subject: Subject) -> Passage | None:
        """After a line about the publication, a bare «а когда?» / «а во сколько?» asks its date, «а где?» / «а
        откуда?» its source, «а кто?» its author: the document's line for that (None for any other follow-up)."""
        if subject.metadata is None or self.analyzer.terms(question):
            return None
        kind = "time" if re.search(r"\bво сколько\b", question.lower()) else asked_kind(question)
        field = {"time": "date", "place": "agency"}.get(kind or "")
        if field is None and re.search(r"\bкто\b", question.lower()):
            field = "author"
        document = self.library.refs[subject.metadata[0]].document
        return metadata_passage(document, field) if field else None

    def answers_itself(self, question: str, passage: Passage) -> bool:
        """Whether a quote found with the subject's help answers the follow-up's own part.

        When it shares none of the follow-up's own words (common words such as «год» aside), it
        must hold what the follow-up's question word asks for (a place, a time, a number that
        counts); a follow-up without such a question word («А по каким операциям?») takes the
        subject's quote. «А сколько это будет стоить?» after the tender: the tender sentence has no
        word of «стоить» and no amount, so the article does not say.
        """
        kind = asked_kind(question)
        return kind is None or shares_words(self.analyzer, question, passage.text) or holds_kind(
            kind, passage.text, name_spans(passage.text, self.analyzer), self.analyzer.terms(passage.text)
        )

    def _about_person(self, question: str, person: NameSpan, top_k: int, doc_id: str | None) -> tuple[Passage, ...]:
        """The lines mentioning the person, the one sharing the question's words or holding what its question word asks for first.

        A question without such a question word and sharing no word («А какую должность он
        занимает?») gets the line saying who the person is first; one with such a word that no line
        answers gets nothing (the follow-up is then searched like any other).
        """
        mentions = self.entities.mentions(person.text, doc_id)
        kind = asked_kind(question)

        def score(mention) -> int:
            text = mention.line.text
            names, terms = name_spans(text, self.analyzer), self.analyzer.terms(text)
            return 2 * shares_words(self.analyzer, question, text) + holds_kind(kind, text, names, terms)

        scores = [score(m) for m in mentions]
        if not scores or (kind is not None and not any(s % 2 for s in scores)):
            return ()  # «сколько раз он был в Казахстане?»: no line of his holds a count, whatever words it shares
        best = scores.index(max(scores))  # no score at all: 0, the line saying who the person is
        ordered = [mentions[best], *(m for i, m in enumerate(mentions) if i != best)]
        return tuple(self.entities.passage(m) for m in ordered[:top_k])


def shares_words(analyzer: Analyzer, question: str, text: str) -> bool:
    """Whether a text has one of the question's own words (or their first five letters), common words aside."""
    own = set(analyzer.terms(question)) - analyzer.common_words
    terms = set(analyzer.terms(text))
    prefixes = {t[:5] for t in own if len(t) >= 5}
    return bool(own & terms or prefixes & {t[:5] for t in terms if len(t) >= 5})


def own_words(analyzer: Analyzer, question: str) -> bool:
    """Whether a follow-up names something of its own: a word, not common, and no pronoun standing for the
    subject («что с безвизом», not «а в 2024?», «а когда он приехал?»)."""
    if {t.norm for t in tokenize(question) if t.kind == "word"} & ANAPHORA:
        return False
    return any(t[:1].isalpha() for t in set(analyzer.terms(question)) - analyzer.common_words)


def first_quote_has_own_words(analyzer: Analyzer, question: str, answer: Answer) -> bool:
    """Whether an answer's first quote has one of the follow-up's own words, or the follow-up has none (`own_words`)."""
    if not own_words(analyzer, question):
        return True
    return bool(answer.passages) and shares_words(analyzer, question, answer.passages[0].text)


def settle(analyzer: Analyzer, question: str, answer: Answer, plain: Callable[[], Answer]) -> Answer:
    """The reply to a message read as a follow-up: its follow-up `answer`, or the message asked as a question of
    its own (`plain`, asked only when needed) when that names a topic of its own the follow-up's quote lacks
    («какой товарооборот» after the bank, «что с визами» after the trade figure: matched by meaning or derivation
    too, as the search marks it). A message opening with «а» /
    «и» keeps a found follow-up; a follow-up declined for want of its year or kind stays declined («а в 2024?»)."""
    if answer.found and (opens_with_and(question) or first_quote_has_own_words(analyzer, question, answer)):
        return answer
    if not answer.found and answer.reason != "no_match" and not own_words(analyzer, question):
        return answer
    asked = plain()
    if not asked.found:
        return answer
    if answer.found or answer.reason != "no_match":  # asked alone, its first quote's marks are the message's own words
        return asked if asked.passages and asked.passages[0].marks() else answer
    return asked
