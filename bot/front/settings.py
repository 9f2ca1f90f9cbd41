"""Configuration, read once at start from the environment and an optional `.env` file.

The environment wins over `.env`. A bad value raises `SettingsError` with one sentence that names
the variable, so the command line can stop with one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from bot.front.logs import SecretFilter

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
SECRET_VARIABLES = ("TELEGRAM_BOT_TOKEN", "BOT_WEBHOOK_SECRET", "BOT_USER_HASH_KEY")
IN_MEMORY = ":memory:"  # BOT_DB_PATH that keeps the statistics in memory only (nothing on disk)
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a secret_token
MIN_HASH_KEY_CHARS = 16


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is meant for the person starting the bot."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be configured with."""

    telegram_bot_token: str | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    seeds_dir: Path = Path("seeds")
    top_k: int = 3
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    max_question_chars: int = 500
    allowed_chats: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()
    index_cache: bool = True
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    send_retries: int = 4
    retry_backoff: float = 0.5
    flood_limit: int = 20
    flood_window: float = 60.0
    flood_cooldown: float = 60.0
    db_path: Path = Path("var/bot.sqlite3")
    store_questions: bool = True
    retention_days: int = 90
    user_hash_key: str | None = None

    @property
    def api_base_url(self) -> str:
        """The Bot API base URL as python-telegram-bot wants it (the token is appended directly)."""
        return self.telegram_api_base_url.rstrip("/")


def load_settings(env: Mapping[str, str] | None = None, env_file: str | Path | None = ".env") -> Settings:
    """Settings from `env` (default: os.environ) over the values of `env_file` when it exists.

    An error message never quotes a secret, even one pasted into the wrong variable.
    """
    values: dict[str, str] = {}
    if env_file and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if env is None else env)
    try:
        return _settings(values)
    except SettingsError as error:
        secrets = [values.get(name, "").strip() for name in SECRET_VARIABLES]
        raise SettingsError(SecretFilter(secrets).redact(str(error))) from None


def _settings(values: Mapping[str, str]) -> Settings:
    """Settings from the merged variables; SettingsError names the first bad one."""

    def text(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    base_url = text("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise SettingsError(f"TELEGRAM_API_BASE_URL must start with http:// or https:// (got {base_url!r})")
    token = text("TELEGRAM_BOT_TOKEN")
    if token and (":" not in token or any(c.isspace() for c in token)):
        raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (expected 123456:ABC...)")
    webhook_secret = text("BOT_WEBHOOK_SECRET")
    if webhook_secret and not _WEBHOOK_SECRET.fullmatch(webhook_secret):
        raise SettingsError("BOT_WEBHOOK_SECRET may have 1-256 characters A-Z, a-z, 0-9, _ and - only")
    if text("BOT_WEBHOOK_URL") and not webhook_secret:
        webhook_secret = secrets.token_urlsafe(32)  # Telegram gets it with setWebhook at every start
    hash_key = text("BOT_USER_HASH_KEY")
    if hash_key and len(hash_key) < MIN_HASH_KEY_CHARS:
        raise SettingsError(f"BOT_USER_HASH_KEY must have at least {MIN_HASH_KEY_CHARS} characters")
    log_level = (text("BOT_LOG_LEVEL") or "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(f"BOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR (got {log_level!r})")
    return Settings(
        telegram_bot_token=token,
        telegram_api_base_url=base_url,
        seeds_dir=Path(text("BOT_SEEDS_DIR") or "seeds"),
        top_k=_integer(text("BOT_TOP_K"), "BOT_TOP_K", 3, 1, 10),
        log_level=log_level,
        webhook_url=text("BOT_WEBHOOK_URL"),
        webhook_secret=webhook_secret,
        webhook_listen=text("BOT_WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=_integer(text("BOT_WEBHOOK_PORT"), "BOT_WEBHOOK_PORT", 8443, 1, 65535),
        max_question_chars=_integer(text("BOT_MAX_QUESTION_CHARS"), "BOT_MAX_QUESTION_CHARS", 500, 20, 4096),
        allowed_chats=_id_set(text("BOT_ALLOWED_CHATS"), "BOT_ALLOWED_CHATS"),
        admins=_id_set(text("BOT_ADMINS"), "BOT_ADMINS"),
        index_cache=_flag(text("BOT_INDEX_CACHE"), "BOT_INDEX_CACHE", True),
        connect_timeout=_number(text("BOT_CONNECT_TIMEOUT"), "BOT_CONNECT_TIMEOUT", 5.0, 0.1, 120.0),
        read_timeout=_number(text("BOT_READ_TIMEOUT"), "BOT_READ_TIMEOUT", 10.0, 0.1, 120.0),
        send_retries=_integer(text("BOT_SEND_RETRIES"), "BOT_SEND_RETRIES", 4, 0, 10),
        retry_backoff=_number(text("BOT_RETRY_BACKOFF"), "BOT_RETRY_BACKOFF", 0.5, 0.0, 30.0),
        flood_limit=_integer(text("BOT_FLOOD_LIMIT"), "BOT_FLOOD_LIMIT", 20, 0, 1000),
        flood_cooldown=_number(text("BOT_FLOOD_COOLDOWN"), "BOT_FLOOD_COOLDOWN", 60.0, 1.0, 86400.0),
        db_path=Path(text("BOT_DB_PATH") or "var/bot.sqlite3"),
        store_questions=_flag(text("BOT_STORE_QUESTIONS"), "BOT_STORE_QUESTIONS", True),
        retention_days=_integer(text("BOT_RETENTION_DAYS"), "BOT_RETENTION_DAYS", 90, 1, 3650),
        user_hash_key=hash_key,
    )


def _integer(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    """An integer setting within bounds."""
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r})") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high} (got {value})")
    return value


def _flag(raw: str | None, name: str, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off."""
    if raw is None:
        return default
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be 1 or 0 (got {raw!r})")


def _number(raw: str | None, name: str, default: float, low: float, high: float) -> float:
    """A decimal setting (seconds) within bounds; a decimal comma is accepted too."""
    if raw is None:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds (got {raw!r})") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g} (got {raw})")
    return value


def _id_set(raw: str | None, name: str) -> frozenset[int]:
    """A comma-separated list of Telegram ids (chats may be negative)."""
    if raw is None:
        return frozenset()
    try:
        return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
    except ValueError:
        raise SettingsError(f"{name} must be a comma-separated list of numeric ids (got {raw!r})") from None
