"""The index cache: reused while the texts are the same, rebuilt (never a crash) when stale or corrupt."""

import logging
import shutil

import numpy as np
import pytest

from bot.qa.loading import load_engine
from bot.search import folder as search_folder
from bot.search import pipeline, store
from bot.search.bm25 import BM25Params
from bot.search.keys import combined_key, file_hashes, settings_key
from bot.search.store import cache_file
from bot.text.analysis import Analyzer
from bot.text.parsing import read_texts

pytestmark = pytest.mark.slow  # builds and rebuilds saved indexes on disk

NORMANS = "Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон.\n"


@pytest.fixture()
def folder(tmp_path, seed_doc):
    """A seeds folder with the seed article and a short second text."""
    shutil.copy(seed_doc.path, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(NORMANS, encoding="utf-8")
    return tmp_path


def _no_build(monkeypatch):
    """Make any rebuild fail the test: the engine must come from the cache."""

    def fail(*args, **kwargs):
        raise AssertionError("the index was rebuilt instead of read from the cache")

    monkeypatch.setattr(search_folder, "build", fail)


def test_second_start_reads_the_cache_and_answers_the_same(folder, analyzer, monkeypatch):
    first = load_engine(folder, analyzer=analyzer)
    assert cache_file(folder).is_file()
    _no_build(monkeypatch)
    second = load_engine(folder, analyzer=analyzer)
    assert second.documents == first.documents
    assert list(second.sentence_terms) == list(first.sentence_terms)
    for question in ("Каков объём товарооборота?", "Кто был вождём норманнов?", "Кто автор статьи?"):
        assert second.ask(question) == first.ask(question)


def test_changed_text_makes_the_cache_stale_and_it_is_rebuilt(folder, analyzer, caplog):
    load_engine(folder, analyzer=analyzer)
    (folder / "b.txt").write_text(NORMANS.replace("Роллон", "Ролло Пешеход"), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        engine = load_engine(folder, analyzer=analyzer)
    assert "stale" in caplog.text
    assert "Пешеход" in engine.ask("Кто был вождём норманнов?").passages[0].text


def test_added_and_removed_texts_are_noticed(folder, analyzer):
    load_engine(folder, analyzer=analyzer)
    (folder / "c.md").write_text("Третий\n\nВ третьем тексте говорится о кометах.", encoding="utf-8")
    assert [d.doc_id for d in load_engine(folder, analyzer=analyzer).documents] == ["a", "b", "c"]
    (folder / "b.txt").unlink()
    assert [d.doc_id for d in load_engine(folder, analyzer=analyzer).documents] == ["a", "c"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a zip file at all",
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: data[:100] + bytes(len(data) - 200) + data[-100:],
    ],
    ids=["garbage", "truncated", "empty", "zeroed"],
)
def test_corrupt_cache_is_rebuilt_with_a_warning_not_a_crash(folder, analyzer, caplog, damage):
    expected = load_engine(folder, analyzer=analyzer).ask("Кто был вождём норманнов?")
    path = cache_file(folder)
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        engine = load_engine(folder, analyzer=analyzer)
    assert "unreadable" in caplog.text
    assert engine.ask("Кто был вождём норманнов?") == expected
    saved = store.read_saved(path)
    assert saved.meta["key"] == _key(folder, analyzer)
    assert store.from_saved(saved, read_texts(folder), BM25Params(), path) is not None


def test_cache_with_wrong_arrays_is_rebuilt(folder, analyzer, caplog):
    import numpy as np

    load_engine(folder, analyzer=analyzer)
    path = cache_file(folder)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["index_doc_ids"] = arrays["index_doc_ids"][:-3]
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        engine = load_engine(folder, analyzer=analyzer)
    assert "unreadable" in caplog.text and engine.ask("Кто был вождём норманнов?").found


def test_key_depends_on_texts_parameters_and_analyzer(folder, analyzer):
    texts = read_texts(folder)
    key = cache_key(texts, analyzer, BM25Params())
    assert cache_key(read_texts(folder), analyzer, BM25Params()) == key
    assert cache_key(texts, analyzer, BM25Params(k1=1.5)) != key
    assert cache_key(texts[:1], analyzer, BM25Params()) != key
    assert cache_key(texts, Analyzer(stems=False), BM25Params()) != key


def test_other_parameters_do_not_reuse_the_cache(folder, analyzer):
    load_engine(folder, analyzer=analyzer)
    okapi = BM25Params(variant="okapi", k1=1.5)
    engine = load_engine(folder, okapi, analyzer=analyzer)
    assert engine.index.params == okapi


def test_no_cache_means_no_files(folder, analyzer):
    load_engine(folder, analyzer=analyzer, cache=False)
    assert not (folder / ".index").exists()


def test_unwritable_cache_folder_is_a_warning_only(folder, analyzer, caplog):
    (folder / ".index").write_text("a file where the folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        engine = load_engine(folder, analyzer=analyzer)
    assert "not saved" in caplog.text and engine.ask("Кто был вождём норманнов?").found


def test_writes_leave_no_temporary_files(folder, analyzer):
    load_engine(folder, analyzer=analyzer)
    (folder / "b.txt").write_text(NORMANS + "Ещё одно предложение.\n", encoding="utf-8")
    load_engine(folder, analyzer=analyzer)
    assert [p.name for p in (folder / ".index").iterdir()] == ["engine.npz"]


def cache_key(texts, analyzer, params):
    """The key a valid cache must carry for these texts and settings."""
    return combined_key(settings_key(analyzer, params), file_hashes(texts))


def _key(folder, analyzer):
    return cache_key(read_texts(folder), analyzer, BM25Params())


def test_parallel_analysis_gives_the_same_terms_in_order(analyzer, seed_doc, monkeypatch):
    texts = [s.text for s in seed_doc.sentences] * 2
    alone = pipeline.analyse(texts, analyzer)
    monkeypatch.setattr(pipeline, "ANALYSIS_CHUNK", 5)
    monkeypatch.setattr(pipeline, "worker_count", lambda sentences: 2)
    together = pipeline.analyse(texts, analyzer)
    assert list(together.terms) == list(alone.terms) == [analyzer.terms(t) for t in texts]
    assert list(together.forms) == list(alone.forms)
    for name, values in together.evidence.arrays().items():
        assert np.array_equal(values, alone.evidence.arrays()[name]), name


def test_key_follows_the_analyzer_word_lists(folder, analyzer):
    texts = read_texts(folder)
    other = Analyzer()
    other.stopwords = other.stopwords | {"норманн"}
    assert cache_key(texts, other, BM25Params()) != cache_key(texts, analyzer, BM25Params())


def test_only_changed_texts_are_analysed_again_and_the_result_equals_a_full_build(folder, analyzer, monkeypatch):
    load_engine(folder, analyzer=analyzer)
    (folder / "b.txt").write_text(NORMANS + "Позже норманны завоевали Англию.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Кометы\n\nКометы возвращаются к Солнцу.", encoding="utf-8")
    analysed = []
    real = pipeline.analyse

    def counting(texts, *args, **kwargs):
        analysed.extend(texts)
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", counting)
    updated = load_engine(folder, analyzer=analyzer)
    assert len(analysed) == 4  # b's three sentences and c's one, not the seed article's
    fresh = load_engine(folder, analyzer=analyzer, cache=False)
    assert updated.documents == fresh.documents
    assert list(updated.sentence_terms) == list(fresh.sentence_terms)
    assert updated.sentence_terms.terms == fresh.sentence_terms.terms  # vocabulary in first-occurrence order
    assert updated.speller.candidates == fresh.speller.candidates
    assert np.array_equal(updated.ranker.refers_back, fresh.ranker.refers_back)
    for kind, cues in updated.ranker.evidence.cues.items():
        assert list(cues) == list(fresh.ranker.evidence.cues[kind]), kind
    for query in (["норманн"], ["комета", "солнце"], ["товарооборот"]):
        assert np.array_equal(updated.index.scores(query), fresh.index.scores(query))
    monkeypatch.setattr(search_folder, "build", lambda *a, **k: pytest.fail("rebuilt"))
    monkeypatch.setattr(pipeline, "analyse", lambda *a, **k: pytest.fail("analysed"))
    assert load_engine(folder, analyzer=analyzer).documents == fresh.documents


def test_changed_settings_rebuild_everything(folder, analyzer, caplog):
    load_engine(folder, analyzer=analyzer)
    with caplog.at_level(logging.WARNING, logger="bot.search"):
        load_engine(folder, BM25Params(k1=1.5), analyzer=analyzer)
    assert "settings or code changed" in caplog.text


def test_the_saved_lexicon_gives_the_analyzers_terms_for_every_word_of_the_texts(folder, analyzer):
    load_engine(folder, analyzer=analyzer)
    (folder / "b.txt").write_text(NORMANS + "Позже норманны завоевали Англию.\n", encoding="utf-8")
    load_engine(folder, analyzer=analyzer)  # an incremental update merges the lexicons
    saved = store.read_saved(cache_file(folder))
    lexicon, fresh = saved.analysis.lexicon, Analyzer()
    assert len(lexicon) > 100 and "завоевали" in lexicon
    assert set(lexicon) == set(saved.analysis.forms.terms)
    assert all(lexicon[form] == fresh.word_terms(form) for form in lexicon)
    with pytest.raises(KeyError):
        lexicon["несуществующееслово"]


def test_the_vocabulary_vectors_are_saved_with_the_index(folder, analyzer, monkeypatch):
    """A restart matches by meaning from the saved table: the model is opened only for words the texts lack."""
    first = load_engine(folder, analyzer=analyzer)
    with np.load(cache_file(folder)) as data:
        assert data["meaning_codes"].shape[0] == first.meaning.table.content.size > 100
    _no_build(monkeypatch)
    again = load_engine(folder, analyzer=Analyzer())
    assert again.meaning.content_terms == first.meaning.content_terms
    question = "Бывали ли казахстанские журналисты в Китае?"
    assert again.ask(question) == first.ask(question)


def test_indexing_without_vectors_then_with_them_rebuilds(folder, monkeypatch):
    """The settings key names the vectors file: an index built by words only is not reused once they are installed."""
    words_only = Analyzer(vectors=None)
    assert words_only.vectors_file == "none"
    texts = read_texts(folder)
    assert cache_key(texts, words_only, BM25Params()) != cache_key(texts, Analyzer(), BM25Params())
