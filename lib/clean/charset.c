/* clean/charset.c — page encoding detection and conversion to UTF-8.
 *
 * See charset_internal.h for the order of evidence.  The declaration
 * prescan is a small tokenizer over the first 4 KiB: it skips comments,
 * finds <meta ...> start tags and reads their attributes (quoted or not);
 * it does not need to be a full HTML tokenizer because it only looks for
 * one attribute of one element near the top of the page.
 */
#include "clean/charset_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucsdet.h>

#include "core/error.h"
#include "input/sniff.h"
#include "text/utf8.h"

#define PRESCAN_BYTES 4096
#define BINARY_PROBE (64u << 10)
/* Bytes given to ICU's detector: enough text for its n-gram statistics,
 * bounded so a huge page costs no more than a small one. */
#define DETECT_BYTES (64u << 10)
/* ICU confidence (0-100) needed to act on a guess: a page with no
 * declaration is decoded as the guess from this on (else windows-1252),
 * and a Latin-1 declaration is overruled by a non-Latin guess. */
#define DETECT_MIN_CONFIDENCE 30
/* A guess of another Latin encoding (windows-1250, ISO-8859-2...) over the
 * windows-1252 default needs more: these differ from it in a few letters
 * only, and ICU confuses them on short texts. */
#define DETECT_LATIN_CONFIDENCE 60

static int lc(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Case-insensitive: does p[0..n) start with the lower-case word w? */
static int starts_ci(const char *p, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lc((unsigned char)p[i]) != w[i])
            return 0;
    return 1;
}

/* The charset=X parameter of a Content-Type value. */
static int charset_param(const char *v, size_t n, char *name, size_t cap)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        if (!starts_ci(v + i, n - i, "charset"))
            continue;
        size_t j = i + 7;
        while (j < n && is_space((unsigned char)v[j]))
            j++;
        if (j >= n || v[j] != '=')
            continue;
        j++;
        while (j < n && (is_space((unsigned char)v[j]) || v[j] == '"' || v[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < cap && !is_space((unsigned char)v[j]) && v[j] != ';' &&
               v[j] != '"' && v[j] != '\'')
            name[k++] = v[j++];
        name[k] = '\0';
        return k > 0;
    }
    return 0;
}

typedef struct {
    const char *name, *value;
    size_t nlen, vlen;
} attr;

/* Read one attribute at p[*i] (inside a start tag); 0 at the tag's end. */
static int next_attr(const char *p, size_t n, size_t *i, attr *a)
{
    size_t j = *i;
    while (j < n && (is_space((unsigned char)p[j]) || p[j] == '/'))
        j++;
    if (j >= n || p[j] == '>') {
        *i = j;
        return 0;
    }
    a->name = p + j;
    while (j < n && !is_space((unsigned char)p[j]) && p[j] != '=' && p[j] != '>' && p[j] != '/')
        j++;
    a->nlen = (size_t)(p + j - a->name);
    a->value = "";
    a->vlen = 0;
    while (j < n && is_space((unsigned char)p[j]))
        j++;
    if (j < n && p[j] == '=') {
        j++;
        while (j < n && is_space((unsigned char)p[j]))
            j++;
        if (j < n && (p[j] == '"' || p[j] == '\'')) {
            char q = p[j++];
            a->value = p + j;
            while (j < n && p[j] != q)
                j++;
            a->vlen = (size_t)(p + j - a->value);
            if (j < n)
                j++;
        } else {
            a->value = p + j;
            while (j < n && !is_space((unsigned char)p[j]) && p[j] != '>')
                j++;
            a->vlen = (size_t)(p + j - a->value);
        }
    }
    *i = j;
    return 1;
}

