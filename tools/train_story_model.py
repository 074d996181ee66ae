#!/usr/bin/python3
"""Fit the same-story model (lib/story/model.h) and write data/story.model.

Development-time tool: run with Debian's python3 (python3-numpy,
python3-scipy, python3-sklearn; setup.sh installs them).

Data: the SemEval-2022 Task 8 training pairs (a CSV with pair_id, lang1,
lang2, text1, text2, Overall, ...).  Real pairs have ids "digits_digits";
ids with a language suffix are machine-translated copies of other pairs
(--translated adds them to the training folds only; they are never
scored).  --headlines adds, for each real pair whose texts both start with
a headline line, the pair of headlines alone (features with headline = 1),
again to training folds only; their cross-validated figures are reported
apart.

Features come from the library itself: `samestory pairs --features` on the
pairs (the real ones in one run, as ../shared/eval/story_pairs.py runs
them, so document frequencies match).

Model (--kind): "linear": z = bias + w . x, story = sigmoid(z), fitted by
cross-entropy to the soft target t = (4 - Overall) / 3 with an L2 penalty
(a logistic regression on graded labels; the weights read as log-odds per
unit of feature).  "gbm": a small gradient-boosted ensemble of regression
trees (scikit-learn, squared loss on t, learning rate 0.05, 80% subsamples,
fixed seed), story = z clipped to 0..1; its depth and size are chosen by
the inner cross-validation like the penalty.
Every fitted choice is cross-validated with 5 folds grouped by article (an
article that appears in several pairs, or whose translation does, sits in
one fold only):
  - the feature set (backward elimination: a feature stays only while
    dropping it lowers the inner cross-validated Pearson) and the penalty
    are chosen inside each outer training fold (nested), so the reported
    Pearson is on pairs none of those choices saw;
  - the calibration p_same = sigmoid(a z + b) of "same story" (Overall <= 2)
    is fitted on out-of-fold z;
  - the default threshold is the lowest within 0.01 of the best F1 of
    "same story" on out-of-fold probabilities; headline-only articles share
    it (57 headline pairs are too few to choose one of their own), unless
    --allsides FILE gives public headline data with story labels: then the
    headline threshold is the lowest within 0.01 of the best B-cubed F1 of
    `samestory stories` (with the new model) on the first half by date of
    those headlines; the second half is held apart for the figure
    (bench/headlines_allsides.py --part test).

Usage:
  /usr/bin/python3 tools/train_story_model.py --bin build/samestory \\
      --csv ../shared/data/semeval2022/train.csv --headlines --out data/story.model
  /usr/bin/python3 tools/train_story_model.py --bin build/samestory \\
      --headline-only data/story.model --allsides FILE --out data/story.model
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib

import numpy as np
from scipy.optimize import minimize
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

FOLDS = 5
PENALTIES = (0.0003, 0.003, 0.03)  # L2 strength per pair, the grid searched
GBM_GRID = ((2, 100), (3, 60), (3, 120))  # (depth, trees) searched for --kind gbm
GBM_RATE = 0.05                 # shrinkage: small steps, few trees
GBM_SEED = 1
F1_TOLERANCE = 0.01             # thresholds this close to the best F1 count as ties
SAME_MAX_OVERALL = 2.0           # "same story": Overall 1 (very) or 2 (somewhat similar)
HEADLINE_MAX_CHARS = 200         # a first line this short is a headline (as the featurizer says)
MAGIC = "samestory-story-model 1"


def run_features(binary, recs):
    """Pair features by pair id, through `samestory pairs --features`."""
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    try:
        p = subprocess.run([binary, "pairs", "-q", "--features", path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False)
    finally:
        os.unlink(path)
    if p.returncode != 0:
        sys.exit("train: samestory pairs failed: " + p.stderr.decode("utf-8", "replace")[-2000:])
    out = {}
    names = None
    for line in p.stdout.decode("utf-8").splitlines():
        o = json.loads(line)
        if names is None:
            names = list(o["features"])
        out[o["id"]] = [o["features"][n] for n in names]
    return out, names


def headline(text):
    nl = text.find("\n")
    if 0 < nl <= HEADLINE_MAX_CHARS and text[nl + 1:].strip():
        return text[:nl].strip()
    return None


def article(i):
    return re.match(r"\d+", i).group(0)


def groups_of(pair_ids):
    """Connected components of articles: pairs sharing an article share a group."""
    parent = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    for pid in pair_ids:
        a, b = (article(x) for x in pid.split("_"))
        parent[find(a)] = find(b)
    return {pid: find(article(pid.split("_")[0])) for pid in pair_ids}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def fit(X, t, lam):
    """Soft-target logistic regression; returns (bias, weights)."""
    n, d = X.shape
    Xb = np.hstack([np.ones((n, 1)), X])

    def loss(w):
        z = Xb @ w
        # cross-entropy with soft targets, stable form
        ll = np.sum(np.logaddexp(0, z) - t * z) / n + lam * np.sum(w[1:] ** 2) / 2
        g = Xb.T @ (sigmoid(z) - t) / n
        g[1:] += lam * w[1:]
        return ll, g
    r = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B")
    return r.x[0], r.x[1:]


class Linear:
    def __init__(self, lam):
        self.lam = lam

    def fit(self, X, t):
        self.b, self.w = fit(X, t, self.lam)
        return self

    def z(self, X):
        return self.b + X @ self.w

    def story(self, X):
        return sigmoid(self.z(X))


class Boosted:
    def __init__(self, hp):
        self.depth, self.n = hp

    def fit(self, X, t):
        self.m = GradientBoostingRegressor(max_depth=self.depth, n_estimators=self.n,
                                           learning_rate=GBM_RATE, subsample=0.8,
                                           random_state=GBM_SEED).fit(X, t)
        return self

    def z(self, X):
        return self.m.predict(X)

    def story(self, X):
        return np.clip(self.z(X), 0, 1)


KIND = {"linear": (Linear, PENALTIES), "gbm": (Boosted, GBM_GRID)}


def pearson(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def cv_predict(data, train_idx, cols, hp, extra_idx=(), kind="linear"):
    """Out-of-fold z for rows train_idx (grouped folds); extra rows (augmented
    pairs) join the training side of every fold whose test groups they miss."""
    X, t, g = data["X"], data["t"], data["g"]
    z = np.zeros(len(train_idx))
    gkf = GroupKFold(n_splits=FOLDS)
    for tr, te in gkf.split(train_idx, groups=g[train_idx]):
        test_groups = set(g[train_idx[te]])
        aug = [i for i in extra_idx if g[i] not in test_groups]
        rows = np.concatenate([train_idx[tr], np.array(aug, dtype=int)])
        m = KIND[kind][0](hp).fit(X[rows][:, cols], t[rows])
        z[te] = m.z(X[train_idx[te]][:, cols])
    return z


def to_story(kind, z):
    return sigmoid(z) if kind == "linear" else np.clip(z, 0, 1)


def choose(data, idx, extra, names, kind, log=None):
    """Feature set and penalty (or tree size) by inner cross-validated
    Pearson on rows idx."""
    y = data["t"][idx]
    grid = KIND[kind][1]

    def score(cols, hp):
        return pearson(to_story(kind, cv_predict(data, idx, cols, hp, extra, kind)), y)
    cols = list(range(len(names)))
    best_lam = max(grid, key=lambda hp: score(cols, hp))
    best = score(cols, best_lam)
    improved = True
    while improved and len(cols) > 1:
        improved = False
        trials = [(score([c for c in cols if c != d], best_lam), d) for d in cols]
        s, d = max(trials)
        if s >= best:          # dropping it does not hurt: the feature gains nothing
            if log:
                log(f"  drop {names[d]}: inner CV r {best:.4f} -> {s:.4f}")
            cols.remove(d)
            best = s
            improved = True
    best_lam = max(grid, key=lambda hp: score(cols, hp))
    return cols, best_lam, score(cols, best_lam)


def best_f1_threshold(p, same):
    """The lowest threshold whose F1 of "same story" is within F1_TOLERANCE of
    the best: F1 is flat near its top (its standard error on 757 pairs is
    about 0.015), and stories compare an article with a story's profile,
    which scores lower than two of its members do, so of equal choices the
    one that joins more is taken."""
    curve = []
    for th in np.arange(0.05, 0.951, 0.01):
        pred = p >= th
        tp = np.sum(pred & same)
        prec = tp / max(1, np.sum(pred))
        rec = tp / max(1, np.sum(same))
        curve.append((0 if prec + rec == 0 else 2 * prec * rec / (prec + rec), float(round(th, 2))))
    top = max(f for f, _ in curve)
    return next((f, th) for f, th in curve if f >= top - F1_TOLERANCE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--csv", help="the SemEval-2022 training pairs (needed unless --headline-only)")
    ap.add_argument("--translated", action="store_true", help="train also on machine-translated pairs")
    ap.add_argument("--headlines", action="store_true", help="train also on headline-only pairs")
    ap.add_argument("--kind", choices=sorted(KIND), default="linear")
    ap.add_argument("--drop", default="", help="comma-separated features never offered to the model")
    ap.add_argument("--out", help="write the model here")
    ap.add_argument("--allsides", help="AllSides headline roundups (see bench/headlines_allsides.py): "
                    "choose the headline threshold on their first half by date (needs --out)")
    ap.add_argument("--headline-only", metavar="MODEL",
                    help="keep MODEL's weights and thresholds and choose only its headline "
                    "threshold with --allsides, writing --out")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.headline_only:
        if not (args.allsides and args.out):
            ap.error("--headline-only needs --allsides and --out")
        rechoose_headline(args)
        return
    if not args.csv:
        ap.error("--csv is required")
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))

    csv.field_size_limit(1 << 30)
    rows, seen = [], set()
    for r in csv.DictReader(open(args.csv, encoding="utf-8")):
        if r["pair_id"] in seen:
            continue
        seen.add(r["pair_id"])
        rows.append(r)
    real = [r for r in rows if re.fullmatch(r"\d+_\d+", r["pair_id"])]
    trans = [r for r in rows if not re.fullmatch(r"\d+_\d+", r["pair_id"])]

    def rec(r, pid, t1, t2, head=False):
        i1, i2 = r["pair_id"].split("_")
        if head:
            return {"id": pid, "a": {"id": "h" + i1, "lang": r["lang1"], "title": t1, "text": ""},
                    "b": {"id": "h" + i2, "lang": r["lang2"], "title": t2, "text": ""}}
        return {"id": pid, "a": {"id": i1, "lang": r["lang1"], "text": t1},
                "b": {"id": i2, "lang": r["lang2"], "text": t2}}

    feats, names = run_features(args.bin, [rec(r, r["pair_id"], r["text1"], r["text2"]) for r in real])
    items = [(r["pair_id"], r, "real") for r in real]
    if args.translated:
        f2, _ = run_features(args.bin, [rec(r, r["pair_id"], r["text1"], r["text2"]) for r in trans])
        feats.update(f2)
        items += [(r["pair_id"], r, "trans") for r in trans]
    heads = []
    for r in real:
        h1, h2 = headline(r["text1"]), headline(r["text2"])
        if h1 and h2:
            heads.append(rec(r, "h:" + r["pair_id"], h1, h2, head=True))
    f3, _ = run_features(args.bin, heads)
    feats.update(f3)
    byid = {r["pair_id"]: r for r in rows}
    items += [(h["id"], byid[h["id"][2:]], "head") for h in heads]

    dropped = {d for d in args.drop.split(",") if d}
    offer = [i for i, n in enumerate(names) if n not in dropped]
    onames = [names[i] for i in offer]
    X = np.array([[feats[pid][i] for i in offer] for pid, _, _ in items])
    overall = np.array([float(r["Overall"]) for _, r, _ in items])
    t = (4.0 - overall) / 3.0
    pids = [pid.split(":")[-1] for pid, _, _ in items]
    gmap = groups_of(pids)
    g = np.array([gmap[p] for p in pids])
    kind = np.array([k for _, _, k in items])
    lp = np.array([f'{r["lang1"]}-{r["lang2"]}' for _, r, _ in items])
    data = {"X": X, "t": t, "g": g}
    idx_real = np.where(kind == "real")[0]
    idx_head = np.where(kind == "head")[0]
    extra = list(np.where(kind == "trans")[0]) + (list(idx_head) if args.headlines else [])

    # ---- nested cross-validation: the held-out figures --------------------
    mk = args.kind
    Model = KIND[mk][0]
    log(f"pairs: {len(idx_real)} real, {len(idx_head)} headline, {np.sum(kind == 'trans')} translated; "
        f"features offered: {', '.join(onames)}; model {mk}")

    def held_out(cols, hp, choose_inside):
        """Out-of-fold z of real and headline pairs (5 grouped folds); with
        choose_inside, features and hp are chosen in each training fold."""
        z_out, zh_out, sets = np.zeros(len(idx_real)), np.zeros(len(idx_head)), []
        for k, (tr, te) in enumerate(GroupKFold(n_splits=FOLDS).split(idx_real, groups=g[idx_real])):
            test_groups = set(g[idx_real[te]])
            ex = [i for i in extra if g[i] not in test_groups]
            c, h = cols, hp
            if choose_inside:
                c, h, inner = choose(data, idx_real[tr], ex, onames, mk)
                sets.append(([onames[j] for j in c], h))
                log(f"outer fold {k + 1}: inner r {inner:.4f}, {h}, features {', '.join(sets[-1][0])}")
            rf = np.concatenate([idx_real[tr], np.array(ex, dtype=int)])
            m = Model(h).fit(X[rf][:, c], t[rf])
            z_out[te] = m.z(X[idx_real[te]][:, c])
            hte = [j for j, i in enumerate(idx_head) if g[i] in test_groups]
            if hte:
                zh_out[hte] = m.z(X[idx_head[hte]][:, c])
        return z_out, zh_out, sets

    z_out, zh_out, chosen_sets = held_out(None, None, True)
    story_out = to_story(mk, z_out)
    r_cv = pearson(story_out, -overall[idx_real])
    per = {}
    for l in sorted(set(lp[idx_real]), key=lambda l: -np.sum(lp[idx_real] == l)):
        m = lp[idx_real] == l
        if m.sum() >= 20:
            per[l] = pearson(story_out[m], -overall[idx_real][m])
    rh_cv = pearson(to_story(mk, zh_out), -overall[idx_head]) if len(idx_head) else 0.0

    # ---- the final model: choices by 5-fold CV on all real pairs ----------
    cols, hp, inner = choose(data, idx_real, extra, onames, mk, log)
    rows_fit = np.concatenate([idx_real, np.array(extra, dtype=int)])
    final = Model(hp).fit(X[rows_fit][:, cols], t[rows_fit])
    r_in = pearson(final.story(X[idx_real][:, cols]), -overall[idx_real])
    # calibration and thresholds on out-of-fold z of the chosen model
    z_cv, zh_cv, _ = held_out(cols, hp, False)
    same = overall[idx_real] <= SAME_MAX_OVERALL
    hsame = overall[idx_head] <= SAME_MAX_OVERALL
    zc = np.concatenate([z_cv, zh_cv]) if args.headlines else z_cv
    sc = np.concatenate([same, hsame]) if args.headlines else same
    cal = LogisticRegression(C=1e6).fit(zc.reshape(-1, 1), sc)
    a_cal, b_cal = float(cal.coef_[0][0]), float(cal.intercept_[0])
    f1, th = best_f1_threshold(sigmoid(a_cal * z_cv + b_cal), same)
    # the headline pairs are too few (57) to choose a threshold of their own
    # (their best-F1 threshold moved between 0.09 and 0.81 from one feature
    # set to the next); the probability already weighs the headline feature
    # when it is chosen, so headlines share the threshold.
    hth = th
    hp_ = sigmoid(a_cal * zh_cv + b_cal) >= hth
    htp = np.sum(hp_ & hsame)
    hprec, hrec = htp / max(1, np.sum(hp_)), htp / max(1, np.sum(hsame))
    hf1 = 0 if hprec + hrec == 0 else 2 * hprec * hrec / (hprec + hrec)

    print(f"cv_pearson={r_cv:.4f} (nested 5-fold grouped; in-sample of the final model {r_in:.4f})")
    print("cv_by_language " + " ".join(f"{l}:{v:.3f}" for l, v in per.items()))
    print(f"cv_headline_pairs_pearson={rh_cv:.4f} ({len(idx_head)} pairs)")
    print(f"final features: {', '.join(onames[c] for c in cols)}; {hp}; inner CV r {inner:.4f}")
    if mk == "linear":
        print("weights: " + " ".join(f"{onames[c]}={wi:+.3f}" for c, wi in zip(cols, final.w))
              + f" bias={final.b:+.3f}")
    else:
        imp = final.m.feature_importances_
        print("importance: " + " ".join(f"{onames[c]}={v:.3f}" for c, v in zip(cols, imp)))
    print(f"calibration a={a_cal:.4f} b={b_cal:.4f}; threshold {th} (CV F1 {f1:.3f}), "
          f"headline threshold {hth} (CV F1 {hf1:.3f})")
    print("chosen per outer fold: " + " | ".join(f"{','.join(c)} {h}" for c, h in chosen_sets))
    if args.out:
        cmd = "tools/train_story_model.py " + without_out(sys.argv[1:])
        lines = [MAGIC,
                 f"data SemEval-2022 Task 8 training pairs ({os.path.basename(args.csv)}: {len(idx_real)} real"
                 + (f", {np.sum(kind == 'trans')} machine-translated" if args.translated else "")
                 + (f", {len(idx_head)} headline-only" if args.headlines else "") + ")",
                 f"command {cmd}",
                 f"# cross-validated Pearson {r_cv:.4f} (nested, 5 grouped folds); in-sample {r_in:.4f}",
                 "# per language pair (CV): " + " ".join(f"{l} {v:.3f}" for l, v in per.items())]
        if mk == "linear":
            lines += [f"# L2 penalty {hp}; z = bias + sum(weight * feature); story = 1/(1+exp(-z))",
                      "link logistic"]
            lines += [f"feature {onames[c]} {wi:.9g}" for c, wi in zip(cols, final.w)]
            bias = final.b
        else:
            lines += [f"# {hp[1]} regression trees of depth {hp[0]}, learning rate {GBM_RATE}; "
                      "z = bias + sum of the trees' leaves; story = z clipped to 0..1", "link identity"]
            lines += tree_lines(final.m, [onames[c] for c in cols])
            x0 = X[idx_real[:1]][:, cols]
            bias = float(final.m.predict(x0)[0]) - sum(
                GBM_RATE * float(e[0].predict(x0)[0]) for e in final.m.estimators_)
        lines += [f"bias {bias:.17g}", f"same {a_cal:.9g} {b_cal:.9g}",
                  "# threshold: the lowest within 0.01 of the best F1 of same story (Overall <= 2) "
                  "on held-out folds; headline-only articles share it",
                  f"threshold {th:.2f}", f"headline_threshold {hth:.2f}"]
        write_model(args.out, lines)
        if args.allsides:
            hth, note = allsides_threshold(args.bin, args.out, args.allsides)
            lines[-3] = ("# threshold: the lowest within 0.01 of the best F1 of same story (Overall <= 2) "
                         "on held-out folds")
            lines[-1] = f"headline_threshold {hth:.2f}"
            lines.insert(len(lines) - 1, "# headline_threshold: " + note)
            write_model(args.out, lines)
        print(f"wrote {args.out}")


def rechoose_headline(args):
    """--headline-only: the model file's lines as they are, but the
    headline threshold chosen on the AllSides design half and a comment
    recording how."""
    with open(args.headline_only, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("crc32 ")]
    lines = [l for l in lines if not l.startswith("# headline_threshold:")]
    at = next(i for i, l in enumerate(lines) if l.startswith("headline_threshold "))
    write_model(args.out, lines)
    hth, note = allsides_threshold(args.bin, args.out, args.allsides)
    cmd = "tools/train_story_model.py " + without_out(sys.argv[1:])
    lines[at] = f"headline_threshold {hth:.2f}"
    lines.insert(at, f"# headline_threshold: {note}; set by {cmd}")
    for i, l in enumerate(lines):
        if l.startswith("# threshold:"):
            lines[i] = l.replace("; headline-only articles share it", "")
    write_model(args.out, lines)
    print(f"wrote {args.out}: headline_threshold {hth:.2f}")


def without_out(argv):
    """The command's arguments but --out and its value."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--out":
            skip = True
        elif not a.startswith("--out="):
            out.append(a)
    return " ".join(out)


