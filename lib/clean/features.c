/* clean/features.c — word, function-word and punctuation counts of a block.
 *
 * Words are runs of letters, digits, combining marks and inner
 * apostrophes; everything below U+0080 that is not a letter or digit, the
 * Latin-1 symbols and the general and CJK punctuation blocks separate
 * them.  ASCII words are lower-cased in place for the function-word
 * lookup (the lists are stored normalized, see text/stopwords.h); other
 * words go through text/norm.h.  Words longer than 40 bytes are never
 * function words and are not looked up.
 *
 * Chinese and Japanese are written without spaces: a whole clause is one
 * run of letters.  Counted as one word, a two-sentence article would look
 * like a menu to the thresholds of extract.c, which are set in words of
 * spaced scripts; so a run holding Han ideographs or kana counts one word
 * per CJK_CHARS_PER_WORD of them (at least one).
 */
#include "clean/features_internal.h"

#include <string.h>

#include "core/error.h"
#include "text/ascii.h"
#include "text/norm.h"
#include "text/utf8.h"

/* Characters per word in Chinese and Japanese running text: words there
 * are mostly one to three characters long (two on average in Chinese
 * news; Japanese runs mix kanji words and kana particles). */
#define CJK_CHARS_PER_WORD 2

/* Han ideographs (with extensions and compatibility forms) and kana. */
static int is_cjk(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

static inline int is_sep(uint32_t c)
{
    if (c < 0x80)
        return !ss_ascii_alnum[c];
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD ||
           (c >= 0x2190 && c <= 0x2BFF) || c == 0x0964 || c == 0x0965 || c == 0x060C ||
           c == 0x061F || c == 0x06D4;
}

static inline int ends_sentence_cp(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ || c == 0x3002 /* 。 */ ||
           c == 0xFF01 || c == 0xFF1F || c == 0x0964 /* । */ || c == 0x061F /* ؟ */ ||
           c == 0x06D4;
}

static int is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
           c == 0xBB || c == 0x300D || c == 0x300F;
}

int ss_feat_compute(const ss_stopwords *sw, const char *s, size_t n, ss_feat *f,
                    ss_feat_scratch *scratch)
{
    memset(f, 0, sizeof *f);
    size_t i = 0;
    int number_only = 1;
    uint32_t last = 0, before_last = 0;
    while (i < n) {
        size_t ws = i;
        uint32_t c = ss_utf8_next(s, n, &i);
        f->cp++;
        if (c != ' ') {
            before_last = last;
            last = c;
        }
        if (ends_sentence_cp(c) && (i >= n || s[i] == ' '))
            f->sentences++;
        if (is_sep(c)) {
            if (!(c == ' ' || c == ':' || c == '.' || c == ',' || c == '/' || c == '-'))
                number_only = 0;
            continue;
        }
        /* a word: up to the next separator (an apostrophe between letters stays) */
        size_t we = i;
        int ascii = c < 0x80, upper = (c >= 'A' && c <= 'Z');
        uint32_t letters = !(c >= '0' && c <= '9'), digits = !letters;
        uint32_t cps = 1, cjk = is_cjk(c);
        for (;;) {
            /* ASCII letters and digits eight bytes at a time
             * (text/ascii.h; the capitals' count is not needed here);
             * anything else (an apostrophe, a separator, a byte above
             * 0x7F) below */
            unsigned cl = 0;
            uint32_t dg = 0, up = 0;
            size_t run = we + ss_ascii_run(s + we, n - we, &cl, &dg, &up);
            digits += dg;
            letters += (uint32_t)(run - we) - dg;
            cps += (uint32_t)(run - we);
            we = run;
            size_t k = we;
            if (k >= n)
                break;
            uint32_t d = ss_utf8_next(s, n, &k);
            if (is_sep(d)) {
                if ((d == '\'' || d == 0x2019) && k < n) {
                    size_t k2 = k;
                    uint32_t e = ss_utf8_next(s, n, &k2);
                    if (!is_sep(e)) {
                        we = k;
                        cps++;
                        ascii &= d < 0x80;
                        continue;
                    }
                }
                break;
            }
            ascii &= d < 0x80;
            cjk += is_cjk(d);
            if (d >= '0' && d <= '9')
                digits++;
            else
                letters++;
            cps++;
            we = k;
        }
        f->cp += cps - 1;
        i = we;
        f->words += cjk >= 2 * CJK_CHARS_PER_WORD ? cjk / CJK_CHARS_PER_WORD : 1;
        f->letters += letters;
        f->digits += digits;
        f->upper_words += upper;
        if (letters)
            number_only = 0;
        last = 'a';
        if (!sw || letters == 0)
            continue;
        size_t wl = we - ws;
        if (ascii) {
            if (wl <= 40)
                f->stops += (uint32_t)ss_stopword_any_ascii(sw, s + ws, wl);
        } else if (wl <= 40) {
            ss_buf_clear(&scratch->norm);
            if (ss_normalize(s + ws, wl, SS_NORM_DEFAULT, &scratch->norm, &scratch->tmp))
                return SS_ENOMEM;
            f->stops += (uint32_t)ss_stopword_any(sw, scratch->norm.data ? scratch->norm.data : "",
                                                  scratch->norm.len);
        }
    }
    uint32_t endc = last;
    if (is_closer(endc))
        endc = before_last;
    f->ends_sentence = (uint8_t)ends_sentence_cp(endc);
    f->ends_colon = last == ':';
    f->number_only = (uint8_t)(number_only && f->digits > 0);
    return SS_OK;
}
