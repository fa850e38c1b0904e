"""Trains the scrubber's learned second opinion (``lifelong/learning/scrub/learned.py``) on
the labelled scrub corpora and writes its weights next to that module.

    python bench/data/scrub/train_learned.py   # train, write the weights, measure the honest one

By default every corpus of ``bench/data/scrub`` but the newest blind one is trained on (that
one is bench/scrub.py's honest corpus: never trained on); ``--hold NAME ...`` keeps others
out instead, ``--out`` writes the weights elsewhere (to try a change without shipping it).

Every candidate stretch of every turn (``learned.candidates``) is one example: ``SECRET``
where it overlaps a substring of a secret turn that must not survive, ``PERSONAL`` where it
overlaps one of a personal-data turn, ``none`` otherwise (and always in ordinary turns). A
multinomial logistic regression over the hashed features (``learned.features``).

The threshold is chosen without the corpora it is measured on: each corpus in
turn is left out, a model trained on the rest scores its candidates, and the threshold is
the lowest at which the whole scrubber (the finders, then this model) changes no more than
``--fp-budget`` of the left-out corpora's ordinary turns beyond what the finders alone do.
Corpora named by ``--hold`` are never trained on nor used to choose: ``--hold`` prints the
scrubber's recall and false positives on them with and without the model.

Deterministic: the same corpora give the same weights (lbfgs from zero, no shuffling).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scrub import leaked  # noqa: E402  (bench/scrub.py: what counts as left behind)

from lifelong.learning.scrub import Scrubber  # noqa: E402
from lifelong.learning.scrub.learned import (  # noqa: E402
    BUCKETS,
    CLASSES,
    WEIGHTS,
    LearnedFinder,
    candidates,
    features,
    fingerprint,
    hashed,
)

DATA = Path(__file__).resolve().parent
LABEL = {"secret": 1, "pii": 2}


def corpora() -> dict[str, list[dict[str, Any]]]:
    found = {}
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            found[path.stem] = [json.loads(line) for line in f if line.strip()]
    return found


def _spans(row: dict[str, Any]) -> list[tuple[int, int]]:
    text = row["text"]
    spans = []
    for secret in row["secrets"]:
        at = text.find(secret)
        while at >= 0:
            spans.append((at, at + len(secret)))
            at = text.find(secret, at + 1)
    return spans


def examples(rows: Sequence[dict[str, Any]]) -> tuple[list[list[int]], list[int]]:
    xs: list[list[int]] = []
    ys: list[int] = []
    for row in rows:
        text = row["text"]
        spans = _spans(row)
        for start, end in candidates(text):
            hit = any(start < e and s < end for s, e in spans)
            xs.append(hashed(features(text, start, end)))
            ys.append(LABEL[row["category"]] if hit else 0)
    return xs, ys


def matrix(xs: list[list[int]]) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(x) for x in xs])
    indices = np.fromiter((i for x in xs for i in x), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    m = sparse.csr_matrix((data, indices, indptr), shape=(len(xs), BUCKETS))
    m.sum_duplicates()
    return m


def fit(rows: Sequence[dict[str, Any]], c: float) -> np.ndarray:
    xs, ys = examples(rows)
    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(matrix(xs), np.array(ys))
    weights = np.zeros((BUCKETS, len(CLASSES)), dtype=np.float32)
    for k, cls in enumerate(model.classes_):
        weights[:, cls] = model.coef_[k]
    return weights


def measure(scrubber: Scrubber, rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    caught = {"secret": [], "pii": []}
    changed = 0
    negatives = 0
    for row in rows:
        out = scrubber(row["text"])
        if row["category"] == "negative":
            negatives += 1
            changed += out != row["text"]
        else:
            left = any(leaked(secret, out, row["text"]) for secret in row["secrets"])
            caught[row["category"]].append(not left)
    return {
        "secret_recall": round(float(np.mean(caught["secret"])), 3),
        "pii_recall": round(float(np.mean(caught["pii"])), 3),
        "false_positive_rate": round(changed / max(1, negatives), 4),
    }


def with_model(weights: np.ndarray, threshold: float) -> Scrubber:
    scrubber = Scrubber(learned=False)
    scrubber._finders += (LearnedFinder(weights, threshold),)  # these weights, not the shipped
    return scrubber


def rules_only() -> Scrubber:
    return Scrubber(learned=False)


def choose_threshold(train: dict[str, list[dict[str, Any]]], c: float, budget: float) -> float:
    """Leave each corpus out in turn; the lowest threshold at which the model changes at most
    ``budget`` of the left-out ordinary turns the rules left alone."""
    rules = rules_only()
    grid = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99]
    added = {t: 0 for t in grid}
    negatives = 0
    for name in train:
        rest = [row for other, rows in train.items() if other != name for row in rows]
        finder = LearnedFinder(fit(rest, c), 0.0)
        for row in train[name]:
            if row["category"] != "negative" or rules(row["text"]) != row["text"]:
                continue
            negatives += 1
            top = max(
                1.0 - float(finder.probabilities(row["text"], s, e)[0])
                for s, e in candidates(row["text"])
            ) if candidates(row["text"]) else 0.0  # fmt: skip
            for t in grid:
                added[t] += top >= t
        print(f"  left out {name}", file=sys.stderr)
    rates = {t: added[t] / max(1, negatives) for t in grid}
    print(f"  false positives added, by threshold: {rates}", file=sys.stderr)
    return next((t for t in grid if rates[t] <= budget), grid[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    blinds = sorted(
        (p.stem for p in DATA.glob("blind*.jsonl")),
        key=lambda stem: int(stem.removeprefix("blind") or 1),
    )
    parser.add_argument(
        "--hold", nargs="*", default=blinds[-1:],
        help="corpora kept out and measured on (by default the newest blind one, the honest "
        "corpus of bench/scrub.py; --hold with no names trains on every corpus)",
    )  # fmt: skip
    parser.add_argument("--c", type=float, default=3.0, help="inverse regularisation")
    parser.add_argument("--fp-budget", type=float, default=0.01)
    parser.add_argument("--out", type=Path, default=None, help="where to write the weights")
    args = parser.parse_args()
    every = corpora()
    train = {k: v for k, v in every.items() if k not in args.hold}
    threshold = choose_threshold(train, args.c, args.fp_budget)
    weights = fit([row for rows in train.values() for row in rows], args.c)
    if args.hold:
        model = with_model(weights, threshold)
        rules = rules_only()
        for name in args.hold:
            print(name, "rules", measure(rules, every[name]), "with model",
                  measure(model, every[name]), "threshold", threshold)  # fmt: skip
    out = args.out if args.out is not None else WEIGHTS
    if out is not None:
        used = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-4)
        np.savez_compressed(
            out, rows=used.astype(np.int32), values=weights[used].astype(np.float16),
            threshold=threshold, corpora=np.array(sorted(train)),
            fingerprint=fingerprint(row["text"] for name in sorted(train) for row in train[name]),
        )  # fmt: skip
        print(f"wrote {out}: {len(used)} of {BUCKETS} feature buckets used")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
