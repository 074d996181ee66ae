"""`samestory clean`: article text from pages and scraped text, metadata,
--keep-boilerplate, corpus learning, bad pages, and the shared evaluations
(run in place from ../shared when it is there)."""
import gzip
import json
import os
import subprocess
import sys
import time

from run import Skip


def one(r):
    lines = r.lines
    assert len(lines) == 1, lines
    return lines[0]


# --- samples/EXPECTED.md item 6 ------------------------------------------------

def test_samples_chrome_removed(ctx):
    """03 and 04 lose their chrome, keep title and body; 04 has its metadata."""
    r = ctx.ok("clean", os.path.join(ctx.samples, "03-daily-ledger-flood.txt"),
               os.path.join(ctx.samples, "04-meridian-page-flood.html"),
               os.path.join(ctx.samples, "01-meridian-wire-flood.txt"))
    got = {o["id"]: o for o in r.lines}
    wire = got["01-meridian-wire-flood.txt"]
    paragraphs = [p for p in wire["text"].split("\n") if len(p) > 60]
    assert len(paragraphs) >= 8
    chrome = ["Advertisement", "Share", "Related stories", "Subscribe", "12 Comments", "cookies",
              "02:15", "Menu", "Watch: boats", "All rights reserved", "Privacy"]
    for doc in ("03-daily-ledger-flood.txt", "04-meridian-page-flood.html"):
        o = got[doc]
        for c in chrome:
            assert c not in o["text"], (doc, c)
        for p in paragraphs:  # the wire's body, every paragraph (quotes normalized in 04)
            key = p[:40].replace('"', "")
            assert key in o["text"].replace("\u201c", "").replace("\u201d", "").replace('"', ""), (doc, p)
        assert o["title"] == "River Tessel floods Port Amberley, thousands evacuated", o["title"]
        assert o["removed"] > 100
    page = got["04-meridian-page-flood.html"]
    assert page["date"] == "2025-03-04T09:30:00Z"
    assert page["author"] == "Ana Lind"
    assert page["url"] == "https://meridian.example/world/tessel-flood-port-amberley"
    assert "Rescue boats in the Dockside" not in page["text"]  # the photo caption
    # a clean wire report loses nothing of its body
    assert wire["text"].startswith("PORT AMBERLEY, March 4, 2025")


def test_keep_boilerplate_marks_everything(ctx):
    path = os.path.join(ctx.samples, "03-daily-ledger-flood.txt")
    raw = open(path, encoding="utf-8").read()
    o = one(ctx.ok("clean", "--keep-boilerplate", path))
    assert o["text"] == raw  # the whole raw text, spans refer to it
    kinds = {b["kind"] for b in o["blocks"]}
    assert {"title", "body", "chrome"} <= kinds, kinds
    end = 0
    body = []
    for b in o["blocks"]:
        s, e = b["span"]
        assert end <= s < e <= len(raw), b
        end = e
        part = raw[s:e]
        if b["kind"] == "title":
            assert part == "River Tessel floods Port Amberley, thousands evacuated"
        if b["kind"] == "chrome":
            assert "burst its banks" not in part
        if b["kind"] == "body":
            body.append(part)
    cleaned = one(ctx.ok("clean", path))["text"]
    assert [x for x in "\n".join(body).split("\n") if x.strip()] == cleaned.split("\n")
    # HTML: the text is all visible page text, blocks mark it
    page = os.path.join(ctx.samples, "04-meridian-page-flood.html")
    o = one(ctx.ok("clean", "--keep-boilerplate", page))
    by_kind = {}
    for b in o["blocks"]:
        by_kind.setdefault(b["kind"], []).append(o["text"][b["span"][0]:b["span"][1]])
    assert any("Rescue boats" in x for x in by_kind["caption"])
    assert any("Heavy rain warning" in x for x in by_kind["related"])
    assert any("cookies" in x for x in by_kind["chrome"])
    assert by_kind["title"] == ["River Tessel floods Port Amberley, thousands evacuated"]


def test_jsonl_html_records_and_passthrough(ctx):
    html = ("<html><head><title>Lake levels fall | Valley News</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/n'>News</a></nav><article><h1>Lake levels fall</h1>"
            "<p>The lake fell by a metre over the summer, the water board said on Monday, the lowest "
            "level since records began forty years ago.</p><p>Boat owners were asked to move their "
            "boats to the deeper end of the harbour.</p></article></body></html>")
    path = ctx.jsonl("in.jsonl", [{"id": "p1", "html": html, "source": "Valley News", "rank": 3},
                                  {"id": "t1", "title": "Given title", "text": "Plain text body."}])
    got = {o["id"]: o for o in ctx.ok("clean", path).lines}
    p = got["p1"]
    assert p["title"] == "Lake levels fall"
    assert p["text"].startswith("The lake fell by a metre") and "Home" not in p["text"]
    assert p["rank"] == 3 and p["source"] == "Valley News"
    assert got["t1"]["title"] == "Given title" and got["t1"]["text"] == "Plain text body."


