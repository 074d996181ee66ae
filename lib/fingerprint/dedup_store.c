/* fingerprint/dedup_store.c — the dedup index on disk.
 *
 * Layout (version 2, host byte order, recorded by the byte-order mark):
 *
 *   header, 96 bytes
 *     0  magic "SSDEDUP" 0x1A        8  u32 version (2)    12 u32 0x01020304
 *    16  f64 threshold              24  u32 ngram, hashes, bands, rows,
 *                                       common_docs, 0
 *    48  u64 documents, sketches, id bytes, payload bytes
 *    80  u64 XXH64 of the payload   88  u64 XXH64 of bytes 0..88 (0 in
 *                                       files of earlier writers)
 *   payload
 *     documents   count x 32 bytes (dd_doc: exact key, time, id offset,
 *                 sketch number, first document of the exact key)
 *     groups      count x u32 (union-find parents)
 *     ids         NUL-terminated, concatenated
 *     sketches    sketches x hashes/4 bytes, then sketches x u32 (document)
 *     exact keys, LSH buckets (keymap.c), line counts (linefreq.c)
 *
 * Version 1 differs only in its sketches: hashes/2 bytes each, of 4-bit
 * fingerprints.  It is still read, each sketch narrowed on load to what
 * this version computes for the same document (minhash.h: exact), and
 * saved as version 2.
 *
 * Everything is checked on load (magic, the header's own checksum, version,
 * byte order, options, size, then the checksum over the whole payload
 * before any of it is parsed, then every cross reference) before the
 * deduplicator takes it, so a bad file changes nothing, and no value of a
 * damaged header is quoted to the user as if it were an option.  A header
 * without its checksum (written before it existed) has its options
 * checked for range instead.  Saving goes through core/outfile.h: a
 * temporary made with O_EXCL in the same folder is written, synced and
 * renamed over PATH (a link to an index replaces the file it points to);
 * a crash leaves either the old index or the new one.
 */
#include "fingerprint/dedup_internal.h"

#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#define VERSION 2
#define VERSION_4BIT 1 /* sketches of 4-bit fingerprints, read and narrowed */
#define HEADER_BYTES 96
static const char MAGIC[8] = {'S', 'S', 'D', 'E', 'D', 'U', 'P', 0x1A};

typedef struct {
    uint32_t version, bom;
    double threshold;
    uint32_t ngram, hashes, bands, rows, common_docs;
    uint64_t ndocs, nsketch, ids_bytes, payload, checksum, header_sum;
} header;

#define HEADER_SUM_AT 88

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void encode(const header *h, uint8_t *b)
{
    memset(b, 0, HEADER_BYTES);
    memcpy(b, MAGIC, 8);
    put32(b + 8, h->version);
    put32(b + 12, h->bom);
    memcpy(b + 16, &h->threshold, 8);
    put32(b + 24, h->ngram);
    put32(b + 28, h->hashes);
    put32(b + 32, h->bands);
    put32(b + 36, h->rows);
    put32(b + 40, h->common_docs);
    put64(b + 48, h->ndocs);
    put64(b + 56, h->nsketch);
    put64(b + 64, h->ids_bytes);
    put64(b + 72, h->payload);
    put64(b + 80, h->checksum);
    put64(b + HEADER_SUM_AT, XXH64(b, HEADER_SUM_AT, 0));
}

static void decode(const uint8_t *b, header *h)
{
    h->version = get32(b + 8);
    h->bom = get32(b + 12);
    memcpy(&h->threshold, b + 16, 8);
    h->ngram = get32(b + 24);
    h->hashes = get32(b + 28);
    h->bands = get32(b + 32);
    h->rows = get32(b + 36);
    h->common_docs = get32(b + 40);
    h->ndocs = get64(b + 48);
    h->nsketch = get64(b + 56);
    h->ids_bytes = get64(b + 64);
    h->payload = get64(b + 72);
    h->checksum = get64(b + 80);
    h->header_sum = get64(b + HEADER_SUM_AT);
}

/* A FILE that hashes and counts the bytes going through it. */
typedef struct {
    FILE *f;
    XXH64_state_t *st;
    uint64_t bytes;
} tap;

