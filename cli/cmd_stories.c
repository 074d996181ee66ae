/* cli/cmd_stories.c — `samestory stories`: articles grouped into stories. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"
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
    "   \"title\": the story's headline (not a dateline, section or site name),\n"
    "   \"size\": n, \"first_date\"?, \"last_date\"?,\n"
    "   \"relations\": [{\"a\", \"b\", \"type\", \"score\"}]}\n"
    "relations link each article to the earlier member most similar to it; type\n"
    "is duplicate, reuse, translation or same-event.\n"
    "\n"
    "Options:\n"
    "  --threshold P          probability that an article and a story report one\n"
    "                         story, from which it joins (0..1; default: the\n"
    "                         story model's, chosen by cross-validation; 0.46 on\n"
    "                         the hand-set score when the model file is missing)\n"
    "  --headline-threshold P the same for an article that is only a headline\n"
    "                         (default: the model's; 0.2 without it)\n"
    "  --window DAYS          a story closes after DAYS without a new article\n"
    "                         (default 3)\n"
    "  --keep-no-body         keep articles given text without an article body\n"
    "                         (fewer than 8 words in sentences: failed scrapes,\n"
    "                         pages of links or furniture); by default they lose\n"
    "                         their text and title and join no story\n"
    "  --no-learn             do not read file inputs twice; by default a first pass\n"
    "                         learns the lines each source repeats on its pages\n"
    "                         (furniture: in 3 or more and 30% of its documents),\n"
    "                         which leave JSONL texts and .txt files, as in `clean`\n"
    "\n"
    "Features: an article is compared with a story's profile (the sum of its\n"
    "members) by IDF-weighted cosines of stemmed content words, of the lead (title\n"
    "and first 60 words), of names (capitalized words, keyed for spelling\n"
    "variants), and of numbers; language-neutral pivot terms stand in for words\n"
    "across languages; articles far apart in time count less.  Candidate stories\n"
    "come from an inverted index over names and rare terms.\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_WINDOW, OPT_HEADLINE, OPT_KEEP_NO_BODY, OPT_NO_LEARN };

typedef struct {
    ss_buf line;
    cli_comparer cmp;
} out_ctx;

static int start(void *arg, int nworkers, const ss_lexicon *lx)
{
    out_ctx *c = arg;
    return cli_comparer_start(&c->cmp, nworkers, lx);
}

static int prepare(void *arg, int worker, cli_closed_story *s, const ss_df *df)
{
    out_ctx *c = arg;
    return cli_comparer_prepare(&c->cmp, worker, s, df);
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
    cli_compared *k = cs->user;
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
    size_t first = cli_story_first(cs), rep = cli_story_representative(cs, df);
    ss_jw_key(&w, "first");
    ss_jw_str(&w, m[first]->doc->id);
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
        ss_jw_str(&w, ss_relation_name(k ? (ss_relation)k->rel[i] : SS_REL_SAME_EVENT));
        if (k && k->rel_source[i] < s->n) {
            ss_jw_key(&w, "source");
            ss_jw_str(&w, m[k->rel_source[i]]->doc->id);
        }
        ss_jw_key(&w, "score");
        ss_jw_double(&w, x->link_score, 4);
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    if (k) {
        const ss_doc **docs = malloc(s->n * sizeof *docs);
        if (!docs)
            return -1;
        for (size_t i = 0; i < s->n; i++)
            docs[i] = m[i]->doc;
        ss_comparison_write(&w, &k->c, docs);
        free(docs);
    }
    ss_jw_obj_end(&w);
    cli_compared_free(k);
    cs->user = NULL;
    if (w.err || cli_emit(&c->line))
        return -1;
    return 0;
}

int cmd_stories(int argc, char **argv)
{
    static const struct option longopts[] = {{"threshold", required_argument, NULL, OPT_THRESHOLD},
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
        if (cli_other_option(&o, ch, optarg, "stories"))
            continue;
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_REPORTING | CLI_NEED_LANGID |
                         CLI_NEED_LEXICON))
        return CLI_FAIL;
    int model_failed;
    cli_story_model(&o, &model_failed);
    if (model_failed)
        return CLI_FAIL;
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    out_ctx c;
    memset(&c, 0, sizeof c);
    cli_comparer_init(&c.cmp);
    cli_story_stats st;
    cli_story_hooks hooks = {start, prepare, print_story, &c};
    rc = cli_stories_run_learning(&in, &o, argv + optind, argc - optind, learn, &so, &hooks, &st);
    cli_in_close(&in);
    ss_buf_release(&c.line);
    cli_comparer_release(&c.cmp);
    if (!o.quiet)
        fprintf(stderr, "samestory: %llu articles, %llu stories (%llu with more than one article), %.2f s\n",
                (unsigned long long)st.articles, (unsigned long long)st.stories,
                (unsigned long long)st.multi, st.seconds);
    return rc;
}
