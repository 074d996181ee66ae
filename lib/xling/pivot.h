/* xling/pivot.h — a language-neutral picture of a text.
 *
 * Articles in two languages share few surface words; their pivot terms
 * meet.  Each word token of a text becomes zero or more pivot terms, in
 * three fields:
 *   DICT  English stems: an English content word is its own stem; a word of
 *         a language the lexicon (xling/lexicon.h) holds becomes the English
 *         stems of its translations, each with a share 1/k of the word when
 *         there are k; a Latin-script word the dictionary does not know is
 *         also tried as an English word at half weight (loanwords, English
 *         quoted inside another language) unless it is a name outside
 *         German (names are the NAME field's: counted in both, one shared
 *         town name weighed twice);
 *   NAME  spelling-tolerant keys of names, transliterated to Latin first
 *         (xling/translit.h): capitalized names in cased scripts (found by
 *         story/entity.h), and in uncased scripts (Devanagari, Arabic, Han,
 *         ...) every content word the dictionary does not know, since
 *         names cannot be told from other words there; Han and kana
 *         bigrams are transliterated whole ("北京" meets "Beijing");
 *   NUM   numbers under the language's decimal convention (story/features.h
 *         ss_number_canonical), days and years of dates among them (month
 *         names are words, and go through the dictionary);
 *   SOUND the name keys of the English content words that are not names:
 *         uncased scripts write English loanwords by sound ("डॉलर" for
 *         "dollar"), and those reach the NAME field there; comparisons with
 *         a text in an uncased script match SOUND against NAME.
 * Function words (text/stopwords.h) and one-letter words give nothing.
 * German writes every noun with a capital: there a word the dictionary
 * knows is not taken for a name.
 *
 * Chinese and Japanese (CC-CEDICT, JMdict) are read as the
 * tokenizer gives them, overlapping character pairs: each pair is looked
 * up as a word, and along each run of pairs the longest dictionary word
 * of three to SS_PIVOT_HAN_WORD_MAX characters starting at a character
 * (left to right, words not overlapping) adds its translations too
 * ("低体温症" -> hypothermia, which none of its pairs means).  A pair
 * looked up is not a segmentation: pairs across word boundaries that
 * happen to be words also count, as they always did.  Japanese katakana
 * (loanwords and foreign names, JMdict's katakana words) is not read by
 * pairs: along each katakana run the longest dictionary word of two to
 * SS_PIVOT_KANA_WORD_MAX characters starting at a character (left to
 * right, not overlapping) adds its translations, and the whole run,
 * transliterated, is a name ("ポグバ", Pogba).
 *
 * Korean is spaced, but a particle or an ending is written onto the word
 * it follows (정부는, 정부가: the government + topic or subject).  Its
 * dictionary is CC-CEDICT read in Korean (Sino-Korean words, the bulk of
 * the vocabulary of news: tools/build_lexicon.c), so each hangul word
 * looks up its longest first part of SS_PIVOT_KO_WORD_MAX down to two
 * syllables ("대통령은" -> 대통령, president); a word none of whose first
 * parts is known is a name, as in any uncased script.
 *
 * A pivoter keeps stemmers, a transliterator and scratch space: not
 * thread-safe, keep one per thread.  The lexicon and stopword lists it is
 * given are shared and must outlive it.
 */
#ifndef SS_XLING_PIVOT_H
#define SS_XLING_PIVOT_H

/* The longest Chinese or Japanese dictionary word read, in characters. */
#define SS_PIVOT_HAN_WORD_MAX 4
/* The longest Japanese katakana word read, in characters: JMdict's
 * katakana headwords (loanwords and names) are 97% (49,825 of 51,521) at
 * most 12 characters long; longer ones are compounds whose parts are
 * found on their own. */
#define SS_PIVOT_KANA_WORD_MAX 12
/* The longest Korean dictionary word read, in syllables (CC-CEDICT's
 * words of two to four characters, a syllable each in Korean). */
#define SS_PIVOT_KO_WORD_MAX 4

#include <stddef.h>
#include <stdint.h>

