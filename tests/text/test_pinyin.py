"""Chinese names in pinyin read in the Russian (Palladius) spelling."""

import pytest

from bot.text.pinyin import palladius, pinyin_names


@pytest.mark.parametrize(
    "pinyin, russian",
    [
        ("Xi", "си"),
        ("Jinping", "цзиньпин"),  # j + in: «цзинь»; p + ing: «пин»
        ("Xingrui", "синжуй"),  # r is «ж»
        ("Xinjiang", "синьцзян"),
        ("Beijing", "бэйцзин"),
        ("Zhongguo", "чжунго"),  # zh, ong, uo
        ("Shandong", "шаньдун"),
        ("hui", "хуэй"),
        ("Zi", "цзы"),  # i after z, c, s is «ы»
        ("xue", "сюэ"),  # u after j, q, x is «ü»
        ("quan", "цюань"),
        ("Yuan", "юань"),
        ("Wei", "вэй"),
        ("lü", "люй"),
        ("lv", "люй"),
        ("Xi'an", "сиань"),  # the apostrophe parts syllables
    ],
)
def test_pinyin_is_read_syllable_by_syllable(pinyin, russian):
    assert palladius(pinyin) == russian


@pytest.mark.parametrize("word", ["Tokayev", "Astana", "Marley", "hello", "", "qa", "xo"])
def test_a_word_that_is_not_wholly_pinyin_has_no_reading(word):
    assert palladius(word) is None


def test_a_names_pinyin_words_are_given_capitalised_in_the_russian_spelling():
    assert pinyin_names(["Ma", "Xingrui"]) == [("Ma", "Ма"), ("Xingrui", "Синжуй")]
    assert pinyin_names(["Tokayev", "Си"]) == []
