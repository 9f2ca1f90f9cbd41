"""People, places and organisations a text names: where it mentions them, in any inflection.

A name asked about («Токаеву», «Лу Бань», «Северо-Западном политехническом университете») is
found in the document's lines (its sentences and its metadata lines: title, byline, agency) by
comparing words through `bot.text.names.word_keys`. Every *name word* of the asked name must be
there, within a few words of each other and in any order; its other words («театр», «компании»)
count where they are found. A found mention is widened to the whole name it is part of
(«Токаева» → «Касым-Жомарта Токаева»).

The line that *says who or what it is* comes first: the byline for the author, else the first
mention with a title just before it (an apposition: «Президента Касым-Жомарта Токаева»,
«Председатель Си Цзиньпин»), else the first mention; the other mentions follow in text order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.qa.answer import Passage
from bot.qa.library import Library
from bot.qa.metadata import metadata_passage
from bot.qa.passages import Passages
from bot.text.analysis import Analyzer, Token, tokenize
from bot.text.pinyin import palladius
from bot.text.names import NameSpan, is_title, name_spans, name_word, same_name_keys, spelling_key, word_keys

METADATA_LINES = ("title", "author", "agency", "photo_credit")
WINDOW_SLACK = 2  # a name's words may stand this many words further apart than their number
MIN_SPELT_NAME = 4  # shorter names are matched by their keys only (another transliteration needs more letters)


@dataclass(frozen=True)
class Line:
    """A line a name can be mentioned in: a sentence (global id) or a metadata line (its key)."""

    text: str
    position: int
    document: int
    sentence_id: int | None = None
    metadata: str | None = None


@dataclass(frozen=True)
class Mention:
    """A name mentioned in a line: the spans to highlight, whether a title stands before it and
    whether every asked word is there (`complete`), not only its name words."""

    line: Line
    spans: tuple[tuple[int, int], ...]
    titled: bool
    complete: bool = True


def is_abbreviation(word: str) -> bool:
    """Two to five capital Cyrillic letters: «РК», «ЕАЭС» (read as the initials of the words they stand for)."""
    return 2 <= len(word) <= 5 and word.isupper() and word.isalpha() and all("А" <= c <= "Я" or c == "Ё" for c in word)


class DocumentNames:
    """One document's lines, their word tokens and the keys of those words (built on first use)."""

    def __init__(self, lines: list[Line], analyzer: Analyzer) -> None:
        """Tokenise every line and index its words by their keys."""
        self.lines = lines
        self.analyzer = analyzer
        self.tokens = [[t for t in tokenize(line.text) if t.kind != "percent"] for line in lines]
        self.where: dict[str, list[tuple[int, int]]] = {}
        self.spelt: dict[str, list[tuple[int, int]]] = {}  # capitalised words by their spelling key
        for number, tokens in enumerate(self.tokens):
            for position, token in enumerate(tokens):
                parts = token.norm.split("-") if token.kind == "word" and "-" in token.norm else []
                keys = self._keys(token).union(*(word_keys(analyzer, part) for part in parts if part))
                for key in keys:  # «Касым-Жомарт» is found by «Касым Жомарт» too
                    self.where.setdefault(key, []).append((number, position))
                if token.kind == "word" and token.text[:1].isupper() and len(token.norm) >= MIN_SPELT_NAME:
                    self.spelt.setdefault(spelling_key(token.norm), []).append((number, position))
        self._names: dict[int, list[NameSpan]] = {}

    def _keys(self, token: Token) -> frozenset[str]:
        """The keys of one token: a number is its own key."""
        return frozenset({token.norm}) if token.kind == "number" else word_keys(self.analyzer, token.norm)

    def names(self, number: int) -> list[NameSpan]:
        """The name spans of line `number` (cached)."""
        if number not in self._names:
            self._names[number] = name_spans(self.lines[number].text, self.analyzer)
        return self._names[number]

    def mentions(self, asked: list[Token], required: list[bool]) -> list[Mention]:
        """Where the asked words are mentioned: every required word within a window, in text order."""
        hits = [self._positions(token) for token in asked]
        if not any(hits):
            return []
        lines = set.intersection(*({n for n, _ in h} for h, r in zip(hits, required) if r)) if any(required) else set()
        found = []
        width = len(asked) + WINDOW_SLACK
        for number in sorted(lines, key=lambda n: self.lines[n].position):
            mention = self._mention(number, hits, required, width)
            if mention is not None:
                found.append(mention)
        return found

    def _positions(self, token: Token) -> set[tuple[int, int]]:
        """Every (line, word) whose keys meet the token's; for an abbreviation the text never writes, the words
        of each run of capitalised words it abbreviates («РК»: «Республики Казахстан»). A Chinese name in pinyin
        is compared in its Russian spelling («Xi Jinping»: «Си Цзиньпин», `bot.text.pinyin`)."""
        reading = palladius(token.norm) if token.kind == "word" and token.norm.isascii() else None
        token = replace(token, norm=reading) if reading else token
        found = {place for key in self._keys(token) for place in self.where.get(key, ())}
        if not found and token.kind == "word" and token.text[:1].isupper() and len(token.norm) >= MIN_SPELT_NAME:
            found = self._spelt_otherwise(spelling_key(token.norm))
        if found or not is_abbreviation(token.text):
            return found
        letters = token.text.lower()
        for number, tokens in enumerate(self.tokens):
            for start in range(len(tokens) - len(letters) + 1):
                run = tokens[start : start + len(letters)]
                if all(t.kind == "word" and t.text[:1].isupper() and t.norm[:1] == c for t, c in zip(run, letters)):
                    found.update((number, start + k) for k in range(len(run)))
        return found

    def _spelt_otherwise(self, key: str) -> set[tuple[int, int]]:
        """The capitalised words spelt as another transliteration of a name, in any case ending: their spelling keys
        the same but for a case ending (`same_name_keys`: «Синьжуй» and the text's «Синжуя»)."""
        found: set[tuple[int, int]] = set()
        for other, places in self.spelt.items():
            if same_name_keys(key, other):
                found.update(places)
        return found

    def _mention(self, number: int, hits: list[set[tuple[int, int]]], required: list[bool], width: int) -> Mention | None:
        """The first window of line `number` holding every asked word (else every required one), widened to its names."""
        positions = [sorted(p for n, p in h if n == number) for h in hits]
        partial = None
        for start in sorted({p for ps, r in zip(positions, required) if r for p in ps}):
            window = range(start - width + 1, start + width)
            chosen = [next((p for p in ps if p in window), None) for ps in positions]
            if all(c is not None for c in chosen):
                return self._widened(number, sorted(set(chosen)), True)
            if partial is None and all(c is not None for c, r in zip(chosen, required) if r):
                partial = sorted({c for c in chosen if c is not None})
        return self._widened(number, partial, False) if partial else None

    def _widened(self, number: int, positions: list[int], complete: bool) -> Mention:
        """The mention's words and the whole names they are part of, and whether a title precedes it."""
        tokens = self.tokens[number]
        first, last = tokens[positions[0]], tokens[positions[-1]]
        start, end = first.start, last.end
        for name in self.names(number):
            if name.start < end and start < name.end:
                start, end = min(start, name.start), max(end, name.end)
        spans = tuple((t.start, t.end) for t in tokens if start <= t.start and t.end <= end)
        before = [t for t in tokens if t.end <= start]
        titled = bool(before) and is_title(self.analyzer, before[-1].norm)
        return Mention(self.lines[number], spans, titled, complete)


