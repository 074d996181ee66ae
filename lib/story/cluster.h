/* story/cluster.h — online grouping of articles into stories.
 *
 * Articles arrive one at a time in time order (a news stream).  Each is
 * compared with the open stories that share its rarer words, names or
 * pivot terms (an inverted index from keys to stories, so the cost does not
 * grow with the number of open stories); it joins the most similar story
 * when the similarity (story/similarity.h, article against the story's
 * profile) reaches the threshold, and starts a new story otherwise.  A
 * story's profile is the sum of its members' vectors, pruned to its
 * heaviest keys, so it evolves as articles join.  A story closes when no
 * article has joined it for window days of article time; closed stories
 * are handed to the caller and forgotten, so memory is bounded by the open
 * window, not the corpus.  Articles without a time never close a story.
 *
 * Time matters through the window only: within it, an article is compared
 * with a story regardless of how many hours apart they are.
 *
 * Merging: online grouping depends on order.  A Chinese report that
 * arrives first starts a story of its own; the English wire that follows
 * may join the Russian translation's story instead, and the Chinese report
 * stays alone although it reaches the threshold with the wire.  So when
 * an article joins a story and also reaches the threshold with a story of
 * one article, and that article would join the story joined as it is now,
 * the story of one is merged into it: its article follows the members,
 * linked to the article that bridged them.  Only stories of one: a story
 * of two or three that one article reaches was as often another event as
 * the same (cluster.c, MERGE_MAX_SIZE).  The merged story is not handed to
 * the callback; ss_storyer_take_merged tells the caller which stories were
 * merged into which (a store must drop the merged story's row).
 *
 * The storyer counts document frequencies in the ss_df it is given (each
 * added article once), unless told the table is complete already (a batch
 * whose frequencies were counted beforehand, which spares the first
 * articles of a run from judging by an almost empty table).  Not
 * thread-safe.
 */
#ifndef SS_STORY_CLUSTER_H
#define SS_STORY_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/error.h"
#include "story/df.h"
#include "story/features.h"

typedef struct ss_story_opts {
    double threshold;          /* probability of one story (ss_sim.p_same) to join
                                  a story (default: the model's; 0.46 on the
                                  hand-set score without a model file) */
    double headline_threshold; /* the same for an article that is only a headline
                                  (default: the model's; 0.2 without one) */
    double window_days;        /* a story closes after this long without articles (default 3) */
    uint32_t max_candidates;   /* open stories compared per article (default 24) */
    uint32_t profile_keys;     /* keys kept per field of a story profile (default 300) */
    int df_complete;           /* 1: the ss_df given already counts every article (a
                                  batch known in advance); 0: count articles as they
                                  arrive (a live stream; default) */
    int merge;                 /* 1: an article that joins a story and reaches the
                                  threshold with a story of one merges that one in,
                                  when its article reaches it too (default); 0: never */
} ss_story_opts;

/* Default options. */
SS_API void ss_story_opts_default(ss_story_opts *o);

typedef struct ss_story_member {
    uint32_t item;     /* the caller's article number */
    uint32_t link;     /* item of the earlier member most similar to it (itself if first) */
    float score;       /* similarity to the story profile when it joined (1 for the first) */
    float link_score;  /* similarity to that member */
    int64_t time;
} ss_story_member;

typedef struct ss_story {
    uint32_t id;                   /* stories are numbered from 0 in order of creation */
    ss_story_member *members;      /* in order of joining */
    size_t n;
    int64_t first_time, last_time; /* SS_TIME_NONE when unknown */
    int64_t tag;                   /* the caller's number for it (ss_storyer_set_tag), else 0 */
} ss_story;

/* Called for each closing story; the story is freed after it returns. */
typedef int (*ss_story_fn)(void *ctx, const ss_story *s);

typedef struct ss_storyer ss_storyer;

/* opts NULL: defaults.  df is borrowed and must outlive the storyer.  NULL
 * with err (may be NULL) set: SS_EINVAL when an option is out of its range
 * (threshold and headline_threshold from 0 to 1, window_days from 0 to
 * SS_STORY_MAX_WINDOW_DAYS, max_candidates and profile_keys at least 1) or
 * df is NULL, the message naming it; or SS_ENOMEM. */
#define SS_STORY_MAX_WINDOW_DAYS 36500 /* a century: the CLI's --window range */
SS_API ss_storyer *ss_storyer_new(const ss_story_opts *opts, ss_df *df, ss_error *err);
SS_API void ss_storyer_free(ss_storyer *s);

/* Add article `item` with features x (copied).  *story receives the story
 * it joined or started.  Before adding, stories that the article's time
 * closes are passed to fn (when x has a time).  Returns SS_OK, SS_ENOMEM,
 * or what fn returned when not SS_OK. */
SS_API int ss_storyer_add(ss_storyer *s, uint32_t item, const ss_features *x, uint32_t *story,
                          ss_story_fn fn, void *ctx);

/* Members whose features a story keeps (besides its first). */
#define SS_STORY_RECENT 32

/* Close every open story (in order of creation), passing each to fn. */
SS_API int ss_storyer_finish(ss_storyer *s, ss_story_fn fn, void *ctx);

/* Open stories stay readable without closing them (a store persists
 * what a batch changed and keeps grouping the next batch):
 * ss_storyer_set_tag keeps a caller's number with an open story (handed
 * back in ss_story.tag, also when it closes); ss_storyer_peek fills *out
 * with a view of an open story (members valid until the next add or
 * finish); ss_storyer_open_ids gives the ids of the open stories in order
 * of creation, in an array the caller frees.  SS_EINVAL when the story is
 * not open; SS_ENOMEM. */
SS_API int ss_storyer_set_tag(ss_storyer *s, uint32_t story, int64_t tag);
SS_API int ss_storyer_peek(const ss_storyer *s, uint32_t story, ss_story *out);
SS_API int ss_storyer_open_ids(const ss_storyer *s, uint32_t **ids, size_t *n);

/* A story merged into another since the last ss_storyer_take_merged. */
typedef struct ss_story_merge {
    uint32_t from, into;  /* story ids: from's members are into's now */
    int64_t from_tag;     /* from's tag (ss_storyer_set_tag), else 0 */
} ss_story_merge;

/* The merges since the last call, in the order they happened; *v is owned
 * by the storyer and valid until the next add or finish (NULL when none). */
SS_API void ss_storyer_take_merged(ss_storyer *s, const ss_story_merge **v, size_t *n);

/* Number of open stories and of the articles in them. */
SS_API size_t ss_storyer_open(const ss_storyer *s, size_t *articles);

/* Number of keys in the index of the open stories' profiles (its memory
 * is about 24 bytes a key, plus 4 per story listed): it follows the open
 * stories, not the number of stories ever seen. */
SS_API size_t ss_storyer_index_keys(const ss_storyer *s);

/* Features of an open member, weighted (ss_features_apply_idf) as they
 * were when it joined; valid until its story closes.  Only the first
 * member and the SS_STORY_RECENT latest keep theirs (a new member links to
 * the most similar of them; a story's memory stays bounded however big it
 * grows): NULL for the others and for unknown ones. */
SS_API const ss_features *ss_storyer_member_features(const ss_storyer *s, uint32_t story,
                                                     uint32_t item);

#endif
