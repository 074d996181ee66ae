/* engine/records.c — records in, results out, as JSON: the one way the
 * faces that take articles over a wire (`samestory serve`, the Python
 * binding) add them (see ss_engine_add_json in engine.h).
 *
 * The body is split into records (input/body.h), each parsed as the CLI
 * parses a JSONL line (input/jsonl.h); the good ones go to
 * ss_engine_add_batch in one transaction, and every record is answered in
 * its place: its article, story and relation, or why it was refused.
 */
#include "engine/engine.h"
#include "engine/engine_internal.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/body.h"
#include "input/jsonl.h"
#include "output/json.h"
#include "text/utf8.h"

static const char *action_name(int a)
{
    return a == SS_ADD_SAME ? "same" : a == SS_ADD_CORRECTED ? "corrected" : "new";
}

/* The "relation" member of the article's JSON (ss_engine_article_json),
 * spliced into w; nothing when it has none. */
static void put_relation(ss_jw *w, ss_engine *e, const char *id)
{
    ss_buf b = SS_BUF_INIT;
    ss_error err;
    ss_error_clear(&err);
    if (ss_engine_article_json(e, id, &b, &err) == SS_OK) {
        json_error_t je;
        json_t *o = json_loadb(b.data, b.len, 0, &je);
        json_t *rel = o ? json_object_get(o, "relation") : NULL;
        char *s = rel ? json_dumps(rel, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
        if (s) {
            /* an object jansson wrote from the engine's own JSON: valid */
            ss_buf m = SS_BUF_INIT;
            if (!ss_buf_append(&m, "\"relation\":", 11) && !ss_buf_append(&m, s, strlen(s)) &&
                !ss_buf_putc(&m, '\0'))
                ss_jw_members(w, m.data);
            ss_buf_release(&m);
        }
        free(s);
        json_decref(o);
    }
    ss_buf_release(&b);
}

static int refuse_repeated_ids(ss_doc **docs, size_t *at, size_t *k, char **why, ss_error *err);

/* " (id \"x\")" when the first 4 KB of a record hold "id": "x" (a string
 * without escapes), else "": names a record too large to be parsed. */
static const char *record_id_hint(const char *json, size_t len, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 4 < n; i++) {
        if (memcmp(json + i, "\"id\"", 4) != 0)
            continue;
        size_t j = i + 4;
        while (j < n && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n' || json[j] == '\r'))
            j++;
        if (j >= n || json[j] != ':')
            continue;
        j++;
        while (j < n && (json[j] == ' ' || json[j] == '\t' || json[j] == '\n' || json[j] == '\r'))
            j++;
        if (j >= n || json[j] != '"')
            continue;
        size_t a = ++j;
        while (j < n && json[j] != '"' && json[j] != '\\' && (unsigned char)json[j] >= 0x20)
            j++;
        if (j >= n || json[j] != '"' || j == a || j - a > 80 || ss_utf8_valid_prefix(json + a, j - a) != j - a)
            return out;
        snprintf(out, cap, " (id \"%.*s\")", (int)(j - a), json + a);
        return out;
    }
    return out;
}

int ss_engine_add_json(ss_engine *e, const char *body, size_t len, size_t max_records, size_t max_doc,
                       ss_buf *out, size_t *accepted, size_t *rejected, ss_error *err)
{
    /* 0: no limit (the public header says so) */
    if (!max_records)
        max_records = SIZE_MAX;
    if (!max_doc)
        max_doc = SIZE_MAX;
    ss_body_record *rec;
    size_t n;
    int rc = ss_body_split(body ? body : "", body ? len : 0, max_records, &rec, &n, err);
    if (rc)
        return rc;
    char **why = calloc(n ? n : 1, sizeof *why);
    ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    size_t *at = calloc(n ? n : 1, sizeof *at);
    ss_add_result *res = calloc(n ? n : 1, sizeof *res);
    if (!why || !docs || !at || !res) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char msg[1024];
        msg[0] = '\0';
        if (rec[i].error) {
            snprintf(msg, sizeof msg, "%s", rec[i].error);
        } else if (rec[i].len > max_doc) {
            /* named as the parser names records: "record:N:", then its id
               when a look at its start finds one */
            char idbuf[128];
            snprintf(msg, sizeof msg, "record:%zu: %zu bytes, over the limit of %zu for one record%s", i + 1,
                     rec[i].len, max_doc, record_id_hint(rec[i].json, rec[i].len, idbuf, sizeof idbuf));
        } else {
            ss_error perr;
            ss_error_clear(&perr);
            if (ss_jsonl_parse(rec[i].json, rec[i].len, "record", i + 1, &docs[k], &perr))
                snprintf(msg, sizeof msg, "%s", perr.msg);
            else
                at[k++] = i;
        }
        if (msg[0] && !(why[i] = strdup(msg))) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto out;
        }
    }
    if ((rc = refuse_repeated_ids(docs, at, &k, why, err)))
        goto out;
    if (k && (rc = ss_engine_add_batch(e, docs, k, res, err)))
        goto out;
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    if (!k && n) {
        ss_jw_key(&w, "error");
        ss_jw_str(&w, n == 1 ? "the record was refused (see results)" : "every record was refused (see results)");
    }
    ss_jw_key(&w, "accepted");
    ss_jw_uint(&w, k);
    ss_jw_key(&w, "rejected");
    ss_jw_uint(&w, n - k);
    ss_jw_key(&w, "results");
    ss_jw_arr(&w);
    for (size_t i = 0, j = 0; i < n; i++) {
        ss_jw_obj(&w);
        ss_jw_key(&w, "index");
        ss_jw_uint(&w, i);
        if (j < k && at[j] == i) {
            ss_jw_key(&w, "id");
            ss_jw_str(&w, docs[j]->id);
            ss_jw_key(&w, "article");
            ss_jw_int(&w, res[j].article);
            ss_jw_key(&w, "story");
            ss_jw_int(&w, res[j].story);
            ss_jw_key(&w, "story_new");
            ss_jw_bool(&w, res[j].story_new);
            ss_jw_key(&w, "action");
            ss_jw_str(&w, action_name(res[j].action));
            put_relation(&w, e, docs[j]->id);
            if (res[j].notes) {
                ss_jw_key(&w, "warnings");
                ss_jw_arr(&w);
                for (unsigned bit = 1; bit <= SS_NOTE_REPAIRED; bit <<= 1)
                    if (res[j].notes & bit) {
                        char note[256];
                        ss_add_note_text(bit, docs[j], note, sizeof note);
                        ss_jw_str(&w, note);
                    }
                ss_jw_arr_end(&w);
            }
            j++;
        } else {
            ss_jw_key(&w, "error");
            ss_jw_str(&w, why[i] ? why[i] : "bad record");
        }
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    ss_jw_obj_end(&w);
    if (w.err)
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
    if (accepted)
        *accepted = k;
    if (rejected)
        *rejected = n - k;
out:
    for (size_t i = 0; i < n; i++) {
        if (why)
            free(why[i]);
        if (docs)
            ss_doc_free(docs[i]);
    }
    free(why);
    free(docs);
    free(at);
    free(res);
    ss_body_records_free(rec, n);
    return rc;
}

