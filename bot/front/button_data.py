"""The buttons under the bot's answers: their callback data, and the patterns Telegram's handlers match.

Data is at most 64 bytes and holds everything a press needs, so buttons work after a restart:
`ctx:<sentence>`, `more:<shown>[:q|f<subject key>]`, `sec:<document>:<section>`, `ask:<example>`,
`vote:<answer id>:up|down`. The subject key on «Ещё результаты» is also what a reply to the answer is
read with as a follow-up (see `bot.qa.followup`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.front import phrases
from bot.front.reply import Button
from bot.qa.answer import Answer
from bot.text.document import Document

# Callback data of the buttons, and the pattern of each kind (what Telegram's handlers match).
EXAMPLE_DATA = re.compile(r"^ask:([0-9]{1,6})$")
CONTEXT_DATA = re.compile(r"^ctx:([0-9]{1,9})$")
MORE_DATA = re.compile(r"^more:([0-9]{1,6})(?::([qf])([0-9a-z+~.]{1,48}))?$")
SECTION_DATA = re.compile(r"^sec:([0-9]{1,6}):([0-9]{1,6})$")
VOTE_DATA = re.compile(r"^vote:([A-Za-z0-9_-]{8,24}):(up|down)$")
VOTES = {"up": 1, "down": -1}


def answer_buttons(
    answer: Answer, documents: Sequence[Document], subject: str | None, answer_id: str | None = None
) -> tuple[tuple[Button, ...], ...]:
    """Buttons under an answer: context of the top quote, next results (with the subject key), the whole
    section; 👍/👎 carrying the answer's id when it has one."""
    if not answer.found or not answer.passages:
        return ()
    top = answer.passages[0]
    row = []
    if top.sentence_id is not None:
        row.append(Button(phrases.BUTTON_CONTEXT, f"ctx:{top.sentence_id}"))
    row.append(Button(phrases.BUTTON_MORE, more_data(len(answer.passages), subject, answer.intent == "followup")))
    if top.section >= 0:
        index = next(i for i, d in enumerate(documents) if d.doc_id == top.doc_id)
        row.append(Button(phrases.BUTTON_SECTION, f"sec:{index}:{top.section}"))
    if answer_id is None:
        return (tuple(row),)
    votes = (Button(phrases.BUTTON_UP, f"vote:{answer_id}:up"), Button(phrases.BUTTON_DOWN, f"vote:{answer_id}:down"))
    return tuple(row), votes


def more_data(shown: int, subject: str | None, followup: bool) -> str:
    """«more:N», with «:f<key>» for a follow-up (the subject it was read with) or «:q<key>» for a question."""
    return f"more:{shown}" + (f":{'f' if followup else 'q'}{subject}" if subject else "")


def subject_key(button_data: list[str]) -> str | None:
    """The subject key an answer's buttons carry (on its «Ещё результаты»), or None: what a reply to it follows up."""
    for data in button_data:
        match = MORE_DATA.match(data or "")
        if match and match.group(3):
            return match.group(3)
    return None
