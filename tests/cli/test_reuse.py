"""`samestory reuse`: passages, spans, sources, the quote rule, edge cases, bad input."""
import json
import os
import random

from measure import max_rss_kb, sanitized
from run import Skip

FLOOD_COPIES = ["02-coastal-herald-flood.txt", "03-daily-ledger-flood.txt", "04-meridian-page-flood.html"]
WIRE = "01-meridian-wire-flood.txt"
OWN = "05-valley-observer-flood.txt"


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def span_text(text, span):
    return text[span[0]:span[1]]


def by_pair(lines):
    out = {}
    for p in lines:
        out.setdefault((p["a"], p["b"]), []).append(p)
    return out


def covered(spans, length):
    got = set()
    for s, e in spans:
        got |= set(range(s, e))
    return len(got) / length


def words(s):
    return "".join(c if c.isalnum() else " " for c in s.casefold()).split()


def prose(seed, n):
    """Pseudo-random words: texts from two seeds share no run of words."""
    rng = random.Random(seed)
    syl = ["ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "ba", "gu", "po", "fe", "zi"]
    out = []
    for i in range(n):
        out.append("".join(rng.choice(syl) for _ in range(rng.randint(1, 3))))
        if i % 12 == 11:
            out[-1] += "."
    return " ".join(out)


def test_samples_reuse(ctx):
    r = ctx.ok("reuse", ctx.samples)
    pairs = by_pair(r.lines)
    for p in r.lines:
        for k in ("a", "a_span", "b", "b_span", "chars", "identity", "source"):
            assert k in p, (k, p)
        assert p["a"] != p["b"]
        assert 0.5 <= p["identity"] <= 1
    # 05 took two paragraphs from 01: one verbatim, one edited; 01 is the source
    wire, own = read(os.path.join(ctx.samples, WIRE)), read(os.path.join(ctx.samples, OWN))
    got = pairs[(WIRE, OWN)]
    assert len(got) == 2, got
    verbatim = [p for p in got if "Water reached the first floors" in span_text(own, p["b_span"])]
    edited = [p for p in got if "regional weather office" in span_text(own, p["b_span"])]
    assert len(verbatim) == 1 and len(edited) == 1, got
    v, e = verbatim[0], edited[0]
    assert span_text(wire, v["a_span"]) == span_text(own, v["b_span"])
    assert span_text(own, v["b_span"]).endswith("rising river.")
    assert v["identity"] == 1 and v["chars"] == v["b_span"][1] - v["b_span"][0]
    assert span_text(wire, e["a_span"]).startswith("The regional weather office said 140")
    assert span_text(own, e["b_span"]).endswith("whole of March.")
    assert 0.5 < e["identity"] < 1
    assert all(p["source"] == WIRE for p in got)
    # 02, 03 and 04 reuse nearly all of 01
    for c in FLOOD_COPIES:
        spans = [p["a_span"] for p in pairs.get((WIRE, c), [])]
        assert covered(spans, len(wire)) >= 0.9, (c, spans)
    # nothing between the flood and the other stories, nor with the German translation
    flood = {WIRE, OWN, *FLOOD_COPIES}
    for a, b in pairs:
        assert a in flood and b in flood, (a, b)


def test_samples_summary_and_threads(ctx):
    one = ctx.ok("reuse", "-T", "1", ctx.samples).out
    two = ctx.ok("reuse", "-T", "2", ctx.samples).out
    assert one == two  # the thread count changes nothing
    lines = ctx.ok("reuse", "--summary", ctx.samples).lines
    pairs = by_pair(ctx.ok("reuse", ctx.samples).lines)
    assert len(lines) == len(pairs)
    wire_len = len(read(os.path.join(ctx.samples, WIRE)))
    for s in lines:
        got = pairs[(s["a"], s["b"])]
        assert s["passages"] == len(got)
        assert s["chars"] == sum(p["chars"] for p in got)
        if s["a"] == WIRE:
            assert abs(s["a_coverage"] - covered([p["a_span"] for p in got], wire_len)) < 0.002
        assert 0 < s["a_coverage"] <= 1 and 0 < s["b_coverage"] <= 1
        if s["source"] is None:
            assert s["direction"] is None
        else:
            assert s["direction"] == ("a->b" if s["source"] == s["a"] else "b->a")
    s = next(s for s in lines if (s["a"], s["b"]) == (WIRE, OWN))
    assert s["passages"] == 2 and s["direction"] == "a->b" and s["b_coverage"] < 0.4


def seeds(ctx):
    folder = os.path.join(ctx.shared, "seeds")
    if not os.path.isdir(folder):
        raise Skip("../shared/seeds missing")
    return {f[:3]: os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".txt")}


