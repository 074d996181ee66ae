#!/usr/bin/python3
"""End-to-end throughput of `samestory clean` on real news pages.

Copies the pages of a folder (by default the shared article-extraction
benchmark, gzipped HTML) --copies times into a work folder outside the
repository, once as they are and once decompressed, and times

    samestory clean --threads T FOLDER > /dev/null

for T = 1 and 2, best of --runs, on both copies.  Throughput is counted in
uncompressed page bytes.  Baselines measured in the same run: `zcat` of the
gzipped copy (decompression alone, the floor for .gz input) and, with
--baseline-bin, another samestory build (e.g. the previous commit built in
a worktree) on the same inputs, given as a time ratio.  The 1 -> 2 thread
speed-up is printed per input.

    /usr/bin/python3 bench/bench_clean_cli.py [--bin build/samestory]
        [--baseline-bin OTHER/samestory] [--pages DIR] [--copies 10]

Absolute numbers on a shared 2-core machine are noisy: compare the ratios.
"""
import argparse
import gzip
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def prepare(pages, copies, work):
    """Folders of the pages as given (gz) and decompressed (plain); bytes."""
    gz_dir, plain_dir = os.path.join(work, "gz"), os.path.join(work, "plain")
    names = sorted(os.listdir(pages))
    stamp = os.path.join(work, f"made-{copies}-{len(names)}")
    if not os.path.exists(stamp):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(gz_dir)
        os.makedirs(plain_dir)
        for c in range(copies):
            for n in names:
                src = os.path.join(pages, n)
                shutil.copyfile(src, os.path.join(gz_dir, f"{c}-{n}"))
                with open(src, "rb") as f:
                    data = f.read()
                if data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)
                base = n[:-3] if n.endswith(".gz") else n
                with open(os.path.join(plain_dir, f"{c}-{base}"), "wb") as f:
                    f.write(data)
        open(stamp, "w").close()
    size = sum(os.path.getsize(os.path.join(plain_dir, n)) for n in os.listdir(plain_dir))
    return gz_dir, plain_dir, size


def best(cmd, runs):
    """Best wall time of runs (stdout discarded); exits on failure."""
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.monotonic() - t0)
        if p.returncode != 0:
            sys.exit(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.decode()[-500:]}")
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--baseline-bin")
    ap.add_argument("--pages", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "aeb", "html"))
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/samestory-bench/clean")
    a = ap.parse_args()
    gz_dir, plain_dir, size = prepare(a.pages, a.copies, a.workdir)
    mb = size / 1e6
    print(f"{len(os.listdir(plain_dir))} pages, {mb:.1f} MB of HTML; best of {a.runs}")
    zcat = best(["sh", "-c", f"cat {gz_dir}/* | zcat"], a.runs)
    print(f"zcat (decompression alone): {zcat:.2f} s, {mb / zcat:.0f} MB/s")
    print(f"{'input':6} {'threads':>7} {'seconds':>8} {'MB/s':>7} {'x 1 thread':>10}"
          + (f" {'baseline s':>10} {'new/base':>8}" if a.baseline_bin else ""))
    for label, folder in (("plain", plain_dir), ("gz", gz_dir)):
        one = None
        for threads in (1, 2):
            cmd = ["clean", "--threads", str(threads), folder]
            t = best([a.bin] + cmd, a.runs)
            one = one or t
            row = f"{label:6} {threads:>7} {t:8.2f} {mb / t:7.1f} {one / t:10.2f}"
            if a.baseline_bin:
                tb = best([a.baseline_bin] + cmd, a.runs)
                row += f" {tb:10.2f} {t / tb:8.2f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
