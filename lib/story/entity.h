/* story/entity.h — names of people, places and organizations, without a
 * gazetteer.
 *
 * In cased scripts a name is a run of capitalized words ("Sergey Lavrov",
 * "Collective Security Treaty Organization", "Bank of Norland": lower-case
 * connectors such as "of", "de", "von", "al" may join two capitalized
 * parts) or an acronym ("CSTO").  A capitalized word that only starts a
 * sentence or a title-case headline counts only if the document also writes
 * it capitalized elsewhere.  Function words (text/stopwords.h) and month
 * and weekday names (text/calendar.h) are never names.  In uncased scripts (Devanagari, Arabic, Han, ...) there
 * is no capitalization to go by; callers that need names there use the
 * cross-language pivot instead.
 *
 * Each name token gets a spelling-tolerant key (ss_name_key: accents
 * stripped, a consonant skeleton), so "Sergey"/"Sergei" and "Tokayev"/
 * "Tokaev" meet; a mention made of one word of an earlier longer name
 * ("Lavrov" beside "Sergey Lavrov") refers to it (canon).
 */
#ifndef SS_STORY_ENTITY_H
#define SS_STORY_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "text/stopwords.h"
#include "text/token.h"

typedef struct ss_mention {
    uint32_t tok_start, tok_end;   /* token index range [start, end) */
    uint32_t start, end;           /* byte span in the text */
    uint32_t cp_start, cp_end;     /* code point span in the text */
    uint64_t key;                  /* key of the whole name (ordered token keys) */
    uint32_t canon;                /* index of the mention this one stands for (itself,
                                      or a longer name it is part of) */
    uint8_t acronym;               /* all capitals, like "CSTO" */
} ss_mention;

typedef struct ss_mentions {
    ss_mention *v;
    size_t n, cap;
} ss_mentions;

SS_API void ss_mentions_init(ss_mentions *m);
SS_API void ss_mentions_release(ss_mentions *m);

/* Find the names in text[0..len) given its tokens (made with at least
 * SS_TOKENIZE_NORM, from the same text, cp_base 0), the document language
 * (may be "" or "und") and stopword lists (may be NULL).  Replaces out's
 * content.  SS_OK or SS_ENOMEM. */
SS_API int ss_find_mentions(const char *text, size_t len, const ss_tokens *tok, const char *lang,
                            const ss_stopwords *sw, ss_mentions *out);

/* The length of name word[0..len) without a possessive ending ("Putin's",
 * "Putin’s" -> "Putin"): a name's possessive is the name. */
SS_API size_t ss_name_base_len(const char *word, size_t len);

/* Spelling-tolerant key of one normalized name word (UTF-8): marks
 * stripped, Latin letters reduced to a consonant skeleton that keeps the
 * first letter; other scripts hashed as they are.  Never 0. */
SS_API uint64_t ss_name_key(const char *word, size_t len);

/* Key of token k of a tokenized text (uses its normalized form). */
SS_API uint64_t ss_token_name_key(const ss_tokens *tok, size_t k);

#endif
