"""pytest: samestory.Deduper and samestory.dedup against `samestory dedup`,
the index file both ways, bad input, threads, memory."""
import json
import os
import subprocess
import threading

import pytest

import corpus
import samestory
from test_py_engine import BIN, SAMPLES, sample_records


def cli_dedup(path, *args):
    out = subprocess.run([BIN, "dedup", "--quiet", *args, str(path)], check=True, capture_output=True).stdout
    return [json.loads(l) for l in out.decode().splitlines()]


def groups_of(lines):
    by = {}
    for o in lines:
        by.setdefault(o["group"], []).append(o["id"])
    return sorted(sorted(v) for v in by.values() if len(v) > 1)


def test_dedup_equals_the_cli_on_samples(tmp_path):
    recs = sample_records(SAMPLES)
    path = tmp_path / "s.jsonl"
    corpus.write(recs, path)
    ours = list(samestory.dedup(recs))
    cli = cli_dedup(path)
    assert ours == cli
    # the flood reports group (the samples' EXPECTED.md: 01, 03, 04 are one text)
    assert any(len(g) >= 3 for g in groups_of(ours))


def test_dedup_equals_the_cli_over_batches_and_common_lines(tmp_path):
    # 2,700 records: three CLI batches; chrome lines in hundreds of documents
    recs = corpus.make(2000, seed=3)
    path = tmp_path / "c.jsonl"
    corpus.write(recs, path)
    ours = list(samestory.dedup(recs))
    cli = cli_dedup(path)
    assert len(ours) == len(recs) and ours == cli
    g = groups_of(ours)
    assert len(g) > 300
    # the corpus exercises the line table: with no line common (common_docs=0)
    # the chrome lines count as evidence and the groups differ
    assert groups_of(samestory.dedup(recs, common_docs=0)) != g
    loose = list(samestory.dedup(recs, threshold=0.5))
    assert loose == cli_dedup(path, "--threshold", "0.5")


def test_deduper_add_query_save_and_the_cli_reads_the_index(tmp_path):
    recs = corpus.make(300, seed=5)
    d = samestory.Deduper()
    assert d.add(recs) == len(recs) == len(d)
    assert d.params["bands"] * d.params["rows"] > 0 and d.params["cutoff"] < 0.8
    # a query finds a held original by its edited copy, and all its exact copies
    orig = next(r for r in recs if r["id"].startswith("d"))
    words = orig["text"].split(" ")
    words[3] = "changed"
    hits = d.query({"id": "q", "text": " ".join(words), "title": orig["title"]})
    assert orig["id"] in [h["id"] for h in hits] and all(h["similarity"] >= 0.75 for h in hits)
    assert d.query({"id": "q2", "text": "nothing like anything held here at all, truly"}) == []
    assert len(d) == len(recs)  # queries add nothing
    idx = tmp_path / "news.idx"
    d.save(idx)
    # the CLI continues from the index: a copy of a held document joins its group
    more = tmp_path / "more.jsonl"
    corpus.write([dict(orig, id="late-copy")], more)
    out = cli_dedup(more, "--index", str(idx))
    assert out == [{"id": "late-copy", "group": next(g["group"] for g in d.groups() if g["id"] == orig["id"]),
                    "similarity": 1}]
    # and Python loads what the CLI saved
    d2 = samestory.Deduper.load(idx)
    assert len(d2) == len(recs) + 1 and d2.first_new() == len(recs) + 1
    assert [g["id"] for g in d2.groups()][-1] == "late-copy"
    with pytest.raises(samestory.SamestoryError, match="threshold|options|made with"):
        samestory.Deduper.load(idx, threshold=0.5)


