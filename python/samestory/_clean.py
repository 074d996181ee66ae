"""samestory.clean: one page or text to its article, as `samestory clean` prints it."""
import json
import re
import threading
from typing import Any, Dict, Optional

from ._engine import _raise, _take
from ._lib import ffi, lib

# A text that opens with one of these (after white space, in its first
# 2,000 characters) is a page: it goes to the HTML cleaner.
_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<!--|<div|<article|<p\b)", re.I)

_local = threading.local()


def _cleaner(keep: bool):
    """This thread's record cleaner (the C object is used by one thread at a
    time; each thread gets its own, freed when the thread's state goes)."""
    attr = "keep" if keep else "plain"
    rc = getattr(_local, attr, None)
    if rc is None:
        err = ffi.new("ss_error *")
        p = lib.ss_record_cleaner_new(ffi.NULL, 1 if keep else 0, err)
        if p == ffi.NULL:
            _raise(err)
        rc = ffi.gc(p, lib.ss_record_cleaner_free)
        setattr(_local, attr, rc)
    return rc


def clean(html_or_text: str, url: Optional[str] = None, *, id: str = "doc", title: Optional[str] = None,
          lang: Optional[str] = None, date: Optional[str] = None, source: Optional[str] = None,
          kind: str = "auto", keep_boilerplate: bool = False) -> Dict[str, Any]:
    """The article of a page or a scraped text: a dict with the fields of
    `samestory clean` (id, lang, title, title_source, text, date, author,
    url, removed, and body: False when no article body was found).

    kind: "html", "text", or "auto" (a page when it opens with markup).
    Thread-safe: each thread cleans with its own cleaner.  Raises TypeError
    for a value that is not text, SamestoryError for what the library
    refuses (a page over its size cap)."""
    if isinstance(html_or_text, bytes):
        html_or_text = html_or_text.decode("utf-8", "replace")
    if not isinstance(html_or_text, str):
        raise TypeError(f"clean() takes a str or bytes, not {type(html_or_text).__name__}")
    if kind not in ("auto", "html", "text"):
        raise ValueError('kind is "auto", "html" or "text"')
    if not isinstance(id, str) or not id:
        raise TypeError(f"id must be a non-empty str, not {id!r}")
    is_html = kind == "html" or (kind == "auto" and _HTML.match(html_or_text[:2000]) is not None)
    rec = {"id": str(id), ("html" if is_html else "text"): html_or_text}
    for k, v in (("title", title), ("url", url), ("lang", lang), ("date", date), ("source", source)):
        if v is not None:
            rec[k] = str(v)
    body = json.dumps(rec, ensure_ascii=True).encode("ascii")
    out = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    rc = lib.ss_record_clean_text(_cleaner(keep_boilerplate), body, len(body), out, err)
    text = _take(out)
    if rc != 0:
        _raise(err)
    return json.loads(text)
