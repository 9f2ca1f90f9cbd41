"""The statistics as /stats shows them (Telegram HTML) and `python -m bot stats` prints them (as terminal text)."""

from __future__ import annotations

import datetime as dt

from bot.front.memory.report import Report
from bot.front.render.messages import escape, split_messages


def stats_html(report: Report, *, retention_days: int, limited: int | None = None, note: str | None = None) -> list[str]:
    """The report as HTML messages: totals, questions per day, frequent unanswered questions, answers with 👎.

    `limited` is the flood limit's count of this process (in memory only, Telegram only); `note`
    says when the numbers are not those of the database file.
    """
    since = dt.datetime.fromtimestamp(report.since).strftime("%d.%m.%Y")
    totals = [
        f"<b>Статистика за {report.days} дн.</b> (с {since}; записи хранятся {retention_days} дн.)",
        f"Вопросов: {report.questions}",
        f"Отвечено вопросов: {report.answered}{_share(report.answered_share)}",
        f"Без ответа: {report.declined}",
        f"Оценки: 👍 {report.up}, 👎 {report.down}{_share(report.down_share, ' 👎')}",
        f"Ошибок: {report.errors}",
    ]
    if report.median_latency_ms is not None:
        totals.append(f"Время ответа (медиана): {report.median_latency_ms:.0f} мс")
    if limited is not None:
        totals.append(f"Ограничений за частые вопросы: {limited} (с запуска бота, в памяти)")
    if note:
        totals.append(f"<i>{escape(note)}</i>")
    blocks = ["\n".join(totals)]
    if report.per_day:
        days = [f"{_date(d.date)} — вопросов {d.questions}, отвечено {d.answered}" for d in report.per_day]
        blocks.append("\n".join(["<b>По дням</b>", *days]))
    if report.unanswered:
        lines = [f"{i}. «{escape(q)}» — {n}" for i, (q, n) in enumerate(report.unanswered, start=1)]
        blocks.append("\n".join(["<b>Частые вопросы без ответа</b>", *lines]))
    if report.missed:
        lines = [
            f"{i}. «{escape(m.question or '(текст вопроса не хранится)')}» → {escape(m.reference or '—')}: "
            f"👎 {m.down}, 👍 {m.up}"
            for i, m in enumerate(report.missed, start=1)
        ]
        blocks.append("\n".join(["<b>Ответы с оценкой 👎</b>", *lines]))
    return split_messages(blocks)


def _share(share: float | None, suffix: str = "") -> str:
    """« (17 %)» after a count, or nothing without a base."""
    return "" if share is None else f" ({share:.0%}{suffix})".replace("%", " %")


def _date(day: str) -> str:
    """YYYY-MM-DD as DD.MM.YYYY."""
    year, month, date = day.split("-")
    return f"{date}.{month}.{year}"
