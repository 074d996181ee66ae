"""Hostile inputs (issue 19): names that collide, pipes, link loops, odd
encodings, unknown endings, damaged compression.  Each test failed before
the fix it guards."""
import gzip
import json
import os
import subprocess


def docs(r):
    return {o["id"]: o for o in r.lines}


def test_ids_in_folders_are_relative_paths(ctx):
    # point 5: two index.html in different subfolders used to collide
    ctx.write("crawl/a/index.html", "<html><head><title>Page A</title></head><body><p>Alpha text.</p></body></html>")
    ctx.write("crawl/b/index.html", "<html><head><title>Page B</title></head><body><p>Beta text.</p></body></html>")
    ctx.write("crawl/top.txt", "Top title\n\nTop body.\n")
    with gzip.open(os.path.join(ctx.tmp, "crawl", "b", "note.txt.gz"), "wt") as f:
        f.write("Note title\n\nNote body.\n")
    r = ctx.ok("clean", os.path.join(ctx.tmp, "crawl"))
    assert set(docs(r)) == {"a/index.html", "b/index.html", "top.txt", "b/note.txt"}, r.out
    assert "duplicate" not in r.err
    # the same with a trailing slash, and a file named directly keeps its base name
    r = ctx.ok("clean", os.path.join(ctx.tmp, "crawl") + "/",
               os.path.join(ctx.tmp, "crawl", "a", "index.html"))
    got = [o["id"] for o in r.lines]
    assert got == ["a/index.html", "b/index.html", "b/note.txt", "top.txt", "index.html"], got


def test_pipes_inside_folders_are_skipped(ctx):
    # point 11: a FIFO in a folder made every command wait forever
    ctx.write("d/one.txt", "One title\n\nOne body.\n")
    os.mkfifo(os.path.join(ctx.tmp, "d", "pipe.jsonl"))
    r = ctx.run("clean", os.path.join(ctx.tmp, "d"), timeout=30)
    assert r.rc == 0, r.err
    assert [o["id"] for o in r.lines] == ["one.txt"]
    assert "pipe.jsonl: skipped: a named pipe" in r.err, r.err


def test_pipes_named_on_the_command_line_are_read_once(ctx):
    # point 11: the learning pass consumed the pipe and the real pass got nothing
    body = b"Pipe title\n\nThe body that came through a pipe.\n"
    r = ctx.run("clean", "/dev/stdin", stdin=body, timeout=30)
    assert r.rc == 0, r.err
    assert [o["text"] for o in r.lines] == ["The body that came through a pipe."], r.out
    path = ctx.write("f.txt", body)
    p = subprocess.run(["bash", "-c", f'"$0" clean <(cat "$1")', ctx.bin, path],
                       capture_output=True, timeout=30)
    out = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert p.returncode == 0 and [o["title"] for o in out] == ["Pipe title"], (p.stdout, p.stderr)
    # a named pipe given by name does not hang
    fifo = os.path.join(ctx.tmp, "named.jsonl")
    os.mkfifo(fifo)
    w = subprocess.Popen(["bash", "-c", 'printf \'{"id":"p1","text":"Through a FIFO."}\\n\' > "$0"', fifo])
    r = ctx.run("clean", fifo, timeout=30)
    w.wait(timeout=30)
    assert r.rc == 0 and [o["id"] for o in r.lines] == ["p1"], (r.out, r.err)


def test_symlink_loops_are_walked_once(ctx):
    # point 12: loops were followed exponentially; `self -> .` gave 41 errors
    ctx.write("d/sub/a.txt", "A title\n\nA body.\n")
    ctx.write("d/b.txt", "B title\n\nB body.\n")
    os.symlink("..", os.path.join(ctx.tmp, "d", "sub", "up"))
    os.symlink(".", os.path.join(ctx.tmp, "d", "self"))
    os.symlink("sub", os.path.join(ctx.tmp, "d", "zz"))  # after sub: sub is walked by its own name
    r = ctx.run("clean", os.path.join(ctx.tmp, "d"), timeout=60)
    assert r.rc == 0, r.err[-2000:]
    assert sorted(o["id"] for o in r.lines) == ["b.txt", "sub/a.txt"], r.out
    assert "duplicate" not in r.err
    assert r.err.count("read already") == 3, r.err


