/* input/sniff.c — content sniffing (see sniff.h).
 *
 * Checks run from the most certain (magic bytes) to the least (control byte
 * share); the first that matches decides.  Only the bytes given are read.
 */
#include "input/sniff.h"

#include <stdio.h>
#include <string.h>

/* Control bytes (other than tab, newline, carriage return, form feed and
 * escape) in more than this share of the bytes looked at mean binary data:
 * text in any 8-bit or UTF-8 encoding has almost none. */
#define BINARY_CONTROL_PERCENT 5

typedef struct {
    const char *magic;
    size_t len;
    const char *name;
} magic_entry;

static const magic_entry magics[] = {
    {"%PDF-", 5, "a PDF document"},
    {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
    {"\xFF\xD8\xFF", 3, "a JPEG image"},
    {"GIF87a", 6, "a GIF image"},
    {"GIF89a", 6, "a GIF image"},
    {"PK\x03\x04", 4, "a zip archive"},
    {"\xFD" "7zXZ\x00", 6, "xz-compressed data (decompress it first)"},
    {"7z\xBC\xAF\x27\x1C", 6, "a 7z archive"},
    {"\x7F" "ELF", 4, "an executable (ELF)"},
    {NULL, 0, NULL}};

static ss_sniff verdict(ss_sniff_kind k, int doubt, const char *why)
{
    ss_sniff s;
    memset(&s, 0, sizeof s);
    s.kind = k;
    s.doubt = doubt;
    snprintf(s.why, sizeof s.why, "%s", why);
    return s;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

/* 1 if p[0..n) looks like UTF-16 without a byte order mark: of the first
 * pairs, nearly all have one NUL byte on the same side (ASCII characters,
 * as markup, digits and spaces are even in Cyrillic or CJK text). *first
 * gets the first character when it is ASCII.  1 little-endian, 2 big-endian. */
static int utf16_guess(const unsigned char *p, size_t n, char *first)
{
    size_t pairs = n / 2 < 256 ? n / 2 : 256;
    if (pairs < 4)
        return 0;
    size_t le = 0, be = 0;
    for (size_t i = 0; i < pairs; i++) {
        unsigned char a = p[2 * i], b = p[2 * i + 1];
        if (a && !b)
            le++;
        else if (!a && b)
            be++;
    }
    /* a quarter of the pairs with the NUL on one side and none the other way */
    if (le * 4 >= pairs && be == 0) {
        *first = (char)p[0];
        return 1;
    }
    if (be * 4 >= pairs && le == 0) {
        *first = (char)p[1];
        return 2;
    }
    return 0;
}

ss_sniff ss_sniff_content(const char *p, size_t n, int whole)
{
    const unsigned char *u = (const unsigned char *)p;
    for (const magic_entry *m = magics; m->magic; m++)
        if (n >= m->len && memcmp(p, m->magic, m->len) == 0) {
            ss_sniff s = verdict(SS_SNIFF_BINARY, 0, m->name);
            s.magic = 1;
            return s;
        }
    /* bzip2: "BZh", a block size digit, then the block magic pi */
    if (n >= 10 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9' &&
        memcmp(p + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0) {
        ss_sniff s = verdict(SS_SNIFF_BINARY, 0, "bzip2-compressed data (decompress it first)");
        s.magic = 1;
        return s;
    }
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        int le = u[0] == 0xFF;
        char c = n >= 4 ? (char)(le ? u[2] : u[3]) : 0;
        if (n >= 4 && u[le ? 3 : 2] == 0 && c == '<')
            return verdict(SS_SNIFF_HTML, 0, "UTF-16 with a byte order mark, starting with \"<\"");
        return verdict(SS_SNIFF_TEXT, 0, "UTF-16 text with a byte order mark");
    }
    char first16;
    if (utf16_guess(u, n, &first16)) {
        if (first16 == '<')
            return verdict(SS_SNIFF_HTML, 1, "UTF-16 without a byte order mark, starting with \"<\"");
        return verdict(SS_SNIFF_TEXT, 1, "UTF-16 text without a byte order mark");
    }
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && is_ws(p[i]))
        i++;
    if (n - i >= 7 && memcmp(p + i, "WARC/1.", 7) == 0)
        return verdict(SS_SNIFF_WARC, 0, "it starts with a \"WARC/1.x\" line");
    if (i < n && p[i] == '{') {
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl && !whole)
            return verdict(SS_SNIFF_JSONL, 1,
                           "it starts with \"{\" (its first line is longer than 64 KiB)");
        size_t e = nl ? (size_t)(nl - p) : n;
        while (e > i && is_ws(p[e - 1]))
            e--;
        if (p[e - 1] == '}')
            return verdict(SS_SNIFF_JSONL, 0, "its first line is a JSON object");
        return verdict(SS_SNIFF_TEXT, 1, "it starts with \"{\" but its first line is not one "
                                         "JSON object (JSON Lines needs one record a line)");
    }
    if (i < n && p[i] == '<')
        return verdict(SS_SNIFF_HTML, 0, "it starts with \"<\"");
    size_t ctl = 0;
    for (size_t k = 0; k < n; k++)
        if ((u[k] < 0x20 && !is_ws(p[k]) && u[k] != 0x1B) || u[k] == 0x7F)
            ctl++;
    if (n > 0 && ctl * 100 > n * BINARY_CONTROL_PERCENT) {
        char why[96];
        snprintf(why, sizeof why, "binary data (%zu%% control bytes in its first %zu bytes)",
                 ctl * 100 / n, n);
        return verdict(SS_SNIFF_BINARY, 0, why);
    }
    if (i < n && p[i] == '[')
        return verdict(SS_SNIFF_TEXT, 1, "it starts with \"[\" (a JSON array is not JSON Lines)");
    return verdict(SS_SNIFF_TEXT, 0, "it is none of JSON Lines, WARC or HTML");
}

int ss_sniff_utf16(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    char first;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return 0;
    return utf16_guess(u, n, &first);
}

const char *ss_sniff_name(ss_sniff_kind k)
{
    switch (k) {
    case SS_SNIFF_HTML:
        return "HTML";
    case SS_SNIFF_JSONL:
        return "JSON Lines";
    case SS_SNIFF_WARC:
        return "WARC";
    case SS_SNIFF_BINARY:
        return "binary";
    default:
        return "text";
    }
}
