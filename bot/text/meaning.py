"""Word meaning: navec's news embeddings and word counts, read in place from the file pip installed.

navec (natasha's `navec_news_v1_1B_250K_300d_100q.tar`, MIT) holds 250 000 lowercase word forms
of Russian news, sorted, each with its corpus count (1.2·10⁹ tokens) and a 300-dimensional vector
quantised to 100 code bytes (product quantisation: 100 sub-spaces × 256 centroids × 3 dimensions).
Loading it naively costs ~0.4 s and ~140 MB; `WordVectors` instead keeps the gunzipped word list
(binary search over one bytes blob) and reads the 100 code bytes of a word with `os.pread` when it
is asked for: ~40 ms to open, ~15 MB, a few µs per word, and the resident memory stays flat however
many words are read (a memory map would grow it by a large page per word read on this kernel).

The file comes inside natasha's wheel, installed without its dependencies (`make venv`); natasha
itself is never imported. Without the file the bot works on words alone (`open_vectors` warns once
and returns None). Nothing is ever downloaded.
"""

from __future__ import annotations

import array
import gzip
import importlib.util
import logging
import math
import os
import tarfile
from pathlib import Path

import numpy as np

NAVEC_FILE = "navec_news_v1_1B_250K_300d_100q.tar"
ZIPF_FLOOR = 1.5  # a word navec does not know: rarer than its rarest (navec keeps words seen 100 times or more)

log = logging.getLogger(__name__)


def default_path() -> Path | None:
    """Where pip put navec's news model (inside the natasha package, which is not imported), or None."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "emb" / NAVEC_FILE
    return path if path.is_file() else None


def open_vectors(path: str | Path | None = None) -> WordVectors | None:
    """The word vectors at `path` (navec's news model when None), or None with one warning when unusable."""
    found = Path(path) if path is not None else default_path()
    if found is None:
        log.warning("word vectors (navec, natasha's data) not installed: answering by words only")
        return None
    try:
        return WordVectors(found)
    except (OSError, ValueError, KeyError, tarfile.TarError) as error:
        log.warning("word vectors %s unusable (%s: %s): answering by words only", found, type(error).__name__, error)
        return None


class WordVectors:
    """navec's words, counts and quantised vectors, read from its tar file in place (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        """Read the word list and the codebook; the code bytes stay in the file until a word is asked for."""
        self.path = Path(path)
        with tarfile.open(self.path) as tar:
            pq = tar.getmember("pq.bin")
            member = tar.extractfile("vocab.bin")
            if member is None:
                raise ValueError("no vocab.bin in the tar")
            raw = gzip.decompress(member.read())
        size = int(np.frombuffer(raw, np.uint32, 1)[0])
        base = 4 + 4 * size
        self._blob = raw
        self._counts = np.frombuffer(raw, np.uint32, size, 4)
        breaks = np.flatnonzero(np.frombuffer(raw, np.uint8, offset=base) == 10) + base
        if breaks.size != size - 1:
            raise ValueError("word list and counts differ in length")
        starts = np.empty(size + 1, dtype=np.uint32)
        starts[0], starts[1:size], starts[size] = base, breaks + 1, len(raw) + 1
        self._starts = array.array("I", starts.tobytes())
        self._words = size - 2  # the last two entries are <unk> and <pad>, outside the sorted order
        self._fd = os.open(self.path, os.O_RDONLY)
        vectors, dim, self.qdim, centroids = np.frombuffer(os.pread(self._fd, 16, pq.offset_data), np.uint32).tolist()
        if vectors != size or dim % self.qdim:
            raise ValueError("vectors and words do not match")
        self._codes_at = pq.offset_data + 16
        book = os.pread(self._fd, self.qdim * centroids * (dim // self.qdim) * 4, self._codes_at + vectors * self.qdim)
        self.codebook = np.frombuffer(book, np.float32).reshape(self.qdim, centroids, dim // self.qdim)
        self._total = float(self._counts[: self._words].sum(dtype=np.float64))

    def __del__(self) -> None:
        """Close the file."""
        fd = getattr(self, "_fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def find(self, word: str) -> int | None:
        """The row of a lowercase word form (ё written е, as navec mostly spells it), or None."""
        key = word.encode("utf-8", "surrogatepass")
        blob, starts = self._blob, self._starts
        low, high = 0, self._words
        while low < high:
            middle = (low + high) >> 1
            if blob[starts[middle] : starts[middle + 1] - 1] < key:
                low = middle + 1
            else:
                high = middle
        if low < self._words and blob[starts[low] : starts[low + 1] - 1] == key:
            return low
        return None

    def codes(self, word: str) -> np.ndarray | None:
        """The word's 100 code bytes (uint8), read from the file, or None for a word navec lacks."""
        row = self.find(word)
        return None if row is None else self.row_codes(row)

    def row_codes(self, row: int) -> np.ndarray:
        """The code bytes of the word at `row` (`find`)."""
        return np.frombuffer(os.pread(self._fd, self.qdim, self._codes_at + row * self.qdim), np.uint8)

    def vector(self, word: str) -> np.ndarray | None:
        """The word's unit vector (float32, 300), or None."""
        codes = self.codes(word)
        return None if codes is None else unit_vectors(self.codebook, codes[None, :])[0]

    def zipf(self, word: str) -> float:
        """log10 of the word's frequency per 10⁹ words of news (wordfreq's Zipf scale); ZIPF_FLOOR when unknown."""
        row = self.find(word)
        return ZIPF_FLOOR if row is None else self.row_zipf(row)

    def row_zipf(self, row: int) -> float:
        """The Zipf frequency of the word at `row` (`find`)."""
        return max(ZIPF_FLOOR, math.log10(float(self._counts[row]) / self._total * 1e9))


def unit_vectors(codebook: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Unit vectors (float32, one row per row of `codes`) from code bytes and their codebook."""
    codes = np.asarray(codes, dtype=np.intp)
    if codes.size == 0:
        return np.zeros((0, codebook.shape[0] * codebook.shape[2]), dtype=np.float32)
    vectors = codebook[np.arange(codebook.shape[0]), codes].reshape(codes.shape[0], -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
