"""The token never shows: not in logs (any level, tracebacks included), not in what users are sent,
not in the repository. (`tests/front/test_process.py` checks the same for the bot as a real process.)"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from bot.front.logs import REDACTED, SecretFilter, configure_logging, secret_variants
from bot.front.phrases import APOLOGY
from bot.qa.engine import Engine
from tests.fakebotapi import FakeBotAPI
from tests.harness import running
from tests.paths import ROOT

TOKEN = "123456:TEST-SECRET-TOKEN-DO-NOT-LOG"
SECRET = TOKEN.split(":", 1)[1]
# A real token: the bot's numeric id, a colon, 35 characters of [A-Za-z0-9_-].
REAL_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{35}\b")


@pytest.fixture
def restore_logging():
    """Put back the root handlers, level and exception hooks that configure_logging replaces."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, sys.excepthook, threading.excepthook
    yield
    root.handlers[:], level, sys.excepthook, threading.excepthook = saved[0], saved[1], saved[2], saved[3]
    root.setLevel(level)
    logging.captureWarnings(False)


@pytest.mark.slow
async def test_token_never_logged_nor_sent_through_errors(restore_logging, capsys, engine):
    class LeakyEngine(Engine):
        """Fails with the token and a Bot API URL in the message, like an httpx error might."""

        def ask(self, *args, **kwargs):
            raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed ({SECRET})")

    leaky = LeakyEngine.__new__(LeakyEngine)
    leaky.__dict__.update(engine.__dict__)
    configure_logging("DEBUG", [TOKEN])
    async with FakeBotAPI(token=TOKEN) as api:
        api.fail_next("getMe", 500)
        api.fail_next("setMyCommands", 502)
        async with running(api, leaky):
            alice = api.make_user("Alice")
            api.fail_next("sendMessage", 500)
            api.fail_next("getUpdates", "disconnect")
            api.user_sends(None, alice, "Кто автор статьи?")
            [reply] = await api.wait_for_messages(alice["id"], timeout=10)
            logging.getLogger("anything").warning("url %s", f"http://x/bot{TOKEN}/getMe")
            warnings.warn(f"a warning naming {TOKEN}", UserWarning, stacklevel=1)
    err = capsys.readouterr().err
    assert reply["text"] == APOLOGY
    assert "update failed: RuntimeError" in err and "Traceback" in err  # the error itself is logged
    assert TOKEN not in err and SECRET not in err
    assert err.count(REDACTED) >= 3


def test_uncaught_exceptions_are_printed_redacted(restore_logging, capsys):
    configure_logging("INFO", [TOKEN])
    try:
        raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "ValueError" in err and TOKEN not in err and SECRET not in err and REDACTED in err


def test_every_form_of_the_token_is_redacted():
    secret_filter = SecretFilter([TOKEN])
    for text in (TOKEN, SECRET, "123456%3ATEST-SECRET-TOKEN-DO-NOT-LOG", f"bot{TOKEN}/getMe"):
        assert SECRET not in secret_filter.redact(text) and "TEST-SECRET" not in secret_filter.redact(text)
    assert secret_variants(["", "1:ab"]) == ("1%3Aab", "1:ab")  # a short secret half alone is not hunted


def test_a_broken_log_call_is_still_redacted():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "%s %s", (TOKEN,), None)  # one argument short
    assert SecretFilter([TOKEN]).filter(record)
    assert TOKEN not in record.getMessage() and SECRET not in record.getMessage()


def tracked_files() -> list[Path]:
    """Files tracked by git in this checkout (skips when not a git checkout)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_token_in_the_repository():
    leaks = []
    for path in tracked_files():
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            leaks += [f"{path.relative_to(ROOT)}: {m.group()[:12]}…" for m in REAL_TOKEN.finditer(text)]
    assert leaks == []


def test_env_file_is_git_ignored():
    tracked = {p.relative_to(ROOT).as_posix() for p in tracked_files()}
    assert ".env" not in tracked and ".env.example" in tracked
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_database_folder_is_git_ignored():
    tracked = {p.relative_to(ROOT).as_posix() for p in tracked_files()}
    assert not any(name.startswith("var/") for name in tracked)
    for name in ("var/bot.sqlite3", "var/bot.sqlite3-wal", "var/bot.sqlite3.key"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT).returncode == 0, name


def test_the_cli_redacts_the_webhook_secret_too(monkeypatch, capsys, seeds_folder):
    from bot.front import cli

    seen = []
    monkeypatch.setattr(cli, "configure_logging", lambda level, secrets: seen.extend(secrets))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BOT_WEBHOOK_SECRET", "webhook-secret-value")
    monkeypatch.setenv("BOT_USER_HASH_KEY", "user-hash-key-value")
    assert cli.main(["ask", "Кто автор статьи?"]) == 0
    assert TOKEN in seen and "webhook-secret-value" in seen and "user-hash-key-value" in seen
    assert "Цзян Вэй" in capsys.readouterr().out