def test_seeds_wire_story_and_independent_reports(ctx):
    s = seeds(ctx)
    lines = ctx.ok("reuse", *s.values()).lines
    base = {k: os.path.basename(v) for k, v in s.items()}
    text = {k: read(v) for k, v in s.items()}
    got = [p for p in lines if {p["a"], p["b"]} == {base["001"], base["003"]}]
    assert got and all(p["source"] == base["001"] for p in got)  # 001 carries the dateline
    # most of 003's body is 001's text
    spans = [p["a_span"] if p["a"] == base["003"] else p["b_span"] for p in got]
    assert covered(spans, len(text["003"])) > 0.6
    # 000 and 004 wrote their own reports: little of them is claimed from 001
    for k in ("000", "004"):
        spans = [p["a_span"] if p["a"] == base[k] else p["b_span"]
                 for p in lines if {p["a"], p["b"]} == {base["001"], base[k]}]
        assert covered(spans, len(text[k])) < 0.15, (k, spans)
    # the Hindi translation shares no words, so no passage
    assert not [p for p in lines if base["002"] in (p["a"], p["b"])]


def test_quote_rule(ctx):
    quote = ("\u201cWe will rebuild every street of the old harbour district, and we will do it "
             "together with the people who live there, whatever it costs,\u201d")
    a = ctx.write("a.txt", f"Harbour news\n\n{prose(1, 60)}\n\n{quote} the mayor said on Tuesday.\n\n{prose(2, 60)}\n")
    b = ctx.write("b.txt", f"City report\n\n{prose(3, 50)}\n\nSpeaking to reporters, Mayor Lind said: {quote} "
                  f"she added.\n\n{prose(4, 40)}\n")
    r = ctx.ok("reuse", a, b)
    assert r.lines == []  # a statement both quote is not reuse
    # the same statement inside prose that is shared too: reuse, quote included
    shared = ("The council met on the night of the storm and voted to spend the whole reserve fund on "
              "pumps, sandbags and shelter beds for the families of the lower town.")
    c = ctx.write("c.txt", f"City report\n\n{prose(5, 50)}\n\n{shared} {quote} the mayor said on Tuesday.\n\n{prose(6, 40)}\n")
    d = ctx.write("d.txt", f"Harbour news\n\n{prose(7, 30)}\n\n{shared} {quote} the mayor said on Tuesday.\n")
    lines = ctx.ok("reuse", c, d).lines
    assert len(lines) == 1
    t = span_text(read(c), lines[0]["a_span"])
    assert t.startswith("The council met") and quote in t and t.endswith("on Tuesday.")


def test_identical_and_self(ctx):
    text = f"A headline\n\n{prose(10, 80)}\n\n{prose(11, 80)} End."
    a = ctx.write("one.txt", text)
    b = ctx.write("two.txt", text)
    lines = ctx.ok("reuse", a, b).lines
    assert len(lines) == 1
    p = lines[0]
    assert p["a_span"] == [0, len(text)] and p["b_span"] == [0, len(text)] and p["identity"] == 1
    # a document repeating its own paragraph is not compared with itself
    para = prose(12, 40)
    c = ctx.write("self.txt", f"Title\n\n{para}\n\n{prose(13, 40)}\n\n{para}\n")
    assert ctx.ok("reuse", c).lines == []
    assert ctx.ok("reuse", c, ctx.write("other.txt", f"Other\n\n{prose(14, 50)}\n")).lines == []


