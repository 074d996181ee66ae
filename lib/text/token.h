/* text/token.h — words, numbers and character bigrams with their offsets.
 *
 * The tokenizer follows the word-boundary rules of Unicode UAX #29 in the
 * parts that matter for news text: letters, combining marks and format
 * characters (ZWJ, ZWNJ) stay together, so Devanagari, Arabic or Hebrew
 * words with vowel signs or points are one token; an apostrophe or a full
 * stop between letters joins them ("China's", "U.S"); a comma or full stop
 * between digits joins them ("1,000", "3.5"); letters and digits together
 * make one word ("G20").  Hyphens, dashes and other punctuation separate.
 * Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar)
 * give overlapping character bigrams (a run of one character gives one
 * unigram); a character and its combining marks count as one.
 *
 * Each token knows its byte span and its code point span in the text it
 * was cut from (half-open), and optionally its normalized form (see
 * norm.h) and a 64-bit hash of that form.
 */
#ifndef SS_TEXT_TOKEN_H
#define SS_TEXT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"

typedef enum ss_token_kind {
    SS_TOK_WORD = 1,   /* letters, maybe with digits */
    SS_TOK_NUM = 2,    /* digits only (with separators) */
    SS_TOK_CJK = 3     /* a character bigram (or unigram) of an unspaced script */
} ss_token_kind;

/* token flags */
enum {
    SS_TF_UPPER = 1u << 0,     /* the first letter is upper or title case */
    SS_TF_ALLUPPER = 1u << 1,  /* two or more letters, all upper case */
    SS_TF_NONASCII = 1u << 2   /* the token has a non-ASCII character */
};

typedef struct ss_token {
    uint32_t start, end;         /* byte span in the text */
    uint32_t cp_start, cp_end;   /* code point span in the text */
    uint32_t norm_off, norm_len; /* normalized form: tokens.norm.data + norm_off (NUL-terminated) */
    uint64_t hash;               /* XXH3 of the normalized form, 0 without SS_TOKENIZE_HASH */
    uint8_t kind;                /* ss_token_kind */
    uint8_t flags;               /* SS_TF_* */
    uint8_t script;              /* ss_script of the first letter (COMMON for numbers) */
    uint8_t reserved;
} ss_token;

/* tokenizer options */
enum {
    SS_TOKENIZE_NORM = 1u << 0,        /* fill the normalized forms (NFKC, case folded) */
    SS_TOKENIZE_HASH = 1u << 1,        /* also hash them (implies NORM) */
    SS_TOKENIZE_STRIP_MARKS = 1u << 2, /* normalized forms without diacritics */
    SS_TOKENIZE_NO_CJK = 1u << 3       /* skip unspaced scripts instead of making bigrams */
};

/* A reusable token list: keep one per thread and pass it to every call, so
 * steady-state tokenizing allocates nothing.  All fields are read-only for
 * callers. */
typedef struct ss_tokens {
    ss_token *v;       /* the tokens, in text order */
    size_t n, cap;
    ss_buf norm;       /* normalized forms */
    ss_buf scratch;    /* for the normalizer */
    struct ss_unit { uint32_t start, end, cp; } *units; /* scratch for bigrams */
    size_t units_cap;
} ss_tokens;

SS_API void ss_tokens_init(ss_tokens *t);
SS_API void ss_tokens_release(ss_tokens *t);

/* Cut valid UTF-8 text[0..len) into tokens, replacing t's content.  Offsets
 * are relative to text; cp_base is added to the code point offsets (pass
 * the code point index of text within a larger text, or 0).  SS_OK,
 * SS_ENOMEM, or SS_ETOOBIG for a text of 4 GiB or more. */
SS_API int ss_tokenize(const char *text, size_t len, uint32_t cp_base, unsigned opts,
                       ss_tokens *t);

/* The normalized form of token k (requires SS_TOKENIZE_NORM). */
static inline const char *ss_token_norm(const ss_tokens *t, size_t k)
{
    return t->norm.data + t->v[k].norm_off;
}

#endif
