"""samestory on a Dask cluster: clean, dedup, reuse and stories past one machine.

    python3 -m samestory.dask dedup --scheduler tcp://HOST:8786 IN.jsonl... -o OUT.jsonl
    python3 -m samestory.dask clean --scheduler tcp://HOST:8786 IN.jsonl... -o OUT.jsonl
    python3 -m samestory.dask reuse --scheduler tcp://HOST:8786 IN.jsonl... -o OUT.jsonl
    python3 -m samestory.dask stories --scheduler tcp://HOST:8786 IN.jsonl... -o OUT.jsonl

reuse gives the lines `samestory reuse` prints, byte for byte: seed
n-grams shuffled by hash, candidate pairs counted, pairs aligned by the C
library in their first document's partition (_reuse_align_task;
docs/DASK.md tells the steps).

stories: time ranges grouped by the engine after a warm-up, stitched;
docs/DASK.md ("How stories is spread out") tells the steps and how close
it comes to `samestory stories`.

Inputs are files on storage every worker sees (the workers open them by
path), output is written there too.  A JSON Lines file is cut into
partitions of about --blocksize bytes at line ends; any other input (a
compressed file, a WARC, an HTML or text file, a folder) is one partition.
Without --scheduler a local cluster of --workers processes is started.

dedup gives the groups `samestory dedup` prints for the same input, in the
same order, by the same steps spread out (lib/fingerprint/deduper.h):

1. scan (per partition, C): documents cleaned and scanned; exact key,
   date, size and the countable line hashes of each.
2. the driver numbers the documents (partition counts) and cuts them into
   the CLI's batches (1,024 records or 16 MiB) from their sizes: one
   integer per document.
3. exact keys: the first document of each key (a groupby shuffle); the
   others are its copies.
4. common lines: lines counted over first-of-key documents (a groupby
   shuffle); for a line reaching common_docs documents, the batch in which
   it did (the CLI's table counts up to the batch being sketched).
5. sketch (per partition, C): the partition is scanned again and its
   first-of-key documents sketched against the common lines of their
   batch: MinHash sketch and LSH band keys, equal to the CLI's.
6. candidates: band keys shuffled; in a bucket, documents in input order,
   the document at position j is compared with those at 0 .. min(j, 64)-1
   (the CLI files the first 64 of a bucket only).  Pairs are verified on
   the sketches (joins on document number that move pairs, not sketches).
7. groups: connected components of the verified pairs and the exact-copy
   pairs by iterated min-label propagation with pointer jumping (joins;
   no edge list is collected on one machine), then each group's
   representative (earliest date, dated first, then input order) and each
   member's similarity to it.
8. output: each partition writes its documents' lines; the driver joins
   the part files in order.

Memory per worker is bounded by its partitions (documents of one
partition with their words while it is scanned; sketches of hashes/4
bytes per first-of-key document held until the pairs are verified).
"""
import argparse
import json
import os
import shutil
import re
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

import dask
import dask.dataframe as dd
from dask import delayed

from ._dedup import BATCH_BYTES, BATCH_DOCS, _opts
from ._engine import _raise, _take
from ._reuse import _json_opts
from ._lib import context, ffi, lib

TIME_NONE = -(2 ** 63)  # SS_TIME_NONE (core/time.h)
BUCKET_CAP = 64         # SS_DEDUP_BUCKET_CAP (fingerprint/dedup.h)
DEFAULT_BLOCKSIZE = 32 << 20
SHUFFLE = "tasks"

# ---------------------------------------------------------------- partitions


def partitions(paths: Sequence[str], blocksize: int = DEFAULT_BLOCKSIZE) -> List[Tuple]:
    """The input cut into partitions: ("jsonl", path, start, end) byte
    ranges of plain JSON Lines files, cut after a newline; ("files",
    [path]) for anything else."""
    out: List[Tuple] = []
    for p in paths:
        p = os.path.abspath(p)
        if not os.path.exists(p):
            raise FileNotFoundError(f"{p}: no such file or folder")
        low = p.lower()
        if os.path.isfile(p) and (low.endswith(".jsonl") or low.endswith(".ndjson")):
            size = os.path.getsize(p)
            start = 0
            with open(p, "rb") as f:
                while start < size:
                    end = min(size, start + blocksize)
                    if end < size:
                        f.seek(end)
                        while True:
                            chunk = f.read(1 << 16)
                            if not chunk:
                                end = size
                                break
                            k = chunk.find(b"\n")
                            if k >= 0:
                                end += k + 1
                                break
                            end += len(chunk)
                    out.append(("jsonl", p, start, end))
                    start = end
            if size == 0:
                out.append(("jsonl", p, 0, 0))
        else:
            out.append(("files", [p]))
    return out


def _read_range(path: str, start: int, end: int) -> bytes:
    with open(path, "rb") as f:
        f.seek(start)
        return f.read(end - start)


class _Part:
    """A partition scanned by the C library (ss_dedup_part)."""

    def __init__(self, spec: Tuple, opts: Dict[str, Any]):
        err = ffi.new("ss_error *")
        o = _opts(opts["threshold"], opts["ngram"], opts["hashes"], opts["common_docs"])
        p = lib.ss_dedup_part_new(o, 1 if opts.get("keep_no_body") else 0, err)
        if p == ffi.NULL:
            _raise(err)
        self.p = ffi.gc(p, lib.ss_dedup_part_free)
        if spec[0] == "jsonl":
            _, path, start, end = spec
            buf = _read_range(path, start, end)
            rc = lib.ss_dedup_part_add_jsonl(self.p, buf, len(buf), path.encode(), start, err)
        else:
            cpaths = [ffi.new("char[]", os.fsencode(x)) for x in spec[1]]
            arr = ffi.new("const char *[]", cpaths)
            rc = lib.ss_dedup_part_add_files(self.p, arr, len(cpaths), err)
        if rc != 0:
            _raise(err)
        self.n = lib.ss_dedup_part_count(self.p)
        self.params = lib.ss_dedup_part_params(self.p)

    def docs(self) -> pd.DataFrame:
        n = self.n
        t = np.empty(n, np.int64)
        ex = np.empty(n, np.uint64)
        fl = np.empty(n, np.uint8)
        sz = np.empty(n, np.uint64)
        ids = ffi.new("ss_buf *")
        cast = lambda a, ty: ffi.cast(ty, a.ctypes.data)
        if lib.ss_dedup_part_docs(self.p, cast(t, "int64_t *"), cast(ex, "uint64_t *"), cast(fl, "uint8_t *"),
                                  cast(sz, "uint64_t *"), ids) != 0:
            raise MemoryError("samestory: out of memory")
        raw = ffi.unpack(ids.data, ids.len) if ids.len else b""
        lib.ss_buf_release(ids)
        names = raw.split(b"\0")[:n]
        return pd.DataFrame({"id": [x.decode("utf-8") for x in names], "time": t, "exact": ex, "flags": fl,
                             "size": sz})

    def lines(self) -> Tuple[np.ndarray, np.ndarray]:
        k = lib.ss_dedup_part_nlines(self.p)
        doc = np.empty(k, np.uint32)
        h = np.empty(k, np.uint64)
        if k:
            lib.ss_dedup_part_lines(self.p, ffi.cast("uint32_t *", doc.ctypes.data),
                                    ffi.cast("uint64_t *", h.ctypes.data))
        return doc, h

    def sketch(self, want: np.ndarray, batch: np.ndarray, common_hash: np.ndarray, common_from: np.ndarray):
        n, sb, nb = self.n, lib.ss_minhash_sketch_bytes(self.params.hashes), self.params.bands
        want = np.ascontiguousarray(want, np.uint8)
        batch = np.ascontiguousarray(batch, np.uint32)
        common_hash = np.ascontiguousarray(common_hash, np.uint64)
        common_from = np.ascontiguousarray(common_from, np.uint32)
        sk = np.zeros((n, sb), np.uint8)
        bands = np.zeros((n, nb), np.uint64)
        has = np.zeros(n, np.uint8)
        err = ffi.new("ss_error *")
        c = lambda a, ty: ffi.cast(ty, a.ctypes.data)
        if lib.ss_dedup_part_sketch(self.p, c(want, "uint8_t *"), c(batch, "uint32_t *"), c(common_hash, "uint64_t *"),
                                    c(common_from, "uint32_t *"), len(common_hash), c(sk, "uint8_t *"),
                                    c(bands, "uint64_t *"), c(has, "uint8_t *"), err) != 0:
            _raise(err)
        return sk, bands, has


# ---------------------------------------------------------------- tasks (run on workers)


def _scan(spec, opts):
    """Scan a partition, and sketch every document that could be the first
    of its exact key as if no line were common: its lines, exact key and
    the like, its sketch and band keys.  Only documents holding a line
    found common later are sketched again (_sketch_task)."""
    part = _Part(spec, opts)
    docs = part.docs()
    doc, h = part.lines()
    want = ((docs["exact"].to_numpy() != 0) & ((docs["flags"].to_numpy() & 1) == 0)).astype(np.uint8)
    none = np.empty(0, np.uint64)
    sk, bands, has = part.sketch(want, np.zeros(part.n, np.uint32), none, none.astype(np.uint32))
    return {"docs": docs, "line_doc": doc, "line_hash": h, "sk": sk, "bands": bands, "has": has}


def _id_hashes(scan) -> np.ndarray:
    return pd.util.hash_pandas_object(scan["docs"]["id"], index=False).to_numpy()


def _id_at(scan, k: int) -> str:
    return scan["docs"]["id"].iloc[k]


def _where(spec) -> str:
    return f"{spec[1]} (bytes {spec[2]}-{spec[3]})" if spec[0] == "jsonl" else str(spec[1][0])