int ss_charset_declared(const char *p, size_t n, char *name, size_t cap)
{
    if (n > PRESCAN_BYTES)
        n = PRESCAN_BYTES;
    if (cap == 0)
        return 0;
    name[0] = '\0';
    if (starts_ci(p, n, "<?xml")) {
        const char *e = memchr(p, '>', n);
        size_t m = e ? (size_t)(e - p) : n;
        for (size_t i = 0; i + 8 < m; i++) {
            if (!starts_ci(p + i, m - i, "encoding"))
                continue;
            size_t j = i + 8;
            while (j < m && (is_space((unsigned char)p[j]) || p[j] == '=' || p[j] == '"' ||
                             p[j] == '\''))
                j++;
            size_t k = 0;
            while (j < m && k + 1 < cap && p[j] != '"' && p[j] != '\'' && !is_space((unsigned char)p[j]))
                name[k++] = p[j++];
            name[k] = '\0';
            if (k)
                return 1;
        }
    }
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - p);
        if (starts_ci(p + i, n - i, "<!--")) {
            const char *e = memmem(p + i + 4, n - i - 4, "-->", 3);
            if (!e)
                break;
            i = (size_t)(e - p) + 3;
            continue;
        }
        if (!starts_ci(p + i, n - i, "<meta") || i + 5 >= n ||
            !(is_space((unsigned char)p[i + 5]) || p[i + 5] == '/')) {
            i++;
            continue;
        }
        i += 5;
        attr a;
        int http_equiv_ct = 0;
        char from_content[64] = "";
        while (next_attr(p, n, &i, &a)) {
            if (a.nlen == 7 && starts_ci(a.name, a.nlen, "charset") && a.vlen > 0) {
                size_t k = a.vlen < cap - 1 ? a.vlen : cap - 1;
                size_t s = 0;
                while (s < k && is_space((unsigned char)a.value[s]))
                    s++;
                memcpy(name, a.value + s, k - s);
                name[k - s] = '\0';
                while (k - s > 0 && is_space((unsigned char)name[k - s - 1]))
                    name[--k - s] = '\0';
                if (name[0])
                    return 1;
            } else if (a.nlen == 10 && starts_ci(a.name, a.nlen, "http-equiv")) {
                http_equiv_ct = a.vlen == 12 && starts_ci(a.value, a.vlen, "content-type");
            } else if (a.nlen == 7 && starts_ci(a.name, a.nlen, "content")) {
                charset_param(a.value, a.vlen, from_content, sizeof from_content);
            }
        }
        if (http_equiv_ct && from_content[0]) {
            snprintf(name, cap, "%s", from_content);
            return 1;
        }
    }
    return 0;
}

/* Map a declared label to an iconv name, the way browsers widen labels:
 * Latin-1 and ASCII mean windows-1252, GB2312 and GBK mean GB18030, a
 * UTF-16 label without a BOM means UTF-8.  NULL: use the label as is. */
static const char *canonical(const char *label)
{
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"}, {"utf-16", "UTF-8"},
        {"utf-16le", "UTF-8"},        {"utf-16be", "UTF-8"},
        {"unicode", "UTF-8"},         {"iso-8859-1", "WINDOWS-1252"},
        {"iso8859-1", "WINDOWS-1252"}, {"iso_8859-1", "WINDOWS-1252"},
        {"latin1", "WINDOWS-1252"},   {"latin-1", "WINDOWS-1252"},
        {"l1", "WINDOWS-1252"},       {"ascii", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
        {"cp1252", "WINDOWS-1252"},   {"x-cp1252", "WINDOWS-1252"},
        {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"},
        {"iso-8859-11", "WINDOWS-874"}, {"tis-620", "WINDOWS-874"},
        {"gb2312", "GB18030"},        {"gbk", "GB18030"},
        {"x-gbk", "GB18030"},         {"gb_2312-80", "GB18030"},
        {"csgb2312", "GB18030"},      {"chinese", "GB18030"},
        {"shift_jis", "CP932"},       {"shift-jis", "CP932"},
        {"sjis", "CP932"},            {"x-sjis", "CP932"},
        {"ms_kanji", "CP932"},        {"windows-31j", "CP932"},
        {"euc-kr", "CP949"},          {"ks_c_5601-1987", "CP949"},
        {"windows-949", "CP949"},     {"big5", "BIG5-HKSCS"},
        {"x-x-big5", "BIG5-HKSCS"},   {"big5-hkscs", "BIG5-HKSCS"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(map[i].label, label) == 0)
            return map[i].name;
    return NULL;
}

typedef struct {
    size_t invalid;    /* ill-formed sequences */
    size_t multibyte;  /* well-formed sequences of 2-4 bytes */
} utf8_stats;

/* Length of the well-formed UTF-8 sequence at u[i] (2-4), or 0. */
static size_t seq_len(const unsigned char *u, size_t n, size_t i)
{
    unsigned c = u[i];
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((u[i + k] & 0xC0) != 0x80)
            return 0;
    if (len == 3 && ((c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] >= 0xA0)))
        return 0;
    if (len == 4 && ((c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] >= 0x90)))
        return 0;
    return len;
}

