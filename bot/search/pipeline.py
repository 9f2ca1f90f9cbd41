"""Sentence analysis: what the index, the ranker and the speller need of every sentence, as arrays.

Each sentence yields its terms (BM25), its evidence row (references, answer cues, opening subjects) and its word
forms (the speller's readings and the lexicon). Sentences are analysed in chunks, each encoded at
once (compact arrays rather than Python lists per sentence), in forked workers for large corpora;
repeated sentences (boilerplate) are analysed once. The engine needs this with or without a cache.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.search.corpus import EncodedCorpus
from bot.search.evidence import Evidence, sentence_evidence
from bot.search.lexicon import Lexicon
from bot.search.progress import bar
from bot.search.workers import map_forked, worker_count
from bot.text.analysis import tokenize
from bot.text.dates import publication_year, relative_years

# Below this many sentences a build takes about a second and needs no progress bar.
PROGRESS_MIN_SENTENCES = 5000
ANALYSIS_CHUNK = 2000


@dataclass(frozen=True)
class Analysis:
    """What analysing sentences yields, per sentence in order: its terms, the ranker's evidence, its word forms.

    `forms` holds each sentence's distinct normalised words; its vocabulary is what the speller
    may read a misspelt question word as. `lexicon` gives the terms of those words (and may hold
    more: the words of texts since removed).
    """

    terms: EncodedCorpus
    evidence: Evidence
    forms: EncodedCorpus
    lexicon: Lexicon

    def __len__(self) -> int:
        """Number of sentences."""
        return len(self.terms)

    @classmethod
    def of_rows(cls, rows: Sequence[tuple], lexicon: Lexicon) -> Analysis:
        """The analysis of sentences from their `analyse_sentence` rows, in order, and the lexicon of their words."""
        return cls(
            EncodedCorpus.encode(row[0] for row in rows),
            Evidence.from_rows(row[1] for row in rows),
            EncodedCorpus.encode(row[2] for row in rows),
            lexicon,
        )

    def take(self, ids: np.ndarray) -> Analysis:
        """The analysis of sentences `ids`, in that order (repeats allowed)."""
        return Analysis(self.terms.take(ids), self.evidence.take(ids), self.forms.take(ids), self.lexicon)

    def with_repeated_subjects(self) -> Analysis:
        """The analysis with a sentence whose subject repeats a term of the sentence before marked as a reference
        (`Evidence.with_repeated_subjects`); it depends on the order of the sentences, so it comes last."""
        return Analysis(self.terms, self.evidence.with_repeated_subjects(self.terms), self.forms, self.lexicon)

    @classmethod
    def join(cls, parts: Iterable[tuple[Analysis, int, int]]) -> Analysis:
        """Sentences `start:end` of each analysis in turn, as one (equal to analysing those sentences again)."""
        parts = list(parts)
        if len(parts) == 1 and parts[0][1] == 0 and parts[0][2] == len(parts[0][0]):
            return parts[0][0]
        return cls(
            EncodedCorpus.join((a.terms, start, end) for a, start, end in parts),
            Evidence.join((a.evidence, start, end) for a, start, end in parts),
            EncodedCorpus.join((a.forms, start, end) for a, start, end in parts),
            Lexicon.merge(a.lexicon for a, _, _ in parts),
        )



def analyse(texts: Sequence[str], analyzer, progress: bool = False) -> Analysis:
    """Every sentence's terms, evidence and word forms; repeated sentences (boilerplate) are analysed once."""
    unique = list(dict.fromkeys(texts))
    show = progress and len(unique) >= PROGRESS_MIN_SENTENCES
    chunks = [unique[i : i + ANALYSIS_CHUNK] for i in range(0, len(unique), ANALYSIS_CHUNK)]
    workers = worker_count(len(unique))
    bars = []  # made at the first finished chunk, after the workers are forked (a bar runs a thread)

    def done(count: int) -> None:
        if show and not bars:
            bars.append(bar(len(unique), "Анализ предложений", "предл.", True))
        if bars:
            bars[0].update(count)

    if workers > 1:
        parts = map_forked(analyse_chunk, chunks, analyzer, workers, done)
    else:
        parts = []
        for chunk in chunks:
            parts.append(analyse_chunk(chunk, analyzer))
            done(len(chunk))
    if bars:
        bars[0].close()
    analysis = Analysis.join((part, 0, len(part)) for part in parts) if parts else analyse_chunk([], analyzer)
    if len(unique) != len(texts):
        where = {text: i for i, text in enumerate(unique)}
        analysis = analysis.take(np.fromiter((where[text] for text in texts), dtype=np.int64, count=len(texts)))
    return analysis.with_repeated_subjects()


def analyse_documents(documents: Sequence, analyzer, progress: bool = False) -> Analysis:
    """`analyse` of the documents' sentences in order, a dated document's sentences also holding the years their
    relative phrases name («прошлого года» in a text of 2024: «2023», `bot.text.dates`)."""
    analysis = analyse([s.text for d in documents for s in d.sentences], analyzer, progress)
    extra: dict[int, list[str]] = {}
    position = 0
    for document in documents:
        year = publication_year(document.metadata.date)
        for sentence in document.sentences:
            years = [number for number, _ in relative_years(sentence.text, year)]
            if years:
                extra[position] = years
            position += 1
    if not extra:
        return analysis
    terms = EncodedCorpus.encode([*analysis.terms[i], *extra.get(i, ())] for i in range(len(analysis)))
    return Analysis(terms, analysis.evidence, analysis.forms, analysis.lexicon)


def analyse_sentence(text: str, analyzer) -> tuple[list[str], tuple, list[str]]:
    """One sentence's terms (as `Analyzer.terms`), evidence row (`evidence.sentence_evidence`) and sorted word forms."""
    tokens = tokenize(text)
    terms = [term for token in tokens for term in analyzer.token_terms(token)]
    forms = sorted({token.norm for token in tokens if token.kind == "word"})
    return terms, sentence_evidence(analyzer, tokens, text), forms


def analyse_chunk(texts: Sequence[str], analyzer) -> Analysis:
    """The analysis of a chunk of sentences."""
    rows = [analyse_sentence(text, analyzer) for text in texts]
    return Analysis.of_rows(rows, Lexicon.of(analyzer, (form for row in rows for form in row[2])))

