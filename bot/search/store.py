"""Index persistence: the parsed texts, their terms and the BM25 index, saved next to the seeds.

Building an engine means parsing every text (razdel), analysing every sentence (pymorphy3: its
terms, the ranker's evidence, its word forms for the speller) and inverting the terms; on an archive
of 100k sentences that takes tens of seconds. The result is saved in `<seeds>/.index/engine.npz`
and reused on the next start while nothing it depends on changed: documents, analysis, the BM25
index and the ranker's prefix index, and the lexicon (every word form's terms), which the
analyzer then uses instead of parsing those words again.

The cache key is a SHA-256 over the texts (file names and contents) and a settings key: the BM25
parameters, the analyzer's class and settings, the source code of the modules that shape the
result (document parsing, the analyzer's module, the index, the ranker's evidence), the versions of the packages they
rely on and FORMAT_VERSION. Another key means a stale cache. If only texts changed (same settings
key), the unchanged texts' documents and terms are reused and only new or edited texts are parsed
and analysed, so adding one article to a large archive costs seconds; if the settings changed,
everything is rebuilt. A file that cannot be read (truncated, corrupt, written by another version,
arrays that do not add up) is rebuilt too. Every case logs a warning and none crashes; a folder
that cannot be written goes without a cache.

The file is a plain `.npz` (no pickle): numpy arrays for the terms and the index, and JSON (as UTF-8
bytes) for the document structure. It is written to a temporary file and renamed over the old one,
so a reader never sees half a file, even with two processes starting at once.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import inspect
import json
import logging
import os
import secrets
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path

import numpy as np

from bot.text.analysis import tokenize
from bot.text.document import Document, Metadata, Paragraph, Section, Sentence, clean_text
from bot.text.parsing import parse_document, text_files
from bot.search.bm25 import BM25Index, BM25Params
from bot.search.corpus import EncodedCorpus, decode_strings, encode_strings
from bot.search.evidence import Evidence, sentence_evidence
from bot.search.prefix import build_prefix_index

FORMAT_VERSION = 2
CACHE_DIR = ".index"
CACHE_FILE = "engine.npz"
# Below these sizes a build takes about a second and needs no progress bar.
PROGRESS_MIN_SENTENCES = 5000
PROGRESS_MIN_FILES = 200
# From this many distinct sentences on, analysis runs in worker processes on every core (Linux: fork).
PARALLEL_MIN_SENTENCES = 20000
ANALYSIS_CHUNK = 2000
MAX_WORKERS = 8
_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru", "razdel", "snowballstemmer", "stop-words")
_SHAPING_MODULES = ("bot.text.document", "bot.search.bm25", "bot.search.store", "bot.search.ranker")
_INDEX_ARRAYS = ("indptr", "doc_ids", "tf", "doc_len", "idf", "avgdl")
_CORPUS_ARRAYS = ("vocabulary", "indptr", "tokens")
_SENTENCE_TEXT, _SENTENCE_START, _SENTENCE_END = (
    [f.name for f in fields(Sentence)].index(name) for name in ("text", "start", "end")
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceText:
    """One text file of the seeds folder as read: where it is and what it says."""

    path: Path
    text: str


class Lexicon(Mapping):
    """Word forms and their terms as the analyzer gives them (`Analyzer.word_terms`), saved with the index.

    Given to the analyzer (`Analyzer.remember`), it spares a restarted bot the morphology of the
    archive's words: questions and quotes made of them are analysed with look-ups. A read-only
    mapping form → terms (a tuple), over a sorted form list (searched by bisection) and an encoded
    corpus of terms.
    """

    def __init__(self, forms: list[str], terms: EncodedCorpus) -> None:
        """`forms` sorted and distinct; `terms[i]` are the terms of `forms[i]`."""
        if len(forms) != len(terms):
            raise ValueError("lexicon forms and terms differ in length")
        self.forms = forms
        self.terms = terms

    @classmethod
    def of(cls, analyzer, forms: Iterable[str]) -> Lexicon:
        """The lexicon of these word forms."""
        forms = sorted(set(forms))
        return cls(forms, EncodedCorpus.encode(analyzer.word_terms(form) for form in forms))

    @classmethod
    def merge(cls, lexicons: Iterable[Lexicon]) -> Lexicon:
        """Every form of the lexicons with its terms (a form in several takes the first one's: they are equal)."""
        lexicons = list({id(x): x for x in lexicons}.values())
        if len(lexicons) == 1:
            return lexicons[0]
        seen: set[str] = set()
        forms, parts = [], []
        for lexicon in lexicons:
            rows = [i for i, form in enumerate(lexicon.forms) if form not in seen]
            seen.update(lexicon.forms[i] for i in rows)
            forms.extend(lexicon.forms[i] for i in rows)
            parts.append(lexicon.terms.take(rows))
        order = sorted(range(len(forms)), key=forms.__getitem__)
        terms = EncodedCorpus.join((part, 0, len(part)) for part in parts)
        return cls([forms[i] for i in order], terms.take(order))

    def restricted(self, forms: Iterable[str]) -> Lexicon:
        """The lexicon of these forms only (ValueError when it lacks one)."""
        forms = sorted(set(forms))
        rows = [self._row(form) for form in forms]
        if None in rows:
            raise ValueError("a word form is missing from the lexicon")
        return Lexicon(forms, self.terms.take(rows))

    def _row(self, form: str) -> int | None:
        """Where the form is in `forms`, or None."""
        i = bisect.bisect_left(self.forms, form)
        return i if i < len(self.forms) and self.forms[i] == form else None

    def __getitem__(self, form: str) -> tuple[str, ...]:
        """The terms of a form (KeyError when the lexicon does not hold it)."""
        i = self._row(form)
        if i is None:
            raise KeyError(form)
        return tuple(self.terms[i])

    def __iter__(self):
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)


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


