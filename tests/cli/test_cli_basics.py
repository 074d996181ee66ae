"""The tool's surface: help, version, subcommands, exit statuses."""
import os

COMMANDS = ["clean", "dedup", "reuse", "translations", "pairs", "stories", "report"]


def test_help_lists_every_subcommand(ctx):
    r = ctx.ok("--help")
    for c in COMMANDS:
        assert f"  {c} " in r.out, c


def test_each_subcommand_has_help(ctx):
    for c in COMMANDS:
        r = ctx.ok(c, "--help")
        assert r.out.startswith(f"usage: samestory {c}"), (c, r.out[:80])


def test_help_lists_only_options_a_command_takes(ctx):
    """Commands that read files list the input forms; pairs reads one file
    (no folders), serve none: it refuses the file-reading options."""
    for c in ["clean", "dedup", "reuse", "translations", "stories", "report"]:
        assert "folders (walked recursively)" in ctx.ok(c, "--help").out, c
    pairs = ctx.ok("pairs", "--help").out
    assert "folders" not in pairs and "--skip-bad" in pairs
    serve = ctx.ok("serve", "--help").out
    assert serve.startswith("usage: samestory serve") and "--skip-bad" not in serve
    assert "--rejects" not in serve and "--progress" not in serve
    for opt in (["--skip-bad"], ["--rejects", "r.jsonl"], ["--no-progress"]):
        r = ctx.run("serve", *opt)
        assert r.rc == 2 and opt[0] in r.err and "commands that read files" in r.err, r.err


def test_misspelled_options_get_the_nearest_name(ctx):
    r = ctx.run("stories", "--treshold", "0.5", ctx.samples)
    assert r.rc == 2 and "did you mean --threshold?" in r.err, r.err
    r = ctx.run("dedup", "--indx", "f.idx", ctx.samples)
    assert r.rc == 2 and "did you mean --index?" in r.err, r.err
    r = ctx.run("stories", ctx.samples, "--threshold")
    assert r.rc == 2 and "--threshold needs a value" in r.err, r.err
    r = ctx.run("clean", "--skip-bad=yes", ctx.samples)
    assert r.rc == 2 and "--skip-bad takes no value" in r.err, r.err
    r = ctx.run("clean", "--frobnicate", ctx.samples)
    assert r.rc == 2 and "did you mean" not in r.err, r.err
    # names other tools give an option: told the one this command has
    r = ctx.run("serve", "--port", "8081")
    assert r.rc == 2 and "did you mean --listen?" in r.err, r.err
    r = ctx.run("stories", "--jobs", "2", ctx.samples)
    assert r.rc == 2 and "did you mean --threads?" in r.err, r.err
    r = ctx.run("clean", "--database", "x.db", ctx.samples)  # clean has no --db: no hint
    assert r.rc == 2 and "did you mean" not in r.err, r.err


def test_version(ctx):
    r = ctx.ok("--version")
    assert r.out.startswith("samestory ") and r.out.strip().count(".") == 2
    # the man page's header names the same version (it said 0.1.0 at 0.5.0)
    man = os.path.join(os.path.dirname(ctx.samples), "man", "samestory.1")
    with open(man, encoding="utf-8") as fh:
        th = next(line for line in fh if line.startswith(".TH "))
    assert f'"{r.out.strip()}"' in th, (th, r.out)


def test_unknown_command_and_no_input(ctx):
    r = ctx.run("frobnicate")
    assert r.rc == 2 and "unknown command" in r.err
    r = ctx.run("clean")
    assert r.rc == 2 and "no input" in r.err
    r = ctx.run("clean", "--threads", "lots", ctx.write("a.txt", "x"))
    assert r.rc == 2 and "--threads" in r.err


def test_an_option_of_one_value_given_twice_is_refused(ctx):
    """A second value would silently replace the first (`dedup --index a
    --index b` updated only b): every command refuses it, exit 2, and writes
    nothing; stories --remove repeats."""
    src = ctx.jsonl("a.jsonl", [{"id": "a", "text": "The council approved the budget on Monday."}])
    for argv in (["dedup", "--index", ctx.tmp + "/ia", "--index", ctx.tmp + "/ib", src],
                 ["report", src, "-o", ctx.tmp + "/r1.html", "-o", ctx.tmp + "/r2.html"],
                 ["reuse", "--min-chars", "50", "--min-chars", "60", src],
                 ["clean", "--rejects", ctx.tmp + "/x1", "--rejects", ctx.tmp + "/x2", src],
                 ["translations", "--threshold", "0.5", "--threshold", "0.6", src],
                 ["stories", "--window", "2", "--window", "5", src],
                 ["pairs", "--threshold", "0.5", "--threshold", "0.6", src]):
        r = ctx.run(*argv)
        assert r.rc == 2 and "given twice; it takes one value" in r.err and r.out == "", (argv, r.err)
    for name in ("ia", "ib", "r1.html", "r2.html", "x1", "x2"):
        assert not os.path.exists(os.path.join(ctx.tmp, name)), name
    db = os.path.join(ctx.tmp, "s.db")
    ctx.ok("stories", "--db", db, src)
    r = ctx.ok("stories", "--db", db, "--remove", "a", "--remove", "b")
    assert "1 of 2 article(s) removed" in r.err, r.err


def test_options_a_store_run_would_ignore_are_refused(ctx):
    """Listing filters with inputs (the changed stories are printed whole),
    and grouping options with report --db (the store's stories are grouped
    already): refused, not silently ignored."""
    src = ctx.jsonl("a.jsonl", [{"id": "a", "text": "The council approved the budget on Monday."}])
    db = os.path.join(ctx.tmp, "s.db")
    ctx.ok("stories", "--db", db, src)
    for opt in (["--limit", "1"], ["--since", "2030-01-01"], ["--lang", "de"], ["--query", "budget"]):
        r = ctx.run("stories", "--db", db, *opt, src)
        assert r.rc == 2 and "filter the listing of a store" in r.err, (opt, r.err)
        r = ctx.run("stories", "--db", db, *opt, "--article", "a")
        assert r.rc == 2 and "filter the listing of a store" in r.err, (opt, r.err)
    assert len(ctx.ok("stories", "--db", db, "--limit", "1").lines) == 1
    for opt in (["--window", "9"], ["--threshold", "0.9"], ["--no-learn"]):
        r = ctx.run("report", "--db", db, *opt, "-o", os.path.join(ctx.tmp, "r.html"))
        assert r.rc == 2 and "grouped by the options it was made with" in r.err, (opt, r.err)
    assert not os.path.exists(os.path.join(ctx.tmp, "r.html"))
