/* cli/storyrun.h — the stories pipeline shared by `stories` and `report`.
 *
 * Pass 1 reads every document, prepares it (HTML to text, language) and
 * extracts its features in parallel, and spills each article (metadata,
 * text, features) to a temporary file, keeping 24 bytes per article in
 * memory.  The articles are then taken in date order (articles without a
 * date keep their input position: they take the date of the dated article
 * before them) and grouped online by the library's storyer; an article is
 * read back from the spill file when its turn comes and kept in memory
 * only while its story is open.  Closed stories are handed to the hooks
 * with their members' documents and features, in batches so that the
 * per-story work runs in parallel.
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

/* A closed story, handed over with its articles: arts[i] is the article of
 * story.members[i]. */
typedef struct cli_closed_story {
    ss_story story;              /* members point into an owned copy */
    cli_article **arts;
    void *user;                  /* for the hooks: what prepare made for emit */
} cli_closed_story;

/* Closed stories are gathered in batches: prepare runs on each in parallel
 * (worker 0..nworkers-1), then emit on each in the order they closed. */
typedef struct cli_story_hooks {
    /* once, before grouping; may be NULL.  lx: the run's lexicon (or NULL),
     * alive until the run ends */
    int (*start)(void *ctx, int nworkers, const ss_lexicon *lx);
    int (*prepare)(void *ctx, int worker, cli_closed_story *s, const ss_df *df); /* may be NULL */
    int (*emit)(void *ctx, cli_closed_story *s, const ss_df *df);
    void *ctx;
} cli_story_hooks;

typedef struct cli_story_stats {
    uint64_t articles, undated, stories, multi;
    double seconds;
} cli_story_stats;

/* Run the pipeline over in; the hooks get each story.  CLI_OK or CLI_FAIL. */
int cli_stories_run(cli_in *in, const cli_opts *o, const ss_story_opts *so,
                    const cli_story_hooks *hooks, cli_story_stats *stats);

/* cli_stories_run after a first pass over the file inputs (paths[0..n))
 * that learns each source's furniture lines (cli_learn_corpus), unless
 * learn is 0; the lines learned leave JSONL texts and .txt files before
 * features are made.  In cli/prep.c. */
int cli_stories_run_learning(cli_in *in, cli_opts *o, char **paths, int n, int learn,
                             const ss_story_opts *so, const cli_story_hooks *hooks,
                             cli_story_stats *stats);

/* The member with the earliest date (then the earliest in the input). */
size_t cli_story_first(const cli_closed_story *s);
/* The member whose title best stands for the story (ss_story_headline: a
 * headline, not a dateline, section or site name; in the story's most
 * common language; central among its members); the first member when
 * none has a title. */
size_t cli_story_representative(const cli_closed_story *s, const ss_df *df);

/* ---- comparing the articles of each story (agree, unique, quotes, conflicts) ---- */

typedef struct cli_comparer {
    ss_stopwords *sw;
    ss_quoter *qt;
    ss_analyzer **an;        /* one per worker */
    ss_pivoter **pv;         /* one per worker: translation checks */
    ss_xaligner **al;        /* one per worker */
    int nw;
} cli_comparer;

/* The analyses of a story's articles and their comparison, made by
 * cli_comparer_prepare and left in cli_closed_story.user. */
typedef struct cli_compared {
    ss_analysis *x;
    const ss_analysis **xp;
    size_t n;
    ss_comparison c;
    ss_reuse_passages reuse;     /* reused passages among the articles (story order) */
    uint8_t *rel;                /* per member: ss_relation to the member it links to
                                    (translation: other language, aligned sentence by
                                    sentence, xling/link.h) */
    uint32_t *rel_source;        /* per member: for reuse, the earlier article, else UINT32_MAX */
} cli_compared;

void cli_comparer_init(cli_comparer *c);
int cli_comparer_start(cli_comparer *c, int nworkers, const ss_lexicon *lx);
int cli_comparer_prepare(cli_comparer *c, int worker, cli_closed_story *s, const ss_df *df);
void cli_compared_free(cli_compared *k);
void cli_comparer_release(cli_comparer *c);

#endif
