/* text/crumbs.c — lines of site navigation (see crumbs.h). */
#include "text/crumbs.h"

#include <stdint.h>

#include "text/utf8.h"

static int is_crumb_cp(uint32_t c)
{
    return c == '|' || c == '>' || c == '/' || c == 0xBB || c == 0x203A || c == 0xB7 || c == 0x2022 ||
           c == 0x2192;
}

/* A letter or digit (any script): what words are made of. */
static int is_word_cp(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return !(c >= 0xA0 && c <= 0xBF) && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x206F) &&
           !(c >= 0x3000 && c <= 0x303F) && c != 0xFEFF && !is_crumb_cp(c);
}

/* Bytes a separator's encoding can start with: the lenient decoder
 * (ss_utf8_next) reads one from a byte of its own, from the lead bytes of
 * its proper encoding (0xC2: U+00B7, U+00BB; 0xE2: U+2022, U+203A,
 * U+2192), and from overlong sequences, which it does not refuse (0xE0
 * gives U+0000-U+0FFF, 0xF0 U+0000-U+3FFFF); no other lead byte decodes
 * into their ranges. */
static const unsigned char SEP_START[256] = {['|'] = 1,   ['>'] = 1,   ['/'] = 1,
                                             [0xC2] = 1, [0xE0] = 1, [0xE2] = 1, [0xF0] = 1};

/* How many separators with a space on both sides s holds, counted after
 * every space (a superset of the code-point boundaries the full scan below
 * counts at, so never fewer than it counts).  A line of prose seldom has
 * two.  The scan looks for the rare first bytes eight at a time and then
 * for the space before: the full scan, a decode and a class test per code
 * point, was an eighth of `dedup`'s CPU on one-line documents, and a loop
 * that branched on every space a tenth. */
static size_t spaced_separators(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t found = 0, p = 1;
    while (p + 1 < n) {
        if (p + 9 < n && !(SEP_START[u[p]] | SEP_START[u[p + 1]] | SEP_START[u[p + 2]] |
                           SEP_START[u[p + 3]] | SEP_START[u[p + 4]] | SEP_START[u[p + 5]] |
                           SEP_START[u[p + 6]] | SEP_START[u[p + 7]])) {
            p += 8;
            continue;
        }
        if (SEP_START[u[p]] && u[p - 1] == ' ') {
            size_t i = p;
            uint32_t c = ss_utf8_next(s, n, &i);
            found += is_crumb_cp(c) && i < n && s[i] == ' ';
        }
        p++;
    }
    return found;
}

int ss_is_crumbs(const char *s, size_t n)
{
    if (spaced_separators(s, n) < 2)
        return 0;
    size_t words = 0, crumbs = 0, seg = 0, longest = 0;
    int in_word = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = ss_utf8_next(s, n, &i);
        if (is_word_cp(c)) {
            words += !in_word;
            seg += !in_word;
            in_word = 1;
            continue;
        }
        in_word = 0;
        if (is_crumb_cp(c) && at > 0 && s[at - 1] == ' ' && i < n && s[i] == ' ') {
            crumbs++;
            longest = seg > longest ? seg : longest;
            seg = 0;
        }
    }
    longest = seg > longest ? seg : longest;
    if (crumbs < 2 || words == 0)
        return 0;
    /* every item a word or two ("Home | World | Local News"), or many
       items of a few words; a headline between a section and the site's
       name ("Russia strikes Kyiv | World | The Guardian") is neither */
    return longest <= SS_CRUMB_ITEM_WORDS ||
           (crumbs + 1 >= SS_CRUMB_MANY && words <= SS_CRUMB_SEGMENT_WORDS * (crumbs + 1));
}
