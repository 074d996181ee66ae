/* cli/cmd_reuse.c — `samestory reuse`: passages one article took from
 * another, with the earlier source.
 *
 * Reads every document (HTML pages are cleaned into their article text in
 * parallel), hands them to the library's reuse engine in batches, builds
 * its seed index, then finds the passages of each document with the later
 * ones, in parallel batches, printing them in input order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"

static const char usage[] =
    "usage: samestory reuse [OPTIONS] INPUT...\n"
    "\n"
    "Finds passages one article took from another (two files or a whole corpus)\n"
    "and names the earlier of the two as the source. One JSON line per passage:\n"
    "  {\"a\", \"a_span\": [start, end], \"b\", \"b_span\": [start, end], \"chars\",\n"
    "   \"identity\", \"source\": id|null, \"source_by\": how|null, \"translated\"}\n"
    "Spans are code points of each document's raw text (a .txt file whole, title\n"
    "line included), half-open; a is the document read first. identity is the\n"
    "share of aligned words that are equal; source_by says what named the source:\n"
    "\"date\" (both dated, one earlier) or \"only_dated\" (the other has no date),\n"
    "null when source is null. translated is false for copies (see --translated).\n"
    "\n"
    "Options:\n"
    "  --min-chars N          shortest passage reported, in code points of the\n"
    "                         shorter span (default 120)\n"
    "  --max-df N             a word 5-gram in more than N documents is boilerplate\n"
    "                         and seeds no passage (default 100)\n"
    "  --furniture-share S    text a source (\"source\" field, else URL host) repeats\n"
    "                         on this share of its documents, and on 3 or more, is\n"
    "                         its furniture and seeds none of its passages (default\n"
    "                         0.3, whatever the source's size; 0 turns it off)\n"
    "  --keep-no-body         also align documents without an article body (fewer\n"
    "                         than 8 words in sentence lines: failed scrapes, pages\n"
    "                         of links or furniture), which are left out by default\n"
    "  --min-identity X       lowest identity reported, 0 to 1 (default 0.667: two\n"
    "                         words in three kept)\n"
    "  --translated           also find passages one article took from another in\n"
    "                         another language (a wire paragraph translated), through\n"
    "                         the dictionaries and names: lines with \"translated\":\n"
    "                         true, after the copies; identity is then the share of\n"
    "                         words matched across the languages, --min-chars\n"
    "                         counts the longer span (chars still gives the\n"
    "                         shorter) and --min-identity does not apply (they\n"
    "                         have their own thresholds: docs/REUSE.md)\n"
    "  --summary              one line per document pair instead: {\"a\", \"b\",\n"
    "                         \"a_coverage\", \"b_coverage\", \"passages\", \"chars\",\n"
    "                         \"source\", \"direction\": \"a->b\"|\"b->a\"|null,\n"
    "                         \"translated\"}\n"
    "\n";

enum { OPT_MIN_CHARS = OPT_FIRST_FREE, OPT_MAX_DF, OPT_MIN_IDENTITY, OPT_SUMMARY, OPT_FURNITURE,
       OPT_KEEP_NO_BODY, OPT_TRANSLATED };

#define BATCH 256
#define NO_BODY_NAMED 3 /* documents without a body named one by one before the count */

typedef struct reuse_run {
    ss_reuse *eng;
    ss_cleaner *cleaner;     /* made when the first HTML page comes */
    ss_reuse_worker **w;     /* one per pool thread */
    ss_reuse_passages *out;  /* one per document of the batch */
    int keep_no_body;        /* --keep-no-body */
    uint64_t no_body;        /* documents left out for having no article body */
    uint64_t no_body_named;
    uint32_t first;          /* document number of out[0] */
    int *rc;
    int summary;
    uint32_t min_chars;      /* --min-chars, for passages across languages */
    ss_buf line;
    ss_xreuse *xr;           /* --translated: the same documents, across languages */
    const cli_opts *o;
    uint64_t notes[4];       /* "date" values that are no date; with --translated "lang"
                                values that are no language tag */
} reuse_run;

/* Read every document into the engine.  CLI_OK; CLI_FAIL when a bad record
 * stopped the run (the documents before it are kept and still compared);
 * -1 on a runtime error (printed). */