static int append_story(void *ctx, const ss_engine_story *st)
{
    ss_buf *out = ctx;
    if (ss_engine_story_json(st, out) || ss_buf_putc(out, '\n'))
        return SS_ENOMEM;
    return SS_OK;
}

/* A table of document frequencies as bytes (ss_stories_df): u64 documents,
 * u64 n, n u64 table keys, n u32 counts, in the machine's byte order. */
typedef struct {
    ss_buf keys, counts;
    uint64_t n;
} df_dump;

static int df_dump_one(void *ctx, uint64_t dfkey, uint32_t count)
{
    df_dump *d = ctx;
    d->n++;
    return ss_buf_append(&d->keys, &dfkey, sizeof dfkey) || ss_buf_append(&d->counts, &count, sizeof count)
               ? SS_ENOMEM
               : SS_OK;
}

static int df_write(const ss_df *df, ss_buf *out)
{
    df_dump d = {SS_BUF_INIT, SS_BUF_INIT, 0};
    int rc = ss_df_each(df, df_dump_one, &d);
    uint64_t head[2] = {ss_df_docs(df), d.n};
    if (rc == SS_OK && (ss_buf_append(out, head, sizeof head) || ss_buf_append(out, d.keys.data, d.keys.len) ||
                        ss_buf_append(out, d.counts.data, d.counts.len)))
        rc = SS_ENOMEM;
    ss_buf_release(&d.keys);
    ss_buf_release(&d.counts);
    return rc;
}

