"""Hostile inputs (issue 19): names that collide, pipes, link loops, odd
encodings, unknown endings, damaged compression.  Each test failed before
the fix it guards."""
import gzip
import json
import os
import re
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


def test_markdown_notes_in_folders_are_skipped_quietly(ctx):
    # a README.md or EXPECTED.md beside the data is no input and no warning;
    # a file of another unknown type still warns
    ctx.write("n/one.txt", "One title\n\nOne body.\n")
    ctx.write("n/README.md", "# What these files are\n")
    ctx.write("n/notes.csv", "a,b\n")
    r = ctx.ok("clean", os.path.join(ctx.tmp, "n"))
    assert [o["id"] for o in r.lines] == ["one.txt"]
    assert "README.md" not in r.err and "notes.csv: skipped" in r.err, r.err


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


def test_byte_order_marks_stay_out_of_output(ctx):
    # a BOM is how a file is written, not text: a .txt file's title did
    # not start with U+FEFF, and `dedup --filter` gave it back as bytes
    # before each JSON line (no JSON parser reads those)
    txt = ctx.write("bom.txt", b"\xef\xbb\xbfCourt jails banker\r\n\r\nThe regional court sentenced "
                    b"a former bank manager to four years in prison on Thursday.\r\n")
    r = ctx.ok("clean", txt)
    assert r.lines[0]["title"] == "Court jails banker", r.lines[0]
    assert "\ufeff" not in r.lines[0]["text"]
    recs = ctx.write("boms.jsonl", b'\xef\xbb\xbf{"id":"x1","text":"Alpha bravo charlie delta echo foxtrot."}\n'
                     b'\xef\xbb\xbf{"id":"x2","text":"Ships sail across the northern sea in winter storms."}\r\n')
    r = ctx.ok("dedup", "--filter", recs)
    assert b"\xef\xbb\xbf" not in r.out.encode()
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ["x1", "x2"]


def test_clean_writes_each_member_once(ctx):
    # an input field named as one of clean's own members was passed through
    # after it: the line held the key twice and readers took the input's
    path = ctx.jsonl("own.jsonl", [{"id": "k1", "text": "The city library extended its opening "
                                    "hours on weekends after a survey showed strong demand.",
                                    "removed": "yes", "title_source": "mine", "body": True,
                                    "warning": "w", "blocks": 5, "desk": "metro"}])
    r = ctx.ok("clean", path)
    line = r.out.splitlines()[0]
    pairs = json.loads(line, object_pairs_hook=lambda kv: kv)
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), line
    got = dict(pairs)
    assert got["removed"] == 0 and got["title_source"] == "none", got
    assert got["desk"] == "metro" and "blocks" not in got and "body" not in got, got


def test_pairs_refuses_a_repeated_pair_id(ctx):
    # two lines of one pair id gave two output lines of that id, silently
    a = {"id": "a", "text": "The harbour council approved a new tram line on Tuesday."}
    b = {"id": "b", "text": "Councillors voted for a tram line to the port this week."}
    path = ctx.jsonl("pairs.jsonl", [{"id": "p1", "a": a, "b": b}, {"id": "p2", "a": b, "b": a},
                                     {"id": "p1", "a": a, "b": a}])
    r = ctx.run("pairs", path)
    assert r.rc == 1 and 'pairs.jsonl:3: duplicate pair id "p1"' in r.err, r.err
    r = ctx.ok("pairs", "--skip-bad", path)
    assert [o["id"] for o in r.lines] == ["p1", "p2"], r.out
    assert "skipped" in r.err and ":3:" in r.err, r.err