def test_jsonl_bom_and_lone_surrogates(ctx):
    # point 8: a leading BOM and \ud800 escapes stopped the run
    path = ctx.write("bom.jsonl", b'\xef\xbb\xbf{"id":"a","text":"after the mark"}\n'
                     b'{"id":"b","text":"x\\ud800y \\ud83d\\ude00 z\\udc00","title":"\\\\ud800"}\n')
    r = ctx.ok("clean", path)
    got = docs(r)
    assert got["a"]["text"] == "after the mark"
    assert got["b"]["text"] == "x\ufffdy \U0001F600 z\ufffd", got["b"]
    assert got["b"]["title"] == "\\ud800"          # an escaped backslash is no escape
    assert f"{path}:2: 2 " in r.err and "lone surrogate" in r.err, r.err
    # a parse error never shows an invisible character raw
    bad = ctx.write("bad.jsonl", b'{"id":"c","text":\xef\xbb\xbf1}\n')
    r = ctx.run("clean", bad)
    assert r.rc == 1 and "\\uFEFF" in r.err and "\ufeff" not in r.err, r.err


def test_unknown_endings_are_sniffed(ctx):
    # point 4: a gzip JSONL named data.csv was read as one text document
    recs = [{"id": f"r{i}", "text": f"Record number {i}."} for i in range(2000)]
    data = "".join(json.dumps(o) + "\n" for o in recs).encode()
    ctx.write("data.csv", gzip.compress(data))
    plain = ctx.write("plain.jsonl", data)
    subprocess.run(["zstd", "-q", "-f", plain, "-o", os.path.join(ctx.tmp, "zstd.gz")], check=True)
    ctx.write("noext", b"A plain title\n\nA plain body.\n")
    ctx.write("page.dat", b"<html><head><title>Sniffed page</title></head><body><p>Body.</p></body></html>")
    warc = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            b"Content-Type: text/html\r\nContent-Length: 60\r\n\r\n"
            + b"<html><title>In a WARC</title><p>Archived body.</p></html>".ljust(60) + b"\r\n\r\n")
    ctx.write("archive.bin", warc)
    ctx.write("doc.pdf.txt", b"%PDF-1.4 not text at all")
    t = lambda n: os.path.join(ctx.tmp, n)
    r = ctx.run("clean", "--skip-bad", t("data.csv"), t("zstd.gz"), t("noext"), t("page.dat"),
                t("archive.bin"), t("doc.pdf.txt"))
    assert r.rc == 0, r.err
    got = docs(r)
    assert len(got) == 2000 + 3, len(got)
    assert got["r1999"]["text"] == "Record number 1999."
    assert got["noext"]["title"] == "A plain title"
    assert got["page.dat"]["title"] == "Sniffed page"
    assert got["urn:uuid:1"]["title"] == "In a WARC"
    assert "data.csv: no .txt, .html, .jsonl or .warc ending: read as JSON Lines, gzip-compressed" in r.err, r.err
    assert "zstd.gz: no .txt" in r.err and "zstd-compressed" in r.err
    assert "doc.pdf.txt: not read: it holds a PDF document" in r.err
    # a pipe is sniffed too, without reading it twice
    p = subprocess.run(["bash", "-c", f'"$0" clean <(cat "$1")', ctx.bin, t("data.csv")],
                       capture_output=True, timeout=60)
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 2000, p.stderr
    # in doubt, the warning says it is a guess
    ctx.write("odd", b'{"a": 1,\n "b": 2}\n')
    r = ctx.ok("clean", t("odd"))
    assert "a guess" in r.err and "read as text" in r.err, r.err
