"""An answer's subject as a short key: what a follow-up replying to it is read with.

Nothing may be kept in memory (the bot answers replies after a restart, Telegram does not nest the question an
answer replied to). So an answer carries its subject itself, as a short key (`Subject.key`, a few bytes of a
button's callback data): where its first quote stands (global sentence ids, or a metadata line of a document) and
which of that quote's words the question matched (the highlighted ones). From the key alone the words come back,
verbatim from the text: «премию», «фильм».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qa.answer import METADATA_SECTION, Answer
from bot.qa.library import Library
from bot.text.analysis import tokenize

MAX_KEY_BYTES = 48
_METADATA_LETTERS = {"author": "a", "date": "d", "agency": "g", "title": "t", "photo_credit": "p"}
_KEY = re.compile(r"^(?:(?P<sid>[0-9]{1,9})(?:\+(?P<more>[0-9]))?|m(?P<doc>[0-9]{1,6})(?P<field>[adgtp]))(?:~(?P<words>[0-9.]{1,48}))?$")

@dataclass(frozen=True)
class Subject:
    """What an answer was about: its first quote (sentence ids, or a document's metadata line) and the matched words."""

    sentence_ids: tuple[int, ...] = ()
    metadata: tuple[int, str] | None = None
    words: tuple[int, ...] = ()

    def key(self) -> str:
        """The subject as a short key (at most `MAX_KEY_BYTES`): «25~3.5.9», «7+1~2», «m0a»."""
        if self.metadata is not None:
            anchor = f"m{self.metadata[0]}{_METADATA_LETTERS[self.metadata[1]]}"
        else:
            extra = len(self.sentence_ids) - 1
            anchor = f"{self.sentence_ids[0]}" + (f"+{extra}" if extra else "")
        words = [str(w) for w in self.words]
        while words and len(f"{anchor}~{'.'.join(words)}") > MAX_KEY_BYTES:
            words.pop()
        return f"{anchor}~{'.'.join(words)}" if words else anchor


def parse_key(key: str, library: Library) -> Subject | None:
    """The subject a key describes; None for a key this library cannot have made."""
    match = _KEY.match(key or "")
    if match is None:
        return None
    words = tuple(int(w) for w in (match.group("words") or "").split(".") if w)
    if match.group("field"):
        index, field = int(match.group("doc")), next(k for k, v in _METADATA_LETTERS.items() if v == match.group("field"))
        if index >= len(library.refs) or field not in library.refs[index].document.metadata.lines:
            return None
        return Subject(metadata=(index, field), words=words)
    first = int(match.group("sid"))
    ids = tuple(range(first, first + 1 + int(match.group("more") or 0)))
    if ids[-1] >= len(library.sentences) or library.ref_of(first) is not library.ref_of(ids[-1]):
        return None
    return Subject(sentence_ids=ids, words=words)


def subject_of(answer: Answer, library: Library) -> Subject | None:
    """The subject of a found answer: its first quote and the words of it that matched; None when it has none."""
    if not answer.found or not answer.passages:
        return None
    top = answer.passages[0]
    starts = {start for start, _ in top.highlights}
    words = tuple(i for i, token in enumerate(tokenize(top.text)) if token.start in starts)
    if top.sentence_id is not None:
        return Subject(tuple(range(top.sentence_id, top.sentence_id + top.sentence_count)), words=words)
    if top.section == METADATA_SECTION:
        for index, ref in enumerate(library.refs):
            if ref.document.doc_id != top.doc_id:
                continue
            for field in _METADATA_LETTERS:
                if ref.document.metadata.line(ref.document.text, field) == top.text:
                    return Subject(metadata=(index, field), words=words)
    return None


def subject_key_of(answer: Answer, library: Library) -> str | None:
    """The key a message following this answer up is read with: a follow-up's own subject, else the answer's."""
    if answer.intent == "followup":
        return answer.subject or None
    subject = subject_of(answer, library)
    return subject.key() if subject else None
