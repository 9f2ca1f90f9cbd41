"""Chinese names in pinyin read in the Russian (Palladius) spelling: «Xi Jinping» → «си цзиньпин», «Xingrui» → «синжуй».

A Russian article writes Chinese names by the Palladius system; a user may type them in pinyin, as the world's
press does. A Latin word that divides wholly into pinyin syllables is read syllable by syllable (the initial
and the final, with the rules that change a final after j, q, x, y and after zh, ch, sh, r, z, c, s); any other
Latin word is none of this module's business (None).
"""

from __future__ import annotations

from functools import lru_cache

_INITIALS = {
    "zh": "чж", "ch": "ч", "sh": "ш", "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "r": "ж", "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань", "en": "энь",
    "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю",
    "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
    "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "ue": "юэ",
}  # fmt: skip
# After j, q, x (and y) «u» is «ü»: «ju» → «цзюй», «xue» → «сюэ», «quan» → «цюань».
_AFTER_PALATAL = {"u": "юй", "ue": "юэ", "uan": "юань", "un": "юнь"}
# Syllables without an initial, written with y or w.
_Y_W = {
    "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян", "ying": "ин",
    "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "yi": "и", "wa": "ва", "wo": "во",
    "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн", "wu": "у",
}  # fmt: skip
_ALONE = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er")
_SYLLABLES: dict[str, str] = {**_Y_W, **{final: _FINALS[final] for final in _ALONE}}
for _initial, _cyrillic in _INITIALS.items():
    for _final, _reading in _FINALS.items():
        if _initial in ("j", "q", "x"):
            if _final in ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "uo", "ua",
                          "uai", "ui", "uang", "v", "ve"):  # fmt: skip
                continue
            _reading = _AFTER_PALATAL.get(_final, _reading)
        elif _final == "i" and _initial in ("z", "c", "s"):
            _reading = "ы"  # «zi» → «цзы», «si» → «сы»
        elif _initial == "h" and _final == "ui":
            _reading = "уэй"  # «hui» → «хуэй»
        elif _final in ("v", "ve") and _initial not in ("n", "l"):
            continue
        elif _final == "er":
            continue
        _SYLLABLES[_initial + _final] = _cyrillic + _reading
_LONGEST = max(map(len, _SYLLABLES))


@lru_cache(maxsize=4096)
def palladius(word: str) -> str | None:
    """The word read as pinyin in the Russian spelling («jinping» → «цзиньпин»), or None when it does not divide
    wholly into pinyin syllables («tokayev»). Apostrophes part syllables («xi'an»); «ü» may be typed as «v»."""
    word = word.lower().replace("ü", "v")
    parts = word.replace("’", "'").split("'")
    read = [_read(part) for part in parts]
    return None if not word or any(r is None for r in read) else "".join(read)  # type: ignore[arg-type]


def _read(word: str) -> str | None:
    """The syllables of one apostrophe-free part, the longest syllable first, backing off when the rest fails."""
    if not word:
        return None
    best: list[str | None] = [None] * len(word) + [""]  # best[i]: the reading of word[i:]
    for start in range(len(word) - 1, -1, -1):
        for end in range(min(len(word), start + _LONGEST), start, -1):
            syllable = _SYLLABLES.get(word[start:end])
            if syllable is not None and best[end] is not None:
                best[start] = syllable + best[end]  # type: ignore[operator]
                break
    return best[0]


def pinyin_names(words: list[str]) -> list[tuple[str, str]]:
    """The Latin words of a name that read as pinyin, with their Russian spelling capitalised: («Xi», «Си»)."""
    found = []
    for word in words:
        reading = palladius(word) if word.isascii() and word.isalpha() else None
        if reading:
            found.append((word, reading[:1].upper() + reading[1:]))
    return found
