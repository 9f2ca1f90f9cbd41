"""Questions about the publication itself (author, date, agency, title, photo), quoted from its metadata lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from bot.qa.answer import METADATA_SECTION, Answer, Passage
from bot.text.analysis import normalize
from bot.text.document import Document

METADATA_TITLE = "Сведения о публикации"

_METADATA_QUESTIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("author", re.compile(r"\bавтор|\bкто (?:(?:е[её]|это|его) )?(?:на)?писал|\bкем (?:на)?писан|\bчь[яейю](?: \w+)? (?:стать|колонк|текст|материал)|\bподпись\b|\bкто подписал (?:стать|текст|колонк)"), "автор"),
    ("date", re.compile(r"\b(?:когда|во сколько|в какое время|в каком (?:году|месяце)) .*(?:опубликова|вышл|вышел|напечата|написа[нл]|размещ)|\bдат[аеуы]\b|\bкакого числа|\bвремя (?:публикац|выхода|выпуска)|\bв котором часу|\bкакого года\b"), "дата публикации"),
    ("agency", re.compile(r"агентств|\bиздани|\bиздател|\bредакци|\bкакое сми|\bв каком сми|\bгде (?:опубликова|вышл|напечата)|\bкто (?:опубликовал|напечатал|издал)|\bисточник|\bсайт|\bоткуда (?:\w+ )?(?:стать|текст|колонк|материал|публикац|заметк|новост)"), "источник"),
    ("title", re.compile(r"\bзаголов|\bназвани\w* стать|\bкак называется (?:стать|текст|колонк)"), "заголовок"),
    ("photo_credit", re.compile(r"\bфото"), "фото"),
)


LABELS = {key: label for key, _, label in _METADATA_QUESTIONS}
TEXT_NAMES = frozenset("статья текст материал документ публикация колонка заметка новость автор".split())
# Words a question about the publication uses besides the article's own: «Как зовут автора?», «Какую должность
# занимает автор?», «Когда опубликована статья?».
PUBLICATION_WORDS = TEXT_NAMES | frozenset(
    "подпись подписать писать написать звать имя фамилия должность занимать работать профессия опубликовать выйти "
    "напечатать разместить дата число".split()
)
# … and the other lines', a question may ask for several: «Автор и источник статьи?».
SOURCE_WORDS = frozenset("источник сайт агентство издание издатель редакция фото фотография снимок иллюстрация".split())
# … and a question about its date or source: «Время публикации?», «Какого года статья?», «Какой источник?».
DATE_AND_SOURCE_WORDS = PUBLICATION_WORDS | SOURCE_WORDS | frozenset("время час год".split())
# What the byline tells of its author, besides the words of the byline itself: who he is, his name, his post.
AUTHOR_WORDS = TEXT_NAMES | frozenset(
    "подпись подписать писать написать звать имя фамилия должность занимать работать профессия пост".split()
)
_WHO = re.compile(r"\bкто\b")
_ASKS_A_NAME = re.compile(r"^(?:кто|как (?:зовут|звать|фамилия|имя)|имя|фамилия)\b")  # «Кто …?», «Как зовут …?»
_WORK_OF = re.compile(r"(?:автор|написал|писал)\w*(?:\s+(?:этой|этого|этот|эту|данной|данного|данную))?\s+([^\W\d_]+)")
_TEXT_STEMS = ("стат", "колон", "текст", "матер", "публик", "замет")
_SOURCE_ALONE = re.compile(r"\bисточник|\bсайт")
_TEXT_NAMED = re.compile(r"\b(?:стать|колонк|текст|материал|публикац|заметк)")
_PUBLISHED = re.compile(r"опубликова|вышл|вышел|напечата|написан|размещ|стать|колонк|текст")


def metadata_answer(
    question: str,
    document: Document,
    terms: Sequence[str] = (),
    held: Sequence[str] = (),
    terms_of: Callable[[str], Sequence[str]] | None = None,
) -> Answer | None:
    """The metadata line a question about the publication asks for, verbatim; None for any other question.

    `terms` are the question's search terms, `held` those the text holds: «Во что верит автор?» and «Какого
    числа вступил в силу безвизовый режим?» ask about what the text says, not about the publication
    (`_asks_the_publication`). With `terms_of` (the analyzer's terms of a text) the author's line is read too:
    «Кто генеральный консул Китая в Алматы?» and «Как зовут генерального консула?» ask for it when their held key
    words are there (`_names_the_author`).
    """
    lowered = normalize(question)
    asked = [
        metadata_passage(document, key)
        for key, pattern, _ in _METADATA_QUESTIONS
        if pattern.search(lowered) and _asks_the_publication(key, lowered, terms, held)
    ]
    lines = tuple(p for p in asked if p is not None)  # «Кто автор статьи и когда она вышла?»: both lines
    if lines:
        return Answer(question, True, lines, confidence=1.0, reason="metadata")
    passage = metadata_passage(document, "author") if terms_of else None
    if passage is None:
        return None
    byline = set(terms_of(passage.text))
    asks_a_name = _ASKS_A_NAME.match(lowered) and _names_the_author(terms, held, byline)
    if asks_a_name or _names_only_the_byline_holds(question, terms, held, byline, terms_of):
        return Answer(question, True, (passage,), confidence=1.0, reason="metadata")
    return None


def _names_only_the_byline_holds(question: str, terms: Sequence[str], held: Sequence[str], byline: set[str], terms_of) -> bool:
    """Whether the question gives a capitalised word of the byline that no sentence holds and asks what the byline
    tells («Какую должность занимает Цзян Вэй?»): the author is asked about, and the byline is all the text says."""
    unheld = set(terms) - set(held)
    names = [set(terms_of(word)) for word in re.findall(r"[^\W\d_]+", question) if word[:1].isupper()]
    named = any(name & unheld & byline for name in names)
    return named and _asks_only_the_byline(set(terms) - set().union(*names), byline)


def _asks_only_the_byline(terms: Collection[str], byline: Collection[str]) -> bool:
    """Whether every other word of the question is the byline's or asks what it tells («должность», «работать»):
    «Где родился Цзян Вэй?» asks what it does not."""
    return all(t in byline or t in AUTHOR_WORDS for t in terms if not t.startswith("~"))


def _asks_the_publication(key: str, lowered: str, terms: Sequence[str], held: Sequence[str]) -> bool:
    """Whether a question matching the `key` pattern asks about the publication. «Кто автор …?» does when what
    follows names the text («статьи», «этой колонки») or nothing («Кто автор?»), not another work («…фильма?»);
    another question naming the author does when all its words are about the publication («Как зовут автора?»),
    not when it asks what the author says («Во что верит автор?»). A question about the date, source or photo
    that does not name the text does when the text holds none of its other words («Когда опубликованы данные
    статистики?» does not)."""
    if key == "author":
        if _WHO.search(lowered):
            work = _WORK_OF.search(lowered)
            return work is None or work.group(1).startswith(_TEXT_STEMS)
        return all(term in PUBLICATION_WORDS or term in SOURCE_WORDS for term in terms)
    if key in ("date", "agency", "photo_credit") and not _TEXT_NAMED.search(lowered):
        # «Когда опубликованы данные статистики?», «Кто фотографировал блогеров?»: about what the text says
        if not all(term in DATE_AND_SOURCE_WORDS for term in held):
            return False
    if key == "agency" and _SOURCE_ALONE.search(lowered) and not _TEXT_NAMED.search(lowered):
        return all(term in DATE_AND_SOURCE_WORDS for term in terms)  # «Какой источник?», not «источник роста»
    return True


def _names_the_author(terms: Sequence[str], held: Sequence[str], byline_terms: Collection[str]) -> bool:
    """Whether the held key words of a «Кто …?» or «Как зовут …?» question are the author line's: two or more, all of
    them or all but one from four on («Китая» where the line says «КНР»), or a single one when the question asks
    nothing else («Кто консул?», not «Кто мэр Алматы?»)."""
    keys = list(dict.fromkeys(held))
    shared = sum(term in byline_terms for term in keys)
    if len(keys) == 1:
        return shared == 1 and _asks_only_the_byline(terms, byline_terms)
    return len(keys) >= 2 and shared >= (len(keys) if len(keys) < 4 else len(keys) - 1)


def metadata_passage(document: Document, key: str, highlights: tuple[tuple[int, int], ...] = ()) -> Passage | None:
    """A metadata line of the document (author, date, agency, title, photo) as a passage; None when it has none."""
    line = document.metadata.line(document.text, key)
    if line is None:
        return None
    return Passage(
        text=line,
        doc_id=document.doc_id,
        doc_title=document.title,
        section=METADATA_SECTION,
        section_title=f"{METADATA_TITLE}: {LABELS[key]}",
        sentence=0,
        score=1.0,
        highlights=highlights,
        kind="metadata",
    )