def test_bogus_comments_are_no_text(ctx):
    # HTML5 reads "<![CDATA[...]]>", "<![if ...]>" and "<?...?>" as comments
    # (up to the first '>'); libxml2 gave a CDATA section to the text
    page = ("<html><body><article><h1>Harbour tram</h1><p>The council approved the tram line "
            "after a long debate on Tuesday evening, and building starts in spring."
            "<![CDATA[ hidden cdata ]]></p><?php echo 'x'; ?><![if !IE]><p>Another paragraph "
            "of the article tells about the cost of the line and its stops near the port."
            "</p><![endif]></article></body></html>")
    r = ctx.ok("clean", ctx.write("cd.html", page))
    text = r.lines[0]["text"]
    assert "spring." in text and "near the port." in text, text
    for junk in ("CDATA", "hidden", "php", "if !IE", "endif", "<!", "<?"):
        assert junk not in text, text
    # a "<?" or "<![" inside an attribute value swallows nothing
    page = ('<html><body><article><p>The council approved the tram line after a long debate on '
            'Tuesday evening.<img alt="a<?b<![c" src="x.jpg"> More words here about the tram and the '
            'port of the city.</p><p>Another paragraph tells about the cost of the line.</p>'
            '</article></body></html>')
    text = ctx.ok("clean", ctx.write("attr.html", page)).lines[0]["text"]
    assert "More words here" in text and "cost of the line" in text, text


def test_an_empty_folder_is_told(ctx):
    # an empty folder named as input printed nothing and said nothing
    empty = os.path.join(ctx.tmp, "nothing_here")
    os.makedirs(empty)
    r = ctx.run("clean", empty)
    assert r.rc == 0 and r.out == "", r.out
    assert f"{empty}: no .txt, .html, .jsonl or .warc files" in r.err, r.err
    # a folder whose files are in subfolders is not empty
    ctx.write(os.path.join("nothing_here", "sub", "a.txt"), "A title\n\nSome words of a body.\n")
    r = ctx.run("clean", empty)
    assert r.rc == 0 and "no .txt" not in r.err, r.err


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


# brotli of a small page (made with libbrotlienc; Python has no encoder here)
BROTLI_PAGE = bytes.fromhex(
    "1b8b0000c4da39add72e86e5fb62dabcffa4e885854e0e5c1eb592ac2c2c9130c30030709395a43b043b82"
    "9404e5ec379a7dcaf1370776ed1612b609db4c9bf3c66cc8085941e3b768be5cba295c1a8496016a82a590"
    "8f3b3beef3f3e3cba4a0727202")


def warc_response(rid, body, encoding=None):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if encoding:
        head += b"Content-Encoding: " + encoding.encode() + b"\r\n"
    http = head + b"\r\n" + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:" + rid.encode() + b">\r\n"
            b"WARC-Target-URI: http://example.com/" + rid.encode() + b"\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")


def page(title):
    return (f"<html><head><title>{title}</title></head><body><p>The article called {title} "
            f"has a body long enough to be an article.</p></body></html>").encode()


