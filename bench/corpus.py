"""Benchmark data: sentences and questions from XQuAD-ru dev, grown to any size, as lowercase tokens.

The 24 XQuAD articles hold 620 sentences. A corpus of n sentences starts with them and goes on with
varied copies: each new sentence joins the first half of one random sentence to the second half of
another, and one token in twenty gets a copy-specific variant, so sentence lengths and term
frequencies follow the real text while the vocabulary keeps growing with size, as an archive's does.
Everything is seeded: the same n gives the same corpus in every process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
XQUAD_DIRS = (ROOT.parent / "shared" / "eval" / "xquad-ru-dev", ROOT / "tests" / "data" / "xquad-ru-dev")
_WORD = re.compile(r"\w+")


def xquad_dir() -> Path:
    """The XQuAD-ru dev folder: ../shared/eval/xquad-ru-dev, else the copy under tests/data."""
    for folder in XQUAD_DIRS:
        if (folder / "docs").is_dir():
            return folder
    raise FileNotFoundError("XQuAD-ru dev not found in " + " or ".join(str(d) for d in XQUAD_DIRS))


def tokens(text: str) -> list[str]:
    """Lowercase word tokens: the tokenisation all three BM25 implementations get in the scale runs."""
    return _WORD.findall(text.lower())


def base_sentences() -> list[str]:
    """Every sentence of the XQuAD-ru dev articles, as the bot's document parser splits them."""
    from bot.text.parsing import load_documents

    return [s.text for d in load_documents(xquad_dir() / "docs") for s in d.sentences]


def questions() -> list[str]:
    """The XQuAD-ru dev questions, in file order."""
    with open(xquad_dir() / "questions.jsonl", encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


def corpus(size: int, seed: int = 13) -> list[list[str]]:
    """`size` tokenised sentences: the real ones first, then varied copies (see the module docstring)."""
    base = [tokens(s) for s in base_sentences()]
    rng = np.random.default_rng(seed)
    result = base[:size]
    while len(result) < size:
        copy = len(result) // len(base)
        count = min(len(base), size - len(result))
        firsts, seconds = rng.integers(0, len(base), count), rng.integers(0, len(base), count)
        for a, b in zip(firsts.tolist(), seconds.tolist()):
            head, tail = base[a][: len(base[a]) // 2], base[b][len(base[b]) // 2 :]
            result.append(_vary(head + tail, copy, rng))
    return result


def _vary(sentence: list[str], copy: int, rng: np.random.Generator) -> list[str]:
    """One token in twenty replaced by a variant named after a random earlier copy."""
    marks = rng.random(len(sentence)) < 0.05
    if not marks.any():
        return sentence
    tags = rng.integers(0, copy + 1, len(sentence))
    return [f"{t}{tags[i]}" if marks[i] else t for i, t in enumerate(sentence)]


SYLLABLES = ("ра", "ко", "ми", "ту", "зе", "ло", "ны", "ва")


def archive_sentences(size: int, seed: int = 17) -> list[str]:
    """`size` sentences of text for a whole-pipeline archive: the real ones, then varied copies.

    As in `corpus`, but on words with their case and punctuation: halves of two random sentences
    joined, and one word in twenty (of four letters or more) extended by a copy-specific syllable
    ending, the way names and rare forms make an archive's vocabulary grow.
    """
    base = [s.split() for s in base_sentences()]
    rng = np.random.default_rng(seed)
    result = [" ".join(words) for words in base[:size]]
    while len(result) < size:
        copy = len(result) // len(base)
        for _ in range(min(len(base), size - len(result))):
            a, b = base[rng.integers(len(base))], base[rng.integers(len(base))]
            words = a[: len(a) // 2] + b[len(b) // 2 :]
            words = [_ending(w, copy, rng) if len(w) >= 4 and w.isalpha() and rng.random() < 0.05 else w for w in words]
            text = " ".join(words)
            result.append(text if text.endswith((".", "!", "?", "…")) else text + ".")
    return result


def write_archive(folder: Path, size: int, per_document: int = 50) -> int:
    """Write `size` sentences as texts of `per_document` sentences (title, paragraphs of five); returns files."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = archive_sentences(size)
    files = 0
    for start in range(0, len(sentences), per_document):
        chunk = sentences[start : start + per_document]
        paragraphs = [" ".join(chunk[i : i + 5]) for i in range(0, len(chunk), 5)]
        text = f"Архивный текст {files + 1}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{files + 1:06d}.txt").write_text(text, encoding="utf-8")
        files += 1
    return files


def _ending(word: str, copy: int, rng: np.random.Generator) -> str:
    """The word with an ending spelled from the copy number (base 8 in syllables)."""
    tag = int(rng.integers(0, copy + 1))
    syllables = []
    while True:
        syllables.append(SYLLABLES[tag % len(SYLLABLES)])
        tag //= len(SYLLABLES)
        if not tag:
            break
    return word + "".join(syllables)
