"""The render stage: answers and bot texts as Telegram HTML, console text and JSON.

Telegram HTML is the master copy of every user-facing text; the console converts that same HTML to
terminal text, so the console shows exactly what a Telegram user would read. Everything taken from
the article or the user is HTML-escaped; only Telegram's tags (b, i, blockquote, code) are produced.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from bot.qa.answer import Answer, Passage
from bot.text.document import CLOSING_TITLE, Document, LEAD_TITLE

TELEGRAM_LIMIT = 4096
EXAMPLE_QUESTIONS = (
    "Каков объём товарооборота между Китаем и Казахстаном?",
    "Сколько раз Токаев посетил Китай?",
    "Филиал какого университета открылся?",
)
_ANSI_BOLD, _ANSI_ITALIC, _ANSI_RESET = "\033[1m", "\033[3m", "\033[0m"


def escape(text: str) -> str:
    """Escape text for Telegram HTML (quotes may stay as they are)."""
    return html.escape(text, quote=False)


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
    """The passage text, escaped, with the words that matched the question in bold."""
    parts, cursor = [], 0
    for start, end in passage.highlights:
        parts.append(escape(passage.text[cursor:start]))
        parts.append(f"<b>{escape(passage.text[start:end])}</b>")
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
    if answer.reason == "empty":
        return [empty_question_html()]
    if not answer.found:
        return [not_found_html(documents)]
    numbered = len(answer.passages) > 1
    return [
        passage_html(p, i if numbered else None, with_document) for i, p in enumerate(answer.passages, start=1)
    ]


def answer_html(answer: Answer, documents: Sequence[Document], with_document: bool | None = None) -> list[str]:
    """An answer as Telegram messages, each within Telegram's length limit and valid HTML.

    References name the document when several are loaded, unless `with_document` says otherwise.
    """
    return split_messages(answer_blocks(answer, documents, with_document))


def not_found_html(documents: Sequence[Document]) -> str:
    """The polite refusal: the article does not answer this; here is what it covers."""
    lines = ["К сожалению, в статье нет ответа на этот вопрос."]
    for document in documents[:5]:
        lines.append(f"\nСтатья «{escape(document.title)}» рассказывает о следующем:")
        lines.extend(f"• {escape(section.title)}" for section in document.sections)
    lines.append("\nПопробуйте переформулировать вопрос или откройте оглавление: /sections")
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


DOCS_HINT = "Только по одному документу: /doc N; снова по всем: /doc all"


def docs_html(documents: Sequence[Document], current: str | None = None, hint: str = DOCS_HINT) -> list[str]:
    """The loaded documents, numbered as `/doc N` takes them, with ids and sizes; split to fit Telegram.

    `current` is the id of the document questions are limited to, marked in the list (None: all);
    `hint` says how to limit questions (the console keeps a choice, the bot takes `/doc N вопрос`).
    """
    lines = [f"<b>Документы: {len(documents)}</b>"]
    for number, document in enumerate(documents, start=1):
        mark = " — <b>выбран</b>" if document.doc_id == current else ""
        lines.append(
            f"{number}. «{escape(document.title)}» <code>{escape(document.doc_id)}</code>, "
            f"{len(document.sections)} разд., {len(document.sentences)} предл.{mark}"
        )
    lines.append(f"\n{escape(hint)}")
    return split_messages(_line_groups(lines, TELEGRAM_LIMIT // 2))


def doc_choice_html(document: Document | None, query: str = "") -> str:
    """The reply to `/doc`: which document questions now go to, or why `query` matched none."""
    if query and document is None:
        return f"Документа «{escape(query)}» нет. Список: /docs"
    if document is None:
        return "Вопросы задаются по всем документам. Выбрать один: /doc N (список: /docs)"
    return f"Вопросы задаются только по документу «{escape(document.title)}». По всем: /doc all"


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


def help_html(documents: Sequence[Document]) -> str:
    """How to use the bot; the same text in Telegram and in the console."""
    if len(documents) > 1:
        about = f"Я отвечаю на вопросы по {len(documents)} документам (список: /docs) цитатами из них, "
    else:
        title = escape(documents[0].title) if documents else "статья"
        about = f"Я отвечаю на вопросы по статье «{title}» цитатами из неё, "
    return (
        about + "с указанием раздела и номера предложения.\n\n"
        "Просто напишите вопрос, например:\n"
        + "\n".join(f"• {escape(q)}" for q in EXAMPLE_QUESTIONS)
        + "\n\nКоманды:\n"
        "/ask вопрос — задать вопрос (в группах)\n"
        "/sections — оглавление статьи\n"
        "/section N — раздел целиком\n"
        "/source — автор, дата и источник\n"
        + ("/docs — список документов\n/doc N — вопросы только по документу N\n" if len(documents) > 1 else "")
        + "/help — эта справка"
    )


def split_messages(blocks: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join HTML blocks into messages of at most `limit` UTF-16 units, never cutting inside a block.

    A single block longer than the limit is cut at word boundaries into plain escaped pieces, each
    wrapped again in the block's outer tag, so every message stays valid HTML.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit_block(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if _utf16_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit_block(block: str, limit: int) -> list[str]:
    """A block as is when it fits; otherwise its plain text in word-boundary pieces under its outer tag."""
    if _utf16_len(block) <= limit:
        return [block]
    tag = "blockquote" if "<blockquote>" in block else None
    plain = html.unescape(re.sub(r"<[^>]+>", "", block))
    budget = limit - (len(f"<{tag}></{tag}>") if tag else 0)
    return [f"<{tag}>{escape(c)}</{tag}>" if tag else escape(c) for c in _chunk_plain(plain, budget)]


def _chunk_plain(text: str, budget: int) -> list[str]:
    """Cut text at whitespace into pieces whose escaped form fits `budget`; a longer word is cut too."""
    chunks: list[str] = []
    current = ""
    for word in re.split(r"(\s+)", text):
        while _utf16_len(escape(word)) > budget:
            head = _utf16_prefix(word, budget // 5)  # escaping turns one character into at most 5 (&amp;)
            if current.strip():
                chunks.append(current)
            current, word = "", word[len(head) :]
            chunks.append(head)
        if _utf16_len(escape(current + word)) > budget:
            if current.strip():
                chunks.append(current)
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        chunks.append(current)
    return chunks


def _utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of text that fits in `units` UTF-16 code units."""
    size = 0
    for i, ch in enumerate(text):
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > units:
            return text[:i] or text[:1]
    return text


