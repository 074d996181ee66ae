/* cli/storyrun.c — read, add to the engine, finish (see storyrun.h). */
#include "storyrun.h"

#include <stdlib.h>
#include <string.h>

/* Print each line of the engine's warnings. */
static void show_warnings(const cli_opts *o, const ss_engine *e)
{
    const char *w = ss_engine_warnings(e);
    while (*w) {
        const char *nl = strchr(w, '\n');
        int n = nl ? (int)(nl - w) : (int)strlen(w);
        cli_warn(o, "%.*s", n, w);
        w += n + (nl != NULL);
    }
}

/* The caller's story function, counting the stories it took. */
typedef struct {
    ss_engine_story_fn fn;
    void *ctx;
    uint64_t written;
    uint64_t placed, articles; /* articles in the stories written, of all */
    cli_in *in;
} counting;

static int count_story(void *arg, const ss_engine_story *s)
{
    counting *c = arg;
    int rc = c->fn(c->ctx, s);
    c->written += rc == 0;
    c->placed += s->n;
    cli_in_progress_count(c->in, "stories: articles grouped and compared", c->placed, c->articles);
    return rc;
}

int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so, ss_engine_story_fn fn,
                    void *ctx, cli_story_stats *stats)
{
    double t0 = cli_now();
    memset(stats, 0, sizeof *stats);
    ss_error err;
    ss_error_clear(&err);
    ss_stopwords *sw = ss_stopwords_load(&err);
    if (!sw)
        cli_warn(o, "%s (function words will count as content)", err.msg);
    ss_lexicon *lx = cli_lexicon_load(o);
    ss_engine_opts eo;
    ss_engine_opts_default(&eo);
    eo.story = *so;
    eo.threads = o->threads;
    eo.stopwords = sw;
    eo.lexicon = lx;
    eo.cleaner = o->learned;
    eo.keep_no_body = o->keep_no_body;
    int status = CLI_OK;
    ss_engine *e = ss_engine_new(&eo, &err);
    if (!e) {
        cli_error("%s", err.msg);
        status = CLI_FAIL;
        goto out;
    }
    ss_doc *docs[CLI_BATCH];
    uint64_t note_counts[4] = {0, 0, 0, 0};
    cli_dict_warned dict_warned = {.n = 0};
    int done = 0;
    while (!done && status == CLI_OK) {
        size_t n = 0;
        while (n < CLI_BATCH) {
            int rc = cli_in_next(in, &docs[n]);
            if (rc < 0)
                status = CLI_FAIL; /* the documents before it are still added */
            if (rc <= 0) {
                done = 1;
                break;
            }
            n++;
        }
        uint8_t had_text[CLI_BATCH];
        for (size_t i = 0; i < n; i++)
            had_text[i] = docs[i]->text_len > 0 || docs[i]->html_len > 0;
        size_t kept = 0;
        if (n && ss_engine_add(e, docs, n, &kept, &err)) {
            cli_progress_clear(in);
            cli_error("%s", err.msg);
            status = CLI_FAIL;
        }
        for (size_t i = 0; i < n; i++) {
            unsigned notes = i < kept ? ss_add_notes_of(docs[i], had_text[i]) : 0;
            if (notes) {
                cli_progress_clear(in);
                cli_add_notes(o, docs[i], notes & ~(unsigned)SS_NOTE_CUT, note_counts);
            }
            if (i < kept)
                cli_warn_no_dictionary(o, in, lx, docs[i]->lang, &dict_warned,
                                       "join stories in other languages");
            ss_doc_free(docs[i]);
        }
        cli_in_progress(in, "reading");
    }
    ss_engine_counts c;
    ss_engine_get_counts(e, &c);
    stats->articles = c.articles;
    stats->undated = c.undated;
    if (status != CLI_OK)
        goto out;
    if (c.undated && !o->quiet) {
        cli_progress_clear(in);
        if (c.undated == c.articles)
            fprintf(stderr, "samestory: no document has a date: articles are taken in input order\n");
        else
            fprintf(stderr, "samestory: %llu document(s) without a date are taken in input order "
                            "(after the dated article before them)\n",
                    (unsigned long long)c.undated);
    }
    show_warnings(o, e);
    ss_error_clear(&err);
    counting cnt = {fn, ctx, 0, 0, c.articles, in};
    int rc = ss_engine_finish(e, count_story, &cnt, &err);
    stats->written = cnt.written;
    if (rc) {
        if (err.code)
            cli_error("%s", err.msg);
        status = CLI_FAIL;
    }
    ss_engine_get_counts(e, &c);
    cli_add_notes_done(o, note_counts);
    if (c.cut)
        cli_warn(o, "%llu article(s) with more than %u KiB of clean text (a comment page, a "
                 "dump): stories and their comparison read the first %u KiB of each",
                 (unsigned long long)c.cut, SS_DOC_WORK_MAX / 1024, SS_DOC_WORK_MAX / 1024);
    stats->stories = c.stories;
    stats->multi = c.multi;
out:
    stats->seconds = cli_now() - t0;
    ss_engine_free(e);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    return status;
}

int cli_stories_run_learning(cli_in *in, const cli_opts *o, char **paths, int n, int learn,
                             const ss_story_opts *so, ss_engine_story_fn fn, void *ctx,
                             cli_story_stats *stats)
{
    if (!learn)
        return cli_stories_run(in, o, so, fn, ctx, stats);
    ss_error err;
    ss_error_clear(&err);
    ss_cleaner *cl = ss_cleaner_new(NULL, &err);
    if (!cl) {
        cli_error("%s", err.msg);
        return CLI_FAIL;
    }
    if (cli_learn_corpus(cl, o, paths, n)) {
        ss_cleaner_free(cl);
        return CLI_FAIL;
    }
    cli_opts lo = *o;
    lo.learned = cl;
    int rc = cli_stories_run(in, &lo, so, fn, ctx, stats);
    ss_cleaner_free(cl);
    return rc;
}
