"""The years a dated text names relatively: «в прошлом году» in a text of 03.01.2024 is 2023.

A news text counts years from its publication date, and a reader asks either with the number («в
2023 году») or with the text's own words («в прошлом году»). So a sentence of a dated text saying
«прошлого года» also holds the term «2023» (`bot.search.pipeline.analyse_documents`), and a question
saying «в прошлом году» also asks for «2023» when every text was published the same year
(`bot.qa.query.QueryReader`: the question's word «прошлом» gives way to the year, when the texts hold it;
every sentence saying «прошлого года» holds the year too). Only one year at a time is read («прошлые годы» are several), and
only words that name the same year whatever the day: «наступающий», «предстоящий» are left out (on
3 January the coming year has already come).
"""

from __future__ import annotations

import re

from bot.text.analysis import normalize

_YEAR = r" год(?:а|у|ом|е)?\b"
_RELATIVE = (
    (re.compile(r"\bпозапрошл(?:ый|ого|ом|ому|ым)" + _YEAR), -2),
    (re.compile(r"\bпрошл(?:ый|ого|ом|ому|ым)" + _YEAR), -1),
    (re.compile(r"\b(?:этот|этого|этом|этому|текущ(?:ий|его|ем|ему|им)|нынешн(?:ий|его|ем|ему|им)|сего)" + _YEAR), 0),
    (re.compile(r"\b(?:следующ|будущ)(?:ий|его|ем|ему|им)" + _YEAR), 1),
)
_PUBLISHED_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def publication_year(date: str | None) -> int | None:
    """The year of a publication date as the parser keeps it («03.01.2024» → 2024); None without one."""
    found = _PUBLISHED_YEAR.search(date or "")
    return int(found.group(1)) if found else None


def relative_years(text: str, year: int | None) -> list[tuple[str, str]]:
    """The years, as number terms, that the text's relative phrases name when it is read in `year`, each with the
    word that makes it relative («прошлом» of «в прошлом году»), as written."""
    if year is None:
        return []
    lowered = normalize(text)
    found = []
    for pattern, shift in _RELATIVE:
        match = pattern.search(lowered)
        if match:
            found.append((str(year + shift), text[match.start() : match.end()].split()[0]))
    return found
