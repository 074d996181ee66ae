/* text/stopwords.h — word lists per language: function words, and any
 * other list kept the same way.
 *
 * A word list folder data/<name>/ holds <lang>.txt files (one word per
 * line, '#' starts a comment line; written for this project).  A folder is
 * loaded once into an immutable set that any number of threads may query.
 * Words are compared in normalized form (text/norm.h default: NFKC, case
 * folded), which is what the tokenizer's normalized tokens are.  The
 * function words are the folder "stopwords"; ss_wordlist_load reads any
 * other (e.g. "reporting" for reporting verbs).
 *
 * A list whose first line is "#! sparse" is of a language that writes
 * most of its function words onto the word (Korean particles, Hebrew
 * prepositions, Bengali and Tamil case endings): its spaced function
 * words are a few percent of a text where European prose has a third or
 * more, so they cannot tell prose from furniture.  Such a list answers
 * ss_stopword and ss_stopwords_has for its language (the pivot and the
 * story features leave the words out) but is not part of "any language"
 * (ss_stopword_any, which the cleaner counts) and ss_stopwords_dense is 0
 * for it.
 */
#ifndef SS_TEXT_STOPWORDS_H
#define SS_TEXT_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/error.h"

typedef struct ss_stopwords ss_stopwords;

/* Load every list in data/stopwords/.  NULL with err set (SS_ENODATA) if
 * the folder is missing. */
SS_API ss_stopwords *ss_stopwords_load(ss_error *err);
/* Load every list in data/<folder>/ the same way (query it with the
 * functions below). */
SS_API ss_stopwords *ss_wordlist_load(const char *folder, ss_error *err);
SS_API void ss_stopwords_free(ss_stopwords *sw);

/* 1 if word (normalized) is a function word of lang ("en"). */
SS_API int ss_stopword(const ss_stopwords *sw, const char *lang, const char *word, size_t len);
/* 1 if word is a function word of any loaded language. */
SS_API int ss_stopword_any(const ss_stopwords *sw, const char *word, size_t len);
/* The same for a word of ASCII letters, digits and apostrophes in any
 * case ("The"): lower-cased here, and only when a listed word could match. */
SS_API int ss_stopword_any_ascii(const ss_stopwords *sw, const char *word, size_t len);
/* The same lookup for a caller that already holds the word's XXH3 hash
 * (ss_token.hash with SS_TOKENIZE_HASH) and the language's salt
 * (ss_stopword_salt(lang), computed once): no pass over the word. */
SS_API uint64_t ss_stopword_salt(const char *lang);
SS_API int ss_stopword_hashed(const ss_stopwords *sw, uint64_t salt, uint64_t word_hash);

/* 1 if there is a list for lang. */
SS_API int ss_stopwords_has(const ss_stopwords *sw, const char *lang);
/* 1 if there is a list for lang and it is not sparse: its share of a
 * text's words says whether the text is prose of that language. */
SS_API int ss_stopwords_dense(const ss_stopwords *sw, const char *lang);

#endif
