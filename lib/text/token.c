/* text/token.c — the tokenizer (rules in token.h).
 *
 * One left-to-right pass decodes code points, classifies each into a
 * word-break class and grows a token while the UAX #29 rules allow.  Code
 * point offsets are counted along the way.  The classes of ASCII come from
 * a table; others from utf8proc's general category plus ICU's script (to
 * spot unspaced scripts) and a short list of mid-word punctuation.
 */
#include "text/token.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/error.h"
#include "text/ascii.h"
#include "text/norm.h"
#include "text/script.h"
#include "text/utf8.h"

enum cls {
    C_OTHER = 0,
    C_LETTER,     /* letters of spaced scripts */
    C_DIGIT,      /* numbers */
    C_MARK,       /* combining marks: stay with what precedes */
    C_FORMAT,     /* ZWJ, ZWNJ, soft hyphen...: stay inside words */
    C_EXTNUMLET,  /* connector punctuation (underscore) */
    C_MIDLETTER,  /* joins letter-letter */
    C_MIDNUM,     /* joins digit-digit */
    C_MIDNUMLET,  /* joins both */
    C_UNSPACED    /* a letter of an unspaced script */
};

typedef struct {
    uint32_t cp;
    uint8_t cls;
    uint8_t upper;   /* Lu or Lt */
    uint8_t lower;   /* Ll */
    uint8_t script;
} cpinfo;

/* Lower-case the n ASCII bytes at s into d, eight at a time.  avail is
 * how many bytes may be read from s (the rest of the text) and d must have
 * room for n rounded up to 8: the last block may read and write up to 7
 * bytes past the token, which the caller overwrites.  In each byte with
 * its top bit masked off, adding 0x80 - 'A' sets the top bit from 'A' up
 * and adding 0x80 - 'Z' - 1 sets it above 'Z' (no carries between bytes);
 * the top bits of "from A, not above Z, and ASCII", shifted to 0x20, are
 * the case bits to set. */
static inline void ascii_lower(char *d, const unsigned char *s, size_t n, size_t avail)
{
    const uint64_t ones = 0x0101010101010101ull;
    size_t i = 0;
    for (; i < n && i + 8 <= avail; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t h = x & ones * 0x7f;
        uint64_t ge_a = h + ones * (0x80 - 'A');
        uint64_t gt_z = h + ones * (0x80 - 'Z' - 1);
        x |= ((ge_a & ~gt_z & ~x) & ones * 0x80) >> 2;
        memcpy(d + i, &x, 8);
    }
    for (; i < n; i++)
        d[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
}

static uint8_t classify_nonascii(uint32_t cp, cpinfo *ci)
{
    switch (cp) {
    case 0x2019: case 0x2018: case 0xFF07: case 0xFE52: case 0xFF0E: case 0x2024:
        return C_MIDNUMLET;
    case 0x00B7: case 0x0387: case 0x05F3: case 0x05F4: case 0x2027: case 0xFE13:
    case 0xFE55:
        return C_MIDLETTER;
    case 0x066B: case 0x066C: case 0xFE50: case 0xFE54: case 0xFF0C: case 0xFF1B:
    case 0x037E: case 0x0589: case 0x060C: case 0x060D: case 0x07F8: case 0x2044:
        return C_MIDNUM;
    default:
        break;
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        ci->upper = 1;
        /* fall through */
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: {
        if (cat == UTF8PROC_CATEGORY_LL)
            ci->lower = 1;
        ss_script s = ss_script_of(cp);
        ci->script = (uint8_t)s;
        if (ss_script_unspaced(s))
            return C_UNSPACED;
        /* the prolonged sound mark and friends are Common but live in kana text */
        if (cat == UTF8PROC_CATEGORY_LM && s == SS_SCRIPT_COMMON && cp >= 0x3000 && cp < 0x3100)
            return C_UNSPACED;
        return C_LETTER;
    }
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_PC:
        return C_EXTNUMLET;
    case UTF8PROC_CATEGORY_CF:
        return C_FORMAT;
    default:
        return C_OTHER;
    }
}

static inline void info_at(const char *s, size_t n, size_t *i, cpinfo *ci)
{
    unsigned char c = (unsigned char)s[*i];
    ci->upper = ci->lower = 0;
    ci->script = SS_SCRIPT_COMMON;
    if (c < 0x80) {
        (*i)++;
        ci->cp = c;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            ci->cls = C_LETTER;
            ci->upper = c <= 'Z';
            ci->lower = c >= 'a';
            ci->script = SS_SCRIPT_LATIN;
        } else if (c >= '0' && c <= '9') {
            ci->cls = C_DIGIT;
        } else if (c == '\'' || c == '.') {
            ci->cls = C_MIDNUMLET;
        } else if (c == ',' || c == ';') {
            ci->cls = C_MIDNUM;
        } else if (c == '_') {
            ci->cls = C_EXTNUMLET;
        } else {
            ci->cls = C_OTHER;
        }
        return;
    }
    ci->cp = ss_utf8_next(s, n, i);
    ci->cls = classify_nonascii(ci->cp, ci);
}

