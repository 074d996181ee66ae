/* engine/prep.c — one document made ready: text, language, date, features
 * (see engine.h, ss_preparer).
 *
 * One cleaner is shared by the workers (ss_clean_* is safe to call from
 * several threads on one cleaner); per worker a language identifier, and,
 * made on first use by that worker, a featurizer and a pivoter, so faces
 * that only clean (translations, --align) never pay for the pivoter's
 * transliterator.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

#include "clean/clean.h"
#include "core/time.h"
#include "lang/langid.h"
#include "story/headline.h"
#include "text/datefind.h"
#include "xling/pivot.h"

/* Text without an article body that is one line of at most this many bytes
 * is taken as the headline of a record given none: news headlines run to
 * about 150 characters, 400 bytes in a three-byte script. */
#define SS_NO_BODY_HEADLINE_MAX 400
/* The ss_headline_quality a title of such a record needs: a headline of
 * three words or more that is no site or section name, dateline or
 * scrape notice (two failed scrapes titled by their site's name would
 * otherwise join as one story). */
#define SS_NO_BODY_HEADLINE_QUALITY 0.5

typedef struct {
    ss_langid *langid;
    ss_featurizer *fz;     /* NULL until the worker's first ss_prepare_features */
    ss_pivoter *pv;
} worker_state;

struct ss_preparer {
    ss_cleaner *cleaner;
    ss_cleaner *borrowed;          /* ss_preparer_set_cleaner, or NULL */
    int exclude_no_body;
    int event_dates;
    atomic_ullong no_body;
    atomic_ullong cut;          /* articles longer than SS_DOC_WORK_MAX */
    const ss_stopwords *sw;
    const ss_lexicon *lx;
    worker_state *w;
    int nworkers;
};

