"""Russian typed in Latin letters («skolko raz tokaev posetil kitai») and Chinese names in pinyin («Ma Xingrui»):
read in Cyrillic, then asked.

People without a Russian keyboard write Russian in Latin letters. A message with no Cyrillic letter that
finds nothing is read as a Russian reader would write it (`latin_reading`: «kitai» → «китаи», «kh» → «х»),
and that reading is asked when it looks like Russian: no common English word in the message, and at
least half of its words of three letters or more known to the dictionary or to the speller (which
reads «сколко» as «сколько»). English stays English («what is this about» → the request to ask in
Russian).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.qa.names import latin_reading
from bot.text.analysis import Analyzer, tokenize
from bot.text.pinyin import pinyin_names
from bot.text.speller import Speller

# Common English words: a message holding one is English, not Russian in Latin letters.
ENGLISH_WORDS = frozenset(
    "the an is are was were be what who whom whose which where when why how and or of to in on at for with "
    "about this that these those it its you your we they he she do does did can could will would between from".split()
)
MIN_WORD = 3
# «y» after a consonant is «ы» in Russian typed in Latin letters («vizy», «vyshla»); elsewhere «й» («kakoy»).
_HARD_Y = re.compile(r"(?<=[bcdfgklmnpqrstvwxz])y(?![aeiouy])")
KNOWN_SHARE = 0.5


def russian_reading(message: str, analyzer: Analyzer, speller: Speller) -> str | None:
    """The message read in Cyrillic when it looks like Russian typed in Latin letters, else None."""
    latin = [t.norm for t in tokenize(message) if t.kind == "word"]
    if not latin or any(w in ENGLISH_WORDS for w in latin):
        return None
    reading = latin_reading(_HARD_Y.sub("ы", message.lower()))
    words = [t.norm for t in tokenize(reading) if t.kind == "word" and len(t.norm) >= MIN_WORD]
    known = [w for w in words if analyzer.is_known(w) or speller.correct(w) is not None]
    return reading if words and len(known) >= KNOWN_SHARE * len(words) else None


def latin_reading_of(
    message: str, analyzer: Analyzer, speller: Speller, named: Callable[[str], bool] = lambda word: True
) -> str | None:
    """A Latin message read in Cyrillic: Russian typed in Latin letters (`russian_reading`), or a Chinese name in
    pinyin in the Russian spelling («Ma Xingrui» → «Ма Синжуй», `bot.text.pinyin`) when the texts name every word
    of it (`named`: «Zhang Wei» is not the byline's «Цзян Вэй»); None when it is neither."""
    reading = russian_reading(message, analyzer, speller)
    if reading is not None:
        return reading
    words = [t.text for t in tokenize(message) if t.kind == "word"]
    names = pinyin_names(words)
    if not words or len(names) != len(words) or not all(named(read.lower()) for _, read in names):
        return None
    return " ".join(read for _, read in names)
