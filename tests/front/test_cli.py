"""The command line, run as a user runs it: `python -m bot ...` in a subprocess, in the test's own folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import DATA, SEED

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("seeds_folder")]  # subprocesses; ./seeds: a copy of the project's


def run(*args: str, stdin: bytes = b"", env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, cwd=Path.cwd(), env=environment, timeout=60
    )


def test_ask_prints_quote_and_reference():
    result = run("ask", "Сколько раз Токаев посетил Китай в прошлом году?")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "Раздел 1 «Дипломатия глав государств укрепляет стратегическое взаимное доверие», предложение 1" in out
    assert "дважды посетил" in out
    assert "\033[" not in out


def test_ask_json_reads_questions_per_line_in_order():
    stdin = "Кто автор статьи?\n\nСколько стоит биткоин?\n62,3 процента\n".encode()
    result = run("ask", "--json", "--top-k", "2", stdin=stdin)
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["question"] for r in rows] == ["Кто автор статьи?", "", "Сколько стоит биткоин?", "62,3 процента"]
    assert [r["found"] for r in rows] == [True, False, False, True]
    assert "Цзян Вэй" in rows[0]["passages"][0]["text"]
    assert "62.3%" in rows[3]["passages"][0]["text"] and len(rows[3]["passages"]) <= 2
    for row in rows:
        scores = [p["score"] for p in row["passages"]]
        assert scores == sorted(scores, reverse=True)


def test_ask_json_with_another_document(tmp_path):
    doc = tmp_path / "normans.txt"
    doc.write_text("Normans\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон.", encoding="utf-8")
    result = run("ask", "--json", "--doc", str(doc), stdin="Кто был вождём норманнов?\n".encode())
    row = json.loads(result.stdout)
    assert row["found"] and "Роллон" in row["passages"][0]["text"]


def test_missing_doc_is_one_clear_line_and_exit_2():
    result = run("ask", "--doc", "/no/such/file.txt", "вопрос")
    assert result.returncode == 2
    assert result.stderr.decode().strip().count("\n") == 0 and "/no/such/file.txt" in result.stderr.decode()


def test_bad_setting_is_one_clear_line_and_exit_2():
    result = run("ask", "вопрос", env={"BOT_TOP_K": "lots"})
    assert result.returncode == 2 and "BOT_TOP_K" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_no_token_starts_console_with_notice():
    result = run(stdin="Кто выиграл тендер?\n".encode())
    assert result.returncode == 0
    assert "консольный режим" in result.stderr.decode()
    assert "ТЭЦ № 2" in result.stdout.decode()


def test_eval_prints_hit_rates():
    result = run("eval", str(DATA / "seed-dev.jsonl"))
    assert result.returncode == 0
    assert "Hit@1 1.000" in result.stdout.decode() and "abstained 2/2" in result.stdout.decode()


def test_several_documents_docs_and_only_doc(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Норманны\n\nНорманны пришли в Нормандию в X веке. Их вождём был Роллон.", encoding="utf-8")
    listing = run("--doc", str(tmp_path), "docs").stdout.decode()
    assert "2. «Норманны» b" in listing
    row = json.loads(run("--doc", str(tmp_path), "ask", "--json", "Кто был вождём норманнов?").stdout)
    assert row["passages"][0]["reference"].startswith("«Норманны» · ") and row["passages"][0]["doc"] == "b"
    only_a = json.loads(run("--doc", str(tmp_path), "ask", "--json", "--only-doc", "a", "Кто был вождём норманнов?").stdout)
    assert all(p["doc"] == "a" for p in only_a["passages"])
    missing = run("--doc", str(tmp_path), "ask", "--only-doc", "9", "вопрос")
    assert missing.returncode == 2 and "9" in missing.stderr.decode()
    assert (tmp_path / ".index" / "engine.npz").is_file()


def test_index_cache_can_be_switched_off(tmp_path):
    (tmp_path / "b.txt").write_text("Норманны\n\nНорманны пришли в Нормандию в X веке.", encoding="utf-8")
    result = run("--doc", str(tmp_path), "ask", "норманны", env={"BOT_INDEX_CACHE": "0"})
    assert result.returncode == 0 and not (tmp_path / ".index").exists()


def test_ask_json_says_the_intent_and_follow_reads_lines_as_one_dialogue():
    stdin = "Привет\nО чём статья?\nКто такой Токаев?\nКакую премию получил фильм?\nА в какой номинации?\n".encode()
    alone = [json.loads(line) for line in run("ask", "--json", stdin=stdin).stdout.decode().splitlines()]
    assert [r["intent"] for r in alone] == ["smalltalk", "about", "entity", "question", "question"]
    assert alone[0]["found"] is False and alone[0]["passages"] == []
    dialogue = [json.loads(line) for line in run("ask", "--json", "--follow", stdin=stdin).stdout.decode().splitlines()]
    assert [r["intent"] for r in dialogue] == ["smalltalk", "about", "entity", "question", "followup"]
    assert "Лучшее видео" in dialogue[-1]["passages"][0]["text"]


def test_a_command_typed_into_ask_gets_the_consoles_reply():
    result = run("ask", "--json", stdin="/source\n/section 2\n/nonsense\nКто автор статьи?\n".encode())
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r.get("reason") for r in rows[:3]] == ["command"] * 3
    assert "Kazakhstan Today" in rows[0]["reply"] and "Согласно статистике Китая" in rows[1]["reply"]
    assert rows[2]["reply"].startswith("Такой команды нет") and rows[3]["found"] is True
    text = run("ask", "/sections").stdout.decode()
    assert "2. Региональные обмены содействуют деловому сотрудничеству" in text
