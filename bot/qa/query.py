"""A question as the engine searches it: its terms, the forms the user typed, its words matched by meaning."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.qa.abbreviations import MAX_LETTERS, Abbreviations, is_abbreviation
from bot.qa.metadata import TEXT_NAMES
from bot.qa.names import NameCheck
from bot.qa.numbers import NumberReader, ordinal_figures
from bot.search.meaning import Meaning, Related, is_content, weight
from bot.search.prefix import PREFIX_LENGTH as STEM_LETTERS, prefix_term
from bot.search.ranker import Ranker
from bot.text.analysis import Analyzer, tokenize
from bot.text.dates import relative_years
from bot.text.names import is_cyrillic_word
from bot.text.speller import Speller


# Words about the text or about asking: a question's «говорится», «в тексте», «информация» are never reported
# as absent, nor are adverbs («вообще», «примерно») or requests in the imperative («Назовите…», «Дайте…»).
TEXT_WORDS = TEXT_NAMES | frozenset(
    "говорить говориться писать писаться написать сказать сказаться рассказывать рассказываться рассказать "
    "сообщать сообщаться сообщить упоминать упоминаться упомянуть описывать описываться описать объяснять "
    "объяснить речь идти информация сведение данные дать подробность вопрос ответ итог уточнить слово спросить "
    "спрашивать думать считать оценивать делать сделать подробный подробно детальный деталь цитата контекст понять "
    "понимать раздел называться называть название звать".split()
)
SAID_BY_MEANING = 0.5  # a quote's word this close to an absent question word says it in other words (машина ↔ автомобиль 0.61)
_YEAR = re.compile(r"^(?:1\d|20)\d\d$")  # a year no text names is said too («…за 2022 год?»: «2022»)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")  # … and a number («пятидесяти», «50 миллиардов»), not «80» of «в 80-х»
MIN_NAMED_FIGURE = 10  # smaller figures («2 типа», «№ 5») are too often written as words to be named absent
# «во-первых», «в-третьих», «в-пятых»: ordinals that order what is said, never searched
_DISCOURSE = re.compile(r"во?-(?:первых|вторых|третьих|четвертых|пятых|шестых|седьмых|восьмых|девятых|десятых)")
MIN_ABSENT_LETTERS = 3  # shorter words as typed («b» of a stray tag, «км») are never named


@dataclass(frozen=True)
class Query:
    """The question's terms (misspelt words read as the text's words), the corrections (a name read with a
    capital), the form each term was typed as, the question words that match no word of the text but are related
    to some, the names it gives that no text mentions (`bot.qa.names`), its content words that no text holds,
    neither whole nor by their first letters (`absent`, as typed; a word related in meaning may stand for one in a
    quote), and the terms the texts do hold (`held`)."""

    question: str
    terms: tuple[str, ...]
    corrections: tuple[tuple[str, str], ...] = ()
    forms: tuple[tuple[str, str], ...] = ()
    related: tuple[Related, ...] = ()
    unknown_names: tuple[str, ...] = ()
    absent: tuple[tuple[str, str], ...] = ()  # (term, the word as typed)
    held: tuple[str, ...] = ()  # the distinct terms the texts hold, whole or by first letters

    def absent_words(self, meaning: Meaning, quote_terms: set[str]) -> tuple[str, ...]:
        """The absent words as typed, but those the quote holds a word close in meaning to (`SAID_BY_MEANING`:
        «машин» beside «автомобилей» is said, only in other words)."""
        related = {word.term: word for word in self.related}
        return tuple(
            typed for term, typed in self.absent
            if term not in related or meaning.closeness(related[term], quote_terms) < SAID_BY_MEANING
        )

    @property
    def expansion(self) -> tuple[tuple[str, float], ...]:
        """The texts' related terms with their weights (the highest when two question words share one)."""
        best: dict[str, float] = {}
        for word in self.related:
            for term, cosine in word.terms:
                best[term] = max(best.get(term, 0.0), weight(cosine))
        return tuple((term, w) for term, w in best.items() if w > 0)

    @property
    def corrected(self) -> str:
        """The question with its misspelt words replaced by their readings (for question-word cues)."""
        question = self.question
        for wrong, right in self.corrections:
            question = question.replace(wrong, right, 1)
        return question


