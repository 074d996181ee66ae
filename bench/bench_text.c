/* bench_text — throughput of the text core on real documents.
 *
 *   build/bench/bench_text INPUT...      (any input samestory reads)
 *
 * Loads every document's text into memory, then times, over all of it:
 *   baseline   a plain byte scan counting spaces (memchr): the memory floor
 *   utf8       validation (ss_utf8_valid_prefix)
 *   tokenize   words and offsets, no normalization
 *   tok+norm   words, NFKC + case folding, XXH3 of each normalized word
 *   sentences  paragraph and sentence splitting
 *   langid     language identification (first 4 KB of each document)
 * and prints MB/s, tokens/s and each stage's time as a ratio to the
 * baseline.  Best of three runs per stage; single thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samestory.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct {
    char **text;
    size_t *len;
    size_t n, cap, bytes;
} corpus;

static volatile size_t sink;

static size_t run_baseline(const corpus *c)
{
    size_t spaces = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *p = c->text[i], *e = p + c->len[i];
        while ((p = memchr(p, ' ', (size_t)(e - p)))) {
            spaces++;
            p++;
        }
    }
    return spaces;
}

static size_t run_utf8(const corpus *c)
{
    size_t ok = 0;
    for (size_t i = 0; i < c->n; i++)
        ok += ss_utf8_valid_prefix(c->text[i], c->len[i]);
    return ok;
}

static ss_tokens tok;

static size_t run_tokenize(const corpus *c, unsigned opts)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        ss_tokenize(c->text[i], c->len[i], 0, opts, &tok);
        n += tok.n;
    }
    return n;
}

static size_t run_tok(const corpus *c) { return run_tokenize(c, 0); }
static size_t run_tok_norm(const corpus *c) { return run_tokenize(c, SS_TOKENIZE_HASH); }

static size_t run_sentences(const corpus *c)
{
    ss_spans s;
    ss_spans_init(&s);
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        ss_split_sentences(c->text[i], c->len[i], &s);
        n += s.n;
    }
    ss_spans_release(&s);
    return n;
}

static ss_langid *li;

static size_t run_langid(const corpus *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        ss_lang_guess g;
        ss_langid_detect(li, c->text[i], c->len[i], &g, NULL);
        n += g.code[0] == 'e';
    }
    return n;
}

static double best_of_3(size_t (*fn)(const corpus *), const corpus *c, size_t *result)
{
    double best = 1e30;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        *result = fn(c);
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    sink += *result;
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_text INPUT...\n");
        return 2;
    }
    ss_error err;
    ss_reader_opts ro = {0};
    ro.allow_duplicate_ids = 1;
    ss_reader *r = ss_reader_new((const char *const *)argv + 1, (size_t)argc - 1, &ro, &err);
    corpus c = {0};
    ss_doc *d;
    int rc;
    while ((rc = ss_reader_next(r, &d, &err)) != 0) {
        if (rc < 0)
            continue;
        if (d->text && d->text_len) {
            if (c.n == c.cap) {
                c.cap = c.cap ? c.cap * 2 : 1024;
                c.text = realloc(c.text, c.cap * sizeof *c.text);
                c.len = realloc(c.len, c.cap * sizeof *c.len);
            }
            c.text[c.n] = d->text;
            c.len[c.n] = d->text_len;
            c.bytes += d->text_len;
            c.n++;
            d->text = NULL;
        }
        ss_doc_free(d);
    }
    ss_reader_free(r);
    ss_tokens_init(&tok);
    li = ss_langid_new(NULL);
    printf("%zu documents, %.1f MB of text\n", c.n, (double)c.bytes / 1e6);
    struct {
        const char *name;
        size_t (*fn)(const corpus *);
        const char *unit;
    } stages[] = {{"baseline", run_baseline, "spaces"}, {"utf8", run_utf8, "bytes"},
                  {"tokenize", run_tok, "tokens"},      {"tok+norm", run_tok_norm, "tokens"},
                  {"sentences", run_sentences, "sentences"}, {"langid", run_langid, "docs"}};
    double base = 0;
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        size_t res;
        double t = best_of_3(stages[i].fn, &c, &res);
        if (i == 0)
            base = t;
        printf("%-10s %8.1f MB/s  %12.0f %s/s  %7.1fx baseline time\n", stages[i].name,
               (double)c.bytes / 1e6 / t, (double)res / t, stages[i].unit, t / base);
    }
    ss_tokens_release(&tok);
    ss_langid_free(li);
    for (size_t i = 0; i < c.n; i++)
        free(c.text[i]);
    free(c.text);
    free(c.len);
    return 0;
}
