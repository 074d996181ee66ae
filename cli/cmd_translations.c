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

#include "cli.h"
#include "data.h"

static const char usage[] =
    "usage: samestory translations [OPTIONS] INPUT...\n"
    "       samestory translations --align A B [INPUT...]\n"
    "\n"
    "Finds articles that are translations of each other. One JSON line per link,\n"
    "best first:\n"
    "  {\"a\", \"b\", \"lang_a\", \"lang_b\", \"score\", \"cosine\", \"evidence\"[, \"via\"]}\n"
    "a is the document read first. score is the share of words (of the side where\n"
    "it is lower) lying in sentences aligned with a well-matched counterpart; cosine\n"
    "compares the two articles' language-neutral terms as wholes and picked the\n"
    "candidates. Each article is linked to at most one article of each other\n"
    "language. evidence is \"dictionary+names+numbers\" when both\n"
    "languages map into English through a dictionary (English itself, or a language\n"
    "with an installed FreeDict dictionary), else \"names+numbers\": such pairs\n"
    "are matched on transliterated names, numbers and dates alone.\n"
    "Two articles both linked to one third (versions of one original in two\n"
    "languages whose dictionaries meet less well, Chinese and Spanish) are linked\n"
    "to each other when their own score reaches 0.2 of the threshold; via names\n"
    "that third article.\n"
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
    "                         matched on names and numbers alone need 0.8 of it,\n"
    "                         two codes of one language, hr and sr, da and no,\n"
    "                         cs and sk, 1.5 times it, at most halfway to 1)\n"
    "  --no-dictionary        link through names, numbers and dates only\n"
    "  --align A B            align the sentences of two documents\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_NO_DICT, OPT_ALIGN };

typedef struct {
    ss_translator *t;
    const ss_lexicon *lx;
    int no_dict;
    const cli_opts *o;
    cli_in *in;
    cli_dict_warned warned;
    int runtime_error;
    uint64_t cut;           /* documents longer than SS_DOC_WORK_MAX */
    uint64_t notes[4];      /* "lang" values that are no language tag (cli_add_notes) */
} run;

static int work(void *ctx, int worker, ss_doc *d, size_t slot)
{
    run *c = ctx;
    ss_error err;
    ss_error_clear(&err);
    if (ss_translator_work(c->t, worker, d, slot, &err) != SS_OK) {
        cli_error("%s", err.msg);
        c->runtime_error = 1;
        return -1;
    }
    return 0;
}

static int emit(void *ctx, ss_doc *d, size_t slot)
{
    run *c = ctx;
    ss_error err;
    ss_error_clear(&err);
    int linked = 0;
    if (ss_translator_emit(c->t, d, slot, &linked, &err)) {
        cli_error("%s", err.msg);
        c->runtime_error = 1;
        return -1;
    }
    if (!d->lang_given && d->lang_unread[0]) { /* its language was found instead */
        cli_progress_clear(c->in);
        cli_add_notes(c->o, d, SS_NOTE_BAD_LANG, c->notes);
    }
    if (linked)
        if (!c->no_dict)
            cli_warn_no_dictionary(c->o, c->in, c->lx, d->lang[0] ? d->lang : "und", &c->warned, "link");
    if (d->text_len > SS_DOC_WORK_MAX) {
        cli_progress_clear(c->in);
        cli_cut_note(c->o, d, "translations", &c->cut);
    }
    return 0;
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
    ss_buf out = SS_BUF_INIT;
    if (!pool) {
        cli_error("cannot start: out of memory");
        status = CLI_FAIL;
        goto out;
    }
    ss_error_clear(&err);
    if (!(c.t = ss_translator_new(nw, CLI_BATCH, sw, lx, &err))) {
        cli_error("%s", err.msg);
        status = CLI_FAIL;
        goto out;
    }
    status = cli_map_docs_slots(&in, pool, work, emit, &c);
    if (c.runtime_error)
        goto out;
    /* a bad record stopped the reading: what was read is still linked */
    ss_error_clear(&err);
    if (ss_translator_links_json(c.t, pool, threshold, &out, &err)) {
        cli_error("%s", err.msg);
        status = CLI_FAIL;
        goto out;
    }
    cli_progress_clear(&in);
    cli_cut_done(o, "translations", c.cut);
    cli_add_notes_done(o, c.notes);
    if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
        cli_error("cannot write the output: %s", cli_oserr());
        status = CLI_FAIL;
    }
out:
    cli_in_close(&in);
    ss_buf_release(&out);
    ss_translator_free(c.t);
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
    o.on_stop = "the documents before it were still compared and their results written";
    double threshold = SS_XLINK_THRESHOLD;
    int no_dict = 0, align = 0, ch;
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
