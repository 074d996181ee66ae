#!/usr/bin/python3
"""`samestory dedup --index` at 10 million documents: time, peak memory.

gen_corpus.py makes about a million documents in ten minutes, so larger
corpora are derived from one it made (bench/dedup_bench.py keeps
gen1000000.jsonl in its work folder): copy k of the corpus has its letters
rotated by k places (rot-k) and its ids suffixed with "-k".  Each copy
keeps the corpus's sizes, word statistics and planted near-duplicates,
and shares no word with another copy, so copies are not near-duplicates
of each other.  The documents are streamed to the command's standard
input (disk holds only the index it writes), and for each size the run
prints wall time, MB/s, peak RSS, the index file's size, and the time and
memory per document; sizes grow tenfold from the smallest, so a step that
is superlinear shows as a per-document cost that grows.

    /usr/bin/python3 bench/dedup_scale.py [--bin build/samestory]
        [--corpus /tmp/samestory-bench/gen1000000.jsonl]
        [--sizes 1000000,10000000] [--workdir /tmp/samestory-bench]

Absolute numbers on a shared 2-core machine are noisy: compare the
per-document figures between sizes of one run.
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

LOWER = b"abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()


def rot_table(k):
    return bytes.maketrans(LOWER + UPPER, LOWER[k:] + LOWER[:k] + UPPER[k:] + UPPER[:k])


def copy_line(line, k, table):
    """Line of copy k: id suffixed, the text's letters rotated by k."""
    if b"\\" in line:  # an escape: rotate the decoded text instead
        rec = json.loads(line)
        rec["id"] = f"{rec['id']}-{k}"
        rec["text"] = rec["text"].encode().translate(table).decode()
        return json.dumps(rec).encode() + b"\n"
    head, sep, text = line.partition(b', "text": "')
    if not sep or not head.startswith(b'{"id": "'):
        sys.exit(f"unexpected record layout: {line[:80]!r}")
    return head[:-1] + b"-%d\"" % k + sep + text.translate(table)


def feed(corpus, n, pipe):
    """Write n documents (copies of the corpus as needed); bytes written."""
    written = sent = 0
    k = 0
    while sent < n:
        table = rot_table(k % 26)
        with open(corpus, "rb") as f:
            for line in f:
                if sent == n:
                    break
                out = copy_line(line, k, table) if k else line
                pipe.write(out)
                written += len(out)
                sent += 1
        k += 1
        if k >= 26 and sent < n:
            sys.exit("more documents asked than 26 copies give")
    pipe.close()
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("--corpus", default="/tmp/samestory-bench/gen1000000.jsonl")
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--workdir", default="/tmp/samestory-bench")
    a = ap.parse_args()
    if not os.path.exists(a.corpus):
        sys.exit(f"{a.corpus}: make it first (bench/dedup_bench.py --sizes 10000,1000000)")
    print(f"{'docs':>10} {'GB':>7} {'seconds':>8} {'MB/s':>6} {'peak RSS GB':>11} "
          f"{'index GB':>8} {'us/doc':>7} {'RSS B/doc':>9}", flush=True)
    for n in [int(x) for x in a.sizes.split(",")]:
        idx = os.path.join(a.workdir, f"scale{n}.idx")
        for p in (idx, idx + ".lock"):
            if os.path.exists(p):
                os.unlink(p)
        log = tempfile.TemporaryFile()  # its messages (a pipe could fill and stall it)
        t0 = time.monotonic()
        p = subprocess.Popen([a.bin, "dedup", "--index", idx, "-"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=log)
        try:
            b = feed(a.corpus, n, p.stdin)
        except BrokenPipeError:  # it stopped early: its status and messages say why
            b = 0
        _, status, usage = os.wait4(p.pid, 0)  # this child's own peak RSS
        log.seek(0)
        err = log.read().decode(errors="replace")
        p.returncode = os.waitstatus_to_exitcode(status)
        dt = time.monotonic() - t0
        if p.returncode != 0:
            sys.exit(f"samestory exited {p.returncode}: {err[-800:]}")
        rss = usage.ru_maxrss * 1024
        isz = os.path.getsize(idx)
        print(f"{n:>10} {b / 1e9:7.2f} {dt:8.1f} {b / 1e6 / dt:6.1f} {rss / 1e9:11.2f} "
              f"{isz / 1e9:8.2f} {dt / n * 1e6:7.2f} {rss / n:9.0f}", flush=True)
        os.unlink(idx)


if __name__ == "__main__":
    main()
