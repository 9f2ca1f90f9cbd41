"""Logging for every front end: one format, quiet libraries, and secrets never written.

httpx logs every request URL at INFO, and Bot API URLs contain the bot token, so httpx stays at
WARNING; on top of that every handler gets a filter that replaces the token wherever it appears
(message, arguments, traceback), whatever the level. python-telegram-bot itself logs the base URL
with the token at DEBUG and puts the token into `InvalidToken` messages, so the filter is what
actually keeps it out. Python warnings are routed through logging (and so through the filter), and
uncaught exceptions are printed through the same redaction instead of Python's raw traceback.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from urllib.parse import quote

REDACTED = "[REDACTED]"
QUIET_LOGGERS = ("httpx", "httpcore", "pymorphy3")
MIN_SECRET_PART = 8


def secret_variants(secrets: Iterable[str]) -> tuple[str, ...]:
    """Every form a secret may take in text: as is, URL-encoded, and a bot token's secret half.

    A bot token is `<bot id>:<secret>`; the id is public, the part after the colon is what must
    never be shown, also on its own. Longest first, so a whole token is replaced as one piece.
    """
    found: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        found.update({secret, quote(secret, safe="")})
        _, _, tail = secret.partition(":")
        if len(tail) >= MIN_SECRET_PART:
            found.update({tail, quote(tail, safe="")})
    return tuple(sorted(found, key=len, reverse=True))


class SecretFilter(logging.Filter):
    """Replaces secrets in a log record's final text, including its formatted traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """Remember the secrets to hide (empty values are ignored)."""
        super().__init__()
        self.secrets = secret_variants(secrets)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it, never raises."""
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a bad format string must not hide the record or leak)
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
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
    logging.captureWarnings(True)
    install_excepthooks(secret_filter)


def install_excepthooks(secret_filter: SecretFilter) -> None:
    """Print uncaught exceptions (main thread and other threads) with secrets redacted."""

    def print_redacted(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, trace))
        sys.stderr.write(secret_filter.redact(text))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            print_redacted(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = print_redacted
    threading.excepthook = thread_hook
