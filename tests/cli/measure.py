"""Helpers for the CLI tests that bound memory: peak RSS of one run, and
whether the binary runs under a sanitizer (whose own memory says nothing
about ours)."""
import subprocess
import sys


def max_rss_kb(cmd):
    """Peak resident memory (KiB) of one run of cmd, measured in a fresh child."""
    code = ("import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, "
            "check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, check=True,
                              text=True).stdout)


def sanitized(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return "libasan" in out or "libtsan" in out
