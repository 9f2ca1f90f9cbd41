"""Shared fixtures: the seed article, parsed once, and one engine over it."""

from pathlib import Path

import pytest

from bot.analysis import Analyzer
from bot.answer import Engine
from bot.document import Document, load_document

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
