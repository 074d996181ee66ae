/* cli/input.c — the reader with the user's bad-record policy, and progress. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void on_warning(void *ctx, const char *msg)
{
    cli_in *in = ctx;
    if (in->o->quiet)
        return;
    cli_progress_clear(in);
    cli_warn(in->o, "%s", msg);
}

int cli_in_open(cli_in *in, const cli_opts *o, char **paths, int n)
{
    memset(in, 0, sizeof *in);
    in->o = o;
    if (n <= 0) {
        cli_error("no input given (name files or folders, or - for JSONL on stdin)");
        return CLI_USAGE;
    }
    struct stat so;
    if (fstat(1, &so) == 0 && S_ISREG(so.st_mode)) {
        /* `samestory ... in.jsonl >> in.jsonl` would read what it writes */
        size_t which = 0;
        int r = ss_path_is_input("/dev/stdout", (const char *const *)paths, (size_t)n, &which);
        if (r) {
            cli_error("standard output %s the input %s; write the output elsewhere",
                      r == SS_PATH_SAME ? "is" : "lies inside", paths[which]);
            return CLI_USAGE;
        }
    }
    if (o->rejects) {
        int rc = cli_out_check("--rejects", o->rejects, paths, n);
        if (rc)
            return rc;
        if (!(in->rejects_out = cli_out_open(o, "--rejects", o->rejects, 0)))
            return CLI_FAIL;
        in->rejects = ss_outfile_stream(in->rejects_out);
    }
    ss_reader_opts ro = {0};
    ro.max_doc_bytes = o->max_doc_bytes;
    ro.warn = on_warning;
    ro.warn_ctx = in;
    ss_error err;
    ss_error_clear(&err);
    in->r = ss_reader_new((const char *const *)paths, (size_t)n, &ro, &err);
    if (!in->r) {
        cli_error("%s", err.msg);
        ss_outfile_abort(in->rejects_out);
        in->rejects_out = NULL;
        return CLI_FAIL;
    }
    in->t0 = cli_now();
    return CLI_OK;
}

static void reject(cli_in *in, const ss_error *err, const char *raw, size_t len)
{
    if (!in->rejects)
        return;
    if (len > 0 && err->line > 0) {
        fwrite(raw, 1, len, in->rejects);
        fputc('\n', in->rejects);
    } else {
        ss_buf b = SS_BUF_INIT;
        ss_jw w;
        ss_jw_init(&w, &b);
        ss_jw_obj(&w);
        ss_jw_key(&w, "error");
        ss_buf m = SS_BUF_INIT;
        ss_utf8_repair(err->msg, strlen(err->msg), &m, NULL);
        ss_jw_strn(&w, m.data ? m.data : "", m.len);
        ss_jw_obj_end(&w);
        if (b.data)
            fprintf(in->rejects, "%s\n", b.data);
        ss_buf_release(&m);
        ss_buf_release(&b);
    }
}

int cli_in_bad(cli_in *in, const ss_error *err, const char *raw, size_t len)
{
    cli_progress_clear(in);
    if (err->code == SS_ENOMEM) {
        cli_error("%s", err->msg);
        return -1;
    }
    reject(in, err, raw, len);
    if (!in->o->skip_bad) {
        cli_error("%s", err->msg);
        fprintf(stderr, "samestory: the run stopped at this bad record; %s. Use --skip-bad to "
                        "skip bad records (and --rejects FILE to keep them).\n",
                in->o->on_stop ? in->o->on_stop
                               : "nothing was written (this command needs its whole input)");
        return -1;
    }
    in->skipped++;
    if (!in->o->quiet)
        cli_note("skipped: %s", err->msg);
    return 0;
}

int cli_in_next(cli_in *in, ss_doc **d)
{
    for (;;) {
        ss_error err;
        ss_error_clear(&err);
        int rc = ss_reader_next(in->r, d, &err);
        if (rc >= 0)
            return rc;
        size_t len;
        const char *raw = ss_reader_raw(in->r, &len);
        if (cli_in_bad(in, &err, raw, len) < 0)
            return -1;
    }
}

