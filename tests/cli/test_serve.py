"""`samestory serve`: the HTTP API over the engine's store — round trip on
samples/, the batch policy, bad requests, tokens, events, SIGTERM, crash
safety under kill -9, and the page in a real browser (tests/browser/)."""
import datetime
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import threading
import time

from run import Skip
from test_engine import bcubed_f1, partition

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sample_records(folder):
    """The samples as the API's records: .txt text, .html html, .jsonl lines."""
    out = []
    for f in sorted(os.listdir(folder)):
        p = os.path.join(folder, f)
        if f.endswith(".txt"):
            out.append({"id": f, "text": open(p, encoding="utf-8").read()})
        elif f.endswith(".html"):
            out.append({"id": f, "html": open(p, encoding="utf-8").read()})
        elif f.endswith(".jsonl"):
            out += [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
    return out


class Server:
    """A `samestory serve` process on a free port; stderr in a file."""

    def __init__(self, ctx, db, *extra, env=None):
        self.ctx, self.db, self.extra, self.env = ctx, db, list(extra), env
        self.log = db + ".log"
        self.start()

    def start(self):
        self.logf = open(self.log, "ab")
        self.logf.truncate(0)
        self.proc = subprocess.Popen([self.ctx.bin, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
                                      *self.extra], stdout=subprocess.DEVNULL, stderr=self.logf, env=self.env)
        t0 = time.time()
        self.port = None
        while time.time() - t0 < 60:
            text = open(self.log, encoding="utf-8", errors="replace").read()
            if "http://127.0.0.1:" in text:
                self.port = int(text.split("http://127.0.0.1:")[1].split("/")[0])
                break
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}: {text}")
            time.sleep(0.02)
        assert self.port, "serve did not say where it listens"
        tok = self.db + ".token"
        self.token = open(tok).read().strip() if os.path.exists(tok) else os.environ.get("SAMESTORY_TOKEN")

    def stderr(self):
        return open(self.log, encoding="utf-8", errors="replace").read()

    def request(self, method, path, body=None, token=True, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if token is True and self.token:
            h["Authorization"] = "Bearer " + self.token
        elif isinstance(token, str):
            h["Authorization"] = "Bearer " + token
        if isinstance(body, (list, dict)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        ctype = r.getheader("Content-Type", "")
        if ctype.startswith("application/json"):
            try:
                return r.status, json.loads(data), r
            except json.JSONDecodeError as e:
                raise AssertionError(f"{method} {path}: answer is not JSON ({e}): {data[:300]!r}")
        return r.status, data, r

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=60)
        self.logf.close()
        err = self.stderr()
        for rep in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "WARNING: ThreadSanitizer",
                    "runtime error:"):
            assert rep not in err, err[-4000:]
        return self.proc.returncode


def listing(ctx, db):
    return partition(ctx.ok("stories", "--db", db, "--quiet").lines)


