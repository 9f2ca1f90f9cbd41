"""The command line: `python -m bot` (Telegram or console), `console`, `ask`, `docs` and `eval`.

Every command builds the same engine from the seeds folder (or `--doc PATH`) and prints what the
bot would say. Errors a person can fix (a missing file, a bad setting) end with one line on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.answer import Engine, load_engine
from bot.console import Console, use_color
from bot.evaluation import evaluate, format_report, format_table, load_questions, quality_table
from bot.logs import configure_logging
from bot.render import answer_html, answer_json, docs_html, html_to_console
from bot.settings import Settings, SettingsError, load_settings

CONSOLE_NOTICE = "TELEGRAM_BOT_TOKEN не задан: запускаю консольный режим."


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Вопросы и ответы по статье (BM25).")
    parser.add_argument("--doc", help="текст или папка с текстами вместо BOT_SEEDS_DIR")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="Telegram, если задан токен, иначе консоль (по умолчанию)")
    sub.add_parser("console", help="интерактивный режим в терминале")
    ask = sub.add_parser("ask", help="ответить на вопрос (без вопроса: вопросы построчно из stdin)")
    ask.add_argument("question", nargs="?", help="вопрос; без него вопросы читаются из stdin")
    ask.add_argument("--json", action="store_true", help="по объекту JSON на строку")
    ask.add_argument("--top-k", type=int, default=None, help="сколько цитат (по умолчанию BOT_TOP_K)")
    ask.add_argument("--only-doc", metavar="DOC", help="искать только в этом документе (номер или id из `docs`)")
    ask.add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    sub.add_parser("docs", help="список загруженных документов")
    evaluation = sub.add_parser("eval", help="Hit@1, Hit@3 и отказы на файле вопросов JSONL")
    evaluation.add_argument("file", nargs="?", help="файл вопросов в формате seed-dev.jsonl")
    evaluation.add_argument(
        "--table", action="store_true", help="таблица качества: seed-dev и XQuAD-ru dev, движок и чистый rank-bm25"
    )
    evaluation.add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    for command in ("run", "console", "docs"):
        sub.choices[command].add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bot` and the `article-qa-bot` script."""
    args = build_parser().parse_args(argv)
    if args.command == "eval" and (args.table or not args.file):
        return run_table()
    try:
        settings = load_settings()
        configure_logging(settings.log_level, [settings.telegram_bot_token or ""])
        source = Path(getattr(args, "sub_doc", None) or args.doc or settings.seeds_dir)
        engine = load_engine(source, cache=settings.index_cache, progress=True)
    except (SettingsError, OSError, UnicodeDecodeError) as error:
        print(f"Ошибка: {_describe(error)}", file=sys.stderr)
        return 2
    command = args.command or "run"
    if command == "ask":
        return ask(engine, args, settings)
    if command == "eval":
        return run_eval(engine, args.file)
    if command == "docs":
        print(html_to_console("\n\n".join(docs_html(engine.documents)), use_color(sys.stdout)))
        return 0
    if command == "run" and settings.telegram_bot_token:
        from bot.telegram_app import run_bot

        return run_bot(settings, engine)
    if command == "run":
        print(CONSOLE_NOTICE, file=sys.stderr)
    return Console(engine, settings.top_k).run()


def ask(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """One question from the argument, or one per stdin line; text or JSON lines."""
    top_k = args.top_k or settings.top_k
    doc_id = None
    if args.only_doc is not None:
        document = engine.find_document(args.only_doc)
        if document is None:
            print(f"Ошибка: нет документа {args.only_doc!r} (список: python -m bot docs)", file=sys.stderr)
            return 2
        doc_id = document.doc_id
    questions = [args.question] if args.question is not None else _stdin_lines()
    color = use_color(sys.stdout)
    several = len(engine.documents) > 1
    for question in questions:
        answer = engine.ask(question, top_k=top_k, doc_id=doc_id)
        if args.json:
            print(json.dumps(answer_json(answer, with_document=several), ensure_ascii=False), flush=True)
        else:
            print(html_to_console("\n\n".join(answer_html(answer, engine.documents)), color) + "\n", flush=True)
    return 0


def run_eval(engine: Engine, file: str) -> int:
    """Print Hit@1, Hit@3, MRR and abstention on a question file."""
    try:
        questions = load_questions(file)
    except (OSError, ValueError, KeyError) as error:
        print(f"Ошибка: не удалось прочитать {file}: {_describe(error)}", file=sys.stderr)
        return 2
    report = evaluate(engine, questions)
    print(format_report(Path(file).name, report))
    for question, answer in report.misses:
        best = answer.passages[0].text[:80] if answer.found and answer.passages else "(нет ответа)"
        print(f"  промах {question.id}: {question.question} → {best}")
    return 0


def run_table() -> int:
    """Print the quality table of `make eval` (both question sets, engine and reference rows)."""
    start = time.perf_counter()
    rows = quality_table()
    print(format_table(rows))
    build = ", ".join(f"{r.question_set} / {r.system}: {r.build_seconds:.2f} s" for r in rows)
    print(f"\nПостроение индексов: {build}. Всего: {time.perf_counter() - start:.1f} s.")
    return 0


def _stdin_lines() -> list[str]:
    """Questions from stdin, one per line, undecodable bytes replaced (never a crash)."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    text = data.decode("utf-8", errors="replace").replace("\x00", "")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []


def _describe(error: Exception) -> str:
    """A one-line description of an error for a person."""
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"файл не найден: {error.filename}"
    return str(error)
