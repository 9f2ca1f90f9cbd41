"""JSON: an answer as `ask --json` prints it, one object per question."""

from __future__ import annotations

from bot.front.render.telegram_html import reference
from bot.qa.answer import Answer


def answer_json(answer: Answer, with_document: bool = False) -> dict:
    """An answer as the CLI's JSON object: question, found, intent, passages best first (plus extras).

    `intent` is question, smalltalk (found is false), about, entity or followup (`bot.qa.conversation`).

    `with_document` puts the document's title in each reference (the CLI does when several are loaded).
    Each highlight says its kind: "exact" (the question's word, whole or by its first letters) or
    "meaning" (a word related by meaning to a question word the text lacks). `absent` lists the question's
    content words, as typed, that no text holds, whole or by first letters (empty when no answer is found).
    """
    return {
        "question": answer.question,
        "found": answer.found,
        "confidence": round(answer.confidence, 4),
        "reason": answer.reason,
        "intent": answer.intent,
        "absent": list(answer.absent),
        "passages": [
            {
                "text": p.text,
                "section": p.section,
                "section_title": p.section_title,
                "sentence": p.sentence,
                "sentence_count": p.sentence_count,
                "score": p.score,
                "doc": p.doc_id,
                "kind": p.kind,
                "reference": reference(p, with_document),
                "highlights": [{"text": p.text[s:e], "kind": kind} for s, e, kind in p.marks()],
            }
            for p in answer.passages
        ],
    }

