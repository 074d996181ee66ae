"""pytest: samestory.reuse against `samestory reuse`, bad input."""
import json
import subprocess

import pytest

import corpus
import samestory
from test_py_engine import BIN, SAMPLES, sample_records


def cli_reuse(path, *args):
    out = subprocess.run([BIN, "reuse", "--quiet", *args, str(path)], check=True, capture_output=True).stdout
    return [json.loads(l) for l in out.decode().splitlines()]


def test_reuse_equals_the_cli_on_samples(tmp_path):
    recs = sample_records(SAMPLES)
    path = tmp_path / "s.jsonl"
    corpus.write(recs, path)
    ours = samestory.reuse(recs)
    assert ours == cli_reuse(path) and len(ours) > 5
    # the wire story is the source of the passages the flood reports took
    assert any(p["source"] == "01-meridian-wire-flood.txt" for p in ours)
    text = {r["id"]: r["text"] for r in recs if "text" in r}
    p = next(p for p in ours if p["a"] in text and p["b"] in text)
    a = text[p["a"]][p["a_span"][0]:p["a_span"][1]]
    b = text[p["b"]][p["b_span"][0]:p["b_span"][1]]
    assert len(a) >= 120 and len(b) >= 120 and set(a.split()) & set(b.split())
    assert samestory.reuse(recs, summary=True) == cli_reuse(path, "--summary")
    assert samestory.reuse(recs, min_chars=60, threads=1) == cli_reuse(path, "--min-chars", "60")


def test_translated_reuse_equals_the_cli_on_samples(tmp_path):
    recs = sample_records(SAMPLES)
    path = tmp_path / "s.jsonl"
    corpus.write(recs, path)
    ours = samestory.reuse(recs, translated=True)
    assert ours == cli_reuse(path, "--translated")
    tr = [p for p in ours if p["translated"]]
    # 12 is the Russian translation of the wire story 01
    assert any({p["a"], p["b"]} == {"01-meridian-wire-flood.txt", "12-vestnik-flood-ru.txt"} for p in tr), tr
    # the copies come first and are those of a run without the option
    assert ours[:len(ours) - len(tr)] == samestory.reuse(recs)
    assert all(p["translated"] is False for p in samestory.reuse(recs))
    # a run spread over machines cannot find them: a clear error, not silence
    from samestory._lib import ffi, lib
    from samestory._reuse import _json_opts
    o = _json_opts(120, 100, 0.3, 2 / 3, False, False, 0, True)
    err = ffi.new("ss_error *")
    assert lib.ss_reuse_part_new(o, err) == ffi.NULL
    assert b"partitioned" in ffi.string(err.msg)


def test_reuse_equals_the_cli_on_a_generated_corpus(tmp_path):
    recs = corpus.make(400, seed=12)
    path = tmp_path / "g.jsonl"
    corpus.write(recs, path)
    ours = samestory.reuse(recs, min_identity=0.8, furniture_share=0.0)
    assert ours == cli_reuse(path, "--min-identity", "0.8", "--furniture-share", "0")
    assert len(ours) > 50


def test_reuse_bad_input():
    with pytest.raises(TypeError):
        samestory.reuse({"id": "a", "text": "one record is not a corpus"})
    with pytest.raises(TypeError):
        samestory.reuse(None)
    with pytest.raises(samestory.SamestoryError, match="record[: ]2"):
        samestory.reuse([{"id": "a", "text": "x"}, {"text": "no id"}])
    with pytest.raises(samestory.SamestoryError, match="duplicate id"):
        samestory.reuse([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}])
    for bad in (dict(min_chars=0), dict(max_df=1), dict(min_identity=1.5), dict(furniture_share=-1),
                dict(threads="2"), dict(min_chars=True), dict(translated="no"), dict(summary=b"1"),
                dict(keep_no_body=None)):
        with pytest.raises((TypeError, ValueError)):
            samestory.reuse([{"id": "a", "text": "x"}], **bad)
    assert samestory.reuse([]) == []
    assert samestory.reuse([{"id": "s\ud800", "text": "lone \udfff surrogate"}]) == []
