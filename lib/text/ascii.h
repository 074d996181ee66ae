/* text/ascii.h — classes of ASCII bytes, for the fast paths of the word
 * scanners (the tokenizer, the cleaner's line features).
 *
 * ss_ascii_alnum[b] holds a byte's class bits: SS_ASCII_LOWER for a-z,
 * SS_ASCII_UPPER for A-Z, SS_ASCII_DIGIT for 0-9, and 0 for every other
 * byte, including every byte of a multi-byte UTF-8 character, so a
 * scanner can run over ASCII letters and digits a byte at a time and
 * hand anything else to its general path.
 *
 * ss_ascii_run finds such a run eight bytes at a time.  A byte-at-a-time
 * loop pays a mispredicted branch at the end of every word (most words
 * are two to eight letters); classifying a whole 64-bit word with
 * additions that set each byte's top bit (no carry crosses a byte, as
 * every byte is masked to 7 bits first) ends the run with one count of
 * trailing zeros.  perf on `dedup`: the run loops of the tokenizer and
 * the cleaner's line features were about 15% of the CPU.  It answers
 * exactly as the table does (tests/unit/test_token.c).
 */
#ifndef SS_TEXT_ASCII_H
#define SS_TEXT_ASCII_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { SS_ASCII_LOWER = 1, SS_ASCII_UPPER = 2, SS_ASCII_DIGIT = 4 };

extern const uint8_t ss_ascii_alnum[256];

/* Bytes whose top bit marks the bytes of x from lo to hi, all ASCII. */
static inline uint64_t ss_ascii_between_(uint64_t x, unsigned lo, unsigned hi)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
    uint64_t h = x & ~high;
    return (h + ones * (0x80 - lo)) & ~(h + ones * (0x7F - hi)) & ~x & high;
}

/* Number of top bits set in m (m holds only bytes' top bits). */
static inline uint32_t ss_ascii_count_(uint64_t m)
{
    return (uint32_t)(((m >> 7) * 0x0101010101010101ull) >> 56);
}

/* Length of the run of ASCII letters and digits that starts s (n bytes may
 * be read); the classes met are OR-ed into *classes, and the run's digits
 * and capitals added to *digits and *uppers. */
static inline size_t ss_ascii_run(const char *s, size_t n, unsigned *classes, uint32_t *digits,
                                  uint32_t *uppers)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t dg = ss_ascii_between_(x, '0', '9');
        uint64_t up = ss_ascii_between_(x, 'A', 'Z');
        uint64_t lo = ss_ascii_between_(x, 'a', 'z');
        uint64_t stop = ~(dg | up | lo) & 0x8080808080808080ull;
        uint64_t keep = stop ? (stop & (0 - stop)) - 1 : ~(uint64_t)0; /* bytes before it */
        dg &= keep;
        up &= keep;
        lo &= keep;
        *digits += ss_ascii_count_(dg);
        *uppers += ss_ascii_count_(up);
        *classes |= (lo ? SS_ASCII_LOWER : 0u) | (up ? SS_ASCII_UPPER : 0u) |
                    (dg ? SS_ASCII_DIGIT : 0u);
        if (stop)
            return i + (size_t)__builtin_ctzll(stop) / 8;
    }
#endif
    for (; i < n; i++) {
        unsigned c = ss_ascii_alnum[(unsigned char)s[i]];
        if (!c)
            break;
        *classes |= c;
        *digits += c == SS_ASCII_DIGIT;
        *uppers += c == SS_ASCII_UPPER;
    }
    return i;
}

#endif
