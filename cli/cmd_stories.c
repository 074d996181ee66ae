/* cli/cmd_stories.c — `samestory stories`: articles grouped into stories. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyrun.h"
#include "story/similarity.h"

static const char usage[] =
    "usage: samestory stories [OPTIONS] INPUT...\n"
    "\n"
    "Groups articles about the same event into stories, across languages, in one\n"
    "pass in date order as a news stream would arrive (articles without a date\n"
    "keep their input position).  Every article is in exactly one story.  Prints\n"
    "one line per story when it closes:\n"
    "  {\"story\": n, \"articles\": [ids], \"languages\": [...], \"first\": id,\n"
    "   \"title\": representative title, \"size\": n, \"first_date\"?, \"last_date\"?,\n"
    "   \"relations\": [{\"a\", \"b\", \"type\", \"score\"}]}\n"
    "relations link each article to the earlier member most similar to it; type\n"
    "is duplicate, reuse, translation or same-event.\n"
    "\n"
    "Options:\n"
    "  --threshold S          similarity for an article to join a story (default\n"
    "                         0.46; 0..1)\n"
    "  --window DAYS          a story closes after DAYS without a new article\n"
    "                         (default 3)\n"
    "\n"
    "Features: an article is compared with a story's profile (the sum of its\n"
    "members) by IDF-weighted cosines of stemmed content words, of the lead (title\n"
    "and first 60 words), of names (capitalized words, keyed for spelling\n"
    "variants), and of numbers; language-neutral pivot terms stand in for words\n"
    "across languages; articles far apart in time count less.  Candidate stories\n"
    "come from an inverted index over names and rare terms.\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_WINDOW };

typedef struct {
    ss_buf line;
    ss_stopwords *sw;
    ss_quoter *qt;
    ss_analyzer **an;     /* per worker */
    int nw;
    int compare;          /* add agree/unique/quotes/conflicts/variants */
} out_ctx;

/* What prepare leaves for emit: the analyses and their comparison. */
typedef struct {
    ss_analysis *x;
    const ss_analysis **xp;
    size_t n;
    ss_comparison c;
} compared;

static void compared_free(compared *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        ss_analysis_release(&k->x[i]);
    free(k->x);
    free(k->xp);
    ss_comparison_release(&k->c);
    free(k);
}

static int start(void *arg, int nworkers)
{
    out_ctx *c = arg;
    if (!c->compare)
        return 0;
    ss_error err;
    ss_error_clear(&err);
    c->qt = ss_quoter_new(&err);
    if (!c->qt)
        fprintf(stderr, "samestory: warning: %s (no quotations)\n", err.msg);
    c->an = calloc((size_t)nworkers, sizeof *c->an);
    if (!c->an)
        return -1;
    c->nw = nworkers;
    for (int i = 0; i < nworkers; i++)
        if (!(c->an[i] = ss_analyzer_new(c->sw, c->qt, &err))) {
            cli_error("%s", err.msg);
            return -1;
        }
    return 0;
}

static int prepare(void *arg, int worker, cli_closed_story *s, const ss_df *df)
{
    out_ctx *c = arg;
    if (!c->compare)
        return 0;
    compared *k = calloc(1, sizeof *k);
    if (!k)
        return -1;
    ss_comparison_init(&k->c);
    k->n = s->story.n;
    k->x = calloc(k->n, sizeof *k->x);
    k->xp = calloc(k->n, sizeof *k->xp);
    if (!k->x || !k->xp) {
        compared_free(k);
        return -1;
    }
    for (size_t i = 0; i < k->n; i++) {
        ss_analysis_init(&k->x[i]);
        k->xp[i] = &k->x[i];
        if (ss_analyze_doc(c->an[worker], s->arts[i]->doc, &k->x[i])) {
            compared_free(k);
            return -1;
        }
    }
    if (ss_compare_story(k->xp, k->n, df, &k->c)) {
        compared_free(k);
        return -1;
    }
    s->user = k;
    return 0;
}

static void write_piece(ss_jw *w, cli_article *const *m, const ss_piece *p)
{
    const ss_doc *d = m[p->doc]->doc;
    ss_jw_strn(w, d->text + p->start, p->end - p->start);
}

static void write_ids(ss_jw *w, cli_article *const *m, const uint32_t *docs, size_t n)
{
    ss_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        ss_jw_str(w, m[docs[i]]->doc->id);
    ss_jw_arr_end(w);
}

