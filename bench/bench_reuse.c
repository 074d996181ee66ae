/* bench/bench_reuse.c — all-pairs reuse over a corpus, and two long texts.
 *
 *   build/bench/bench_reuse CORPUS.jsonl [THREADS] [PAIR_MB]
 *
 * CORPUS is any input the reader takes (make one with
 * bench/gen_reuse_corpus.py; never commit it).  Three timings, all in this
 * run, so that the ratios say something on a busy machine:
 *   baseline   read every document and cut it into tokens (one thread):
 *              the least any reuse finder has to do;
 *   reuse      read, tokenize (THREADS), build the seed index, find every
 *              passage between every pair (THREADS), as `samestory reuse`
 *              does, without printing;
 *   pair       two texts of PAR_MB MB each (default 1; the corpus texts
 *              end to end; the second with one word in 30 changed and its
 *              halves swapped) aligned, against tokenizing them.
 * Prints documents/s, MB/s, peak resident memory (after the corpus phase)
 * and the ratios.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "samestory.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void die(const char *what, const ss_error *err)
{
    fprintf(stderr, "bench_reuse: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

typedef struct corpus_pass {
    size_t docs, bytes, tokens;
} corpus_pass;

/* Baseline: read and tokenize, one thread. */
static corpus_pass baseline(const char *path)
{
    corpus_pass cp = {0, 0, 0};
    ss_error err;
    ss_reader *r = ss_reader_new(&path, 1, NULL, &err);
    if (!r)
        die("reader", &err);
    ss_tokens scratch;
    ss_tokens_init(&scratch);
    ss_aseq seq;
    ss_aseq_init(&seq);
    ss_doc *d;
    int rc;
    while ((rc = ss_reader_next(r, &d, &err)) != 0) {
        if (rc < 0)
            die("reading", &err);
        if (ss_aseq_build(&seq, d->text ? d->text : "", d->text ? d->text_len : 0, &scratch))
            die("tokenizing", NULL);
        cp.docs++;
        cp.bytes += d->text_len;
        cp.tokens += seq.n;
        ss_doc_free(d);
    }
    ss_aseq_release(&seq);
    ss_tokens_release(&scratch);
    ss_reader_free(r);
    return cp;
}

typedef struct find_job {
    ss_reuse_worker **w;
    ss_reuse_passages *out;   /* per worker */
    size_t *passages;         /* per worker */
} find_job;

static void find_one(void *ctx, int worker, size_t i)
{
    find_job *j = ctx;
    ss_reuse_passages *p = &j->out[worker];
    p->n = 0;
    if (ss_reuse_find(j->w[worker], (uint32_t)i, p))
        die("finding", NULL);
    j->passages[worker] += p->n;
}

/* Find every passage of r with pool; returns the passage count. */
static size_t find_all(ss_reuse *r, ss_pool *pool)
{
    int nw = ss_pool_threads(pool);
    find_job j;
    j.w = calloc((size_t)nw, sizeof *j.w);
    j.out = calloc((size_t)nw, sizeof *j.out);
    j.passages = calloc((size_t)nw, sizeof *j.passages);
    if (!j.w || !j.out || !j.passages)
        die("out of memory", NULL);
    for (int i = 0; i < nw; i++)
        if (!(j.w[i] = ss_reuse_worker_new(r)))
            die("out of memory", NULL);
    ss_pool_for(pool, ss_reuse_count(r), find_one, &j);
    size_t total = 0;
    for (int i = 0; i < nw; i++) {
        total += j.passages[i];
        ss_reuse_worker_free(j.w[i]);
        ss_reuse_passages_release(&j.out[i]);
    }
    free(j.w);
    free(j.out);
    free(j.passages);
    return total;
}

/* The reuse run: read in batches, add, build, find. */
static size_t reuse_corpus(const char *path, ss_pool *pool, ss_seedindex_stats *st)
{
    ss_error err;
    ss_reader *r = ss_reader_new(&path, 1, NULL, &err);
    ss_reuse *eng = ss_reuse_new(NULL, NULL);
    if (!r || !eng)
        die("start", &err);
    enum { BATCH = 256 };
    ss_doc *docs[BATCH];
    int done = 0;
    while (!done) {
        size_t n = 0;
        while (n < BATCH) {
            int rc = ss_reader_next(r, &docs[n], &err);
            if (rc < 0)
                die("reading", &err);
            if (rc == 0) {
                done = 1;
                break;
            }
            n++;
        }
        if (n && ss_reuse_add_docs(eng, pool, docs, n, &err))
            die("adding", &err);
        for (size_t i = 0; i < n; i++)
            ss_doc_free(docs[i]);
    }
    ss_reader_free(r);
    if (ss_reuse_build(eng, &err))
        die("building", &err);
    *st = ss_reuse_index_stats(eng);
    size_t passages = find_all(eng, pool);
    ss_reuse_free(eng);
    return passages;
}

/* Two long texts from the corpus: A = texts end to end up to mb MB; B = A
 * with one word in 30 changed and its two halves swapped. */