/* A katakana character as the pivot reads katakana runs (and the lexicon
 * keys katakana words): katakana and the prolonged sound mark, not the
 * middle dot, which parts the words of a name. */
static inline int ss_pivot_katakana(uint32_t c) { return c >= 0x30A1 && c <= 0x30FF && c != 0x30FB; }

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "story/features.h"
#include "text/stopwords.h"
#include "text/token.h"
#include "xling/lexicon.h"

typedef enum ss_pivot_field {
    SS_PV_DICT = 0,
    SS_PV_NAME,
    SS_PV_NUM,
    SS_PV_SOUND,
    SS_PV_FIELDS
} ss_pivot_field;

/* The share of a term for the sentence aligner alone (xling/align.h),
 * left out of the document's vectors: the English key of a name in a
 * Latin script, which the NAME field carries there (pivot.c word_terms). */
#define SS_PIVOT_ALIGN_ONLY 0.0f

/* One pivot term of a token. */
typedef struct ss_pivot_term {
    uint64_t key;
    float share;      /* of its token: 1, 1/k for one of k translations, 0.5 for a guess,
                         SS_PIVOT_ALIGN_ONLY */
    uint8_t field;    /* ss_pivot_field */
    uint32_t tok;     /* index of the token in ss_pivoter_tokens() */
} ss_pivot_term;

typedef struct ss_pivot_terms {
    ss_pivot_term *v;
    size_t n, cap;
    uint32_t words;   /* word tokens */
    uint32_t content; /* content words (not function words) */
    uint32_t known;   /* content words the dictionary knows (all of them in English) */
    uint32_t uncased; /* content words in an uncased script */
} ss_pivot_terms;

SS_API void ss_pivot_terms_init(ss_pivot_terms *t);
SS_API void ss_pivot_terms_release(ss_pivot_terms *t);

/* A document's pivot vectors: per field, keys with weights ln(1 + count),
 * counts summing the shares. */
typedef struct ss_pivot {
    ss_fvec f[SS_PV_FIELDS];
    uint32_t words, content, known;
    uint32_t sentences;  /* sentences of title and text */
    char lang[16];
    uint8_t dictionary;  /* the language is English or one the lexicon holds */
    uint8_t uncased;     /* most content words are in an uncased script */
} ss_pivot;

SS_API void ss_pivot_init(ss_pivot *p);
SS_API void ss_pivot_release(ss_pivot *p);

typedef struct ss_pivoter ss_pivoter;

/* lx may be NULL (no dictionaries: names and numbers only), sw may be NULL
 * (no function words dropped).  NULL with err set when ICU's
 * transliteration is unavailable or memory is short. */
SS_API ss_pivoter *ss_pivoter_new(const ss_lexicon *lx, const ss_stopwords *sw, ss_error *err);
SS_API void ss_pivoter_free(ss_pivoter *pv);

/* 1 if words of lang map into English: English itself, or a language the
 * lexicon holds. */
SS_API int ss_pivoter_has_dictionary(const ss_pivoter *pv, const char *lang);

/* The pivot terms of valid UTF-8 text[0..len) in language lang ("" or
 * "und" when unknown), in token order; replaces out's content.  The
 * tokens stay available (ss_pivoter_tokens) until the next call.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_pivot_text(ss_pivoter *pv, const char *text, size_t len, const char *lang,
                         ss_pivot_terms *out);
SS_API const ss_tokens *ss_pivoter_tokens(const ss_pivoter *pv);

/* The pivot vectors of a document (its title and text; d->lang must be
 * set).  SS_OK or SS_ENOMEM. */
SS_API int ss_pivot_doc(ss_pivoter *pv, const ss_doc *d, ss_pivot *out);

/* All three fields of p added into one vector (the story featurizer's
 * PIVOT field).  SS_OK or SS_ENOMEM. */
SS_API int ss_pivot_flatten(const ss_pivot *p, ss_fvec *out);

/* The PIVOT field of a story feature vector x (story/features.h), made
 * from d (after ss_featurize, which leaves it empty): ss_pivot_doc and
 * ss_pivot_flatten through the pivoter's own scratch.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_pivot_features(ss_pivoter *pv, const ss_doc *d, ss_features *x);

#endif
