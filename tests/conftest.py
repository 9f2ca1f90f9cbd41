"""Shared pytest fixtures."""

import os

import pytest

from tests.fakebotapi import FakeBotAPI


@pytest.fixture
async def fake_api(monkeypatch: pytest.MonkeyPatch):
    """A running fake Telegram Bot API on 127.0.0.1 (see tests/fakebotapi.py), stopped afterwards.

    Loopback is exempted from any HTTP(S)_PROXY so the bot's requests never leave the machine.
    """
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, ",".join(filter(None, [os.environ.get(name), "127.0.0.1", "localhost"])))
    async with FakeBotAPI() as server:
        yield server