static utf8_stats utf8_scan(const char *s, size_t n)
{
    utf8_stats st = {0, 0};
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = seq_len(u, n, i);
        if (len) {
            st.multibyte++;
            i += len;
        } else {
            st.invalid++;
            i++;
        }
    }
    return st;
}

/* Binary data: NUL and C0 control bytes other than tab/newline/CR/FF/ESC
 * make more than 5% of the first 64 KiB. */
static int looks_binary(const char *p, size_t n)
{
    size_t m = n < BINARY_PROBE ? n : BINARY_PROBE, bad = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B)
            bad++;
    }
    return m > 0 && bad * 20 > m;
}

/* ICU's best guess for the encoding of p[0..n) (markup filtered out),
 * mapped to an iconv name: 1 with name and *confidence, or 0. */
static int icu_guess(const char *p, size_t n, char *name, size_t cap, int *confidence)
{
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&e);
    if (U_FAILURE(e))
        return 0;
    ucsdet_enableInputFilter(d, 1);
    ucsdet_setText(d, p, (int32_t)(n < DETECT_BYTES ? n : DETECT_BYTES), &e);
    const UCharsetMatch *m = U_SUCCESS(e) ? ucsdet_detect(d, &e) : NULL;
    int ok = 0;
    if (m && U_SUCCESS(e)) {
        const char *nm = ucsdet_getName(m, &e);
        int32_t c = ucsdet_getConfidence(m, &e);
        if (U_SUCCESS(e) && nm) {
            const char *mapped = canonical(nm);
            snprintf(name, cap, "%s", mapped ? mapped : nm);
            *confidence = (int)c;
            ok = 1;
        }
    }
    ucsdet_close(d);
    return ok;
}

/* Encodings of non-Latin scripts, in iconv names: a guess of one of these
 * overrules a Latin-1 declaration (Cyrillic or Japanese bytes decoded as
 * Latin-1 are mojibake that no later stage can notice). */
static int non_latin(const char *enc)
{
    static const char *const names[] = {
        "windows-1251", "KOI8-R", "ISO-8859-5", "windows-1253", "ISO-8859-7",
        "windows-1255", "ISO-8859-8", "windows-1256", "ISO-8859-6", "CP932",
        "EUC-JP", "CP949", "GB18030", "BIG5-HKSCS", "ISO-2022-JP", "ISO-2022-KR",
        "ISO-2022-CN", NULL};
    for (int i = 0; names[i]; i++)
        if (strcasecmp(enc, names[i]) == 0)
            return 1;
    return 0;
}

static int put_replacement(ss_buf *out) { return ss_buf_append(out, "\xEF\xBF\xBD", 3); }

