"""`python -m bot stats [--days N] [--json]`: the bot's statistics for the operator, without Telegram.

It only reads the database at BOT_DB_PATH, opened read-only (no token, no search index, nothing
created or migrated, so another user than the bot's may run it): the same numbers /stats shows, as
terminal text or one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time

from bot.front.cleaning import one_line
from bot.front.memory.report import DEFAULT_DAYS, read_report
from bot.front.memory.schema import NewerSchemaError, OlderSchemaError, connect_read_only
from bot.front.render.stats import stats_html
from bot.front.render.terminal import html_to_console
from bot.front.settings import IN_MEMORY, Settings

MAX_DAYS = 3650


def add_stats_parser(sub: argparse._SubParsersAction) -> None:
    """The `stats` subcommand and its options."""
    stats = sub.add_parser("stats", help="статистика бота из его базы данных (BOT_DB_PATH), без Telegram")
    stats.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"за сколько дней (по умолчанию {DEFAULT_DAYS})")
    stats.add_argument("--json", action="store_true", help="один объект JSON")
    stats.add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)


def run_stats(settings: Settings, args: argparse.Namespace) -> int:
    """Print the report of the last `--days` days; 2 with one line when there is nothing to read."""
    if not 1 <= args.days <= MAX_DAYS:
        return _fail(f"--days must be between 1 and {MAX_DAYS} (got {args.days})")
    path = settings.db_path
    if str(path) == IN_MEMORY:
        return _fail("BOT_DB_PATH=:memory: keeps the statistics only inside the running bot (see /stats)")
    try:
        db = connect_read_only(path)
    except FileNotFoundError:
        return _fail(f"no database at {path}: the Telegram bot has not run here yet, or BOT_DB_PATH points elsewhere")
    except (NewerSchemaError, OlderSchemaError) as error:
        return _fail(str(error))
    except (sqlite3.Error, OSError) as error:
        return _fail(f"cannot read the database {path} ({type(error).__name__}: {error})")
    try:
        report = read_report(args.days, time.time())(db)
    except sqlite3.Error as error:
        return _fail(f"cannot read the database {path} ({type(error).__name__}: {error})")
    finally:
        db.close()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        messages = stats_html(report, retention_days=settings.retention_days)
        print(html_to_console("\n\n".join(messages), color=False))
    return 0


def _fail(message: str) -> int:
    """One line on stderr, exit code 2."""
    print(f"Ошибка: {one_line(message, 500)}", file=sys.stderr)
    return 2
