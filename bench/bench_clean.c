/* bench/bench_clean.c — HTML cleaning throughput on one core, against
 * libxml2 parsing alone measured in the same run.
 *
 *   build/bench/bench_clean [--repeat N] [PATH...]
 *
 * PATH: HTML files or folders (.html, .html.gz...; default
 * ../shared/data/aeb/html, the article-extraction benchmark pages).  All
 * pages are read into memory first; then, N times each (default 5),
 * alternating so that load on a shared machine hits both alike:
 *
 *   baseline  htmlReadMemory (libxml2's HTML parser building its DOM, in
 *             recover mode), then xmlFreeDoc: what "parse the page" costs
 *             with the library we build on;
 *   clean     ss_clean_doc: decoding, parsing, extraction, metadata.
 *
 * Prints MB/s and pages/s of each (best of N), and the ratio clean /
 * baseline, which is the figure to compare across machines.
 */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samestory.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int repeat = 5, first = 1;
    if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
        repeat = atoi(argv[2]);
        first = 3;
        if (repeat < 1)
            repeat = 1;
    }
    const char *def[] = {"../shared/data/aeb/html"};
    const char *const *paths = argc > first ? (const char *const *)argv + first : def;
    size_t npaths = argc > first ? (size_t)(argc - first) : 1;
    ss_error err;
    ss_error_clear(&err);
    ss_reader *r = ss_reader_new(paths, npaths, NULL, &err);
    if (!r) {
        fprintf(stderr, "bench_clean: %s\n", err.msg);
        return 1;
    }
    ss_doc **docs = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    for (;;) {
        ss_doc *d = NULL;
        int k = ss_reader_next(r, &d, &err);
        if (k == 0)
            break;
        if (k < 0) {
            fprintf(stderr, "bench_clean: skipped: %s\n", err.msg);
            continue;
        }
        if (d->format != SS_FORMAT_HTML) {
            ss_doc_free(d);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 128;
            ss_doc **v = realloc(docs, cap * sizeof *v);
            if (!v)
                return 1;
            docs = v;
        }
        docs[n++] = d;
        bytes += d->html_len;
    }
    ss_reader_free(r);
    if (n == 0) {
        fprintf(stderr, "bench_clean: no HTML pages found (give a folder of .html files)\n");
        return 1;
    }
    ss_cleaner *c = ss_cleaner_new(NULL, &err);
    if (!c) {
        fprintf(stderr, "bench_clean: %s\n", err.msg);
        return 1;
    }
    ss_clean_result res;
    ss_clean_result_init(&res);
    double best_base = 1e30, best_clean = 1e30;
    size_t out_bytes = 0;
    for (int rep = 0; rep < repeat; rep++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            htmlDocPtr doc = htmlReadMemory(docs[i]->html, (int)docs[i]->html_len, NULL, NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                                HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
            xmlFreeDoc(doc);
        }
        double t1 = now();
        out_bytes = 0;
        for (size_t i = 0; i < n; i++) {
            if (ss_clean_doc(c, docs[i], &res, &err)) {
                fprintf(stderr, "bench_clean: %s\n", err.msg);
                return 1;
            }
            out_bytes += res.text.len;
        }
        double t2 = now();
        if (t1 - t0 < best_base)
            best_base = t1 - t0;
        if (t2 - t1 < best_clean)
            best_clean = t2 - t1;
    }
    double mb = (double)bytes / 1e6;
    printf("pages %zu, %.1f MB of HTML, %.1f MB of article text, best of %d runs, one thread\n", n,
           mb, (double)out_bytes / 1e6, repeat);
    printf("baseline (libxml2 htmlReadMemory DOM parse): %7.1f MB/s %8.0f pages/s\n",
           mb / best_base, (double)n / best_base);
    printf("clean    (ss_clean_doc, whole extraction):   %7.1f MB/s %8.0f pages/s\n",
           mb / best_clean, (double)n / best_clean);
    printf("ratio clean/baseline throughput: %.2f\n", best_base / best_clean);
    ss_clean_result_release(&res);
    ss_cleaner_free(c);
    for (size_t i = 0; i < n; i++)
        ss_doc_free(docs[i]);
    free(docs);
    return 0;
}
