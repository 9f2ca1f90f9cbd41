"""Inline mode: `@bot вопрос` in any chat lists matching quotes; choosing one sends it with its reference.

Queries go through the conversation layer: «@bot Кто такой Токаев» lists his mentions, «@bot о чём
статья» the lead, and small talk lists nothing (never a quote).
"""

from __future__ import annotations

import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.front.render.telegram_html import passage_html, reference
from bot.front.telegram.context import QAContext
from bot.qa.answer import Passage

INLINE_RESULTS = 5

log = logging.getLogger(__name__)


async def inline_query(update: Update, context: QAContext) -> None:
    """The quotes matching an inline query (none for a blank one); the flood limit was checked at admission."""
    query = update.inline_query
    session = context.session
    question = session.question(query.query)
    if not question.text.strip():
        await query.answer([], cache_time=60)
        return
    answer = session.conversation.ask(question.text, top_k=INLINE_RESULTS)
    results = [_result(i, p, session.several_documents) for i, p in enumerate(answer.passages)]
    await query.answer(results, cache_time=300, is_personal=False)
    log.info("inline found=%s results=%d", answer.found, len(results))


def _result(position: int, passage: Passage, with_document: bool) -> InlineQueryResultArticle:
    """One passage as an inline result: title = reference, description = the sentence."""
    return InlineQueryResultArticle(
        id=f"{passage.kind[0]}{passage.sentence_id if passage.sentence_id is not None else position}",
        title=reference(passage, with_document)[:256],
        description=passage.text[:512],
        input_message_content=InputTextMessageContent(passage_html(passage, None, with_document), parse_mode=ParseMode.HTML),
    )
