"""The saved index: parsed texts, their analysis and both BM25 indexes in one `.npz` next to the seeds.

Building an engine means parsing every text (razdel), analysing every sentence (pymorphy3: its
terms, the ranker's evidence, its word forms for the speller) and inverting the terms; on an archive
of 100k sentences that takes tens of seconds. `bot.search.folder` saves the result in
`<seeds>/.index/engine.npz` and reuses it while its key (`bot.search.keys`) is current.

The file is a plain `.npz` (no pickle): numpy arrays for the terms and the indexes, and JSON (as
UTF-8 bytes) for the document structure. It is written to a temporary file and renamed over the
old one, so a reader never sees half a file, even with two processes starting at once. A file that
cannot be read (truncated, corrupt, written by another version, arrays that do not add up) reads
as None with a warning: the caller rebuilds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.search.bm25 import BM25Index, BM25Params
from bot.search.corpus import EncodedCorpus, decode_strings, encode_strings
from bot.search.evidence import Evidence
from bot.search.lexicon import Lexicon
from bot.search.meaning import MeaningTable
from bot.search.pipeline import Analysis
from bot.search.rows import document_from_row, document_row
from bot.text.document import Document
from bot.text.parsing import SourceText

FORMAT_VERSION = 8  # 8: Kazakh letters and Latin lookalikes in Cyrillic words normalised
CACHE_DIR = ".index"
CACHE_FILE = "engine.npz"
_INDEX_ARRAYS = ("indptr", "doc_ids", "tf", "doc_len", "idf", "avgdl")
_CORPUS_ARRAYS = ("vocabulary", "indptr", "tokens")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    """What an engine is made of: the documents that have sentences, their sentences' analysis, the indexes.

    `prefix_index` is the ranker's BM25 over the sentences' prefix terms (`prefix.build_prefix_index`);
    `meaning` the vocabulary's frequencies and vectors (`meaning.MeaningTable`).
    """

    documents: list[Document]
    analysis: Analysis
    index: BM25Index
    prefix_index: BM25Index
    meaning: MeaningTable

    @property
    def terms(self) -> EncodedCorpus:
        """The sentences' terms."""
        return self.analysis.terms


def cache_file(folder: str | Path) -> Path:
    """Where the index of a folder of texts is saved: `<folder>/.index/engine.npz`."""
    return Path(folder) / CACHE_DIR / CACHE_FILE


@dataclass(frozen=True)
class Saved:
    """A cache file as read: its header, document rows, the analysis and the index arrays (not yet checked)."""

    meta: dict
    rows: list[dict]
    analysis: Analysis
    index_arrays: dict[str, np.ndarray]
    prefix_arrays: dict[str, np.ndarray]
    prefix_terms: list[str]
    meaning: MeaningTable

    @property
    def terms(self) -> EncodedCorpus:
        """The saved sentences' terms."""
        return self.analysis.terms


def read_saved(path: Path) -> Saved | None:
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
            function_forms = frozenset(decode_strings(data["function_forms"]))
            lexicon = Lexicon(words, EncodedCorpus.from_arrays(_prefixed(data, "lexicon_"), terms.terms), function_forms)
            evidence = Evidence.from_arrays(_prefixed(data, "evidence_"))
            if not len(terms) == len(forms) == len(evidence):
                raise ValueError("sentence counts do not match")
            arrays = {name: data[f"index_{name}"] for name in _INDEX_ARRAYS}
            prefix_arrays = {name: data[f"prefix_index_{name}"] for name in _INDEX_ARRAYS}
            prefix_terms = decode_strings(data["prefix_vocabulary"])
            meaning = MeaningTable.from_arrays(_prefixed(data, "meaning_"), len(terms.terms))
        analysis = Analysis(terms, evidence, forms, lexicon)
        return Saved(meta, rows, analysis, arrays, prefix_arrays, prefix_terms, meaning)
    except Exception as error:  # any failure to read our own file (truncated zip, bad JSON, wrong arrays) means: rebuild
        log.warning("index cache %s is unreadable (%s: %s): rebuilding", path, type(error).__name__, error)
        return None


def from_saved(saved: Saved, texts: Sequence[SourceText], params: BM25Params, path: Path) -> Built | None:
    """The engine's parts from a current cache, checked for consistency (None with a warning if they do not fit)."""
    try:
        by_name = {t.path.name: t for t in texts}
        documents = [document_from_row(row, by_name[row["file"]]) for row in saved.rows]
        index = BM25Index.from_arrays(saved.index_arrays, params, saved.terms.terms)
        prefix_index = BM25Index.from_arrays(saved.prefix_arrays, params, saved.prefix_terms)
        if not len(saved.terms) == index.size == prefix_index.size == sum(len(d.sentences) for d in documents):
            raise ValueError("sentence counts do not match")
        return Built(documents, saved.analysis, index, prefix_index, saved.meaning)
    except Exception as error:  # a file that reads but does not add up is as unusable as a corrupt one
        log.warning("index cache %s is unreadable (%s: %s): rebuilding", path, type(error).__name__, error)
        return None



def write_cache(path: Path, key: str, built: Built, settings: str = "", hashes: dict[str, str] | None = None) -> bool:
    """Save atomically (temporary file, then rename); False with a warning when the folder is not writable."""
    meta = {"format": FORMAT_VERSION, "key": key, "settings": settings, "files": hashes or {}, "sentences": len(built.terms)}
    arrays = {"meta": _utf8(json.dumps(meta))}
    arrays["documents"] = _utf8(json.dumps([document_row(d) for d in built.documents], ensure_ascii=False))
    arrays.update({f"terms_{name}": value for name, value in built.terms.arrays().items()})
    arrays.update({f"evidence_{name}": value for name, value in built.analysis.evidence.arrays().items()})
    arrays.update({f"index_{name}": value for name, value in built.index.arrays().items()})
    arrays["prefix_vocabulary"] = encode_strings(built.prefix_index.terms)
    arrays.update({f"prefix_index_{name}": value for name, value in built.prefix_index.arrays().items()})
    arrays.update({f"meaning_{name}": value for name, value in built.meaning.arrays().items()})
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
        "function_forms": encode_strings(sorted(lexicon.function_forms)),
        "forms_indptr": forms.indptr,
        "forms_tokens": forms.tokens,
    }


def _prefixed(data, prefix: str) -> dict[str, np.ndarray]:
    """The arrays of a loaded `.npz` whose names start with `prefix`, by the rest of their names."""
    return {name[len(prefix) :]: data[name] for name in data.files if name.startswith(prefix)}


def _utf8(text: str) -> np.ndarray:
    """Text as a uint8 array (what `.npz` stores without pickle)."""
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)

