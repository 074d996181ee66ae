/* align/reuse_part.c — one partition of a spread-out reuse run
 * (reuse_part.h).
 *
 * A part is an ss_reuse that is never built: records go through
 * ss_reuse_add_records one at a time (cleaning and the body judgment as
 * the CLI's), and the part keeps per record its id and, when kept, its
 * engine number and prepared text (for ss_reuse_part_doc_bytes).
 */
#include "align/reuse_part.h"

#include <stdlib.h>
#include <string.h>

#include "align/reuse.h"
#include "align/reuse_records.h"
#include "input/jsonl.h"
#include "input/jsonl_fast.h"
#include "input/reader.h"

#define MAGIC "SSR1"
#define HEADER (4 + 1 + 8 + 8 + 8 + 4 + 4)

typedef struct prec {
    char *id;
    int64_t doc;       /* the engine's number, -1: not kept */
    char *text;        /* prepared text (kept records) */
    size_t len;
} prec;

struct ss_reuse_part {
    int summary, keep_no_body;
    ss_reuse *r;
    ss_pool *pool;            /* one thread: the cleaner's pool */
    ss_cleaner *cleaner;      /* made when the first HTML page comes */
    prec *v;
    size_t n, cap;
    uint32_t *pdoc;           /* prints, made on first need */
    uint64_t *phash;
    size_t nprints;
    int prints_made;
    ss_reuse_worker *w;       /* made on first need */
    ss_reuse_passages found;
    uint64_t *seeds;
    uint32_t *b;
    size_t seeds_cap, b_cap;
};

ss_reuse_part *ss_reuse_part_new(const ss_reuse_json_opts *o, ss_error *err)
{
    ss_reuse_json_opts d;
    if (!o) {
        ss_reuse_json_opts_default(&d);
        o = &d;
    }
    ss_reuse_opts ro;
    if (ss_reuse_opts_from_json(o, &ro, err))
        return NULL;
    if (o->translated) {
        ss_error_set(err, SS_EINVAL, "translated passages are not found in a partitioned run: "
                                     "run reuse with translated on one machine");
        return NULL;
    }
    ss_reuse_part *p = calloc(1, sizeof *p);
    if (!p) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    p->summary = o->summary != 0;
    p->keep_no_body = o->keep_no_body != 0;
    ss_reuse_passages_init(&p->found);
    if (!(p->r = ss_reuse_new(&ro, err)) || !(p->pool = ss_pool_new(1))) {
        if (p->r)
            ss_error_set(err, SS_ENOMEM, "cannot start a thread");
        ss_reuse_part_free(p);
        return NULL;
    }
    return p;
}

void ss_reuse_part_free(ss_reuse_part *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].id);
        free(p->v[i].text);
    }
    free(p->v);
    free(p->pdoc);
    free(p->phash);
    free(p->seeds);
    free(p->b);
    ss_reuse_passages_release(&p->found);
    ss_reuse_worker_free(p->w);
    ss_cleaner_free(p->cleaner);
    ss_pool_free(p->pool);
    ss_reuse_free(p->r);
    free(p);
}

static int grow(ss_reuse_part *p)
{
    if (p->n < p->cap)
        return SS_OK;
    size_t cap = p->cap ? p->cap * 2 : 256;
    prec *v = realloc(p->v, cap * sizeof *v);
    if (!v)
        return SS_ENOMEM;
    p->v = v;
    p->cap = cap;
    return SS_OK;
}

/* A record kept as text, id copied; doc is its engine number or -1. */
static int keep(ss_reuse_part *p, const char *id, const char *text, size_t len, int64_t doc)
{
    prec *x = &p->v[p->n];
    memset(x, 0, sizeof *x);
    x->doc = doc;
    if (!(x->id = strdup(id ? id : "")))
        return SS_ENOMEM;
    if (doc >= 0) {
        if (!(x->text = malloc(len + 1))) {
            free(x->id);
            return SS_ENOMEM;
        }
        memcpy(x->text, text, len);
        x->text[len] = '\0';
        x->len = len;
    }
    p->n++;
    p->prints_made = 0;
    return SS_OK;
}

/* Take d (freed here): clean and judge it as the CLI does, keep it. */
static int take(ss_reuse_part *p, ss_doc *d, ss_error *err)
{
    int rc = grow(p);
    uint8_t kept = 0;
    size_t before = ss_reuse_count(p->r);
    if (rc == SS_OK)
        rc = ss_reuse_add_records(p->r, p->pool, &p->cleaner, &d, 1, p->keep_no_body, NULL, &kept, err);
    else
        ss_error_set(err, rc, "out of memory");
    if (rc == SS_OK && (rc = keep(p, d->id, d->text ? d->text : "", d->text ? d->text_len : 0,
                                  kept ? (int64_t)before : -1)))
        ss_error_set(err, rc, "out of memory");
    ss_doc_free(d);
    return rc;
}

