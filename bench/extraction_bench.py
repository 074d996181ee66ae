#!/usr/bin/env python3
"""Article extraction on public benchmarks besides the shared AEB half.

`samestory clean` is judged on pages it was never tuned on, with each
benchmark's own ground truth (issue 17 point 4).  The data stays outside
the repository; give the folders of checkouts:

  --readability DIR   a checkout of github.com/mozilla/readability (Apache
                      2.0): test/test-pages/*/source.html, the page, and
                      expected.html, the article as Readability's tests
                      expect it (hand-checked).  Scored as the AEB
                      benchmark scores (../shared/eval/boilerplate.py):
                      word 4-gram shingles of the extracted text against
                      the expected article's text, precision and recall
                      averaged over pages, F1 of the two averages.
  --trafilatura DIR   a checkout of github.com/adbar/trafilatura (Apache
                      2.0): tests/evaldata.json, {url: {"file", "with",
                      "without"}}, pages in tests/eval/ or tests/cache/.
                      Scored as trafilatura's own evaluation
                      (tests/eval_common.py): a "with" snippet found in the
                      whitespace-normalized text is a true positive, one
                      missing a false negative; a "without" snippet found is
                      a false positive.  Precision, recall and F1 over all
                      snippets (F1 = 2 tp / (2 tp + fp + fn)).

    /usr/bin/python3 bench/extraction_bench.py [--bin build/samestory] \\
        --readability ~/src/readability --trafilatura ~/src/trafilatura \\
        [--worst 10]

Pages are copied to a temporary folder and cleaned by one `samestory clean`
run per benchmark; `--worst N` lists the N pages that score lowest (to
look at, never to tune a rule on one page).  Nothing is written to the
repository.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

TOKEN = re.compile(r"\w+", re.U)
BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "pre",
          "blockquote", "section", "article", "figcaption", "dd", "dt", "table", "ul", "ol"}


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, a line break at each block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(s):
    p = _Text()
    p.feed(s)
    p.close()
    return "".join(p.parts)


def shingles(text, n=4):
    t = TOKEN.findall(text or "")
    return Counter(tuple(t[i:i + n]) for i in range(max(1, len(t) - n + 1)) if t[i:i + n])


def tp_fp_fn(true, pred):
    a, b = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(a) | set(b):
        x, y = a.get(k, 0), b.get(k, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def prec(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def rec(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def clean(binary, paths):
    """{file name: text} of `samestory clean` over paths (one run)."""
    p = subprocess.run([binary, "clean", *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
        sys.exit(f"extraction_bench: samestory clean exited {p.returncode}")
    out = {}
    for line in p.stdout.decode("utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            out[o.get("id")] = o.get("text", "")
    return out


def readability(binary, root, worst):
    pages = os.path.join(root, "test", "test-pages")
    tmp = tempfile.mkdtemp()
    try:
        names, truth = [], {}
        for d in sorted(os.listdir(pages)):
            src, exp = os.path.join(pages, d, "source.html"), os.path.join(pages, d, "expected.html")
            if not (os.path.exists(src) and os.path.exists(exp)):
                continue
            name = d + ".html"
            shutil.copyfile(src, os.path.join(tmp, name))
            with open(exp, encoding="utf-8", errors="replace") as f:
                truth[name] = html_text(f.read())
            names.append(name)
        got = clean(binary, [os.path.join(tmp, n) for n in names])
    finally:
        shutil.rmtree(tmp)
    scores = {n: tp_fp_fn(truth[n], got.get(n, "")) for n in names}
    P = [prec(*s) for s in scores.values() if s[0] + s[1] > 0]
    R = [rec(*s) for s in scores.values() if s[0] + s[2] > 0]
    p, r = sum(P) / len(P), sum(R) / len(R)
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"readability test pages: pages={len(names)} precision={p:.4f} recall={r:.4f} f1={f:.4f}")
    for n in sorted(names, key=lambda n: min(prec(*scores[n]), rec(*scores[n])))[:worst]:
        print(f"  {n}: precision {prec(*scores[n]):.3f} recall {rec(*scores[n]):.3f}")
    return f


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def trafilatura(binary, root, worst):
    tests = os.path.join(root, "tests")
    with open(os.path.join(tests, "evaldata.json"), encoding="utf-8") as f:
        data = json.load(f)
    tmp = tempfile.mkdtemp()
    try:
        items, names = {}, []
        for url in sorted(data):
            it = data[url]
            for sub in ("cache", "eval"):
                src = os.path.join(tests, sub, it["file"])
                if os.path.isfile(src):
                    break
            else:
                continue
            name = it["file"] if it["file"].endswith(".html") else it["file"] + ".html"
            if name in items:
                continue
            shutil.copyfile(src, os.path.join(tmp, name))
            items[name] = it
            names.append(name)
        got = clean(binary, [os.path.join(tmp, n) for n in names])
    finally:
        shutil.rmtree(tmp)
    tp = fp = fn = 0
    per = {}
    for n in names:
        it, t = items[n], norm(got.get(n, ""))
        a = sum(1 for w in it["with"] if norm(w) in t)
        b = sum(1 for w in it["without"] if norm(w) in t)
        tp, fp, fn = tp + a, fp + b, fn + len(it["with"]) - a
        per[n] = (a, len(it["with"]), b, len(it["without"]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"trafilatura evaluation: pages={len(names)} snippets with={tp + fn} "
          f"precision={p:.4f} recall={r:.4f} f1={f:.4f}")
    bad = sorted(names, key=lambda n: (per[n][0] - per[n][1]) - per[n][2])
    for n in bad[:worst]:
        a, na, b, nb = per[n]
        print(f"  {n}: with found {a}/{na}, without found {b}/{nb}")
    return f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "build", "samestory"))
    ap.add_argument("--readability", help="a checkout of mozilla/readability")
    ap.add_argument("--trafilatura", help="a checkout of adbar/trafilatura")
    ap.add_argument("--worst", type=int, default=0)
    args = ap.parse_args()
    if not (args.readability or args.trafilatura):
        ap.error("give --readability DIR and/or --trafilatura DIR")
    if args.readability:
        readability(args.bin, args.readability, args.worst)
    if args.trafilatura:
        trafilatura(args.bin, args.trafilatura, args.worst)


if __name__ == "__main__":
    main()
