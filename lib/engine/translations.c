/* engine/translations.c — documents to translation links (translations.h). */
#include "engine/translations.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "engine/engine.h"
#include "fingerprint/keymap.h"
#include "input/body.h"
#include "input/jsonl.h"
#include "output/json.h"
#include "xling/align.h"
#include "xling/link.h"
#include "xling/pivot.h"

#define NO_COPY UINT32_MAX

typedef struct {
    char *id;
    char lang[16];
    uint64_t text_hash;  /* XXH3 of the text: exact copies share it */
    uint32_t next;       /* the next copy of the same text, NO_COPY at the end */
    uint32_t last;       /* for the group's first document: its last copy */
} meta;

struct ss_translator {
    ss_preparer *prep;
    ss_pivoter **pv;
    int workers;
    ss_pivot *slot;
    ss_xtext *text;
    size_t nslots;
    ss_xlinker *lk;
    meta *m;
    size_t n, cap;
    /* exact copies of a text are one source with copies: only the first is
     * linked, and its links are shared out among the copies afterwards */
    ss_keymap *texts;    /* text hash -> the first document with that text */
    uint32_t *lk_doc;    /* linker document -> its document (meta index) */
    size_t nlk, caplk;
};

ss_translator *ss_translator_new(int workers, size_t slots, const ss_stopwords *sw,
                                 const ss_lexicon *lx, ss_error *err)
{
    if (workers < 1 || slots < 1) {
        ss_error_set(err, SS_EINVAL, "a translator needs a worker and a slot");
        return NULL;
    }
    ss_translator *t = calloc(1, sizeof *t);
    if (!t)
        goto oom;
    t->workers = workers;
    t->nslots = slots;
    t->pv = calloc((size_t)workers, sizeof *t->pv);
    t->slot = calloc(slots, sizeof *t->slot);
    t->text = calloc(slots, sizeof *t->text);
    if (!t->pv || !t->slot || !t->text)
        goto oom;
    for (size_t i = 0; i < slots; i++) {
        ss_pivot_init(&t->slot[i]);
        ss_xtext_init(&t->text[i]);
    }
    if (!(t->lk = ss_xlinker_new()) || !(t->texts = ss_keymap_new()) ||
        !(t->prep = ss_preparer_new(workers, sw, lx, NULL)))
        goto oom;
    for (int i = 0; i < workers; i++)
        if (!(t->pv[i] = ss_pivoter_new(lx, sw, err))) {
            ss_translator_free(t);
            return NULL;
        }
    return t;
oom:
    ss_translator_free(t);
    ss_error_set(err, SS_ENOMEM, "out of memory");
    return NULL;
}

void ss_translator_free(ss_translator *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->m[i].id);
    free(t->m);
    for (size_t i = 0; t->slot && i < t->nslots; i++)
        ss_pivot_release(&t->slot[i]);
    for (size_t i = 0; t->text && i < t->nslots; i++)
        ss_xtext_release(&t->text[i]);
    free(t->slot);
    free(t->text);
    for (int i = 0; t->pv && i < t->workers; i++)
        ss_pivoter_free(t->pv[i]);
    free(t->pv);
    ss_xlinker_free(t->lk);
    ss_keymap_free(t->texts);
    free(t->lk_doc);
    ss_preparer_free(t->prep);
    free(t);
}

int ss_translator_work(ss_translator *t, int worker, ss_doc *d, size_t slot, ss_error *err)
{
    int rc = ss_prepare_article(t->prep, worker, d, err);
    if (rc)
        return rc;
    if (ss_pivot_doc(t->pv[worker], d, &t->slot[slot]) != SS_OK ||
        ss_xtext_doc(t->pv[worker], d, &t->text[slot]) != SS_OK)
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", d->id);
    return SS_OK;
}

int ss_translator_emit(ss_translator *t, const ss_doc *d, size_t slot, int *linked, ss_error *err)
{
    if (linked)
        *linked = 0;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        meta *v = realloc(t->m, cap * sizeof *v);
        if (!v)
            goto oom;
        t->m = v;
        t->cap = cap;
    }
    meta *m = &t->m[t->n];
    if (!(m->id = strdup(d->id)))
        goto oom;
    snprintf(m->lang, sizeof m->lang, "%s", d->lang[0] ? d->lang : "und");
    m->text_hash = XXH3_64bits(d->text ? d->text : "", d->text_len);
    m->next = m->last = NO_COPY;
    uint32_t self = (uint32_t)t->n, cand[16];
    size_t nc = ss_keymap_get(t->texts, m->text_hash, cand, 16);
    for (size_t i = 0; i < nc && i < 16; i++) {
        meta *first = &t->m[cand[i]];
        if (first->text_hash != m->text_hash || strcmp(first->lang, m->lang) != 0)
            continue; /* another key of the shard, or the same text told apart by language */
        /* a copy: chained to the first, not linked on its own */
        if (first->last == NO_COPY)
            first->next = self;
        else
            t->m[first->last].next = self;
        first->last = self;
        ss_pivot_release(&t->slot[slot]);
        ss_pivot_init(&t->slot[slot]);
        ss_xtext_release(&t->text[slot]);
        ss_xtext_init(&t->text[slot]);
        t->n++;
        return SS_OK;
    }
    if (t->nlk == t->caplk) {
        size_t cap = t->caplk ? t->caplk * 2 : 1024;
        uint32_t *v = realloc(t->lk_doc, cap * sizeof *v);
        if (!v)
            goto oom_id;
        t->lk_doc = v;
        t->caplk = cap;
    }
    if (ss_keymap_add(t->texts, m->text_hash, self) ||
        ss_xlinker_add(t->lk, &t->slot[slot], &t->text[slot]))
        goto oom_id;
    t->lk_doc[t->nlk++] = self;
    t->n++;
    if (linked)
        *linked = 1;
    return SS_OK;
