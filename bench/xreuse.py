#!/usr/bin/env python3
"""Translated passages (`samestory reuse --translated`) on public news.

Positives are built from the shared WMT14 test documents (de-en, fr-en,
hi-en: professional translations of news, segment by segment; ru-en and
cs-en are kept out): for each document pair, a "local report" in the
other language is made of FILLER sentences of another document of the
same set (one whose English side is not in the corpus), a block of BLOCK consecutive segments of the document's
non-English side, and FILLER more sentences of a third document; the
English side is the whole English document (the "wire"). The block's
two spans are the gold. Every English document and every local report
go into one corpus, no language given, and the passages with
"translated": true are scored as PAN scores reuse: character precision
and recall over the passages (macro over the gold cases), granularity,
plagdet.

The second corpus is the articles of the cross-language pairs of the
shared SemEval-2022 train pairs (../shared/data/semeval2022/train.csv):
reports by different outlets, many of one event, and some articles with
their machine translation (ids "1518793689" and "1518793689fr"). Each
article once, one corpus; passages between an article and its
translation (same id without the language suffix) are right, those
between two different articles are counted apart and printed with
--show for reading (a quotation both translate, a wire story both
carry, or a false passage).

With --wmt, WMT XML files (*.xx-yy.all.xml of the WMT organizers'
repositories, read as tools/translation_sets.py reads them, news
documents only) give one set each, built the same way: the English side
is the wire (for two other languages, the source side); at most half of a
set's documents give blocks, the rest fillers. Every set is its own
corpus (WMT14's English documents are translated into every language),
drawn by --seed.

    /usr/bin/python3 bench/xreuse.py [--bin build/samestory] [--docs 60] [--seed 1]
        [--wmt wmttest2022.en-zh.all.xml ...]
"""
import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")
WMT = os.path.join(SHARED, "data", "wmt14")
FILLER, BLOCK = 3, 4


