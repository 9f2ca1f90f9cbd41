"""The answer stage: a question becomes quoted passages with references, highlights and a confidence.

One `Engine` serves every front end (Telegram, console, CLI), so they all give the same answer.
It abstains instead of quoting noise: the best passage must cover enough of the question's
information (its idf-weighted terms; words the article never uses count as the rarest ones), a
rule relative to the query rather than a fixed raw score. Questions about the publication itself
(author, date, agency, title, photo) are answered from the document's metadata lines, verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.analysis import Analyzer, normalize
from bot.document import Document, Sentence, load_document
from bot.index import BM25Index, BM25Params, EncodedCorpus
from bot.index_cache import analyse, load_folder

METADATA_SECTION = -1
METADATA_TITLE = "Сведения о публикации"
DEFAULT_TOP_K = 3
# Share of the question's information the best sentence must match to be quoted (see README).
DEFAULT_MIN_COVERAGE = 0.2

_METADATA_QUESTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("author", re.compile(r"\bавтор|\bкто (?:на)?писал|\bкем (?:на)?писан|\bчь[яей] (?:стать|колонк|текст)|\bподпис"), "автор"),
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


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    found: bool
    passages: tuple[Passage, ...] = ()
    confidence: float = 0.0
    reason: str = "ok"
    query_terms: tuple[str, ...] = field(default=(), compare=False)


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
        *,
        terms: EncodedCorpus | None = None,
        index: BM25Index | None = None,
    ) -> None:
        """Analyse every sentence of every document and build one index over them.

        `terms` and `index` skip that work when they are already at hand (`load_engine` takes them
        from the index cache); they must describe the documents' sentences in order.
        """
        self.analyzer = analyzer or Analyzer()
        self.min_coverage = min_coverage
        self.refs: list[DocumentRef] = []
        self.sentences: list[Sentence] = []
        for document in documents:
            self.refs.append(DocumentRef(document, len(self.sentences)))
            self.sentences.extend(document.sentences)
        self.sentence_terms = terms if terms is not None else analyse([s.text for s in self.sentences], self.analyzer)
        self.index = index if index is not None else BM25Index(self.sentence_terms, params)
        if not len(self.sentence_terms) == self.index.size == len(self.sentences):
            raise ValueError("terms and index do not match the documents' sentences")
        self._doc_of = np.concatenate(
            [np.full(len(r.document.sentences), i, dtype=np.int64) for i, r in enumerate(self.refs)]
            or [np.zeros(0, dtype=np.int64)]
        )

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
        terms = tuple(self.analyzer.terms(question))
        metadata = self._metadata_answer(question, doc_id)
        if metadata:
            return metadata
        if not terms:
            return Answer(question, False, reason="no_terms", query_terms=terms)
        allowed = self._allowed(doc_id)
        hits = [(i, s) for i, s in self.index.search(list(terms), top_k, allowed) if s > 0]
        coverage = self._coverage(terms, hits[0][0]) if hits else 0.0
        if not hits or coverage < self.min_coverage:
            return Answer(question, False, confidence=coverage, reason="no_match", query_terms=terms)
        wanted = set(terms)
        passages = tuple(
            self._passage(i, score, wanted) for i, score in hits if wanted.intersection(self.sentence_terms[i])
        )
        return Answer(question, True, passages, confidence=coverage, query_terms=terms)

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

    def _allowed(self, doc_id: str | None) -> np.ndarray | None:
        """Sentence ids a question may be answered from: all, or one document's."""
        if doc_id is None or len(self.refs) == 1:
            return None
        ref = self._ref(doc_id)
        return np.arange(ref.offset, ref.offset + len(ref.document.sentences))

    def _coverage(self, terms: tuple[str, ...], sentence_id: int) -> float:
        """Share of the question's idf mass (unknown words as the rarest) found in the sentence."""
        rare = self.index.max_idf()
        present = set(self.sentence_terms[sentence_id])
        weights = {t: self.index.idf[t] if t in self.index.postings else rare for t in set(terms)}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        return sum(w for t, w in weights.items() if t in present) / total

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
    if path.is_dir():
        built = load_folder(path, analyzer, params, use_cache=cache, progress=progress)
        documents, terms, index = built.documents, built.terms, built.index
    elif path.is_file():
        documents, terms, index = [d for d in [load_document(path)] if d.sentences], None, None
    else:
        raise FileNotFoundError(f"no such file or folder: {path}")
    if not documents:
        raise FileNotFoundError(f"no text with sentences in {path}")
    return Engine(documents, analyzer, params, terms=terms, index=index)
