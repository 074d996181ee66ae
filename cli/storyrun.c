/* cli/storyrun.c — spill, sort by date, group online (see storyrun.h).
 *
 * Spill record layout (native byte order; the file never outlives the
 * process): u32 total length, i64 time, u32 seq, then strings as u32
 * length + bytes (id, title, lang, date, source, url, extra, text), then
 * per feature field u32 n + n u64 keys + n f32 weights, then u32 words,
 * u8 headline_only, u32 body_start and u32 format.
 */
#include "storyrun.h"

#include "story/similarity.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

typedef struct {
    int64_t order_time;     /* for sorting: own time, or the previous dated one's */
    uint32_t seq;
    uint64_t off;
    uint32_t len;
} entry;

typedef struct {
    const cli_opts *o;
    cli_prep prep;
    ss_featurizer **fz;
    ss_features feat[CLI_BATCH];  /* per batch slot: filled by work, spilled by emit */
    ss_df *df;                    /* document frequencies over the whole input */
    FILE *spill;
    uint64_t spill_off;
    entry *idx;
    size_t n, cap;
    int64_t last_dated;
    uint64_t undated;
    ss_buf rec;
    int failed;
    uint64_t *texts;              /* XXH3 of each distinct text (open addressing, 0 = empty) */
    size_t ntexts, captexts;
    uint64_t copies;              /* articles whose text came before: not counted in df */
} pass1;

/* Is this text new?  1 (and remembered), 0 when an earlier article had
 * the same text, -1 out of memory.  Exact copies count once in the
 * document frequencies: a text reprinted a hundred times is one source
 * with copies, and its words must not turn common for it (100 copies of
 * an article and 100 of its translation made two stories). */
static int new_text(pass1 *p, const char *text, size_t len)
{
    uint64_t h = XXH3_64bits(text, len);
    h += h == 0;
    if (2 * (p->ntexts + 1) > p->captexts) {
        size_t cap = p->captexts ? p->captexts * 2 : 4096;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < p->captexts; i++) {
            uint64_t k = p->texts[i];
            if (!k)
                continue;
            size_t j = (size_t)(k >> 7) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = k;
        }
        free(p->texts);
        p->texts = t;
        p->captexts = cap;
    }
    size_t j = (size_t)(h >> 7) & (p->captexts - 1);
    for (; p->texts[j]; j = (j + 1) & (p->captexts - 1))
        if (p->texts[j] == h)
            return 0;
    p->texts[j] = h;
    p->ntexts++;
    return 1;
}

/* ---- serialization ------------------------------------------------------------- */

static int put_u32(ss_buf *b, uint32_t v) { return ss_buf_append(b, &v, sizeof v); }
static int put_str(ss_buf *b, const char *s, size_t n)
{
    if (!s)
        n = 0;
    return put_u32(b, (uint32_t)n) || ss_buf_append(b, s ? s : "", n);
}

static int serialize(ss_buf *b, const ss_doc *d, const ss_features *x, uint32_t seq)
{
    ss_buf_clear(b);
    int rc = put_u32(b, 0) || ss_buf_append(b, &d->time, sizeof d->time) || put_u32(b, seq);
    const char *s[] = {d->id, d->title, d->lang, d->date, d->source, d->url, d->extra};
    for (int i = 0; i < 7 && !rc; i++)
        rc = put_str(b, s[i], s[i] ? strlen(s[i]) : 0);
    if (!rc)
        rc = put_str(b, d->text, d->text ? d->text_len : 0);
    for (int f = 0; f < SS_F_COUNT && !rc; f++) {
        rc = put_u32(b, x->f[f].n) || ss_buf_append(b, x->f[f].k, x->f[f].n * sizeof(uint64_t)) ||
             ss_buf_append(b, x->f[f].w, x->f[f].n * sizeof(float));
    }
    if (!rc)
        rc = put_u32(b, x->words) || ss_buf_putc(b, x->headline_only) ||
             put_u32(b, (uint32_t)d->body_start) || put_u32(b, (uint32_t)d->format);
    if (rc)
        return SS_ENOMEM;
    uint32_t total = (uint32_t)b->len;
    memcpy(b->data, &total, sizeof total);
    return SS_OK;
}

typedef struct {
    const char *p, *end;
    int bad;
} reader;

