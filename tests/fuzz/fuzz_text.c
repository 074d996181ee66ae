/* Fuzz target: raw bytes through UTF-8 repair, tokenizer, sentence splitter
 * and language identification.  Checks the offset invariants: every token
 * and sentence span lies inside the text, code point and byte spans agree,
 * and spans come in order. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_buf text = SS_BUF_INIT;
    ss_utf8_report rep;
    if (ss_utf8_repair((const char *)data, size, &text, &rep))
        return 0;
    const char *t = text.data ? text.data : "";
    size_t n = text.len;
    assert(ss_utf8_valid_prefix(t, n) == n);
    size_t ncp = ss_utf8_count(t, n);
    ss_tokens tok;
    ss_tokens_init(&tok);
    if (ss_tokenize(t, n, 0, SS_TOKENIZE_HASH, &tok) == SS_OK) {
        uint32_t prev = 0;
        for (size_t k = 0; k < tok.n; k++) {
            const ss_token *x = &tok.v[k];
            assert(x->start < x->end && x->end <= n);
            assert(x->cp_start < x->cp_end && x->cp_end <= ncp);
            assert(ss_utf8_byte_offset(t, n, x->cp_start) == x->start);
            assert(ss_utf8_byte_offset(t, n, x->cp_end) == x->end);
            assert(x->cp_start >= prev || x->kind == SS_TOK_CJK);
            prev = x->cp_start;
            const char *norm = ss_token_norm(&tok, k);
            assert(ss_utf8_valid_prefix(norm, x->norm_len) == x->norm_len);
        }
    }
    ss_tokens_release(&tok);
    ss_spans sp;
    ss_spans_init(&sp);
    if (ss_split_sentences(t, n, &sp) == SS_OK) {
        uint32_t end = 0;
        for (size_t k = 0; k < sp.n; k++) {
            assert(sp.v[k].start >= end && sp.v[k].start < sp.v[k].end && sp.v[k].end <= n);
            assert(ss_utf8_byte_offset(t, n, sp.v[k].cp_start) == sp.v[k].start);
            assert(ss_utf8_byte_offset(t, n, sp.v[k].cp_end) == sp.v[k].end);
            end = sp.v[k].end;
        }
    }
    ss_spans_release(&sp);
    ss_buf norm = SS_BUF_INIT, scratch = SS_BUF_INIT;
    if (ss_normalize(t, n, SS_NORM_DEFAULT | SS_NORM_STRIP_MARKS, &norm, &scratch) == SS_OK)
        assert(ss_utf8_valid_prefix(norm.data ? norm.data : "", norm.len) == norm.len);
    ss_buf_release(&norm);
    ss_buf_release(&scratch);
    static ss_langid *li;
    if (!li)
        li = ss_langid_new(NULL);
    ss_lang_guess g;
    ss_langid_detect(li, t, n, &g, NULL);
    assert(strlen(g.code) > 0);
    ss_buf_release(&text);
    return 0;
}
