/* text/ascii.h — classes of ASCII bytes, for the fast paths of the word
 * scanners (the tokenizer, the cleaner's line features).
 *
 * ss_ascii_alnum[b] holds a byte's class bits: SS_ASCII_LOWER for a-z,
 * SS_ASCII_UPPER for A-Z, SS_ASCII_DIGIT for 0-9, and 0 for every other
 * byte, including every byte of a multi-byte UTF-8 character, so a
 * scanner can run over ASCII letters and digits a byte at a time and
 * hand anything else to its general path.
 */
#ifndef SS_TEXT_ASCII_H
#define SS_TEXT_ASCII_H

#include <stdint.h>

enum { SS_ASCII_LOWER = 1, SS_ASCII_UPPER = 2, SS_ASCII_DIGIT = 4 };

extern const uint8_t ss_ascii_alnum[256];

#endif
