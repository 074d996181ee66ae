#!/usr/bin/env python3
"""Croatian, Serbian and Slovenian told apart, on news text.

The n-gram classifier behind `samestory clean`'s language (libexttextcat)
confuses the three: Croatian news prose was read as Serbian or Slovenian.
This scores the language `clean` gives to news text of known language,
from the Universal Dependencies treebanks of the SETimes news corpus and
of Slovenian (CC BY-SA 4.0; fetch them, outside the repository):

    github.com/UniversalDependencies/UD_Croatian-SET   hr_set-ud-{dev,test}.conllu
    github.com/UniversalDependencies/UD_Serbian-SET    sr_set-ud-{dev,test}.conllu
    github.com/UniversalDependencies/UD_Slovenian-SSJ  sl_ssj-ud-{dev,test}.conllu

Each file's documents (`# newdoc`) are cut into samples of W consecutive
sentences (W = 2, 5 and 10: a lead to a short article), each given as a
JSONL record's text.  --part dev is the half the word lists of
lang/langid.c were checked on; --part test (the default) is held apart and
gives the figure.  Prints the share identified right per language and
width for --bin and, with --base, another build in the same run.

    /usr/bin/python3 bench/langid_south_slavic.py --ud DIR [--part test]
        [--bin build/samestory] [--base OTHER]

DIR holds the three treebank folders (UD_Croatian-SET, ...), or their
.conllu files anywhere below it.
"""
import argparse
import collections
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from langid_short import identify  # noqa: E402

WIDTHS = (2, 5, 10)
FILES = {"hr": "hr_set-ud-{}.conllu", "sr": "sr_set-ud-{}.conllu", "sl": "sl_ssj-ud-{}.conllu"}


def documents(path):
    """The documents of a CoNLL-U file, each a list of sentence texts."""
    docs, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# newdoc"):
                if cur:
                    docs.append(cur)
                cur = []
            elif line.startswith("# text = "):
                cur.append(line[len("# text = "):].strip())
    if cur:
        docs.append(cur)
    return docs


def samples(ud, part):
    for lang, pattern in FILES.items():
        found = glob.glob(os.path.join(ud, "**", pattern.format(part)), recursive=True)
        if not found:
            raise SystemExit(f"no {pattern.format(part)} under {ud}")
        for doc in documents(found[0]):
            for w in WIDTHS:
                for i in range(0, len(doc) - w + 1, w):
                    yield lang, w, " ".join(doc[i:i + w])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ud", required=True)
    ap.add_argument("--part", choices=("dev", "test"), default="test")
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--base", help="another build, scored in the same run")
    a = ap.parse_args()
    items = list(samples(a.ud, a.part))
    bins = [("base", a.base)] if a.base else []
    bins.append(("this", a.bin))
    results = {name: identify(b, items, as_title=False) for name, b in bins}
    cells = collections.defaultdict(collections.Counter)
    wrong = collections.defaultdict(collections.Counter)
    for i, (lang, w, _) in enumerate(items):
        c = cells[(lang, w)]
        c["n"] += 1
        for name, _ in bins:
            c[name] += results[name][i] == lang
            if results[name][i] != lang:
                wrong[(name, lang)][results[name][i]] += 1
    print(f"{'lang':4} {'sentences':>9} {'n':>5} " + " ".join(f"{name:>7}" for name, _ in bins))
    tot = collections.Counter()
    for (lang, w) in sorted(cells):
        c = cells[(lang, w)]
        print(f"{lang:4} {w:9d} {c['n']:5d} " + " ".join(f"{c[name] / c['n']:7.3f}" for name, _ in bins))
        tot["n"] += c["n"]
        for name, _ in bins:
            tot[name] += c[name]
    print(f"{'all':4} {'':9} {tot['n']:5d} " + " ".join(f"{tot[name] / tot['n']:7.3f}" for name, _ in bins))
    for (name, lang), c in sorted(wrong.items()):
        print(f"{name}: {lang} read as " + ", ".join(f"{k or '-'} {v}" for k, v in c.most_common(6)))


if __name__ == "__main__":
    main()
