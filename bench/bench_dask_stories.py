#!/usr/bin/python3
"""samestory.dask stories against `samestory stories --no-learn`: time and
agreement, on the Reuters stream of bench_stories.py.

    /usr/bin/python3 bench/bench_dask_stories.py [--n 30000] [--workers 2]
        [--range-docs 10000,5000] [--overlap-days 6,20] [--max-overlap-days same,160]
        [--blocksize 4000000]

In one run, on one dated JSONL stream of --n articles (Reuters-21578 wire
stories of 1987 with time-shifted, lightly edited copies; written to a
temporary folder, never into the repository):
- the CLI: `samestory stories --no-learn` (the Dask job has no
  corpus-learning pass), wall time;
- samestory.dask stories on a LocalCluster of --workers one-thread
  processes (a new cluster each time, its start not counted; workers'
  peak RSS sampled every 0.5 s), once per combination of
  --range-docs, --overlap-days and --max-overlap-days ("same": a fixed
  warm-up, never doubled): wall time, ranges, the warm-ups the ranges
  used, and B-cubed precision, recall and F of its stories against the
  CLI's (every article weighted once).
Absolute times on a shared 2-core machine are noise; the ratio to the
CLI in the same run and the agreement are the figures (docs/DASK.md).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)

import bench_engine  # noqa: E402 - its B-cubed
from bench_stories import build  # noqa: E402 - the same stream as the stories benchmark


def labels(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        s = json.loads(line)
        for a in s["articles"]:
            if a in out:
                raise SystemExit(f"{path}: article {a} in two stories")
            out[a] = s["story"]
    return out


def bcubed(ref, got):
    if set(ref) != set(got):
        raise SystemExit(f"the two runs hold different articles ({len(set(ref) ^ set(got))} apart)")
    return bench_engine.bcubed(ref, got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--n", type=int, default=30000)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "reuters21578"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--range-docs", default="10000,5000")
    ap.add_argument("--overlap-days", default="6,20")
    ap.add_argument("--max-overlap-days", default="same,160")
    ap.add_argument("--blocksize", type=int, default=4000000)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ss_bench_dask_stories_")
    path = os.path.join(tmp, "stream.jsonl")
    n = build(path, a.n, a.data)
    ref_path = os.path.join(tmp, "cli.jsonl")
    t0 = time.monotonic()
    with open(ref_path, "wb") as f:
        subprocess.run([a.bin, "stories", "--quiet", "--no-learn", path], stdout=f, check=True)
    cli_s = time.monotonic() - t0
    ref = labels(ref_path)
    print(f"input: {n} articles ({os.path.getsize(path) / 1e6:.1f} MB); CLI {cli_s:.1f} s, "
          f"{len(set(ref.values()))} stories")
    from bench_dask import run_dask
    for rd in [int(x) for x in a.range_docs.split(",")]:
        for od in [float(x) for x in a.overlap_days.split(",")]:
            for mx in [od if x == "same" else float(x) for x in a.max_overlap_days.split(",")]:
                out = os.path.join(tmp, f"dask-{rd}-{od:g}-{mx:g}.jsonl")
                secs, res, peaks = run_dask(path, out, a.workers, a.blocksize, job="stories", range_docs=rd,
                                            overlap_days=od, max_overlap_days=max(mx, od))
                p, r, f = bcubed(ref, labels(out))
                print(f"range-docs {rd} overlap-days {od:g} max {max(mx, od):g}: {res['ranges']} ranges, "
                      f"warm-ups {res['warmup_days']} days, {res['stories']} stories, "
                      f"{secs:.1f} s ({secs / cli_s:.2f}x the CLI), B-cubed P {p:.3f} R {r:.3f} F {f:.3f}, "
                      "peak RSS per worker " + ", ".join(f"{x / 2**20:.0f} MiB" for x in peaks), flush=True)

if __name__ == "__main__":
    main()