void ss_tokens_init(ss_tokens *t)
{
    memset(t, 0, sizeof *t);
}

void ss_tokens_release(ss_tokens *t)
{
    free(t->v);
    free(t->units);
    ss_buf_release(&t->norm);
    ss_buf_release(&t->scratch);
    memset(t, 0, sizeof *t);
}

static ss_token *push(ss_tokens *t)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        ss_token *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return NULL;
        t->v = v;
        t->cap = cap;
    }
    ss_token *k = &t->v[t->n++];
    memset(k, 0, sizeof *k);
    return k;
}

static int finish(ss_tokens *t, ss_token *k, const char *text, size_t len, unsigned opts)
{
    if (!(opts & (SS_TOKENIZE_NORM | SS_TOKENIZE_HASH)))
        return SS_OK;
    size_t off = t->norm.len;
    if (!(k->flags & SS_TF_NONASCII)) {
        /* ASCII: the normalized form is the lower-cased token (what
         * ss_normalize gives), written straight into the buffer */
        size_t n = k->end - k->start;
        if (t->norm.cap - t->norm.len < n + 10 && ss_buf_reserve(&t->norm, n + 8))
            return SS_ENOMEM;
        ascii_lower(t->norm.data + off, (const unsigned char *)text + k->start, n,
                    len - k->start);
        char *d = t->norm.data + off;
        d[n] = '\0';
        d[n + 1] = '\0';
        t->norm.len += n + 1;
        k->norm_off = (uint32_t)off;
        k->norm_len = (uint32_t)n;
        if (opts & SS_TOKENIZE_HASH)
            k->hash = XXH3_64bits(d, n);
        return SS_OK;
    }
    unsigned nf = SS_NORM_DEFAULT | ((opts & SS_TOKENIZE_STRIP_MARKS) ? SS_NORM_STRIP_MARKS : 0);
    if (ss_normalize(text + k->start, k->end - k->start, nf, &t->norm, &t->scratch))
        return SS_ENOMEM;
    k->norm_off = (uint32_t)off;
    k->norm_len = (uint32_t)(t->norm.len - off);
    if (ss_buf_putc(&t->norm, '\0'))
        return SS_ENOMEM;
    if (opts & SS_TOKENIZE_HASH)
        k->hash = XXH3_64bits(t->norm.data + off, k->norm_len);
    return SS_OK;
}

/* Collect a run of unspaced characters starting at byte i (code point cp)
 * and emit its bigrams.  Returns the byte offset after the run. */
static int unspaced_run(const char *text, size_t len, size_t *pi, uint32_t *pcp, unsigned opts,
                        ss_tokens *t, uint32_t cp_base, uint8_t script)
{
    size_t i = *pi;
    uint32_t cp = *pcp;
    size_t m = 0;
    while (i < len) {
        size_t j = i;
        cpinfo ci;
        info_at(text, len, &j, &ci);
        if (ci.cls != C_UNSPACED)
            break;
        if (m == t->units_cap) {
            size_t cap = t->units_cap ? t->units_cap * 2 : 64;
            struct ss_unit *u = realloc(t->units, cap * sizeof *u);
            if (!u)
                return SS_ENOMEM;
            t->units = u;
            t->units_cap = cap;
        }
        t->units[m].start = (uint32_t)i;
        t->units[m].cp = cp;
        cp++;
        /* marks and format characters stay with their base */
        for (;;) {
            size_t k = j;
            if (k >= len)
                break;
            cpinfo cm;
            info_at(text, len, &k, &cm);
            if (cm.cls != C_MARK && cm.cls != C_FORMAT)
                break;
            j = k;
            cp++;
        }
        t->units[m].end = (uint32_t)j;
        m++;
        i = j;
    }
    if (!(opts & SS_TOKENIZE_NO_CJK)) {
        size_t last = m > 1 ? m - 1 : m;
        for (size_t u = 0; u < last; u++) {
            size_t e = m > 1 ? u + 1 : u;
            ss_token *k = push(t);
            if (!k)
                return SS_ENOMEM;
            k->start = t->units[u].start;
            k->end = t->units[e].end;
            k->cp_start = cp_base + t->units[u].cp;
            k->cp_end = cp_base + (e + 1 < m ? t->units[e + 1].cp : cp);
            k->kind = SS_TOK_CJK;
            k->flags = SS_TF_NONASCII;
            k->script = script;
            if (finish(t, k, text, len, opts))
                return SS_ENOMEM;
        }
    }
    *pi = i;
    *pcp = cp;
    return SS_OK;
}