static int read_all(cli_in *in, ss_pool *pool, reuse_run *c)
{
    ss_doc *docs[BATCH];
    int status = CLI_OK, done = 0;
    while (!done) {
        size_t n = 0;
        while (n < BATCH) {
            int rc = cli_in_next(in, &docs[n]);
            if (rc <= 0) {
                if (rc < 0)
                    status = CLI_FAIL;
                done = 1;
                break;
            }
            n++;
        }
        int ok = 1;
        ss_error err;
        ss_error_clear(&err);
        uint8_t kept[BATCH];
        uint32_t first = (uint32_t)ss_reuse_count(c->eng);
        if (n && ss_reuse_add_records(c->eng, pool, &c->cleaner, docs, n, c->keep_no_body, &c->no_body,
                                      kept, &err)) {
            cli_error("%s", err.msg);
            ok = 0;
        }
        if (ok && n && c->xr && ss_xreuse_add_docs(c->xr, pool, docs, n, kept, first, &err)) {
            cli_error("%s", err.msg);
            ok = 0;
        }
        for (size_t i = 0; i < n; i++) {
            const ss_doc *d = docs[i];
            /* a date that is no date leaves the document undated (it names
               no source by date); a language only --translated reads */
            unsigned notes = d->date_unread[0] ? SS_NOTE_BAD_DATE : 0;
            if (c->xr && !d->lang_given && d->lang_unread[0])
                notes |= SS_NOTE_BAD_LANG;
            if (notes) {
                cli_progress_clear(in);
                cli_add_notes(c->o, d, notes, c->notes);
            }
            if (ok && !kept[i] && c->no_body_named++ < NO_BODY_NAMED) {
                if (d->origin && d->line)
                    cli_warn(c->o, "%s:%llu (id %s): no article body, left out", d->origin,
                             (unsigned long long)d->line, d->id);
                else
                    cli_warn(c->o, "%s: no article body, left out", d->id);
            }
            ss_doc_free(docs[i]);
        }
        if (!ok)
            return -1;
        cli_in_progress(in, "reading");
    }
    return status;
}

static void find_one(void *ctx, int worker, size_t i)
{
    reuse_run *c = ctx;
    c->rc[i] = ss_reuse_find(c->w[worker], c->first + (uint32_t)i, &c->out[i]);
}

/* The lines of one document's passages, written out. */
static int emit_doc(reuse_run *c, const ss_reuse_passages *p)
{
    ss_buf_clear(&c->line);
    if (ss_reuse_lines_json(c->eng, p->v, p->n, c->summary, &c->line))
        return -1;
    return c->line.len == 0 || fwrite(c->line.data, 1, c->line.len, stdout) == c->line.len ? 0 : -1;
}

/* --translated: the passages across languages, after the copies, by a. */
static int find_translated(cli_in *in, ss_pool *pool, reuse_run *c)
{
    ss_reuse_passages p;
    ss_reuse_passages_init(&p);
    ss_error err;
    ss_error_clear(&err);
    int rc = CLI_OK;
    cli_in_progress(in, "aligning across languages");
    if (ss_xreuse_find(c->xr, pool, c->eng, c->min_chars, &p, &err)) {
        cli_error("%s", err.msg);
        rc = CLI_FAIL;
    }
    for (size_t k = 0; k < p.n && rc == CLI_OK;) {
        size_t e = k + 1;
        while (e < p.n && p.v[e].a == p.v[k].a)
            e++;
        ss_reuse_passages one = {p.v + k, e - k, e - k};
        if (emit_doc(c, &one)) {
            cli_error("cannot write the output: %s", cli_oserr());
            rc = CLI_FAIL;
        }
        k = e;
    }
    ss_reuse_passages_release(&p);
    return rc;
}

static int find_all(cli_in *in, ss_pool *pool, reuse_run *c)
{
    size_t n = ss_reuse_count(c->eng);
    int nw = ss_pool_threads(pool);
    c->w = calloc((size_t)nw, sizeof *c->w);
    c->out = calloc(BATCH, sizeof *c->out);
    c->rc = calloc(BATCH, sizeof *c->rc);
    if (!c->w || !c->out || !c->rc) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (int i = 0; i < nw; i++) {
        if (!(c->w[i] = ss_reuse_worker_new(c->eng))) {
            cli_error("out of memory");
            return CLI_FAIL;
        }
    }
    for (size_t first = 0; first < n; first += BATCH) {
        size_t m = n - first < BATCH ? n - first : BATCH;
        c->first = (uint32_t)first;
        for (size_t i = 0; i < m; i++)
            c->out[i].n = 0;
        ss_pool_for(pool, m, find_one, c);
        for (size_t i = 0; i < m; i++) {
            if (c->rc[i]) {
                cli_error("%s: %s", ss_reuse_id(c->eng, (uint32_t)(first + i)), ss_strerror(c->rc[i]));
                return CLI_FAIL;
            }
            if (emit_doc(c, &c->out[i])) {
                cli_error("cannot write the output: %s", cli_oserr());
                return CLI_FAIL;
            }
        }
        cli_in_progress(in, "aligning");
    }
    return CLI_OK;
}