static void write_comparison(ss_jw *w, cli_article *const *m, const ss_comparison *c)
{
    static const char *const what[] = {"date", "number", "name"};
    ss_jw_key(w, "sources");
    ss_jw_uint(w, c->nsources);
    ss_jw_key(w, "agree");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nagree; i++) {
        ss_jw_obj(w);
        ss_jw_key(w, "text");
        write_piece(w, m, &c->agree[i].rep);
        ss_jw_key(w, "ids");
        write_ids(w, m, c->agree[i].docs, c->agree[i].ndocs);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "unique");
    ss_jw_obj(w);
    for (size_t i = 0; i < c->nunique; i++) {
        ss_jw_key(w, m[c->unique[i].doc]->doc->id);
        ss_jw_arr(w);
        for (size_t j = 0; j < c->unique[i].n; j++)
            write_piece(w, m, &c->unique[i].pieces[j]);
        ss_jw_arr_end(w);
    }
    ss_jw_obj_end(w);
    ss_jw_key(w, "quotes");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nquotes; i++) {
        ss_jw_obj(w);
        ss_jw_key(w, "speaker");
        ss_jw_str(w, c->quotes[i].speaker);
        ss_jw_key(w, "quote");
        write_piece(w, m, &c->quotes[i].s.rep);
        ss_jw_key(w, "ids");
        write_ids(w, m, c->quotes[i].s.docs, c->quotes[i].s.ndocs);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "conflicts");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nconflicts; i++) {
        const ss_conflict *x = &c->conflicts[i];
        ss_jw_obj(w);
        ss_jw_key(w, "what");
        ss_jw_str(w, what[x->what]);
        if (x->about) {
            ss_jw_key(w, "about");
            ss_jw_str(w, x->about);
        }
        ss_jw_key(w, "values");
        ss_jw_arr(w);
        for (size_t j = 0; j < x->nvalues; j++) {
            ss_jw_obj(w);
            ss_jw_key(w, "value");
            ss_jw_str(w, x->values[j].value);
            ss_jw_key(w, "ids");
            write_ids(w, m, x->values[j].s.docs, x->values[j].s.ndocs);
            ss_jw_key(w, "text");
            write_piece(w, m, &x->values[j].s.rep);
            ss_jw_obj_end(w);
        }
        ss_jw_arr_end(w);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "variants");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nvariants; i++) {
        const ss_variant *v = &c->variants[i];
        ss_jw_obj(w);
        ss_jw_key(w, "name");
        ss_jw_str(w, v->name);
        ss_jw_key(w, "forms");
        ss_jw_arr(w);
        for (size_t j = 0; j < v->nforms; j++) {
            ss_jw_obj(w);
            ss_jw_key(w, "value");
            ss_jw_str(w, v->forms[j]);
            ss_jw_key(w, "ids");
            write_ids(w, m, v->docs[j], v->ndocs[j]);
            ss_jw_obj_end(w);
        }
        ss_jw_arr_end(w);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int print_story(void *arg, cli_closed_story *cs, const ss_df *df)
{
    out_ctx *c = arg;
    const ss_story *s = &cs->story;
    cli_article *const *m = cs->arts;
    compared *k = cs->user;
    ss_buf_clear(&c->line);
    ss_jw w;
    ss_jw_init(&w, &c->line);
    ss_jw_obj(&w);
    ss_jw_key(&w, "story");
    ss_jw_uint(&w, s->id);
    ss_jw_key(&w, "articles");
    ss_jw_arr(&w);
    for (size_t i = 0; i < s->n; i++)
        ss_jw_str(&w, m[i]->doc->id);
    ss_jw_arr_end(&w);
    /* languages, sorted and unique */
    const char **langs = malloc(s->n * sizeof *langs);
    if (!langs)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        langs[i] = m[i]->doc->lang[0] ? m[i]->doc->lang : "und";
    qsort(langs, s->n, sizeof *langs, cmp_str);
    ss_jw_key(&w, "languages");
    ss_jw_arr(&w);
    for (size_t i = 0; i < s->n; i++)
        if (i == 0 || strcmp(langs[i], langs[i - 1]) != 0)
            ss_jw_str(&w, langs[i]);
    ss_jw_arr_end(&w);
    free(langs);
    /* the first article: earliest date, then input order */
    size_t first = 0;
    for (size_t i = 1; i < s->n; i++) {
        int64_t ti = m[i]->doc->time, tf = m[first]->doc->time;
        if ((ti != SS_TIME_NONE && (tf == SS_TIME_NONE || ti < tf)) ||
            (ti == tf && m[i]->seq < m[first]->seq))
            first = i;
    }
    ss_jw_key(&w, "first");
    ss_jw_str(&w, m[first]->doc->id);
    /* the representative title: of the member most like the whole story */
    ss_features profile;
    ss_features_init(&profile);
    for (size_t i = 0; i < s->n; i++)
        for (int f = 0; f < SS_F_COUNT; f++)
            ss_fvec_add(&profile.f[f], &m[i]->feat.f[f], 1.0f);
    double best = -1;
    size_t rep = first;
    for (size_t i = 0; i < s->n; i++) {
        if (!m[i]->doc->title || !m[i]->doc->title[0])
            continue;
        ss_sim sim;
        ss_similarity(df, &m[i]->feat, &profile, &sim);
        if (sim.story > best + 1e-9) {
            best = sim.story;
            rep = i;
        }
    }
    ss_features_release(&profile);
    ss_jw_key(&w, "title");
    ss_jw_str(&w, m[rep]->doc->title ? m[rep]->doc->title : "");
    ss_jw_key(&w, "size");
    ss_jw_uint(&w, s->n);
    char d[11];
    if (s->first_time != SS_TIME_NONE) {
        ss_time_format_date(s->first_time, d);
        ss_jw_key(&w, "first_date");
        ss_jw_str(&w, d);
        ss_time_format_date(s->last_time, d);
        ss_jw_key(&w, "last_date");
        ss_jw_str(&w, d);
    }
    ss_jw_key(&w, "relations");
    ss_jw_arr(&w);
    for (size_t i = 1; i < s->n; i++) {
        const ss_story_member *x = &s->members[i];
        const char *link = NULL;
        for (size_t j = 0; j < s->n && !link; j++)
            if (s->members[j].item == x->link)
                link = m[j]->doc->id;
        ss_jw_obj(&w);
        ss_jw_key(&w, "a");
        ss_jw_str(&w, m[i]->doc->id);
        ss_jw_key(&w, "b");
        ss_jw_str(&w, link ? link : m[0]->doc->id);
        ss_jw_key(&w, "type");
        int cross = strcmp(m[i]->doc->lang, "und") != 0 && link &&
                    strcmp(m[i]->doc->lang, m[0]->doc->lang) != 0;
        (void)cross;
        ss_jw_str(&w, "same-event");
        ss_jw_key(&w, "score");
        ss_jw_double(&w, x->link_score, 4);
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    if (k)
        write_comparison(&w, m, &k->c);
    ss_jw_obj_end(&w);
    compared_free(k);
    cs->user = NULL;
    if (w.err || cli_emit(&c->line))
        return -1;
    return 0;
}

int cmd_stories(int argc, char **argv)
{
    static const struct option longopts[] = {{"threshold", required_argument, NULL, OPT_THRESHOLD},
                                             {"window", required_argument, NULL, OPT_WINDOW},
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    ss_story_opts so;
    ss_story_opts_default(&so);
    int ch;
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs(cli_common_help, stdout);
            return CLI_OK;
        }
        if (ch == OPT_THRESHOLD) {
            if (cli_parse_double("--threshold", optarg, 0.0, 1.0, &so.threshold))
                return CLI_USAGE;
            continue;
        }
        if (ch == OPT_WINDOW) {
            if (cli_parse_double("--window", optarg, 0.0, 36500.0, &so.window_days))
                return CLI_USAGE;
            continue;
        }
        int r = cli_common_option(&o, ch, optarg);
        if (r == 1)
            continue;
        if (r == 0)
            fputs("samestory stories: see 'samestory stories --help'\n", stderr);
        return CLI_USAGE;
    }
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    out_ctx c;
    memset(&c, 0, sizeof c);
    c.compare = 1;
    c.sw = ss_stopwords_load(NULL);
    cli_story_stats st;
    cli_story_hooks hooks = {start, prepare, print_story, &c};
    rc = cli_stories_run(&in, &o, &so, &hooks, &st);
    cli_in_close(&in);
    ss_buf_release(&c.line);
    for (int i = 0; i < c.nw; i++)
        ss_analyzer_free(c.an[i]);
    free(c.an);
    ss_quoter_free(c.qt);
    ss_stopwords_free(c.sw);
    if (!o.quiet)
        fprintf(stderr, "samestory: %llu articles, %llu stories (%llu with more than one article), %.2f s\n",
                (unsigned long long)st.articles, (unsigned long long)st.stories,
                (unsigned long long)st.multi, st.seconds);
    return rc;
}
