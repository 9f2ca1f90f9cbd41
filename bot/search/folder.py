"""The index of a folder of texts: read from its saved copy when current, else built (and saved).

If only texts changed (same settings key), the unchanged texts' documents and analysis are reused
and only new or edited texts are parsed and analysed, so adding one article to a large archive
costs seconds; if the settings or the code changed, everything is rebuilt. Every case logs a
warning and none crashes; a folder that cannot be written goes without a cache.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from bot.search.bm25 import BM25Index, BM25Params
from bot.search.keys import combined_key, file_hashes, settings_key
from bot.search.meaning import MeaningTable
from bot.search.pipeline import Analysis, analyse_documents
from bot.search.prefix import build_prefix_index
from bot.search.progress import progress as progress_bar
from bot.search.rows import document_from_row
from bot.search.store import Built, Saved, cache_file, from_saved, read_saved, write_cache
from bot.text.document import Document
from bot.text.parsing import SourceText, parse_document, read_texts

# Below this many files parsing takes about a second and needs no progress bar.
PROGRESS_MIN_FILES = 200

log = logging.getLogger(__name__)


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
    key = combined_key(settings, hashes)
    path = cache_file(folder)
    saved = read_saved(path)
    if saved is not None and saved.meta.get("key") == key:
        built = from_saved(saved, texts, params, path)
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
    analysis = analyse_documents(documents, analyzer, progress)
    return _built(documents, analysis, analyzer, params)


def _built(documents: list[Document], analysis: Analysis, analyzer, params: BM25Params) -> Built:
    """The documents and their analysis with both indexes and the meaning table built."""
    index = BM25Index(analysis.terms, params)
    names = analysis.evidence.cues["names"].terms
    meaning = MeaningTable.build(index.terms, analyzer, analyzer.vectors, names)
    return Built(documents, analysis, index, build_prefix_index(analysis.terms, params), meaning)


def parse_texts(texts: Sequence[SourceText], progress: bool = False) -> list[Document]:
    """Parse texts as `document.load_document` does (id = file name without suffix); keep those with sentences."""
    items = progress_bar(texts, "Разбор текстов", "файл", progress and len(texts) >= PROGRESS_MIN_FILES)
    documents = (parse_document(t.text, doc_id=t.path.stem, path=str(t.path)) for t in items)
    return [d for d in documents if d.sentences]

def _update(
    saved: Saved, texts: Sequence[SourceText], hashes: dict[str, str], analyzer, params, progress: bool, path: Path
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


def _merge(saved: Saved, texts: Sequence[SourceText], changed: list[SourceText], analyzer, params, progress) -> Built:
    """Saved documents and analysis for unchanged texts, fresh ones for `changed`, in file order."""
    rows, start = {}, 0
    for row in saved.rows:
        rows[row["file"]] = (row, start)
        start += len(row["sentences"])
    if start != len(saved.terms):
        raise ValueError("sentence counts do not match")
    fresh = {Path(d.path).name: d for d in parse_texts(changed, progress)}
    fresh_analysis = analyse_documents(list(fresh.values()), analyzer, progress)
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
            document = document_from_row(row, text)
            parts.append((saved.analysis, first, first + len(document.sentences)))
        else:
            continue  # a text without sentences
        documents.append(document)
    return _built(documents, Analysis.join(_runs(parts)), analyzer, params)


def _runs(parts: list[tuple[Analysis, int, int]]) -> list[tuple[Analysis, int, int]]:
    """Consecutive slices of one analysis merged into one slice (fewer, longer pieces to join)."""
    runs: list[tuple[Analysis, int, int]] = []
    for source, start, end in parts:
        if runs and runs[-1][0] is source and runs[-1][2] == start:
            runs[-1] = (source, runs[-1][1], end)
        else:
            runs.append((source, start, end))
    return runs

