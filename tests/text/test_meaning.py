"""The word-vector reader: navec's tar read in place (words, counts, code bytes), and the fallback without it."""

import gzip
import io
import logging
import tarfile

import numpy as np
import pytest

from bot.text import meaning
from bot.text.meaning import ZIPF_FLOOR, WordVectors, default_path, open_vectors, unit_vectors


def write_navec(path, words, counts, codes, codebook):
    """A navec-format tar: vocab.bin (gzip: n, counts, words) and pq.bin (header, codes, codebook)."""
    order = sorted(range(len(words)), key=lambda i: words[i].encode())
    words = [words[i] for i in order] + ["<unk>", "<pad>"]
    counts = np.asarray([counts[i] for i in order] + [0, 0], dtype=np.uint32)
    codes = np.vstack([codes[order], np.zeros((2, codes.shape[1]), dtype=np.uint8)])
    vocab = gzip.compress(np.uint32(len(words)).tobytes() + counts.tobytes() + "\n".join(words).encode())
    qdim, centroids, sub = codebook.shape
    header = np.asarray([len(words), qdim * sub, qdim, centroids], dtype=np.uint32).tobytes()
    pq = header + codes.astype(np.uint8).tobytes() + codebook.astype(np.float32).tobytes()
    with tarfile.open(path, "w") as tar:
        for name, data in (("meta.json", b"{}"), ("vocab.bin", vocab), ("pq.bin", pq)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.fixture
def small_navec(tmp_path):
    """Three words in two sub-spaces of two dimensions: кот and кошка close, налог apart."""
    codebook = np.zeros((2, 4, 2), dtype=np.float32)
    codebook[:, 0] = [1, 0]
    codebook[:, 1] = [0.9, 0.1]
    codebook[:, 2] = [0, 1]
    codes = np.asarray([[0, 0], [1, 1], [2, 2]], dtype=np.uint8)
    path = tmp_path / "navec.tar"
    write_navec(path, ["кот", "кошка", "налог"], [1000, 3000, 10], codes, codebook)
    return path


def test_words_counts_and_vectors_are_read_in_place(small_navec):
    vectors = WordVectors(small_navec)
    assert vectors.find("кот") is not None and vectors.find("пёс") is None
    assert vectors.vector("кот") @ vectors.vector("кошка") > 0.99
    assert abs(float(vectors.vector("кот") @ vectors.vector("налог"))) < 1e-6
    assert vectors.zipf("кошка") > vectors.zipf("кот") > vectors.zipf("налог")
    assert vectors.zipf("пёс") == ZIPF_FLOOR and vectors.codes("пёс") is None
    assert np.allclose(np.linalg.norm(unit_vectors(vectors.codebook, np.zeros((3, 2), dtype=np.uint8)), axis=1), 1)


def test_the_news_model_is_installed_and_reads_synonyms_close():
    """`make venv` installs natasha's data without natasha's dependencies; natasha itself is never imported."""
    assert default_path() is not None
    vectors = open_vectors()
    assert vectors.vector("договор") @ vectors.vector("соглашение") > 0.6
    assert vectors.vector("журналисты") @ vectors.vector("сми") > 0.5
    assert vectors.vector("договор") @ vectors.vector("пшеница") < 0.2
    assert vectors.zipf("год") > vectors.zipf("мэр") > vectors.zipf("товарооборот")


def test_without_the_model_there_is_one_warning_and_no_vectors(monkeypatch, caplog):
    monkeypatch.setattr(meaning, "default_path", lambda: None)
    with caplog.at_level(logging.WARNING):
        assert open_vectors() is None
    assert len([r for r in caplog.records if "words only" in r.getMessage()]) == 1


def test_an_unreadable_model_file_is_words_only_too(tmp_path, caplog):
    broken = tmp_path / "broken.tar"
    broken.write_bytes(b"not a tar")
    with caplog.at_level(logging.WARNING):
        assert open_vectors(broken) is None
    assert "unusable" in caplog.text
