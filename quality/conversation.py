"""The conversation sets of `make eval`: intent accuracy and answers on the team's conversation messages.

Each message of `seed-conversation-dev.jsonl` (may be tuned on) and `seed-conversation-heldout.jsonl`
(never tuned on, its own row) has the intent a person would mean and, for names, questions and
follow-ups, `gold` substrings (empty: the article does not say). A message counts as answered
right when:

- small talk: no quote at all;
- about: the first passage is the text's lead (the first paragraph);
- with gold strings: a gold string is in one of the first three passages;
- with empty gold: nothing found (declined, or «не упоминается»).

A follow-up is asked after its `previous` question, with the subject key of that answer, as a
reply in Telegram would be. The reference row is the bare engine (`Engine.ask` on the message
alone), what the bot did before the conversation layer: it reads every message as a question.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.qa.answer import Answer
from bot.qa.conversation import Conversation
from bot.qa.engine import Engine
from bot.qa.subject import subject_key_of
from bot.text.analysis import Analyzer
from bot.text.document import Document
from bot.text.parsing import load_document
from quality.sets import DATA_DIR, SEED_ARTICLE

SETS = (("conversation dev", "seed-conversation-dev.jsonl"), ("conversation held-out (team)", "seed-conversation-heldout.jsonl"))
INTENTS = ("smalltalk", "about", "entity", "question", "followup")


@dataclass
class ConversationReport:
    """Intent and answer figures over one conversation set, overall and per intent."""

    messages: Counter = field(default_factory=Counter)
    intent_right: Counter = field(default_factory=Counter)
    answered_right: Counter = field(default_factory=Counter)
    misses: list[tuple[dict, Answer]] = field(default_factory=list)

    def add(self, row: dict, answer: Answer, lead: str) -> None:
        """Score one message: its intent, and its answer against the set's rule for that intent."""
        kind = row["intent"]
        self.messages[kind] += 1
        self.intent_right[kind] += answer.intent == kind
        right = answered_right(row, answer, lead)
        self.answered_right[kind] += right
        if not right or answer.intent != kind:
            self.misses.append((row, answer))

    def rate(self, counter: Counter) -> str:
        """«k/n» over every message."""
        return f"{sum(counter.values())}/{sum(self.messages.values())}"


def answered_right(row: dict, answer: Answer, lead: str) -> bool:
    """Whether the answer is right for the message (see the module's rules)."""
    if row["intent"] == "smalltalk":
        return not answer.passages
    if row["intent"] == "about":
        return bool(answer.passages) and answer.passages[0].text == lead
    gold = row.get("gold") or []
    if not gold:
        return not answer.found
    return answer.found and any(g in p.text for p in answer.passages[:3] for g in gold)


def lead_of(document: Document) -> str:
    """The text's first paragraph, verbatim."""
    paragraph = document.paragraphs[document.sections[0].paragraph_ids[0]]
    return document.text[paragraph.start : paragraph.end]


def evaluate_conversation(rows: list[dict], conversation: Conversation | None, engine: Engine, lead: str) -> ConversationReport:
    """Ask every message (a follow-up after its previous question); `conversation` None: the bare engine."""
    report = ConversationReport()
    for row in rows:
        if conversation is None:
            answer = engine.ask(row["message"])
        else:
            subject = None
            if row.get("previous"):
                subject = subject_key_of(conversation.ask(row["previous"]), engine.library)
            answer = conversation.ask(row["message"], subject=subject)
        report.add(row, answer, lead)
    return report


def load_rows(path: Path) -> list[dict]:
    """The messages of a conversation set."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def conversation_rows(data_dir: Path = DATA_DIR, article: Path = SEED_ARTICLE, analyzer: Analyzer | None = None):
    """(set name, system, report) for both sets, the conversation layer and the bare engine."""
    document = load_document(article)
    engine = Engine([document], analyzer or Analyzer())
    conversation = Conversation(engine)
    rows = []
    for name, file in SETS:
        messages = load_rows(data_dir / file)
        rows.append((name, "conversation layer", evaluate_conversation(messages, conversation, engine, lead_of(document))))
        rows.append((name, "bare engine", evaluate_conversation(messages, None, engine, lead_of(document))))
    return rows


def format_conversation_table(rows) -> str:
    """The conversation rows as a Markdown table: intent accuracy, answers right, and both per intent."""
    header = "| conversation set | system | intent right | answered right | " + " | ".join(INTENTS) + " |"
    lines = [header, "|" + "---|" * (4 + len(INTENTS))]
    for name, system, report in rows:
        per_intent = [
            f"{report.intent_right[k]}/{report.answered_right[k]}/{report.messages[k]}" for k in INTENTS
        ]
        lines.append(
            f"| {name} | {system} | {report.rate(report.intent_right)} | {report.rate(report.answered_right)} | "
            + " | ".join(per_intent) + " |"
        )
    lines.append("\nPer intent: intent right / answered right / messages.")
    return "\n".join(lines)