@dataclass(frozen=True)
class Built:
    """What an engine is made of: the documents that have sentences, their sentences' analysis, the indexes.

    `prefix_index` is the ranker's BM25 over the sentences' prefix terms (`ranking.build_prefix_index`).
    """

    documents: list[Document]
    analysis: Analysis
    index: BM25Index
    prefix_index: BM25Index

    @property
    def terms(self) -> EncodedCorpus:
        """The sentences' terms."""
        return self.analysis.terms


def cache_file(folder: str | Path) -> Path:
    """Where the index of a folder of texts is saved: `<folder>/.index/engine.npz`."""
    return Path(folder) / CACHE_DIR / CACHE_FILE


def read_texts(folder: str | Path) -> list[SourceText]:
    """Every text of a folder (see `document.text_files`), read as UTF-8."""
    return [SourceText(path, path.read_text(encoding="utf-8")) for path in text_files(folder)]


def load_folder(folder: str | Path, analyzer, params: BM25Params, use_cache: bool = True, progress: bool = False) -> Built:
    """Documents, terms and index of a folder: from its cache when valid, else built (and saved when allowed).

    When only some texts changed (same settings), the unchanged ones are taken from the cache and
    only the new or edited texts are parsed and analysed; the index over all of them is rebuilt,
    which takes well under a second even at 100k sentences.
    """
    texts = read_texts(folder)
    if not use_cache:
        return build(texts, analyzer, params, progress)
    settings, hashes = settings_key(analyzer, params), file_hashes(texts)
    key = _combined_key(settings, hashes)
    path = cache_file(folder)
    saved = _read_saved(path)
    if saved is not None and saved.meta.get("key") == key:
        built = _from_saved(saved, texts, params, path)
        if built is not None:
            return built
        saved = None
    started = time.perf_counter()
    if saved is not None and saved.meta.get("settings") == settings:
        built = _update(saved, texts, hashes, analyzer, params, progress, path)
    else:
        if saved is not None:
            log.warning("index cache %s is stale (settings or code changed): rebuilding", path)
        built = build(texts, analyzer, params, progress)
    stored = write_cache(path, key, built, settings, hashes)
    log.info(
        "index built: %d texts, %d sentences in %.1f s%s",
        len(built.documents),
        len(built.terms),
        time.perf_counter() - started,
        f", saved to {path}" if stored else "",
    )
    return built


def build(texts: Sequence[SourceText], analyzer, params: BM25Params, progress: bool = False) -> Built:
    """Parse the texts, analyse their sentences and index them (texts without sentences are left out)."""
    documents = parse_texts(texts, progress)
    analysis = analyse([s.text for d in documents for s in d.sentences], analyzer, progress)
    return _built(documents, analysis, params)


def _built(documents: list[Document], analysis: Analysis, params: BM25Params) -> Built:
    """The documents and their analysis with both indexes built."""
    return Built(documents, analysis, BM25Index(analysis.terms, params), build_prefix_index(analysis.terms, params))