def read_sgm(path):
    docs, cur, name = {}, None, None
    seg = re.compile(r"<seg[^>]*>(.*)</seg>")
    for line in open(path, encoding="utf-8"):
        if line.startswith("<doc"):
            name = re.search(r'docid="([^"]+)"', line).group(1)
            cur = docs[name] = []
        else:
            m = seg.search(line)
            if m and cur is not None:
                cur.append(m.group(1).replace("&quot;", '"').replace("&amp;", "&")
                           .replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'"))
    return docs


def wmt_pairs(lang):
    """(docid, foreign segments, English segments), each side's original and
    translation joined (src of one side, ref of the other)."""
    src_f = read_sgm(os.path.join(WMT, f"newstest2014-{lang}en-src.{lang}.sgm"))
    ref_e = read_sgm(os.path.join(WMT, f"newstest2014-{lang}en-ref.en.sgm"))
    out = []
    for d, segs in src_f.items():
        if d in ref_e and len(ref_e[d]) == len(segs) and len(segs) >= BLOCK + 4:
            out.append((d, segs, ref_e[d]))
    return out


def join(segs):
    """Text of segments, one per line, and each segment's code point span."""
    spans, pos = [], 0
    for s in segs:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return "\n".join(segs), spans


def wmt_xml_pairs(path):
    """(local language, wire language, [(docid, local segments, wire
    segments)]) of one WMT XML file (tools/translation_sets.py reads it):
    the wire is the English side, else the source side."""
    sys.path.insert(0, os.path.join(HERE, "..", "tools"))
    from translation_sets import documents
    _, sl, tl, docs = documents(path)
    if sl == "en" or tl != "en":
        return tl, sl, [(d, ref, src) for d, src, ref in docs if len(ref) >= BLOCK + 4]
    return sl, tl, [(d, src, ref) for d, src, ref in docs if len(src) >= BLOCK + 4]


def build(lang, ndocs, rng, pairs=None, wire_lang="en"):
    pairs = list(pairs) if pairs is not None else wmt_pairs(lang)
    rng.shuffle(pairs)
    # fillers come from documents whose English side is not in the corpus:
    # at most half the documents give blocks
    ndocs = min(ndocs, len(pairs) // 2)
    fill = [f for _, f, _ in pairs[ndocs:]]
    pairs = pairs[:ndocs]
    recs, gold = [], []
    for i, (d, fseg, eseg) in enumerate(pairs):
        other1 = fill[(2 * i) % len(fill)]
        other2 = fill[(2 * i + 1) % len(fill)]
        start = rng.randrange(1, len(fseg) - BLOCK)
        head = other1[1:1 + FILLER]
        tail = other2[1:1 + FILLER]
        local = head + fseg[start:start + BLOCK] + tail
        ltext, lspans = join(local)
        etext, espans = join(eseg)
        wid, lid = f"{lang}-{i}-wire-{wire_lang}", f"{lang}-{i}-local-{lang}"
        recs.append({"id": wid, "text": etext, "date": "2014-01-01"})
        recs.append({"id": lid, "text": ltext, "date": "2014-01-02"})
        b0, b1 = lspans[len(head)][0], lspans[len(head) + BLOCK - 1][1]
        e0, e1 = espans[start][0], espans[start + BLOCK - 1][1]
        gold.append((wid, (e0, e1), lid, (b0, b1)))
    return recs, gold


def run(binary, recs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        path = f.name
    try:
        out = subprocess.run([binary, "reuse", "--translated", path], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(path)
    return [p for p in map(json.loads, out.splitlines()) if p.get("translated")]


def chars(span, tag):
    return {(tag, i) for i in range(span[0], span[1])}


def score(passages, gold):
    """PAN-style: macro character recall over gold cases, precision over
    detections, granularity over detected cases."""
    by_pair = {}
    for p in passages:
        by_pair.setdefault((p["a"], p["b"]), []).append(p)
    rec, gran = [], []
    dets = [(p["a"], tuple(p["a_span"]), p["b"], tuple(p["b_span"])) for p in passages]
    det_prec = []
    gold_by = {(w, l): (ws, ls) for w, ws, l, ls in gold}
    for w, ws, l, ls in gold:
        hits = [p for p in by_pair.get((w, l), []) if p["a_span"][0] < ws[1] and p["a_span"][1] > ws[0]]
        g = chars(ws, "w") | chars(ls, "l")
        got = set()
        for p in hits:
            got |= (chars(p["a_span"], "w") | chars(p["b_span"], "l")) & g
        rec.append(len(got) / len(g))
        if hits:
            gran.append(len(hits))
    for a, asp, b, bsp in dets:
        d = chars(asp, "w") | chars(bsp, "l")
        if (a, b) in gold_by:
            ws, ls = gold_by[(a, b)]
            det_prec.append(len(d & (chars(ws, "w") | chars(ls, "l"))) / len(d))
        else:
            det_prec.append(0.0)
    r = sum(rec) / len(rec) if rec else 0
    p = sum(det_prec) / len(det_prec) if det_prec else 1.0
    g = sum(gran) / len(gran) if gran else 1.0
    f = 2 * p * r / (p + r) if p + r else 0
    import math
    return p, r, g, f / math.log2(1 + g), len(dets), sum(1 for x in rec if x > 0)


def semeval(binary, show):
    rows = list(csv.DictReader(open(os.path.join(SHARED, "data", "semeval2022", "train.csv"),
                                    encoding="utf-8")))
    seen, recs, pairs = set(), [], set()
    for r in rows:
        if r["lang1"] == r["lang2"]:
            continue
        a, b = r["pair_id"].split("_")
        pairs.add((a, b))
        for i, t in ((a, r["text1"]), (b, r["text2"])):
            if i not in seen and t.strip():
                seen.add(i)
                recs.append({"id": i, "text": t})
    got = run(binary, recs)
    text = {r["id"]: r["text"] for r in recs}
    if show:
        for p in got:
            print(json.dumps(p))
            print("  A:", text[p["a"]][p["a_span"][0]:p["a_span"][1]][:300].replace("\n", " "))
            print("  B:", text[p["b"]][p["b_span"][0]:p["b_span"][1]][:300].replace("\n", " "))
    base = lambda i: re.sub(r"[a-z]+$", "", i)
    same = sum(1 for p in got if base(p["a"]) == base(p["b"]))
    return len(recs), len(pairs), len(got), same


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "samestory"))
    ap.add_argument("--docs", type=int, default=60, help="document pairs per language")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print the SemEval passages")
    ap.add_argument("--langs", default="de,fr,hi", help="WMT14 sets (each its own corpus)")
    ap.add_argument("--wmt", nargs="*", default=[],
                    help="WMT XML files (*.xx-yy.all.xml, as tools/translation_sets.py reads): "
                    "one set each, held apart from the WMT14 sets the values were set on")
    args = ap.parse_args()
    sets = [(f"WMT14 {lang}-en", lang, None, "en") for lang in args.langs.split(",") if lang]
    for path in args.wmt:
        local, wire, docs = wmt_xml_pairs(path)
        sets.append((os.path.basename(path).split(".")[0] + f" {local}<-{wire}", local, docs, wire))
    for name, lang, docs, wire in sets:
        # each set its own corpus: WMT14's English documents are translated into every language
        recs, gold = build(lang, args.docs, random.Random(f"{args.seed}-{name}"), docs, wire)
        got = run(args.bin, recs)
        p, r, g, pd, nd, found = score(got, gold)
        print(f"{name}: {len(gold)} blocks of {BLOCK} sentences in {len(recs)} documents; passages {nd}, "
              f"found {found}; P {p:.3f} R {r:.3f} granularity {g:.3f} plagdet {pd:.3f}")
    n, np_, ng, paired = semeval(args.bin, args.show)
    print(f"SemEval-2022 cross-language: {n} articles ({np_} labelled pairs): "
          f"{ng} translated passages, {paired} between an article and its machine "
          f"translation (same id), {ng - paired} between different articles (--show)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
