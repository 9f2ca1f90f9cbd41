"""`python -m quality.fit`: fit the ranker's and the confidence's weights on the dev sets, cross-validated by article.

Only tuning data is used: XQuAD-ru dev (each article its own corpus; its questions asked of the
next article are the unanswerable ones), seed-dev and the team's seed-meaning-dev. The held-out sets
(`seed-heldout`, `seed-meaning-heldout`) are never read here.

- Ranker (`RankWeights`): listwise softmax over the sentences a question can quote, a sentence
  counting as right when its quote holds an answer string (XQuAD-ru dev).
- Confidence (`ConfidenceWeights`): logistic regression of "the article answers the question" on
  the best quote's `Signals`, own-article questions against the other article's.

Both print 4-fold cross-validated figures by article next to the in-sample ones; the weights are
then rounded by hand into `bot/search/ranker.py` and `bot/qa/confidence.py`.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict, fields

import numpy as np

from bot.qa.confidence import Signals
from bot.qa.engine import Engine
from bot.search.ranker import RankWeights
from bot.text.analysis import Analyzer
from quality.sets import QuestionSet, seed_dev_set, seed_meaning_dev_set, xquad_cross_set, xquad_dev_set

FOLDS = 4
RANK_FEATURES = [f.name for f in fields(RankWeights)]
SIGNALS = [f.name for f in fields(Signals)]
RULE_DECLINED = [0]  # own-article XQuAD questions declined by a rule or without a quote (set by main)


def ranking_rows(engines: dict[str, Engine], question_set: QuestionSet):
    """Per answerable question: (article, features of its quotable sentences, which of them are right)."""
    rows = []
    for document, questions in question_set.by_document():
        engine = engines[document.doc_id]
        for question in questions:
            if not question.gold:
                continue
            query = engine.reader.read(question.question)
            ranker = engine.ranker
            candidates = ranker.quotable(ranker.matching(query.terms, query.expansion), 0, ranker.size)
            if candidates.size == 0:
                continue
            features = ranker.features(list(query.terms), query.corrected, candidates, query.expansion)
            x = np.stack([features[name] for name in RANK_FEATURES], axis=1)
            texts = [" ".join(engine.sentences[i].text for i in ranker.quote(int(c))) for c in candidates.tolist()]
            y = np.array([any(g in t for g in question.gold) for t in texts])
            if y.any():
                rows.append((document.doc_id, x, y))
    return rows


def fit_listwise(rows, steps: int = 400, rate: float = 0.5, l2: float = 1e-3, start=None) -> np.ndarray:
    """Weights maximising the softmax probability of the right sentences (plain gradient ascent)."""
    w = np.array(start if start is not None else np.ones(len(RANK_FEATURES)), dtype=np.float64)
    for _ in range(steps):
        grad = -l2 * w
        for _, x, y in rows:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * y
            q /= q.sum()
            grad += (q - p) @ x
        w += rate * grad / len(rows)
    return w


def hit1(rows, w) -> float:
    """Share of rows whose best-scored sentence (ties by position) is right."""
    return float(np.mean([y[int(np.argmax(x @ w))] for _, x, y in rows]))


def folds(articles: list[str], k: int = FOLDS) -> list[set[str]]:
    """Articles split into k folds, in sorted order, round robin."""
    ordered = sorted(set(articles))
    return [set(ordered[i::k]) for i in range(k)]


def confidence_rows(engines: dict[str, Engine], question_set: QuestionSet):
    """Per question no abstention rule declines: (article, signals of each of its first three quotes, whether the
    article answers it). The model is fitted on the first quote's signals; the engine takes the best of three."""
    rows = []
    for document, questions in question_set.by_document():
        engine = engines[document.doc_id]
        for question in questions:
            query = engine.reader.read(question.question)
            window = engine.library.window(None)
            quotes = engine.quotes.best(query.terms, query.corrected, 3, window, query.expansion) if query.terms else []
            if not quotes or engine.abstention.reason(query.terms, quotes[0][0]) is not None:
                continue  # declined whatever the confidence
            signals = []
            for quote, _ in quotes:
                found = engine.confidence.signals(query, quote, engine.abstention.coverage(query.terms, quote))
                signals.append(np.array([getattr(found, name) for name in SIGNALS]))
            rows.append((f"{question_set.name}/{document.doc_id}", signals, bool(question.gold)))
    return rows


