/* fingerprint/deduper.c — records through the deduplicator (deduper.h).
 *
 * ss_deduper keeps, besides the index, a table of id hashes (XXH3) to
 * document numbers so that an id held already is refused before anything
 * of its batch is admitted; a hash match is confirmed against the stored
 * id.  A batch is parsed and checked whole first, then prepared, admitted,
 * sketched and linked like one batch of the CLI.
 *
 * ss_dedup_part keeps one ss_dedup_item per document (its words and
 * lines) from the scan to the sketch, and an index of its own that is
 * used only for its parameters and its line table: the table is rebuilt
 * from the caller's common lines for each batch the partition's documents
 * fall in, so a sketch sees the lines the CLI's table would call common at
 * that batch.
 */
#include "fingerprint/deduper.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "fingerprint/dedup_internal.h"
#include "input/body.h"
#include "input/jsonl.h"
#include "input/jsonl_fast.h"
#include "input/reader.h"
#include "output/json.h"

size_t ss_dedup_doc_bytes(const ss_doc *d, size_t raw_len)
{
    return raw_len ? raw_len : d->text_len + d->html_len;
}

int ss_dedup_prepare(const ss_dedup *dd, ss_cleaner *cleaner, ss_dedup_work *w,
                     ss_dedup_item *it, ss_doc *d, int keep_no_body, int *no_body, ss_error *err)
{
    int had_text = d->text_len > 0 || d->html_len > 0;
    int rc = ss_clean_replace(cleaner, d, err);
    if (rc)
        return rc;
    /* a failed scrape (a title and a sidebar) is nobody's near duplicate:
     * it is not sketched, so it joins no near-duplicate group (exact
     * copies of it still group).  Headline-only records (no text given)
     * are left as they are. */
    *no_body = !keep_no_body && had_text && !ss_text_has_body(d->text, d->text_len);
    return ss_dedup_scan(dd, w, it, d, err);
}

/* ---- ss_deduper ---- */

struct ss_deduper {
    ss_dedup *dd;
    ss_cleaner *cleaner;
    ss_dedup_work *work;
    ss_keymap *ids;          /* XXH3 of id -> document */
    int keep_no_body;
    int finished;            /* groups decided for every document held */
    ss_dedup_item **items;   /* one batch's items, reused */
    size_t nitems;
};

static uint64_t id_hash(const char *id) { return XXH3_64bits(id, strlen(id)); }

ss_deduper *ss_deduper_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err)
{
    ss_deduper *d = calloc(1, sizeof *d);
    if (!d) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    d->keep_no_body = keep_no_body;
    if (!(d->dd = ss_dedup_new(o, err)) || !(d->cleaner = ss_cleaner_new(NULL, err)))
        goto fail;
    if (!(d->work = ss_dedup_work_new()) || !(d->ids = ss_keymap_new())) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        goto fail;
    }
    return d;
fail:
    ss_deduper_free(d);
    return NULL;
}

void ss_deduper_free(ss_deduper *d)
{
    if (!d)
        return;
    ss_dedup_free(d->dd);
    ss_cleaner_free(d->cleaner);
    ss_dedup_work_free(d->work);
    ss_keymap_free(d->ids);
    for (size_t i = 0; i < d->nitems; i++)
        ss_dedup_item_free(d->items[i]);
    free(d->items);
    free(d);
}

ss_dedup *ss_deduper_index(ss_deduper *d) { return d->dd; }

/* The document holding id, or SS_DEDUP_NONE. */
static uint32_t id_lookup(const ss_deduper *d, const char *id)
{
    uint32_t v[8];
    size_t n = ss_keymap_get(d->ids, id_hash(id), v, 8);
    for (size_t i = 0; i < n && i < 8; i++)
        if (strcmp(ss_dedup_id(d->dd, v[i]), id) == 0)
            return v[i];
    return SS_DEDUP_NONE;
}

int ss_deduper_load(ss_deduper *d, const char *path, ss_error *err)
{
    if (ss_dedup_count(d->dd))
        return ss_error_set(err, SS_EINVAL, "%s: load an index into an empty deduper only", path);
    int rc = ss_dedup_load(d->dd, path, err);
    if (rc)
        return rc;
    uint32_t n = ss_dedup_count(d->dd);
    for (uint32_t i = 0; i < n; i++)
        if (ss_keymap_add(d->ids, id_hash(ss_dedup_id(d->dd, i)), i))
            return ss_error_set(err, SS_ENOMEM, "out of memory");
    d->finished = 0;
    return SS_OK;
}

