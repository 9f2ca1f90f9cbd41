"""The document model: a parsed text as metadata, sections, paragraphs and sentences.

Everything the bot quotes comes from here, so every sentence keeps its character offsets into the
original text and its place in the article (section number and title, paragraph, sentence number
within the section). `bot.text.parsing` builds these objects from a text file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEAD_TITLE = "Вступление"
CLOSING_TITLE = "Заключение"

@dataclass(frozen=True)
class Metadata:
    """What the page says about the article, as opposed to the article itself."""

    title: str
    date: str | None = None
    time: str | None = None
    number: str | None = None
    author: str | None = None
    photo_credit: str | None = None
    agency: str | None = None
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)

    def line(self, text: str, key: str) -> str | None:
        """The source line a metadata field was read from, verbatim (None when absent)."""
        span = self.lines.get(key)
        return text[span[0] : span[1]] if span else None


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, verbatim, with its place in the document."""

    id: int
    text: str
    start: int
    end: int
    section: int
    section_title: str
    paragraph: int
    number: int
    doc_id: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: consecutive sentences of one section."""

    index: int
    section: int
    start: int
    end: int
    sentence_ids: tuple[int, ...]


@dataclass(frozen=True)
class Section:
    """A section of the article: the lead, a headed section or the closing paragraph."""

    number: int
    title: str
    sentence_ids: tuple[int, ...]
    paragraph_ids: tuple[int, ...]
    headed: bool = True


@dataclass(frozen=True)
class Document:
    """A parsed text: metadata plus sections, paragraphs and sentences."""

    doc_id: str
    text: str
    metadata: Metadata
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    path: str | None = None

    @property
    def title(self) -> str:
        """The article's title."""
        return self.metadata.title

    def section(self, number: int) -> Section | None:
        """The section with this number, or None."""
        return next((s for s in self.sections if s.number == number), None)

    def section_sentences(self, number: int) -> list[Sentence]:
        """The sentences of a section, in order; empty for an unknown section."""
        section = self.section(number)
        return [self.sentences[i] for i in section.sentence_ids] if section else []



def clean_text(text: str) -> str:
    """The text as a Document keeps it: byte-order mark dropped, line ends unified to \\n."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