oom_id:
    free(m->id);
oom:
    return ss_error_set(err, SS_ENOMEM, "out of memory");
}

static int put_link(const ss_translator *t, const ss_xlink *l, ss_buf *out)
{
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "a");
    ss_jw_str(&w, t->m[l->a].id);
    ss_jw_key(&w, "b");
    ss_jw_str(&w, t->m[l->b].id);
    ss_jw_key(&w, "lang_a");
    ss_jw_str(&w, t->m[l->a].lang);
    ss_jw_key(&w, "lang_b");
    ss_jw_str(&w, t->m[l->b].lang);
    ss_jw_key(&w, "score");
    ss_jw_double(&w, l->score, 4);
    ss_jw_key(&w, "cosine");
    ss_jw_double(&w, l->cosine, 4);
    ss_jw_key(&w, "evidence");
    ss_jw_str(&w, l->dictionary ? "dictionary+names+numbers" : "names+numbers");
    if (l->via != SS_XLINK_DIRECT) {
        ss_jw_key(&w, "via");
        ss_jw_str(&w, t->m[t->lk_doc[l->via]].id);
    }
    ss_jw_obj_end(&w);
    return w.err || ss_buf_putc(out, '\n') ? SS_ENOMEM : SS_OK;
}

int ss_translator_links_json(ss_translator *t, ss_pool *pool, double threshold, ss_buf *out,
                             ss_error *err)
{
    ss_xlink *links = NULL;
    size_t nlinks = 0;
    if (ss_xlinker_run(t->lk, pool, threshold, &links, &nlinks))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int rc = SS_OK;
    for (size_t i = 0; i < nlinks && !rc; i++) {
        /* the link of two texts, shared out one to one among their copies
         * in input order (each article takes one partner per language) */
        uint32_t x = t->lk_doc[links[i].a], y = t->lk_doc[links[i].b];
        for (; x != NO_COPY && y != NO_COPY && !rc; x = t->m[x].next, y = t->m[y].next) {
            ss_xlink l = links[i];
            l.a = x < y ? x : y; /* a is the document read first */
            l.b = x < y ? y : x;
            if (put_link(t, &l, out))
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        }
    }
    free(links);
    return rc;
}

typedef struct {
    ss_translator *t;
    ss_doc **docs;
    int *rc;
    ss_error *err;
} work_job;

static void work_one(void *ctx, int worker, size_t i)
{
    work_job *j = ctx;
    j->rc[i] = ss_translator_work(j->t, worker, j->docs[i], i, &j->err[i]);
}

#define SLOTS 256

int ss_translations_json(const ss_context *ctx, const char *body, size_t len, double threshold,
                         int no_dict, int threads, ss_buf *out, ss_error *err)
{
    if (!(threshold >= 0 && threshold <= 1))
        return ss_error_set(err, SS_EINVAL, "threshold must be from 0 to 1 (got %g)", threshold);
    ss_body_record *rec;
    size_t n;
    int rc = ss_body_split(body ? body : "", body ? len : 0, SIZE_MAX, &rec, &n, err);
    if (rc)
        return rc;
    ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    ss_keymap *seen = ss_keymap_new();
    ss_pool *pool = ss_pool_new(threads);
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    ss_translator *t = NULL;
    int rcs[SLOTS];
    ss_error errs[SLOTS];
    if (!docs || !seen || !pool) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
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
    if (rc)
        goto out;
    ss_error lerr;
    ss_error_clear(&lerr);
    const ss_stopwords *usw = ss_context_stopwords(ctx);
    const ss_lexicon *ulx = no_dict ? NULL : ss_context_lexicon(ctx);
    if (!ctx) {
        usw = sw = ss_stopwords_load(&lerr); /* missing: function words count as content */
        if (!no_dict)
            ulx = lx = ss_lexicon_load(&lerr); /* missing: names and numbers only */
    }
    if (!(t = ss_translator_new(ss_pool_threads(pool), SLOTS, usw, ulx, err))) {
        rc = err->code ? err->code : SS_ENOMEM;
        goto out;
    }
    for (size_t first = 0; first < n && !rc; first += SLOTS) {
        size_t m = n - first < SLOTS ? n - first : SLOTS;
        for (size_t i = 0; i < m; i++)
            ss_error_clear(&errs[i]);
        work_job j = {t, docs + first, rcs, errs};
        ss_pool_for(pool, m, work_one, &j);
        for (size_t i = 0; i < m && !rc; i++) {
            if (rcs[i])
                rc = ss_error_set(err, rcs[i], "%s", errs[i].msg);
            else
                rc = ss_translator_emit(t, docs[first + i], i, NULL, err);
        }
    }
    if (!rc)
        rc = ss_translator_links_json(t, pool, threshold, out, err);
out:
    ss_translator_free(t);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    ss_pool_free(pool);
    ss_keymap_free(seen);
    for (size_t i = 0; docs && i < n; i++)
        ss_doc_free(docs[i]);
    free(docs);
    ss_body_records_free(rec, n);
    return rc;
}