def test_serve_round_trip_on_samples(ctx):
    db = os.path.join(ctx.tmp, "s.db")
    s = Server(ctx, db)
    try:
        recs = sample_records(ctx.samples)
        jsonl = "\n".join(json.dumps(r) for r in recs) + "\n"
        st, body, _ = s.request("POST", "/v1/articles", jsonl)
        assert st == 200, body
        assert body["accepted"] == len(recs) and body["rejected"] == 0, body
        by_id = {r["id"]: r for r in body["results"]}
        assert [r["index"] for r in body["results"]] == list(range(len(recs)))
        flood = by_id["01-meridian-wire-flood.txt"]["story"]
        for a in ("02-coastal-herald-flood.txt", "05-valley-observer-flood.txt", "06-tagesblatt-flut.txt"):
            assert by_id[a]["story"] == flood, by_id[a]
        assert by_id["05-valley-observer-flood.txt"]["relation"]["type"] == "reuse"
        assert by_id["06-tagesblatt-flut.txt"]["relation"]["type"] == "translation"
        # the same again: nothing changes
        st, again, _ = s.request("POST", "/v1/articles", jsonl)
        assert st == 200 and {r["action"] for r in again["results"]} == {"same"}, again

        st, page, _ = s.request("GET", "/v1/stories?min_size=2")
        assert st == 200 and all(x["size"] >= 2 for x in page["stories"]) and page["stories"], page
        # a date given as the end of a range is all of that day, as `stories --until`
        st, until, _ = s.request("GET", "/v1/stories?until=2025-03-04")
        assert st == 200 and flood in [x["story"] for x in until["stories"]], until
        st, until, _ = s.request("GET", "/v1/stories?since=2025-03-04&until=2025-03-04")
        assert st == 200 and flood in [x["story"] for x in until["stories"]], until
        st, until, _ = s.request("GET", "/v1/stories?until=2025-03-03")
        assert st == 200 and flood not in [x["story"] for x in until["stories"]], until
        st, story, _ = s.request("GET", f"/v1/stories/{flood}")
        assert st == 200 and story["size"] == 8, story
        for k in ("agree", "unique", "quotes", "conflicts", "variants", "relations"):
            assert k in story, k
        assert any(c.get("about") == "residents" for c in story["conflicts"]), story["conflicts"]
        st, art, _ = s.request("GET", "/v1/articles/05-valley-observer-flood.txt")
        assert st == 200 and art["reused"], art
        text = art["text"]
        p = art["reused"][0]
        st, src, _ = s.request("GET", "/v1/articles/" + p["source"])
        a_part = text[p["span"][0]:p["span"][1]]
        b_part = src["text"][p["source_span"][0]:p["source_span"][1]]
        assert len(a_part) > 100 and a_part.split()[:4] == b_part.split()[:4], (a_part, b_part)
        st, found, _ = s.request("GET", "/v1/search?q=Tessel")
        assert st == 200 and len(found["articles"]) >= 4, found
        st, spec, _ = s.request("GET", "/v1/openapi.json")
        assert st == 200 and spec["openapi"].startswith("3.") and "/v1/articles" in spec["paths"]
        # the file says what the server does: every operation answers a wrong
        # method (405, with allow) and a parameter it does not take (400);
        # reads may ask for a token (--read-token)
        for path, ops in spec["paths"].items():
            for method, op in ops.items():
                if method not in ("get", "post", "delete"):
                    continue  # the path's own "parameters"
                assert {"400", "405"} <= set(op["responses"]), (path, method)
                if method == "get" and (path.startswith("/v1/") or path == "/metrics"):
                    assert "401" in op["responses"], (path, method)
            st, ans, r = s.request("PUT", path.replace("{id}", "1"), "{}")
            assert st == 405 and ans["allow"] == r.getheader("Allow"), (path, ans)
        assert "allow" in spec["components"]["schemas"]["Error"]["properties"]
        st, h, _ = s.request("GET", "/healthz")
        assert st == 200 and h == {"ok": True}
        st, metrics, r = s.request("GET", "/metrics")
        m = metrics.decode()
        assert st == 200 and f"samestory_articles {len(recs)}\n" in m, m[:500]
        assert "samestory_http_request_duration_seconds_bucket" in m
        # a request whose client went away before its headers ended is none of
        # ours: not counted (it was, with up to --timeout of "latency")
        def count(text):
            return int(re.search(r"samestory_http_request_duration_seconds_count (\d+)", text).group(1))
        before = count(m)
        half = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        half.sendall(b"GET /healthz HTTP/1.1\r\n")
        half.close()
        time.sleep(0.3)
        assert count(s.request("GET", "/metrics")[1].decode()) == before + 1  # the /metrics request before
        # the re-send counts apart, not as added
        assert f"samestory_articles_added_total {len(recs)}\n" in m, m
        assert f"samestory_articles_resent_total {len(recs)}\n" in m, m
        st, page, r = s.request("GET", "/")
        assert st == 200 and b"/app.js" in page and "script-src 'self'" in r.getheader("Content-Security-Policy")
    finally:
        assert s.stop() == 0
    # the store the server wrote holds the stories `stories --db` makes
    other = os.path.join(ctx.tmp, "cli.db")
    ctx.ok("stories", "--db", other, "--quiet", ctx.samples)
    assert bcubed_f1(listing(ctx, other), listing(ctx, db)) == 1.0


