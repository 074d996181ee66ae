/* cli/cmd_translations.c — `samestory translations`: an article and its
 * translation in another language.
 *
 * Linking: every document is prepared (cleaned, its language found) and
 * turned into pivot vectors in parallel batches; the linker then matches
 * them (xling/link.h) and the links are printed best first.
 *
 * Alignment (--align A B): the two documents' sentences are aligned
 * (xling/align.h) and each aligned group printed with its spans.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "cli.h"
#include "data.h"

static const char usage[] =
    "usage: samestory translations [OPTIONS] INPUT...\n"
    "       samestory translations --align A B [INPUT...]\n"
    "\n"
    "Finds articles that are translations of each other. One JSON line per link,\n"
    "best first:\n"
    "  {\"a\", \"b\", \"lang_a\", \"lang_b\", \"score\", \"cosine\", \"evidence\"}\n"
    "a is the document read first. score is the share of words (of the side where\n"
    "it is lower) lying in sentences aligned with a well-matched counterpart; cosine\n"
    "compares the two articles' language-neutral terms as wholes and picked the\n"
    "candidates. Each article is linked to at most one article of each other\n"
    "language. evidence is \"dictionary+names+numbers\" when both\n"
    "languages map into English through a dictionary (English itself, or a language\n"
    "with an installed FreeDict dictionary), else \"names+numbers\": such pairs\n"
    "are matched on transliterated names, numbers and dates alone.\n"
    "\n"
    "With --align, prints the sentence alignment of two documents instead: A and B\n"
    "are two files holding one document each, or, when INPUT files follow, the\n"
    "ids of two documents among them. One JSON line per aligned group of\n"
    "sentences:\n"
    "  {\"a_span\": [start, end], \"b_span\": [start, end], \"a_sentences\": [i, j],\n"
    "   \"b_sentences\": [k, l], \"score\", \"anchors\", \"a_text\", \"b_text\"}\n"
    "Spans are code points of each document's text (a .txt file whole), half-open;\n"
    "sentence ranges are half-open too (an empty range: a sentence with no\n"
    "counterpart). anchors counts the dictionary words, names and numbers the two\n"
    "sides share.\n"
    "\n"
    "Options:\n"
    "  --threshold X          lowest score linked, 0 to 1 (default 0.45; pairs\n"
    "                         matched on names and numbers alone need 0.8 of it)\n"
    "  --no-dictionary        link through names, numbers and dates only\n"
    "  --align A B            align the sentences of two documents\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_NO_DICT, OPT_ALIGN };

#define NO_COPY UINT32_MAX

typedef struct {
    char *id;
    char lang[16];
    uint64_t text_hash;  /* XXH3 of the text: exact copies share it */
    uint32_t next;       /* the next copy of the same text, NO_COPY at the end */
    uint32_t last;       /* for the group's first document: its last copy */
} meta;

typedef struct {
    ss_preparer *prep;
    ss_pivoter **pv;
    ss_pivot slot[CLI_BATCH];
    ss_xtext text[CLI_BATCH];
    ss_xlinker *lk;
    meta *m;
    size_t n, cap;
    /* exact copies of a text are one source with copies: only the first is
     * linked, and its links are shared out among the copies afterwards */
    ss_keymap *texts;    /* text hash -> the first document with that text */
    uint32_t *lk_doc;    /* linker document -> its document (meta index) */
    size_t nlk, caplk;
    const ss_lexicon *lx;
    int no_dict;
    const cli_opts *o;
    cli_in *in;
    char warned[64][16];
    int nwarned;
    int runtime_error;
} run;

static int work(void *ctx, int worker, ss_doc *d, size_t slot)
{
    run *c = ctx;
    if (cli_prep_article(c->prep, worker, d) != SS_OK) {
        c->runtime_error = 1;
        return -1;
    }
    if (ss_pivot_doc(c->pv[worker], d, &c->slot[slot]) != SS_OK ||
        ss_xtext_doc(c->pv[worker], d, &c->text[slot]) != SS_OK) {
        cli_error("%s: out of memory", d->id);
        c->runtime_error = 1;
        return -1;
    }
    return 0;
}

/* Tell once per language that it links without a dictionary, and which
 * package would bring one. */
