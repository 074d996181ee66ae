/* clean/textclean_internal.h — the article in text scraped with its page
 * chrome: which lines are title, body, caption, related links, chrome.
 * The method is described at the top of textclean.c.
 */
#ifndef SS_CLEAN_TEXTCLEAN_INTERNAL_H
#define SS_CLEAN_TEXTCLEAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "clean/corpus_internal.h"
#include "clean/features_internal.h"
#include "text/stopwords.h"

typedef struct ss_line {
    size_t start, end;   /* byte span of the line (without the newline) */
    uint8_t kind;        /* SS_BLOCK_* */
} ss_line;

typedef struct ss_text_lines {
    ss_line *v;          /* the non-blank lines, in order */
    size_t n, cap;
    long title;          /* index of the title line, -1 if none */
    int has_body;        /* some line other than the title is body text */
} ss_text_lines;

typedef struct ss_textclean_in {
    const char *text;    /* valid UTF-8 */
    size_t len;
    int title_given;     /* a JSONL record: its title is a field, not a line of the text */
    const char *given_title; /* that title (a first line equal to it is the title line) */
    const ss_stopwords *sw;       /* may be NULL */
    const ss_corpus *corpus;      /* may be NULL */
    uint64_t source;              /* corpus source key */
} ss_textclean_in;

/* Classify the non-blank lines of in->text into out (reset first).
 * SS_OK or SS_ENOMEM. */
int ss_textclean(const ss_textclean_in *in, ss_text_lines *out, ss_feat_scratch *scratch);
/* Only the title line: out->title and out->has_body, as ss_textclean gives
 * them for a text whose title is not given; the lines' kinds are left
 * unset.  SS_OK or SS_ENOMEM. */
int ss_textclean_title(const ss_textclean_in *in, ss_text_lines *out, ss_feat_scratch *scratch);

void ss_text_lines_release(ss_text_lines *l);

#endif