static uint32_t get_u32(reader *r)
{
    uint32_t v = 0;
    if (r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

static int get_str(reader *r, char **out, size_t *lenp)
{
    uint32_t n = get_u32(r);
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return SS_EFORMAT;
    }
    int rc = ss_doc_set_str(out, r->p, n);
    r->p += n;
    if (lenp)
        *lenp = n;
    return rc;
}

static cli_article *deserialize(const char *data, size_t len)
{
    cli_article *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    ss_features_init(&a->feat);
    a->doc = ss_doc_new();
    reader r = {data + 4, data + len, 0};
    if (!a->doc || len < 16)
        goto fail;
    memcpy(&a->doc->time, r.p, 8);
    r.p += 8;
    a->seq = get_u32(&r);
    char *lang = NULL;
    if (get_str(&r, &a->doc->id, NULL) || get_str(&r, &a->doc->title, NULL) ||
        get_str(&r, &lang, NULL) || get_str(&r, &a->doc->date, NULL) ||
        get_str(&r, &a->doc->source, NULL) || get_str(&r, &a->doc->url, NULL) ||
        get_str(&r, &a->doc->extra, NULL) || get_str(&r, &a->doc->text, &a->doc->text_len)) {
        free(lang);
        goto fail;
    }
    snprintf(a->doc->lang, sizeof a->doc->lang, "%s", lang ? lang : "");
    free(lang);
    /* empty optional strings back to NULL */
    char **opt[] = {&a->doc->title, &a->doc->date, &a->doc->source, &a->doc->url, &a->doc->extra};
    for (int i = 0; i < 5; i++)
        if (*opt[i] && !(*opt[i])[0]) {
            free(*opt[i]);
            *opt[i] = NULL;
        }
    for (int f = 0; f < SS_F_COUNT; f++) {
        uint32_t n = get_u32(&r);
        if (r.bad || (size_t)(r.end - r.p) < (size_t)n * 12)
            goto fail;
        ss_fvec *v = &a->feat.f[f];
        v->k = malloc((n ? n : 1) * sizeof *v->k);
        v->w = malloc((n ? n : 1) * sizeof *v->w);
        if (!v->k || !v->w)
            goto fail;
        memcpy(v->k, r.p, n * sizeof(uint64_t));
        r.p += n * sizeof(uint64_t);
        memcpy(v->w, r.p, n * sizeof(float));
        r.p += n * sizeof(float);
        v->n = v->cap = n;
    }
    a->feat.words = get_u32(&r);
    if (r.bad || r.p >= r.end)
        goto fail;
    a->feat.headline_only = (uint8_t)*r.p++;
    a->doc->body_start = get_u32(&r);
    a->doc->format = (ss_doc_format)get_u32(&r);
    if (r.bad || a->doc->body_start > a->doc->text_len)
        goto fail;
    a->feat.time = a->doc->time;
    memcpy(a->feat.lang, a->doc->lang, sizeof a->feat.lang);
    return a;
fail:
    ss_doc_free(a->doc);
    ss_features_release(&a->feat);
    free(a);
    return NULL;
}

static void article_free(cli_article *a)
{
    if (!a)
        return;
    ss_doc_free(a->doc);
    ss_features_release(&a->feat);
    free(a);
}

/* ---- pass 1 ------------------------------------------------------------------------ */

static int work(void *arg, int worker, ss_doc *d, size_t slot)
{
    pass1 *p = arg;
    if (cli_prep_article(&p->prep, worker, d) != SS_OK)
        return -1;
    return ss_featurize(p->fz[worker], d, &p->feat[slot]) == SS_OK ? 0 : -1;
}

static int emit(void *arg, ss_doc *d, size_t slot)
{
    pass1 *p = arg;
    ss_features *x = &p->feat[slot];
    int rc = 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4096;
        entry *v = realloc(p->idx, cap * sizeof *v);
        if (!v)
            rc = -1;
        else {
            p->idx = v;
            p->cap = cap;
        }
    }
    if (!rc && serialize(&p->rec, d, x, (uint32_t)p->n))
        rc = -1;
    int fresh = rc ? 0 : new_text(p, d->text ? d->text : "", d->text_len);
    if (fresh < 0)
        rc = -1;
    else if (!fresh)
        p->copies++;
    if (fresh > 0 && ss_df_add(p->df, x))
        rc = -1;
    if (!rc && fwrite(p->rec.data, 1, p->rec.len, p->spill) != p->rec.len) {
        cli_error("cannot write the temporary spill file");
        rc = -1;
    }
    if (!rc) {
        entry *e = &p->idx[p->n];
        if (d->time != SS_TIME_NONE)
            p->last_dated = d->time;
        else
            p->undated++;
        e->order_time = d->time != SS_TIME_NONE ? d->time : p->last_dated;
        e->seq = (uint32_t)p->n;
        e->off = p->spill_off;
        e->len = (uint32_t)p->rec.len;
        p->spill_off += p->rec.len;
        p->n++;
    }
    return rc;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->order_time != y->order_time)
        return x->order_time < y->order_time ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- pass 2 ------------------------------------------------------------------------ */

