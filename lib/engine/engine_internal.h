/* engine/engine_internal.h — what engine.c and store.c share: the engine's
 * state, an article in memory, a closed story being compared.  Internal:
 * not installed, not part of the API. */
#ifndef SS_ENGINE_INTERNAL_H
#define SS_ENGINE_INTERNAL_H

#include "engine/engine.h"

#include <stdio.h>

#include "compare/quotes.h"
#include "core/pool.h"
#include "story/df.h"
#include "xling/align.h"
#include "xling/pivot.h"

/* Closed stories compared in one parallel job: enough to keep every
 * worker busy, few enough that their articles stay a small part of
 * memory. */
#define PENDING 64

/* A title longer than this many code points is a first paragraph standing
 * in for a headline: another member's short title is preferred. */
#define HEADLINE_MAX_CP 160

typedef struct {
    int64_t order_time;     /* for sorting: own time, or the previous dated one's */
    uint32_t seq;
    uint64_t off;
    uint32_t len;
} entry;

typedef struct {
    ss_doc *doc;
    ss_features feat;
    uint32_t seq;           /* input position (a store: position in the regroup) */
    int64_t aid;            /* a store's article number, else 0 */
    int64_t old_story;      /* a store: the story it was in before the regroup, or 0 */
    uint8_t corrected;      /* a store: replaced by a correction in this batch */
    ss_analysis *x;         /* its analysis once a comparison made it, else NULL */
} article;

/* A closed story with its articles and what the comparison made. */
typedef struct {
    ss_story story;              /* members point into an owned copy */
    article **arts;              /* arts[i]: the article of story.members[i] */
    const ss_analysis **xp;      /* xp[i]: arts[i]'s analysis (the article owns it) */
    ss_comparison c;
    ss_reuse_passages reuse;
    uint8_t *rel;
    uint32_t *rel_source;
    uint32_t *link;
    float *link_score;
    const ss_doc **docs;
    int rc;
    ss_error err;
    int64_t sid;                 /* a store: the story's number once placed */
    uint8_t unchanged;           /* a store: the same members as before: not compared */
    uint8_t borrowed;            /* a store: a still open story; arts stay in e->live */
    size_t first, representative; /* set by the comparison (engine_story_first, _representative) */
} closed;

/* Word frequencies (docs/ENGINE.md, "Frequencies"): each article is judged
 * by the texts up to it in date order, but the first DF_FIRST_TEXTS texts
 * of an input or a store are judged together, by the frequencies of all
 * of them.  Over a few hundred texts the prior of story/df.h (50 documents
 * without the word) still weighs, so a name weighs little more than a
 * template's words and unrelated items written alike join: on a synthetic
 * stream of 70 events written to one template (tests/cli/test_engine.py,
 * distinct_events), B-cubed against the truth was 0.78 judging from the
 * first text on, 0.71 with the first 200 together, 0.94 with all 280
 * together.  1,000 keeps every input of that size as before (AllSides'
 * 731 headlines unchanged) and costs a store that many texts' worth of
 * whole regroups while it is small (1,600 articles one at a time: 22 s). */
#ifndef DF_FIRST_TEXTS
#define DF_FIRST_TEXTS 1000
#endif

/* A set of 64-bit keys (never 0). */
typedef struct {
    uint64_t *k;
    size_t n, cap;
} engine_keys;
/* 1: h added; 0: h was there; -1: out of memory. */
int engine_keys_put(engine_keys *s, uint64_t h);
int engine_keys_has(const engine_keys *s, uint64_t h);
void engine_keys_free(engine_keys *s);

/* Per worker: what comparing a story needs. */
typedef struct {
    ss_analyzer *an;
    ss_pivoter *pv;
    ss_xaligner *al;
} comparer;

