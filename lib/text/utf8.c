/* text/utf8.c — UTF-8 validation and repair (see utf8.h for the policy).
 *
 * Well-formed sequences (Unicode Table 3-7):
 *   00..7F | C2..DF 80..BF | E0 A0..BF 80..BF | E1..EC 80..BF 80..BF
 *   ED 80..9F 80..BF | EE..EF 80..BF 80..BF | F0 90..BF 80..BF 80..BF
 *   F1..F3 80..BF 80..BF 80..BF | F4 80..8F 80..BF 80..BF
 * A maximal ill-formed subpart is a lead byte followed by the longest run
 * of continuation bytes that could still be part of a valid sequence, or a
 * single byte that cannot start one.
 */
#include "text/utf8.h"

#include <string.h>

#include "core/error.h"

/* Length of the valid sequence at s[i], 0 if ill-formed; *sub receives the
 * length of the maximal ill-formed subpart when it is. */
static size_t seq_len(const unsigned char *s, size_t n, size_t i, size_t *sub)
{
    unsigned c = s[i];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
        if (c == 0) {
            *sub = 1;
            return 0;
        }
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *sub = 1;
        return 0;
    }
    size_t k;
    for (k = 1; k <= need; k++) {
        if (i + k >= n) {
            *sub = k;
            return 0;
        }
        unsigned b = s[i + k];
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *sub = k;
            return 0;
        }
    }
    return need + 1;
}

size_t ss_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path: 8 bytes at a time with no high bit and no zero byte */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            if ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)
                break; /* some byte is zero */
            i += 8;
        }
        if (i >= n)
            break;
        size_t sub, len = seq_len(u, n, i, &sub);
        if (!len)
            return i;
        i += len;
    }
    return n;
}

int ss_utf8_repair(const char *s, size_t n, ss_buf *out, ss_utf8_report *rep)
{
    const unsigned char *u = (const unsigned char *)s;
    static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
    if (rep) {
        rep->invalid = rep->nuls = 0;
        rep->first_offset = SIZE_MAX;
    }
    if (ss_buf_reserve(out, n))
        return SS_ENOMEM;
    size_t i = 0;
    while (i < n) {
        size_t good = ss_utf8_valid_prefix(s + i, n - i);
        if (ss_buf_append(out, s + i, good))
            return SS_ENOMEM;
        i += good;
        if (i >= n)
            break;
        size_t sub = 1;
        seq_len(u, n, i, &sub);
        if (rep) {
            if (u[i] == 0)
                rep->nuls++;
            else
                rep->invalid++;
            if (rep->first_offset == SIZE_MAX)
                rep->first_offset = i;
        }
        if (ss_buf_append(out, fffd, 3))
            return SS_ENOMEM;
        i += sub;
    }
    return SS_OK;
}

size_t ss_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = SS_REPLACEMENT_CHAR;
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return ss_utf8_encode(SS_REPLACEMENT_CHAR, out);
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ss_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

size_t ss_utf8_byte_offset(const char *s, size_t n, size_t cp)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == cp)
                return i;
            c++;
        }
    }
    return n;
}