int ss_tokenize(const char *text, size_t len, uint32_t cp_base, unsigned opts, ss_tokens *t)
{
    t->n = 0;
    ss_buf_clear(&t->norm);
    if (len >= UINT32_MAX)
        return SS_ETOOBIG;
    size_t i = 0;
    uint32_t cp = 0; /* code point index of text[i] */
    while (i < len) {
        /* ASCII spaces and punctuation between words: nothing to classify
         * further (no ASCII character belongs to an unspaced script) */
        unsigned char c0 = (unsigned char)text[i];
        if (c0 < 0x80 && !ss_ascii_alnum[c0]) {
            i++;
            cp++;
            continue;
        }
        size_t start = i;
        cpinfo ci;
        info_at(text, len, &i, &ci);
        if (ci.cls == C_UNSPACED) {
            i = start;
            if (unspaced_run(text, len, &i, &cp, opts, t, cp_base, ci.script))
                return SS_ENOMEM;
            continue;
        }
        cp++;
        if (ci.cls != C_LETTER && ci.cls != C_DIGIT)
            continue; /* a mark after a space or symbol belongs to it (UAX #29 WB4) */
        /* grow a word */
        uint32_t cp_start = cp - 1;
        int has_letter = ci.cls == C_LETTER, nonascii = ci.cp >= 0x80;
        int last = ci.cls == C_DIGIT ? C_DIGIT : C_LETTER;
        unsigned nupper = ci.upper, nlower = ci.lower;
        uint8_t first_upper = ci.upper, script = ci.script;
        while (i < len) {
            /* fast path: a run of ASCII letters and digits (text/ascii.h),
             * with the same updates as the general case below */
            if (ss_ascii_alnum[(unsigned char)text[i]]) {
                unsigned acc = 0;
                uint32_t ndigits = 0, uppers = 0;
                size_t r = i + ss_ascii_run(text + i, len - i, &acc, &ndigits, &uppers);
                if (acc & (SS_ASCII_UPPER | SS_ASCII_LOWER)) {
                    if (!has_letter)
                        script = SS_SCRIPT_LATIN;
                    has_letter = 1;
                }
                last = (ss_ascii_alnum[(unsigned char)text[r - 1]] & SS_ASCII_DIGIT) ? C_DIGIT
                                                                                     : C_LETTER;
                /* the counts matter only for SS_TF_ALLUPPER: the capitals
                 * count only in a run with no lower case */
                if (acc & SS_ASCII_LOWER)
                    nlower++;
                else
                    nupper += uppers;
                cp += (uint32_t)(r - i);
                i = r;
                continue;
            }
            size_t j = i;
            cpinfo d;
            info_at(text, len, &j, &d);
            if (d.cls == C_LETTER || d.cls == C_DIGIT || d.cls == C_MARK || d.cls == C_FORMAT ||
                d.cls == C_EXTNUMLET) {
                if (d.cls == C_LETTER) {
                    if (!has_letter)
                        script = d.script;
                    has_letter = 1;
                    last = C_LETTER;
                    nupper += d.upper;
                    nlower += d.lower;
                } else if (d.cls == C_DIGIT) {
                    last = C_DIGIT;
                }
                nonascii |= d.cp >= 0x80;
                i = j;
                cp++;
                continue;
            }
            if (d.cls == C_MIDLETTER || d.cls == C_MIDNUM || d.cls == C_MIDNUMLET) {
                if (j >= len)
                    break;
                size_t k = j;
                cpinfo e;
                info_at(text, len, &k, &e);
                int letters = (d.cls != C_MIDNUM) && last == C_LETTER && e.cls == C_LETTER;
                int digits = (d.cls != C_MIDLETTER) && last == C_DIGIT && e.cls == C_DIGIT;
                if (letters || digits) {
                    nonascii |= d.cp >= 0x80 || e.cp >= 0x80;
                    nupper += e.upper;
                    nlower += e.lower;
                    i = k;
                    cp += 2;
                    continue;
                }
            }
            break;
        }
        ss_token *k = push(t);
        if (!k)
            return SS_ENOMEM;
        k->start = (uint32_t)start;
        k->end = (uint32_t)i;
        k->cp_start = cp_base + cp_start;
        k->cp_end = cp_base + cp;
        k->kind = has_letter ? SS_TOK_WORD : SS_TOK_NUM;
        k->script = has_letter ? script : SS_SCRIPT_COMMON;
        k->flags = (uint8_t)((first_upper ? SS_TF_UPPER : 0) |
                             (nupper >= 2 && nlower == 0 ? SS_TF_ALLUPPER : 0) |
                             (nonascii ? SS_TF_NONASCII : 0));
        if (finish(t, k, text, len, opts))
            return SS_ENOMEM;
    }
    return SS_OK;
}
