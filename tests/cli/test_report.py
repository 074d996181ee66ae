"""`samestory report`: the HTML page, rendered for real in headless Chromium."""
import html
import json
import os
import re
import shutil
import subprocess

from run import Skip

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def render(ctx, page, story=None, shot=None):
    """The DOM Chromium builds for page (optionally a #story-N), as text."""
    if not CHROMIUM:
        raise Skip("chromium not installed (setup.sh installs it)")
    url = "file://" + os.path.abspath(page) + (f"#story-{story}" if story is not None else "")
    prof = os.path.join(ctx.tmp, "chromium-profile")
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={prof}"]
    if shot:
        subprocess.run(args + ["--window-size=1280,2400", f"--screenshot={shot}", url],
                       capture_output=True, timeout=120)
    p = subprocess.run(args + ["--dump-dom", url], capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    return p.stdout.decode("utf-8")


def visible(dom):
    """The DOM without script and style elements (the data is in a script)."""
    return re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)


def text_of(dom):
    return html.unescape(re.sub(r"<[^>]+>", " ", visible(dom)))


def story_ids(ctx, *inputs):
    return {tuple(s["articles"]): s["story"] for s in ctx.ok("stories", *inputs).lines}


def test_samples_report_shows_the_flood_story(ctx):
    page = os.path.join(ctx.tmp, "report.html")
    r = ctx.ok("report", ctx.samples, "-o", page, "--title", "Samples & <test>")
    raw = open(page, encoding="utf-8").read()
    assert "<script src" not in raw and "<link" not in raw and "http" not in raw.split("ss-data")[0]
    os.makedirs(os.path.join(ctx.root, "build"), exist_ok=True)
    dom = render(ctx, page, shot=os.path.join(ctx.root, "build", "test-report-samples.png"))
    txt = text_of(dom)
    assert "Samples & <test>" in txt                     # title escaped, shown as text
    # the flood story is the largest: shown first
    assert "River Tessel floods Port Amberley" in txt
    for heading in ("How the articles relate", "What the sources agree on", "What each source adds",
                    "Where the sources conflict", "Who is quoted saying what", "Articles", "Side by side"):
        assert heading in txt, heading
    assert "Water reached the first floors" in txt       # agreed by wire copies and the observer
    assert "2300" in txt and "2500" in txt                # the conflicting counts
    assert "4.6" in txt and "4.8" in txt
    assert "Tomas Brandt" in txt and "We will rebuild Dockside" in txt
    assert "Elena Varga" in txt and "Jelena Varga" in txt
    assert "<svg" in dom and visible(dom).count("<line") >= 4   # the relation graph is drawn
    assert 'class="side"' in visible(dom)                 # the side-by-side view
    side = visible(dom).split('class="side"', 1)[1]
    assert "<mark" in side                                # reused passages highlighted
    assert 'stroke-dasharray="5 4"' in dom                # duplicate links drawn dashed
    assert 'marker-end="url(#arrow-' in dom                # reuse drawn with its direction
    # the story list names every story; the rates story can be opened by its hash
    for t in ("Norland", "Orbital", "glaciers", "bibliothèque"):
        assert t in txt, t
    assert "stories" in r.err