class QueryReader:
    """Reads questions into `Query`s over one corpus: its speller, index and meaning table."""

    def __init__(
        self, analyzer: Analyzer, speller: Speller, ranker: Ranker, meaning: Meaning, metadata_lines: Iterable[str] = (),
        year: int | None = None, sentences: Callable[[], Sequence[str]] = tuple,
    ) -> None:
        """The corpus's speller, ranker (which terms have a lexical match) and meaning side; the texts' metadata
        lines (titles, bylines) name people and places too. `year`: the one year every text was published in,
        from which a question's «в прошлом году» is counted (`bot.text.dates`). `sentences`: every sentence's text,
        read at the first abbreviation a question needs spelt out or the texts' abbreviations (`bot.qa.abbreviations`)."""
        self.year = year
        self.analyzer = analyzer
        self.speller = speller
        self.ranker = ranker
        self.meaning = meaning
        names = ranker.evidence.cues["names"].terms
        self._metadata_lines = list(metadata_lines)
        self.names = NameCheck(analyzer, speller, self.holds, names, self._metadata_lines)
        # whole terms only: «десять» is not held by «десятилетие», as it is by the first letters
        postings = ranker.index.postings
        sentences = lru_cache(maxsize=1)(sentences)  # one list of the texts, made at need, for both readers below
        holding = lambda term: postings[term][0] if term in postings else ()  # noqa: E731
        self.numbers = NumberReader(ranker.index.terms, postings.__contains__, ordinal_figures(sentences, holding))
        self.abbreviations = Abbreviations(sentences, holding)
        self._vocabulary: str | None = None  # every term of the texts, joined: made at the first absent word
        self.inside = lru_cache(maxsize=4096)(self._inside)  # one search of the joined terms per new word

    def read(self, question: str) -> Query:
        """The question's terms and corrections, its unmatched content words' related terms, and those of them that
        name part of the topic (`absent`, as typed)."""
        terms: list[str] = []
        corrections: list[tuple[str, str]] = []
        forms: dict[str, str] = {}
        typed: dict[str, str] = {}
        tokens = tokenize(question)
        pieces, readings = [], {}  # readings: the word a misspelt token is read as, by the token's start
        spelt = self.names.spellings(question, tokens)  # «Синцзян» for the text's «Синьцзян»
        for i, token in enumerate(tokens):
            written = self._written_out(token, before_speller=True)
            corrected = self.speller.correct(token.norm) if token.kind == "word" and not written else None
            corrected = spelt.get(token.start, corrected)
            written = written or (corrected is None and self._written_out(token, before_speller=False))
            if token.kind == "word" and _DISCOURSE.fullmatch(token.norm):
                pieces.append((token, ()))  # «в-третьих, сколько…»: a word of the speech, not a third of anything
            elif written:  # «СУАР»: the words the text writes it out in
                corrections.append((token.text, written))
                pieces.append((token, tuple(self.analyzer.terms(written))))
            elif corrected is None:
                pieces.append((token, self.analyzer.token_terms(token)))
            else:
                named = token.start in spelt or (i > 0 and token.text[:1].isupper())  # a name: read with a capital
                corrections.append((token.text, corrected[:1].upper() + corrected[1:] if named else corrected))
                pieces.append((token, self.analyzer.word_terms(corrected)))
                readings[token.start] = corrected
        pieces, numbers = self.numbers.read(pieces)
        corrections.extend(numbers)
        shortened = self.abbreviations.add_shortened(question, pieces, self.analyzer)
        corrections.extend(shortened)
        for token, found in pieces:
            terms.extend(found)
            for term in found:
                forms.setdefault(term, readings.get(token.start, token.norm))
                typed.setdefault(term, token.text)
        for number, word in relative_years(question, self.year):
            if self.holds(number):  # «в прошлом году» asks for the year: every sentence saying so holds it too
                relative = set(self.analyzer.terms(word))
                terms = [term for term in terms if term not in relative] + [number]
                typed.setdefault(number, word)
            else:  # «в позапрошлом году»: a year no text names, named as absent by its number
                terms.append(number)
                typed.setdefault(number, number)
            forms.setdefault(number, number)
        related, unmatched = [], [term for term in dict.fromkeys(terms) if not self.matches(term)]
        if self.meaning.enabled:
            related = [w for w in (self.meaning.related(t, forms.get(t)) for t in unmatched) if w is not None]
        # a figure with an ending («80-х», «10-й серии») is often written otherwise in the text («1980-х», «десятой»)
        suffixed = {t.norm for t, _ in pieces if t.kind == "number" and question[t.end : t.end + 1] in ("-", "‐", "‑")}
        said = {word for run, _ in shortened for word in run.split()}  # «средств массовой информации»: the text's «СМИ»
        absent = [
            (t, typed[t]) for t in unmatched
            if t not in suffixed and typed[t] not in said and self._absent(t, typed[t], forms.get(t, t))
        ]
        unknown = self.names.unknown(question, tokens)
        held = tuple(term for term in dict.fromkeys(terms) if term not in unmatched)
        return Query(
            question, tuple(terms), tuple(corrections), tuple(forms.items()), tuple(related), unknown,
            tuple(dict.fromkeys(absent)), held,
        )

    def _written_out(self, token, before_speller: bool) -> str | None:
        """The texts' words an abbreviation they lack stands for: one typed in capitals before the speller reads it,
        one typed in small Cyrillic letters only when the speller and the dictionary know no such word («суар»)."""
        if token.kind != "word" or before_speller != is_abbreviation(token.text):
            return None
        if not before_speller and not _small_unknown(token.text, token.norm, self.analyzer):
            return None
        if any(self.holds(t) for t in self.analyzer.token_terms(token)):
            return None
        return self.abbreviations.spelt_out(token.text)

    def _absent(self, term: str, typed: str, form: str) -> bool:
        """Whether an unmatched question term is worth naming as absent: a year, a number spelt out or a figure of
        `MIN_NAMED_FIGURE` or more, or a word naming part of the topic that no text holds inside a longer word either."""
        if _YEAR.match(term) or _NUMBER.match(term) and (not typed[:1].isdigit() or float(term) >= MIN_NAMED_FIGURE):
            return term not in self.metadata_numbers  # «Super Bowl 50» in the title: the article does name it
        return len(typed) >= MIN_ABSENT_LETTERS and self._topical(term, form, typed) and not self.inside(term)

    @cached_property
    def metadata_numbers(self) -> frozenset[str]:
        """The numbers of the texts' metadata lines (titles, bylines): a question's number found there is not absent."""
        return frozenset(t.norm for line in self._metadata_lines for t in tokenize(line) if t.kind == "number")

    def _topical(self, term: str, form: str, typed: str = "") -> bool:
        """Whether an unmatched question word names part of the topic: a content word not about the text or
        asking (`TEXT_WORDS`), no adverb, and no request to the reader: an imperative or a verb
        in the second person («Назовите…», «Поясните…»; `form` is the word as typed, lowercased); or an abbreviation
        or a word the dictionary does not know (`typed`: as typed), which the speller could not read as the texts'."""
        if term in TEXT_WORDS:
            return False
        if not is_content(self.analyzer, term):  # an abbreviation or a word the dictionary lacks («ШОС», «шос»)
            unknown = typed.islower() and not self.analyzer.is_known(form)  # a name («Грэхэм») is the name rule's
            return (typed.isupper() or unknown) and is_cyrillic_word(typed) and typed.isalpha()
        if getattr(self.analyzer.tag(term), "POS", None) == "ADVB":
            return False
        tag = self.analyzer.tag(form)
        return "impr" not in tag and "2per" not in tag

    def _inside(self, term: str) -> bool:
        """(Cached as `inside`.) Whether the texts hold the word inside a longer one («виза» in «безвизовый», «авто» in «автомобиль»,
        four letters at least) or one of theirs ends it («консул» in «генконсул»): then it is not quite absent."""
        if any(self.holds(term[k:]) for k in range(2, len(term) - 4)):
            return True
        stem = term[: STEM_LETTERS]
        if len(stem) < 4:
            return False
        if self._vocabulary is None:
            self._vocabulary = "\n".join(self.ranker.index.terms)
        return stem in self._vocabulary

    def matches(self, term: str) -> bool:
        """True when the texts hold the term whole or by its first letters (a stem counts as matched)."""
        return term.startswith("~") or self.holds(term)

    def holds(self, term: str) -> bool:
        """True when the texts hold the term (a stem too: "~эш") whole or by its first letters."""
        if term in self.ranker.index.postings:
            return True
        cut = prefix_term(term)
        return cut is not None and cut in self.ranker.prefix_index.postings


def _small_unknown(text: str, norm: str, analyzer: Analyzer) -> bool:
    """A word in small Cyrillic letters, short as an abbreviation, that the dictionary does not know («суар»)."""
    return len(text) <= MAX_LETTERS and text.islower() and is_cyrillic_word(text) and not analyzer.is_known(norm)
