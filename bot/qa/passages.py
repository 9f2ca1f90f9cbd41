"""Passages: sentences of the library quoted verbatim, with their place and the words to highlight."""

from __future__ import annotations

from dataclasses import replace

from bot.qa.answer import Passage
from bot.qa.library import Library
from bot.search.corpus import EncodedCorpus
from bot.text.analysis import Analyzer
from bot.text.highlighting import Highlighter


class Passages:
    """Makes passages of sentences: a single sentence, a quote of consecutive ones, a context, a section."""

    def __init__(self, library: Library, analyzer: Analyzer, sentence_terms: EncodedCorpus) -> None:
        """`sentence_terms[i]` are the terms of global sentence i (what a question term may match)."""
        self.library = library
        self.analyzer = analyzer
        self.highlighter = Highlighter(analyzer)
        self.sentence_terms = sentence_terms

    def sentence(
        self,
        sentence_id: int,
        score: float = 0.0,
        wanted: frozenset[str] | set[str] = frozenset(),
        related: frozenset[str] | set[str] = frozenset(),
    ) -> Passage:
        """A sentence as a quotable passage, with the spans of its words whose terms are `wanted`, and apart
        the spans of its words whose terms are `related` (matched by meaning)."""
        sentence = self.library.sentences[sentence_id]
        document = self.library.ref_of(sentence_id).document
        matched = tuple(sorted(set(wanted).intersection(self.sentence_terms[sentence_id])))
        spans, close = self._spans(sentence.text, [sentence_id], set(matched), related)
        return Passage(
            text=sentence.text,
            doc_id=document.doc_id,
            doc_title=document.title,
            section=sentence.section,
            section_title=sentence.section_title,
            sentence=sentence.number,
            score=round(float(score), 4),
            highlights=spans,
            matched_terms=matched,
            sentence_id=sentence_id,
            meaning_highlights=close,
        )

    def quote(
        self, sentence_ids: tuple[int, ...], score: float, wanted: set[str], related: set[str] | frozenset[str] = frozenset()
    ) -> Passage:
        """A quote of one or more consecutive sentences as one passage, referenced by its first sentence."""
        if len(sentence_ids) == 1:
            return self.sentence(sentence_ids[0], score, wanted, related)
        first = self.sentence(sentence_ids[0], score)  # its words are matched over the whole span below
        text = self._source_span(sentence_ids)
        matched = tuple(sorted({t for i in sentence_ids for t in self.sentence_terms[i] if t in wanted}))
        spans, close = self._spans(text, sentence_ids, set(matched), related)
        return replace(
            first, text=text, highlights=spans, matched_terms=matched, sentence_count=len(sentence_ids),
            meaning_highlights=close,
        )

    def _spans(self, text: str, sentence_ids, matched: set[str], related) -> tuple[tuple, tuple]:
        """Spans of the words of `text` matching a question term, and apart those whose terms are `related`."""
        close = {t for i in sentence_ids for t in self.sentence_terms[i] if t in related} - matched if related else set()
        exact, meaning = self.highlighter.marked_spans(text, [matched, close])
        return tuple(exact), tuple(meaning)

    def context(self, sentence_id: int, radius: int = 1) -> list[Passage]:
        """The sentence with up to `radius` neighbours on each side, within its section."""
        sentence = self.library.sentences[sentence_id]
        offset = sentence_id - sentence.id
        document = self.library.ref_of(sentence_id).document
        same_section = document.section(sentence.section).sentence_ids
        position = same_section.index(sentence.id)
        window = same_section[max(0, position - radius) : position + radius + 1]
        return [self.sentence(offset + i) for i in window]

    def section(self, number: int, doc_id: str | None = None) -> list[Passage]:
        """Every sentence of a section, in order (empty for an unknown section)."""
        ref = self.library.ref(doc_id)
        return [self.sentence(ref.offset + s.id) for s in ref.document.section_sentences(number)]

    def _source_span(self, sentence_ids: tuple[int, ...]) -> str:
        """Consecutive sentences verbatim: the source between them when they share a paragraph."""
        sentences = self.library.sentences
        first, last = sentences[sentence_ids[0]], sentences[sentence_ids[-1]]
        if first.paragraph == last.paragraph:
            return self.library.ref_of(sentence_ids[0]).document.text[first.start : last.end]
        return " ".join(sentences[i].text for i in sentence_ids)