#define PENDING 64

typedef struct {
    cli_article **live;     /* by seq (sparse: only open articles set) */
    const cli_story_hooks *hooks;
    ss_pool *pool;
    const ss_df *df;
    cli_closed_story pending[PENDING];
    int rcs[PENDING];
    size_t npending;
    cli_story_stats *st;
} pass2;

static void closed_free(cli_closed_story *c)
{
    for (size_t i = 0; i < c->story.n; i++)
        article_free(c->arts[i]);
    free(c->arts);
    free(c->story.members);
    memset(c, 0, sizeof *c);
}

static void prepare_one(void *arg, int worker, size_t i)
{
    pass2 *q = arg;
    q->rcs[i] = q->hooks->prepare(q->hooks->ctx, worker, &q->pending[i], q->df);
}

/* Prepare the pending stories in parallel, emit them in order, free them. */
static int flush(pass2 *q)
{
    if (q->hooks->prepare && q->npending)
        ss_pool_for(q->pool, q->npending, prepare_one, q);
    int rc = SS_OK;
    for (size_t i = 0; i < q->npending; i++) {
        if (rc == SS_OK && q->hooks->prepare && q->rcs[i])
            rc = SS_EIO;
        if (rc == SS_OK && q->hooks->emit(q->hooks->ctx, &q->pending[i], q->df))
            rc = SS_EIO;
        closed_free(&q->pending[i]);
    }
    q->npending = 0;
    return rc;
}

static int on_story(void *arg, const ss_story *s)
{
    pass2 *q = arg;
    cli_closed_story *c = &q->pending[q->npending];
    memset(c, 0, sizeof *c);
    c->story = *s;
    c->story.members = malloc(s->n * sizeof *s->members);
    c->arts = malloc(s->n * sizeof *c->arts);
    if (!c->story.members || !c->arts) {
        free(c->story.members);
        free(c->arts);
        return SS_ENOMEM;
    }
    memcpy(c->story.members, s->members, s->n * sizeof *s->members);
    for (size_t i = 0; i < s->n; i++) {
        c->arts[i] = q->live[s->members[i].item];
        q->live[s->members[i].item] = NULL;
    }
    q->npending++;
    q->st->stories++;
    q->st->multi += s->n > 1;
    return q->npending == PENDING ? flush(q) : SS_OK;
}

