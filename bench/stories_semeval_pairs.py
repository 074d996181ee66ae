#!/usr/bin/env python3
"""Story grouping judged by labelled pairs: SemEval-2022 Task 8 articles
as one stream.

Every article of the pairs (../shared/data/semeval2022/train.csv; texts
as the CSV gives them, the language given, no dates: the set has none, so
every article falls in one window unless its text dates it) is written to
a temporary JSONL file once and run as
    samestory stories FILE
Each labelled pair is then a decision of the grouping: the two articles
in one story or not, against the annotators' Overall score (1-2: the same
story).  Prints the pairs' precision, recall and F1 of "same story".
--cross keeps the pairs of two languages (de-en, zh-en, es-en, es-it,
pl-en, de-fr: 383 pairs, 729 articles).  The story model was fitted on
these pairs (as pairs, not as a grouping), so the figure checks changes
of the grouping, not the model.

    /usr/bin/python3 bench/stories_semeval_pairs.py [--bin build/samestory] [--cross]
"""
import argparse
import csv
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "samestory"))
    ap.add_argument("--csv", default=os.path.join(HERE, "..", "..", "shared", "data", "semeval2022", "train.csv"))
    ap.add_argument("--cross", action="store_true", help="only pairs of two languages")
    args = ap.parse_args()
    csv.field_size_limit(1 << 30)
    docs, pairs = {}, []
    with open(args.csv, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if args.cross and r["lang1"] == r["lang2"]:
                continue
            a, b = r["pair_id"].split("_")
            docs.setdefault(a, {"id": a, "lang": r["lang1"], "text": r["text1"]})
            docs.setdefault(b, {"id": b, "lang": r["lang2"], "text": r["text2"]})
            pairs.append((a, b, float(r["Overall"])))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "docs.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for d in docs.values():
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        out = subprocess.run([args.bin, "stories", "--quiet", path], capture_output=True, text=True,
                             check=True).stdout
    of = {}
    for line in out.splitlines():
        s = json.loads(line)
        for a in s["articles"]:
            of[a] = s["story"]
    tp = fp = fn = 0
    for a, b, overall in pairs:
        same, truth = of[a] == of[b], overall <= 2.0
        tp += same and truth
        fp += same and not truth
        fn += truth and not same
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"articles={len(docs)} pairs={len(pairs)} same-story: tp={tp} fp={fp} fn={fn} "
          f"precision={p:.3f} recall={r:.3f} f1={f1:.3f}")


if __name__ == "__main__":
    main()
