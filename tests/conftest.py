"""Shared fixtures: every test in its own folder and environment; the seed article and one engine; a fake Bot API.

`isolated` (autouse) runs every test in an empty temporary folder with no `BOT_*` or `TELEGRAM_*`
variables, so neither the developer's environment nor their `.env` reaches a test, and nothing is
written into the checkout (a `seeds` folder a test needs is copied in by `seeds_folder`).
"""

import os
import shutil
from pathlib import Path

import pytest

from bot.qa.engine import Engine
from bot.text.analysis import Analyzer
from bot.text.document import Document
from bot.text.parsing import load_document
from tests.fakebotapi import FakeBotAPI
from tests.paths import SEED, SEEDS


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and an environment without the bot's variables, for every test."""
    for name in list(os.environ):
        if name.startswith(("BOT_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def seeds_folder(isolated: Path) -> Path:
    """A copy of the project's seeds in the working folder, as `./seeds` (the default BOT_SEEDS_DIR)."""
    folder = isolated / "seeds"
    folder.mkdir()
    for text in SEEDS.glob("*.txt"):
        shutil.copy(text, folder / text.name)
    return folder


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    """The seed article as the bot reads it."""
    return load_document(SEED)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """One analyzer (the morphology dictionary loads once per test session)."""
    return Analyzer()


@pytest.fixture(scope="session")
def engine(seed_doc: Document, analyzer: Analyzer) -> Engine:
    """The answer engine over the seed article, with default settings."""
    return Engine([seed_doc], analyzer)


@pytest.fixture
async def fake_api(monkeypatch: pytest.MonkeyPatch):
    """A running fake Telegram Bot API on 127.0.0.1 (see tests/fakebotapi.py), stopped afterwards.

    Loopback is exempted from any HTTP(S)_PROXY so the bot's requests never leave the machine.
    """
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, ",".join(filter(None, [os.environ.get(name), "127.0.0.1", "localhost"])))
    async with FakeBotAPI() as server:
        yield server
