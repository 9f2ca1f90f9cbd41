"""Shared fixtures: the seed article parsed once, one engine over it, and a fake Telegram Bot API."""

import os
from pathlib import Path

import pytest

from bot.text.analysis import Analyzer
from bot.qa.engine import Engine
from bot.text.document import Document
from bot.text.parsing import load_document
from tests.fakebotapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4986977823b55038.txt"


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
