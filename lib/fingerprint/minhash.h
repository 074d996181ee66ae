/* fingerprint/minhash.h — MinHash sketches, LSH band keys, similarity.
 *
 * Two sketches of a document's shingle set, both by one-permutation
 * hashing (OPH): each shingle is hashed once, the hash picks a bin and the
 * bin keeps the smallest hash it saw.  The cost is one hash per shingle,
 * not one per MinHash value.
 *
 * The similarity sketch has `hashes` bins (K).  A bin no shingle fell in
 * stays empty (so short documents are not padded with copies of their few
 * values); a filled bin keeps a 2-bit fingerprint of its minimum, 1..3
 * (b-bit MinHash), so the sketch takes K/4 bytes.  The Jaccard similarity
 * of two sets is estimated from the bins filled in either sketch: the
 * chance that such a bin holds the same minimum in both is exactly the
 * Jaccard similarity; fingerprints of different minima agree by chance 1
 * time in 3, which the estimator subtracts.  Its standard error is about
 * sqrt(P(1-P)/m) / (1 - 1/3), P = J + (1-J)/3, m = min(K, shingles in the
 * union): 0.016 at K = 1024, J = 0.8 and long documents (4-bit
 * fingerprints, the sketch of index version 1, gave 0.013 at twice the
 * memory).  Measured by bench/dedup_rates (20,000 pairs per cell, K =
 * 1024, grouped from 0.75): at J = 0.8, 0.04-0.20% of pairs missed (4-bit:
 * 0.04-0.15%); at J = 0.7, 0.01-0.11% grouped (4-bit: 0.00-0.02%).  On
 * ../shared/eval/near_dup.py (seeds 1-4 and 7), precision and recall
 * equal 4-bit's within one pair per seed, either way.
 *
 * The band sketch has bands * rows bins holding full 64-bit minima; empty
 * bins are filled by optimal densification (an empty bin borrows the bin
 * its own probe sequence reaches first, the same sequence in every
 * document, so equal sets stay equal and similar sets stay similar).
 * Each band's rows hash to one 64-bit key: two documents of Jaccard
 * similarity J share at least one band key with probability close to
 * 1 - (1 - J^rows)^bands.
 *
 * Functions are thread-safe; a ss_minhash_work is per thread.
 */
#ifndef SS_FINGERPRINT_MINHASH_H
#define SS_FINGERPRINT_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

#define SS_MINHASH_MIN_HASHES 64
#define SS_MINHASH_MAX_HASHES 8192
#define SS_MINHASH_MAX_BANDS 16
#define SS_MINHASH_MAX_ROWS 16

typedef struct ss_minhash_params {
    uint32_t hashes;  /* similarity sketch bins: a multiple of 16 in [64, 8192] */
    uint32_t bands;   /* LSH bands, 1..16 */
    uint32_t rows;    /* rows per band, 1..16 */
} ss_minhash_params;

typedef struct ss_minhash_work {
    uint64_t *mins;   /* hashes bins */
    uint64_t *bmins;  /* bands * rows bins */
    uint32_t hashes, lbins;
} ss_minhash_work;

/* Bytes of a similarity sketch of K bins: K / 4. */
SS_API size_t ss_minhash_sketch_bytes(uint32_t hashes);

/* The sketch of K bins that ss_minhash_sketch gives now, from one of 4-bit
 * fingerprints (index version 1: two bins per byte, bin 2i in the low
 * nibble, fingerprint 1 + floor(15 x / 2^32) of the minimum's low 32 bits
 * x).  Exact: 1 + floor(3 x / 2^32) is (f + 4) / 5 of the 4-bit f. */
SS_API void ss_minhash_sketch_from_4bit(const uint8_t *nibbles, uint32_t hashes,
                                        uint8_t *sketch);

/* 1 if p is usable (the ranges above). */
SS_API int ss_minhash_params_valid(const ss_minhash_params *p);

SS_API void ss_minhash_work_init(ss_minhash_work *w);
SS_API void ss_minhash_work_release(ss_minhash_work *w);

/* Sketch the set shingles[0..n) (duplicates are harmless): sketch gets
 * ss_minhash_sketch_bytes(p->hashes) bytes, band_keys p->bands keys.  With
 * n == 0 the sketch is all empty and the band keys are 0.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_minhash_sketch(const ss_minhash_params *p, const uint64_t *shingles, size_t n,
                             ss_minhash_work *w, uint8_t *sketch, uint64_t *band_keys);

/* Estimated Jaccard similarity of the sets behind two sketches, in [0, 1];
 * 0 if either sketch is empty. */
SS_API double ss_minhash_similarity(const uint8_t *a, const uint8_t *b, uint32_t hashes);

/* Bands and rows for grouping at similarity `cutoff`: the most rows per
 * band that still give at most SS_MINHASH_MAX_BANDS bands with a chance of
 * at least 99% that a pair of similarity `cutoff` shares a band (more rows
 * make fewer chance candidates).  When no choice reaches 99% (cutoffs
 * below about 0.25), 1 row and the most bands. */
SS_API void ss_minhash_choose_bands(double cutoff, uint32_t *bands, uint32_t *rows);

/* 1 - (1 - j^rows)^bands: the chance that a pair of similarity j shares a band. */
SS_API double ss_minhash_band_chance(double j, uint32_t bands, uint32_t rows);

#endif
