/* align/aseq.h — a document as the aligner sees it: a compact token
 * sequence, and the word n-gram fingerprints that seed alignments.
 *
 * Tokens come from text/token.h (words, numbers, character bigrams of
 * unspaced scripts), so punctuation and white space are not tokens and
 * never break a match.  Each token keeps a 32-bit hash of its normalized
 * form (NFKC, case folded: "China’s" = "CHINA'S"), its code point span in
 * the text, and two flags:
 *   SS_ATOK_QUOTED  the token stands inside quotation marks (“…”, "…",
 *                   „…“, «…», 「…」); a mark opens when it stands
 *                   between a space and a word, closes between a word
 *                   and a space or punctuation, so inch signs and
 *                   stray marks quote nothing.  A quotation must close in its
 *                   paragraph, or go on in the next one, which opens with
 *                   a quotation mark again (news style for long quotes),
 *                   and runs at most SS_ASEQ_MAX_QUOTE tokens a paragraph;
 *                   a mark that never closes is a stray and quotes nothing;
 *   SS_ATOK_PARA    the token is the first of a paragraph (a line of its
 *                   own, or a block between blank lines in hard-wrapped
 *                   text, as text/segment.h decides).
 * A token also knows the punctuation that touches it ("(“Hello" has head
 * "(“", "world.”" has tail ".”") as a one-byte code (length and hash), so
 * a passage can take in the punctuation around it when both texts have
 * the same.  Memory: 12 bytes per token.
 *
 * Fingerprints are n-grams of token hashes (64-bit) selected by winnowing
 * (Schleimer, Wilkerson, Aiken 2003): the smallest hash of every window of
 * w consecutive n-grams.  Two texts that share a run of at least w + n - 1
 * tokens select at least one common fingerprint, whatever surrounds the
 * run; on average 2 / (w + 1) of the positions are selected.
 *
 * Thread rules: an ss_aseq is plain data; build it in one thread, read it
 * from any number.
 */
#ifndef SS_ALIGN_ASEQ_H
#define SS_ALIGN_ASEQ_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "text/token.h"

#define SS_ASEQ_MAX_QUOTE 150

enum {
    SS_ATOK_QUOTED = 1u << 0,
    SS_ATOK_PARA = 1u << 1
};

/* One token, 12 bytes.  A token of 255 code points or more keeps its end
 * in the sequence's overflow table; read spans with ss_aseq_cp_start/end. */
typedef struct ss_atok {
    uint32_t hash;       /* hash of the normalized form */
    uint32_t cp_start;   /* code point offset in the text */
    uint8_t len;         /* code points, 255 = see the overflow table */
    uint8_t flags;       /* SS_ATOK_* */
    uint8_t head, tail;  /* the punctuation touching it before and after
                            (ss_aseq_edge_len), 0 if none */
} ss_atok;

typedef struct ss_aseq {
    ss_atok *tok;
    size_t n, cap;
    uint32_t (*longtok)[2];      /* (token index, cp_end) of tokens of 255+ code points */
    size_t nlong, caplong;
    uint32_t cp_len;             /* code points in the whole text */
} ss_aseq;

/* A fingerprint: an n-gram hash and the index of its first token. */
typedef struct ss_fp {
    uint64_t hash;
    uint32_t pos;
} ss_fp;

typedef struct ss_fps {
    ss_fp *v;
    size_t n, cap;
} ss_fps;

SS_API void ss_aseq_init(ss_aseq *s);
SS_API void ss_aseq_release(ss_aseq *s);

/* Tokenize valid UTF-8 text[0..len) into s (replacing its content).
 * scratch is a caller-owned token list reused between calls.  SS_OK,
 * SS_ENOMEM, or SS_ETOOBIG (a text of 2 GiB or more). */
SS_API int ss_aseq_build(ss_aseq *s, const char *text, size_t len, ss_tokens *scratch);

/* Code point span of token i: [ss_aseq_cp_start, ss_aseq_cp_end). */
static inline uint32_t ss_aseq_cp_start(const ss_aseq *s, size_t i)
{
    return s->tok[i].cp_start;
}

SS_API uint32_t ss_aseq_long_end(const ss_aseq *s, size_t i);

static inline uint32_t ss_aseq_cp_end(const ss_aseq *s, size_t i)
{
    const ss_atok *t = &s->tok[i];
    return t->len < 255 ? t->cp_start + t->len : ss_aseq_long_end(s, i);
}

/* Code points of the punctuation an edge code stands for. */
static inline uint32_t ss_aseq_edge_len(uint8_t code)
{
    return code & 7u;
}

/* Hash of the n tokens starting at i (i + n <= s->n).  Never 0. */
SS_API uint64_t ss_aseq_ngram(const ss_aseq *s, size_t i, unsigned n);

SS_API void ss_fps_init(ss_fps *f);
SS_API void ss_fps_release(ss_fps *f);

/* Winnowed fingerprints of s (n-grams of n tokens, windows of w n-grams),
 * in text order, replacing out's content.  A text of fewer than n tokens
 * has none; one of fewer than w + n - 1 tokens has its smallest n-gram.
 * SS_OK or SS_ENOMEM. */
SS_API int ss_aseq_fingerprints(const ss_aseq *s, unsigned n, unsigned w, ss_fps *out);

#endif
