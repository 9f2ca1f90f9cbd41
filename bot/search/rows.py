"""Documents as JSON rows for the saved index: their structure, not their text (read from the file again)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from bot.text.document import Document, Metadata, Paragraph, Section, Sentence, clean_text
from bot.text.parsing import SourceText

_SENTENCE_TEXT, _SENTENCE_START, _SENTENCE_END = (
    [f.name for f in fields(Sentence)].index(name) for name in ("text", "start", "end")
)
_SENTENCE_SHARED = tuple(  # the string fields every sentence of a section or document repeats
    i for i, f in enumerate(fields(Sentence)) if f.type in ("str", str) and f.name != "text"
)


def document_row(document: Document) -> dict:
    """A document's structure as JSON-ready data; its text is not stored (it is read from the file)."""
    return {
        "file": Path(document.path or document.doc_id).name,
        "doc_id": document.doc_id,
        "metadata": {f.name: getattr(document.metadata, f.name) for f in fields(Metadata)},
        "sections": [_row(s) for s in document.sections],
        "paragraphs": [_row(p) for p in document.paragraphs],
        "sentences": [_sentence_row(s, document.text) for s in document.sentences],
    }


def document_from_row(row: dict, source: SourceText) -> Document:
    """A document rebuilt from its `document_row` row and the text it was parsed from."""
    metadata = dict(row["metadata"])
    metadata["lines"] = {k: tuple(v) for k, v in metadata["lines"].items()}
    text = clean_text(source.text)
    shared: dict[str, str] = {}
    return Document(
        doc_id=row["doc_id"],
        text=text,
        metadata=Metadata(**metadata),
        sections=tuple(_from_row(Section, r) for r in row["sections"]),
        paragraphs=tuple(_from_row(Paragraph, r) for r in row["paragraphs"]),
        sentences=tuple(_sentence_from_row(r, text, shared) for r in row["sentences"]),
        path=str(source.path),
    )


def _sentence_row(sentence: Sentence, text: str) -> list:
    """A sentence as `_row` makes it, its text left out (None) when it is the slice of the document it spans."""
    row = _row(sentence)
    if text[sentence.start : sentence.end] == sentence.text:
        row[_SENTENCE_TEXT] = None
    return row


def _sentence_from_row(row: list, text: str, shared: dict[str, str]) -> Sentence:
    """A sentence from `_sentence_row` output; repeated strings (section titles, document id) shared, not copied."""
    values = list(row)
    for i in _SENTENCE_SHARED:
        values[i] = shared.setdefault(values[i], values[i])
    if values[_SENTENCE_TEXT] is None:
        values[_SENTENCE_TEXT] = text[values[_SENTENCE_START] : values[_SENTENCE_END]]
    return Sentence(*values)


def _row(item) -> list:
    """A flat dataclass as a list of its field values, in field order."""
    return [getattr(item, f.name) for f in fields(item)]


def _from_row(cls, row: list):
    """A flat dataclass from `_row` output (JSON lists back to tuples)."""
    return cls(*[tuple(v) if isinstance(v, list) else v for v in row])

