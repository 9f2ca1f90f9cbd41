"""What the engine answers: passages quoted verbatim with their place in the text, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

METADATA_SECTION = -1  # the section number of a quote from the publication's metadata lines
WITHOUT_KIND = "without_kind"  # a found answer's reason: the quote states the event asked about, not its date or number


@dataclass(frozen=True)
class Passage:
    """One quoted passage: the sentence verbatim, where it stands, what matched and how well."""

    text: str
    doc_id: str
    doc_title: str
    section: int
    section_title: str
    sentence: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # words matching a question word exactly (or by first letters)
    matched_terms: tuple[str, ...] = ()
    sentence_id: int | None = None
    kind: str = "sentence"
    sentence_count: int = 1
    meaning_highlights: tuple[tuple[int, int], ...] = ()  # words related by meaning to a question word

    def marks(self) -> list[tuple[int, int, str]]:
        """Every highlighted span with its kind ("exact" or "meaning"), in text order, never overlapping."""
        exact = set(self.highlights)
        spans = [(s, e, "exact") for s, e in self.highlights]
        spans += [(s, e, "meaning") for s, e in self.meaning_highlights if (s, e) not in exact]
        return sorted(spans)


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question: `found` with passages best first, or a `reason` for declining.

    `intent` says what the message was (`bot.qa.conversation`): a question, small talk (`topic` its
    kind), a request for what the text is about, a question about a name (`topic` the name) or a
    follow-up (`subject` the key of the earlier answer it was read with). `absent`: the question's content
    words, as typed, that no text holds (`bot.qa.query.Query.absent`), said with a found answer.
    """

    question: str
    found: bool
    passages: tuple[Passage, ...] = ()
    confidence: float = 0.0
    reason: str = "ok"  # found: "ok", "metadata" or `WITHOUT_KIND`; declined: why
    query_terms: tuple[str, ...] = field(default=(), compare=False)
    corrections: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    intent: str = "question"
    topic: str = ""
    subject: str = ""
    absent: tuple[str, ...] = ()
