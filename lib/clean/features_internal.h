/* clean/features_internal.h — text statistics of one block or line.
 *
 * The evidence that a run of text is prose rather than page furniture,
 * shared by the HTML and the plain-text cleaners: how many words, how many
 * of them are function words (prose is about 40% function words in every
 * language we have lists for; menus, buttons and headlines have few or
 * none), whether it ends like a sentence, whether it is only a number or a
 * clock time ("18", "04:08").  Function words are looked up in every
 * language's list at once (ss_stopword_any): pages mix languages rarely,
 * and the overlap between lists only shifts all blocks alike.
 */
#ifndef SS_CLEAN_FEATURES_INTERNAL_H
#define SS_CLEAN_FEATURES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "text/stopwords.h"

typedef struct ss_feat {
    uint32_t cp;          /* code points */
    uint32_t words;       /* words (runs of letters or digits) */
    uint32_t stops;       /* of which function words */
    uint32_t letters;     /* code points that are letters */
    uint32_t digits;
    uint32_t upper_words; /* words starting with a capital */
    uint32_t sentences;   /* sentence ends (. ! ? and their CJK and Devanagari forms) */
    uint8_t ends_sentence;/* the last visible character ends a sentence */
    uint8_t number_only;  /* only digits, separators (: . , /) and spaces: "18", "04:08" */
    uint8_t ends_colon;   /* ends with ':' (a label: "Read more:", "Photo:") */
} ss_feat;

/* Buffers for normalizing non-ASCII words; one per thread, reused. */
typedef struct ss_feat_scratch {
    ss_buf norm, tmp;
} ss_feat_scratch;

/* Statistics of valid UTF-8 s[0..n).  sw may be NULL (no function words
 * counted).  SS_OK or SS_ENOMEM. */
int ss_feat_compute(const ss_stopwords *sw, const char *s, size_t n, ss_feat *f,
                    ss_feat_scratch *scratch);

#endif
