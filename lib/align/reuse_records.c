/* align/reuse_records.c — records in, passages out (reuse_records.h). */
#include "align/reuse_records.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "fingerprint/keymap.h"
#include "align/xreuse.h"
#include "input/body.h"
#include "input/jsonl.h"
#include "output/json.h"

/* Documents handed to the engine at a time (as the CLI reads them). */
#define ADD_BATCH 256
/* Documents whose passages are found at a time, in parallel. */
#define FIND_BATCH 256

typedef struct clean_job {
    ss_cleaner *cleaner;
    ss_doc **docs;
    int *rc;
    ss_error *err;
    int *body;               /* NULL: bodies are not judged (keep_no_body) */
} clean_job;

static void clean_one(void *ctx, int worker, size_t i)
{
    (void)worker;
    clean_job *j = ctx;
    j->rc[i] = SS_OK;
    if (j->docs[i]->format == SS_FORMAT_HTML)
        j->rc[i] = ss_clean_apply(j->cleaner, j->docs[i], &j->err[i]);
    if (j->rc[i] == SS_OK && j->body) /* the text as it will be aligned */
        j->body[i] = ss_text_has_body(j->docs[i]->text, j->docs[i]->text_len);
}

int ss_reuse_add_records(ss_reuse *r, ss_pool *pool, ss_cleaner **cleaner, ss_doc **docs, size_t n,
                         int keep_no_body, uint64_t *no_body, uint8_t *kept_flags, ss_error *err)
{
    int html = 0, judge = !keep_no_body;
    for (size_t i = 0; i < n; i++)
        html |= docs[i]->format == SS_FORMAT_HTML;
    if (html && !*cleaner && !(*cleaner = ss_cleaner_new(NULL, err)))
        return err->code ? err->code : SS_ENOMEM;
    int *rcs = calloc(n ? n : 1, sizeof *rcs), *body = calloc(n ? n : 1, sizeof *body);
    ss_error *errs = calloc(n ? n : 1, sizeof *errs);
    ss_doc **kept = calloc(n ? n : 1, sizeof *kept);
    int rc = SS_OK;
    if (!rcs || !body || !errs || !kept) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        body[i] = 1;
    if (html || judge) {
        clean_job j = {*cleaner, docs, rcs, errs, judge ? body : NULL};
        ss_pool_for(pool, n, clean_one, &j);
        for (size_t i = 0; i < n; i++)
            if (rcs[i]) {
                rc = ss_error_set(err, rcs[i], "%s: %s", docs[i]->id, errs[i].msg);
                goto out;
            }
    }
    /* pages without an article (a failed scrape, links or furniture only)
     * are left out: they share nothing but furniture */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (body[i])
            kept[k++] = docs[i];
        else if (no_body)
            (*no_body)++;
        if (kept_flags)
            kept_flags[i] = body[i] != 0;
    }
    if (k)
        rc = ss_reuse_add_docs(r, pool, kept, k, err);
out:
    free(rcs);
    free(body);
    free(errs);
    free(kept);
    return rc;
}

static void put_source(ss_jw *w, const ss_reuse *r, int64_t source)
{
    ss_jw_key(w, "source");
    if (source < 0)
        ss_jw_null(w);
    else
        ss_jw_str(w, ss_reuse_id(r, (uint32_t)source));
}

int ss_reuse_passage_json(const ss_reuse *r, const ss_reuse_passage *p, ss_buf *out)
{
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "a");
    ss_jw_str(&w, ss_reuse_id(r, p->a));
    ss_jw_key(&w, "a_span");
    ss_jw_arr(&w);
    ss_jw_uint(&w, p->a_start);
    ss_jw_uint(&w, p->a_end);
    ss_jw_arr_end(&w);
    ss_jw_key(&w, "b");
    ss_jw_str(&w, ss_reuse_id(r, p->b));
    ss_jw_key(&w, "b_span");
    ss_jw_arr(&w);
    ss_jw_uint(&w, p->b_start);
    ss_jw_uint(&w, p->b_end);
    ss_jw_arr_end(&w);
    ss_jw_key(&w, "chars");
    ss_jw_uint(&w, p->chars);
    ss_jw_key(&w, "identity");
    ss_jw_double(&w, p->identity, 3);
    put_source(&w, r, p->source);
    ss_jw_key(&w, "source_by"); /* always there: null with a null source */
    if (p->source >= 0)
        ss_jw_str(&w, ss_source_by_name((ss_source_by)p->source_by));
    else
        ss_jw_null(&w);
    ss_jw_key(&w, "translated");
    ss_jw_bool(&w, p->translated);
    ss_jw_obj_end(&w);
    return w.err ? SS_ENOMEM : SS_OK;
}

