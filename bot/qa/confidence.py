"""The answer's confidence: how likely the best quote answers the question, as one calibrated score.

A question carries information in its rarer words: "мэр" says more than "год". Each content term
of the question weighs its general-language surprisal (`INFO_TOP` minus its Zipf frequency in
navec's news counts, not the text's own idf, which calls every word of a short text rare). The
quote *covers* a term exactly, by its first letters, or by meaning (its closest word in the quote,
weighted by `bot.search.meaning.weight`). The signals are combined by a logistic model fitted on
the dev sets (`python -m quality.fit`) into the probability that the article answers the question.
The answer's confidence is that probability for the best of its first three quotes, or 0 when an
abstention rule of `bot.qa.abstention` fires on its first quote (the rules decline with certainty);
the engine declines below `THRESHOLD`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from bot.qa.query import Query
from bot.search.corpus import EncodedCorpus
from bot.search.meaning import Meaning, weight
from bot.search.prefix import prefix_term
from bot.text.meaning import ZIPF_FLOOR

INFO_TOP = 7.0  # a word's information: INFO_TOP − its Zipf frequency (navec's rarest words, Zipf 1.5, carry 5.5)


@dataclass(frozen=True)
class Signals:
    """What the confidence is computed from, each in [0, 1]."""

    coverage: float  # share of the question's information the quote covers, exactly, by first letters or by meaning
    exact: float  # … exactly only (not by first letters, not by meaning)
    missing: float  # information of the most informative question word the quote does not cover, / (INFO_TOP − ZIPF_FLOOR)
    idf_coverage: float  # share of the question's idf mass (the text's own rarity) the quote holds
    words: float  # number of the question's content terms, as 1 − 1/(1 + n)
    uncovered: float  # number of informative question terms the quote does not cover, as 1/(1 + n)


@dataclass(frozen=True)
class ConfidenceWeights:
    """The logistic model over `Signals` (same field names) plus a bias: fitted by `python -m quality.fit`."""

    bias: float = -2.2
    coverage: float = 2.45
    exact: float = 2.1
    missing: float = -0.5
    idf_coverage: float = 1.55
    words: float = 0.15
    uncovered: float = 0.45


THRESHOLD = 0.25  # no dev row worse than at 0.2375, the highest declining ≤ 8 of 612 XQuAD-ru dev (docs/quality.md)


class Confidence:
    """Scores the best quote of a question over the texts' terms and meaning table."""

    def __init__(self, sentence_terms: EncodedCorpus, meaning: Meaning, weights: ConfidenceWeights | None = None) -> None:
        """`sentence_terms[i]`: the terms of global sentence i."""
        self.sentence_terms = sentence_terms
        self.meaning = meaning
        self.weights = weights or ConfidenceWeights()

    def coverage(self, query: Query, quote: tuple[int, ...]) -> tuple[dict[str, float], dict[str, str]]:
        """Per distinct term of the question: how far the quote covers it (0–1), and how ("exact", "prefix", "meaning")."""
        present = set().union(*(self.sentence_terms[i] for i in quote)) if quote else set()
        cuts = {prefix_term(t) for t in present} - {None}
        related = {word.term: word for word in query.related}
        covered: dict[str, float] = {}
        kinds: dict[str, str] = {}
        for term in dict.fromkeys(query.terms):
            if term.startswith("~"):
                continue
            if term in present:
                covered[term], kinds[term] = 1.0, "exact"
            elif prefix_term(term) in cuts:
                covered[term], kinds[term] = 1.0, "prefix"
            elif term in related:
                covered[term] = weight(self.meaning.closeness(related[term], present))
                kinds[term] = "meaning" if covered[term] > 0 else ""
            else:
                covered[term], kinds[term] = 0.0, ""
        return covered, kinds

    def information(self, query: Query) -> dict[str, float]:
        """The information of each distinct term of the question: INFO_TOP − its Zipf frequency (≥ 0)."""
        forms = dict(query.forms)
        return {
            t: max(0.0, INFO_TOP - self.meaning.zipf(t, forms.get(t))) for t in dict.fromkeys(query.terms) if t[:1] != "~"
        }

    def signals(
        self, query: Query, quote: tuple[int, ...], idf_coverage: float, information: dict[str, float] | None = None
    ) -> Signals:
        """The signals of a quote; `idf_coverage` is the share of the question's idf mass it holds, `information`
        the question's (`information`, computed when not given)."""
        covered, kinds = self.coverage(query, quote)
        info = information if information is not None else self.information(query)
        total = sum(info.values())
        if total <= 0:
            share = exact = 1.0 if covered and all(covered.values()) else 0.0
            missing = 0.0
        else:
            share = sum(info[t] * covered[t] for t in covered) / total
            exact = sum(info[t] for t in covered if kinds[t] == "exact") / total
            missing = max((info[t] * (1 - covered[t]) for t in covered), default=0.0) / (INFO_TOP - ZIPF_FLOOR)
        uncovered = sum((1 - covered[t]) for t in covered if info[t] > 0)
        return Signals(
            coverage=share,
            exact=exact,
            missing=min(1.0, missing),
            idf_coverage=idf_coverage,
            words=1 - 1 / (1 + len(covered)),
            uncovered=1 / (1 + uncovered),
        )

    def score(self, signals: Signals) -> float:
        """The probability that the quote answers the question (the logistic model over the signals)."""
        z = self.weights.bias + sum(getattr(self.weights, f.name) * getattr(signals, f.name) for f in fields(Signals))
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, z))))
