"""The benchmark's data generator: deterministic, the real sentences first, any size (not timed)."""

import pytest

from bench import corpus as bench_corpus

try:
    bench_corpus.xquad_dir()
except FileNotFoundError:  # pragma: no cover - every machine has ../shared, but do not fail without it
    pytest.skip("XQuAD-ru dev is not beside the project", allow_module_level=True)


def test_corpus_is_deterministic_and_starts_with_the_real_sentences():
    small = bench_corpus.corpus(700)
    assert len(small) == 700 and small == bench_corpus.corpus(700)
    real = [bench_corpus.tokens(s) for s in bench_corpus.base_sentences()]
    assert small[: len(real)] == real[:700]
    assert len(bench_corpus.questions()) > 500


def test_archive_texts_hold_the_requested_sentences(tmp_path):
    files = bench_corpus.write_archive(tmp_path, 120, per_document=50)
    assert files == 3 and len(list(tmp_path.glob("*.txt"))) == 3
    assert len(bench_corpus.archive_sentences(120)) == 120
