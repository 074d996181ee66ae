#!/usr/bin/env python3
"""Benchmark: `samestory serve` — ingest over HTTP and reads while ingesting.

On the Reuters-based stream of bench_stories.py (N articles, default
30,000; written to a temporary folder, never into the repo), in the same
run:
  baseline   samestory stories --db NEW --batch B FILE   (the CLI on the engine)
  serve      samestory serve --db NEW; 4 posters send the stream in
             batches of B (JSON Lines over HTTP, keep-alive), while 16
             readers loop over GET /v1/stories/{id} and GET /v1/stories
and prints articles per second of each, their ratio (target: serve at
least 0.7 of the CLI), and the p50 and p99 latency of each read
(target: p99 under 50 ms on these 2-core machines), plus the server's
peak RSS, then the same readers on the full store without ingest.

With --memory N it instead posts N generated articles (events of 5
reports, 20 events a day in date order, batches of 500) to a new server
and prints the server's resident memory after each tenth: memory should
follow the open window, not the size of the store.  Standard library
only.

    python3 bench/bench_serve.py [--bin build/samestory] [--n 30000] [--batch 200]
    python3 bench/bench_serve.py --memory 100000
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import bench_stories  # noqa: E402  (the Reuters stream builder)


def start(binary, db):
    log = open(db + ".log", "wb")
    p = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0"], stderr=log,
                         stdout=subprocess.DEVNULL)
    for _ in range(3000):
        text = open(db + ".log", encoding="utf-8", errors="replace").read()
        if "http://127.0.0.1:" in text:
            port = int(text.split("http://127.0.0.1:")[1].split("/")[0])
            return p, port, open(db + ".token").read().strip()
        if p.poll() is not None:
            raise SystemExit("serve exited: " + text)
        time.sleep(0.02)
    raise SystemExit("serve did not start")


def rss_mb(pid, key="VmRSS:"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


def generated(n):
    """n short articles: events of 5 reports, 20 events a day, in date order."""
    import datetime
    places = ["Arlen", "Brisk", "Corvo", "Dunmore", "Elsby", "Farrow", "Galt", "Hollin"]
    for i in range(n):
        e, k = divmod(i, 5)
        place = f"{places[e % len(places)]}{e}"
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=e // 20)
        yield json.dumps({"id": f"e{e}-r{k}", "date": day.isoformat(), "source": f"Outlet {k}",
                          "title": f"{place} council approves plan {e % 997}",
                          "text": f"Councillors in {place} approved plan {e % 997} on Tuesday, report {k} said. "
                                  f"Mayor {place}son called the vote historic. Work in {place} starts soon."}) + "\n"


def memory(a, tmp):
    db = os.path.join(tmp, "mem.db")
    proc, port, token = start(a.bin, db)
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    batch, sent, step = [], 0, max(1, a.memory // 10)
    t0 = time.monotonic()
    print(f"{'articles':>10} {'RSS MB':>8} {'peak MB':>8} {'store MB':>9} {'seconds':>8}")
    for line in generated(a.memory):
        batch.append(line)
        if len(batch) == 500:
            c.request("POST", "/v1/articles", body="".join(batch).encode(),
                      headers={"Authorization": "Bearer " + token})
            r = c.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit(f"POST failed: {r.status}")
            sent += len(batch)
            batch = []
            if sent % step == 0:
                size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 2**20
                print(f"{sent:10d} {rss_mb(proc.pid):8.0f} {rss_mb(proc.pid, 'VmHWM:'):8.0f} {size:9.0f}"
                      f" {time.monotonic() - t0:8.0f}", flush=True)
    proc.terminate()
    proc.wait()


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000 if v else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/samestory")
    ap.add_argument("--n", type=int, default=30000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--posters", type=int, default=4)
    ap.add_argument("--readers", type=int, default=16)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data",
                                                   "reuters21578"))
    ap.add_argument("--memory", type=int, default=0)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="samestory-bench-serve-")
    if a.memory:
        return memory(a, tmp)
    stream = os.path.join(tmp, "stream.jsonl")
    bench_stories.build(stream, a.n, a.data)
    lines = [l for l in open(stream, encoding="utf-8") if l.strip()]

    # baseline: the CLI on the same engine, same batch size
    t0 = time.monotonic()
    subprocess.run([a.bin, "stories", "--db", os.path.join(tmp, "cli.db"), "--batch", str(a.batch), "--quiet",
                    stream], check=True, stdout=subprocess.DEVNULL)
    cli_s = time.monotonic() - t0

    n = len(lines)
    print(f"articles: {n}, batch {a.batch}, {a.posters} posters, {a.readers} readers")
    print(f"stories --db (CLI):        {cli_s:7.1f} s  {n / cli_s:8.0f} articles/s")
    # 1. ingest alone (the ratio to the CLI)
    serve_s, rss, _ = ingest(a, tmp, "alone.db", lines, 0)
    print(f"serve, 4 posters:          {serve_s:7.1f} s  {n / serve_s:8.0f} articles/s  peak RSS {rss:.0f} MB")
    print(f"ratio serve/CLI:           {cli_s / serve_s:7.2f}  (target >= 0.7)")
    # 2. ingest again into a new store with readers; 3. the same readers on the full store
    busy_s, rss, (busy, idle) = ingest(a, tmp, "busy.db", lines, a.readers)
    print(f"serve, 4 posters + {a.readers} readers: {busy_s:5.1f} s  {n / busy_s:8.0f} articles/s  peak RSS {rss:.0f} MB")
    for name, v in (("while ingesting", busy), ("full store, no ingest", idle)):
        for kind, path in (("story", "GET /v1/stories/{id}"), ("list", "GET /v1/stories?limit=20")):
            print(f"{path:26s} {name:22s} n={len(v[kind]):6d}  p50 {pct(v[kind], 0.5):7.1f} ms"
                  f"  p99 {pct(v[kind], 0.99):7.1f} ms  (target p99 < 50 ms)")


def ingest(a, tmp, name, lines, nreaders):
    """Post lines to a new server from a.posters threads, with nreaders
    readers looping meanwhile, then the readers alone for 5 s on the full
    store.  Seconds of the ingest, the server's peak RSS (MB), and the read
    latencies (seconds) while ingesting and after."""
    db = os.path.join(tmp, name)
    proc, port, token = start(a.bin, db)
    batches = [lines[i:i + a.batch] for i in range(0, len(lines), a.batch)]
    lock = threading.Lock()
    todo = list(range(len(batches)))
    done = threading.Event()
    busy = {"story": [], "list": []}
    idle = {"story": [], "list": []}
    lat = [busy]
    errors = []

    def poster():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop(0)
            c.request("POST", "/v1/articles", body="".join(batches[i]).encode(),
                      headers={"Authorization": "Bearer " + token})
            r = c.getresponse()
            body = r.read()
            if r.status != 200:
                errors.append(body[:200])

    def reader(k):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        while not done.is_set():
            path = "/v1/stories?limit=20" if n % 2 else f"/v1/stories/{(n * 7 + k) % 500}"
            t = time.monotonic()
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            lat[0]["list" if n % 2 else "story"].append(time.monotonic() - t)
            n += 1

    readers = [threading.Thread(target=reader, args=(k,)) for k in range(nreaders)]
    posters = [threading.Thread(target=poster) for _ in range(a.posters)]
    t0 = time.monotonic()
    for t in readers + posters:
        t.start()
    for t in posters:
        t.join()
    secs = time.monotonic() - t0
    if nreaders:
        lat[0] = idle
        time.sleep(5)
    done.set()
    for t in readers:
        t.join()
    rss = 0
    with open(f"/proc/{proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    proc.terminate()
    proc.wait()
    if errors:
        raise SystemExit(f"{len(errors)} batches failed: {errors[:3]}")
    return secs, rss, (busy, idle)


if __name__ == "__main__":
    main()
