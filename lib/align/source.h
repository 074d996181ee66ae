/* align/source.h — which of two documents that share a passage came first.
 *
 * A document's date is its "date" field (or the date its HTML page
 * declares) when it has one, else the date of its dateline, found by
 * text/datefind.h in the first SS_DATELINE_WINDOW bytes of its text
 * ("PORT AMBERLEY, March 4, 2025 (Meridian Press) --", "Xinhua, January
 * 11, 2022").  A "date" field with a time of day is exact to the second;
 * a date alone or a dateline is exact to the day.
 *
 * The rules, in order:
 *   1. both dated: the earlier one is the source, if they differ at the
 *      precision both share (two exact times, else two days); the same
 *      day at day precision decides nothing;
 *   2. one dated, the other not: the dated one.  Wire copy and outlets'
 *      own pages carry dates and datelines; reprints, scrapes and
 *      aggregations are what loses them.  This is a likelihood, not a
 *      proof, and the output says which rule named the source;
 *   3. neither dated: unknown.
 */
#ifndef SS_ALIGN_SOURCE_H
#define SS_ALIGN_SOURCE_H

#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"

typedef enum ss_when_from {
    SS_WHEN_NONE = 0,
    SS_WHEN_DATE = 1,      /* the document's date field, with a time of day */
    SS_WHEN_DAY = 2,       /* the document's date field, a day only */
    SS_WHEN_DATELINE = 3   /* a dateline in the text (a day) */
} ss_when_from;

typedef struct ss_when {
    int64_t time;          /* seconds since 1970 (SS_WHEN_DATE), else SS_TIME_NONE */
    int64_t day;           /* days since 1970-01-01, or SS_DAY_NONE (text/datefind.h) */
    uint8_t from;          /* ss_when_from */
} ss_when;

typedef enum ss_source_by {
    SS_SOURCE_BY_NONE = 0,       /* unknown */
    SS_SOURCE_BY_DATE = 1,       /* rule 1 */
    SS_SOURCE_BY_ONLY_DATED = 2  /* rule 2 */
} ss_source_by;

/* When d was published, as far as its fields and dateline tell.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_when_of_doc(const ss_doc *d, ss_when *out);

/* The source of a pair: 0 for a, 1 for b, -1 unknown; *by (optional) says
 * which rule decided. */
SS_API int ss_source_pick(const ss_when *a, const ss_when *b, ss_source_by *by);

/* "date", "only_dated" or NULL for SS_SOURCE_BY_NONE. */
SS_API const char *ss_source_by_name(ss_source_by by);

#endif
