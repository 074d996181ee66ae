#!/usr/bin/env python3
"""Benchmark: the engine's store (`samestory stories --db`).

On the Reuters-based stream of bench_stories.py (N articles, default
100,000; written to a temporary folder, never into the repo), in the same
run:
  in-memory   samestory stories FILE                (the baseline)
  store       samestory stories --db NEW --batch B FILE
and prints the time and peak RSS of each, the store/in-memory time ratio
(target: the store at least half the speed, ratio <= 2), the store's
size per article, and the time and peak RSS of reopening the store and
adding one article.  With --agreement it also feeds the stream in batches
of 100 and 1,000 and reports the B-cubed F1 of each store against the
one-shot run, before and after `--settle`.  With --grow M it adds M more
articles (the stream continued) to the store and reports the peak RSS of
adding one article to the larger store against the first (memory follows
the open window, not the store).

    python3 bench/bench_engine.py [--bin build/samestory] [--n 100000] [--batch 1000]
                                  [--agreement] [--grow 0]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(__file__))
import bench_stories  # noqa: E402  (the Reuters stream builder)


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr.decode()[-2000:]}")
    # ru_maxrss of children is the largest so far: report it only when it grew
    return dt, max(after, before) / 1024.0, p.stdout


def peak_rss(cmd):
    """Peak RSS (MB) and seconds of one command, measured alone by /usr/bin/time."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.monotonic() - t0
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr.decode()[-2000:]}")
    return int(p.stderr.decode().strip().splitlines()[-1]) / 1024.0, dt


def partition(lines):
    out = {}
    for line in lines.decode().splitlines():
        s = json.loads(line)
        for a in s.get("articles", []):
            out[a] = s["story"]
    return out


def bcubed(x, y):
    """B-cubed precision, recall and F1 of grouping y against x (article ->
    story maps over the same articles; every article weighs once)."""
    cx, cy = defaultdict(set), defaultdict(set)
    for a, s in x.items():
        cx[s].add(a)
    for a, s in y.items():
        cy[s].add(a)
    p = r = 0.0
    for a in x:
        both = len(cx[x[a]] & cy[y[a]])
        p += both / len(cy[y[a]])
        r += both / len(cx[x[a]])
    p, r = p / len(x), r / len(x)
    return p, r, 2 * p * r / (p + r)


def bcubed_f1(x, y):
    return bcubed(x, y)[2]


def store_size(db):
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))


def one_article(path, n):
    with open(path, "w") as f:
        f.write(json.dumps({"id": f"extra-{n}", "title": "Central bank raises rates again",
                            "text": "The central bank raised its key interest rate by a quarter point on "
                                    "Tuesday, its third rise this year, citing prices.",
                            "date": "2099-01-01T00:00:00Z"}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--agreement", action="store_true")
    ap.add_argument("--grow", type=int, default=0)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                                   "data", "reuters21578"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ss_bench_engine_")
    path = os.path.join(tmp, "stream.jsonl")
    n = bench_stories.build(path, a.n + a.grow, a.data)
    head = os.path.join(tmp, "head.jsonl")
    with open(path) as f, open(head, "w") as g:
        for i, line in enumerate(f):
            if i >= a.n:
                break
            g.write(line)
    n = min(n, a.n)
    print(f"input: {n} articles ({head})")
    mt, _, mem_out = run([a.bin, "stories", "-q", head])
    mrss, _ = peak_rss([a.bin, "stories", "-q", head]) if a.n <= 30000 else (float("nan"), 0)
    db = os.path.join(tmp, "store.db")
    st, _, _ = run([a.bin, "stories", "-q", "--db", db, "--batch", str(a.batch), head])
    size = store_size(db)
    print(f"in-memory stories: {mt:8.2f} s  {n / mt:8.0f} articles/s")
    print(f"store ingest:      {st:8.2f} s  {n / st:8.0f} articles/s  (batches of {a.batch})")
    print(f"ratio store/in-memory time: {st / mt:.2f}  (speed {mt / st:.2f}x of in-memory)")
    print(f"store size: {size / 1e6:.1f} MB, {size / n:.0f} bytes per article")
    one = os.path.join(tmp, "one.jsonl")
    one_article(one, 0)
    rss1, t1 = peak_rss([a.bin, "stories", "-q", "--db", db, one])
    print(f"reopen a {n}-article store and add one article: {t1:.2f} s, peak RSS {rss1:.1f} MB")
    if a.grow:
        rest = os.path.join(tmp, "rest.jsonl")
        with open(path) as f, open(rest, "w") as g:
            for i, line in enumerate(f):
                if i >= a.n:
                    g.write(line)
        run([a.bin, "stories", "-q", "--db", db, "--batch", str(a.batch), rest])
        one_article(one, 1)
        rss2, t2 = peak_rss([a.bin, "stories", "-q", "--db", db, one])
        print(f"after growing to {a.n + a.grow} articles: add one {t2:.2f} s, peak RSS {rss2:.1f} MB "
              f"({rss2 / rss1:.2f}x the {n}-article store)")
    if a.agreement:
        base = partition(mem_out)
        for b in (100, 1000):
            d = os.path.join(tmp, f"agree{b}.db")
            run([a.bin, "stories", "-q", "--db", d, "--batch", str(b), head])
            _, _, out = run([a.bin, "stories", "-q", "--db", d])
            f1 = bcubed_f1(base, partition(out))
            run([a.bin, "stories", "-q", "--db", d, "--settle"])
            _, _, out = run([a.bin, "stories", "-q", "--db", d])
            f2 = bcubed_f1(base, partition(out))
            print(f"batches of {b}: B-cubed F1 against the one-shot run {f1:.4f}; after --settle {f2:.4f}")
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