int ss_deduper_save(ss_deduper *d, const char *path, ss_error *err)
{
    return ss_dedup_save(d->dd, path, err);
}

static int ensure_items(ss_deduper *d, size_t n)
{
    if (n <= d->nitems)
        return 0;
    ss_dedup_item **v = realloc(d->items, n * sizeof *v);
    if (!v)
        return -1;
    d->items = v;
    for (; d->nitems < n; d->nitems++)
        if (!(d->items[d->nitems] = ss_dedup_item_new()))
            return -1;
    return 0;
}

/* Parse one record; SS_OK or its error with err saying "record i: ...". */
static int parse_record(const ss_body_record *r, size_t i, size_t max_doc, ss_doc **out,
                        ss_error *err)
{
    if (r->error)
        return ss_error_set(err, SS_EPARSE, "record %zu: %s", i + 1, r->error);
    if (max_doc && r->len > max_doc)
        return ss_error_set(err, SS_ETOOBIG, "record %zu: %zu bytes; at most %zu", i + 1, r->len,
                            max_doc);
    ss_error perr;
    ss_error_clear(&perr);
    int rc = ss_jsonl_parse(r->json, r->len, "record", i + 1, out, &perr);
    if (rc)
        return ss_error_set(err, rc, "%s", perr.msg);
    return SS_OK;
}

/* One batch docs[0..n), checked: prepare, admit, sketch, link. */
static int add_batch(ss_deduper *d, ss_doc **docs, size_t n, ss_error *err)
{
    if (ensure_items(d, n))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int *no_body = calloc(n ? n : 1, sizeof *no_body);
    if (!no_body)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int rc = SS_OK;
    for (size_t i = 0; i < n && !rc; i++)
        rc = ss_dedup_prepare(d->dd, d->cleaner, d->work, d->items[i], docs[i], d->keep_no_body,
                              &no_body[i], err);
    for (size_t i = 0; i < n && !rc; i++) {
        rc = ss_dedup_admit(d->dd, d->items[i], docs[i]->id, docs[i]->time, err);
        if (!rc && ss_keymap_add(d->ids, id_hash(docs[i]->id), ss_dedup_item_doc(d->items[i])))
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n && !rc; i++)
        if (!no_body[i])
            rc = ss_dedup_sketch(d->dd, d->work, d->items[i], err);
    for (size_t i = 0; i < n && !rc; i++)
        if (!no_body[i])
            rc = ss_dedup_link(d->dd, d->items[i], err);
    free(no_body);
    d->finished = 0;
    return rc;
}

int ss_deduper_add_json(ss_deduper *d, const char *body, size_t len, size_t max_doc,
                        size_t *added, ss_error *err)
{
    if (added)
        *added = 0;
    ss_body_record *rec;
    size_t n;
    int rc = ss_body_split(body ? body : "", body ? len : 0, SIZE_MAX, &rec, &n, err);
    if (rc)
        return rc;
    ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    ss_keymap *seen = ss_keymap_new();
    if (!docs || !seen) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    /* the whole call is checked before anything is added */
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = parse_record(&rec[i], i, max_doc, &docs[i], err)))
            break;
        uint64_t h = id_hash(docs[i]->id);
        uint32_t v[8];
        size_t m = ss_keymap_get(seen, h, v, 8);
        int dup = id_lookup(d, docs[i]->id) != SS_DEDUP_NONE;
        for (size_t k = 0; k < m && k < 8 && !dup; k++)
            dup = strcmp(docs[v[k]]->id, docs[i]->id) == 0;
        if (dup)
            rc = ss_error_set(err, SS_EDUPID, "record:%zu: duplicate id \"%s\" (held already)", i + 1,
                              docs[i]->id);
        else if (ss_keymap_add(seen, h, (uint32_t)i))
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    /* then cut into the CLI's batches */
    for (size_t i = 0; i < n && !rc;) {
        size_t j = i, bytes = 0;
        while (j < n && j - i < SS_DEDUP_BATCH_DOCS && bytes < SS_DEDUP_BATCH_BYTES)
            bytes += ss_dedup_doc_bytes(docs[j], rec[j].len), j++;
        if ((rc = add_batch(d, docs + i, j - i, err)))
            break;
        if (added)
            *added = j;
        i = j;
    }
out:
    for (size_t i = 0; docs && i < n; i++)
        ss_doc_free(docs[i]);
    free(docs);
    ss_keymap_free(seen);
    ss_body_records_free(rec, n);
    return rc;
}

static int finish(ss_deduper *d, ss_error *err)
{
    if (d->finished)
        return SS_OK;
    if (ss_dedup_finish(d->dd))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    d->finished = 1;
    return SS_OK;
}

