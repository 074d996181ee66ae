/* compare/quotes.h — who is quoted saying what.
 *
 * Quotations are spans inside quotation marks: straight "...", curly “...”,
 * German „...“, guillemets «...», CJK 「...」 and 『...』, and single ‘...’
 * (only when it opens after a space and closes before a non-letter, so
 * apostrophes are not taken for quotes).  A quotation stays inside its
 * paragraph.
 *
 * A quotation is attributed to a speaker found next to a reporting verb
 * (data/reporting/<lang>.txt: said, told, stressed, added, ...) in the same
 * sentence, after it ("...," Wang said. / "...," said Wang / "...," he said)
 * or before it (Wang said: "..." / According to Wang, "...").  A pronoun
 * (he, she, they and their equivalents) stands for the most recent earlier
 * speaker or, failing that, the most recent earlier name of two or more
 * words.  A quotation right after an attributed one with no attribution of
 * its own continues it.  Names are those of story/entity.h, resolved to
 * their longest form ("Wang" -> "Wang Yi").  Scare quotes (a few words, no
 * reporting verb) are not quotations.
 */
#ifndef SS_COMPARE_QUOTES_H
#define SS_COMPARE_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/error.h"
#include "story/entity.h"
#include "text/token.h"

typedef struct ss_quote {
    uint32_t start, end;         /* byte span of the quoted words (inside the marks) */
    uint32_t cp_start, cp_end;   /* code point span of the same */
    int32_t speaker;             /* index of the speaker's (canonical) mention, -1 if unknown */
    uint8_t by_pronoun;          /* the speaker was found through a pronoun */
    uint8_t continued;           /* attributed by continuing the previous quotation */
} ss_quote;

typedef struct ss_quotes {
    ss_quote *v;
    size_t n, cap;
} ss_quotes;

SS_API void ss_quotes_init(ss_quotes *q);
SS_API void ss_quotes_release(ss_quotes *q);

typedef struct ss_quoter ss_quoter;

/* Load the reporting-verb lists.  Immutable afterwards: share it between
 * threads.  NULL with err set when the lists are not installed. */
SS_API ss_quoter *ss_quoter_new(ss_error *err);
SS_API void ss_quoter_free(ss_quoter *q);

/* Find the quotations of text[0..len) given its tokens (SS_TOKENIZE_NORM,
 * cp_base 0) and names (ss_find_mentions on the same tokens).  Replaces
 * out's content.  SS_OK or SS_ENOMEM. */
SS_API int ss_find_quotes(const ss_quoter *qt, const char *text, size_t len, const ss_tokens *tok,
                          const ss_mentions *men, const char *lang, ss_quotes *out);

#endif
