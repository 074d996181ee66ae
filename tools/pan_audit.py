#!/usr/bin/env python3
"""Where `samestory reuse` and the PAN-13 gold disagree, which one holds the text.

Runs the same pairs as ../shared/eval/reuse_pan.py (each suspicious document
against its paired source, and against one unrelated source chosen the same
way) and looks at every disagreement the PAN measures punish:

  shifted     a detection that overlaps a gold case but covers less than 97%
              of it, or the case covers less than 97% of the detection; the
              two passages (detection and case) are each compared word by
              word with their own source side (difflib ratio over lower-cased
              words), so the one whose two sides say the same words is the
              one that points at the reused text
  unlabelled  a detection with no gold case (on a paired or unrelated source):
              printed with both texts' first words for a reader to judge

It prints one line per disagreement and a summary:
    shifted: N (detection closer to its source: A, gold closer: B, tie: C)
The figures are a reading aid for docs/REUSE.md, not a score: nothing is
fitted on them.

    python3 tools/pan_audit.py [--bin build/samestory] [--data ../shared/data/pan13]
"""
import argparse
import difflib
import json
import os
import random
import re
import subprocess
import xml.etree.ElementTree as ET

WORD = re.compile(r"\w+")
CLOSE = 0.97   # coverage under which a detection and a case disagree
TIE = 0.02     # word-ratio difference under which neither side is closer


def words(text):
    return WORD.findall(text.lower())


def ratio(a, b):
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def reuse(binary, a, b):
    p = subprocess.run([binary, "reuse", a, b], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise SystemExit(f"pan_audit: samestory reuse {a} {b} failed: {p.stderr.strip()}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def spans(passages, susp, src):
    out = []
    for p in passages:
        ids = {p.get("a"): p.get("a_span"), p.get("b"): p.get("b_span")}
        if ids.get(susp) and ids.get(src):
            out.append((tuple(ids[susp]), tuple(ids[src])))
    return out


def overlap(x, y):
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--data", default=os.path.join("..", "shared", "data", "pan13"))
    args = ap.parse_args()
    docs = os.path.join(args.data, "docs")
    pairs = [l.split("\t") for l in open(os.path.join(args.data, "pairs.tsv"), encoding="utf-8").read().splitlines()]
    srcs = sorted({s for _, s in pairs})
    related = {}
    for name in ("pairs.tsv", "all_pairs.tsv"):
        path = os.path.join(args.data, name)
        if os.path.exists(path):
            for line in open(path, encoding="utf-8").read().splitlines():
                a, c = line.split("\t")
                related.setdefault(a, set()).add(c)
    rng = random.Random(13)  # the unrelated sources reuse_pan.py draws
    det_closer = gold_closer = tie = unlabelled = 0
    for susp, src in pairs:
        s = open(os.path.join(docs, susp), encoding="utf-8").read()
        r = open(os.path.join(docs, src), encoding="utf-8").read()
        gold = ET.parse(os.path.join(args.data, "gold", f"{susp[:-4]}-{src[:-4]}.xml")).getroot()
        cases = []
        for f in gold.iter("feature"):
            if f.get("name") == "plagiarism":
                to, so = int(f.get("this_offset")), int(f.get("source_offset"))
                cases.append(((to, to + int(f.get("this_length"))), (so, so + int(f.get("source_length")))))
        for d in spans(reuse(args.bin, os.path.join(docs, susp), os.path.join(docs, src)), susp, src):
            hit = [c for c in cases if overlap(c[0], d[0]) and overlap(c[1], d[1])]
            if not hit:
                unlabelled += 1
                print(f"unlabelled {susp} {src} {d}: {s[d[0][0]:d[0][1]][:60]!r} / {r[d[1][0]:d[1][1]][:60]!r}")
                continue
            for c in hit:
                cov_d = (overlap(c[0], d[0]) + overlap(c[1], d[1])) / ((d[0][1] - d[0][0]) + (d[1][1] - d[1][0]))
                cov_c = (overlap(c[0], d[0]) + overlap(c[1], d[1])) / ((c[0][1] - c[0][0]) + (c[1][1] - c[1][0]))
                if cov_d >= CLOSE and cov_c >= CLOSE:
                    continue
                rd = ratio(s[d[0][0]:d[0][1]], r[d[1][0]:d[1][1]])
                rc = ratio(s[c[0][0]:c[0][1]], r[c[1][0]:c[1][1]])
                if rd > rc + TIE:
                    det_closer += 1
                elif rc > rd + TIE:
                    gold_closer += 1
                else:
                    tie += 1
                print(f"shifted {susp} {src} detection {d} words {rd:.3f}, gold {c} words {rc:.3f}")
        other = rng.choice([x for x in srcs if x not in related.get(susp, ())])
        o = open(os.path.join(docs, other), encoding="utf-8").read()
        for d in spans(reuse(args.bin, os.path.join(docs, susp), os.path.join(docs, other)), susp, other):
            unlabelled += 1
            print(f"unlabelled {susp} {other} {d}: {s[d[0][0]:d[0][1]][:60]!r} / {o[d[1][0]:d[1][1]][:60]!r}")
    print(f"shifted: {det_closer + gold_closer + tie} (detection closer to its source: {det_closer}, "
          f"gold closer: {gold_closer}, tie: {tie}); unlabelled: {unlabelled}")


if __name__ == "__main__":
    main()
