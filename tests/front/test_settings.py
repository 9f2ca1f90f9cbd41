"""Configuration: read once, environment over .env, one clear error for a bad value."""

import re

import pytest

from bot.front.settings import DEFAULT_API_BASE_URL, SettingsError, load_settings
from tests.paths import ROOT


def test_defaults_without_anything():
    settings = load_settings({}, env_file=None)
    assert settings.telegram_bot_token is None
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.top_k == 3


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("BOT_TOP_K=5\nTELEGRAM_BOT_TOKEN=1:file\n", encoding="utf-8")
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "2:env"}, env_file=env_file)
    assert settings.top_k == 5 and settings.telegram_bot_token == "2:env"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot/"])
def test_base_url_with_or_without_trailing_slash(url):
    assert load_settings({"TELEGRAM_API_BASE_URL": url}, env_file=None).api_base_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    "env, name",
    [
        ({"BOT_TOP_K": "many"}, "BOT_TOP_K"),
        ({"BOT_TOP_K": "0"}, "BOT_TOP_K"),
        ({"TELEGRAM_BOT_TOKEN": "no colon"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"BOT_ADMINS": "1,two"}, "BOT_ADMINS"),
        ({"BOT_LOG_LEVEL": "LOUD"}, "BOT_LOG_LEVEL"),
    ],
)
def test_bad_values_name_the_variable(env, name):
    with pytest.raises(SettingsError, match=name):
        load_settings(env, env_file=None)


def test_id_lists():
    settings = load_settings({"BOT_ALLOWED_CHATS": "-100123, 42", "BOT_ADMINS": "7"}, env_file=None)
    assert settings.allowed_chats == {-100123, 42} and settings.admins == {7}


@pytest.mark.parametrize("raw, expected", [("0", False), ("off", False), ("1", True), ("yes", True)])
def test_index_cache_flag(raw, expected):
    assert load_settings({"BOT_INDEX_CACHE": raw}, env_file=None).index_cache is expected
    assert load_settings({}, env_file=None).index_cache is True


def test_bad_index_cache_flag_names_the_variable():
    with pytest.raises(SettingsError, match="BOT_INDEX_CACHE"):
        load_settings({"BOT_INDEX_CACHE": "maybe"}, env_file=None)
def test_robustness_settings():
    settings = load_settings(
        {"BOT_READ_TIMEOUT": "2,5", "BOT_CONNECT_TIMEOUT": "1", "BOT_SEND_RETRIES": "0", "BOT_RETRY_BACKOFF": "0.1",
         "BOT_FLOOD_LIMIT": "0", "BOT_FLOOD_COOLDOWN": "300"},
        env_file=None,
    )
    assert (settings.read_timeout, settings.connect_timeout, settings.send_retries) == (2.5, 1.0, 0)
    assert (settings.retry_backoff, settings.flood_limit, settings.flood_cooldown) == (0.1, 0, 300.0)
    defaults = load_settings({}, env_file=None)
    assert (defaults.read_timeout, defaults.send_retries, defaults.flood_limit, defaults.flood_cooldown) == (10.0, 4, 20, 60.0)


@pytest.mark.parametrize(
    "name, value",
    [("BOT_READ_TIMEOUT", "soon"), ("BOT_READ_TIMEOUT", "0"), ("BOT_READ_TIMEOUT", "nan"), ("BOT_READ_TIMEOUT", "inf"),
     ("BOT_CONNECT_TIMEOUT", "-1"), ("BOT_SEND_RETRIES", "11"), ("BOT_FLOOD_LIMIT", "-5"), ("BOT_FLOOD_COOLDOWN", "0")],
)
def test_bad_robustness_values_name_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, env_file=None)


def test_errors_never_quote_a_secret():
    token = "123456:TEST-SECRET-TOKEN-DO-NOT-LOG"
    for env in ({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": f"api.telegram.org/bot{token}"},
                {"TELEGRAM_BOT_TOKEN": token, "BOT_TOP_K": token},
                {"BOT_WEBHOOK_SECRET": "hunter2-webhook-secret", "BOT_ADMINS": "hunter2-webhook-secret"},
                {"BOT_USER_HASH_KEY": "hunter2-user-hash-key", "BOT_RETENTION_DAYS": "hunter2-user-hash-key"}):
        with pytest.raises(SettingsError) as raised:
            load_settings(env, env_file=None)
        assert "TEST-SECRET" not in str(raised.value) and "hunter2" not in str(raised.value)


def test_memory_settings():
    defaults = load_settings({}, env_file=None)
    assert (str(defaults.db_path), defaults.store_questions, defaults.retention_days) == ("var/bot.sqlite3", True, 90)
    assert defaults.user_hash_key is None
    settings = load_settings({"BOT_DB_PATH": "/srv/bot/memory.sqlite3", "BOT_STORE_QUESTIONS": "0",
                              "BOT_RETENTION_DAYS": "30", "BOT_USER_HASH_KEY": "a-long-enough-key"}, env_file=None)
    assert (str(settings.db_path), settings.store_questions, settings.retention_days) == ("/srv/bot/memory.sqlite3", False, 30)
    assert settings.user_hash_key == "a-long-enough-key"


@pytest.mark.parametrize("name, value", [("BOT_RETENTION_DAYS", "0"), ("BOT_RETENTION_DAYS", "forever"),
                                         ("BOT_STORE_QUESTIONS", "maybe"), ("BOT_USER_HASH_KEY", "short"),
                                         ("BOT_WEBHOOK_SECRET", "not allowed!")])
def test_bad_memory_and_webhook_values_name_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, env_file=None)


def test_a_webhook_without_a_secret_gets_a_random_one_per_start():
    first, second = (load_settings({"BOT_WEBHOOK_URL": "https://bot.example.org/hook"}, env_file=None) for _ in range(2))
    assert first.webhook_secret and first.webhook_secret != second.webhook_secret
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,256}", first.webhook_secret)
    assert load_settings({}, env_file=None).webhook_secret is None  # polling: none needed
    configured = load_settings({"BOT_WEBHOOK_URL": "https://x.org/h", "BOT_WEBHOOK_SECRET": "s3cr3t_-"}, env_file=None)
    assert configured.webhook_secret == "s3cr3t_-"


def test_every_variable_is_documented_in_env_example():
    read = set(re.findall(r'text\("([A-Z_]+)"\)', (ROOT / "bot" / "front" / "settings.py").read_text(encoding="utf-8")))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read - documented == set() and "BOT_DB_PATH" in read