def test_dedup_with_an_index_file_equals_the_cli(tmp_path):
    recs = corpus.make(400, seed=9)
    first, second = recs[:250], recs[250:]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    corpus.write(first, a)
    corpus.write(second, b)
    cli_idx, py_idx = tmp_path / "cli.idx", tmp_path / "py.idx"
    cli_dedup(a, "--index", str(cli_idx))
    cli = cli_dedup(b, "--index", str(cli_idx))
    list(samestory.dedup(first, index=str(py_idx)))
    ours = list(samestory.dedup(second, index=str(py_idx)))
    assert ours == cli
    assert open(cli_idx, "rb").read() == open(py_idx, "rb").read()


def test_bad_input_raises_and_keeps_what_was_added(tmp_path):
    d = samestory.Deduper()
    d.add([{"id": "a", "text": "one two three four five six seven eight nine ten"}])
    for bad, what in ((None, TypeError), ([{"text": "no id here"}], samestory.SamestoryError),
                      ([{"id": "b", "text": "fine"}, {"id": "a", "text": "held already"}], samestory.SamestoryError),
                      ("{broken json", samestory.SamestoryError), ([{"id": 5, "text": 7}], samestory.SamestoryError)):
        with pytest.raises(what) as e:
            d.add(bad)
        assert len(d) == 1  # nothing of a refused call was added
        if what is samestory.SamestoryError:
            assert "record" in str(e.value) or "id" in str(e.value)
    with pytest.raises(samestory.SamestoryError) as e:
        d.add([{"id": "b", "text": "x"}, {"id": "b", "text": "y"}])
    assert "duplicate id" in str(e.value) and "record:2:" in str(e.value)
    # surrogates, NUL, huge strings: repaired or refused, never a crash
    assert d.add([{"id": "s\ud800", "text": "lone \udfff surrogate \x00 and more words in it"}]) == 1
    assert d.add([{"id": "big", "text": "word " * 2_000_000}]) == 1
    for bad in (dict(threshold=0), dict(threshold=1.5), dict(ngram=0), dict(hashes=100), dict(threshold="x")):
        with pytest.raises((ValueError, TypeError, samestory.SamestoryError)):
            samestory.Deduper(**bad)
    junk = tmp_path / "junk.idx"
    junk.write_bytes(b"not an index at all" * 100)
    with pytest.raises(samestory.SamestoryError):
        samestory.Deduper.load(junk)
    with pytest.raises(samestory.NotFound):
        samestory.Deduper.load(tmp_path / "none.idx")
    with pytest.raises(TypeError):
        list(samestory.dedup({"id": "a", "text": "a dict is not an iterable of records"}))


def test_threads_share_a_deduper():
    recs = corpus.make(400, seed=11)
    d = samestory.Deduper()
    d.add(recs[:300])
    expect = [d.query(r) for r in recs[300:340]]
    got, errors = {}, []

    def work(k):
        try:
            for i, r in enumerate(recs[300:340]):
                got[(k, i)] = d.query(r)
        except Exception as e:  # noqa: BLE001 - reported by the assert below
            errors.append(e)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    adder = threading.Thread(target=lambda: d.add(recs[340:]))
    for t in ts + [adder]:
        t.start()
    for t in ts + [adder]:
        t.join()
    assert not errors and len(d) == len(recs) - 40
    # queries that ran before or after the add see either index; every answer holds the held ids
    for (k, i), hits in got.items():
        assert {h["id"] for h in expect[i]} <= {h["id"] for h in hits}


def _rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_no_leak_over_100000_calls():
    d = samestory.Deduper()
    d.add(corpus.make(200, seed=2))
    q = {"id": "q", "text": "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14."}
    for _ in range(5000):
        d.query(q)
    before = _rss_kb()
    for i in range(100_000):
        d.query(q)
    grown = _rss_kb() - before
    assert grown < 8 * 1024, f"RSS grew by {grown} KiB over 100,000 queries"
    before = _rss_kb()
    for i in range(300):
        with samestory.Deduper() as t:
            t.add([{"id": f"a{i}", "text": "some words to hash into a sketch of this record"}])
    assert _rss_kb() - before < 16 * 1024
