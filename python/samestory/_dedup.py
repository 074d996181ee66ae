"""samestory.Deduper and samestory.dedup: exact and near-duplicate documents.

The index is the one `samestory dedup --index FILE` keeps (lib/fingerprint/
dedup.h), driven from records by lib/fingerprint/deduper.h: records are
added in the CLI's batches, so `dedup(records)` gives the groups
`samestory dedup` prints for the same records in the same order.
"""
import json
import threading
from typing import Any, Dict, Iterable, Iterator, List, Union

from ._engine import MAX_DOC_BYTES, Record, _as_body, _raise, _take
from ._lib import ffi, lib

# The CLI's batch: this many records, or fewer when their JSON reaches
# BATCH_BYTES (lib/fingerprint/deduper.h).
BATCH_DOCS = 1024
BATCH_BYTES = 16 << 20
# Results are fetched from the library this many documents at a time.
_RESULT_SLICE = 8192


def _opts(threshold: float, ngram: int, hashes: int, common_docs: int):
    o = ffi.new("ss_dedup_opts *")
    lib.ss_dedup_opts_default(o)
    for name, v in (("threshold", threshold), ("ngram", ngram), ("hashes", hashes), ("common_docs", common_docs)):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{name} must be a number, not {type(v).__name__}")
    if not (0 < threshold <= 1):
        raise ValueError(f"threshold must be above 0 and at most 1 (got {threshold})")
    if not (0 <= common_docs < 2 ** 32):
        raise ValueError(f"common_docs must be from 0 to 2^32 - 1 (got {common_docs})")
    if not (-2 ** 31 <= ngram < 2 ** 31 and -2 ** 31 <= hashes < 2 ** 31):
        raise ValueError("ngram or hashes out of range")
    o.threshold = float(threshold)
    o.ngram = int(ngram)
    o.hashes = int(hashes)
    o.common_docs = int(common_docs)
    return o


def _params_dict(p) -> Dict[str, Any]:
    return {"threshold": p.threshold, "cutoff": p.cutoff, "ngram": p.ngram, "hashes": p.hashes,
            "bands": p.bands, "rows": p.rows, "common_docs": p.common_docs}


def _path(path) -> bytes:
    import os
    if isinstance(path, bytes):
        return path
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a path is a str, bytes or os.PathLike, not {type(path).__name__}")
    return os.fsencode(path)