def _check_ids(scans, specs, offsets) -> None:
    """Refuse a run whose documents repeat an id, as `samestory dedup`
    does, across partitions too (each partition checks its own).  Every
    id's 64-bit hash comes to the driver (8 bytes a document, like the
    sizes it holds already); equal hashes are confirmed on the ids."""
    h = np.concatenate(dask.compute(*[delayed(_id_hashes)(x) for x in scans]))
    order = np.argsort(h, kind="stable")
    same = np.nonzero(h[order][1:] == h[order][:-1])[0]
    for k in same[:64]:  # a hash collision is rare; a few tries settle it
        a, b = int(order[k]), int(order[k + 1])
        pa, pb = int(np.searchsorted(offsets, a, "right") - 1), int(np.searchsorted(offsets, b, "right") - 1)
        ida, idb = dask.compute(delayed(_id_at)(scans[pa], a - int(offsets[pa])),
                                delayed(_id_at)(scans[pb], b - int(offsets[pb])))
        if ida == idb:
            raise ValueError(f"duplicate id \"{ida}\": in {_where(specs[pa])} and in {_where(specs[pb])} "
                             f"(ids must be unique, as for samestory dedup)")


def _docs_frame(scan, offset):
    d = scan["docs"].copy()
    d.index = pd.RangeIndex(offset, offset + len(d), name="doc")
    return d


def _lines_frame(scan, offset, batch_starts):
    doc = scan["line_doc"].astype(np.int64) + offset
    return pd.DataFrame({"doc": doc, "hash": scan["line_hash"],
                         "batch": np.searchsorted(batch_starts, doc, side="right").astype(np.int64) - 1})


def _sketch_task(scan, spec, opts, offset, batch_starts, heads, common):
    """Band rows and sketches of the partition's first-of-key documents.
    The scan's sketches stand, except for documents holding a line that
    was common by their batch: the partition is scanned again for those."""
    n = len(scan["docs"])
    glob = np.arange(offset, offset + n, dtype=np.int64)
    head = heads.reindex(glob).to_numpy()
    is_head = head == glob
    batch = (np.searchsorted(batch_starts, glob, side="right") - 1).astype(np.uint32)
    sk, bands, has = scan["sk"], scan["bands"], scan["has"]
    common_hash, common_from = common
    if len(common_hash):
        order = np.argsort(common_hash)
        ch, cf = common_hash[order], common_from[order]
        ld, lh = scan["line_doc"], scan["line_hash"]
        k = np.searchsorted(ch, lh)
        k[k >= len(ch)] = 0
        hit = (ch[k] == lh) & (cf[k] <= batch[ld]) if len(lh) else np.zeros(0, bool)
        redo = np.zeros(n, bool)
        redo[ld[hit]] = True
        redo &= is_head & (scan["docs"]["exact"].to_numpy() != 0) & ((scan["docs"]["flags"].to_numpy() & 1) == 0)
        if redo.any():
            part = _Part(spec, opts)
            sk2, bands2, has2 = part.sketch(redo.astype(np.uint8), batch, common_hash, common_from)
            sk, bands, has = sk.copy(), bands.copy(), has.copy()
            sk[redo], bands[redo], has[redo] = sk2[redo], bands2[redo], has2[redo]
    sel = np.nonzero(has.astype(bool) & is_head)[0]
    nb = bands.shape[1]
    band_rows = pd.DataFrame({"key": bands[sel].ravel(), "doc": np.repeat(glob[sel], nb)})
    idx = pd.Index(glob[sel], name="doc")
    sketches = pd.DataFrame({"sk": pd.Series([sk[i].tobytes() for i in sel], index=idx, dtype=object)})
    return band_rows, sketches


def _bucket_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """Within each band key, in input order: (i, j) for i < min(pos(j), 64)."""
    if df.empty:
        return pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64)})
    df = df.drop_duplicates().sort_values(["key", "doc"], kind="mergesort")
    key = df["key"].to_numpy()
    doc = df["doc"].to_numpy()
    start = np.r_[0, np.nonzero(key[1:] != key[:-1])[0] + 1]
    sizes = np.diff(np.r_[start, len(key)])
    a_out, b_out = [], []
    for s, c in zip(start[sizes > 1], sizes[sizes > 1]):
        m = doc[s:s + c]
        for j in range(1, c):
            k = min(j, BUCKET_CAP)
            a_out.append(m[:k])
            b_out.append(np.full(k, m[j]))
    if not a_out:
        return pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64)})
    return pd.DataFrame({"a": np.concatenate(a_out).astype(np.int64), "b": np.concatenate(b_out).astype(np.int64)})


def _similarity(df: pd.DataFrame, hashes: int, col_a="ska", col_b="skb") -> np.ndarray:
    out = np.zeros(len(df), np.float64)
    for i, (x, y) in enumerate(zip(df[col_a].to_numpy(), df[col_b].to_numpy())):
        if isinstance(x, bytes) and isinstance(y, bytes):
            out[i] = lib.ss_minhash_similarity(x, y, hashes)
    return out


def _verify(df: pd.DataFrame, hashes: int, cutoff: float) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64)})
    s = _similarity(df, hashes)
    keep = s >= cutoff
    return pd.DataFrame({"a": df["a"].to_numpy()[keep].astype(np.int64),
                         "b": df["b"].to_numpy()[keep].astype(np.int64)})


def _pick_rep(df: pd.DataFrame) -> pd.DataFrame:
    """Per component (label), the representative: dated before undated,
    earliest date, then smallest document number."""
    if df.empty:
        return pd.DataFrame({"lab": np.empty(0, np.int64), "rep": np.empty(0, np.int64)})
    undated = (df["time"].to_numpy() == TIME_NONE).astype(np.int8)
    d = pd.DataFrame({"lab": df["lab"].to_numpy(), "undated": undated, "time": df["time"].to_numpy(),
                      "n": df["n"].to_numpy()})
    d = d.sort_values(["lab", "undated", "time", "n"], kind="mergesort").drop_duplicates("lab")
    return pd.DataFrame({"lab": d["lab"].to_numpy(), "rep": d["n"].to_numpy()})


def _fmt_sim(v: float) -> str:
    s = f"{v:.4f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _write_part(docs: pd.DataFrame, res: pd.DataFrame, path: str) -> int:
    """docs: index doc, column id; res: index doc (members of groups of two
    or more), columns gid, sim.  Lines in document order."""
    res = res[~res.index.duplicated()]
    gid = res["gid"].reindex(docs.index)
    sim = res["sim"].reindex(docs.index)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for i, g, s in zip(docs["id"].to_numpy(), gid.to_numpy(), sim.to_numpy()):
            if not isinstance(g, str):
                g, s = i, 1.0
            f.write('{"id":%s,"group":%s,"similarity":%s}\n' % (
                json.dumps(i, ensure_ascii=False), json.dumps(g, ensure_ascii=False), _fmt_sim(float(s))))
    return len(docs)


# ---------------------------------------------------------------- the jobs


def _join_parts(names: Sequence[str], out: str) -> None:
    """The part files joined in order into out, replaced whole (written
    beside it, synced, renamed): a reader never sees half an output."""
    tmp_out = out + ".tmp"
    with open(tmp_out, "wb") as f:
        for p in names:
            with open(p, "rb") as g:
                shutil.copyfileobj(g, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp_out, out)


def _client(scheduler: Optional[str], workers: int, timeout: float = 30):
    from distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler, timeout=timeout), None
    # a task's error reaches the user once, from main, with its file and
    # line; the workers' own "Compute Failed" dump of it is left out
    import logging
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _locate(msg: str) -> str:
    """A task's "FILE: byte N: why" as "FILE:LINE (byte N): why", the line
    counted in the file as the CLI counts it."""
    m = re.match(r"(.*?): byte (\d+): (.*)", msg, re.S)
    if not m or not re.search(r"\.(jsonl|ndjson|json)$", m.group(1)) or not os.path.isfile(m.group(1)):
        return msg  # a WARC or compressed file: its offsets are no line's
    path, at, why = m.group(1), int(m.group(2)), m.group(3)
    line = 1
    try:
        with open(path, "rb") as f:
            left = at
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                line += chunk.count(b"\n")
                left -= len(chunk)
    except OSError:
        return msg
    return f"{path}:{line} (byte {at}): {why}"


def _batch_starts(sizes: np.ndarray) -> np.ndarray:
    """First document of each of the CLI's batches."""
    n = len(sizes)
    cum = np.r_[0, np.cumsum(sizes.astype(np.uint64))]
    starts = []
    s = 0
    while s < n:
        starts.append(s)
        e = min(n, s + BATCH_DOCS)
        # the batch ends after the record whose bytes reach BATCH_BYTES
        k = int(np.searchsorted(cum, cum[s] + BATCH_BYTES, side="left"))
        e = min(e, max(s + 1, k))
        s = e
    return np.array(starts if starts else [0], np.int64)


def _common_lines(lines: pd.DataFrame, common_docs: int) -> Tuple[np.ndarray, np.ndarray]:
    """(hash, from_batch) for lines that reach common_docs head documents:
    the batch of the common_docs-th (in input order)."""
    if lines.empty or common_docs == 0:
        return np.empty(0, np.uint64), np.empty(0, np.uint32)
    lines = lines.sort_values(["hash", "doc"], kind="mergesort")
    lines["rank"] = lines.groupby("hash").cumcount()
    hit = lines[lines["rank"] == common_docs - 1]
    return hit["hash"].to_numpy(np.uint64), hit["batch"].to_numpy(np.uint32)


