"""Cache keys: whether a saved index still describes these texts, built with this code and these settings.

The key is a SHA-256 over the texts (file names and contents) and a settings key: the BM25
parameters, the analyzer's class and public settings, the source code of the modules that shape
the result, the versions of the packages they rely on and the store's FORMAT_VERSION. When only
the texts differ (same settings key), the unchanged texts can be reused.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path

from bot.search.bm25 import BM25Params
from bot.search.store import FORMAT_VERSION
from bot.text.parsing import SourceText

_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru", "razdel", "snowballstemmer", "stop-words", "natasha")
# The modules whose code decides what is saved: parsing, the corpus and index arrays, sentence analysis.
SHAPING_MODULES = (
    "bot.text.document",
    "bot.text.parsing",
    "bot.search.corpus",
    "bot.search.bm25",
    "bot.search.evidence",
    "bot.search.prefix",
    "bot.search.lexicon",
    "bot.search.meaning",
    "bot.text.meaning",
    "bot.search.pipeline",
    "bot.search.store",
)


def settings_key(analyzer, params: BM25Params) -> str:
    """SHA-256 of everything but the texts that the saved index depends on (see the module docstring)."""
    settings = {
        "format": FORMAT_VERSION,
        "params": asdict(params),
        "analyzer": _analyzer_fingerprint(analyzer),
        "code": {name: _source_hash(importlib.import_module(name)) for name in SHAPING_MODULES},
        "packages": _package_versions(),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode("utf-8")).hexdigest()


def file_hashes(texts: Sequence[SourceText]) -> dict[str, str]:
    """SHA-256 of every text by file name, in file order."""
    return {t.path.name: hashlib.sha256(t.text.encode("utf-8")).hexdigest() for t in texts}


def combined_key(settings: str, hashes: dict[str, str]) -> str:
    """One SHA-256 over the settings key and the per-file hashes (order included)."""
    return hashlib.sha256(json.dumps([settings, list(hashes.items())]).encode("utf-8")).hexdigest()

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


