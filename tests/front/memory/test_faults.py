"""The memory when things go wrong for real: a process killed with SIGKILL while writing, a read-only folder.

Both run real processes: a writer killed mid-write must leave a file that opens with every row
committed before the kill; the bot with BOT_DB_PATH in a read-only folder logs one warning and keeps
answering (as root, whom permissions do not stop, the bot runs without CAP_DAC_OVERRIDE).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.front import phrases
from bot.front.memory.store import FILE, open_memory
from bot.front.settings import Settings
from tests.fakebotapi import FakeBotAPI
from tests.paths import ROOT
from tests.processes import START_TIMEOUT, TOKEN, start_bot

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="signals")]

WRITER = """
import sys, time
from pathlib import Path
from bot.front.memory.records import QuestionRecord
from bot.front.memory.store import open_memory
from bot.front.settings import Settings

memory = open_memory(Settings(db_path=Path(sys.argv[1]), user_hash_key="k" * 16))
n = 0
while True:
    for _ in range(int(sys.argv[2])):
        memory.record_question(QuestionRecord(at=time.time(), chat_type="private", user_hash="u",
            question=f"вопрос {n}", found=True, reason="ok", latency_ms=n, answer_id=f"answer-{n:08}"))
        n += 1
    memory.flush()
    print(n, flush=True)  # n rows are committed
"""


@pytest.mark.parametrize("batches, batch, wait", [(1, 50, 0.0), (7, 300, 0.003), (25, 1000, 0.02)])
def test_kill_9_while_writing_leaves_every_committed_row(tmp_path, batches, batch, wait):
    path = tmp_path / "bot.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(batch)], stdout=subprocess.PIPE,
                             text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(batches):
            committed = int(child.stdout.readline())
        time.sleep(wait)
        child.send_signal(signal.SIGKILL)  # the writer is in the middle of a later batch
        child.wait(10)
    finally:
        child.kill()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert (tmp_path / "bot.sqlite3-wal").exists()  # killed: nothing was checkpointed or cleaned up
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count, first, last = db.execute("SELECT count(*), min(latency_ms), max(latency_ms) FROM questions").fetchone()
    print(f"committed {committed}, in the file {count}")
    assert count >= committed == batches * batch  # everything committed before the kill is there
    assert (first, last) == (0, count - 1)  # and nothing after a gap: whole transactions only
    memory = open_memory(Settings(db_path=path, user_hash_key="k" * 16))  # the bot opens it as usual
    assert memory.mode == FILE
    memory.close()


def _without_dac_override() -> None:
    """In the child: drop the capabilities that let root write into any folder (from the bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only_for_the_bot(folder: Path):
    """A preexec_fn under which `folder` is read-only for the bot, or skip the test."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return None
    probe = subprocess.run([sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
                           preexec_fn=_without_dac_override, capture_output=True)
    if probe.returncode == 0 or b"PermissionError" not in probe.stderr:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE: a folder cannot be read-only here")
    return _without_dac_override


async def test_a_read_only_folder_is_one_warning_and_the_bot_keeps_answering(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    preexec = _read_only_for_the_bot(folder)
    try:
        async with FakeBotAPI(token=TOKEN) as api:
            admin = api.make_user("Admin")
            bot = await start_bot(api.base_url, tmp_path, preexec_fn=preexec, BOT_LOG_LEVEL="INFO",
                                  BOT_DB_PATH=str(folder / "bot.sqlite3"), BOT_ADMINS=str(admin["id"]))
            try:
                await api.wait_for(lambda: api.calls("getUpdates"), START_TIMEOUT, "the bot polling")
                api.user_sends(None, admin, "Кто автор статьи?")
                [answer] = await api.wait_for_messages(admin["id"], timeout=15)
                vote = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row
                            if b["callback_data"].endswith(":up"))
                api.press_button(answer, vote, admin)
                api.user_sends(None, admin, "/stats")
                stats = (await api.wait_for_messages(admin["id"], 2, timeout=15))[-1]
                bot.process.send_signal(signal.SIGTERM)
                code = await bot.finish(timeout=15)
            finally:
                await bot.kill_if_running()
            votes = [a["text"] for a in api.callback_answers]
    finally:
        folder.chmod(0o755)
    assert code == 0 and "Цзян Вэй" in answer["text"]
    warnings = [line for line in bot.output.splitlines() if " WARNING bot.front.memory" in line]
    assert len(warnings) == 1 and "cannot use the database" in warnings[0], bot.output
    assert "Вопросов: 1" in stats["text"] and phrases.STATS_FALLBACK in stats["text"]
    assert votes == [phrases.VOTE_THANKS[1]]  # counted for this run
    assert list(folder.iterdir()) == []