int cmd_reuse(int argc, char **argv)
{
    static const struct option longopts[] = {{"min-chars", required_argument, NULL, OPT_MIN_CHARS},
                                             {"max-df", required_argument, NULL, OPT_MAX_DF},
                                             {"min-identity", required_argument, NULL, OPT_MIN_IDENTITY},
                                             {"summary", no_argument, NULL, OPT_SUMMARY},
                                             {"furniture-share", required_argument, NULL, OPT_FURNITURE},
                                             {"keep-no-body", no_argument, NULL, OPT_KEEP_NO_BODY},
                                             {"translated", no_argument, NULL, OPT_TRANSLATED},
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    o.on_stop = "the documents before it were still compared and their results written";
    ss_reuse_opts ro;
    ss_reuse_opts_default(&ro);
    int summary = 0, keep_no_body = 0, translated = 0, ch;
    long v;
    double x;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(ch))
            return CLI_USAGE;
        switch (ch) {
        case 'h':
            fputs(usage, stdout);
            fputs(cli_inputs_help, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        case OPT_MIN_CHARS:
            if (cli_parse_long("--min-chars", optarg, 1, 1L << 30, &v))
                return CLI_USAGE;
            ro.merge.min_chars = (uint32_t)v;
            continue;
        case OPT_MAX_DF:
            if (cli_parse_long("--max-df", optarg, 2, 1L << 30, &v))
                return CLI_USAGE;
            ro.max_df = (uint32_t)v;
            continue;
        case OPT_MIN_IDENTITY:
            if (cli_parse_double("--min-identity", optarg, 0, 1, &x))
                return CLI_USAGE;
            ro.merge.min_identity = x;
            continue;
        case OPT_SUMMARY:
            summary = 1;
            continue;
        case OPT_FURNITURE:
            if (cli_parse_double("--furniture-share", optarg, 0, 1, &x))
                return CLI_USAGE;
            ro.furniture_share = x;
            continue;
        case OPT_KEEP_NO_BODY:
            keep_no_body = 1;
            continue;
        case OPT_TRANSLATED:
            translated = 1;
            continue;
        default:
            break;
        }
        if (cli_other_option(&o, ch, optarg, "reuse"))
            continue;
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | (translated ? CLI_NEED_LANGID | CLI_NEED_LEXICON : 0)))
        return CLI_FAIL;
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    reuse_run c;
    memset(&c, 0, sizeof c);
    c.summary = summary;
    c.keep_no_body = keep_no_body;
    c.min_chars = ro.merge.min_chars;
    c.o = &o;
    ss_pool *pool = ss_pool_new(o.threads);
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    ss_error err;
    ss_error_clear(&err);
    c.eng = ss_reuse_new(&ro, &err);
    if (!c.eng) {
        cli_error("%s", err.msg);
        rc = CLI_FAIL;
        goto out;
    }
    if (!pool) {
        cli_error("cannot start: out of memory or no threads");
        rc = CLI_FAIL;
        goto out;
    }
    if (translated) {
        if (!(sw = ss_stopwords_load(&err)) || !(lx = ss_lexicon_load(&err)) ||
            !(c.xr = ss_xreuse_new(ss_pool_threads(pool), sw, lx, &err))) {
            cli_error("%s", err.msg);
            rc = CLI_FAIL;
            goto out;
        }
    }
    int read_rc = read_all(&in, pool, &c);
    if (read_rc < 0) {
        rc = CLI_FAIL;
        goto out;
    }
    cli_add_notes_done(&o, c.notes);
    if (c.no_body)
        cli_warn(&o, "%llu document(s) without an article body (fewer than %d words in "
                 "sentences: a failed scrape, links or furniture only) left out; --keep-no-body "
                 "keeps them", (unsigned long long)c.no_body, SS_CLEAN_MIN_BODY_WORDS);
    if (ss_reuse_build(c.eng, &err)) {
        cli_error("%s", err.msg);
        rc = CLI_FAIL;
        goto out;
    }
    ss_seedindex_stats ist = ss_reuse_index_stats(c.eng);
    if (ist.docs_mostly_over_cap) {
        /* never silent: 100 copies of a text give 4,950 passages, 101 gave none */
        cli_progress_clear(&in);
        cli_warn(&o, "%u document(s) are mostly text found in more than --max-df %u documents "
                 "(up to %u): passages shared that widely are not reported; give --max-df %u "
                 "to compare them", ist.docs_mostly_over_cap, ro.max_df, ist.max_df_seen,
                 ist.max_df_seen);
    }
    rc = find_all(&in, pool, &c);
    if (rc == CLI_OK && c.xr)
        rc = find_translated(&in, pool, &c);
    if (rc == CLI_OK)
        rc = read_rc;
out:
    cli_in_close(&in);
    if (c.w)
        for (int i = 0; pool && i < ss_pool_threads(pool); i++)
            ss_reuse_worker_free(c.w[i]);
    free(c.w);
    for (size_t i = 0; c.out && i < BATCH; i++)
        ss_reuse_passages_release(&c.out[i]);
    free(c.out);
    free(c.rc);
    ss_buf_release(&c.line);
    ss_cleaner_free(c.cleaner);
    ss_reuse_free(c.eng);
    ss_xreuse_free(c.xr);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    ss_pool_free(pool);
    return rc;
}
