/* cli/prep.c — make documents ready: HTML to text, language. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "storyrun.h"

int cli_prep_init(cli_prep *p, int nworkers)
{
    memset(p, 0, sizeof *p);
    ss_error err;
    ss_error_clear(&err);
    p->cleaner = ss_cleaner_new(NULL, &err);
    p->langid = calloc((size_t)nworkers, sizeof *p->langid);
    if (!p->cleaner || !p->langid) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    p->nworkers = nworkers;
    atomic_init(&p->no_body, 0);
    for (int i = 0; i < nworkers; i++) {
        p->langid[i] = ss_langid_new(&err);
        if (!p->langid[i]) {
            cli_error("%s", err.msg);
            return CLI_FAIL;
        }
    }
    return CLI_OK;
}

void cli_prep_release(cli_prep *p)
{
    unsigned long long nb = atomic_load(&p->no_body);
    if (nb)
        cli_warn(p->o, "%llu article(s) without an article body (fewer than %d words in "
                 "sentences: a failed scrape, links or furniture only) kept out of stories; "
                 "--keep-no-body keeps them", nb, SS_CLEAN_MIN_BODY_WORDS);
    ss_cleaner_free(p->cleaner);
    for (int i = 0; p->langid && i < p->nworkers; i++)
        ss_langid_free(p->langid[i]);
    free(p->langid);
    memset(p, 0, sizeof *p);
}

/* An undated article whose text opens with a full dateline ("Xinhua,
 * January 11, 2022") takes its day as its date.  Looked for before
 * cleaning, which may drop the line as chrome. */
static int date_from_dateline(ss_doc *d)
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
    ss_date_mentions_release(&m);
    if (rc == SS_ENOMEM)
        return SS_ENOMEM;
    if (day == SS_DAY_NONE)
        return SS_OK;
    char iso[11];
    ss_time_format_date(day * 86400, iso);
    return ss_doc_set_date(d, iso) == SS_ENOMEM ? SS_ENOMEM : SS_OK;
}

/* First pass over file inputs: let the cleaner count the lines that recur
 * across documents of one source.  Bad records are left to the real pass,
 * which reports them; standard input cannot be read twice. */
/* 1 if path can be read a second time: a regular file or a folder (whose
 * pipes and devices the reader skips).  Standard input, a named pipe,
 * /dev/stdin or <(...) are consumed by one read. */
static int rereadable(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return 0;
    if (stat(path, &st) != 0)
        return 1; /* missing: the real pass reports it */
    return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

/* An input that cannot be read twice turns the learning pass off, so that
 * the real pass still gets its bytes. */
int cli_learn_corpus(ss_cleaner *cl, const cli_opts *o, char **paths, int n)
{
    for (int i = 0; i < n; i++)
        if (!rereadable(paths[i]))
            return 0;
    ss_reader_opts ro = {0};
    ro.max_doc_bytes = o->max_doc_bytes;
    ss_error err;
    ss_error_clear(&err);
    ss_reader *r = ss_reader_new((const char *const *)paths, (size_t)n, &ro, &err);
    if (!r) {
        cli_error("%s", err.msg);
        return -1;
    }
    int rc = 0;
    for (;;) {
        ss_doc *d = NULL;
        int k = ss_reader_next(r, &d, &err);
        if (k == 0)
            break;
        if (k < 0)
            continue;
        if (ss_cleaner_observe(cl, d) != SS_OK) {
            cli_error("out of memory while reading the corpus");
            rc = -1;
        }
        ss_doc_free(d);
        if (rc)
            break;
    }
    ss_reader_free(r);
    return rc;
}

static int prep(cli_prep *p, int worker, ss_doc *d, int article)
{
    ss_error err;
    ss_error_clear(&err);
    if (article && date_from_dateline(d)) {
        cli_error("out of memory");
        return SS_ENOMEM;
    }
    int had_text = d->text_len > 0 || d->html_len > 0;
    ss_cleaner *cl = p->o && p->o->learned ? p->o->learned : p->cleaner;
    int rc = article ? ss_clean_replace(cl, d, &err) : ss_clean_apply(cl, d, &err);
    if (rc) {
        cli_error("%s", err.msg);
        return rc;
    }
    if (article && p->exclude_no_body && had_text && !ss_text_has_body(d->text, d->text_len)) {
        /* a failed scrape: without words it is a story of its own, and its
         * title (often the site's name) names no story */
        if (ss_doc_set_text(d, "", 0) || ss_doc_set_str(&d->title, "", 0)) {
            cli_error("out of memory");
            return SS_ENOMEM;
        }
        atomic_fetch_add(&p->no_body, 1);
    }
    if (d->time == SS_TIME_NONE && d->captured != SS_TIME_NONE) {
        /* a fetched page without a date of its own: when it was fetched */
        char iso[21];
        ss_time_format_iso(d->captured, iso);
        if (ss_doc_set_date(d, iso) == SS_ENOMEM) {
            cli_error("out of memory");
            return SS_ENOMEM;
        }
    }
    if (!d->lang_given || !d->lang[0]) {
        ss_lang_guess g;
        const char *t = d->text ? d->text : "";
        size_t n = d->text_len;
        if (n < 40 && d->title) { /* headline-only records: judge by the title */
            t = d->title;
            n = strlen(d->title);
        }
        rc = ss_langid_detect(p->langid[worker], t, n, &g, &err);
        if (rc && rc != SS_ENODATA) {
            cli_error("%s", err.msg);
            return rc;
        }
        memcpy(d->lang, g.code, sizeof g.code);
    }
    return SS_OK;
}

int cli_prep_doc(cli_prep *p, int worker, ss_doc *d) { return prep(p, worker, d, 0); }

int cli_prep_article(cli_prep *p, int worker, ss_doc *d) { return prep(p, worker, d, 1); }

int cli_stories_run_learning(cli_in *in, cli_opts *o, char **paths, int n, int learn,
                             const ss_story_opts *so, const cli_story_hooks *hooks,
                             cli_story_stats *stats)
{
    ss_cleaner *cl = NULL;
    if (learn) {
        ss_error err;
        ss_error_clear(&err);
        if (!(cl = ss_cleaner_new(NULL, &err))) {
            cli_error("%s", err.msg);
            return CLI_FAIL;
        }
        if (cli_learn_corpus(cl, o, paths, n)) {
            ss_cleaner_free(cl);
            return CLI_FAIL;
        }
        o->learned = cl;
    }
    int rc = cli_stories_run(in, o, so, hooks, stats);
    o->learned = NULL;
    ss_cleaner_free(cl);
    return rc;
}