def test_across_paragraph_breaks(ctx):
    paras = [prose(20 + i, 30) for i in range(3)]
    a = ctx.write("a.txt", "Title A\n\n" + prose(30, 40) + "\n\n" + "\n\n".join(paras) + "\n\n" + prose(31, 40))
    b = ctx.write("b.txt", "Title B\n" + prose(32, 20) + "\n" + " ".join(paras) + "\n" + prose(33, 20))
    lines = ctx.ok("reuse", a, b).lines
    assert len(lines) == 1
    ta, tb = read(a), read(b)
    assert span_text(ta, lines[0]["a_span"]) == "\n\n".join(paras)
    assert span_text(tb, lines[0]["b_span"]) == " ".join(paras)


def test_non_latin_offsets(ctx):
    hindi = ("नई दिल्ली में मंगलवार को भारी बारिश के बाद कई इलाकों में पानी भर गया और नगर निगम ने "
             "राहत शिविरों में हज़ारों लोगों को पहुँचाया, अधिकारियों ने बताया कि अगले दो दिनों तक स्कूल "
             "बंद रहेंगे।")
    chinese = ("周二首都突降暴雨，多个街区被水淹没，市政部门将数千名居民转移到临时安置点。"
               "官员表示，未来两天学校将继续停课，地铁部分线路暂停运营，救援人员正在排查危房。")
    for name, para, own_a, own_b in [
            ("hi", hindi, "यह पहला लेख है।", "यह एक अलग लेख है जिसमें अपनी बातें हैं।"),
            ("zh", chinese, "第一篇报道。", "这是另一篇完全不同的报道，讲述本地新闻。")]:
        a = ctx.write(f"{name}-a.txt", f"शीर्षक {name}\n\n{own_a}\n\n{para}\n\n{own_a}")
        b = ctx.write(f"{name}-b.txt", f"{own_b}\n— {para}\n{own_b}")
        lines = ctx.ok("reuse", "--min-chars", "40", a, b).lines
        assert len(lines) == 1, (name, lines)
        assert span_text(read(a), lines[0]["a_span"]) == para
        assert span_text(read(b), lines[0]["b_span"]) == para


def test_long_documents(ctx):
    para = prose(40, 300)
    big_a = prose(41, 250000) + "\n\n" + para + "\n\n" + prose(42, 250000)
    big_b = prose(43, 500000) + "\n\n" + para + "\n"
    a = ctx.write("big-a.txt", big_a)
    b = ctx.write("big-b.txt", big_b)
    lines = ctx.ok("reuse", a, b).lines
    assert len(lines) == 1
    assert span_text(big_a, lines[0]["a_span"]) == para
    assert span_text(big_b, lines[0]["b_span"]) == para
    if sanitized(ctx.bin):
        return  # the sanitizers' own memory says nothing about ours
    small_a = ctx.write("small-a.txt", prose(44, 2000) + "\n\n" + para)
    small_b = ctx.write("small-b.txt", prose(45, 2000) + "\n\n" + para)
    base = max_rss_kb([ctx.bin, "reuse", small_a, small_b])
    big = max_rss_kb([ctx.bin, "reuse", a, b])
    size_kb = (len(big_a.encode()) + len(big_b.encode())) / 1024
    # memory grows with the text (a few bytes a byte), never with its square
    assert big - base < 12 * size_kb, (base, big, size_kb)


def test_dates_name_the_source(ctx):
    body = prose(50, 120)
    recs = [
        {"id": "later", "date": "2025-03-06T08:00:00Z", "text": "Reprint\n\n" + body},
        {"id": "first", "date": "2025-03-05T10:00:00Z", "text": "Wire\n\n" + body},
        {"id": "sameday", "date": "2025-03-05", "text": "Same day\n\n" + body},
        {"id": "undated", "text": "Undated\n\n" + body},
    ]
    lines = ctx.ok("reuse", ctx.jsonl("feed.jsonl", recs)).lines
    pairs = {(p["a"], p["b"]): p for p in lines}
    assert len(pairs) == 6
    assert pairs[("later", "first")]["source"] == "first"
    assert pairs[("later", "first")]["source_by"] == "date"
    assert pairs[("first", "sameday")]["source"] is None          # the same day, one a day only
    assert pairs[("first", "sameday")]["source_by"] is None   # present, null with a null source
    assert pairs[("later", "undated")]["source"] == "later"
    assert pairs[("later", "undated")]["source_by"] == "only_dated"
    # a dateline in the text dates a document without a date field
    wire = ctx.write("wire.txt", f"Title\n\nHARBOUR CITY, March 4, 2025 (Agency) -- {body}")
    reprint = ctx.jsonl("r.jsonl", [{"id": "reprint", "date": "2025-03-07", "text": body}])
    lines = ctx.ok("reuse", reprint, wire).lines
    assert lines and all(p["source"] == "wire.txt" and p["source_by"] == "date" for p in lines)