class Entities:
    """Finds what a library's documents say about a name, and quotes it."""

    def __init__(self, library: Library, analyzer: Analyzer, passages: Passages) -> None:
        """Lines of a document are tokenised the first time a name is looked up in it."""
        self.library = library
        self.analyzer = analyzer
        self.passages = passages
        self._documents: dict[int, DocumentNames] = {}

    def document_names(self, index: int) -> DocumentNames:
        """The lines of document `index` (in load order), tokenised."""
        if index not in self._documents:
            ref = self.library.refs[index]
            document = ref.document
            lines = [
                Line(document.metadata.line(document.text, key), document.metadata.lines[key][0], index, metadata=key)
                for key in METADATA_LINES
                if key in document.metadata.lines
            ]
            lines += [Line(s.text, s.start, index, sentence_id=ref.offset + s.id) for s in document.sentences]
            self._documents[index] = DocumentNames(sorted(lines, key=lambda line: line.position), self.analyzer)
        return self._documents[index]

    def asked_words(self, name: str) -> tuple[list[Token], list[bool]]:
        """The words of an asked name and which must be found: its name words, or all when none is one."""
        words = [t for t in tokenize(name) if t.kind != "percent" and t.norm not in self.analyzer.function_forms]
        named = [t.kind == "word" and name_word(self.analyzer, t, initial=False) and t.text[:1].isupper() for t in words]
        return words, named if any(named) else [True] * len(words)

    def mentions(self, name: str, doc_id: str | None = None) -> list[Mention]:
        """Every mention of the name, the line saying who or what it is first, then in text order."""
        words, required = self.asked_words(name)
        if not words:
            return []
        found: list[Mention] = []
        for index, ref in enumerate(self.library.refs):
            if doc_id is None or ref.document.doc_id == doc_id:
                found.extend(self.document_names(index).mentions(words, required))
        return defining_first(found)

    def is_name(self, name: str, mentions: list[Mention]) -> bool:
        """Whether the asked words are a name: written as one in the text; if the text lacks them, as asked.

        «Что такое клады?» asks about a common noun: the text writes «клады» in lowercase.
        """
        if mentions:
            return any(self._named_in_text(m) for m in mentions)
        words, _ = self.asked_words(name)
        return any(t.kind == "word" and t.text[:1].isupper() or self._tagged(t) for t in words)

    def _tagged(self, token: Token) -> bool:
        """A lowercase word pymorphy3 knows only as a first name or surname (токаев), or a Latin word."""
        return token.kind == "word" and name_word(self.analyzer, replace(token, text=token.text.capitalize()), initial=True)

    def _named_in_text(self, mention: Mention) -> bool:
        """A mention written with a capital inside its line (or in capitals): a name there."""
        line = mention.line.text
        return any(line[s].isupper() and s > 0 for s, _ in mention.spans)

    def passage(self, mention: Mention) -> Passage:
        """A mention quoted: its sentence or metadata line, the name highlighted."""
        line = mention.line
        if line.sentence_id is not None:
            return replace(self.passages.sentence(line.sentence_id, 1.0), highlights=mention.spans, matched_terms=())
        return metadata_passage(self.library.refs[line.document].document, line.metadata, mention.spans)


def defining_first(mentions: list[Mention]) -> list[Mention]:
    """The mention that says who or what the name is first (the byline, else a titled one, else the first)."""
    if not mentions:
        return []
    best = next((m for m in mentions if m.line.metadata == "author"), None)
    best = best or next((m for m in mentions if m.titled), None) or mentions[0]
    return [best, *(m for m in mentions if m is not best)]
