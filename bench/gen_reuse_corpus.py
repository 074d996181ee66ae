#!/usr/bin/env python3
"""Make a corpus for the reuse benchmark from Reuters-21578 (standard library only).

    python3 bench/gen_reuse_corpus.py REUTERS_DIR OUT.jsonl [N] [REPRINT_FRAC] [SEED]

Writes N documents (default 100000) as JSONL {"id", "date", "text"} and
OUT.jsonl.truth.tsv with one line per planted reprint: reprint id, source
id, words copied.  The Reuters bodies are used over and over; every pass
after the first spells its words with its own letter substitution, so the
passes share no text with each other while each keeps the length, word
lengths and word frequencies of real newswire (and Reuters' own duplicates
within a pass, which are real reuse too).  REPRINT_FRAC (default 0.1) of
the documents then take one to three paragraphs of an earlier document,
lightly edited (about one word in 25 changed or dropped), into their own
text; their date is one day after their source's.  Never commit the output.
"""
import datetime
import glob
import html
import json
import os
import random
import re
import string
import sys


def bodies(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "reut2-*.sgm"))):
        raw = open(path, encoding="latin-1").read()
        for doc in raw.split("</REUTERS>"):
            m = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            d = re.search(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})", doc)
            if not m:
                continue
            text = html.unescape(m.group(1)).replace("\x03", "").strip()
            text = re.sub(r"\n {3,}", "\n\n", text)            # indented lines start paragraphs
            text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)       # unwrap the rest
            if len(text) < 200:
                continue
            months = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
            date = "1987-03-01"
            if d and d.group(2) in months:
                date = f"{d.group(3)}-{months.index(d.group(2)) + 1:02d}-{int(d.group(1)):02d}"
            out.append((text, date))
    return out


def cipher(rng):
    lo = list(string.ascii_lowercase)
    rng.shuffle(lo)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(lo) + "".join(lo).upper())
    return table


def edit(words, rng, vocab):
    out = []
    for w in words:
        r = rng.random()
        if r < 0.02:
            continue                      # dropped
        if r < 0.04:
            out.append(rng.choice(vocab))  # changed
            continue
        out.append(w)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    frac = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
    base = bodies(folder)
    if not base:
        sys.exit(f"no Reuters bodies found in {folder}")
    tables = [None]
    docs = []
    for i in range(n):
        p = i // len(base)
        while len(tables) <= p:
            tables.append(cipher(rng))
        text, date = base[i % len(base)]
        if tables[p]:
            text = text.translate(tables[p])
        docs.append([f"d{i:07d}", date, text])
    vocab = [w for d in docs[:2000] for w in d[2].split()]
    truth = []
    for i in range(1, n):
        if rng.random() >= frac:
            continue
        j = rng.randrange(0, i)
        paras = docs[j][2].split("\n\n")
        k = rng.randrange(len(paras))
        take = paras[k:k + rng.randint(1, 3)]
        copied = [" ".join(edit(pp.split(), rng, vocab)) for pp in take]
        own = docs[i][2].split("\n\n")
        at = rng.randint(0, len(own))
        docs[i][2] = "\n\n".join(own[:at] + copied + own[at:])
        docs[i][1] = (datetime.date.fromisoformat(docs[j][1]) + datetime.timedelta(days=1)).isoformat()
        truth.append((docs[i][0], docs[j][0], sum(len(c.split()) for c in copied)))
    with open(out, "w", encoding="utf-8") as f:
        for id_, date, text in docs:
            f.write(json.dumps({"id": id_, "date": date, "text": text}, ensure_ascii=False) + "\n")
    with open(out + ".truth.tsv", "w", encoding="utf-8") as f:
        for t in truth:
            f.write("\t".join(map(str, t)) + "\n")
    size = os.path.getsize(out)
    print(f"{out}: {n} documents, {size / 1e6:.1f} MB, {len(truth)} planted reprints", file=sys.stderr)


if __name__ == "__main__":
    main()
