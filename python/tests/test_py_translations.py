"""pytest: samestory.translations against `samestory translations`, bad input."""
import json
import os
import subprocess

import pytest

import corpus
import samestory
from test_py_engine import BIN, ROOT, SAMPLES, sample_records

XLING = os.path.join(ROOT, "tests", "data", "xling")


def cli_links(path, *args):
    out = subprocess.run([BIN, "translations", "--quiet", *args, str(path)], check=True,
                         capture_output=True).stdout
    return [json.loads(l) for l in out.decode().splitlines()]


def test_translations_equal_the_cli(tmp_path):
    recs = sample_records(SAMPLES)
    recs += [{"id": f, "text": open(os.path.join(XLING, f), encoding="utf-8").read()}
             for f in sorted(os.listdir(XLING)) if f.endswith(".txt")]
    recs.append(dict(recs[-1], id="exact-copy"))  # a copy shares its first's links
    path = tmp_path / "x.jsonl"
    corpus.write(recs, path)
    ours = samestory.translations(recs)
    assert ours == cli_links(path) and len(ours) >= 3
    pair = next(l for l in ours if {l["a"], l["b"]} == {"05-valley-observer-flood.txt", "06-tagesblatt-flut.txt"})
    assert {pair["lang_a"], pair["lang_b"]} == {"en", "de"} and pair["score"] >= 0.45
    assert samestory.translations(recs, no_dictionary=True, threads=1) == cli_links(path, "--no-dictionary")
    assert samestory.translations(recs, threshold=0.9) == cli_links(path, "--threshold", "0.9")


def test_translations_bad_input():
    with pytest.raises(TypeError):
        samestory.translations({"id": "a", "text": "one"})
    with pytest.raises(samestory.SamestoryError, match="duplicate id"):
        samestory.translations([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}])
    with pytest.raises(samestory.SamestoryError):
        samestory.translations('{"id": "a", "text": ')
    for bad in (dict(threshold=2), dict(threshold="x"), dict(threads=-1)):
        with pytest.raises((TypeError, ValueError)):
            samestory.translations([], **bad)
    assert samestory.translations([]) == []
