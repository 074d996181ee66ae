/* Fuzz target: a table of document frequencies (ss_stories_df's format,
 * which the Dask stories job sums and hands back) given to
 * ss_stories_json_df with a fixed body of three records, one thread, on
 * one shared context.  Checks: no crash, no sanitizer report; a damaged
 * table is refused with SS_EFORMAT and a message; an accepted one gives
 * valid UTF-8 lines that each open with '{', one article in one story. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ss_context *ctx;

static const char BODY[] =
    "{\"id\":\"a\",\"title\":\"Harbour crane collapses\",\"text\":\"A crane collapsed at the Velmora "
    "harbour on Monday, injuring two dock workers, the port authority said.\",\"date\":\"2026-03-02\"}\n"
    "{\"id\":\"b\",\"title\":\"Crane falls at Velmora port\",\"text\":\"Two dock workers were hurt when a "
    "crane fell at the Velmora harbour on Monday, port officials said.\",\"date\":\"2026-03-02\"}\n"
    "{\"id\":\"c\",\"title\":\"Glacier study\",\"text\":\"A glacier in the north lost a tenth of its ice "
    "in a decade, researchers said in a study published on Monday.\",\"date\":\"2026-03-02\"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx) {
        ss_error cerr;
        ss_error_clear(&cerr);
        ctx = ss_context_new(&cerr);
        assert(ctx); /* the build's data folder */
    }
    ss_error err;
    ss_buf out = SS_BUF_INIT;
    ss_error_clear(&err);
    int rc = ss_stories_json_df(ctx, BODY, sizeof BODY - 1, 1, data, size, 1, &out, &err);
    if (rc == SS_OK) {
        assert(ss_utf8_valid_prefix(out.data ? out.data : "", out.len) == out.len);
        size_t lines = 0;
        for (size_t i = 0; i < out.len; lines++) {
            assert(out.data[i] == '{');
            const char *nl = memchr(out.data + i, '\n', out.len - i);
            assert(nl);
            i = (size_t)(nl - out.data) + 1;
        }
        assert(lines >= 1 && lines <= 3);
    } else {
        assert(err.msg[0]);
    }
    ss_buf_release(&out);
    return 0;
}
