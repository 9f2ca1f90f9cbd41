"""The lexicon: every word form of the texts with its terms, saved with the index.

Given to the analyzer (`Analyzer.remember`), it spares a restarted bot the morphology of the
archive's words.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from bot.search.corpus import EncodedCorpus


class Lexicon(Mapping):
    """Word forms and their terms as the analyzer gives them (`Analyzer.word_terms`), saved with the index.

    Given to the analyzer (`Analyzer.remember`), it spares a restarted bot the morphology of the
    archive's words: questions and quotes made of them are analysed with look-ups. A read-only
    mapping form → terms (a tuple), over a sorted form list (searched by bisection) and an encoded
    corpus of terms.
    """

    def __init__(self, forms: list[str], terms: EncodedCorpus, function_forms: frozenset[str] = frozenset()) -> None:
        """`forms` sorted and distinct; `terms[i]` are the terms of `forms[i]`; `function_forms`: those of them
        with terms whose most likely part of speech is a function word's ("между"), never highlighted."""
        if len(forms) != len(terms):
            raise ValueError("lexicon forms and terms differ in length")
        self.forms = forms
        self.terms = terms
        self.function_forms = function_forms

    @classmethod
    def of(cls, analyzer, forms: Iterable[str]) -> Lexicon:
        """The lexicon of these word forms."""
        forms = sorted(set(forms))
        terms = [analyzer.word_terms(form) for form in forms]
        function = frozenset(f for f, t in zip(forms, terms) if t and analyzer.is_function_form(f))
        return cls(forms, EncodedCorpus.encode(terms), function)

    @classmethod
    def merge(cls, lexicons: Iterable[Lexicon]) -> Lexicon:
        """Every form of the lexicons with its terms (a form in several takes the first one's: they are equal)."""
        lexicons = list({id(x): x for x in lexicons}.values())
        if len(lexicons) == 1:
            return lexicons[0]
        seen: set[str] = set()
        forms, parts = [], []
        for lexicon in lexicons:
            rows = [i for i, form in enumerate(lexicon.forms) if form not in seen]
            seen.update(lexicon.forms[i] for i in rows)
            forms.extend(lexicon.forms[i] for i in rows)
            parts.append(lexicon.terms.take(rows))
        order = sorted(range(len(forms)), key=forms.__getitem__)
        terms = EncodedCorpus.join((part, 0, len(part)) for part in parts)
        function = frozenset().union(*(lexicon.function_forms for lexicon in lexicons))
        return cls([forms[i] for i in order], terms.take(order), function)

    def restricted(self, forms: Iterable[str]) -> Lexicon:
        """The lexicon of these forms only (ValueError when it lacks one)."""
        forms = sorted(set(forms))
        rows = [self._row(form) for form in forms]
        if None in rows:
            raise ValueError("a word form is missing from the lexicon")
        return Lexicon(forms, self.terms.take(rows), self.function_forms.intersection(forms))

    def _row(self, form: str) -> int | None:
        """Where the form is in `forms`, or None."""
        i = bisect.bisect_left(self.forms, form)
        return i if i < len(self.forms) and self.forms[i] == form else None

    def __getitem__(self, form: str) -> tuple[str, ...]:
        """The terms of a form (KeyError when the lexicon does not hold it)."""
        i = self._row(form)
        if i is None:
            raise KeyError(form)
        return tuple(self.terms[i])

    def __iter__(self):
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)

