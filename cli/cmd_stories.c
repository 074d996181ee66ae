/* cli/cmd_stories.c — `samestory stories`: articles grouped into stories. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data.h"
#include "storyrun.h"

static const char usage[] =
    "usage: samestory stories [OPTIONS] INPUT...\n"
    "       samestory stories --db FILE [OPTIONS] [INPUT...]\n"
    "\n"
    "Groups articles about the same event into stories, across languages, in one\n"
    "pass in date order as a news stream would arrive (articles without a date\n"
    "keep their input position).  Every article is in exactly one story.  Prints\n"
    "one line per story when it closes:\n"
    "  {\"story\": n, \"articles\": [ids], \"languages\": [...], \"first\": id,\n"
    "   \"title\": the story's headline (not a dateline, section or site name),\n"
    "   \"size\": n, \"first_date\"?, \"last_date\"?,\n"
    "   \"relations\": [{\"a\", \"b\", \"type\", \"score\"}]}\n"
    "story numbers a run's stories from 0 in the order they close (are printed);\n"
    "a store (--db) numbers them from 1 and keeps each number across runs.\n"
    "relations link each article to the earlier member most similar to it; type\n"
    "is duplicate, reuse, translation or same-event.  How the sources compare:\n"
    "   \"sources\": n (reprints count once), \"agree\": [{\"text\", \"ids\"}]\n"
    "   (sentences at least half the sources share), \"unique\": {id: [sentences\n"
    "   only that source has]}, \"quotes\": [{\"speaker\", \"quote\", \"ids\"}],\n"
    "   \"conflicts\": [{\"what\", \"about\", \"values\": [{\"value\", \"ids\",\n"
    "   \"text\"}]}] (one quantity of one thing, or one event's day, given\n"
    "   differently), \"variants\": [{\"name\", \"forms\": [{\"value\", \"ids\"}]}]\n"
    "   (one name spelled differently), \"sampled\"?: true (a story so big that\n"
    "   quotes, conflicts and variants read its earliest articles only).\n"
    "\n"
    "Options:\n"
    "  --threshold P          probability that an article and a story report one\n"
    "                         story, from which it joins (0..1; default: the\n"
    "                         story model's, chosen by cross-validation; 0.46 on\n"
    "                         the hand-set score when the model file is missing)\n"
    "  --headline-threshold P the same for an article that is only a headline,\n"
    "                         or that joins a story of headlines alone\n"
    "                         (default: the model's; 0.2 without it)\n"
    "  --window DAYS          a story closes after DAYS without a new article\n"
    "                         (default 3)\n"
    "  --keep-no-body         compare the text of articles without an article body\n"
    "                         (fewer than 8 words in sentences: one-line briefs,\n"
    "                         failed scrapes, pages of links or furniture); by\n"
    "                         default they are compared by their headline alone\n"
    "                         (a one-line text is its own headline), and one\n"
    "                         without a headline (a site's name) joins no story\n"
    "  --no-learn             do not read file inputs twice; by default a first pass\n"
    "                         learns the lines each source repeats on its pages\n"
    "                         (furniture: in 3 or more and 30% of its documents),\n"
    "                         which leave JSONL texts and .txt files, as in `clean`\n"
    "  --format csv           one line per article instead, for spreadsheets, after\n"
    "                         a header: story,article,relation,link,score,source,\n"
    "                         language,date,title (relation \"first\" for the\n"
    "                         article that opened the story; RFC 4180 quoting, LF\n"
    "                         line ends; a field from the input, ids too, that\n"
    "                         starts with = + - @ tab or CR is written after a ')\n"
    "                         (default: jsonl, the lines above)\n"
    "\n"
    "A store (--db FILE, one SQLite file, made on first use): stories live on\n"
    "between runs.  With INPUT, the articles are added (each --batch documents one\n"
    "transaction) and each story a batch changed is printed with \"change\": new,\n"
    "updated or removed (and \"corrected\": [ids] when an article was sent again\n"
    "with other content).  An article sent again unchanged changes nothing; a late\n"
    "article within the window joins its story.  Without INPUT, the stored stories\n"
    "are printed, latest activity first.\n"
    "  --db FILE              the store\n"
    "  --batch N              documents per transaction when adding (default 1000)\n"
    "  --remove ID            take article ID out of the store (repeatable); its\n"
    "                         story is regrouped without it\n"
    "  --article ID           print one stored article: id, article, story, lang,\n"
    "                         title, text (clean), relation, reused (passages\n"
    "                         other stored articles share: span in its text,\n"
    "                         source and source_span in the source's, chars,\n"
    "                         identity, earlier)\n"
    "  --settle               regroup the whole store with its current word\n"
    "                         frequencies (as a one-shot run would; done by\n"
    "                         itself each time the store grows by a quarter)\n"
    "  --since DATE, --until DATE  stories with an article dated in the range\n"
    "  --lang L, --source S   stories with an article in language L / from S\n"
    "                         (either case)\n"
    "  --query TEXT           stories with an article matching TEXT (SQLite FTS5:\n"
    "                         words, \"phrases\", OR, NOT, prefix*; other terms\n"
    "                         such as 48-hour are searched as phrases)\n"
    "  --limit N, --after CURSOR  pages of N stories (0: all); the next page's\n"
    "                         cursor is printed on stderr\n"
    "The threshold and window are fixed when a store is made; give the same\n"
    "values (or none) later.\n"
    "\n"
    "Features: an article is compared with a story's profile (the sum of its\n"
    "members) by IDF-weighted cosines of stemmed content words, of the lead (title\n"
    "and first 60 words), of names (capitalized words, keyed for spelling\n"
    "variants), and of numbers; language-neutral pivot terms stand in for words\n"
    "across languages; articles far apart in time count less.  Candidate stories\n"
    "come from an inverted index over names and rare terms.\n"
    "\n";

enum {
    OPT_THRESHOLD = OPT_FIRST_FREE,
    OPT_WINDOW,
    OPT_HEADLINE,
    OPT_DB,
    OPT_BATCH,
    OPT_REMOVE,
    OPT_ARTICLE,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_LANG,
    OPT_SOURCE,
    OPT_QUERY,
    OPT_LIMIT,
    OPT_AFTER,
    OPT_SETTLE,
    OPT_KEEP_NO_BODY,
    OPT_NO_LEARN,
    OPT_FORMAT
};

/* Documents per transaction by default: large enough that regrouping the
 * open window once per batch stays a small part of the work, small enough
 * that a batch's prepared documents stay a few MB. */
