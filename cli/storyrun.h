/* cli/storyrun.h — how `stories` and `report` drive the story engine.
 *
 * The engine (engine/engine.h) does the work; this reads the inputs in
 * batches with the user's bad-record policy, hands them to the engine,
 * shows progress and the notes the user should see (undated articles,
 * the engine's warnings), and has the engine hand each closed story to
 * the command's printer.
 */
#ifndef SS_CLI_STORYRUN_H
#define SS_CLI_STORYRUN_H

#include "cli.h"

typedef struct cli_story_stats {
    uint64_t articles, undated, stories, multi;
    uint64_t written;      /* stories handed to fn without error */
    double seconds;
} cli_story_stats;

/* Run the engine over in with story options so; fn gets each story.
 * CLI_OK or CLI_FAIL (the error printed). */
int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so, ss_engine_story_fn fn,
                    void *ctx, cli_story_stats *stats);

/* cli_stories_run after a first pass over the file inputs (paths[0..n))
 * that learns each source's furniture lines (cli_learn_corpus), unless
 * learn is 0; the lines learned leave JSONL texts and .txt files before
 * features are made. */
int cli_stories_run_learning(cli_in *in, const cli_opts *o, char **paths, int n, int learn,
                             const ss_story_opts *so, ss_engine_story_fn fn, void *ctx,
                             cli_story_stats *stats);

/* ---- a store (stories --db, report --db; cli/storydb.c) ---- */

typedef struct cli_store_args {
    const char *db;              /* --db FILE */
    int story_opts_given;        /* --threshold, --headline-threshold or --window given */
    size_t batch;                /* --batch N: documents per transaction */
    const char **remove;         /* --remove ID... */
    size_t nremove;
    const char *article;         /* --article ID */
    int settle;                  /* --settle */
    ss_story_filter filter;      /* --since --until --lang --source --query --limit --after */
    int filtered;                /* one of those given: they filter a listing only */
} cli_store_args;

/* `stories --db`: add the inputs (paths[0..n)) and print the stories that
 * changed; remove articles; or, with neither, list the stored stories.
 * CLI_OK, CLI_FAIL or CLI_USAGE (printed). */
int cli_store_stories(const cli_opts *o, const ss_story_opts *so, const cli_store_args *a, char **paths,
                      int n);

/* `report --db`: each stored story matching a->filter to fn. */
int cli_store_each(const cli_opts *o, const cli_store_args *a, ss_engine_story_fn fn, void *ctx,
                   uint64_t *stories);

#endif
