/* cli/cmd_report.c — `samestory report`: one HTML page about the stories. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "data.h"
#include "storyrun.h"

static const char usage[] =
    "usage: samestory report [OPTIONS] INPUT... -o report.html\n"
    "       samestory report --db FILE [-o report.html]\n"
    "\n"
    "Groups the articles into stories (as `samestory stories` does) and writes one\n"
    "self-contained HTML page (no network, no external files): a list of stories\n"
    "with their articles, sources, languages and a timeline; per story the\n"
    "relation graph (duplicates, reuse with direction, translations), what the\n"
    "sources agree on, what each adds, where they conflict, who is quoted saying\n"
    "what, name variants, and any two articles side by side with the sentences\n"
    "they share aligned.  Keys: / filter, j and k next and previous story.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      where to write the page (default report.html;\n"
    "                         - for standard output)\n"
    "  --title TEXT           the page title (default \"samestory report\")\n"
    "  --threshold S          as for `samestory stories` (default: the story\n"
    "                         model's)\n"
    "  --headline-threshold S as for `samestory stories` (default: the model's)\n"
    "  --window DAYS          as for `samestory stories` (default 3)\n"
    "  --keep-no-body, --no-learn  as for `samestory stories`\n"
    "  --db FILE              the stories of a store (`samestory stories --db`)\n"
    "                         instead of INPUT, latest activity first\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_WINDOW, OPT_TITLE, OPT_HEADLINE, OPT_KEEP_NO_BODY, OPT_NO_LEARN,
       OPT_DB };

typedef struct {
    ss_report *rep;
    FILE *out;
    int werr;       /* errno of the first failed write (later calls change errno) */
} report_ctx;

static int write_out(void *ctx, const char *data, size_t n)
{
    report_ctx *r = ctx;
    if (fwrite(data, 1, n, r->out) == n)
        return 0;
    if (!r->werr)
        r->werr = errno ? errno : EIO;
    return -1;
}

