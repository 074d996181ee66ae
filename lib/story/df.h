/* story/df.h — document frequencies, for inverse-document-frequency weights.
 *
 * Counts in how many documents each key of each feature field occurs.  It
 * grows as documents are added (a stream of articles) and can forget
 * documents (a closing time window).
 *
 * idf = ln((N + N0 + 1) / (df + 0.5)) with a prior of N0 = 50 background
 * documents in which the key does not occur: content words are rare in
 * news at large, so in a small input (a handful of reports of one event)
 * the words they all share still count, while in a large corpus (N >> N0)
 * the prior fades and the corpus decides.
 * Not thread-safe for writing; any number of readers when no one writes.
 */
#ifndef SS_STORY_DF_H
#define SS_STORY_DF_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "story/features.h"

#define SS_DF_PRIOR_DOCS 50.0

typedef struct ss_df ss_df;

SS_API ss_df *ss_df_new(void);
SS_API void ss_df_free(ss_df *df);
/* Count each distinct key of each field of x once.  SS_OK or SS_ENOMEM. */
SS_API int ss_df_add(ss_df *df, const ss_features *x);
/* Undo ss_df_add for x. */
SS_API void ss_df_remove(ss_df *df, const ss_features *x);
SS_API uint64_t ss_df_docs(const ss_df *df);
/* Make dst a copy of src (dst's arrays reused when of the same size): a
 * snapshot that other threads may read while src goes on counting
 * (engine/engine.c).  SS_OK, or SS_ENOMEM with dst emptied.  Internal to
 * the library. */
int ss_df_copy(ss_df *dst, const ss_df *src);
/* Count each of the table keys dfkeys[0..n) (ss_df_key) once more and
 * docs more documents: what ss_df_add did for the documents whose keys
 * were logged, brought to another table.  SS_OK or SS_ENOMEM.  Internal
 * to the library. */
int ss_df_add_keys(ss_df *df, const uint64_t *dfkeys, size_t n, uint64_t docs);

/* For keeping a table elsewhere (engine/store.c): the table's own key for
 * (field, key), never 0; set the count of such a key; set the number of
 * documents.  SS_OK or SS_ENOMEM. */
SS_API uint64_t ss_df_key(int field, uint64_t key);
SS_API int ss_df_set(ss_df *df, uint64_t dfkey, uint32_t count);
SS_API void ss_df_set_docs(ss_df *df, uint64_t docs);
SS_API uint32_t ss_df_count(const ss_df *df, int field, uint64_t key);
/* Each (table key, count) of df, in no order, to fn; stops at fn's first
 * non-zero return and returns it (else SS_OK). */
SS_API int ss_df_each(const ss_df *df, int (*fn)(void *ctx, uint64_t dfkey, uint32_t count), void *ctx);
SS_API double ss_df_idf(const ss_df *df, int field, uint64_t key);

#endif