static ss_df *df_read(const void *data, size_t len, ss_error *err)
{
    uint64_t head[2];
    if (!data || len < sizeof head) {
        ss_error_set(err, SS_EFORMAT, "table of document frequencies: %zu bytes, too short", len);
        return NULL;
    }
    memcpy(head, data, sizeof head);
    if (head[1] > (len - sizeof head) / 12 || len != sizeof head + head[1] * 12) {
        ss_error_set(err, SS_EFORMAT, "table of document frequencies: %zu bytes do not hold its %llu entries",
                     len, (unsigned long long)head[1]);
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)data + sizeof head;
    ss_df *df = ss_df_new();
    for (uint64_t i = 0; df && i < head[1]; i++) {
        uint64_t k;
        uint32_t c;
        memcpy(&k, p + i * 8, 8);
        memcpy(&c, p + head[1] * 8 + i * 4, 4);
        if (!k) {
            ss_df_free(df);
            ss_error_set(err, SS_EFORMAT, "table of document frequencies: entry %llu has key 0",
                         (unsigned long long)i);
            return NULL;
        }
        if (ss_df_set(df, k, c)) {
            ss_df_free(df);
            df = NULL;
        }
    }
    if (!df) {
        ss_error_set(err, SS_ENOMEM, "out of memory reading a table of document frequencies");
        return NULL;
    }
    ss_df_set_docs(df, head[0]);
    return df;
}

typedef struct {
    const char *id;
    size_t at;
} id_at;

