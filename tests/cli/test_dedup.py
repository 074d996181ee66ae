"""`samestory dedup`: groups, --filter, --index, edge cases, bad input."""
import glob
import json
import re
import os
import random

from run import Skip


def groups(result):
    """{group id: sorted member ids} from dedup output."""
    g = {}
    for o in result.lines:
        g.setdefault(o["group"], []).append(o["id"])
    return {k: sorted(v) for k, v in g.items()}


def partition(result):
    return sorted(tuple(v) for v in groups(result).values())


VOCAB = [f"w{i}" for i in range(3000)]


def article(rng, n=220):
    words = [rng.choice(VOCAB) for _ in range(n)]
    return " ".join(w + ("." if i % 19 == 18 else "") for i, w in enumerate(words))


def edit(rng, text, rate):
    return " ".join(rng.choice(VOCAB) if rng.random() < rate else w for w in text.split(" "))


def corpus(seed=3, n=90):
    """Originals, light edits of them (near duplicates), and exact copies."""
    rng = random.Random(seed)
    recs = []
    for i in range(n):
        if i < 10 or i % 3 == 0:
            text = article(rng)
        elif i % 3 == 1:
            text = edit(rng, recs[rng.randrange(len(recs))]["text"], 0.01)
        else:
            text = recs[rng.randrange(len(recs))]["text"]
        recs.append({"id": f"d{i:03d}", "title": f"Story {i % 7}", "text": text})
    return recs


def test_samples_flood_reports_are_one_group(ctx):
    r = ctx.ok("dedup", ctx.samples)
    ids = [o["id"] for o in r.lines]
    # one line per document, in input order (folder walk: name order)
    assert ids[:6] == ["01-meridian-wire-flood.txt", "02-coastal-herald-flood.txt",
                       "03-daily-ledger-flood.txt", "04-meridian-page-flood.html",
                       "05-valley-observer-flood.txt", "06-tagesblatt-flut.txt"], ids
    assert len(ids) == 14 and len(set(ids)) == 14
    g = groups(r)
    flood = ["01-meridian-wire-flood.txt", "02-coastal-herald-flood.txt",
             "03-daily-ledger-flood.txt", "04-meridian-page-flood.html"]
    assert sorted(flood) in g.values(), g
    for members in g.values():
        assert members == sorted(flood) or len(members) == 1, g
    by_id = {o["id"]: o for o in r.lines}
    rep = by_id[flood[0]]["group"]
    assert by_id[rep]["similarity"] == 1
    for i in flood:
        assert 0.75 <= by_id[i]["similarity"] <= 1, by_id[i]
    assert by_id["02-coastal-herald-flood.txt"]["similarity"] < 1  # a light edit
    assert "1 duplicate group (0 of exact copies only, 1 with near duplicates), 3 duplicates removed" in r.err, r.err
    # each removed duplicate counted as what it is, exact copies within a near group too
    m = re.search(r"\((\d+) exact cop(?:y|ies), (\d+) near duplicates?\)", r.err)
    exact_ids = [i for i in flood if i != rep and by_id[i]["similarity"] == 1]
    assert m and int(m.group(1)) + int(m.group(2)) == 3 and int(m.group(1)) <= len(exact_ids), r.err
    assert "MB/s" in r.err


def test_seeds_are_not_near_duplicates(ctx):
    seeds = sorted(glob.glob(os.path.join(ctx.shared, "seeds", "*.txt")))
    if not seeds:
        raise Skip("../shared/seeds not present")
    r = ctx.ok("dedup", *seeds)
    assert len(r.lines) == 5
    assert all(o["group"] == o["id"] for o in r.lines), r.lines


def test_threads_and_shuffle_do_not_change_groups(ctx):
    recs = corpus()
    a = ctx.ok("dedup", "-T", "1", ctx.jsonl("a.jsonl", recs))
    b = ctx.ok("dedup", "-T", "3", ctx.jsonl("a.jsonl", recs))
    assert a.out == b.out
    assert len(a.lines) == len(recs)
    assert [o["id"] for o in a.lines] == [r["id"] for r in recs]
    # the corpus holds duplicates, and each copy is found
    g = {o["id"]: o["group"] for o in a.lines}
    assert sum(1 for o in a.lines if o["group"] != o["id"]) >= 30
    shuffled = recs[:]
    random.Random(8).shuffle(shuffled)
    c = ctx.ok("dedup", ctx.jsonl("b.jsonl", shuffled))
    assert partition(a) == partition(c)
    # a document alone is its own group
    for rec in recs[:5]:
        one = ctx.ok("dedup", ctx.jsonl("one.jsonl", [rec]))
        assert one.lines == [{"id": rec["id"], "group": rec["id"], "similarity": 1}]
    assert g  # keep flake8 quiet about unused names