int ss_reuse_part_add_jsonl(ss_reuse_part *p, const char *buf, size_t len, const char *origin,
                            uint64_t offset, ss_error *err)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len, n = end - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        if (!ss_jsonl_blank(buf + i, n)) {
            ss_doc *d = NULL;
            ss_error perr;
            ss_error_clear(&perr);
            int rc = ss_jsonl_parse_fast(buf + i, n, origin, 0, SS_JSONL_NO_EXTRA, &d, &perr);
            if (rc == SS_OK)
                rc = take(p, d, &perr);
            if (rc)
                return ss_error_set_at(err, rc, 0, offset + i, "%s: byte %llu: %s", origin,
                                       (unsigned long long)(offset + i), ss_error_text_after(&perr, origin));
        }
        i = end + 1;
    }
    return SS_OK;
}

int ss_reuse_part_add_files(ss_reuse_part *p, const char *const *paths, size_t n, ss_error *err)
{
    ss_reader *r = ss_reader_new(paths, n, NULL, err);
    if (!r)
        return err->code ? err->code : SS_ENOMEM;
    int rc;
    for (;;) {
        ss_raw_record rr;
        rc = ss_reader_next_raw(r, &rr, err);
        if (rc <= 0)
            break;
        ss_doc *d = rr.doc;
        if (!d && (rc = ss_jsonl_parse(rr.line, rr.len, rr.origin, rr.lineno, &d, err)))
            break;
        if ((rc = ss_reader_accept(r, d, err))) {
            ss_doc_free(d);
            break;
        }
        if ((rc = take(p, d, err)))
            break;
    }
    ss_reader_free(r);
    return rc < 0 ? rc : SS_OK;
}

static void put_le(unsigned char *at, uint64_t v, int bytes)
{
    for (int k = 0; k < bytes; k++)
        at[k] = (unsigned char)(v >> (8 * k));
}

static uint64_t get_le(const unsigned char *at, int bytes)
{
    uint64_t v = 0;
    for (int k = 0; k < bytes; k++)
        v |= (uint64_t)at[k] << (8 * k);
    return v;
}

int ss_reuse_part_doc_bytes(const ss_reuse_part *p, size_t i, ss_buf *out)
{
    if (i >= p->n || p->v[i].doc < 0)
        return SS_EINVAL;
    const prec *x = &p->v[i];
    size_t idlen = strlen(x->id);
    if (idlen > UINT32_MAX || x->len > UINT32_MAX)
        return SS_ETOOBIG;
    ss_when w = ss_reuse_doc_when(p->r, (uint32_t)x->doc);
    unsigned char h[HEADER];
    memcpy(h, MAGIC, 4);
    h[4] = w.from;
    put_le(h + 5, (uint64_t)w.time, 8);
    put_le(h + 13, (uint64_t)w.day, 8);
    put_le(h + 21, ss_reuse_doc_source(p->r, (uint32_t)x->doc), 8);
    put_le(h + 29, idlen, 4);
    put_le(h + 33, x->len, 4);
    if (ss_buf_append(out, (const char *)h, HEADER) || ss_buf_append(out, x->id, idlen) ||
        ss_buf_append(out, x->text, x->len))
        return SS_ENOMEM;
    return SS_OK;
}

int ss_reuse_part_add_bytes(ss_reuse_part *p, const char *bytes, size_t len, ss_error *err)
{
    const unsigned char *b = (const unsigned char *)bytes;
    if (!bytes || len < HEADER || memcmp(b, MAGIC, 4) != 0 || b[4] > SS_WHEN_DATELINE)
        return ss_error_set(err, SS_EPARSE, "reuse part: damaged document bytes (bad header)");
    uint64_t idlen = get_le(b + 29, 4), tlen = get_le(b + 33, 4);
    if (HEADER + idlen + tlen != len)
        return ss_error_set(err, SS_EPARSE,
                            "reuse part: damaged document bytes (%zu bytes, the header says %llu)", len,
                            (unsigned long long)(HEADER + idlen + tlen));
    char *id = malloc(idlen + 1);
    if (!id)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    memcpy(id, b + HEADER, idlen);
    id[idlen] = '\0';
    if (memchr(id, '\0', idlen)) {
        free(id);
        return ss_error_set(err, SS_EPARSE, "reuse part: damaged document bytes (NUL in the id)");
    }
    ss_when w = {(int64_t)get_le(b + 5, 8), (int64_t)get_le(b + 13, 8), b[4]};
    const char *text = bytes + HEADER + idlen;
    int64_t doc = (int64_t)ss_reuse_count(p->r);
    int rc = grow(p);
    if (rc)
        ss_error_set(err, rc, "out of memory");
    else if ((rc = ss_reuse_add_text(p->r, id, text, (size_t)tlen, &w, get_le(b + 21, 8), err)) == SS_OK &&
             (rc = keep(p, id, text, (size_t)tlen, doc)))
        ss_error_set(err, rc, "out of memory");
    free(id);
    return rc;
}

size_t ss_reuse_part_count(const ss_reuse_part *p) { return p->n; }