static int cmp_id_at(const void *a, const void *b)
{
    const id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Within one body, a record whose id an earlier record of the body has is
 * refused (why[] names both), as the CLI refuses it in one input: taking
 * it as a correction of the record just before it would silently replace
 * that article (a feed with an accidental repeat loses one).  docs[0..*k)
 * with their body indexes at[] are compacted in place. */
static int refuse_repeated_ids(ss_doc **docs, size_t *at, size_t *k, char **why, ss_error *err)
{
    size_t n = *k;
    if (n < 2)
        return SS_OK;
    id_at *v = malloc(n * sizeof *v);
    uint8_t *drop = calloc(n, 1);
    if (!v || !drop) {
        free(v);
        free(drop);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        v[i] = (id_at){docs[i]->id, i};
    qsort(v, n, sizeof *v, cmp_id_at); /* by id, then order: a run's first is the earliest */
    int rc = SS_OK;
    for (size_t i = 1, first = 0; i < n && rc == SS_OK; i++) {
        if (strcmp(v[i - 1].id, v[i].id) != 0) {
            first = i;
            continue;
        }
        char msg[1024];
        snprintf(msg, sizeof msg, "record:%zu: duplicate id \"%.900s\" (record %zu has it)", at[v[i].at] + 1,
                 v[i].id, at[v[first].at] + 1);
        drop[v[i].at] = 1;
        if (!(why[at[v[i].at]] = strdup(msg)))
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (drop[i]) {
            ss_doc_free(docs[i]);
            docs[i] = NULL;
            continue;
        }
        docs[m] = docs[i];
        at[m++] = at[i];
    }
    for (size_t i = m; i < n; i++)
        docs[i] = NULL;
    *k = m;
    free(v);
    free(drop);
    return rc;
}

/* SS_EPARSE naming the later record when two records share an id (as the
 * CLI refuses them: stories would list one article twice). */
static int unique_ids(ss_doc **docs, size_t n, ss_error *err)
{
    id_at *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = (id_at){docs[i]->id, i};
    qsort(v, n, sizeof *v, cmp_id_at);
    int rc = SS_OK;
    for (size_t k = 1; k < n && rc == SS_OK; k++)
        if (strcmp(v[k - 1].id, v[k].id) == 0)
            rc = ss_error_set(err, SS_EPARSE, "record:%zu: duplicate id \"%s\" (record %zu has it)", v[k].at + 1,
                              v[k].id, v[k - 1].at + 1);
    free(v);
    return rc;
}

enum { RUN_STORIES, RUN_DF };

static int stories_run(const ss_context *ctx, const char *body, size_t len, int threads, int what,
                       const void *dfin, size_t dflen, uint64_t counted, ss_buf *out, ss_buf *hashes,
                       ss_error *err)
{
    ss_body_record *rec;
    size_t n;
    int rc = ss_body_split(body ? body : "", body ? len : 0, SIZE_MAX, &rec, &n, err);
    if (rc)
        return rc;
    ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    ss_engine *e = NULL;
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    if (!docs) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n && rc == SS_OK; i++) {
        if (rec[i].error)
            rc = ss_error_set(err, SS_EPARSE, "record %zu: %s", i + 1, rec[i].error);
        else
            rc = ss_jsonl_parse(rec[i].json, rec[i].len, "record", i + 1, &docs[i], err);
    }
    if (rc == SS_OK)
        rc = unique_ids(docs, n, err);
    if (rc)
        goto out;
    ss_error derr;
    ss_error_clear(&derr);
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    if (ctx) {
        o.stopwords = ss_context_stopwords(ctx);
        o.lexicon = ss_context_lexicon(ctx);
        o.quoter = ss_context_quoter(ctx);
    } else {
        o.stopwords = sw = ss_stopwords_load(&derr);
        o.lexicon = lx = ss_lexicon_load(&derr);
    }
    o.threads = threads;
    if (!(e = ss_engine_new(&o, err))) {
        rc = err ? err->code : SS_ENOMEM;
        goto out;
    }
    if (n && (rc = ss_engine_add(e, docs, n, NULL, err)))
        goto out;
    if (what == RUN_DF) {
        rc = df_write(ss_engine_df(e), out) ? ss_error_set(err, SS_ENOMEM, "out of memory") : SS_OK;
        /* the texts as prepared (ss_engine_add prepares the documents in place) */
        for (size_t i = 0; hashes && i < n && rc == SS_OK; i++) {
            uint64_t h = engine_copy_key(docs[i]->title, docs[i]->text, docs[i]->text_len);
            if (ss_buf_append(hashes, &h, sizeof h))
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        goto out;
    }
    if (dfin) {
        ss_df *table = df_read(dfin, dflen, err);
        if (!table) {
            rc = err ? err->code : SS_EFORMAT;
            goto out;
        }
        ss_engine_use_df(e, table, counted);
    }
    rc = ss_engine_finish(e, append_story, out, err);
out:
    ss_engine_free(e);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    for (size_t i = 0; docs && i < n; i++)
        ss_doc_free(docs[i]);
    free(docs);
    ss_body_records_free(rec, n);
    return rc;
}

int ss_stories_json(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                    ss_error *err)
{
    return stories_run(ctx, body, len, threads, RUN_STORIES, NULL, 0, 0, out, NULL, err);
}

int ss_stories_df(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                  ss_error *err)
{
    return stories_run(ctx, body, len, threads, RUN_DF, NULL, 0, 0, out, NULL, err);
}

int ss_stories_df_hashes(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                         ss_buf *hashes, ss_error *err)
{
    return stories_run(ctx, body, len, threads, RUN_DF, NULL, 0, 0, out, hashes, err);
}

int ss_stories_json_df(const ss_context *ctx, const char *body, size_t len, int threads, const void *df,
                       size_t dflen, uint64_t counted, ss_buf *out, ss_error *err)
{
    if (!df)
        return ss_error_set(err, SS_EINVAL, "stories: no table of document frequencies");
    return stories_run(ctx, body, len, threads, RUN_STORIES, df, dflen, counted, out, NULL, err);
}
