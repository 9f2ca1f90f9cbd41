"""«Подробнее» and «А что ещё?» after an answer: its quote with the sentences around it, or the quotes after it.

Typed, they do what the «Контекст» and «Ещё результаты» buttons do, so the console and a reply in a
group work like the buttons: only the subject key of the earlier answer is needed (`bot.qa.followup`).
A message is such a request only when all its words are the request's and filler («а можно
поподробнее?», «что ещё?»); «а ещё что-нибудь о визите?» names a topic and is a follow-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.qa.answer import Answer
from bot.qa.followup import Subject
from bot.text.analysis import tokenize

if TYPE_CHECKING:
    from bot.qa.engine import Engine

DETAIL, MORE = "detail", "more"
_DETAIL_WORDS = frozenset(
    "подробнее подробней поподробнее поподробней подробно детальнее детальней детали подробности больше".split()
)
_MORE_WORDS = frozenset("еще дальше другое другие иное".split())
_FILLER = frozenset(
    "а и ну можно можешь можете расскажи расскажите скажи скажите напиши напишите покажи покажите пожалуйста мне "
    "чуть немного немножко что что-нибудь что-то есть там об этом про это давай давайте a ли бы".split()
)
CONTEXT_RADIUS = 2  # sentences on each side of the quote that «подробнее» adds, within its section


def more_request(message: str) -> str | None:
    """`DETAIL` for «подробнее», `MORE` for «а что ещё?», None for any other message."""
    words = [t.norm for t in tokenize(message) if t.kind == "word"]
    rest = [w for w in words if w not in _FILLER]
    if not rest:
        return None
    if all(w in _DETAIL_WORDS for w in rest):
        return DETAIL
    if all(w in _MORE_WORDS for w in rest):
        return MORE
    return None


def detail_answer(engine: Engine, message: str, subject: Subject) -> Answer | None:
    """The earlier quote with up to `CONTEXT_RADIUS` sentences on each side, as one quote; None for a metadata line."""
    if not subject.sentence_ids:
        return None
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
        return Answer(message, False, reason="no_more", intent="followup", subject=subject.key())
    return Answer(
        message, True, passages, earlier.confidence, earlier.reason, earlier.query_terms, intent="followup",
        subject=subject.key(),
    )
