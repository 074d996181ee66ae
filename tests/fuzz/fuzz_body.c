/* Fuzz target: a request body of `samestory serve` through ss_body_split
 * (input/body.h) and each record through the record parser, as POST
 * /v1/articles does.  Checks: no crash; every record has either its JSON
 * or a reason; never more records than the cap; every accepted document
 * has an id and valid UTF-8 text. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_RECORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_body_record *r;
    size_t n;
    ss_error err;
    ss_error_clear(&err);
    int rc = ss_body_split((const char *)data, size, FUZZ_MAX_RECORDS, &r, &n, &err);
    if (rc != SS_OK) {
        assert(rc == SS_ETOOBIG || rc == SS_ENOMEM || rc == SS_EPARSE);
        assert(r == NULL && n == 0 && err.msg[0]);
        return 0;
    }
    assert(n <= FUZZ_MAX_RECORDS);
    for (size_t i = 0; i < n; i++) {
        assert((r[i].json != NULL) != (r[i].error != NULL));
        if (!r[i].json)
            continue;
        ss_doc *d = NULL;
        if (ss_jsonl_parse(r[i].json, r[i].len, "fuzz", i, &d, &err) == SS_OK) {
            assert(d->id && d->id[0]);
            assert(d->text == NULL || ss_utf8_valid_prefix(d->text, d->text_len) == d->text_len);
            ss_doc_free(d);
        } else {
            assert(d == NULL && err.msg[0]);
        }
    }
    ss_body_records_free(r, n);
    return 0;
}
