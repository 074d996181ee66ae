#!/usr/bin/env python3
"""Headline-only story grouping on public labelled headlines (issue 16).

AllSides "headline roundups": for each news story, the headlines of two or
three outlets of the left, the centre and the right that covered it, as
crawled by the NeuS authors (github.com/HLTCHKUST/framing-bias-metric,
MIT; data/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl: 506
stories, 1,479 headlines of 145 outlets, 2021-04-22 to 2021-10-18).  The
same story is framed differently on each side ("Supreme Court sides with
police officers seeking 'qualified immunity'" against "Supreme Court
rules for officers in excessive force cases"), which is what makes it a
test of the same-story judgment on headlines.

Each headline becomes a record {"id", "title", "text": "", "source",
"date"} (the roundup's date: the crawl has no date per headline), run as
    samestory stories CORPUS.jsonl
in the format of ../shared/eval/stories_uci.py, and scored by B-cubed
precision, recall and F1 against the roundups.  --bodies adds each
article's text (the crawl has it) for comparison.  --briefs gives each
article as a brief instead: no title, its text the first sentence of its
body (a wire brief or a one-line news item; articles whose crawl has no
body are left out), which tests the judgment on short texts.

    /usr/bin/python3 bench/headlines_allsides.py --data FILE.jsonl [--bin build/samestory]
        [--bodies | --briefs] [--part all|design|test] [-- STORIES OPTIONS]

--part splits the roundups by date at the median: the first half is where
the headline threshold of the story model was chosen, the second is held
apart for the figure (docs/STORIES.md).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def bcubed(pred, truth):
    by_p, by_t = collections.defaultdict(set), collections.defaultdict(set)
    for k in truth:
        by_p[pred[k]].add(k)
        by_t[truth[k]].add(k)
    p = sum(len(by_p[pred[k]] & by_t[truth[k]]) / len(by_p[pred[k]]) for k in truth) / len(truth)
    r = sum(len(by_p[pred[k]] & by_t[truth[k]]) / len(by_t[truth[k]]) for k in truth) / len(truth)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def first_sentence(paragraphs):
    """The first sentence of the first paragraph of 8 words or more: up to
    its first full stop, question or exclamation mark followed by a space
    (or the paragraph's end)."""
    for par in paragraphs:
        par = " ".join(par.split())
        if len(par.split()) < 8:
            continue
        for k, ch in enumerate(par):
            if ch in ".?!" and (k + 1 == len(par) or par[k + 1] == " ") and len(par[:k].split()) >= 8:
                return par[:k + 1]
        return par
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(HERE), "build", "samestory"))
    ap.add_argument("--data", required=True)
    ap.add_argument("--bodies", action="store_true", help="give each article's text too")
    ap.add_argument("--briefs", action="store_true", help="each article as its body's first sentence, no title")
    ap.add_argument("--part", choices=("all", "design", "test"), default="all",
                    help="design: the stories of the first half of the dates (where the "
                    "headline threshold was chosen); test: the second half, held apart")
    ap.add_argument("extra", nargs="*", help="more options for `samestory stories`")
    args = ap.parse_args()
    docs, truth = [], {}
    with open(args.data, encoding="utf-8") as f:
        stories = [json.loads(line) for line in f if line.strip()]
    dates = sorted(s["date"] for s in stories)
    middle = dates[len(dates) // 2]
    for s in stories:
        if (args.part == "design" and s["date"] >= middle) or (args.part == "test" and s["date"] < middle):
            continue
        if True:
            for side, n in sorted((s.get("news") or {}).items()):
                title = (n.get("newsTitle") or "").strip()
                if not title:
                    continue
                i = f"{s['id']}-{side}"
                text = "\n".join(n.get("newBody") or []) if args.bodies else ""
                if args.briefs:
                    text = first_sentence(n.get("newBody") or [])
                    if not text:
                        continue
                    title = ""
                docs.append({"id": i, "title": title, "text": text,
                             "source": n.get("newsSource", ""), "date": s["date"]})
                truth[i] = str(s["id"])
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    p = subprocess.run([args.bin, "stories", *args.extra, path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    os.unlink(path)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
        sys.exit(f"headlines_allsides: samestory stories exited {p.returncode}")
    pred = {}
    for line in p.stdout.decode("utf-8").splitlines():
        if line.strip():
            s = json.loads(line)
            for a in s.get("articles", []):
                pred[str(a)] = str(s.get("story"))
    missing = [k for k in truth if k not in pred]
    for k in missing:
        pred[k] = "missing:" + k
    pr, rc, f1 = bcubed(pred, truth)
    print(f"docs={len(docs)} true_stories={len(set(truth.values()))} "
          f"predicted_stories={len(set(pred.values()))} missing={len(missing)}")
    print(f"bcubed_precision={pr:.4f} bcubed_recall={rc:.4f} bcubed_f1={f1:.4f}")


if __name__ == "__main__":
    main()
