"""The memory: what it stores (never a user id), votes, pruning, reports, and what it does when the file fails."""

import logging
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.front.memory.records import DAY, QuestionRecord, Vote
from bot.front.memory.schema import NewerSchemaError
from bot.front.memory.store import FALLBACK, FILE, OFF, key_path, open_memory
from bot.front.settings import Settings

NOW = 1_704_276_000.0  # 03.01.2024 10:00 UTC


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def question(text: str | None, found: bool, at: float = NOW, **fields) -> QuestionRecord:
    return QuestionRecord(at=at, chat_type="private", user_hash="u", question=text, found=found,
                          reason="ok" if found else "low_score", **fields)


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def memory(clock):
    memory = open_memory(Settings(), clock=clock)
    yield memory
    memory.close()


DB = Path("var/bot.sqlite3")  # the default BOT_DB_PATH, in the test's own folder


def test_the_default_database_and_key_file_in_the_working_folder(memory):
    assert memory.mode == FILE and memory.persistent and DB.is_file()
    key = key_path(DB)
    assert key == Path("var/bot.sqlite3.key") and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().strip() not in DB.read_bytes().decode("latin-1")  # the key is not in the database
    user = memory.user_hash(123456789)
    assert len(user) == 32 and "123456789" not in user and user != memory.user_hash(123456780)
    memory.close()
    again = open_memory(Settings())
    assert again.user_hash(123456789) == user  # the same key after a restart
    again.close()


def test_a_configured_key_is_used_and_no_key_file_is_made(tmp_path):
    settings = Settings(db_path=tmp_path / "bot.sqlite3", user_hash_key="k" * 16)
    memory = open_memory(settings)
    other = open_memory(Settings(db_path=tmp_path / "other.sqlite3", user_hash_key="j" * 16))
    assert memory.user_hash(1) != other.user_hash(1)
    assert not key_path(settings.db_path).exists()
    memory.close(), other.close()


def test_a_question_row_keeps_what_the_issue_lists_and_never_the_user_id(memory):
    memory.record_question(QuestionRecord(
        at=NOW, chat_type="supergroup", user_hash=memory.user_hash(42), question="Кто  автор\u200b статьи?",
        found=True, reason="ok", reference="Вступление, предложение 1", latency_ms=12.5, answer_id="a" * 12))
    memory.record_error("TimedOut", "private")
    memory.flush()
    [row] = rows(DB, "SELECT chat_type, user_hash, question, topic, found, reason, reference, latency_ms, answer_id"
                     " FROM questions")
    assert row == ("supergroup", memory.user_hash(42), "Кто  автор\u200b статьи?", "кто автор статьи?", 1, "ok",
                   "Вступление, предложение 1", 12.5, "a" * 12)
    assert rows(DB, "SELECT kind, chat_type FROM errors") == [("TimedOut", "private")]


def test_question_texts_are_not_stored_when_switched_off(tmp_path):
    memory = open_memory(Settings(db_path=tmp_path / "bot.sqlite3", store_questions=False))
    memory.record_question(question("Сколько стоит биткоин?", False))
    memory.close()
    assert rows(tmp_path / "bot.sqlite3", "SELECT question, topic, found FROM questions") == [(None, None, 0)]


async def test_one_vote_per_user_and_answer_a_second_press_changes_it(memory):
    memory.record_question(question("Кто автор?", True, answer_id="answer-0001"))
    assert await memory.vote("answer-0001", 7, 1) is Vote.NEW
    assert await memory.vote("answer-0001", 7, 1) is Vote.SAME
    assert await memory.vote("answer-0001", 7, -1) is Vote.CHANGED
    assert await memory.vote("answer-0001", 8, -1) is Vote.NEW
    assert await memory.vote("no-such-answer", 7, 1) is Vote.UNKNOWN
    votes = rows(DB, "SELECT user_hash, vote FROM votes ORDER BY vote")  # committed: another connection sees them
    assert sorted(votes) == sorted([(memory.user_hash(7), -1), (memory.user_hash(8), -1)])


