"""News pages built for the cleaner's held-apart test (tests/cli/test_clean.py).

The cleaner's constants were chosen on the 91 pages of ../shared/data/aeb,
so its F1 there is an in-sample figure.  These pages are built instead from
material the cleaner was never tuned on: the article bodies are Reuters-21578
wire stories (../shared/data/reuters21578, used elsewhere only for near-
duplicate detection), and the page around them is one of several layouts
written for this test (navigation, breadcrumbs, sidebars of most-read links,
teaser cards with summaries, newsletter and cookie boxes, reader comments
in full sentences, captions, share bars, long footers), each part switched
on or off and shuffled by a seeded random generator.  The true body of each
page is known exactly: the Reuters text itself.

build(folder, n, seed) -> [(path, title, body)]
"""
import glob
import html
import os
import random
import re

BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)

WORDS = ("market shares council city report season festival harbour river school energy "
         "budget minister court players museum weather rail bridge hospital election "
         "airport farmers prices water police science library film music").split()
NAMES = ["Ana Lima", "Tom Berger", "Priya Nair", "Lukas Meyer", "Sara Okoye", "J. Hart",
         "Mei Chen", "Omar Haddad", "Kate Doyle", "Ivan Petrov"]


def reuters_articles(shared, lo=1200, hi=4000):
    """(title, [paragraphs]) of Reuters stories lo..hi characters long."""
    out = []
    for path in sorted(glob.glob(os.path.join(shared, "data", "reuters21578", "reut2-00[0-2].sgm"))):
        raw = open(path, encoding="latin-1").read()
        for doc in raw.split("</REUTERS>"):
            b, t = BODY.search(doc), TITLE.search(doc)
            if not b or not t:
                continue
            text = html.unescape(b.group(1)).replace("\x03", "").replace(" Reuter\n", "").strip()
            if text.endswith("Reuter"):
                text = text[:-6].rstrip()
            if not lo <= len(text) <= hi:
                continue
            paras = [" ".join(p.split()) for p in re.split(r"\n\s{3,}", text)]
            paras = [p for p in paras if p]
            if len(paras) >= 3:
                out.append((" ".join(html.unescape(t.group(1)).split()).title(), paras))
    return out


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def headline(rng):
    w = words(rng, rng.randint(4, 8))
    return w[0].upper() + w[1:]


def sentence(rng):
    s = words(rng, rng.randint(9, 18))
    return s[0].upper() + s[1:] + "."


def link_list(rng, n, cls=None):
    items = "".join(f'<li><a href="/{rng.randint(1, 99999)}">{headline(rng)}</a></li>'
                    for _ in range(n))
    return f'<ul class="{cls}">{items}</ul>' if cls else f"<ul>{items}</ul>"


def part(rng, kind):
    """One piece of page chrome; kinds are chosen per page."""
    if kind == "nav":
        return "<nav>" + link_list(rng, rng.randint(6, 14)) + "</nav>"
    if kind == "menu-div":  # navigation without <nav>, named only by its class
        return f'<div class="main-menu">{link_list(rng, rng.randint(5, 10))}</div>'
    if kind == "breadcrumb":
        return ('<div class="breadcrumb"><a href="/">Home</a> &rsaquo; '
                f'<a href="/news">News</a> &rsaquo; <a href="/x">{words(rng, 1).title()}</a></div>')
    if kind == "mostread":
        return f'<aside class="sidebar"><h3>Most read</h3>{link_list(rng, rng.randint(5, 10))}</aside>'
    if kind == "teasers":
        cards = "".join(f'<div class="card"><h4><a href="/t{i}">{headline(rng)}</a></h4>'
                        f"<p>{sentence(rng)}</p></div>" for i in range(rng.randint(3, 6)))
        return f'<section class="related"><h3>Related stories</h3>{cards}</section>'
    if kind == "newsletter":
        return ('<div class="newsletter"><p>Get the morning briefing in your inbox every day. '
                'Sign up for our free newsletter.</p><form><input type="email"><button>Subscribe'
                "</button></form></div>")
    if kind == "cookie":
        return ('<div id="cookie-banner"><p>We use cookies to improve your experience and to show '
                'you personalised advertising. By continuing you agree to our use of cookies.</p>'
                '<a href="/privacy">Privacy policy</a></div>')
    if kind == "comments":
        cs = "".join(f'<div class="comment"><span class="author">{rng.choice(NAMES)}</span>'
                     f"<p>{sentence(rng)} {sentence(rng)}</p></div>" for _ in range(rng.randint(2, 6)))
        return f'<section id="comments"><h3>{rng.randint(3, 80)} comments</h3>{cs}</section>'
    if kind == "share":
        return ('<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> '
                '<a href="#">Email</a></div>')
    if kind == "ad":
        return '<div class="advertisement"><p>Advertisement</p><a href="/ad">Sponsored content</a></div>'
    if kind == "footer":
        return ("<footer>" + link_list(rng, rng.randint(8, 16)) +
                f"<p>&copy; {rng.randint(1990, 2024)} The Daily {words(rng, 1).title()}. "
                "All rights reserved.</p></footer>")
    raise ValueError(kind)


TOP = ["nav", "menu-div", "breadcrumb", "cookie", "ad"]
SIDE = ["mostread", "newsletter", "ad"]
BOTTOM = ["share", "teasers", "comments", "newsletter", "footer"]


def page(rng, title, paras):
    top = [p for p in TOP if rng.random() < 0.6]
    side = [p for p in SIDE if rng.random() < 0.5]
    bottom = [p for p in BOTTOM if rng.random() < 0.7]
    rng.shuffle(top)
    rng.shuffle(bottom)
    byline = f'<p class="byline">By {rng.choice(NAMES)}, {rng.randint(1, 28)} March 1987</p>'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    if rng.random() < 0.4:  # a photo with a caption inside the article
        cap = f'<figure><img src="/p.jpg"><figcaption>{sentence(rng)}</figcaption></figure>'
        body = body.replace("</p>", "</p>" + cap, 1)
    wrap = rng.choice(["article", 'div class="story-body"', 'div id="content"', "main"])
    close = wrap.split()[0]
    main = (f"<{wrap}><h1>{html.escape(title)}</h1>{byline}{body}</{close}>")
    sidebar = "".join(part(rng, k) for k in side)
    layout = rng.choice(["side-after", "side-before", "no-side"])
    if layout == "side-after":
        middle = f'<div class="row">{main}{sidebar}</div>'
    elif layout == "side-before":
        middle = f'<div class="row">{sidebar}{main}</div>'
    else:
        middle = main
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)} | The Daily</title></head><body>"
            + "".join(part(rng, k) for k in top) + middle
            + "".join(part(rng, k) for k in bottom) + "</body></html>")


def build(folder, shared, n=60, seed=11):
    rng = random.Random(seed)
    arts = reuters_articles(shared)
    rng.shuffle(arts)
    out = []
    for i, (title, paras) in enumerate(arts[:n]):
        path = os.path.join(folder, f"built-{i:03d}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(page(rng, title, paras))
        out.append((path, title, "\n\n".join(paras)))
    return out