def test_bad_input_and_usage(ctx):
    a = ctx.write("a.txt", "x")
    for args, what in [(["--min-chars", "0"], "--min-chars"), (["--max-df", "1"], "--max-df"),
                       (["--min-identity", "2"], "--min-identity"), (["--frobnicate"], "")]:
        r = ctx.run("reuse", *args, a)
        assert r.rc == 2 and what in r.err, (args, r.err)
    assert ctx.run("reuse").rc == 2
    body = prose(60, 120)
    path = ctx.write("feed.jsonl", json.dumps({"id": "one", "text": body}) + "\n" +
                     json.dumps({"id": "two", "text": body}) + "\n" +
                     "{broken\n" + json.dumps({"id": "three", "text": body}) + "\n")
    r = ctx.run("reuse", path)
    assert r.rc == 1 and "feed.jsonl" in r.err and ":3" in r.err, r.err
    assert [(p["a"], p["b"]) for p in r.lines] == [("one", "two")]  # what came before is kept
    r = ctx.ok("reuse", "--skip-bad", path)
    assert len(r.lines) == 3 and "skipped" in r.err


def furniture_passages(ctx, data, *opts):
    """(passages, furniture passages, crane-story pairs) of `reuse` on data:
    a passage is furniture when its text lies inside a line its source
    repeats on its pages."""
    recs = {r["id"]: r for r in map(json.loads, open(data, encoding="utf-8"))}
    lines = {}
    for r in recs.values():
        for ln in r["text"].split("\n"):
            lines.setdefault((r["source"], ln), set()).add(r["id"])
    repeated = {k[1] for k, v in lines.items() if len(v) >= 3}
    out = ctx.ok("reuse", *opts, data).lines
    furn = [p for p in out if any(span_text(recs[p["a"]]["text"], p["a_span"]) in ln for ln in repeated)]
    crane = {(p["a"], p["b"]) for p in out if p["a"].endswith("-crane") and p["b"].endswith("-crane")}
    return out, furn, crane


def test_site_furniture_is_not_reuse(ctx):
    """tests/data/furniture/sites.jsonl: three outlets of 9 to 11 pages (far
    under --max-df 100), two of them with a rubric line, a text-size bar, a
    cookie survey and a shop box on every page, and one wire story all three
    print.  Per-source furniture (--furniture-share, default 0.3) drops the
    furniture passages; the wire story's three pairs stay."""
    data = os.path.join(ctx.root, "tests", "data", "furniture", "sites.jsonl")
    before, furn_before, crane_before = furniture_passages(ctx, data, "--furniture-share", "0")
    after, furn_after, crane_after = furniture_passages(ctx, data)
    assert len(crane_before) == 3 and crane_after == crane_before
    assert len(furn_before) >= 50, len(furn_before)
    assert len(furn_after) <= len(furn_before) // 10, (len(furn_before), len(furn_after))
    print(f"furniture passages {len(furn_before)} -> {len(furn_after)}; all {len(before)} -> {len(after)}")


