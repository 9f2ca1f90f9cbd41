"""The answer stage: a question becomes quoted passages with references, highlights and a confidence.

One `Engine` serves every front end (Telegram, console, CLI), so they all give the same answer.
It abstains instead of quoting noise (see `Engine.abstention`): when no quote shares a word with
the question; when the best quote shares only common words with it (words of the packaged stopword
list such as "человек" or "год", or words found in a quarter of the article's sentences or more,
like "Китай" in an article about China), unless it holds two of the question's key words; and
when the question's two key words both occur in the article but never in one quote. Questions
about the publication itself (author, date, agency, title, photo) are answered from the
document's metadata lines, verbatim. Passages 2 and 3 quote their sentence with a neighbour from
its paragraph (the next sentence, else the previous one), as context for a secondary hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from bot.text.analysis import Analyzer, normalize, tokenize
from bot.text.speller import Speller
from bot.text.document import Document, Sentence
from bot.text.parsing import load_document, text_files
from bot.search.bm25 import BM25Index, BM25Params
from bot.search.folder import load_folder
from bot.search.pipeline import Analysis, analyse
from bot.search.ids import contains
from bot.search.prefix import prefix_term
from bot.search.ranker import RankWeights, Ranker

METADATA_SECTION = -1
METADATA_TITLE = "Сведения о публикации"
DEFAULT_TOP_K = 3
# Optional extra rule: share of the question's idf mass the best quote must hold (0 = off; see README).
DEFAULT_MIN_COVERAGE = 0.0
# Quotes are taken from the best sentences in batches of this many (the rest is sorted only if needed).
QUOTE_BATCH = 32
# A word found in this share of a document's sentences or more is common there, not evidence.
COMMON_SHARE = 0.25
COMMON_MIN_SENTENCES = 3  # in a short text no word is common
# A quote holding this many of the question's key words is evidence even when each of them is common.
MIN_KEY_WORDS_TOGETHER = 2

_METADATA_QUESTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("author", re.compile(r"\bавтор|\bкто (?:на)?писал|\bкем (?:на)?писан|\bчь[яей] (?:стать|колонк|текст)|\bподпись\b|\bкто подписал (?:стать|текст|колонк)"), "автор"),
    ("date", re.compile(r"\bкогда .*(?:опубликова|вышл|вышел|напечата|написан|размещ)|\bдат[аеуы] (?:публикац|выхода|стать)|\bкакого числа"), "дата публикации"),
    ("agency", re.compile(r"\bагентств|\bиздани|\bкакое сми|\bв каком сми|\bгде (?:опубликова|вышл|напечата)|\bисточник стать"), "источник"),
    ("title", re.compile(r"\bзаголов|\bназвани\w* стать|\bкак называется (?:стать|текст|колонк)"), "заголовок"),
    ("photo_credit", re.compile(r"\bфото"), "фото"),
)


@dataclass(frozen=True)
class Passage:
    """One quoted passage: the sentence verbatim, where it stands, what matched and how well."""

    text: str
    doc_id: str
    doc_title: str
    section: int
    section_title: str
    sentence: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()
    matched_terms: tuple[str, ...] = ()
    sentence_id: int | None = None
    kind: str = "sentence"
    sentence_count: int = 1


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    found: bool
    passages: tuple[Passage, ...] = ()
    confidence: float = 0.0
    reason: str = "ok"
    query_terms: tuple[str, ...] = field(default=(), compare=False)
    corrections: tuple[tuple[str, str], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class DocumentRef:
    """A loaded document and where its sentences start in the engine's global numbering."""

    document: Document
    offset: int


