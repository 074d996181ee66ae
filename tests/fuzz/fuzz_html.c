/* Fuzz target: raw bytes as a web page through the cleaner (encoding
 * detection, prescan, libxml2 SAX tree, extraction, metadata, JSON-LD),
 * and the same bytes, repaired, as scraped plain text.  Checks: every
 * output string is valid UTF-8; block spans are ordered and inside the
 * text they refer to; the body text is made of body blocks; removed never
 * exceeds what there was. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const ss_buf *b)
{
    const char *s = b->data ? b->data : "";
    assert(ss_utf8_valid_prefix(s, b->len) == b->len);
}

static void check_blocks(const ss_clean_result *r, const char *text, size_t len)
{
    size_t ncp = ss_utf8_count(text, len);
    uint32_t end = 0;
    size_t body = 0, all = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        const ss_block *b = &r->blocks[i];
        assert(b->cp_start >= end && b->cp_start < b->cp_end && b->cp_end <= ncp);
        assert(b->kind <= SS_BLOCK_RELATED);
        end = b->cp_end;
        all += b->cp_end - b->cp_start;
        if (b->kind == SS_BLOCK_BODY)
            body += b->cp_end - b->cp_start;
    }
    assert(r->removed <= all);
    assert(ss_utf8_count(r->text.data ? r->text.data : "", r->text.len) <= body + r->nblocks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ss_cleaner *c;
    if (!c)
        c = ss_cleaner_new(NULL, NULL);
    if (!c)
        return 0;
    ss_doc *d = ss_doc_new();
    if (!d)
        return 0;
    if (ss_doc_set_str(&d->id, "fuzz", (size_t)-1) ||
        ss_doc_set_str(&d->html, (const char *)data, size)) {
        ss_doc_free(d);
        return 0;
    }
    d->html_len = size;
    d->format = SS_FORMAT_HTML;
    ss_clean_result r;
    ss_clean_result_init(&r);
    if (ss_clean_doc(c, d, &r, NULL) == SS_OK) {
        check_utf8(&r.text);
        check_utf8(&r.full_text);
        check_utf8(&r.title);
        check_utf8(&r.date);
        check_utf8(&r.author);
        check_utf8(&r.url);
        check_blocks(&r, r.full_text.data ? r.full_text.data : "", r.full_text.len);
        assert(strlen(r.warning) < sizeof r.warning);
    }
    /* the same bytes as scraped text */
    ss_buf text = SS_BUF_INIT;
    if (ss_utf8_repair((const char *)data, size, &text, NULL) == SS_OK &&
        ss_doc_set_text(d, text.data ? text.data : "", text.len) == SS_OK) {
        free(d->html);
        d->html = NULL;
        d->html_len = 0;
        d->format = SS_FORMAT_TEXT;
        if (ss_clean_doc(c, d, &r, NULL) == SS_OK) {
            check_utf8(&r.text);
            check_utf8(&r.title);
            check_blocks(&r, d->text, d->text_len);
        }
    }
    ss_buf_release(&text);
    ss_clean_result_release(&r);
    ss_doc_free(d);
    return 0;
}
