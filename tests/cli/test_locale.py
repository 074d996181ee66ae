"""Output under a comma-decimal locale (LC_ALL=de_DE.UTF-8) is byte for byte
the C locale's, for every subcommand that prints numbers.  The library side
(a host that calls setlocale) is tests/unit/test_locale.c."""
import os
import subprocess

from run import Skip

DE = "de_DE.UTF-8"


def have_locale():
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "de_de.utf8" in out.split()


def test_comma_locale_output_is_the_c_locales(ctx):
    if not have_locale():
        raise Skip(f"{DE} not installed (setup.sh generates it)")
    s = ctx.samples
    def doc(name):
        return {"id": name, "text": open(os.path.join(s, name), encoding="utf-8").read()}
    pairs = ctx.jsonl("pairs.jsonl", [
        {"id": "p1", "a": doc("01-meridian-wire-flood.txt"), "b": doc("02-coastal-herald-flood.txt")},
        {"id": "p2", "a": doc("05-valley-observer-flood.txt"), "b": doc("06-tagesblatt-flut.txt")}])
    runs = [["stories", s], ["clean", s], ["dedup", s], ["reuse", s], ["translations", s],
            ["translations", "--align", os.path.join(s, "05-valley-observer-flood.txt"),
             os.path.join(s, "06-tagesblatt-flut.txt")],
            ["stories", "--threshold", "0.5", s], ["pairs", pairs]]
    for args in runs:
        c = ctx.ok(*args, env=dict(os.environ, LC_ALL="C"))
        d = ctx.ok(*args, env=dict(os.environ, LC_ALL=DE, LANG=DE))
        assert c.out == d.out, (args, c.out[:300], d.out[:300])
        assert "." in c.out or args[0] in ("dedup",), args  # numbers were printed
    # report: the HTML holds the data as JSON
    for loc, name in (("C", "c.html"), (DE, "de.html")):
        ctx.ok("report", s, "-o", os.path.join(ctx.tmp, name), env=dict(os.environ, LC_ALL=loc))
    with open(os.path.join(ctx.tmp, "c.html"), "rb") as a, open(os.path.join(ctx.tmp, "de.html"), "rb") as b:
        assert a.read() == b.read()
