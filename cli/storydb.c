/* cli/storydb.c — `stories --db` and `report --db`: the engine's store
 * from the command line (see storyrun.h).
 *
 * Adding reads the inputs in batches of --batch documents; each batch is
 * one transaction, and the stories it changed are printed after it
 * commits.  A bad record stops the run as usual: the batch read before it
 * is committed first (nothing accepted is lost), the record itself never
 * reaches the store.  SIGXFSZ is ignored so that a file size limit shows
 * as a write error (the batch rolls back) instead of killing the process.
 */
#include "storyrun.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static void load_data(const cli_opts *o, ss_stopwords **sw, ss_lexicon **lx)
{
    ss_error err;
    ss_error_clear(&err);
    *sw = ss_stopwords_load(&err);
    if (!*sw)
        cli_warn(o, "%s (function words will count as content)", err.msg);
    *lx = cli_lexicon_load(o);
}

static ss_engine *open_store(const cli_opts *o, const ss_story_opts *so, const char *db, unsigned flags,
                             const ss_stopwords *sw, const ss_lexicon *lx)
{
    ss_engine_opts eo;
    ss_engine_opts_default(&eo);
    if (so)
        eo.story = *so;
    eo.threads = o->threads;
    eo.stopwords = sw;
    eo.lexicon = lx;
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = ss_engine_open(db, &eo, flags, &err);
    if (!e)
        cli_error("%s", err.msg);
    return e;
}

static int print_changes(ss_engine *e, ss_buf *out)
{
    ss_error err;
    ss_error_clear(&err);
    ss_buf_clear(out);
    if (ss_engine_changes_json(e, out, &err)) {
        cli_error("%s", err.msg);
        return CLI_FAIL;
    }
    if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
        cli_error("cannot write the output");
        return CLI_FAIL;
    }
    return fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
}

static int add_inputs(const cli_opts *o, ss_engine *e, const ss_lexicon *lx, const cli_store_args *a,
                      char **paths, int n)
{
    cli_dict_warned dict_warned = {.n = 0};
    cli_in in;
    int rc = cli_in_open(&in, o, paths, n);
    if (rc)
        return rc;
    size_t cap = a->batch ? a->batch : 1;
    ss_doc **docs = malloc(cap * sizeof *docs);
    ss_add_result *res = malloc(cap * sizeof *res);
    ss_buf out = SS_BUF_INIT;
    uint64_t added = 0, same = 0, corrected = 0, batches = 0;
    uint64_t note_counts[4] = {0, 0, 0, 0};
    int status = docs && res ? CLI_OK : CLI_FAIL;
    if (status)
        cli_error("out of memory");
    int done = 0;
    double t0 = cli_now();
    while (!done && status == CLI_OK) {
        size_t k = 0;
        int stop = 0;
        while (k < cap) {
            int r = cli_in_next(&in, &docs[k]);
            if (r < 0)
                stop = 1;
            if (r <= 0) {
                done = 1;
                break;
            }
            k++;
        }
        if (k) {
            ss_error err;
            ss_error_clear(&err);
            if (ss_engine_add_batch(e, docs, k, res, &err)) {
                cli_progress_clear(&in);
                cli_error("%s", err.msg);
                status = CLI_FAIL;
            } else {
                batches++;
                for (size_t i = 0; i < k; i++) {
                    added += res[i].action == SS_ADD_NEW;
                    same += res[i].action == SS_ADD_SAME;
                    corrected += res[i].action == SS_ADD_CORRECTED;
                    if (res[i].notes) {
                        cli_progress_clear(&in);
                        cli_add_notes(o, docs[i], res[i].notes, note_counts);
                    }
                    cli_warn_no_dictionary(o, &in, lx, docs[i]->lang, &dict_warned,
                                           "join stories in other languages");
                    if (res[i].action == SS_ADD_CORRECTED && !o->quiet) {
                        cli_progress_clear(&in);
                        fprintf(stderr, "samestory: %s: corrected (the new version replaces the stored one)\n",
                                docs[i]->id);
                    }
                }
                status = print_changes(e, &out);
            }
            for (size_t i = 0; i < k; i++)
                ss_doc_free(docs[i]);
        }
        if (stop)
            status = CLI_FAIL;
        cli_in_progress(&in, "adding");
    }
    cli_in_close(&in);
    cli_add_notes_done(o, note_counts);
    if (!o->quiet) {
        ss_engine_counts ec;
        ss_engine_get_counts(e, &ec);
        fprintf(stderr,
                "samestory: %s: %llu new, %llu sent again unchanged, %llu corrected, in %llu batch(es) "
                "(%llu grouped live), %.2f s\n",
                a->db, (unsigned long long)added, (unsigned long long)same, (unsigned long long)corrected,
                (unsigned long long)batches, (unsigned long long)ec.live_batches, cli_now() - t0);
    }
    ss_buf_release(&out);
    free(docs);
    free(res);
    return status;
}

