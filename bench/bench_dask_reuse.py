#!/usr/bin/python3
"""samestory.dask reuse on a 2-worker cluster vs `samestory reuse`, on the
reuse benchmark's corpus (bench/gen_reuse_corpus.py: Reuters bodies with
planted reprints).

    /usr/bin/python3 bench/bench_dask_reuse.py [--docs 100000] [--workers 2]
        [--blocksize 16000000] [--workdir /tmp/samestory-bench]

In one run, on one corpus (made once in the work folder, outside the
repository): the CLI (all cores) wall time and peak RSS; the Dask job on
a LocalCluster of --workers one-thread processes over TCP, wall time
(cluster start not counted) and each worker's peak RSS; whether the two
outputs are identical (they must be).  Prints documents/s and the ratio.
Absolute times on a shared 2-core machine are noise; the ratio is the
figure.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)

from bench_dask import run_cli, run_dask  # noqa: E402 - the dedup benchmark's runners


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocksize", type=int, default=16_000_000)
    ap.add_argument("--reuters", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "reuters21578"))
    ap.add_argument("--workdir", default="/tmp/samestory-bench")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    path = os.path.join(a.workdir, f"reuse{a.docs}.jsonl")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_reuse_corpus.py"), a.reuters, path, str(a.docs)],
                       check=True)
    mb = os.path.getsize(path) / 1e6
    print(f"corpus: {a.docs} documents, {mb:.0f} MB ({path})")
    cli_out = os.path.join(a.workdir, f"reuse-cli{a.docs}.out")
    dask_out = os.path.join(a.workdir, f"reuse-dask{a.docs}.out")
    cs, crss = run_cli(a.bin, path, cli_out, "reuse")
    print(f"samestory reuse:      {cs:8.1f} s  {a.docs / cs:9.0f} docs/s  peak RSS {crss / 2**20:.0f} MiB")
    ds, res, peaks = run_dask(path, dask_out, a.workers, a.blocksize, "reuse")
    print(f"samestory.dask reuse: {ds:8.1f} s  {a.docs / ds:9.0f} docs/s  {res['partitions']} partitions, "
          f"{res['candidates']} candidate pairs, {a.workers} workers; peak RSS per worker "
          + ", ".join(f"{p / 2**20:.0f} MiB" for p in peaks))
    print(f"  dask / CLI time: {ds / cs:.2f}x")
    same = open(cli_out, "rb").read() == open(dask_out, "rb").read()
    print(f"  output identical to the CLI's: {'yes' if same else 'NO'} ({res['lines']} lines)")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
