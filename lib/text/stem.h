/* text/stem.h — word stems for the languages Snowball knows.
 *
 * A thin, owning wrapper over libstemmer (Snowball): one ss_stemmer per
 * language per thread (Snowball stemmers are not thread-safe).  Input words
 * should be normalized first (text/norm.h: case folded).  Languages:
 * ar ca da de el en es eu fi fr ga hi hu hy id it lt ne nl no pt ro ru sr
 * sv ta tr yi.
 */
#ifndef SS_TEXT_STEM_H
#define SS_TEXT_STEM_H

#include <stddef.h>

#include "core/api.h"

typedef struct ss_stemmer ss_stemmer;

/* A stemmer for ISO 639-1 code lang; NULL if Snowball has none for it (or
 * out of memory).  ss_stem_available tells which. */
SS_API ss_stemmer *ss_stemmer_new(const char *lang);
SS_API void ss_stemmer_free(ss_stemmer *s);
SS_API int ss_stem_available(const char *lang);

/* Stem word[0..len) (UTF-8).  Returns the stem, valid until the next call
 * on this stemmer, and its length in *out_len; the word itself (not a copy)
 * if stemming failed. */
SS_API const char *ss_stem(ss_stemmer *s, const char *word, size_t len, size_t *out_len);

/* A set of stemmers by language, each made on first use; like a stemmer,
 * one set per thread.  At most SS_STEMMERS_MAX languages are kept (a text
 * in yet another one is not stemmed). */
#define SS_STEMMERS_MAX 16
typedef struct ss_stemmers ss_stemmers;

SS_API ss_stemmers *ss_stemmers_new(void);
SS_API void ss_stemmers_free(ss_stemmers *s);
/* The stemmer for lang; NULL when Snowball has none (or the set is full). */
SS_API ss_stemmer *ss_stemmers_get(ss_stemmers *s, const char *lang);

#endif