int ss_deduper_results_json(ss_deduper *d, uint32_t from, uint32_t to, ss_buf *out, ss_error *err)
{
    int rc = finish(d, err);
    if (rc)
        return rc;
    uint32_t n = ss_dedup_count(d->dd);
    if (to > n)
        to = n;
    ss_jw w;
    ss_jw_init(&w, out);
    for (uint32_t i = from; i < to; i++) {
        ss_jw_obj(&w);
        ss_jw_key(&w, "id");
        ss_jw_str(&w, ss_dedup_id(d->dd, i));
        ss_jw_key(&w, "group");
        ss_jw_str(&w, ss_dedup_id(d->dd, ss_dedup_group(d->dd, i)));
        ss_jw_key(&w, "similarity");
        ss_jw_double(&w, ss_dedup_similarity(d->dd, i), 4);
        ss_jw_obj_end(&w);
        if (ss_buf_putc(out, '\n'))
            w.err = 1;
    }
    return w.err ? ss_error_set(err, SS_ENOMEM, "out of memory") : SS_OK;
}

typedef struct {
    uint32_t doc;
    double sim;
} match;

static int by_sim(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->sim != y->sim)
        return x->sim > y->sim ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

int ss_deduper_query_json(ss_deduper *d, const char *record, size_t len, ss_buf *out,
                          ss_error *err)
{
    ss_body_record *rec;
    size_t n;
    int rc = ss_body_split(record ? record : "", record ? len : 0, 2, &rec, &n, err);
    if (rc)
        return rc;
    ss_doc *doc = NULL;
    ss_dedup_item *it = NULL;
    match *m = NULL;
    size_t nm = 0, capm = 0;
    ss_dedup *dd = d->dd;
    if (n != 1) {
        rc = ss_error_set(err, SS_EPARSE, "a query is one record (got %zu)", n);
        goto out;
    }
    if ((rc = parse_record(&rec[0], 0, 0, &doc, err)))
        goto out;
    if (!(it = ss_dedup_item_new())) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    int no_body = 0;
    if ((rc = ss_dedup_prepare(dd, d->cleaner, d->work, it, doc, d->keep_no_body, &no_body, err)))
        goto out;
    if (!it->text.exact)
        goto print;
    /* heads (first documents of their exact key) that match, then their copies */
    uint32_t head = SS_DEDUP_NONE;
    {
        uint32_t v[64];
        size_t k = ss_keymap_get(dd->exact, it->text.exact, v, 64);
        for (size_t i = 0; i < k && i < 64 && head == SS_DEDUP_NONE; i++)
            if (dd->docs[v[i]].exact == it->text.exact)
                head = v[i];
    }
    capm = 16;
    if (!(m = malloc(capm * sizeof *m))) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    if (head != SS_DEDUP_NONE) {
        m[nm++] = (match){head, 1.0};
    } else if (!no_body) {
        if ((rc = ss_dedup_sketch(dd, d->work, it, err)))
            goto out;
        uint32_t cand[SS_DEDUP_BUCKET_CAP];
        for (uint32_t b = 0; it->sketched && b < dd->p.bands; b++) {
            size_t cnt = ss_keymap_get(dd->lsh, it->bands[b], cand, SS_DEDUP_BUCKET_CAP);
            for (size_t i = 0; i < cnt && i < SS_DEDUP_BUCKET_CAP; i++) {
                int seen = 0;
                for (size_t k = 0; k < nm && !seen; k++)
                    seen = m[k].doc == cand[i];
                if (seen)
                    continue;
                const uint8_t *other = dd->sketches + (size_t)dd->docs[cand[i]].sketch * dd->sketch_bytes;
                double s = ss_minhash_similarity(it->sketch, other, dd->p.hashes);
                if (s < dd->p.cutoff)
                    continue;
                if (nm == capm) {
                    match *v = realloc(m, 2 * capm * sizeof *v);
                    if (!v) {
                        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
                        goto out;
                    }
                    m = v;
                    capm *= 2;
                }
                m[nm++] = (match){cand[i], s};
            }
        }
    }
    size_t heads = nm;
    for (uint32_t i = 0; heads && i < dd->ndocs; i++) {
        uint32_t e = dd->docs[i].exact_of;
        if (e == i || e == SS_DEDUP_NONE)
            continue;
        for (size_t k = 0; k < heads; k++) {
            if (m[k].doc != e)
                continue;
            if (nm == capm) {
                match *v = realloc(m, 2 * capm * sizeof *v);
                if (!v) {
                    rc = ss_error_set(err, SS_ENOMEM, "out of memory");
                    goto out;
                }
                m = v;
                capm *= 2;
            }
            m[nm++] = (match){i, m[k].sim};
            break;
        }
    }
    if (nm > 1)
        qsort(m, nm, sizeof *m, by_sim);
print:;
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_arr(&w);
    for (size_t i = 0; i < nm; i++) {
        ss_jw_obj(&w);
        ss_jw_key(&w, "id");
        ss_jw_str(&w, ss_dedup_id(dd, m[i].doc));
        ss_jw_key(&w, "similarity");
        ss_jw_double(&w, m[i].sim, 4);
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    if (w.err)
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
out:
    free(m);
    ss_dedup_item_free(it);
    ss_doc_free(doc);
    ss_body_records_free(rec, n);
    return rc;
}

/* ---- ss_dedup_part ---- */

typedef struct {
    ss_dedup_item *it;
    char *id;
    int64_t time;
    uint64_t size;
    uint8_t flags;
    uint32_t line0, nlines;   /* its countable lines in part.lines */
} part_doc;

struct ss_dedup_part {
    ss_dedup *dd;             /* parameters, and the line table of the batch at hand */
    ss_cleaner *cleaner;
    ss_dedup_work *work;
    int keep_no_body;
    part_doc *docs;
    size_t ndocs, capdocs;
    uint64_t *lines;          /* countable line hashes, by document */
    size_t nlines, caplines;
};

ss_dedup_part *ss_dedup_part_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err)
{
    ss_dedup_part *p = calloc(1, sizeof *p);
    if (!p) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    p->keep_no_body = keep_no_body;
    if (!(p->dd = ss_dedup_new(o, err)) || !(p->cleaner = ss_cleaner_new(NULL, err)))
        goto fail;
    if (!(p->work = ss_dedup_work_new())) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        goto fail;
    }
    return p;