#define DEFAULT_BATCH 1000

static int parse_day(const char *opt, const char *arg, int end, int64_t *out)
{
    /* a day given as the end: all of it */
    if ((end ? ss_time_parse_end : ss_time_parse)(arg, strlen(arg), out) != SS_OK) {
        cli_error("%s: not a date (YYYY-MM-DD, ISO 8601, RFC 2822 or seconds since 1970): %s", opt, arg);
        return -1;
    }
    return 0;
}

typedef struct {
    ss_buf line;
    int csv;     /* --format csv */
    int header;  /* its header line written */
} printer;

/* The CSV header, once: before the first row, or at the end of a run
 * that succeeded without a story (a run that failed first prints
 * nothing, as in JSON). */
static int csv_header(printer *p)
{
    if (p->header)
        return 0;
    p->header = 1;
    return fputs(ss_engine_story_csv_header(), stdout) < 0 ? -1 : 0;
}

static int print_story(void *arg, const ss_engine_story *s)
{
    printer *p = arg;
    ss_buf_clear(&p->line);
    if (p->csv) {
        if (csv_header(p))
            return -1;
        /* rows end in their own line breaks: written as they are */
        if (ss_engine_story_csv(s, &p->line) ||
            (p->line.len && fwrite(p->line.data, 1, p->line.len, stdout) != p->line.len))
            return -1;
        return 0;
    }
    if (ss_engine_story_json(s, &p->line) || cli_emit(&p->line))
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
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             {"db", required_argument, NULL, OPT_DB},
                                             {"batch", required_argument, NULL, OPT_BATCH},
                                             {"remove", required_argument, NULL, OPT_REMOVE},
                                             {"article", required_argument, NULL, OPT_ARTICLE},
                                             {"since", required_argument, NULL, OPT_SINCE},
                                             {"until", required_argument, NULL, OPT_UNTIL},
                                             {"lang", required_argument, NULL, OPT_LANG},
                                             {"source", required_argument, NULL, OPT_SOURCE},
                                             {"query", required_argument, NULL, OPT_QUERY},
                                             {"limit", required_argument, NULL, OPT_LIMIT},
                                             {"after", required_argument, NULL, OPT_AFTER},
                                             {"settle", no_argument, NULL, OPT_SETTLE},
                                             CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    ss_story_opts so;
    ss_story_opts_default(&so);
    int learn = 1, csv = 0;
    cli_store_args a;
    memset(&a, 0, sizeof a);
    a.batch = DEFAULT_BATCH;
    ss_story_filter_init(&a.filter);
    const char **removes = calloc((size_t)argc, sizeof *removes);
    if (!removes) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    a.remove = removes;
    int store_only = 0, rc;
    long num;
    int ch;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            fputs(cli_inputs_help, stdout);
            fputs(cli_common_help, stdout);
            free(removes);
            return CLI_OK;
        }
        rc = 0;
        /* one value each: a second would silently replace the first
           (--lang de --lang zh listed only zh); --remove repeats */
        if (ch != OPT_REMOVE && cli_option_twice(ch)) {
            free(removes);
            return CLI_USAGE;
        }
        switch (ch) {
        case OPT_DB: a.db = optarg; continue;
        case OPT_BATCH:
            rc = cli_parse_long("--batch", optarg, 1, 10000000, &num);
            a.batch = (size_t)num;
            break;
        case OPT_REMOVE: removes[a.nremove++] = optarg; break;
        case OPT_ARTICLE: a.article = optarg; break;
        case OPT_SINCE: rc = parse_day("--since", optarg, 0, &a.filter.since); break;
        case OPT_UNTIL: rc = parse_day("--until", optarg, 1, &a.filter.until); break;
        case OPT_LANG: a.filter.lang = optarg; break;
        case OPT_SOURCE: a.filter.source = optarg; break;
        case OPT_QUERY: a.filter.query = optarg; break;
        case OPT_LIMIT:
            rc = cli_parse_long("--limit", optarg, 0, 100000000, &num); /* 0: no limit, as in Python */
            a.filter.limit = (size_t)num;
            break;
        case OPT_AFTER: a.filter.after = optarg; break;
        case OPT_SETTLE: a.settle = 1; break;
        default: goto other;
        }
        if (ch >= OPT_SINCE && ch <= OPT_AFTER)
            a.filtered = 1;
        if (rc) {
            free(removes);
            return CLI_USAGE;
        }
        store_only = 1;
        continue;
    other:
        if (ch == OPT_THRESHOLD || ch == OPT_HEADLINE || ch == OPT_WINDOW)
            a.story_opts_given = 1;
        if (ch == OPT_THRESHOLD) {
            if (cli_parse_double("--threshold", optarg, 0.0, 1.0, &so.threshold)) {
                free(removes);
                return CLI_USAGE;
            }
            continue;
        }
        if (ch == OPT_HEADLINE) {
            if (cli_parse_double("--headline-threshold", optarg, 0.0, 1.0, &so.headline_threshold)) {
                free(removes);
                return CLI_USAGE;
            }
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
        if (ch == OPT_FORMAT) {
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "jsonl") != 0) {
                cli_error("--format: csv or jsonl (got %s)", optarg);
                free(removes);
                return CLI_USAGE;
            }
            csv = strcmp(optarg, "csv") == 0;
            continue;
        }
        if (ch == OPT_WINDOW) {
            if (cli_parse_double("--window", optarg, 0.0, 36500.0, &so.window_days)) {
                free(removes);
                return CLI_USAGE;
            }
            continue;
        }
        if (cli_other_option(&o, ch, optarg, "stories"))
            continue;
        free(removes);
        return CLI_USAGE;
    }
    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_REPORTING | CLI_NEED_LANGID |
                         CLI_NEED_LEXICON)) {
        free(removes);
        return CLI_FAIL;
    }
    int model_failed;
    cli_story_model(&o, &model_failed);
    if (model_failed) {
        free(removes);
        return CLI_FAIL;
    }
    if (a.db && csv) {
        cli_error("--format csv is for a run without --db (a store's stories change as "
                  "articles come: print them as JSON lines)");
        free(removes);
        return CLI_USAGE;
    }
    if (a.db) {
        o.on_stop = "the articles before it were stored, and the stories they changed printed";
        rc = cli_store_stories(&o, &so, &a, argv + optind, argc - optind);
        free(removes);
        return rc;
    }
    free(removes);
    if (store_only) {
        cli_error("--batch, --remove, --article, --settle and the listing filters need --db FILE");
        return CLI_USAGE;
    }
    o.on_stop = "the stories closed before it were written (counted below), no others";
    cli_in in;
    rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    printer pr = {SS_BUF_INIT, csv, 0};
    cli_story_stats st;
    rc = cli_stories_run_learning(&in, &o, argv + optind, argc - optind, learn, &so, print_story, &pr,
                                  &st);
    if (rc == CLI_OK && csv && csv_header(&pr)) {
        cli_error("cannot write the output");
        rc = CLI_FAIL;
    }
    cli_in_close(&in);
    ss_buf_release(&pr.line);
    if (!o.quiet && rc == CLI_OK)
        fprintf(stderr, "samestory: %llu article%s, %llu %s (%llu with more than one article), %.2f s\n",
                (unsigned long long)st.articles, cli_s(st.articles), (unsigned long long)st.stories,
                cli_stories_word(st.stories), (unsigned long long)st.multi, st.seconds);
    else if (!o.quiet)
        fprintf(stderr, "samestory: stopped after %llu articles read; %llu stories written before "
                        "the error, %.2f s\n",
                (unsigned long long)st.articles, (unsigned long long)st.written, st.seconds);
    return rc;
}
