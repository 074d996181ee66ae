"""pytest: samestory.dask on a real Dask deployment (a scheduler and two
worker processes over TCP on localhost): the jobs give what the CLI gives,
and a dedup job survives a worker killed in the middle."""
import glob
import json
import os
import signal
import subprocess
import sys
import threading

import pytest

import corpus
from test_py_engine import BIN, ROOT, SAMPLES

distributed = pytest.importorskip("distributed")
import samestory.dask as sd  # noqa: E402 - after the skip check

SHARED = os.path.join(os.path.dirname(ROOT), "shared")
REUTERS = os.path.join(SHARED, "data", "reuters21578")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       protocol="tcp://")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def cli(*args):
    return subprocess.run([BIN, *args], check=True, capture_output=True).stdout


def test_two_workers_over_tcp(client):
    info = client.scheduler_info()
    assert info["address"].startswith("tcp://") and len(info["workers"]) == 2
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()


def test_dedup_equals_the_cli_on_samples(client, tmp_path):
    out = tmp_path / "d.jsonl"
    sd.dedup(client, [SAMPLES], str(out))
    assert out.read_bytes() == cli("dedup", "--quiet", SAMPLES)
    files = sorted(glob.glob(os.path.join(SAMPLES, "*")))  # one partition per file
    sd.dedup(client, files, str(out))
    assert out.read_bytes() == cli("dedup", "--quiet", *files)


def test_dedup_equals_the_cli_across_partitions_and_batches(client, tmp_path):
    recs = corpus.make(2400, seed=4)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    corpus.write(recs[:1700], a)
    corpus.write(recs[1700:], b)
    out = tmp_path / "d.jsonl"
    # small partitions: 20 or so, cutting across the CLI's batches of 1,024
    res = sd.dedup(client, [str(a), str(b)], str(out), blocksize=200_000)
    assert res["partitions"] >= 15 and res["edges"] > 300
    assert out.read_bytes() == cli("dedup", "--quiet", str(a), str(b))


def test_dedup_equals_the_cli_on_reuters_near_duplicates(client, tmp_path):
    if not os.path.isdir(REUTERS):
        pytest.skip(f"{REUTERS}: the shared Reuters-21578 data is not beside the project")
    sys.path.insert(0, os.path.join(SHARED, "eval"))
    import random
    import near_dup
    rng = random.Random(7)
    src = list(near_dup.reuters(REUTERS))
    words = [w for _, _, t in src[:500] for w in t.split()[:50]]
    docs = [{"id": rid, "title": title, "text": text} for rid, title, text in src]
    for rid, title, text in rng.sample(src, len(src) // 10):
        for k in range(rng.choice([1, 1, 2, 3])):
            t2, b2 = near_dup.plant(rng, title, text, words)
            docs.append({"id": f"{rid}~{k}", "title": t2, "text": b2})
    rng.shuffle(docs)
    path = tmp_path / "reuters.jsonl"
    corpus.write(docs, path)
    out = tmp_path / "d.jsonl"
    res = sd.dedup(client, [str(path)], str(out), blocksize=4 << 20)
    assert res["documents"] == len(docs) > 15000 and res["partitions"] >= 4
    assert out.read_bytes() == cli("dedup", "--quiet", str(path))


def test_clean_equals_the_cli(client, tmp_path):
    out = tmp_path / "c.jsonl"
    files = sorted(glob.glob(os.path.join(SAMPLES, "*.txt")) + glob.glob(os.path.join(SAMPLES, "*.html"))
                   + glob.glob(os.path.join(SAMPLES, "*.jsonl")))
    sd.clean(client, files, str(out))
    assert out.read_bytes() == cli("clean", "--quiet", "--no-learn", *files)
    recs = corpus.make(300, seed=8)
    path = tmp_path / "r.jsonl"
    corpus.write(recs, path)
    res = sd.clean(client, [str(path)], str(out), blocksize=50_000)
    assert res["partitions"] > 3
    assert out.read_bytes() == cli("clean", "--quiet", "--no-learn", str(path))


def test_bad_input_names_the_file_and_offset(client, tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "text": "fine words here"}) + "\n"
    path.write_text(good + '{"id": "b", "text": broken\n')
    with pytest.raises(Exception) as e:
        sd.dedup(client, [str(path)], str(tmp_path / "o.jsonl"))
    assert "bad.jsonl" in str(e.value) and f"byte {len(good)}" in str(e.value)
    assert not (tmp_path / "o.jsonl").exists()
    with pytest.raises(FileNotFoundError):
        sd.dedup(client, [str(tmp_path / "missing.jsonl")], str(tmp_path / "o.jsonl"))


