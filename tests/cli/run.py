#!/usr/bin/env python3
"""CLI test runner: runs every test_* function of tests/cli/test_*.py.

Each test gets a Ctx (the binary, a fresh temporary folder, helpers to run
the tool and parse its JSON Lines). Prints PASS/FAIL per test and ends with
'N passed, M failed, K skipped'.  A skipped test is counted apart, never as
a pass; with CI=true in the environment a skip fails the run unless the test
says it may be skipped on CI (Skip(..., ci_ok=True)), since CI has what the
tests need (../shared, chromium, the de_DE.UTF-8 locale).  Standard library
only.

    python3 tests/cli/run.py --bin build/samestory [-k SUBSTRING] [--exclude SUBSTRING]
                             [--threads N]

--threads N runs every subcommand with --threads N (unless the test gives
its own); `make tsan-test` uses it with 4.  A sanitizer report on stderr
(ThreadSanitizer, AddressSanitizer, LeakSanitizer) fails the test that ran
the program, whatever its exit status.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    @property
    def lines(self):
        """stdout parsed as JSON Lines (a test fails if a line is not JSON)."""
        res = []
        for n, line in enumerate(self.out.splitlines(), 1):
            if line.strip():
                try:
                    res.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise AssertionError(f"stdout line {n} is not JSON ({e}): {line[:200]}")
        return res


COMMANDS = {"clean", "dedup", "reuse", "translations", "pairs", "stories", "report"}
SANITIZER_REPORTS = ("WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer")


class Ctx:
    threads = None  # --threads N of the runner, added to each subcommand

    def __init__(self, binary, tmp):
        self.bin, self.tmp = binary, tmp
        self.root, self.shared = ROOT, SHARED
        self.samples = os.path.join(ROOT, "samples")

    def run(self, *args, stdin=None, timeout=600, env=None):
        argv = list(args)
        if (self.threads and argv and argv[0] in COMMANDS and "--threads" not in argv
                and "-T" not in argv):
            argv[1:1] = ["--threads", str(self.threads)]
        p = subprocess.run([self.bin, *argv], input=stdin, capture_output=True, timeout=timeout,
                           env=env)
        err = p.stderr.decode("utf-8", "replace")
        for rep in SANITIZER_REPORTS:
            if rep in err:
                raise AssertionError(f"samestory {' '.join(argv)}: {rep}\n{err[-6000:]}")
        return Result(p.returncode, p.stdout.decode("utf-8"), err)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        if r.rc != 0:
            raise AssertionError(f"samestory {' '.join(args)} exited {r.rc}: {r.err[-2000:]}")
        return r

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(data)
        return path

    def jsonl(self, name, records):
        return self.write(name, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "samestory"))
    ap.add_argument("-k", default="")
    ap.add_argument("--exclude", action="append", default=[],
                    help="leave out tests whose name contains this (not run, not counted)")
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    Ctx.threads = args.threads
    binary = os.path.abspath(args.bin)
    passed = failed = skipped = 0
    on_ci = os.environ.get("CI") == "true"
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(fn[:-3], os.path.join(HERE, fn))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for name in sorted(n for n in dir(mod) if n.startswith("test_")):
            full = f"{fn[:-3]}.{name}"
            if args.k not in full or any(x in full for x in args.exclude):
                continue
            tmp = tempfile.mkdtemp(prefix="ss_cli_")
            t0 = time.monotonic()
            try:
                getattr(mod, name)(Ctx(binary, tmp))
                passed += 1
                print(f"PASS {full} ({time.monotonic() - t0:.1f} s)")
            except Skip as e:
                if on_ci and not e.ci_ok:
                    failed += 1
                    print(f"FAIL {full} (skipped on CI: {e})")
                else:
                    skipped += 1
                    print(f"SKIP {full} ({e})")
            except Exception:
                failed += 1
                print(f"FAIL {full}")
                print("  " + traceback.format_exc().replace("\n", "\n  ")[-3000:])
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


class Skip(Exception):
    """Raise to mark a test that cannot run here (e.g. ../shared missing).

    ci_ok=True: the test is not expected to run on CI either; otherwise a
    skip under CI=true is a failure."""

    def __init__(self, reason, ci_ok=False):
        super().__init__(reason)
        self.ci_ok = ci_ok


if __name__ == "__main__":
    sys.modules.setdefault("run", sys.modules[__name__])
    main()
