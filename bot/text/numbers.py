"""Numbers written in words: «шестьдесят два», «двадцать третьем», «две тысячи двадцать третий» read as 62, 23, 2023,
and decimals: «тридцать шесть целых восемьдесят шесть сотых», «шестьдесят два и три десятых» read as 36.86, 62.3.

A question may spell a number the text gives in figures. The words are read from their lemmas (the
analyzer's), cardinal or ordinal, by the grammar of Russian numerals: hundreds, then tens or a teen, then
units, with «тысяча» multiplying what comes before it; an ordinal ends a number. «миллион» and «миллиард»
are not read: the texts keep them as words beside their figures («36,86 млрд»).
"""

from __future__ import annotations

from collections.abc import Sequence

_UNITS = "один два три четыре пять шесть семь восемь девять".split()
_TEENS = "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split()
_TENS = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_HUNDREDS = "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
_ORDINAL_UNITS = "первый второй третий четвёртый пятый шестой седьмой восьмой девятый".split()
_ORDINAL_TEENS = (
    "десятый одиннадцатый двенадцатый тринадцатый четырнадцатый пятнадцатый шестнадцатый семнадцатый "
    "восемнадцатый девятнадцатый"
).split()
_ORDINAL_TENS = "двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый восьмидесятый девяностый".split()

CARDINALS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    "одна": 1,
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **{w: (i + 2) * 10 for i, w in enumerate(_TENS)},
    **{w: (i + 1) * 100 for i, w in enumerate(_HUNDREDS)},
}
ORDINALS: dict[str, int] = {
    **{w.replace("ё", "е"): i + 1 for i, w in enumerate(_ORDINAL_UNITS)},
    **{w: i + 10 for i, w in enumerate(_ORDINAL_TEENS)},
    **{w: (i + 2) * 10 for i, w in enumerate(_ORDINAL_TENS)},
    "сотый": 100,
    "тысячный": 1000,
    "двухтысячный": 2000,
}
THOUSAND = "тысяча"
DENOMINATORS = {"десятый": 10, "сотый": 100, "тысячный": 1000, "тысячная": 1000}  # «восемьдесят шесть сотых»
WHOLE = frozenset({"целый", "и"})  # what parts the whole from the fraction: «целых», «и»


def _limit(value: int) -> int:
    """What a number word leaves room for after it: units after tens, tens or a teen after hundreds, nothing
    after units or a teen."""
    if value >= 100:
        return 100
    return 10 if value >= 20 else 1


def numeral_runs(lemmas: Sequence[str]) -> list[tuple[int, int, int]]:
    """The numbers written in words among `lemmas` (lowercase, ё as е), as (start, end, value): `end` exclusive.

    ["на", "шестьдесят", "два", "процент"] → [(1, 3, 62)]; a word that cannot continue a number starts a new
    one (["два", "три"] → two numbers); «тысяча» alone is no number (it is a word the texts hold).
    """
    runs: list[tuple[int, int, int]] = []
    start, total, group, room = None, 0, 0, 10**6

    def close(end: int) -> None:
        nonlocal start
        if start is not None and (total or group):
            runs.append((start, end, total + group))
        start = None

    for i, lemma in enumerate(lemmas):
        if lemma == THOUSAND and start is not None and total == 0 and group:
            total, group, room = group * 1000, 0, 1000
            continue
        value = CARDINALS.get(lemma, ORDINALS.get(lemma))
        if value is None or lemma == THOUSAND:
            close(i)
            continue
        if start is None or value >= room:
            close(i)
            start, total, group, room = i, 0, 0, 10**6
        if value >= 1000:  # «двухтысячный» after «две тысячи» does not happen: it stands alone
            total, group = 0, value
        else:
            group += value
        room = _limit(value) if group < 1000 else 1
        if lemma in ORDINALS:
            close(i + 1)
    close(len(lemmas))
    return runs


def number_runs(lemmas: Sequence[str]) -> list[tuple[int, int, str]]:
    """The numbers written in words among `lemmas`, as `numeral_runs` reads them, decimals too, each as the figures
    the texts would write (start, end, figures): [«тридцать», «шесть», «целый», «восемьдесят», «шесть», «сотый»] →
    [(0, 6, "36.86")]. A fraction is read only with its whole part and a fraction smaller than its denominator."""
    runs = numeral_runs(lemmas)
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(runs):
        start, end, whole = runs[i]
        joined = end
        while joined < len(lemmas) and joined - end < 2 and lemmas[joined] in WHOLE:
            joined += 1  # «целых», «и», «целых и»
        if i + 1 < len(runs) and joined > end:
            part_start, part_end, part = runs[i + 1]
            denominator = DENOMINATORS.get(lemmas[part_end], 0) if part_end < len(lemmas) else 0
            if part_start == joined and 0 < part < denominator:
                digits = len(str(denominator)) - 1
                out.append((start, part_end + 1, f"{whole}.{part:0{digits}d}"))
                i += 2
                while i < len(runs) and runs[i][0] <= part_end:  # the denominator's own run («сотый»)
                    i += 1
                continue
        out.append((start, end, str(whole)))
        i += 1
    return out