ss_preparer *ss_preparer_new(int workers, const ss_stopwords *sw, const ss_lexicon *lx, ss_error *err)
{
    if (workers < 1)
        workers = 1;
    ss_preparer *p = calloc(1, sizeof *p);
    if (!p || !(p->w = calloc((size_t)workers, sizeof *p->w))) {
        free(p);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    p->nworkers = workers;
    atomic_init(&p->no_body, 0);
    atomic_init(&p->cut, 0);
    p->sw = sw;
    p->lx = lx;
    if (!(p->cleaner = ss_cleaner_new(NULL, err))) {
        ss_preparer_free(p);
        return NULL;
    }
    for (int i = 0; i < workers; i++)
        if (!(p->w[i].langid = ss_langid_new(err))) {
            ss_preparer_free(p);
            return NULL;
        }
    return p;
}

void ss_preparer_free(ss_preparer *p)
{
    if (!p)
        return;
    ss_cleaner_free(p->cleaner);
    for (int i = 0; p->w && i < p->nworkers; i++) {
        ss_langid_free(p->w[i].langid);
        ss_featurizer_free(p->w[i].fz);
        ss_pivoter_free(p->w[i].pv);
    }
    free(p->w);
    free(p);
}

/* An undated article whose text opens with a full dateline ("Xinhua,
 * January 11, 2022") or a date stamp ("Updated: November 11, 2011 20:09
 * IST") takes its day as its date; failing that, with event_dates, the
 * first date with day, month and year in its opening (SS_DATELINE_WINDOW
 * bytes), where a report says when its event happened ("seized the tanker
 * on Tuesday, November 8, 2011"): two look-alike events of different days
 * then fall in different stories (issue 15).  Looked for before cleaning,
 * which may drop the line as chrome. */
static int date_from_dateline(ss_doc *d, int event_dates)
{
    if (d->time != SS_TIME_NONE || !d->text || d->text_len == 0)
        return SS_OK;
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    size_t n = d->text_len < SS_DATELINE_WINDOW * 2 ? d->text_len : SS_DATELINE_WINDOW * 2;
    while (n < d->text_len && n > 0 && ((unsigned char)d->text[n] & 0xC0) == 0x80)
        n--;
    int rc = ss_dates_find(d->text, n, d->lang_given ? d->lang : NULL, &m);
    int64_t day = rc == SS_OK ? ss_dates_dateline_day(&m) : SS_DAY_NONE;
    for (size_t i = 0; event_dates && rc == SS_OK && day == SS_DAY_NONE && i < m.n; i++)
        if (m.v[i].kind == SS_DATE_FULL && m.v[i].start < SS_DATELINE_WINDOW)
            day = m.v[i].day_number;
    ss_date_mentions_release(&m);
    if (rc == SS_ENOMEM)
        return SS_ENOMEM;
    if (day == SS_DAY_NONE)
        return SS_OK;
    char iso[11];
    ss_time_format_date(day * 86400, iso);
    return ss_doc_set_date(d, iso) == SS_ENOMEM ? SS_ENOMEM : SS_OK;
}

static int prep(ss_preparer *p, int worker, ss_doc *d, int article, ss_error *err)
{
    if (worker < 0 || worker >= p->nworkers)
        return ss_error_set(err, SS_EINVAL, "worker %d out of range (0..%d)", worker, p->nworkers - 1);
    if (article && date_from_dateline(d, p->event_dates))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int had_text = d->text_len > 0 || d->html_len > 0;
    ss_cleaner *cl = p->borrowed ? p->borrowed : p->cleaner;
    int rc = article ? ss_clean_replace(cl, d, err) : ss_clean_apply(cl, d, err);
    if (rc)
        return rc;
    /* a feed's "lang" that its text's script refutes (Russian text as
       "en"): detected instead, with a note naming what was given */
    ss_langid_refute_given(p->w[worker].langid, d);
    if (!d->lang_given || !d->lang[0]) {
        ss_lang_guess g;
        const char *t = d->text ? d->text : "";
        size_t n = ss_doc_work_len(d); /* a giant page: judged by its first part */
        if (n < 40 && d->title) { /* headline-only records: judge by the title */
            t = d->title;
            n = strlen(d->title);
        }
        rc = ss_langid_detect(p->w[worker].langid, t, n, &g, err);
        if (rc && rc != SS_ENODATA)
            return rc;
        memcpy(d->lang, g.code, sizeof g.code);
    }
    if (article && p->exclude_no_body && had_text && !ss_text_has_body(d->text, d->text_len)) {
        /* Under SS_CLEAN_MIN_BODY_WORDS words in sentences: judged by its
         * headline alone, as a headline-only record is.  A page's title is
         * often the site's name ("Access denied" pages would join one
         * story), so a page keeps none: a failed scrape is a story of its
         * own.  A text record keeps the title it was given when that reads
         * as a headline (not the site's name, a section, a dateline), or
         * takes its text when that is one short line that does (a brief is
         * its own headline).
         * The text leaves the stages that compare bodies; the store keeps
         * it as given (its raw text). */
        int page = d->format == SS_FORMAT_HTML;
        int rc2 = SS_OK;
        if (page || ss_headline_quality(d->title, d->source, d->url) < SS_NO_BODY_HEADLINE_QUALITY)
            rc2 = ss_doc_set_str(&d->title, "", 0);
        if (!rc2 && !page && !d->title[0] && d->text_len <= SS_NO_BODY_HEADLINE_MAX &&
            !memchr(d->text, '\n', d->text_len) &&
            ss_headline_quality(d->text, d->source, d->url) >= SS_NO_BODY_HEADLINE_QUALITY)
            rc2 = ss_doc_set_str(&d->title, d->text, d->text_len);
        if (rc2 || ss_doc_set_text(d, "", 0))
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        atomic_fetch_add(&p->no_body, 1);
    }
    return SS_OK;
}

void ss_preparer_set_cleaner(ss_preparer *p, ss_cleaner *cl) { p->borrowed = cl; }

void ss_preparer_exclude_no_body(ss_preparer *p, int on) { p->exclude_no_body = on; }
void ss_preparer_event_dates(ss_preparer *p, int on) { p->event_dates = on; }

uint64_t ss_preparer_no_body(const ss_preparer *p)
{
    return atomic_load(&((ss_preparer *)p)->no_body);
}

uint64_t ss_preparer_cut(const ss_preparer *p)
{
    return atomic_load(&((ss_preparer *)p)->cut);
}

int ss_prepare_doc(ss_preparer *p, int worker, ss_doc *d, ss_error *err)
{
    return prep(p, worker, d, 0, err);
}

int ss_prepare_article(ss_preparer *p, int worker, ss_doc *d, ss_error *err)
{
    return prep(p, worker, d, 1, err);
}

int ss_prepare_features(ss_preparer *p, int worker, ss_doc *d, ss_features *x, ss_error *err)
{
    int rc = prep(p, worker, d, 1, err);
    if (rc)
        return rc;
    worker_state *w = &p->w[worker];
    if (!w->fz && !(w->fz = ss_featurizer_new(p->sw, err)))
        return err ? err->code : SS_ENOMEM;
    if (!w->pv && !(w->pv = ss_pivoter_new(p->lx, p->sw, err)))
        return err ? err->code : SS_ENOMEM;
    if (ss_featurize(w->fz, d, x) || ss_pivot_features(w->pv, d, x))
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", d->id ? d->id : "document");
    if (d->text_len > SS_DOC_WORK_MAX)
        atomic_fetch_add(&p->cut, 1);
    return SS_OK;
}
