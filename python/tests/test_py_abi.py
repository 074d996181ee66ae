"""pytest: the binding's declarations are the public header's, and the
header is all the shared library exports."""
import os
import re
import subprocess

import cffi

import importlib

_lib = importlib.import_module("samestory._lib")
from test_py_engine import ROOT

HEADER = os.path.join(ROOT, "include", "samestory", "samestory.h")
SO = os.path.realpath(os.environ.get("SAMESTORY_LIB", os.path.join(ROOT, "build", "libsamestory.so")))


def header_ffi():
    """The public header read by cffi as it is (preprocessor lines and the
    C++ guards left out: the header promises nothing else)."""
    text = open(HEADER, encoding="utf-8").read()
    text = re.sub(r"#ifdef __cplusplus.*?#endif", "", text, flags=re.S)
    text = "\n".join(l for l in text.splitlines() if not l.startswith("#"))
    ffi = cffi.FFI()
    ffi.cdef(text)
    return ffi


def declared(ffi_src: str):
    return set(re.findall(r"\b(ss_[a-z0-9_]+)\s*\(", ffi_src))


def test_binding_declarations_match_the_header():
    pub = header_ffi()
    publib = pub.dlopen(SO)
    ours = _lib.ffi
    names = declared(_lib.CDEF)
    assert len(names) > 40
    for name in sorted(names):
        assert str(ours.typeof(getattr(_lib.lib, name))) == str(pub.typeof(getattr(publib, name))), name
    for t in ("ss_error", "ss_buf", "ss_story_filter", "ss_dedup_opts", "ss_dedup_params", "ss_reuse_json_opts"):
        assert ours.sizeof(t) == pub.sizeof(t), t
        assert [f for f, _ in ours.typeof(t).fields] == [f for f, _ in pub.typeof(t).fields], t


def test_the_library_exports_the_header_and_nothing_else():
    out = subprocess.run(["nm", "-D", "--defined-only", SO], capture_output=True, check=True).stdout.decode()
    exported = {l.split()[-1].split("@")[0] for l in out.splitlines() if " T " in l}
    text = open(HEADER, encoding="utf-8").read()
    in_header = declared(re.sub(r"/\*.*?\*/", "", text, flags=re.S))
    assert exported == in_header
