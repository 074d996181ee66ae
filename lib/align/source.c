/* align/source.c — the earlier of two documents (rules in source.h). */
#include "align/source.h"

#include <string.h>

#include "core/error.h"
#include "core/time.h"
#include "text/datefind.h"

static int64_t floor_day(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int ss_when_of_doc(const ss_doc *d, ss_when *out)
{
    out->time = SS_TIME_NONE;
    out->day = SS_DAY_NONE;
    out->from = SS_WHEN_NONE;
    if (d->time != SS_TIME_NONE) {
        out->day = floor_day(d->time);
        /* "YYYY-MM-DD" alone is a day; anything longer carries a time */
        if (d->date && strlen(d->date) > 10) {
            out->time = d->time;
            out->from = SS_WHEN_DATE;
        } else {
            out->from = SS_WHEN_DAY;
        }
        return SS_OK;
    }
    if (!d->text || d->text_len == 0)
        return SS_OK;
    size_t n = d->text_len < SS_DATELINE_WINDOW + 200 ? d->text_len : SS_DATELINE_WINDOW + 200;
    /* do not cut a UTF-8 sequence */
    while (n < d->text_len && ((unsigned char)d->text[n] & 0xC0) == 0x80)
        n--;
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    int rc = ss_dates_find(d->text, n, d->lang[0] ? d->lang : NULL, &m);
    if (rc == SS_OK) {
        int64_t day = ss_dates_dateline_day(&m);
        if (day != SS_DAY_NONE) {
            out->day = day;
            out->from = SS_WHEN_DATELINE;
        }
    }
    ss_date_mentions_release(&m);
    return rc;
}

int ss_source_pick(const ss_when *a, const ss_when *b, ss_source_by *by)
{
    if (by)
        *by = SS_SOURCE_BY_NONE;
    int ka = a->from != SS_WHEN_NONE, kb = b->from != SS_WHEN_NONE;
    if (ka && kb) {
        int cmp;
        if (a->from == SS_WHEN_DATE && b->from == SS_WHEN_DATE)
            cmp = (a->time > b->time) - (a->time < b->time);
        else
            cmp = (a->day > b->day) - (a->day < b->day);
        if (cmp == 0)
            return -1;
        if (by)
            *by = SS_SOURCE_BY_DATE;
        return cmp < 0 ? 0 : 1;
    }
    if (ka != kb) {
        if (by)
            *by = SS_SOURCE_BY_ONLY_DATED;
        return ka ? 0 : 1;
    }
    return -1;
}

const char *ss_source_by_name(ss_source_by by)
{
    switch (by) {
    case SS_SOURCE_BY_DATE:
        return "date";
    case SS_SOURCE_BY_ONLY_DATED:
        return "only_dated";
    default:
        return NULL;
    }
}