class Engine:
    """Answers questions about one or more documents with BM25 over their sentences."""

    def __init__(
        self,
        documents: list[Document],
        analyzer: Analyzer | None = None,
        params: BM25Params | None = None,
        min_coverage: float = DEFAULT_MIN_COVERAGE,
        weights: RankWeights | None = None,
        *,
        analysis: Analysis | None = None,
        index: BM25Index | None = None,
        prefix_index: BM25Index | None = None,
    ) -> None:
        """Analyse every sentence of every document and build one index and one ranker over them.

        `analysis`, `index` and `prefix_index` (the ranker's) skip that work when they are already
        at hand (`load_engine` takes them from the index cache); they must describe the documents'
        sentences in order.
        """
        self.analyzer = analyzer or Analyzer()
        self.min_coverage = min_coverage
        self.refs: list[DocumentRef] = []
        self.sentences: list[Sentence] = []
        for document in documents:
            self.refs.append(DocumentRef(document, len(self.sentences)))
            self.sentences.extend(document.sentences)
        if analysis is None:
            analysis = analyse([s.text for s in self.sentences], self.analyzer)
        self.sentence_terms = analysis.terms
        self.analyzer.remember(analysis.lexicon)
        self.index = index if index is not None else BM25Index(self.sentence_terms, params)
        if not len(analysis) == self.index.size == len(self.sentences):
            raise ValueError("analysis and index do not match the documents' sentences")
        self._doc_of = np.concatenate(
            [np.full(len(r.document.sentences), i, dtype=np.int64) for i, r in enumerate(self.refs)]
            or [np.zeros(0, dtype=np.int64)]
        )
        paragraph = np.fromiter((s.paragraph for s in self.sentences), dtype=np.int64, count=len(self.sentences))
        same_as_previous = np.zeros(len(self.sentences), dtype=bool)
        same_as_previous[1:] = (self._doc_of[1:] == self._doc_of[:-1]) & (paragraph[1:] == paragraph[:-1])
        self.ranker = Ranker(
            self.sentence_terms, self.index, analysis.evidence, same_as_previous, params, weights, prefix_index
        )
        self.speller = Speller(self.analyzer, analysis.forms.terms, self.index.postings)

    @property
    def documents(self) -> list[Document]:
        """The loaded documents, in load order."""
        return [ref.document for ref in self.refs]

    def document(self, doc_id: str | None = None) -> Document:
        """A document by id; the first one when no id is given."""
        if doc_id is None:
            return self.refs[0].document
        for ref in self.refs:
            if ref.document.doc_id == doc_id:
                return ref.document
        raise KeyError(doc_id)

    def find_document(self, key: str) -> Document | None:
        """A document by id, or by its 1-based number in load order (as `/docs` lists them); None if neither."""
        key = key.strip()
        for ref in self.refs:
            if ref.document.doc_id == key:
                return ref.document
        if key.isdigit() and 1 <= int(key) <= len(self.refs):
            return self.refs[int(key) - 1].document
        return None

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K, doc_id: str | None = None) -> Answer:
        """Answer a question with up to `top_k` passages, or abstain with found=False."""
        question = question or ""
        if not question.strip():
            return Answer(question, False, reason="empty")
        terms, corrections = self.query_terms(question)
        metadata = self._metadata_answer(question, doc_id)
        if metadata:
            return metadata
        if not terms:
            return Answer(question, False, reason="no_terms", query_terms=terms, corrections=corrections)
        quotes = self._top_quotes(terms, _corrected(question, corrections), top_k, self._window(doc_id))
        coverage = self._coverage(terms, quotes[0][0]) if quotes else 0.0
        reason = self.abstention(terms, quotes[0][0] if quotes else ())
        if reason is None and coverage < self.min_coverage:
            reason = "low_coverage"
        if reason is not None:
            return Answer(
                question, False, confidence=coverage, reason=reason, query_terms=terms, corrections=corrections
            )
        wanted = set(terms)
        quotes = self._with_neighbours(quotes, self._window(doc_id))
        passages = tuple(self._quote_passage(ids, score, wanted) for ids, score in quotes)
        return Answer(question, True, passages, confidence=coverage, query_terms=terms, corrections=corrections)

    def query_terms(self, question: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The question's search terms, misspelt words read as the text's words, and the corrections made."""
        terms: list[str] = []
        corrections: list[tuple[str, str]] = []
        for token in tokenize(question):
            corrected = self.speller.correct(token.norm) if token.kind == "word" else None
            if corrected is None:
                terms.extend(self.analyzer.token_terms(token))
                continue
            corrections.append((token.text, corrected))
            terms.extend(self.analyzer.word_terms(corrected))
        return tuple(terms), tuple(corrections)

    def context(self, sentence_id: int, radius: int = 1) -> list[Passage]:
        """The sentence with up to `radius` neighbours on each side, within its section."""
        sentence = self.sentences[sentence_id]
        offset = sentence_id - sentence.id
        document = self.refs[int(self._doc_of[sentence_id])].document
        same_section = document.section(sentence.section).sentence_ids
        position = same_section.index(sentence.id)
        window = same_section[max(0, position - radius) : position + radius + 1]
        return [self._passage(offset + i, 0.0, set()) for i in window]

    def section_passages(self, number: int, doc_id: str | None = None) -> list[Passage]:
        """Every sentence of a section, in order (empty for an unknown section)."""
        ref = self._ref(doc_id)
        return [self._passage(ref.offset + s.id, 0.0, set()) for s in ref.document.section_sentences(number)]

    def passage(self, sentence_id: int) -> Passage:
        """One sentence as a passage, by its global id (used to re-open a quote after a restart)."""
        return self._passage(sentence_id, 0.0, set())

    def _ref(self, doc_id: str | None) -> DocumentRef:
        """The reference of a document by id (the first one when None)."""
        document = self.document(doc_id)
        return next(ref for ref in self.refs if ref.document is document)

    def _window(self, doc_id: str | None) -> tuple[int, int]:
        """The range of sentence ids a question may be answered from: all, or one document's."""
        if doc_id is None or len(self.refs) == 1:
            return 0, len(self.sentences)
        ref = self._ref(doc_id)
        return ref.offset, ref.offset + len(ref.document.sentences)

    def _top_quotes(
        self, terms: tuple[str, ...], question: str, top_k: int, window: tuple[int, int]
    ) -> list[tuple[tuple[int, ...], float]]:
        """The best `top_k` quotes (sentence ids, score), best first, never two sharing a sentence.

        A quote is the ranked sentence, preceded by the sentence it refers back to; it must contain a
        question term (whole or by its first letters) so that no quote is there by neighbourhood alone.
        Only such sentences (`Ranker.quotable`) are scored, and they are taken in the order of the
        scores of all sentences: by score, ties by position.
        """
        if top_k <= 0:
            return []
        matching = self.ranker.matching(terms)
        candidates = self.ranker.quotable(matching, *window)
        scores = self.ranker.scores(list(terms), question, candidates)
        used: set[int] = set()
        quotes: list[tuple[tuple[int, ...], float]] = []
        for sentence_id, score in _best_first(candidates, scores, QUOTE_BATCH):
            ids = tuple(i for i in self.ranker.quote(sentence_id) if i not in used)
            if not any(contains(matching, i) for i in ids):
                continue
            used.update(ids)
            quotes.append((ids, score))
            if len(quotes) == top_k:
                break
        return quotes

    def _with_neighbours(
        self, quotes: list[tuple[tuple[int, ...], float]], window: tuple[int, int]
    ) -> list[tuple[tuple[int, ...], float]]:
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

    def abstention(self, terms: tuple[str, ...], quote: tuple[int, ...]) -> str | None:
        """Why the best quote does not answer the question (a reason code), or None when it may.

        - "no_match": no quote shares a word with the question;
        - "common_words": the quote shares only common words with it: words of the packaged stopword
          list, or words found in a quarter of the document's sentences or more (and in 3 at least),
          and fewer than two key words (not stopword-list words): two key words of the question
          together in one quote are evidence even in an article where each of them is frequent;
        - "not_together": a question with at most two key (not common) words, both found in the
          document but never in one quote, asks about a link the text does not make.
        """
        if not quote:
            return "no_match"
        keys = [t for t in dict.fromkeys(terms) if not t.startswith("~") and t not in self.analyzer.common_words]
        found = [t for t in keys if self._sentences_with(t, quote[0]) > 0]
        holding = {t: self.ranker.sentences_with(t) for t in found}
        matched = [t for t in found if any(contains(holding[t], i) for i in quote)]
        size = len(self.refs[int(self._doc_of[quote[0]])].document.sentences)
        common = max(COMMON_MIN_SENTENCES, COMMON_SHARE * size)
        specific = any(self._sentences_with(t, quote[0]) < common for t in matched)
        if len(matched) < MIN_KEY_WORDS_TOGETHER and not specific:
            return "common_words"
        if len(keys) <= 2 and len(found) == 2 and not self._together(found, quote[0], holding):
            return "not_together"
        return None

    def _matches(self, term: str, sentence_id: int) -> bool:
        """True when the sentence holds the term, whole or by its first letters."""
        return contains(self.ranker.sentences_with(term), sentence_id)

    def _sentences_with(self, term: str, sentence_id: int) -> int:
        """In how many sentences of the document of `sentence_id` the term occurs (whole or by its first letters)."""
        ref = self.refs[int(self._doc_of[sentence_id])]
        start, end = ref.offset, ref.offset + len(ref.document.sentences)
        posting = self.index.postings.get(term) or self.ranker.prefix_index.postings.get(prefix_term(term))
        if posting is None:
            return 0
        ids = posting[0]
        return int(np.searchsorted(ids, end) - np.searchsorted(ids, start))

    def _together(self, terms: list[str], sentence_id: int, holding: dict[str, np.ndarray] | None = None) -> bool:
        """True when some quote of the document of `sentence_id` holds every one of the terms.

        A quote holds a term when its sentence does, or the sentence it refers back to does;
        `holding` may give the sentences holding each term (`Ranker.sentences_with`).
        """
        ref = self.refs[int(self._doc_of[sentence_id])]
        start, end = ref.offset, ref.offset + len(ref.document.sentences)
        common = None
        for term in terms:
            ids = holding[term] if holding and term in holding else self.ranker.sentences_with(term)
            ids = ids[np.searchsorted(ids, start) : np.searchsorted(ids, end)]
            following = ids[ids + 1 < end] + 1
            quotes = np.union1d(ids, following[self.ranker.refers_back[following]])
            common = quotes if common is None else np.intersect1d(common, quotes, assume_unique=True)
        return common is not None and common.size > 0

    def _coverage(self, terms: tuple[str, ...], sentence_ids: tuple[int, ...]) -> float:
        """Share of the question's idf mass (unknown words as the rarest) found in the quote."""
        weights = self.ranker.term_weights(terms)
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        present = set().union(*(self.sentence_terms[i] for i in sentence_ids))
        return sum(w for t, w in weights.items() if t in present) / total

    def _quote_passage(self, sentence_ids: tuple[int, ...], score: float, wanted: set[str]) -> Passage:
        """A quote of one or more consecutive sentences as one passage, referenced by its first sentence."""
        if len(sentence_ids) == 1:
            return self._passage(sentence_ids[0], score, wanted)
        first = self._passage(sentence_ids[0], score, set())  # its words are matched over the whole span below
        text = self._source_span(sentence_ids)
        matched = tuple(sorted({t for i in sentence_ids for t in self.sentence_terms[i] if t in wanted}))
        spans = tuple(self.analyzer.matched_spans(text, set(matched))) if matched else ()
        return replace(first, text=text, highlights=spans, matched_terms=matched, sentence_count=len(sentence_ids))

    def _source_span(self, sentence_ids: tuple[int, ...]) -> str:
        """Consecutive sentences verbatim: the source between them when they share a paragraph."""
        first, last = self.sentences[sentence_ids[0]], self.sentences[sentence_ids[-1]]
        if first.paragraph == last.paragraph:
            document = self.refs[int(self._doc_of[sentence_ids[0]])].document
            return document.text[first.start : last.end]
        return " ".join(self.sentences[i].text for i in sentence_ids)

    def _passage(self, sentence_id: int, score: float, wanted: set[str]) -> Passage:
        """A sentence as a quotable passage, with the spans of the words that matched."""
        sentence = self.sentences[sentence_id]
        document = self.refs[int(self._doc_of[sentence_id])].document
        matched = tuple(sorted(wanted.intersection(self.sentence_terms[sentence_id])))
        spans = tuple(self.analyzer.matched_spans(sentence.text, set(matched))) if matched else ()
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
        )

    def _metadata_answer(self, question: str, doc_id: str | None) -> Answer | None:
        """Questions about the publication itself (author, date, agency...), quoted from metadata lines."""
        lowered = normalize(question)
        document = self.document(doc_id)
        for key, pattern, label in _METADATA_QUESTIONS:
            if not pattern.search(lowered):
                continue
            line = document.metadata.line(document.text, key)
            if line is None:
                continue
            passage = Passage(
                text=line,
                doc_id=document.doc_id,
                doc_title=document.title,
                section=METADATA_SECTION,
                section_title=f"{METADATA_TITLE}: {label}",
                sentence=0,
                score=1.0,
                kind="metadata",
            )
            return Answer(question, True, (passage,), confidence=1.0, reason="metadata")
        return None


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


