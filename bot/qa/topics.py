"""Two or three topics typed as a list («фильм и театр», «банк, ТЭЦ»): a quote for each, not a refusal.

The engine declines a question whose two key words the text never puts in one quote (`not_together`:
«Кто президент США?» asks about a link the text does not make). A message that only lists topics, with
no question word, asks about each of them: it gets each topic's best quotes in turn, when every topic
alone is answered, with the reason `each_topic` and the lowest of their confidences.
"""

from __future__ import annotations

import re

from bot.qa.answer import Answer, Passage
from bot.qa.engine import Engine

MAX_TOPICS = 3
MAX_TOPIC_WORDS = 4
_JOINS = re.compile(r"\s*(?:,|\+|&|/|\bи\b|\bа также\b)\s*", re.IGNORECASE)
_QUESTION_WORDS = re.compile(
    r"\b(?:как\w*|что|чт[оа]|кто|кем|кого|кому|где|куда|откуда|почему|зачем|скольк\w*|чей|чь\w*|ч[её]м|когда|ли)\b"
    r"|\?",
    re.IGNORECASE,
)


def listed_topics(message: str) -> list[str]:
    """The topics of a message that only lists two or three («фильм и театр» → ["фильм", "театр"]), else []."""
    if _QUESTION_WORDS.search(message):
        return []
    topics = [t.strip(" .!;:") for t in _JOINS.split(message.strip())]
    if not 2 <= len(topics) <= MAX_TOPICS or any(not t or len(t.split()) > MAX_TOPIC_WORDS for t in topics):
        return []
    return topics


def each_topic_answer(engine: Engine, message: str, top_k: int, doc_id: str | None) -> Answer | None:
    """Each listed topic's quotes in turn (its best first, then the next ones, no sentence twice), or None when
    the message lists no topics or one of them is not answered alone."""
    topics = listed_topics(message)
    answers = [engine.ask(topic, top_k=top_k, doc_id=doc_id) for topic in topics]
    if not topics or not all(a.found and a.passages for a in answers):
        return None
    passages: list[Passage] = []
    seen: set[int] = set()
    for rank in range(top_k):
        for answer in answers:
            if rank < len(answer.passages) and len(passages) < top_k:
                passage = answer.passages[rank]
                start = passage.sentence_id
                ids = set(range(start, start + passage.sentence_count)) if start is not None else set()
                if start is None or not ids & seen:
                    passages.append(passage)
                    seen |= ids
    terms = tuple(t for a in answers for t in a.query_terms)
    confidence = min(a.confidence for a in answers)
    return Answer(message, True, tuple(passages), confidence, "each_topic", terms, intent="question")
