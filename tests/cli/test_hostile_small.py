"""The smaller hostile-input findings of issue 19: escaped messages, clean
--filter output, OS reasons, index errors, writes checked, help text."""
import gzip
import json
import os
import subprocess


def test_control_characters_in_messages_are_escaped(ctx):
    evil = "x\u001b]0;pwned\u0007\u001b[2J\u009b\u202e"
    path = ctx.jsonl("evil.jsonl", [{"id": evil, "text": "one"}, {"id": evil, "text": "two"}])
    for cmd in ("clean", "dedup", "stories"):
        r = ctx.run(cmd, path)
        assert r.rc == 1 and "duplicate id" in r.err, (cmd, r.err)
        for raw in ("\u001b", "\u0007", "\u009b", "\u202e"):
            assert raw not in r.err, (cmd, repr(r.err))
        assert "x\\x1b]0;pwned\\x07\\x1b[2J\\u009b\\u202e" in r.err, (cmd, r.err)
    # so is an unknown option (getopt's own message would quote it raw)
    r = ctx.run("clean", "--x\u001b[2J", path)
    assert r.rc == 2 and "\u001b" not in r.err and "--x\\x1b[2J: unknown option" in r.err, r.err
    # a file name is quoted escaped too
    odd = ctx.write("odd\u001bname.jsonl", "{broken\n")
    r = ctx.run("clean", odd)
    assert r.rc == 1 and "\u001b" not in r.err and "odd\\x1bname.jsonl" in r.err, r.err


