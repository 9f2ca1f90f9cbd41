"""Telegram HTML: the master copy of every reply, built from escaped pieces.

The console converts this same HTML to terminal text (`terminal.html_to_console`), so the console
shows exactly what a Telegram user reads. Everything taken from the article or the user is
escaped; only Telegram's tags (b, i, blockquote, code) are produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.front.commands import CONSOLE, help_lines
from bot.front.phrases import (
    ABSENT_MANY,
    ABSENT_ONE,
    DOCS_HINT,
    EXAMPLE_QUESTIONS,
    HELP_CONVERSATION,
    HELP_FOLLOWUP_CONSOLE,
    HELP_FOLLOWUP_TELEGRAM,
    NAMES_READ,
    NO_DATE_OR_NUMBER,
    NOT_IN_TEXT,
    NO_MORE,
    UNKNOWN_NAME,
    WITHOUT_KIND_NOTE,
)
from bot.front.render.messages import TELEGRAM_LIMIT, escape, line_groups, split_messages
from bot.qa.answer import WITHOUT_KIND, Answer, Passage
from bot.text.document import CLOSING_TITLE, LEAD_TITLE, Document


def reference(passage: Passage, with_document: bool = False) -> str:
    """Where a passage stands, in words: «Раздел 2 «…», предложение 3» (plain text, not escaped)."""
    if passage.sentence_count > 1:
        sentences = f"предложения {passage.sentence}–{passage.sentence + passage.sentence_count - 1}"
    else:
        sentences = f"предложение {passage.sentence}"
    if passage.kind == "metadata":
        where = passage.section_title
    elif passage.section_title in (LEAD_TITLE, CLOSING_TITLE):
        where = f"{passage.section_title}, {sentences}"
    else:
        where = f"Раздел {passage.section} «{passage.section_title}», {sentences}"
    return f"«{passage.doc_title}» · {where}" if with_document else where


def highlighted_html(passage: Passage) -> str:
    """The passage text, escaped, with the words that matched the question in bold and the words related
    to one by meaning underlined (so the reader sees why the sentence was chosen)."""
    parts, cursor = [], 0
    for start, end, kind in passage.marks():
        if start < cursor:
            continue
        tag = "b" if kind == "exact" else "u"
        parts.append(escape(passage.text[cursor:start]))
        parts.append(f"<{tag}>{escape(passage.text[start:end])}</{tag}>")
        cursor = end
    parts.append(escape(passage.text[cursor:]))
    return "".join(parts)


def passage_html(passage: Passage, number: int | None = None, with_document: bool = False) -> str:
    """One quoted passage: its reference, then the sentence in a blockquote."""
    prefix = f"{number}. " if number is not None else ""
    return f"<i>{prefix}{escape(reference(passage, with_document))}</i>\n<blockquote>{highlighted_html(passage)}</blockquote>"


def answer_blocks(answer: Answer, documents: Sequence[Document], with_document: bool | None = None) -> list[str]:
    """An answer as HTML blocks (one per passage), or the polite 'not in the article' text.

    References name the document when several are loaded (`with_document=None`, the default).
    """
    if with_document is None:
        with_document = len(documents) > 1
    if answer.reason in ("empty", "no_words"):
        return [empty_question_html()]
    if answer.reason == "no_more":
        return [escape(NO_MORE)]
    if not answer.found:
        return [not_found_html(documents, answer.reason, answer.topic)]
    numbered = len(answer.passages) > 1
    blocks = [passage_html(p, i if numbered else None, with_document) for i, p in enumerate(answer.passages, start=1)]
    if answer.reason == WITHOUT_KIND:
        blocks.append(f"<i>{escape(WITHOUT_KIND_NOTE)}</i>")
    if answer.absent:
        blocks.append(absent_html(answer.absent, len(documents) > 1))
    names = names_read(answer.corrections)
    if names:
        pairs = ", ".join(f"«{typed}» → «{read}»" for typed, read in names)
        blocks.insert(0, f"<i>{escape(NAMES_READ.format(where='текстах' if len(documents) > 1 else 'статье', pairs=pairs))}</i>")
    return blocks


def names_read(corrections: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The corrections that read a name as another spelling (the reader gives those with a capital), as the reader
    should see them: «Токмаев» → «Токаев»; a misspelt common word or a number read as the text's is not worth a line."""
    return [
        (typed, read) for typed, read in corrections
        if read[:1].isupper() and typed.replace(" ", "").replace("-", "").isalpha() and typed != read
    ]


def absent_html(words: Sequence[str], several: bool = False) -> str:
    """The note under a found answer naming the question's words that no text holds, neither whole nor by their
    first letters: the reader sees which words the quotes could not match (a word close in meaning that stands
    for one is underlined in the quote)."""
    phrase = ABSENT_ONE if len(words) == 1 else ABSENT_MANY
    text = phrase.format(where="текстах" if several else "статье", words=", ".join(f"«{w}»" for w in words))
    return f"<i>{escape(text)}</i>"


