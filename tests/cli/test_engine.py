"""`samestory stories --db`: the engine's store — adding, re-sending,
corrections, late articles, removal and splitting, listing, batch equals
stream, bad stores, crash safety (kill -9)."""
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict

from run import Skip


def partition(lines):
    """article id -> story, from story lines (one-shot output or a store listing)."""
    out = {}
    for s in lines:
        if s.get("change") == "removed":
            continue
        for a in s["articles"]:
            assert a not in out, f"{a} in two stories"
            out[a] = s["story"]
    return out


def bcubed_f1(x, y):
    assert set(x) == set(y), (sorted(set(x) ^ set(y)))[:10]
    cx, cy = defaultdict(set), defaultdict(set)
    for a, s in x.items():
        cx[s].add(a)
    for a, s in y.items():
        cy[s].add(a)
    p = r = 0.0
    for a in x:
        both = len(cx[x[a]] & cy[y[a]])
        p += both / len(cy[y[a]])
        r += both / len(cx[x[a]])
    p, r = p / len(x), r / len(x)
    return 2 * p * r / (p + r)


def listing(ctx, db):
    return ctx.ok("stories", "--db", db).lines


def db_path(ctx, name):
    path = os.path.join(ctx.tmp, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    return path


def synthetic(n_events, per=4, seed=11):
    """A dated stream of short reports: n_events events, per reports each."""
    rng = random.Random(seed)
    words = ["harbour", "council", "budget", "bridge", "festival", "strike", "election", "museum",
             "airport", "factory", "hospital", "railway", "stadium", "library", "school", "market",
             "tunnel", "reservoir", "orchestra", "vaccine", "satellite", "glacier", "wildfire",
             "earthquake", "merger", "treaty", "summit", "protest", "verdict", "drought"]
    names = ["Avalon", "Brenna", "Corvin", "Delmar", "Esker", "Farrow", "Galen", "Hollis", "Ingram",
             "Jarvik", "Kestrel", "Lomond", "Marlow", "Nyland", "Orrin", "Pelham", "Quarry", "Rask",
             "Sorrel", "Tamsin", "Ulric", "Varden", "Wexley", "Yarrow", "Zennor", "Alder", "Birch",
             "Cedar", "Dunmore", "Elmira"]
    docs = []
    for e in range(n_events):
        topic, place = words[e % 30], names[(e // 30) % 30]
        person = names[(e * 7 + 3) % 30]
        for k in range(per):
            filler = " ".join(rng.sample(words, 4))
            day = 1 + e // 40
            docs.append({"id": f"e{e}-{k}", "title": f"{place} {topic} news",
                         "text": f"Officials in {place} said the {topic} plan led by {person} would go "
                                 f"ahead, with {e + 100} residents affected. The {topic} in {place} "
                                 f"drew crowds, {person} said. {filler}.",
                         "date": f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}T{8 + k:02d}:00:00Z"})
    return docs


# ---- adding and listing ---------------------------------------------------------------


def test_store_samples_equal_one_shot(ctx):
    one_shot = partition(ctx.ok("stories", ctx.samples).lines)
    db = db_path(ctx, "s.db")
    r = ctx.ok("stories", "--db", db, ctx.samples)
    assert all(s["change"] == "new" for s in r.lines), r.lines
    assert "14 new" in r.err
    assert partition(r.lines) == partition(listing(ctx, db)) or bcubed_f1(partition(r.lines),
                                                                           partition(listing(ctx, db))) == 1
    assert bcubed_f1(one_shot, partition(listing(ctx, db))) == 1.0
    # the stored story carries the comparison, as `stories` prints it
    flood = next(s for s in listing(ctx, db) if "01-meridian-wire-flood.txt" in s["articles"])
    assert "agree" in flood and flood["size"] == 8
    assert any(rel["type"] == "translation" for rel in flood["relations"])
    # the HTML report from the store holds every story
    page = os.path.join(ctx.tmp, "s.html")
    ctx.ok("report", "--db", db, "-o", page)
    html = open(page, encoding="utf-8").read()
    assert "River Tessel" in html and "Orbital" in html


def test_store_batches_equal_stream(ctx):
    """One batch, batches of 3 and one article at a time: the same stories
    as the one-shot run (B-cubed F1 >= 0.98; measured 1.0 on these)."""
    sets = [("samples", [ctx.samples])]
    seeds = os.path.join(ctx.shared, "seeds")
    if os.path.isdir(seeds):
        sets.append(("seeds", sorted(os.path.join(seeds, f) for f in os.listdir(seeds) if f.endswith(".txt"))))
    for name, inputs in sets:
        one_shot = partition(ctx.ok("stories", *inputs).lines)
        for batch in ("1", "3", "100"):
            db = db_path(ctx, f"{name}-{batch}.db")
            ctx.ok("stories", "--db", db, "--batch", batch, *inputs)
            f1 = bcubed_f1(one_shot, partition(listing(ctx, db)))
            assert f1 >= 0.98, (name, batch, f1)
    if not os.path.isdir(seeds):
        raise Skip("../shared/seeds missing (samples checked)")


def with_copies(docs, every=3):
    """docs with an exact copy (same text, another id) of every third one,
    each copy coming a few articles after its original."""
    out = []
    for i, d in enumerate(docs):
        out.append(d)
        if i % every == 0:
            out.append(dict(d, id=d["id"] + "-copy"))
    return out


def df_table(db):
    con = sqlite3.connect(db)
    rows = sorted(con.execute("SELECT k, n FROM df"))
    con.close()
    return rows


def test_store_copies_count_once(ctx):
    """Exact copies count once in the word frequencies, as in a one-shot
    run: fed in batches and settled, the store equals the one-shot run;
    removing one copy of a text leaves the frequencies alone, removing
    its last copy takes them out."""
    docs = with_copies(synthetic(40))
    inp = ctx.jsonl("copies.jsonl", docs)
    one = partition(ctx.ok("stories", "-q", inp).lines)
    db = db_path(ctx, "copies.db")
    ctx.ok("stories", "-q", "--db", db, "--batch", "9", inp)
    ctx.ok("stories", "-q", "--db", db, "--settle")
    assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0
    con = sqlite3.connect(db)
    n, texts, copies = con.execute("SELECT sum(n), count(*), sum(n > 1) FROM texts").fetchone()
    con.close()
    assert (n, texts, copies) == (len(docs), len({d["text"] for d in docs}), sum("-copy" in d["id"] for d in docs))
    before = df_table(db)
    ctx.ok("stories", "-q", "--db", db, "--remove", "e0-0-copy")
    assert df_table(db) == before, "removing one of two copies changed the frequencies"
    ctx.ok("stories", "-q", "--db", db, "--remove", "e0-0")
    after = dict(df_table(db))
    assert sum(after.values()) < sum(n for _, n in before), "removing the last copy left its words counted"


def distinct_events(n_events, per=4, seed=5):
    """A dated stream of n_events events, each with its own made-up place
    and person, per reports each, five events a day."""
    rng = random.Random(seed)
    syl = ["ka", "lo", "mir", "ten", "vas", "dor", "pel", "ru", "sen", "ta", "bri", "gol", "nu", "fen"]
    topics = ["bridge", "festival", "strike", "museum", "airport", "factory", "hospital", "railway",
              "stadium", "library", "tunnel", "reservoir", "orchestra", "glacier", "wildfire", "harbour"]
    common = ["officials", "residents", "council", "report", "week", "plan", "city", "local", "crowds"]
    docs = []
    for e in range(n_events):
        place = "".join(rng.choice(syl) for _ in range(3)).capitalize()
        person = "".join(rng.choice(syl) for _ in range(2)).capitalize() + " " + \
            "".join(rng.choice(syl) for _ in range(3)).capitalize()
        topic = topics[e % len(topics)]
        for k in range(per):
            filler = " ".join(rng.sample(common, 5))
            day = 1 + e // 5
            docs.append({"id": f"d{e}-{k}", "title": f"{place} {topic}: {person} speaks",
                         "text": f"In {place}, {person} said the {topic} would reopen after {e + 3} days. "
                                 f"{filler.capitalize()}. The {topic} of {place} closed last month, "
                                 f"{person} told reporters.",
                         "date": f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}T{8 + k:02d}:00:00Z"})
    return docs


def test_store_past_the_first_texts_equals_one_shot(ctx):
    """docs/ENGINE.md, "Frequencies": each article is judged by the texts
    before it, the first 1,000 (DF_FIRST_TEXTS) together, in a one-shot
    run and a store alike, so a store fed in date order equals the
    one-shot run without settling: in one batch, in batches that cross the
    first texts' end, one article at a time over it, with exact copies,
    and when reopened between batches.  A late article regroups and the
    store still equals the one-shot run over the same articles."""
    docs = with_copies(distinct_events(300))  # 1,200 reports and 400 copies
    inp = ctx.jsonl("past.jsonl", docs)
    one = partition(ctx.ok("stories", "-q", inp).lines)
    assert len(one) == len(docs) and 250 < len(set(one.values())) < 350, len(set(one.values()))
    for batch in ("2000", "700", "230"):
        db = db_path(ctx, f"past-{batch}.db")
        ctx.ok("stories", "-q", "--db", db, "--batch", batch, inp)
        assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0, batch
    # one at a time around the end of the first texts, reopened between
    # (the 1,000th text is article 1,333: three of four carry a new text)
    db = db_path(ctx, "past-reopened.db")
    ctx.ok("stories", "-q", "--db", db, ctx.jsonl("p0.jsonl", docs[:1320]))
    ctx.ok("stories", "-q", "--db", db, "--batch", "1", ctx.jsonl("p1.jsonl", docs[1320:1345]))
    ctx.ok("stories", "-q", "--db", db, ctx.jsonl("p2.jsonl", docs[1345:1500]))
    ctx.ok("stories", "-q", "--db", db, "--batch", "5", ctx.jsonl("p3.jsonl", docs[1500:]))
    assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0
    # a late article: the store's stories are the one-shot run's over all
    late = dict(docs[1400], id="late", date=docs[5]["date"])
    ctx.ok("stories", "-q", "--db", db, ctx.jsonl("late.jsonl", [late]))
    both = partition(ctx.ok("stories", "-q", ctx.jsonl("all.jsonl", docs + [late])).lines)
    assert bcubed_f1(both, partition(listing(ctx, db))) == 1.0


def test_store_reopened_for_each_chunk_equals_one_shot(ctx):
    """A store fed in date order by one process per three days of news (a
    cron feed) equals the one-shot run: each first batch after opening
    regroups the stories open at its time, and the texts of every article
    from that regroup's start on (those of stories already closed too) are
    held out of the frequencies until their turn comes (store.c,
    hold_regrouped).  A 30-day story whose names pass through short events
    keeps regroups reaching back past stories that closed."""
    docs = distinct_events(500)  # 100 days, 2,000 texts
    rng = random.Random(3)
    words = ["talks", "deal", "gas", "border", "minister", "agreement", "delegation", "tariff", "route", "valve"]
    for day in range(70, 100):
        docs.append({"id": f"L{day}", "title": f"Zarnovia pipeline: Kalodor Pelrus on {rng.choice(words)}",
                     "text": f"Zarnovia pipeline {' '.join(rng.sample(words, 6))}. Kalodor Pelrus said the "
                             f"Zarnovia pipeline {rng.choice(words)} would continue. {' '.join(rng.sample(words, 5))}",
                     "date": f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}T07:30:00Z"})
    for d in docs:
        if d["id"].startswith("d") and 72 <= int(d["id"][1:].split("-")[0]) // 5 < 97:
            d["text"] += " Zarnovia pipeline Kalodor Pelrus."
    docs = sorted(with_copies(docs), key=lambda d: d["date"])
    one = partition(ctx.ok("stories", "-q", ctx.jsonl("ev.jsonl", docs)).lines)
    db = db_path(ctx, "cron.db")
    days = sorted({d["date"][:10] for d in docs})
    for i in range(0, len(days), 3):
        chunk = [d for d in docs if d["date"][:10] in set(days[i:i + 3])]
        ctx.ok("stories", "-q", "--db", db, ctx.jsonl(f"c{i}.jsonl", chunk))
    assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0


def test_store_reuters_in_batches_equals_one_shot(ctx):
    """The Reuters-based stream of bench/bench_stories.py (its first 2,500
    articles, dated, not in date order in the file): a store fed in
    batches of 400 or 1,100, without settling, groups exactly as the
    one-shot run (judging every article by the whole input, the store
    agreed about 0.9 on such streams)."""
    data = os.path.join(ctx.shared, "data", "reuters21578")
    if not os.path.isdir(data):
        raise Skip("../shared/data/reuters21578 missing")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench"))
    import bench_stories
    inp = os.path.join(ctx.tmp, "reuters.jsonl")
    bench_stories.build(inp, 2500, data)
    one = partition(ctx.ok("stories", "-q", inp).lines)
    assert len(one) == 2500
    for batch in ("400", "1100"):
        db = db_path(ctx, f"reuters-{batch}.db")
        ctx.ok("stories", "-q", "--db", db, "--batch", batch, inp)
        assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0, batch


def test_store_upgrades_version_1(ctx):
    """A version-1 store (no texts table; every copy counted in the
    frequencies) is read as it is by a listing, and upgraded when opened
    for writing: texts counted, frequencies recounted as a new store's,
    and after settling the stories of a new store."""
    docs = with_copies(synthetic(30))
    inp = ctx.jsonl("v1.jsonl", docs)
    fresh = db_path(ctx, "fresh.db")
    ctx.ok("stories", "-q", "--db", fresh, inp)
    db = db_path(ctx, "old.db")
    ctx.ok("stories", "-q", "--db", db, "--batch", "10", inp)
    con = sqlite3.connect(db)
    con.executescript("DROP TABLE texts; UPDATE df SET n = n + 1; PRAGMA user_version = 1;")
    con.close()
    listed = partition(listing(ctx, db))
    assert len(listed) == len(docs)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1, "a listing upgraded the store"
    con.close()
    ctx.ok("stories", "-q", "--db", db, "--settle")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    assert con.execute("SELECT sum(n) FROM texts").fetchone()[0] == len(docs)
    con.close()
    assert df_table(db) == df_table(fresh)
    assert bcubed_f1(partition(listing(ctx, fresh)), partition(listing(ctx, db))) == 1.0


def headlines():
    """Articles that are only a headline: three of one rate decision, two
    of one storm, one repeated word for word by a second outlet."""
    return [
        {"id": "h1", "title": "Bank of Norland raises key rate to 4.25%", "text": "", "date": "2025-03-05T10:00Z"},
        {"id": "h2", "title": "Norland central bank lifts rates again to 4.25 percent", "text": "",
         "date": "2025-03-05T11:00Z"},
        {"id": "h3", "title": "Storm Ilse cuts power to 40,000 homes on the coast", "text": "",
         "date": "2025-03-05T12:00Z"},
        {"id": "h4", "title": "Bank of Norland raises key rate to 4.25%", "text": "", "date": "2025-03-05T13:00Z"},
        {"id": "h5", "title": "Coast without power after Storm Ilse", "text": "", "date": "2025-03-05T14:00Z"},
    ]


def test_headlines_count_in_the_frequencies(ctx):
    """An article without text is keyed by its title as a copy: every
    distinct headline counts once in the word frequencies (they were all
    copies of the first, whose words alone were counted), a headline
    repeated word for word counts once; a store equals the one-shot run,
    and a version-2 store is recounted when opened for writing."""
    inp = ctx.jsonl("headlines.jsonl", headlines())
    db = db_path(ctx, "h.db")
    ctx.ok("stories", "-q", "--db", db, inp)
    con = sqlite3.connect(db)
    # four distinct headlines: four texts, h4 a copy of h1
    assert sorted(n for (n,) in con.execute("SELECT n FROM texts")) == [1, 1, 1, 2]
    con.close()
    counts = [n for _, n in df_table(db)]
    assert max(counts) >= 2, counts   # "Norland", "Storm", "Ilse" ... in two headlines
    one = partition(ctx.ok("stories", inp).lines)
    assert bcubed_f1(one, partition(listing(ctx, db))) == 1.0
    assert one["h1"] == one["h2"] == one["h4"] and one["h3"] == one["h5"] and one["h1"] != one["h3"], one
    # a version-2 store (texts keyed by the empty text) is recounted
    con = sqlite3.connect(db)
    want = df_table(db)
    con.executescript("DELETE FROM texts; INSERT INTO texts(h, n) VALUES (1, 5); UPDATE df SET n = 1;"
                      " PRAGMA user_version = 2;")
    con.close()
    assert len(partition(listing(ctx, db))) == 5   # read as it is
    ctx.ok("stories", "-q", "--db", db, "--settle")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    assert sorted(n for (n,) in con.execute("SELECT n FROM texts")) == [1, 1, 1, 2]
    con.close()
    assert df_table(db) == want


def test_resend_same_is_noop_and_correction_replaces(ctx):
    db = db_path(ctx, "c.db")
    ctx.ok("stories", "--db", db, ctx.samples)
    before = listing(ctx, db)
    r = ctx.ok("stories", "--db", db, ctx.samples)
    assert r.lines == [] and "14 sent again unchanged" in r.err
    assert listing(ctx, db) == before
    text = "Glaciers in the Alps lost about ten percent of their ice in two years, Swiss researchers found."
    rec = {"id": "g2", "title": "Alps glaciers shrink", "text": text, "date": "2025-03-04"}
    ctx.ok("stories", "--db", db, ctx.jsonl("g2.jsonl", [rec]))
    rec["text"] = text.replace("ten percent", "twelve percent")
    r = ctx.ok("stories", "--db", db, ctx.jsonl("g2b.jsonl", [rec]))
    assert "g2: corrected" in r.err and "1 corrected" in r.err
    (changed,) = r.lines
    assert changed["corrected"] == ["g2"] and "g2" in changed["articles"], changed
    art = json.loads(ctx.ok("stories", "--db", db, "--article", "g2").out)
    assert "twelve percent" in art["text"] and art["story"] == changed["story"]
    # still one article g2, in one story
    assert sum(s["articles"].count("g2") for s in listing(ctx, db)) == 1


def test_correcting_a_storys_first_article_keeps_its_number(ctx):
    """A one-word fix of the story's earliest article: the same story,
    updated, with the same number and the same first article."""
    docs = synthetic(1)
    ev = sorted(docs, key=lambda d: d["date"])
    db = db_path(ctx, "first.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("all.jsonl", docs))
    (story,) = [s for s in listing(ctx, db) if ev[0]["id"] in s["articles"]]
    assert story["first"] == ev[0]["id"] and len(story["articles"]) > 1, story
    fixed = dict(ev[0], text=ev[0]["text"].replace(" the ", " this ", 1))
    assert fixed["text"] != ev[0]["text"]
    r = ctx.ok("stories", "--db", db, ctx.jsonl("fix.jsonl", [fixed]))
    (changed,) = r.lines
    assert changed["story"] == story["story"] and changed["change"] == "updated", changed
    assert changed["first"] == ev[0]["id"] and changed["corrected"] == [ev[0]["id"]], changed
    assert sorted(changed["articles"]) == sorted(story["articles"]), changed
    assert story["story"] in {s["story"] for s in listing(ctx, db)}


def test_late_article_joins_its_story_and_becomes_first(ctx):
    docs = synthetic(3)
    ev = [d for d in docs if d["id"].startswith("e1-")]
    early, rest = ev[0], ev[1:]
    early = dict(early, date="2025-01-01T06:00:00Z")
    db = db_path(ctx, "late.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("rest.jsonl", rest))
    (story,) = [s for s in listing(ctx, db) if ev[1]["id"] in s["articles"]]
    assert story["first"] == ev[1]["id"]
    r = ctx.ok("stories", "--db", db, ctx.jsonl("early.jsonl", [early]))
    changed = [s for s in r.lines if early["id"] in s["articles"]]
    assert len(changed) == 1 and changed[0]["change"] == "updated", r.lines
    assert changed[0]["story"] == story["story"] and changed[0]["first"] == early["id"]
    assert set(changed[0]["articles"]) == {d["id"] for d in ev}


def test_remove_regroups_and_splits(ctx):
    """b ties a (a bridge closed) and c (the festival moved because of it):
    removed, a keeps the story's number and c becomes a story of its own."""
    recs = [
        {"id": "a", "date": "2025-05-01T08:00:00Z", "title": "Avalon closes Marlow bridge over cracks",
         "text": "The council of Avalon closed the Marlow bridge on Thursday after engineers found cracks "
                 "in its steel supports. Council engineer Ilse Varden said repairs to the bridge would take "
                 "at least four months and cost 2.3 million euros."},
        {"id": "b", "date": "2025-05-01T10:00:00Z", "title": "Bridge closure moves Kestrel festival",
         "text": "The council of Avalon closed the Marlow bridge on Thursday after engineers found cracks "
                 "in its steel supports, engineer Ilse Varden said. Because of the closure the Kestrel music "
                 "festival will move from Marlow park to the Avalon harbour, organiser Tess Orrin said, and "
                 "its 40,000 visitors will arrive by ferry."},
        {"id": "c", "date": "2025-05-01T12:00:00Z", "title": "Kestrel festival moves to the harbour",
         "text": "The Kestrel music festival will move from Marlow park to the Avalon harbour, organiser Tess "
                 "Orrin said on Thursday. The festival expects 40,000 visitors, who will arrive by ferry, and "
                 "tickets stay valid."},
    ]
    db = db_path(ctx, "split.db")
    (story,) = ctx.ok("stories", "--db", db, ctx.jsonl("split.jsonl", recs)).lines
    assert story["articles"] == ["a", "b", "c"]
    r = ctx.ok("stories", "--db", db, "--remove", "b")
    by_change = {s["change"]: s for s in r.lines}
    assert by_change["updated"]["story"] == story["story"] and by_change["updated"]["articles"] == ["a"]
    assert by_change["new"]["articles"] == ["c"] and by_change["new"]["story"] != story["story"]
    assert "1 of 1 article(s) removed" in r.err
    assert ctx.run("stories", "--db", db, "--article", "b").rc == 1
    # removing the last article of a story removes the story
    r = ctx.ok("stories", "--db", db, "--remove", "c", "--remove", "no-such-id")
    assert r.lines == [{"story": by_change["new"]["story"], "title": by_change["new"]["title"], "size": 0,
                        "change": "removed"}], r.lines
    assert partition(listing(ctx, db)) == {"a": story["story"]}
    assert "1 of 2 article(s) removed" in r.err and "--remove no-such-id: no article with this id" in r.err
    assert "--remove c:" not in r.err
    # taking down a story's first report keeps the number of the story that
    # is left (its links stay valid): the earliest report still stored
    # stands for it
    db = db_path(ctx, "first.db")
    (story,) = ctx.ok("stories", "--db", db, ctx.jsonl("split.jsonl", recs)).lines
    r = ctx.ok("stories", "--db", db, "--remove", "a")
    assert [(s["change"], s["story"]) for s in r.lines if s["change"] != "new"] == [("updated", story["story"])], \
        r.lines
    assert "b" in partition(listing(ctx, db)) and partition(listing(ctx, db))["b"] == story["story"]


def test_list_filters_and_paging(ctx):
    db = db_path(ctx, "f.db")
    ctx.ok("stories", "--db", db, ctx.samples)
    every = listing(ctx, db)
    assert len(every) == 6
    fr = ctx.ok("stories", "--db", db, "--lang", "fr").lines
    assert [s["articles"] for s in fr] == [["10-bibliotheque.txt"]]
    q = ctx.ok("stories", "--db", db, "--query", "glaciers").lines
    assert [s["articles"] for s in q] == [["09-glacier-study.txt"]]
    since = ctx.ok("stories", "--db", db, "--since", "2025-03-05").lines
    assert since and all(s.get("last_date", "") >= "2025-03-05" for s in since), since
    assert len(since) < len(every)
    # pages of 4: the cursor leads to the rest, nothing twice
    r = ctx.ok("stories", "--db", db, "--limit", "4")
    assert len(r.lines) == 4 and "--after " in r.err
    cursor = r.err.split("--after ")[1].split()[0]
    rest = ctx.ok("stories", "--db", db, "--limit", "4", "--after", cursor).lines
    assert [s["story"] for s in r.lines + rest] == [s["story"] for s in every]
    # a bad query or cursor is a usage error (exit 2), as any bad option value
    r = ctx.run("stories", "--db", db, "--query", "(unbalanced")
    assert r.rc == 2 and "bad text query" in r.err, r.err
    r = ctx.run("stories", "--db", db, "--after", "not-a-cursor")
    assert r.rc == 2 and "bad cursor" in r.err, r.err
    # filters without a store are a usage error
    assert ctx.run("stories", "--lang", "fr", ctx.samples).rc == 2


def test_rejected_records_never_reach_the_store(ctx):
    good = synthetic(2)
    lines = [json.dumps(good[0]), "{broken json", json.dumps(good[1])]
    path = ctx.write("bad.jsonl", "\n".join(lines) + "\n")
    db = db_path(ctx, "rej.db")
    r = ctx.run("stories", "--db", db, path)
    assert r.rc == 1 and "bad.jsonl" in r.err
    # the record before the bad one is kept (committed), nothing after it
    assert sorted(partition(listing(ctx, db))) == [good[0]["id"]]
    rej = os.path.join(ctx.tmp, "rej.txt")
    ctx.ok("stories", "--db", db, "--skip-bad", "--rejects", rej, path)
    assert sorted(partition(listing(ctx, db))) == sorted([good[0]["id"], good[1]["id"]])
    assert "{broken json" in open(rej).read()


# ---- bad stores -------------------------------------------------------------------------


def unchanged_after(ctx, path, *args, expect):
    before = open(path, "rb").read()
    r = ctx.run(*args)
    assert r.rc == 1, (r.rc, r.err)
    assert path in r.err and expect in r.err, r.err
    assert open(path, "rb").read() == before
    return r


def test_bad_stores(ctx):
    inp = ctx.jsonl("one.jsonl", synthetic(1)[:1])
    text = ctx.write("notes.txt", "just some notes\n" * 50)
    unchanged_after(ctx, text, "stories", "--db", text, inp, expect="not a samestory store")
    other = os.path.join(ctx.tmp, "other.sqlite")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    unchanged_after(ctx, other, "stories", "--db", other, inp, expect="not a samestory store")
    db = db_path(ctx, "v.db")
    ctx.ok("stories", "--db", db, inp)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version=99")
    con.commit()
    con.close()
    unchanged_after(ctx, db, "stories", "--db", db, inp, expect="schema version 99")
    unchanged_after(ctx, db, "stories", "--db", db, expect="schema version 99")
    # options other than the store's
    db = db_path(ctx, "o.db")
    ctx.ok("stories", "--db", db, "--window", "3", inp)
    unchanged_after(ctx, db, "stories", "--db", db, "--window", "5", inp, expect="--window 3")
    # a missing store is not made by a listing
    missing = os.path.join(ctx.tmp, "missing.db")
    r = ctx.run("stories", "--db", missing)
    assert r.rc == 1 and "no such store" in r.err and not os.path.exists(missing)


def test_locked_store(ctx):
    db = db_path(ctx, "lock.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("a.jsonl", synthetic(1)[:1]))
    before = listing(ctx, db)
    con = sqlite3.connect(db, isolation_level=None, timeout=1)
    con.execute("BEGIN IMMEDIATE")
    try:
        r = ctx.run("stories", "--db", db, ctx.jsonl("b.jsonl", synthetic(2)[4:]))
        assert r.rc == 1 and "locked by another writer" in r.err and db in r.err, r.err
        # readers still read while a writer holds the lock
        assert ctx.ok("stories", "--db", db).lines == before
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert listing(ctx, db) == before


def test_read_only_store(ctx):
    """A store the user may not write: the add fails naming the file, the
    store is untouched, reading still works.  As root (CI), which writes to
    read-only files, the runs go through setpriv as the user nobody."""
    db = db_path(ctx, "ro.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("a.jsonl", synthetic(1)[:1]))
    more = ctx.jsonl("b.jsonl", synthetic(2)[4:])
    os.chmod(db, 0o444)
    as_user = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            raise Skip("running as root without setpriv (util-linux): the read-only case cannot be made")
        as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        os.chmod(ctx.tmp, 0o777)          # as for a user: the folder is theirs, the file not
        for f in (db, more):
            os.chmod(f, 0o444)
    try:
        before = open(db, "rb").read()
        p = subprocess.run(as_user + [ctx.bin, "stories", "--db", db, more], capture_output=True, text=True,
                           timeout=600)
        assert p.returncode == 1, (p.returncode, p.stderr)
        assert db in p.stderr and "read-only" in p.stderr, p.stderr
        assert open(db, "rb").read() == before
        p = subprocess.run(as_user + [ctx.bin, "stories", "--db", db], capture_output=True, text=True,
                           timeout=600)
        assert p.returncode == 0, p.stderr
        assert [json.loads(l) for l in p.stdout.splitlines() if l.strip()]   # reading still works
    finally:
        os.chmod(db, 0o644)


def test_full_disk(ctx):
    """A file size limit (ulimit -f) stands for a full disk: the batch fails
    whole, the store still opens, passes integrity_check and holds what it
    held."""
    db = db_path(ctx, "full.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("a.jsonl", synthetic(2)))
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = partition(listing(ctx, db))
    big = ctx.jsonl("big.jsonl", synthetic(300, seed=5)[8:])
    limit = os.path.getsize(db) + 64 * 1024

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    p = subprocess.run([ctx.bin, "stories", "--db", db, "--batch", "100000", big], capture_output=True,
                       text=True, preexec_fn=cap, timeout=600)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert db in p.stderr and "disk full" in p.stderr, p.stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert partition(listing(ctx, db)) == before


# ---- crash safety -----------------------------------------------------------------------


def stored_ids(db):
    con = sqlite3.connect(db, timeout=10)
    ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    # killed before the first batch committed the schema: no batch stored
    made = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone()
    ids = [r[0] for r in con.execute("SELECT id FROM articles")] if made else []
    con.close()
    return ok, set(ids)


def test_kill_during_ingest(ctx):
    """kill -9 an ingest at 20 random moments: the store always opens and
    passes integrity_check, holds whole batches only (a prefix of the input
    in batches of BATCH), and a rerun completes it to the stories of one
    clean run.  Each kill hits a fresh ingest (a rerun after a kill skips
    the batches already stored, so the runs after it would end before
    their kill), and every tenth killed store is completed by a rerun."""
    docs = synthetic(150)       # 600 articles
    batch = 20
    inp = ctx.jsonl("stream.jsonl", docs)
    order = [d["id"] for d in docs]
    rng = random.Random(int(os.environ.get("CRASH_SEED", "7")))
    # one clean run first: its duration sets the kill moments, so that they
    # fall inside a run on fast and slow (sanitizer) builds alike
    clean = db_path(ctx, "clean.db")
    t0 = time.monotonic()
    ctx.ok("stories", "-q", "--db", clean, "--batch", str(batch), inp)
    full = time.monotonic() - t0
    b = partition(listing(ctx, clean))
    kills = 0
    for k in range(20):
        db = db_path(ctx, f"crash{k}.db")
        p = subprocess.Popen([ctx.bin, "stories", "-q", "--db", db, "--batch", str(batch), inp],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.05, 0.9) * full)
        p.kill()
        p.wait()
        kills += p.returncode == -9
        if not os.path.exists(db):
            continue            # killed before the store was made
        ok, ids = stored_ids(db)
        assert ok == "ok"
        n = len(ids)
        assert n % batch == 0 or n == len(order), n
        assert ids == set(order[:n]), "the store holds other than whole batches from the start"
        if k % 10 == 9:
            ctx.ok("stories", "-q", "--db", db, "--batch", str(batch), inp)
            a = partition(listing(ctx, db))
            assert len(a) == len(order)
            assert bcubed_f1(a, b) >= 0.98, bcubed_f1(a, b)
    assert kills >= 15, f"only {kills} of 20 runs were still going when killed"


def test_live_batch_merges_a_story_of_one(ctx):
    """cluster.h, "Merging": a report that stood alone in the store joins
    the story of a later article that reaches both; in a live batch (the
    same process, batches of one) the store drops the merged story's row,
    announces it removed, and the listing equals the one-shot run."""
    a = ("The River Tessel flooded Port Amberley. Water reached the first floors of houses in "
         "Dockside, where emergency crews used boats to reach trapped families.")
    b = ("Mayor Elena Varga said 2,300 residents were evacuated. Schools will stay closed until "
         "Thursday and two shelters opened in the Northgate sports centre.")
    # a store of 1,000 other reports first: past the first texts (judged
    # together, store.c DF_FIRST_TEXTS) a batch of one is grouped live
    words = ["harvest", "tunnel", "orchestra", "glacier", "satellite", "vineyard", "lighthouse",
             "marathon", "election", "museum", "ferry", "airport", "library", "stadium", "bakery",
             "quarry", "railway", "hospital", "theatre", "canal"]
    rng = random.Random(40)
    filler = [{"id": f"f{i}", "date": f"2025-02-{1 + i % 20:02d}T08:00Z",
               "text": " ".join(rng.choice(words) + ("." if k % 9 == 8 else "") for k in range(60))}
              for i in range(1000)]
    db = db_path(ctx, "merge.db")
    ctx.ok("stories", "--db", db, ctx.jsonl("filler.jsonl", filler))
    path = ctx.jsonl("merge.jsonl", [{"id": "a", "text": a, "date": "2025-03-04T08:00Z"},
                                     {"id": "b", "text": b, "date": "2025-03-04T09:00Z"},
                                     {"id": "c", "text": a + " " + b, "date": "2025-03-04T10:00Z"}])
    r = ctx.ok("stories", "--db", db, "--batch", "1", path)
    # the first batch after opening regroups; the two after it are live
    assert "in 3 batch(es) (2 grouped live)" in r.err, r.err
    removed = [s for s in r.lines if s.get("change") == "removed"]
    assert len(removed) == 1 and removed[0]["size"] == 0, r.out
    final = [s for s in r.lines if s.get("change") != "removed"][-1]
    assert sorted(final["articles"]) == ["a", "b", "c"], r.out
    assert removed[0]["story"] != final["story"]
    rows = sqlite3.connect(db).execute("SELECT sid, size FROM stories WHERE size = 3").fetchall()
    assert rows == [(final["story"], 3)], rows
    sids = {sid for (sid,) in sqlite3.connect(db).execute("SELECT sid FROM stories")}
    assert removed[0]["story"] not in sids  # the merged story's row is gone
    stored = partition(listing(ctx, db))
    assert len({stored[k] for k in "abc"}) == 1, stored
    both = ctx.jsonl("both.jsonl", filler + [{"id": "a", "text": a, "date": "2025-03-04T08:00Z"},
                                              {"id": "b", "text": b, "date": "2025-03-04T09:00Z"},
                                              {"id": "c", "text": a + " " + b, "date": "2025-03-04T10:00Z"}])
    assert bcubed_f1(stored, partition(ctx.ok("stories", both).lines)) == 1.0


def quake_reports():
    """One earthquake in English, Chinese and Russian, a port strike in
    English, and a brief of one line; written for these tests."""
    return [
        {"id": "q-en", "lang": "en", "source": "Wire", "date": "2026-11-03T02:10:00Z",
         "title": "Magnitude 6.4 quake strikes off Hokkaido",
         "text": "A magnitude 6.4 earthquake struck off the coast of Hokkaido early on Tuesday, the "
                 "weather agency said. Trains near Kushiro were halted while tracks were checked."},
        {"id": "q-zh", "source": "Xinwen", "date": "2026-11-03T03:00:00Z",
         "title": "日本北海道近海发生6.4级地震",
         "text": "日本气象厅称，周二清晨日本北海道近海发生6.4级地震。钏路附近的列车暂停运行，以便检查铁轨。"
                 "目前没有海啸警报。"},
        {"id": "q-ru", "source": "Новости", "date": "2026-11-03T03:30:00Z",
         "title": "У побережья Хоккайдо произошло землетрясение",
         "text": "Землетрясение магнитудой 6,4 произошло во вторник рано утром у побережья Хоккайдо, "
                 "сообщило метеорологическое агентство. Поезда возле Кусиро остановлены."},
        {"id": "s-en", "lang": "en", "source": "Wire", "date": "2026-11-02T08:00:00Z",
         "title": "Dockworkers begin 48-hour strike in Hamburg",
         "text": "Dockworkers at the port of Hamburg began a 48-hour strike on Monday over the union's "
                 "pay claim. Ships queued in the Elbe while talks stalled."},
    ]


def test_store_search_finds_words_of_any_script(ctx):
    """--query finds Chinese words (character pairs in the index: a word
    of two or three characters, one character, a longer run), terms with
    hyphens, apostrophes and decimal points (quoted for FTS5 instead of a
    syntax error naming a column), and keeps FTS5's own syntax; the
    language and source filters ignore case in any script, and a language
    tag is read as records give it."""
    db = db_path(ctx, "search.db")
    ctx.ok("stories", "-q", "--db", db, ctx.jsonl("quake.jsonl", quake_reports()))

    def found(query):
        return sorted(a for s in ctx.ok("stories", "--db", db, "--query", query).lines for a in s["articles"])

    quake = sorted(["q-en", "q-zh", "q-ru"])
    for q in ("地震", "北海道", "钏路", "震", "北海道近海", "6.4", "Хоккайдо"):
        assert found(q) == quake, q
    assert found("海啸警报") == quake and found("警报海啸") == [], "characters must stand together"
    for q in ("48-hour", "union's", "Hamburg OR Elbe", "title:Dockworkers", '"port of Hamburg"', "hambu*",
              'title:"48-hour strike"', "title:(Hamburg OR Elbe)", "NEAR(Hamburg strike)", "^Dockworkers"):
        assert found(q) == ["s-en"], q
    assert found("C++") == [] and found("Hamburg AND Hokkaido") == [] and found("title:Elbe") == []
    assert found("-title:Elbe") == ["s-en"] and found("-text:Elbe") == []
    # -word leaves the word out, as search boxes read it
    assert found("Hokkaido -Kushiro") == [] and found("Hamburg -Hokkaido") == ["s-en"]
    r = ctx.run("stories", "--db", db, "--query", "-Hamburg")
    assert r.rc == 2 and "need a word before them" in r.err, r.err
    r = ctx.run("stories", "--db", db, "--query", "(Hamburg")
    assert r.rc == 2 and "double quotes" in r.err, r.err
    assert found_ids(ctx, db, "--lang", "RU") == found_ids(ctx, db, "--lang", "ru") == quake
    assert found_ids(ctx, db, "--source", "wire") == sorted(["q-en", "q-zh", "q-ru", "s-en"])
    # case in any script (SQLite's NOCASE folds ASCII only), and language
    # tags as records give them
    assert found_ids(ctx, db, "--source", "НОВОСТИ") == found_ids(ctx, db, "--source", "новости") == quake
    assert found_ids(ctx, db, "--lang", "ru-RU") == found_ids(ctx, db, "--lang", "rus") == quake


def found_ids(ctx, db, *args):
    return sorted(a for s in ctx.ok("stories", "--db", db, *args).lines for a in s["articles"])


def test_store_upgrades_version_3_search(ctx):
    """A version-3 store (its index of whole unicode61 words: no Chinese
    word found inside a run) is read as it is, and opened for writing its
    index is rebuilt with the store's tokenizer: the word is found."""
    db = db_path(ctx, "v3.db")
    ctx.ok("stories", "-q", "--db", db, ctx.jsonl("quake3.jsonl", quake_reports()))
    con = sqlite3.connect(db)
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET sql = replace(sql, ', tokenize=''samestory''', '')"
                " WHERE name = 'articles_fts'")
    con.commit()
    con.close()
    con = sqlite3.connect(db)
    con.executescript("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild'); PRAGMA user_version = 3;")
    con.close()
    assert found_ids(ctx, db, "--query", "地震") == [], "a version-3 index found a word inside a run"
    ctx.ok("stories", "-q", "--db", db, "--settle")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    con.close()
    assert found_ids(ctx, db, "--query", "地震") == ["q-en", "q-ru", "q-zh"]


def test_store_keeps_what_a_record_without_body_gives(ctx):
    """A record whose text is one line without a sentence (a brief) keeps
    its title and text in the store, is compared by its headline (it
    joins the story its headline reports, or titles a story of its own
    by its text), and the run names it in a warning; a record titled by
    its site's name with no body stays untitled and alone."""
    recs = quake_reports() + [
        {"id": "b1", "title": "Hokkaido earthquake halts trains near Kushiro",
         "text": "Trains stop near Kushiro after the quake off Hokkaido", "date": "2026-11-03T04:00:00Z"},
        {"id": "b2", "text": "Lyon cheese market reopens after a year away", "date": "2026-11-04T09:00:00Z"},
        {"id": "b3", "title": "Harbour Gazette", "source": "Harbour Gazette",
         "text": "Subscribe to read this page", "date": "2026-11-04T10:00:00Z"},
    ]
    inp = ctx.jsonl("briefs.jsonl", recs)
    db = db_path(ctx, "briefs.db")
    r = ctx.ok("stories", "--db", db, inp)
    for i, rid in ((5, "b1"), (6, "b2"), (7, "b3")):
        assert f"briefs.jsonl:{i} (id {rid}): no article body" in r.err, r.err
    by = {a: s for s in r.lines for a in s["articles"]}
    assert by["b1"]["story"] == by["q-en"]["story"]
    assert by["b2"]["articles"] == ["b2"] and by["b2"]["title"] == "Lyon cheese market reopens after a year away"
    assert by["b3"]["articles"] == ["b3"] and by["b3"]["title"] == ""
    art = json.loads(ctx.ok("stories", "--db", db, "--article", "b1").out)
    assert art["title"] == recs[4]["title"] and art["text"] == recs[4]["text"] and art["body"] is False
    art = json.loads(ctx.ok("stories", "--db", db, "--article", "q-en").out)
    assert "body" not in art
    one = ctx.ok("stories", inp)
    assert partition(one.lines) == {a: s["story"] for a, s in by.items()} or \
        bcubed_f1(partition(one.lines), partition(listing(ctx, db))) == 1.0
    assert "(id b1): no article body" in one.err


def test_store_dates_as_records_give_them(ctx):
    """A date with an hour without its zero, an RFC 2822 date and a Unix
    time are read; a date that is no date is named with its file and line
    and the article taken as undated; the store is not split by them."""
    base = quake_reports()
    base[0]["date"] = "2026-11-03T2:10:00Z"
    base[1]["date"] = "Tue, 03 Nov 2026 03:00:00 GMT"
    base[2]["date"] = 1793676600          # 2026-11-03T03:30:00Z
    base[3]["date"] = "2026-13-45"
    base.append(dict(base[3], id="zero", date=0))
    base.append(dict(base[3], id="feed", date="November 2, 2026"))
    inp = ctx.jsonl("dates.jsonl", base)
    db = db_path(ctx, "dates.db")
    r = ctx.ok("stories", "--db", db, inp)
    assert 'dates.jsonl:4 (id s-en): "date" "2026-13-45" is no date' in r.err, r.err
    assert "q-en" not in r.err and "q-zh" not in r.err and "q-ru" not in r.err and "(id feed)" not in r.err
    assert 'dates.jsonl:5 (id zero): "date" "0" is no date' in r.err, r.err
    day2 = found_ids(ctx, db, "--since", "1793577600", "--until", "2026-11-02")
    assert "feed" in day2 and not any(a.startswith("q-") for a in day2), day2
    got = json.loads(ctx.ok("stories", "--db", db, "--article", "q-ru").out)
    assert got["date"] == "2026-11-03T03:30:00Z"
    assert found_ids(ctx, db, "--since", "2026-11-03", "--until", "2026-11-03") == ["q-en", "q-ru", "q-zh"]
    one = ctx.ok("stories", inp)
    assert 'dates.jsonl:4 (id s-en): "date" "2026-13-45" is no date' in one.err
    bad = ctx.jsonl("baddate.jsonl", [{"id": "x", "text": "t", "date": True}])
    r = ctx.run("stories", bad)
    assert r.rc != 0 and '"date" must be a string or a Unix time (id x)' in r.err
    # a page whose record gives a date that is no date is dated by the page
    # (as one whose record gives none), and the record's date is told
    page = ('<html><head><meta property="article:published_time" content="2026-04-02T08:00:00Z"></head>'
            '<body><article><h1>Pier works start in the eastern basin</h1><p>The harbour authority said '
            'on Monday that work on the pier would take about three months and cost seven million '
            'crowns.</p><p>Fishing boats will be moved to the eastern basin during the works, which '
            'start next week, the authority said.</p></article></body></html>')
    inp = ctx.jsonl("pagedate.jsonl", [{"id": "h1", "html": page, "date": "yesterday"}])
    db = db_path(ctx, "pagedate.db")
    r = ctx.ok("stories", "--db", db, inp)
    assert '"yesterday" is no date' in r.err and "dated 2026-04-02 by its page" in r.err, r.err
    assert json.loads(ctx.ok("stories", "--db", db, "--article", "h1").out)["date"] == "2026-04-02T08:00:00Z"
    r = ctx.ok("clean", inp)
    assert r.lines[0]["date"] == "2026-04-02T08:00:00Z" and "the page's own date taken instead" in r.err, r.err


def test_store_messages_name_what_happened(ctx):
    """A store in a folder that does not exist is said to be so (not
    "locked by another writer"); --settle says what it did; `report --db`
    of a missing store reports no page written."""
    inp = ctx.jsonl("m.jsonl", quake_reports())
    r = ctx.run("stories", "--db", os.path.join(ctx.tmp, "no-such-folder", "x.db"), inp)
    assert r.rc == 1 and "No such file or directory (is there such a folder?)" in r.err, r.err
    assert "locked" not in r.err
    db = db_path(ctx, "m.db")
    ctx.ok("stories", "-q", "--db", db, inp)
    r = ctx.ok("stories", "--db", db, "--settle")
    assert "settled: 4 articles regrouped" in r.err and "changed (printed), 2 in all" in r.err, r.err
    page = os.path.join(ctx.tmp, "missing.html")
    r = ctx.run("report", "--db", os.path.join(ctx.tmp, "missing.db"), "-o", page)
    assert r.rc == 1 and "no such store" in r.err and " in " + page not in r.err, r.err
    assert not os.path.exists(page)
    # a filter given twice is refused, not silently the last
    r = ctx.run("stories", "--db", db, "--lang", "de", "--lang", "zh")
    assert r.rc == 2 and "--lang given twice" in r.err, r.err
    r = ctx.run("stories", "--db", db, "--article", "q-en", "--article", "s-en")
    assert r.rc == 2 and "--article given twice" in r.err, r.err