def test_single_article_story_and_escaping(ctx):
    evil = '</script><img src=x onerror="document.title=1"><script>alert(1)</script>'
    docs = [{"id": "lonely", "title": "A report with " + evil, "date": "2025-01-01",
             "text": "Body text with <b>markup</b> and " + evil + " inside it."},
            {"id": "rtl", "title": "خبر عاجل", "lang": "ar", "date": "2025-06-01",
             "text": "هذا نص عربي طويل يذكر " + "كلمات كثيرة " * 200},
            {"id": "quote1", "title": "Long quote", "date": "2025-09-01",
             "text": 'The minister said: "' + "very long words " * 500 + '" and left.'}]
    page = os.path.join(ctx.tmp, "r.html")
    ctx.ok("report", ctx.jsonl("in.jsonl", docs), "-o", page)
    raw = open(page, encoding="utf-8").read()
    # nothing in the data can end the data element early
    data = raw.split('<script id="ss-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    json.loads(data)
    ids = story_ids(ctx, ctx.jsonl("in.jsonl", docs))
    dom = render(ctx, page, story=ids[("lonely",)])
    assert "<img" not in visible(dom)                       # the markup stayed text
    txt = text_of(dom)
    assert "onerror" in txt and "alert(1)" in txt
    assert "nothing to compare" in txt
    dom = render(ctx, page, story=ids[("rtl",)])
    assert 'dir="auto"' in visible(dom) and "خبر عاجل" in text_of(dom)


def test_five_hundred_articles_stay_usable(ctx):
    docs = [{"id": f"copy{i:03d}", "title": "Wexley bridge collapses", "date": "2025-05-01T10:00:00Z",
             "text": "The Wexley bridge collapsed on Monday, Mayor Ana Lind said. Ferries will run."}
            for i in range(500)]
    page = os.path.join(ctx.tmp, "big.html")
    ctx.ok("report", ctx.jsonl("big.jsonl", docs), "-o", page)
    dom = render(ctx, page, shot=os.path.join(ctx.tmp, "big.png"))
    txt = text_of(dom)
    assert "Show all 500 articles" in txt                  # the list is collapsed
    assert visible(dom).count("<tr>") < 120                 # not 500 rows drawn at once
    assert "first 60 of 500" in txt                        # the graph is capped


def test_report_bad_output_path(ctx):
    r = ctx.run("report", ctx.samples, "-o", os.path.join(ctx.tmp, "no", "such", "dir", "r.html"))
    assert r.rc == 1 and "cannot open" in r.err


PROBE = ("<script>setTimeout(function () { document.body.setAttribute('data-probe', JSON.stringify({"
         "pwned: window.__pwned || 0, wide: document.documentElement.scrollWidth - window.innerWidth, "
         "stories: document.querySelectorAll('#story-list li').length, "
         "title: (document.querySelector('#story h2') || {}).textContent || ''})); }, 300);</script>")


def probe(ctx, page, story=None):
    """Render a copy of page with a probe script after the report's own:
    (DOM, what the probe saw): window.__pwned (set by every hostile payload
    if it ran), horizontal overflow in pixels, stories listed, story title."""
    copy = page + ".probe.html"
    raw = open(page, encoding="utf-8").read()
    with open(copy, "w", encoding="utf-8") as f:
        f.write(raw.replace("</body>", PROBE + "</body>"))
    if not CHROMIUM:
        raise Skip("chromium not installed (setup.sh installs it)")
    url = "file://" + os.path.abspath(copy) + (f"#story-{story}" if story is not None else "")
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={os.path.join(ctx.tmp, 'chromium-profile')}",
            "--window-size=1280,1600", "--virtual-time-budget=3000", "--dump-dom", url]
    p = subprocess.run(args, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    dom = p.stdout.decode("utf-8")
    m = re.search(r'data-probe="([^"]*)"', dom)
    assert m, "the probe did not run: the report page failed (blank page?)"
    return dom.replace(m.group(0), ""), json.loads(html.unescape(m.group(1)))


INJECTED = re.compile(r"^<(?:(?:img|iframe|b|a|base|math|mglyph)\b|p>|meta http|svg[^>]*onload|style>)|"
                      r"\son[a-z]+=", re.I)
SCRIPT_URL = re.compile(r"\s(?:href|src|action|xlink:href)=\"\s*javascript:", re.I)


def injected(dom):
    """The first element tag in the drawn page (text is escaped, so every
    '<' left is a real tag) that came from article data, or None.
    Attribute values (a tooltip may quote a title) are data, not tags."""
    for tag in re.findall(r"<[^>]*>", visible(dom)):
        if INJECTED.search(re.sub(r'="[^"]*"', '=""', tag)) or SCRIPT_URL.search(tag):
            return tag
    return None


def test_hostile_articles_render_as_text_in_a_browser(ctx):
    """Comments, CDATA, </script>, event handlers, javascript: URLs,
    U+2028/2029 in articles (tests/data/report/hostile.jsonl) stay text:
    every story renders, no payload runs, no element is injected."""
    data = os.path.join(ctx.root, "tests", "data", "report", "hostile.jsonl")
    page = os.path.join(ctx.tmp, "hostile.html")
    ctx.ok("report", data, "-o", page)
    raw = open(page, encoding="utf-8").read()
    body = raw.split('<script id="ss-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body   # all \u escapes
    parsed = json.loads(body)
    recs = [json.loads(l) for l in open(data, encoding="utf-8")]
    got = {a["id"]: a for s in parsed["stories"] for a in s["articles"]}
    for r in recs:                                        # every article, unchanged, in the data
        assert got[r["id"]]["title"] == r["title"].replace("\u2029", " ") or \
            got[r["id"]]["title"] == r["title"], r["id"]
        assert "<![CDATA[" not in r["text"] or "<![CDATA[" in got[r["id"]]["text"]
    ids = story_ids(ctx, data)
    for story in sorted(set(ids.values())):
        dom, seen = probe(ctx, page, story)
        assert seen["pwned"] == 0, seen                   # no script or handler ran
        assert seen["stories"] == len(ids), seen          # every story is listed
        assert seen["title"], seen                        # the story was drawn
        assert injected(dom) is None, injected(dom)
        assert seen["wide"] <= 0, seen
    dom, seen = probe(ctx, page, ids[("velmora-wire", "velmora-daily", "velmora-<!--x-->")]
                      if ("velmora-wire", "velmora-daily", "velmora-<!--x-->") in ids else None)
    txt = text_of(dom)
    assert "<!-- hidden note -->" in txt and "onerror" in txt   # markup shown as text


def test_report_survives_giant_strings_and_bad_bytes(ctx):
    """A 100,000-character unbroken word in a title and a text, encoded lone
    surrogates and stray bytes: valid JSON data, the page draws, nothing is
    wider than the window."""
    word = "Velmora" * 14286                              # 100,002 characters, no break
    recs = [json.dumps({"id": "giant", "title": "Long " + word[:100000], "date": "2025-03-04",
                        "text": "Start. " + word + " end <!-- x --> of it."}).encode(),
            b'{"id": "bytes", "date": "2025-03-05", "title": "Lone \xed\xa0\x80 surrogate \xff",'
            b' "text": "A half \xed\xb0\x80 pair and a \xc0\xaf slash, then </script> <!-- and -->."}']
    src = ctx.write("giant.jsonl", b"\n".join(recs) + b"\n")
    page = os.path.join(ctx.tmp, "giant.html")
    ctx.ok("report", src, "-o", page)
    raw = open(page, "rb").read()
    raw.decode("utf-8")                                   # strict: valid UTF-8 throughout
    body = raw.decode().split('<script id="ss-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    stories = json.loads(body)["stories"]
    assert len(stories) == 2
    for s in story_ids(ctx, src).values():
        dom, seen = probe(ctx, page, s)
        assert seen["pwned"] == 0 and seen["stories"] == 2 and seen["title"], seen
        assert seen["wide"] <= 0, seen                   # the long word wraps
    assert "\ufffd" in text_of(dom) or "Velmora" in text_of(dom)
