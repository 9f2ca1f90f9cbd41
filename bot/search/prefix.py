"""The derivational-match field: lemmas cut to their first letters, indexed with BM25 of their own.

"популярность" and "популярный" share "попул", "перевод" and "переводить" share "перев": the
ranker scores this field next to the lemmas, and a quote may share a word by its first letters.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.search.bm25 import BM25Index, BM25Params
from bot.search.corpus import EncodedCorpus

PREFIX_LENGTH = 5


def prefix_terms(terms: list[str] | tuple[str, ...], length: int = PREFIX_LENGTH) -> list[str]:
    """Lemmas cut to their first letters (numbers and short words kept whole; stems dropped)."""
    return [term[:length] if term[:1].isalpha() else term for term in terms if not term.startswith("~")]


def prefix_term(term: str, length: int = PREFIX_LENGTH) -> str | None:
    """One term as `prefix_terms` cuts it; None for a stem, which has no prefix term."""
    if term.startswith("~"):
        return None
    return term[:length] if term[:1].isalpha() else term


def prefix_corpus(sentence_terms: Sequence[Sequence[str]] | EncodedCorpus) -> EncodedCorpus:
    """Every sentence's `prefix_terms`, encoded (from an EncodedCorpus through its vocabulary: fast at any size)."""
    if isinstance(sentence_terms, EncodedCorpus):
        return sentence_terms.map_terms(prefix_term)
    return EncodedCorpus.encode(prefix_terms(list(terms)) for terms in sentence_terms)


def build_prefix_index(
    sentence_terms: Sequence[Sequence[str]] | EncodedCorpus, params: BM25Params | None = None
) -> BM25Index:
    """The BM25 index over the sentences' prefix terms: the "derivational matches" feature."""
    return BM25Index(prefix_corpus(sentence_terms), params)


