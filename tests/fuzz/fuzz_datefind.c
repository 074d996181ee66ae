/* Fuzz target: raw bytes (repaired to UTF-8) through the date finder, in
 * each language, then resolution.  Checks: mentions lie in the text, in
 * order, without overlap; byte and code point spans agree; written dates
 * are real calendar days; resolution fills every mention it can. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_buf text = SS_BUF_INIT;
    if (ss_utf8_repair((const char *)data, size, &text, NULL))
        return 0;
    const char *t = text.data ? text.data : "";
    size_t n = text.len;
    static const char *const langs[] = {NULL, "en", "de", "fr", "es"};
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        if (ss_dates_find(t, n, langs[l], &m) != SS_OK)
            continue;
        uint32_t end = 0;
        for (size_t i = 0; i < m.n; i++) {
            const ss_date_mention *x = &m.v[i];
            assert(x->start >= end && x->start < x->end && x->end <= n);
            assert(ss_utf8_byte_offset(t, n, x->cp_start) == x->start);
            assert(ss_utf8_byte_offset(t, n, x->cp_end) == x->end);
            assert(x->kind >= SS_DATE_FULL && x->kind <= SS_DATE_RELATIVE);
            if (x->kind == SS_DATE_FULL) {
                assert(ss_date_valid(x->year, x->month, x->day));
                assert(x->day_number == ss_days_from_civil(x->year, x->month, x->day));
            }
            assert(!x->dateline || x->start < SS_DATELINE_WINDOW);
            end = x->end;
        }
        ss_dates_resolve(&m, ss_days_from_civil(2022, 1, 11));
        for (size_t i = 0; i < m.n; i++)
            assert(m.v[i].kind == SS_DATE_MONTH_YEAR || m.v[i].day_number != SS_DAY_NONE);
    }
    ss_date_mentions_release(&m);
    ss_buf_release(&text);
    return 0;
}