int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so,
                    const cli_story_hooks *hooks, cli_story_stats *stats)
{
    double t0 = cli_now();
    memset(stats, 0, sizeof *stats);
    pass1 p;
    memset(&p, 0, sizeof p);
    p.o = o;
    p.last_dated = INT64_MIN;
    int status = CLI_OK;
    ss_pool *pool = ss_pool_new(o->threads);
    int nw = pool ? ss_pool_threads(pool) : 0;
    ss_error err;
    ss_error_clear(&err);
    ss_stopwords *sw = ss_stopwords_load(&err);
    ss_lexicon *lx = cli_lexicon_load(o);
    if (!sw)
        cli_warn(o, "%s (function words will count as content)", err.msg);
    p.fz = calloc((size_t)(nw ? nw : 1), sizeof *p.fz);
    p.spill = tmpfile();
    ss_df *df = ss_df_new();
    ss_storyer *st = NULL;
    pass2 q;
    memset(&q, 0, sizeof q);
    char *buf = NULL;
    size_t bufcap = 0;
    if (!pool || !p.fz || !df || cli_prep_init(&p.prep, nw)) {
        cli_error("cannot start: out of memory");
        status = CLI_FAIL;
        goto out;
    }
    p.prep.exclude_no_body = !o->keep_no_body;
    p.prep.o = o;
    if (!p.spill) {
        cli_error("cannot create a temporary file (set TMPDIR to a writable folder)");
        status = CLI_FAIL;
        goto out;
    }
    for (int i = 0; i < nw; i++)
        if (!(p.fz[i] = ss_featurizer_new(sw, &err)) || ss_featurizer_set_lexicon(p.fz[i], lx, &err)) {
            cli_error("%s", err.msg);
            status = CLI_FAIL;
            goto out;
        }
    for (int i = 0; i < CLI_BATCH; i++)
        ss_features_init(&p.feat[i]);
    p.df = df;
    status = cli_map_docs_slots(in, pool, work, emit, &p);
    if (status != CLI_OK)
        goto out;
    if (fflush(p.spill) != 0) {
        cli_error("cannot write the temporary spill file");
        status = CLI_FAIL;
        goto out;
    }
    stats->articles = p.n;
    stats->undated = p.undated;
    if (p.undated && !o->quiet) {
        cli_progress_clear(in);
        if (p.undated == p.n)
            fprintf(stderr, "samestory: no document has a date: articles are taken in input order\n");
        else
            fprintf(stderr, "samestory: %llu document(s) without a date are taken in input order "
                            "(after the dated article before them)\n",
                    (unsigned long long)p.undated);
    }
    if (p.n)
        qsort(p.idx, p.n, sizeof *p.idx, cmp_entry);
    /* the whole input is known: judge every article by its frequencies */
    ss_story_opts sopts = *so;
    sopts.df_complete = 1;
    st = ss_storyer_new(&sopts, df, &err);
    q.live = calloc(p.n ? p.n : 1, sizeof *q.live);
    if (!st || !q.live) {
        cli_error("out of memory");
        status = CLI_FAIL;
        goto out;
    }
    q.hooks = hooks;
    q.pool = pool;
    q.df = df;
    q.st = stats;
    if (hooks->start && hooks->start(hooks->ctx, nw, lx)) {
        status = CLI_FAIL;
        goto out;
    }
    int fd = fileno(p.spill);
    for (size_t i = 0; i < p.n && status == CLI_OK; i++) {
        entry *e = &p.idx[i];
        if (e->len > bufcap) {
            char *b = realloc(buf, e->len);
            if (!b) {
                cli_error("out of memory");
                status = CLI_FAIL;
                break;
            }
            buf = b;
            bufcap = e->len;
        }
        if (pread(fd, buf, e->len, (off_t)e->off) != (ssize_t)e->len) {
            cli_error("cannot read back the temporary spill file");
            status = CLI_FAIL;
            break;
        }
        cli_article *a = deserialize(buf, e->len);
        if (!a) {
            cli_error("corrupt temporary spill file (or out of memory)");
            status = CLI_FAIL;
            break;
        }
        q.live[a->seq] = a;
        uint32_t sid;
        int rc = ss_storyer_add(st, a->seq, &a->feat, &sid, on_story, &q);
        if (rc) {
            if (rc == SS_ENOMEM)
                cli_error("out of memory");
            status = CLI_FAIL;
        }
    }
    if (status == CLI_OK && (ss_storyer_finish(st, on_story, &q) || flush(&q)))
        status = CLI_FAIL;
out:
    stats->seconds = cli_now() - t0;
    if (q.live) {
        for (size_t i = 0; i < p.n; i++)
            article_free(q.live[i]);
        free(q.live);
    }
    for (size_t i = 0; i < q.npending; i++)
        closed_free(&q.pending[i]);
    free(buf);
    ss_storyer_free(st);
    ss_df_free(df);
    for (int i = 0; p.fz && i < nw; i++)
        ss_featurizer_free(p.fz[i]);
    free(p.fz);
    cli_prep_release(&p.prep);
    if (p.spill)
        fclose(p.spill);
    free(p.idx);
    free(p.texts);
    for (int i = 0; i < CLI_BATCH; i++)
        ss_features_release(&p.feat[i]);
    ss_buf_release(&p.rec);
    ss_stopwords_free(sw);
    ss_lexicon_free(lx);
    ss_pool_free(pool);
    return status;
}

size_t cli_story_first(const cli_closed_story *s)
{
    cli_article *const *m = s->arts;
    size_t first = 0;
    for (size_t i = 1; i < s->story.n; i++) {
        int64_t ti = m[i]->doc->time, tf = m[first]->doc->time;
        if ((ti != SS_TIME_NONE && (tf == SS_TIME_NONE || ti < tf)) ||
            (ti == tf && m[i]->seq < m[first]->seq))
            first = i;
    }
    return first;
}

size_t cli_story_representative(const cli_closed_story *s, const ss_df *df)
{
    size_t n = s->story.n, rep = n;
    const ss_doc **docs = calloc(n ? n : 1, sizeof *docs);
    const ss_features **feats = calloc(n ? n : 1, sizeof *feats);
    if (docs && feats) {
        for (size_t i = 0; i < n; i++) {
            docs[i] = s->arts[i]->doc;
            feats[i] = &s->arts[i]->feat;
        }
        rep = ss_story_headline(docs, feats, n, df);
    }
    free(docs);
    free(feats);
    return rep < n ? rep : cli_story_first(s);
}
