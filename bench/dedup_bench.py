#!/usr/bin/python3
"""Throughput and memory of `samestory dedup` on synthetic news corpora.

Makes corpora with ../shared/bench/gen_corpus.py (N documents of about 3 KB,
10% planted near-duplicates; TSV turned into JSONL {"id", "text"}) in a work
folder outside the repository, runs `samestory dedup` on each and prints,
per size: MB/s, documents/s, peak RSS, and the RSS growth per document
between the smallest and the largest size (the index's memory per
document).  A baseline measured in the same run gives the ratio: classic
MinHash as the usual Python tool computes it (128 hash functions applied to
every shingle, numpy-vectorized, SHA-1 shingle hashes, LSH buckets in
dicts), on one core, over the first --baseline-docs documents; with
--datasketch DIR, datasketch itself the same way (run_datasketch).  Also
reports how many planted copies were grouped with their original, by
edit rate, and whether any two originals were grouped.

    /usr/bin/python3 bench/dedup_bench.py [--bin build/samestory]
        [--sizes 10000,100000] [--threads 0] [--workdir /tmp/samestory-bench]
        [--datasketch DIR]

Needs numpy (Debian's python3-numpy, hence /usr/bin/python3).  Corpora are
kept in the work folder for the next run (delete it when done); nothing is
written to the repository.  Absolute numbers on a shared 2-core machine are
noisy: compare the ratios.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_corpus.py")


def corpus(workdir, n):
    """Path of the JSONL corpus of n documents (made if missing) and its truth."""
    jsonl = os.path.join(workdir, f"gen{n}.jsonl")
    truth = os.path.join(workdir, f"gen{n}.truth")
    if not (os.path.exists(jsonl) and os.path.exists(truth)):
        tsv = os.path.join(workdir, f"gen{n}.tsv")
        print(f"making {n} documents with gen_corpus.py ...", file=sys.stderr, flush=True)
        subprocess.run(["nice", "/usr/bin/python3", GEN, tsv, str(n)], check=True)
        with open(tsv, encoding="utf-8") as f, open(jsonl + ".part", "w", encoding="utf-8") as o, \
                open(truth + ".part", "w") as t:
            for line in f:
                doc_id, dup_of, rate, text = line.rstrip("\n").split("\t", 3)
                o.write(json.dumps({"id": doc_id, "text": text}) + "\n")
                t.write(f"{doc_id}\t{dup_of}\t{rate}\n")
        os.rename(jsonl + ".part", jsonl)
        os.rename(truth + ".part", truth)
        os.unlink(tsv)
    return jsonl, truth


def measure(binary, path, threads):
    """Run in a fresh child process so that its peak RSS is its own."""
    code = ("import resource,subprocess,sys,time,json\n"
            "t=time.monotonic()\n"
            "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.PIPE)\n"
            "s=time.monotonic()-t\n"
            "r=resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "sys.stderr.write(p.stderr.decode()[-2000:])\n"
            "sys.stdout.write(json.dumps({'rc':p.returncode,'secs':s,'rss':r.ru_maxrss*1024,"
            "'cpu':r.ru_utime+r.ru_stime})+'\\n')\n"
            "sys.stdout.write(p.stdout.decode())\n")
    p = subprocess.run([sys.executable, "-c", code, binary, "dedup", "-q", "--threads",
                        str(threads), path], stdout=subprocess.PIPE, check=True)
    lines = p.stdout.decode().splitlines()
    m = json.loads(lines[0])
    if m["rc"] != 0:
        sys.exit("dedup failed")
    return m, lines[1:]


def quality(lines, truth_path):
    group = {}
    for line in lines:
        o = json.loads(line)
        group[o["id"]] = o["group"]
    buckets = {"<1%": [0, 0], "1-2%": [0, 0], "2-4%": [0, 0], ">=4%": [0, 0]}
    originals_by_group = {}
    merged_originals = 0
    with open(truth_path) as f:
        for line in f:
            doc_id, dup_of, rate = line.rstrip("\n").split("\t")
            if dup_of == "-1":
                g = group[doc_id]
                if g in originals_by_group:
                    merged_originals += 1
                originals_by_group[g] = doc_id
                continue
            r = float(rate)
            b = "<1%" if r < 0.01 else "1-2%" if r < 0.02 else "2-4%" if r < 0.04 else ">=4%"
            buckets[b][1] += 1
            buckets[b][0] += group[doc_id] == group[dup_of]
    return buckets, merged_originals


def baseline(path, ndocs, perms=128, bands=16, rows=8):
    """Classic MinHash + LSH in Python (one core): MB/s over the first ndocs."""
    rng = np.random.RandomState(1)
    prime = np.uint64((1 << 61) - 1)
    a = rng.randint(1, 1 << 31, size=perms).astype(np.uint64)
    b = rng.randint(0, 1 << 31, size=perms).astype(np.uint64)
    buckets = [dict() for _ in range(bands)]
    nbytes = 0
    t0 = time.process_time()
    with open(path, encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= ndocs:
                break
            nbytes += len(line.encode())
            rec = json.loads(line)
            words = rec["text"].lower().split()
            grams = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
            hv = np.array([int.from_bytes(hashlib.sha1(g.encode()).digest()[:4], "little")
                           for g in grams], dtype=np.uint64)
            phv = (np.outer(hv, a) + b) % prime & np.uint64(0xFFFFFFFF)
            sig = phv.min(axis=0)
            for i in range(bands):
                key = sig[i * rows:(i + 1) * rows].tobytes()
                buckets[i].setdefault(key, []).append(rec["id"])
    secs = time.process_time() - t0
    return nbytes / 1e6 / secs, ndocs / secs


def run_datasketch(path, limit):
    """datasketch as its users run it (MinHash 128 over word 5-shingles,
    MinHashLSH at 0.8, query then insert, union-find), one core, over the
    first `limit` documents: (documents, seconds)."""
    import re

    import numpy as np
    from datasketch import MinHash, MinHashLSH
    word = re.compile(r"\w+")
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    t = time.monotonic()
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if n >= limit:
                break
            d = json.loads(line)
            w = [x.lower() for x in word.findall(d["text"])]
            sh = {" ".join(w[i:i + 5]).encode() for i in range(max(1, len(w) - 4))}
            m = MinHash(num_perm=128)
            m.update_batch(list(sh))
            for other in lsh.query(m):
                ra, rb = find(d["id"]), find(other)
                if ra != rb:
                    parent[ra] = rb
            lsh.insert(d["id"], m)
            n += 1
    del np
    return n, time.monotonic() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--workdir", default="/tmp/samestory-bench")
    ap.add_argument("--baseline-docs", type=int, default=1500)
    ap.add_argument("--datasketch", help="a folder holding the datasketch package (a checkout kept "
                    "outside the repository): adds it as a second baseline")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    paths = {n: corpus(args.workdir, n) for n in sizes}

    base_mbs, base_dps = baseline(paths[sizes[0]][0], args.baseline_docs)
    print(f"baseline (classic MinHash 128 + LSH, Python/numpy, 1 core): "
          f"{base_mbs:.2f} MB/s, {base_dps:.0f} docs/s")
    ds_dps = None
    if args.datasketch:
        sys.path.insert(0, args.datasketch)
        k, secs = run_datasketch(paths[sizes[0]][0], args.baseline_docs)
        ds_dps = k / secs
        print(f"datasketch (1 core, first {k} documents): {ds_dps:.0f} docs/s")
    print(f"{'docs':>9} {'MB':>8} {'seconds':>8} {'MB/s':>8} {'docs/s':>9} {'x base':>7} "
          f"{'cpu s':>7} {'peak RSS MB':>12}")
    rows = []
    for n in sizes:
        jsonl, truth = paths[n]
        mb = os.path.getsize(jsonl) / 1e6
        m, lines = measure(args.bin, jsonl, args.threads)
        mbs = mb / m["secs"]
        rows.append((n, mb, m, lines, truth))
        print(f"{n:>9} {mb:>8.1f} {m['secs']:>8.2f} {mbs:>8.1f} {n / m['secs']:>9.0f} "
              f"{mbs / base_mbs:>7.0f} {m['cpu']:>7.2f} {m['rss'] / 1e6:>12.1f}"
              + (f"  {n / m['secs'] / ds_dps:.0f}x datasketch on 1 core, "
                 f"{n / m['secs'] / (2 * ds_dps):.0f}x two ideal processes of it" if ds_dps else ""))
    if len(rows) > 1:
        (n0, _, m0, _, _), (n1, _, m1, _, _) = rows[0], rows[-1]
        per_doc = (m1["rss"] - m0["rss"]) / (n1 - n0)
        print(f"peak RSS growth {n0} -> {n1} documents: {per_doc:.0f} bytes per document")
        for (na, _, ma, _, _), (nb, _, mb_, _, _) in zip(rows, rows[1:]):
            print(f"scaling {na} -> {nb}: time x{mb_['secs'] / ma['secs']:.2f} "
                  f"(documents x{nb / na:.0f}), peak RSS x{mb_['rss'] / ma['rss']:.2f}")
    for n, _, _, lines, truth in rows:
        buckets, merged = quality(lines, truth)
        print(f"{n} documents: planted copies grouped with their original by edit rate: " +
              " ".join(f"{k}:{v[0]}/{v[1]}" for k, v in buckets.items()) +
              f"; originals grouped together: {merged}")


if __name__ == "__main__":
    main()
