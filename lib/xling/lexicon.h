/* xling/lexicon.h — content words of other languages mapped to English.
 *
 * The lexicon is built at build time (tools/build_lexicon.c) from the
 * FreeDict dictionaries installed in /usr/share/dictd: LLL-eng
 * dictionaries read forwards, eng-LLL dictionaries read backwards (an
 * English headword becomes the translation of each word that renders it).
 * Words are keyed by their normalized Snowball stem (text/stem.h; the
 * first five letters where Snowball has no stemmer), so inflected forms
 * meet; translations are English stems.  At run time the lexicon is one
 * file (data folder: lexicon.bin) read at once: a sorted table of word
 * keys and, per word, up to eight English keys with weights summing to 1.
 * A translation's weight comes from where the dictionary puts it: the
 * first sense and the first phrase of an entry count most (1/position),
 * a phrase of k words gives each 1/k, and a pair met in several entries
 * sums them; targets weaker than SS_LEXICON_MIN_SHARE of a word's
 * strongest are dropped.
 *
 * File format (native byte order, built on the machine that uses it):
 *   "SSLX", u32 version (2), u32 language count, u32 0,
 *   per language 8 bytes (its ISO 639-1 code, NUL-padded),
 *   u64 entry count, u64 target count,
 *   entries (u64 word key, u32 first target, u32 target count), sorted,
 *   targets (u64 English key), then their weights (f32), in the same order.
 * A wrong magic, version or size is SS_EFORMAT on load.
 *
 * The lexicon is immutable once loaded: share it between threads.
 */
#ifndef SS_XLING_LEXICON_H
#define SS_XLING_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/error.h"
#include "text/stem.h"

#define SS_LEXICON_FILE "lexicon.bin"
#define SS_LEXICON_MAX_TARGETS 8
#define SS_LEXICON_MIN_SHARE 0.25f

typedef struct ss_lexicon ss_lexicon;

/* Load the lexicon from the data folder (core/datadir.h), or from the file
 * the environment variable SAMESTORY_LEXICON names.  NULL with err
 * set: SS_ENODATA when it was not built (no dictionary package installed
 * when building), SS_EFORMAT when the file is damaged. */
SS_API ss_lexicon *ss_lexicon_load(ss_error *err);
/* Load from a given file. */
SS_API ss_lexicon *ss_lexicon_load_file(const char *path, ss_error *err);
SS_API void ss_lexicon_free(ss_lexicon *lx);

/* The language whose entries a text of lang is looked up under.  Croatian,
 * Serbian, Bosnian and Montenegrin (hr, sr, bs, cnr, and the older sh) are
 * written with one standard vocabulary and grammar (ijekavian and ekavian
 * spellings aside), and the classifier of lang/langid.h tells them apart
 * poorly, so the lexicon keys the dictionaries of all of them under one
 * code, SS_LEXICON_SH ("sh"): FreeDict's Croatian one has 80,000
 * headwords, its Serbian one 395, and a Croatian article read as Serbian
 * found no words at all.  Danish and Norwegian Bokmål likewise (Bokmål
 * grew out of written Danish; the classifier reads one for the other):
 * SS_LEXICON_DANO ("da-no") holds FreeDict's Danish and Norwegian
 * dictionaries, stemmed by Snowball's Norwegian stemmer.  Czech and
 * Slovak too (SS_LEXICON_CSSK, "cs-sk"): mutually intelligible, with much
 * of their vocabulary shared, and FreeDict's Slovak dictionary is small
 * (NTREX-128's Slovak documents read as Czech linked 110 of 123 to
 * English, read as Slovak with the Slovak dictionary 55).  Nepali and
 * Marathi, which have no dictionary, are looked up under Hindi's ("hi"):
 * the same script and much of the same learned vocabulary (NTREX-128
 * against English: Nepali 0.24 -> 0.78, Marathi 0.32 -> 0.65, with
 * their function-word lists); Bengali, Punjabi and Gujarati too, their
 * words first written in Devanagari (xling/pivot.c: Bengali 0.50 ->
 * 0.59, Punjabi 0.43 -> 0.87, Gujarati 0.45 -> 0.90).  That code when
 * lx holds it (a lexicon built before keeps its own codes), else lang
 * itself. */
#define SS_LEXICON_SH "sh"
#define SS_LEXICON_DANO "da-no"
#define SS_LEXICON_CSSK "cs-sk"
SS_API const char *ss_lexicon_lang(const ss_lexicon *lx, const char *lang);
/* 1 when a and b are two different codes of one language in the sense
 * above (hr and sr, da and nb, cs and sk: one of SS_LEXICON_SH,
 * SS_LEXICON_DANO, SS_LEXICON_CSSK), whatever lexicon is loaded; not for
 * the languages read through Hindi's words, which are languages of their
 * own. */
SS_API int ss_lexicon_kin(const char *a, const char *b);
/* 1 if the lexicon holds a dictionary for lang ("de"; "hr" when it holds
 * SS_LEXICON_SH); English is always known. */
SS_API int ss_lexicon_has(const ss_lexicon *lx, const char *lang);
/* Languages held, as a list of codes ("de fr hi ..."). */
SS_API const char *ss_lexicon_languages(const ss_lexicon *lx);

/* The stem of a normalized word as the lexicon keys it: Snowball's (st, a
 * stemmer for the word's language) when there is one, else the word's first
 * five code points.  Writes it to out (cap bytes) and returns its length. */
SS_API size_t ss_lexicon_stem(ss_stemmer *st, const char *norm, size_t n, char *out, size_t cap);

/* Key of a word (its stem or prefix, normalized) of language lang. */
SS_API uint64_t ss_lexicon_word_key(const char *lang, const char *stem, size_t n);
/* Key of an English stem (the pivot term). */
SS_API uint64_t ss_lexicon_english_key(const char *stem, size_t n);

/* The English keys of a word key: their count (0 if the word is unknown),
 * *targets pointing at them and *weights (may be NULL) at their weights,
 * heaviest first (valid while the lexicon lives). */
SS_API size_t ss_lexicon_lookup(const ss_lexicon *lx, uint64_t word_key, const uint64_t **targets,
                                const float **weights);

/* The Debian package that brings lang's dictionary ("dict-freedict-deu-eng"),
 * or NULL when Debian carries none. */
SS_API const char *ss_lexicon_package(const char *lang);

/* ---- building (tools/build_lexicon.c) ---------------------------------------- */

typedef struct ss_lexicon_builder ss_lexicon_builder;

SS_API ss_lexicon_builder *ss_lexicon_builder_new(void);
SS_API void ss_lexicon_builder_free(ss_lexicon_builder *b);
/* Note that lang has a dictionary. */
SS_API int ss_lexicon_builder_language(ss_lexicon_builder *b, const char *lang);
/* word_key translates to English key target with the given weight (a
 * repeated pair sums its weights; a word keeps its SS_LEXICON_MAX_TARGETS
 * heaviest targets, equal weights in the order added). */
SS_API int ss_lexicon_builder_add(ss_lexicon_builder *b, uint64_t word_key, uint64_t target,
                                  float weight);
/* Write the file (to path.tmp, then renamed).  SS_OK or SS_EIO/SS_ENOMEM. */
SS_API int ss_lexicon_builder_write(ss_lexicon_builder *b, const char *path, ss_error *err);

#endif