def test_dedup_filter_output_is_valid_utf8_jsonl(ctx):
    raw = (b'{"id":"a","text":"bad \xff\xfe bytes and more words here"}\r\n'
           b'{"id":"b","text":"nul \x00 inside a text of some words"} \r\n'
           b'{"id":"c","text":"clean line with several words in it"}\n')
    path = ctx.write("f.jsonl", raw)
    r = subprocess.run([ctx.bin, "dedup", "--filter", "-q", path], capture_output=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert b"\r" not in out and b"\x00" not in out
    text = out.decode("utf-8")  # raises on invalid UTF-8
    recs = [json.loads(line) for line in text.splitlines()]
    assert [x["id"] for x in recs] == ["a", "b", "c"]
    assert recs[0]["text"] == "bad \ufffd\ufffd bytes and more words here"
    assert recs[1]["text"] == "nul \ufffd inside a text of some words"
    # a clean line still comes out byte for byte
    assert text.splitlines()[2].encode() == raw.splitlines()[2]


def test_errors_carry_the_os_reason(ctx):
    r = ctx.run("report", ctx.samples, "-o", os.path.join(ctx.tmp, "no", "dir", "r.html"))
    assert r.rc == 1 and "No such file or directory" in r.err, r.err
    r = ctx.run("clean", "--rejects", os.path.join(ctx.tmp, "no", "rej.jsonl"), ctx.samples)
    assert r.rc == 1 and "No such file or directory" in r.err, r.err
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([ctx.bin, "clean", ctx.samples], stdout=full,
                               stderr=subprocess.PIPE, timeout=300)
        assert p.returncode == 1 and b"No space left on device" in p.stderr, p.stderr
        # the report named "Inappropriate ioctl for device": errno of a later call
        r = ctx.run("report", "-o", "/dev/full", ctx.samples)
        assert r.rc == 1 and "No space left on device" in r.err, r.err


def test_index_that_is_a_folder_or_has_a_damaged_header(ctx):
    docs = ctx.jsonl("d.jsonl", [{"id": "a", "text": "some words of a document here"}])
    r = ctx.run("dedup", "--index", ctx.tmp, docs)
    assert r.rc == 1 and "is a folder" in r.err and "magic" not in r.err, r.err
    idx = os.path.join(ctx.tmp, "dedup.idx")
    ctx.ok("dedup", "--index", idx, docs, "-q")
    good = open(idx, "rb").read()
    # the threshold (offset 16) overwritten: quoted before, now refused as damage
    bad = good[:16] + bytes.fromhex("00f0ffffffff bf 65".replace(" ", ""))[:8] + good[24:]
    with open(idx, "wb") as fh:
        fh.write(bad)
    r = ctx.run("dedup", "--index", idx, docs)
    assert r.rc == 1 and "header is damaged" in r.err, r.err
    assert "--threshold" not in r.err and "e+" not in r.err, r.err
    assert open(idx, "rb").read() == bad


def test_help_and_version_into_a_full_disk_fail(ctx):
    if not os.path.exists("/dev/full"):
        from run import Skip
        raise Skip("no /dev/full")
    for args in (["--help"], ["--version"], ["help", "dedup"], ["report", "--help"]):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([ctx.bin, *args], stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert p.returncode == 1 and b"cannot write" in p.stderr, (args, p.returncode, p.stderr)


def test_help_lists_warc_inputs(ctx):
    assert ".warc" in ctx.ok("--help").out
    assert ".warc" in ctx.ok("clean", "--help").out


def test_gzip_blank_lines_keep_line_numbers(ctx):
    # many blank and whitespace-only lines, skipped in bulk: numbers stay right
    body = "\n" * 300000 + " \t\r\n" * 5 + json.dumps({"id": "x", "text": "t"}) + "\n" \
        + "\r\n" * 70000 + json.dumps({"id": "x", "text": "u"}) + "\n" + "  "
    path = os.path.join(ctx.tmp, "blank.jsonl.gz")
    with gzip.open(path, "wt") as fh:
        fh.write(body)
    r = ctx.run("clean", path)
    assert r.rc == 1 and f"{path}:370007: duplicate id" in r.err, r.err
    assert [o["id"] for o in r.lines] == ["x"]


def test_many_copies_are_never_dropped_silently(ctx):
    text = ("The city council of Northbridge voted on Tuesday to approve the new harbour "
            "development plan after a long debate. Opponents said the project would harm "
            "fishing families who have worked the bay for generations, while supporters "
            "pointed to hundreds of new jobs and a modern ferry terminal. ") * 3
    docs = [{"id": f"c{i}", "text": text, "date": "2024-01-01"} for i in range(101)]
    # reuse: 100 copies give every pair; 101 fall over --max-df: said, with the way out
    r = ctx.ok("reuse", ctx.jsonl("c100.jsonl", docs[:100]))
    assert len(r.lines) == 4950 and "--max-df" not in r.err
    r = ctx.ok("reuse", ctx.jsonl("c101.jsonl", docs))
    assert r.lines == []
    assert "101 document(s) are mostly text found in more than --max-df 100" in r.err, r.err
    assert "give --max-df 101" in r.err
    r = ctx.ok("reuse", "--max-df", "101", ctx.jsonl("c101.jsonl", docs))
    assert len(r.lines) == 5050
    # translations: 50 copies of an article and 50 of its translation
    en = open(os.path.join(ctx.samples, "05-valley-observer-flood.txt"), encoding="utf-8").read()
    de = open(os.path.join(ctx.samples, "06-tagesblatt-flut.txt"), encoding="utf-8").read()
    one = ctx.ok("translations", ctx.write("one/en.txt", en), ctx.write("one/de.txt", de))
    assert len(one.lines) == 1
    for i in range(50):
        ctx.write(f"many/en{i:02d}.txt", en)
        ctx.write(f"many/de{i:02d}.txt", de)
    # copies are grouped: the two texts link once, shared out one to one
    r = ctx.ok("translations", os.path.join(ctx.tmp, "many"))
    got = sorted((o["a"], o["b"]) for o in r.lines)
    assert got == [(f"de{i:02d}.txt", f"en{i:02d}.txt") for i in range(50)], got[:5]
    assert {o["score"] for o in r.lines} == {one.lines[0]["score"]}
    # stories: copies count once in the document frequencies, so 50 copies
    # of an article and 50 of its translation stay one story (they split)
    r = ctx.ok("stories", os.path.join(ctx.tmp, "many"))
    sizes = sorted(len(s["articles"]) for s in r.lines)
    assert sizes == [100], sizes
