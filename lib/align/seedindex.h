/* align/seedindex.h — which documents share rare n-grams.
 *
 * The index maps each document's fingerprints (winnowed word n-grams, see
 * aseq.h) to the documents that hold them.  Its document-frequency cap is
 * what makes all-pairs reuse affordable and keeps boilerplate out: an
 * n-gram found in more than max_df documents (a set phrase, a credit line,
 * a newsletter box, the same wire story printed by a crowd of outlets) is
 * dropped; so is one found in a single document, which cannot link two.
 * What is left are the seeds: n-grams in 2..max_df documents (counted
 * over the documents that select the n-gram as a fingerprint).
 *
 * Use: ss_seedindex_add each document's fingerprints (documents numbered
 * 0, 1, 2, ... in the order added), then ss_seedindex_build once; after
 * that the index is read-only and any number of threads may query it.
 * Memory while adding: 16 bytes per fingerprint; after building, 4 bytes
 * per posting of a kept n-gram plus 16 bytes per kept n-gram.
 */
#ifndef SS_ALIGN_SEEDINDEX_H
#define SS_ALIGN_SEEDINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "align/aseq.h"
#include "core/api.h"

typedef struct ss_seedindex ss_seedindex;

/* An empty index with document-frequency cap max_df (>= 2).  NULL when out
 * of memory. */
SS_API ss_seedindex *ss_seedindex_new(uint32_t max_df);
SS_API void ss_seedindex_free(ss_seedindex *ix);

/* Add the fingerprints of document doc (doc must be the number of
 * documents added before; repeated hashes count once).  SS_OK, SS_ENOMEM,
 * or SS_EINVAL when called out of order or after building. */
SS_API int ss_seedindex_add(ss_seedindex *ix, uint32_t doc, const ss_fps *fps);

/* Furniture per source: an n-gram found in at least min_docs (>= 2) of a
 * source's documents and in at least share (0..1; 0 turns this off, the
 * default) of them is that source's furniture (a menu, a rubric line, a
 * cookie notice repeated across its pages), and that source's documents
 * are left out of its postings.  Unlike max_df this holds for an outlet
 * of any size.  Call before building. */
SS_API void ss_seedindex_set_furniture(ss_seedindex *ix, double share, uint32_t min_docs);
/* The source (outlet) of document doc, as a hash (0: none, the default).
 * SS_OK, SS_ENOMEM, or SS_EINVAL after building. */
SS_API int ss_seedindex_set_source(ss_seedindex *ix, uint32_t doc, uint64_t source);
/* Count documents per n-gram and keep the seeds.  SS_OK or SS_ENOMEM. */
SS_API int ss_seedindex_build(ss_seedindex *ix);

/* Documents holding n-gram hash, ascending; NULL and *n = 0 if hash is not
 * a seed (in one document only, or in more than max_df). */
SS_API const uint32_t *ss_seedindex_docs(const ss_seedindex *ix, uint64_t hash, size_t *n);

/* Statistics after building. */
typedef struct ss_seedindex_stats {
    uint32_t docs;          /* documents added */
    uint64_t fingerprints;  /* distinct (document, n-gram) entries added */
    uint64_t seeds;         /* n-grams kept (2 <= df <= max_df) */
    uint64_t over_cap;      /* n-grams dropped for df > max_df */
    uint64_t furniture;     /* n-grams that are some source's furniture */
    uint64_t postings;      /* document entries of the kept n-grams */
    /* documents that are mostly text found in more than max_df documents:
     * half or more of their fingerprints are over the cap (copies of one
     * text in more than max_df documents, not a shared credit line); they
     * are linked through what else they hold only */
    uint32_t docs_mostly_over_cap;
    uint32_t max_df_seen;   /* the largest df of an n-gram over the cap (0: none) */
} ss_seedindex_stats;

SS_API ss_seedindex_stats ss_seedindex_get_stats(const ss_seedindex *ix);

#endif
