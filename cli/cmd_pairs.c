/* cli/cmd_pairs.c — `samestory pairs`: same-story similarity of given pairs.
 *
 * Reads every pair first (a pairs file is small next to a corpus), prepares
 * and featurizes each distinct document once in parallel, counts document
 * frequencies over them, then scores each pair in input order.
 */
#include <stdatomic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "cli.h"
#include "data.h"
#include "fingerprint/keymap.h"
#include "story/df.h"
#include "story/features.h"
#include "story/model.h"
#include "story/similarity.h"

static const char usage[] =
    "usage: samestory pairs [OPTIONS] PAIRS.jsonl\n"
    "\n"
    "Scores how likely each given pair of articles reports the same event.\n"
    "Input lines: {\"id\": pair_id, \"a\": doc, \"b\": doc}, a doc as in any JSONL\n"
    "input ({\"id\", \"text\"|\"html\", \"title\"?, \"lang\"?, \"date\"?, ...}).\n"
    "Output lines: {\"id\", \"story\": 0..1 (1 = same event), \"same\": the\n"
    "probability that annotators call the two one story, \"relation\":\n"
    "\"duplicate|reuse|translation|same-event|unrelated\", \"evidence\": {...}}.\n"
    "\n"
    "Options:\n"
    "  --threshold P          probability (\"same\") from which a pair is the same\n"
    "                         event (default: the model's, chosen by\n"
    "                         cross-validation; 0.46 on the hand-set score when\n"
    "                         the model file is missing)\n"
    "  --headline-threshold P the same when either article is only a headline\n"
    "                         (default: the model's; 0.2 without it)\n"
    "  --features             add \"features\": the pair features the model\n"
    "                         weighs (for training: tools/train_story_model.py)\n"
    "\n"
    "relation says how the texts are tied: duplicate (word 5-shingle Jaccard of\n"
    "the bodies 0.8 or more), reuse (passages of one cover a fifth of either);\n"
    "for both \"source\" names the earlier, or is null; translation (two languages,\n"
    "aligned sentence by sentence, as `samestory translations` judges); else\n"
    "same-event when story reaches the threshold, unrelated below it.\n"
    "\n"
    "Evidence: per-field cosines of IDF-weighted vectors (terms: stemmed\n"
    "content words; names: name words keyed for spelling; numbers; title;\n"
    "pivot: language-neutral terms), languages, days apart.\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_HEADLINE, OPT_FEATURES };

typedef struct {
    char *id;
    ss_doc *a, *b;
    int ia, ib;     /* index of the distinct documents */
} pair;

typedef struct {
    pair *pairs;
    size_t npairs, cap;
    ss_doc **docs;      /* distinct documents (first occurrence owns it) */
    ss_features *feat;
    size_t ndocs, capdocs;
    ss_preparer *prep;
    ss_pivoter **pv;        /* per worker: translation checks */
    ss_xaligner **al;
    ss_tokens *tok;
    uint8_t *rel;           /* per pair: ss_relation by the texts (SS_REL_SAME_EVENT: none) */
    int8_t *src;            /* per pair: reuse source, 0 = a, 1 = b, -1 unknown */
    atomic_int failed;      /* set by any worker thread, read after the pool joins */
    ss_keymap *ids;         /* hash of each pair id -> its index in pairs */
} ctx;

/* Whether a pair of this id was read already (ids are checked as
 * written, not only by hash); -1 out of memory. */
static int pair_id_seen(ctx *c, const char *id)
{
    if (!c->ids && !(c->ids = ss_keymap_new()))
        return -1;
    uint32_t v[16];
    size_t n = ss_keymap_get(c->ids, XXH3_64bits(id, strlen(id)), v, 16);
    uint32_t *all = n > 16 ? malloc(n * sizeof *all) : v;
    if (!all)
        return -1;
    if (n > 16)
        ss_keymap_get(c->ids, XXH3_64bits(id, strlen(id)), all, n);
    int seen = 0;
    for (size_t i = 0; i < n && !seen; i++)
        seen = strcmp(c->pairs[all[i]].id, id) == 0;
    if (all != v)
        free(all);
    return seen;
}

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether a and b, of one id, are the same document as read (a pairs
 * file repeats a document on the lines that compare it; one id given
 * with other contents on another line is another document, compared as
 * given). */