def test_corpus_learning(ctx):
    """A line that recurs across the documents of one folder is chrome; --no-learn
    turns the first pass off."""
    foot = "Send us your tips and photos using the form on our website any time."
    # six different stories (a line shared by reprints of one text is not
    # furniture: test_corpus_reprints_keep_the_headline)
    what = ["voted to repair the bridge over the canal before the end of the year",
            "chose a new name for the park behind the railway station",
            "heard that the swimming pool will close for two months of repairs",
            "agreed to plant two hundred trees along the northern ring road",
            "refused a request to open a second supermarket in the old town",
            "set the date of the summer festival for the last weekend of July"]
    for i in range(6):
        ctx.write(f"site/story{i}.txt",
                  f"Council story {i}\n\nThe council met on day {i} and {what[i]}.\n\n"
                  f"Work will start in the spring, a spokeswoman said after the vote.\n\n{foot}\n")
    folder = os.path.join(ctx.tmp, "site")
    learned = ctx.ok("clean", folder).lines
    assert len(learned) == 6
    for o in learned:
        assert foot not in o["text"] and "The council met" in o["text"]
    assert "repair the bridge" in learned[0]["text"]
    plain = ctx.ok("clean", "--no-learn", folder).lines
    assert all(foot in o["text"] for o in plain)
    # standard input cannot be read twice: no first pass, no error, and
    # nothing to say when it is the only input
    r = ctx.ok("clean", "-", stdin=b'{"id":"s","text":"Only one record here."}\n')
    assert one(r)["text"] == "Only one record here."
    assert "not learned" not in r.err, r.err
    # beside files, it turns learning off for them too: said once
    r = ctx.ok("clean", folder, "-", stdin=b'{"id":"s","text":"Only one record here."}\n')
    assert len(r.lines) == 7 and all(foot in o["text"] for o in r.lines[:6])
    assert r.err.count("furniture is not learned") == 1 and "standard input" in r.err, r.err


def test_corpus_reprints_keep_the_headline(ctx):
    """Three reprints of one story (one word edited in each) beside two other
    articles in one folder: the footer of all five is learned, the headline the
    reprints share stays their title."""
    foot = "Follow our live coverage on the website and in the app all day."
    paras = ["The main harbour bridge of the city reopened on Tuesday after three weeks of "
             "repairs, officials said, with traffic flowing normally by the evening rush hour "
             "and the ferries back on their usual timetable across the bay.",
             "Engineers replaced two damaged expansion joints and a long section of railing "
             "that the storm had torn away, according to the transport department, which said "
             "the total cost was still being counted and would be published next month."]
    for i in range(3):
        p = list(paras)
        p[i % 2] = p[i % 2].replace(" the ", " a ", 1 + i)
        ctx.write(f"wire/r{i}.txt", "Harbour bridge reopens after storm repairs\n\n"
                  + "\n\n".join(p) + f"\n\n{foot}\n")
    ctx.write("wire/o1.txt", "Budget passes after long debate\n\nThe council approved the "
              f"budget on Monday after a debate about roads and schools.\n\n{foot}\n")
    ctx.write("wire/o2.txt", "School term to start later\n\nPupils will return a week later "
              f"than planned because of building work at three schools.\n\n{foot}\n")
    got = {o["id"]: o for o in ctx.ok("clean", os.path.join(ctx.tmp, "wire")).lines}
    assert all(foot not in o["text"] for o in got.values())
    for i in range(3):
        assert got[f"r{i}.txt"]["title"] == "Harbour bridge reopens after storm repairs"
        assert got[f"r{i}.txt"]["text"].startswith("The main harbour bridge")


# --- bad pages -------------------------------------------------------------------

def test_consent_wall_is_no_article(ctx):
    """A scrape that hit the cookie wall (the page holds only the consent
    notice) has no article text; beside an article the notice is dropped;
    an article inside an element whose name says cookie is still found."""
    notice = ('<div id="consent-banner" class="cookie-consent"><h2>We value your privacy</h2>'
              '<p>We and our partners use cookies and similar technologies to store and access '
              'information on your device, to personalise content and ads, to provide social media '
              'features and to analyse our traffic. By clicking accept you consent to the use of '
              'these technologies as described in our cookie policy.</p><p>You can change your '
              'choices at any time through the privacy settings link at the bottom of every page.'
              '</p><button>Accept all</button></div>')
    story = ("<p>The ferry between the two islands will run twice as often from June, the "
             "operator said on Monday, after a winter in which the only boat was full on most "
             "days.</p><p>A second vessel, bought from a company in the north, is being refitted "
             "and will carry up to 300 passengers and 40 cars on each crossing.</p>")
    wall = ctx.write("wall.html", f"<html><head><title>Island Post</title></head><body>{notice}</body></html>")
    both = ctx.write("both.html", f"<html><head><title>Ferry</title></head><body>{notice}"
                                  f"<article>{story}</article></body></html>")
    wrapped = ctx.write("wrapped.html", '<html><head><title>Ferry</title></head><body>'
                        f'<div class="has-cookie-bar"><article>{story}</article></div></body></html>')
    r = ctx.ok("clean", wall, both, wrapped)
    got = {o["id"]: o for o in r.lines}
    assert got["wall.html"]["text"] == "" and "no article text" in got["wall.html"]["warning"]
    for name in ("both.html", "wrapped.html"):
        assert got[name]["text"].startswith("The ferry between") and "cookies" not in got[name]["text"], got[name]


