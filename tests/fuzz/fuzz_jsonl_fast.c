/* Fuzz target: the fast JSONL parser must agree with ss_jsonl_parse on
 * every input: the same status, and for accepted records the same fields
 * (with and without SS_JSONL_NO_EXTRA). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static void same_doc(const ss_doc *a, const ss_doc *b, int extra)
{
    assert(same_str(a->id, b->id));
    assert(a->text_len == b->text_len);
    assert((a->text == NULL) == (b->text == NULL));
    assert(!a->text || memcmp(a->text, b->text, a->text_len) == 0);
    assert(a->html_len == b->html_len);
    assert((a->html == NULL) == (b->html == NULL));
    assert(!a->html || memcmp(a->html, b->html, a->html_len) == 0);
    assert(same_str(a->title, b->title));
    assert(same_str(a->url, b->url));
    assert(same_str(a->source, b->source));
    assert(same_str(a->author, b->author));
    assert(same_str(a->date, b->date));
    assert(a->time == b->time);
    assert(strcmp(a->lang, b->lang) == 0 && a->lang_given == b->lang_given);
    assert(a->format == b->format);
    assert(a->n_repaired == b->n_repaired);
    assert(a->line == b->line && same_str(a->origin, b->origin));
    if (extra)
        assert(same_str(a->extra, b->extra));
    else
        assert(b->extra == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ss_doc *ref = NULL, *fast = NULL, *lean = NULL;
    ss_error e1, e2, e3;
    int r1 = ss_jsonl_parse(s, size, "fuzz", 3, &ref, &e1);
    int r2 = ss_jsonl_parse_fast(s, size, "fuzz", 3, 0, &fast, &e2);
    int r3 = ss_jsonl_parse_fast(s, size, "fuzz", 3, SS_JSONL_NO_EXTRA, &lean, &e3);
    assert(r1 == r2 && r1 == r3);
    if (r1 == SS_OK) {
        same_doc(ref, fast, 1);
        same_doc(ref, lean, 0);
    } else {
        assert(strcmp(e1.msg, e2.msg) == 0 && strcmp(e1.msg, e3.msg) == 0);
        assert(!fast && !lean);
    }
    ss_doc_free(ref);
    ss_doc_free(fast);
    ss_doc_free(lean);
    return 0;
}
