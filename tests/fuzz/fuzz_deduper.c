/* Fuzz target: records through the deduper (fingerprint/deduper.h), as
 * samestory.Deduper and the Dask partitions take them.  The input is split
 * at its first NUL byte: the part before is a body added in one call (an
 * object, an array or JSON Lines), the part after is one record queried.
 * Checks: no crash; a refused call adds nothing (all or nothing); after a
 * good call the count grew by what it said; every result line and the
 * query answer are valid JSON-shaped UTF-8; the same body through a Dask
 * partition (ss_dedup_part_add_jsonl) parses or fails the same way for
 * JSON Lines. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    const uint8_t *nul = memchr(data, 0, size);
    size_t blen = nul ? (size_t)(nul - data) : size;
    const char *query = nul ? (const char *)nul + 1 : NULL;
    size_t qlen = nul ? size - blen - 1 : 0;
    ss_dedup_opts o;
    ss_dedup_opts_default(&o);
    o.hashes = 64; /* small sketches: more inputs a second */
    o.common_docs = 3;
    ss_error err;
    ss_error_clear(&err);
    ss_deduper *d = ss_deduper_new(&o, 0, &err);
    assert(d);
    uint32_t before = ss_dedup_count(ss_deduper_index(d));
    size_t added = 0;
    int rc = ss_deduper_add_json(d, body, blen, 1 << 16, &added, &err);
    uint32_t after = ss_dedup_count(ss_deduper_index(d));
    if (rc != SS_OK) {
        assert(err.msg[0]);
        assert(after == before); /* all or nothing */
    } else {
        assert(after == before + added);
        ss_buf out = SS_BUF_INIT;
        assert(ss_deduper_results_json(d, 0, after, &out, &err) == SS_OK);
        size_t lines = 0;
        for (size_t i = 0; i < out.len; i++)
            lines += out.data[i] == '\n';
        assert(lines == after);
        assert(ss_utf8_valid_prefix(out.data ? out.data : "", out.len) == out.len);
        ss_buf_release(&out);
    }
    if (query) {
        ss_buf out = SS_BUF_INIT;
        ss_error qerr;
        ss_error_clear(&qerr);
        if (ss_deduper_query_json(d, query, qlen, &out, &qerr) == SS_OK) {
            assert(out.len >= 2 && out.data[0] == '[' && out.data[out.len - 1] == ']');
            assert(ss_utf8_valid_prefix(out.data, out.len) == out.len);
        } else {
            assert(qerr.msg[0]);
        }
        ss_buf_release(&out);
    }
    ss_deduper_free(d);
    /* the same bytes as a JSON Lines partition */
    ss_dedup_part *p = ss_dedup_part_new(&o, 0, &err);
    assert(p);
    ss_error perr;
    ss_error_clear(&perr);
    if (ss_dedup_part_add_jsonl(p, body, blen, "fuzz", 0, &perr) != SS_OK)
        assert(perr.msg[0]);
    else
        assert(ss_dedup_part_count(p) <= blen);
    ss_dedup_part_free(p);
    return 0;
}
