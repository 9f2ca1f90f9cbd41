"""Parsing: a UTF-8 text becomes a `Document` (metadata, sections, paragraphs, sentences).

The parser knows the shape of a news-site page (date line, repeated title, photo credit, byline
and signature, agency disclaimer, page furniture after the article) and the shape of plain texts
(title on the first line, blank-line paragraphs, Markdown or short unpunctuated headings).
Sentences come from razdel and are verbatim slices of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from razdel import sentenize

from bot.text.document import CLOSING_TITLE, LEAD_TITLE, Document, Metadata, Paragraph, Section, Sentence, clean_text

_DATE_LINE = re.compile(
    r"^\s*(?P<date>\d{1,2}\.\d{1,2}\.\d{4})(?:,?\s*(?P<time>\d{1,2}:\d{2}))?(?:\s+(?P<number>\d+))?\s*$"
)
_PHOTO_CREDIT = re.compile(r"^\s*(?:Фото|Фотография|Photo|Источник фото)\s*:\s*(?P<credit>.+?)\s*$", re.I)
_AUTHOR_LINE = re.compile(r"^\s*(?:Автор|Author|Текст)\s*:\s*(?P<author>.+?)\s*$", re.I)
_DISCLAIMER = re.compile(
    r"точк\w* зрения.*не (?:совпада|отража)\w*.*(?:агентства|издания|редакции)\s+(?P<agency>[^.]+?)\s*\.?\s*$",
    re.I,
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
# Lines that start the news site's page furniture: nothing from here on is the article.
_FURNITURE = re.compile(
    r"^\s*(?:Нашли ошибку в\s+тексте\??|Выделите ошибку\b.*|новости по теме|Читаемое|Новости RT|Новости Китая"
    r"|Ваше мнение|Если Вы располагаете информацией\b.*|Комментарии|Поделиться|Читайте также.*"
    r"|Подписывайтесь\b.*)\s*$",
    re.I,
)
_TERMINAL_PUNCTUATION = ".!?…;:,"
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 16


@dataclass
class _Unit:
    """A line or a run of wrapped lines: the raw material the parser classifies."""

    text: str
    start: int
    end: int
    standalone: bool = False


@dataclass
class _Draft:
    """A section being assembled while the parser walks the units."""

    title: str
    headed: bool
    paragraphs: list[_Unit] = field(default_factory=list)


def parse_document(text: str, doc_id: str = "doc", path: str | None = None) -> Document:
    """Parse a whole text into a Document; page furniture and metadata lines are never content."""
    text = clean_text(text)
    units = _units(text)
    counts = _line_counts(units)
    meta: dict[str, str] = {}
    lines: dict[str, tuple[int, int]] = {}
    drafts: list[_Draft] = []
    current: _Draft | None = None
    title: str | None = None

    def note(key: str, value: str, unit: _Unit) -> None:
        if key not in meta:
            meta[key] = value.strip()
            lines[key] = (unit.start, unit.end)

    for position, unit in enumerate(units):
        line = unit.text
        if _FURNITURE.match(line):
            break
        if disclaimer := _DISCLAIMER.search(line):
            note("agency", disclaimer.group("agency"), unit)
            break
        if position == 0 and (date := _DATE_LINE.match(line)):
            for key, value in date.groupdict().items():
                if value:
                    note(key, value, unit)
            # the date's line is quoted as the date and time, without the page's number after them
            lines["date"] = (unit.start + date.start("date"), unit.start + date.end("time" if date["time"] else "date"))
            continue
        if title is None:
            title = _heading_text(line)
            lines["title"] = (unit.start, unit.end)
            continue
        if _heading_text(line) == title and unit.standalone:
            continue
        if photo := _PHOTO_CREDIT.match(line):
            note("photo_credit", photo.group("credit"), unit)
            continue
        if author := _AUTHOR_LINE.match(line):
            note("author", author.group("author"), unit)
            continue
        if _is_heading_like(unit) and counts.get(line.strip(), 0) > 1:
            note("author", line, unit)
            continue
        if _is_heading_like(unit) and _followed_by_prose(units, position):
            current = _Draft(title=_heading_text(line), headed=True)
            drafts.append(current)
            continue
        if current is None:
            current = _Draft(title="", headed=False)
            drafts.append(current)
        current.paragraphs.append(unit)

    title = title or doc_id
    drafts = _split_closing(drafts, has_signature="author" in meta)
    metadata = Metadata(title=title, lines=lines, **meta)
    return _assemble(doc_id, text, metadata, drafts, path)



def load_document(path: str | Path) -> Document:
    """Read and parse one UTF-8 text file; its file name (without suffix) becomes the document id."""
    path = Path(path)
    return parse_document(path.read_text(encoding="utf-8"), doc_id=path.stem, path=str(path))


def text_files(folder: str | Path) -> list[Path]:
    """The texts of a folder the bot reads: every `*.txt` and `*.md` file, in file-name order."""
    folder = Path(folder)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in {".txt", ".md"})


@dataclass(frozen=True)
class SourceText:
    """One text file of a folder as read: where it is and what it says."""

    path: Path
    text: str


def read_texts(folder: str | Path) -> list[SourceText]:
    """Every text of a folder (see `text_files`), read as UTF-8."""
    return [SourceText(path, path.read_text(encoding="utf-8")) for path in text_files(folder)]


def load_documents(folder: str | Path) -> list[Document]:
    """Parse every `*.txt` and `*.md` file of a folder, in file-name order."""
    return [load_document(p) for p in text_files(folder)]


def _units(text: str) -> list[_Unit]:
    """Split the text into units: standalone short lines, and paragraphs of wrapped prose lines."""
    units: list[_Unit] = []
    block: list[_Unit] = []
    offset = 0
    for raw in text.split("\n"):
        line = _Unit(raw.strip(), offset + len(raw) - len(raw.lstrip()), offset + len(raw.rstrip()))
        offset += len(raw) + 1
        if not raw.strip() or not raw.strip(" \t\u00a0\u200b"):
            units.extend(_merge_block(text, block))
            block = []
        else:
            block.append(line)
    units.extend(_merge_block(text, block))
    return units


def _merge_block(text: str, lines: list[_Unit]) -> list[_Unit]:
    """Within one blank-line block, keep heading-like lines apart and join wrapped prose lines."""
    merged: list[_Unit] = []
    for position, line in enumerate(lines):
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        continues = following[:1].islower()
        line.standalone = _looks_standalone(line.text) and not continues
        previous = merged[-1] if merged else None
        if previous and not previous.standalone and not line.standalone and _is_wrapped(previous.text):
            joined = text[previous.start : line.end].replace("\n", " ")
            merged[-1] = _Unit(joined, previous.start, line.end)
        else:
            merged.append(line)
    if len(merged) == 1:
        merged[0].standalone = True
    return merged


def _looks_standalone(line: str) -> bool:
    """A line that stands on its own: a heading, a date line, a credit."""
    return bool(
        _MARKDOWN_HEADING.match(line)
        or _DATE_LINE.match(line)
        or _PHOTO_CREDIT.match(line)
        or _AUTHOR_LINE.match(line)
        or _short_unpunctuated(line)
    )


def _is_wrapped(line: str) -> bool:
    """True when a prose line was cut mid-sentence (hard-wrapped text)."""
    return not line.rstrip().endswith(tuple(".!?…»\"")) or len(line) > 60


def _short_unpunctuated(line: str) -> bool:
    """Short line with no final punctuation and a capital or digit first: looks like a heading."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS or len(stripped.split()) > _MAX_HEADING_WORDS:
        return False
    if stripped[-1] in _TERMINAL_PUNCTUATION:
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "«\"#"


