#!/usr/bin/env python3
"""Precision of the conflicts `samestory stories` reports, on public news.

Reads the Reuters-21578 collection (real wire stories of 1987, dated), in
two halves by file: `dev` (reut2-000 .. reut2-010), the half the conflict
rules were designed on, and `test` (reut2-011 .. reut2-021), held apart:
it was labelled once, after the rules were written, and is the half the
figure is reported on. Runs `stories` on the half, draws a seeded random
sample of the reported conflicts, and

  * with --labels FILE: reads labels (TSV: key, 1 or 0, a short reason),
    prints precision = true / labelled over the sample, and the sampled
    conflicts that have no label yet;
  * with --show: prints each sampled conflict (what, about, every value
    with its ids and sentence) with its key, for labelling by hand.

A conflict is true when its values are the same quantity of the same
thing (same counted noun or unit, same subject and event) stated
differently by different reports; false when they are different
quantities, a range's ends, values of different events, or not numbers
of anything. The key names the conflict by what, about and its values
with their article ids, so a label survives a rerun that reports it
again.

    python3 bench/conflicts.py --part test --sample 50 --labels bench/conflicts_test.tsv

`--part semeval` runs instead on every article of the shared SemEval-2022
pairs (../shared/data/semeval2022/train.csv, 2,419 distinct news articles
in ten languages from many outlets, undated, many pairs of them reports
of one event): multi-outlet news the conflict rules were never designed
or tuned on.

    python3 bench/conflicts.py --part semeval --sample 40 --labels bench/conflicts_semeval_labels.tsv

`--part allsides --allsides FILE` runs on the AllSides headline roundups
crawled by the NeuS authors (github.com/HLTCHKUST/framing-bias-metric,
MIT; data/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl; see
bench/headlines_allsides.py): for each of 506 stories of 2021 the
articles of two or three outlets of the left, the centre and the right,
with their text, dated by the roundup.  Multi-outlet reports of one event
each, in English, which the conflict rules were never designed on.

    python3 bench/conflicts.py --part allsides --allsides FILE --sample 40 --labels bench/conflicts_allsides_labels.tsv
"""
import argparse
import csv
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_stories import reuters  # noqa: E402


def key_of(c):
    vals = ";".join(f"{v['value']}:{','.join(sorted(v['ids']))}" for v in
                    sorted(c["values"], key=lambda v: v["value"]))
    return f"{c['what']}|{c.get('about') or ''}|{vals}"


def reuters_stream(folder, part, tmp, path):
    files = sorted(glob.glob(os.path.join(folder, "reut2-*.sgm")))
    if len(files) != 22:
        raise SystemExit(f"expected the 22 files of Reuters-21578 in {folder}")
    data = os.path.join(tmp, "data")
    os.mkdir(data)
    for f in files[:11] if part == "dev" else files[11:]:
        os.symlink(os.path.abspath(f), os.path.join(data, os.path.basename(f)))
    with open(path, "w", encoding="utf-8") as f:
        for rid, title, body, t in reuters(data):
            f.write(json.dumps({"id": "r" + rid, "title": title, "text": body,
                                "date": t.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n")


def semeval_stream(csv_path, path):
    """Every distinct article of the SemEval pairs, once, in file order."""
    csv.field_size_limit(1 << 30)
    seen = set()
    with open(csv_path, encoding="utf-8", newline="") as src, open(path, "w", encoding="utf-8") as f:
        for row in csv.DictReader(src):
            for k, side in enumerate(("text1", "text2")):
                aid = row["pair_id"].split("_")[k]
                if aid in seen or not row[side].strip():
                    continue
                seen.add(aid)
                f.write(json.dumps({"id": "s" + aid, "text": row[side]}, ensure_ascii=False) + "\n")


def allsides_stream(src, path):
    """Every article of the AllSides roundups that has a text, one record each."""
    with open(src, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            s = json.loads(line)
            for side, n in sorted((s.get("news") or {}).items()):
                text = "\n".join(n.get("newBody") or []).strip()
                title = (n.get("newsTitle") or "").strip()
                if not text or not title:
                    continue
                out.write(json.dumps({"id": f"a{s['id']}-{side}", "title": title, "text": text,
                                      "source": n.get("newsSource", ""), "date": s["date"]},
                                     ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                                   "data", "reuters21578"))
    ap.add_argument("--part", choices=("dev", "test", "semeval", "allsides"), default="test")
    ap.add_argument("--semeval", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data",
                                                      "semeval2022", "train.csv"))
    ap.add_argument("--allsides", help="the AllSides crawl (JSON Lines) for --part allsides")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--labels")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ss_conflicts_")
    path = os.path.join(tmp, "stream.jsonl")
    if a.part == "semeval":
        semeval_stream(a.semeval, path)
    elif a.part == "allsides":
        if not a.allsides:
            raise SystemExit("--part allsides needs --allsides FILE")
        allsides_stream(a.allsides, path)
    else:
        reuters_stream(a.data, a.part, tmp, path)
    p = subprocess.run([a.bin, "stories", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=True)
    stories = [json.loads(line) for line in p.stdout.decode().splitlines()]
    found = [(s, c) for s in stories for c in s["conflicts"]]
    multi = sum(1 for s in stories if s["size"] > 1)
    kinds = {}
    for _, c in found:
        kinds[c["what"]] = kinds.get(c["what"], 0) + 1
    print(f"{a.part}: {len(stories)} stories ({multi} with more than one article), "
          f"{len(found)} conflicts {kinds}")
    rng = random.Random(a.seed)
    sample = rng.sample(found, min(a.sample, len(found)))
    labels = {}
    if a.labels and os.path.exists(a.labels):
        for line in open(a.labels, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                k, lab, *_ = line.rstrip("\n").split("\t")
                labels[k] = int(lab)
    if a.labels:
        got = [labels[key_of(c)] for _, c in sample if key_of(c) in labels]
        if got:
            print(f"precision on the sample: {sum(got)}/{len(got)} = {sum(got) / len(got):.3f} "
                  f"({len(sample) - len(got)} sampled conflicts unlabelled)")
    for s, c in sample:
        k = key_of(c)
        if a.show or (a.labels and k not in labels):
            print(f"\n== {k}\n   story {s['story']}: {s['title'][:90]!r} ({s['size']} articles)")
            for v in c["values"]:
                text = " ".join(v["text"].split())
                print(f"   [{v['value']}] {','.join(v['ids'])}: {text[:300]}")


if __name__ == "__main__":
    main()