def _components(edges: dd.DataFrame, nparts: int, max_rounds: int = 64) -> dd.DataFrame:
    """node -> smallest node of its component (columns n, lab), by
    min-label propagation with pointer jumping over joins."""
    ends = dd.concat([edges[["a"]].rename(columns={"a": "n"}), edges[["b"]].rename(columns={"b": "n"})])
    nodes = ends.drop_duplicates(split_out=nparts)
    lab = nodes.assign(lab=nodes["n"]).persist()
    kw = {"npartitions": nparts, "shuffle": SHUFFLE}
    for _ in range(max_rounds):
        via_a = edges.merge(lab, left_on="a", right_on="n", **kw)[["b", "lab"]].rename(columns={"b": "n"})
        via_b = edges.merge(lab, left_on="b", right_on="n", **kw)[["a", "lab"]].rename(columns={"a": "n"})
        m = dd.concat([lab, via_a, via_b]).groupby("n", sort=False)["lab"].min(split_out=nparts, shuffle=SHUFFLE)
        m = m.to_frame("lab").reset_index()
        # pointer jumping: a node takes its label's label
        jump = m.merge(m.rename(columns={"n": "lab", "lab": "lab2"}), on="lab", how="left", **kw)
        jump["lab"] = jump["lab2"].fillna(jump["lab"]).astype(np.int64)
        new = jump[["n", "lab"]].persist()
        both = new.merge(lab.rename(columns={"lab": "old"}), on="n", **kw)
        changed = int((both["lab"] != both["old"]).sum().compute())
        lab = new
        if changed == 0:
            return lab
    raise RuntimeError(f"components did not settle in {max_rounds} rounds")


def _copies(df: pd.DataFrame) -> pd.DataFrame:
    """(copy, first document of its exact key) pairs of a head table."""
    d = df[df.index != df["head"]]
    return pd.DataFrame({"a": d.index.to_numpy(np.int64), "b": d["head"].to_numpy(np.int64)})


