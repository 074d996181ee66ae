/* fingerprint/shingle.h — a document's words, its lines, and its shingles.
 *
 * Near-duplicate detection compares documents by their shingles: the
 * hashes of every run of n consecutive words (word n-grams) of the
 * normalized text.  Words are the tokens of text/token.h, normalized (NFKC,
 * case folded) and hashed; scripts written without spaces give character
 * bigrams there, so for them a shingle of n tokens covers n + 1 characters.
 *
 * Two steps, because the second needs what the corpus says of lines:
 *
 * ss_fp_text_scan  cuts the title and the body into words and the body into
 *                  lines, and computes the exact key: the hash of all the
 *                  normalized words in order (title, then body), so two
 *                  documents with the same key are equal after
 *                  normalization (case, Unicode forms, spacing and
 *                  punctuation do not count).
 * ss_fp_shingles   makes the shingles.  The title and the body are shingled
 *                  apart (a changed headline touches only the title's
 *                  shingles), a part shorter than n words gives one shingle
 *                  of all its words.  Body lines are left out when they
 *                  carry no evidence of copying:
 *                  - lines of fewer than n words (menus, buttons, bylines,
 *                    "Advertisement", timestamps), unless such lines hold
 *                    more than half the body's words (lists, tables, verse);
 *                  - lines of up to SS_FP_COMMON_MAX_WORDS words that occur
 *                    in at least `common_docs` documents of the corpus (by
 *                    the line-frequency table: page chrome, newsletter
 *                    boxes, footers, disclaimers; longer lines are article
 *                    paragraphs and are not counted), unless they hold more than
 *                    half of the body's remaining words (a widely syndicated
 *                    article, whose lines recur with its copies).
 *                  Shingles run across the kept lines, so text hard-wrapped
 *                  at a fixed width shingles as if it were not.
 *
 * A ss_fp_text holds its arrays between calls: keep one per document in
 * flight and reuse it.  Thread-safe on distinct ss_fp_text objects.
 */
#ifndef SS_FINGERPRINT_SHINGLE_H
#define SS_FINGERPRINT_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "fingerprint/linefreq.h"
#include "text/token.h"

/* Lines longer than this are never page chrome (and are not counted). */
#define SS_FP_COMMON_MAX_WORDS 64

typedef struct ss_fp_line {
    uint32_t start, end;   /* word index range in ss_fp_text.words (body words) */
    uint64_t hash;         /* hash of the line's normalized words */
} ss_fp_line;

typedef struct ss_fp_text {
    uint64_t *words;       /* word hashes: the title's first, then the body's */
    size_t nwords, wcap;
    size_t ntitle;         /* words[0..ntitle) are the title's */
    ss_fp_line *lines;     /* body lines holding at least one word, in order */
    size_t nlines, lcap;
    uint64_t exact;        /* exact key; 0 when the document has no word */
    uint64_t *seq;         /* scratch: the body words kept for shingling */
    size_t scap;
} ss_fp_text;

/* Why words were left out (for tests and statistics). */
typedef struct ss_fp_shingle_info {
    size_t short_words;    /* body words in lines of fewer than n words, left out */
    size_t common_words;   /* body words in common lines, left out */
} ss_fp_shingle_info;

SS_API void ss_fp_text_init(ss_fp_text *t);
SS_API void ss_fp_text_release(ss_fp_text *t);

/* Words, lines and exact key of d: the title (d->title, or for text files
 * whose text still starts with its title line, body_start > 0, that line)
 * and the body (d->text after it).
 * tok is the caller's tokenizer scratch.  SS_OK, SS_ENOMEM, SS_ETOOBIG. */
SS_API int ss_fp_text_scan(ss_fp_text *t, const ss_doc *d, ss_tokens *tok);

/* The hashes of the lines of t holding n to SS_FP_COMMON_MAX_WORDS words,
 * the lines the line-frequency table counts, appended to out (growing it; *cap is its
 * capacity).  Returns the number appended, or (size_t)-1 when out of memory. */
SS_API size_t ss_fp_countable_lines(const ss_fp_text *t, int n, uint64_t **out, size_t *cap);

/* The shingles of t for word n-grams, into *out (grown as needed; *cap is
 * its capacity); *count receives how many.  freq may be NULL (no line is
 * common); common_docs is the document count from which a line is common.
 * info may be NULL.  Uses t->seq as scratch.  SS_OK or SS_ENOMEM. */
SS_API int ss_fp_shingles(ss_fp_text *t, int n, const ss_linefreq *freq,
                          uint32_t common_docs, uint64_t **out, size_t *cap, size_t *count,
                          ss_fp_shingle_info *info);

#endif
