/* Fuzz target: one JSONL record (and pair record) through the parser.
 * Checks: no crash, and every accepted document is valid UTF-8 with an id. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ss_doc *d = NULL;
    ss_error err;
    if (ss_jsonl_parse(s, size, "fuzz", 1, &d, &err) == SS_OK) {
        assert(d->id && d->id[0]);
        assert(d->text == NULL || ss_utf8_valid_prefix(d->text, d->text_len) == d->text_len);
        assert(d->title == NULL || ss_utf8_valid_prefix(d->title, strlen(d->title)) == strlen(d->title));
        ss_doc_free(d);
    } else {
        assert(d == NULL);
        assert(err.msg[0] != '\0');
    }
    char *id;
    ss_doc *a, *b;
    if (ss_jsonl_parse_pair(s, size, "fuzz", 1, &id, &a, &b, &err) == SS_OK) {
        assert(id && a && b);
        free(id);
        ss_doc_free(a);
        ss_doc_free(b);
    }
    return 0;
}