static int same_doc(const ss_doc *a, const ss_doc *b)
{
    return same_str(a->title, b->title) && same_str(a->date, b->date) && same_str(a->url, b->url) &&
           same_str(a->source, b->source) && a->lang_given == b->lang_given &&
           (!a->lang_given || strcmp(a->lang, b->lang) == 0) && a->text_len == b->text_len &&
           (!a->text_len || memcmp(a->text, b->text, a->text_len) == 0) && a->html_len == b->html_len &&
           (!a->html_len || memcmp(a->html, b->html, a->html_len) == 0);
}

static int add_doc(ctx *c, ss_doc *d)
{
    for (size_t i = 0; i < c->ndocs; i++) /* pairs files are small; linear is fine */
        if (strcmp(c->docs[i]->id, d->id) == 0 && same_doc(c->docs[i], d))
            return (int)i;
    if (c->ndocs == c->capdocs) {
        size_t cap = c->capdocs ? c->capdocs * 2 : 256;
        ss_doc **v = realloc(c->docs, cap * sizeof *v);
        if (!v)
            return -1;
        c->docs = v;
        c->capdocs = cap;
    }
    c->docs[c->ndocs] = d;
    return (int)c->ndocs++;
}

static void prepare(void *arg, int worker, size_t i)
{
    ctx *c = arg;
    ss_doc *d = c->docs[i];
    ss_error err;
    ss_error_clear(&err);
    if (ss_prepare_features(c->prep, worker, d, &c->feat[i], &err) != SS_OK) {
        cli_error("%s", err.msg);
        atomic_store(&c->failed, 1);
    }
}

/* What ties pair i beyond the story score: a duplicate or reuse within one
 * language, a translation across two. */
static void relate(void *arg, int worker, size_t i)
{
    ctx *c = arg;
    pair *p = &c->pairs[i];
    ss_doc *a = c->docs[p->ia], *b = c->docs[p->ib];
    c->rel[i] = SS_REL_SAME_EVENT;
    c->src[i] = -1;
    if (ss_langs_differ(a->lang, b->lang)) {
        int dict;
        double s;
        if (ss_xlink_pair(c->pv[worker], c->al[worker], a, b, &s, &dict, NULL))
            atomic_store(&c->failed, 1);
        else if (ss_xlink_accepts(s, dict, a->lang, b->lang, SS_XLINK_THRESHOLD))
            c->rel[i] = SS_REL_TRANSLATION;
        return;
    }
    ss_relation r;
    int src;
    ss_error err;
    ss_error_clear(&err);
    if (ss_docs_relation(a, b, &c->tok[worker], &r, &src, &err) != SS_OK) {
        atomic_store(&c->failed, 1);
        return;
    }
    c->rel[i] = (uint8_t)r;
    c->src[i] = (int8_t)src;
}

