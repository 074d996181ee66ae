/* Fuzz target: a body of records through the in-memory runs the Python
 * binding calls (engine/records.c, engine/translations.c,
 * align/reuse_records.c): ss_stories_json, ss_translations_json and
 * ss_reuse_json, one thread, on one shared context (loaded once).
 * Checks: no crash, no sanitizer report; a refusal carries a message;
 * an answer is valid UTF-8 lines that each open with '{'. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ss_context *ctx;

static void check_lines(const ss_buf *out)
{
    assert(ss_utf8_valid_prefix(out->data ? out->data : "", out->len) == out->len);
    for (size_t i = 0; i < out->len;) {
        assert(out->data[i] == '{');
        const char *nl = memchr(out->data + i, '\n', out->len - i);
        assert(nl);
        i = (size_t)(nl - out->data) + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx) {
        ss_error cerr;
        ss_error_clear(&cerr);
        ctx = ss_context_new(&cerr);
        assert(ctx); /* the build's data folder */
    }
    const char *body = (const char *)data;
    ss_error err;
    ss_buf out = SS_BUF_INIT;
    ss_error_clear(&err);
    if (ss_stories_json(ctx, body, size, 1, &out, &err) == SS_OK)
        check_lines(&out);
    else
        assert(err.msg[0]);
    ss_buf_clear(&out);
    ss_error_clear(&err);
    if (ss_translations_json(ctx, body, size, 0.45, 0, 1, &out, &err) == SS_OK)
        check_lines(&out);
    else
        assert(err.msg[0]);
    ss_buf_clear(&out);
    ss_error_clear(&err);
    ss_reuse_json_opts ro;
    ss_reuse_json_opts_default(&ro);
    ro.threads = 1;
    ro.min_chars = 40;
    if (ss_reuse_json(body, size, &ro, &out, &err) == SS_OK)
        check_lines(&out);
    else
        assert(err.msg[0]);
    ss_buf_release(&out);
    return 0;
}
