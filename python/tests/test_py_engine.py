"""pytest: samestory.Engine against the command line, bad input, threads,
memory.  Run with `make test` (or: PYTHONPATH=python /usr/bin/python3 -m
pytest python/tests)."""
import datetime
import gc
import json
import os
import re
import subprocess
import sys
import threading

import pytest

import samestory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "samples")
BIN = os.environ.get("SAMESTORY_BIN", os.path.join(ROOT, "build", "samestory"))


def sample_records(folder):
    """The samples as records: .txt text, .html html, .jsonl lines."""
    out = []
    for f in sorted(os.listdir(folder)):
        p = os.path.join(folder, f)
        if f.endswith(".txt"):
            out.append({"id": f, "text": open(p, encoding="utf-8").read()})
        elif f.endswith(".html"):
            out.append({"id": f, "html": open(p, encoding="utf-8").read()})
        elif f.endswith(".jsonl"):
            out += [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
    return out


def partition(stories):
    return {a: s["story"] for s in stories for a in s["articles"]}


@pytest.fixture
def eng(tmp_path):
    e = samestory.Engine(tmp_path / "s.db")
    yield e
    e.close()


def test_add_gives_the_cli_stories(eng, tmp_path):
    res = eng.add(sample_records(SAMPLES))
    assert res["rejected"] == 0 and res["accepted"] == len(res["results"]) > 5
    ours = partition(eng.stories()["stories"])
    db = str(tmp_path / "cli.db")
    subprocess.run([BIN, "stories", "--db", db, "--quiet", SAMPLES], check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([BIN, "stories", "--db", db, "--quiet"], check=True, capture_output=True).stdout
    cli = partition([json.loads(l) for l in out.decode().splitlines()])
    assert set(ours) == set(cli)
    # the same grouping (story numbers may differ)
    same = lambda p: sorted(sorted(a for a in p if p[a] == s) for s in set(p.values()))  # noqa: E731
    assert same(ours) == same(cli)
    flood = eng.stories(min_size=6)["stories"]
    assert len(flood) == 1 and flood[0]["size"] == 8
    # a date as the end of a range is all of that day, as `stories --until`
    assert flood[0]["story"] in [x["story"] for x in eng.stories(until="2025-03-04")["stories"]]
    assert flood[0]["story"] not in [x["story"] for x in eng.stories(until="2025-03-03")["stories"]]
    story = eng.story(flood[0]["story"])
    assert {"agree", "unique", "quotes", "conflicts", "variants", "relations"} <= set(story)
    # spans are code points of the article's text, as in the CLI's JSON
    art = eng.article("05-valley-observer-flood.txt")
    src = eng.article(art["reused"][0]["source"])
    p = art["reused"][0]
    assert art["text"][p["span"][0]:p["span"][1]].split()[:5] == \
        src["text"][p["source_span"][0]:p["source_span"][1]].split()[:5]


def test_resend_correction_remove(eng):
    r = {"id": "a", "title": "Ferry resumes", "text": "The island ferry resumed service on Monday after "
         "the storm, the operator said in a statement."}
    assert eng.add(r)["results"][0]["action"] == "new"
    assert eng.add(r)["results"][0]["action"] == "same"
    r2 = dict(r, text=r["text"] + " Tickets are valid again.")
    assert eng.add([r2])["results"][0]["action"] == "corrected"
    assert eng.remove("a") == 1 and eng.remove(["a"]) == 0
    with pytest.raises(samestory.NotFound):
        eng.article("a")


def test_bad_input_raises_or_answers_in_place(eng, tmp_path):
    with pytest.raises(TypeError):
        eng.add(None)
    with pytest.raises(TypeError):
        samestory.Engine(None)
    res = eng.add([5, {"id": "x"}, {"id": "y", "text": float("nan")}, {"id": "ok", "text": "Text " * 20},
                   {"id": "s\ud800", "text": "lone \udc00 surrogate in a sentence about the harbour today " * 2}])
    assert [("error" in r) for r in res["results"]] == [True, True, True, False, False], res
    assert "\ufffd" in eng.article("s\ufffd")["text"]
    big = {"id": "big", "text": "word " * 2_000_000}
    assert eng.add(big)["accepted"] == 1
    assert eng.add(b'{"id": "b", "text": "bytes in, one two three"}')["accepted"] == 1
    assert eng.add("")["accepted"] == 0
    with pytest.raises(samestory.NotFound) as e:
        eng.story(10 ** 12)
    assert "no story" in str(e.value)
    with pytest.raises(samestory.SamestoryError) as e:
        eng.stories(query='(unbalanced')
    assert "query" in str(e.value)
    with pytest.raises(ValueError):
        eng.stories(since="not a date")
    bad = tmp_path / "not.db"
    bad.write_text("hello")
    with pytest.raises(samestory.SamestoryError) as e:
        samestory.Engine(bad)
    assert str(bad) in str(e.value) and e.value.code < 0
    ro = samestory.Engine(tmp_path / "s.db", readonly=True)
    with pytest.raises(samestory.SamestoryError):
        ro.add({"id": "z", "text": "x y z"})
    ro.close()
    eng.close()
    with pytest.raises(samestory.SamestoryError):
        eng.story(0)


def test_threads_share_an_engine_and_readers_run_beside_it(eng, tmp_path):
    eng.add(sample_records(SAMPLES))
    want = eng.stories()["stories"]
    errors = []

    def reader(e):
        try:
            for _ in range(50):
                assert e.stories()["stories"] == want
                e.story(want[0]["story"])
        except Exception as x:  # noqa: BLE001 -- reported below
            errors.append(x)

    ro = [samestory.Engine(tmp_path / "s.db", readonly=True) for _ in range(2)]
    ts = [threading.Thread(target=reader, args=(e,)) for e in [eng, eng] + ro]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for e in ro:
        e.close()
    assert not errors, errors


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_no_leak_over_100000_calls(eng):
    eng.add({"id": "a", "title": "Bridge opens", "text": "The new bridge opened on Monday, officials said. " * 3})
    n = eng.stories()["stories"][0]["story"]
    for _ in range(2000):  # warm up caches and allocator pools
        eng.story(n)
    gc.collect()
    before = rss_kb()
    for i in range(100_000):
        eng.story(n)
        if i % 10 == 0:
            eng.article("a")
    gc.collect()
    grown = rss_kb() - before
    assert grown < 8 * 1024, f"RSS grew {grown} kB over 100,000 calls"
    # engines themselves are freed when they go (after a warm-up: the
    # allocator keeps the first engines' pages for the next)
    for _ in range(50):
        samestory.Engine(eng.path, readonly=True).story(n)
    gc.collect()
    before = rss_kb()
    for _ in range(200):
        samestory.Engine(eng.path, readonly=True).story(n)
    gc.collect()
    assert rss_kb() - before < 16 * 1024


def test_docs_examples_run(tmp_path, monkeypatch):
    """Every ```python block of docs/PYTHON.md runs as written."""
    text = open(os.path.join(ROOT, "docs", "PYTHON.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMPLES", SAMPLES)
    env = {}
    for b in blocks:
        exec(compile(b, "docs/PYTHON.md", "exec"), env)


def test_clean_gives_the_cli_records():
    out = subprocess.run([BIN, "clean", "--no-learn", SAMPLES], capture_output=True, check=True).stdout
    cli = {json.loads(l)["id"]: json.loads(l) for l in out.decode().splitlines()}
    n = 0
    for f in sorted(os.listdir(SAMPLES)):
        if f.endswith((".txt", ".html")):
            page = open(os.path.join(SAMPLES, f), encoding="utf-8").read()
            assert samestory.clean(page, id=f) == cli[f], f  # kind found by itself
            n += 1
    assert n >= 8


def test_clean_bad_input_and_threads():
    with pytest.raises(TypeError):
        samestory.clean(None)
    with pytest.raises(TypeError):
        samestory.clean(12)
    with pytest.raises(ValueError):
        samestory.clean("x", kind="pdf")
    d = samestory.clean("Title line\n\nA lone \ud800 surrogate sits in this sentence about the ferry today.")
    assert d["title"] == "Title line" and "\ufffd" in d["text"]
    assert samestory.clean(b"<html><body><p>bytes \xff in</p></body></html>")["id"] == "doc"
    with pytest.raises(samestory.SamestoryError) as e:
        samestory.clean("")  # nothing to clean: the library says so
    assert "neither title nor text" in str(e.value)
    huge = samestory.clean("<html><body><article>" + "".join(
        f"<p>The council met on Monday ({i}) to discuss the new bridge and its cost.</p>" for i in range(50_000))
        + "</article></body></html>")
    assert len(huge["text"]) > 1_000_000
    kept = samestory.clean("<html><body><nav>Home | News</nav><article><p>" + "The council met. " * 20 +
                           "</p></article></body></html>", keep_boilerplate=True)
    assert kept["blocks"] and {"span", "kind"} <= set(kept["blocks"][0])
    page = open(os.path.join(SAMPLES, "04-meridian-page-flood.html"), encoding="utf-8").read()
    want = samestory.clean(page)
    errors = []

    def worker():
        try:
            for _ in range(20):
                assert samestory.clean(page) == want
        except Exception as x:  # noqa: BLE001 -- reported below
            errors.append(x)

    ts = [threading.Thread(target=worker) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors


def test_clean_does_not_leak():
    text = "Bridge opens\n\nThe new bridge over the river opened on Monday, officials said. " * 2
    for _ in range(2000):
        samestory.clean(text)
    gc.collect()
    before = rss_kb()
    for _ in range(100_000):
        samestory.clean(text)
    gc.collect()
    grown = rss_kb() - before
    assert grown < 8 * 1024, f"RSS grew {grown} kB over 100,000 clean() calls"


def test_stories_in_memory_equal_the_cli(tmp_path):
    recs = sample_records(SAMPLES)
    path = tmp_path / "recs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    out = subprocess.run([BIN, "stories", "--no-learn", "--quiet", str(path)], capture_output=True,
                         check=True).stdout
    cli = [json.loads(l) for l in out.decode().splitlines()]
    assert samestory.stories(recs) == cli
    assert samestory.stories(recs, threads=1) == cli
    with pytest.raises(samestory.SamestoryError) as e:
        samestory.stories(recs[:2] + [{"id": "no text"}])
    assert "record 3" in str(e.value) or "no text" in str(e.value)
    assert samestory.stories([]) == []


def test_engines_share_one_context(tmp_path):
    """The data (the 22 MB lexicon above all) is loaded once per process:
    eight engines open cost far less than eight copies of it."""
    code = f"""
import resource, sys
sys.path.insert(0, {os.path.join(ROOT, 'python')!r})
import samestory
from samestory._lib import context, ffi
first = samestory.Engine({str(tmp_path / 'a.db')!r})
assert context() != ffi.NULL and context() == context()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
engines = [samestory.Engine({str(tmp_path / 'a.db')!r}, readonly=True) for _ in range(8)]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(after - before)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    grown_kb = int(out.stdout.split()[-1])
    lexicon_kb = os.path.getsize(os.path.join(ROOT, "build", "data", "lexicon.bin")) / 1024
    # each engine loaded its own lexicon before: 8 x 22 MB
    assert grown_kb < 2 * lexicon_kb, (grown_kb, lexicon_kb)


def test_a_second_writer_is_refused_while_the_first_is_open(tmp_path):
    """One writer per store for the writer's whole life: a writer keeps the
    frequencies and open stories in memory, and another process's batches
    would leave them stale (its next batch then wrote stories that lost the
    other's articles).  Readers still read."""
    path = tmp_path / "one.db"
    first = samestory.Engine(path)
    try:
        first.add(sample_records(SAMPLES)[:3])
        r = subprocess.run([BIN, "stories", "--db", str(path), "--quiet", SAMPLES], capture_output=True)
        assert r.returncode == 1 and b"locked by another writer" in r.stderr, r.stderr
        code = ("import sys, samestory\n"
                "try:\n"
                f"    samestory.Engine({str(path)!r})\n"
                "except Exception as e:\n"
                "    print(e); sys.exit(3)\n")
        p = subprocess.run([sys.executable, "-c", code], capture_output=True,
                           env=dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(samestory.__file__))))
        assert p.returncode == 3 and b"locked by another writer" in p.stdout, (p.stdout, p.stderr)
        out = subprocess.run([BIN, "stories", "--db", str(path), "--quiet"], check=True, capture_output=True).stdout
        assert out.strip()
    finally:
        first.close()
    # free again once the first writer closed
    again = samestory.Engine(path)
    again.add(sample_records(SAMPLES)[3:5])
    again.close()


def test_misuse_is_refused_clearly(eng):
    """From a new-user trial: bytes ids were iterated as numbers, a float
    story number was truncated, and stories() took a duplicate id that
    the CLI refuses."""
    eng.add(sample_records(SAMPLES)[:3])
    with pytest.raises(TypeError):
        eng.remove(b"fire-2")
    with pytest.raises(TypeError):
        eng.remove([3])
    with pytest.raises(TypeError):
        eng.story(1.9)
    with pytest.raises(TypeError):
        eng.article(5)
    recs = sample_records(SAMPLES)[:3]
    with pytest.raises(samestory.SamestoryError, match="duplicate id"):
        samestory.stories(recs + [recs[0]])
    assert len(samestory.stories(recs)) >= 1


def test_records_with_dates_values_and_notes(eng):
    """A date may be a datetime or date (a naive one is UTC); a value JSON
    cannot hold is refused in its place naming its field and id; what was
    noticed about an article (a date that is no date, no article body, a
    giant text read in part) is in its result's "warnings"; a second
    writer in the same process is told so, and Engine takes a bytes path."""
    text = ("The harbour council of Velmora approved a new ferry timetable on Monday. "
            "Ferries will leave every twenty minutes from the north pier from next month.")
    r = eng.add([
        {"id": "dt", "text": text, "date": datetime.datetime(2026, 11, 2, 9, 5)},
        {"id": "d", "text": text + " Fares stay the same.", "date": datetime.date(2026, 11, 2)},
        {"id": "nan", "text": text, "score": float("nan")},
        {"id": "obj", "text": text, "meta": object()},
        {"id": "bad", "text": text + " Tickets are sold on board.", "date": "2026-13-45"},
        {"id": "brief", "text": "Velmora ferries to leave every twenty minutes"},
        {"id": "giant", "text": ("The ferry timetable was discussed at length. " * 7000)},
    ])["results"]
    assert eng.article("dt")["date"] == "2026-11-02T09:05:00" and eng.article("d")["date"] == "2026-11-02"
    assert "warnings" not in r[0] and "warnings" not in r[1]
    assert r[2]["error"] == "record:3: field 'score' (id nan): NaN or infinity cannot be written as JSON"
    assert r[3]["error"] == "record:4: field 'meta' (id obj): object cannot be written as JSON"
    assert any('"date" "2026-13-45" is no date' in w for w in r[4]["warnings"]), r[4]
    assert r[5]["warnings"] == ["no article body (fewer than 8 words in sentences): compared by its headline alone"]
    assert eng.article("brief")["text"] == "Velmora ferries to leave every twenty minutes"
    assert any("the story stages read its first 256 KiB" in w for w in r[6]["warnings"]), r[6]
    with pytest.raises(samestory.SamestoryError, match="already open for writing in this process"):
        samestory.Engine(eng.path)
    # a link to the store is the same store (it opened a second writer)
    link = os.path.join(os.path.dirname(eng.path), "link-to.db")
    os.symlink(os.path.basename(eng.path), link)
    with pytest.raises(samestory.SamestoryError, match="already open for writing in this process"):
        samestory.Engine(link)


def test_bytes_path(tmp_path):
    e = samestory.Engine(os.fsencode(tmp_path / "b.db"))
    e.add({"id": "a", "title": "Velmora ferry timetable approved by the council"})
    assert e.article("a")["title"].startswith("Velmora")
    e.close()


def test_wrong_types_are_named(eng):
    """Wrong argument types give messages about the argument, not about
    Python's internals."""
    with pytest.raises(TypeError, match="ids must be a str"):
        eng.remove(3)
    with pytest.raises(TypeError, match="records must be a dict"):
        eng.add(5)
    with pytest.raises(TypeError):
        eng.stories(min_size="2")
    with pytest.raises(samestory.NotFound):
        eng.story(2**70)
    # as the HTTP API refuses them (a user's trial, 2026-12-08: these returned
    # everything, nothing, or were taken as the default)
    for bad in (0, -1, True, "5", 2.0):
        with pytest.raises(ValueError, match="limit must be an int from 1"):
            eng.search("ferry", limit=bad)
    with pytest.raises(ValueError, match="min_size and limit are counts"):
        eng.stories(limit=-1)
    with pytest.raises(TypeError, match="lang is a str"):
        eng.stories(lang=5)
    with pytest.raises(TypeError, match="query is a str"):
        eng.search(5)
    eng.add([{"id": "t1", "title": "Velmora ferry timetable approved by the council",
              "text": "The Velmora council approved the new ferry timetable on Monday, its clerk said."},
             {"id": "t2", "title": "Orbital launches a folding phone",
              "text": "Orbital showed a folding phone with a larger battery at its launch in Kessa."}])
    total = eng.totals()["stories"]
    assert total > 1
    assert len(eng.stories(limit=None)["stories"]) == total == len(eng.stories(limit=0)["stories"])
    assert len(eng.stories(limit=1)["stories"]) == 1
    with pytest.raises(ValueError, match="threads must be an int"):
        samestory.stories([{"id": "a", "text": "x"}], threads=-1)
    with pytest.raises(ValueError, match="threads must be an int"):
        samestory.Engine(os.path.join(os.path.dirname(eng.path), "t.db"), threads=-1)


def test_closed_objects_say_so(tmp_path):
    e = samestory.Engine(tmp_path / "c.db")
    e.close()
    with pytest.raises(samestory.SamestoryError, match="the engine is closed"):
        with e:
            pass
    d = samestory.Deduper()
    d.close()
    with pytest.raises(ValueError, match="the Deduper is closed"):
        d.save(tmp_path / "x.idx")
    with pytest.raises(ValueError, match="the Deduper is closed"):
        with d:
            pass
    with pytest.raises(samestory.SamestoryError, match="record 1|:1:") as e:  # each str is a line of its own
        list(samestory.dedup(["a", "b"]))
    assert "'ab'" not in str(e.value), e.value
    lines = [json.dumps({"id": "x", "text": "The ferry resumed service."}) + "\n",
             json.dumps({"id": "y", "text": "The ferry resumed service."})]
    assert [g["group"] for g in samestory.dedup(lines)] == ["x", "x"]  # an open file's lines
    with pytest.raises(TypeError, match="id must be a non-empty str"):
        samestory.clean("The ferry resumed service on Monday.", id=None)


def test_engine_takes_the_story_options(tmp_path):
    """Engine(path, threshold=, headline_threshold=, window=) makes a store
    with them, as `stories --db --threshold --window` does; reopened with
    none it keeps them, with others it is refused naming both."""
    path = tmp_path / "opts.db"
    e = samestory.Engine(path, threshold=0.5, window=5)
    e.close()
    r = subprocess.run([BIN, "stories", "--db", str(path), "--window", "5", "--threshold", "0.5", "--quiet"],
                       capture_output=True)
    assert r.returncode == 0, r.stderr
    with pytest.raises(samestory.SamestoryError, match="--window 5"):
        samestory.Engine(path, window=3)
    samestory.Engine(path).close()
    with pytest.raises(ValueError):
        samestory.Engine(tmp_path / "x.db", threshold=2)
    with pytest.raises(TypeError):
        samestory.Engine(tmp_path / "x.db", window="3")


def test_ids_with_nul_or_lone_surrogates_are_found(eng):
    """An id holding a NUL or a lone surrogate is stored with U+FFFD in its
    place; the same id given to article() and remove() finds it."""
    for rid in ("a\x00b", "c\ud800d"):
        r = eng.add({"id": rid, "title": "Velmora ferry timetable approved by the harbour council"})
        assert r["accepted"] == 1, r
        assert eng.article(rid)["id"] == rid.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")
        assert eng.remove(rid) == 1