static ssize_t tap_read(void *c, char *buf, size_t n)
{
    tap *t = c;
    size_t got = fread(buf, 1, n, t->f);
    if (got == 0 && ferror(t->f))
        return -1;
    XXH64_update(t->st, buf, got);
    t->bytes += got;
    return (ssize_t)got;
}

static ssize_t tap_write(void *c, const char *buf, size_t n)
{
    tap *t = c;
    size_t put = fwrite(buf, 1, n, t->f);
    XXH64_update(t->st, buf, put);
    t->bytes += put;
    return put == n ? (ssize_t)n : -1;
}

static FILE *tap_open(tap *t, FILE *f, const char *mode)
{
    t->f = f;
    t->bytes = 0;
    t->st = XXH64_createState();
    if (!t->st)
        return NULL;
    XXH64_reset(t->st, 0);
    cookie_io_functions_t io = {tap_read, tap_write, NULL, NULL};
    FILE *h = fopencookie(t, mode, io);
    if (!h)
        XXH64_freeState(t->st);
    return h;
}

/* ---- save ------------------------------------------------------------- */

static int write_payload(const ss_dedup *dd, FILE *f, ss_error *err)
{
    size_t n = dd->ndocs;
    if ((n && fwrite(dd->docs, sizeof(dd_doc), n, f) != n) ||
        (n && fwrite(dd->uf.parent, sizeof(uint32_t), n, f) != n) ||
        (dd->ids.len && fwrite(dd->ids.data, 1, dd->ids.len, f) != dd->ids.len) ||
        (dd->nsketch &&
         fwrite(dd->sketches, dd->sketch_bytes, dd->nsketch, f) != dd->nsketch) ||
        (dd->nsketch && fwrite(dd->sketch_doc, sizeof(uint32_t), dd->nsketch, f) != dd->nsketch))
        return ss_error_set(err, SS_EIO, "cannot write the index");
    int rc = ss_keymap_write(dd->exact, f, err);
    if (!rc)
        rc = ss_keymap_write(dd->lsh, f, err);
    if (!rc)
        rc = ss_linefreq_write(dd->lines, f, err);
    return rc;
}

int ss_dedup_save(const ss_dedup *dd, const char *path, ss_error *err)
{
    int rc = SS_OK;
    ss_outfile *of = ss_outfile_open(path, SS_OUTFILE_REGULAR, err);
    if (!of) {
        if (err)
            ss_error_prefix(err, "index not saved");
        return err ? err->code : SS_EIO;
    }
    FILE *f = ss_outfile_stream(of);
    const char *tmp = ss_outfile_temp(of);
    header h = {VERSION, 0x01020304u, dd->p.threshold, dd->p.ngram, dd->p.hashes, dd->p.bands,
                dd->p.rows, dd->p.common_docs, dd->ndocs, dd->nsketch, dd->ids.len, 0, 0, 0};
    uint8_t hb[HEADER_BYTES];
    encode(&h, hb);
    tap t;
    FILE *tf = NULL;
    if (fwrite(hb, 1, HEADER_BYTES, f) != HEADER_BYTES || !(tf = tap_open(&t, f, "w"))) {
        rc = ss_error_set(err, SS_EIO, "%s: cannot write the index: %s", tmp, strerror(errno));
        goto fail;
    }
    rc = write_payload(dd, tf, err);
    if (fclose(tf) != 0 && !rc)
        rc = ss_error_set(err, SS_EIO, "%s: cannot write the index", tmp);
    h.payload = t.bytes;
    h.checksum = XXH64_digest(t.st);
    XXH64_freeState(t.st);
    if (rc)
        goto fail;
    encode(&h, hb);
    if (fseek(f, 0, SEEK_SET) != 0 || fwrite(hb, 1, HEADER_BYTES, f) != HEADER_BYTES) {
        rc = ss_error_set(err, SS_EIO, "%s: cannot write the index: %s", tmp, strerror(errno));
        goto fail;
    }
    /* flushed, synced and renamed over path (the folder synced too) */
    rc = ss_outfile_commit(of, err);
    of = NULL;
    if (rc)
        goto fail;
    return SS_OK;
fail:
    ss_outfile_abort(of);
    if (err)
        ss_error_prefix(err, "index not saved (%s left as it was)", path);
    return rc;
}

