"""Hostile outputs: files the tool writes must harm nothing (issue 19).

report -o through devices, FIFOs and links, modes kept; temporaries made
with O_EXCL, removed on signals, stale ones cleaned; outputs that are
inputs refused; the dedup index locked against a second run at once.
"""
import json
import os
import signal
import stat
import subprocess
import threading
import time

from run import Skip


ARTICLES = [
    {"id": "a", "title": "Bridge opens", "date": "2024-01-02",
     "text": "The mayor of Springfield opened a new bridge on Monday. Traffic will flow."},
    {"id": "b", "title": "New bridge", "date": "2024-01-02",
     "text": "Springfield mayor opens new bridge on Monday. Traffic will flow again."},
]


def inp(ctx, name="in.jsonl"):
    return ctx.jsonl(name, ARTICLES)


def is_report(data):
    return b"<html" in data[:2000].lower() and b"Springfield" in data


def temporaries(folder):
    return [n for n in os.listdir(folder) if ".samestory-tmp." in n or n.endswith(".tmp")
            or ".tmp-" in n]


def test_report_keeps_mode_of_the_file_it_replaces(ctx):
    out = ctx.write("secret.html", "old")
    os.chmod(out, 0o600)
    ctx.ok("report", inp(ctx), "-o", out, "-q")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert is_report(open(out, "rb").read())
    # a new file gets 0666 less the umask
    new = os.path.join(ctx.tmp, "new.html")
    old = os.umask(0o027)
    try:
        ctx.ok("report", inp(ctx), "-o", new, "-q")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o640


def test_report_through_a_symlink_keeps_the_link(ctx):
    target = ctx.write("real.html", "old")
    link = os.path.join(ctx.tmp, "link.html")
    os.symlink("real.html", link)
    ctx.ok("report", inp(ctx), "-o", link, "-q")
    assert os.path.islink(link) and os.readlink(link) == "real.html"
    assert is_report(open(target, "rb").read())
    assert temporaries(ctx.tmp) == []
    # a link to nothing is refused, not followed into a new file
    dangling = os.path.join(ctx.tmp, "dangling.html")
    os.symlink("nowhere/x.html", dangling)
    r = ctx.run("report", inp(ctx), "-o", dangling)
    assert r.rc == 1 and "symbolic link to a missing file" in r.err, r.err
    assert os.path.islink(dangling)
    r = ctx.run("report", inp(ctx), "-o", ctx.tmp)
    assert r.rc == 1 and "is a folder" in r.err, r.err


def test_report_writes_through_devices_and_fifos(ctx):
    # a FIFO stays a FIFO and its reader gets the page
    fifo = os.path.join(ctx.tmp, "pipe.html")
    os.mkfifo(fifo)
    got = []
    # a daemon: with a tool that replaces the FIFO the reader never gets a writer
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    ctx.ok("report", inp(ctx), "-o", fifo, "-q")
    reader.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and is_report(got[0])
    # /dev/stdout on a pipe: the page comes out there
    r = subprocess.run([ctx.bin, "report", inp(ctx), "-o", "/dev/stdout", "-q"],
                       capture_output=True, timeout=300)
    assert r.returncode == 0 and is_report(r.stdout)
    # a character device node is written through, not replaced by a file
    if os.geteuid() != 0:
        raise Skip("mknod needs root (the FIFO and /dev/stdout cases ran)")
    null = os.path.join(ctx.tmp, "null")
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    ctx.ok("report", inp(ctx), "-o", null, "-q")
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)


def test_report_planted_temporary_link_is_not_followed(ctx):
    victim = ctx.write("victim.txt", "precious\n")
    out = os.path.join(ctx.tmp, "out.html")
    for name in ("out.html.tmp", f"out.html.tmp-{os.getpid()}"):
        os.symlink("victim.txt", os.path.join(ctx.tmp, name))
    ctx.ok("report", inp(ctx), "-o", out, "-q")
    assert open(victim).read() == "precious\n"
    assert is_report(open(out, "rb").read())
    # the planted links are left alone, and nothing of ours is left over
    assert sorted(n for n in os.listdir(ctx.tmp) if "tmp" in n) == sorted(
        ["out.html.tmp", f"out.html.tmp-{os.getpid()}"])