static void warn_no_dictionary(run *c, const char *lang)
{
    if (c->no_dict || c->o->quiet || !ss_lang_known(lang) || strcmp(lang, "en") == 0 ||
        ss_lexicon_has(c->lx, lang))
        return;
    for (int i = 0; i < c->nwarned; i++)
        if (strcmp(c->warned[i], lang) == 0)
            return;
    if (c->nwarned < 64)
        snprintf(c->warned[c->nwarned++], sizeof c->warned[0], "%s", lang);
    const char *pkg = ss_lexicon_package(lang);
    cli_progress_clear(c->in);
    if (pkg)
        cli_warn(c->o,
                 "no dictionary for language %s: its articles link through names and numbers only "
                 "(install the Debian package %s, then rebuild: ./setup.sh)",
                 lang, pkg);
    else
        cli_warn(c->o,
                 "no dictionary for language %s (Debian carries none): its articles link through "
                 "names and numbers only",
                 lang);
}

static int emit(void *ctx, ss_doc *d, size_t slot)
{
    run *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        meta *v = realloc(c->m, cap * sizeof *v);
        if (!v)
            goto oom;
        c->m = v;
        c->cap = cap;
    }
    meta *m = &c->m[c->n];
    m->id = strdup(d->id);
    if (!m->id)
        goto oom;
    snprintf(m->lang, sizeof m->lang, "%s", d->lang[0] ? d->lang : "und");
    m->text_hash = XXH3_64bits(d->text ? d->text : "", d->text_len);
    m->next = m->last = NO_COPY;
    uint32_t self = (uint32_t)c->n, cand[16];
    size_t nc = ss_keymap_get(c->texts, m->text_hash, cand, 16);
    for (size_t i = 0; i < nc && i < 16; i++) {
        meta *first = &c->m[cand[i]];
        if (first->text_hash != m->text_hash || strcmp(first->lang, m->lang) != 0)
            continue; /* another key of the shard, or the same text told apart by language */
        /* a copy: chained to the first, not linked on its own */
        if (first->last == NO_COPY)
            first->next = self;
        else
            c->m[first->last].next = self;
        first->last = self;
        ss_pivot_release(&c->slot[slot]);
        ss_pivot_init(&c->slot[slot]);
        ss_xtext_release(&c->text[slot]);
        ss_xtext_init(&c->text[slot]);
        c->n++;
        return 0;
    }
    if (c->nlk == c->caplk) {
        size_t cap = c->caplk ? c->caplk * 2 : 1024;
        uint32_t *v = realloc(c->lk_doc, cap * sizeof *v);
        if (!v)
            goto oom;
        c->lk_doc = v;
        c->caplk = cap;
    }
    if (ss_keymap_add(c->texts, m->text_hash, self) ||
        ss_xlinker_add(c->lk, &c->slot[slot], &c->text[slot]))
        goto oom;
    c->lk_doc[c->nlk++] = self;
    c->n++;
    warn_no_dictionary(c, m->lang);
    return 0;
oom:
    cli_error("out of memory");
    c->runtime_error = 1;
    return -1;
}

static int print_link(run *c, const ss_xlink *l, ss_buf *line)
{
    ss_buf_clear(line);
    ss_jw w;
    ss_jw_init(&w, line);
    ss_jw_obj(&w);
    ss_jw_key(&w, "a");
    ss_jw_str(&w, c->m[l->a].id);
    ss_jw_key(&w, "b");
    ss_jw_str(&w, c->m[l->b].id);
    ss_jw_key(&w, "lang_a");
    ss_jw_str(&w, c->m[l->a].lang);
    ss_jw_key(&w, "lang_b");
    ss_jw_str(&w, c->m[l->b].lang);
    ss_jw_key(&w, "score");
    ss_jw_double(&w, l->score, 4);
    ss_jw_key(&w, "cosine");
    ss_jw_double(&w, l->cosine, 4);
    ss_jw_key(&w, "evidence");
    ss_jw_str(&w, l->dictionary ? "dictionary+names+numbers" : "names+numbers");
    ss_jw_obj_end(&w);
    return w.err || cli_emit(line) ? -1 : 0;
}

