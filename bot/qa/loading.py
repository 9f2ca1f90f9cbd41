"""Loading an engine from a file or a folder of texts (a folder's index saved and reused)."""

from __future__ import annotations

from pathlib import Path

from bot.qa.engine import Engine
from bot.search.bm25 import BM25Params
from bot.search.folder import load_folder
from bot.text.analysis import Analyzer
from bot.text.parsing import load_document, text_files


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
        meaning = built.meaning
    elif path.is_file():
        documents, analysis, index, prefix_index = [d for d in [load_document(path)] if d.sentences], None, None, None
        meaning = None
    else:
        raise FileNotFoundError(f"no such file or folder: {path}")
    if not documents:
        raise FileNotFoundError(f"no text with sentences in {path}")
    return Engine(
        documents, analyzer, params, analysis=analysis, index=index, prefix_index=prefix_index, meaning=meaning
    )