/* ---- load ------------------------------------------------------------- */

/* XXH64 of everything from the current position to the end of f; the
 * position is restored.  0 on success. */
static int checksum_rest(FILE *f, uint64_t *sum, uint64_t *bytes)
{
    long at = ftell(f);
    XXH64_state_t *st = XXH64_createState();
    char *buf = malloc(1 << 20);
    int rc = -1;
    if (at >= 0 && st && buf) {
        XXH64_reset(st, 0);
        size_t got;
        *bytes = 0;
        while ((got = fread(buf, 1, 1 << 20, f)) > 0) {
            XXH64_update(st, buf, got);
            *bytes += got;
        }
        if (!ferror(f) && fseek(f, at, SEEK_SET) == 0) {
            *sum = XXH64_digest(st);
            rc = 0;
        }
    }
    XXH64_freeState(st);
    free(buf);
    return rc;
}

/* Sketches of 4-bit fingerprints (version 1) are read into a buffer of
 * this many, then narrowed. */
#define NARROW_BLOCK 4096

/* Read ns sketches of `hashes` bins into out; with wide (a buffer of
 * NARROW_BLOCK version-1 sketches), 4-bit ones, narrowed.  1 on success. */
static int read_sketches(FILE *f, uint8_t *out, size_t ns, uint32_t hashes, uint8_t *wide)
{
    size_t sb = ss_minhash_sketch_bytes(hashes), wb = hashes / 2;
    if (!wide)
        return fread(out, sb, ns, f) == ns;
    int ok = 1;
    for (size_t i = 0; ok && i < ns; i += NARROW_BLOCK) {
        size_t m = ns - i < NARROW_BLOCK ? ns - i : NARROW_BLOCK;
        ok = fread(wide, wb, m, f) == m;
        for (size_t k = 0; ok && k < m; k++)
            ss_minhash_sketch_from_4bit(wide + k * wb, hashes, out + (i + k) * sb);
    }
    return ok;
}

static int bad(ss_error *err, const char *path, const char *why)
{
    return ss_error_set(err, SS_EFORMAT, "%s: %s", path, why);
}