def _parts_for(rows: int, per_part: int, cap: int) -> int:
    """Partitions for a shuffle of `rows` rows: one per per_part rows, at most cap."""
    return max(1, min(cap, rows // per_part + 1))


def _aligned(df: dd.DataFrame, col: str, divisions: List[int]) -> dd.DataFrame:
    """df indexed by col, cut at the documents' divisions (only df moves)."""
    return df.set_index(col, divisions=divisions, shuffle=SHUFFLE)


def _join(df: dd.DataFrame, col: str, right: dd.DataFrame, divisions: List[int], how: str = "inner") -> dd.DataFrame:
    """df joined with right (indexed by document, at divisions) on df[col]:
    df is moved to right's partitions; right stays where it is."""
    left = _aligned(df, col, divisions)
    j = left.merge(right, left_index=True, right_index=True, how=how)
    meta = j._meta.rename_axis(col).reset_index()
    return j.map_partitions(lambda d: d.rename_axis(col).reset_index(), meta=meta)


def dedup(client, paths: Sequence[str], out: str, threshold: float = 0.8, ngram: int = 5, hashes: int = 1024,
          common_docs: int = 16, keep_no_body: bool = False, blocksize: int = DEFAULT_BLOCKSIZE,
          log=None) -> Dict[str, Any]:
    """Run the dedup job on client (a distributed.Client); write one line per
    document to out, as `samestory dedup`.  Returns counts and timings."""
    say = log or (lambda *a: None)
    t0 = time.time()
    opts = {"threshold": threshold, "ngram": ngram, "hashes": hashes, "common_docs": common_docs,
            "keep_no_body": keep_no_body}
    o = _opts(threshold, ngram, hashes, common_docs)
    err = ffi.new("ss_error *")
    probe = lib.ss_dedup_part_new(o, 0, err)
    if probe == ffi.NULL:
        _raise(err)
    params = lib.ss_dedup_part_params(probe)
    lib.ss_dedup_part_free(probe)
    specs = partitions(paths, blocksize)
    with dask.config.set({"dataframe.shuffle.method": SHUFFLE}):
        # 1. scan
        scans = dask.persist(*[delayed(_scan, pure=False)(s, opts) for s in specs])
        sizes = dask.compute(*[delayed(lambda s: s["docs"]["size"].to_numpy())(x) for x in scans])
        keep = [i for i, s in enumerate(sizes) if len(s)]  # partitions holding documents
        specs = [specs[i] for i in keep]
        scans = [scans[i] for i in keep]
        sizes = [sizes[i] for i in keep]
        counts = [len(s) for s in sizes]
        offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
        ndocs = int(offsets[-1])
        say(f"scanned {ndocs} documents in {len(specs)} partitions ({time.time() - t0:.1f} s)")
        if ndocs:
            _check_ids(scans, specs, offsets)
        if ndocs == 0:
            open(out, "wb").close()
            return {"documents": 0, "edges": 0, "partitions": 0, "seconds": time.time() - t0}
        P = len(specs)
        # the last bound is inclusive: ndocs rather than ndocs - 1, so that a
        # last partition of one document gives no repeated division
        divisions = [int(x) for x in offsets]
        kparts = _parts_for(ndocs, 250_000, P)
        # 2. the CLI's batches
        starts = _batch_starts(np.concatenate(sizes))
        meta_docs = pd.DataFrame({"id": pd.Series([], dtype=object), "time": pd.Series([], dtype=np.int64),
                                  "exact": pd.Series([], dtype=np.uint64), "flags": pd.Series([], dtype=np.uint8),
                                  "size": pd.Series([], dtype=np.uint64)},
                                 index=pd.RangeIndex(0, 0, name="doc"))
        docs = dd.from_delayed([delayed(_docs_frame)(scans[i], int(offsets[i])) for i in range(P)],
                               meta=meta_docs, divisions=divisions)
        # 3. exact keys: the first document of each
        keyed = docs[docs["exact"] != 0][["exact"]].reset_index()
        first = keyed.groupby("exact", sort=False)["doc"].min(split_out=kparts, shuffle=SHUFFLE).to_frame("head")
        heads = keyed.merge(first, left_on="exact", right_index=True, npartitions=kparts,
                            shuffle=SHUFFLE)[["doc", "head"]]
        heads = _aligned(heads, "doc", divisions).persist()   # index doc, column head
        copies = heads.map_partitions(_copies, meta={"a": np.int64, "b": np.int64})
        # 4. common lines, over first-of-key documents
        common = (np.empty(0, np.uint64), np.empty(0, np.uint32))
        if common_docs > 0:
            meta_lines = pd.DataFrame({"doc": pd.Series([], dtype=np.int64), "hash": pd.Series([], dtype=np.uint64),
                                       "batch": pd.Series([], dtype=np.int64)})
            lines = dd.from_delayed([delayed(_lines_frame)(scans[i], int(offsets[i]), starts) for i in range(P)],
                                    meta=meta_lines)
            firsts = heads.map_partitions(lambda df: df[df.index == df["head"]][[]])
            hl = _join(lines, "doc", firsts, divisions)
            cnt = hl.groupby("hash", sort=False)["doc"].count(split_out=kparts, shuffle=SHUFFLE)
            hot = cnt[cnt >= common_docs].index.compute().to_numpy(np.uint64)
            if len(hot):
                rows = hl[hl["hash"].isin(list(hot))].compute()
                common = _common_lines(rows, common_docs)
        say(f"exact keys; {len(common[0])} common lines ({time.time() - t0:.1f} s)")
        # 5. sketches of first-of-key documents (partitions with a common line scanned again)
        # one key each in the graph, sent to the workers that need them (a
        # scatter would be lost with a worker; a graph key is recomputed)
        common_f = delayed(common, traverse=False)
        starts_f = delayed(starts, traverse=False)
        hparts = heads["head"].to_delayed()
        outs = [delayed(_sketch_task, nout=2, pure=False)(scans[i], specs[i], opts, int(offsets[i]), starts_f,
                                                          hparts[i], common_f) for i in range(P)]
        band_meta = pd.DataFrame({"key": pd.Series([], dtype=np.uint64), "doc": pd.Series([], dtype=np.int64)})
        sk_meta = pd.DataFrame({"sk": pd.Series([], dtype=object)}, index=pd.Index([], dtype=np.int64, name="doc"))
        bands = dd.from_delayed([x[0] for x in outs], meta=band_meta)
        sketches = dd.from_delayed([x[1] for x in outs], meta=sk_meta, divisions=divisions)
        bands, sketches = dask.persist(bands, sketches)
        say(f"sketched ({time.time() - t0:.1f} s)")
        # 6. candidate pairs by band key, verified on the sketches
        pparts = _parts_for(ndocs * int(params.bands), 4_000_000, P)
        pairs = bands.shuffle("key", npartitions=pparts, shuffle=SHUFFLE).map_partitions(
            _bucket_pairs, meta={"a": np.int64, "b": np.int64})
        pairs = pairs.drop_duplicates(split_out=pparts)
        pv = _join(pairs, "a", sketches.rename(columns={"sk": "ska"}), divisions)
        pv = _join(pv, "b", sketches.rename(columns={"sk": "skb"}), divisions)
        near = pv.map_partitions(_verify, params.hashes, params.cutoff, meta={"a": np.int64, "b": np.int64})
        near = near.persist()
        ncand = int(len(pairs))
        edges = dd.concat([near, copies[["a", "b"]]])
        nedges = int(len(edges))
        gparts = _parts_for(nedges, 1_000_000, P)
        edges = edges.repartition(npartitions=gparts).persist()
        say(f"{ncand} candidate pairs, {nedges} edges ({time.time() - t0:.1f} s)")
        # 7. groups
        res = None
        if nedges:
            comp = _components(edges, gparts)                            # n, lab
            ct = _join(comp, "n", docs[["time"]], divisions)           # n, lab, time
            reps = ct.shuffle("lab", npartitions=gparts, shuffle=SHUFFLE).map_partitions(
                _pick_rep, meta={"lab": np.int64, "rep": np.int64})
            mem = comp.merge(reps, on="lab", npartitions=gparts, shuffle=SHUFFLE)[["n", "rep"]]
            # similarity to the representative, through both first-of-key documents
            hh = heads[["head"]]
            mem = _join(mem, "n", hh, divisions, how="left")
            mem = _join(mem, "rep", hh.rename(columns={"head": "rhead"}), divisions, how="left")
            mem["head"] = mem["head"].fillna(-1).astype(np.int64)
            mem["rhead"] = mem["rhead"].fillna(-1).astype(np.int64)
            mem = _join(mem, "head", sketches.rename(columns={"sk": "ska"}), divisions, how="left")
            mem = _join(mem, "rhead", sketches.rename(columns={"sk": "skb"}), divisions, how="left")
            mem = mem.map_partitions(_member_sim, params.hashes,
                                     meta={"n": np.int64, "rep": np.int64, "sim": np.float64})
            res = _join(mem, "rep", docs[["id"]].rename(columns={"id": "gid"}), divisions)[["n", "gid", "sim"]]
            res = _aligned(res, "n", divisions).persist()
        say(f"groups ({time.time() - t0:.1f} s)")
        # 8. output: a part file per partition, joined in order
        tmpdir = tempfile.mkdtemp(prefix=".samestory-dask-", dir=os.path.dirname(os.path.abspath(out)) or ".")
        try:
            dparts = docs[["id"]].to_delayed()
            rparts = res.to_delayed() if res is not None else [delayed(_empty_res)() for _ in range(P)]
            names = [os.path.join(tmpdir, f"part-{i:06d}.jsonl") for i in range(P)]
            written = sum(dask.compute(*[delayed(_write_part)(dparts[i], rparts[i], names[i]) for i in range(P)]))
            _join_parts(names, out)
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
    secs = time.time() - t0
    say(f"wrote {written} lines to {out} ({secs:.1f} s)")
    return {"documents": written, "candidates": ncand, "edges": nedges, "partitions": P, "seconds": secs}


def _res_slice(parts):
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty_res()
    return pd.concat(parts)


def _empty_res():
    return pd.DataFrame({"gid": pd.Series([], dtype=object), "sim": pd.Series([], dtype=np.float64)},
                        index=pd.Index([], dtype=np.int64, name="n"))


def _member_sim(df: pd.DataFrame, hashes: int) -> pd.DataFrame:
    n = df["n"].to_numpy()
    rep = df["rep"].to_numpy()
    h = df["head"].to_numpy()
    rh = df["rhead"].to_numpy()
    sim = _similarity(df, hashes)
    same = (n == rep) | (pd.notna(df["head"]).to_numpy() & (h == rh))
    sim[same] = 1.0
    return pd.DataFrame({"n": n.astype(np.int64), "rep": rep.astype(np.int64), "sim": sim})


# ---------------------------------------------------------------- clean


def _clean_task(spec, out_path):
    """Clean one partition (as `samestory clean --no-learn`) into out_path."""
    err = ffi.new("ss_error *")
    rc = lib.ss_record_cleaner_new(ffi.NULL, 0, err)
    if rc == ffi.NULL:
        _raise(err)
    rc = ffi.gc(rc, lib.ss_record_cleaner_free)
    n = 0
    with open(out_path, "wb") as f:
        if spec[0] == "jsonl":
            _, path, start, end = spec
            buf = _read_range(path, start, end)
            pos = 0
            for line in buf.split(b"\n"):
                at = start + pos
                pos += len(line) + 1
                if line.endswith(b"\r"):
                    line = line[:-1]
                if not line.strip():
                    continue
                out = ffi.new("ss_buf *")
                if lib.ss_record_clean_text(rc, line, len(line), out, err) != 0:
                    lib.ss_buf_release(out)
                    msg = ffi.string(err.msg).decode("utf-8", "replace")
                    msg = re.sub(r"^record:1: ", "", msg)  # the one record given: the place is ours to say
                    raise ValueError(f"{path}: byte {at}: {msg}")
                f.write(_take(out).encode("utf-8") + b"\n")
                n += 1
        else:
            cpaths = [ffi.new("char[]", os.fsencode(x)) for x in spec[1]]
            arr = ffi.new("const char *[]", cpaths)
            out = ffi.new("ss_buf *")
            if lib.ss_record_clean_files(rc, arr, len(cpaths), out, err) != 0:
                lib.ss_buf_release(out)
                _raise(err)
            text = _take(out).encode("utf-8")
            f.write(text)
            n += text.count(b"\n")
    return n


def clean(client, paths: Sequence[str], out: str, blocksize: int = DEFAULT_BLOCKSIZE, log=None) -> Dict[str, Any]:
    """Clean every record (map over partitions); write JSON Lines to out in input order."""
    say = log or (lambda *a: None)
    t0 = time.time()
    specs = partitions(paths, blocksize)
    tmpdir = tempfile.mkdtemp(prefix=".samestory-dask-", dir=os.path.dirname(os.path.abspath(out)) or ".")
    try:
        names = [os.path.join(tmpdir, f"part-{i:06d}.jsonl") for i in range(len(specs))]
        counts = dask.compute(*[delayed(_clean_task, pure=False)(s, p) for s, p in zip(specs, names)])
        _join_parts(names, out)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    secs = time.time() - t0
    say(f"cleaned {sum(counts)} records in {len(specs)} partitions ({secs:.1f} s)")
    return {"documents": int(sum(counts)), "partitions": len(specs), "seconds": secs}


# ---------------------------------------------------------------- reuse

REUSE_MIN_SHARED = 2       # seeds a pair must share (ss_reuse_opts.min_shared)
REUSE_FURNITURE_DOCS = 3   # ss_reuse_opts.furniture_min_docs


def _reuse_part(opts: Dict[str, Any]):
    """A C ss_reuse_part for the run's options (checked: TypeError,
    ValueError naming the option)."""
    o = _json_opts(**opts)
    err = ffi.new("ss_error *")
    p = lib.ss_reuse_part_new(o, err)
    if p == ffi.NULL:
        _raise(err)
    return ffi.gc(p, lib.ss_reuse_part_free)


def _reuse_scan(spec, opts):
    """Read one partition as `samestory reuse` reads it: per record its id,
    whether it is kept (has an article body), its source hash and its
    prepared form as bytes; the distinct fingerprints of each kept one."""
    p = _reuse_part(opts)
    err = ffi.new("ss_error *")
    if spec[0] == "jsonl":
        _, path, start, end = spec
        buf = _read_range(path, start, end)
        rc = lib.ss_reuse_part_add_jsonl(p, buf, len(buf), path.encode(), start, err)
    else:
        cpaths = [ffi.new("char[]", os.fsencode(x)) for x in spec[1]]
        rc = lib.ss_reuse_part_add_files(p, ffi.new("const char *[]", cpaths), len(cpaths), err)
    if rc != 0:
        _raise(err)
    n = lib.ss_reuse_part_count(p)
    kept = np.zeros(n, np.uint8)
    src = np.zeros(n, np.uint64)
    ids = ffi.new("ss_buf *")
    cast = lambda a, ty: ffi.cast(ty, a.ctypes.data)
    if lib.ss_reuse_part_docs(p, cast(kept, "uint8_t *"), cast(src, "uint64_t *"), ids) != 0:
        raise MemoryError("samestory: out of memory")
    raw = ffi.unpack(ids.data, ids.len) if ids.len else b""
    lib.ss_buf_release(ids)
    blobs = np.empty(n, object)
    for i in np.nonzero(kept)[0]:
        b = ffi.new("ss_buf *")
        if lib.ss_reuse_part_doc_bytes(p, int(i), b) != 0:
            lib.ss_buf_release(b)
            raise MemoryError("samestory: out of memory")
        blobs[i] = ffi.unpack(b.data, b.len)
        lib.ss_buf_release(b)
    k = lib.ss_reuse_part_nprints(p)
    pdoc = np.empty(k, np.uint32)
    phash = np.empty(k, np.uint64)
    if k:
        lib.ss_reuse_part_prints(p, cast(pdoc, "uint32_t *"), cast(phash, "uint64_t *"))
    docs = pd.DataFrame({"id": [x.decode("utf-8") for x in raw.split(b"\0")[:n]], "kept": kept, "src": src,
                         "blob": blobs})
    return {"docs": docs, "print_doc": pdoc, "print_hash": phash}


def _reuse_docs_frame(scan, offset):
    d = scan["docs"].copy()
    d.index = pd.RangeIndex(offset, offset + len(d), name="doc")
    return d


def _prints_frame(scan, offset):
    doc = scan["print_doc"].astype(np.int64)
    return pd.DataFrame({"hash": scan["print_hash"], "doc": doc + offset,
                         "src": scan["docs"]["src"].to_numpy()[doc] if len(doc) else np.empty(0, np.uint64)})


def _reuse_summary(scan) -> Dict[str, Any]:
    """What the driver needs of a scanned partition: its records, those
    kept, its fingerprints, and its kept documents per source."""
    d = scan["docs"]
    src = d["src"][(d["kept"] != 0) & (d["src"] != 0)]
    return {"docs": len(d), "kept": int((d["kept"] != 0).sum()), "prints": len(scan["print_hash"]),
            "sources": src.value_counts()}


def _runs(*keys: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """For arrays sorted by keys: the start of each run of equal keys and
    each row's run number."""
    n = len(keys[0])
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    change = np.zeros(n, bool)
    change[0] = True
    for k in keys:
        change[1:] |= k[1:] != k[:-1]
    start = np.nonzero(change)[0]
    return start, np.cumsum(change) - 1


def _seed_rows(df: pd.DataFrame, srcdocs: pd.Series, max_df: int, share: float, min_docs: int) -> pd.DataFrame:
    """The rows (hash, doc, posted) of the n-grams the CLI's seed index
    keeps (align/seedindex.c): document frequency 2 to max_df, counted
    without the documents of sources that have the n-gram as furniture
    (in min_docs or more and share or more of that source's documents);
    posted: the document is in the n-gram's postings (not such a source's)."""
    h = df["hash"].to_numpy(np.uint64)
    doc = df["doc"].to_numpy(np.int64)
    src = df["src"].to_numpy(np.uint64)
    order = np.lexsort((doc, h))
    h, doc, src = h[order], doc[order], src[order]
    start, gid = _runs(h)
    size = np.diff(np.r_[start, len(h)])
    multi = size[gid] >= 2            # an n-gram of one document is never a seed
    h, doc, src = h[multi], doc[multi], src[multi]
    start, gid = _runs(h)
    posted = np.ones(len(h), bool)
    has = np.nonzero(src != 0)[0]
    if share > 0 and len(srcdocs) and len(has):
        o2 = has[np.lexsort((src[has], gid[has]))]
        rs, _ = _runs(gid[o2], src[o2])
        c = np.diff(np.r_[rs, len(o2)])
        run_src = src[o2[rs]]
        keys = srcdocs.index.to_numpy(np.uint64)
        vals = srcdocs.to_numpy(np.float64)
        ko = np.argsort(keys)
        keys, vals = keys[ko], vals[ko]
        k = np.minimum(np.searchsorted(keys, run_src), max(len(keys) - 1, 0))
        tot = np.where(keys[k] == run_src, vals[k], 0.0)
        mark = (c >= min_docs) & (c >= share * tot)
        if mark.any():
            posted[o2[np.repeat(mark, c)]] = False
    kept_df = np.bincount(gid, weights=posted.astype(np.float64)).astype(np.int64)
    seed = ((kept_df >= 2) & (kept_df <= max_df))[gid]
    return pd.DataFrame({"hash": h[seed], "doc": doc[seed], "posted": posted[seed]})


def _seed_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """For each seed, every (a, b) with a any document holding it and b a
    later one in its postings, as key a << 32 | b: what each document's
    candidate search counts (align/reuse.c)."""
    if df.empty:
        return pd.DataFrame({"key": np.empty(0, np.int64)})
    h = df["hash"].to_numpy()
    doc = df["doc"].to_numpy().astype(np.int64)
    posted = df["posted"].to_numpy()
    start = np.r_[0, np.nonzero(h[1:] != h[:-1])[0] + 1]
    gid = np.repeat(np.arange(len(start)), np.diff(np.r_[start, len(h)]))
    pidx = np.nonzero(posted)[0]
    pcnt = np.bincount(gid[pidx], minlength=len(start))
    pstart = np.r_[0, np.cumsum(pcnt)[:-1]]
    k = pcnt[gid]
    total = int(k.sum())
    if total == 0:
        return pd.DataFrame({"key": np.empty(0, np.int64)})
    a = np.repeat(doc, k)
    within = np.arange(total) - np.repeat(np.cumsum(k) - k, k)
    b = doc[pidx][np.repeat(pstart[gid], k) + within]
    keep = b > a
    return pd.DataFrame({"key": (a[keep] << 32) | b[keep]})


def _decode_pairs(df: pd.DataFrame) -> pd.DataFrame:
    key = df.index.to_numpy().astype(np.int64) if "key" not in df else df["key"].to_numpy()
    return pd.DataFrame({"a": key >> 32, "b": key & 0xFFFFFFFF})


def _reuse_align_task(docs: pd.DataFrame, cand: pd.DataFrame, anchors: pd.DataFrame, opts, out_path: str) -> int:
    """The lines of one partition's documents with their candidates, in
    the CLI's order (a, then b), into out_path.  docs: index doc, column
    blob (a's); cand: index a, columns b, blob_b; anchors: index doc,
    column hash (a's seeds)."""
    p = _reuse_part(opts)
    err = ffi.new("ss_error *")
    local: Dict[int, int] = {}

    def held(g: int, blob: bytes) -> int:
        if g not in local:
            if lib.ss_reuse_part_add_bytes(p, blob, len(blob), err) != 0:
                _raise(err)
            local[g] = len(local)
        return local[g]

    lines = 0
    with open(out_path, "wb") as f:
        if not cand.empty:
            c = cand.rename_axis("a").reset_index().sort_values(["a", "b"], kind="mergesort")
            c = c.drop_duplicates(["a", "b"])
            an = anchors.sort_index(kind="mergesort")
            adoc, ahash = an.index.to_numpy(np.int64), an["hash"].to_numpy(np.uint64)
            # plain arrays, taken once: nothing in the loop goes through pandas
            a_all, b_all, blob_b = c["a"].to_numpy(np.int64), c["b"].to_numpy(np.int64), c["blob_b"].to_numpy()
            blob_a = dict(zip(docs.index.to_numpy(np.int64).tolist(), docs["blob"].tolist()))
            starts = np.r_[0, np.nonzero(a_all[1:] != a_all[:-1])[0] + 1, len(a_all)]
            lo = np.searchsorted(adoc, a_all[starts[:-1]], "left")
            hi = np.searchsorted(adoc, a_all[starts[:-1]], "right")
            for k, (s, e) in enumerate(zip(starts[:-1].tolist(), starts[1:].tolist())):
                a = int(a_all[s])
                la = held(a, blob_a[a])
                lb = np.array([held(b, blob_b[j]) for j, b in enumerate(b_all[s:e].tolist(), s)], np.uint32)
                sd = np.ascontiguousarray(ahash[lo[k]:hi[k]])
                out = ffi.new("ss_buf *")
                if lib.ss_reuse_part_pairs_json(p, la, ffi.cast("uint32_t *", lb.ctypes.data), len(lb),
                                                ffi.cast("uint64_t *", sd.ctypes.data), len(sd), out, err) != 0:
                    lib.ss_buf_release(out)
                    _raise(err)
                text = _take(out).encode("utf-8")
                f.write(text)
                lines += text.count(b"\n")
    return lines


def reuse(client, paths: Sequence[str], out: str, min_chars: int = 120, max_df: int = 100,
          furniture_share: float = 0.3, min_identity: float = 2 / 3, keep_no_body: bool = False,
          summary: bool = False, blocksize: int = DEFAULT_BLOCKSIZE, log=None) -> Dict[str, Any]:
    """Run the reuse job on client; write the lines `samestory reuse`
    prints for the same input (same options) to out, in the same order.
    Returns counts and timings."""
    say = log or (lambda *a: None)
    t0 = time.time()
    opts = {"min_chars": min_chars, "max_df": max_df, "furniture_share": furniture_share,
            "min_identity": min_identity, "keep_no_body": bool(keep_no_body), "summary": bool(summary)}
    _reuse_part(opts)  # options checked here, before any task runs
    specs = partitions(paths, blocksize)
    with dask.config.set({"dataframe.shuffle.method": SHUFFLE}):
        # 1. scan
        scans = dask.persist(*[delayed(_reuse_scan, pure=False)(s, opts) for s in specs])
        sums = dask.compute(*[delayed(_reuse_summary)(x) for x in scans])
        keep = [i for i, x in enumerate(sums) if x["docs"]]
        specs, scans, sums = [specs[i] for i in keep], [scans[i] for i in keep], [sums[i] for i in keep]
        counts = [x["docs"] for x in sums]
        offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
        ndocs = int(offsets[-1])
        say(f"scanned {ndocs} documents in {len(specs)} partitions ({time.time() - t0:.1f} s)")
        if ndocs:
            _check_ids(scans, specs, offsets)
        if ndocs == 0:
            open(out, "wb").close()
            return {"documents": 0, "no_body": 0, "candidates": 0, "lines": 0, "partitions": 0,
                    "seconds": time.time() - t0}
        P = len(specs)
        divisions = [int(x) for x in offsets]
        srcdocs = pd.concat([x["sources"] for x in sums]).groupby(level=0).sum()
        nkept = sum(x["kept"] for x in sums)
        if ndocs - nkept:
            say(f"{ndocs - nkept} document(s) without an article body left out (keep_no_body keeps them)")
        meta_docs = pd.DataFrame({"id": pd.Series([], dtype=object), "kept": pd.Series([], dtype=np.uint8),
                                  "src": pd.Series([], dtype=np.uint64), "blob": pd.Series([], dtype=object)},
                                 index=pd.RangeIndex(0, 0, name="doc"))
        docs = dd.from_delayed([delayed(_reuse_docs_frame)(scans[i], int(offsets[i])) for i in range(P)],
                               meta=meta_docs, divisions=divisions).persist()
        # 2. seeds: fingerprints grouped by hash, the index's rules applied
        meta_pr = pd.DataFrame({"hash": pd.Series([], dtype=np.uint64), "doc": pd.Series([], dtype=np.int64),
                                "src": pd.Series([], dtype=np.uint64)})
        prints = dd.from_delayed([delayed(_prints_frame)(scans[i], int(offsets[i])) for i in range(P)],
                                 meta=meta_pr)
        nprints = sum(x["prints"] for x in sums)
        sparts = _parts_for(nprints, 4_000_000, max(P, 1))
        srcdocs_f = delayed(srcdocs, traverse=False)
        seeds = prints.shuffle("hash", npartitions=sparts, shuffle=SHUFFLE).map_partitions(
            _seed_rows, srcdocs_f, max_df, float(furniture_share), REUSE_FURNITURE_DOCS,
            meta={"hash": np.uint64, "doc": np.int64, "posted": bool}).persist()
        # 3. candidate pairs: those sharing min_shared seeds
        pairs = seeds.map_partitions(_seed_pairs, meta={"key": np.int64})
        cnt = pairs.groupby("key", sort=False).size(split_out=sparts, shuffle=SHUFFLE)
        cand = cnt[cnt >= REUSE_MIN_SHARED].to_frame("n").map_partitions(
            _decode_pairs, meta={"a": np.int64, "b": np.int64}).persist()
        ncand = int(len(cand))
        say(f"{nprints} fingerprints, {ncand} candidate pairs ({time.time() - t0:.1f} s)")
        # 4. align: each pair moves to b's documents for b's text, then to a's partition
        withb = _join(cand, "b", docs[["blob"]].rename(columns={"blob": "blob_b"}), divisions)
        at_a = _aligned(withb, "a", divisions)
        anchors = _aligned(seeds[["doc", "hash"]], "doc", divisions)
        tmpdir = tempfile.mkdtemp(prefix=".samestory-dask-", dir=os.path.dirname(os.path.abspath(out)) or ".")
        try:
            dparts, cparts, aparts = docs[["blob"]].to_delayed(), at_a.to_delayed(), anchors.to_delayed()
            names = [os.path.join(tmpdir, f"part-{i:06d}.jsonl") for i in range(P)]
            lines = sum(dask.compute(*[delayed(_reuse_align_task)(dparts[i], cparts[i], aparts[i], opts, names[i])
                                       for i in range(P)]))
            _join_parts(names, out)
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
    secs = time.time() - t0
    say(f"wrote {lines} lines to {out} ({secs:.1f} s)")
    return {"documents": ndocs, "no_body": ndocs - nkept, "candidates": ncand, "lines": lines, "partitions": P,
            "seconds": secs}


# ---------------------------------------------------------------- stories

DAY_NS = 86400 * 10 ** 9
STORY_RANGE_DOCS = 50000   # articles of one time range (--range-docs)
STORY_WARMUP_DAYS = 20.0   # days each range reads before its own at first (--overlap-days)
STORY_MAX_WARMUP_DAYS = 160.0  # the longest warm-up a range doubles to (--max-overlap-days)
STORY_WINDOW_DAYS = 3.0    # the engine's story window (story/cluster.h window_days default)
DF_FIRST_TEXTS = 1000      # texts judged together first (engine/engine_internal.h)
SAMPLE_PER_PART = 1024     # times each partition sends to the driver to cut ranges


def _story_scan(spec) -> pd.DataFrame:
    """One JSON Lines partition's records: input row, byte offset, length,
    and time (ns since 1970, UTC; NaT-like TIME_NONE when the record has no
    "date" pandas can read)."""
    if spec[0] != "jsonl":
        raise ValueError(f"{spec[1][0]}: the stories job reads JSON Lines files only")
    _, path, start, end = spec
    buf = _read_range(path, start, end)
    offs, lens, dates = [], [], []
    pos = 0
    for line in buf.split(b"\n"):
        at = start + pos
        pos += len(line) + 1
        raw = line[:-1] if line.endswith(b"\r") else line
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except ValueError as e:
            raise ValueError(f"{path}: byte {at}: not a JSON record ({e})") from None
        d = rec.get("date") if isinstance(rec, dict) else None
        offs.append(at)
        lens.append(len(raw))
        dates.append(d if isinstance(d, str) else None)
    t = pd.to_datetime(pd.Series(dates, dtype=object), utc=True, errors="coerce")
    ns = t.to_numpy(dtype="datetime64[ns]").astype(np.int64)  # NaT is -2**63: TIME_NONE
    return pd.DataFrame({"off": np.asarray(offs, np.int64), "len": np.asarray(lens, np.int64), "t": ns})


def _story_times(scan: pd.DataFrame, carry: int) -> pd.DataFrame:
    """The scan with undated records placed after the dated record before
    them in input order (carry: the last time of the partitions before)."""
    t = scan["t"].to_numpy()
    dated = np.where(t != TIME_NONE, np.arange(len(t)), -1)
    before = np.maximum.accumulate(dated) if len(t) else dated
    filled = np.where(before >= 0, t[np.maximum(before, 0)], carry)
    return scan.assign(t=filled)


def _story_meta(scan: pd.DataFrame):
    """The partition's count, last dated time and a sample of its times."""
    t = scan["t"].to_numpy()
    dated = t[t != TIME_NONE]
    last = int(dated[-1]) if len(dated) else TIME_NONE
    smp = np.sort(dated)
    if len(smp) > SAMPLE_PER_PART:
        smp = smp[np.linspace(0, len(smp) - 1, SAMPLE_PER_PART).astype(np.int64)]
    return len(t), last, smp


def _range_task(spec_paths, scans, offsets, lo, hi, warm, max_warm, t_min, threads, freq, first):
    """Group the articles of one time range [lo, hi) by the engine after a
    warm-up of warm ns before lo, doubled (up to max_warm, or back to the
    input's first time t_min) while a story that crosses lo reaches back to
    within the engine's window of the warm-up's start: such a story may be
    the end of a longer one, whose earlier articles shape its profile and
    so the decisions against it.  Returns _group_range's (small, big) with
    small["warm_ns"] the warm-up used."""
    w = warm
    while True:
        warm_lo = lo - w if lo != np.iinfo(np.int64).min else lo
        small, big, reach = _group_range(spec_paths, scans, offsets, lo, hi, warm_lo, max_warm, threads, freq,
                                         first)
        if warm_lo <= t_min or w >= max_warm or reach >= warm_lo + int(STORY_WINDOW_DAYS * DAY_NS):
            small["warm_ns"] = w if warm_lo != lo else 0
            return small, big
        w = min(2 * w, max_warm)


def _group_range(spec_paths, scans, offsets, lo, hi, warm_lo, tail_ns, threads, freq, first):
    """Group the articles of one time range [lo, hi), read from warm_lo on
    (the warm-up: open stories and word frequencies as a stream reaching lo
    would have them), by the engine (`samestory stories` on the range in
    date order).  Returns (small, big, reach): small = the seq and local
    story of the warm-up articles and of the range's own articles of its
    last tail_ns (what stitching needs: no later range reads further back);
    big = the range's own articles (seq, local story) and each local
    story's JSON; reach = the earliest time of a story holding both
    warm-up and own articles (the int64 maximum when there is none)."""
    rows = []
    for k, scan in enumerate(scans):  # scans with their times filled (_story_times)
        t = scan["t"].to_numpy()
        sel = (t >= warm_lo) & (t < hi)
        if sel.any():
            idx = np.nonzero(sel)[0]
            rows.append(pd.DataFrame({"part": k, "off": scan["off"].to_numpy()[idx],
                                      "len": scan["len"].to_numpy()[idx], "t": t[idx],
                                      "seq": offsets[k] + idx}))
    if not rows:
        empty = pd.DataFrame({"seq": np.empty(0, np.int64), "local": np.empty(0, np.int64)})
        return {"warm": empty, "tail": empty}, {"own": empty, "json": {}}, np.iinfo(np.int64).max
    df = pd.concat(rows, ignore_index=True).sort_values(["t", "seq"], kind="stable")
    got = {}
    for k, g in df.groupby("part", sort=False):
        with open(spec_paths[k], "rb") as f:
            for off, ln in zip(g["off"].to_numpy(), g["len"].to_numpy()):
                f.seek(int(off))
                got[(int(k), int(off))] = f.read(int(ln))
    body, ids = [], []
    for k, off in zip(df["part"].to_numpy(), df["off"].to_numpy()):
        line = got[(int(k), int(off))]
        body.append(line)
        ids.append(str(json.loads(line)["id"]))
    seq_of = dict(zip(ids, df["seq"].to_numpy().tolist()))
    if len(seq_of) != len(ids):
        raise ValueError("duplicate record ids in a time range (ids must be unique, as for samestory stories)")
    text = b"\n".join(body)
    out = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    # the frequencies as the CLI has them at the first article read
    # (docs/ENGINE.md, "Frequencies"): within the input's first texts, the
    # table of them all (those read here count in it); after them, the
    # texts before lo less the warm-up's, which the engine counts itself
    cut_t, cut_seq, table_first = first
    tt, sq = df["t"].to_numpy(), df["seq"].to_numpy()
    within = (tt < cut_t) | ((tt == cut_t) & (sq <= cut_seq))
    counted = 0
    if len(tt) and within[0]:
        freq, counted = table_first, int(within.sum())
    else:
        nwarm = int((tt < lo).sum())
        if freq is not None and nwarm:
            (wd, wk, wc), _ = _df_call("warm-up", warm_lo, lo, b"\n".join(body[:nwarm]), False)
            freq = _df_sum(freq, (-wd, wk, -wc))
    if freq is None:
        rc = lib.ss_stories_json(context(), text, len(text), int(threads), out, err)
    else:
        blob = _df_bytes(freq)
        rc = lib.ss_stories_json_df(context(), text, len(text), int(threads), blob, len(blob), counted, out, err)
    res = _take(out)
    if rc != 0:
        _raise(err)
    t_at = dict(zip(df["seq"].to_numpy().tolist(), df["t"].to_numpy().tolist()))
    seqs, locs, js = [], [], {}
    for local, line in enumerate(l for l in res.splitlines() if l.strip()):
        st = json.loads(line)
        for a in st["articles"]:
            seqs.append(seq_of[a])
            locs.append(local)
        mine = [a for a in st["articles"] if t_at[seq_of[a]] >= lo]
        if len(mine) != len(st["articles"]):
            # warm-up articles are the earlier range's to print
            keep = set(mine)
            st["articles"] = mine
            st["size"] = len(mine)
            st["relations"] = [r for r in st.get("relations", []) if r["a"] in keep and r["b"] in keep]
            if mine:
                ts = [(t_at[seq_of[a]], seq_of[a], a) for a in mine]
                st["first"] = min(ts)[2]
                st["first_date"], st["last_date"] = _iso_day(min(ts)[0]), _iso_day(max(ts)[0])
        js[local] = st
    asg = pd.DataFrame({"seq": np.asarray(seqs, np.int64), "local": np.asarray(locs, np.int64)})
    ta = np.asarray([t_at[q] for q in seqs], np.int64)
    own = asg[ta >= lo].reset_index(drop=True)
    early = asg[ta < lo].reset_index(drop=True)
    tail = asg[(ta >= lo) & (ta >= hi - tail_ns)].reset_index(drop=True) if hi != np.iinfo(np.int64).max \
        else asg.iloc[:0]
    loc = asg["local"].to_numpy()
    crossing = np.intersect1d(loc[ta < lo], loc[ta >= lo])
    reach = int(ta[np.isin(loc, crossing)].min()) if len(crossing) else np.iinfo(np.int64).max
    return {"warm": early, "tail": tail}, {"own": own, "json": js}, reach


def _df_call(path, start, end, body, hashes: bool):
    """ss_stories_df(_hashes) on body: ((documents, keys, counts), hashes)."""
    out = ffi.new("ss_buf *")
    hb = ffi.new("ss_buf *")
    err = ffi.new("ss_error *")
    if hashes:
        rc = lib.ss_stories_df_hashes(context(), body, len(body), 1, out, hb, err)
    else:
        rc = lib.ss_stories_df(context(), body, len(body), 1, out, err)
    try:
        if rc != 0:
            msg = ffi.string(err.msg).decode("utf-8", "replace")
            raise ValueError(f"{path} (bytes {start}-{end}): {msg}")
        raw = bytes(ffi.buffer(out.data, out.len)) if out.len else b""
        h = np.frombuffer(ffi.buffer(hb.data, hb.len), np.uint64).copy() if hb.len else np.empty(0, np.uint64)
    finally:
        lib.ss_buf_release(out)
        lib.ss_buf_release(hb)
    docs, n = np.frombuffer(raw[:16], np.uint64) if len(raw) >= 16 else (0, 0)
    n = int(n)
    keys = np.frombuffer(raw[16:16 + 8 * n], np.uint64).copy()
    counts = np.frombuffer(raw[16 + 8 * n:16 + 12 * n], np.uint32).astype(np.int64)
    return (int(docs), keys, counts), h


def _first_texts(df_part, scan: pd.DataFrame, offset: int) -> pd.DataFrame:
    """A partition's first DF_FIRST_TEXTS distinct texts in date order:
    time, input number (seq) and text hash of the record of each."""
    h, t = df_part[1], scan["t"].to_numpy()
    order = np.lexsort((np.arange(len(t)), t))
    _, first = np.unique(h[order], return_index=True)
    rows = order[np.sort(first)[:DF_FIRST_TEXTS]]
    return pd.DataFrame({"t": t[rows], "seq": offset + rows, "h": h[rows]})


def _first_df(spec_paths, scans, offsets, cut_t: int, cut_seq: int):
    """The frequencies of the records up to (cut_t, cut_seq) in date order:
    the input's first texts, which the CLI judges together."""
    body = []
    for k, scan in enumerate(scans):
        t = scan["t"].to_numpy()
        seq = offsets[k] + np.arange(len(t))
        sel = np.nonzero((t < cut_t) | ((t == cut_t) & (seq <= cut_seq)))[0]
        if not len(sel):
            continue
        with open(spec_paths[k], "rb") as f:
            for off, ln in zip(scan["off"].to_numpy()[sel], scan["len"].to_numpy()[sel]):
                f.seek(int(off))
                body.append(f.read(int(ln)))
    return _df_call("the first texts", 0, 0, b"\n".join(body), False)[0]


def _bins_of(scan: pd.DataFrame, bounds) -> np.ndarray:
    """The time range of each record of a scan (bounds: the ranges' edges)."""
    return np.searchsorted(np.asarray(bounds[1:-1], np.int64), scan["t"].to_numpy(), side="right")


def _df_bins(path, start, end, buf, scan, rows, bounds, hashes: bool):
    """_df_call on records `rows` of a partition, one call per time range:
    a list of tables, one per range (None where no record falls), and the
    hash of each of those records (in the order of rows)."""
    offs, lens = scan["off"].to_numpy(), scan["len"].to_numpy()
    nb = len(bounds) - 1
    bins = _bins_of(scan, bounds)[rows] if len(rows) else np.empty(0, np.int64)
    tables = [None] * nb
    h = np.zeros(len(rows), np.uint64)
    for b in np.unique(bins):
        sel = np.nonzero(bins == b)[0]
        body = b"\n".join(buf[offs[r] - start:offs[r] - start + lens[r]] for r in rows[sel])
        tables[int(b)], hb = _df_call(path, start, end, body, hashes)
        if hashes:
            if len(hb) != len(sel):
                raise RuntimeError(f"{path} (bytes {start}-{end}): the library read {len(hb)} records, "
                                   f"the scan {len(sel)}")
            h[sel] = hb
    return tables, h


def _story_df(spec, scan: pd.DataFrame, bounds):
    """The document frequencies of one partition's records, as `samestory
    stories` counts them (ss_stories_df), per time range: a list of
    (documents, keys, counts) or None, and the prepared-text hash of each
    record, in order."""
    _, path, start, end = spec
    buf = _read_range(path, start, end)
    return _df_bins(path, start, end, buf, scan, np.arange(len(scan)), bounds, True)


def _text_firsts(df_part, i: int, scan: pd.DataFrame) -> pd.DataFrame:
    """The distinct texts of partition i: hash, partition, first record."""
    h = df_part[1]
    if len(h) != len(scan):
        raise RuntimeError(f"partition {i}: the library read {len(h)} records, the scan {len(scan)}")
    uh, first = np.unique(h, return_index=True)
    return pd.DataFrame({"h": uh, "part": np.full(len(uh), i, np.int64), "row": first.astype(np.int64)})


def _story_df_less(spec, scan: pd.DataFrame, rows: np.ndarray, bounds):
    """The frequencies records `rows` of the partition add (texts counted
    in an earlier partition already) per time range, negated: to be taken
    off its tables."""
    _, path, start, end = spec
    buf = _read_range(path, start, end)
    tables, _ = _df_bins(path, start, end, buf, scan, np.sort(np.asarray(rows, np.int64)), bounds, False)
    return [None if t is None else (-t[0], t[1], -t[2]) for t in tables]


def _df_sum(*tables):
    """Tables of document frequencies added key by key (a negated table
    takes its counts off; keys left at 0 go; None is no table)."""
    tables = [t for t in tables if t is not None]
    docs = sum(t[0] for t in tables)
    keys = np.concatenate([t[1] for t in tables]) if tables else np.empty(0, np.uint64)
    counts = np.concatenate([t[2] for t in tables]) if tables else np.empty(0, np.int64)
    uk, inv = np.unique(keys, return_inverse=True)
    sums = np.bincount(inv, weights=counts, minlength=len(uk)).astype(np.int64)
    keep = sums != 0
    return docs, uk[keep], sums[keep]


def _df_bytes(table) -> bytes:
    docs, keys, counts = table
    return (np.array([docs, len(keys)], np.uint64).tobytes() + keys.astype(np.uint64).tobytes()
            + np.minimum(counts, 2 ** 32 - 1).astype(np.uint32).tobytes())


def _pick(x, key):
    return x[key]


class _Union:
    def __init__(self):
        self.p: Dict[Tuple[int, int], Tuple[int, int]] = {}

    def find(self, x):
        p = self.p
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while p.get(x, x) != root:
            p[x], x = root, p[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.p[rb] = ra


def _iso_day(ns: int) -> str:
    return pd.Timestamp(int(ns), unit="ns", tz="UTC").strftime("%Y-%m-%d")


def stories(client, paths: Sequence[str], out: str, range_docs: int = STORY_RANGE_DOCS,
            overlap_days: float = STORY_WARMUP_DAYS, blocksize: int = DEFAULT_BLOCKSIZE,
            log=None, max_overlap_days: float = STORY_MAX_WARMUP_DAYS) -> Dict[str, Any]:
    """Run the stories job: articles cut by time into ranges of about
    range_docs, each grouped by the engine after a warm-up of overlap_days
    before it (doubled, up to max_overlap_days, while a story crossing into
    the range reaches back to the warm-up's start), stories stitched where
    a range's warm-up articles met the previous ranges'; one line per story
    to out (see the module's notes).  Returns counts and timings."""
    if not overlap_days >= 0 or not max_overlap_days >= overlap_days:
        raise ValueError(f"stories: overlap days must be at least 0 and at most the maximum "
                         f"(got {overlap_days} and {max_overlap_days})")
    say = log or (lambda *a: None)
    t0 = time.time()
    specs = partitions(paths, blocksize)
    scans = dask.persist(*[delayed(_story_scan, pure=False)(s) for s in specs])
    meta = dask.compute(*[delayed(_story_meta)(x) for x in scans])
    counts = [m[0] for m in meta]
    offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
    n = int(offsets[-1])
    carries, last = [], TIME_NONE
    for m in meta:  # undated records at a partition's start follow the partitions before
        carries.append(last)
        if m[1] != TIME_NONE:
            last = m[1]
    scans = dask.persist(*[delayed(_story_times)(x, c) for x, c in zip(scans, carries)])
    say(f"scanned {n} articles in {len(specs)} partitions ({time.time() - t0:.1f} s)")
    # ranges: cut the sampled times into equal shares
    nr = max(1, -(-n // max(1, range_docs)))
    smp = np.sort(np.concatenate([m[2] for m in meta])) if n else np.empty(0, np.int64)
    cuts = sorted(set(int(smp[int(len(smp) * i / nr)]) for i in range(1, nr))) if len(smp) else []
    bounds = [np.iinfo(np.int64).min] + cuts + [np.iinfo(np.int64).max]
    # The frequencies each range starts from: the texts of the ranges
    # before it (as the CLI, counting in date order, has them at the
    # range's start), summed by a tree of tasks per range and added up
    # range after range: no table of the whole comes to the driver.
    # A text in several partitions counts once, as in the CLI: each
    # partition's tables count its distinct texts; a text whose first copy
    # is in an earlier partition is taken off again (the duplicates, a
    # groupby of text hashes away, are the only rows that come to the driver).
    parts = dask.persist(*[delayed(_story_df, pure=False)(s, x, bounds) for s, x in zip(specs, scans)])
    meta_t = pd.DataFrame({"h": pd.Series([], dtype=np.uint64), "part": pd.Series([], dtype=np.int64),
                           "row": pd.Series([], dtype=np.int64)})
    later = meta_t[["part", "row"]]
    if len(parts) > 1 and len(bounds) > 2:
        texts = dd.from_delayed([delayed(_text_firsts)(x, i, scans[i]) for i, x in enumerate(parts)], meta=meta_t)
        first = texts.groupby("h", sort=False)["part"].min(split_out=max(1, len(specs) // 4), shuffle=SHUFFLE)
        later = texts.merge(first.to_frame("p0"), left_on="h", right_index=True, shuffle=SHUFFLE)
        later = later[later["part"] > later["p0"]][["part", "row"]].compute()
    tabs = [delayed(_pick)(x, 0) for x in parts]
    for i, rows in later.groupby("part")["row"]:
        tabs.append(delayed(_story_df_less)(specs[int(i)], scans[int(i)], rows.to_numpy(), bounds))
    say(f"{len(later)} texts repeated from an earlier partition counted once ({time.time() - t0:.1f} s)")
    starts = [None]
    for b in range(len(bounds) - 2):  # the last range's texts start no range
        level = [delayed(_pick)(x, b) for x in tabs]
        while len(level) > 1:
            level = [delayed(_df_sum)(*level[i:i + 8]) for i in range(0, len(level), 8)]
        starts.append(delayed(_df_sum)(starts[-1], level[0] if level else None))
    starts = [starts[0]] + list(client.persist(starts[1:]))
    # the input's first texts, judged together by the CLI: where they end
    # (the DF_FIRST_TEXTS-th distinct text in date order, from each
    # partition's first ones) and their table
    heads = client.gather(client.compute([delayed(_first_texts)(x, scan, int(off))
                                          for x, scan, off in zip(parts, scans, offsets)]))
    heads = pd.concat(heads, ignore_index=True) if heads else pd.DataFrame({"t": [], "seq": [], "h": []})
    heads = heads.sort_values(["t", "seq"], kind="stable").drop_duplicates("h")
    if len(heads) >= DF_FIRST_TEXTS:
        cut_t, cut_seq = (int(v) for v in heads.iloc[DF_FIRST_TEXTS - 1][["t", "seq"]])
    else:
        cut_t = cut_seq = np.iinfo(np.int64).max
    paths_of = [s[1] for s in specs]
    first = (cut_t, cut_seq, client.persist(delayed(_first_df)(paths_of, list(scans), offsets, cut_t, cut_seq)))
    warm, max_warm = int(overlap_days * DAY_NS), int(max_overlap_days * DAY_NS)
    t_min = int(smp[0]) if len(smp) else TIME_NONE
    tasks = []
    for i in range(len(bounds) - 1):
        lo, hi = bounds[i], bounds[i + 1]
        tasks.append(delayed(_range_task, pure=False)(paths_of, list(scans), offsets, lo, hi, warm, max_warm,
                                                      t_min, 1, starts[i], first))
    futs = client.compute(tasks)
    small = client.gather([client.submit(_pick, f, 0) for f in futs])
    warmups = [round(s["warm_ns"] / DAY_NS, 1) for s in small]
    say(f"grouped {len(tasks)} time ranges, warm-ups of {warmups} days ({time.time() - t0:.1f} s)")
    # stitch: a warm-up article's story in range i is its story in its own range
    uf = _Union()
    tails = [s["tail"] for s in small]
    home = pd.concat([t.assign(r=i) for i, t in enumerate(tails)], ignore_index=True) if tails else None
    links = 0
    if home is not None and len(home):
        home = home.set_index("seq")
        for i, s in enumerate(small):
            w = s["warm"]
            if not len(w):
                continue
            h = home.reindex(w["seq"].to_numpy())
            ok = ~h["r"].isna().to_numpy()
            pairs = pd.DataFrame({"loc": w["local"].to_numpy()[ok], "r": h["r"].to_numpy()[ok].astype(np.int64),
                                  "hl": h["local"].to_numpy()[ok].astype(np.int64)})
            # each story of this range continues the earlier story most of
            # its warm-up articles are in (never two: a range that joined
            # two earlier stories must not merge them everywhere)
            votes = pairs.groupby(["loc", "r", "hl"]).size().reset_index(name="n")
            votes = votes.sort_values(["loc", "n", "r", "hl"], ascending=[True, False, True, True])
            for loc, r, hl in votes.drop_duplicates("loc")[["loc", "r", "hl"]].itertuples(index=False):
                uf.union((int(r), int(hl)), (i, int(loc)))
                links += 1
    # write: ranges in order; a stitched story when its last range is read
    last_range: Dict[Tuple[int, int], int] = {}
    for node in set(uf.p.keys()) | set(uf.p.values()):
        root = uf.find(node)
        last_range[root] = max(last_range.get(root, -1), node[0])
    pending: Dict[Tuple[int, int], List] = {}
    nstories = 0
    tmp_out = out + ".tmp"
    with open(tmp_out, "w", encoding="utf-8") as f:
        for i, fut in enumerate(futs):
            big = client.submit(_pick, fut, 1).result()
            js = big["json"]
            for local in pd.unique(big["own"]["local"]):
                st = js[int(local)]
                root = uf.find((i, int(local)))
                if root in last_range:
                    pending.setdefault(root, []).append((len(st["articles"]), st))
                    continue
                st["story"] = nstories  # a story of this range alone
                f.write(json.dumps(st, ensure_ascii=False) + "\n")
                nstories += 1
            for root in [r for r, last in last_range.items() if last == i]:
                parts = pending.pop(root, [])
                if parts:
                    f.write(json.dumps(_merge_parts(parts, nstories), ensure_ascii=False) + "\n")
                    nstories += 1
            del big, js
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp_out, out)
    secs = time.time() - t0
    say(f"{n} articles, {nstories} stories in {len(tasks)} time ranges, {links} warm-up links ({secs:.1f} s)")
    return {"articles": n, "stories": nstories, "ranges": len(tasks), "links": links, "partitions": len(specs),
            "repeated_texts": int(len(later)), "warmup_days": warmups, "seconds": secs}


def _merge_parts(parts, number: int) -> Dict[str, Any]:
    """One story from its parts in several ranges: the largest part's line
    with the articles, size, first article, dates, languages and relations
    of all parts; its comparison (agree, unique, quotes, conflicts,
    variants) stays the largest part's, and "parts" says how many."""
    parts = sorted(parts, key=lambda p: -p[0])
    st = dict(parts[0][1])
    seen, arts, langs, rels = set(), [], [], []
    for _, p in sorted(parts, key=lambda p: p[1].get("first_date", "")):
        for a in p["articles"]:
            if a not in seen:
                seen.add(a)
                arts.append(a)
        for l in p.get("languages", []):
            if l not in langs:
                langs.append(l)
        rels.extend(r for r in p.get("relations", []) if r["a"] in seen and r["b"] in seen)
    dates = [p[1][k] for p in parts for k in ("first_date", "last_date") if p[1].get(k)]
    st.update({"story": number, "articles": arts, "size": len(arts), "languages": langs,
               "relations": rels, "parts": len(parts)})
    if dates:
        st["first_date"], st["last_date"] = min(dates), max(dates)
        st["first"] = min(parts, key=lambda p: p[1].get("first_date", ""))[1]["first"]
    return st


# ---------------------------------------------------------------- command line


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m samestory.dask",
                                 description="samestory jobs on a Dask cluster (inputs on storage every worker sees)")
    ap.add_argument("job", choices=["dedup", "clean", "reuse", "stories"])
    ap.add_argument("inputs", nargs="+", help="JSON Lines files (cut into partitions), or WARC/HTML/text files, folders")
    ap.add_argument("-o", "--output", required=True, help="output JSON Lines file (on shared storage)")
    ap.add_argument("--scheduler", help="address of a running scheduler (tcp://HOST:8786); "
                                        "default: a local cluster of --workers processes")
    ap.add_argument("--workers", type=int, default=2, help="processes of the local cluster (default 2)")
    ap.add_argument("--connect-timeout", type=float, default=30, help="seconds to wait for the scheduler (default 30)")
    ap.add_argument("--blocksize", type=int, default=DEFAULT_BLOCKSIZE, help="bytes of JSON Lines per partition")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--hashes", type=int, default=1024)
    ap.add_argument("--common-docs", type=int, default=16)
    ap.add_argument("--keep-no-body", action="store_true")
    ap.add_argument("--min-chars", type=int, default=120, help="reuse: shortest passage in code points")
    ap.add_argument("--max-df", type=int, default=100, help="reuse: documents a seed n-gram may be in")
    ap.add_argument("--furniture-share", type=float, default=0.3, help="reuse: a source's repeated text (0: off)")
    ap.add_argument("--min-identity", type=float, default=2 / 3, help="reuse: lowest identity reported")
    ap.add_argument("--summary", action="store_true", help="reuse: one line per document pair")
    ap.add_argument("--range-docs", type=int, default=STORY_RANGE_DOCS,
                    help=f"stories: articles of one time range (default {STORY_RANGE_DOCS})")
    ap.add_argument("--overlap-days", type=float, default=STORY_WARMUP_DAYS,
                    help=f"stories: days each range reads before its own at first (default {STORY_WARMUP_DAYS:g})")
    ap.add_argument("--max-overlap-days", type=float, default=STORY_MAX_WARMUP_DAYS,
                    help="stories: the longest warm-up, doubled to while a story crossing into the range "
                         f"reaches back to its start (default {STORY_MAX_WARMUP_DAYS:g})")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    log = None if a.quiet else (lambda m: print(f"samestory.dask {a.job}: {m}", file=sys.stderr, flush=True))
    try:
        client, cluster = _client(a.scheduler, a.workers, a.connect_timeout)
    except Exception as e:  # noqa: BLE001 - any failure to reach the cluster is reported the same way
        print(f"samestory.dask: cannot reach the scheduler: {e}", file=sys.stderr)
        return 1
    try:
        if a.job == "dedup":
            dedup(client, a.inputs, a.output, a.threshold, a.ngram, a.hashes, a.common_docs, a.keep_no_body,
                  a.blocksize, log)
        elif a.job == "reuse":
            reuse(client, a.inputs, a.output, a.min_chars, a.max_df, a.furniture_share, a.min_identity,
                  a.keep_no_body, a.summary, a.blocksize, log)
        elif a.job == "stories":
            stories(client, a.inputs, a.output, a.range_docs, a.overlap_days, a.blocksize, log,
                    a.max_overlap_days)
        else:
            clean(client, a.inputs, a.output, a.blocksize, log)
    except (OSError, ValueError) as e:
        print(f"samestory.dask {a.job}: {_locate(str(e))}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - SamestoryError and task errors re-raised by dask
        print(f"samestory.dask {a.job}: {_locate(str(e))}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    # run the package's module, not this copy named __main__: the workers
    # find the tasks' functions by their importable name, samestory.dask
    from samestory.dask import main as _main
    sys.exit(_main())
