"""The command line: `python -m bot` (Telegram or console), `console`, `ask`, `docs`, `eval` and `stats`.

Every command but `stats` builds the same engine from the seeds folder (or `--doc PATH`) and prints
what the bot would say; `stats` only reads the bot's database (no token, no index). Errors a person
can fix (a missing, unreadable or non-UTF-8 file, a bad setting, a database of a newer bot) end
with one line on stderr and exit code 2, never a traceback. `ask` reads any bytes: undecodable
input, NUL bytes and very long lines still give one answer per line. Only the Telegram bot records
questions: the console, `ask` and `eval` leave the statistics alone.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.front import phrases
from bot.front.cleaning import clean_text, one_line
from bot.front.commands import CONSOLE
from bot.front.console import Console, command_reply, console_text, terminal_width, use_color
from bot.front.dialogue import Dialogue
from bot.front.logs import configure_logging
from bot.front.memory.command import add_stats_parser, run_stats
from bot.front.memory.schema import NewerSchemaError
from bot.front.memory.store import open_memory
from bot.front.render.json_view import answer_json
from bot.front.session import Session, text_reply
from bot.front.settings import Settings, SettingsError, load_settings
from bot.qa.answer import Answer
from bot.qa.engine import Engine
from bot.qa.evaluation import evaluate, format_report, load_questions
from bot.qa.loading import load_engine

log = logging.getLogger(__name__)
# JSON allows these raw inside strings, but many line readers split on them: escape them.
_LINE_BREAKING = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


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
    ask.add_argument("--follow", action="store_true", help="строки — один диалог: «а когда?» уточняет предыдущий ответ")
    ask.add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    sub.add_parser("docs", help="список загруженных документов")
    evaluation = sub.add_parser("eval", help="Hit@1, Hit@3 и отказы на файле вопросов JSONL (все наборы: make eval)")
    evaluation.add_argument("file", help="файл вопросов в формате seed-dev.jsonl")
    evaluation.add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    add_stats_parser(sub)
    for command in ("run", "console", "docs"):
        sub.choices[command].add_argument("--doc", dest="sub_doc", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bot` and the `article-qa-bot` script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Ошибка: {one_line(str(error), 500)}", file=sys.stderr)
        return 2
    secrets = (settings.telegram_bot_token, settings.webhook_secret, settings.user_hash_key)
    configure_logging(_log_level(args, settings), [secret or "" for secret in secrets])
    command = args.command or "run"
    if command == "stats":
        return run_stats(settings, args)
    memory = None
    if command == "run" and settings.telegram_bot_token:
        try:
            memory = open_memory(settings)
        except NewerSchemaError as error:
            print(f"Ошибка: {one_line(str(error), 500)}", file=sys.stderr)
            return 2
    source = Path(getattr(args, "sub_doc", None) or args.doc or settings.seeds_dir)
    try:
        engine = load_engine(source, cache=settings.index_cache, progress=True)
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        print(f"Ошибка: {_describe(error, source)}", file=sys.stderr)
        if memory is not None:
            memory.close()
        return 2
    if command == "ask":
        return ask(engine, args, settings)
    if command == "eval":
        return run_eval(engine, args.file)
    if command == "docs":
        print(console_text(Session(engine).commands.docs(), use_color(sys.stdout)))
        return 0
    if memory is not None:
        from bot.front.telegram.app import run_bot

        return run_bot(settings, engine, memory)
    if command == "run":
        print(phrases.CONSOLE_NOTICE, file=sys.stderr)
    return Console(Session(engine, settings.top_k, settings.max_question_chars, front=CONSOLE)).run()


def _log_level(args: argparse.Namespace, settings: Settings) -> str:
    """The bot logs at BOT_LOG_LEVEL; the console and one-shot commands only show warnings (or DEBUG when asked)."""
    serving = (args.command or "run") == "run" and settings.telegram_bot_token
    return settings.log_level if serving or settings.log_level == "DEBUG" else "WARNING"


def ask(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """One question from the argument, or one per stdin line; text or JSON lines.

    Questions are cleaned (control characters become spaces, undecodable bytes U+FFFD) and cut to
    BOT_MAX_QUESTION_CHARS characters as the bot cuts them (`Session.question`); the JSON then says
    `"truncated": true` and still echoes the whole question. Should the engine fail on a line, that
    line gets `"found": false, "reason": "error"` (the error goes to stderr) and the rest go on.
    Lines are independent questions; with `--follow` they are one dialogue, as in the console (a
    line may follow up the answer before it). A line that is a command («/sections», «/section 2») gets the
    console's reply (in JSON: `"reason": "command"` and the text as `"reply"`).
    """
    session = Session(engine, args.top_k or settings.top_k, settings.max_question_chars, front=CONSOLE)
    doc_id = None
    if args.only_doc is not None:
        document = engine.find_document(args.only_doc)
        if document is None:
            print(f"Ошибка: нет документа {args.only_doc!r} (список: python -m bot docs)", file=sys.stderr)
            return 2
        doc_id = document.doc_id
    questions = [_argument(args.question)] if args.question is not None else _stdin_lines()
    color, width = use_color(sys.stdout), terminal_width(sys.stdout)
    dialogue = Dialogue(session) if args.follow else None
    for text in questions:
        command = command_reply(session, text)
        if command is not None:  # «/sections» typed as a question: the console's reply
            shown = console_text(command, False if args.json else color, width)
            print(_json_line({"question": clean_text(text), "reason": "command", "reply": shown}) if args.json else shown + "\n")
            continue
        paged = dialogue.more(text) if dialogue else None  # «ещё» in a dialogue: the next quotes, as the button
        if paged is not None:
            question, answer = session.question(text), paged.answer or Answer(text, False, reason="no_more")
        else:
            try:
                question, answer = session.answer(text, doc_id, dialogue.subject if dialogue else None)
            except Exception:  # noqa: BLE001  (one bad line must not cost the answers to the others)
                log.exception("could not answer a question")
                question = session.question(text)
                answer = Answer(question.text, False, reason="error")
            if dialogue:
                dialogue.observe(text, answer)
        if args.json:
            row = answer_json(answer, with_document=session.several_documents)
            row["question"] = clean_text(text)
            if question.truncated:
                row["truncated"] = True
            print(_json_line(row), flush=True)
        else:
            reply = paged or (text_reply(phrases.APOLOGY) if answer.reason == "error" else session.reply(question, answer))
            print(console_text(reply, color, width) + "\n", flush=True)
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


def _stdin_lines() -> list[str]:
    """Questions from stdin, one per line (only `\\n` ends a line; a `\\r` before it is dropped),
    undecodable bytes replaced and NUL bytes removed (never a crash)."""
    if sys.stdin is None:
        return []
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    text = data.decode("utf-8", errors="replace").replace("\x00", "")
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _argument(text: str) -> str:
    """A command-line argument with undecodable bytes (kept by Python as lone surrogates) replaced."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _json_line(row: dict) -> str:
    """One JSON object on exactly one line, whatever characters its strings contain."""
    line = json.dumps(row, ensure_ascii=False)
    for char, escaped in _LINE_BREAKING.items():
        line = line.replace(char, escaped)
    return line


def _describe(error: Exception, source: Path | None = None) -> str:
    """A one-line description of an error for a person."""
    if isinstance(error, FileNotFoundError) and error.filename:
        text = f"файл не найден: {error.filename}"
    elif isinstance(error, PermissionError):
        text = f"нет прав на чтение: {error.filename or source}"
    elif isinstance(error, IsADirectoryError | NotADirectoryError):
        text = f"не удалось прочитать: {error.filename or source}"
    elif isinstance(error, UnicodeDecodeError):
        text = f"{source}: текст не в кодировке UTF-8 (байт {error.start})"
    else:
        text = str(error)
    return one_line(text, 500)