static int link_all(const cli_opts *o, char **paths, int npaths, double threshold, int no_dict)
{
    cli_in in;
    int status = cli_in_open(&in, o, paths, npaths);
    if (status)
        return status;
    run c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.in = &in;
    c.no_dict = no_dict;
    ss_error err;
    ss_error_clear(&err);
    ss_pool *pool = ss_pool_new(o->threads);
    int nw = pool ? ss_pool_threads(pool) : 0;
    ss_stopwords *sw = ss_stopwords_load(&err);
    if (!sw)
        cli_warn(o, "%s (function words will count as content)", err.msg);
    ss_lexicon *lx = NULL;
    if (!no_dict) {
        ss_error_clear(&err);
        lx = ss_lexicon_load(&err);
        if (!lx)
            cli_warn(o, "%s; articles link through names and numbers only", err.msg);
    }
    c.lx = lx;
    c.pv = calloc((size_t)(nw ? nw : 1), sizeof *c.pv);
    c.lk = ss_xlinker_new();
    c.texts = ss_keymap_new();
    ss_buf line = SS_BUF_INIT;
    ss_xlink *links = NULL;
    size_t nlinks = 0;
    if (!pool || !c.pv || !c.lk || !c.texts || !(c.prep = ss_preparer_new(nw, sw, lx, NULL))) {
        cli_error("cannot start: out of memory");
        status = CLI_FAIL;
        goto out;
    }
    for (int i = 0; i < nw; i++)
        if (!(c.pv[i] = ss_pivoter_new(lx, sw, &err))) {
            cli_error("%s", err.msg);
            status = CLI_FAIL;
            goto out;
        }
    for (int i = 0; i < CLI_BATCH; i++) {
        ss_pivot_init(&c.slot[i]);
        ss_xtext_init(&c.text[i]);
    }
    status = cli_map_docs_slots(&in, pool, work, emit, &c);
    if (c.runtime_error)
        goto out;
    /* a bad record stopped the reading: what was read is still linked */
    if (ss_xlinker_run(c.lk, pool, threshold, &links, &nlinks)) {
        cli_error("out of memory");
        status = CLI_FAIL;
        goto out;
    }
    cli_progress_clear(&in);
    int write_failed = 0;
    for (size_t i = 0; i < nlinks && !write_failed; i++) {
        /* the link of two texts, shared out one to one among their copies
         * in input order (each article takes one partner per language) */
        uint32_t x = c.lk_doc[links[i].a], y = c.lk_doc[links[i].b];
        for (; x != NO_COPY && y != NO_COPY; x = c.m[x].next, y = c.m[y].next) {
            ss_xlink l = links[i];
            l.a = x < y ? x : y; /* a is the document read first */
            l.b = x < y ? y : x;
            if (print_link(&c, &l, &line)) {
                cli_error("cannot write the output: %s", cli_oserr());
                status = CLI_FAIL;
                write_failed = 1;
                break;
            }
        }
    }
out:
    cli_in_close(&in);
    free(links);
    ss_buf_release(&line);
    for (size_t i = 0; i < c.n; i++)
        free(c.m[i].id);
    free(c.m);
    for (int i = 0; i < CLI_BATCH; i++) {
        ss_pivot_release(&c.slot[i]);
        ss_xtext_release(&c.text[i]);
    }
    for (int i = 0; c.pv && i < nw; i++)
        ss_pivoter_free(c.pv[i]);
    free(c.pv);
    ss_xlinker_free(c.lk);
    ss_keymap_free(c.texts);
    free(c.lk_doc);
    ss_preparer_free(c.prep);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    ss_pool_free(pool);
    return status;
}

int cmd_translations(int argc, char **argv)
{
    static const struct option longopts[] = {{"threshold", required_argument, NULL, OPT_THRESHOLD},
                                             {"no-dictionary", no_argument, NULL, OPT_NO_DICT},
                                             {"align", no_argument, NULL, OPT_ALIGN},
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    double threshold = SS_XLINK_THRESHOLD;
    int no_dict = 0, align = 0, ch;
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        switch (ch) {
        case 'h':
            fputs(usage, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        case OPT_THRESHOLD:
            if (cli_parse_double("--threshold", optarg, 0.0, 1.0, &threshold))
                return CLI_USAGE;
            continue;
        case OPT_NO_DICT:
            no_dict = 1;
            continue;
        case OPT_ALIGN:
            align = 1;
            continue;
        default:
            break;
        }
        if (cli_other_option(&o, ch, optarg, "translations"))
            continue;
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_LANGID | (no_dict ? 0 : CLI_NEED_LEXICON)))
        return CLI_FAIL;
    if (align) {
        if (argc - optind < 2) {
            cli_error("--align takes two documents: A B (files, or ids followed by INPUT files)");
            return CLI_USAGE;
        }
        return cli_translations_align(&o, argv + optind, argc - optind, no_dict);
    }
    return link_all(&o, argv + optind, argc - optind, threshold, no_dict);
}
