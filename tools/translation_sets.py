#!/usr/bin/env python3
"""Translation-link sets from WMT test sets of 2021 and 2022, and their score.

Issue 17 point 2: one set per language pair, built from public parallel
news documents, each scored as ../shared/eval/translations.py scores
WMT14 (the same contract: both sides of every document in one corpus, no
language given, `samestory translations CORPUS.jsonl`, a link is right
when its two ids are the two sides of one document).  The test sets come
from the WMT organizers' repositories (github.com/wmt-conference/
wmt21-news-systems and wmt22-news-systems, files xml/newstest2021.*.all.xml
and xml/wmttest2022.*.all.xml); give their paths.  Only documents of the
news domain are used (2022 also has chat, e-commerce and social media; 2021
is news only); a document is its source side and its first reference
("translator A"), the first segment read as the headline as in WMT14.
Not used: WMT14 newstest ru-en and cs-en, kept for independent checks.

    /usr/bin/python3 tools/translation_sets.py [--bin build/samestory] XML...

Files of one language pair (ja-en and en-ja, de-fr and fr-de) are pooled
into one set, so each set holds every news document of both years in
both directions: many documents per topic, translations in either
direction.  Prints, per set: documents, links expected and found,
precision, recall, F1.  --keep DIR writes each set's corpus there
(outside the repository).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def segments(side):
    return [(s.text or "").strip() for s in side.iter("seg")]


def documents(path):
    """(set key, source lang, ref lang, [(docid, src segs, ref segs)]) of one WMT XML file."""
    name = os.path.basename(path)
    m = re.search(r"\.([a-z]{2,3})-([a-z]{2,3})\.all\.xml$", name)
    if not m:
        sys.exit(f"translation_sets: {path}: not a WMT file name (*.xx-yy.all.xml)")
    sl, tl = m.group(1), m.group(2)
    key = "-".join(sorted((sl, tl)))
    out = []
    for doc in ET.parse(path).getroot().iter("doc"):
        if doc.get("domain", "news") != "news":
            continue
        src = doc.find("src")
        refs = [r for r in doc.findall("ref") if r.get("translator", "A") == "A"] or doc.findall("ref")
        if src is None or not refs:
            continue
        a, b = segments(src), segments(refs[0])
        if len(a) < 2 or len(b) < 2:
            continue
        out.append((f"{name.split('.')[0]}:{doc.get('id')}", a, b))
    return key, sl, tl, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(HERE), "build", "samestory"))
    ap.add_argument("--keep", help="write each set's corpus to this folder")
    ap.add_argument("xml", nargs="+")
    args = ap.parse_args()
    sets = {}
    for path in args.xml:
        key, sl, tl, docs = documents(path)
        s = sets.setdefault(key, {"docs": [], "truth": set()})
        for docid, a, b in docs:
            ia, ib = f"{sl}:{docid}", f"{tl}:{docid}"
            s["docs"].append({"id": ia, "title": a[0], "text": "\n".join(a[1:])})
            s["docs"].append({"id": ib, "title": b[0], "text": "\n".join(b[1:])})
            s["truth"].add(frozenset((ia, ib)))
    for key in sorted(sets):
        s = sets[key]
        fd, corpus = tempfile.mkstemp(suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for d in s["docs"]:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            with open(corpus, encoding="utf-8") as f, \
                    open(os.path.join(args.keep, f"{key}.jsonl"), "w", encoding="utf-8") as g:
                g.write(f.read())
        p = subprocess.run([args.bin, "translations", corpus], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        os.unlink(corpus)
        if p.returncode != 0:
            sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
            sys.exit(f"translation_sets: samestory translations exited {p.returncode}")
        ids = {d["id"] for d in s["docs"]}
        pred = set()
        for line in p.stdout.decode("utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                if o.get("a") in ids and o.get("b") in ids and o["a"] != o["b"]:
                    pred.add(frozenset((o["a"], o["b"])))
        tp = len(pred & s["truth"])
        pr = tp / len(pred) if pred else 0.0
        rc = tp / len(s["truth"]) if s["truth"] else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        print(f"{key}: docs={len(s['docs'])} true_links={len(s['truth'])} predicted={len(pred)} "
              f"correct={tp} precision={pr:.4f} recall={rc:.4f} f1={f1:.4f}")


if __name__ == "__main__":
    main()
