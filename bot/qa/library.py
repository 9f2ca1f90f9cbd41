"""The loaded documents and one global numbering of their sentences.

The index and the ranker number the sentences of every document in one sequence; the library
knows which document a sentence belongs to and which range of ids one document covers, and finds
a document by id or by its number in `/docs`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.text.document import Document, Sentence

MAX_DOCUMENT_DIGITS = 6


@dataclass(frozen=True)
class DocumentRef:
    """A loaded document and where its sentences start in the global numbering."""

    document: Document
    offset: int

    @property
    def window(self) -> tuple[int, int]:
        """The range of global sentence ids of this document."""
        return self.offset, self.offset + len(self.document.sentences)


class Library:
    """Documents in load order, their sentences numbered globally."""

    def __init__(self, documents: Sequence[Document]) -> None:
        """Number the sentences of every document in turn."""
        self.refs: list[DocumentRef] = []
        self.sentences: list[Sentence] = []
        for document in documents:
            self.refs.append(DocumentRef(document, len(self.sentences)))
            self.sentences.extend(document.sentences)
        self.doc_of = np.concatenate(
            [np.full(len(r.document.sentences), i, dtype=np.int64) for i, r in enumerate(self.refs)]
            or [np.zeros(0, dtype=np.int64)]
        )

    @property
    def documents(self) -> list[Document]:
        """The loaded documents, in load order."""
        return [ref.document for ref in self.refs]

    def same_paragraph_as_previous(self) -> np.ndarray:
        """Per sentence: True when it is in the same paragraph (of the same document) as the one before."""
        paragraph = np.fromiter((s.paragraph for s in self.sentences), dtype=np.int64, count=len(self.sentences))
        same = np.zeros(len(self.sentences), dtype=bool)
        same[1:] = (self.doc_of[1:] == self.doc_of[:-1]) & (paragraph[1:] == paragraph[:-1])
        return same

    def ref_of(self, sentence_id: int) -> DocumentRef:
        """The document a global sentence id belongs to."""
        return self.refs[int(self.doc_of[sentence_id])]

    def ref(self, doc_id: str | None) -> DocumentRef:
        """A document by id (the first one when None); KeyError for an unknown id."""
        if doc_id is None:
            return self.refs[0]
        for ref in self.refs:
            if ref.document.doc_id == doc_id:
                return ref
        raise KeyError(doc_id)

    def document(self, doc_id: str | None = None) -> Document:
        """A document by id; the first one when no id is given."""
        return self.ref(doc_id).document

    def find_document(self, key: str) -> Document | None:
        """A document by id, or by its 1-based number in load order (as `/docs` lists them); None if neither.

        A number is written in ASCII digits ("²" or "٣" is no number, whatever `str.isdigit` says).
        """
        key = key.strip()
        for ref in self.refs:
            if ref.document.doc_id == key:
                return ref.document
        if re.fullmatch(rf"[0-9]{{1,{MAX_DOCUMENT_DIGITS}}}", key) and 1 <= int(key) <= len(self.refs):
            return self.refs[int(key) - 1].document
        return None

    def window(self, doc_id: str | None) -> tuple[int, int]:
        """The range of sentence ids a question may be answered from: all, or one document's."""
        if doc_id is None or len(self.refs) == 1:
            return 0, len(self.sentences)
        return self.ref(doc_id).window