def test_bad_pages(ctx):
    """Broken HTML: no crash, a warning naming the file, empty text rather than chrome."""
    cases = {
        "binary.html": (bytes(range(256)) * 64, "binary"),
        "empty.html": (b"<html><head><title>Empty</title></head><body></body></html>", "no visible text"),
        "nav.html": (b"<html><body><nav><a href=/a>Home</a> <a href=/b>World</a> <a href=/c>Sport</a>"
                     b"</nav><ul class=menu><li><a href=/d>Contact</a></li><li><a href=/e>About us</a>"
                     b"</li></ul><footer>(c) 2024</footer></body></html>", "no article text"),
    }
    for name, (data, why) in cases.items():
        path = ctx.write(name, data)
        r = ctx.ok("clean", path)
        o = one(r)
        assert o["text"] == "", (name, o["text"])
        assert path in r.err and why in r.err, (name, r.err)
        assert why in o["warning"]
    # unclosed tags and a wrong charset declaration (Latin-1 declared, UTF-8 bytes)
    body = ("<p>The new tram line opened on Sunday with free rides for everyone, and the first "
            "trams were full from early morning until late at night.<div><p>Dr. M\u00fcller said "
            "the caf\u00e9 near the depot had its busiest day in years.<span><b>")
    path = ctx.write("broken.html", ("<html><head><meta charset='iso-8859-1'></head><body><div>" + body)
                     .encode("utf-8"))
    r = ctx.ok("clean", path)
    o = one(r)
    assert "Dr. M\u00fcller said the caf\u00e9" in o["text"], o["text"]
    assert "first trams were full" in o["text"]
    assert "iso-8859-1" in r.err and "UTF-8" in r.err


def test_unclosed_markup_inside_raw_text_elements(ctx):
    """A <div> left open inside <noscript> (a common tracking-pixel
    snippet), <textarea> or <iframe> ends with that element, as in a
    browser: before, libxml2 ignored the end tag and the whole page stayed
    inside the skipped element ("the page has no visible text")."""
    para = ("<p>The harbour board approved the new ferry timetable on Tuesday, adding two "
            "evening crossings to the island for the summer months.</p>")
    for wrap in ('<noscript><div id="pixel"></noscript>', "<noscript><p><span></noscript>",
                 "<textarea><div></textarea>", "<iframe><div class=x></iframe>",
                 "<NOSCRIPT><div></NOSCRIPT>"):
        page = "<html><head><title>Ferries</title></head><body>" + wrap + "<div id=main>" + para + "</div></body></html>"
        path = ctx.write("raw.html", page.encode("utf-8"))
        o = one(ctx.ok("clean", path))
        assert "two evening crossings" in o["text"], (wrap, o)
    # what such elements hold never becomes text
    page = ("<html><body><noscript><p>Please enable JavaScript to read this site.</p></noscript>"
            "<div id=main>" + para + "</div></body></html>")
    o = one(ctx.ok("clean", ctx.write("raw2.html", page.encode("utf-8"))))
    assert "JavaScript" not in o["text"] and "ferry timetable" in o["text"], o


def test_invisible_hyphenation_marks_leave_the_text(ctx):
    """Soft hyphens (German sites hyphenate with &shy;), zero-width spaces,
    word joiners and byte-order marks inside words leave the clean text:
    the words read, search and match as written; zero-width joiners stay."""
    page = ("<html><body><article><p>Schon im Mit&shy;tel&shy;al&shy;ter war der Wein von den "
            "Hän\u00adgen oberhalb der Stadt das Aus&#x200B;hänge&#x2060;schild der Region, und "
            "er ist es bis heute ge\ufeffblieben, sagen die Winzer im Tal.</p>"
            "<p>\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 bleibt, wie es geschrieben "
            "wurde, sagte ein Besucher aus Teheran am Sonntag beim Fest.</p></article></body></html>")
    o = one(ctx.ok("clean", ctx.write("shy.html", page.encode("utf-8"))))
    assert "Mittelalter" in o["text"] and "Hängen" in o["text"], o["text"]
    assert "Aushängeschild" in o["text"] and "geblieben" in o["text"], o["text"]
    assert not any(c in o["text"] for c in "\u00ad\u200b\u2060\ufeff"), o["text"]
    assert "\u200c" in o["text"]