def test_stale_temporaries_are_removed_and_reported(ctx):
    out = os.path.join(ctx.tmp, "out.html")
    stale = ctx.write("out.html.samestory-tmp.AbC123", "x" * 1000)
    fresh = ctx.write("out.html.samestory-tmp.ZzZ999", "y")   # a live run's, by its age
    other = ctx.write("other.html.samestory-tmp.AbC123", "z")  # another target's
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    r = ctx.ok("report", inp(ctx), "-o", out)
    assert not os.path.exists(stale)
    assert os.path.exists(fresh) and os.path.exists(other)
    assert "removed 1 temporary file(s) left by a run that was killed" in r.err, r.err


def wait_for(pred, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


def test_signal_removes_the_temporary(ctx):
    out = os.path.join(ctx.tmp, "out.html")
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        # input from a pipe held open: the run sits reading, its temporary made
        # the signals at their default in the child: a run started under
        # nohup inherits SIGHUP ignored, and rightly leaves it so
        p = subprocess.Popen([ctx.bin, "report", "-", "-o", out, "-q"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL)
                                                 for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)])
        try:
            p.stdin.write((json.dumps(ARTICLES[0]) + "\n").encode())
            p.stdin.flush()
            assert wait_for(lambda: temporaries(ctx.tmp)), "no temporary appeared"
            p.send_signal(sig)
            p.wait(60)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        assert p.returncode == -sig, (sig, p.returncode)
        assert temporaries(ctx.tmp) == [], (sig, temporaries(ctx.tmp))
        assert not os.path.exists(out)


def test_outputs_that_are_inputs_are_refused(ctx):
    src = inp(ctx)
    data = open(src, "rb").read()
    hard = os.path.join(ctx.tmp, "hard.jsonl")
    os.link(src, hard)
    soft = os.path.join(ctx.tmp, "soft.jsonl")
    os.symlink("in.jsonl", soft)
    runs = [("report", src, "-o", "r.html", "--rejects", src),
            ("report", src, "-o", src),
            ("report", src, "-o", hard),
            ("report", src, "-o", soft),
            ("dedup", "--rejects", hard, src),
            ("dedup", "--index", src, src),
            ("clean", "--rejects", soft, src),
            ("stories", "--rejects", src, src),
            ("reuse", "--rejects", src, src),
            ("translations", "--rejects", src, src)]
    for args in runs:
        args = [a if a != "r.html" else os.path.join(ctx.tmp, "r.html") for a in args]
        r = ctx.run(*args)
        assert r.rc == 2 and "refusing to write over an input" in r.err, (args, r.rc, r.err)
        assert open(src, "rb").read() == data, args
    # pairs reads one file of pairs
    pairs = ctx.jsonl("pairs.jsonl", [{"id": "p", "a": ARTICLES[0], "b": ARTICLES[1]}])
    pdata = open(pairs, "rb").read()
    r = ctx.run("pairs", "--rejects", pairs, pairs)
    assert r.rc == 2 and "refusing to write over an input" in r.err, r.err
    assert open(pairs, "rb").read() == pdata
    # an output inside an input folder would be read as input
    os.makedirs(os.path.join(ctx.tmp, "crawl"))
    inp(ctx, "crawl/a.jsonl")
    for args in (("report", "crawl", "-o", "crawl/r.html"),
                 ("dedup", "--index", "crawl/idx", "crawl"),
                 ("clean", "--rejects", "crawl/rej.jsonl", "crawl")):
        args = [os.path.join(ctx.tmp, a) if "/" in a or a == "crawl" else a for a in args]
        r = ctx.run(*args)
        assert r.rc == 2 and "inside the input folder" in r.err, (args, r.err)
        assert sorted(os.listdir(os.path.join(ctx.tmp, "crawl"))) == ["a.jsonl"]
    # standard output appended to an input: the run would read what it writes
    with open(src, "ab") as fh:
        p = subprocess.run([ctx.bin, "clean", src], stdout=fh, stderr=subprocess.PIPE,
                           timeout=120)
    assert p.returncode == 2 and b"standard output is the input" in p.stderr, p.stderr
    assert open(src, "rb").read() == data
    # report -o and --rejects naming one file
    r = ctx.run("report", src, "-o", os.path.join(ctx.tmp, "x"), "--rejects",
                os.path.join(ctx.tmp, "x"))
    assert r.rc == 2 and "--rejects" in r.err
    r = ctx.run("dedup", "--index", os.path.join(ctx.tmp, "y"), "--rejects",
                os.path.join(ctx.tmp, "y"), src)
    assert r.rc == 2 and "--rejects" in r.err and not os.path.exists(os.path.join(ctx.tmp, "y"))


