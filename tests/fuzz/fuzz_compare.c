/* Fuzz target: up to three articles (the input split at form feeds) through
 * name finding, quotations, analysis and the story comparison.  Checks that
 * every piece the comparison returns lies inside its article's text. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const ss_piece *p, ss_doc *const *d, size_t n)
{
    assert(p->doc < n);
    assert(p->start <= p->end && p->end <= d[p->doc]->text_len);
    assert(ss_utf8_byte_offset(d[p->doc]->text, d[p->doc]->text_len, p->cp_start) == p->start);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ss_stopwords *sw;
    static ss_quoter *qt;
    if (!sw)
        sw = ss_stopwords_load(NULL);
    if (!qt)
        qt = ss_quoter_new(NULL);
    ss_doc *d[3];
    size_t n = 0, a = 0;
    while (n < 3 && a <= size) {
        const uint8_t *ff = memchr(data + a, '\f', size - a);
        size_t b = ff ? (size_t)(ff - data) : size;
        ss_buf t = SS_BUF_INIT;
        ss_utf8_repair((const char *)data + a, b - a, &t, NULL);
        d[n] = ss_doc_new();
        ss_doc_set_str(&d[n]->id, n == 0 ? "a" : n == 1 ? "b" : "c", (size_t)-1);
        ss_doc_set_text(d[n], t.data ? t.data : "", t.len);
        strcpy(d[n]->lang, n == 1 ? "de" : "en");
        ss_buf_release(&t);
        n++;
        a = b + 1;
    }
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    ss_analysis x[3];
    const ss_analysis *xp[3];
    for (size_t i = 0; i < n; i++) {
        ss_analysis_init(&x[i]);
        ss_analyze_doc(an, d[i], &x[i]);
        xp[i] = &x[i];
        for (size_t q = 0; q < x[i].quotes.n; q++)
            assert(x[i].quotes.v[q].end <= d[i]->text_len);
    }
    ss_comparison c;
    ss_comparison_init(&c);
    if (ss_compare_story(xp, n, NULL, &c) == SS_OK) {
        for (size_t i = 0; i < c.nagree; i++)
            check(&c.agree[i].rep, d, n);
        for (size_t i = 0; i < c.nunique; i++)
            for (size_t j = 0; j < c.unique[i].n; j++)
                check(&c.unique[i].pieces[j], d, n);
        for (size_t i = 0; i < c.nquotes; i++)
            check(&c.quotes[i].s.rep, d, n);
        for (size_t i = 0; i < c.nconflicts; i++)
            for (size_t j = 0; j < c.conflicts[i].nvalues; j++)
                check(&c.conflicts[i].values[j].s.rep, d, n);
    }
    ss_comparison_release(&c);
    for (size_t i = 0; i < n; i++) {
        ss_analysis_release(&x[i]);
        ss_doc_free(d[i]);
    }
    ss_analyzer_free(an);
    return 0;
}