fail:
    ss_dedup_part_free(p);
    return NULL;
}

void ss_dedup_part_free(ss_dedup_part *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ndocs; i++) {
        ss_dedup_item_free(p->docs[i].it);
        free(p->docs[i].id);
    }
    free(p->docs);
    free(p->lines);
    ss_dedup_free(p->dd);
    ss_cleaner_free(p->cleaner);
    ss_dedup_work_free(p->work);
    free(p);
}

ss_dedup_params ss_dedup_part_params(const ss_dedup_part *p) { return ss_dedup_get_params(p->dd); }
size_t ss_dedup_part_count(const ss_dedup_part *p) { return p->ndocs; }
size_t ss_dedup_part_nlines(const ss_dedup_part *p) { return p->nlines; }

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Take d (owned from here on): prepare it and keep what the run needs. */
static int part_take(ss_dedup_part *p, ss_doc *d, size_t raw_len, ss_error *err)
{
    int rc = SS_ENOMEM;
    if (p->ndocs == p->capdocs) {
        size_t cap = p->capdocs ? p->capdocs * 2 : 256;
        part_doc *v = realloc(p->docs, cap * sizeof *v);
        if (!v)
            goto oom;
        p->docs = v;
        p->capdocs = cap;
    }
    part_doc *pd = &p->docs[p->ndocs];
    memset(pd, 0, sizeof *pd);
    pd->size = ss_dedup_doc_bytes(d, raw_len);
    if (!(pd->id = strdup(d->id)) || !(pd->it = ss_dedup_item_new())) {
        free(pd->id);
        goto oom;
    }
    int no_body = 0;
    rc = ss_dedup_prepare(p->dd, p->cleaner, p->work, pd->it, d, p->keep_no_body, &no_body, err);
    if (rc) {
        free(pd->id);
        ss_dedup_item_free(pd->it);
        ss_doc_free(d);
        return rc;
    }
    pd->time = d->time; /* the cleaner may have found the date */
    pd->flags = no_body ? SS_DEDUP_PART_NO_BODY : 0;
    ss_dedup_item *it = pd->it;
    size_t k = it->text.exact ? ss_fp_countable_lines(&it->text, (int)p->dd->p.ngram, &it->lines,
                                                      &it->lcap)
                              : 0;
    if (k == (size_t)-1)
        goto oom_item;
    /* each line once, as the table counts it; hash 0 is counted as 1 there */
    if (k) /* lines is NULL when the text has none */
        qsort(it->lines, k, sizeof *it->lines, cmp_u64);
    if (p->nlines + k > p->caplines) {
        size_t cap = p->caplines ? p->caplines : 1024;
        while (cap < p->nlines + k)
            cap *= 2;
        uint64_t *v = realloc(p->lines, cap * sizeof *v);
        if (!v)
            goto oom_item;
        p->lines = v;
        p->caplines = cap;
    }
    pd->line0 = (uint32_t)p->nlines;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || it->lines[i] != it->lines[i - 1])
            p->lines[p->nlines++] = it->lines[i] ? it->lines[i] : 1;
    pd->nlines = (uint32_t)(p->nlines - pd->line0);
    p->ndocs++;
    ss_doc_free(d);
    return SS_OK;
