/* engine/fts.h — full-text search of a store: the tokenizer its FTS5
 * index is built with, and a user's query made safe for FTS5.  Internal
 * to the engine (store.c): not installed, not part of the API.
 *
 * Tokenizer "samestory": SQLite's unicode61 (case folded, diacritics
 * removed: "greve" finds "grève"), with the runs of scripts written
 * without spaces (Han, kana) cut into overlapping character pairs,
 * each character also indexed at its place: "地震" finds 日本北海道近海
 * 发生地震 by its pair, "北海道" by the phrase 北海 海道, "震" by the
 * character.  A query is tokenized the same way (a run of two or more
 * characters as pairs, one character alone), so no word list is needed
 * and a word is found wherever its characters stand together.  Cost: a
 * run of n characters gives 2n - 1 index entries instead of one (text of
 * these scripts is a small part of most stores).  The tokenizer must be
 * registered on every connection that reads or writes the index
 * (ss_fts_register, done when the store is opened).
 */
#ifndef SS_ENGINE_FTS_H
#define SS_ENGINE_FTS_H

#include <sqlite3.h>

#include "core/buf.h"

/* The name the index is created with (tokenize='samestory'). */
#define SS_FTS_TOKENIZER "samestory"

/* Register the tokenizer on db.  SQLITE_OK or an SQLite error code. */
int ss_fts_register(sqlite3 *db);

/* A user's query q as an FTS5 query into out (NUL-terminated): terms that
 * are words (letters, digits, "_", an ending "*" for a prefix, a leading
 * "^"), the operators AND, OR, NOT, NEAR(...), parentheses, "quoted
 * phrases" and the column filters title: and text: (also before a phrase
 * or a group, and negated: -title:) are kept; any other term ("48-hour",
 * "union's", "6.4", "C++") is quoted, so it is searched as the phrase of
 * its words instead of failing as FTS5 syntax.  SS_OK or SS_ENOMEM. */
int ss_fts_query(const char *q, ss_buf *out);

#endif
