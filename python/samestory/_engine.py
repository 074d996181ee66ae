"""samestory.Engine: the story engine over its durable store (one SQLite file).

The same engine `samestory stories --db` and `samestory serve` drive
(lib/engine/engine.h): articles are added in batches, grouped into stories
that persist, are corrected when sent again with other content, and taken
down by id.
"""
import datetime
import json
import operator
import os
import re
import threading
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from ._lib import SS_ENOTFOUND, SS_STORE_CREATE, SS_STORE_READONLY, context, ffi, lib

Record = Dict[str, Any]

# The largest record the engine takes, in bytes (the CLI's --max-doc-bytes default).
MAX_DOC_BYTES = 64 << 20


class SamestoryError(Exception):
    """An error of the library: .code is its ss_status (negative), str() its message."""

    def __init__(self, message: str, code: int = -1):
        super().__init__(message)
        self.code = code


class NotFound(SamestoryError, KeyError):
    """No such story or article."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


# A record the binding could not write as JSON goes to the library as a
# JSON string saying why, which the library refuses in its place; its
# answer is put back in the binding's words.
_UNWRITABLE = "[python] "
_UNWRITABLE_RE = re.compile(r"^(record:\d+): the line is JSON but not an object: a string: \[python\] ")


def _plain(msg: str) -> str:
    return _UNWRITABLE_RE.sub(r"\1: ", msg)


def _raise(err) -> None:
    msg = _plain(ffi.string(err.msg).decode("utf-8", "replace"))
    if err.code == SS_ENOTFOUND:
        raise NotFound(msg, err.code)
    raise SamestoryError(msg, err.code)


def _take(buf) -> str:
    """The text of an ss_buf the library filled, then its memory released."""
    try:
        return ffi.unpack(buf.data, buf.len).decode("utf-8") if buf.len else ""
    finally:
        lib.ss_buf_release(buf)


def _as_body(records: Union[Record, Iterable[Record], str, bytes]) -> bytes:
    """Records as JSON Lines (ASCII-escaped, so a lone surrogate in a str
    reaches the library as an escape it repairs to U+FFFD)."""
    if records is None:
        raise TypeError("records must be a dict, an iterable of dicts, or JSON text; got None")
    if isinstance(records, bytes):
        return records
    if isinstance(records, str):
        return records.encode("utf-8", "surrogatepass")
    if isinstance(records, dict):
        records = [records]
    if not hasattr(records, "__iter__"):
        raise TypeError(f"records must be a dict, an iterable of dicts, or JSON text; got {type(records).__name__}")
    lines = []
    for i, r in enumerate(records):
        try:
            lines.append(json.dumps(r, ensure_ascii=True, allow_nan=False, default=_json_value))
        except (TypeError, ValueError) as e:
            # the library answers it in its place, as an invalid record
            lines.append(json.dumps(_UNWRITABLE + _unwritable(r, e), ensure_ascii=True))
    return ("\n".join(lines) + "\n").encode("ascii")


def _count(name: str, v: Any, lo: int, hi: int) -> int:
    """v as an int from lo to hi (any integer type, numpy's too; not a bool,
    a float or a str): ValueError naming it otherwise."""
    try:
        n = operator.index(v) if not isinstance(v, bool) else None
    except TypeError:
        n = None
    if n is None or not lo <= n <= hi:
        raise ValueError(f"{name} must be an int from {lo} to {hi} (got {v!r})")
    return n


def _id_bytes(i: str) -> bytes:
    """An id as the library stored it: a NUL byte or a lone surrogate of a
    record's id became U+FFFD when it was read, so the same id finds it."""
    fixed = i.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return fixed.replace("\x00", "\ufffd").encode("utf-8")


def _json_value(v: Any) -> Any:
    """Values json cannot write that records hold: a date or date-time
    (ISO 8601; a naive one is read as UTC, as the CLI reads a date without
    a zone)."""
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is no JSON value")