oom_item:
    free(pd->id);
    ss_dedup_item_free(pd->it);
oom:
    ss_doc_free(d);
    return ss_error_set(err, SS_ENOMEM, "out of memory");
}

int ss_dedup_part_add_jsonl(ss_dedup_part *p, const char *buf, size_t len, const char *origin,
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
            if (rc)
                return ss_error_set_at(err, rc, 0, offset + i, "%s: byte %llu: %s", origin,
                                       (unsigned long long)(offset + i), ss_error_text_after(&perr, origin));
            if ((rc = part_take(p, d, n, err)))
                return rc;
        }
        i = end + 1;
    }
    return SS_OK;
}

int ss_dedup_part_add_files(ss_dedup_part *p, const char *const *paths, size_t n, ss_error *err)
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
        size_t raw_len = 0;
        if (!d) {
            raw_len = rr.len;
            if ((rc = ss_jsonl_parse(rr.line, rr.len, rr.origin, rr.lineno, &d, err)))
                break;
        }
        if ((rc = ss_reader_accept(r, d, err))) {
            ss_doc_free(d);
            break;
        }
        if ((rc = part_take(p, d, raw_len, err)))
            break;
    }
    ss_reader_free(r);
    return rc < 0 ? rc : SS_OK;
}

int ss_dedup_part_docs(const ss_dedup_part *p, int64_t *time, uint64_t *exact, uint8_t *flags,
                       uint64_t *size, ss_buf *ids)
{
    for (size_t i = 0; i < p->ndocs; i++) {
        const part_doc *pd = &p->docs[i];
        if (time)
            time[i] = pd->time;
        if (exact)
            exact[i] = pd->it->text.exact;
        if (flags)
            flags[i] = pd->flags;
        if (size)
            size[i] = pd->size;
        if (ids && ss_buf_append(ids, pd->id, strlen(pd->id) + 1))
            return SS_ENOMEM;
    }
    return SS_OK;
}

void ss_dedup_part_lines(const ss_dedup_part *p, uint32_t *doc, uint64_t *hash)
{
    for (size_t i = 0; i < p->ndocs; i++)
        for (uint32_t k = 0; k < p->docs[i].nlines; k++) {
            *doc++ = (uint32_t)i;
            *hash++ = p->lines[p->docs[i].line0 + k];
        }
}

int ss_dedup_part_sketch(ss_dedup_part *p, const uint8_t *want, const uint32_t *batch,
                         const uint64_t *common_hash, const uint32_t *common_from, size_t ncommon,
                         uint8_t *sketches, uint64_t *bands, uint8_t *has, ss_error *err)
{
    ss_dedup *dd = p->dd;
    size_t sb = dd->sketch_bytes, nb = dd->p.bands;
    /* batches come in input order: one table per run of equal batches */
    size_t i = 0;
    while (i < p->ndocs) {
        if (!want[i]) {
            i++;
            continue;
        }
        uint32_t b = batch[i];
        ss_linefreq *t = ss_linefreq_new(0);
        if (!t)
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        for (size_t k = 0; k < ncommon; k++)
            if (common_from[k] <= b && ss_linefreq_set(t, common_hash[k], dd->p.common_docs)) {
                ss_linefreq_free(t);
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            }
        ss_linefreq *saved = dd->lines;
        dd->lines = t;
        int rc = SS_OK;
        for (; i < p->ndocs && !rc && (!want[i] || batch[i] == b); i++) {
            if (!want[i])
                continue;
            ss_dedup_item *it = p->docs[i].it;
            it->copy = 0;
            rc = ss_dedup_sketch(dd, p->work, it, err);
            has[i] = (uint8_t)(rc == SS_OK && it->sketched);
            if (has[i]) {
                memcpy(sketches + i * sb, it->sketch, sb);
                memcpy(bands + i * nb, it->bands, nb * sizeof *bands);
            }
        }
        dd->lines = saved;
        ss_linefreq_free(t);
        if (rc)
            return rc;
    }
    return SS_OK;
}