def test_duplicate_ids_across_partitions_are_refused(client, tmp_path):
    docs = corpus.make(300, seed=4)
    n = len(docs)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    corpus.write(docs[:n * 2 // 3], str(a))
    corpus.write(docs[n // 2:], str(b))  # a sixth of the ids again, in another file
    with pytest.raises(ValueError) as e:
        sd.dedup(client, [str(a), str(b)], str(tmp_path / "o.jsonl"), blocksize=16384)
    msg = str(e.value)
    assert "duplicate id" in msg and "a.jsonl" in msg and "b.jsonl" in msg, msg
    assert not (tmp_path / "o.jsonl").exists()
    # the CLI refuses the same input
    r = subprocess.run([BIN, "dedup", str(a), str(b)], capture_output=True, text=True)
    assert r.returncode == 1 and "duplicate id" in r.stderr
    # and distinct ids in many partitions pass
    corpus.write(docs[n * 2 // 3:], str(b))
    sd.dedup(client, [str(a), str(b)], str(tmp_path / "o.jsonl"), blocksize=16384)
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == n


def test_dedup_survives_a_killed_worker(client, tmp_path):
    recs = corpus.make(6000, seed=6)
    path = tmp_path / "k.jsonl"
    corpus.write(recs, path)
    expect = cli("dedup", "--quiet", str(path))
    out = tmp_path / "d.jsonl"
    killed = []

    def log(msg):
        # once the partitions are scanned and held on the workers, kill one
        # worker process: its results are lost and must be computed again
        if msg.startswith("exact keys") and not killed:
            pids = client.run(os.getpid)
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    res = sd.dedup(client, [str(path)], str(out), blocksize=150_000, log=log)
    assert killed and res["partitions"] > 10
    assert out.read_bytes() == expect
    # the nanny started a new worker in its place
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()


def _reuters_stream(path, n):
    """The first n dated Reuters-21578 articles as JSONL, in file order."""
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from bench_stories import reuters
    with open(path, "w", encoding="utf-8") as f:
        for k, (rid, title, body, t) in enumerate(reuters(REUTERS)):
            if k == n:
                break
            f.write(json.dumps({"id": f"r{rid}", "title": title, "text": body,
                                "date": t.strftime("%Y-%m-%dT%H:%M:%SZ")}) + "\n")


def _labels(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        s = json.loads(line)
        for a in s["articles"]:
            assert a not in out, f"{a} in two stories"
            out[a] = s["story"]
    return out


def _bcubed(a, b):
    assert set(a) == set(b)
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from bench_engine import bcubed_f1
    return bcubed_f1(a, b)


PAN13 = os.path.join(SHARED, "data", "pan13", "docs")


def test_reuse_equals_the_cli_on_samples(client, tmp_path):
    """The sample pile (text, an HTML page to clean, JSON Lines, a page
    without an article body): the same lines as `samestory reuse`, byte for
    byte, in one partition and in one per file, passages and --summary."""
    out = tmp_path / "r.jsonl"
    res = sd.reuse(client, [SAMPLES], str(out))
    expect = cli("reuse", "--quiet", SAMPLES)
    assert res["lines"] == expect.count(b"\n") >= 10 and res["no_body"] >= 1
    assert out.read_bytes() == expect
    files = sorted(glob.glob(os.path.join(SAMPLES, "*")))
    sd.reuse(client, files, str(out), summary=True)
    assert out.read_bytes() == cli("reuse", "--quiet", "--summary", *files)
    sd.reuse(client, files, str(out), keep_no_body=True, min_chars=60)
    assert out.read_bytes() == cli("reuse", "--quiet", "--keep-no-body", "--min-chars", "60", *files)


@pytest.mark.skipif(not os.path.isdir(PAN13), reason="../shared/data/pan13 missing")
def test_reuse_equals_the_cli_on_pan13(client, tmp_path):
    """The shared half of PAN-13 (373 documents) as JSON Lines cut into a
    dozen partitions: the CLI's passages, byte for byte."""
    path = tmp_path / "pan.jsonl"
    docs = [{"id": n, "text": open(os.path.join(PAN13, n), encoding="utf-8", errors="replace").read()}
            for n in sorted(os.listdir(PAN13))]
    corpus.write(docs, path)
    out = tmp_path / "r.jsonl"
    res = sd.reuse(client, [str(path)], str(out), blocksize=300_000)
    assert res["partitions"] >= 10 and res["documents"] == len(docs)
    expect = cli("reuse", "--quiet", str(path))
    assert res["lines"] == expect.count(b"\n") > 500
    assert out.read_bytes() == expect


def test_reuse_equals_the_cli_with_outlet_furniture(client, tmp_path):
    """Generated documents from 56 outlets, some closing most pages with a
    line of their own (furniture: left out of their postings), lines in
    half the documents (over the document-frequency cap), near copies, in
    two files and about 25 partitions; default options and others."""
    recs = corpus.with_outlets(corpus.make(3000, seed=3), seed=3)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    corpus.write(recs[:2000], a)
    corpus.write(recs[2000:], b)
    out = tmp_path / "r.jsonl"
    res = sd.reuse(client, [str(a), str(b)], str(out), blocksize=200_000)
    assert res["partitions"] >= 15
    expect = cli("reuse", "--quiet", str(a), str(b))
    assert res["lines"] == expect.count(b"\n") > 300
    assert out.read_bytes() == expect
    # the furniture rule is at work here: without it, more passages
    assert cli("reuse", "--quiet", "--furniture-share", "0", str(a), str(b)).count(b"\n") > res["lines"] * 2
    sd.reuse(client, [str(a), str(b)], str(out), blocksize=200_000, furniture_share=0.5, max_df=40,
             min_identity=0.8, summary=True)
    assert out.read_bytes() == cli("reuse", "--quiet", "--furniture-share", "0.5", "--max-df", "40",
                                   "--min-identity", "0.8", "--summary", str(a), str(b))


def test_reuse_bad_input_and_options(client, tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "text": "fine words here"}) + "\n"
    path.write_text(good + '{"id": "b", "text": broken\n')
    with pytest.raises(Exception) as e:
        sd.reuse(client, [str(path)], str(tmp_path / "o.jsonl"))
    assert "bad.jsonl" in str(e.value) and f"byte {len(good)}" in str(e.value)
    assert not (tmp_path / "o.jsonl").exists()
    with pytest.raises(ValueError, match="max_df"):
        sd.reuse(client, [SAMPLES], str(tmp_path / "o.jsonl"), max_df=1)
    dup = tmp_path / "dup.jsonl"
    corpus.write([{"id": "x", "text": "one"}, {"id": "x", "text": "two"}], dup)
    with pytest.raises(ValueError, match="duplicate id"):
        sd.reuse(client, [str(dup)], str(tmp_path / "o.jsonl"))


def test_reuse_part_refuses_damaged_document_bytes():
    """Document bytes travel between workers: a truncated or altered one is
    refused with a message, never read past its end."""
    from samestory._lib import ffi, lib
    opts = {"min_chars": 120, "max_df": 100, "furniture_share": 0.3, "min_identity": 2 / 3,
            "keep_no_body": False, "summary": False}
    p = sd._reuse_part(opts)
    rec = json.dumps({"id": "n1", "date": "2024-03-01", "text": " ".join(["word%d" % i for i in range(80)]) + "."})
    err = ffi.new("ss_error *")
    assert lib.ss_reuse_part_add_jsonl(p, rec.encode(), len(rec), b"x.jsonl", 0, err) == 0
    b = ffi.new("ss_buf *")
    assert lib.ss_reuse_part_doc_bytes(p, 0, b) == 0
    blob = ffi.unpack(b.data, b.len)
    lib.ss_buf_release(b)
    q = sd._reuse_part(opts)
    assert lib.ss_reuse_part_add_bytes(q, blob, len(blob), err) == 0
    for bad in (blob[:-1], blob + b"x", b"SSR2" + blob[4:], blob[:20], b""):
        assert lib.ss_reuse_part_add_bytes(q, bad, len(bad), err) != 0
        assert b"damaged" in ffi.string(err.msg)
    assert lib.ss_reuse_part_count(q) == 1
    # a record not held cannot be aligned
    seeds = ffi.new("uint64_t[1]")
    bs = ffi.new("uint32_t[1]", [5])
    out = ffi.new("ss_buf *")
    assert lib.ss_reuse_part_pairs_json(q, 0, bs, 1, seeds, 0, out, err) != 0
    lib.ss_buf_release(out)


@pytest.mark.skipif(not os.path.isdir(REUTERS), reason="../shared/data/reuters21578 missing")
def test_stories_one_range_equals_the_cli_and_ranges_stitch(client, tmp_path):
    """The stories job on 1,500 dated Reuters articles cut into partitions:
    in one time range its stories are the CLI's, in one partition or in
    several (--no-learn: the job has no corpus-learning pass); in three ranges,
    stitched over a fixed 2-day warm-up, stories crossing a range's start
    are rebuilt from their last days only and B-cubed F against the CLI
    drops (0.95 measured); a warm-up doubled while a crossing story
    reaches back to its start (2 -> 4 and 8 days here) gives the CLI's
    stories again (F 1.0 measured; docs/DASK.md has 30,000 articles)."""
    data = tmp_path / "r.jsonl"
    _reuters_stream(data, 1460)
    with open(data, encoding="utf-8") as f:
        recs = [json.loads(l) for l in f]
    with open(data, "a", encoding="utf-8") as f:  # 40 exact copies, far from their first
        for r in recs[:40]:
            f.write(json.dumps(dict(r, id=r["id"] + "-copy")) + "\n")
    ref = tmp_path / "cli.jsonl"
    ref.write_bytes(cli("stories", "--quiet", "--no-learn", str(data)))
    one = tmp_path / "one.jsonl"
    res = sd.stories(client, [str(data)], str(one), range_docs=10000)  # one partition, one range
    assert res["ranges"] == 1 and res["articles"] == 1500
    got = sorted(sorted(json.loads(l)["articles"]) for l in open(one, encoding="utf-8"))
    want = sorted(sorted(json.loads(l)["articles"]) for l in open(ref, encoding="utf-8"))
    assert got == want
    # partitions: one range counts as the CLI does and gives its stories
    parts = tmp_path / "parts.jsonl"
    res = sd.stories(client, [str(data)], str(parts), range_docs=10000, blocksize=200000)
    assert res["partitions"] >= 3, res
    got = sorted(sorted(json.loads(l)["articles"]) for l in open(parts, encoding="utf-8"))
    assert got == want
    fixed = tmp_path / "fixed.jsonl"
    res = sd.stories(client, [str(data)], str(fixed), range_docs=500, overlap_days=2, max_overlap_days=2,
                     blocksize=200000)
    # a range starts from the frequencies of the ranges before it, a text
    # repeated across partitions counted once as the CLI counts it
    assert res["ranges"] == 3 and res["links"] > 0 and res["warmup_days"] == [0, 2, 2]
    assert res["partitions"] >= 3 and res["repeated_texts"] > 0, res
    f_fixed = _bcubed(_labels(ref), _labels(fixed))
    grown = tmp_path / "grown.jsonl"
    res = sd.stories(client, [str(data)], str(grown), range_docs=500, overlap_days=2, max_overlap_days=64,
                     blocksize=200000)
    assert res["ranges"] == 3 and max(res["warmup_days"]) > 2, res
    f_grown = _bcubed(_labels(ref), _labels(grown))
    assert f_grown > 0.99 and f_grown > f_fixed, (f_grown, f_fixed)
    with pytest.raises(ValueError, match="overlap days"):
        sd.stories(client, [str(data)], str(grown), overlap_days=30, max_overlap_days=20)


def test_stories_refuses_what_it_cannot_read(client, tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("Title\n\nSome text.\n")
    with pytest.raises(Exception, match="JSON Lines"):
        sd.stories(client, [str(txt)], str(tmp_path / "o.jsonl"))
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"id": "a", "text": "x", "date": "2020-01-01"}\n{"id": "b", "text": \n')
    with pytest.raises(Exception, match="byte 47"):
        sd.stories(client, [str(bad)], str(tmp_path / "o.jsonl"))


def test_the_command_line(tmp_path):
    out = tmp_path / "m.jsonl"
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "dedup", "--workers", "2", SAMPLES, "-o", str(out)],
                       env=env, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    expect = cli("dedup", "--quiet", SAMPLES)
    assert out.read_bytes() == expect
    assert b"wrote %d lines" % expect.count(b"\n") in r.stderr
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "dedup", "--scheduler", "tcp://127.0.0.1:1",
                        "--connect-timeout", "3",
                        SAMPLES, "-o", str(out)], env=env, capture_output=True, timeout=300)
    assert r.returncode == 1 and b"cannot reach the scheduler" in r.stderr
    # a bad record is told once, by file and line as the CLI tells it (it was
    # "bad.jsonl: byte N: /path/bad.jsonl:0: ..." after the workers' dump)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps({"id": f"d{i}", "text": f"fine words {i}"}) + "\n" for i in range(40))
                   + '{"id": "x", "text": broken\n')
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "dedup", "--workers", "1", "--blocksize", "600",
                        str(bad), "-o", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert f"{bad}:41 (byte " in r.stderr and ":0:" not in r.stderr, r.stderr
    assert "Compute Failed" not in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "clean", "--workers", "1", "--blocksize", "600",
                        str(bad), "-o", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and f"{bad}:41 (byte " in r.stderr and "record:1" not in r.stderr, r.stderr
    # a WARC file's offsets are no line's: told as the reader tells them
    warc = tmp_path / "bad.warc"
    warc.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: zz\r\n\r\nx\r\n\r\n")
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "clean", "--workers", "1", str(warc), "-o", str(out)],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "bad.warc: byte 0" in r.stderr and "bad.warc:1 (" not in r.stderr, r.stderr
    r = subprocess.run([sys.executable, "-m", "samestory.dask", "reuse", "--workers", "2", "--summary", SAMPLES,
                        "-o", str(out)], env=env, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes() == cli("reuse", "--quiet", "--summary", SAMPLES)