def test_warc_content_encoding_and_damaged_members(ctx):
    # point 7: Content-Encoding was ignored (empty text); a damaged member
    # of a .warc.gz lost every record after it
    recs = [warc_response("one", page("Plain page")),
            warc_response("two", gzip.compress(page("Gzip page")), "gzip"),
            warc_response("three", __import__("zlib").compress(page("Deflate page")), "deflate"),
            warc_response("four", BROTLI_PAGE, "br"),
            warc_response("five", page("Damaged page")),
            warc_response("six", page("After the damage"))]
    members = [gzip.compress(r) for r in recs]
    bad = bytearray(members[4])
    for k in range(4):
        bad[len(bad) // 2 + k] ^= 0xFF
    members[4] = bytes(bad)
    path = ctx.write("crawl.warc.gz", b"".join(members))
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0, r.err
    got = {o["id"]: o for o in r.lines}
    assert set(got) == {"urn:one", "urn:two", "urn:three", "urn:four", "urn:six"}, (set(got), r.err)
    assert got["urn:two"]["title"] == "Gzip page"
    assert got["urn:three"]["title"] == "Deflate page"
    assert got["urn:four"]["title"] == "Brotli page"
    assert "decoded by samestory" in got["urn:four"]["text"]
    start = sum(len(m) for m in members[:4])
    assert f"corrupt gzip member at compressed bytes {start}-{start + len(members[4])}" in r.err, r.err
    # a damaged coded body is a bad record naming the place; the next record is read
    recs2 = [warc_response("bad", b"\x1f\x8b\x08\x00not gzip at all", "gzip"),
             warc_response("ok", page("Fine"))]
    path = ctx.write("coded.warc", b"".join(recs2))
    r = ctx.run("clean", "--skip-bad", path)
    assert [o["id"] for o in r.lines] == ["urn:ok"], r.err
    assert "coded.warc: byte 0: WARC record urn:bad (Content-Encoding gzip)" in r.err, r.err
    # a Content-Length past the end of a plain file: the records it swallowed
    # are read again (the file is read anew after its headers; from a pipe or
    # a compressed file there is no way back: they stay lost)
    first = warc_response("a1", page("Before the damage"))
    long = re.sub(rb"Content-Length: \d+", b"Content-Length: 99999999", warc_response("a2", page("Damaged")), count=1)
    plain = first + long + warc_response("a3", page("After one")) + warc_response("a4", page("After two"))
    path = ctx.write("long.warc", plain)
    r = ctx.run("clean", "--skip-bad", path)
    assert [o["id"] for o in r.lines] == ["urn:a1", "urn:a3", "urn:a4"], r.err
    assert f"long.warc: byte {len(first)}: truncated WARC record (99999999 bytes announced, the file ends " \
           "first): reading goes on" in r.err, r.err
    # in a .warc.gz a record's offset is of the decompressed data, and says so
    broken = warc_response("cl", page("Bad length")).replace(b"Content-Length: ", b"Content-Length: x", 1)
    one = warc_response("first", page("First page"))
    path = ctx.write("len.warc.gz", gzip.compress(one) + gzip.compress(broken) +
                     gzip.compress(warc_response("last", page("Last page"))))
    r = ctx.run("clean", "--skip-bad", path)
    assert [o["id"] for o in r.lines] == ["urn:first", "urn:last"], r.err
    assert f"len.warc.gz: byte {len(one)}: bad Content-Length" in r.err, r.err
    assert "the offset is in the decompressed data" in r.err, r.err


def test_warc_overflowing_length_and_resync(ctx):
    # point 7: a 20-digit Content-Length was "truncated (18446744073709551615 bytes
    # announced)" and nothing after it was read
    bad = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:big>\r\n"
           b"Content-Type: text/html\r\nContent-Length: 99999999999999999999\r\n\r\n<html>x</html>\r\n\r\n")
    path = ctx.write("over.warc", bad + warc_response("after", page("After overflow")))
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0, r.err
    assert [o["id"] for o in r.lines] == ["urn:after"], r.err
    assert 'Content-Length "99999999999999999999" overflows' in r.err, r.err
    assert "18446744073709551615" not in r.err


