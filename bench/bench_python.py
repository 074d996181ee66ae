#!/usr/bin/python3
"""Benchmark: the Python binding's per-call overhead.

Cleans N short generated articles (default 10,000; JSONL in a temporary
folder) with `samestory clean --threads 1 --no-learn FILE` and with
samestory.clean() in one Python thread, in the same run, and prints the
time of each and their ratio.  The difference is the binding's cost per
call (JSON in and out, cffi) beside the same C work.

    PYTHONPATH=python /usr/bin/python3 bench/bench_python.py [--bin build/samestory] [--n 10000]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import samestory  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--n", type=int, default=10000)
    a = ap.parse_args()
    recs = [{"id": f"a{i}", "text": f"Council approves bridge plan {i}\n\nThe city council approved the plan for "
             f"bridge {i} on Monday by {i % 40 + 10} votes, officials said. Work starts in spring."}
            for i in range(a.n)]
    tmp = tempfile.mkdtemp(prefix="samestory-bench-python-")
    path = os.path.join(tmp, "short.jsonl")
    with open(path, "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    t0 = time.monotonic()
    subprocess.run([a.bin, "clean", "--threads", "1", "--no-learn", "--quiet", path], check=True,
                   stdout=subprocess.DEVNULL)
    cli = time.monotonic() - t0
    t0 = time.monotonic()
    for r in recs:
        samestory.clean(r["text"], id=r["id"], kind="text")
    py = time.monotonic() - t0
    print(f"{a.n} short articles, one thread")
    print(f"samestory clean (CLI):   {cli:6.2f} s  {a.n / cli:8.0f} articles/s")
    print(f"samestory.clean()      : {py:6.2f} s  {a.n / py:8.0f} articles/s")
    print(f"ratio Python/CLI time:   {py / cli:6.2f}  ({(py - cli) / a.n * 1e6:.0f} us more per article)")


if __name__ == "__main__":
    main()