def test_article_body_split_around_an_ad_slot(ctx):
    """One article's body in two containers named as the body, with an ad
    slot, a "continue reading" link and a block of related links between
    them: both parts are the article, the links are not."""
    first = ["The city council voted on Monday to close the old market hall for two years "
             "while engineers repair its roof and the cracked outer walls.",
             "Traders will move to a temporary site beside the river from the first of June, "
             "the council said in a statement after the meeting."]
    second = [f"Paragraph {i} of the report says the repairs will cost about four million euros "
              f"and that the work on the hall will be done by local firms where possible." for i in range(2, 9)]
    related = "".join(f'<li><a href="/news/{i}">Other headline number {i} about something else in town</a></li>'
                      for i in range(30))
    page = ("<html><body><article><h1>Market hall to close for repairs</h1>"
            '<div class="story-body story-body-1">' + "".join(f"<p>{p}</p>" for p in first) + "</div>"
            '<a class="skip" href="#part2">Continue reading the main story</a><div class="ad-slot"></div>'
            '<div class="related-links"><ul>' + related + "</ul></div>"
            '<div class="story-body story-body-2">' + "".join(f"<p>{p}</p>" for p in second) + "</div>"
            "</article></body></html>")
    o = one(ctx.ok("clean", ctx.write("split.html", page.encode("utf-8"))))
    assert "voted on Monday to close the old market hall" in o["text"], o["text"]
    assert "Paragraph 8 of the report" in o["text"]
    assert "Other headline" not in o["text"] and "Continue reading" not in o["text"]


def test_prose_in_a_language_without_a_function_word_list(ctx):
    """A Finnish article (written here) on a page whose footer has short
    English lines: the English function words ("on", "of", "the") reach 5%
    of the page's words, but the page's prose (its blocks of 12 words or
    more) has almost none of them, so function words do not count and the
    Finnish paragraphs, which would score as menus do, are the article
    (before: the footer was)."""
    paras = [
        "Kaupunginvaltuusto päätti maanantaina sulkea vanhan kauppahallin kahdeksi vuodeksi, "
        "koska sen katto vaurioitui pahasti talven myrskyissä.",
        "Kauppiaat siirtyvät kesäkuun alusta väliaikaisiin tiloihin joen rannalle, kertoi "
        "kaupungin tiedottaja kokouksen jälkeen.",
        "Korjaustyöt maksavat arviolta neljä miljoonaa euroa, ja ne tehdään paikallisten "
        "yritysten voimin aina kun se on mahdollista.",
        "Halli valmistui vuonna 1912, ja se on yksi kaupungin vanhimmista julkisista rakennuksista.",
        "Valtuutetut keskustelivat asiasta yli kolme tuntia ennen äänestystä, jonka tulos oli lopulta selvä.",
        "Kauppiasyhdistyksen puheenjohtaja sanoi, että jäsenet ovat huolissaan asiakkaiden "
        "pysymisestä uudessa paikassa.",
    ]
    nav = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>'
                  for w in ["Etusivu", "Uutiset", "Kotimaa", "Ulkomaat", "Talous", "Urheilu", "Kulttuuri"])
    side = "".join(f'<div><span>Luetuimmat</span><p><a href="/u/{i}">{t}</a></p><span>{i} tuntia sitten</span></div>'
                   for i, t in enumerate(["Liikenneonnettomuus moottoritiellä", "Jäähallin remontti viivästyy",
                                          "Sähkön hinta nousi taas", "Satamaan saapui risteilyalus"], 1))
    foot = "".join(f"<p>{t}</p>" for t in [
        "Follow us on Facebook and on the app", "Read the paper on your phone", "All of the news in one place",
        "Terms of use and of the service", "Contact us about the site", "Send us a tip by the form",
        "Work with us at the paper", "Advertise with us on the site", "About the paper and its staff",
        "Back to the top of the page"])
    page = ('<html lang="fi"><body><nav><ul>' + nav + "</ul></nav><div><div><h1>Kauppahalli suljetaan</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</div><div>" + side + "</div></div><footer>" + foot
            + "</footer></body></html>")
    o = one(ctx.ok("clean", ctx.write("fi.html", page.encode("utf-8"))))
    assert o["lang"] == "fi", o
    for p in paras:
        assert p in o["text"], o["text"]
    assert "Follow us" not in o["text"] and "Luetuimmat" not in o["text"], o["text"]


def test_drupal_body_field_with_a_hidden_label(ctx):
    """Drupal marks every field whose label is not shown
    "field--label-hidden", the article's body field too: that says the
    label is hidden, not the text (before: the article was read as hidden
    and the page gave nothing)."""
    paras = [f"Paragraph {i} of the council report says the bridge over the canal will close in "
             f"spring while engineers replace its deck and the worn bearings." for i in range(1, 7)]
    teasers = "".join(f'<li><a href="/n/{i}">Another story from the town, number {i}</a></li>' for i in range(12))
    page = ("<html><body><header><nav><ul>" + teasers[:200] + "</ul></nav></header>"
            '<article class="node node--type-article"><h1>Canal bridge to close</h1>'
            '<div class="field field--name-body field--type-text-with-summary field--label-hidden field__item">'
            + "".join(f"<p>{p}</p>" for p in paras) + "</div></article>"
            '<section class="comments">' + "".join(
                f"<p>Reader {i} wrote that the closure will make the walk to the station much longer "
                f"for the people who live on the east side of the canal, and asked for a ferry.</p>"
                for i in range(12)) + "</section>"
            '<aside><ul>' + teasers + "</ul></aside></body></html>")
    o = one(ctx.ok("clean", ctx.write("drupal.html", page.encode("utf-8"))))
    for p in paras:
        assert p in o["text"], o
    assert "Another story" not in o["text"] and "Reader" not in o["text"]