def not_found_html(documents: Sequence[Document], reason: str = "", name: str = "") -> str:
    """The polite refusal: the article does not answer this, and why when the engine knows it (`reason` "no_kind":
    a "when / how many" question whose date or number the article lacks; "unknown_name": it never names `name`);
    then what it covers."""
    if reason == "unknown_name" and name:
        first_line = UNKNOWN_NAME.format(name=name)
    else:
        first_line = NO_DATE_OR_NUMBER if reason == "no_kind" else NOT_IN_TEXT
    return refusal_html(first_line, documents, "Попробуйте переформулировать вопрос или откройте оглавление: /sections")


def refusal_html(first_line: str, documents: Sequence[Document], last_line: str) -> str:
    """A refusal (plain text lines, escaped here) around what the first few documents cover, section by section."""
    lines = [escape(first_line)]
    for document in documents[:5]:
        lines.append(f"\nСтатья «{escape(document.title)}» рассказывает о следующем:")
        lines.extend(f"• {escape(section.title)}" for section in document.sections)
    lines.append(f"\n{escape(last_line)}")
    return "\n".join(lines)


def empty_question_html() -> str:
    """What to say to an empty question."""
    return f"Пожалуйста, напишите вопрос о статье, например: «{escape(EXAMPLE_QUESTIONS[0])}»"


def passages_html(passages: Iterable[Passage], title: str) -> list[str]:
    """Several passages under a heading (context around a quote, a whole section), split to fit Telegram."""
    blocks = [f"<b>{escape(title)}</b>"]
    blocks.extend(passage_html(p) for p in passages)
    return split_messages(blocks)


def section_html(document: Document, number: int, passages: Sequence[Passage]) -> list[str]:
    """A whole section: its title and every sentence, numbered, in one quote."""
    section = document.section(number)
    if section is None or not passages:
        return [f"Раздела {number} нет. Оглавление: /sections"]
    heading = f"<b>{escape(section_heading(number, section.title))}</b>"
    body = "\n".join(f"{p.sentence}. {escape(p.text)}" for p in passages)
    return split_messages([heading, f"<blockquote>{body}</blockquote>"])


def section_heading(number: int, title: str) -> str:
    """«Раздел 2. Title», or just the title for the lead and the closing paragraph."""
    return title if title in (LEAD_TITLE, CLOSING_TITLE) else f"Раздел {number}. {title}"


def sections_html(documents: Sequence[Document]) -> str:
    """The table of contents of every loaded document."""
    lines = []
    for document in documents:
        lines.append(f"<b>{escape(document.title)}</b>")
        for section in document.sections:
            lines.append(f"{section.number}. {escape(section.title)} ({len(section.sentence_ids)} предл.)")
        lines.append("")
    lines.append("Показать раздел целиком: /section N")
    return "\n".join(lines)



def docs_html(documents: Sequence[Document]) -> list[str]:
    """The loaded documents, numbered as `/doc N` takes them, with ids and sizes; split to fit Telegram."""
    lines = [f"<b>Документы: {len(documents)}</b>"]
    for number, document in enumerate(documents, start=1):
        lines.append(
            f"{number}. «{escape(document.title)}» <code>{escape(document.doc_id)}</code>, "
            f"{len(document.sections)} разд., {len(document.sentences)} предл."
        )
    lines.append(f"\n{escape(DOCS_HINT)}")
    return split_messages(line_groups(lines, TELEGRAM_LIMIT // 2))


def source_html(document: Document) -> str:
    """Title, author, date and agency of a document."""
    meta = document.metadata
    lines = [f"<b>{escape(meta.title)}</b>"]
    if meta.author:
        lines.append(f"Автор: {escape(meta.author)}")
    if meta.date:
        lines.append(f"Опубликовано: {escape(meta.date)}" + (f", {escape(meta.time)}" if meta.time else ""))
    if meta.agency:
        lines.append(f"Источник: {escape(meta.agency)}")
    if meta.photo_credit:
        lines.append(f"Фото: {escape(meta.photo_credit)}")
    return "\n".join(lines)



def help_html(documents: Sequence[Document], front: str) -> str:
    """How to use the bot, with the commands of this front end (the command table's)."""
    if len(documents) > 1:
        about = f"Я отвечаю на вопросы по {len(documents)} документам (список: /docs) цитатами из них, "
    else:
        title = escape(documents[0].title) if documents else "статья"
        about = f"Я отвечаю на вопросы по статье «{title}» цитатами из неё, "
    return (
        about + "с указанием раздела и номера предложения.\n\n"
        "Просто напишите вопрос, например:\n"
        + "\n".join(f"• {escape(q)}" for q in EXAMPLE_QUESTIONS)
        + "\n\n"
        + escape(HELP_CONVERSATION.format(how=HELP_FOLLOWUP_CONSOLE if front == CONSOLE else HELP_FOLLOWUP_TELEGRAM))
        + "\n\nКоманды:\n"
        + "\n".join(escape(line) for line in help_lines(front, len(documents) > 1))
    )
