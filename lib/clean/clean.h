/* clean/clean.h — an article's title and body, without page chrome.
 *
 * Input is a document as read: an HTML page (doc->html), or text that may
 * carry scraped chrome (doc->text).  The result is the title, the article
 * text, metadata found on the way, and the blocks the decision was made on,
 * each with its kind, so a user can see why something was dropped.
 *
 * Block spans: for text input they are code point spans of doc->text (the
 * raw text every other stage refers to); for HTML input they are spans of
 * the page's visible text as extracted (result.full_text).
 *
 * A cleaner may learn from the corpus first (ss_cleaner_observe): lines
 * that recur across many documents of one source are chrome.  A cleaner is
 * not thread-safe for observe; ss_clean_doc may run in several threads at
 * once on one cleaner once observing is over.
 */
#ifndef SS_CLEAN_CLEAN_H
#define SS_CLEAN_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"

typedef enum ss_block_kind {
    SS_BLOCK_BODY = 0,
    SS_BLOCK_TITLE,
    SS_BLOCK_CHROME,      /* navigation, ads, widgets, footers, forms */
    SS_BLOCK_CAPTION,     /* photo and video captions */
    SS_BLOCK_RELATED      /* links to other stories */
} ss_block_kind;

typedef struct ss_block {
    uint32_t cp_start, cp_end;   /* code point span (see above for of what) */
    uint8_t kind;                /* ss_block_kind */
} ss_block;

/* Where a cleaned document's title came from. */
typedef enum ss_title_source {
    SS_TITLE_NONE = 0,    /* no title: none given and none found */
    SS_TITLE_INPUT,       /* the record's own "title" field */
    SS_TITLE_TEXT,        /* a line of the text (a .txt file, or a JSONL record without a title) */
    SS_TITLE_HTML         /* the page: its headline element or title metadata */
} ss_title_source;

/* "none", "input", "text", "html" (static strings). */
SS_API const char *ss_title_source_name(int source);

typedef struct ss_clean_result {
    ss_buf title;         /* the title, "" if none found */
    int title_source;     /* ss_title_source of title */
    ss_buf text;          /* the article text, paragraphs separated by "\n" */
    ss_buf full_text;     /* HTML input: all visible text the block spans refer to */
    ss_buf date;          /* publication date (ISO 8601) found in the page, or "" */
    ss_buf author;
    ss_buf url;           /* canonical URL found in the page, or "" */
    size_t removed;       /* code points of input text not kept in title or text */
    int body;             /* 1 if an article body was found: SS_CLEAN_MIN_BODY_WORDS
                             words or more in sentence lines of the text (a line
                             of 12 words or more, or of 4 or more ending as a
                             sentence); a failed scrape, a page of links or
                             furniture only, has none */
    ss_block *blocks;
    size_t nblocks, capblocks;
    char warning[256];    /* a note on odd input (empty body, binary data...), or "" */
} ss_clean_result;

/* Fewer words than this in sentences left after cleaning is no article: a
 * title and a sidebar, a cookie notice, "Please enable JavaScript".  The shortest news
 * briefs written for the tests have about twenty words. */
#define SS_CLEAN_MIN_BODY_WORDS 8

typedef struct ss_clean_opts {
    int keep_boilerplate;  /* reserved for callers; the blocks are always filled */
} ss_clean_opts;

typedef struct ss_cleaner ss_cleaner;

/* A cleaner (free with ss_cleaner_free).  It loads the stopword lists (see
 * core/datadir.h): NULL with SS_ENODATA in err when they are not installed,
 * SS_ENOMEM when out of memory. */
SS_API ss_cleaner *ss_cleaner_new(const ss_clean_opts *opts, ss_error *err);
SS_API void ss_cleaner_free(ss_cleaner *c);

/* Let the cleaner see a document of the corpus before cleaning (optional). */
SS_API int ss_cleaner_observe(ss_cleaner *c, const ss_doc *d);

SS_API void ss_clean_result_init(ss_clean_result *r);
SS_API void ss_clean_result_release(ss_clean_result *r);

/* Clean one document into r (reset first).  SS_OK or SS_ENOMEM; odd input
 * is not an error (r->warning says what was odd). */
SS_API int ss_clean_doc(ss_cleaner *c, const ss_doc *d, ss_clean_result *r, ss_error *err);

/* For HTML documents: clean and make the article text the document's text
 * (title, date, author, url filled where the document has none).  Text
 * documents are left as they are.  SS_OK or SS_ENOMEM. */
SS_API int ss_clean_apply(ss_cleaner *c, ss_doc *d, ss_error *err);

/* 1 if text[0..n) (valid UTF-8) holds an article body by the rule of
 * ss_clean_result.body, else 0: for stages that read a document's text as
 * it is (a JSONL record's, a page's after ss_clean_apply). */
SS_API int ss_text_has_body(const char *text, size_t n);

/* Clean a page or a scraped text file and make the article its text and
 * the title found its title (an HTML page as ss_clean_apply does; a .txt
 * file loses its chrome lines and its title line moves out of the text, so
 * body_start becomes 0).  A JSONL record's "text" is taken as the article
 * its producer extracted and left as it is (measured: cleaning such fields
 * again lowers same-story accuracy on the SemEval pairs); a record without
 * a title gets the headline line of its text as title, as a .txt file does
 * (the text keeps that line); once the cleaner has observed the corpus
 * (ss_cleaner_observe), the lines its source repeats (furniture) leave the
 * text.  Here, unlike ss_clean_doc, learned lines count only for documents
 * whose source is named (a "source" field or a URL): a folder of files is
 * no outlet, and copies in it share lines because they are copies.  For stages that read what an article says
 * (stories, comparison), not for those that print offsets into the raw
 * text.  SS_OK or SS_ENOMEM. */
SS_API int ss_clean_replace(ss_cleaner *c, ss_doc *d, ss_error *err);

#endif