def test_deep_nesting_and_huge_page(ctx):
    """10,000 levels of nesting and a 50 MB page: bounded time, text found."""
    para = ("<p>Deep inside this page a reporter left one real paragraph of text about the "
            "harbour festival, with enough words in it to be an article.</p>")
    deep = "<html><body>" + "<div>" * 10000 + para + "</body></html>"
    o = one(ctx.ok("clean", ctx.write("deep.html", deep)))
    assert "harbour festival" in o["text"]
    chunk = ("<div class='item'><a href='/x'>A link in a very long list of links</a></div>\n" * 20)
    filler = chunk * (50_500_000 // len(chunk) + 1)
    big = "<html><body><nav>" + filler + "</nav><article>" + para * 3 + "</article></body></html>"
    path = ctx.write("big.html", big)
    assert os.path.getsize(path) > 50_000_000
    t0 = time.time()
    o = one(ctx.ok("clean", path, timeout=300))
    assert "harbour festival" in o["text"] and "very long list" not in o["text"]
    assert time.time() - t0 < 120


# --- the shared evaluations, read in place -----------------------------------------

def _shared_eval(ctx):
    ev = os.path.join(ctx.shared, "eval")
    if not os.path.isdir(ev):
        raise Skip("../shared/eval not present")
    if ev not in sys.path:
        sys.path.insert(0, ev)


def test_seed_chrome(ctx):
    """EXPECTED.md (seeds) item 6 through seeds.py's own lists: 001 and 004."""
    _shared_eval(ctx)
    import seeds as S
    out = {o["id"]: o for o in ctx.ok("clean", S.SEEDS[1], S.SEEDS[4]).lines}
    for k in ("001", "004"):
        o = out[S.ID[k]]
        assert not [c for c in S.CHROME if c in o["text"]], (k, o["text"][:500])
        assert all(b in o["text"] for b in S.BODY[k]), k
        assert S.norm(o["title"]) == S.norm(S.TITLE[k]), (k, o["title"])


def _f1(B, pairs):
    """The benchmark's F1 (boilerplate.py): precision and recall averaged over pages."""
    scores = [B.tp_fp_fn(true, got) for true, got in pairs]
    P = [B.prec(*s) for s in scores if s[0] + s[1] > 0]
    R = [B.rec(*s) for s in scores if s[0] + s[2] > 0]
    p, r = sum(P) / len(P), sum(R) / len(R)
    return 2 * p * r / (p + r), p, r


def test_held_apart_built_pages(ctx):
    """The cleaner on pages its constants were not chosen on (tests/cli/builtpages.py:
    60 Reuters-21578 wire stories inside generated news-page layouts, seed 11).
    Measured F1 0.9916 (precision 0.9999, recall 0.9835; one table-like story,
    a column of figures, loses most of its body); the floor is 0.97."""
    _shared_eval(ctx)
    if not os.path.isdir(os.path.join(ctx.shared, "data", "reuters21578")):
        raise Skip("../shared/data/reuters21578 not present")
    import boilerplate as B
    import builtpages
    pages = builtpages.build(ctx.tmp, ctx.shared, n=60, seed=11)
    assert len(pages) == 60
    got = {o["id"]: o for o in ctx.ok("clean", *[p for p, _, _ in pages]).lines}
    f1, p, r = _f1(B, [(body, got.get(os.path.basename(path), {}).get("text", ""))
                       for path, _, body in pages])
    assert f1 >= 0.97, f"F1 {f1:.4f} (precision {p:.4f}, recall {r:.4f})"
    titles = sum(got.get(os.path.basename(path), {}).get("title") == t for path, t, _ in pages)
    assert titles >= 57, f"{titles} of 60 titles found"


def test_article_extraction_benchmark(ctx):
    """In-sample regression guard, not an accuracy figure: the cleaner's constants
    were chosen on these 91 pages (docs/CLEAN.md), so F1 here (0.9766) overstates
    what unseen pages get; test_held_apart_built_pages measures that.  This keeps
    the benchmark's own metric at 0.96 or more so a change that loses it shows."""
    _shared_eval(ctx)
    data = os.path.join(ctx.shared, "data", "aeb")
    if not os.path.isdir(data):
        raise Skip("../shared/data/aeb not present")
    import boilerplate as B
    truth = json.load(open(os.path.join(data, "ground-truth.json"), encoding="utf-8"))
    paths = []
    for key in sorted(truth):
        src = os.path.join(data, "html", key + ".html.gz")
        if os.path.exists(src):
            with gzip.open(src, "rb") as f:
                paths.append(ctx.write(key + ".html", f.read()))
    got = {o["id"]: o["text"] for o in ctx.ok("clean", *paths).lines}
    scores = [B.tp_fp_fn(truth[os.path.basename(p)[:-5]].get("articleBody", ""),
                         got.get(os.path.basename(p), "")) for p in paths]
    P = [B.prec(*s) for s in scores if s[0] + s[1] > 0]
    R = [B.rec(*s) for s in scores if s[0] + s[2] > 0]
    p, r = sum(P) / len(P), sum(R) / len(R)
    f1 = 2 * p * r / (p + r)
    assert f1 >= 0.96, f"F1 {f1:.4f} (precision {p:.4f}, recall {r:.4f})"


def test_jsonl_records_without_title_find_it_in_the_text(ctx):
    """A JSONL record without a title gets the headline line of its text, as
    a .txt file does, and "title_source" says where every title came from."""
    data = os.path.join(ctx.root, "tests", "data", "titles", "untitled.jsonl")
    got = {d["id"]: d for d in ctx.ok("clean", data).lines}
    assert got["es-1"]["title"] == "Las lluvias inundan el barrio viejo de Sorvaldo"
    assert got["es-1"]["title_source"] == "text"
    assert not got["es-1"]["text"].startswith("Las lluvias inundan")      # the title line left the body
    assert got["es-2"]["title"] == "Sorvaldo evacúa a cuarenta familias por la crecida del río"
    assert "Compartir" not in got["es-2"]["text"]                          # share buttons are not the title
    assert got["fr-1"]["title"] == "" and got["fr-1"]["title_source"] == "none"   # prose only
    assert got["it-1"]["title"] == "Sorvaldo, evacuate quaranta famiglie"
    assert got["it-1"]["title_source"] == "input"
    txt = ctx.write("page.txt", "Harbour crane falls in Velmora\n\nA container crane collapsed at the "
                    "Velmora harbour on Tuesday morning, port director Ilse Marek said.\n")
    page = ctx.write("page.html", "<html><head><title>Crane | Post</title></head><body><h1>Crane falls "
                     "in Velmora</h1><p>A container crane collapsed at the Velmora harbour on Tuesday "
                     "morning, port director Ilse Marek said. Two dock workers were hurt.</p></body></html>")
    bare = ctx.jsonl("bare.jsonl", [{"id": "b", "title": "Kept title", "html": "<p>Menu</p>"}])
    src = {d["id"]: d["title_source"] for d in ctx.ok("clean", txt, page, bare).lines}
    assert src == {"page.txt": "text", "page.html": "html", "b": "input"}, src


def test_a_short_line_every_page_of_a_source_opens_with_is_no_title(ctx):
    """A shop's or rubric's name above every article of one source (learned
    as that source's furniture) is neither the title nor the body; a short
    first line that is not furniture stays the title (issue 15: titles that
    were page furniture)."""
    bodies = ["The regional council approved the new tram line on Tuesday after a long debate about its cost.",
              "Farmers in the valley say the dry spring has cut their wheat harvest by a third this year.",
              "The city museum reopens on Saturday after two years of work on its roof and its halls.",
              "A storm knocked out power to eight thousand homes overnight, the utility said on Monday.",
              "The national team named three new players for the autumn matches, including a goalkeeper."]
    recs = [{"id": f"s{i}", "source": "Velmora Post", "text": f"Velmora Post Shop\n{b}\nSubscribe to our newsletter"}
            for i, b in enumerate(bodies)]
    recs.append({"id": "other", "source": "Sorvaldo Daily", "text": f"Tram line approved\n{bodies[0]}"})
    path = ctx.jsonl("shop.jsonl", recs)
    got = {d["id"]: d for d in ctx.ok("clean", path).lines}
    for i in range(len(bodies)):
        d = got[f"s{i}"]
        assert d["title"] == "" and d["title_source"] == "none", d
        assert d["text"].startswith(bodies[i][:20]) and "Shop" not in d["text"], d
    assert got["other"]["title"] == "Tram line approved" and got["other"]["title_source"] == "text"
    # without learning nothing tells the shop's name from a headline
    plain = {d["id"]: d for d in ctx.ok("clean", "--no-learn", path).lines}
    assert plain["s0"]["title"] == "Velmora Post Shop"


def test_large_pages_in_batches_keep_their_order(ctx):
    """Pages read in batches (by count and by bytes, the next read while
    workers clean this one): every page once, in input order, on 1 and 3
    threads; a refused file stops the run with the pages before it written."""
    filler = " ".join(f"Paragraph {k} of the council's report on the new harbour tram line, "
                      f"which the mayor said would open in the spring." for k in range(4000))
    for i in range(30):
        ctx.write(f"pages/p{i:02d}.html",
                  f"<html><head><title>Harbour tram report part {i}</title></head><body>"
                  f"<article><h1>Harbour tram report part {i}</h1><p>Marker{i:02d} opens the page. "
                  f"{filler}</p></article></body></html>")
    folder = os.path.join(ctx.tmp, "pages")
    assert sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder)) > 12e6
    for threads in ("1", "3"):
        r = ctx.ok("clean", "--threads", threads, "--no-learn", folder)
        ids = [o["id"] for o in r.lines]
        assert ids == [f"p{i:02d}.html" for i in range(30)], ids
        for i, o in enumerate(r.lines):
            assert f"Marker{i:02d} opens" in o["text"], (i, o["text"][:80])
    # p25 is in the second batch (the first ends after 8 MB: p00-p18),
    # read while the workers clean the first
    ctx.write("pages/p25.html", b"\x89PNG\r\n\x1a\n" + bytes(4000))
    r = ctx.run("clean", "--threads", "3", "--no-learn", folder)
    assert r.rc != 0 and "p25.html" in r.err, (r.rc, r.err)
    assert "stopped at this bad record" in r.err and "before it were written" in r.err, r.err
    assert [o["id"] for o in r.lines] == [f"p{i:02d}.html" for i in range(25)]
    r = ctx.run("clean", "--threads", "3", "--no-learn", "--skip-bad", folder)
    assert r.rc == 0 and "p25.html" in r.err, (r.rc, r.err)
    assert [o["id"] for o in r.lines] == [f"p{i:02d}.html" for i in range(30) if i != 25]