def test_pages_without_a_body_are_left_out(ctx):
    """Two failed scrapes of one site (a sentence asking for JavaScript and
    the same sidebar) share only that: `clean` marks them "body": false,
    `reuse` leaves them out (with a warning) unless --keep-no-body."""
    data = os.path.join(ctx.root, "tests", "data", "furniture", "sites.jsonl")
    cleaned = {d["id"]: d for d in ctx.ok("clean", data).lines}
    assert cleaned["gazette-empty-1"]["body"] is False and cleaned["gazette-empty-2"]["body"] is False
    assert sum(1 for d in cleaned.values() if "body" in d) == 2    # every article has a body
    r = ctx.ok("reuse", data)
    assert not [p for p in r.lines if "empty" in p["a"] + p["b"]]
    assert "2 document(s) without an article body" in r.err
    # each is named, with its file and line
    named = [l for l in r.err.splitlines() if "no article body, left out" in l]
    assert len(named) == 2 and all("sites.jsonl:" in l and "(id gazette-empty-" in l for l in named), r.err
    kept = ctx.ok("reuse", "--keep-no-body", data).lines
    assert [(p["a"], p["b"]) for p in kept if "empty" in p["a"]] == [("gazette-empty-1", "gazette-empty-2")]


def test_translated_passages(ctx):
    """--translated: a wire paragraph translated inside a local report is
    reuse across languages; an unrelated article in that language is not."""
    folder = os.path.join(ctx.root, "tests", "data", "xreuse")
    plain = ctx.ok("reuse", folder).lines
    assert all(p["translated"] is False for p in plain), plain  # the field is always there
    r = ctx.ok("reuse", "--translated", folder)
    got = [p for p in r.lines if p["translated"]]
    assert len(got) == 1, r.lines
    p = got[0]
    assert {p["a"], p["b"]} == {"local-de.txt", "wire-en.txt"}, p
    side = {p["a"]: p["a_span"], p["b"]: p["b_span"]}
    local = span_text(read(os.path.join(folder, "local-de.txt")), side["local-de.txt"])
    wire = span_text(read(os.path.join(folder, "wire-en.txt")), side["wire-en.txt"])
    # the four translated sentences, not the local report's own lines around them
    assert local.startswith("Die Hafenarbeiter im Hafen von Rotterdam"), local
    assert local.endswith("nach Antwerpen und Hamburg."), local
    assert "Duisburg" not in local and "Binnenhäfen" not in local, local
    assert "Dock workers at the port of Rotterdam stopped work" in wire, wire
    assert wire.endswith("to Antwerp and Hamburg instead."), wire
    assert "employers' association" not in wire, wire
    assert 0.4 <= p["identity"] <= 1 and p["chars"] >= 120, p
    assert p["source"] is None and p["source_by"] is None  # neither is dated
    one = ctx.ok("reuse", "--translated", "-T", "1", folder).out
    two = ctx.ok("reuse", "--translated", "-T", "2", folder).out
    assert one == two == r.out


def test_translated_passages_in_samples(ctx):
    lines = ctx.ok("reuse", "--translated", ctx.samples).lines
    lang = {"06-tagesblatt-flut.txt": "de", "11-huanan-flood-zh.txt": "zh", "12-vestnik-flood-ru.txt": "ru"}
    tr = [p for p in lines if p["translated"]]
    pairs = {(p["a"], p["b"]) for p in tr}
    assert (WIRE, "12-vestnik-flood-ru.txt") in pairs, pairs       # 12 translates 01
    assert (OWN, "06-tagesblatt-flut.txt") in pairs, pairs         # 06 translates 05
    for p in tr:
        # across languages only, and never the Chinese report told in its own words
        assert (p["a"] in lang) != (p["b"] in lang), p
        assert "11-huanan-flood-zh.txt" not in (p["a"], p["b"]), p
    ru = [p for p in tr if (p["a"], p["b"]) == (WIRE, "12-vestnik-flood-ru.txt")]
    assert ru[0]["source"] == WIRE and ru[0]["source_by"] == "only_dated", ru
    # the copies are unchanged by the option
    plain = ctx.ok("reuse", ctx.samples).lines
    assert [p for p in lines if not p["translated"]] == plain