int ss_reuse_summary_json(const ss_reuse *r, const ss_reuse_passage *v, size_t n, ss_buf *out)
{
    ss_reuse_summary s;
    if (ss_reuse_summarize(r, v, n, &s))
        return SS_ENOMEM;
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "a");
    ss_jw_str(&w, ss_reuse_id(r, s.a));
    ss_jw_key(&w, "b");
    ss_jw_str(&w, ss_reuse_id(r, s.b));
    ss_jw_key(&w, "a_coverage");
    ss_jw_double(&w, s.a_coverage, 3);
    ss_jw_key(&w, "b_coverage");
    ss_jw_double(&w, s.b_coverage, 3);
    ss_jw_key(&w, "passages");
    ss_jw_uint(&w, s.passages);
    ss_jw_key(&w, "chars");
    ss_jw_uint(&w, s.chars);
    put_source(&w, r, s.source);
    ss_jw_key(&w, "direction");
    if (s.source < 0)
        ss_jw_null(&w);
    else
        ss_jw_str(&w, s.source == (int64_t)s.a ? "a->b" : "b->a");
    ss_jw_key(&w, "translated"); /* a pair's copies and its translated passages are two lines */
    ss_jw_bool(&w, n && v[0].translated);
    ss_jw_obj_end(&w);
    return w.err ? SS_ENOMEM : SS_OK;
}

int ss_reuse_lines_json(const ss_reuse *r, const ss_reuse_passage *v, size_t n, int summary, ss_buf *out)
{
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        if (summary)
            while (e < n && v[e].b == v[k].b)
                e++;
        if ((summary ? ss_reuse_summary_json(r, v + k, e - k, out) : ss_reuse_passage_json(r, &v[k], out)) ||
            ss_buf_putc(out, '\n'))
            return SS_ENOMEM;
        k = e;
    }
    return SS_OK;
}

typedef struct find_job {
    ss_reuse_worker **w;
    ss_reuse_passages *out;
    int *rc;
    uint32_t first;
} find_job;

static void find_one(void *ctx, int worker, size_t i)
{
    find_job *j = ctx;
    j->rc[i] = ss_reuse_find(j->w[worker], j->first + (uint32_t)i, &j->out[i]);
}

/* Parse every record, refusing duplicate ids.  SS_OK or the first error. */
static int parse_all(const ss_body_record *rec, size_t n, ss_doc **docs, ss_error *err)
{
    ss_keymap *seen = ss_keymap_new();
    if (!seen)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int rc = SS_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (rec[i].error) {
            rc = ss_error_set(err, SS_EPARSE, "record %zu: %s", i + 1, rec[i].error);
            break;
        }
        ss_error perr;
        ss_error_clear(&perr);
        if ((rc = ss_jsonl_parse(rec[i].json, rec[i].len, "record", i + 1, &docs[i], &perr))) {
            ss_error_set(err, rc, "%s", perr.msg);
            break;
        }
        uint64_t h = XXH3_64bits(docs[i]->id, strlen(docs[i]->id));
        uint32_t v[8];
        size_t m = ss_keymap_get(seen, h, v, 8);
        for (size_t k = 0; k < m && k < 8 && !rc; k++)
            if (strcmp(docs[v[k]]->id, docs[i]->id) == 0)
                rc = ss_error_set(err, SS_EDUPID, "record:%zu: duplicate id \"%s\" (seen before)", i + 1,
                                  docs[i]->id);
        if (!rc && ss_keymap_add(seen, h, (uint32_t)i))
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    ss_keymap_free(seen);
    return rc;
}

void ss_reuse_json_opts_default(ss_reuse_json_opts *o)
{
    ss_reuse_opts d;
    ss_reuse_opts_default(&d);
    memset(o, 0, sizeof *o);
    o->min_chars = d.merge.min_chars;
    o->max_df = d.max_df;
    o->furniture_share = d.furniture_share;
    o->min_identity = d.merge.min_identity;
}

int ss_reuse_opts_from_json(const ss_reuse_json_opts *o, ss_reuse_opts *ro, ss_error *err)
{
    if (o->min_chars < 1)
        return ss_error_set(err, SS_EINVAL, "min_chars must be at least 1 (got %u)", o->min_chars);
    if (o->max_df < 2)
        return ss_error_set(err, SS_EINVAL, "max_df must be at least 2 (got %u)", o->max_df);
    if (!(o->furniture_share >= 0 && o->furniture_share <= 1))
        return ss_error_set(err, SS_EINVAL, "furniture_share must be from 0 to 1 (got %g)",
                            o->furniture_share);
    if (!(o->min_identity >= 0 && o->min_identity <= 1))
        return ss_error_set(err, SS_EINVAL, "min_identity must be from 0 to 1 (got %g)", o->min_identity);
    ss_reuse_opts_default(ro);
    ro->merge.min_chars = o->min_chars;
    ro->max_df = o->max_df;
    ro->furniture_share = o->furniture_share;
    ro->merge.min_identity = o->min_identity;
    return SS_OK;
}