def _utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _line_groups(lines: Sequence[str], limit: int) -> list[str]:
    """Lines joined with newlines into groups of at most about `limit` characters (whole lines only)."""
    groups: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            groups.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        groups.append("\n".join(current))
    return groups


def html_to_console(text: str, color: bool) -> str:
    """Telegram HTML as terminal text: quotes as indented bars, bold and italic as ANSI when allowed."""

    def quote(match: re.Match[str]) -> str:
        return "\n".join(f"  │ {line}" for line in match.group(1).split("\n"))

    text = re.sub(r"<blockquote>(.*?)</blockquote>", quote, text, flags=re.S)
    bold, italic, reset = (_ANSI_BOLD, _ANSI_ITALIC, _ANSI_RESET) if color else ("", "", "")
    text = re.sub(r"<b>(.*?)</b>", lambda m: f"{bold}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"<i>(.*?)</i>", lambda m: f"{italic}{m.group(1)}{reset}", text, flags=re.S)
    text = re.sub(r"</?[a-z][^>]*>", "", text)
    return html.unescape(text)


def answer_json(answer: Answer, with_document: bool = False) -> dict:
    """An answer as the CLI's JSON object: question, found, passages best first (plus extras).

    `with_document` puts the document's title in each reference (the CLI does when several are loaded).
    """
    return {
        "question": answer.question,
        "found": answer.found,
        "confidence": round(answer.confidence, 4),
        "reason": answer.reason,
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
                "highlights": [p.text[s:e] for s, e in p.highlights],
            }
            for p in answer.passages
        ],
    }
