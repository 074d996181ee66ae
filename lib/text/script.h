/* text/script.h — the writing system of a code point, coarse.
 *
 * Scripts matter to us in three places: the tokenizer (scripts written
 * without spaces get character bigrams), language identification (the
 * script narrows the candidates), and shingling (character n-grams where
 * words are not separated).  Characters common to all scripts (digits,
 * punctuation) are SS_SCRIPT_COMMON.  Backed by ICU's script property.
 */
#ifndef SS_TEXT_SCRIPT_H
#define SS_TEXT_SCRIPT_H

#include <stdint.h>

#include "core/api.h"

typedef enum ss_script {
    SS_SCRIPT_COMMON = 0,
    SS_SCRIPT_LATIN,
    SS_SCRIPT_CYRILLIC,
    SS_SCRIPT_GREEK,
    SS_SCRIPT_ARABIC,
    SS_SCRIPT_HEBREW,
    SS_SCRIPT_DEVANAGARI,
    SS_SCRIPT_BENGALI,
    SS_SCRIPT_GURMUKHI,
    SS_SCRIPT_GUJARATI,
    SS_SCRIPT_TAMIL,
    SS_SCRIPT_TELUGU,
    SS_SCRIPT_KANNADA,
    SS_SCRIPT_MALAYALAM,
    SS_SCRIPT_SINHALA,
    SS_SCRIPT_THAI,
    SS_SCRIPT_LAO,
    SS_SCRIPT_KHMER,
    SS_SCRIPT_MYANMAR,
    SS_SCRIPT_HAN,
    SS_SCRIPT_HIRAGANA,
    SS_SCRIPT_KATAKANA,
    SS_SCRIPT_HANGUL,
    SS_SCRIPT_ARMENIAN,
    SS_SCRIPT_GEORGIAN,
    SS_SCRIPT_ETHIOPIC,
    SS_SCRIPT_OTHER,
    SS_SCRIPT_COUNT
} ss_script;

/* The script of cp (inherited marks count as COMMON). */
SS_API ss_script ss_script_of(uint32_t cp);
/* 1 for scripts written without spaces between words (Han, kana, Thai, Lao,
 * Khmer, Myanmar). */
SS_API int ss_script_unspaced(ss_script s);
/* A short lower-case name ("latin", "devanagari", ...). */
SS_API const char *ss_script_name(ss_script s);

#endif