class Deduper:
    """An index of documents for exact and near-duplicate groups.

        d = Deduper(threshold=0.8)
        d.add(records)                 # dicts with "id", "text" (or "html"), ...
        d.query({"id": "q", "text": "..."})   # held documents like this one
        for g in d.groups(): ...       # {"id", "group", "similarity"} per document
        d.save("news.idx")             # the file `samestory dedup --index` reads

    Options are those of `samestory dedup` (threshold, ngram, hashes,
    common_docs, keep_no_body).  Deduper.load(path) opens an index file
    written by the CLI or by save(); it must have been made with the same
    options.

    Threads: one call at a time runs (a lock serializes them); the library
    releases the GIL while it works, so other Python threads go on.
    """

    def __init__(self, threshold: float = 0.8, ngram: int = 5, hashes: int = 1024, common_docs: int = 16,
                 keep_no_body: bool = False):
        err = ffi.new("ss_error *")
        p = lib.ss_deduper_new(_opts(threshold, ngram, hashes, common_docs), 1 if keep_no_body else 0, err)
        if p == ffi.NULL:
            _raise(err)
        self._d = ffi.gc(p, lib.ss_deduper_free)
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path, **options) -> "Deduper":
        """A deduper holding the index file at path (SamestoryError if it is
        not one, is corrupt, or was made with other options; NotFound if
        there is no such file)."""
        d = cls(**options)
        err = ffi.new("ss_error *")
        if lib.ss_deduper_load(d._d, _path(path), err) != 0:
            _raise(err)
        return d

    def save(self, path) -> None:
        """Write the index to path, crash-safe (a new file renamed over the old)."""
        err = ffi.new("ss_error *")
        with self._lock:
            if lib.ss_deduper_save(self._live(), _path(path), err) != 0:
                _raise(err)

    def close(self) -> None:
        """Free the index now (otherwise when the object goes)."""
        with self._lock:
            if self._d is not None:
                ffi.release(self._d)
                self._d = None

    def __enter__(self) -> "Deduper":
        self._live()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _live(self):
        if self._d is None:
            raise ValueError("the Deduper is closed")
        return self._d

    def __len__(self) -> int:
        with self._lock:
            return lib.ss_dedup_count(lib.ss_deduper_index(self._live()))

    @property
    def params(self) -> Dict[str, Any]:
        """What the options amount to: threshold, cutoff, ngram, hashes, bands, rows, common_docs."""
        with self._lock:
            return _params_dict(lib.ss_dedup_get_params(lib.ss_deduper_index(self._live())))

    def add(self, records: Union[Record, Iterable[Record], str, bytes]) -> int:
        """Add records (a dict, an iterable of dicts, or JSON text); returns
        how many.  A bad record (no id, an id held already, broken JSON)
        raises SamestoryError naming it, and nothing of the call is added."""
        body = _as_body(records)
        added = ffi.new("size_t *")
        err = ffi.new("ss_error *")
        with self._lock:
            if lib.ss_deduper_add_json(self._live(), body, len(body), MAX_DOC_BYTES, added, err) != 0:
                _raise(err)
        return added[0]

    def query(self, record: Union[Record, str, bytes]) -> List[Dict[str, Any]]:
        """The held documents that are exact or near duplicates of record
        (which is not added): [{"id", "similarity"}], most similar first."""
        body = _as_body(record)
        out = ffi.new("ss_buf *")
        err = ffi.new("ss_error *")
        with self._lock:
            rc = lib.ss_deduper_query_json(self._live(), body, len(body), out, err)
        text = _take(out)
        if rc != 0:
            _raise(err)
        return json.loads(text)

    def groups(self, start: int = 0) -> Iterator[Dict[str, Any]]:
        """{"id", "group", "similarity"} for each document held from number
        start on (0: all, those of a loaded index first), in the order they
        were added: group is the id of the group's representative (the
        earliest member by date, else the first added), similarity the
        estimated Jaccard similarity to it."""
        i = start
        while True:
            out = ffi.new("ss_buf *")
            err = ffi.new("ss_error *")
            with self._lock:
                d = self._live()
                n = lib.ss_dedup_count(lib.ss_deduper_index(d))
                if i >= n:
                    return
                rc = lib.ss_deduper_results_json(d, i, min(n, i + _RESULT_SLICE), out, err)
            text = _take(out)
            if rc != 0:
                _raise(err)
            for line in text.splitlines():
                yield json.loads(line)
            i = min(n, i + _RESULT_SLICE)

    def first_new(self) -> int:
        """Documents numbered below this came from a loaded index."""
        with self._lock:
            return lib.ss_dedup_first_new(lib.ss_deduper_index(self._live()))


def _chunks(records: Iterable[Record]) -> Iterator[bytes]:
    """Records as JSON Lines in the CLI's batches."""
    if records is None:
        raise TypeError("records must be an iterable of dicts, not None")
    if isinstance(records, (dict, str, bytes)):
        raise TypeError("dedup() takes an iterable of records (dicts)")
    lines: List[bytes] = []
    size = 0
    for r in records:
        if isinstance(r, (str, bytes)):
            # a line of JSON text (an open file's lines): one record, ended
            line = r.encode("utf-8", "surrogatepass") if isinstance(r, str) else r
            if not line.endswith(b"\n"):
                line += b"\n"  # "a", "b" were joined into one line "ab"
        elif isinstance(r, dict):
            line = _as_body(r)
        else:
            raise TypeError(f"dedup() takes records as dicts or lines of JSON, not {type(r).__name__}")
        lines.append(line)
        size += len(line) - 1
        if len(lines) == BATCH_DOCS or size >= BATCH_BYTES:
            yield b"".join(lines)
            lines, size = [], 0
    if lines:
        yield b"".join(lines)


def dedup(records: Iterable[Record], threshold: float = 0.8, ngram: int = 5, hashes: int = 1024,
          common_docs: int = 16, keep_no_body: bool = False, index=None) -> Iterator[Dict[str, Any]]:
    """{"id", "group", "similarity"} for each record, in input order, as
    `samestory dedup` prints them for the same records.  Groups are final
    only once every record is in, so the results come after the last
    record was read.  index: a file as `dedup --index` (loaded if it
    exists, saved with these records)."""
    import os
    d = Deduper(threshold, ngram, hashes, common_docs, keep_no_body)
    if index is not None and os.path.exists(index):
        d = Deduper.load(index, threshold=threshold, ngram=ngram, hashes=hashes, common_docs=common_docs,
                         keep_no_body=keep_no_body)
    for chunk in _chunks(records):
        d.add(chunk)
    if index is not None:
        d.save(index)
    return d.groups(d.first_new())
