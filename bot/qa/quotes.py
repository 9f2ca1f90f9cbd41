"""Choosing quotes: the best sentences for a question, each with the sentence it refers back to.

A quote is the ranked sentence, preceded by the sentence it refers back to ("Он…" after the
sentence naming him); quotes never share a sentence and must contain a question term (whole or by
its first letters), so that no quote is there by neighbourhood alone. Passages 2 and 3 then take
a neighbour from their paragraph, as context for a secondary hit.
"""

from __future__ import annotations

import numpy as np

from bot.search.ids import contains
from bot.search.ranker import Ranker

# Quotes are taken from the best sentences in batches of this many (the rest is sorted only if needed).
QUOTE_BATCH = 32

Quote = tuple[tuple[int, ...], float]  # global sentence ids, in text order, and the ranked sentence's score


class QuoteChooser:
    """Picks and widens quotes over the ranker's scores."""

    def __init__(self, ranker: Ranker) -> None:
        """Quotes are chosen by this ranker's scores and its references between sentences."""
        self.ranker = ranker

    def best(
        self,
        terms: tuple[str, ...],
        question: str,
        top_k: int,
        window: tuple[int, int],
        related: tuple[tuple[str, float], ...] = (),
    ) -> list[Quote]:
        """The best `top_k` quotes, best first, never two sharing a sentence.

        Only the sentences a question can quote (`Ranker.quotable`) are scored, and they are taken
        in the order of the scores of all sentences: by score, ties by position. `related` are the
        text's terms related by meaning to question words without a lexical match, with their
        weights: a sentence holding one may be quoted too.
        """
        if top_k <= 0:
            return []
        matching = self.ranker.matching(terms, related)
        candidates = self.ranker.quotable(matching, *window)
        scores = self.ranker.scores(list(terms), question, candidates, related)
        used: set[int] = set()
        quotes: list[Quote] = []
        for sentence_id, score in _best_first(candidates, scores, QUOTE_BATCH):
            ids = tuple(i for i in self.ranker.quote(sentence_id) if i not in used)
            if not any(contains(matching, i) for i in ids):
                continue
            used.update(ids)
            quotes.append((ids, score))
            if len(quotes) == top_k:
                break
        return quotes

    def with_neighbours(self, quotes: list[Quote], window: tuple[int, int]) -> list[Quote]:
        """The quotes, each one-sentence quote after the first extended by a neighbour from its paragraph.

        The neighbour is the next sentence, or the previous one when the next is in another paragraph
        or already quoted; a quote stays alone when neither is free. The first quote is the answer
        and stays as ranked; passages 2 and 3 are fallbacks, where the answer is often a sentence
        next to the one that shares the question's words.
        """
        used = {i for ids, _ in quotes for i in ids}
        start, end = window
        widened = quotes[:1]
        for ids, score in quotes[1:]:
            if len(ids) == 1:
                sentence = ids[0]
                following, preceding = sentence + 1, sentence - 1
                if following < end and self.ranker.same_as_previous[following] and following not in used:
                    ids = (sentence, following)
                elif preceding >= start and self.ranker.same_as_previous[sentence] and preceding not in used:
                    ids = (preceding, sentence)
                used.update(ids)
            widened.append((ids, score))
        return widened


def _best_first(ids: np.ndarray, scores: np.ndarray, batch: int):
    """(id, score) pairs by score descending, ties by id: the best `batch` (and their ties) sorted first,
    the rest only if they are asked for (a quote is usually found among the first few)."""
    if ids.size > batch:
        threshold = np.partition(scores, ids.size - batch)[ids.size - batch]
        best = scores >= threshold
        yield from _sorted_pairs(ids[best], scores[best])
        ids, scores = ids[~best], scores[~best]
    yield from _sorted_pairs(ids, scores)


def _sorted_pairs(ids: np.ndarray, scores: np.ndarray):
    """(id, score) pairs by score descending, ties by id, as Python numbers."""
    order = np.lexsort((ids, -scores))
    yield from zip(ids[order].tolist(), scores[order].tolist())