def test_translated_passages_keep_their_ids(ctx):
    """Documents left out (no article body) before the others, records as
    JSONL: the passages across languages still name the right documents,
    and --summary tells a pair's translated line from its copies'."""
    folder = os.path.join(ctx.root, "tests", "data", "xreuse")
    recs = [{"id": "failed-scrape", "text": "Menu\nHome\nLogin"},
            {"id": "nav", "text": "Share\nTweet"}]
    for name in ("wire-en.txt", "local-de.txt", "other-de.txt"):
        recs.append({"id": name[:-4], "text": read(os.path.join(folder, name))})
    recs[3]["lang"] = "zz"  # no language tag: said, and the language found
    path = ctx.jsonl("x.jsonl", recs)
    r = ctx.ok("reuse", "--translated", path)
    assert "x.jsonl:4 (id local-de)" in r.err and '"zz" is no language tag' in r.err, r.err
    got = [p for p in r.lines if p["translated"]]
    assert len(got) == 1 and (got[0]["a"], got[0]["b"]) == ("wire-en", "local-de"), r.lines
    local = span_text(recs[3]["text"], got[0]["b_span"])
    assert local.startswith("Die Hafenarbeiter") and local.endswith("Hamburg."), local
    s = ctx.ok("reuse", "--translated", "--summary", path).lines
    tr = [x for x in s if x["translated"]]
    assert len(tr) == 1 and (tr[0]["a"], tr[0]["b"]) == ("wire-en", "local-de"), s
    assert tr[0]["passages"] == 1 and 0 < tr[0]["b_coverage"] < 1, tr
    assert all(x["translated"] is False for x in ctx.ok("reuse", "--summary", path).lines)


def test_translated_passages_not_from_misread_tables(ctx):
    """Tables of figures in English read as another language (these read as
    German, without a German word) share their figures with the English
    reports of the same results: no passage across languages (34 without
    the rule that a found language must be told by the text's words)."""
    rng = random.Random(7)
    recs = []
    for i in range(10):
        def f():
            return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
        table = (f"Shr {rng.randint(5, 90)} cts vs {rng.randint(5, 90)} cts\n"
                 f"Net {f()} mln vs {f()} mln\nSales {f()} mln vs {f()} mln\nAvg shrs {f()} mln vs {f()} mln\n")
        month = rng.choice(["March 31", "June 30", "September 30", "December 31"])
        recs.append({"id": f"short{i}", "text": f"Period ended {month}.\n" + table + "Reuter"})
        recs.append({"id": f"long{i}", "text": "The company said the figures below are for the quarter and "
                     "that the results of the year before were restated for the sale of its shipping unit.\n"
                     + table + "Note: the company said it expects its sales to grow in the coming year.\nReuter"})
    path = ctx.jsonl("tables.jsonl", recs)
    r = ctx.ok("reuse", "--translated", "--keep-no-body", path)
    assert not [p for p in r.lines if p["translated"]], r.lines
    assert any(not p["translated"] for p in r.lines)  # the long forms' shared sentences are copies


def test_translated_run_leaves_copied_sentences_to_the_copy(ctx):
    """A German report that quotes two wire sentences in English and then
    translates two more: the copy is one passage, the translation another
    that does not take the copied sentences in."""
    folder = os.path.join(ctx.root, "tests", "data", "xreuse")
    wire = read(os.path.join(folder, "wire-en.txt"))
    en = wire.split("\n")
    de = read(os.path.join(folder, "local-de.txt")).split("\n")
    mixed = "\n".join(["Hafenstreik in Rotterdam", "", "Die Agentur meldete am Dienstag auf Englisch:",
                       en[2], en[3], de[6], de[7], "Die Spediteure in Duisburg hoffen auf eine schnelle Einigung."])
    path = ctx.write("mixed-de.txt", mixed)
    wpath = os.path.join(folder, "wire-en.txt")
    lines = ctx.ok("reuse", "--translated", wpath, path).lines
    copies = [p for p in lines if not p["translated"]]
    tr = [p for p in lines if p["translated"]]
    assert len(copies) == 1 and span_text(mixed, copies[0]["b_span"]).startswith("Dock workers"), lines
    assert len(tr) == 1, lines
    assert tr[0]["a_span"][0] >= copies[0]["a_span"][1], lines  # after the copied sentences
    assert span_text(mixed, tr[0]["b_span"]).startswith("Die Hafenbehörde warnte"), tr
