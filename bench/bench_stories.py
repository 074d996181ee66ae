#!/usr/bin/env python3
"""Benchmark: `samestory stories` on a news stream of N articles.

Builds a dated JSONL stream from the Reuters-21578 collection (real wire
stories of 1987, with their timestamps), repeated with light edits and
shifted dates until it holds N articles (default 100,000), written to a
temporary folder (never into the repo). Runs, in the same run and on the
same file:
  baseline  samestory clean   (read, parse, clean, tokenize: the I/O floor)
  stories   samestory stories (features, date sort, online grouping)
and prints articles/s, MB/s, peak RSS of each and the stories/baseline time
ratio. Absolute times on shared machines are noise; the ratio is the figure.
With --baseline-bin OTHER (another build, e.g. the main branch's), stories
also runs with OTHER on the same file, alternating with this build
(--rounds times each), and the ratio of the best times is printed.

    python3 bench/bench_stories.py [--bin build/samestory] [--n 100000]
                                   [--baseline-bin OTHER] [--rounds 2]
"""
import argparse
import datetime
import glob
import html
import json
import os
import random
import re
import resource
import subprocess
import tempfile
import time


def reuters(folder):
    for path in sorted(glob.glob(os.path.join(folder, "*.sgm"))):
        raw = open(path, encoding="latin-1").read()
        for m in re.finditer(r"<REUTERS[^>]*NEWID=\"(\d+)\"(.*?)</REUTERS>", raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
            date = re.search(r"<DATE>\s*(\d+-\w+-\d+ \d+:\d+:\d+)", m.group(2))
            if body and date:
                try:
                    t = datetime.datetime.strptime(date.group(1), "%d-%b-%Y %H:%M:%S")
                except ValueError:  # a few stamps in the collection are malformed
                    continue
                yield (m.group(1), html.unescape(title.group(1)) if title else "",
                       html.unescape(body.group(1)).replace("\x03", "").strip(), t)


def build(path, n, data):
    src = list(reuters(data))
    rng = random.Random(5)
    span = max(t for *_, t in src) - min(t for *_, t in src)
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        rep = 0
        while k < n:
            shift = (span + datetime.timedelta(days=7)) * rep
            for rid, title, body, t in src:
                if k >= n:
                    break
                words = body.split(" ")
                if rep:  # light edits so copies are not byte-identical
                    for _ in range(max(1, len(words) // 50)):
                        words[rng.randrange(len(words))] = rng.choice(words)
                rec = {"id": f"r{rid}-{rep}", "title": title, "text": " ".join(words),
                       "date": (t + shift).strftime("%Y-%m-%dT%H:%M:%SZ")}
                f.write(json.dumps(rec) + "\n")
                k += 1
            rep += 1
    return k


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr.decode()[-2000:]}")
    return dt, after.ru_maxrss / 1024.0, p.stdout, p.stderr.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                                   "data", "reuters21578"))
    ap.add_argument("--baseline-bin", help="another build to time stories against")
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ss_bench_stories_")
    path = os.path.join(tmp, "stream.jsonl")
    n = build(path, a.n, a.data)
    mb = os.path.getsize(path) / 1e6
    print(f"input: {n} articles, {mb:.1f} MB ({path})")
    bt, brss, _, _ = run([a.bin, "clean", "-q", path])
    st, srss, out, err = run([a.bin, "stories", path])
    stories = out.count(b"\n")
    print(f"baseline clean:  {bt:7.2f} s  {n / bt:9.0f} articles/s  {mb / bt:6.1f} MB/s  peak RSS {brss:7.1f} MB")
    print(f"stories:         {st:7.2f} s  {n / st:9.0f} articles/s  {mb / st:6.1f} MB/s  peak RSS {srss:7.1f} MB")
    print(f"stories: {stories} stories; {err.strip().splitlines()[-1]}")
    print(f"ratio stories/clean time: {st / bt:.2f}")
    if a.baseline_bin:
        mine, base = [st], []
        for r in range(a.rounds):
            base.append(run([a.baseline_bin, "stories", path])[0])
            if r + 1 < a.rounds:
                mine.append(run([a.bin, "stories", path])[0])
        print(f"stories {a.bin}: best {min(mine):.2f} s of {len(mine)}; {a.baseline_bin}: best "
              f"{min(base):.2f} s of {len(base)}; ratio {min(mine) / min(base):.2f}")
    os.unlink(path)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