int ss_reuse_json(const char *body, size_t len, const ss_reuse_json_opts *o, ss_buf *out,
                  ss_error *err)
{
    ss_reuse_json_opts jo;
    if (!o) {
        ss_reuse_json_opts_default(&jo);
        o = &jo;
    }
    ss_reuse_opts ro;
    int rc = ss_reuse_opts_from_json(o, &ro, err);
    if (rc)
        return rc;
    const ss_reuse_opts *opts = &ro;
    int keep_no_body = o->keep_no_body, summary = o->summary, threads = o->threads;
    ss_body_record *rec;
    size_t n;
    rc = ss_body_split(body ? body : "", body ? len : 0, SIZE_MAX, &rec, &n, err);
    if (rc)
        return rc;
    ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    ss_reuse *r = NULL;
    ss_pool *pool = NULL;
    ss_cleaner *cleaner = NULL;
    ss_reuse_worker **w = NULL;
    ss_reuse_passages found[FIND_BATCH];
    int rcs[FIND_BATCH];
    int nw = 0;
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    ss_xreuse *xr = NULL;
    uint8_t *kept = NULL;
    for (size_t i = 0; i < FIND_BATCH; i++)
        ss_reuse_passages_init(&found[i]);
    if (!docs) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = parse_all(rec, n, docs, err)))
        goto out;
    if (!(r = ss_reuse_new(opts, err))) {
        rc = err->code ? err->code : SS_ENOMEM;
        goto out;
    }
    if (!(pool = ss_pool_new(threads))) {
        rc = ss_error_set(err, SS_ENOMEM, "cannot start threads");
        goto out;
    }
    if (o->translated &&
        (!(sw = ss_stopwords_load(err)) || !(lx = ss_lexicon_load(err)) ||
         !(xr = ss_xreuse_new(ss_pool_threads(pool), sw, lx, err)) || !(kept = malloc(ADD_BATCH)))) {
        rc = err->code ? err->code : ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i += ADD_BATCH) {
        size_t m = n - i < ADD_BATCH ? n - i : ADD_BATCH;
        uint32_t first = (uint32_t)ss_reuse_count(r);
        rc = ss_reuse_add_records(r, pool, &cleaner, docs + i, m, keep_no_body, NULL, kept, err);
        if (!rc && xr)
            rc = ss_xreuse_add_docs(xr, pool, docs + i, m, kept, first, err);
    }
    if (rc || (rc = ss_reuse_build(r, err)))
        goto out;
    nw = ss_pool_threads(pool);
    if (!(w = calloc((size_t)nw, sizeof *w))) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < nw; i++)
        if (!(w[i] = ss_reuse_worker_new(r))) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto out;
        }
    size_t count = ss_reuse_count(r);
    for (size_t first = 0; first < count && !rc; first += FIND_BATCH) {
        size_t m = count - first < FIND_BATCH ? count - first : FIND_BATCH;
        find_job j = {w, found, rcs, (uint32_t)first};
        for (size_t i = 0; i < m; i++)
            found[i].n = 0;
        ss_pool_for(pool, m, find_one, &j);
        for (size_t i = 0; i < m && !rc; i++) {
            const ss_reuse_passages *p = &found[i];
            if (rcs[i]) {
                rc = ss_error_set(err, rcs[i], "%s: %s", ss_reuse_id(r, (uint32_t)(first + i)),
                                  ss_strerror(rcs[i]));
                break;
            }
            if (ss_reuse_lines_json(r, p->v, p->n, summary, out))
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        }
    }
    if (!rc && xr) {
        /* the passages across languages, after the copies, by a */
        ss_reuse_passages t;
        ss_reuse_passages_init(&t);
        rc = ss_xreuse_find(xr, pool, r, ro.merge.min_chars, &t, err);
        for (size_t k = 0; k < t.n && !rc;) {
            size_t e = k + 1;
            while (e < t.n && t.v[e].a == t.v[k].a)
                e++;
            if (ss_reuse_lines_json(r, t.v + k, e - k, summary, out))
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            k = e;
        }
        ss_reuse_passages_release(&t);
    }
out:
    ss_xreuse_free(xr);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    free(kept);
    for (int i = 0; w && i < nw; i++)
        ss_reuse_worker_free(w[i]);
    free(w);
    for (size_t i = 0; i < FIND_BATCH; i++)
        ss_reuse_passages_release(&found[i]);
    for (size_t i = 0; docs && i < n; i++)
        ss_doc_free(docs[i]);
    free(docs);
    ss_cleaner_free(cleaner);
    ss_pool_free(pool);
    ss_reuse_free(r);
    ss_body_records_free(rec, n);
    return rc;
}