int ss_reuse_part_docs(const ss_reuse_part *p, uint8_t *kept, uint64_t *source, ss_buf *ids)
{
    for (size_t i = 0; i < p->n; i++) {
        const prec *x = &p->v[i];
        if (kept)
            kept[i] = x->doc >= 0;
        if (source)
            source[i] = x->doc >= 0 ? ss_reuse_doc_source(p->r, (uint32_t)x->doc) : 0;
        if (ids && ss_buf_append(ids, x->id, strlen(x->id) + 1))
            return SS_ENOMEM;
    }
    return SS_OK;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sort v[0..n) and drop repeats; returns the new length. */
static size_t sort_unique(uint64_t *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

/* The prints of every kept record, made once.  SS_OK or SS_ENOMEM. */
static int make_prints(ss_reuse_part *p)
{
    if (p->prints_made)
        return SS_OK;
    ss_fps fps;
    memset(&fps, 0, sizeof fps);
    size_t n = 0, cap = 0;
    uint32_t *doc = NULL;
    uint64_t *hash = NULL, *tmp = NULL;
    size_t tcap = 0;
    int rc = SS_OK;
    for (size_t i = 0; i < p->n && rc == SS_OK; i++) {
        if (p->v[i].doc < 0)
            continue;
        if ((rc = ss_reuse_doc_fingerprints(p->r, (uint32_t)p->v[i].doc, &fps)))
            break;
        if (fps.n > tcap) {
            uint64_t *t = realloc(tmp, fps.n * sizeof *t);
            if (!t) {
                rc = SS_ENOMEM;
                break;
            }
            tmp = t;
            tcap = fps.n;
        }
        for (size_t k = 0; k < fps.n; k++)
            tmp[k] = fps.v[k].hash;
        size_t m = sort_unique(tmp, fps.n);
        if (n + m > cap) {
            size_t c = cap ? cap : 1024;
            while (c < n + m)
                c *= 2;
            uint32_t *d2 = realloc(doc, c * sizeof *d2);
            if (d2)
                doc = d2;
            uint64_t *h2 = d2 ? realloc(hash, c * sizeof *h2) : NULL;
            if (!h2) {
                rc = SS_ENOMEM;
                break;
            }
            hash = h2;
            cap = c;
        }
        for (size_t k = 0; k < m; k++) {
            doc[n] = (uint32_t)i;
            hash[n++] = tmp[k];
        }
    }
    ss_fps_release(&fps);
    free(tmp);
    if (rc) {
        free(doc);
        free(hash);
        return rc;
    }
    free(p->pdoc);
    free(p->phash);
    p->pdoc = doc;
    p->phash = hash;
    p->nprints = n;
    p->prints_made = 1;
    return SS_OK;
}

size_t ss_reuse_part_nprints(ss_reuse_part *p) { return make_prints(p) == SS_OK ? p->nprints : 0; }

void ss_reuse_part_prints(const ss_reuse_part *p, uint32_t *doc, uint64_t *hash)
{
    if (!p->prints_made)
        return;
    memcpy(doc, p->pdoc, p->nprints * sizeof *doc);
    memcpy(hash, p->phash, p->nprints * sizeof *hash);
}

/* The engine number of kept record i, or -1 (err set). */
static int64_t engine_doc(const ss_reuse_part *p, uint32_t i, ss_error *err)
{
    if (i >= p->n || p->v[i].doc < 0) {
        ss_error_set(err, SS_EINVAL, "reuse part: record %u is not a document held for aligning", i);
        return -1;
    }
    return p->v[i].doc;
}

int ss_reuse_part_pairs_json(ss_reuse_part *p, uint32_t a, const uint32_t *b, size_t nb,
                             const uint64_t *seeds, size_t nseeds, ss_buf *out, ss_error *err)
{
    int64_t da = engine_doc(p, a, err);
    if (da < 0)
        return SS_EINVAL;
    if (nseeds > p->seeds_cap) {
        uint64_t *v = realloc(p->seeds, nseeds * sizeof *v);
        if (!v)
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        p->seeds = v;
        p->seeds_cap = nseeds;
    }
    if (nb > p->b_cap) {
        uint32_t *v = realloc(p->b, nb * sizeof *v);
        if (!v)
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        p->b = v;
        p->b_cap = nb;
    }
    for (size_t k = 0; k < nb; k++) {
        int64_t d = engine_doc(p, b[k], err);
        if (d < 0)
            return SS_EINVAL;
        if (d == da)
            return ss_error_set(err, SS_EINVAL, "reuse part: record %u paired with itself", a);
        p->b[k] = (uint32_t)d;
    }
    if (nseeds)
        memcpy(p->seeds, seeds, nseeds * sizeof *seeds);
    size_t ns = sort_unique(p->seeds, nseeds);
    if (!p->w && !(p->w = ss_reuse_worker_new(p->r)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    p->found.n = 0;
    int rc = ss_reuse_align(p->w, (uint32_t)da, p->b, nb, p->seeds, ns, &p->found);
    if (rc == SS_OK)
        rc = ss_reuse_lines_json(p->r, p->found.v, p->found.n, p->summary, out);
    if (rc)
        ss_error_set(err, rc, "%s: %s", p->v[a].id, ss_strerror(rc));
    return rc;
}