def write_model(path, lines):
    body = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(body + f"crc32 {zlib.crc32(body):08x}\n".encode())


HEADLINE_GRID = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def allsides_threshold(binary, model, data):
    """The headline threshold: `samestory stories` with the model just
    written on the headlines of the first half (by date) of the AllSides
    roundups (bench/headlines_allsides.py --part design), each threshold of
    HEADLINE_GRID; the best B-cubed F1 (the lowest of ties).  Not the
    rule of the pair threshold (the lowest within 0.01 of the best): that
    rule leans toward joining because a story's profile scores lower than
    two of its members, but this F1 is measured on `stories` itself, where
    that is already counted.  The second half is left for the figure.
    Returns (threshold, a note for the model file)."""
    bench = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         "bench", "headlines_allsides.py")
    env = dict(os.environ, SAMESTORY_MODEL=os.path.abspath(model))
    scores = []
    for t in HEADLINE_GRID:
        out = subprocess.run([sys.executable, bench, "--bin", binary, "--data", data, "--part", "design",
                              "--", "--headline-threshold", f"{t}"], env=env, check=True,
                             stdout=subprocess.PIPE).stdout.decode()
        f1 = float(re.search(r"bcubed_f1=([0-9.]+)", out).group(1))
        scores.append((t, f1))
        print(f"headline threshold {t}: AllSides design half B-cubed F1 {f1:.4f}")
    best = max(f for _, f in scores)
    t = min(t for t, f in scores if f >= best)
    return t, (f"the best B-cubed F1 of `stories` on the headlines of the "
               f"first half by date of the AllSides roundups ({os.path.basename(data)}; "
               f"F1 {best:.4f})")


def tree_lines(gbm, names):
    """The ensemble's trees as model-file lines, leaves scaled by the rate."""
    out = []
    for est in gbm.estimators_:
        tr = est[0].tree_
        out.append(f"tree {tr.node_count}")
        for i in range(tr.node_count):
            if tr.children_left[i] < 0:
                out.append(f"leaf {GBM_RATE * float(tr.value[i][0][0]):.17g}")
            else:
                out.append(f"split {names[tr.feature[i]]} {float(tr.threshold[i]):.17g} "
                           f"{tr.children_left[i]} {tr.children_right[i]}")
    return out


if __name__ == "__main__":
    main()