def _unwritable(r: Any, e: Exception) -> str:
    """Why record r cannot be written as JSON, naming its id and field."""
    if not isinstance(r, dict):
        return f"not a dict but {type(r).__name__}"
    rid = r.get("id")
    where = f" (id {rid})" if isinstance(rid, (str, int)) else ""
    for k, v in r.items():
        try:
            json.dumps(v, allow_nan=False, default=_json_value)
        except (TypeError, ValueError):
            what = "NaN or infinity" if isinstance(v, float) else type(v).__name__
            return f"field {k!r}{where}: {what} cannot be written as JSON"
    return f"cannot be written as JSON{where}: {e}"


def _time(v: Any, end: bool = False) -> int:
    """Seconds since 1970 of v; end: v is the end of a range, where a date
    stands for all of its day (as `stories --until`)."""
    if isinstance(v, (int, float)):
        return int(v)
    s = str(v).encode()
    out = ffi.new("int64_t *")
    if (lib.ss_time_parse_end if end else lib.ss_time_parse)(s, len(s), out) != 0:
        raise ValueError(f"not a date: {v!r} (ISO 8601, or seconds since 1970)")
    return out[0]


class Engine:
    """The story engine over a store file.

    Engine(path) opens the store, creating it unless readonly=True.
    threshold, headline_threshold and window (days) are the story options
    of `stories --db --threshold --headline-threshold --window`: a new
    store is made with them, an existing one must have been made with the
    same (none given: a new store takes the defaults, an existing one
    keeps its own).  Thread
    rules: one Engine may be shared by threads, its calls are serialized
    (the C engine is used by one thread at a time); for reads in parallel,
    open one Engine(path, readonly=True) per thread: readers see the last
    commit and never wait for the writer.  One writer per store at a time,
    for its whole life: while an Engine(path) is open for writing, another
    process's Engine(path) (or `samestory serve`, `stories --db`) fails
    with a message that the file is locked by another writer.
    close() (or the with-statement) frees the C engine; so does garbage
    collection.
    """

    def __init__(self, path: Union[str, os.PathLike], readonly: bool = False, threads: int = 0,
                 threshold: Optional[float] = None, headline_threshold: Optional[float] = None,
                 window: Optional[float] = None):
        if path is None:
            raise TypeError("path must be a file name, not None")
        self.path = os.fsdecode(os.fspath(path))
        err = ffi.new("ss_error *")
        flags = SS_STORE_READONLY if readonly else SS_STORE_CREATE

        def opt(name, v, hi):
            if v is None:
                return -1.0
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError(f"{name} is a number")
            if not 0 <= v <= hi:
                raise ValueError(f"{name} is from 0 to {hi}")
            return float(v)

        threads = _count("threads", threads, 0, 1024)
        e = lib.ss_engine_open_path_opts(context(), os.fsencode(self.path), flags, threads,
                                         opt("threshold", threshold, 1), opt("headline_threshold", headline_threshold, 1),
                                         opt("window", window, 36500), err)
        if e == ffi.NULL:
            _raise(err)
        self._e = ffi.gc(e, lib.ss_engine_free)
        self._lock = threading.Lock()

    # ---- life --------------------------------------------------------------
    def close(self) -> None:
        """Free the C engine (the store is closed, its log checkpointed)."""
        with self._lock:
            if self._e is not None:
                ffi.release(self._e)
                self._e = None

    def __enter__(self) -> "Engine":
        self._engine()  # a closed engine says so here, not at its first call
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _engine(self):
        if self._e is None:
            raise SamestoryError("the engine is closed")
        return self._e

    @property
    def warnings(self) -> List[str]:
        """Notes about missing data (a lexicon, stopwords), one per line."""
        with self._lock:
            s = ffi.string(lib.ss_engine_warnings(self._engine())).decode("utf-8", "replace")
        return [w for w in s.split("\n") if w]

    # ---- writing -------------------------------------------------------------
    def add(self, records: Union[Record, Iterable[Record], str, bytes],
            max_records: int = 1_000_000) -> Dict[str, Any]:
        """Add records (dicts with the CLI's fields: id, text or html, title,
        url, source, author, lang, date; others kept) as one batch, committed
        when this returns.  Returns {"accepted", "rejected", "results": [per
        record: {"index", "id", "article", "story", "story_new", "action",
        "relation", "warnings"} or {"index", "error"}]}: a bad record is
        answered in its place and the others are added.  "warnings" (only
        when there are some) says what was noticed: a "date" that is no date
        (taken as undated), no article body (compared by its headline), a
        giant text read in part, a "lang" that is no language tag.  A date
        may be a datetime.date or datetime.datetime (a naive one is UTC).
        Raises SamestoryError when the batch could not be committed (nothing
        of it is stored)."""
        body = _as_body(records)
        out = ffi.new("ss_buf *")
        acc = ffi.new("size_t *")
        rej = ffi.new("size_t *")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_engine_add_json(self._engine(), body, len(body), max_records, MAX_DOC_BYTES, out, acc,
                                        rej, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        answer = json.loads(text)
        for r in answer.get("results", []):
            if "error" in r:
                r["error"] = _plain(r["error"])
        return answer

    def changes(self) -> List[Dict[str, Any]]:
        """The stories the last add, remove or settle changed, each with
        "change": "new" | "updated" | "removed" (a removed story: "story",
        its last "title" and "size" 0)."""
        out = ffi.new("ss_buf *")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_engine_changes_json(self._engine(), out, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        return [json.loads(l) for l in text.splitlines() if l.strip()]

    def remove(self, ids: Union[str, Sequence[str]]) -> int:
        """Take articles down by id; their stories are regrouped.  Returns
        how many were found."""
        if isinstance(ids, str):
            ids = [ids]
        if isinstance(ids, (bytes, bytearray)) or not hasattr(ids, "__iter__") or \
                not all(isinstance(i, str) for i in ids):
            # bytes would be iterated as numbers, and str(3) could name another article
            raise TypeError("ids must be a str or a sequence of str")
        keep = [ffi.new("char[]", _id_bytes(i)) for i in ids]
        arr = ffi.new("const char *[]", keep)
        n = ffi.new("size_t *")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_engine_remove(self._engine(), arr, len(keep), n, err)
        if rc != 0:
            _raise(err)
        return n[0]

    def settle(self) -> None:
        """Regroup every stored article with the whole store's word frequencies."""
        err = ffi.new("ss_error *")
        with self._lock:
            if lib.ss_engine_settle(self._engine(), err) != 0:
                _raise(err)

    # ---- reading -------------------------------------------------------------
    def story(self, n: int) -> Dict[str, Any]:
        """One story, as `samestory stories` prints it (agree, unique, quotes,
        conflicts, variants, relations, ...).  NotFound when there is none."""
        if isinstance(n, bool):
            raise TypeError("a story number is an int")
        n = operator.index(n)  # ints and numpy ints; 1.9 is a TypeError, not story 1
        if not -2**63 <= n < 2**63:
            raise NotFound(f"{self.path}: no story {n}", SS_ENOTFOUND)
        out = ffi.new("ss_buf *")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_engine_story_get_json(self._engine(), n, out, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        return json.loads(text)

    def stories(self, since=None, until=None, lang: Optional[str] = None, source: Optional[str] = None,
                query: Optional[str] = None, min_size: int = 0, limit: Optional[int] = None,
                after: Optional[str] = None) -> Dict[str, Any]:
        """Stories, newest activity first: {"stories": [...], "next": cursor
        or None} (pass next as after= for the following page).  since/until:
        ISO 8601 dates or seconds since 1970; query: SQLite FTS5 syntax;
        limit: at most that many (None or 0: all)."""
        for name, v in (("lang", lang), ("source", source), ("query", query), ("after", after)):
            if v is not None and not isinstance(v, str):
                raise TypeError(f"{name} is a str, not {type(v).__name__}")
        limit = 0 if limit is None else limit
        f = ffi.new("ss_story_filter *")
        lib.ss_story_filter_init(f)
        keep = []

        def s(v):
            c = ffi.new("char[]", str(v).encode("utf-8", "surrogatepass"))
            keep.append(c)
            return c

        if since is not None:
            f.since = _time(since)
        if until is not None:
            f.until = _time(until, end=True)
        if lang:
            f.lang = s(lang)
        if source:
            f.source = s(source)
        if query:
            f.query = s(query)
        if after:
            f.after = s(after)
        if isinstance(min_size, bool) or isinstance(limit, bool):
            raise TypeError("min_size and limit are ints")
        min_size, limit = operator.index(min_size), operator.index(limit)  # "2" is a TypeError
        if min_size < 0 or limit < 0:
            raise ValueError("min_size and limit are counts (>= 0)")
        f.min_size = min_size
        f.limit = limit
        out = ffi.new("ss_buf *")
        nxt = ffi.new("char **")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_engine_list_json(self._engine(), f, out, nxt, err)
        text = _take(out)
        cursor = None
        if nxt[0] != ffi.NULL:
            cursor = ffi.string(nxt[0]).decode()
            lib.ss_free(nxt[0])
        if rc != 0:
            _raise(err)
        return {"stories": [json.loads(l) for l in text.splitlines() if l.strip()], "next": cursor}

    def article(self, id: str) -> Dict[str, Any]:
        """One article: clean text, metadata, story, relation, and "reused"
        passages with spans (code points) in it and in its source."""
        if not isinstance(id, str):
            raise TypeError("an article id is a str")
        out = ffi.new("ss_buf *")
        err = ffi.new("ss_error *")
        key = _id_bytes(id)
        with self._lock:
            rc = lib.ss_engine_article_json(self._engine(), key, out, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        return json.loads(text)

    def search(self, query: str, limit: int = 20) -> List[Dict[str, Any]]:
        """Articles matching a full-text query (FTS5), best first."""
        if not isinstance(query, str):
            raise TypeError(f"query is a str, not {type(query).__name__}")
        if not query:
            raise ValueError("give the words to search for")
        limit = _count("limit", limit, 1, 1 << 30)
        out = ffi.new("ss_buf *")
        err = ffi.new("ss_error *")
        q = str(query).encode("utf-8", "surrogatepass")
        with self._lock:
            rc = lib.ss_engine_search_json(self._engine(), q, limit, out, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        return json.loads(text)

    def totals(self) -> Dict[str, int]:
        """How many articles and stories the store holds."""
        a = ffi.new("int64_t *")
        s = ffi.new("int64_t *")
        err = ffi.new("ss_error *")
        with self._lock:
            if lib.ss_engine_store_totals(self._engine(), a, s, err) != 0:
                _raise(err)
        return {"articles": a[0], "stories": s[0]}


def stories(records: Union[Record, Iterable[Record], str, bytes], threads: int = 0) -> List[Dict[str, Any]]:
    """`samestory stories` over records in memory: one dict per story (its
    articles, languages, first, title, size, dates, relations, and how the
    sources compare: agree, unique, quotes, conflicts, variants), in the
    order stories close.  A record that does not parse raises
    SamestoryError naming its index (the CLI's default policy).  The GIL
    is released while the engine works."""
    threads = _count("threads", threads, 0, 1024)
    body = _as_body(records)
    out = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    rc = lib.ss_stories_json(context(), body, len(body), threads, out, err)
    text = _take(out)
    if rc != 0:
        _raise(err)
    return [json.loads(l) for l in text.splitlines() if l.strip()]