int ss_dedup_load(ss_dedup *dd, const char *path, ss_error *err)
{
    if (dd->ndocs)
        return ss_error_set(err, SS_EINVAL, "%s: an index loads only into an empty deduplicator",
                            path);
    struct stat pst;
    if (stat(path, &pst) == 0 && !S_ISREG(pst.st_mode))
        return ss_error_set(err, SS_EFORMAT, "%s: is %s, not an index file", path,
                            S_ISDIR(pst.st_mode) ? "a folder" : "not a regular file");
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return ss_error_set(err, SS_ENOTFOUND, "%s: no such index", path);
        return ss_error_set(err, SS_EIO, "%s: cannot read the index: %s", path, strerror(errno));
    }
    uint8_t hb[HEADER_BYTES];
    header h;
    int rc = SS_OK;
    ss_dedup tmp;
    uint8_t *wide = NULL; /* version-1 sketches before narrowing */
    memset(&tmp, 0, sizeof tmp);
    size_t got = fread(hb, 1, HEADER_BYTES, f);
    if (got < 8 || memcmp(hb, MAGIC, 8) != 0) {
        rc = bad(err, path, "not a samestory dedup index (wrong magic number)");
        goto out;
    }
    if (got < HEADER_BYTES) {
        rc = bad(err, path, "corrupt index: truncated header");
        goto out;
    }
    decode(hb, &h);
    /* nothing of a damaged header is believed, nor quoted: its checksum
     * first, or for a header of an earlier writer (no checksum) the range
     * of every option it records */
    int sum_ok = h.header_sum != 0 && h.header_sum == XXH64(hb, HEADER_SUM_AT, 0);
    int plausible = h.threshold > 0 && h.threshold <= 1 && h.ngram >= 1 && h.ngram <= 32 &&
                    h.hashes >= SS_MINHASH_MIN_HASHES && h.hashes <= SS_MINHASH_MAX_HASHES;
    int known = h.version == VERSION || h.version == VERSION_4BIT;
    if (known && !sum_ok && (h.header_sum != 0 || !plausible)) {
        rc = bad(err, path, "corrupt index: its header is damaged (checksum mismatch)");
        goto out;
    }
    if (!known && !sum_ok && h.version > 64) {
        rc = bad(err, path, "corrupt index: its header is damaged (impossible version)");
        goto out;
    }
    if (!known) {
        rc = ss_error_set(err, SS_EFORMAT,
                          "%s: index format version %u; this samestory reads version %u "
                          "(rebuild the index)", path, h.version, VERSION);
        goto out;
    }
    if (h.bom != 0x01020304u) {
        rc = bad(err, path, "index written on a machine of another byte order");
        goto out;
    }
    if (h.threshold != dd->p.threshold || h.ngram != dd->p.ngram || h.hashes != dd->p.hashes ||
        h.common_docs != dd->p.common_docs) {
        rc = ss_error_set(err, SS_EFORMAT,
                          "%s: the index was made with --threshold %g --ngram %u --hashes %u "
                          "(common lines from %u documents); this run has --threshold %g "
                          "--ngram %u --hashes %u (from %u): use the same options, or another "
                          "index file", path, h.threshold, h.ngram, h.hashes, h.common_docs,
                          dd->p.threshold, dd->p.ngram, dd->p.hashes, dd->p.common_docs);
        goto out;
    }
    if (h.bands != dd->p.bands || h.rows != dd->p.rows || h.ndocs >= UINT32_MAX - 1 ||
        h.nsketch > h.ndocs || h.ids_bytes > h.payload || h.payload > (uint64_t)1 << 48) {
        rc = bad(err, path, "corrupt index: impossible header values");
        goto out;
    }
    struct stat stt;
    size_t n = (size_t)h.ndocs, ns = (size_t)h.nsketch;
    size_t sb = ss_minhash_sketch_bytes(h.hashes);
    size_t file_sb = h.version == VERSION_4BIT ? h.hashes / 2 : sb; /* a sketch in the file */
    uint64_t fixed =
        (uint64_t)n * (sizeof(dd_doc) + 4) + h.ids_bytes + (uint64_t)ns * (file_sb + 4);
    if (fstat(fileno(f), &stt) != 0 || (uint64_t)stt.st_size != HEADER_BYTES + h.payload ||
        fixed > h.payload) {
        rc = bad(err, path, "corrupt index: its size does not match its header (truncated?)");
        goto out;
    }
    /* the checksum first, so that nothing read from a damaged file sizes an
     * allocation */
    uint64_t sum0 = 0, bytes0 = 0;
    if (checksum_rest(f, &sum0, &bytes0)) {
        rc = ss_error_set(err, SS_EIO, "%s: cannot read the index", path);
        goto out;
    }
    if (bytes0 != h.payload || sum0 != h.checksum) {
        rc = bad(err, path, "corrupt index: checksum mismatch");
        goto out;
    }
    /* read into a scratch deduplicator; dd takes it only when all is well */
    tmp.p = dd->p;
    tmp.mh = dd->mh;
    tmp.sketch_bytes = sb;
    tmp.docs = malloc((n ? n : 1) * sizeof(dd_doc));
    tmp.uf.parent = malloc((n ? n : 1) * sizeof(uint32_t));
    tmp.ids.data = malloc(h.ids_bytes + 1);
    tmp.sketches = malloc(ns ? ns * sb : 1);
    tmp.sketch_doc = malloc((ns ? ns : 1) * sizeof(uint32_t));
    wide = file_sb != sb ? malloc(NARROW_BLOCK * file_sb) : NULL;
    if (!tmp.docs || !tmp.uf.parent || !tmp.ids.data || !tmp.sketches || !tmp.sketch_doc ||
        (file_sb != sb && !wide)) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory loading %s", path);
        goto out;
    }
    tmp.ndocs = tmp.capdocs = tmp.uf.n = tmp.uf.cap = n;
    tmp.ids.len = (size_t)h.ids_bytes;
    tmp.ids.cap = tmp.ids.len + 1;
    tmp.ids.data[tmp.ids.len] = '\0';
    tmp.nsketch = tmp.capsketch = ns;
    int ok = fread(tmp.docs, sizeof(dd_doc), n, f) == n &&
             fread(tmp.uf.parent, sizeof(uint32_t), n, f) == n &&
             fread(tmp.ids.data, 1, tmp.ids.len, f) == tmp.ids.len &&
             read_sketches(f, tmp.sketches, ns, h.hashes, wide) &&
             fread(tmp.sketch_doc, sizeof(uint32_t), ns, f) == ns;
    ss_error sub;
    if (ok) {
        /* what is left of the payload bounds what the tables may claim */
        uint64_t left = h.payload - fixed;
        long at;
        tmp.exact = ss_keymap_read(f, left, &sub);
        at = ftell(f);
        left = tmp.exact && at > 0 ? HEADER_BYTES + h.payload - (uint64_t)at : 0;
        tmp.lsh = tmp.exact ? ss_keymap_read(f, left, &sub) : NULL;
        at = ftell(f);
        left = tmp.lsh && at > 0 ? HEADER_BYTES + h.payload - (uint64_t)at : 0;
        tmp.lines = tmp.lsh ? ss_linefreq_read(f, 0, left, &sub) : NULL;
        ok = tmp.lines != NULL;
        if (!ok && sub.code == SS_ENOMEM) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory loading %s", path);
            goto out;
        }
    }
    ok = ok && fgetc(f) == EOF;
    if (!ok) {
        rc = bad(err, path, "corrupt index: its tables do not fit its size");
        goto out;
    }
    /* cross references */
    for (size_t i = 0; i < n && ok; i++) {
        const dd_doc *d = &tmp.docs[i];
        ok = d->id_off < tmp.ids.len && tmp.uf.parent[i] <= i &&
             (d->exact_of == SS_DEDUP_NONE ? d->exact == 0 : d->exact_of <= i) &&
             (d->sketch == SS_DEDUP_NONE || (d->sketch < ns && tmp.sketch_doc[d->sketch] == i));
    }
    for (size_t s = 0; s < ns && ok; s++)
        ok = tmp.sketch_doc[s] < n && tmp.docs[tmp.sketch_doc[s]].sketch == s;
    ok = ok && (tmp.ids.len == 0 || tmp.ids.data[tmp.ids.len - 1] == '\0');
    ok = ok && (ss_keymap_size(tmp.exact) == 0 || ss_keymap_max_value(tmp.exact) < n) &&
         (ss_keymap_size(tmp.lsh) == 0 || ss_keymap_max_value(tmp.lsh) < n);
    if (!ok) {
        rc = bad(err, path, "corrupt index: inconsistent contents");
        goto out;
    }
    /* take it */
    ss_keymap_free(dd->exact);
    ss_keymap_free(dd->lsh);
    ss_linefreq_free(dd->lines);
    ss_buf_release(&dd->ids);
    ss_uf_release(&dd->uf);
    free(dd->docs);
    free(dd->sketches);
    free(dd->sketch_doc);
    dd->docs = tmp.docs;
    dd->ndocs = dd->capdocs = n;
    dd->first_new = (uint32_t)n;
    dd->ids = tmp.ids;
    dd->uf = tmp.uf;
    dd->sketches = tmp.sketches;
    dd->sketch_doc = tmp.sketch_doc;
    dd->nsketch = dd->capsketch = ns;
    dd->exact = tmp.exact;
    dd->lsh = tmp.lsh;
    dd->lines = tmp.lines;
    memset(&dd->st, 0, sizeof dd->st);
    dd->st.docs = n;
    memset(&tmp, 0, sizeof tmp);
out:
    fclose(f);
    free(wide);
    free(tmp.docs);
    free(tmp.uf.parent);
    free(tmp.ids.data);
    free(tmp.sketches);
    free(tmp.sketch_doc);
    ss_keymap_free(tmp.exact);
    ss_keymap_free(tmp.lsh);
    ss_linefreq_free(tmp.lines);
    return rc;
}