def test_damaged_gzip_member_is_never_decoded(ctx):
    # point 6: 4 flipped bytes decoded to garbage records that reached the
    # output, and the CRC error came at the end
    members, lines = [], []
    for m in range(6):
        chunk = [json.dumps({"id": f"m{m}r{i}", "text": f"Record {i} of member {m}, {i * 7919 % 1000}."})
                 for i in range(500)]
        lines.append(chunk)
        members.append(gzip.compress(("\n".join(chunk) + "\n").encode()))
    bad = bytearray(members[3])
    mid = len(bad) // 2
    for k in range(4):
        bad[mid + k] ^= 0xFF
    members[3] = bytes(bad)
    path = ctx.write("multi.jsonl.gz", b"".join(members))
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0, r.err
    ids = [o["id"] for o in r.lines]
    want = [f"m{m}r{i}" for m in (0, 1, 2, 4, 5) for i in range(500)]
    assert ids == want, (len(ids), r.err[-500:])
    start = sum(len(x) for x in members[:3])
    assert (f"corrupt gzip member at compressed bytes {start}-{start + len(members[3])}"
            in r.err), r.err
    assert "none of its data was used" in r.err
    assert r.err.count("skipped:") == 1, r.err          # one error, no garbage records
    # from a redirected file on standard input the members are checked too
    p = subprocess.run([ctx.bin, "clean", "--skip-bad", "-"], stdin=open(path, "rb"),
                       capture_output=True, timeout=60)
    assert [json.loads(l)["id"] for l in p.stdout.splitlines()] == want, p.stderr[-500:]
    # through a pipe a member cannot be read twice: it is held back until its
    # CRC is checked, so none of the damaged member goes out; the pipe ends there
    r = ctx.run("clean", "--skip-bad", "-", stdin=open(path, "rb").read())
    assert [o["id"] for o in r.lines] == want[:1500], (len(r.lines), r.err)
    assert "corrupt gzip data" in r.err and "none of this member's data was used" in r.err, r.err
    # without --skip-bad the run stops at the damage, with everything before it
    r = ctx.run("clean", path)
    assert r.rc == 1 and len(r.lines) == 1500 and "corrupt gzip member" in r.err, r.err
    # the same with a small first member, within the reader's first look at
    # the file (64 KiB): its records were lost, while the message said they
    # were written (a user's trial, 2026-12-08); so were a WARC file's
    small = [gzip.compress("".join(json.dumps({"id": f"s{m}-{i}", "text": f"Ferry note {i} of {m}."}) + "\n"
                                   for i in range(100)).encode()) for m in range(3)]
    hurt = bytearray(small[1])
    hurt[30:33] = b"\xff\xff\xff"
    path = ctx.write("small.jsonl.gz", small[0] + bytes(hurt) + small[2])
    r = ctx.run("clean", path)
    assert r.rc == 1 and [o["id"] for o in r.lines] == [f"s0-{i}" for i in range(100)], (len(r.lines), r.err)
    assert "the run stopped at this bad record" in r.err and "corrupt gzip member" in r.err, r.err
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0 and len(r.lines) == 200 and r.lines[-1]["id"] == "s2-99", (len(r.lines), r.err)
    # a single-member file: nothing decoded from it reaches the output
    one = bytearray(gzip.compress(("\n".join(sum(lines, [])) + "\n").encode()))
    for k in range(4):
        one[len(one) // 2 + k] ^= 0xFF
    path = ctx.write("single.jsonl.gz", bytes(one))
    r = ctx.run("clean", "--skip-bad", path)
    assert r.rc == 0 and r.lines == [] and "corrupt gzip member at compressed bytes 0-" in r.err, r.err
    # members larger than the 512 KiB held back (checked by a pass of their
    # own, then read again): whole when sound, nothing when damaged
    big = [json.dumps({"id": f"b{m}r{i}", "text": f"Big {i} of {m}: {i * 7919 % 100003} " + "x" * 60})
           for m in range(3) for i in range(9000)]
    parts = [gzip.compress(("\n".join(big[m * 9000:(m + 1) * 9000]) + "\n").encode()) for m in range(3)]
    assert len(("\n".join(big[:9000])).encode()) > 600 * 1024
    path = ctx.write("big.jsonl.gz", b"".join(parts))
    r = ctx.run("clean", path)
    assert r.rc == 0 and [o["id"] for o in r.lines] == [json.loads(x)["id"] for x in big], r.err[-300:]
    bad = bytearray(parts[1])
    for k in range(4):
        bad[len(bad) * 3 // 4 + k] ^= 0xFF
    path = ctx.write("bigbad.jsonl.gz", parts[0] + bytes(bad) + parts[2])
    r = ctx.run("clean", "--skip-bad", path)
    want = [json.loads(x)["id"] for x in big[:9000] + big[18000:]]
    assert r.rc == 0 and [o["id"] for o in r.lines] == want, (len(r.lines), r.err[-300:])
    assert (f"corrupt gzip member at compressed bytes {len(parts[0])}-{len(parts[0]) + len(bad)}"
            in r.err), r.err


RU = ("Вчера в Москве прошло заседание правительства, на котором министры обсудили бюджет "
      "на следующий год. Премьер-министр заявил, что расходы на образование будут увеличены.")
JA = "東京都内で昨夜から激しい雨が降り、一部の地域で道路が冠水しました。気象庁は今後も警戒を続けるよう呼びかけています。"
EN = "Heavy rain fell in Tokyo overnight and several roads were flooded, the weather agency said."


def test_charsets_detected_from_the_bytes(ctx):
    # point 9: cp1251 labelled iso-8859-1 or unlabelled, unlabelled Shift_JIS
    # gave mojibake; UTF-16 without a BOM gave empty text ("binary")
    def html(title, body, meta=""):
        return f"<html><head>{meta}<title>{title}</title></head><body><p>{body}</p></body></html>"
    files = {
        "ru_latin1.html": html("Новости", RU, '<meta charset="iso-8859-1">').encode("cp1251"),
        "ru_none.html": html("Новости", RU).encode("cp1251"),
        "ja_sjis.html": html("東京で大雨", JA).encode("shift_jis"),
        "en_utf16.html": html("Rain in Tokyo", EN).encode("utf-16-le"),
        "ru.txt": ("Новости дня\n\n" + RU + "\n").encode("cp1251"),
        "ja.txt": ("東京で大雨\n\n" + JA + "\n").encode("shift_jis"),
        "en16.txt": ("Rain in Tokyo\n\n" + EN + "\n").encode("utf-16-be"),
    }
    for name, data in files.items():
        ctx.write("c/" + name, data)
    r = ctx.ok("clean", os.path.join(ctx.tmp, "c"))
    got = docs(r)
    for name in ("ru_latin1.html", "ru_none.html", "ru.txt"):
        assert got[name]["lang"] == "ru" and got[name]["text"].startswith("Вчера в Москве"), got[name]
    for name in ("ja_sjis.html", "ja.txt"):
        assert got[name]["lang"] == "ja" and got[name]["text"] == JA, got[name]
    for name in ("en_utf16.html", "en16.txt"):
        assert got[name]["text"] == EN, got[name]
    assert "ru_latin1.html: the page declares iso-8859-1 but its bytes look like windows-1251" in r.err, r.err
    assert "en_utf16.html: no byte order mark, but the bytes are UTF-16LE" in r.err
    # Latin-1 without a label is still windows-1252 (no guess away from it)
    ctx.write("fr.html", html("Élection", "Le président a annoncé hier une réforme très attendue "
                              "des retraites, présentée à l'Assemblée dès la semaine prochaine.").encode("latin-1"))
    r = ctx.ok("clean", os.path.join(ctx.tmp, "fr.html"))
    assert r.lines[0]["title"] == "Élection" and "réforme" in r.lines[0]["text"], r.out
    # the same in a .txt file: decoded when the detector is sure of it (it
    # was left to the UTF-8 repair, every accented letter a U+FFFD), with a
    # warning naming the guess; a few stray bytes in UTF-8 text are not
    ctx.write("de.txt", ("Straßenbahn in München fährt wieder\n\nDie Straßenbahn in München fährt nach "
                         "einer Reparatur wieder normal. Fahrgäste müssen keine Umwege mehr nehmen, "
                         "teilten die Stadtwerke am Dienstag mit. Die Störung hatte drei Tage gedauert.\n"
                         ).encode("latin-1"))
    r = ctx.ok("clean", os.path.join(ctx.tmp, "de.txt"))
    assert r.lines[0]["title"] == "Straßenbahn in München fährt wieder", r.out
    assert "\ufffd" not in r.lines[0]["text"] and "Fahrgäste" in r.lines[0]["text"], r.out
    assert "de.txt: not UTF-8; the bytes look like WINDOWS-1252" in r.err, r.err
    ctx.write("mostly.txt", "Die Straßenbahn in München fährt wieder normal, teilten die Stadtwerke mit. "
              .encode("utf-8") * 3 + b"\xff\n")
    r = ctx.ok("clean", os.path.join(ctx.tmp, "mostly.txt"))
    assert "München" in r.lines[0]["text"] and "WINDOWS-1252" not in r.err, (r.out, r.err)


def test_short_cjk_articles_are_articles(ctx):
    # point 9: a two-sentence Japanese article gave empty text with a
    # "navigation or links only" warning (judged by Latin word counts)
    for name, body in [("ja.html", "<p>東京で大雨が降った。</p><p>道路が冠水した。</p>"),
                       ("zh.html", "<p>北京今天下大雨。</p><p>多条道路积水。</p>")]:
        ctx.write("c/" + name, f"<html><head><title>标题</title></head><body>{body}</body></html>")
    r = ctx.ok("clean", os.path.join(ctx.tmp, "c"))
    got = docs(r)
    assert got["ja.html"]["text"] == "東京で大雨が降った。\n道路が冠水した。", got["ja.html"]
    assert got["zh.html"]["text"] == "北京今天下大雨。\n多条道路积水。", got["zh.html"]
    assert "no article text found" not in r.err, r.err
