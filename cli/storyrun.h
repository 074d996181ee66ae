/* cli/storyrun.h — the stories pipeline shared by `stories` and `report`.
 *
 * Pass 1 reads every document, prepares it (HTML to text, language) and
 * extracts its features in parallel, and spills each article (metadata,
 * text, features) to a temporary file, keeping 24 bytes per article in
 * memory.  The articles are then taken in date order (articles without a
 * date keep their input position: they take the date of the dated article
 * before them) and grouped online by the library's storyer; an article is
 * read back from the spill file when its turn comes and kept in memory
 * only while its story is open.  Each closed story is handed to a callback
 * with its members' documents and features.
 */
#ifndef SS_CLI_STORYRUN_H
#define SS_CLI_STORYRUN_H

#include "cli.h"
#include "story/cluster.h"

typedef struct cli_article {
    ss_doc *doc;            /* title, text, lang, time, ids... */
    ss_features feat;
    uint32_t seq;           /* input position */
} cli_article;

/* A closed story: members[i] is the article of story->members[i]. */
typedef int (*cli_story_fn)(void *ctx, const ss_story *story, cli_article *const *members,
                            const ss_df *df);

typedef struct cli_story_stats {
    uint64_t articles, undated, stories, multi;
    double seconds;
} cli_story_stats;

/* Run the pipeline over in; fn gets each story.  CLI_OK or CLI_FAIL. */
int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so, cli_story_fn fn,
                    void *ctx, cli_story_stats *stats);

#endif