static void long_pair(const char *path, double mb, ss_buf *a, ss_buf *b)
{
    ss_error err;
    ss_reader *r = ss_reader_new(&path, 1, NULL, &err);
    if (!r)
        die("reader", &err);
    ss_doc *d;
    while (a->len < (size_t)(mb * 1e6) && ss_reader_next(r, &d, &err) == 1) {
        ss_buf_append(a, d->text ? d->text : "", d->text_len);
        ss_buf_puts(a, "\n\n");
        ss_doc_free(d);
    }
    ss_reader_free(r);
    size_t half = a->len / 2;
    while (half < a->len && a->data[half] != '\n')
        half++;
    const char *parts[2][2] = {{a->data + half, a->data + a->len}, {a->data, a->data + half}};
    unsigned words = 0;
    for (int p = 0; p < 2; p++) {
        for (const char *s = parts[p][0]; s < parts[p][1];) {
            const char *e = s;
            while (e < parts[p][1] && *e != ' ' && *e != '\n')
                e++;
            if (++words % 30 == 0)
                ss_buf_puts(b, "changed");
            else
                ss_buf_append(b, s, (size_t)(e - s));
            if (e < parts[p][1])
                ss_buf_putc(b, *e++);
            s = e;
        }
    }
}

static double align_pair(const ss_buf *a, const ss_buf *b, size_t *passages, size_t *covered)
{
    ss_doc *d[2] = {ss_doc_new(), ss_doc_new()};
    const ss_buf *t[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        if (!d[i] || ss_doc_set_str(&d[i]->id, i ? "b" : "a", (size_t)-1) ||
            ss_doc_set_text(d[i], t[i]->data, t[i]->len))
            die("out of memory", NULL);
    }
    double t0 = now();
    ss_error err;
    ss_reuse *eng = ss_reuse_new(NULL, NULL);
    if (!eng || ss_reuse_add_docs(eng, NULL, d, 2, &err) || ss_reuse_build(eng, &err))
        die("pair", &err);
    ss_reuse_worker *w = ss_reuse_worker_new(eng);
    ss_reuse_passages p;
    ss_reuse_passages_init(&p);
    if (!w || ss_reuse_find(w, 0, &p))
        die("pair", NULL);
    double dt = now() - t0;
    *passages = p.n;
    *covered = 0;
    for (size_t i = 0; i < p.n; i++)
        *covered += p.v[i].a_end - p.v[i].a_start;
    ss_reuse_passages_release(&p);
    ss_reuse_worker_free(w);
    ss_reuse_free(eng);
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
    return dt;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_reuse CORPUS.jsonl [THREADS] [PAIR_MB]\n");
        return 2;
    }
    const char *path = argv[1];
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    double mb = argc > 3 ? atof(argv[3]) : 1.0;
    ss_pool *pool = ss_pool_new(threads);
    if (!pool)
        die("no threads", NULL);

    double t0 = now();
    corpus_pass base = baseline(path);
    double t_base = now() - t0;

    t0 = now();
    ss_seedindex_stats st;
    size_t passages = reuse_corpus(path, pool, &st);
    double t_reuse = now() - t0;
    long rss = peak_rss_kb();

    printf("corpus: %zu documents, %.1f MB, %zu tokens\n", base.docs, (double)base.bytes / 1e6,
           base.tokens);
    printf("baseline (read + tokenize, 1 thread): %.2f s, %.0f docs/s\n", t_base,
           (double)base.docs / t_base);
    printf("reuse (%d threads): %.2f s, %.0f docs/s, %.1f MB/s, %zu passages\n",
           ss_pool_threads(pool), t_reuse, (double)base.docs / t_reuse,
           (double)base.bytes / 1e6 / t_reuse, passages);
    printf("seed index: %llu fingerprints, %llu seeds, %llu over the DF cap, %llu postings\n",
           (unsigned long long)st.fingerprints, (unsigned long long)st.seeds,
           (unsigned long long)st.over_cap, (unsigned long long)st.postings);
    printf("ratio reuse / baseline: %.2f\n", t_reuse / t_base);
    printf("peak RSS: %.1f MB (%.0f bytes per document, %.1f per token)\n", (double)rss / 1024.0,
           (double)rss * 1024.0 / (double)(base.docs ? base.docs : 1),
           (double)rss * 1024.0 / (double)(base.tokens ? base.tokens : 1));

    ss_buf a = SS_BUF_INIT, b = SS_BUF_INIT;
    long_pair(path, mb, &a, &b);
    t0 = now();
    ss_tokens scratch;
    ss_tokens_init(&scratch);
    ss_aseq sa, sb;
    ss_aseq_init(&sa);
    ss_aseq_init(&sb);
    if (ss_aseq_build(&sa, a.data, a.len, &scratch) || ss_aseq_build(&sb, b.data, b.len, &scratch))
        die("tokenizing", NULL);
    double t_tok = now() - t0;
    size_t np, covered;
    double t_pair = align_pair(&a, &b, &np, &covered);
    printf("pair: %.2f MB + %.2f MB: aligned in %.3f s (%zu passages covering %.1f%% of the first); "
           "tokenizing both %.3f s; ratio %.2f\n",
           (double)a.len / 1e6, (double)b.len / 1e6, t_pair, np,
           100.0 * (double)covered / (double)(sa.cp_len ? sa.cp_len : 1), t_tok, t_pair / t_tok);
    ss_aseq_release(&sa);
    ss_aseq_release(&sb);
    ss_tokens_release(&scratch);
    ss_buf_release(&a);
    ss_buf_release(&b);
    ss_pool_free(pool);
    return 0;
}
