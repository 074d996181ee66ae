/* Fuzz target: two texts (the input cut at its first NUL byte, or in
 * half; the first byte picks their languages) through pivot terms and the
 * sentence aligner (whole texts and a part translated), without a lexicon.
 * Checks: terms point at real tokens; the groups walk both sentence lists
 * in order, each once, in steps of at most two; similarity is a share;
 * coverage is a share. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const langs[] = {"en", "de", "hi", "ar", "ru", "zh", "und", "fr"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *la = langs[data[0] & 7], *lb = langs[(data[0] >> 3) & 7];
    data++;
    size--;
    const uint8_t *cut = memchr(data, 0, size);
    size_t na = cut ? (size_t)(cut - data) : size / 2;
    size_t nb_start = cut ? na + 1 : na;
    ss_buf t[2] = {SS_BUF_INIT, SS_BUF_INIT};
    ss_error err;
    ss_error_clear(&err);
    ss_pivoter *pv = ss_pivoter_new(NULL, NULL, &err);
    ss_xaligner *al = ss_xaligner_new();
    ss_xtext a, b;
    ss_xtext_init(&a);
    ss_xtext_init(&b);
    ss_xgroups g;
    ss_xgroups_init(&g);
    ss_pivot_terms terms;
    ss_pivot_terms_init(&terms);
    if (!pv || !al || ss_utf8_repair((const char *)data, na, &t[0], NULL) ||
        ss_utf8_repair((const char *)data + nb_start, size - nb_start, &t[1], NULL))
        goto out;
    const char *ta = t[0].data ? t[0].data : "", *tb = t[1].data ? t[1].data : "";
    if (ss_pivot_text(pv, ta, t[0].len, la, &terms) == SS_OK) {
        const ss_tokens *tok = ss_pivoter_tokens(pv);
        for (size_t i = 0; i < terms.n; i++)
            assert(terms.v[i].tok < tok->n && terms.v[i].field < SS_PV_FIELDS);
        assert(terms.known <= terms.content && terms.content <= terms.words);
    }
    if (ss_xtext_add(pv, ta, t[0].len, la, 0, 0, &a) || ss_xtext_add(pv, tb, t[1].len, lb, 0, 0, &b))
        goto out;
    for (int run = 0; run < 4; run++) {
        int dict = run & 1, partial = run >> 1; /* the whole texts, then a part translated */
        if ((partial ? ss_xalign_partial(al, &a, &b, ss_xalign_mask(&a, &b, dict), &g)
                     : ss_xalign(al, &a, &b, ss_xalign_mask(&a, &b, dict), &g)) != SS_OK)
            continue;
        uint32_t ea = 0, eb = 0;
        for (size_t k = 0; k < g.n; k++) {
            const ss_xgroup *x = &g.v[k];
            assert(x->a0 == ea && x->b0 == eb);
            assert(x->a1 - x->a0 <= 2 && x->b1 - x->b0 <= 2 && x->a1 + x->b1 > x->a0 + x->b0);
            assert(x->sim >= 0 && x->sim <= 1 && x->delta == x->delta);
            ea = x->a1;
            eb = x->b1;
        }
        assert(ea == a.nsent && eb == b.nsent);
        double c = ss_xalign_coverage(al, &a, &b, &g);
        assert(c >= 0 && c <= 1);
    }
out:
    ss_pivot_terms_release(&terms);
    ss_xgroups_release(&g);
    ss_xtext_release(&a);
    ss_xtext_release(&b);
    ss_xaligner_free(al);
    ss_pivoter_free(pv);
    ss_buf_release(&t[0]);
    ss_buf_release(&t[1]);
    return 0;
}
