/* Fuzz target: document bytes as one worker of a spread-out reuse run
 * receives them from another (align/reuse_part.h), then aligned against a
 * document read from a record.
 * Checks: no crash, no sanitizer report; damaged bytes are refused with a
 * message and leave the part as it was; accepted bytes come out of
 * ss_reuse_part_doc_bytes as they went in; the pair's lines are UTF-8
 * lines that each open with '{'. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char record[] =
    "{\"id\":\"r\",\"date\":\"2024-03-01\",\"text\":\"The harbour board voted on Tuesday to close the "
    "north pier for repairs after the storm damaged its pilings, the chair of the board said in a "
    "statement to the city council.\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_error err;
    ss_error_clear(&err);
    ss_reuse_json_opts o;
    ss_reuse_json_opts_default(&o);
    o.min_chars = 20;
    o.keep_no_body = 1;
    ss_reuse_part *p = ss_reuse_part_new(&o, &err);
    assert(p);
    int rc = ss_reuse_part_add_jsonl(p, record, sizeof record - 1, "fuzz", 0, &err);
    assert(rc == SS_OK && ss_reuse_part_count(p) == 1);
    ss_error_clear(&err);
    if (ss_reuse_part_add_bytes(p, (const char *)data, size, &err) != SS_OK) {
        assert(err.msg[0]);
        assert(ss_reuse_part_count(p) == 1);
        ss_reuse_part_free(p);
        return 0;
    }
    assert(ss_reuse_part_count(p) == 2);
    ss_buf back = SS_BUF_INIT;
    assert(ss_reuse_part_doc_bytes(p, 1, &back) == SS_OK);
    assert(back.len == size && memcmp(back.data, data, size) == 0);
    ss_buf_release(&back);
    /* seeds: the fingerprints of both documents, as a whole run would have them */
    size_t n = ss_reuse_part_nprints(p);
    uint32_t *doc = malloc((n ? n : 1) * sizeof *doc);
    uint64_t *hash = malloc((n ? n : 1) * sizeof *hash);
    assert(doc && hash);
    ss_reuse_part_prints(p, doc, hash);
    ss_buf out = SS_BUF_INIT;
    uint32_t b = 1;
    rc = ss_reuse_part_pairs_json(p, 0, &b, 1, hash, n, &out, &err);
    assert(rc == SS_OK);
    assert(ss_utf8_valid_prefix(out.data ? out.data : "", out.len) == out.len);
    for (size_t i = 0; i < out.len;) {
        assert(out.data[i] == '{');
        const char *nl = memchr(out.data + i, '\n', out.len - i);
        assert(nl);
        i = (size_t)(nl - out.data) + 1;
    }
    ss_buf_release(&out);
    free(doc);
    free(hash);
    ss_reuse_part_free(p);
    return 0;
}