def parse_texts(texts: Sequence[SourceText], progress: bool = False) -> list[Document]:
    """Parse texts as `document.load_document` does (id = file name without suffix); keep those with sentences."""
    items = _progress(texts, "Разбор текстов", "файл", progress and len(texts) >= PROGRESS_MIN_FILES)
    documents = (parse_document(t.text, doc_id=t.path.stem, path=str(t.path)) for t in items)
    return [d for d in documents if d.sentences]


def analyse(texts: Sequence[str], analyzer, progress: bool = False) -> Analysis:
    """Every sentence's terms, evidence and word forms; repeated sentences (boilerplate) are analysed once.

    Sentences are analysed in chunks, each encoded at once (compact arrays rather than Python lists
    per sentence), by worker processes on every core for large corpora (see `_analyse_in_workers`).
    """
    unique = list(dict.fromkeys(texts))
    show = progress and len(unique) >= PROGRESS_MIN_SENTENCES

    def make_bar():
        return _bar(len(unique), "Анализ предложений", "предл.", show)

    chunks = [unique[i : i + ANALYSIS_CHUNK] for i in range(0, len(unique), ANALYSIS_CHUNK)]
    workers = _worker_count(len(unique))
    if workers > 1:
        parts = _analyse_in_workers(chunks, analyzer, workers, make_bar)
    else:
        parts = _analyse_here(chunks, analyzer, make_bar())
    analysis = Analysis.join((part, 0, len(part)) for part in parts) if parts else _analyse_chunk([], analyzer)
    if len(unique) == len(texts):
        return analysis
    where = {text: i for i, text in enumerate(unique)}
    return analysis.take(np.fromiter((where[text] for text in texts), dtype=np.int64, count=len(texts)))


def analyse_sentence(text: str, analyzer) -> tuple[list[str], tuple, list[str]]:
    """One sentence's terms (as `Analyzer.terms`), evidence row (`ranking.sentence_evidence`) and sorted word forms."""
    tokens = tokenize(text)
    terms = [term for token in tokens for term in analyzer.token_terms(token)]
    forms = sorted({token.norm for token in tokens if token.kind == "word"})
    return terms, sentence_evidence(analyzer, tokens), forms


def _analyse_chunk(texts: Sequence[str], analyzer) -> Analysis:
    """The analysis of a chunk of sentences."""
    rows = [analyse_sentence(text, analyzer) for text in texts]
    return Analysis.of_rows(rows, Lexicon.of(analyzer, (form for row in rows for form in row[2])))


def _analyse_here(chunks: Sequence[Sequence[str]], analyzer, bar) -> list[Analysis]:
    """Analyse chunks in this process (the bar, if any, is advanced and closed)."""
    result = []
    for chunk in chunks:
        result.append(_analyse_chunk(chunk, analyzer))
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    return result


def _analyse_in_workers(chunks: Sequence[Sequence[str]], analyzer, workers: int, make_bar) -> list[Analysis]:
    """Analyse in forked worker processes, in order; they inherit the loaded analyzer, so nothing heavy is sent.

    Morphological analysis is pure Python and dominates a first build (hundreds of µs per sentence),
    so n cores make it up to n times faster. The workers are forked before the progress bar starts
    its thread. If the pool fails, the remaining sentences are analysed here.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    result: list[Analysis] = []
    bar = None
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start, initargs=(analyzer,)) as pool:
            analysed = pool.map(_worker_analyse, chunks)
            bar = make_bar()
            for part in analysed:
                result.append(part)
                if bar is not None:
                    bar.update(len(part))
        if bar is not None:
            bar.close()
        return result
    except (OSError, BrokenProcessPool) as error:
        log.warning("parallel analysis failed (%s): analysing in one process", error)
        return result + _analyse_here(chunks[len(result) :], analyzer, bar)


def _worker_count(sentences: int) -> int:
    """How many processes analyse: every core for a large corpus where fork is available, else one."""
    if sentences < PARALLEL_MIN_SENTENCES:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


_worker_analyzer = None  # the analyzer inherited by a forked worker process (set once per worker)


def _worker_start(analyzer) -> None:
    """Worker initializer: keep the analyzer the worker inherited from its parent."""
    global _worker_analyzer
    _worker_analyzer = analyzer


def _worker_analyse(texts: list[str]) -> Analysis:
    """Worker task: the analysis of a chunk of sentences."""
    return _analyse_chunk(texts, _worker_analyzer)


def settings_key(analyzer, params: BM25Params) -> str:
    """SHA-256 of everything but the texts that the saved index depends on (see the module docstring)."""
    settings = {
        "format": FORMAT_VERSION,
        "params": asdict(params),
        "analyzer": _analyzer_fingerprint(analyzer),
        "code": {name: _source_hash(sys.modules[name]) for name in _SHAPING_MODULES},
        "packages": _package_versions(),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode("utf-8")).hexdigest()


def file_hashes(texts: Sequence[SourceText]) -> dict[str, str]:
    """SHA-256 of every text by file name, in file order."""
    return {t.path.name: hashlib.sha256(t.text.encode("utf-8")).hexdigest() for t in texts}


def cache_key(texts: Sequence[SourceText], analyzer, params: BM25Params) -> str:
    """The key a valid cache must carry: settings plus every text's name and contents."""
    return _combined_key(settings_key(analyzer, params), file_hashes(texts))


