"""Logging for every front end: one format, quiet libraries, and secrets never written.

httpx logs every request URL at INFO, and Bot API URLs contain the bot token, so httpx stays at
WARNING; on top of that every handler gets a filter that replaces the token wherever it appears
(message, arguments, traceback), whatever the level.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[REDACTED]"
QUIET_LOGGERS = ("httpx", "httpcore", "pymorphy3")


class SecretFilter(logging.Filter):
    """Replaces secrets in a log record's final text, including its formatted traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """Remember the secrets to hide (empty values are ignored)."""
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if not self.secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, libraries that echo URLs at WARNING, secrets redacted everywhere."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    secret_filter = SecretFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(secret_filter)