def test_representative_is_the_earliest_dated(ctx):
    rng = random.Random(1)
    text = article(rng)
    recs = [{"id": "first-seen", "text": text},
            {"id": "late", "text": text + " more", "date": "2024-05-02"},
            {"id": "early", "text": text + " and more", "date": "2024-05-01T08:00:00Z"},
            {"id": "undated", "text": text + " still more"}]
    r = ctx.ok("dedup", ctx.jsonl("d.jsonl", recs))
    assert {o["id"]: o["group"] for o in r.lines} == {i["id"]: "early" for i in recs}
    # without dates: the first seen
    for rec in recs:
        rec.pop("date", None)
    r = ctx.ok("dedup", ctx.jsonl("d.jsonl", recs))
    assert {o["group"] for o in r.lines} == {"first-seen"}


def test_filter_prints_representatives_unchanged(ctx):
    recs = corpus(seed=5, n=40)
    for i, rec in enumerate(recs):
        rec["extra"] = {"n": i, "tags": ["x", None]}
    path = ctx.jsonl("f.jsonl", recs)
    raw = open(path, encoding="utf-8").read().splitlines()
    r = ctx.ok("dedup", path)
    reps = [o["id"] for o in r.lines if o["group"] == o["id"]]
    f = ctx.ok("dedup", "--filter", path)
    kept = f.out.splitlines()
    assert [json.loads(line)["id"] for line in kept] == reps
    assert all(line in raw for line in kept)  # byte for byte
    assert len(kept) < len(recs)
    # files come out as records that samestory reads back
    d = os.path.join(ctx.tmp, "files")
    ctx.write("files/a.txt", "Title\n\n" + recs[0]["text"] + "\n")
    ctx.write("files/b.txt", "Title\n\n" + recs[0]["text"] + "\n")
    ctx.write("files/c.html", "<html><body><p>Caf\xe9 page</p></body></html>")
    f = ctx.ok("dedup", "--filter", d)
    out = [json.loads(line) for line in f.out.splitlines()]
    assert [o["id"] for o in out] == ["a.txt", "c.html"]
    assert out[0]["text"].startswith("Title\n") and "html" in out[1]
    back = ctx.ok("dedup", ctx.write("back.jsonl", f.out))
    assert len(back.lines) == 2


def test_edge_cases(ctx):
    recs = [{"id": "empty", "title": "", "text": "..."},
            {"id": "empty2", "text": " - "},
            {"id": "short", "text": "Rates rise"},
            {"id": "short-again", "text": "RATES rise!"},
            {"id": "headline", "title": "Bank of Norland raises its key rate", "text": ""}]
    r = ctx.ok("dedup", ctx.jsonl("e.jsonl", recs))
    g = {o["id"]: o["group"] for o in r.lines}
    assert g == {"empty": "empty", "empty2": "empty2", "short": "short",
                 "short-again": "short", "headline": "headline"}
    same = [{"id": f"s{i}", "text": "the same short article, every time"} for i in range(30)]
    r = ctx.ok("dedup", ctx.jsonl("s.jsonl", same))
    assert {o["group"] for o in r.lines} == {"s0"}
    assert "1 duplicate group (1 of exact copies only, 0 with near duplicates), 29 duplicates removed (29 exact copies, 0 near duplicates)" \
        in r.err, r.err
    r = ctx.ok("dedup", ctx.jsonl("one.jsonl", same[:1]))
    assert r.lines == [{"id": "s0", "group": "s0", "similarity": 1}]


def test_options_out_of_range_are_usage_errors(ctx):
    path = ctx.jsonl("o.jsonl", [{"id": "a", "text": "x"}])
    for args, word in [(["--threshold", "0"], "--threshold"), (["--threshold", "1.5"], "--threshold"),
                       (["--threshold", "-0.2"], "--threshold"), (["--threshold", "abc"], "--threshold"),
                       (["--hashes", "100"], "multiple of 16"), (["--hashes", "16"], "--hashes"),
                       (["--ngram", "0"], "--ngram"), (["--bogus"], "dedup --help")]:
        r = ctx.run("dedup", *args, path)
        assert r.rc == 2, (args, r.rc, r.err)
        assert word in r.err, (args, r.err)
    assert ctx.ok("dedup", "--threshold", "1", path).lines[0]["group"] == "a"
    h = ctx.ok("dedup", "--help")
    assert "false negative" in h.out and "false positive" in h.out


