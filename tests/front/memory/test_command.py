"""`python -m bot stats`: the database read without Telegram, without a token and without building the index.

Run in-process in an empty folder: there is no `seeds` folder, so a command that tried to build the
engine would fail; `stats` must not need it.
"""

import json
import sqlite3
from pathlib import Path

import pytest

from bot.front import cli
from bot.front.memory.records import QuestionRecord
from bot.front.memory.store import open_memory
from bot.front.settings import Settings


@pytest.fixture(autouse=True)
def quiet_logging(monkeypatch):
    monkeypatch.setattr(cli, "configure_logging", lambda level, secrets: None)


def asked(*questions: tuple[str, bool]) -> None:
    memory = open_memory(Settings())
    for n, (text, found) in enumerate(questions):
        memory.record_question(QuestionRecord(at=memory._clock(), chat_type="private", user_hash="u", question=text,
                                              found=found, reason="ok", answer_id=f"answer-{n:04}"))
    memory.close()


def test_stats_as_text_and_as_json(capsys):
    asked(("Кто автор?", True), ("Сколько стоит биткоин?", False), ("сколько стоит биткоин?", False))
    assert cli.main(["stats"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Статистика за 7 дн.") and "Вопросов: 3" in text and "Отвечено вопросов: 1 (33 %)" in text
    assert "1. «сколько стоит биткоин?» — 2" in text and "<b>" not in text
    assert "Ограничений" not in text  # the flood limit lives in the running bot only
    assert cli.main(["stats", "--days", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["days"], report["questions"], report["answered"], report["declined"]) == (30, 3, 1, 2)
    assert report["unanswered"] == [{"question": "сколько стоит биткоин?", "count": 2}]
    assert report["per_day"][0]["questions"] == 3 and report["answered_share"] == 0.3333
    assert not Path("seeds").exists() and not Path(".index").exists()


def test_without_a_database_one_line_and_exit_2(capsys):
    assert cli.main(["stats"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "var/bot.sqlite3" in error
    assert not Path("var").exists()  # reading never creates it


@pytest.mark.parametrize("argv", [["stats", "--days", "0"], ["stats", "--days", "100000"]])
def test_bad_days(capsys, argv):
    asked()
    assert cli.main(argv) == 2 and "--days" in capsys.readouterr().err


def test_a_database_of_a_newer_bot_stops_stats_and_the_bot(capsys, monkeypatch):
    Path("var").mkdir()
    with sqlite3.connect("var/bot.sqlite3") as db:
        db.executescript("CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (7);")
    assert cli.main(["stats"]) == 2
    assert "newer version of the bot" in capsys.readouterr().err
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")  # the bot stops before loading anything
    assert cli.main([]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Ошибка: ") and error.count("\n") == 1 and "schema 7" in error