def test_damaged_compressed_files_are_one_bad_record_each(ctx):
    """A page or text file whose gzip data is damaged or cut short is one
    bad record, said to be unused, and gives no (empty) document."""
    page = ("<html><head><title>Quay works</title></head><body><article><p>Work on the quay "
            "began on Monday and will last until the autumn, the port authority said in a "
            "statement on its website.</p></article></body></html>")
    ctx.write("dmg/a.html", page)
    ctx.write("dmg/b.html.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(7, 250)) * 3)
    whole = gzip.compress(("Quay works begin\n" + "The works on the quay began today. " * 2000)
                          .encode())
    ctx.write("dmg/c.txt.gz", whole[:len(whole) // 2])
    ctx.write("dmg/d.txt", "Ferry timetable changes\nThe ferry will leave at seven from Monday, "
              "the operator said, because of the works on the quay.\n")
    folder = os.path.join(ctx.tmp, "dmg")
    r = ctx.ok("clean", "--no-learn", "--skip-bad", folder)
    assert [o["id"] for o in r.lines] == ["a.html", "d.txt"], r.lines
    assert "2 bad record" in r.err, r.err
    for name in ("b.html.gz", "c.txt.gz"):
        said = [l for l in r.err.splitlines() if name in l]
        assert len(said) == 1 and "not used" in said[0], (name, r.err)


def test_a_failed_write_is_reported(ctx):
    """Large pages written to a full disk: an error with the reason, not a
    silent exit status."""
    if not os.path.exists("/dev/full"):
        raise AssertionError("/dev/full is missing")
    filler = " ".join(f"Sentence {k} about the quay works and the ferry timetable." for k in range(6000))
    for i in range(3):
        ctx.write(f"big/p{i}.html", f"<html><body><article><p>{filler}</p></article></body></html>")
    with open("/dev/full", "wb") as full:
        p = subprocess.run([ctx.bin, "clean", "--no-learn", os.path.join(ctx.tmp, "big")],
                           stdout=full, stderr=subprocess.PIPE)
    err = p.stderr.decode()
    assert p.returncode != 0 and "cannot write the output" in err, (p.returncode, err)


def test_messages_never_land_inside_json_lines(ctx):
    """Output and messages sent to one file (2>&1): each line is a JSON
    record or a whole message."""
    # 300 pages of 5 KB: the bad one is read after more than the 1 MB
    # output buffer was written, cut inside a line
    filler = " ".join(f"Line {k} of the long report on the harbour." for k in range(110))
    for i in range(300):
        ctx.write(f"mix/p{i:03d}.html", f"<html><body><article><p>Report {i}. {filler}</p>"
                  f"</article></body></html>")
    ctx.write("mix/p280a.html", b"\x89PNG\r\n\x1a\n" + bytes(100))
    out = os.path.join(ctx.tmp, "mix.out")
    with open(out, "wb") as f:
        p = subprocess.run([ctx.bin, "clean", "--no-learn", "--skip-bad", "--threads", "2",
                            os.path.join(ctx.tmp, "mix")], stdout=f, stderr=subprocess.STDOUT)
    assert p.returncode == 0
    records = messages = 0
    for line in open(out, encoding="utf-8").read().splitlines():
        if line.startswith("samestory: "):
            messages += 1
        else:
            json.loads(line)
            records += 1
    assert records == 300 and messages >= 1, (records, messages)


def test_estonian_is_not_read_as_french(ctx):
    """Estonian writes "et" (that), "on" (is), "ta" (he, she) and "see"
    (this) as French and English write function words: a tenth of this
    report's words (written here) voted French before; the vote now needs
    a fifth (langid.c, VOTE_SHARE_DIV) and the classifier reads it."""
    text = ("Linnavolikogu otsustas esmaspäeval, et vana turuhoone suletakse kaheks aastaks. "
            "Linnapea ütles, et katus on talvetormides tõsiselt kahjustatud ja see tuleb enne talve "
            "parandada. Ta lisas, et kauplejad kolivad juunist ajutistesse ruumidesse jõe ääres, et "
            "remont maksab umbes neli miljonit eurot ja et see on linna jaoks suur kulu.")
    fr = ("Le conseil municipal a décidé lundi que le vieux marché sera fermé pendant deux ans, "
          "et le maire a dit que le toit a été gravement endommagé par les tempêtes de l'hiver.")
    got = {o["id"]: o["lang"] for o in ctx.ok("clean", ctx.jsonl("et.jsonl", [
        {"id": "et", "title": "", "text": text}, {"id": "fr", "title": "", "text": fr}])).lines}
    assert got == {"et": "et", "fr": "fr"}, got


def test_bulgarian_and_serbian_cyrillic_are_not_russian(ctx):
    """A Russian pick without ы, э or ё is Serbian or Macedonian by their
    letters, or Bulgarian by its many words with ъ (langid.c,
    south_slavic_cyrillic; NTREX-128 read 17 of 123 Bulgarian and 4 of 123
    Serbian documents as Russian).  Reports written here; a short Russian
    line with three ъ words and no ы stays Russian (the rule needs 50
    words), and so does a long Russian text with ъ words."""
    bg = ("Общинският съвет реши в понеделник старият пазар да бъде затворен за две години. "
          "Покривът на сградата е сериозно повреден от зимните бури, а ремонтът ще струва около "
          "четири милиона евро. Търговците ще се преместят от юни във временни помещения край "
          "реката, съобщи говорителят на общината. ") * 2
    sr = ("Градско веће је у понедељак одлучило да стара пијаца буде затворена две године. Кров "
          "зграде је озбиљно оштећен у зимским олујама, а поправка ће коштати око четири милиона "
          "евра. Трговци ће се од јуна преселити у привремене просторије поред реке, рекао је "
          "портпарол града. ") * 2
    ru = ("Городской совет в понедельник объявил, что старый рынок закроют на два года, а въезд "
          "на площадь перекроют. Крыша здания серьёзно пострадала от зимних бурь, и ремонт обойдётся "
          "примерно в четыре миллиона евро. Торговцы с июня переедут во временные помещения у "
          "реки, сообщил представитель мэрии после съезда депутатов. ") * 2
    recs = [{"id": i, "title": "", "text": t} for i, t in
            (("bg", bg), ("sr", sr), ("ru", ru), ("ru-short", "Съезд объявил о подъеме цен, а въезд в город закрыт."))]
    got = {o["id"]: o["lang"] for o in ctx.ok("clean", ctx.jsonl("cyr.jsonl", recs)).lines}
    assert got == {"bg": "bg", "sr": "sr", "ru": "ru", "ru-short": "ru"}, got


def test_hausa_is_offered_to_the_classifier(ctx):
    """Hausa (written here) went to Swahili, the nearest language the
    classifier was offered; data/langid/latin.conf offers it now (and
    Somali, Yoruba, Zulu, Kinyarwanda, Oromo)."""
    ha = ("Gwamnatin jihar Kano ta sanar a ranar Litinin cewa za a rufe tsohuwar kasuwa na tsawon "
          "shekaru biyu. Gwamna ya ce rufin ginin ya lalace sosai saboda guguwar damina, kuma gyaran "
          "zai ci kimanin naira miliyan dari hudu. 'Yan kasuwa za su koma wani wuri na wucin gadi "
          "kusa da kogi daga watan Yuni, in ji kakakin gwamnati. Ya kara da cewa gwamnati za ta "
          "taimaka wa 'yan kasuwa da kudin sufuri.")
    got = {o["id"]: o["lang"] for o in ctx.ok("clean", ctx.jsonl("ha.jsonl", [
        {"id": "ha", "title": "", "text": ha}])).lines}
    assert got == {"ha": "ha"}, got


def test_a_line_trimmed_at_the_start_keeps_its_repeat_inside(ctx):
    """A short line at the article's start is trimmed as a label ("Analysis"
    over the first paragraph); the same words again as a subheading inside
    the text are the text's, though repeats are dropped before the ends
    are trimmed."""
    paras = [f"Paragraph {i} says the council will decide on the new harbour plan in the spring "
             f"after the engineers have finished their report on the old quay walls." for i in range(1, 7)]
    page = ("<html><body><article><h1>Harbour plan</h1><p>Analysis</p>" + "".join(f"<p>{p}</p>" for p in paras[:3])
            + "<h2>Analysis</h2>" + "".join(f"<p>{p}</p>" for p in paras[3:]) + "</article></body></html>")
    o = one(ctx.ok("clean", ctx.write("repeat.html", page.encode("utf-8"))))
    lines = o["text"].split("\n")
    assert lines[0] == paras[0], lines
    assert lines.count("Analysis") == 1 and lines.index("Analysis") == 3, lines