static int read_pairs(ctx *c, const cli_opts *o, const char *path)
{
    ss_error err;
    ss_error_clear(&err);
    ss_stream *s = ss_stream_open(path, o->max_doc_bytes ? o->max_doc_bytes * 2 : 0, &err);
    if (!s) {
        cli_error("%s", err.msg);
        return CLI_FAIL;
    }
    FILE *rej = NULL;
    ss_outfile *rej_out = NULL;
    if (o->rejects) {
        char *inputs[] = {(char *)path};
        if (cli_out_check("--rejects", o->rejects, inputs, 1) != CLI_OK) {
            ss_stream_close(s);
            return CLI_USAGE;
        }
        if (!(rej_out = cli_out_open(o, "--rejects", o->rejects, 0))) {
            ss_stream_close(s);
            return CLI_FAIL;
        }
        rej = ss_outfile_stream(rej_out);
    }
    int status = CLI_OK;
    uint64_t skipped = 0;
    const char *line;
    size_t len;
    for (;;) {
        int rc = ss_stream_getline(s, &line, &len, &err);
        if (rc == 0)
            break;
        pair p = {0};
        if (rc == 1) {
            if (ss_jsonl_blank(line, len))
                continue;
            rc = ss_jsonl_parse_pair(line, len, path, ss_stream_lineno(s), &p.id, &p.a, &p.b, &err);
        }
        if (rc == SS_OK && strcmp(p.a->id, p.b->id) == 0 && p.a->text && p.b->text &&
            strcmp(p.a->text, p.b->text) != 0) {
            rc = ss_error_set(&err, SS_EDUPID, "%s:%llu: the two documents share the id \"%s\" but differ",
                              path, (unsigned long long)ss_stream_lineno(s), p.a->id);
            free(p.id);
            ss_doc_free(p.a);
            ss_doc_free(p.b);
        }
        if (rc == SS_OK) {
            int seen = pair_id_seen(c, p.id);
            if (seen < 0) {
                cli_error("out of memory");
                free(p.id);
                ss_doc_free(p.a);
                ss_doc_free(p.b);
                status = CLI_FAIL;
                break;
            }
            if (seen) {
                rc = ss_error_set(&err, SS_EDUPID, "%s:%llu: duplicate pair id \"%s\" (an earlier line has it)",
                                  path, (unsigned long long)ss_stream_lineno(s), p.id);
                free(p.id);
                ss_doc_free(p.a);
                ss_doc_free(p.b);
            }
        }
        if (rc != SS_OK) {
            if (rej && rc != SS_ETOOBIG && len) {
                fwrite(line, 1, len, rej);
                fputc('\n', rej);
            }
            if (!o->skip_bad || rc == SS_EIO || rc == SS_EFORMAT || rc == SS_ENOMEM) {
                cli_error("%s", err.msg);
                if (rc != SS_ENOMEM)
                    cli_note("the run stopped at this bad record. Use --skip-bad to "
                              "skip bad records (and --rejects FILE to keep them).");
                status = CLI_FAIL;
                break;
            }
            if (!o->quiet)
                cli_note("skipped: %s", err.msg);
            skipped++;
            continue;
        }
        if (c->npairs == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 256;
            pair *v = realloc(c->pairs, cap * sizeof *v);
            if (!v) {
                cli_error("out of memory");
                status = CLI_FAIL;
                break;
            }
            c->pairs = v;
            c->cap = cap;
        }
        p.ia = add_doc(c, p.a);
        if (p.ia >= 0 && c->docs[p.ia] != p.a) {
            ss_doc_free(p.a);
            p.a = c->docs[p.ia];
        }
        p.ib = add_doc(c, p.b);
        if (p.ib >= 0 && c->docs[p.ib] != p.b) {
            ss_doc_free(p.b);
            p.b = c->docs[p.ib];
        }
        if (p.ia < 0 || p.ib < 0) {
            cli_error("out of memory");
            status = CLI_FAIL;
            break;
        }
        if (ss_keymap_add(c->ids, XXH3_64bits(p.id, strlen(p.id)), (uint32_t)c->npairs)) {
            free(p.id); /* its documents are the distinct documents' now */
            cli_error("out of memory");
            status = CLI_FAIL;
            break;
        }
        c->pairs[c->npairs++] = p;
    }
    if (skipped && !o->quiet)
        fprintf(stderr, "samestory: %llu bad record(s) skipped\n", (unsigned long long)skipped);
    if (rej_out && cli_out_finish(rej_out, 1) != CLI_OK)
        status = CLI_FAIL;
    ss_stream_close(s);
    return status;
}

/* Duplicate, reuse and translation say how two texts are tied whatever
 * the story score; otherwise the score decides. */
static const char *relation(const ss_sim *s, ss_relation by_text, double threshold)
{
    if (by_text != SS_REL_SAME_EVENT)
        return ss_relation_name(by_text);
    if (s->p_same >= threshold)
        return "same-event";
    return "unrelated";
}

/* Headlines alone share few words: they are judged against the lower
 * headline threshold (see docs/STORIES.md). */
static double threshold_for(const ss_features *a, const ss_features *b, double full, double head)
{
    return a->headline_only || b->headline_only ? head : full;
}

static void write_features(ss_jw *w, const ss_sim *s)
{
    ss_jw_key(w, "features");
    ss_jw_obj(w);
    for (int f = 0; f < SS_SF_COUNT; f++) {
        ss_jw_key(w, ss_sim_feature_names[f]);
        ss_jw_double(w, s->x[f], 6);
    }
    ss_jw_obj_end(w);
}