int cli_in_next_raw(cli_in *in, ss_raw_record *rec)
{
    for (;;) {
        ss_error err;
        ss_error_clear(&err);
        int rc = ss_reader_next_raw(in->r, rec, &err);
        if (rc >= 0)
            return rc;
        size_t len;
        const char *raw = ss_reader_raw(in->r, &len);
        if (cli_in_bad(in, &err, raw, len) < 0)
            return -1;
    }
}

void cli_in_close(cli_in *in)
{
    cli_progress_clear(in);
    if (in->skipped && !in->o->quiet)
        cli_note("%llu bad record(s) skipped%s%s",
                (unsigned long long)in->skipped, in->o->rejects ? "; kept in " : "",
                in->o->rejects ? in->o->rejects : "");
    if (in->rejects_out && cli_out_finish(in->rejects_out, 1) != CLI_OK)
        cli_error("--rejects %s: the rejected records could not be kept", in->o->rejects);
    ss_reader_free(in->r);
    memset(in, 0, sizeof *in);
}

ss_reader_stats cli_in_stats(const cli_in *in) { return ss_reader_get_stats(in->r); }

static int progress_on(const cli_in *in)
{
    if (in->o->progress >= 0)
        return in->o->progress;
    return !in->o->quiet && isatty(2);
}

/* On a terminal the line is redrawn in place 5 times a second; into a file
 * or a pipe (--progress, for logs of long runs) a plain line is added every
 * --progress=SECONDS (10 by default), no escape codes. */
/* Whether a progress line is due now; sets *tty. */
static int progress_due(cli_in *in, int *tty)
{
    if (!progress_on(in))
        return 0;
    *tty = isatty(2);
    double now = cli_now();
    double every = *tty ? 0.2 : in->o->progress_every;
    if (now - in->t0 < (*tty ? 1.0 : every) || now - in->last_progress < every)
        return 0;
    in->last_progress = now;
    return 1;
}

void cli_in_progress(cli_in *in, const char *what)
{
    int tty;
    if (!progress_due(in, &tty))
        return;
    ss_reader_stats st = ss_reader_get_stats(in->r);
    double secs = cli_now() - in->t0;
    fprintf(stderr, "%s%s%s: %llu docs, %.1f MB, %.1f MB/s, %.0f s%s", tty ? "\r\033[K" : "",
            tty ? "" : "samestory: ", what, (unsigned long long)st.docs, (double)st.bytes / 1e6,
            (double)st.bytes / 1e6 / (secs > 0 ? secs : 1), secs, tty ? "" : "\n");
    in->progress_shown = tty;
}

void cli_in_progress_count(cli_in *in, const char *what, uint64_t done, uint64_t of)
{
    int tty;
    if (!progress_due(in, &tty))
        return;
    fprintf(stderr, "%s%s%s: %llu of %llu, %.0f s%s", tty ? "\r\033[K" : "", tty ? "" : "samestory: ",
            what, (unsigned long long)done, (unsigned long long)of, cli_now() - in->t0, tty ? "" : "\n");
    in->progress_shown = tty;
}

void cli_progress_clear(cli_in *in)
{
    if (in->progress_shown) {
        fputs("\r\033[K", stderr);
        in->progress_shown = 0;
    }
}

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

int cli_learn_corpus(ss_cleaner *cl, const cli_opts *o, char **paths, int n)
{
    int once = -1, files = 0;
    for (int i = 0; i < n; i++) {
        if (rereadable(paths[i]))
            files++;
        else if (once < 0)
            once = i;
    }
    if (once >= 0) {
        /* standard input alone is the usual case; a pipe among files
         * turns learning off for the files too, which is worth saying */
        if (files && !o->quiet)
            cli_note("furniture is not learned across the inputs: %s can be read once "
                     "only (learning reads every input twice); name files instead",
                     strcmp(paths[once], "-") == 0 ? "standard input" : paths[once]);
        return 0;
    }
    ss_reader_opts ro = {0};
    ro.max_doc_bytes = o->max_doc_bytes;
    ro.skip_pages = 1; /* pages are judged by their markup, not observed */
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