def test_serve_batch_policy_and_bad_requests(ctx):
    db = os.path.join(ctx.tmp, "b.db")
    s = Server(ctx, db, "--max-body", "4096", "--max-records", "5", "--timeout", "2", "--max-doc-bytes", "600")
    try:
        good = {"id": "g1", "title": "Council approves new bridge", "text": "The council approved the bridge."}
        # one bad record among good ones: the good are kept, the bad named by index
        st, body, _ = s.request("POST", "/v1/articles",
                                [good, {"id": "bad", "text": 7}, {"id": "g2", "text": "Another report."}])
        assert st == 200 and body["accepted"] == 2 and body["rejected"] == 1, body
        assert body["results"][1]["index"] == 1 and "error" in body["results"][1], body
        # the message numbers records from 1, as the CLI numbers lines
        assert body["results"][1]["error"].startswith("record:2:"), body
        assert body["results"][0]["id"] == "g1" and body["results"][2]["id"] == "g2"
        # every refused record is named the same way, an oversized one with its id
        st, body, _ = s.request("POST", "/v1/articles", [{"id": "huge", "text": "word " * 200}, 7])
        assert st == 400, body
        errs = [x["error"] for x in body["results"]]
        assert errs[0].startswith("record:1: ") and 'over the limit of 600 for one record (id "huge")' in errs[0], errs
        assert errs[1] == "record:2: not a JSON object", errs
        # a page posted as the body is refused once, saying what to send
        st, body, _ = s.request("POST", "/v1/articles", "\n<!doctype html>\n<html><body><p>x</p></body></html>\n")
        assert st == 400 and '"html"' in body["error"] and "results" not in body, body
        st, _, _ = s.request("GET", "/v1/articles/bad")
        assert st == 404
        cases = [
            ("POST", "/v1/articles", "{not json", True, 400),
            ("POST", "/v1/articles", [1, 2], True, 400),
            ("POST", "/v1/articles", "", True, 400),
            ("POST", "/v1/articles", [good] * 6, True, 413),
            ("POST", "/v1/articles", "x" * 5000, True, 413),
            ("POST", "/v1/articles", [good], False, 401),
            ("POST", "/v1/articles", [good], "wrong-token-0123", 401),
            ("DELETE", "/v1/articles/g1", None, False, 401),
            ("GET", "/v1/nothing", None, True, 404),
            ("GET", "/v1/stories/abc", None, True, 404),
            ("GET", "/v1/stories/01", None, True, 404),    # one name per story: "1"
            ("GET", "/v1/stories/+1", None, True, 404),
            ("GET", "/v1/stories?limit=%205", None, True, 400),  # " 5": digits only
            ("GET", "/v1/stories/99999", None, True, 404),
            ("GET", "/v1/stories?limit=0", None, True, 400),
            ("GET", "/v1/stories?since=yesterday", None, True, 400),
            ("GET", "/v1/search", None, True, 400),
            ("GET", "/v1/search?q=%28unbalanced", None, True, 400),
            ("GET", "/v1/search?q=%20%20", None, True, 400),  # blanks: no word, not an FTS5 error
            # a method the endpoint does not take is 405 before a token is asked for
            ("POST", "/v1/stories", "{}", False, 405),
            ("DELETE", "/v1/search", None, False, 405),
            # endpoints that take no parameters refuse them
            ("GET", "/healthz?x=1", None, True, 400),
            ("GET", "/metrics?x=1", None, True, 400),
            ("PUT", "/v1/articles", "{}", True, 405),
            ("GET", "/v1/articles", None, True, 405),
            ("POST", "/v1/stories", "{}", True, 405),
            ("GET", "/../../etc/passwd", None, True, 404),
            # a misspelled parameter is refused by name, not ignored
            ("GET", "/v1/stories?langg=de", None, True, 400),
            ("GET", "/v1/search?q=bridge&limt=5", None, True, 400),
            ("GET", "/v1/stories/0?verbose=1", None, True, 400),
            # a parameter given twice is refused, not read by its first value
            ("GET", "/v1/stories?lang=de&lang=fr", None, True, 400),
            ("GET", "/v1/search?q=bridge&limit=5&q=ferry", None, True, 400),
            # a malformed percent escape is refused, not read with its "%"
            ("GET", "/v1/articles/g2%zz", None, True, 400),
            ("GET", "/v1/stories?limit=5%", None, True, 400),
            ("GET", "/v1/search?q=bridge%2", None, True, 400),
            ("DELETE", "/v1/articles/g%g1", None, True, 400),
            # a NUL ended the decoded path: this removed the article "g1"
            ("DELETE", "/v1/articles/g1%00zzz", None, True, 400),
            ("GET", "/v1/articles/g1%00", None, True, 400),
        ]
        # a form upload is refused by name, not read as records
        st, ans, _ = s.request("POST", "/v1/articles", "--x\r\nContent-Disposition: form-data\r\n\r\n{}\r\n--x--",
                               headers={"Content-Type": "multipart/form-data; boundary=x"})
        assert st == 415 and ans["status"] == 415 and "--data-binary" in ans["error"], ans
        # what curl --data-binary @FILE sends (README's example): the file's
        # bytes with a form's content type, read as the records they are
        st, ans, _ = s.request("POST", "/v1/articles",
                               '{"id": "form-typed", "text": "The ferry to Kessa Island resumed service on '
                               'Monday after a week of storms, the operator said."}\n',
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert st == 200 and ans["accepted"] == 1, ans
        for method, path, body, tok, want in cases:
            st, ans, r = s.request(method, path, body, token=tok)
            assert st == want, (method, path, st, ans)
            if "?" in path and want == 400 and ("langg" in path or "limt" in path or "verbose" in path):
                assert "unknown parameter" in ans["error"], ans
            if path.count("lang=") == 2 or path.count("q=") == 2:
                assert "given twice" in ans["error"], ans
            if "%00" in path:
                assert "a NUL (%00) in the URL" in ans["error"], ans
            elif want == 400 and ("%z" in path or path.endswith("%") or "%2\"" in path or "%g" in path
                                or path.endswith("%2")):
                assert "malformed percent escape" in ans["error"], ans
            if path.endswith("q=%20%20"):
                assert "needs a word" in ans["error"], ans
            if path.endswith("?x=1"):
                assert "takes none" in ans["error"], ans
            assert isinstance(ans, dict) and ans.get("error"), (method, path, ans)
            assert ans.get("status") == want, (method, path, ans)  # the documented error object
            if want == 405:
                assert r.getheader("Allow"), path
            if want == 401:
                assert r.getheader("WWW-Authenticate") == "Bearer"
                # a wrong token is told apart from none
                assert ("not this server's" in ans["error"]) == isinstance(tok, str), (tok, ans)
        # a slow client: a body that never finishes is dropped after --timeout,
        # and the server answers others meanwhile
        sock = socket.create_connection(("127.0.0.1", s.port))
        sock.sendall(b"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                     b"Authorization: Bearer " + s.token.encode() + b"\r\n\r\n{\"id\":")
        st, _, _ = s.request("GET", "/healthz", timeout=5)
        assert st == 200
        sock.settimeout(10)
        t0 = time.time()
        try:
            while sock.recv(4096):
                pass
        except (ConnectionResetError, socket.timeout):
            pass
        assert time.time() - t0 < 9, "a stalled body was not dropped"
        sock.close()
        st, art, _ = s.request("GET", "/v1/articles/g2")
        assert st == 200 and art["id"] == "g2"
        st, art, _ = s.request("GET", "/v1/articles/%67%32")  # well-formed escapes are read: "g2"
        assert st == 200 and art["id"] == "g2", art
        st, art, _ = s.request("GET", "/v1/articles/g1")  # not removed by the DELETE with a NUL
        assert st == 200 and art["id"] == "g1", art
        # a bad escape is answered as other errors are, keeping the connection
        keep = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        keep.request("GET", "/v1/articles/a%zz")
        r1 = keep.getresponse()
        assert r1.status == 400 and "malformed percent escape" in json.loads(r1.read())["error"]
        keep.request("GET", "/healthz")
        r2 = keep.getresponse()
        assert r2.status == 200 and json.loads(r2.read()) == {"ok": True}
        keep.close()
        # an id twice in one body: the later record is refused, the first kept
        first = {"id": "d1", "text": "The harbour authority opened a new ferry berth on Tuesday, officials said."}
        st, ans, _ = s.request("POST", "/v1/articles", [first, {"id": "d1", "text": "duplicate id"}])
        assert st == 200 and ans["accepted"] == 1 and ans["rejected"] == 1, ans
        assert ans["results"][0]["action"] == "new", ans
        err = ans["results"][1]["error"]
        assert err.startswith("record:2:") and "duplicate id" in err and "record 1" in err, ans
        st, art, _ = s.request("GET", "/v1/articles/d1")
        assert st == 200 and "ferry berth" in art["text"], art
        # a gzip body is decoded; an unknown coding is refused by name; a
        # damaged one is a bad request
        gz = gzip.compress(json.dumps({"id": "z1", "text": "The museum reopened its north wing on Friday after "
                                                           "a year of repairs, the director said."}).encode())
        st, ans, _ = s.request("POST", "/v1/articles", gz, headers={"Content-Encoding": "gzip"})
        assert st == 200 and ans["accepted"] == 1 and ans["results"][0]["id"] == "z1", ans
        st, ans, _ = s.request("POST", "/v1/articles", gz, headers={"Content-Encoding": "zstd"})
        assert st == 415 and "zstd" in ans["error"], ans
        st, ans, _ = s.request("POST", "/v1/articles", gz[:20], headers={"Content-Encoding": "gzip"})
        assert st == 400 and ans["status"] == 400, ans
        # a small bomb: over --max-body once decoded
        bomb = gzip.compress(b" " * 100000)
        st, ans, _ = s.request("POST", "/v1/articles", bomb, headers={"Content-Encoding": "gzip"})
        assert st == 413 and "decoded" in ans["error"], ans
    finally:
        assert s.stop() == 0


def test_serve_hostile_content_stays_json(ctx):
    db = os.path.join(ctx.tmp, "h.db")
    s = Server(ctx, db)
    try:
        nasty = ['</script><script>alert(1)</script>', '"\\\u2028\u2029\u0000\u001b[31m', "<!--", "\ud800"[:0] + "x" * 100000]
        recs = [{"id": f"h{i}\"<'>", "title": n, "text": n + " The harbour reopened after repairs, officials said.",
                 "url": "javascript:alert(1)", "source": n[:40]} for i, n in enumerate(nasty)]
        body = "\n".join(json.dumps(r) for r in recs)
        body += ('\n{"id": "surrogate", "text": "A lone \\ud800 half and \\udc00 too stand in this sentence about '
                 'the harbour that reopened on Monday after repairs."}\n')
        st, ans, _ = s.request("POST", "/v1/articles", body)
        assert st == 200 and ans["accepted"] == len(recs) + 1, ans
        for r in recs:
            st, art, _ = s.request("GET", "/v1/articles/" + urlquote(r["id"]))
            assert st == 200 and art["id"] == r["id"] and art["url"] == r["url"], art
        st, art, _ = s.request("GET", "/v1/articles/surrogate")
        assert st == 200 and "\ufffd" in art["text"], art
        st, page, _ = s.request("GET", "/v1/stories?limit=100")
        assert st == 200 and len(page["stories"]) >= 1
        # paging one story at a time: every page is JSON, the cursor is a
        # string that gives the next page, and the pages are the whole list
        seen, after = [], None
        while True:
            path = "/v1/stories?limit=1" + ("&after=" + urlquote(after) if after else "")
            st, one, _ = s.request("GET", path)
            assert st == 200 and len(one["stories"]) <= 1, one
            seen += [x["story"] for x in one["stories"]]
            after = one["next"]
            if after is None:
                break
            assert isinstance(after, str) and '"' not in after, after
        assert seen == [x["story"] for x in page["stories"]], (seen, page)
    finally:
        assert s.stop() == 0


def urlquote(s):
    from urllib.parse import quote
    return quote(s, safe="")


def test_serve_refuses_a_port_out_of_range(ctx):
    for bad in ("127.0.0.1:99999", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80x", "127.0.0.1:"):
        r = ctx.run("serve", "--db", os.path.join(ctx.tmp, "p.db"), "--listen", bad)
        assert r.rc == 2 and "--listen" in r.err and bad in r.err, (bad, r.rc, r.err)


def test_serve_bad_store_leaves_nothing_and_quiet_is_quiet(ctx):
    """A --db that is no store (a text file) fails naming it and creates
    nothing beside it (no token file); -q prints no notes (where it
    listens, stopping), only errors."""
    bad = os.path.join(ctx.tmp, "notastore")
    with open(bad, "w") as f:
        f.write("this is a text file, not a samestory store\n" * 100)
    before = sorted(os.listdir(ctx.tmp))
    p = subprocess.run([ctx.bin, "serve", "--db", bad, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert p.returncode != 0 and b"notastore" in p.stderr, p.stderr
    assert sorted(os.listdir(ctx.tmp)) == before, set(os.listdir(ctx.tmp)) - set(before)
    # quiet: a known port, found by asking it
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    db = os.path.join(ctx.tmp, "q.db")
    log = open(db + ".log", "wb")
    proc = subprocess.Popen([ctx.bin, "serve", "-q", "--db", db, "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=log)
    try:
        t0 = time.time()
        up = False
        while time.time() - t0 < 60 and not up:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/healthz")
                up = c.getresponse().status == 200
                c.close()
            except OSError:
                time.sleep(0.05)
        assert up, "serve -q did not answer"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        log.close()
    assert open(db + ".log", encoding="utf-8").read() == "", open(db + ".log").read()


def test_serve_tokens(ctx):
    db = os.path.join(ctx.tmp, "t.db")
    s = Server(ctx, db, "--read-token")
    try:
        mode = stat.S_IMODE(os.stat(db + ".token").st_mode)
        assert mode == 0o600, oct(mode)
        assert "token" in s.stderr() and db + ".token" in s.stderr()
        st, _, _ = s.request("GET", "/v1/stories", token=False)
        assert st == 401
        st, _, _ = s.request("GET", "/v1/stories")
        assert st == 200
        # /metrics is a read too; the page and the API description hold no data
        assert s.request("GET", "/metrics", token=False)[0] == 401
        # a method /metrics does not take is told before the token is asked for
        assert s.request("POST", "/metrics", "{}", token=False)[0] == 405
        assert s.request("GET", "/metrics")[0] == 200
        assert s.request("GET", "/v1/openapi.json", token=False)[0] == 200
    finally:
        assert s.stop() == 0
    # a token from the environment; the file is not made
    db2 = os.path.join(ctx.tmp, "t2.db")
    env = dict(os.environ, SAMESTORY_TOKEN="env-token-123456")
    s = Server(ctx, db2, env=env)
    try:
        assert not os.path.exists(db2 + ".token")
        st, _, _ = s.request("POST", "/v1/articles", {"id": "a", "text": "x y z"}, token="env-token-123456")
        assert st == 200
        st, _, _ = s.request("POST", "/v1/articles", {"id": "b", "text": "x y z"}, token="env-token-12345")
        assert st == 401
        # a CLI writer meanwhile is told a server holds the store, and where
        r = ctx.run("stories", "--db", db2, ctx.jsonl("more.jsonl", [{"id": "c", "text": "x y z"}]))
        assert r.rc == 1 and "a samestory server at http://127.0.0.1:%d/" % s.port in r.err, r.err
        assert "POST /v1/articles" in r.err and "--wait" not in r.err, r.err
    finally:
        assert s.stop() == 0
    r = ctx.run("serve", "--db", os.path.join(ctx.tmp, "x.db"), "--listen", "nowhere")
    assert r.rc == 2 and "--listen" in r.err
    r = ctx.run("serve", "--db", os.path.join(ctx.tmp, "x.db"), "--max-records", "0")
    assert r.rc == 2 and "--max-records" in r.err


def test_serve_events_announce_changes(ctx):
    db = os.path.join(ctx.tmp, "e.db")
    s = Server(ctx, db)
    try:
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        c.request("GET", "/v1/events")
        r = c.getresponse()
        assert r.status == 200 and r.getheader("Content-Type").startswith("text/event-stream")
        st, ans, _ = s.request("POST", "/v1/articles",
                               {"id": "ev1", "title": "Ferry service resumes",
                                "text": "The ferry between the islands resumed service today after the storm, "
                                        "the operator said on Monday morning."})
        assert st == 200
        story = ans["results"][0]["story"]
        got = None
        buf = b""
        t0 = time.time()
        while got is None and time.time() - t0 < 20:
            buf += r.fp.readline()
            for block in buf.split(b"\n\n")[:-1]:
                lines = block.decode().splitlines()
                if "event: story" in lines:
                    data = json.loads([l for l in lines if l.startswith("data: ")][0][6:])
                    if data["story"] == story:
                        got = data
        assert got and got["change"] == "new" and got["title"] == "Ferry service resumes", got
        # an open stream is counted as such, and its minutes are no request's latency
        m = s.request("GET", "/metrics")[1].decode()
        assert "samestory_event_streams 1\n" in m, m
        # taking the story's one article down announces it removed, with the
        # title it had and size 0
        assert s.request("DELETE", "/v1/articles/ev1")[0] == 200
        gone = None
        t0 = time.time()
        while gone is None and time.time() - t0 < 20:
            buf += r.fp.readline()
            for block in buf.split(b"\n\n")[:-1]:
                lines = block.decode().splitlines()
                data = [json.loads(l[6:]) for l in lines if l.startswith("data: ")]
                if data and data[0].get("story") == story and data[0].get("change") == "removed":
                    gone = data[0]
        assert gone and gone["title"] == "Ferry service resumes" and gone["size"] == 0, gone
        c.close()
    finally:
        assert s.stop() == 0


def read_event(r, timeout=20):
    """The next event block of an open /v1/events answer: (id, data)."""
    buf = b""
    t0 = time.time()
    while time.time() - t0 < timeout:
        line = r.fp.readline()
        if not line:
            break
        buf += line
        if buf.endswith(b"\n\n"):
            lines = buf.decode().splitlines()
            buf = b""
            if "event: story" in lines:
                eid = int([l for l in lines if l.startswith("id: ")][0][4:])
                return eid, json.loads([l for l in lines if l.startswith("data: ")][0][6:])
    raise AssertionError("no event")


def test_serve_restart_events_and_early_answers(ctx):
    """Event ids go on growing across a restart (they started at 1 again,
    and a client reconnecting with its Last-Event-ID got nothing); the
    event stream carries the security headers of every answer; an empty
    or NUL-cut query value is refused; a declared body over --max-body is
    refused before it is sent (no "100 Continue"); a port in use or a short
    SAMESTORY_TOKEN leave no store, token or lock file behind."""
    db = os.path.join(ctx.tmp, "r.db")
    rec = {"id": "rs1", "title": "Ferry service resumes",
           "text": "The ferry between the islands resumed service today after the storm, the operator said."}
    s = Server(ctx, db, "--max-body", "5000")
    try:
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        c.request("GET", "/v1/events")
        r = c.getresponse()
        for h in ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options"):
            assert r.getheader(h), (h, r.getheaders())
        assert s.request("POST", "/v1/articles", rec)[0] == 200
        first, _ = read_event(r)
        c.close()
        for q in ("/v1/stories?q=", "/v1/search?q=a%00b", "/v1/stories?limit=5%00", "/v1/openapi.json?x=1"):
            st, ans, _ = s.request("GET", q)
            assert st == 400 and "error" in ans, (q, st, ans)
        # a declared body over --max-body: 413 at once, before any byte of it
        raw = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        raw.sendall(("POST /v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                     "Content-Length: 99999999\r\nExpect: 100-continue\r\n\r\n" % s.token).encode())
        head = raw.recv(4096).decode(errors="replace")
        raw.close()
        assert head.startswith("HTTP/1.1 413"), head[:200]
    finally:
        assert s.stop() == 0
    s = Server(ctx, db, "--max-body", "5000")
    try:
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        c.request("GET", "/v1/events", headers={"Last-Event-ID": str(first)})
        r = c.getresponse()
        assert s.request("POST", "/v1/articles", dict(rec, id="rs2", title="Ferry back on schedule"))[0] == 200
        later, data = read_event(r)
        assert later > first and data["change"] in ("new", "updated"), (first, later, data)
        c.close()
        # a dated copy's relation names its source, the earlier copy
        st, ans, _ = s.request("POST", "/v1/articles", [
            dict(rec, id="cp1", date="2025-06-01", title="Bridge at Tallow reopens",
                 text="The bridge at Tallow reopened to traffic on Sunday after repairs that took "
                      "two months, the county council said in a statement on its website."),
            dict(rec, id="cp2", date="2025-06-03", title="Bridge at Tallow reopens",
                 text="TALLOW - The bridge at Tallow reopened to traffic on Sunday after repairs that "
                      "took two months, the county council said in a statement on its website.")])
        assert st == 200, ans
        rel = ans["results"][1]["relation"]
        assert rel["type"] == "duplicate" and rel["b"] == "cp1" and rel["source"] == "cp1", rel
        # a port in use (this server's), and a token too short: nothing made
        before = sorted(os.listdir(ctx.tmp))
        r2 = ctx.run("serve", "--db", os.path.join(ctx.tmp, "busy.db"), "--listen", f"127.0.0.1:{s.port}")
        assert r2.rc == 1 and "cannot listen" in r2.err and str(s.port) in r2.err, r2.err
        env = dict(os.environ, SAMESTORY_TOKEN="short")
        p = subprocess.run([ctx.bin, "serve", "--db", os.path.join(ctx.tmp, "short.db"), "--listen",
                            "127.0.0.1:0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        assert p.returncode == 1 and b"SAMESTORY_TOKEN" in p.stderr, p.stderr
        assert sorted(os.listdir(ctx.tmp)) == before, set(os.listdir(ctx.tmp)) - set(before)
    finally:
        assert s.stop() == 0


def test_serve_sigterm_finishes_and_checkpoints(ctx):
    db = os.path.join(ctx.tmp, "q.db")
    s = Server(ctx, db)
    recs = [{"id": f"q{i}", "title": f"Report {i}", "text": f"Item {i} of the day. " * 20} for i in range(300)]
    result = {}

    def poster():
        try:
            result["st"] = s.request("POST", "/v1/articles", recs)[0]
        except Exception as e:  # noqa: BLE001 -- reported below
            result["st"] = repr(e)

    t = threading.Thread(target=poster)
    t.start()
    time.sleep(0.2)
    rc = s.stop(signal.SIGTERM)
    t.join()
    assert rc == 0, s.stderr()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    # the batch in flight was answered: 2xx and all there, or 503 (it came
    # after the signal) and none of it
    assert result["st"] in (200, 503), result
    assert n == (len(recs) if result["st"] == 200 else 0), (result, n)
    assert not os.path.exists(db + "-wal") or os.path.getsize(db + "-wal") == 0, "log not checkpointed"
    # after reads too: the readers' connections close before the writer's,
    # which then checkpoints (before, an open reader kept the log)
    s = Server(ctx, db)
    assert s.request("POST", "/v1/articles", [{"id": "late", "text": "A late note about the day."}])[0] == 200
    assert s.request("GET", "/v1/stories")[0] == 200
    assert s.request("GET", "/v1/articles/late")[0] == 200
    assert s.stop(signal.SIGTERM) == 0
    assert not os.path.exists(db + "-wal") or os.path.getsize(db + "-wal") == 0, "log not checkpointed"


def generated_stream(n, seed):
    """n short articles: events of 5 reports each, with their own names and numbers."""
    rnd = random.Random(seed)
    places = ["Arlen", "Brisk", "Corvo", "Dunmore", "Elsby", "Farrow", "Galt", "Hollin", "Ivel", "Jarrow"]
    things = ["bridge", "school", "harbour", "library", "station", "hospital", "stadium", "museum"]
    recs = []
    events = n // 5
    for e in range(events):
        place = f"{rnd.choice(places)}{e}"
        thing = rnd.choice(things)
        num = rnd.randint(100, 9999)
        # about ten events a day, in date order, over most of a year
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=e * 300 // events)
        for k in range(5):
            recs.append({"id": f"e{e}-r{k}", "date": day.isoformat(),
                         "source": f"Outlet {k}",
                         "title": f"{place} {thing} plan gets {num} votes",
                         "text": f"Councillors in {place} approved the {thing} plan with {num} votes on Tuesday, "
                                 f"report {k} said. Mayor {place}son called the vote for the {thing} historic. "
                                 f"Work on the {place} {thing} starts next spring, officials in {place} said."})
    return recs


def test_serve_kill9_keeps_every_acknowledged_article(ctx):
    # 10,000 articles on the normal build; 2,000 under the sanitizers, which
    # run the same code paths 5-20 times slower
    sanitized = any(b in ctx.bin for b in ("build-san", "build-tsan"))
    n = 2000 if sanitized else 10000
    recs = generated_stream(n, 7)
    batches = [recs[i:i + 50] for i in range(0, len(recs), 50)]
    rnd = random.Random(13)
    kill_at = set(rnd.sample(range(1, len(batches) - 1), 12))
    db = os.path.join(ctx.tmp, "k.db")
    s = Server(ctx, db, "--threads", "2")
    acked = set()
    kills = 0
    try:
        for i, b in enumerate(batches):
            while True:
                killer = None
                if i in kill_at:
                    kill_at.discard(i)
                    delay = rnd.uniform(0.0, 0.08)
                    killer = threading.Timer(delay, lambda p=s.proc: p.kill())
                    killer.start()
                try:
                    st, ans, _ = s.request("POST", "/v1/articles", b, timeout=60)
                except (ConnectionError, http.client.HTTPException, OSError):
                    st = None
                if killer:
                    killer.join()
                    s.proc.wait(timeout=30)
                    kills += 1
                    if st == 200:
                        acked.update(r["id"] for r in b)
                    s.logf.close()
                    s.start()
                    continue  # send it again: same ids, same content
                assert st == 200, (st, ans)
                assert ans["accepted"] == len(b)
                acked.update(r["id"] for r in b)
                break
    finally:
        s.stop()
    assert kills >= 10, kills
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in con.execute("SELECT id FROM articles")]
    con.close()
    assert len(ids) == len(set(ids)), "an article stored twice"
    assert acked <= set(ids), sorted(acked - set(ids))[:5]
    assert set(ids) == {r["id"] for r in recs}
    # the stories equal those of one clean ingest of the same articles
    src = os.path.join(ctx.tmp, "all.jsonl")
    with open(src, "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    clean = os.path.join(ctx.tmp, "clean.db")
    ctx.ok("stories", "--db", clean, "--quiet", src)
    f1 = bcubed_f1(listing(ctx, clean), listing(ctx, db))
    assert f1 >= 0.98, f1


def test_serve_page_in_browser(ctx):
    node = shutil.which("node")
    mods = os.path.join(ROOT, "tests", "browser", "node_modules", "puppeteer-core")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not node or not os.path.isdir(mods) or not chromium:
        raise Skip("node, puppeteer-core (tests/browser, npm ci by setup.sh) or chromium missing")
    out = os.path.join(ROOT, "build", "browser-artifacts")
    p = subprocess.run([node, os.path.join(ROOT, "tests", "browser", "serve_page.js"), ctx.bin, ctx.samples, out],
                       capture_output=True, timeout=300, env=dict(os.environ, CHROMIUM=chromium))
    log = p.stdout.decode() + p.stderr.decode()
    assert p.returncode == 0, log[-4000:]
    assert log.count("ok: ") >= 18, log
    shots = [f for f in os.listdir(out) if f.endswith(".png")]
    assert len(shots) >= 6, shots
