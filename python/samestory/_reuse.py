"""samestory.reuse: passages one article took from another, with the earlier source."""
import json
from typing import Any, Dict, Iterable, List, Union

from ._engine import Record, _as_body, _raise, _take
from ._lib import ffi, lib


def _json_opts(min_chars: int, max_df: int, furniture_share: float, min_identity: float, keep_no_body: bool,
               summary: bool, threads: int = 0, translated: bool = False):
    """The options as the library's ss_reuse_json_opts, checked (TypeError,
    ValueError naming the option)."""
    o = ffi.new("ss_reuse_json_opts *")
    lib.ss_reuse_json_opts_default(o)
    for name, v, lo, hi in (("min_chars", min_chars, 1, 2 ** 30), ("max_df", max_df, 2, 2 ** 30),
                            ("threads", threads, 0, 1024)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(f"{name} must be an int, not {type(v).__name__}")
        if not lo <= v <= hi:
            raise ValueError(f"{name} must be from {lo} to {hi} (got {v})")
    for name, v in (("furniture_share", furniture_share), ("min_identity", min_identity)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{name} must be a number, not {type(v).__name__}")
        if not 0 <= v <= 1:
            raise ValueError(f"{name} must be from 0 to 1 (got {v})")
    for name, v in (("keep_no_body", keep_no_body), ("summary", summary), ("translated", translated)):
        if isinstance(v, (str, bytes)) or v is None:  # translated="no" would be true
            raise TypeError(f"{name} must be True or False, not {type(v).__name__}")
    o.min_chars, o.max_df, o.threads = min_chars, max_df, threads
    o.furniture_share, o.min_identity = float(furniture_share), float(min_identity)
    o.keep_no_body, o.summary = int(bool(keep_no_body)), int(bool(summary))
    o.translated = int(bool(translated))
    return o


def reuse(records: Union[Iterable[Record], str, bytes], min_chars: int = 120, max_df: int = 100,
          furniture_share: float = 0.3, min_identity: float = 2 / 3, keep_no_body: bool = False,
          summary: bool = False, threads: int = 0, translated: bool = False) -> List[Dict[str, Any]]:
    """The passages `samestory reuse` prints for the same records: dicts
    {"a", "a_span", "b", "b_span", "chars", "identity", "source",
    "source_by", "translated"}, spans in code points of each record's text
    (a is the record given first); with summary=True one dict per pair of
    records {"a", "b", "a_coverage", "b_coverage", "passages", "chars",
    "source", "direction"}.  Options are the CLI's (--min-chars, --max-df,
    --furniture-share, --min-identity, --keep-no-body, --translated:
    passages taken across languages too, after the copies, with
    "translated": True).  A bad record
    raises SamestoryError naming it; the GIL is released while the library
    works (threads: its own worker threads, 0 = one per core)."""
    if isinstance(records, dict):
        raise TypeError("reuse() compares records with each other: pass an iterable of records")
    o = _json_opts(min_chars, max_df, furniture_share, min_identity, keep_no_body, summary, threads,
                   translated)
    body = _as_body(records)
    out = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    rc = lib.ss_reuse_json(body, len(body), o, out, err)
    text = _take(out)
    if rc != 0:
        _raise(err)
    return [json.loads(line) for line in text.splitlines()]
