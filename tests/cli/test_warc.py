"""WARC input: pages from response and resource records, the rest passed over."""
import gzip
import os


def record(kind, body, uri=None, rid=None, ctype=None, date="2025-03-04T09:31:00Z", length=None):
    head = ["WARC/1.0", f"WARC-Type: {kind}", f"WARC-Date: {date}",
            f"WARC-Record-ID: <urn:uuid:{rid or kind}>"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    if ctype:
        head.append(f"Content-Type: {ctype}")
    head.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


def http(status, ctype, body):
    return (f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nServer: test\r\n\r\n").encode() + body


PAGE = ("<html><head><title>Bridge reopens | Wexley Post</title></head><body><article><h1>Bridge "
        "reopens</h1><p>The Wexley bridge reopened on Tuesday after two years of repairs, the "
        "council said.</p></article></body></html>").encode()


def corpus():
    return [record("warcinfo", b"software: test\r\n", ctype="application/warc-fields"),
            record("request", b"GET / HTTP/1.1\r\n\r\n", uri="http://x.example/", ctype="application/http; msgtype=request"),
            record("response", http(200, "text/html; charset=utf-8", PAGE), uri="http://x.example/bridge",
                   rid="page-1", ctype="application/http; msgtype=response"),
            record("response", http(404, "text/html", b"<html>not found</html>"), uri="http://x.example/gone",
                   rid="err", ctype="application/http; msgtype=response"),
            record("response", http(200, "image/png", b"\x89PNG..."), uri="http://x.example/a.png",
                   rid="img", ctype="application/http; msgtype=response"),
            record("resource", PAGE.replace(b"Bridge reopens", b"Ferry returns"), uri="http://x.example/ferry",
                   rid="page-2", ctype="text/html")]


def test_warc_pages(ctx):
    path = ctx.write("crawl.warc", b"".join(corpus()))
    out = ctx.ok("clean", path).lines
    assert [o["id"] for o in out] == ["urn:uuid:page-1", "urn:uuid:page-2"]
    assert out[0]["url"] == "http://x.example/bridge"
    assert out[0]["date"] == "2025-03-04T09:31:00Z"        # the capture time: the page has none
    assert "reopened on Tuesday" in out[0]["text"] and "Bridge reopens" in out[0]["title"]
    # compressed per record, as crawlers write them; folders pick .warc.gz up
    gz = b"".join(gzip.compress(r) for r in corpus())
    ctx.write("dir/crawl.warc.gz", gz)
    out = ctx.ok("clean", os.path.join(ctx.tmp, "dir")).lines
    assert [o["id"] for o in out] == ["urn:uuid:page-1", "urn:uuid:page-2"]
    # the capture time stands for the date when the page gives none
    s = ctx.ok("stories", path).lines
    assert any(st.get("first_date") == "2025-03-04" for st in s)


def test_warc_bad_records(ctx):
    recs = corpus()
    bad_length = record("response", http(200, "text/html", PAGE), rid="short", length=len(PAGE) * 3,
                        ctype="application/http; msgtype=response")
    path = ctx.write("bad.warc", recs[2] + b"garbage that is not a record\r\n\r\n" + recs[5])
    r = ctx.run("clean", path)
    assert r.rc == 1 and "not a WARC record" in r.err and "bad.warc: byte" in r.err
    assert [o["id"] for o in r.lines] == ["urn:uuid:page-1"]      # what came before is kept
    path = ctx.write("trunc.warc", recs[2] + bad_length)
    r = ctx.run("clean", "--skip-bad", path, ctx.jsonl("after.jsonl", [{"id": "after", "text": "x"}]))
    assert r.rc == 0 and "truncated WARC record" in r.err
    assert [o["id"] for o in r.lines] == ["urn:uuid:page-1", "after"]
    # a record over the size cap is skipped, the next one read
    path = ctx.write("big.warc", recs[2] + recs[5])
    r = ctx.ok("clean", "--skip-bad", "--max-doc-bytes", str(len(PAGE) + 10), path)
    assert "over the limit" in r.err
    assert [o["id"] for o in r.lines] == ["urn:uuid:page-2"]
    # a damaged record of a .warc.gz (one gzip member each): the page before
    # it is kept (it was lost, 2026-12-08), the one after it read with --skip-bad
    hurt = bytearray(gzip.compress(recs[3]))
    hurt[40:43] = b"\xff\xff\xff"
    path = ctx.write("hurt.warc.gz", gzip.compress(recs[2]) + bytes(hurt) + gzip.compress(recs[5]))
    r = ctx.run("clean", path)
    assert r.rc == 1 and "corrupt gzip member" in r.err, r.err
    assert [o["id"] for o in r.lines] == ["urn:uuid:page-1"], (r.lines, r.err)
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0 and [o["id"] for o in r.lines] == ["urn:uuid:page-1", "urn:uuid:page-2"], r.err


def test_capture_time_dates_reuse_and_dedup(ctx):
    # one undated page fetched twice, a week apart, the later capture first
    # in the file: reuse names the earlier capture as the source, dedup makes
    # it the representative, as clean and stories date it
    page = ("<html><head><title>Harbour budget</title></head><body><article><h1>Harbour budget "
            "passed</h1><p>The Wexley harbour board passed its new budget on Monday after a long "
            "debate between the two ferry companies and the fishing cooperative, officials said."
            "</p><p>Dredging of the inner basin will start in spring and take three years, "
            "according to the board's chairwoman, who called the vote a turning point.</p>"
            "</article></body></html>").encode()

    def resp(rid, date):
        return record("response", http(200, "text/html", page), uri=f"http://{rid}.example/b",
                      rid=rid, date=date, ctype="application/http; msgtype=response")

    path = ctx.write("twice.warc", resp("late", "2025-03-09T12:00:00Z") + resp("early", "2025-03-01T12:00:00Z"))
    passages = ctx.ok("reuse", path).lines
    assert passages and passages[0]["source"] == "urn:uuid:early", passages
    assert passages[0]["source_by"] == "date"
    groups = {g["id"]: g["group"] for g in ctx.ok("dedup", path).lines}
    assert groups == {"urn:uuid:late": "urn:uuid:early", "urn:uuid:early": "urn:uuid:early"}, groups
    # --filter keeps a WARC record's URL and the date dedup read
    kept = ctx.ok("dedup", "--filter", path).lines
    assert [(k["id"], k["url"], k["date"]) for k in kept] == [
        ("urn:uuid:early", "http://early.example/b", "2025-03-01T12:00:00Z")], kept
    assert "<article>" in kept[0]["html"]