int cli_store_stories(const cli_opts *o, const ss_story_opts *so, const cli_store_args *a, char **paths, int n)
{
    int writing = n > 0 || a->nremove > 0 || a->settle;
    if (writing && a->article) {
        cli_error("--article reads one article; give it without inputs or --remove");
        return CLI_USAGE;
    }
    if ((writing || a->article) && a->filtered) {
        /* they would be ignored: the changed stories are printed whole */
        cli_error("--since, --until, --lang, --source, --query, --limit and --after filter the "
                  "listing of a store; give them without inputs, --remove, --settle or --article");
        return CLI_USAGE;
    }
    signal(SIGXFSZ, SIG_IGN);
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    if (n > 0)
        load_data(o, &sw, &lx);
    unsigned flags = writing ? SS_STORE_CREATE : SS_STORE_READONLY;
    if (!a->story_opts_given)
        flags |= SS_STORE_KEEP_OPTIONS;
    int status = CLI_OK;
    ss_engine *e = open_store(o, so, a->db, flags, sw, lx);
    if (!e) {
        status = CLI_FAIL;
        goto out;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_buf buf = SS_BUF_INIT;
    if (a->nremove) {
        size_t removed = 0;
        /* an id the store does not hold is named (a take-down of a
           misspelled id must not pass for done); it is no error, so a
           take-down sent twice still succeeds */
        for (size_t i = 0; i < a->nremove && status == CLI_OK; i++) {
            ss_buf_clear(&buf);
            int fr = ss_engine_article_json(e, a->remove[i], &buf, &err);
            if (fr == SS_ENOTFOUND)
                cli_warn(o, "--remove %s: no article with this id in %s", a->remove[i], a->db);
            else if (fr) {
                cli_error("%s", err.msg);
                status = CLI_FAIL;
            }
        }
        ss_error_clear(&err);
        ss_buf_clear(&buf);
        if (status != CLI_OK) {
            /* named above */
        } else if (ss_engine_remove(e, a->remove, a->nremove, &removed, &err)) {
            cli_error("%s", err.msg);
            status = CLI_FAIL;
        } else {
            if (!o->quiet)
                fprintf(stderr, "samestory: %s: %zu of %zu article(s) removed\n", a->db, removed, a->nremove);
            status = print_changes(e, &buf);
        }
    }
    if (status == CLI_OK && n > 0)
        status = add_inputs(o, e, lx, a, paths, n);
    if (status == CLI_OK && a->settle) {
        if (ss_engine_settle(e, &err)) {
            cli_error("%s", err.msg);
            status = CLI_FAIL;
        } else {
            status = print_changes(e, &buf);
            size_t changed = 0;
            for (size_t i = 0; i < buf.len; i++)
                changed += buf.data[i] == '\n';
            int64_t arts = 0, stories = 0;
            if (status == CLI_OK && !o->quiet && ss_engine_store_totals(e, &arts, &stories, &err) == SS_OK)
                fprintf(stderr,
                        "samestory: %s: settled: %lld article%s regrouped with the store's word "
                        "frequencies; %zu %s changed (printed), %lld in all\n",
                        a->db, (long long)arts, cli_s((uint64_t)arts), changed,
                        cli_stories_word((uint64_t)changed), (long long)stories);
        }
    }
    if (status == CLI_OK && !writing) {
        char *next = NULL;
        int rc = a->article ? ss_engine_article_json(e, a->article, &buf, &err)
                            : ss_engine_list_json(e, &a->filter, &buf, &next, &err);
        if (rc) {
            cli_error("%s", err.msg);
            /* a bad --query or --after is a usage error, as a bad value of
               any other option is (exit 2) */
            status = rc == SS_EINVAL ? CLI_USAGE : CLI_FAIL;
        } else {
            if (a->article)
                ss_buf_putc(&buf, '\n');
            if (buf.len && fwrite(buf.data, 1, buf.len, stdout) != buf.len) {
                cli_error("cannot write the output");
                status = CLI_FAIL;
            }
            if (next && !o->quiet)
                fprintf(stderr, "samestory: more stories follow: --after %s\n", next);
        }
        free(next);
    }
    ss_buf_release(&buf);
out:
    ss_engine_free(e);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    return status;
}

int cli_store_each(const cli_opts *o, const cli_store_args *a, ss_engine_story_fn fn, void *ctx, uint64_t *stories)
{
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    load_data(o, &sw, &lx);
    int status = CLI_OK;
    ss_engine *e = open_store(o, NULL, a->db, SS_STORE_READONLY | SS_STORE_KEEP_OPTIONS, sw, lx);
    if (!e) {
        status = CLI_FAIL;
    } else {
        ss_error err;
        ss_error_clear(&err);
        if (ss_engine_each_story(e, &a->filter, fn, ctx, &err)) {
            if (err.code)
                cli_error("%s", err.msg);
            status = CLI_FAIL;
        }
        ss_engine_counts c;
        ss_engine_get_counts(e, &c);
        *stories = c.stories;
    }
    ss_engine_free(e);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    return status;
}
