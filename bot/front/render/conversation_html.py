"""Telegram HTML for the conversation replies: small talk, what the text is about, a name it does not mention.

Answers with quotes (questions, names, follow-ups) are rendered by `telegram_html.answer_blocks`
like any answer; these are the replies without quotes, or with the lead and the table of contents.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.front import phrases
from bot.front.render.messages import escape
from bot.front.render.telegram_html import passage_html, refusal_html, section_heading
from bot.qa.answer import Answer
from bot.qa.intents import FAREWELL, HELP, REACTION, RUDE, THANKS
from bot.text.document import Document


def smalltalk_html(kind: str, documents: Sequence[Document]) -> str:
    """The polite reply to small talk: a greeting and «what can you do» name the text and give examples."""
    if kind == THANKS:
        return escape(phrases.THANKS_REPLY)
    if kind == FAREWELL:
        return escape(phrases.FAREWELL_REPLY)
    if kind == RUDE:
        return escape(phrases.RUDE_REPLY)
    title = documents[0].title if documents else ""
    several = len(documents) > 1
    if kind == HELP:
        intro = phrases.HELP_REPLY_MANY if several else phrases.HELP_REPLY
    elif kind == REACTION:
        intro = phrases.REACTION_REPLY
    else:
        intro = phrases.GREETING_REPLY_MANY if several else phrases.GREETING_REPLY
    lines = [escape(intro.format(title=title, count=len(documents))), "", escape(phrases.EXAMPLES_INTRO)]
    lines += [f"• {escape(q)}" for q in phrases.EXAMPLE_QUESTIONS]
    if kind == HELP:
        lines += ["", escape(phrases.HELP_COMMANDS_HINT)]
    return "\n".join(lines)


def about_blocks(answer: Answer, documents: Sequence[Document], with_document: bool) -> list[str]:
    """What the text is about: per document its title, its lead quoted with the reference, its sections."""
    blocks = []
    for passage in answer.passages:
        document = next((d for d in documents if d.doc_id == passage.doc_id), None)
        if document is None:
            continue
        blocks.append(f"<b>«{escape(document.title)}»</b>\n{escape(phrases.ABOUT_LEAD)}")
        blocks.append(passage_html(passage, None, with_document))
        contents = [escape(phrases.ABOUT_SECTIONS)]
        contents += [f"• {escape(section_heading(s.number, s.title))}" for s in document.sections]
        blocks.append("\n".join(contents))
    blocks.append(escape(phrases.ABOUT_HINT))
    return blocks


def not_mentioned_html(name: str, documents: Sequence[Document]) -> str:
    """A name the text does not mention: say so, and what the text covers."""
    return refusal_html(phrases.NOT_MENTIONED.format(name=name), documents, "Оглавление: /sections")


def other_language_html() -> str:
    """A question in another language that found nothing: the bot answers in Russian about a Russian text."""
    return escape(phrases.OTHER_LANGUAGE.format(example=phrases.EXAMPLE_QUESTIONS[0]))
