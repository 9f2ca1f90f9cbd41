"""Logging never writes the bot token, whatever logs it."""

import logging
import sys
import threading

import pytest

from bot.front.logs import REDACTED, SecretFilter, configure_logging

TOKEN = "123456:SECRET-token-abc"


def _record(msg, args=(), exc_info=None):
    return logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, exc_info)


def test_token_removed_from_message_arguments_and_traceback():
    secret_filter = SecretFilter([TOKEN])
    record = _record("GET https://api/bot%s/getMe", (TOKEN,))
    try:
        raise RuntimeError(f"failed https://api/bot{TOKEN}/sendMessage")
    except RuntimeError:
        record_with_trace = _record("boom", exc_info=sys.exc_info())
    for rec in (record, record_with_trace):
        assert secret_filter.filter(rec)
        text = logging.Formatter().format(rec)
        assert TOKEN not in text
    assert REDACTED in logging.Formatter().format(record)
    assert REDACTED in logging.Formatter().format(record_with_trace)


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level, hooks = root.handlers[:], root.level, (sys.excepthook, threading.excepthook)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)


def test_configured_handlers_redact_and_httpx_is_quiet(capsys, restore_logging):
    configure_logging("DEBUG", [TOKEN])
    logging.getLogger("telegram.Bot").debug("Set Bot API URL: http://127.0.0.1/bot%s", TOKEN)
    logging.getLogger("httpx").info("HTTP Request: POST http://127.0.0.1/bot%s/getUpdates", TOKEN)
    err = capsys.readouterr().err
    assert TOKEN not in err and REDACTED in err
    assert "getUpdates" not in err
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
