#!/usr/bin/env python3
"""Language identification of short texts (headlines, briefs), per language.

A record with a title and no body is identified by its title alone, so a
headline feed lives on how well a dozen words are read.  This scores the
language `samestory clean` gives to short samples whose language is
known, from data that played no part in choosing how short samples are
read (that was looked at on English AllSides headlines):

- SemEval-2022 task 8 (../shared/data/semeval2022/train.csv): each text's
  first W words (W = 6, 10 and 16: a short headline to a long one), the
  language its pair is labelled with (ar de en es fr it pl ru tr zh);
- WMT14 newstest (../shared/data/wmt14): each document's first segment
  (its headline), of every side (cs de en fr hi ru).

Prints accuracy per language and sample size for each binary given
(--bin, and --base for the build to compare with, in the same run).

    /usr/bin/python3 bench/langid_short.py [--bin build/samestory] [--base OTHER]
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "data")
WIDTHS = (6, 10, 16)


def semeval_samples(path):
    csv.field_size_limit(sys.maxsize)
    seen = set()
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for side in ("1", "2"):
                lang, text = row["lang" + side], row["text" + side]
                key = (lang, text[:200])
                if key in seen or not text.strip():
                    continue
                seen.add(key)
                words = text.split()
                if len(words) < max(WIDTHS):
                    continue
                for w in WIDTHS:
                    yield f"semeval{w}", lang, " ".join(words[:w])


def wmt_samples(folder):
    seen = set()
    for path in sorted(glob.glob(os.path.join(folder, "*.sgm"))):
        lang = os.path.basename(path).rsplit(".", 2)[-2]
        text = open(path, encoding="utf-8").read()
        for doc in re.finditer(r"<doc[^>]*>(.*?)</doc>", text, re.S):
            m = re.search(r"<seg[^>]*>(.*?)</seg>", doc.group(1), re.S)
            if not m:
                continue
            head = re.sub(r"\s+", " ", m.group(1)).strip()
            if head and (lang, head) not in seen:
                seen.add((lang, head))
                yield "wmt14-headline", lang, head


def identify(binary, samples, as_title=True):
    """The language `clean` gives each sample ((kind, lang, text) triples),
    given as a record's title (a headline feed) or, as_title False, as its
    text."""
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for i, (_, _, text) in enumerate(samples):
            rec = {"id": str(i), "title": text, "text": ""} if as_title else {"id": str(i), "title": "", "text": text}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    try:
        out = subprocess.run([binary, "clean", "--threads", "2", path], capture_output=True, check=True).stdout
    finally:
        os.unlink(path)
    got = {}
    for line in out.decode().splitlines():
        r = json.loads(line)
        got[int(r["id"])] = r["lang"]
    return [got.get(i, "") for i in range(len(samples))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--base", help="another build, scored in the same run")
    a = ap.parse_args()
    samples = list(semeval_samples(os.path.join(SHARED, "semeval2022", "train.csv")))
    samples += list(wmt_samples(os.path.join(SHARED, "wmt14")))
    bins = [("base", a.base)] if a.base else []
    bins.append(("this", a.bin))
    results = {name: identify(b, samples) for name, b in bins}
    cells = collections.defaultdict(lambda: collections.Counter())
    for i, (kind, lang, _) in enumerate(samples):
        c = cells[(kind, lang)]
        c["n"] += 1
        for name, _ in bins:
            c[name] += results[name][i] == lang
    print(f"{'set':16} {'lang':4} {'n':>6} " + " ".join(f"{name:>7}" for name, _ in bins))
    tot = collections.Counter()
    for (kind, lang) in sorted(cells):
        c = cells[(kind, lang)]
        row = " ".join(f"{c[name] / c['n']:7.3f}" for name, _ in bins)
        print(f"{kind:16} {lang:4} {c['n']:6d} {row}")
        tot["n"] += c["n"]
        for name, _ in bins:
            tot[name] += c[name]
    print(f"{'all':16} {'':4} {tot['n']:6d} " + " ".join(f"{tot[name] / tot['n']:7.3f}" for name, _ in bins))


if __name__ == "__main__":
    main()
