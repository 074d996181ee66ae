/* text/script.c — coarse script of a code point, from ICU's UScriptCode. */
#include "text/script.h"

#include <unicode/uscript.h>

ss_script ss_script_of(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? SS_SCRIPT_LATIN : SS_SCRIPT_COMMON;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &st);
    if (U_FAILURE(st))
        return SS_SCRIPT_OTHER;
    switch (sc) {
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_UNKNOWN: return SS_SCRIPT_COMMON;
    case USCRIPT_LATIN: return SS_SCRIPT_LATIN;
    case USCRIPT_CYRILLIC: return SS_SCRIPT_CYRILLIC;
    case USCRIPT_GREEK: return SS_SCRIPT_GREEK;
    case USCRIPT_ARABIC: return SS_SCRIPT_ARABIC;
    case USCRIPT_HEBREW: return SS_SCRIPT_HEBREW;
    case USCRIPT_DEVANAGARI: return SS_SCRIPT_DEVANAGARI;
    case USCRIPT_BENGALI: return SS_SCRIPT_BENGALI;
    case USCRIPT_GURMUKHI: return SS_SCRIPT_GURMUKHI;
    case USCRIPT_GUJARATI: return SS_SCRIPT_GUJARATI;
    case USCRIPT_TAMIL: return SS_SCRIPT_TAMIL;
    case USCRIPT_TELUGU: return SS_SCRIPT_TELUGU;
    case USCRIPT_KANNADA: return SS_SCRIPT_KANNADA;
    case USCRIPT_MALAYALAM: return SS_SCRIPT_MALAYALAM;
    case USCRIPT_SINHALA: return SS_SCRIPT_SINHALA;
    case USCRIPT_THAI: return SS_SCRIPT_THAI;
    case USCRIPT_LAO: return SS_SCRIPT_LAO;
    case USCRIPT_KHMER: return SS_SCRIPT_KHMER;
    case USCRIPT_MYANMAR: return SS_SCRIPT_MYANMAR;
    case USCRIPT_HAN: return SS_SCRIPT_HAN;
    case USCRIPT_HIRAGANA: return SS_SCRIPT_HIRAGANA;
    case USCRIPT_KATAKANA: return SS_SCRIPT_KATAKANA;
    case USCRIPT_HANGUL: return SS_SCRIPT_HANGUL;
    case USCRIPT_ARMENIAN: return SS_SCRIPT_ARMENIAN;
    case USCRIPT_GEORGIAN: return SS_SCRIPT_GEORGIAN;
    case USCRIPT_ETHIOPIC: return SS_SCRIPT_ETHIOPIC;
    default: return SS_SCRIPT_OTHER;
    }
}

int ss_script_unspaced(ss_script s)
{
    switch (s) {
    case SS_SCRIPT_HAN:
    case SS_SCRIPT_HIRAGANA:
    case SS_SCRIPT_KATAKANA:
    case SS_SCRIPT_THAI:
    case SS_SCRIPT_LAO:
    case SS_SCRIPT_KHMER:
    case SS_SCRIPT_MYANMAR: return 1;
    default: return 0;
    }
}

const char *ss_script_name(ss_script s)
{
    static const char *const names[SS_SCRIPT_COUNT] = {
        "common",   "latin",   "cyrillic", "greek",    "arabic",    "hebrew",  "devanagari",
        "bengali",  "gurmukhi", "gujarati", "tamil",   "telugu",    "kannada", "malayalam",
        "sinhala",  "thai",    "lao",      "khmer",    "myanmar",   "han",     "hiragana",
        "katakana", "hangul",  "armenian", "georgian", "ethiopic",  "other"};
    return (unsigned)s < SS_SCRIPT_COUNT ? names[s] : "other";
}