def fit_logistic(rows, l2: float = 1e-2, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Bias and weights of a logistic regression of "answerable" on the signals, classes weighted equally."""
    x = np.array([np.r_[1.0, r[1][0]] for r in rows])
    y = np.array([r[2] for r in rows], dtype=np.float64)
    balance = np.where(y > 0, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ ((y - p) * balance) / len(y) - l2 * np.r_[0.0, w[1:]]
        w += rate * grad
    return w


def predict(rows, w) -> np.ndarray:
    """The fitted probability of every row: the best of its quotes', as the engine takes it."""
    return np.array([max(1 / (1 + np.exp(-(np.r_[1.0, x] @ w))) for x in r[1]) for r in rows])


def engines_for(sets: list[QuestionSet], analyzer: Analyzer, weights: RankWeights | None = None) -> dict[str, Engine]:
    """One engine per article of the sets (shared between sets asking about the same article)."""
    engines: dict[str, Engine] = {}
    for question_set in sets:
        for document in question_set.documents.values():
            if document.doc_id not in engines:
                engines[document.doc_id] = Engine([document], analyzer, weights=weights)
    return engines


def main(argv: list[str] | None = None) -> int:
    """Fit and print both models with their cross-validated figures."""
    parser = argparse.ArgumentParser(prog="python -m quality.fit")
    parser.add_argument("--skip-ranker", action="store_true")
    args = parser.parse_args(argv)
    analyzer = Analyzer()
    xquad, cross, seed, meaning = xquad_dev_set(), xquad_cross_set(), seed_dev_set(), seed_meaning_dev_set()
    engines = engines_for([xquad, seed], analyzer)
    if not args.skip_ranker:
        rows = ranking_rows(engines, xquad)
        start = np.array(list(asdict(RankWeights()).values()))
        print("ranker, current weights: in-sample Hit@1 (best sentence) %.3f" % hit1(rows, start))
        w = fit_listwise(rows, start=start)
        print("fitted:", dict(zip(RANK_FEATURES, np.round(w, 2).tolist())), "in-sample %.3f" % hit1(rows, w))
        cv = []
        for fold in folds([r[0] for r in rows]):
            train = [r for r in rows if r[0] not in fold]
            test = [r for r in rows if r[0] in fold]
            cv.append((hit1(test, fit_listwise(train, start=start)), len(test)))
        print("4-fold by article: %.3f" % (sum(h * n for h, n in cv) / sum(n for _, n in cv)))
    rows = []
    for question_set in (xquad, cross, seed, meaning):
        rows += confidence_rows(engines, question_set)
    RULE_DECLINED[0] = len(xquad.questions) - sum(1 for r in rows if r[0].startswith("XQuAD-ru dev/"))
    w = fit_logistic(rows)
    print("confidence fitted:", dict(zip(["bias", *SIGNALS], np.round(w, 2).tolist())))
    probability = np.zeros(len(rows))
    for fold in folds([r[0].split("/")[1] for r in rows]):
        train = [r for r in rows if r[0].split("/")[1] not in fold]
        held = [i for i, r in enumerate(rows) if r[0].split("/")[1] in fold]
        probability[held] = predict([rows[i] for i in held], fit_logistic(train))
    report_thresholds(rows, probability)
    return 0


def report_thresholds(rows, probability, most_declined: int = 8) -> float:
    """Per threshold: own-article false abstentions, other-article false answers, per set (of the questions no rule
    declines); returns the highest threshold declining at most `most_declined` own-article XQuAD questions in all,
    counting those the rules decline (the floor of tests/quality/test_floors.py)."""
    names = sorted({r[0].split("/")[0] for r in rows})
    own = [i for i, r in enumerate(rows) if r[0].startswith("XQuAD-ru dev/")]
    chosen = 0.0
    print("threshold | " + " | ".join(names))
    for t in np.arange(0.15, 0.4001, 0.0125):
        cells = []
        for name in names:
            idx = [i for i, r in enumerate(rows) if r[0].split("/")[0] == name]
            pos = [i for i in idx if rows[i][2]]
            neg = [i for i in idx if not rows[i][2]]
            declined = sum(probability[i] < t for i in pos)
            answered = sum(probability[i] >= t for i in neg)
            cells.append(f"declined {declined}/{len(pos)}, answered {answered}/{len(neg)}")
        print(f"{t:.3f} | " + " | ".join(cells))
        if RULE_DECLINED[0] + sum(probability[i] < t for i in own) <= most_declined:
            chosen = float(t)
    print(f"highest threshold declining at most {most_declined} own-article questions (cross-validated): {chosen:.3f}")
    return chosen


if __name__ == "__main__":
    raise SystemExit(main())