def _combined_key(settings: str, hashes: dict[str, str]) -> str:
    """One SHA-256 over the settings key and the per-file hashes (order included)."""
    return hashlib.sha256(json.dumps([settings, list(hashes.items())]).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Saved:
    """A cache file as read: its header, document rows, the analysis and the index arrays (not yet checked)."""

    meta: dict
    rows: list[dict]
    analysis: Analysis
    index_arrays: dict[str, np.ndarray]
    prefix_arrays: dict[str, np.ndarray]
    prefix_terms: list[str]

    @property
    def terms(self) -> EncodedCorpus:
        """The saved sentences' terms."""
        return self.analysis.terms


def _read_saved(path: Path) -> _Saved | None:
    """The cache file's contents, or None when there is none or it cannot be read (with a warning)."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {meta.get('format')}, expected {FORMAT_VERSION}")
            rows = json.loads(data["documents"].tobytes())
            terms = EncodedCorpus.from_arrays({name: data[f"terms_{name}"] for name in _CORPUS_ARRAYS})
            words = decode_strings(data["lexicon_forms"])
            forms = EncodedCorpus.from_arrays(_prefixed(data, "forms_"), words)
            lexicon = Lexicon(words, EncodedCorpus.from_arrays(_prefixed(data, "lexicon_"), terms.terms))
            evidence = Evidence.from_arrays(_prefixed(data, "evidence_"))
            if not len(terms) == len(forms) == len(evidence):
                raise ValueError("sentence counts do not match")
            arrays = {name: data[f"index_{name}"] for name in _INDEX_ARRAYS}
            prefix_arrays = {name: data[f"prefix_index_{name}"] for name in _INDEX_ARRAYS}
            prefix_terms = decode_strings(data["prefix_vocabulary"])
        return _Saved(meta, rows, Analysis(terms, evidence, forms, lexicon), arrays, prefix_arrays, prefix_terms)
    except Exception as error:  # any failure to read our own file (truncated zip, bad JSON, wrong arrays) means: rebuild
        log.warning("index cache %s is unreadable (%s: %s): rebuilding", path, type(error).__name__, error)
        return None


def _from_saved(saved: _Saved, texts: Sequence[SourceText], params: BM25Params, path: Path) -> Built | None:
    """The engine's parts from a current cache, checked for consistency (None with a warning if they do not fit)."""
    try:
        by_name = {t.path.name: t for t in texts}
        documents = [_document_from_json(row, by_name[row["file"]]) for row in saved.rows]
        index = BM25Index.from_arrays(saved.index_arrays, params, saved.terms.terms)
        prefix_index = BM25Index.from_arrays(saved.prefix_arrays, params, saved.prefix_terms)
        if not len(saved.terms) == index.size == prefix_index.size == sum(len(d.sentences) for d in documents):
            raise ValueError("sentence counts do not match")
        return Built(documents, saved.analysis, index, prefix_index)
    except Exception as error:  # a file that reads but does not add up is as unusable as a corrupt one
        log.warning("index cache %s is unreadable (%s: %s): rebuilding", path, type(error).__name__, error)
        return None


def _update(
    saved: _Saved, texts: Sequence[SourceText], hashes: dict[str, str], analyzer, params, progress: bool, path: Path
) -> Built:
    """Reuse the cached documents and terms of unchanged texts; parse and analyse only the others."""
    old_hashes = saved.meta.get("files", {})
    changed = [t for t in texts if old_hashes.get(t.path.name) != hashes[t.path.name]]
    log.warning("index cache %s is stale (%d of %d texts new or changed): updating", path, len(changed), len(texts))
    try:
        return _merge(saved, texts, changed, analyzer, params, progress)
    except Exception as error:  # saved rows that do not fit the texts: fall back to a full build
        log.warning("index cache %s could not be reused (%s: %s): rebuilding", path, type(error).__name__, error)
        return build(texts, analyzer, params, progress)


def _merge(saved: _Saved, texts: Sequence[SourceText], changed: list[SourceText], analyzer, params, progress) -> Built:
    """Saved documents and analysis for unchanged texts, fresh ones for `changed`, in file order."""
    rows, start = {}, 0
    for row in saved.rows:
        rows[row["file"]] = (row, start)
        start += len(row["sentences"])
    if start != len(saved.terms):
        raise ValueError("sentence counts do not match")
    fresh = {Path(d.path).name: d for d in parse_texts(changed, progress)}
    fresh_analysis = analyse([s.text for d in fresh.values() for s in d.sentences], analyzer, progress)
    changed_names = {t.path.name for t in changed}
    documents, parts, fresh_offset = [], [], 0
    for text in texts:
        name = text.path.name
        if name in changed_names and name in fresh:
            document = fresh[name]
            parts.append((fresh_analysis, fresh_offset, fresh_offset + len(document.sentences)))
            fresh_offset += len(document.sentences)
        elif name not in changed_names and name in rows:
            row, first = rows[name]
            document = _document_from_json(row, text)
            parts.append((saved.analysis, first, first + len(document.sentences)))
        else:
            continue  # a text without sentences
        documents.append(document)
    return _built(documents, Analysis.join(_runs(parts)), params)


def _runs(parts: list[tuple[Analysis, int, int]]) -> list[tuple[Analysis, int, int]]:
    """Consecutive slices of one analysis merged into one slice (fewer, longer pieces to join)."""
    runs: list[tuple[Analysis, int, int]] = []
    for source, start, end in parts:
        if runs and runs[-1][0] is source and runs[-1][2] == start:
            runs[-1] = (source, runs[-1][1], end)
        else:
            runs.append((source, start, end))
    return runs


def read_cache(path: Path, key: str, texts: Sequence[SourceText], params: BM25Params) -> Built | None:
    """The saved engine parts when the cache exists and carries `key`; None otherwise (a warning if unreadable)."""
    saved = _read_saved(path)
    if saved is None or saved.meta.get("key") != key:
        return None
    return _from_saved(saved, texts, params, path)


def write_cache(path: Path, key: str, built: Built, settings: str = "", hashes: dict[str, str] | None = None) -> bool:
    """Save atomically (temporary file, then rename); False with a warning when the folder is not writable."""
    meta = {"format": FORMAT_VERSION, "key": key, "settings": settings, "files": hashes or {}, "sentences": len(built.terms)}
    arrays = {"meta": _utf8(json.dumps(meta))}
    arrays["documents"] = _utf8(json.dumps([_document_json(d) for d in built.documents], ensure_ascii=False))
    arrays.update({f"terms_{name}": value for name, value in built.terms.arrays().items()})
    arrays.update({f"evidence_{name}": value for name, value in built.analysis.evidence.arrays().items()})
    arrays.update({f"index_{name}": value for name, value in built.index.arrays().items()})
    arrays["prefix_vocabulary"] = encode_strings(built.prefix_index.terms)
    arrays.update({f"prefix_index_{name}": value for name, value in built.prefix_index.arrays().items()})
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        arrays.update(_word_arrays(built))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb") as stream:
            np.savez(stream, **arrays)
        os.replace(temporary, path)
        return True
    except (OSError, ValueError) as error:
        log.warning("index cache not saved to %s: %s", path, error)
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False


def _word_arrays(built: Built) -> dict[str, np.ndarray]:
    """The sentences' word forms and their lexicon, sharing vocabularies (forms once, terms with the sentences').

    The lexicon saved is that of the current forms exactly, so its sorted form list also serves as
    the forms' vocabulary and as the speller's words.
    """
    forms = built.analysis.forms
    lexicon = built.analysis.lexicon.restricted(forms.terms)
    forms = forms.with_vocabulary(lexicon.forms)
    lexicon_terms = lexicon.terms.with_vocabulary(built.terms.terms)
    return {
        "lexicon_forms": encode_strings(lexicon.forms),
        "lexicon_indptr": lexicon_terms.indptr,
        "lexicon_tokens": lexicon_terms.tokens,
        "forms_indptr": forms.indptr,
        "forms_tokens": forms.tokens,
    }


def _prefixed(data, prefix: str) -> dict[str, np.ndarray]:
    """The arrays of a loaded `.npz` whose names start with `prefix`, by the rest of their names."""
    return {name[len(prefix) :]: data[name] for name in data.files if name.startswith(prefix)}


def _document_json(document: Document) -> dict:
    """A document's structure as JSON-ready data; its text is not stored (it is read from the file)."""
    return {
        "file": Path(document.path or document.doc_id).name,
        "doc_id": document.doc_id,
        "metadata": {f.name: getattr(document.metadata, f.name) for f in fields(Metadata)},
        "sections": [_row(s) for s in document.sections],
        "paragraphs": [_row(p) for p in document.paragraphs],
        "sentences": [_sentence_row(s, document.text) for s in document.sentences],
    }


def _document_from_json(row: dict, source: SourceText) -> Document:
    """A document rebuilt from its `_document_json` row and the text it was parsed from."""
    metadata = dict(row["metadata"])
    metadata["lines"] = {k: tuple(v) for k, v in metadata["lines"].items()}
    text = clean_text(source.text)
    shared: dict[str, str] = {}
    return Document(
        doc_id=row["doc_id"],
        text=text,
        metadata=Metadata(**metadata),
        sections=tuple(_from_row(Section, r) for r in row["sections"]),
        paragraphs=tuple(_from_row(Paragraph, r) for r in row["paragraphs"]),
        sentences=tuple(_sentence_from_row(r, text, shared) for r in row["sentences"]),
        path=str(source.path),
    )


def _sentence_row(sentence: Sentence, text: str) -> list:
    """A sentence as `_row` makes it, its text left out (None) when it is the slice of the document it spans."""
    row = _row(sentence)
    if text[sentence.start : sentence.end] == sentence.text:
        row[_SENTENCE_TEXT] = None
    return row


def _sentence_from_row(row: list, text: str, shared: dict[str, str]) -> Sentence:
    """A sentence from `_sentence_row` output; repeated strings (section titles, document id) shared, not copied."""
    values = [shared.setdefault(v, v) if isinstance(v, str) else v for v in row]
    if values[_SENTENCE_TEXT] is None:
        values[_SENTENCE_TEXT] = text[values[_SENTENCE_START] : values[_SENTENCE_END]]
    return Sentence(*values)


def _row(item) -> list:
    """A flat dataclass as a list of its field values, in field order."""
    return [getattr(item, f.name) for f in fields(item)]


def _from_row(cls, row: list):
    """A flat dataclass from `_row` output (JSON lists back to tuples)."""
    return cls(*[tuple(v) if isinstance(v, list) else v for v in row])


def _utf8(text: str) -> np.ndarray:
    """Text as a uint8 array (what `.npz` stores without pickle)."""
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _analyzer_fingerprint(analyzer) -> dict:
    """The analyzer's class, the source of its module and its public settings (flags, word lists, configs)."""
    cls = type(analyzer)
    settings = {}
    for name, value in vars(analyzer).items():
        plain = _plain(value)
        if not name.startswith("_") and plain is not _OPAQUE:
            settings[name] = plain
    return {"class": f"{cls.__module__}.{cls.__qualname__}", "source": _source_hash(sys.modules[cls.__module__]), "settings": settings}


_OPAQUE = object()


def _plain(value):
    """A value as deterministic JSON-ready data, or _OPAQUE for what is not a setting (functions, models)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        items = [_plain(v) for v in value]
        return _OPAQUE if any(i is _OPAQUE for i in items) else items
    if isinstance(value, (set, frozenset)):
        items = [_plain(v) for v in value]
        return _OPAQUE if any(i is _OPAQUE for i in items) else sorted(items, key=repr)
    if isinstance(value, dict):
        items = {str(k): _plain(v) for k, v in value.items()}
        return _OPAQUE if any(i is _OPAQUE for i in items.values()) else items
    if is_dataclass(value) and not isinstance(value, type):
        return _plain({f.name: getattr(value, f.name) for f in fields(value)})
    return _OPAQUE


def _source_hash(module) -> str:
    """SHA-256 of a module's source file: changes whenever its code does."""
    try:
        return hashlib.sha256(Path(inspect.getfile(module)).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return "unknown"


def _package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape parsing and analysis (a new dictionary = new lemmas)."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _bar(total: int, description: str, unit: str, enabled: bool):
    """A progress bar on stderr (None when not enabled; tqdm hides it when stderr is not a terminal)."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, disable=None, leave=False, mininterval=0.5)


def _progress(items: Sequence, description: str, unit: str, enabled: bool) -> Iterable:
    """The items, wrapped in a progress bar on stderr when enabled and stderr is a terminal."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit=unit, disable=None, leave=False, mininterval=0.5)
