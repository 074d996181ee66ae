/* text/ascii.c — the table of text/ascii.h. */
#include "text/ascii.h"

const uint8_t ss_ascii_alnum[256] = {
    ['0'] = SS_ASCII_DIGIT, ['1'] = SS_ASCII_DIGIT, ['2'] = SS_ASCII_DIGIT,
    ['3'] = SS_ASCII_DIGIT, ['4'] = SS_ASCII_DIGIT, ['5'] = SS_ASCII_DIGIT,
    ['6'] = SS_ASCII_DIGIT, ['7'] = SS_ASCII_DIGIT, ['8'] = SS_ASCII_DIGIT,
    ['9'] = SS_ASCII_DIGIT,
#define L(x) [x] = SS_ASCII_LOWER, [x - 32] = SS_ASCII_UPPER
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
    L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
    L('w'), L('x'), L('y'), L('z'),
#undef L
};
