"""The engine: a question becomes quoted passages with references, highlights and a confidence.

One `Engine` serves every front end (Telegram, console, CLI), so they all give the same answer.
It reads the question's terms (misspelt words read as the text's words), answers questions about
the publication from its metadata lines (`bot.qa.metadata`), ranks the sentences it can quote
(`bot.qa.quotes` over the search stage's ranker, with the question's words that match no word of
the text read by meaning: `bot.qa.query`), declines when the confidence that the best quote
answers is low (`bot.qa.confidence`, over the rules of `bot.qa.abstention`) and quotes the
passages verbatim (`bot.qa.passages`), words matched exactly and by meaning marked apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.qa.abstention import Abstention
from bot.qa.answer import WITHOUT_KIND, Answer, Passage
from bot.qa.confidence import THRESHOLD, Confidence, ConfidenceWeights
from bot.qa.library import Library
from bot.qa.metadata import metadata_answer
from bot.qa.passages import Passages
from bot.qa.query import Query, QueryReader
from bot.qa.quotes import QuoteChooser
from bot.search.bm25 import BM25Index, BM25Params
from bot.search.meaning import DERIVED, Meaning, MeaningTable
from bot.search.pipeline import Analysis, analyse_documents
from bot.search.ranker import Ranker, RankWeights
from bot.text.analysis import Analyzer
from bot.text.dates import publication_year
from bot.text.document import Document, Sentence
from bot.text.speller import Speller

DEFAULT_TOP_K = 3
JUDGED_QUOTES = 3  # the confidence is that of the best of the first quotes (the answer shows three)


class Engine:
    """Answers questions about one or more documents with BM25 over their sentences."""

    def __init__(
        self,
        documents: Sequence[Document],
        analyzer: Analyzer | None = None,
        params: BM25Params | None = None,
        weights: RankWeights | None = None,
        *,
        analysis: Analysis | None = None,
        index: BM25Index | None = None,
        prefix_index: BM25Index | None = None,
        meaning: MeaningTable | None = None,
        confidence: ConfidenceWeights | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        """Analyse every sentence of every document and build one index and one ranker over them.

        `analysis`, `index`, `prefix_index` (the ranker's) and `meaning` (the vocabulary's vectors and
        frequencies) skip that work when they are already at hand (`load_engine` takes them from the
        index cache); they must describe the documents' sentences in order. Below `threshold` the
        confidence declines.
        """
        self.analyzer = analyzer or Analyzer()
        self.library = Library(documents)
        if analysis is None:
            analysis = analyse_documents(documents, self.analyzer)
        self.sentence_terms = analysis.terms
        self.analyzer.remember(analysis.lexicon, analysis.lexicon.function_forms)
        self.index = index if index is not None else BM25Index(self.sentence_terms, params)
        if not len(analysis) == self.index.size == len(self.sentences):
            raise ValueError("analysis and index do not match the documents' sentences")
        same_as_previous = self.library.same_paragraph_as_previous()
        self.ranker = Ranker(
            self.sentence_terms,
            self.index,
            analysis.evidence,
            same_as_previous,
            params,
            weights,
            prefix_index,
            tag=self.analyzer.tag,
        )
        self.speller = Speller(self.analyzer, analysis.forms.terms, self.index.postings)
        if meaning is None:
            names = analysis.evidence.cues["names"].terms
            meaning = MeaningTable.build(self.index.terms, self.analyzer, self.analyzer.vectors, names)
        self.meaning = Meaning(meaning, self.index.terms, self.analyzer)
        metadata = [d.metadata.line(d.text, key) or "" for d in self.library.documents for key in d.metadata.lines]
        years = {publication_year(d.metadata.date) for d in self.library.documents}
        year = years.pop() if len(years) == 1 else None
        texts = lambda: [sentence.text for sentence in self.library.sentences]  # noqa: E731 (read at need)
        self.reader = QueryReader(self.analyzer, self.speller, self.ranker, self.meaning, metadata, year, texts)
        self.quotes = QuoteChooser(self.ranker)
        self.abstention = Abstention(
            self.library, self.index, self.ranker, self.analyzer.common_words, self.sentence_terms, self.meaning.zipf
        )
        self.confidence = Confidence(self.sentence_terms, self.meaning, confidence)
        self.threshold = threshold
        self.passages = Passages(self.library, self.analyzer, self.sentence_terms)

    @property
    def documents(self) -> list[Document]:
        """The loaded documents, in load order."""
        return self.library.documents

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of every document, in the global numbering passages use (`Passage.sentence_id`)."""
        return self.library.sentences

    def document(self, doc_id: str | None = None) -> Document:
        """A document by id; the first one when no id is given."""
        return self.library.document(doc_id)

    def find_document(self, key: str) -> Document | None:
        """A document by id, or by its 1-based number in load order (as `/docs` lists them); None if neither."""
        return self.library.find_document(key)

    def ask(self, question: str, top_k: int = DEFAULT_TOP_K, doc_id: str | None = None) -> Answer:
        """Answer a question with up to `top_k` passages, or abstain with found=False."""
        question = question or ""
        if not question.strip():
            return Answer(question, False, reason="empty")
        query = self.reader.read(question)
        terms, corrections = query.terms, query.corrections
        metadata = metadata_answer(question, self.document(doc_id), terms, query.held, self.analyzer.terms)
        if metadata:
            return metadata
        if not terms:
            return Answer(question, False, reason="no_terms", query_terms=terms, corrections=corrections)
        window = self.library.window(doc_id)
        quotes = self.quotes.best(terms, query.corrected, max(top_k, JUDGED_QUOTES), window, query.expansion)
        confidence, rule = self.judge(query, [ids for ids, _ in quotes[:JUDGED_QUOTES]])
        quotes = quotes[:top_k]
        if not quotes or confidence < self.threshold:
            reason = rule if rule not in (None, WITHOUT_KIND) else "low_confidence"  # "no_match": there is no quote
            name = query.unknown_names[0] if reason == "unknown_name" else ""
            return Answer(
                question, False, confidence=confidence, reason=reason, query_terms=terms, corrections=corrections, topic=name
            )
        quotes = self.quotes.with_neighbours(quotes, window)
        related = {term for term, _ in query.expansion}
        passages = tuple(self.passages.quote(ids, score, set(terms), related) for ids, score in quotes)
        absent = query.absent_words(self.meaning, self.abstention.quote_terms(quotes[0][0]))
        return Answer(question, True, passages, confidence, rule or "ok", terms, corrections, absent=absent)

    def judge(self, query: Query, quotes: list[tuple[int, ...]]) -> tuple[float, str | None]:
        """The confidence that the answer answers the question, and the abstention rule that fired (if one did).

        A question giving a name no text mentions makes it 0 ("unknown_name"), an abstention rule firing on the
        first quote too, and so does a question asking how many or when
        that no quote answers in kind (`Abstention.lacks_kind`, against the calibrated `THRESHOLD`, whatever
        the engine's own threshold, so that the confidence does not depend on it) unless the first quote
        covers all the question's words (it states the event, only not its date: "Когда назначен банк?"; the rule
        given is then `WITHOUT_KIND`, and the answer says so); otherwise it is the confidence of the best of
        `quotes` (`bot.qa.confidence`).
        """
        if query.unknown_names:  # the question is about something no text names (`bot.qa.names`)
            return 0.0, "unknown_name"
        if not quotes:
            return 0.0, "no_match"
        derived = {w.term: tuple(t for t, c in w.terms if abs(c - DERIVED) < 1e-6) for w in query.related}  # виза: безвизовый
        rule = self.abstention.reason(query.terms, quotes[0], derived)
        if rule is not None:
            return 0.0, rule
        information, idf = self.confidence.information(query), self.ranker.term_weights(query.terms)
        signals = [
            self.confidence.signals(query, quote, self.abstention.coverage(query.terms, quote, idf), information)
            for quote in quotes
        ]
        scores = [self.confidence.score(s) for s in signals]
        stated = signals[0].uncovered == 1.0  # the first quote covers every informative word of the question
        if self.abstention.lacks_kind(query.corrected, query.terms, quotes, scores, THRESHOLD):
            return (max(scores), WITHOUT_KIND) if stated else (0.0, "no_kind")
        return max(scores), None

    def query_terms(self, question: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The question's search terms, misspelt words read as the text's words, and the corrections made."""
        query = self.reader.read(question)
        return query.terms, query.corrections

    def context(self, sentence_id: int, radius: int = 1) -> list[Passage]:
        """The sentence with up to `radius` neighbours on each side, within its section."""
        return self.passages.context(sentence_id, radius)

    def section_passages(self, number: int, doc_id: str | None = None) -> list[Passage]:
        """Every sentence of a section, in order (empty for an unknown section)."""
        return self.passages.section(number, doc_id)