static void write_evidence(ss_jw *w, const ss_sim *s, const ss_doc *a, const ss_doc *b)
{
    static const char *const names[SS_F_COUNT] = {"terms", "names", "numbers", "title", "lead", "pivot"};
    ss_jw_key(w, "evidence");
    ss_jw_obj(w);
    for (int f = 0; f < SS_F_COUNT; f++) {
        ss_jw_key(w, names[f]);
        ss_jw_double(w, s->f[f], 4);
    }
    ss_jw_key(w, "languages");
    ss_jw_arr(w);
    ss_jw_str(w, a->lang[0] ? a->lang : "und");
    ss_jw_str(w, b->lang[0] ? b->lang : "und");
    ss_jw_arr_end(w);
    if (s->gap_days >= 0) {
        ss_jw_key(w, "days_apart");
        ss_jw_double(w, s->gap_days, 2);
    }
    ss_jw_obj_end(w);
}

int cmd_pairs(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"threshold", required_argument, NULL, OPT_THRESHOLD},
        {"headline-threshold", required_argument, NULL, OPT_HEADLINE},
        {"features", no_argument, NULL, OPT_FEATURES},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    double threshold = -1, head_threshold = -1; /* -1: the model's */
    int ch, features = 0;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(ch))
            return CLI_USAGE;
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs("Input options:\n", stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        }
        if (ch == OPT_THRESHOLD) {
            if (cli_parse_double("--threshold", optarg, 0.0, 1.0, &threshold))
                return CLI_USAGE;
            continue;
        }
        if (ch == OPT_HEADLINE) {
            if (cli_parse_double("--headline-threshold", optarg, 0.0, 1.0, &head_threshold))
                return CLI_USAGE;
            continue;
        }
        if (ch == OPT_FEATURES) {
            features = 1;
            continue;
        }
        if (cli_other_option(&o, ch, optarg, "pairs"))
            continue;
        return CLI_USAGE;
    }
    if (argc - optind != 1) {
        cli_error("pairs takes one PAIRS.jsonl file (or - for stdin)");
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_LEXICON))
        return CLI_FAIL;
    int model_failed;
    const ss_story_model *model = cli_story_model(&o, &model_failed);
    if (model_failed)
        return CLI_FAIL;
    /* without a model the hand-set score is compared (docs/STORIES.md) */
    if (threshold < 0)
        threshold = model ? model->threshold : 0.46;
    if (head_threshold < 0)
        head_threshold = model ? model->headline_threshold : 0.2;
    ctx c;
    memset(&c, 0, sizeof c);
    int status = read_pairs(&c, &o, argv[optind]);
    ss_pool *pool = NULL;
    ss_df *df = NULL;
    ss_stopwords *sw = NULL;
    ss_lexicon *lx = NULL;
    ss_buf line = SS_BUF_INIT;
    int nw = 0;
    if (status != CLI_OK && c.npairs == 0)
        goto out;
    {
        int read_status = status;
        ss_error err;
        ss_error_clear(&err);
        pool = ss_pool_new(o.threads);
        nw = pool ? ss_pool_threads(pool) : 0;
        sw = ss_stopwords_load(&err);
        lx = cli_lexicon_load(&o);
        if (!sw)
            cli_warn(&o, "%s (function words will count as content)", err.msg);
        c.feat = calloc(c.ndocs ? c.ndocs : 1, sizeof *c.feat);
        c.pv = calloc((size_t)(nw ? nw : 1), sizeof *c.pv);
        c.al = calloc((size_t)(nw ? nw : 1), sizeof *c.al);
        c.tok = calloc((size_t)(nw ? nw : 1), sizeof *c.tok);
        c.rel = calloc(c.npairs ? c.npairs : 1, 1);
        c.src = calloc(c.npairs ? c.npairs : 1, 1);
        df = ss_df_new();
        if (!pool || !c.feat || !c.pv || !c.al || !c.tok || !c.rel || !c.src || !df ||
            !(c.prep = ss_preparer_new(nw, sw, lx, &err))) {
            cli_error("cannot start: out of memory");
            status = CLI_FAIL;
            goto out;
        }
        for (int i = 0; i < nw; i++) {
            ss_tokens_init(&c.tok[i]);
            if (!(c.pv[i] = ss_pivoter_new(lx, sw, &err))) {
                cli_error("%s", err.msg);
                status = CLI_FAIL;
                goto out;
            }
            if (!(c.al[i] = ss_xaligner_new())) {
                cli_error("cannot start: out of memory");
                status = CLI_FAIL;
                goto out;
            }
        }
        for (size_t i = 0; i < c.ndocs; i++)
            ss_features_init(&c.feat[i]);
        ss_pool_for(pool, c.ndocs, prepare, &c);
        if (atomic_load(&c.failed)) {
            status = CLI_FAIL;
            goto out;
        }
        /* a "lang" that is no language, or that the text's script refutes:
           detected instead, told once per document (one of several pairs is
           stored once) */
        uint64_t notes[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < c.ndocs; i++)
            if (!c.docs[i]->lang_given && c.docs[i]->lang_unread[0])
                cli_add_notes(&o, c.docs[i], SS_NOTE_BAD_LANG, notes);
        cli_add_notes_done(&o, notes);
        ss_pool_for(pool, c.npairs, relate, &c);
        if (atomic_load(&c.failed)) {
            cli_error("out of memory");
            status = CLI_FAIL;
            goto out;
        }
        for (size_t i = 0; i < c.ndocs; i++)
            if (ss_df_add(df, &c.feat[i])) {
                cli_error("out of memory");
                status = CLI_FAIL;
                goto out;
            }
        for (size_t i = 0; i < c.npairs; i++) {
            pair *p = &c.pairs[i];
            ss_sim s;
            ss_similarity(df, &c.feat[p->ia], &c.feat[p->ib], &s);
            ss_buf_clear(&line);
            ss_jw w;
            ss_jw_init(&w, &line);
            ss_jw_obj(&w);
            ss_jw_key(&w, "id");
            ss_jw_str(&w, p->id);
            ss_jw_key(&w, "story");
            ss_jw_double(&w, s.story, 4);
            ss_jw_key(&w, "same");
            ss_jw_double(&w, s.p_same, 4);
            ss_jw_key(&w, "relation");
            ss_jw_str(&w, relation(&s, (ss_relation)c.rel[i],
                                   threshold_for(&c.feat[p->ia], &c.feat[p->ib], threshold, head_threshold)));
            if (c.rel[i] == SS_REL_REUSE || c.rel[i] == SS_REL_DUPLICATE) {
                ss_jw_key(&w, "source");
                if (c.src[i] >= 0)
                    ss_jw_str(&w, c.docs[c.src[i] ? p->ib : p->ia]->id);
                else
                    ss_jw_null(&w);
            }
            write_evidence(&w, &s, p->a, p->b);
            if (features)
                write_features(&w, &s);
            ss_jw_obj_end(&w);
            if (w.err || cli_emit(&line)) {
                cli_error("cannot write the output: %s", cli_oserr());
                status = CLI_FAIL;
                break;
            }
        }
        if (status == CLI_OK)
            status = read_status;
    }
out:
    for (size_t i = 0; i < c.npairs; i++)
        free(c.pairs[i].id);
    for (size_t i = 0; i < c.ndocs; i++) {
        ss_doc_free(c.docs[i]);
        if (c.feat)
            ss_features_release(&c.feat[i]);
    }
    for (int i = 0; c.pv && i < nw; i++)
        ss_pivoter_free(c.pv[i]);
    for (int i = 0; c.al && i < nw; i++)
        ss_xaligner_free(c.al[i]);
    for (int i = 0; c.tok && i < nw; i++)
        ss_tokens_release(&c.tok[i]);
    free(c.pv);
    free(c.al);
    free(c.tok);
    free(c.rel);
    free(c.src);
    free(c.pairs);
    ss_keymap_free(c.ids);
    free(c.docs);
    free(c.feat);
    ss_preparer_free(c.prep);
    ss_buf_release(&line);
    ss_df_free(df);
    ss_stopwords_free(sw);
    ss_lexicon_free(lx);
    ss_pool_free(pool);
    return status;
}
