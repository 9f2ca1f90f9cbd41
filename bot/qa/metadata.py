"""Questions about the publication itself (author, date, agency, title, photo), quoted from its metadata lines."""

from __future__ import annotations

import re

from bot.qa.answer import METADATA_SECTION, Answer, Passage
from bot.text.analysis import normalize
from bot.text.document import Document

METADATA_TITLE = "Сведения о публикации"

_METADATA_QUESTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("author", re.compile(r"\bавтор|\bкто (?:на)?писал|\bкем (?:на)?писан|\bчь[яей] (?:стать|колонк|текст)|\bподпись\b|\bкто подписал (?:стать|текст|колонк)"), "автор"),
    ("date", re.compile(r"\bкогда .*(?:опубликова|вышл|вышел|напечата|написан|размещ)|\bдат[аеуы] (?:публикац|выхода|стать)|\bкакого числа"), "дата публикации"),
    ("agency", re.compile(r"\bагентств|\bиздани|\bкакое сми|\bв каком сми|\bгде (?:опубликова|вышл|напечата)|\bисточник стать"), "источник"),
    ("title", re.compile(r"\bзаголов|\bназвани\w* стать|\bкак называется (?:стать|текст|колонк)"), "заголовок"),
    ("photo_credit", re.compile(r"\bфото"), "фото"),
)


LABELS = {key: label for key, _, label in _METADATA_QUESTIONS}


def metadata_answer(question: str, document: Document) -> Answer | None:
    """The metadata line a question about the publication asks for, verbatim; None for any other question."""
    lowered = normalize(question)
    for key, pattern, _ in _METADATA_QUESTIONS:
        if not pattern.search(lowered):
            continue
        passage = metadata_passage(document, key)
        if passage is None:
            continue
        return Answer(question, True, (passage,), confidence=1.0, reason="metadata")
    return None


def metadata_passage(document: Document, key: str, highlights: tuple[tuple[int, int], ...] = ()) -> Passage | None:
    """A metadata line of the document (author, date, agency, title, photo) as a passage; None when it has none."""
    line = document.metadata.line(document.text, key)
    if line is None:
        return None
    return Passage(
        text=line,
        doc_id=document.doc_id,
        doc_title=document.title,
        section=METADATA_SECTION,
        section_title=f"{METADATA_TITLE}: {LABELS[key]}",
        sentence=0,
        score=1.0,
        highlights=highlights,
        kind="metadata",
    )