def _is_heading_like(unit: _Unit) -> bool:
    """A unit that could head a section."""
    return unit.standalone and bool(_MARKDOWN_HEADING.match(unit.text) or _short_unpunctuated(unit.text))


def _heading_text(line: str) -> str:
    """The title inside a heading line, without Markdown marks."""
    heading = _MARKDOWN_HEADING.match(line)
    return (heading.group("title") if heading else line).strip()


def _followed_by_prose(units: list[_Unit], position: int) -> bool:
    """True when the next unit is prose (so this short line heads something)."""
    following = units[position + 1 : position + 2]
    return bool(following) and not _is_heading_like(following[0]) and not _FURNITURE.match(following[0].text)


def _line_counts(units: list[_Unit]) -> dict[str, int]:
    """How often each standalone line occurs: a byline repeated as a signature occurs twice."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.standalone:
            counts[unit.text.strip()] = counts.get(unit.text.strip(), 0) + 1
    return counts


def _split_closing(drafts: list[_Draft], has_signature: bool) -> list[_Draft]:
    """A signed column ends with a closing paragraph after its last headed section: give it its own section."""
    if not has_signature or not drafts or not drafts[-1].headed or len(drafts[-1].paragraphs) < 2:
        return drafts
    last = drafts[-1]
    closing = _Draft(title=CLOSING_TITLE, headed=False, paragraphs=[last.paragraphs[-1]])
    last.paragraphs = last.paragraphs[:-1]
    return [*drafts, closing]


def _assemble(doc_id: str, text: str, metadata: Metadata, drafts: list[_Draft], path: str | None) -> Document:
    """Number sections, paragraphs and sentences and freeze them into a Document."""
    has_headings = any(d.headed for d in drafts)
    sentences: list[Sentence] = []
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    number = 0 if has_headings else 1
    for draft in drafts:
        if not draft.paragraphs:
            continue
        title = draft.title or (LEAD_TITLE if has_headings else metadata.title)
        section_sentence_ids: list[int] = []
        section_paragraph_ids: list[int] = []
        for unit in draft.paragraphs:
            ids = []
            for piece in sentenize(unit.text):
                sentence = _sentence_from_piece(
                    unit, piece, len(sentences), number, title, len(paragraphs), len(section_sentence_ids) + 1, doc_id
                )
                sentences.append(sentence)
                ids.append(sentence.id)
                section_sentence_ids.append(sentence.id)
            if ids:
                paragraphs.append(Paragraph(len(paragraphs), number, unit.start, unit.end, tuple(ids)))
                section_paragraph_ids.append(paragraphs[-1].index)
        sections.append(
            Section(number, title, tuple(section_sentence_ids), tuple(section_paragraph_ids), headed=draft.headed)
        )
        number += 1
    return Document(doc_id, text, metadata, tuple(sections), tuple(paragraphs), tuple(sentences), path)


def _sentence_from_piece(
    unit: _Unit, piece, sentence_id: int, section: int, title: str, paragraph: int, number: int, doc_id: str
) -> Sentence:
    """A razdel piece of a unit, mapped back to offsets in the original text."""
    start = _original_offset(unit, piece.start)
    end = _original_offset(unit, piece.stop)
    return Sentence(sentence_id, piece.text, start, end, section, title, paragraph, number, doc_id)


def _original_offset(unit: _Unit, offset: int) -> int:
    """A unit's text is its source slice (newlines turned to spaces), so offsets only shift by its start."""
    return unit.start + offset

