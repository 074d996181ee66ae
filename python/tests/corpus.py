"""A generated news-like corpus for the dedup tests: originals, planted
near copies (word edits, a dateline, a cut tail), exact copies, chrome
lines that recur across many documents (so that the line-frequency table
matters), dated and undated records, in shuffled order."""
import json
import random

CHROME = [
    "Sign up for our morning briefing and get the news in your inbox every day",
    "Follow our coverage of this story on the live page for the latest updates",
    "This article was produced by the regional desk with contributions from staff",
]


def make(n: int, seed: int = 1):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]

    def sentence():
        return " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))) + "."

    docs = []
    originals = []
    for i in range(n):
        paras = [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.5:
            paras.insert(rng.randint(0, len(paras)), rng.choice(CHROME))
        rec = {"id": f"d{i}", "title": sentence()[:60], "text": "\n".join(paras)}
        if rng.random() < 0.7:
            rec["date"] = f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
        docs.append(rec)
        originals.append(rec)
    for k, orig in enumerate(rng.sample(originals, n // 5)):
        words = orig["text"].split(" ")
        for _ in range(max(1, len(words) // 60)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        text = " ".join(words)
        if rng.random() < 0.5:
            text = "HARBOR CITY (Wire) - " + text
        if rng.random() < 0.3:
            text = text[: int(len(text) * 0.93)]
        rec = {"id": f"c{k}", "title": orig["title"], "text": text}
        if rng.random() < 0.5:
            rec["date"] = f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
        docs.append(rec)
    for k, orig in enumerate(rng.sample(originals, n // 20)):
        docs.append(dict(orig, id=f"x{k}"))
    rng.shuffle(docs)
    return docs


def with_outlets(docs, seed: int = 1):
    """docs with outlets: most name a "source" (one of 50, about 2% of the
    documents each), some only a URL, some neither; six outlets and two
    URL hosts add their own closing line to most of their pages, text
    the reuse index must treat as that outlet's furniture (too rare for
    the document-frequency cap, too common within the outlet)."""
    rng = random.Random(seed)
    for r in docs:
        k = rng.randrange(60)
        if k < 50:
            r["source"] = f"Outlet {k}"
        elif k < 56:
            r["url"] = f"https://www.outlet{k}.example/news/{r['id']}"
        if (k < 6 or k in (50, 51)) and rng.random() < 0.6:
            r["text"] += (f"\nThe outlet {k} newsroom thanks its readers for their support and asks them to share "
                          "this report with friends and family members today.")
    return docs


def write(docs, path):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
