/* text/segment.h — paragraphs and sentences with their offsets.
 *
 * Paragraphs: in text where each line is a paragraph (news as scraped,
 * JSONL bodies) every non-blank line is one; in hard-wrapped text (books,
 * e-mail), detected by lines that run on into a next line starting in
 * lower case, paragraphs are runs of lines between blank lines.
 * Sentences never cross a paragraph.  They end at . ! ? … and the
 * terminators of other scripts (। ॥ 。 ！ ？ ؟ ۔) followed by space and a
 * plausible sentence start (or directly, for CJK full stops), closing
 * quotes and brackets going with the sentence; a full stop after a known
 * abbreviation (Mr, Dr, Jan, U.S, ...), a single capital initial, or a
 * day number before a month name ("4. März") does not end one.  Spans are trimmed of surrounding white space.
 */
#ifndef SS_TEXT_SEGMENT_H
#define SS_TEXT_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

typedef struct ss_span {
    uint32_t start, end;         /* byte span, half-open */
    uint32_t cp_start, cp_end;   /* code point span, half-open */
} ss_span;

typedef struct ss_spans {
    ss_span *v;
    size_t n, cap;
} ss_spans;

SS_API void ss_spans_init(ss_spans *s);
SS_API void ss_spans_release(ss_spans *s);
/* Append a span; SS_OK or SS_ENOMEM. */
SS_API int ss_spans_push(ss_spans *s, ss_span sp);

/* 1 if valid UTF-8 text[0..len) looks hard-wrapped (see above). */
SS_API int ss_text_is_wrapped(const char *text, size_t len);

/* Paragraphs of text (replacing out's content).  SS_OK or SS_ENOMEM. */
SS_API int ss_split_paragraphs(const char *text, size_t len, ss_spans *out);

/* Sentences of text, each inside one paragraph (replacing out's content). */
SS_API int ss_split_sentences(const char *text, size_t len, ss_spans *out);

/* Sentences of the one paragraph text[p.start..p.end), appended to out. */
SS_API int ss_split_sentences_in(const char *text, size_t len, ss_span p, ss_spans *out);

#endif
