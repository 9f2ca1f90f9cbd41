"""«Подробнее» and «А что ещё?» after an answer: its quote with the sentences around it, or the quotes after it.

Typed, they do what the «Контекст» and «Ещё результаты» buttons do, so the console and a reply in a
group work like the buttons: only the subject key of the earlier answer is needed (`bot.qa.followup`).
A message is such a request only when all its words are the request's and filler («а можно
поподробнее?», «что ещё?»); «а ещё что-нибудь о визите?» names a topic and is a follow-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.qa.answer import Answer
from bot.qa.subject import Subject
from bot.text.analysis import tokenize

if TYPE_CHECKING:
    from bot.qa.engine import Engine
    from bot.text.document import Document

DETAIL, MORE, SECTION = "detail", "more", "section"
_DETAIL_WORDS = frozenset(
    "подробнее подробней поподробнее поподробней подробно детальнее детальней детали деталей подробности больше "
    "контекст информации".split()
)
_MORE_WORDS = frozenset(
    "еще дальше другое другие другую иное цитаты цитату цитата цитат следующий следующая следующую следующее "
    "продолжай продолжайте продолжи продолжите продолжение результаты варианты".split()
)
_SECTION_NOUNS = frozenset("раздел раздела разделе разделу разделом глава главе главу главы часть части".split())
_SECTION_WORDS = frozenset("раздел раздела главу глава весь целиком целый полностью".split())
_FILLER = frozenset(
    "а и ну да нет можно можешь можете расскажи расскажите скажи скажите напиши напишите покажи покажите пожалуйста "
    "мне чуть немного немножко что что-нибудь что-то есть там об этом про это давай давайте ли бы по тексту "
    "тексте текст статье раз".split()
)
CONTEXT_RADIUS = 2  # sentences on each side of the quote that «подробнее» adds, within its section


def more_request(message: str) -> str | None:
    """`DETAIL` for «подробнее», `MORE` for «а что ещё?», `SECTION` for «весь раздел», None for any other message."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    rest = [w for w in words if w not in _FILLER]
    if not rest:
        return None
    if all(w in _DETAIL_WORDS for w in rest):
        return DETAIL
    if all(w in _MORE_WORDS for w in rest):
        return MORE
    if all(w in _SECTION_WORDS for w in rest) and _SECTION_NOUNS & set(rest):
        return SECTION
    return None


_ORDINALS = (("перв", 1), ("втор", 2), ("трет", 3), ("четв", 4), ("пят", 5), ("шест", 6), ("седьм", 7))
_LEAD_WORDS = frozenset("вступление вступлении вступления введение введении начало начале".split())
_CLOSING_WORDS = frozenset("заключение заключении заключения концовка концовке конец конце".split())
_SECTION_FILLER = _FILLER | frozenset(
    "о чем что в во говорится написано сказано весь целиком про какой какие каком статьи статье".split()
)


_SECTION_MESSAGE = _SECTION_FILLER | _SECTION_NOUNS | _LEAD_WORDS | _CLOSING_WORDS
_QUESTION_WORDS = frozenset("какой какие каком какая какую где когда почему зачем сколько кто".split())


def nothing_more(message: str, subject: Subject) -> Answer:
    """The follow-up answer saying the text has nothing more to show of the subject (`no_more`)."""
    return Answer(message, False, reason="no_more", intent="followup", subject=subject.key())


def section_asked(message: str, document: Document) -> int | None:
    """The number of the section a message asks to see by its place («О чём третий раздел?», «Что в заключении?»,
    «покажи вступление»), or None: every other word must be filler, so «В каком разделе говорится о визах?» and
    «Какое заключение сделал автор?» are questions."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    if not words or any(w not in _SECTION_MESSAGE and not _ordinal(w) for w in words):
        return None
    given = set(words)
    headed = [s.number for s in document.sections if s.headed]
    if _LEAD_WORDS & given and document.sections and not document.sections[0].headed:
        return document.sections[0].number
    if _CLOSING_WORDS & given and document.sections and not document.sections[-1].headed:
        return document.sections[-1].number
    if not _SECTION_NOUNS & given:
        return None
    for word in words:
        place = _ordinal(word)
        if place == -1 and headed:
            return headed[-1]
        if place and document.section(place) is not None and place in headed:
            return place
    return None


_ABOUT = frozenset({"про", "о", "об", "обо"})


def section_about(message: str, document: Document, terms: Callable[[str], list[str]]) -> int | None:
    """The headed section whose title names what a message asks a section about («раздел про дружбу»: «…песня о
    дружбе»), or None: the message has a section noun, «про / о» and no question word, and one title shares the
    most of its other words (`terms`: the analyzer's, compared whole or by their first five letters)."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    if not _SECTION_NOUNS & set(words) or not _ABOUT & set(words) or _QUESTION_WORDS & set(words):
        return None
    topic = {t[:5] for w in words if w not in _SECTION_MESSAGE | _ABOUT for t in terms(w) if t[:1] != "~"}
    scores = {s.number: len(topic & {t[:5] for t in terms(s.title)}) for s in document.sections if s.headed}
    best = max(scores.values(), default=0)
    chosen = [number for number, score in scores.items() if score == best]
    return chosen[0] if best > 0 and len(chosen) == 1 else None


def _ordinal(word: str) -> int | None:
    """1 for «первый», «первом»…, −1 for «последний», None for any other word."""
    if word.startswith("последн"):
        return -1
    return next((n for stem, n in _ORDINALS if word.startswith(stem) and len(word) <= len(stem) + 4), None)


def section_answer(engine: Engine, message: str, subject: Subject) -> Answer:
    """The whole section of the earlier quote, sentence by sentence (the «Весь раздел» button); for a metadata
    line, `no_more`."""
    if not subject.sentence_ids:
        return nothing_more(message, subject)
    ref = engine.library.ref_of(subject.sentence_ids[0])
    section = engine.sentences[subject.sentence_ids[0]].section
    passages = tuple(engine.section_passages(section, ref.document.doc_id))
    return Answer(message, True, passages, 1.0, "ok", intent="followup", subject=subject.key())


def detail_answer(engine: Engine, message: str, subject: Subject) -> Answer:
    """The earlier quote with up to `CONTEXT_RADIUS` sentences on each side, as one quote; for a metadata line,
    `no_more` (the line is all the text says of it)."""
    if not subject.sentence_ids:
        return nothing_more(message, subject)
    first, last = subject.sentence_ids[0], subject.sentence_ids[-1]
    before = engine.context(first, CONTEXT_RADIUS)
    after = engine.context(last, CONTEXT_RADIUS)
    ids = sorted({p.sentence_id for p in before + after if p.sentence_id is not None} | set(subject.sentence_ids))
    passage = engine.passages.quote(tuple(range(ids[0], ids[-1] + 1)), 1.0, set())
    return Answer(message, True, (passage,), 1.0, "ok", intent="followup", subject=subject.key())


def more_answer(earlier: Answer, message: str, subject: Subject, top_k: int) -> Answer:
    """The earlier answer's search (`earlier`, read with the subject's words and more quotes asked for) without
    the quote the subject stands for: the next `top_k` quotes, or `no_more` when there are none."""
    shown = set(subject.sentence_ids)
    passages = tuple(
        p for p in earlier.passages
        if p.sentence_id is None or not shown.intersection(range(p.sentence_id, p.sentence_id + p.sentence_count))
    )[:top_k]
    if not earlier.found or not passages:
        return nothing_more(message, subject)
    return Answer(
        message, True, passages, earlier.confidence, earlier.reason, earlier.query_terms, intent="followup",
        subject=subject.key(),
    )
