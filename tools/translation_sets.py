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

WMT24 (github.com/wmt-conference/wmt24-news-systems) is read from its
plain-text form: txt-ts/metadata/PAIR.jsonl (the domain and document of
each line), txt-ts/sources/PAIR.txt and txt-ts/references/PAIR.refA.txt,
one segment per line; give --wmt24 DIR (the folder holding txt-ts) and the
pairs with --wmt24-pairs (default en-cs,en-es,en-hi,ja-zh: the languages
2021 and 2022 lack, and a pair of two languages other than English).  Its
news domain is 17 English documents (each translated into every language)
and 45 Japanese ones (into Chinese).

    /usr/bin/python3 tools/translation_sets.py [--bin build/samestory] XML...
    /usr/bin/python3 tools/translation_sets.py --wmt24 DIR [--wmt24-pairs en-es,...]

Korean (--park DIR): the Korean-English news corpus of Jungyeul Park
(github.com/jungyeul/korean-parallel-corpora, korean-english-news-v1,
sentence-aligned news without article boundaries), cut into documents of
eight consecutive sentence pairs (park_documents); --park-part dev was
looked at while Korean was built, test is held apart.

NTREX-128 (--ntrex DIR, --ntrex-langs arb,kor,...): Microsoft's
translations of the English source of WMT's newstest2019 (123 English
news documents of 2019 from 18 outlets, 1,997 segments) into 128
languages by professional translators (github.com/MicrosoftTranslator/
NTREX, CC BY-SA 4.0; NTREX-128/newstest2019-src.eng.txt, -ref.LANG.txt,
one segment per line; DOCUMENT_IDS.tsv names each line's document).  Each
language is one set against English; with --pool one more set holds the
versions of every document in every language given, each linked with
each.  --ntrex-pairs spa/zho-CN,... makes sets of two languages other
than English, the two versions of each document alone: a user's Spanish
and Chinese articles, with no English one to link through.  It brought
the first Arabic documents to these sets; nothing was
chosen on it before it was measured.

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


def grouped(prefix, docids, src, ref):
    """(prefix:docid, source segments, reference segments) of each
    document named in docids (one per line, None: a line left out), in
    order of first appearance; documents of fewer than two segments a side
    are left out."""
    docs = {}
    for k, docid in enumerate(docids):
        if docid is None:
            continue
        d = docs.setdefault(docid, ([], []))
        d[0].append(src[k].strip())
        d[1].append(ref[k].strip())
    return [(f"{prefix}:{docid}", a, b) for docid, (a, b) in docs.items() if len(a) >= 2 and len(b) >= 2]


def wmt24_documents(folder, pair, domains=("news",)):
    """documents() of one WMT24 pair in its text form (see the module's note)."""
    base = os.path.join(folder, "txt-ts")
    sl, tl = pair.split("-")
    paths = [os.path.join(base, "metadata", f"{pair}.jsonl"), os.path.join(base, "sources", f"{pair}.txt"),
             os.path.join(base, "references", f"{pair}.refA.txt")]
    for path in paths:
        if not os.path.exists(path):
            sys.exit(f"translation_sets: {path}: missing (WMT24 text form)")
    with open(paths[0], encoding="utf-8") as m, open(paths[1], encoding="utf-8") as a, \
            open(paths[2], encoding="utf-8") as b:
        meta = [json.loads(line) for line in m]
        src = a.read().split("\n")
        ref = b.read().split("\n")
    if len(src) < len(meta) or len(ref) < len(meta):
        sys.exit(f"translation_sets: {pair}: metadata, sources and references differ in length")
    docids = [row["docid"] if row.get("domain") in domains else None for row in meta]
    return "-".join(sorted((sl, tl))), sl, tl, grouped("wmt24", docids, src, ref)


def park_documents(folder, part, k=8):
    """Korean-English news (Jungyeul Park's korean-english-news-v1, from
    github.com/jungyeul/korean-parallel-corpora: korean-english-park.
    {dev,test}.tar.gz, sentence-aligned news in the order of their
    articles, without article boundaries): documents of k consecutive
    sentence pairs.  A cut may join the end of one article to the start of
    the next, on both sides alike."""
    paths = [os.path.join(folder, f"korean-english-park.{part}.{lang}") for lang in ("ko", "en")]
    for path in paths:
        if not os.path.exists(path):
            sys.exit(f"translation_sets: {path}: missing (unpack korean-english-park.{part}.tar.gz there)")
    ko, en = (open(path, encoding="utf-8").read().rstrip("\n").split("\n") for path in paths)
    if len(ko) != len(en):
        sys.exit(f"translation_sets: {paths[0]} and {paths[1]} differ in length")
    out = [(f"park-{part}:{i}", [x.strip() for x in ko[i:i + k]], [x.strip() for x in en[i:i + k]])
           for i in range(0, len(ko) - k + 1, k)]
    return f"en-ko-{part}", "ko", "en", out


def ntrex_documents(folder, lang, other="eng"):
    """documents() of one NTREX-128 language against English, or against
    another NTREX language (see the module's note): the segments of each
    document, the first one its headline."""
    def text(lg):
        name = "newstest2019-src.eng.txt" if lg == "eng" else f"newstest2019-ref.{lg}.txt"
        return os.path.join(folder, "NTREX-128", name)
    paths = [os.path.join(folder, "DOCUMENT_IDS.tsv"), text(other), text(lang)]
    for path in paths:
        if not os.path.exists(path):
            sys.exit(f"translation_sets: {path}: missing (a checkout of NTREX)")
    ids, src, ref = (open(path, encoding="utf-8").read().rstrip("\n").split("\n") for path in paths)
    if not len(ids) == len(src) == len(ref):
        sys.exit(f"translation_sets: NTREX {other}, {lang}: document ids and texts differ in length")
    docids = [line.split("\t")[0].strip() for line in ids]
    return f"{other}-{lang}", other, lang, grouped("ntrex", docids, src, ref)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(HERE), "build", "samestory"))
    ap.add_argument("--keep", help="write each set's corpus to this folder")
    ap.add_argument("--wmt24", help="folder holding WMT24's txt-ts")
    ap.add_argument("--wmt24-pairs", default="en-cs,en-es,en-hi,ja-zh")
    ap.add_argument("--wmt24-domains", default="news",
                    help="WMT24 domains read (news; also social, literary, speech: the "
                    "other genres, more documents of languages with few news ones)")
    ap.add_argument("--pool", action="store_true",
                    help="also one set of every WMT24 pair pooled, and one of every NTREX language: the "
                    "versions of one English document in every language, each linked with each "
                    "(cs with es, hi with ja, ...)")
    ap.add_argument("--park", help="folder holding korean-english-park.{dev,test}.{ko,en}")
    ap.add_argument("--park-part", choices=("dev", "test"), default="test",
                    help="dev: looked at while building Korean; test (default): held apart")
    ap.add_argument("--ntrex", help="a checkout of NTREX (DOCUMENT_IDS.tsv, NTREX-128/)")
    ap.add_argument("--ntrex-langs", default="arb,kor,zho-CN,jpn,rus,ces,hin,deu,fra,spa,ukr",
                    help="NTREX-128 languages, each a set against English")
    ap.add_argument("--ntrex-pairs", default="",
                    help="pairs of NTREX-128 languages without English, A/B,... (spa/zho-CN,deu/fra): "
                    "each a set of the two versions of every document alone, with no third to link "
                    "through")
    ap.add_argument("xml", nargs="*")
    args = ap.parse_args()
    if not args.xml and not args.wmt24 and not args.park and not args.ntrex:
        ap.error("give WMT XML files, --wmt24 DIR, --park DIR, --ntrex DIR, or several")
    sources = [documents(path) for path in args.xml]
    if args.park:
        sources.append(park_documents(args.park, args.park_part))
    if args.wmt24:
        sources += [wmt24_documents(args.wmt24, pair, tuple(args.wmt24_domains.split(",")))
                    for pair in args.wmt24_pairs.split(",")]
    if args.ntrex:
        sources += [ntrex_documents(args.ntrex, lang) for lang in args.ntrex_langs.split(",") if lang]
        for pair in filter(None, args.ntrex_pairs.split(",")):
            if pair.count("/") != 1:
                ap.error(f"--ntrex-pairs: {pair}: not A/B")
            a, b = pair.split("/")
            sources.append(ntrex_documents(args.ntrex, b, a))
    sets = {}
    for pool in ("wmt24", "ntrex") if args.pool else ():
        pooled = sets.setdefault(f"{pool}-pooled", {"docs": [], "truth": set()})
        versions = {}
        for key, sl, tl, docs in sources:
            if not any(d[0].startswith(f"{pool}:") for d in docs):
                continue
            for docid, a, b in docs:
                v = versions.setdefault(docid, {})
                for lang, segs in ((sl, a), (tl, b)):
                    if lang not in v:
                        v[lang] = segs
                        pooled["docs"].append({"id": f"{lang}:{docid}", "title": segs[0], "text": "\n".join(segs[1:])})
        for docid, v in versions.items():
            langs = sorted(v)
            for i in range(len(langs)):
                for j in range(i + 1, len(langs)):
                    pooled["truth"].add(frozenset((f"{langs[i]}:{docid}", f"{langs[j]}:{docid}")))
        if not pooled["docs"]:
            del sets[f"{pool}-pooled"]
    for key, sl, tl, docs in sources:
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
