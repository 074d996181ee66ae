/* output/report.h — one self-contained HTML page about a set of stories.
 *
 * The page holds everything it needs: the stories as JSON data in a
 * <script type="application/json"> element, and the styles and script that
 * render it (data/report/report.css and report.js, inlined).  No network,
 * no external assets.  Per story it shows the articles, sources, languages
 * and a timeline, the relation graph (duplicates, reuse with direction,
 * translations), what the sources agree on, what each adds, conflicts,
 * quotes and name variants, and any two articles side by side with the
 * sentences they share aligned.  Article text only ever reaches the page
 * as text (the data is escaped so that nothing in it can close the script
 * element, and the script inserts it with textContent).
 *
 * Write the page as it goes: ss_report_new writes the head, each
 * ss_report_add_story appends one story, ss_report_finish writes the rest.
 */
#ifndef SS_OUTPUT_REPORT_H
#define SS_OUTPUT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "align/reuse.h"
#include "compare/compare.h"
#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"

typedef int (*ss_write_fn)(void *ctx, const char *data, size_t n);

typedef struct ss_report_story {
    uint32_t id;
    const char *title;
    const ss_doc *const *docs;   /* the articles, in story order */
    size_t n;
    const uint32_t *link;        /* per article: the article (index) it relates to; itself for
                                    the first */
    const float *link_score;     /* per article */
    const char *const *link_type;/* per article: "same-event", "duplicate", "reuse",
                                    "translation"; NULL = "same-event" */
    const uint32_t *link_source; /* per article, for reuse: the index of the earlier source,
                                    or UINT32_MAX; may be NULL */
    const ss_comparison *cmp;    /* may be NULL */
    const ss_reuse_passages *reuse; /* reused passages among the articles (indexes into
                                    docs), may be NULL */
    int64_t first_time, last_time;
} ss_report_story;

typedef struct ss_report ss_report;

/* Start a page titled title, written through write(ctx, ...).  NULL with
 * err set when the page assets are not installed or out of memory. */
SS_API ss_report *ss_report_new(ss_write_fn write, void *ctx, const char *title, ss_error *err);
SS_API int ss_report_add_story(ss_report *r, const ss_report_story *s);
/* Write the end of the page.  SS_OK or SS_EIO (a write failed). */
SS_API int ss_report_finish(ss_report *r);
SS_API void ss_report_free(ss_report *r);

#endif
