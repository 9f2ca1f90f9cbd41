"""The command line with bad input: malformed stdin, undecodable arguments, unusable `--doc` paths, engine failures."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.front import cli
from bot.front.settings import Settings
from bot.qa.engine import Engine

pytestmark = pytest.mark.slow  # subprocesses

def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, cwd=Path.cwd(),
                          env=environment, timeout=120)


def test_ask_json_survives_malformed_stdin(seeds_folder):
    lines = [
        b"\xff\xfe\xfd invalid utf-8 \xc3\x28 \xed\xa0\x80",
        b"nul\x00byte\x00\x00",
        b"Kto \x1b[31m avtor?",
        "Кто автор статьи?".encode() + b"\r",  # a CRLF line
        "товарооборот ".encode() * 100_000,  # 1.3 MB on one line
        b"",
        "\u2028 \u2029 \x85 \x0b \x0c \x1c разделители".encode(),
        b"\x00",
        "\U00017000к Китай \U00018d00".encode(),  # letters pymorphy3 cannot name (Tangut, Khitan)
        "последняя строка без перевода".encode(),
    ]
    result = run_cli("ask", "--json", stdin=b"\n".join(lines))
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-500:]
    out = result.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    rows = [json.loads(line) for line in out[:-1]]
    assert rows[3]["question"] == "Кто автор статьи?" and rows[3]["found"]
    assert rows[4]["truncated"] is True and rows[4]["found"]
    assert rows[6]["question"].startswith("\u2028")
    assert all("\x00" not in row["question"] for row in rows)
    for line in out[:-1]:  # one line each, whichever way a reader splits lines
        assert line.splitlines() == [line]


def test_ask_json_goes_on_after_an_engine_failure(engine, monkeypatch, capsys):
    class FailsOnce(Engine):
        def ask(self, question, *args, **kwargs):
            if "сломай" in question:
                raise RuntimeError("engine failure")
            return super().ask(question, *args, **kwargs)

    failing = FailsOnce.__new__(FailsOnce)
    failing.__dict__.update(engine.__dict__)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("сломай\nКто автор статьи?\n".encode())))
    args = cli.build_parser().parse_args(["ask", "--json"])
    assert cli.ask(failing, args, Settings()) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["found"], r["reason"]) for r in rows] == [(False, "error"), (True, "metadata")]


def test_ask_with_undecodable_argument(seeds_folder):
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", os.fsdecode(b"\xff\xfe \xd0")],
                            capture_output=True, cwd=Path.cwd(), timeout=120)
    assert result.returncode == 0
    assert json.loads(result.stdout)["found"] is False


def unusable_docs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\x01 \x80\x81")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("\n \n\t\n", encoding="utf-8")
    bad_folder = tmp_path / "bad_folder"
    bad_folder.mkdir()
    (bad_folder / "a.txt").write_bytes(b"\xff" * 10)
    return {
        "missing": tmp_path / "no" / "such.txt",
        "empty folder": tmp_path / "empty_dir",
        "not UTF-8": tmp_path / "binary.txt",
        "empty file": tmp_path / "empty.txt",
        "blank file": tmp_path / "blank.txt",
        "folder with a non-UTF-8 file": bad_folder,
        "file as a folder": tmp_path / "binary.txt" / "x.txt",
    }


@pytest.mark.parametrize("case", ["missing", "empty folder", "not UTF-8", "empty file", "blank file",
                                  "folder with a non-UTF-8 file", "file as a folder"])
def test_unusable_doc_is_one_clear_line_and_exit_2(tmp_path, case):
    path = unusable_docs(tmp_path)[case]
    result = run_cli("ask", "--json", "--doc", str(path), stdin=b"question\n")
    err = result.stderr.decode()
    assert result.returncode == 2 and result.stdout == b""
    assert err.startswith("Ошибка: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(path.parent.name) in err or str(path.name) in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files without permission")
def test_unreadable_doc_is_one_clear_line_and_exit_2(tmp_path):
    doc = tmp_path / "secret.txt"
    doc.write_text("Заголовок\n\nТекст статьи.", encoding="utf-8")
    doc.chmod(0)
    result = run_cli("ask", "--doc", str(doc), "вопрос")
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1 and "secret.txt" in err
