/* fingerprint/dedup_internal.h — what dedup.c and dedup_store.c share.
 * Not installed; not part of the API. */
#ifndef SS_FINGERPRINT_DEDUP_INTERNAL_H
#define SS_FINGERPRINT_DEDUP_INTERNAL_H

#include <stdint.h>

#include "core/buf.h"
#include "fingerprint/dedup.h"
#include "fingerprint/keymap.h"
#include "fingerprint/linefreq.h"
#include "fingerprint/minhash.h"
#include "fingerprint/shingle.h"
#include "fingerprint/unionfind.h"

/* One document, as kept for the whole run and in the index (fixed layout:
 * it is written to the index as is). */
typedef struct dd_doc {
    uint64_t exact;      /* exact key, 0 if the document has no word */
    int64_t time;        /* date, SS_TIME_NONE if unknown */
    uint64_t id_off;     /* offset of the NUL-terminated id in ids */
    uint32_t sketch;     /* number of its sketch, SS_DEDUP_NONE if none (copy, no word) */
    uint32_t exact_of;   /* first document with the same exact key (itself if first),
                            SS_DEDUP_NONE if no word */
} dd_doc;

struct ss_dedup {
    ss_dedup_params p;
    ss_minhash_params mh;
    dd_doc *docs;
    size_t ndocs, capdocs;
    uint32_t first_new;
    ss_buf ids;
    ss_uf uf;
    uint8_t *sketches;       /* nsketch * sketch_bytes */
    uint32_t *sketch_doc;    /* document of each sketch */
    size_t nsketch, capsketch, sketch_bytes;
    ss_keymap *exact;        /* exact key -> first document */
    ss_keymap *lsh;          /* band key -> documents */
    ss_linefreq *lines;
    uint32_t *rep;           /* after finish: representative of each document */
    size_t nrep;
    ss_dedup_stats st;
};

struct ss_dedup_work {
    ss_tokens tok;
    ss_minhash_work mh;
    uint64_t *shingles;
    size_t scap;
};

struct ss_dedup_item {
    ss_fp_text text;
    uint64_t *lines;         /* countable line hashes (admit) */
    size_t lcap;
    uint8_t *sketch;
    uint64_t bands[SS_MINHASH_MAX_BANDS];
    size_t sketch_cap;
    uint32_t doc;
    int copy;                /* an exact copy of an earlier document */
    int sketched;            /* sketch and bands are filled */
};

#endif
