/* Fuzz target: the store's full-text search (engine/fts.h).  The input,
 * repaired to UTF-8, is indexed as a document by the store's tokenizer
 * and searched for: its first line as a query, rewritten by ss_fts_query,
 * and each of its words.  Checks: the rewriting never fails; a query
 * without quotes, parentheses, operator words or a leading -word never is
 * an FTS5 syntax error once rewritten; the tokenizer gives FTS5 nothing it
 * refuses. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "engine/fts.h"
#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

/* A query that rewriting must always make valid FTS5: no quotes,
 * parentheses or operator words, and no leading "-word" (NOT needs a
 * word before it: an error by design, its message says so). */
static int plain_query(const char *q)
{
    if (strpbrk(q, "\"()"))
        return 0;
    const char *first = q + strspn(q, " \t\r\n");
    if (*first == '-')
        return 0;
    static const char *const ops[] = {"AND", "OR", "NOT", "NEAR"};
    for (size_t i = 0; i < 4; i++)
        if (strstr(q, ops[i]))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        assert(sqlite3_open(":memory:", &db) == SQLITE_OK);
        assert(ss_fts_register(db) == SQLITE_OK);
        assert(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='" SS_FTS_TOKENIZER "')", NULL,
                            NULL, NULL) == SQLITE_OK);
    }
    ss_buf text = SS_BUF_INIT;
    if (ss_utf8_repair((const char *)data, size, &text, NULL) || ss_buf_putc(&text, '\0')) {
        ss_buf_release(&text);
        return 0;
    }
    const char *t = text.data;
    sqlite3_stmt *ins = NULL;
    assert(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, text) VALUES (1, ?)", -1, &ins, NULL) == SQLITE_OK);
    sqlite3_bind_text(ins, 1, t, -1, SQLITE_STATIC);
    assert(sqlite3_step(ins) == SQLITE_DONE);
    sqlite3_finalize(ins);
    /* the first line as a query */
    size_t line = strcspn(t, "\n");
    char *q = malloc(line + 1);
    assert(q);
    memcpy(q, t, line);
    q[line] = '\0';
    ss_buf fq = SS_BUF_INIT;
    assert(ss_fts_query(q, &fq) == SS_OK);
    if (fq.len) {
        sqlite3_stmt *st = NULL;
        assert(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &st, NULL) == SQLITE_OK);
        sqlite3_bind_text(st, 1, fq.data, (int)fq.len, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        assert(rc == SQLITE_DONE || !plain_query(q));
        sqlite3_finalize(st);
    }
    ss_buf_release(&fq);
    free(q);
    assert(sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL) == SQLITE_OK);
    ss_buf_release(&text);
    return 0;
}
