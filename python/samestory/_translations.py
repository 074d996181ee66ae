"""samestory.translations: articles that are translations of each other."""
import json
from typing import Any, Dict, Iterable, List, Union

from ._engine import Record, _as_body, _count, _raise, _take
from ._lib import context, ffi, lib


def translations(records: Union[Iterable[Record], str, bytes], threshold: float = 0.45,
                 no_dictionary: bool = False, threads: int = 0) -> List[Dict[str, Any]]:
    """The links `samestory translations` prints for the same records, best
    first: dicts {"a", "b", "lang_a", "lang_b", "score", "cosine",
    "evidence"} (a is the record given first; each article is linked to at
    most one article of each other language).  threshold is the lowest
    score linked (0 to 1); no_dictionary links through names, numbers and
    dates only.  A bad record raises SamestoryError naming it; the GIL is
    released while the library works (threads: its worker threads, 0 = one
    per core)."""
    if isinstance(records, dict):
        raise TypeError("translations() links records with each other: pass an iterable of records")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold must be a number, not {type(threshold).__name__}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be from 0 to 1 (got {threshold})")
    threads = _count("threads", threads, 0, 1024)
    body = _as_body(records)
    out = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    rc = lib.ss_translations_json(context(), body, len(body), float(threshold), 1 if no_dictionary else 0,
                                  threads, out, err)
    text = _take(out)
    if rc != 0:
        _raise(err)
    return [json.loads(line) for line in text.splitlines()]