def _corrected(question: str, corrections: tuple[tuple[str, str], ...]) -> str:
    """The question with its misspelt words replaced by their readings (for question-word cues)."""
    for wrong, right in corrections:
        question = question.replace(wrong, right, 1)
    return question


def load_engine(
    path: str | Path,
    params: BM25Params | None = None,
    *,
    cache: bool = True,
    progress: bool = False,
    analyzer: Analyzer | None = None,
) -> Engine:
    """An engine over one text file or every text of a folder; a clear error when there is nothing to read.

    A folder's index is saved in `<folder>/.index/` and reused while the texts and settings are the
    same (`cache=False` neither reads nor writes it); `progress` shows a progress bar on long builds.
    """
    path = Path(path)
    params = params or BM25Params()
    analyzer = analyzer or Analyzer()
    if path.is_dir() and not text_files(path):
        raise FileNotFoundError(f"no *.txt or *.md texts in {path}")
    if path.is_dir():
        built = load_folder(path, analyzer, params, use_cache=cache, progress=progress)
        documents, analysis, index, prefix_index = built.documents, built.analysis, built.index, built.prefix_index
    elif path.is_file():
        documents, analysis, index, prefix_index = [d for d in [load_document(path)] if d.sentences], None, None, None
    else:
        raise FileNotFoundError(f"no such file or folder: {path}")
    if not documents:
        raise FileNotFoundError(f"no text with sentences in {path}")
    return Engine(documents, analyzer, params, analysis=analysis, index=index, prefix_index=prefix_index)
