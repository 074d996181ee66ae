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
    "   record's other fields}\n"
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
    ss_langid **langid;
    ss_clean_result *res;   /* one per worker */
    const cli_opts *o;
    int keep;
    ss_buf line;
} clean_ctx;

static const char *kind_name(int k)
{
    static const char *const names[] = {"body", "title", "chrome", "caption", "related"};
    return k >= 0 && k < 5 ? names[k] : "body";
}

static int work(void *arg, int worker, ss_doc *d)
{
    clean_ctx *c = arg;
    ss_clean_result *r = &c->res[worker];
    ss_error err;
    ss_error_clear(&err);
    if (ss_clean_doc(c->cleaner, d, r, &err)) {
        cli_error("%s", err.msg);
        return -1;
    }
    if (r->warning[0] && !c->o->quiet) {
        /* cli_warn writes each message in one piece: lines from workers do not mix */
        if (d->line)
            cli_warn(c->o, "%s:%llu (id %s): %s", d->origin, (unsigned long long)d->line, d->id,
                     r->warning);
        else
            cli_warn(c->o, "%s: %s", d->origin ? d->origin : d->id, r->warning);
    }
    /* the cleaned text (or, keeping boilerplate, the whole text) becomes the
     * document's text; keep the result for emit */
    int html = d->format == SS_FORMAT_HTML;
    if (!c->keep) {
        if (ss_doc_set_text(d, r->text.data ? r->text.data : "", r->text.len))
            return -1;
    } else if (html) {
        if (ss_doc_set_text(d, r->full_text.data ? r->full_text.data : "", r->full_text.len))
            return -1;
    }
    int title_source = r->title_source;
    if (html && r->title.len == 0 && d->title && d->title[strspn(d->title, " \t\r\n")])
        title_source = SS_TITLE_INPUT; /* a page without a headline: the record's own title stays */
    else if (ss_doc_set_str(&d->title, r->title.data ? r->title.data : "", r->title.len))
        return -1;
    if (!d->date && !r->date.len && d->captured != SS_TIME_NONE) {
        /* a fetched page (WARC) without a date of its own: when it was fetched */
        char iso[21];
        ss_time_format_iso(d->captured, iso);
        if (ss_doc_set_date(d, iso) == SS_ENOMEM)
            return -1;
    }
    if (!d->date && r->date.len && ss_doc_set_date(d, r->date.data) == SS_ENOMEM)
        return -1;
    if (!d->author && r->author.len && ss_doc_set_str(&d->author, r->author.data, r->author.len))
        return -1;
    if (!d->url && r->url.len && ss_doc_set_str(&d->url, r->url.data, r->url.len))
        return -1;
    if (!d->lang_given) {
        ss_lang_guess g;
        const char *t = d->text_len >= 40 ? d->text : ss_doc_title_or_empty(d);
        size_t n = d->text_len >= 40 ? d->text_len : strlen(t);
        ss_langid_detect(c->langid[worker], t, n, &g, NULL);
        memcpy(d->lang, g.code, sizeof g.code);
    }
    /* stash what emit needs: removed count, blocks, warning */
    char *extra = NULL;
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "title_source");
    ss_jw_str(&w, ss_title_source_name(title_source));
    if (!r->body) {
        ss_jw_key(&w, "body");
        ss_jw_bool(&w, 0);
    }
    ss_jw_key(&w, "removed");
    ss_jw_uint(&w, r->removed);
    if (c->keep) {
        ss_jw_key(&w, "blocks");
        ss_jw_arr(&w);
        for (size_t i = 0; i < r->nblocks; i++) {
            ss_jw_obj(&w);
            ss_jw_key(&w, "span");
            ss_jw_arr(&w);
            ss_jw_uint(&w, r->blocks[i].cp_start);
            ss_jw_uint(&w, r->blocks[i].cp_end);
            ss_jw_arr_end(&w);
            ss_jw_key(&w, "kind");
            ss_jw_str(&w, kind_name(r->blocks[i].kind));
            ss_jw_obj_end(&w);
        }
        ss_jw_arr_end(&w);
    }
    if (r->warning[0]) {
        ss_jw_key(&w, "warning");
        ss_jw_str(&w, r->warning);
    }
    ss_jw_obj_end(&w);
    if (w.err) {
        ss_buf_release(&b);
        return -1;
    }
    /* members without braces, put in front of the pass-through fields */
    b.data[b.len - 1] = '\0';
    extra = strdup(b.data + 1);
    ss_buf_release(&b);
    if (!extra)
        return -1;
    if (d->extra) {
        size_t n = strlen(extra) + strlen(d->extra) + 2;
        char *both = malloc(n);
        if (!both) {
            free(extra);
            return -1;
        }
        snprintf(both, n, "%s,%s", extra, d->extra);
        free(extra);
        extra = both;
    }
    free(d->extra);
    d->extra = extra;
    return 0;
}

static int emit(void *arg, ss_doc *d)
{
    clean_ctx *c = arg;
    ss_buf_clear(&c->line);
    ss_jw w;
    ss_jw_init(&w, &c->line);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, d->id);
    ss_jw_key(&w, "lang");
    ss_jw_str(&w, d->lang[0] ? d->lang : "und");
    ss_jw_key(&w, "title");
    ss_jw_str(&w, ss_doc_title_or_empty(d));
    ss_jw_key(&w, "text");
    ss_jw_strn(&w, d->text ? d->text : "", d->text_len);
    const struct {
        const char *k;
        const char *v;
    } opt[] = {{"date", d->date}, {"author", d->author}, {"url", d->url}, {"source", d->source}};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        if (opt[i].v && opt[i].v[0]) {
            ss_jw_key(&w, opt[i].k);
            ss_jw_str(&w, opt[i].v);
        }
    }
    ss_jw_members(&w, d->extra);
    ss_jw_obj_end(&w);
    if (w.err || cli_emit(&c->line))
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
    int keep = 0, learn = 1, ch;
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
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
    c.keep = keep;
    c.o = &o;
    ss_error err;
    ss_error_clear(&err);
    c.cleaner = ss_cleaner_new(NULL, &err);
    if (c.cleaner && learn && cli_learn_corpus(c.cleaner, &o, argv + optind, argc - optind)) {
        rc = CLI_FAIL;
        goto out;
    }
    c.res = calloc((size_t)(nw ? nw : 1), sizeof *c.res);
    c.langid = calloc((size_t)(nw ? nw : 1), sizeof *c.langid);
    if (!pool || !c.cleaner || !c.res || !c.langid) {
        cli_error("cannot start: out of memory or no threads");
        rc = CLI_FAIL;
        goto out;
    }
    for (int i = 0; i < nw; i++) {
        ss_clean_result_init(&c.res[i]);
        if (!(c.langid[i] = ss_langid_new(&err))) {
            cli_error("%s", err.msg);
            rc = CLI_FAIL;
            goto out;
        }
    }
    rc = cli_map_docs(&in, pool, work, emit, &c);
    if (fflush(stdout) != 0) {
        cli_error("cannot write the output: %s", cli_oserr());
        rc = CLI_FAIL;
    }
out:
    cli_in_close(&in);
    for (int i = 0; i < nw; i++) {
        if (c.res)
            ss_clean_result_release(&c.res[i]);
        if (c.langid)
            ss_langid_free(c.langid[i]);
    }
    free(c.res);
    free(c.langid);
    ss_buf_release(&c.line);
    ss_cleaner_free(c.cleaner);
    ss_pool_free(pool);
    return rc;
}
