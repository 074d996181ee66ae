#!/usr/bin/env python3
"""Benchmark: `samestory translations` on 10,000 articles in many languages.

Builds a JSONL corpus, in a temporary folder (never in the repo), from real
news text: both sides of the WMT newstest2014 document sets (English, German,
French, Hindi; the translation pairs the tool should find) and the articles of
the SemEval-2022 Task 8 training pairs (ten languages, among them Spanish,
Chinese, Turkish, Italian, Polish, Arabic and Russian). Articles are repeated
with light edits (a sentence dropped, a few words swapped) and new ids until
the corpus holds N articles. No language is given to the tool.

Runs, in the same run and on the same files:
  startup    translations on a one-article file (lexicon load and set-up)
             against clean on the same file
  baseline   samestory clean        (read, parse, clean, tokenize)
  link       samestory translations (pivot terms, candidate index,
             alignment check, matching)
at N/4, N/2 and N articles, and prints seconds, articles/s, peak RSS, the
link/clean time ratio at each size and how the link time grows from one size
to the next (2.0 per doubling is linear; all pairs would be 4.0).

    python3 bench/bench_translations.py [--bin build/samestory] [--n 10000]
"""
import argparse
import csv
import glob
import html
import json
import os
import random
import re
import subprocess
import tempfile
import time

DOC = re.compile(r'<doc[^>]*docid="([^"]+)"[^>]*>(.*?)</doc>', re.S)
SEG = re.compile(r"<seg[^>]*>(.*?)</seg>", re.S)


def wmt(folder):
    for path in sorted(glob.glob(os.path.join(folder, "newstest2014-*.sgm"))):
        tag = os.path.basename(path).split(".")[0].split("-", 1)[1]  # e.g. deen-src
        text = open(path, encoding="utf-8").read()
        for docid, body in DOC.findall(text):
            segs = [html.unescape(s.strip()) for s in SEG.findall(body)]
            yield f"w-{tag}-{os.path.basename(path).split('.')[1]}-{docid}", segs


def semeval(path):
    csv.field_size_limit(1 << 26)
    seen = set()
    for r in csv.DictReader(open(path, encoding="utf-8")):
        pair = r["pair_id"].split("_")
        if len(pair) != 2:
            continue
        for i, key in ((pair[0], "text1"), (pair[1], "text2")):
            text = r[key].strip()
            if i in seen or len(text) < 200:
                continue
            seen.add(i)
            yield f"s-{i}", [s for s in re.split(r"(?<=[.!?。！？])\s+", text) if s]


def build(path, n, data):
    src = list(wmt(os.path.join(data, "wmt14")))
    src += list(semeval(os.path.join(data, "semeval2022", "train.csv")))
    rng = random.Random(6)
    k = rep = 0
    with open(path, "w", encoding="utf-8") as f:
        while k < n:
            for rid, sents in src:
                if k >= n:
                    break
                sents = list(sents)
                if rep:  # a light edit, so the copies are not identical
                    if len(sents) > 3:
                        del sents[rng.randrange(len(sents))]
                    words = " ".join(sents).split(" ")
                    for _ in range(max(1, len(words) // 60)):
                        i = rng.randrange(len(words))
                        j = rng.randrange(len(words))
                        words[i], words[j] = words[j], words[i]
                    text = " ".join(words)
                else:
                    text = " ".join(sents)
                f.write(json.dumps({"id": f"{rid}-{rep}", "text": text}, ensure_ascii=False) + "\n")
                k += 1
            rep += 1
    return k, len(src)


def run(cmd):
    """Seconds, peak RSS in MB (of this child alone) and stdout."""
    with tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed (exit status {p.returncode}): "
                             f"{err.decode()[-2000:]}")
        out.seek(0)
        return dt, ru.ru_maxrss / 1024.0, out.read()


def head(src, dst, n):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i >= n:
                break
            g.write(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                                   "data"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ss_bench_translations_")
    full = os.path.join(tmp, "all.jsonl")
    n, uniq = build(full, a.n, a.data)
    print(f"input: {n} articles ({uniq} distinct, the rest edited copies), "
          f"{os.path.getsize(full) / 1e6:.1f} MB ({tmp})")

    one = os.path.join(tmp, "one.jsonl")
    head(full, one, 1)
    ct = min(run([a.bin, "clean", "-q", one])[0] for _ in range(3))
    lt = min(run([a.bin, "translations", one])[0] for _ in range(3))
    print(f"startup: clean {ct:.3f} s, translations {lt:.3f} s "
          f"(lexicon load and set-up {max(lt - ct, 0):.3f} s)")

    prev = None
    for size in (n // 4, n // 2, n):
        part = os.path.join(tmp, f"part{size}.jsonl")
        head(full, part, size)
        bt, brss, _ = run([a.bin, "clean", "-q", part])
        tt, trss, out = run([a.bin, "translations", part])
        links = out.count(b"\n")
        grow = f"  x{tt / prev:.2f} for x2 articles" if prev else ""
        print(f"{size:6d} articles: clean {bt:6.2f} s ({size / bt:7.0f}/s, {brss:6.1f} MB)  "
              f"translations {tt:6.2f} s ({size / tt:7.0f}/s, {trss:6.1f} MB)  "
              f"{links} links  ratio {tt / bt:.2f}{grow}")
        prev = tt
        os.unlink(part)
    for p in (full, one):
        os.unlink(p)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
