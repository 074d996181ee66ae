/* core/doc.h — one article as every stage of the pipeline sees it.
 *
 * A document carries its raw text (valid UTF-8 after repair) and what the
 * input said about it.  The raw text is the reference for every span the
 * tool prints: half-open offsets in Unicode code points.  For a .txt file
 * the raw text is the whole file, title line included; for JSONL it is the
 * "text" field; for an HTML page it is the article text the cleaner
 * extracts (html holds the page until then).
 *
 * Ownership: an ss_doc owns every string it points to; ss_doc_free frees
 * them all.  Fields are plain data so that every stage (and the Python
 * binding) can read them; set them through ss_doc_set_* so that ownership
 * stays right.
 */
#ifndef SS_CORE_DOC_H
#define SS_CORE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

#define SS_TIME_NONE INT64_MIN

typedef enum ss_doc_format {
    SS_FORMAT_TEXT = 1,   /* plain text file: first non-empty line is the title candidate */
    SS_FORMAT_HTML = 2,   /* an HTML page (file, or a JSONL record with "html") */
    SS_FORMAT_JSONL = 3   /* a JSONL record with "text" */
} ss_doc_format;

typedef struct ss_doc {
    char *id;             /* never NULL once read */
    char *text;           /* raw text, valid UTF-8, NUL-terminated; NULL for unextracted HTML */
    size_t text_len;      /* bytes */
    size_t body_start;    /* byte offset in text where the body starts (after a title line), else 0 */
    char *title;          /* title or title candidate; NULL if none */
    char *html;           /* raw page bytes for HTML input, else NULL (not repaired: any charset) */
    size_t html_len;
    char lang[16];        /* ISO 639-1 code; "" until known; "und" when undetermined */
    int lang_given;       /* 1 if lang came from the input (it wins over detection) */
    char lang_unread[16]; /* a "lang" the input gave that is no language tag ("klingon"),
                             cut to 15 bytes, for a warning; "" otherwise */
    char *date;           /* publication date as given or found (ISO 8601), or NULL */
    char date_unread[40]; /* a date given that is no date ("2026-13-45"), cut to 39
                             bytes, for a warning; "" otherwise (ss_doc_set_date) */
    int64_t time;         /* date as seconds since 1970-01-01 UTC, or SS_TIME_NONE */
    char *url;
    char *source;         /* outlet name */
    char *author;
    char *extra;          /* input fields not listed above, as JSON object members
                             ("k":v,"k2":v2, no braces) to pass through, or NULL */
    char *origin;         /* file the document came from ("-" for standard input) */
    uint64_t line;        /* 1-based line in origin for JSONL records, 0 for whole files */
    uint32_t n_repaired;  /* invalid UTF-8 sequences and NUL bytes replaced by U+FFFD */
    int64_t captured;     /* when the page was fetched (WARC-Date), or SS_TIME_NONE; stands
                             for the date when the page itself gives none */
    ss_doc_format format;
} ss_doc;

/* A new empty document (time = SS_TIME_NONE), or NULL when out of memory. */
SS_API ss_doc *ss_doc_new(void);
/* Free a document and everything it owns.  NULL is a no-op. */
SS_API void ss_doc_free(ss_doc *d);

/* Replace a string field with a copy of s[0..n) (n = (size_t)-1: strlen).
 * s == NULL clears the field.  SS_OK or SS_ENOMEM. */
SS_API int ss_doc_set_str(char **field, const char *s, size_t n);
/* Replace the text (copied; must be valid UTF-8). */
SS_API int ss_doc_set_text(ss_doc *d, const char *s, size_t n);
/* Keep a "lang" value that is no language tag in d->lang_unread (its first
 * 15 bytes, cut at a character boundary) for a warning. */
SS_API void ss_doc_note_unread_lang(ss_doc *d, const char *given);

/* Set date from an ISO 8601 string (or an RFC 2822 one, as feeds give);
 * time is parsed (SS_TIME_NONE if it does not parse; the string is kept
 * all the same, and, when not blank, copied to date_unread).  Returns
 * SS_OK, SS_ENOMEM, or SS_EPARSE when the date did not parse (date kept,
 * time unknown). */
SS_API int ss_doc_set_date(ss_doc *d, const char *iso);
/* Date d from a second source (the page's own date) when the record gave
 * none, a blank one, or one that is no date ("yesterday": it stays in
 * date_unread for its warning).  SS_OK or SS_ENOMEM. */
SS_API int ss_doc_fill_date(ss_doc *d, const char *iso);
/* A fetched page (WARC) that is still undated once its record and page
 * were read: dated when it was fetched (d->captured), as every command
 * reads it.  Call after the page's own date is in.  SS_OK or SS_ENOMEM. */
SS_API int ss_doc_date_from_capture(ss_doc *d);

/* The title if present, else "" (never NULL). */
SS_API const char *ss_doc_title_or_empty(const ss_doc *d);

/* How much of a document's text the story, comparison and translation
 * stages read (reuse reads it all: its seeds are linear, tests/cli/
 * test_reuse.py): all of it up to SS_DOC_WORK_MAX bytes, else the
 * text up to the last line or word break before that (never inside a UTF-8
 * character).  Their work and memory per document are linear in it, with
 * constants of 80-160 bytes of memory per byte of text; a 2 MB comment page
 * or a 28 MB dump would take gigabytes and minutes, and 256 KiB is about
 * 40,000 words, far beyond any news article (the longest in the shared
 * corpora is under 100 KiB).  Output keeps the whole text; the commands
 * warn when a document is cut (docs/BAD_INPUT.md). */
#define SS_DOC_WORK_MAX (256u * 1024u)
SS_API size_t ss_doc_work_len(const ss_doc *d);
/* The same for any text of n bytes. */
SS_API size_t ss_text_work_len(const char *s, size_t n);

#endif
