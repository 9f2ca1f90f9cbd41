"""Abstention: declining to answer rather than quoting noise, and the confidence of an answer.

The engine declines when no quote shares a word with the question; when the best quote shares only
common words with it (words of the packaged stopword list such as "человек" or "год", or words
found in a quarter of the article's sentences or more, like "Китай" in an article about China),
unless it holds two of the question's key words or a word rare in the language at large ("сепсис"
in an article about sepsis: frequent there, but what the question is about); when the
question's two key words both occur in the article but never in one quote; and when a question asking
how many or when ("Сколько стоят…?", "Когда основан…?") gets a first quote holding no number or date
and no later quote that holds one is confident enough by itself: the text names the thing asked
about but not what is asked of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from bot.qa.library import Library
from bot.search.bm25 import BM25Index
from bot.search.corpus import EncodedCorpus
from bot.search.ids import contains
from bot.search.kinds import (
    AGE_WORDS,
    FORMAL_KINDS,
    MONEY_WORDS,
    count_unit,
    is_quantity_word,
    is_time_word,
    question_kind,
)
from bot.search.prefix import prefix_term
from bot.search.ranker import Ranker

# A word found in this share of a document's sentences or more is common there, not evidence.
COMMON_SHARE = 0.25
COMMON_MIN_SENTENCES = 3  # in a short text no word is common
# A quote holding this many of the question's key words is evidence even when each of them is common.
MIN_KEY_WORDS_TOGETHER = 2
# A word rarer than this in the language at large (Zipf) is specific wherever it is frequent: chosen on the dev sets.
RARE_ZIPF = 2.5


_YEAR = re.compile(r"^(?:1\d|20)\d\d$")
LATER_SHARE = 0.6  # a later quote holding the date or number asked answers when it scores this share of the first's


class Abstention:
    """Decides whether the best quote answers the question, over the library's index and ranker."""

    def __init__(
        self,
        library: Library,
        index: BM25Index,
        ranker: Ranker,
        common_words: frozenset[str],
        sentence_terms: EncodedCorpus,
        zipf: Callable[[str], float] | None = None,
    ) -> None:
        """`common_words`: the content words of the stopword list (the analyzer's), never evidence alone; `zipf`: a
        term's general-language frequency (`Meaning.zipf`; without it no word counts as rare)."""
        self.zipf = zipf
        self.library = library
        self.index = index
        self.ranker = ranker
        self.common_words = common_words
        self.sentence_terms = sentence_terms

    def reason(
        self, terms: tuple[str, ...], quote: tuple[int, ...], derived: dict[str, tuple[str, ...]] | None = None
    ) -> str | None:
        """Why the best quote does not answer the question (a reason code), or None when it may.

        - "no_match": no quote shares a word with the question;
        - "common_words": the quote shares only common words with it: words of the packaged stopword
          list, or words found in a quarter of the document's sentences or more (and in 3 at least),
          and fewer than two key words (not stopword-list words): two key words of the question
          together in one quote are evidence even in an article where each of them is frequent, and
          so is one key word rare in the language at large (Zipf below `RARE_ZIPF`); a key word the text holds only
          as a derivation (`derived`: «виза» → «безвизовый») counts as matched where the quote holds that;
        - "not_together": a question with at most two key (not common) words, both found in the
          document but never in one quote, asks about a link the text does not make.
        """
        if not quote:
            return "no_match"
        keys = [t for t in dict.fromkeys(terms) if not t.startswith("~") and t not in self.common_words]
        found = [t for t in keys if self._sentences_with(t, quote[0]) > 0]
        holding = {t: self.ranker.sentences_with(t) for t in found}
        matched = [t for t in found if any(contains(holding[t], i) for i in quote)]
        for word, terms_derived in (derived or {}).items():  # «виза» is said in the quote by «безвизовый»
            holds = [t for t in terms_derived if any(contains(self.ranker.sentences_with(t), i) for i in quote)]
            if word in keys and word not in found and holds:
                matched.append(holds[0])
        size = len(self.library.ref_of(quote[0]).document.sentences)
        common = max(COMMON_MIN_SENTENCES, COMMON_SHARE * size)
        specific = any(self._sentences_with(t, quote[0]) < common or self._rare(t) for t in matched)
        if len(matched) < MIN_KEY_WORDS_TOGETHER and not specific:
            return "common_words"
        if len(keys) <= 2 and len(found) == 2 and not self.together(found, quote[0], holding):
            return "not_together"
        return None

    def lacks_kind(
        self, question: str, terms: tuple[str, ...], quotes: list[tuple[int, ...]], scores: list[float], threshold: float
    ) -> bool:
        """True when the question asks for a quantity or a date (`FORMAL_KINDS`), its first quote holds none and no
        later quote holding one scores `threshold` or more by itself (`scores`: each quote's confidence)."""
        kind = question_kind(question, self.ranker.tag)
        if kind not in FORMAL_KINDS or not quotes:
            return False
        unit = count_unit(question) if kind == "count" else ""
        if self.holds_kind(kind, unit, question, terms, quotes[0]):
            return False
        later = zip(quotes[1:], scores[1:])
        enough = max(threshold, LATER_SHARE * scores[0]) if scores else threshold
        return not any(score >= enough and self.holds_kind(kind, unit, question, terms, q) for q, score in later)

    def holds_kind(self, kind: str, unit: str, question: str, terms: tuple[str, ...], quote: tuple[int, ...]) -> bool:
        """True when the quote holds an answer of the kind the question does not itself contain: a number or a
        numeral word (also "много", "дважды") for "count", and for a price (`unit` "money") also a currency or
        "миллион", for an age ("age") also "год" or "возраст"; a year, a month or a word of time ("в X веке",
        "в прошлом году") for "time"."""
        quote_terms = self.quote_terms(quote)
        found = self.ranker.answer_kind(list(terms), question, list(quote)).any()
        if kind == "time":
            tag = self.ranker.tag or (lambda _: ())
            years = any(_YEAR.match(t) for t in quote_terms - set(terms))  # «в прошлом году» holds its year's term
            return found or years or any(is_time_word(t, tag(t)) for t in quote_terms - set(terms))
        found = found or any(is_quantity_word(t) for t in quote_terms)
        if unit == "money":
            return found and bool(quote_terms & MONEY_WORDS)
        return found and (unit != "age" or bool(quote_terms & AGE_WORDS))

    def quote_terms(self, quote: tuple[int, ...]) -> set[str]:
        """The terms of the quote's sentences."""
        return set().union(*(self.sentence_terms[i] for i in quote))

    def together(self, terms: list[str], sentence_id: int, holding: dict[str, np.ndarray] | None = None) -> bool:
        """True when some quote of the document of `sentence_id` holds every one of the terms.

        A quote holds a term when its sentence does, or the sentence it refers back to does;
        `holding` may give the sentences holding each term (`Ranker.sentences_with`).
        """
        start, end = self.library.ref_of(sentence_id).window
        common = None
        for term in terms:
            ids = holding[term] if holding and term in holding else self.ranker.sentences_with(term)
            ids = ids[np.searchsorted(ids, start) : np.searchsorted(ids, end)]
            following = ids[ids + 1 < end] + 1
            quotes = np.union1d(ids, following[self.ranker.refers_back[following]])
            common = quotes if common is None else np.intersect1d(common, quotes, assume_unique=True)
        return common is not None and common.size > 0

    def coverage(
        self, terms: tuple[str, ...], sentence_ids: tuple[int, ...], weights: dict[str, float] | None = None
    ) -> float:
        """Share of the question's idf mass (unknown words as the rarest) found in the quote; `weights` are the
        terms' idf when already at hand (`Ranker.term_weights`)."""
        weights = weights if weights is not None else self.ranker.term_weights(terms)
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        present = self.quote_terms(sentence_ids)
        return sum(w for t, w in weights.items() if t in present) / total

    def _rare(self, term: str) -> bool:
        """True for a word rare in the language at large (never without frequencies)."""
        return self.zipf is not None and self.zipf(term) < RARE_ZIPF

    def _sentences_with(self, term: str, sentence_id: int) -> int:
        """In how many sentences of the document of `sentence_id` the term occurs (whole or by its first letters)."""
        start, end = self.library.ref_of(sentence_id).window
        posting = self.index.postings.get(term) or self.ranker.prefix_index.postings.get(prefix_term(term))
        if posting is None:
            return 0
        ids = posting[0]
        return int(np.searchsorted(ids, end) - np.searchsorted(ids, start))
