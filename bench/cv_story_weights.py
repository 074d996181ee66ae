#!/usr/bin/python3
"""Cross-validated Pearson r of the story similarity's fitted weights.

lib/story/similarity.c combines the field cosines of two articles as

    story = clip(time * (BIAS + W_TERMS sqrt(terms) + W_ENTS sqrt(names)
                         + W_NUMS numbers + W_LEAD sqrt(lead)))

(across languages the pivot cosine stands in for terms and lead when it is
higher), with the five parameters fitted by least squares, weights not
negative, to (4 - Overall) / 3 on the SemEval-2022 Task 8 training pairs.
Pearson r of `samestory pairs` on those same pairs (story_pairs.py) is an
in-sample figure.  This script refits the five parameters on k - 1 folds
from the cosines `samestory pairs` reports ("evidence"), scores the held-out
fold, and prints Pearson r of all held-out scores against -Overall, for
several random fold splits; and the in-sample r of the shipped weights and
of a refit on all pairs, for comparison.

    /usr/bin/python3 bench/cv_story_weights.py --bin build/samestory \
        --csv ../shared/data/semeval2022/train.csv [--folds 5 --repeats 20]

Needs numpy: Debian's python3-numpy (setup.sh), so run it with /usr/bin/python3
when another python3 comes first in PATH.
"""
import argparse
import csv
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import numpy as np

SHIPPED = (-0.03, 0.54, 0.11, 0.09, 0.62)  # BIAS, W_TERMS, W_ENTS, W_NUMS, W_LEAD


def load_pairs(path):
    """(records for `samestory pairs`, {pair id: Overall}) of the real pairs."""
    csv.field_size_limit(1 << 30)
    recs, gold = [], {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            pid = r["pair_id"]
            if not re.fullmatch(r"\d+_\d+", pid):
                continue  # machine-translated augmentations
            seen = pid in gold
            gold[pid] = float(r["Overall"])  # a repeated pair: its last rating, as story_pairs.py
            if seen:
                continue
            a, b = pid.split("_")
            recs.append({"id": pid, "a": {"id": a, "lang": r["lang1"], "text": r["text1"]},
                         "b": {"id": b, "lang": r["lang2"], "text": r["text2"]}})
    return recs, gold


def evidence(binary, recs):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "pairs.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        out = subprocess.run([binary, "pairs", "-q", path], capture_output=True, text=True, check=True)
    res = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        res[o["id"]] = (o["evidence"], float(o["story"]))
    return res


def design(ev):
    """Row [time, time*sqrt(terms'), time*sqrt(names), time*numbers, time*sqrt(lead')]."""
    t, n, num, lead = (np.sqrt(ev["terms"]), np.sqrt(ev["names"]), ev["numbers"],
                       np.sqrt(ev["lead"]))
    if ev.get("pivot", 0) > 0:
        p = np.sqrt(ev["pivot"])
        t, lead = max(t, p), max(lead, p)
    days = ev.get("days_apart", -1)
    tf = 1.0 if days < 0 or days <= 2 else 1.0 / (1.0 + (days - 2.0) / 12.0)
    return [tf, tf * t, tf * n, tf * num, tf * lead]


def fit(X, y):
    """Least squares with the four weights (not the bias) non-negative: the
    best of the unconstrained fits over every set of weights held at 0."""
    best, best_sse = None, None
    for zero in itertools.chain.from_iterable(itertools.combinations(range(1, 5), k) for k in range(5)):
        keep = [j for j in range(5) if j not in zero]
        w, *_ = np.linalg.lstsq(X[:, keep], y, rcond=None)
        if any(w[i] < 0 for i, j in enumerate(keep) if j > 0):
            continue
        full = np.zeros(5)
        full[keep] = w
        sse = float(np.sum((X @ full - y) ** 2))
        if best_sse is None or sse < best_sse:
            best, best_sse = full, sse
    return best


def score(X, w):
    return np.clip(X @ w, 0.0, 1.0)


def pearson(x, y):
    return float(np.corrcoef(x, y)[0, 1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--csv", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    recs, gold = load_pairs(args.csv)
    got = evidence(args.bin, recs)
    ids = [r["id"] for r in recs if r["id"] in got]
    X = np.array([design(got[i][0]) for i in ids])
    y = np.array([(4.0 - gold[i]) / 3.0 for i in ids])
    truth = np.array([-gold[i] for i in ids])
    shipped = np.array([got[i][1] for i in ids])
    print(f"pairs {len(ids)} of {len(recs)}")
    print(f"in-sample r, shipped weights (samestory pairs): {pearson(shipped, truth):.4f}")
    print(f"in-sample r, shipped weights (recomputed here): {pearson(score(X, np.array(SHIPPED)), truth):.4f}")
    w_all = fit(X, y)
    print(f"in-sample r, refit on all pairs: {pearson(score(X, w_all), truth):.4f} "
          f"(weights {' '.join(f'{v:.3f}' for v in w_all)})")
    rs = []
    for rep in range(args.repeats):
        order = list(range(len(ids)))
        random.Random(rep).shuffle(order)
        pred = np.zeros(len(ids))
        for k in range(args.folds):
            test = order[k::args.folds]
            train = np.ones(len(ids), bool)
            train[test] = False
            w = fit(X[train], y[train])
            pred[test] = score(X[test], w)
        rs.append(pearson(pred, truth))
    rs = np.array(rs)
    print(f"{args.folds}-fold cross-validated r (held-out scores pooled), {args.repeats} splits: "
          f"mean {rs.mean():.4f}, min {rs.min():.4f}, max {rs.max():.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