def test_chrome_lines_common_to_the_corpus_do_not_count(ctx):
    rng = random.Random(4)
    chrome_top = "Sign up for the Morning Ledger newsletter and get the day's news first"
    chrome_end = "Copyright Daily Ledger Media Group. All rights reserved. Terms of use apply"
    recs = []
    # twenty short, different articles inside the same long page chrome
    for i in range(20):
        body = article(rng, 40)
        recs.append({"id": f"page{i}", "text": f"{chrome_top}\n{body}\n{chrome_end}"})
    # and a copy of page3 with another site's chrome, and none
    body3 = recs[3]["text"].split("\n")[1]
    recs.append({"id": "copy3", "text": f"Share this story with your friends on social media\n{body3}"})
    recs.append({"id": "bare3", "text": body3})
    r = ctx.ok("dedup", ctx.jsonl("c.jsonl", recs))
    g = {o["id"]: o["group"] for o in r.lines}
    assert g["bare3"] == "page3" and g["copy3"] == "page3", g
    assert all(g[f"page{i}"] == f"page{i}" for i in range(20)), g


def test_index_incremental_and_corrupt(ctx):
    recs = corpus(seed=9, n=60)
    day1, day2 = recs[:30], recs[30:]
    idx = os.path.join(ctx.tmp, "dedup.idx")
    r1 = ctx.ok("dedup", "--index", idx, ctx.jsonl("day1.jsonl", day1))
    assert os.path.exists(idx) and len(r1.lines) == 30
    r2 = ctx.ok("dedup", "--index", idx, ctx.jsonl("day2.jsonl", day2))
    assert [o["id"] for o in r2.lines] == [x["id"] for x in day2]
    assert "(and 30 in the index)" in r2.err
    both = ctx.ok("dedup", ctx.jsonl("all.jsonl", recs))
    # the same groups as one run over both days
    want = {o["id"]: o["group"] for o in both.lines}
    got = {o["id"]: o["group"] for o in r2.lines}
    assert got == {k: want[k] for k in got}
    assert any(got[k] in {x["id"] for x in day1} for k in got)  # copies of earlier documents
    # --filter with an index drops what was seen before
    f = ctx.ok("dedup", "--filter", ctx.jsonl("all2.jsonl", recs[:30]))
    assert len(f.out.splitlines()) < 30
    good = open(idx, "rb").read()
    # corrupt, truncated, other version, other options: clear error, index untouched
    cases = [(good[:50] + bytes([good[50] ^ 0xFF]) + good[51:], "corrupt"),
             (good[:len(good) // 2], "corrupt index"),
             (good[:8] + b"\x09" + good[9:], "format version 9"),
             (b"PK\x03\x04" + good[4:], "not a samestory dedup index")]
    for data, why in cases:
        with open(idx, "wb") as fh:
            fh.write(data)
        r = ctx.run("dedup", "--index", idx, ctx.jsonl("day3.jsonl", day2[:3]))
        assert r.rc == 1 and why in r.err and idx in r.err, (why, r.rc, r.err)
        assert r.lines == []
        assert open(idx, "rb").read() == data
    with open(idx, "wb") as fh:
        fh.write(good)
    r = ctx.run("dedup", "--index", idx, "--threshold", "0.9", ctx.jsonl("day3.jsonl", day2[:3]))
    assert r.rc == 1 and "--threshold 0.8" in r.err and "--threshold 0.9" in r.err, r.err
    assert open(idx, "rb").read() == good
    # a run that stops on bad input leaves the index as it was
    bad = ctx.write("bad.jsonl", json.dumps({"id": "n1", "text": "new text here"}) + "\n{broken\n")
    r = ctx.run("dedup", "--index", idx, bad)
    assert r.rc == 1 and "not updated" in r.err
    assert [o["id"] for o in r.lines] == ["n1"]
    assert open(idx, "rb").read() == good
    assert not [n for n in os.listdir(ctx.tmp) if ".tmp-" in n or ".samestory-tmp." in n]


def test_index_sent_again(ctx):
    """Records the index holds already: with the same text they are not added
    again (printed with "indexed": true and the group they are in now, never
    as copies of themselves); with another text, a bad record naming the
    file, line and index, and the index is left as it was."""
    recs = corpus(seed=4, n=24)
    idx = os.path.join(ctx.tmp, "again.idx")
    day = ctx.jsonl("day.jsonl", recs)
    first = {o["id"]: o for o in ctx.ok("dedup", "--index", idx, day).lines}
    again = ctx.ok("dedup", "--index", idx, day)
    assert "(and 24 in the index), 24 already indexed" in again.err, again.err
    assert "0 duplicates removed" in again.err
    assert sorted(o["id"] for o in again.lines) == sorted(first)
    for o in again.lines:
        assert o["indexed"] is True
        assert o["group"] == first[o["id"]]["group"]
    # the index did not grow: a third run still finds 24
    assert "(and 24 in the index)" in ctx.ok("dedup", "--index", idx, day).err
    good = open(idx, "rb").read()
    changed = dict(recs[5], text=article(random.Random(77)))
    new = {"id": "fresh-1", "text": article(random.Random(78))}
    path = ctx.jsonl("changed.jsonl", [new, changed])
    r = ctx.run("dedup", "--index", idx, path)
    assert r.rc == 1 and f"{path}:2:" in r.err and idx in r.err and "another text" in r.err
    assert open(idx, "rb").read() == good
    r = ctx.ok("dedup", "--index", idx, "--skip-bad", path)
    assert [o["id"] for o in r.lines] == ["fresh-1"]
    assert "(and 24 in the index)" in r.err


def test_bad_records(ctx):
    lines = [json.dumps({"id": "a", "text": "first record text with enough words"}),
             '{"id": "b", "text": ',
             json.dumps({"id": "a", "text": "duplicate id"}),
             json.dumps({"id": "c", "text": "first record text with enough words"})]
    path = ctx.write("bad.jsonl", "\n".join(lines) + "\n")
    r = ctx.run("dedup", path)
    assert r.rc == 1 and f"{path}:2:" in r.err and "--skip-bad" in r.err
    assert [o["id"] for o in r.lines] == ["a"]
    rej = os.path.join(ctx.tmp, "rejects.jsonl")
    r = ctx.ok("dedup", "--skip-bad", "--rejects", rej, path)
    assert [(o["id"], o["group"]) for o in r.lines] == [("a", "a"), ("c", "a")]
    assert "duplicate id" in r.err and "2 bad record(s) skipped" in r.err
    assert open(rej, encoding="utf-8").read().splitlines() == [lines[1], lines[2]]


def test_failed_scrapes_are_not_near_duplicates(ctx):
    """Two failed scrapes of one site (tests/data/furniture/sites.jsonl:
    the same title, a JavaScript notice and the same sidebar) are each a
    group of their own, with a warning; --keep-no-body groups them as
    before.  A headline-only record (no text given) is not touched."""
    data = os.path.join(ctx.root, "tests", "data", "furniture", "sites.jsonl")
    r = ctx.ok("dedup", data)
    got = {d["id"]: d["group"] for d in r.lines}
    assert got["gazette-empty-1"] == "gazette-empty-1" and got["gazette-empty-2"] == "gazette-empty-2"
    assert "2 document(s) without an article body" in r.err
    kept = {d["id"]: d["group"] for d in ctx.ok("dedup", "--keep-no-body", data).lines}
    assert kept["gazette-empty-2"] == "gazette-empty-1"
    heads = ctx.jsonl("heads.jsonl", [{"id": "h1", "title": "Crane collapses at Velmora harbour, two hurt"},
                                      {"id": "h2", "title": "Crane collapses at Velmora harbour, two hurt"}])
    assert {d["id"]: d["group"] for d in ctx.ok("dedup", heads).lines} == {"h1": "h1", "h2": "h1"}


def test_summary_counts_exact_copies_in_a_near_group(ctx):
    """An original, its byte copy and a copy with one word changed: one
    group, one exact copy and one near duplicate removed; one document is
    "1 document"."""
    text = ("The regional council approved a new cycle path along the river on Tuesday, linking the "
            "old town with the university campus. Work is to start in May and take about a year, "
            "and the path will be lit at night, a council spokeswoman said. Residents had asked for "
            "a safer route for years after two accidents on the main road in the past winter.")
    d = os.path.join(ctx.tmp, "copies")
    os.mkdir(d)
    for name, t in (("a.txt", text), ("b.txt", text),
                    ("c.txt", text.replace("past winter", "last winter"))):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(t)
    r = ctx.ok("dedup", d)
    assert {o["group"] for o in r.lines} == {"a.txt"}, r.lines
    assert "3 documents: 1 duplicate group (0 of exact copies only, 1 with near duplicates), 2 duplicates removed " \
           "(1 exact copy, 1 near duplicate)" in r.err, r.err
    r = ctx.ok("dedup", os.path.join(d, "a.txt"))
    assert "1 document: 0 duplicate groups" in r.err, r.err