async def test_the_report(memory, clock):
    asked = [("Кто автор?", True, 0), ("Сколько стоит биткоин?", False, 0), ("сколько стоит  биткоин?", False, 0),
             ("Погода?", False, 1), ("😀", False, 1), ("Кто выиграл тендер?", True, 2), ("Старый вопрос?", False, 9)]
    for n, (text, found, days_ago) in enumerate(asked):
        memory.record_question(question(text, found, at=NOW - days_ago * DAY, latency_ms=10.0 * (n + 1),
                                        answer_id=f"answer-{n:04}" if found else None, reference=f"Раздел {n}"))
    for user, value in ((1, -1), (2, -1), (3, 1)):
        await memory.vote("answer-0000", user, value)
    await memory.vote("answer-0005", 1, 1)
    memory.record_error("BadRequest", "private")
    report = await memory.report(7)
    assert (report.questions, report.answered, report.declined) == (6, 2, 4)  # the one of 9 days ago is outside
    assert report.answered_share == pytest.approx(1 / 3) and (report.up, report.down) == (2, 2)
    assert report.unanswered == (("сколько стоит биткоин?", 2), ("погода?", 1))  # emoji only: counted, not listed
    assert [(m.question, m.reference, m.down, m.up) for m in report.missed] == [("кто автор?", "Раздел 0", 2, 1)]
    assert [d.questions for d in report.per_day] == [1, 2, 3] and report.errors == 1
    assert report.median_latency_ms == 40.0
    assert (await memory.report(30)).questions == 7
    as_json = report.as_json()
    assert as_json["unanswered"][0] == {"question": "сколько стоит биткоин?", "count": 2}
    assert as_json["declined"] == 4 and as_json["down_share"] == 0.5


async def test_old_rows_are_pruned_after_the_retention_days(tmp_path, clock):
    settings = Settings(db_path=tmp_path / "bot.sqlite3", retention_days=30)
    memory = open_memory(settings, clock=clock)
    memory.record_question(question("старый?", True, at=NOW - 40 * DAY, answer_id="old-answer-1"))
    memory.record_question(question("новый?", True, at=NOW - 1 * DAY, answer_id="new-answer-1"))
    await memory.vote("old-answer-1", 1, -1)
    memory.close()
    clock.now += 1
    open_memory(settings, clock=clock).close()  # pruned when opened
    assert rows(settings.db_path, "SELECT question FROM questions") == [("новый?",)]
    assert rows(settings.db_path, "SELECT count(*) FROM votes") == [(0,)]


def test_a_corrupt_file_is_one_warning_and_memory_in_memory(tmp_path, caplog):
    path = tmp_path / "bot.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        memory = open_memory(Settings(db_path=path))
    [warning] = caplog.records
    assert "cannot use the database" in warning.getMessage() and "not a database" in warning.getMessage()
    assert memory.mode == FALLBACK and not memory.persistent
    memory.record_question(question("Кто автор?", True))
    memory.close()
    assert path.read_bytes() == garbage  # left as it was, for the operator to look at


def test_a_folder_that_cannot_be_made_is_one_warning(tmp_path, caplog):
    (tmp_path / "file").write_text("x")
    with caplog.at_level(logging.WARNING):
        memory = open_memory(Settings(db_path=tmp_path / "file" / "var" / "bot.sqlite3"))
    assert memory.mode == FALLBACK and len(caplog.records) == 1
    memory.close()


def test_memory_only_on_purpose(caplog):
    with caplog.at_level(logging.WARNING):
        memory = open_memory(Settings(db_path=Path(":memory:")))
    assert memory.mode == OFF and caplog.records == []
    memory.close()
    assert list(Path.cwd().iterdir()) == []


def test_a_newer_database_stops_the_start(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (2);")
    with pytest.raises(NewerSchemaError):
        open_memory(Settings(db_path=path))


def test_a_database_deleted_while_the_bot_runs_is_made_again_with_its_key(memory, caplog):
    user = memory.user_hash(5)
    memory.record_question(question("первый?", True))
    memory.flush()
    shutil.rmtree("var")  # a deploy wiped the folder
    with caplog.at_level(logging.WARNING):
        memory.record_question(question("второй?", True))
        memory.flush()
        memory.record_question(question("третий?", True))
        memory.flush()
    [warning] = caplog.records
    assert "disappeared" in warning.getMessage()
    assert rows(DB, "SELECT question FROM questions") == [("второй?",), ("третий?",)]
    memory.close()
    again = open_memory(Settings())
    assert again.user_hash(5) == user  # the key file was written again
    again.close()
