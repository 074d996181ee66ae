#!/usr/bin/python3
"""samestory.dask dedup on a 2-worker cluster vs `samestory dedup` vs
datasketch, on generated news (../shared/bench/gen_corpus.py).

    /usr/bin/python3 bench/bench_dask.py [--docs 1000000] [--workers 2]
        [--blocksize 64000000] [--datasketch DIR] [--baseline-docs 20000]
        [--workdir /tmp/samestory-bench]

In one run, on one corpus of --docs documents (about 3 KB each, 10%
planted near copies; made once and kept in the work folder, outside the
repository):
- the CLI: `samestory dedup` (all cores), wall time, peak RSS;
- samestory.dask: a LocalCluster of --workers processes of one thread
  each over TCP, wall time (cluster start not counted), peak RSS of each
  worker (sampled every 0.5 s), and agreement with the CLI: lines equal,
  documents whose group equals the CLI's;
- datasketch (the usual Python tool: MinHash with 128 permutations over
  word 5-shingles, MinHashLSH at threshold 0.8, query then insert, groups
  by union-find) on the first --baseline-docs documents, one core, if the
  package can be imported (from --datasketch DIR, a checkout kept outside
  the repository; it is not a dependency of samestory).
Prints documents/s for each and the ratios.  Absolute times on a shared
2-core machine are noise; the ratios are the figures.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, HERE)

from dedup_bench import corpus, run_datasketch  # noqa: E402 - the CLI benchmark's corpora and baseline


def run_cli(binary, path, out, job="dedup"):
    t = time.monotonic()
    with open(out, "wb") as f:
        p = subprocess.run([binary, job, "-q", path], stdout=f)
    secs = time.monotonic() - t
    if p.returncode:
        sys.exit(f"samestory {job} failed")
    return secs, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def run_dask(path, out, workers, blocksize, job="dedup", **opts):
    """A samestory.dask job (dedup, reuse, ...) on a LocalCluster of
    workers: wall time (cluster start not counted), the job's result, and
    each worker's peak RSS (sampled every 0.5 s)."""
    import distributed
    import psutil

    import samestory.dask as sd
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, memory_limit=0)
    client = distributed.Client(cluster)
    peaks = {}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                for w, rss in client.run(lambda: psutil.Process().memory_info().rss).items():
                    peaks[w] = max(peaks.get(w, 0), rss)
            except Exception:  # noqa: BLE001 - a sample lost while workers are busy
                pass
            stop.wait(0.5)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t = time.monotonic()
    res = getattr(sd, job)(client, [path], out, blocksize=blocksize,
                           log=lambda m: print(f"  dask: {m}", file=sys.stderr, flush=True), **opts)
    secs = time.monotonic() - t
    stop.set()
    th.join()
    client.close()
    cluster.close()
    return secs, res, sorted(peaks.values())


def agreement(a_path, b_path):
    same_line = same_group = n = 0
    with open(a_path, encoding="utf-8") as a, open(b_path, encoding="utf-8") as b:
        for la, lb in zip(a, b):
            n += 1
            same_line += la == lb
            same_group += json.loads(la)["group"] == json.loads(lb)["group"]
    return n, same_line, same_group


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocksize", type=int, default=64_000_000)
    ap.add_argument("--datasketch", help="a folder holding the datasketch package (kept outside the repository)")
    ap.add_argument("--baseline-docs", type=int, default=20_000)
    ap.add_argument("--workdir", default="/tmp/samestory-bench")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    path, _ = corpus(a.workdir, a.docs)
    mb = os.path.getsize(path) / 1e6
    print(f"corpus: {a.docs} documents, {mb:.0f} MB ({path})")
    cli_out = os.path.join(a.workdir, f"cli{a.docs}.out")
    dask_out = os.path.join(a.workdir, f"dask{a.docs}.out")
    cs, crss = run_cli(a.bin, path, cli_out)
    print(f"samestory dedup:      {cs:8.1f} s  {a.docs / cs:9.0f} docs/s  peak RSS {crss / 2**20:.0f} MiB")
    ds, res, peaks = run_dask(path, dask_out, a.workers, a.blocksize)
    print(f"samestory.dask dedup: {ds:8.1f} s  {a.docs / ds:9.0f} docs/s  {res['partitions']} partitions, "
          f"{a.workers} workers; peak RSS per worker " + ", ".join(f"{p / 2**20:.0f} MiB" for p in peaks))
    print(f"  dask / CLI time: {ds / cs:.2f}x")
    n, same_line, same_group = agreement(cli_out, dask_out)
    print(f"  agreement with the CLI: {same_line}/{n} lines identical ({100 * same_line / n:.4f}%), "
          f"{same_group}/{n} same group ({100 * same_group / n:.4f}%)")
    if a.datasketch:
        sys.path.insert(0, a.datasketch)
    try:
        import datasketch  # noqa: F401
    except ImportError:
        print("datasketch: not importable (give --datasketch DIR); baseline not run")
        return
    k, secs = run_datasketch(path, min(a.baseline_docs, a.docs))
    print(f"datasketch (1 core, first {k} docs): {secs:.1f} s  {k / secs:9.0f} docs/s")
    print(f"  samestory.dask / datasketch docs/s: {(a.docs / ds) / (k / secs):.1f}x; "
          f"CLI / datasketch: {(a.docs / cs) / (k / secs):.1f}x")


if __name__ == "__main__":
    main()