def test_dedup_index_through_link_and_mode(ctx):
    real = os.path.join(ctx.tmp, "store", "dedup.idx")
    os.makedirs(os.path.dirname(real))
    ctx.ok("dedup", "--index", real, inp(ctx), "-q")
    os.chmod(real, 0o640)
    link = os.path.join(ctx.tmp, "idx")
    os.symlink(real, link)
    more = ctx.jsonl("more.jsonl", [{"id": "c", "text": "Something else entirely happened."}])
    r = ctx.ok("dedup", "--index", link, more)
    assert "(and 2 in the index)" in r.err
    assert os.path.islink(link) and stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert temporaries(os.path.dirname(real)) == [] and temporaries(ctx.tmp) == []
    r = ctx.ok("dedup", "--index", real, ctx.jsonl("none.jsonl", []))
    assert "(and 3 in the index)" in r.err
    # the index must be a regular file: a FIFO is refused, not replaced
    fifo = os.path.join(ctx.tmp, "fifo.idx")
    os.mkfifo(fifo)
    r = ctx.run("dedup", "--index", fifo, more)
    assert r.rc == 1 and "not an index file" in r.err, r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dedup_index_is_locked(ctx):
    idx = os.path.join(ctx.tmp, "dedup.idx")
    day1 = [{"id": f"d1-{i}", "text": f"Story {i} of the first day, with its own words {i * 7}."}
            for i in range(20)]
    day2 = [{"id": f"d2-{i}", "text": f"Story {i} of the second day, other words {i * 11}."}
            for i in range(20)]
    # the first run holds the index while it reads a pipe that stays open
    p = subprocess.Popen([ctx.bin, "dedup", "--index", idx, "-", "-q"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        p.stdin.write("".join(json.dumps(x) + "\n" for x in day1).encode())
        p.stdin.flush()
        assert wait_for(lambda: os.path.exists(idx + ".lock") and
                        open(idx + ".lock").read().strip() == str(p.pid))
        r = ctx.run("dedup", "--index", idx, ctx.jsonl("day2.jsonl", day2))
        assert r.rc == 1 and "in use by another samestory run" in r.err, (r.rc, r.err)
        assert f"process {p.pid}" in r.err and "--wait" in r.err and r.lines == []
        # through a link to it (which names no file yet: the first run writes
        # the index at its end) the lock is the same (it was another, 2026-12-08)
        link = os.path.join(ctx.tmp, "link.idx")
        os.symlink("dedup.idx", link)
        r = ctx.run("dedup", "--index", link, os.path.join(ctx.tmp, "day2.jsonl"))
        assert r.rc == 1 and "in use by another samestory run" in r.err, (r.rc, r.err)
        assert not os.path.exists(link + ".lock"), os.listdir(ctx.tmp)
        # with --wait the second run waits for the first, then adds to its index
        w = subprocess.Popen([ctx.bin, "dedup", "--wait", "--index", idx,
                              os.path.join(ctx.tmp, "day2.jsonl")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert wait_for(lambda: False, 1.0) is False  # give it time to start waiting
        assert w.poll() is None, w.stderr.read()
        p.stdin.close()
        assert p.wait(120) == 0
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert b"waiting for it" in err and b"(and 20 in the index)" in err, err
    finally:
        for q in (p,):
            if q.poll() is None:
                q.kill()
                q.wait()
    r = ctx.ok("dedup", "--index", idx, ctx.jsonl("none.jsonl", []))
    assert "(and 40 in the index)" in r.err, r.err
