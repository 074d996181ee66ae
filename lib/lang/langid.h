/* lang/langid.h — which language a text is written in (ISO 639-1).
 *
 * Method: count letters by script over the first few kilobytes.  A script
 * used by one language decides alone (Greek -> el, Hangul -> ko, Thai -> th,
 * Han with kana -> ja, Han alone -> zh, ...).  Scripts shared by several
 * languages (Latin, Cyrillic, Arabic, Devanagari, Hebrew) go to an n-gram
 * classifier (libexttextcat's fingerprints) restricted to that script's
 * languages, listed in data/langid/<script>.conf.  Text with too few
 * letters to judge gives "und".
 *
 * A handle is not thread-safe: keep one per thread.  Fingerprints load
 * lazily, the first time a script needs them.
 */
#ifndef SS_LANG_LANGID_H
#define SS_LANG_LANGID_H

#include <stddef.h>

#include "core/api.h"
#include "core/error.h"
#include "text/script.h"

typedef struct ss_langid ss_langid;

typedef struct ss_lang_guess {
    char code[8];        /* ISO 639-1 code ("en", "hi"), a 639-3 code where 639-1 has
                            none, or "und" */
    float confidence;    /* 0..1: margin of the best language over the next */
    ss_script script;    /* the dominant script */
} ss_lang_guess;

/* A new identifier (it loads the stopword lists, for the function-word vote
 * between Latin-script languages); NULL with err set: SS_ENODATA when the
 * lists are not installed (naming where they were looked for), SS_ENOMEM. */
SS_API ss_langid *ss_langid_new(ss_error *err);
SS_API void ss_langid_free(ss_langid *li);

/* Identify the language of valid UTF-8 text[0..len).  SS_OK, or SS_ENODATA
 * when the fingerprints of a needed script are not installed (out is still
 * filled, from the script alone). */
SS_API int ss_langid_detect(ss_langid *li, const char *text, size_t len, ss_lang_guess *out,
                            ss_error *err);

/* 1 when text is plainly written in a script lang does not use (most of
 * at least 20 letters: Russian text labelled "en"); 0 otherwise, also for
 * a language whose scripts are not known here. */
SS_API int ss_langid_script_mismatch(ss_langid *li, const char *lang, const char *text, size_t len);

/* When d's given lang is refuted by its text's script
 * (ss_langid_script_mismatch): the tag moves to d->lang_unread, d->lang is
 * cleared for detection, and 1 is returned; else 0, d untouched. */
struct ss_doc;
SS_API int ss_langid_refute_given(ss_langid *li, struct ss_doc *d);
/* The warning for d->lang_unread, once d->lang is detected: a tag that is
 * no language, or a language its text's script refutes. */
SS_API void ss_lang_unread_note(const struct ss_doc *d, char *out, size_t size);

/* Normalize a language tag given in input ("en-US", "EN", "eng", "hin") to
 * the code ss_langid_detect would give: ISO 639-1 where the language has
 * one, else its ISO 639 three letters as ICU knows them ("haw"); writes ""
 * if it is no language code ("zz", "xyz"). */
SS_API void ss_lang_normalize_tag(const char *tag, char out[8]);

/* 1 when lang names a language (NULL, "" and "und" do not). */
SS_API int ss_lang_known(const char *lang);
/* 1 when a and b name two different languages (both known). */
SS_API int ss_langs_differ(const char *a, const char *b);

#endif
