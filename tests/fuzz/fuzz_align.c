/* Fuzz target: two texts (the input cut at its first NUL byte, or in
 * half) through token sequences, fingerprints and the reuse engine.
 * Checks: token spans lie in the text, in order; every passage's spans lie
 * inside both texts and are not empty; identity is in [0, 1]; the summary
 * coverages are shares. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *cut = memchr(data, 0, size);
    size_t na = cut ? (size_t)(cut - data) : size / 2;
    size_t nb_start = cut ? na + 1 : na;
    ss_buf t[2] = {SS_BUF_INIT, SS_BUF_INIT};
    if (ss_utf8_repair((const char *)data, na, &t[0], NULL) ||
        ss_utf8_repair((const char *)data + nb_start, size - nb_start, &t[1], NULL))
        goto out;
    ss_doc *d[2] = {ss_doc_new(), ss_doc_new()};
    for (int i = 0; i < 2; i++) {
        if (!d[i] || ss_doc_set_str(&d[i]->id, i ? "b" : "a", (size_t)-1) ||
            ss_doc_set_text(d[i], t[i].data ? t[i].data : "", t[i].len))
            goto docs;
    }
    ss_tokens scratch;
    ss_tokens_init(&scratch);
    ss_aseq s;
    ss_aseq_init(&s);
    if (ss_aseq_build(&s, d[0]->text, d[0]->text_len, &scratch) == SS_OK) {
        uint32_t ncp = (uint32_t)ss_utf8_count(d[0]->text, d[0]->text_len);
        assert(s.cp_len == ncp);
        for (size_t k = 0; k < s.n; k++) {
            assert(ss_aseq_cp_start(&s, k) < ss_aseq_cp_end(&s, k));
            assert(ss_aseq_cp_end(&s, k) <= ncp);
            assert(ss_aseq_cp_start(&s, k) >= ss_aseq_edge_len(s.tok[k].head));
        }
        ss_fps f;
        ss_fps_init(&f);
        if (ss_aseq_fingerprints(&s, 5, 4, &f) == SS_OK)
            for (size_t k = 0; k < f.n; k++)
                assert(f.v[k].pos + 5 <= s.n && (k == 0 || f.v[k].pos > f.v[k - 1].pos));
        ss_fps_release(&f);
    }
    ss_aseq_release(&s);
    ss_tokens_release(&scratch);

    ss_reuse_opts o;
    ss_reuse_opts_default(&o);
    o.merge.min_chars = 10; /* small texts still make passages */
    ss_reuse *eng = ss_reuse_new(&o, NULL);
    if (eng && ss_reuse_add_docs(eng, NULL, d, 2, NULL) == SS_OK && ss_reuse_build(eng, NULL) == SS_OK) {
        ss_reuse_worker *w = ss_reuse_worker_new(eng);
        ss_reuse_passages p;
        ss_reuse_passages_init(&p);
        if (w && ss_reuse_find(w, 0, &p) == SS_OK) {
            for (size_t k = 0; k < p.n; k++) {
                const ss_reuse_passage *x = &p.v[k];
                assert(x->a == 0 && x->b == 1);
                assert(x->a_start < x->a_end && x->a_end <= ss_reuse_doc_chars(eng, 0));
                assert(x->b_start < x->b_end && x->b_end <= ss_reuse_doc_chars(eng, 1));
                assert(x->identity >= 0.0 && x->identity <= 1.0);
                assert(x->chars >= o.merge.min_chars);
            }
            ss_reuse_summary sum;
            if (p.n && ss_reuse_summarize(eng, p.v, p.n, &sum) == SS_OK)
                assert(sum.a_coverage > 0.0 && sum.a_coverage <= 1.0 && sum.b_coverage <= 1.0);
        }
        ss_reuse_passages_release(&p);
        ss_reuse_worker_free(w);
    }
    ss_reuse_free(eng);
docs:
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
out:
    ss_buf_release(&t[0]);
    ss_buf_release(&t[1]);
    return 0;
}