struct ss_engine {
    ss_engine_opts o;
    ss_stopwords *own_sw;      /* loaded by ss_engine_open_path, freed with the engine */
    ss_lexicon *own_lx;
    ss_pool *pool;
    int nw;
    ss_preparer *prep;
    ss_quoter *qt;
    comparer *cmp;
    ss_df *df;
    FILE *spill;
    uint64_t spill_off;
    entry *idx;
    size_t n, cap;
    int64_t last_dated;
    ss_engine_counts counts;
    engine_keys texts;      /* engine_copy_key of each distinct text kept */
    int df_given;           /* df is a table given by ss_engine_use_df */
    uint64_t df_counted;    /* with it: the articles added first that it counts */
    ss_buf rec;
    ss_buf warnings;
    int finished;
    /* adding: per batch slot */
    ss_features *feat;
    int *rcs;
    ss_error *errs;
    size_t slots;
    ss_doc *const *batch;
    /* finishing */
    article **live;              /* by seq: only open articles set */
    closed pending[PENDING];
    size_t npending;
    /* a memory engine's finish with two workers or more: the batch of
       closed stories before (inflight) is compared in the pool while the
       caller's thread groups the articles that close the next (see
       engine_flush); a comparison reads the frequencies as they were when
       its batch closed (inflight_df), so the output is the same; it is
       brought up to date by the table keys counted since (df_log), not
       copied: a copy per batch grew with stories x vocabulary */
    int overlap;
    closed inflight[PENDING];
    size_t ninflight;
    ss_df *inflight_df;
    ss_buf df_log;               /* uint64_t table keys (ss_df_key) */
    uint64_t df_log_docs;
    closed *job;                 /* the batch the running compare job reads */
    const ss_df *job_df;
    ss_engine_story_fn fn;
    void *fn_ctx;
    int fn_rc;
    ss_error *fin_err;
    int (*placed)(ss_engine *e, closed *k);  /* a store: before fn, may set k->sid, k->unchanged */
    /* a store (engine/store.c); NULL for a memory engine */
    struct ss_store *store;
};


void engine_warn(ss_engine *e, const char *msg);
/* The key exact copies are told by (a prepared text's XXH3, never 0):
 * copies count once in the document frequencies, in memory and in a
 * store alike. */
uint64_t engine_text_hash(const char *text, size_t len);
uint64_t engine_copy_key(const char *title, const char *text, size_t len);
void engine_article_free(article *a);
void engine_closed_free(closed *c);
size_t engine_story_first(const closed *s);
size_t engine_story_representative(const closed *s, const ss_df *df, size_t first);
/* The title a story is shown with: its representative's, or its text's
 * opening sentence (into lead[0..cap), cap >= 8) when no member has one. */
const char *engine_story_title(const ss_engine_story *st, char *lead, size_t cap);
/* The longest lead sentence a story is titled by, in code points, and a
 * buffer that holds it (UTF-8, the ellipsis, the NUL). */
#define STORY_LEAD_CP 120
#define STORY_LEAD_CAP (STORY_LEAD_CP * 4 + 8)
int engine_compare_story(ss_engine *e, int worker, closed *k);
/* out[i] = the j with key[j] == want[i] (keys unique), or i when there is
 * none: a member's link to the index of the member it names, through the
 * keys sorted (a scan per member is n x n in a big story).  SS_OK or
 * SS_ENOMEM. */
int engine_link_index(const uint64_t *key, const uint64_t *want, size_t n, uint32_t *out);
/* Compare the pending stories in parallel, hand them out in order, free them. */
int engine_flush(ss_engine *e);
/* ss_storyer callback: a closed story joins the pending batch (its
 * articles taken from e->live by item). */
int engine_on_story(void *arg, const ss_story *s);
/* The same for a story that stays open (a store persisting a batch): its
 * articles stay in e->live, the pending copy only borrows them. */
int engine_on_open_story(ss_engine *e, const ss_story *s);

/* Prepare docs[0..n) in parallel into e->feat[0..n); the first failure's
 * error. */
int engine_prepare_batch(ss_engine *e, ss_doc *const *docs, size_t n, ss_error *err);

/* ---- the store (engine/store.c) ---- */
typedef struct ss_store ss_store;
void engine_store_close(ss_engine *e);

#endif
