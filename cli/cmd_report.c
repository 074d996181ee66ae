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
    "  --threshold S          as for `samestory stories` (default 0.46)\n"
    "  --headline-threshold S as for `samestory stories` (default 0.2)\n"
    "  --window DAYS          as for `samestory stories` (default 3)\n"
    "  --keep-no-body, --no-learn  as for `samestory stories`\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_WINDOW, OPT_TITLE, OPT_HEADLINE, OPT_KEEP_NO_BODY, OPT_NO_LEARN };

typedef struct {
    cli_comparer cmp;
    ss_report *rep;
    FILE *out;
} report_ctx;

static int write_out(void *ctx, const char *data, size_t n)
{
    report_ctx *r = ctx;
    return fwrite(data, 1, n, r->out) == n ? 0 : -1;
}

static int start(void *arg, int nworkers, const ss_lexicon *lx)
{
    report_ctx *r = arg;
    return cli_comparer_start(&r->cmp, nworkers, lx);
}

static int prepare(void *arg, int worker, cli_closed_story *s, const ss_df *df)
{
    report_ctx *r = arg;
    return cli_comparer_prepare(&r->cmp, worker, s, df);
}

static int emit(void *arg, cli_closed_story *cs, const ss_df *df)
{
    report_ctx *r = arg;
    const ss_story *s = &cs->story;
    cli_compared *k = cs->user;
    size_t n = s->n;
    const ss_doc **docs = malloc(n * sizeof *docs);
    uint32_t *link = malloc(n * sizeof *link);
    float *score = malloc(n * sizeof *score);
    int rc = -1;
    if (docs && link && score) {
        for (size_t i = 0; i < n; i++) {
            docs[i] = cs->arts[i]->doc;
            link[i] = (uint32_t)i;
            score[i] = s->members[i].link_score;
            for (size_t j = 0; j < n; j++)
                if (s->members[j].item == s->members[i].link)
                    link[i] = (uint32_t)j;
        }
        size_t rep = cli_story_representative(cs, df);
        ss_report_story rs;
        memset(&rs, 0, sizeof rs);
        rs.id = s->id;
        rs.title = docs[rep]->title;
        rs.docs = docs;
        rs.n = n;
        rs.link = link;
        rs.link_score = score;
        rs.cmp = k ? &k->c : NULL;
        const char **types = calloc(n, sizeof *types);
        if (types && k)
            for (size_t i = 0; i < n; i++)
                types[i] = ss_relation_name((ss_relation)k->rel[i]);
        rs.link_type = types;
        rs.link_source = k ? k->rel_source : NULL;
        rs.reuse = k ? &k->reuse : NULL;
        rs.first_time = s->first_time;
        rs.last_time = s->last_time;
        rc = ss_report_add_story(r->rep, &rs) == SS_OK ? 0 : -1;
        free(types);
    }
    free(docs);
    free(link);
    free(score);
    cli_compared_free(k);
    cs->user = NULL;
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
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    ss_story_opts so;
    ss_story_opts_default(&so);
    int learn = 1;
    const char *output = "report.html", *title = "samestory report";
    int ch;
    while ((ch = getopt_long(argc, argv, "o:" CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        }
        if (ch == 'o') {
            output = optarg;
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
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    report_ctx r;
    memset(&r, 0, sizeof r);
    cli_comparer_init(&r.cmp);
    /* a temporary file beside the target is renamed over it at the end, so
       a failed run never leaves half a page under the final name (devices
       and links are written through: see core/outfile.h) */
    ss_outfile *of = NULL;
    if (to_stdout) {
        r.out = stdout;
    } else {
        if (!(of = cli_out_open(&o, "-o", output, 0))) {
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
        cli_story_hooks hooks = {start, prepare, emit, &r};
        rc = cli_stories_run_learning(&in, &o, argv + optind, argc - optind, learn, &so, &hooks, &st);
        if (ss_report_finish(r.rep) != SS_OK) {
            cli_error("%s: write failed: %s", to_stdout ? "standard output" : output,
                      strerror(errno));
            rc = CLI_FAIL;
        }
        if (!o.quiet)
            cli_note("%llu articles, %llu stories in %s, %.2f s",
                    (unsigned long long)st.articles, (unsigned long long)st.stories, output, st.seconds);
    }
    ss_report_free(r.rep);
    cli_comparer_release(&r.cmp);
    cli_in_close(&in);
    if (of && cli_out_finish(of, rc == CLI_OK) != CLI_OK)
        rc = CLI_FAIL;
    return rc;
}