static int emit(void *arg, const ss_engine_story *s)
{
    report_ctx *r = arg;
    const char **types = calloc(s->n ? s->n : 1, sizeof *types);
    if (!types)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        types[i] = ss_relation_name((ss_relation)s->relation[i]);
    ss_report_story rs;
    memset(&rs, 0, sizeof rs);
    rs.id = (uint32_t)s->id;
    rs.title = s->docs[s->representative]->title;
    rs.docs = s->docs;
    rs.n = s->n;
    rs.link = s->link;
    rs.link_score = s->link_score;
    rs.cmp = s->comparison;
    rs.link_type = types;
    rs.link_source = s->relation_source;
    rs.reuse = s->reuse;
    rs.first_time = s->first_time;
    rs.last_time = s->last_time;
    int rc = ss_report_add_story(r->rep, &rs) == SS_OK ? 0 : -1;
    free(types);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"title", required_argument, NULL, OPT_TITLE},
                                             {"threshold", required_argument, NULL, OPT_THRESHOLD},
                                             {"window", required_argument, NULL, OPT_WINDOW},
                                             {"headline-threshold", required_argument, NULL, OPT_HEADLINE},
                                             {"keep-no-body", no_argument, NULL, OPT_KEEP_NO_BODY},
                                             {"no-learn", no_argument, NULL, OPT_NO_LEARN},
                                             {"db", required_argument, NULL, OPT_DB},
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    ss_story_opts so;
    ss_story_opts_default(&so);
    int learn = 1, grouping = 0;
    const char *output = "report.html", *title = "samestory report", *db = NULL;
    int ch;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, "o:" CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(ch))
            return CLI_USAGE;
        if (ch == OPT_THRESHOLD || ch == OPT_HEADLINE || ch == OPT_WINDOW || ch == OPT_KEEP_NO_BODY ||
            ch == OPT_NO_LEARN)
            grouping = 1;
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs(cli_inputs_help, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        }
        if (ch == 'o') {
            output = optarg;
            continue;
        }
        if (ch == OPT_DB) {
            db = optarg;
            continue;
        }
        if (ch == OPT_TITLE) {
            title = optarg;
            continue;
        }
        if (ch == OPT_THRESHOLD) {
            if (cli_parse_double("--threshold", optarg, 0.0, 1.0, &so.threshold))
                return CLI_USAGE;
            continue;
        }
        if (ch == OPT_HEADLINE) {
            if (cli_parse_double("--headline-threshold", optarg, 0.0, 1.0, &so.headline_threshold))
                return CLI_USAGE;
            continue;
        }
        if (ch == OPT_KEEP_NO_BODY) {
            o.keep_no_body = 1;
            continue;
        }
        if (ch == OPT_NO_LEARN) {
            learn = 0;
            continue;
        }
        if (ch == OPT_WINDOW) {
            if (cli_parse_double("--window", optarg, 0.0, 36500.0, &so.window_days))
                return CLI_USAGE;
            continue;
        }
        if (cli_other_option(&o, ch, optarg, "report"))
            continue;
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_REPORTING | CLI_NEED_LANGID | CLI_NEED_LEXICON |
                         CLI_NEED_REPORT))
        return CLI_FAIL;
    int to_stdout = strcmp(output, "-") == 0;
    if (!to_stdout) {
        int rc = cli_out_check("-o", output, argv + optind, argc - optind);
        if (rc)
            return rc;
        struct stat a, b;
        if (o.rejects && (strcmp(o.rejects, output) == 0 ||
                          (stat(o.rejects, &a) == 0 && stat(output, &b) == 0 &&
                           a.st_dev == b.st_dev && a.st_ino == b.st_ino))) {
            cli_error("-o %s: is also the --rejects file; name two files", output);
            return CLI_USAGE;
        }
    }
    if (db && optind < argc) {
        cli_error("report: give --db FILE or INPUT files, not both");
        return CLI_USAGE;
    }
    if (db && grouping) {
        /* the store's stories are grouped already, with the options it was
           made with: these would change nothing */
        cli_error("report --db: --threshold, --headline-threshold, --window, --keep-no-body and "
                  "--no-learn group articles read from INPUT files; a store's stories are grouped "
                  "by the options it was made with");
        return CLI_USAGE;
    }
    if (db && strcmp(output, "-") != 0) {
        char *store[1] = {(char *)db}; /* the page must not replace the store */
        int rc = cli_out_check("-o", output, store, 1);
        if (rc)
            return rc;
    }
    cli_in in;
    memset(&in, 0, sizeof in);
    int rc = db ? CLI_OK : cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    report_ctx r;
    memset(&r, 0, sizeof r);
    /* a temporary file beside the target is renamed over it at the end, so
       a failed run never leaves half a page under the final name (devices
       and links are written through: see core/outfile.h) */
    ss_outfile *of = NULL;
    if (to_stdout) {
        r.out = stdout;
    } else {
        if (!(of = cli_out_open(&o, "-o", output, 0))) {
            if (!db)
                cli_in_close(&in);
            return CLI_FAIL;
        }
        r.out = ss_outfile_stream(of);
    }
    ss_error err;
    ss_error_clear(&err);
    r.rep = ss_report_new(write_out, &r, title, &err);
    if (!r.rep) {
        cli_error("%s", err.msg);
        rc = CLI_FAIL;
    } else {
        cli_story_stats st;
        if (db) {
            memset(&st, 0, sizeof st);
            double t0 = cli_now();
            cli_store_args a;
            memset(&a, 0, sizeof a);
            a.db = db;
            ss_story_filter_init(&a.filter);
            rc = cli_store_each(&o, &a, emit, &r, &st.stories);
            st.seconds = cli_now() - t0;
        } else {
            rc = cli_stories_run_learning(&in, &o, argv + optind, argc - optind, learn, &so, emit, &r, &st);
        }
        if (ss_report_finish(r.rep) != SS_OK) {
            cli_error("%s: write failed: %s", to_stdout ? "standard output" : output,
                      strerror(r.werr ? r.werr : errno));
            rc = CLI_FAIL;
        }
        if (rc != CLI_OK) {
            /* said above; no page was written */
        } else if (!o.quiet && db)
            cli_note("%llu %s of %s in %s, %.2f s", (unsigned long long)st.stories,
                     cli_stories_word(st.stories), db, output, st.seconds);
        else if (!o.quiet)
            cli_note("%llu article%s, %llu %s in %s, %.2f s", (unsigned long long)st.articles,
                     cli_s(st.articles), (unsigned long long)st.stories, cli_stories_word(st.stories),
                     output, st.seconds);
    }
    ss_report_free(r.rep);
    if (!db)
        cli_in_close(&in);
    if (of && cli_out_finish(of, rc == CLI_OK) != CLI_OK)
        rc = CLI_FAIL;
    return rc;
}
