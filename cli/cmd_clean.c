/* cli/cmd_clean.c — `samestory clean`: title and article text per document. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "data.h"

static const char usage[] =
    "usage: samestory clean [OPTIONS] INPUT...\n"
    "\n"
    "Prints one JSON line per document with its title and article text, page\n"
    "chrome removed:\n"
    "  {\"id\", \"lang\", \"title\", \"text\", \"date\"?, \"author\"?, \"url\"?,\n"
    "   \"source\"?, \"title_source\", \"removed\": code points dropped, ...the input\n"
    "   record's other fields (except any named as clean's own: title_source, body,\n"
    "   removed, blocks, warning)}\n"
    "\"title_source\" says where the title came from: \"input\" (the record's title\n"
    "field), \"text\" (a headline line of the text: .txt files and JSONL records\n"
    "without a title), \"html\" (the page's headline or title metadata), \"none\".\n"
    "\"body\": false marks a document with no article body (fewer than 8 words\n"
    "left: a failed scrape, a page of links, furniture or a headline only).\n"
    "\n"
    "Options:\n"
    "  --keep-boilerplate     mark instead of removing: \"text\" is the whole raw text\n"
    "                         (all visible page text for HTML) and \"blocks\": [{\"span\":\n"
    "                         [s, e], \"kind\": \"body|title|chrome|caption|related\"}] says\n"
    "                         what each part is (code point spans of that text)\n"
    "  --no-learn             do not read file inputs twice; by default a first pass\n"
    "                         counts lines that recur across the documents of each\n"
    "                         source (plain text and JSONL), and such lines are chrome;\n"
    "                         inputs that cannot be read twice (standard input, a pipe\n"
    "                         such as /dev/stdin or <(...), a device) turn it off\n"
    "\n";

enum { OPT_KEEP = OPT_FIRST_FREE, OPT_NO_LEARN };

typedef struct {
    ss_cleaner *cleaner;
    ss_record_cleaner **rc;  /* one per worker, over cleaner */
    const cli_opts *o;
    ss_buf line;
} clean_ctx;

static int work(void *arg, int worker, ss_doc *d)
{
    clean_ctx *c = arg;
    ss_error err;
    ss_error_clear(&err);
    const char *warning;
    if (ss_record_clean(c->rc[worker], d, &warning, &err)) {
        cli_error("%s", err.msg);
        return -1;
    }
    if (warning[0] && !c->o->quiet) {
        /* cli_warn writes each message in one piece: lines from workers do not mix */
        if (d->line)
            cli_warn(c->o, "%s:%llu (id %s): %s", d->origin, (unsigned long long)d->line, d->id, warning);
        else
            cli_warn(c->o, "%s: %s", d->origin ? d->origin : d->id, warning);
    }
    return 0;
}

static int emit(void *arg, ss_doc *d)
{
    clean_ctx *c = arg;
    ss_buf_clear(&c->line);
    if (ss_record_clean_json(d, &c->line) || cli_emit(&c->line))
        return -1;
    return 0;
}

int cmd_clean(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"keep-boilerplate", no_argument, NULL, OPT_KEEP},
        {"no-learn", no_argument, NULL, OPT_NO_LEARN},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    o.on_stop = "results for the records before it were written";
    int keep = 0, learn = 1, ch;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(ch))
            return CLI_USAGE;
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs(cli_inputs_help, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        }
        if (ch == OPT_KEEP) {
            keep = 1;
            continue;
        }
        if (ch == OPT_NO_LEARN) {
            learn = 0;
            continue;
        }
        if (cli_other_option(&o, ch, optarg, "clean"))
            continue;
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_LANGID))
        return CLI_FAIL;
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    ss_pool *pool = ss_pool_new(o.threads);
    int nw = pool ? ss_pool_threads(pool) : 0;
    clean_ctx c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    ss_error err;
    ss_error_clear(&err);
    c.cleaner = ss_cleaner_new(NULL, &err);
    if (c.cleaner && learn && cli_learn_corpus(c.cleaner, &o, argv + optind, argc - optind)) {
        rc = CLI_FAIL;
        goto out;
    }
    c.rc = calloc((size_t)(nw ? nw : 1), sizeof *c.rc);
    if (!pool || !c.cleaner || !c.rc) {
        cli_error("cannot start: out of memory or no threads");
        rc = CLI_FAIL;
        goto out;
    }
    for (int i = 0; i < nw; i++) {
        if (!(c.rc[i] = ss_record_cleaner_new(c.cleaner, keep, &err))) {
            cli_error("%s", err.msg);
            rc = CLI_FAIL;
            goto out;
        }
    }
    rc = cli_map_docs(&in, pool, work, emit, &c);
    /* a failed write of a large line leaves nothing to flush: ferror */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output: %s", cli_oserr());
        rc = CLI_FAIL;
    }
out:
    cli_in_close(&in);
    for (int i = 0; c.rc && i < nw; i++)
        ss_record_cleaner_free(c.rc[i]);
    free(c.rc);
    ss_buf_release(&c.line);
    ss_cleaner_free(c.cleaner);
    ss_pool_free(pool);
    return rc;
}
