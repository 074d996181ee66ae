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
    double seconds;
} cli_story_stats;

/* Run the engine over in with story options so; fn gets each story.
 * CLI_OK or CLI_FAIL (the error printed). */
int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so, ss_engine_story_fn fn,
                    void *ctx, cli_story_stats *stats);

#endif
