/* cli/cmd_stories.c — `samestory stories`: articles grouped into stories. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "storyrun.h"

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
    "  --headline-threshold S the same for an article that is only a headline\n"
    "                         (default 0.2: a few words share less)\n"
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

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_WINDOW, OPT_HEADLINE };

static int print_story(void *arg, const ss_engine_story *s)
{
    ss_buf *line = arg;
    ss_buf_clear(line);
    if (ss_engine_story_json(s, line) || cli_emit(line))
        return -1;
    return 0;
}

int cmd_stories(int argc, char **argv)
{
    static const struct option longopts[] = {{"threshold", required_argument, NULL, OPT_THRESHOLD},
                                             {"window", required_argument, NULL, OPT_WINDOW},
                                             {"headline-threshold", required_argument, NULL, OPT_HEADLINE},
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
        if (ch == OPT_HEADLINE) {
            if (cli_parse_double("--headline-threshold", optarg, 0.0, 1.0, &so.headline_threshold))
                return CLI_USAGE;
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
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc)
        return rc;
    ss_buf line = SS_BUF_INIT;
    cli_story_stats st;
    rc = cli_stories_run(&in, &o, &so, print_story, &line, &st);
    cli_in_close(&in);
    ss_buf_release(&line);
    if (!o.quiet)
        fprintf(stderr, "samestory: %llu articles, %llu stories (%llu with more than one article), %.2f s\n",
                (unsigned long long)st.articles, (unsigned long long)st.stories,
                (unsigned long long)st.multi, st.seconds);
    return rc;
}