/* Convert with iconv; 1 if the encoding is unknown to iconv. */
static int convert(const char *from, const char *p, size_t n, ss_buf *out, size_t *replaced,
                   int *rc)
{
    *rc = SS_OK;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return 1;
    char *in = (char *)p;
    size_t left = n;
    while (left > 0) {
        if (ss_buf_reserve(out, left * 2 + 16)) {
            *rc = SS_ENOMEM;
            break;
        }
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1, room0 = room;
        size_t r = iconv(cd, &in, &left, &dst, &room);
        out->len += room0 - room;
        out->data[out->len] = '\0';
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ: an invalid sequence; EINVAL: an incomplete one at the end */
        if (put_replacement(out)) {
            *rc = SS_ENOMEM;
            break;
        }
        (*replaced)++;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    /* iconv passes NUL bytes through, and some decoders (UTF-7) can emit
     * lone surrogates: repair what came out like any other UTF-8 */
    if (*rc == SS_OK && out->len && ss_utf8_valid_prefix(out->data, out->len) != out->len) {
        ss_buf fixed = SS_BUF_INIT;
        ss_utf8_report rep;
        if (ss_utf8_repair(out->data, out->len, &fixed, &rep)) {
            ss_buf_release(&fixed);
            *rc = SS_ENOMEM;
            return 0;
        }
        *replaced += rep.invalid + rep.nuls;
        ss_buf_release(out);
        *out = fixed;
    }
    return 0;
}

/* Valid UTF-8 as it is; otherwise repaired by text/utf8.h (each
 * ill-formed subpart and each NUL byte becomes one U+FFFD). */
static int take_utf8(const char *p, size_t n, ss_buf *out, ss_page_text *pt, size_t invalid,
                     int has_bom)
{
    if (has_bom) {
        p += 3;
        n -= 3;
    }
    if (invalid == 0 && !has_bom && !memchr(p, '\0', n)) {
        pt->data = p;
        pt->len = n;
        return SS_OK;
    }
    ss_utf8_report rep;
    if (ss_utf8_repair(p, n, out, &rep))
        return SS_ENOMEM;
    pt->replaced += rep.invalid + rep.nuls;
    pt->data = out->data ? out->data : "";
    pt->len = out->len;
    return SS_OK;
}

int ss_page_decode(const char *p, size_t n, ss_buf *out, ss_page_text *pt, char *warn,
                   size_t wcap)
{
    memset(pt, 0, sizeof *pt);
    pt->data = "";
    if (wcap)
        warn[0] = '\0';
    ss_buf_clear(out);
    const unsigned char *u = (const unsigned char *)p;
    if (n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        const char *enc = u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
        snprintf(pt->encoding, sizeof pt->encoding, "%s", enc);
        int rc;
        convert(enc, p + 2, n - 2, out, &pt->replaced, &rc);
        pt->data = out->data ? out->data : "";
        pt->len = out->len;
        return rc;
    }
    int bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    int u16 = bom ? 0 : ss_sniff_utf16(p, n);
    if (u16) {
        const char *enc = u16 == 1 ? "UTF-16LE" : "UTF-16BE";
        snprintf(pt->encoding, sizeof pt->encoding, "%s", enc);
        snprintf(warn, wcap, "no byte order mark, but the bytes are %s; decoded as such", enc);
        int rc;
        convert(enc, p, n, out, &pt->replaced, &rc);
        pt->data = out->data ? out->data : "";
        pt->len = out->len;
        return rc;
    }
    if (!bom && looks_binary(p, n)) {
        pt->binary = 1;
        snprintf(warn, wcap, "the page looks like binary data, not HTML; no text extracted");
        return SS_OK;
    }
    utf8_stats st = utf8_scan(p, n);
    if (bom) {
        snprintf(pt->encoding, sizeof pt->encoding, "UTF-8");
        return take_utf8(p, n, out, pt, st.invalid, 1);
    }
    char label[64];
    int declared = ss_charset_declared(p, n, label, sizeof label);
    const char *enc = declared ? canonical(label) : NULL;
    if (declared && !enc)
        enc = label;
    if (!declared || strcmp(enc, "UTF-8") == 0) {
        /* declared UTF-8 or nothing: UTF-8 unless most non-ASCII bytes are
         * not UTF-8 (then the page is in a legacy single-byte encoding) */
        if (st.invalid == 0 || st.invalid * 4 <= st.multibyte) {
            snprintf(pt->encoding, sizeof pt->encoding, "UTF-8");
            return take_utf8(p, n, out, pt, st.invalid, 0);
        }
        char guess[64];
        int conf = 0;
        enc = "WINDOWS-1252";
        if (icu_guess(p, n, guess, sizeof guess, &conf) && strncasecmp(guess, "UTF-", 4) != 0 &&
            conf >= (non_latin(guess) ? DETECT_MIN_CONFIDENCE : DETECT_LATIN_CONFIDENCE)) {
            enc = guess;
            snprintf(warn, wcap, "%s%s%s; the bytes look like %s (confidence %d%%): decoded as such",
                     declared ? "the page declares " : "no encoding declared",
                     declared ? label : "", declared ? " but is not" : "", guess, conf);
            if (strcasecmp(guess, "WINDOWS-1252") == 0 && !declared)
                warn[0] = '\0'; /* the default: nothing to say */
            snprintf(pt->encoding, sizeof pt->encoding, "%s", enc);
            pt->confidence = conf;
            int rc;
            if (!convert(enc, p, n, out, &pt->replaced, &rc)) {
                pt->data = out->data ? out->data : "";
                pt->len = out->len;
                return rc;
            }
            ss_buf_clear(out);
            pt->replaced = 0;
            pt->confidence = 0;
            enc = "WINDOWS-1252";
        }
        if (declared && enc[0] == 'W' && !warn[0])
            snprintf(warn, wcap, "the page declares %s but is not; decoded as windows-1252", label);
    } else if (st.invalid == 0 && st.multibyte >= 1) {
        snprintf(warn, wcap, "the page declares %s but its bytes are UTF-8; decoded as UTF-8", label);
        snprintf(pt->encoding, sizeof pt->encoding, "UTF-8");
        return take_utf8(p, n, out, pt, 0, 0);
    }
    char guess[64];
    int conf = 0;
    if (strcmp(enc, "WINDOWS-1252") == 0 && st.invalid > 0 &&
        icu_guess(p, n, guess, sizeof guess, &conf) && conf >= DETECT_MIN_CONFIDENCE &&
        non_latin(guess)) {
        snprintf(warn, wcap, "the page declares %s but its bytes look like %s (confidence %d%%); "
                 "decoded as %s", label, guess, conf, guess);
        snprintf(pt->encoding, sizeof pt->encoding, "%s", guess);
        int rc;
        if (!convert(guess, p, n, out, &pt->replaced, &rc)) {
            pt->data = out->data ? out->data : "";
            pt->len = out->len;
            return rc;
        }
        ss_buf_clear(out);
        pt->replaced = 0;
        warn[0] = '\0';
    }
    int rc;
    snprintf(pt->encoding, sizeof pt->encoding, "%s", enc);
    if (convert(enc, p, n, out, &pt->replaced, &rc)) {
        snprintf(warn, wcap, "unknown character encoding \"%s\"; decoded as %s", label,
                 st.invalid == 0 ? "UTF-8" : "windows-1252");
        if (st.invalid == 0) {
            snprintf(pt->encoding, sizeof pt->encoding, "UTF-8");
            return take_utf8(p, n, out, pt, 0, 0);
        }
        snprintf(pt->encoding, sizeof pt->encoding, "WINDOWS-1252");
        ss_buf_clear(out);
        convert("WINDOWS-1252", p, n, out, &pt->replaced, &rc);
    }
    pt->data = out->data ? out->data : "";
    pt->len = out->len;
    return rc;
}
