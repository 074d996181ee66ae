/* clean/corpus_internal.h — lines that recur across documents of one source.
 *
 * Sites put the same furniture on every page ("Share this article",
 * "Sign up to our newsletter", a footer).  Seen across a corpus, a short
 * line that appears in many documents of the same source is chrome, even
 * when nothing about the line alone says so.
 *
 * The table counts, per (source, line) pair, the documents the line
 * appeared in.  Only short lines are counted (chrome is short; long lines
 * shared by several documents are reprinted text, which later stages
 * must see).  Memory is bounded: the table holds at most max_entries
 * pairs of 32 bytes; when it is full, pairs seen in one document only are
 * dropped (the "lossy counting" idea: a line that matters recurs, and is
 * counted again when it does), and if that frees too little the counts
 * needed to stay are raised.  A line is chrome when it appeared in at
 * least SS_CORPUS_MIN_DOCS documents of its source and in at least
 * SS_CORPUS_MIN_SHARE of them, and those documents are not all reprints
 * of one or two articles: each document has a text signature (a b-bit MinHash
 * of its word shingles; corpus.c, "Signatures") and the line must have been
 * seen with at least three different ones.  Without that, a folder of
 * three reprints of a wire story lost its headline (it recurs, short, in
 * every document); a site's furniture recurs across different articles.
 * After the table was pruned a line's signatures start again, so the
 * test errs toward keeping text.
 */
#ifndef SS_CLEAN_CORPUS_INTERNAL_H
#define SS_CLEAN_CORPUS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define SS_CORPUS_MAX_LINE 160   /* bytes: longer lines are never counted */
#define SS_CORPUS_MIN_DOCS 3
#define SS_CORPUS_MIN_SHARE 0.3

typedef struct ss_corpus ss_corpus;

ss_corpus *ss_corpus_new(size_t max_entries);
void ss_corpus_free(ss_corpus *c);

/* Count the distinct short lines of one document of source (hash). */
int ss_corpus_add_doc(ss_corpus *c, uint64_t source, const char *text, size_t n);

/* 1 if the line s[0..n) is recurring chrome for source. */
int ss_corpus_is_chrome(const ss_corpus *c, uint64_t source, const char *s, size_t n);

/* Hash of a source name (outlet, host, or folder). */
uint64_t ss_corpus_source(const char *name, size_t n);

#endif
