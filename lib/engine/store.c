/* engine/store.c — the engine's durable store: one SQLite file (see
 * engine.h, "the store", and docs/ENGINE.md for the schema).
 *
 * Design:
 *  - Every add or remove is one IMMEDIATE transaction (a second writer
 *    waits BUSY_TIMEOUT_MS, then fails with "locked by another writer");
 *    the WAL journal lets readers list while a writer adds.  Any failure
 *    rolls the whole batch back, and the engine refuses further writes
 *    (its in-memory frequencies no longer match the file).
 *  - Articles keep their prepared text and metadata, the input text when
 *    preparing changed it, and their feature vectors (a blob), so a batch
 *    never re-reads or re-prepares old articles.  Document frequencies are
 *    a table (key -> count), loaded at open and updated by delta per
 *    batch; memory holds the frequency table (it grows with the
 *    vocabulary, not the number of articles) and the open window.
 *  - Frequencies: each article is judged by the texts up to it in order
 *    time, the first DF_FIRST_TEXTS texts together, as a one-shot run
 *    judges it (engine.c, ss_engine_finish), so that a store fed in time
 *    order in any batches groups as one run.  A store of at most
 *    DF_FIRST_TEXTS texts regroups whole with each batch (HOLD_NONE).
 *    While a larger batch is grouped, the texts it counted first are held
 *    out of the table until their first article comes (hold_begin,
 *    count_back, hold_end); a settling, the batch that passes
 *    DF_FIRST_TEXTS and any regroup reaching back into the first texts
 *    replay the whole store from a table of the first texts alone.
 *    A regroup holds the texts of the articles it reads again as well
 *    (hold_regrouped), those no article outside it shares; a text with
 *    copies outside stays counted.  Where a regroup starts after articles
 *    that a late one now precedes, those keep the weights of their time:
 *    late articles, corrections and removals are where a store can part
 *    from a one-shot run, until it settles.
 *  - Online regrouping: a batch whose earliest touched article (new,
 *    corrected, removed) has order time T regroups the stories still open
 *    at T (last article at or after T - window) and the new articles,
 *    from the earliest article of those stories on, in (order time, seq)
 *    order, through the same storyer as a one-shot run.  Stories closed
 *    before T stay as they are.  A regrouped story with the same members
 *    as before keeps its number and row (it is not compared again); a
 *    changed one keeps the number of the old story whose earliest article
 *    (the earliest still stored, after a removal) it holds, else gets a
 *    new one; old stories no member keeps are removed.
 *  - Live batches: the storyer of the last grouping stays in memory with
 *    the articles of its open stories (each story tagged with its number).
 *    A batch that only adds articles no earlier than every article that
 *    storyer has seen (the usual stream: news in time order) is grouped on
 *    by it: only the new articles are read
 *    and judged, and only the stories they joined or started are compared
 *    and written.  Anything else (a late article, a correction, a removal,
 *    a settling, the first batch after opening) regroups as above and
 *    starts a new live storyer.  An article keeps its analysis (compare.h) while
 *    its story is open, so a story compared again as it grows does not
 *    analyse its members again.
 *  - An undated article takes the order time of the dated article before
 *    it in its batch, else the latest order time in the store.
 */
#include "engine/engine_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "core/filelock.h"
#include "core/time.h"
#include "engine/fts.h"
#include "lang/langid.h"
#include "output/json.h"
#include "text/norm.h"

/* The schema this code reads and writes (PRAGMA user_version). */
#define SCHEMA_VERSION 4
/* What the meta table says a samestory store is. */
#define STORE_FORMAT "samestory-store"
/* How long a writer waits for another writer's transaction before giving
 * up: long enough for a batch commit, short enough to report a stuck
 * writer promptly. */
#define BUSY_TIMEOUT_MS 3000
/* Story options are compared at this precision (they are printed with
 * fewer digits). */
#define OPT_EPS 1e-9

/* The full-text index (engine/fts.h: words, and character pairs of the
 * scripts written without spaces); version 4. */
#define FTS_SQL                                                                                                  \
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"                           \
    " content_rowid='aid', tokenize='" SS_FTS_TOKENIZER "');"

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE articles("
    " aid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL,"
    " order_time INTEGER NOT NULL, time INTEGER, digest INTEGER NOT NULL,"
    " lang TEXT, lang_given INTEGER, title TEXT, date TEXT, source TEXT, url TEXT,"
    " author TEXT, extra TEXT, text TEXT, body_start INTEGER, format INTEGER, raw BLOB,"
    " features BLOB NOT NULL, story INTEGER, link INTEGER, relation INTEGER,"
    " source_aid INTEGER, link_score REAL);"
    "CREATE INDEX articles_order ON articles(order_time, seq);"
    "CREATE INDEX articles_story ON articles(story);"
    "CREATE TABLE stories(sid INTEGER PRIMARY KEY, first_order INTEGER NOT NULL,"
    " last_order INTEGER NOT NULL, first_aid INTEGER, first_time INTEGER, last_time INTEGER,"
    " size INTEGER NOT NULL, title TEXT, json TEXT NOT NULL);"
    "CREATE INDEX stories_activity ON stories(last_order, sid);"
    "CREATE TABLE df(k INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
    "CREATE TABLE texts(h INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
    FTS_SQL
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts(rowid, title, text) VALUES (new.aid, new.title, new.text); END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    " VALUES ('delete', old.aid, old.title, old.text); END;";

typedef struct {
    int64_t sid;
    int kind;              /* 0 new, 1 updated, 2 removed */
    char *title;           /* a removed story's last title (owned), else NULL */
} change;

static void changes_clear(ss_store *s);

typedef struct {
    int64_t sid, size, first_aid;
    int claimed;
} affected;

struct ss_store {
    sqlite3 *db;
    char *path;
    ss_filelock *lock;     /* a writer's, held from open to close */
    int readonly;
    int broken;
    int64_t next_story, next_seq, max_order;
    /* df deltas of the running batch: open addressing, key 0 = empty */
    uint64_t *dk;
    int64_t *dv;
    size_t dcap, dused;
    /* the running regroup */
    affected *aff;
    size_t naff, capaff;
    int64_t *corrected;    /* aids corrected in this batch */
    int64_t *corrected_story; /* the story each was in before (0: none) */
    size_t ncorr, capcorr;
    int64_t story_floor;   /* stories numbered from here were made by this batch */
    /* what the last batch changed */
    change *ch;
    size_t nch, capch;
    /* the live grouping: the storyer of the last regroup, kept with the
       articles of its open stories (in e->live by item) for the next batch */
    ss_storyer *sy;
    uint32_t nitems;       /* items given to sy so far (e->live's used part) */
    size_t live_cap;
    int64_t live_order;    /* the latest order time given to sy */
    uint32_t *touched;     /* stories of sy that articles joined in this regroup */
    size_t ntouched, captouched;
    int64_t *merged;       /* stored stories the live storyer merged into others
                              in this batch (cluster.h, "Merging"): rows to drop */
    size_t nmerged, capmerged;
    /* running frequencies (see "Frequencies" at the top): the texts this
       batch counted first (text_ref), held out of df while grouping until
       their first article comes (hold: how this grouping counts) */
    uint64_t *fresh_h;
    const ss_features **fresh_x; /* the batch's prepared features */
    size_t nfresh, capfresh;
    engine_keys held, back;
    int hold;              /* HOLD_FRESH, HOLD_REPLAY or HOLD_NONE */
    /* statements run per article or per story, kept prepared (cached()) */
    sqlite3_stmt *st_insert, *st_text_add, *st_members, *st_span, *st_story;
};

/* ---- small helpers ----------------------------------------------------------- */

static int db_error(ss_engine *e, ss_error *err, int rc, const char *what)
{
    ss_store *s = e->store;
    int code = rc == SQLITE_NOMEM ? SS_ENOMEM : SS_EIO;
    const char *why = sqlite3_errmsg(s->db);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return ss_error_set(err, code, "%s: locked by another writer (%s); nothing was changed", s->path,
                            what);
    if (rc == SQLITE_FULL || (rc == SQLITE_IOERR && (sqlite3_extended_errcode(s->db) == SQLITE_IOERR_WRITE ||
                                                     sqlite3_extended_errcode(s->db) == SQLITE_IOERR_FSYNC ||
                                                     sqlite3_extended_errcode(s->db) == SQLITE_IOERR_TRUNCATE)))
        return ss_error_set(err, code, "%s: disk full (or over the file size limit: a write failed) while %s; nothing of this batch "
                            "was stored", s->path,
                            what);
    if (rc == SQLITE_READONLY)
        return ss_error_set(err, code, "%s: read-only (%s); nothing was changed", s->path, what);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        return ss_error_set(err, SS_EFORMAT, "%s: damaged store (%s: %s)", s->path, what, why);
    return ss_error_set(err, code, "%s: %s: %s", s->path, what, why);
}

static sqlite3_stmt *prep(ss_engine *e, const char *sql, ss_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(e->store->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        db_error(e, err, rc, "preparing a query");
        return NULL;
    }
    return st;
}

/* A statement kept prepared in *slot for the store's life (preparing
 * was 5% of a batch of short articles), returned reset with no bindings.
 * The caller resets it after use and never finalizes it
 * (engine_store_close does). */
static sqlite3_stmt *cached(ss_engine *e, sqlite3_stmt **slot, const char *sql, ss_error *err)
{
    if (!*slot)
        return *slot = prep(e, sql, err);
    sqlite3_reset(*slot);
    sqlite3_clear_bindings(*slot);
    return *slot;
}

static int exec(ss_engine *e, const char *sql, const char *what, ss_error *err)
{
    int rc = sqlite3_exec(e->store->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SS_OK : db_error(e, err, rc, what);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int meta_get_int(ss_engine *e, const char *key, int64_t *out)
{
    sqlite3_stmt *st = prep(e, "SELECT value FROM meta WHERE key = ?", NULL);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return found ? 0 : -1;
}

static int meta_get_double(ss_engine *e, const char *key, double *out)
{
    sqlite3_stmt *st = prep(e, "SELECT value FROM meta WHERE key = ?", NULL);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *out = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return found ? 0 : -1;
}

static int meta_set(ss_engine *e, const char *key, sqlite3_int64 iv, double dv, const char *sv, int type,
                    ss_error *err)
{
    sqlite3_stmt *st = prep(e, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (type == 0)
        sqlite3_bind_int64(st, 2, iv);
    else if (type == 1)
        sqlite3_bind_double(st, 2, dv);
    else
        sqlite3_bind_text(st, 2, sv, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SS_OK : db_error(e, err, rc, "writing the store's settings");
}

/* ---- feature blobs ------------------------------------------------------------ */

/* u32 words, u8 headline_only, then per field u32 n, n u64 keys, n f32
 * weights (native byte order: a store is read on the machine kind that
 * wrote it; the schema version would change with the layout). */
static int features_put(ss_buf *b, const ss_features *x)
{
    ss_buf_clear(b);
    uint32_t w = x->words;
    int rc = ss_buf_append(b, &w, 4) || ss_buf_putc(b, x->headline_only);
    for (int f = 0; f < SS_F_COUNT && !rc; f++) {
        uint32_t n = x->f[f].n;
        rc = ss_buf_append(b, &n, 4) || ss_buf_append(b, x->f[f].k, n * sizeof(uint64_t)) ||
             ss_buf_append(b, x->f[f].w, n * sizeof(float));
    }
    return rc ? SS_ENOMEM : SS_OK;
}

static int features_get(const void *blob, size_t len, ss_features *x)
{
    const unsigned char *p = blob, *end = p + len;
    if (len < 5)
        return SS_EFORMAT;
    memcpy(&x->words, p, 4);
    x->headline_only = p[4];
    p += 5;
    for (int f = 0; f < SS_F_COUNT; f++) {
        uint32_t n;
        if (end - p < 4)
            return SS_EFORMAT;
        memcpy(&n, p, 4);
        p += 4;
        if ((size_t)(end - p) < (size_t)n * 12)
            return SS_EFORMAT;
        ss_fvec *v = &x->f[f];
        free(v->k);
        free(v->w);
        v->k = malloc((n ? n : 1) * sizeof *v->k);
        v->w = malloc((n ? n : 1) * sizeof *v->w);
        if (!v->k || !v->w)
            return SS_ENOMEM;
        memcpy(v->k, p, n * sizeof(uint64_t));
        p += n * sizeof(uint64_t);
        memcpy(v->w, p, n * sizeof(float));
        p += n * sizeof(float);
        v->n = v->cap = n;
    }
    return p == end ? SS_OK : SS_EFORMAT;
}

/* ---- document frequencies: memory and deltas ---------------------------------- */

static int delta_add(ss_store *s, uint64_t k, int64_t d)
{
    if ((s->dused + 1) * 2 > s->dcap) {
        size_t cap = s->dcap ? s->dcap * 2 : 4096;
        uint64_t *nk = calloc(cap, sizeof *nk);
        int64_t *nv = calloc(cap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return SS_ENOMEM;
        }
        for (size_t i = 0; i < s->dcap; i++)
            if (s->dk[i]) {
                size_t j = (size_t)(s->dk[i] * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
                while (nk[j])
                    j = (j + 1) & (cap - 1);
                nk[j] = s->dk[i];
                nv[j] = s->dv[i];
            }
        free(s->dk);
        free(s->dv);
        s->dk = nk;
        s->dv = nv;
        s->dcap = cap;
    }
    size_t j = (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & (s->dcap - 1);
    while (s->dk[j] && s->dk[j] != k)
        j = (j + 1) & (s->dcap - 1);
    if (!s->dk[j]) {
        s->dk[j] = k;
        s->dused++;
    }
    s->dv[j] += d;
    return SS_OK;
}

/* Count x in (sign +1) or out of (-1) the frequencies, in memory and in
 * the batch's deltas. */
static int df_change(ss_engine *e, const ss_features *x, int sign)
{
    if (sign > 0) {
        if (ss_df_add(e->df, x))
            return SS_ENOMEM;
    } else {
        ss_df_remove(e->df, x);
    }
    for (int f = 0; f < SS_F_COUNT; f++)
        for (uint32_t i = 0; i < x->f[f].n; i++)
            if (delta_add(e->store, ss_df_key(f, x->f[f].k[i]), sign))
                return SS_ENOMEM;
    return SS_OK;
}

/* Step a statement that binds a text key h and returns one count
 * (RETURNING n) to its end: SQLITE_DONE with *n set (0 when no row), or
 * the error.  The statement is reset. */
static int step_count(sqlite3_stmt *st, sqlite3_int64 h, int64_t *n)
{
    sqlite3_bind_int64(st, 1, h);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

/* An article's text (h: engine_text_hash of its prepared text) comes
 * (sign +1) or goes (-1).  Exact copies count once in the frequencies,
 * as in a one-shot run (engine.c, ss_engine_finish): texts(h, n) counts the
 * articles of each prepared text, and the frequencies change only when a
 * text's first copy comes or its last goes. */
/* A text this batch counts first (sign +1), or one it no longer counts. */
static int fresh_note(ss_store *s, uint64_t h, const ss_features *x, int sign)
{
    if (sign < 0) {
        for (size_t i = 0; i < s->nfresh; i++)
            if (s->fresh_h[i] == h) {
                s->fresh_h[i] = s->fresh_h[--s->nfresh];
                s->fresh_x[i] = s->fresh_x[s->nfresh];
                break;
            }
        return SS_OK;
    }
    if (s->nfresh == s->capfresh) {
        size_t cap = s->capfresh ? s->capfresh * 2 : 256;
        uint64_t *v = realloc(s->fresh_h, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->fresh_h = v;
        const ss_features **w = realloc(s->fresh_x, cap * sizeof *w);
        if (!w)
            return SS_ENOMEM;
        s->fresh_x = w;
        s->capfresh = cap;
    }
    s->fresh_h[s->nfresh] = h;
    s->fresh_x[s->nfresh++] = x;
    return SS_OK;
}

static const char text_add_sql[] =
    "INSERT INTO texts(h, n) VALUES (?, 1) ON CONFLICT(h) DO UPDATE SET n = n + 1 RETURNING n";

static int text_ref(ss_engine *e, uint64_t h, const ss_features *x, int sign, ss_error *err)
{
    sqlite3_stmt *st = sign > 0 ? cached(e, &e->store->st_text_add, text_add_sql, err)
                                : prep(e, "UPDATE texts SET n = n - 1 WHERE h = ? RETURNING n", err);
    if (!st)
        return SS_EIO;
    int64_t n;
    int rc = step_count(st, (sqlite3_int64)h, &n);
    if (sign < 0)
        sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(e, err, rc, "counting a text");
    if (sign < 0 && n <= 0) {
        if (!(st = prep(e, "DELETE FROM texts WHERE h = ?", err)))
            return SS_EIO;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)h);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return db_error(e, err, rc, "counting a text");
    }
    if (sign > 0 ? n == 1 : n <= 0) {
        if (df_change(e, x, sign) || fresh_note(e->store, h, x, sign))
            return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    return SS_OK;
}

static int deltas_write(ss_engine *e, ss_error *err)
{
    ss_store *s = e->store;
    sqlite3_stmt *up = prep(e,
                            "INSERT INTO df(k, n) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET n = n + ?2",
                            err);
    /* a key whose count fell to 0 goes (by key: the table is as big as
       the vocabulary, too big to scan every batch) */
    sqlite3_stmt *del = up ? prep(e, "DELETE FROM df WHERE k = ? AND n <= 0", err) : NULL;
    if (!up || !del) {
        sqlite3_finalize(up);
        return SS_EIO;
    }
    int rc = SQLITE_DONE;
    for (size_t i = 0; i < s->dcap && rc == SQLITE_DONE; i++) {
        if (!s->dk[i] || !s->dv[i])
            continue;
        sqlite3_bind_int64(up, 1, (sqlite3_int64)s->dk[i]);
        sqlite3_bind_int64(up, 2, s->dv[i]);
        rc = sqlite3_step(up);
        sqlite3_reset(up);
        if (rc == SQLITE_DONE && s->dv[i] < 0) {
            sqlite3_bind_int64(del, 1, (sqlite3_int64)s->dk[i]);
            rc = sqlite3_step(del);
            sqlite3_reset(del);
        }
    }
    sqlite3_finalize(up);
    sqlite3_finalize(del);
    if (rc != SQLITE_DONE)
        return db_error(e, err, rc, "writing word frequencies");
    if (s->dcap) {
        memset(s->dk, 0, s->dcap * sizeof *s->dk);
        memset(s->dv, 0, s->dcap * sizeof *s->dv);
    }
    s->dused = 0;
    return meta_set(e, "df_docs", (sqlite3_int64)ss_df_docs(e->df), 0, NULL, 0, err);
}

static int df_load(ss_engine *e, ss_error *err)
{
    sqlite3_stmt *st = prep(e, "SELECT k, n FROM df", err);
    if (!st)
        return SS_EIO;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (ss_df_set(e->df, (uint64_t)sqlite3_column_int64(st, 0), (uint32_t)sqlite3_column_int64(st, 1))) {
            sqlite3_finalize(st);
            return ss_error_set(err, SS_ENOMEM, "%s: out of memory loading word frequencies", e->store->path);
        }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(e, err, rc, "reading word frequencies");
    int64_t docs = 0;
    meta_get_int(e, "df_docs", &docs);
    ss_df_set_docs(e->df, (uint64_t)docs);
    return SS_OK;
}

/* ---- opening --------------------------------------------------------------------- */

/* Forget the live grouping (its stories are in the store already). */
static void live_drop(ss_engine *e)
{
    ss_store *s = e->store;
    ss_storyer_free(s->sy);
    s->sy = NULL;
    for (uint32_t i = 0; i < s->nitems; i++) {
        engine_article_free(e->live[i]);
        e->live[i] = NULL;
    }
    s->nitems = 0;
    s->ntouched = 0;
    s->nmerged = 0;
}

void engine_store_close(ss_engine *e)
{
    ss_store *s = e->store;
    if (!s)
        return;
    live_drop(e);
    free(s->touched);
    free(s->merged);
    free(s->fresh_h);
    free(s->fresh_x);
    engine_keys_free(&s->held);
    engine_keys_free(&s->back);
    sqlite3_stmt *kept[] = {s->st_insert, s->st_text_add, s->st_members, s->st_span, s->st_story};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        sqlite3_finalize(kept[i]);
    if (s->db)
        sqlite3_close(s->db);
    ss_filelock_release(s->lock);
    free(s->path);
    free(s->dk);
    free(s->dv);
    free(s->aff);
    free(s->corrected);
    free(s->corrected_story);
    changes_clear(s);
    free(s->ch);
    free(s);
    e->store = NULL;
}

/* The collation SS_FOLD: sources and languages compared as a person
 * would, whatever their case in any script ("ÄRZTEZEITUNG" is
 * "Ärztezeitung"; SQLite's NOCASE folds ASCII only).  Both sides are
 * case-folded (full Unicode case folding, SS_NORM_CASEFOLD of text/norm.h;
 * no compatibility mapping: a full-width letter stays itself) and
 * compared as bytes: a total order, as a collation must be.  Plain ASCII
 * takes a fast path. */
static int fold_cmp(void *ctx, int na, const void *a, int nb, const void *b)
{
    (void)ctx;
    const unsigned char *x = a, *y = b;
    int ascii = 1;
    for (int i = 0; i < na && ascii; i++)
        ascii = x[i] < 0x80;
    for (int i = 0; i < nb && ascii; i++)
        ascii = y[i] < 0x80;
    if (ascii) {
        int n = na < nb ? na : nb;
        for (int i = 0; i < n; i++) {
            int cx = x[i] >= 'A' && x[i] <= 'Z' ? x[i] + 32 : x[i];
            int cy = y[i] >= 'A' && y[i] <= 'Z' ? y[i] + 32 : y[i];
            if (cx != cy)
                return cx - cy;
        }
        return na - nb;
    }
    ss_buf fx = SS_BUF_INIT, fy = SS_BUF_INIT, scratch = SS_BUF_INIT;
    const char *px = a, *py = b;
    size_t lx = (size_t)na, ly = (size_t)nb;
    if (ss_normalize(a, (size_t)na, SS_NORM_CASEFOLD, &fx, &scratch) == SS_OK) {
        px = fx.data ? fx.data : "";
        lx = fx.len;
    }
    if (ss_normalize(b, (size_t)nb, SS_NORM_CASEFOLD, &fy, &scratch) == SS_OK) {
        py = fy.data ? fy.data : "";
        ly = fy.len;
    }
    size_t n = lx < ly ? lx : ly;
    int c = memcmp(px, py, n);
    if (c == 0)
        c = lx < ly ? -1 : lx > ly;
    ss_buf_release(&fx);
    ss_buf_release(&fy);
    ss_buf_release(&scratch);
    return c;
}

static int count_tables(ss_engine *e, int64_t *n)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(e->store->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *n = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static int create_schema(ss_engine *e, ss_error *err)
{
    ss_store *s = e->store;
    if (exec(e, "PRAGMA journal_mode=WAL", "setting the journal", err) ||
        exec(e, "BEGIN IMMEDIATE", "creating the store", err))
        return SS_EIO;
    char ver[64];
    snprintf(ver, sizeof ver, "PRAGMA user_version=%d", SCHEMA_VERSION);
    int rc = exec(e, schema_sql, "creating the store", err) || exec(e, ver, "creating the store", err) ||
             meta_set(e, "format", 0, 0, STORE_FORMAT, 2, err) ||
             meta_set(e, "threshold", 0, e->o.story.threshold, NULL, 1, err) ||
             meta_set(e, "headline_threshold", 0, e->o.story.headline_threshold, NULL, 1, err) ||
             meta_set(e, "window", 0, e->o.story.window_days, NULL, 1, err) ||
             meta_set(e, "next_story", 1, 0, NULL, 0, err) || meta_set(e, "next_seq", 0, 0, NULL, 0, err) ||
             meta_set(e, "df_docs", 0, 0, NULL, 0, err);
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return SS_EIO;
    }
    return exec(e, "COMMIT", "creating the store", err);
}

/* The options stored in the file against the command's. */
static int check_options(ss_engine *e, unsigned flags, ss_error *err)
{
    double t = 0, h = 0, w = 0;
    if (meta_get_double(e, "threshold", &t) || meta_get_double(e, "headline_threshold", &h) ||
        meta_get_double(e, "window", &w))
        return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (its settings are missing)",
                            e->store->path);
    if (flags & SS_STORE_KEEP_OPTIONS) {
        e->o.story.threshold = t;
        e->o.story.headline_threshold = h;
        e->o.story.window_days = w;
        return SS_OK;
    }
    const ss_story_opts *o = &e->o.story;
    if (fabs(o->threshold - t) > OPT_EPS || fabs(o->headline_threshold - h) > OPT_EPS ||
        fabs(o->window_days - w) > OPT_EPS)
        return ss_error_set(err, SS_EINVAL,
                            "%s: the store was made with --threshold %g --headline-threshold %g --window %g; "
                            "this run asks for --threshold %g --headline-threshold %g --window %g (give the "
                            "store's options, or none)",
                            e->store->path, t, h, w, o->threshold, o->headline_threshold, o->window_days);
    return SS_OK;
}

static int put_df_row(void *ctx, uint64_t k, uint32_t n)
{
    sqlite3_stmt *st = ctx;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)k);
    sqlite3_bind_int64(st, 2, n);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SS_OK : rc;
}

/* Version 3 to 4: the full-text index rebuilt with the store's tokenizer. */
static int migrate_fts(ss_engine *e, ss_error *err)
{
    return exec(e,
                "DROP TABLE articles_fts;" FTS_SQL
                "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",
                "upgrading the full-text index", err)
               ? SS_EIO
               : SS_OK;
}

/* Schema 1, 2 or 3 -> 4, in one transaction: the full-text index rebuilt
 * (migrate_fts); from 1 or 2 also the frequencies: version 1 counted every exact
 * copy in the frequencies; version 2 counts a text once (the texts
 * table), but took every article without text (a headline) for a copy of
 * the first; version 3 keys copies by the text, or the title of an
 * article without text (engine.c, engine_copy_key).  The texts and the
 * frequencies are recounted from the stored articles, and the next batch
 * settles (regroups the store by them). */
static int migrate(ss_engine *e, int64_t version, ss_error *err)
{
    if (exec(e, "BEGIN IMMEDIATE", "upgrading the store", err))
        return SS_EIO;
    int status = migrate_fts(e, err);
    if (status == SS_OK && version == 3) {
        char ver[64];
        snprintf(ver, sizeof ver, "PRAGMA user_version=%d", SCHEMA_VERSION);
        status = exec(e, ver, "upgrading the store", err) || exec(e, "COMMIT", "upgrading the store", err)
                     ? SS_EIO
                     : SS_OK;
        if (status)
            sqlite3_exec(e->store->db, "ROLLBACK", NULL, NULL, NULL);
        return status;
    }
    /* versions 1 and 2: the frequencies counted again, each text once */
    if (status == SS_OK)
        status = exec(e,
                      version == 1 ? "CREATE TABLE texts(h INTEGER PRIMARY KEY, n INTEGER NOT NULL); DELETE FROM df;"
                                   : "DELETE FROM texts; DELETE FROM df;",
                      "upgrading the store", err)
                     ? SS_EIO
                     : SS_OK;
    ss_df *df = ss_df_new();
    sqlite3_stmt *q = status ? NULL : prep(e, "SELECT text, features, title FROM articles ORDER BY aid", err);
    sqlite3_stmt *up = q ? prep(e, text_add_sql, err) : NULL;
    if (!status && (!q || !up))
        status = SS_EIO;
    if (!status && !df)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_features x;
    ss_features_init(&x);
    int rc = SQLITE_DONE;
    while (!status && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 0);
        size_t len = text ? (size_t)sqlite3_column_bytes(q, 0) : 0;
        int64_t n;
        int r = step_count(up, (sqlite3_int64)engine_copy_key((const char *)sqlite3_column_text(q, 2), text, len),
                           &n);
        if (r != SQLITE_DONE)
            status = db_error(e, err, r, "upgrading the store");
        else if (n == 1 && features_get(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1), &x))
            status = ss_error_set(err, SS_EFORMAT, "%s: damaged features (upgrading the store)", e->store->path);
        else if (n == 1 && ss_df_add(df, &x))
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    if (!status && rc != SQLITE_DONE)
        status = db_error(e, err, rc, "upgrading the store");
    ss_features_release(&x);
    sqlite3_finalize(q);
    sqlite3_finalize(up);
    sqlite3_stmt *w = status ? NULL : prep(e, "INSERT INTO df(k, n) VALUES (?, ?)", err);
    if (!status && !w)
        status = SS_EIO;
    if (!status && (rc = ss_df_each(df, put_df_row, w)))
        status = db_error(e, err, rc, "upgrading the store");
    sqlite3_finalize(w);
    char ver[64];
    snprintf(ver, sizeof ver, "PRAGMA user_version=%d", SCHEMA_VERSION);
    if (!status && (meta_set(e, "df_docs", (sqlite3_int64)ss_df_docs(df), 0, NULL, 0, err) ||
                    meta_set(e, "settle_due", 1, 0, NULL, 0, err) || exec(e, ver, "upgrading the store", err) ||
                    exec(e, "COMMIT", "upgrading the store", err)))
        status = SS_EIO;
    if (status)
        sqlite3_exec(e->store->db, "ROLLBACK", NULL, NULL, NULL);
    ss_df_free(df);
    return status;
}

static int open_store(ss_engine *e, const char *path, unsigned flags, ss_error *err)
{
    ss_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    e->store = s;
    s->readonly = (flags & SS_STORE_READONLY) != 0;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && (s->readonly || !(flags & SS_STORE_CREATE)))
        return ss_error_set(err, SS_ENOTFOUND, "%s: no such store", path);
    if (exists && !S_ISREG(sb.st_mode))
        return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (not a regular file)", path);
    if (exists && !s->readonly && access(path, W_OK) != 0)
        return ss_error_set(err, SS_EIO, "%s: read-only (%s); nothing was changed", path, strerror(errno));
    /* a file that is not SQLite at all is refused before anything is
       made beside it (the writer's lock file) */
    if (exists && sb.st_size > 0) {
        static const char magic[16] = "SQLite format 3";
        char head[16] = {0};
        FILE *f = fopen(path, "rb");
        size_t got = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (f && (got < sizeof head || memcmp(head, magic, sizeof magic) != 0))
            return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (not an SQLite database)", path);
    }
    /* one writer per file for the writer's whole life: a writer keeps the
       frequencies and the open stories in memory, which another process's
       batches would leave stale (its next batch would then write stories
       that drop the other's articles) */
    if (!s->readonly) {
        ss_error lerr;
        ss_error_clear(&lerr);
        for (int tries = 0; !(s->lock = ss_filelock_acquire(path, 0, &lerr)); tries++) {
            if (lerr.code != SS_EBUSY || tries * 100 >= BUSY_TIMEOUT_MS)
                return lerr.code == SS_EBUSY
                           ? ss_error_set(err, SS_EIO, "%s: locked by another writer (%s); nothing was changed",
                                          path, lerr.msg)
                           : ss_error_set(err, lerr.code, "%s; nothing was changed", lerr.msg);
            usleep(100 * 1000); /* a writer closing */
            ss_error_clear(&lerr);
        }
    }
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return ss_error_set(err, SS_EIO, "%s: cannot open: %s", path,
                            s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
    if ((rc = ss_fts_register(s->db)) != SQLITE_OK)
        return ss_error_set(err, SS_EIO, "%s: cannot set up full-text search: %s", path, sqlite3_errstr(rc));
    if ((rc = sqlite3_create_collation_v2(s->db, "SS_FOLD", SQLITE_UTF8, NULL, fold_cmp, NULL)) != SQLITE_OK)
        return ss_error_set(err, SS_EIO, "%s: cannot set up the SS_FOLD collation: %s", path, sqlite3_errstr(rc));
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s->db, 0);
    int64_t ntables = 0;
    rc = count_tables(e, &ntables);
    if (rc == SQLITE_NOTADB)
        return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (not an SQLite database)", path);
    if (rc != SQLITE_OK)
        return db_error(e, err, rc, "reading the schema");
    int64_t version = 0;
    sqlite3_stmt *st = prep(e, "PRAGMA user_version", err);
    if (!st)
        return SS_EIO;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (ntables == 0 && version == 0) {
        if (s->readonly)
            return ss_error_set(err, SS_EFORMAT, "%s: an empty file, not a samestory store", path);
        if (create_schema(e, err))
            return SS_EIO;
        version = SCHEMA_VERSION;
    }
    if (version == 0)
        return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (an SQLite database of something else)",
                            path);
    /* versions 1 to 3 are upgraded when opened for writing (below), read
       as they are otherwise */
    if (version != SCHEMA_VERSION && (version < 1 || version > 3))
        return ss_error_set(err, SS_EFORMAT,
                            "%s: store schema version %lld; this samestory reads version %d (docs/ENGINE.md, "
                            "\"Upgrading\", says how to carry a store over)",
                            path, (long long)version, SCHEMA_VERSION);
    st = prep(e, "SELECT value FROM meta WHERE key = 'format'", NULL);
    int ok = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
             strcmp((const char *)sqlite3_column_text(st, 0), STORE_FORMAT) == 0;
    sqlite3_finalize(st);
    if (!ok)
        return ss_error_set(err, SS_EFORMAT, "%s: not a samestory store (an SQLite database of something else)",
                            path);
    if (check_options(e, flags, err))
        return err ? err->code : SS_EINVAL;
    if (version != SCHEMA_VERSION && !s->readonly && migrate(e, version, err))
        return err && err->code ? err->code : SS_EIO;
    meta_get_int(e, "next_story", &s->next_story);
    meta_get_int(e, "next_seq", &s->next_seq);
    st = prep(e, "SELECT max(order_time) FROM articles", err);
    if (!st)
        return SS_EIO;
    s->max_order = INT64_MIN;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        s->max_order = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return df_load(e, err);
}

void ss_engine_note_writer(ss_engine *e, const char *note)
{
    if (e && e->store && e->store->lock)
        (void)ss_filelock_set_note(e->store->lock, note); /* a courtesy: a failed write is harmless */
}

ss_engine *ss_engine_open(const char *path, const ss_engine_opts *opts, unsigned flags, ss_error *err)
{
    if (!path || !*path) {
        ss_error_set(err, SS_EINVAL, "no store file given");
        return NULL;
    }
    ss_engine *e = ss_engine_new(opts, err);
    if (!e)
        return NULL;
    if (open_store(e, path, flags, err)) {
        ss_engine_free(e);
        return NULL;
    }
    return e;
}

/* The story options a caller gave (a value below 0: not given) into o;
 * whether any was given. */
static int given_options(ss_engine_opts *o, double threshold, double headline_threshold, double window_days)
{
    if (threshold >= 0)
        o->story.threshold = threshold;
    if (headline_threshold >= 0)
        o->story.headline_threshold = headline_threshold;
    if (window_days >= 0)
        o->story.window_days = window_days;
    return threshold >= 0 || headline_threshold >= 0 || window_days >= 0;
}

ss_engine *ss_engine_open_path(const ss_context *ctx, const char *path, unsigned flags, int threads,
                               ss_error *err)
{
    return ss_engine_open_path_opts(ctx, path, flags, threads, -1, -1, -1, err);
}

ss_engine *ss_engine_open_path_opts(const ss_context *ctx, const char *path, unsigned flags, int threads,
                                    double threshold, double headline_threshold, double window_days,
                                    ss_error *err)
{
    if (threshold > 1 || headline_threshold > 1 || window_days > 36500) {
        ss_error_set(err, SS_EINVAL, "threshold and headline_threshold are from 0 to 1, window from 0 to 36500 days");
        return NULL;
    }
    if (ctx) {
        ss_engine_opts o;
        ss_engine_opts_default(&o);
        if (given_options(&o, threshold, headline_threshold, window_days))
            flags &= ~(unsigned)SS_STORE_KEEP_OPTIONS;
        else
            flags |= SS_STORE_KEEP_OPTIONS;
        o.threads = threads;
        o.stopwords = ss_context_stopwords(ctx);
        o.lexicon = ss_context_lexicon(ctx);
        o.quoter = ss_context_quoter(ctx);
        ss_engine *e = ss_engine_open(path, &o, flags, err);
        if (e && ss_context_warnings(ctx)[0])
            engine_warn(e, ss_context_warnings(ctx));
        return e;
    }
    ss_error derr;
    ss_error_clear(&derr);
    ss_stopwords *sw = ss_stopwords_load(&derr);
    char sw_note[1100] = "";
    if (!sw)
        snprintf(sw_note, sizeof sw_note, "%s (function words will count as content)", derr.msg);
    ss_error_clear(&derr);
    ss_lexicon *lx = ss_lexicon_load(&derr);
    char lx_note[1100] = "";
    if (!lx)
        snprintf(lx_note, sizeof lx_note, "%s; articles in different languages meet through names and numbers only",
                 derr.msg);
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    if (given_options(&o, threshold, headline_threshold, window_days))
        flags &= ~(unsigned)SS_STORE_KEEP_OPTIONS;
    else
        flags |= SS_STORE_KEEP_OPTIONS;
    o.threads = threads;
    o.stopwords = sw;
    o.lexicon = lx;
    ss_engine *e = ss_engine_open(path, &o, flags, err);
    if (!e) {
        ss_lexicon_free(lx);
        ss_stopwords_free(sw);
        return NULL;
    }
    e->own_sw = sw;
    e->own_lx = lx;
    if (sw_note[0])
        engine_warn(e, sw_note);
    if (lx_note[0])
        engine_warn(e, lx_note);
    return e;
}

/* ---- articles in and out -------------------------------------------------------- */

static uint64_t digest_doc(const ss_doc *d)
{
    XXH64_state_t *h = XXH64_createState();
    if (!h)
        return 0;
    XXH64_reset(h, 0);
    const char *f[] = {d->id, d->title, d->text, d->date, d->url, d->source, d->author, d->extra,
                       d->lang_given ? d->lang : ""};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        size_t n = f[i] ? strlen(f[i]) : 0;
        if (i == 2)
            n = d->text ? d->text_len : 0;
        XXH64_update(h, &n, sizeof n);
        if (n)
            XXH64_update(h, f[i], n);
    }
    size_t hl = d->html ? d->html_len : 0;
    XXH64_update(h, &hl, sizeof hl);
    if (hl)
        XXH64_update(h, d->html, hl);
    uint64_t v = XXH64_digest(h);
    XXH64_freeState(h);
    return v;
}

static const char article_cols[] =
    "aid, id, seq, order_time, time, lang, title, date, source, url, author, extra, text, body_start, "
    "format, features, story";
#define ARTICLE_NCOLS 17 /* the columns of article_cols */

/* An article from a row of article_cols. */
static article *article_row(sqlite3_stmt *st)
{
    article *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    ss_features_init(&a->feat);
    ss_doc *d = a->doc = ss_doc_new();
    if (!d)
        goto fail;
    a->aid = sqlite3_column_int64(st, 0);
    const char *txt[] = {(const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 6),
                         (const char *)sqlite3_column_text(st, 7), (const char *)sqlite3_column_text(st, 8),
                         (const char *)sqlite3_column_text(st, 9), (const char *)sqlite3_column_text(st, 10),
                         (const char *)sqlite3_column_text(st, 11)};
    char **dst[] = {&d->id, &d->title, &d->date, &d->source, &d->url, &d->author, &d->extra};
    for (int i = 0; i < 7; i++)
        if (txt[i] && ss_doc_set_str(dst[i], txt[i], (size_t)-1))
            goto fail;
    const char *text = (const char *)sqlite3_column_text(st, 12);
    size_t tlen = (size_t)sqlite3_column_bytes(st, 12);
    if (ss_doc_set_text(d, text ? text : "", text ? tlen : 0))
        goto fail;
    d->time = sqlite3_column_type(st, 4) == SQLITE_NULL ? SS_TIME_NONE : sqlite3_column_int64(st, 4);
    const char *lang = (const char *)sqlite3_column_text(st, 5);
    snprintf(d->lang, sizeof d->lang, "%s", lang ? lang : "");
    d->body_start = (size_t)sqlite3_column_int64(st, 13);
    if (d->body_start > d->text_len)
        d->body_start = 0;
    d->format = (ss_doc_format)sqlite3_column_int(st, 14);
    if (features_get(sqlite3_column_blob(st, 15), (size_t)sqlite3_column_bytes(st, 15), &a->feat))
        goto fail;
    a->feat.time = d->time;
    memcpy(a->feat.lang, d->lang, sizeof a->feat.lang);
    a->old_story = sqlite3_column_int64(st, 16);
    return a;
fail:
    engine_article_free(a);
    return NULL;
}

static int insert_article(ss_engine *e, int64_t aid, const ss_doc *d, const ss_features *x, uint64_t digest,
                          int64_t order_time, const char *raw, size_t raw_len, ss_buf *blob, ss_error *err)
{
    ss_store *s = e->store;
    sqlite3_stmt *st = cached(e, &s->st_insert,
                            "INSERT INTO articles(aid, id, seq, order_time, time, digest, lang, lang_given,"
                            " title, date, source, url, author, extra, text, body_start, format, raw,"
                            " features) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            err);
    if (!st)
        return SS_EIO;
    if (features_put(blob, x)) {
        sqlite3_reset(st);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    if (aid)
        sqlite3_bind_int64(st, 1, aid);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, d->id);
    sqlite3_bind_int64(st, 3, s->next_seq++);
    sqlite3_bind_int64(st, 4, order_time);
    if (d->time != SS_TIME_NONE)
        sqlite3_bind_int64(st, 5, d->time);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)digest);
    bind_text(st, 7, d->lang);
    sqlite3_bind_int(st, 8, d->lang_given);
    bind_text(st, 9, d->title);
    bind_text(st, 10, d->date);
    bind_text(st, 11, d->source);
    bind_text(st, 12, d->url);
    bind_text(st, 13, d->author);
    bind_text(st, 14, d->extra);
    sqlite3_bind_text(st, 15, d->text ? d->text : "", d->text ? (int)d->text_len : 0, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)d->body_start);
    sqlite3_bind_int(st, 17, (int)d->format);
    if (raw)
        sqlite3_bind_blob(st, 18, raw, (int)raw_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 18);
    sqlite3_bind_blob(st, 19, blob->data, (int)blob->len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int status = rc == SQLITE_DONE ? SS_OK : db_error(e, err, rc, "adding an article");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* it bound the batch's buffers */
    return status;
}

/* Take article aid out: its frequencies, its row.  *order_time and *story
 * receive what it had. */
static int delete_article(ss_engine *e, int64_t aid, int64_t *order_time, int64_t *story, ss_error *err)
{
    sqlite3_stmt *st = prep(e, "SELECT features, order_time, story, text, title FROM articles WHERE aid = ?", err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_int64(st, 1, aid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_error(e, err, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading an article");
    }
    ss_features x;
    ss_features_init(&x);
    int frc = features_get(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &x);
    *order_time = sqlite3_column_int64(st, 1);
    *story = sqlite3_column_int64(st, 2);
    if (frc) {
        sqlite3_finalize(st);
        ss_features_release(&x);
        return ss_error_set(err, SS_EFORMAT, "%s: damaged features of article %lld", e->store->path,
                            (long long)aid);
    }
    const char *text = (const char *)sqlite3_column_text(st, 3);
    size_t tlen = text ? (size_t)sqlite3_column_bytes(st, 3) : 0;
    uint64_t h = engine_copy_key((const char *)sqlite3_column_text(st, 4), text, tlen);
    sqlite3_finalize(st);
    frc = text_ref(e, h, &x, -1, err);
    ss_features_release(&x);
    if (frc)
        return frc;
    st = prep(e, "DELETE FROM articles WHERE aid = ?", err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_int64(st, 1, aid);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SS_OK : db_error(e, err, rc, "removing an article");
}

/* ---- regrouping ------------------------------------------------------------------ */

static affected *find_affected(ss_store *s, int64_t sid)
{
    size_t lo = 0, hi = s->naff;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->aff[mid].sid < sid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->naff && s->aff[lo].sid == sid ? &s->aff[lo] : NULL;
}

static int is_corrected(const ss_store *s, int64_t aid)
{
    for (size_t i = 0; i < s->ncorr; i++)
        if (s->corrected[i] == aid)
            return 1;
    return 0;
}

/* The story a corrected article was in before this batch, or 0. */
static int64_t story_before_correction(const ss_store *s, int64_t aid)
{
    for (size_t i = 0; i < s->ncorr; i++)
        if (s->corrected[i] == aid)
            return s->corrected_story[i];
    return 0;
}

static void changes_clear(ss_store *s)
{
    for (size_t i = 0; i < s->nch; i++)
        free(s->ch[i].title);
    s->nch = 0;
}

static int add_change(ss_store *s, int64_t sid, int kind)
{
    if (s->nch == s->capch) {
        size_t cap = s->capch ? s->capch * 2 : 64;
        change *v = realloc(s->ch, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->ch = v;
        s->capch = cap;
    }
    s->ch[s->nch++] = (change){sid, kind, NULL};
    return SS_OK;
}

/* engine_on_story's hook: the story's number, and whether it changed. */
static int placed(ss_engine *e, closed *k)
{
    ss_store *s = e->store;
    size_t n = k->story.n;
    article **m = k->arts;
    int64_t x = m[0]->old_story;
    affected *old = x ? find_affected(s, x) : NULL;
    int same = old && !old->claimed && old->size == (int64_t)n;
    for (size_t i = 0; i < n && same; i++)
        same = m[i]->old_story == x && !m[i]->corrected;
    if (same) {
        old->claimed = 1;
        k->sid = x;
        k->unchanged = 1;
        ss_storyer_set_tag(s->sy, k->story.id, k->sid);
        return SS_OK;
    }
    /* the story keeps the number of the old story whose earliest article
       it holds (that article's old story, when it was its first) */
    k->sid = 0;
    for (size_t i = 0; i < n && !k->sid; i++) {
        affected *a = m[i]->old_story ? find_affected(s, m[i]->old_story) : NULL;
        if (a && !a->claimed && a->first_aid == m[i]->aid) {
            a->claimed = 1;
            k->sid = a->sid;
        }
    }
    if (!k->sid)
        k->sid = s->next_story++;
    ss_storyer_set_tag(s->sy, k->story.id, k->sid);
    return add_change(s, k->sid, k->sid >= s->story_floor ? 0 : 1);
}

/* placed() for a live batch: an open story keeps its number (its tag);
 * it is unchanged when every member was in it already. */
static int placed_live(ss_engine *e, closed *k)
{
    ss_store *s = e->store;
    k->sid = k->story.tag;
    if (k->sid) {
        int same = 1;
        for (size_t i = 0; i < k->story.n && same; i++)
            same = k->arts[i]->old_story == k->sid;
        if (same) {
            k->unchanged = 1;
            return SS_OK;
        }
    } else {
        k->sid = s->next_story++;
        ss_storyer_set_tag(s->sy, k->story.id, k->sid);
    }
    return add_change(s, k->sid, k->sid >= s->story_floor ? 0 : 1);
}

/* engine_flush's callback for a regroup: write the changed story. */
static int persist(void *arg, const ss_engine_story *st)
{
    ss_engine *e = arg;
    ss_store *s = e->store;
    closed *k = NULL;
    for (size_t i = 0; i < e->npending && !k; i++)
        if (e->pending[i].sid == (int64_t)st->id && e->pending[i].docs == st->docs)
            k = &e->pending[i];
    if (!k)
        return SS_EINTERNAL;
    sqlite3_stmt *up = cached(e, &s->st_members,
                              "UPDATE articles SET story = ?, link = ?, relation = ?, source_aid = ?,"
                              " link_score = ? WHERE aid = ?",
                              e->fin_err);
    if (!up)
        return SS_EIO;
    int rc = SQLITE_DONE;
    int64_t first_order = INT64_MAX, last_order = INT64_MIN;
    for (size_t i = 0; i < st->n && rc == SQLITE_DONE; i++) {
        article *a = k->arts[i];
        sqlite3_bind_int64(up, 1, k->sid);
        sqlite3_bind_int64(up, 2, k->arts[st->link[i]]->aid);
        sqlite3_bind_int(up, 3, st->relation[i]);
        if (st->relation_source[i] < st->n)
            sqlite3_bind_int64(up, 4, k->arts[st->relation_source[i]]->aid);
        else
            sqlite3_bind_null(up, 4);
        sqlite3_bind_double(up, 5, st->link_score[i]);
        sqlite3_bind_int64(up, 6, a->aid);
        rc = sqlite3_step(up);
        sqlite3_reset(up);
        a->old_story = k->sid; /* for the next live batch (placed_live) */
    }
    if (rc != SQLITE_DONE)
        return db_error(e, e->fin_err, rc, "writing a story");
    /* order times of the members: from their rows (the storyer knows dates only) */
    sqlite3_stmt *q = cached(e, &s->st_span, "SELECT min(order_time), max(order_time) FROM articles WHERE story = ?",
                             e->fin_err);
    if (!q)
        return SS_EIO;
    sqlite3_bind_int64(q, 1, k->sid);
    if (sqlite3_step(q) == SQLITE_ROW) {
        first_order = sqlite3_column_int64(q, 0);
        last_order = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    ss_buf json = SS_BUF_INIT;
    if (ss_engine_story_json(st, &json) || ss_buf_putc(&json, '\0')) {
        ss_buf_release(&json);
        return ss_error_set(e->fin_err, SS_ENOMEM, "out of memory");
    }
    sqlite3_stmt *w = cached(e, &s->st_story,
                             "INSERT OR REPLACE INTO stories(sid, first_order, last_order, first_aid,"
                             " first_time, last_time, size, title, json) VALUES (?,?,?,?,?,?,?,?,?)",
                             e->fin_err);
    if (!w) {
        ss_buf_release(&json);
        return SS_EIO;
    }
    sqlite3_bind_int64(w, 1, k->sid);
    sqlite3_bind_int64(w, 2, first_order);
    sqlite3_bind_int64(w, 3, last_order);
    sqlite3_bind_int64(w, 4, k->arts[0]->aid);
    if (st->first_time != SS_TIME_NONE) {
        sqlite3_bind_int64(w, 5, st->first_time);
        sqlite3_bind_int64(w, 6, st->last_time);
    } else {
        sqlite3_bind_null(w, 5);
        sqlite3_bind_null(w, 6);
    }
    sqlite3_bind_int64(w, 7, (sqlite3_int64)st->n);
    char lead[STORY_LEAD_CAP];
    bind_text(w, 8, engine_story_title(st, lead, sizeof lead));
    sqlite3_bind_text(w, 9, (const char *)json.data, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(w);
    ss_buf_release(&json);
    int status = rc == SQLITE_DONE ? SS_OK : db_error(e, e->fin_err, rc, "writing a story");
    sqlite3_reset(w);
    sqlite3_clear_bindings(w);
    return status;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_affected(const void *a, const void *b)
{
    const affected *x = a, *y = b;
    return x->sid < y->sid ? -1 : x->sid > y->sid;
}

/* A story's earliest article still in the store: its first_aid, or when
 * that one was removed (a take-down of the first report), the earliest of
 * the others, so that the story keeps its number when nothing else moved
 * (placed()). */
#define FIRST_KEPT                                                                                     \
    "CASE WHEN EXISTS (SELECT 1 FROM articles WHERE aid = stories.first_aid) THEN first_aid ELSE "   \
    "(SELECT aid FROM articles WHERE story = stories.sid ORDER BY order_time, seq LIMIT 1) END"

/* The stories a regroup from order time t takes (s->aff, and the temp
 * table regroup): those open at t and extra[0..nextra), stories touched
 * by a correction or removal; *startp: the earliest order time of their
 * articles. */
static int collect_affected(ss_engine *e, int64_t t, const int64_t *extra, size_t nextra, int64_t *startp,
                            ss_error *err)
{
    ss_store *s = e->store;
    int64_t window = (int64_t)(e->o.story.window_days * 86400.0);
    int64_t from = t > INT64_MIN + window ? t - window : INT64_MIN;
    s->naff = 0;
    /* stories open at t; a story with no dated article never closes (as in
       a one-shot run) */
    sqlite3_stmt *st = prep(e,
                            "SELECT sid, size, " FIRST_KEPT ", first_order FROM stories WHERE last_order >= ?"
                            " OR last_time IS NULL",
                            err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_int64(st, 1, from);
    int64_t start = t;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (s->naff == s->capaff) {
            size_t cap = s->capaff ? s->capaff * 2 : 64;
            affected *v = realloc(s->aff, cap * sizeof *v);
            if (!v) {
                sqlite3_finalize(st);
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            }
            s->aff = v;
            s->capaff = cap;
        }
        s->aff[s->naff++] = (affected){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                       sqlite3_column_int64(st, 2), 0};
        int64_t fo = sqlite3_column_int64(st, 3);
        if (fo < start)
            start = fo;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(e, err, rc, "reading stories");
    /* stories a correction or removal touched, when not open at t already */
    for (size_t i = 0; i < nextra; i++) {
        int dup = 0;
        for (size_t j = 0; j < s->naff && !dup; j++)
            dup = s->aff[j].sid == extra[i];
        if (dup || !extra[i])
            continue;
        st = prep(e, "SELECT sid, size, " FIRST_KEPT ", first_order FROM stories WHERE sid = ?", err);
        if (!st)
            return SS_EIO;
        sqlite3_bind_int64(st, 1, extra[i]);
        if (sqlite3_step(st) == SQLITE_ROW) {
            if (s->naff == s->capaff) {
                size_t cap = s->capaff ? s->capaff * 2 : 64;
                affected *v = realloc(s->aff, cap * sizeof *v);
                if (!v) {
                    sqlite3_finalize(st);
                    return ss_error_set(err, SS_ENOMEM, "out of memory");
                }
                s->aff = v;
                s->capaff = cap;
            }
            s->aff[s->naff++] = (affected){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                           sqlite3_column_int64(st, 2), 0};
            int64_t fo = sqlite3_column_int64(st, 3);
            if (fo < start)
                start = fo;
        }
        sqlite3_finalize(st);
    }
    if (s->naff)
        qsort(s->aff, s->naff, sizeof *s->aff, cmp_affected);
    if (exec(e, "CREATE TEMP TABLE IF NOT EXISTS regroup(sid INTEGER PRIMARY KEY); DELETE FROM regroup;",
             "regrouping", err))
        return SS_EIO;
    st = prep(e, "INSERT INTO regroup(sid) VALUES (?)", err);
    if (!st)
        return SS_EIO;
    for (size_t i = 0; i < s->naff; i++) {
        sqlite3_bind_int64(st, 1, s->aff[i].sid);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    *startp = start;
    return SS_OK;
}

static int touch(ss_store *s, uint32_t id)
{
    if (s->ntouched && s->touched[s->ntouched - 1] == id)
        return SS_OK;
    if (s->ntouched == s->captouched) {
        size_t cap = s->captouched ? s->captouched * 2 : 256;
        uint32_t *v = realloc(s->touched, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->touched = v;
        s->captouched = cap;
    }
    s->touched[s->ntouched++] = id;
    return SS_OK;
}

/* Stored stories the storyer merged into others by the last add (a
 * story of a regroup has no number until it is written: nothing to drop). */
static int note_merged(ss_store *s)
{
    const ss_story_merge *v;
    size_t n;
    ss_storyer_take_merged(s->sy, &v, &n);
    for (size_t i = 0; i < n; i++) {
        if (!v[i].from_tag)
            continue;
        if (s->nmerged == s->capmerged) {
            size_t cap = s->capmerged ? s->capmerged * 2 : 16;
            int64_t *m = realloc(s->merged, cap * sizeof *m);
            if (!m)
                return SS_ENOMEM;
            s->merged = m;
            s->capmerged = cap;
        }
        s->merged[s->nmerged++] = v[i].from_tag;
    }
    return SS_OK;
}

/* Remove the row of stored story sid, whose articles are in other stories
 * now; the change carries its last title. */
static int drop_story(ss_engine *e, sqlite3_stmt *st, int64_t sid, ss_error *err)
{
    ss_store *s = e->store;
    sqlite3_bind_int64(st, 1, sid);
    int rc = sqlite3_step(st);
    const char *was = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    char *title = was ? strdup(was) : NULL;
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    int status = SS_OK;
    if (rc != SQLITE_DONE)
        status = db_error(e, err, rc, "removing a story");
    else if ((was && !title) || add_change(s, sid, 2))
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    else
        s->ch[s->nch - 1].title = title, title = NULL;
    free(title);
    return status;
}

/* How a grouping counts the frequencies (see "Frequencies" above). */
enum {
    HOLD_FRESH,  /* the texts this batch counted first are held */
    HOLD_REPLAY, /* from an empty table: the first DF_FIRST_TEXTS texts, then each
                    text as its first article comes */
    HOLD_NONE    /* the store has at most DF_FIRST_TEXTS texts: all judged together */
};

/* An article's turn in a grouping: its text, if held, counts from now. */
static int count_back(ss_engine *e, const article *a)
{
    ss_store *s = e->store;
    if (s->hold == HOLD_NONE || (s->hold == HOLD_FRESH && !s->held.n))
        return SS_OK;
    uint64_t h = engine_copy_key(a->doc->title, a->doc->text, a->doc->text ? a->doc->text_len : 0);
    if (s->hold == HOLD_FRESH && !engine_keys_has(&s->held, h))
        return SS_OK;
    int put = engine_keys_put(&s->back, h);
    return put < 0 || (put && ss_df_add(e->df, &a->feat)) ? SS_ENOMEM : SS_OK;
}

/* Before a grouping: hold the texts this batch counted first out of the
 * frequencies until their first article is grouped (count_back); a
 * replay starts from a table of the first DF_FIRST_TEXTS texts alone. */
static int hold_begin(ss_engine *e, int mode, ss_error *err)
{
    ss_store *s = e->store;
    s->hold = mode;
    if (mode == HOLD_NONE)
        return SS_OK;
    if (mode == HOLD_FRESH) {
        for (size_t i = 0; i < s->nfresh; i++) {
            int put = engine_keys_put(&s->held, s->fresh_h[i]);
            if (put < 0)
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            if (put)
                ss_df_remove(e->df, s->fresh_x[i]);
        }
        return SS_OK;
    }
    ss_df *run = ss_df_new();
    if (!run)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_df_free(e->df);
    e->df = run;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM articles ORDER BY order_time, seq", article_cols);
    sqlite3_stmt *st = prep(e, sql, err);
    if (!st)
        return SS_EIO;
    int status = SS_OK, rc = SQLITE_DONE;
    while (status == SS_OK && s->back.n < DF_FIRST_TEXTS && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        article *a = article_row(st);
        if (!a)
            status = ss_error_set(err, SS_EFORMAT, "%s: a damaged article row (or out of memory)", s->path);
        else if (count_back(e, a))
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
        engine_article_free(a);
    }
    if (status == SS_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_error(e, err, rc, "reading articles");
    sqlite3_finalize(st);
    return status;
}

/* *end: the order time of the article that brings the stored texts, taken
 * in order, to DF_FIRST_TEXTS (INT64_MAX when there are fewer): a regroup
 * reaching back to it changes the first texts and replays. */
static int first_texts_end(ss_engine *e, int64_t *end, ss_error *err)
{
    *end = INT64_MAX;
    sqlite3_stmt *q = prep(e, "SELECT title, text, order_time FROM articles ORDER BY order_time, seq", err);
    if (!q)
        return SS_EIO;
    engine_keys seen = {0};
    int status = SS_OK, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *title = (const char *)sqlite3_column_text(q, 0);
        const char *text = (const char *)sqlite3_column_text(q, 1);
        size_t len = text ? (size_t)sqlite3_column_bytes(q, 1) : 0;
        if (engine_keys_put(&seen, engine_copy_key(title, text, len)) < 0) {
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
            break;
        }
        if (seen.n == DF_FIRST_TEXTS) {
            *end = sqlite3_column_int64(q, 2);
            break;
        }
    }
    if (status == SS_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_error(e, err, rc, "reading articles");
    sqlite3_finalize(q);
    engine_keys_free(&seen);
    return status;
}

static int cmp_h(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The copy key of the article on row st (article_cols). */
static uint64_t row_key(sqlite3_stmt *st)
{
    const char *title = (const char *)sqlite3_column_text(st, 6);
    const char *text = (const char *)sqlite3_column_text(st, 12);
    return engine_copy_key(title, text, text ? (size_t)sqlite3_column_bytes(st, 12) : 0);
}

/* Before a regroup: every text whose articles all come in query st
 * (bound: the articles from the regroup's start on; reset after) is held
 * too, so that the articles read again are judged as when they first
 * came.  Two passes: each text and how often it comes, then the features
 * of the first article of each text held. */
static int hold_regrouped(ss_engine *e, sqlite3_stmt *st, ss_error *err)
{
    ss_store *s = e->store;
    if (s->hold != HOLD_FRESH)
        return SS_OK;
    uint64_t *hs = NULL;
    size_t n = 0, cap = 0;
    int status = SS_OK, rc = SQLITE_DONE;
    while (status == SS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            uint64_t *v = realloc(hs, cap * sizeof *v);
            if (!v) {
                status = ss_error_set(err, SS_ENOMEM, "out of memory");
                break;
            }
            hs = v;
        }
        hs[n++] = row_key(st);
    }
    if (status == SS_OK && rc != SQLITE_DONE)
        status = db_error(e, err, rc, "reading articles");
    sqlite3_reset(st);
    engine_keys all = {0};
    sqlite3_stmt *q = status ? NULL : prep(e, "SELECT n FROM texts WHERE h = ?", err);
    if (!status && !q)
        status = SS_EIO;
    if (status == SS_OK && n) {
        qsort(hs, n, sizeof *hs, cmp_h);
        for (size_t i = 0, j; i < n && status == SS_OK; i = j) {
            for (j = i + 1; j < n && hs[j] == hs[i]; j++)
                ;
            sqlite3_bind_int64(q, 1, (sqlite3_int64)hs[i]);
            int here = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == (sqlite3_int64)(j - i);
            sqlite3_reset(q);
            if (here && engine_keys_put(&all, hs[i]) < 0)
                status = ss_error_set(err, SS_ENOMEM, "out of memory");
        }
    }
    sqlite3_finalize(q);
    free(hs);
    while (status == SS_OK && all.n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t h = row_key(st);
        if (!engine_keys_has(&all, h) || engine_keys_has(&s->held, h))
            continue;
        article *a = article_row(st);
        if (!a) {
            status = ss_error_set(err, SS_EFORMAT, "%s: a damaged article row (or out of memory)", s->path);
            break;
        }
        if (engine_keys_put(&s->held, h) < 0)
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
        else
            ss_df_remove(e->df, &a->feat);
        engine_article_free(a);
    }
    if (status == SS_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = db_error(e, err, rc, "reading articles");
    sqlite3_reset(st);
    engine_keys_free(&all);
    return status;
}

/* After a grouping: a held text no grouped article counted back counts
 * again (the frequencies are the store's whole again). */
static int hold_end(ss_engine *e)
{
    ss_store *s = e->store;
    int rc = SS_OK;
    for (size_t i = 0; i < s->nfresh && s->hold == HOLD_FRESH && rc == SS_OK; i++) {
        if (engine_keys_has(&s->back, s->fresh_h[i]))
            continue;
        if (engine_keys_put(&s->back, s->fresh_h[i]) < 0 || ss_df_add(e->df, s->fresh_x[i]))
            rc = SS_ENOMEM;
    }
    engine_keys_free(&s->held);
    engine_keys_free(&s->back);
    s->hold = HOLD_FRESH;
    s->nfresh = 0;
    return rc;
}

/* Give the articles of query st (article_cols, in order) to the live
 * storyer, numbered on from s->nitems; with mine_col >= 0, only those whose
 * column mine_col is 1: the others are only counted (count_back). */
static int feed(ss_engine *e, sqlite3_stmt *st, int mine_col, ss_error *err)
{
    ss_store *s = e->store;
    int status = SS_OK, rc;
    while (status == SS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        article *a = article_row(st);
        if (!a)
            return ss_error_set(err, SS_EFORMAT, "%s: a damaged article row (or out of memory)", s->path);
        if (mine_col >= 0 && !sqlite3_column_int(st, mine_col)) {
            status = count_back(e, a) ? ss_error_set(err, SS_ENOMEM, "out of memory") : SS_OK;
            engine_article_free(a);
            continue;
        }
        uint32_t item = s->nitems;
        a->seq = item;
        a->corrected = (uint8_t)is_corrected(s, a->aid);
        if (a->corrected && !a->old_story)
            /* its new version keeps its place: the story it was first of
               keeps its number (placed) */
            a->old_story = story_before_correction(s, a->aid);
        if (item >= s->live_cap) {
            size_t cap = s->live_cap ? s->live_cap * 2 : 1024;
            article **v = realloc(e->live, cap * sizeof *v);
            if (!v) {
                engine_article_free(a);
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            }
            memset(v + s->live_cap, 0, (cap - s->live_cap) * sizeof *v);
            e->live = v;
            s->live_cap = cap;
        }
        e->live[item] = a;
        s->nitems++;
        int64_t order = sqlite3_column_int64(st, 3);
        if (order > s->live_order)
            s->live_order = order;
        if (count_back(e, a))
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        uint32_t sid;
        status = ss_storyer_add(s->sy, item, &a->feat, &sid, engine_on_story, e);
        if (status == SS_OK && (touch(s, sid) || note_merged(s)))
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    if (status == SS_OK && rc != SQLITE_DONE)
        status = db_error(e, err, rc, "reading articles");
    return status;
}

/* Write the open stories that changed (all of them after a regroup, the
 * ones articles joined after a live batch), keeping them open. */
static int persist_open(ss_engine *e, int all, ss_error *err)
{
    ss_store *s = e->store;
    uint32_t *ids = s->touched;
    size_t n = s->ntouched;
    if (all) {
        if (ss_storyer_open_ids(s->sy, &ids, &n))
            return ss_error_set(err, SS_ENOMEM, "out of memory");
    } else if (n) {
        qsort(ids, n, sizeof *ids, cmp_u32);
    }
    int status = SS_OK;
    for (size_t i = 0; i < n && status == SS_OK; i++) {
        ss_story view;
        if ((i && ids[i] == ids[i - 1]) || ss_storyer_peek(s->sy, ids[i], &view))
            continue; /* closed since */
        status = engine_on_open_story(e, &view);
    }
    if (status == SS_OK)
        status = engine_flush(e);
    if (all)
        free(ids);
    s->ntouched = 0;
    return status;
}

static int group_begin(ss_engine *e, int (*placed_fn)(ss_engine *, closed *), ss_error *err)
{
    e->placed = placed_fn;
    e->fn = persist;
    e->fn_ctx = e;
    e->fn_rc = 0;
    e->fin_err = err;
    e->store->ntouched = 0;
    return SS_OK;
}

/* After a grouping: on failure, the pending stories and the live grouping
 * are dropped (the batch rolls back). */
static int group_end(ss_engine *e, int status)
{
    for (size_t i = 0; i < e->npending; i++)
        engine_closed_free(&e->pending[i]);
    e->npending = 0;
    e->placed = NULL;
    if (status)
        live_drop(e);
    return status;
}

/* Regroup the stories open at order time t and every unplaced article
 * (see the top of this file); extra[0..nextra) are stories touched by a
 * correction or removal.  The storyer stays live for the next batch. */
static int regroup(ss_engine *e, int64_t t, const int64_t *extra, size_t nextra, ss_error *err)
{
    ss_store *s = e->store;
    live_drop(e);
    /* a store of few texts regroups whole, all judged together; a regroup
       reaching into the first texts replays */
    int mode = HOLD_FRESH;
    if (ss_df_docs(e->df) <= DF_FIRST_TEXTS)
        mode = HOLD_NONE, t = INT64_MIN;
    else if (t == INT64_MIN)
        mode = HOLD_REPLAY;
    int64_t start = t;
    int status = collect_affected(e, t, extra, nextra, &start, err);
    if (status)
        return status;
    if (mode == HOLD_FRESH) {
        int64_t end;
        if ((status = first_texts_end(e, &end, err)))
            return status;
        if (start <= end) {
            mode = HOLD_REPLAY;
            t = start = INT64_MIN;
            if ((status = collect_affected(e, t, extra, nextra, &start, err)))
                return status;
        }
    }
    char sql[512];
    /* every article from start, in order: those of the regrouped stories
       and the unplaced ones are grouped, the others only counted */
    snprintf(sql, sizeof sql,
             "SELECT %s, (story IS NULL OR story IN (SELECT sid FROM regroup)) FROM articles "
             "WHERE order_time >= ? ORDER BY order_time, seq",
             article_cols);
    sqlite3_stmt *st = prep(e, sql, err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_int64(st, 1, start);
    status = hold_begin(e, mode, err);
    if (status == SS_OK)
        status = hold_regrouped(e, st, err);
    if (status) {
        hold_end(e);
        sqlite3_finalize(st);
        return status;
    }
    ss_story_opts so = e->o.story;
    so.df_complete = 1; /* counted by count_back */
    s->sy = ss_storyer_new(&so, e->df, err);
    if (!s->sy) {
        hold_end(e);
        sqlite3_finalize(st);
        return err ? err->code : SS_ENOMEM;
    }
    s->live_order = INT64_MIN;
    group_begin(e, placed, err);
    status = feed(e, st, ARTICLE_NCOLS, err);
    sqlite3_finalize(st);
    if (hold_end(e) && status == SS_OK)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    if (status == SS_OK)
        status = persist_open(e, 1, err);
    status = group_end(e, status);
    if (status)
        return status;
    /* old stories no regrouped story kept; their titles go with the news */
    st = prep(e, "DELETE FROM stories WHERE sid = ? RETURNING title", err);
    if (!st)
        return SS_EIO;
    for (size_t i = 0; i < s->naff && status == SS_OK; i++)
        if (!s->aff[i].claimed)
            status = drop_story(e, st, s->aff[i].sid, err);
    sqlite3_finalize(st);
    if (status)
        live_drop(e);
    return status;
}

/* A live batch: its new articles all come after every article the live
 * storyer has (in order time), and it corrects or removes nothing, so
 * they are simply grouped on; the open stories they joined or started
 * are written. */
static int group_live(ss_engine *e, ss_error *err)
{
    ss_store *s = e->store;
    s->naff = 0;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM articles WHERE story IS NULL ORDER BY order_time, seq",
             article_cols);
    sqlite3_stmt *st = prep(e, sql, err);
    if (!st)
        return SS_EIO;
    group_begin(e, placed_live, err);
    s->nmerged = 0;
    int status = hold_begin(e, HOLD_FRESH, err);
    if (status == SS_OK)
        status = feed(e, st, -1, err);
    sqlite3_finalize(st);
    if (hold_end(e) && status == SS_OK)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    if (status == SS_OK)
        status = persist_open(e, 0, err);
    /* stories merged into others: their articles were written with the
       story they joined */
    if (status == SS_OK && s->nmerged) {
        st = prep(e, "DELETE FROM stories WHERE sid = ? RETURNING title", err);
        if (!st)
            status = SS_EIO;
        for (size_t i = 0; i < s->nmerged && status == SS_OK; i++)
            status = drop_story(e, st, s->merged[i], err);
        sqlite3_finalize(st);
    }
    s->nmerged = 0;
    return group_end(e, status);
}

/* Whether this batch regroups the whole store: the first after an upgrade
 * (migrate) does; the mark goes with the batch. */
static int settle_due(ss_engine *e)
{
    int64_t due = 0;
    meta_get_int(e, "settle_due", &due);
    return due && meta_set(e, "settle_due", 0, 0, NULL, 0, NULL) == SS_OK;
}

/* ---- batches --------------------------------------------------------------------- */

static int begin(ss_engine *e, ss_error *err)
{
    ss_store *s = e->store;
    if (s->readonly)
        return ss_error_set(err, SS_EINVAL, "%s: opened read-only", s->path);
    if (s->broken)
        return ss_error_set(err, SS_EINVAL, "%s: an earlier write failed; reopen the store", s->path);
    changes_clear(s);
    s->ncorr = 0;
    s->nfresh = 0;
    s->story_floor = s->next_story;
    return exec(e, "BEGIN IMMEDIATE", "starting a batch", err);
}

static int finish_batch(ss_engine *e, int status, ss_error *err)
{
    ss_store *s = e->store;
    if (status == SS_OK)
        status = deltas_write(e, err);
    if (status == SS_OK)
        status = meta_set(e, "next_story", s->next_story, 0, NULL, 0, err) ||
                         meta_set(e, "next_seq", s->next_seq, 0, NULL, 0, err)
                     ? SS_EIO
                     : SS_OK;
    if (status == SS_OK) {
        int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            status = db_error(e, err, rc, "committing the batch");
    }
    if (status != SS_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        live_drop(e);
        s->broken = 1;
        changes_clear(s);
    }
    return status;
}

static int push_corrected(ss_store *s, int64_t aid, int64_t story)
{
    if (s->ncorr == s->capcorr) {
        size_t cap = s->capcorr ? s->capcorr * 2 : 16;
        int64_t *v = realloc(s->corrected, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->corrected = v;
        v = realloc(s->corrected_story, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->corrected_story = v;
        s->capcorr = cap;
    }
    s->corrected_story[s->ncorr] = story;
    s->corrected[s->ncorr++] = aid;
    return SS_OK;
}

int ss_engine_add_batch(ss_engine *e, ss_doc *const *docs, size_t n, ss_add_result *res, ss_error *err)
{
    ss_store *s = e->store;
    if (!s)
        return ss_error_set(err, SS_EINVAL, "ss_engine_add_batch needs a store (ss_engine_open)");
    if (s->readonly)
        return ss_error_set(err, SS_EINVAL, "%s: opened read-only", s->path);
    /* the texts counted before this batch */
    uint64_t docs_before = ss_df_docs(e->df);
    /* what was read, before preparing changes it */
    uint64_t *dig = malloc((n ? n : 1) * sizeof *dig);
    char **raw = calloc(n ? n : 1, sizeof *raw);
    size_t *rawlen = calloc(n ? n : 1, sizeof *rawlen);
    if (!dig || !raw || !rawlen) {
        free(dig);
        free(raw);
        free(rawlen);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    int status = SS_OK;
    int live = 0;
    for (size_t i = 0; i < n && status == SS_OK; i++) {
        dig[i] = digest_doc(docs[i]);
        const char *r = docs[i]->html ? docs[i]->html : docs[i]->text;
        size_t rl = docs[i]->html ? docs[i]->html_len : (docs[i]->text ? docs[i]->text_len : 0);
        if (r && !(raw[i] = malloc(rl ? rl : 1)))
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
        else if (r) {
            memcpy(raw[i], r, rl);
            rawlen[i] = rl;
        }
    }
    if (status == SS_OK)
        status = begin(e, err);
    else {
        for (size_t i = 0; i < n; i++)
            free(raw[i]);
        free(raw);
        free(rawlen);
        free(dig);
        return status;
    }
    /* documents sent again unchanged are not prepared at all */
    size_t *fidx = malloc((n ? n : 1) * sizeof *fidx);
    ss_doc **todo = malloc((n ? n : 1) * sizeof *todo);
    size_t m = 0;
    sqlite3_stmt *same = fidx && todo ? prep(e, "SELECT 1 FROM articles WHERE id = ? AND digest = ?", err) : NULL;
    if (!fidx || !todo)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    else if (!same)
        status = SS_EIO;
    for (size_t i = 0; i < n && status == SS_OK; i++) {
        sqlite3_bind_text(same, 1, docs[i]->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(same, 2, (sqlite3_int64)dig[i]);
        int rc = sqlite3_step(same);
        sqlite3_reset(same);
        if (rc == SQLITE_ROW) {
            fidx[i] = SIZE_MAX;
        } else {
            fidx[i] = m;
            todo[m++] = docs[i];
        }
    }
    sqlite3_finalize(same);
    if (status == SS_OK)
        status = engine_prepare_batch(e, todo, m, err);
    free(todo);
    int64_t t = INT64_MAX;
    int64_t *extra = calloc(n ? n : 1, sizeof *extra);
    size_t nextra = 0;
    int64_t last_dated = s->max_order;
    ss_buf blob = SS_BUF_INIT;
    sqlite3_stmt *look = extra ? prep(e, "SELECT aid, digest FROM articles WHERE id = ?", err) : NULL;
    if (!extra)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    else if (!look)
        status = SS_EIO;
    for (size_t i = 0; i < n && status == SS_OK; i++) {
        ss_doc *d = docs[i];
        sqlite3_bind_text(look, 1, d->id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(look);
        int64_t aid = 0;
        uint64_t old_digest = 0;
        if (rc == SQLITE_ROW) {
            aid = sqlite3_column_int64(look, 0);
            old_digest = (uint64_t)sqlite3_column_int64(look, 1);
        } else if (rc != SQLITE_DONE) {
            status = db_error(e, err, rc, "looking up an article");
        }
        sqlite3_reset(look);
        if (status)
            break;
        if (res)
            res[i] = (ss_add_result){aid, 0, SS_ADD_NEW, 0, 0};
        if ((aid && old_digest == dig[i]) || fidx[i] == SIZE_MAX) {
            if (res)
                res[i].action = SS_ADD_SAME;
            continue;
        }
        if (aid) {
            int64_t ot, story;
            if ((status = delete_article(e, aid, &ot, &story, err)))
                break;
            if (ot < t)
                t = ot;
            extra[nextra++] = story;
            if ((status = push_corrected(s, aid, story) ? ss_error_set(err, SS_ENOMEM, "out of memory") : SS_OK))
                break;
            if (res)
                res[i].action = SS_ADD_CORRECTED;
        }
        int64_t order = d->time != SS_TIME_NONE ? d->time : last_dated;
        if (order == INT64_MIN)
            order = 0; /* nothing dated yet: undated articles come first, in input order */
        if (d->time != SS_TIME_NONE)
            last_dated = d->time;
        const char *r = raw[i];
        int same_raw = r && d->text && rawlen[i] == d->text_len && memcmp(r, d->text, rawlen[i]) == 0;
        const ss_features *x = &e->feat[fidx[i]];
        if ((status = insert_article(e, aid, d, x, dig[i], order, same_raw ? NULL : r, rawlen[i],
                                     &blob, err)))
            break;
        if (!aid)
            aid = sqlite3_last_insert_rowid(s->db);
        if (res) {
            res[i].article = aid;
            res[i].notes = (uint8_t)ss_add_notes_of(d, rawlen[i] > 0);
        }
        if ((status = text_ref(e, engine_copy_key(d->title, d->text, d->text ? d->text_len : 0), x, +1, err)))
            break;
        if (order < t)
            t = order;
        if (order > s->max_order)
            s->max_order = order;
    }
    sqlite3_finalize(look);
    ss_buf_release(&blob);
    if (status == SS_OK && t != INT64_MAX) {
        int settle = settle_due(e);
        live = !settle && docs_before > DF_FIRST_TEXTS && s->sy && !nextra && t >= s->live_order;
        if (live)
            status = group_live(e, err);
        else
            status = regroup(e, settle ? INT64_MIN : t, extra, nextra, err);
    }
    if (status == SS_OK && res) {
        sqlite3_stmt *q = prep(e, "SELECT aid, story FROM articles WHERE id = ?", err);
        if (!q)
            status = SS_EIO;
        for (size_t i = 0; i < n && status == SS_OK; i++) {
            sqlite3_bind_text(q, 1, docs[i]->id, -1, SQLITE_STATIC);
            if (sqlite3_step(q) == SQLITE_ROW) {
                res[i].article = sqlite3_column_int64(q, 0);
                res[i].story = sqlite3_column_int64(q, 1);
                res[i].story_new = res[i].story >= s->story_floor;
            }
            sqlite3_reset(q);
        }
        sqlite3_finalize(q);
    }
    status = finish_batch(e, status, err);
    for (size_t i = 0; i < n; i++)
        free(raw[i]);
    free(raw);
    free(rawlen);
    free(dig);
    free(extra);
    free(fidx);
    if (status == SS_OK) {
        e->counts.articles += n;
        e->counts.live_batches += (uint64_t)live;
    }
    return status;
}

int ss_engine_remove(ss_engine *e, const char *const *ids, size_t n, size_t *removed, ss_error *err)
{
    if (removed)
        *removed = 0;
    ss_store *s = e->store;
    if (!s)
        return ss_error_set(err, SS_EINVAL, "ss_engine_remove needs a store (ss_engine_open)");
    int status = begin(e, err);
    if (status)
        return status;
    int64_t t = INT64_MAX;
    int64_t *extra = calloc(n ? n : 1, sizeof *extra);
    size_t nextra = 0;
    sqlite3_stmt *look = extra ? prep(e, "SELECT aid FROM articles WHERE id = ?", err) : NULL;
    if (!extra || !look)
        status = extra ? SS_EIO : ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && status == SS_OK; i++) {
        sqlite3_bind_text(look, 1, ids[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(look);
        int64_t aid = rc == SQLITE_ROW ? sqlite3_column_int64(look, 0) : 0;
        sqlite3_reset(look);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            status = db_error(e, err, rc, "looking up an article");
            break;
        }
        if (!aid)
            continue;
        int64_t ot, story;
        if ((status = delete_article(e, aid, &ot, &story, err)))
            break;
        if (ot < t)
            t = ot;
        extra[nextra++] = story;
        if (removed)
            (*removed)++;
    }
    sqlite3_finalize(look);
    if (status == SS_OK && t != INT64_MAX)
        status = regroup(e, settle_due(e) ? INT64_MIN : t, extra, nextra, err);
    free(extra);
    return finish_batch(e, status, err);
}

int ss_engine_settle(ss_engine *e, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "ss_engine_settle needs a store (ss_engine_open)");
    int status = begin(e, err);
    if (status)
        return status;
    status = regroup(e, INT64_MIN, NULL, 0, err);
    return finish_batch(e, status, err);
}

/* ---- reading --------------------------------------------------------------------- */

int ss_engine_changes_json(ss_engine *e, ss_buf *out, ss_error *err)
{
    ss_store *s = e->store;
    if (!s)
        return ss_error_set(err, SS_EINVAL, "no store");
    static const char *const kinds[] = {"new", "updated", "removed"};
    sqlite3_stmt *q = prep(e, "SELECT json FROM stories WHERE sid = ?", err);
    sqlite3_stmt *c = prep(e, "SELECT aid, id FROM articles WHERE story = ? ORDER BY order_time, seq", err);
    if (!q || !c) {
        sqlite3_finalize(q);
        sqlite3_finalize(c);
        return SS_EIO;
    }
    int status = SS_OK;
    for (size_t i = 0; i < s->nch && status == SS_OK; i++) {
        const change *ch = &s->ch[i];
        ss_jw w;
        if (ch->kind == 2) {
            ss_jw_init(&w, out);
            ss_jw_obj(&w);
            ss_jw_key(&w, "story");
            ss_jw_int(&w, ch->sid);
            if (ch->title) { /* as last known, so a list can say what went */
                ss_jw_key(&w, "title");
                ss_jw_str(&w, ch->title);
            }
            ss_jw_key(&w, "size");
            ss_jw_int(&w, 0);
            ss_jw_key(&w, "change");
            ss_jw_str(&w, "removed");
            ss_jw_obj_end(&w);
            if (w.err || ss_buf_putc(out, '\n'))
                status = ss_error_set(err, SS_ENOMEM, "out of memory");
            continue;
        }
        sqlite3_bind_int64(q, 1, ch->sid);
        if (sqlite3_step(q) == SQLITE_ROW) {
            const char *j = (const char *)sqlite3_column_text(q, 0);
            size_t len = j ? strlen(j) : 0;
            if (len < 2 || j[len - 1] != '}') {
                status = ss_error_set(err, SS_EFORMAT, "%s: damaged story %lld", s->path, (long long)ch->sid);
            } else {
                /* the story object, its closing brace replaced by the change */
                ss_buf_append(out, j, len - 1);
                ss_buf_append(out, ",\"change\":", 10);
                ss_jw_init(&w, out);
                ss_jw_str(&w, kinds[ch->kind]);
                int any = 0;
                sqlite3_bind_int64(c, 1, ch->sid);
                while (sqlite3_step(c) == SQLITE_ROW)
                    if (is_corrected(s, sqlite3_column_int64(c, 0))) {
                        ss_buf_append(out, any ? "," : ",\"corrected\":[", any ? 1 : 14);
                        ss_jw_init(&w, out);
                        ss_jw_str(&w, (const char *)sqlite3_column_text(c, 1));
                        any = 1;
                    }
                sqlite3_reset(c);
                if (any)
                    ss_buf_putc(out, ']');
                if (ss_buf_append(out, "}\n", 2) || w.err)
                    status = ss_error_set(err, SS_ENOMEM, "out of memory");
            }
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(c);
    return status;
}

void ss_story_filter_init(ss_story_filter *f)
{
    memset(f, 0, sizeof *f);
    f->since = f->until = SS_TIME_NONE;
}

/* The stories matching f, newest activity first: a statement whose rows
 * are (sid, last_order, json). */
static sqlite3_stmt *list_query(ss_engine *e, const ss_story_filter *f, ss_error *err)
{
    char sql[2048];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT sid, last_order, json FROM stories s WHERE 1");
    int64_t after_t = 0, after_sid = 0;
    int after = 0;
    if (f->after) {
        long long a, b;
        if (sscanf(f->after, "%lld:%lld", &a, &b) != 2) {
            ss_error_set(err, SS_EINVAL, "bad cursor \"%s\" (give one printed by an earlier page)", f->after);
            return NULL;
        }
        after_t = a;
        after_sid = b;
        after = 1;
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              " AND (last_order < :at OR (last_order = :at AND sid < :as))");
    }
    if (f->since != SS_TIME_NONE || f->until != SS_TIME_NONE)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              " AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.sid AND a.time"
                              " BETWEEN :since AND :until)");
    if (f->lang)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              " AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.sid AND a.lang = :lang COLLATE SS_FOLD)");
    if (f->source)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              " AND EXISTS (SELECT 1 FROM articles a WHERE a.story = s.sid AND a.source = :src COLLATE SS_FOLD)");
    if (f->query)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              " AND sid IN (SELECT story FROM articles WHERE aid IN (SELECT rowid FROM"
                              " articles_fts WHERE articles_fts MATCH :q))");
    if (f->min_size > 1)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND size >= %zu", f->min_size);
    n += (size_t)snprintf(sql + n, sizeof sql - n, " ORDER BY last_order DESC, sid DESC");
    if (f->limit)
        snprintf(sql + n, sizeof sql - n, " LIMIT %zu", f->limit + 1);
    sqlite3_stmt *st = prep(e, sql, err);
    if (!st)
        return NULL;
    if (after) {
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":at"), after_t);
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":as"), after_sid);
    }
    if (f->since != SS_TIME_NONE || f->until != SS_TIME_NONE) {
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":since"),
                           f->since != SS_TIME_NONE ? f->since : INT64_MIN);
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":until"),
                           f->until != SS_TIME_NONE ? f->until : INT64_MAX);
    }
    if (f->lang) {
        /* a tag as records give it: "de-DE", "deu" and "DE" are "de" */
        char tag[8];
        ss_lang_normalize_tag(f->lang, tag);
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":lang"), tag[0] ? tag : f->lang, -1,
                          SQLITE_TRANSIENT);
    }
    if (f->source)
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":src"), f->source, -1, SQLITE_STATIC);
    if (f->query) {
        ss_buf q = SS_BUF_INIT;
        if (ss_fts_query(f->query, &q)) {
            sqlite3_finalize(st);
            ss_buf_release(&q);
            ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
        if (q.len == 0) { /* blanks only: no word to look for */
            sqlite3_finalize(st);
            ss_buf_release(&q);
            ss_error_set(err, SS_EINVAL, "a text query needs a word to look for");
            return NULL;
        }
        sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":q"), q.data, (int)q.len, SQLITE_TRANSIENT);
        ss_buf_release(&q);
    }
    return st;
}

int ss_engine_list_json(ss_engine *e, const ss_story_filter *f, ss_buf *out, char **next, ss_error *err)
{
    if (next)
        *next = NULL;
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    ss_story_filter none;
    ss_story_filter_init(&none);
    if (!f)
        f = &none;
    sqlite3_stmt *st = list_query(e, f, err);
    if (!st)
        return err ? err->code : SS_EIO;
    size_t k = 0;
    int rc;
    int64_t last_t = 0, last_sid = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (f->limit && k == f->limit) {
            if (next) {
                char cur[64];
                snprintf(cur, sizeof cur, "%lld:%lld", (long long)last_t, (long long)last_sid);
                *next = strdup(cur);
            }
            rc = SQLITE_DONE;
            break;
        }
        const char *j = (const char *)sqlite3_column_text(st, 2);
        if (ss_buf_append(out, j ? j : "{}", j ? strlen(j) : 2) || ss_buf_putc(out, '\n')) {
            sqlite3_finalize(st);
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        last_sid = sqlite3_column_int64(st, 0);
        last_t = sqlite3_column_int64(st, 1);
        k++;
    }
    int status = SS_OK;
    if (rc != SQLITE_DONE)
        status = rc == SQLITE_ERROR && f->query
                     ? ss_error_set(err, SS_EINVAL, "bad text query \"%s\": %s (a term in double quotes is "
                                    "searched as written; NOT and -word need a word before them)", f->query, sqlite3_errmsg(e->store->db))
                     : db_error(e, err, rc, "listing stories");
    sqlite3_finalize(st);
    return status;
}

int ss_engine_story_get_json(ss_engine *e, int64_t story, ss_buf *out, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    sqlite3_stmt *st = prep(e, "SELECT json FROM stories WHERE sid = ?", err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_int64(st, 1, story);
    int status;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *j = (const char *)sqlite3_column_text(st, 0);
        status = ss_buf_append(out, j ? j : "{}", j ? strlen(j) : 2) ? SS_ENOMEM : SS_OK;
    } else {
        status = ss_error_set(err, SS_ENOTFOUND, "%s: no story %lld", e->store->path, (long long)story);
    }
    sqlite3_finalize(st);
    return status;
}

/* The passages article (id, text, date) shares with the article other_id
 * (the one it is linked to as a duplicate or reuse), aligned again from
 * the two stored texts (align/reuse.h, as a story's relations are found):
 * "reused": [{"source", "span", "source_span", "chars", "identity"}] with
 * spans in code points of each text.  Nothing is written when the other
 * article is gone or no passage holds. */
static int put_reused(ss_engine *e, ss_jw *w, const char *id, const char *text, const char *date,
                      const char *other_id, ss_error *err)
{
    sqlite3_stmt *st = prep(e, "SELECT text, date FROM articles WHERE id = ?", err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_text(st, 1, other_id, -1, SQLITE_STATIC);
    int status = SS_OK;
    ss_doc *d[2] = {ss_doc_new(), ss_doc_new()};
    ss_reuse_passages p;
    ss_reuse_passages_init(&p);
    if (sqlite3_step(st) == SQLITE_ROW && d[0] && d[1]) {
        const char *otext = (const char *)sqlite3_column_text(st, 0);
        const char *odate = (const char *)sqlite3_column_text(st, 1);
        /* the other article first: passage spans name it as a */
        if (ss_doc_set_str(&d[0]->id, other_id, (size_t)-1) || ss_doc_set_str(&d[1]->id, id, (size_t)-1) ||
            ss_doc_set_text(d[0], otext ? otext : "", otext ? strlen(otext) : 0) ||
            ss_doc_set_text(d[1], text ? text : "", text ? strlen(text) : 0)) {
            status = ss_error_set(err, SS_ENOMEM, "out of memory");
        } else {
            if (odate)
                ss_doc_set_date(d[0], odate);
            if (date)
                ss_doc_set_date(d[1], date);
            status = ss_story_reuse(d, 2, &p, err);
        }
        if (status == SS_OK && p.n) {
            ss_jw_key(w, "reused");
            ss_jw_arr(w);
            for (size_t i = 0; i < p.n; i++) {
                const ss_reuse_passage *q = &p.v[i];
                int mine_a = q->a == 1; /* this article is a in this passage */
                ss_jw_obj(w);
                ss_jw_key(w, "source");
                ss_jw_str(w, other_id);
                ss_jw_key(w, "span");
                ss_jw_arr(w);
                ss_jw_uint(w, mine_a ? q->a_start : q->b_start);
                ss_jw_uint(w, mine_a ? q->a_end : q->b_end);
                ss_jw_arr_end(w);
                ss_jw_key(w, "source_span");
                ss_jw_arr(w);
                ss_jw_uint(w, mine_a ? q->b_start : q->a_start);
                ss_jw_uint(w, mine_a ? q->b_end : q->a_end);
                ss_jw_arr_end(w);
                ss_jw_key(w, "chars");
                ss_jw_uint(w, q->chars);
                ss_jw_key(w, "identity");
                ss_jw_double(w, q->identity, 4);
                ss_jw_key(w, "earlier");
                ss_jw_str(w, q->source < 0 ? NULL : (uint32_t)q->source == 1 ? id : other_id);
                ss_jw_obj_end(w);
            }
            ss_jw_arr_end(w);
        }
    }
    ss_reuse_passages_release(&p);
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
    sqlite3_finalize(st);
    return status;
}

int ss_engine_article_json(ss_engine *e, const char *id, ss_buf *out, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    sqlite3_stmt *st = prep(e,
                            "SELECT a.aid, a.id, a.story, a.lang, a.title, a.date, a.source, a.url, a.author,"
                            " a.text, a.relation, l.id, a.link_score, src.id, a.extra, a.format, a.raw"
                            " FROM articles a"
                            " LEFT JOIN articles l ON l.aid = a.link LEFT JOIN articles src ON src.aid ="
                            " a.source_aid WHERE a.id = ?",
                            err);
    if (!st)
        return SS_EIO;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return ss_error_set(err, SS_ENOTFOUND, "%s: no article \"%s\"", e->store->path, id);
    }
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, (const char *)sqlite3_column_text(st, 1));
    ss_jw_key(&w, "article");
    ss_jw_int(&w, sqlite3_column_int64(st, 0));
    ss_jw_key(&w, "story");
    ss_jw_int(&w, sqlite3_column_int64(st, 2));
    static const char *const keys[] = {"lang", "title", "date", "source", "url", "author", "text"};
    /* a text record without an article body was compared by its headline
     * alone and stored with an empty text: its text as given */
    const char *given = NULL;
    const char *clean = (const char *)sqlite3_column_text(st, 9);
    if ((!clean || !*clean) && sqlite3_column_int(st, 15) != SS_FORMAT_HTML &&
        sqlite3_column_type(st, 16) == SQLITE_BLOB && sqlite3_column_bytes(st, 16) > 0)
        given = (const char *)sqlite3_column_text(st, 16);
    for (int i = 0; i < 7; i++) {
        const char *v = (const char *)sqlite3_column_text(st, 3 + i);
        if (i == 6 && given)
            v = given;
        if (!v)
            continue;
        ss_jw_key(&w, keys[i]);
        ss_jw_str(&w, v);
    }
    if (given) {
        ss_jw_key(&w, "body");
        ss_jw_bool(&w, 0);
    }
    const char *link = (const char *)sqlite3_column_text(st, 11);
    if (link && strcmp(link, id) != 0) {
        ss_jw_key(&w, "relation");
        ss_jw_obj(&w);
        ss_jw_key(&w, "type");
        ss_jw_str(&w, ss_relation_name((ss_relation)sqlite3_column_int(st, 10)));
        ss_jw_key(&w, "b");
        ss_jw_str(&w, link);
        const char *src = (const char *)sqlite3_column_text(st, 13);
        if (src) {
            ss_jw_key(&w, "source");
            ss_jw_str(&w, src);
        }
        ss_jw_key(&w, "score");
        ss_jw_double(&w, sqlite3_column_double(st, 12), 4);
        ss_jw_obj_end(&w);
        ss_relation rel = (ss_relation)sqlite3_column_int(st, 10);
        if (rel == SS_REL_REUSE || rel == SS_REL_DUPLICATE) {
            int rc = put_reused(e, &w, id, (const char *)sqlite3_column_text(st, 9),
                                (const char *)sqlite3_column_text(st, 5),
                                src && strcmp(src, id) != 0 ? src : link, err);
            if (rc) {
                sqlite3_finalize(st);
                return rc;
            }
        }
    }
    ss_jw_obj_end(&w);
    const char *extra = (const char *)sqlite3_column_text(st, 14);
    int status = w.err ? SS_ENOMEM : SS_OK;
    if (status == SS_OK && extra && *extra) {
        /* the input's other fields, passed through */
        out->len--;
        status = ss_buf_putc(out, ',') || ss_buf_append(out, extra, strlen(extra)) || ss_buf_putc(out, '}')
                     ? SS_ENOMEM
                     : SS_OK;
    }
    sqlite3_finalize(st);
    return status;
}

int ss_engine_store_totals(ss_engine *e, int64_t *articles, int64_t *stories, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    sqlite3_stmt *st = prep(e, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)", err);
    if (!st)
        return SS_EIO;
    int rc = sqlite3_step(st);
    int status = SS_OK;
    if (rc == SQLITE_ROW) {
        *articles = sqlite3_column_int64(st, 0);
        *stories = sqlite3_column_int64(st, 1);
    } else {
        status = db_error(e, err, rc, "counting");
    }
    sqlite3_finalize(st);
    return status;
}

/* Search results: at most this many when the caller gives no limit. */
#define SEARCH_DEFAULT_LIMIT 20
/* Tokens of text around the match in a search snippet (FTS5's snippet()
 * allows at most 64). */
#define SEARCH_SNIPPET_TOKENS 24

int ss_engine_search_json(ss_engine *e, const char *query, size_t limit, ss_buf *out, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    if (!query || !*query)
        return ss_error_set(err, SS_EINVAL, "empty search query");
    sqlite3_stmt *st = prep(e,
                            "SELECT a.id, a.aid, a.story, a.lang, a.title, a.date, a.source,"
                            " snippet(articles_fts, 1, '', '', '...', ?3)"
                            " FROM articles_fts JOIN articles a ON a.aid = articles_fts.rowid"
                            " WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2",
                            err);
    if (!st)
        return SS_EIO;
    ss_buf q = SS_BUF_INIT;
    if (ss_fts_query(query, &q)) {
        sqlite3_finalize(st);
        ss_buf_release(&q);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    if (q.len == 0) { /* blanks only: no word to look for */
        sqlite3_finalize(st);
        ss_buf_release(&q);
        return ss_error_set(err, SS_EINVAL, "a text query needs a word to look for");
    }
    sqlite3_bind_text(st, 1, q.data, (int)q.len, SQLITE_TRANSIENT);
    ss_buf_release(&q);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(limit ? limit : SEARCH_DEFAULT_LIMIT));
    sqlite3_bind_int(st, 3, SEARCH_SNIPPET_TOKENS);
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_arr(&w);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ss_jw_obj(&w);
        ss_jw_key(&w, "id");
        ss_jw_str(&w, (const char *)sqlite3_column_text(st, 0));
        ss_jw_key(&w, "article");
        ss_jw_int(&w, sqlite3_column_int64(st, 1));
        ss_jw_key(&w, "story");
        ss_jw_int(&w, sqlite3_column_int64(st, 2));
        static const char *const keys[] = {"lang", "title", "date", "source", "snippet"};
        for (int i = 0; i < 5; i++) {
            const char *v = (const char *)sqlite3_column_text(st, 3 + i);
            if (!v)
                continue;
            ss_jw_key(&w, keys[i]);
            ss_jw_str(&w, v);
        }
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    int status = SS_OK;
    if (rc != SQLITE_DONE)
        status = rc == SQLITE_ERROR
                     ? ss_error_set(err, SS_EINVAL, "bad search query \"%s\": %s (a term in double quotes is "
                                    "searched as written; NOT and -word need a word before them)", query, sqlite3_errmsg(e->store->db))
                     : db_error(e, err, rc, "searching");
    else if (w.err)
        status = ss_error_set(err, SS_ENOMEM, "out of memory");
    sqlite3_finalize(st);
    return status;
}

int ss_engine_each_story(ss_engine *e, const ss_story_filter *f, ss_engine_story_fn fn, void *ctx, ss_error *err)
{
    if (!e->store)
        return ss_error_set(err, SS_EINVAL, "no store");
    ss_story_filter none;
    ss_story_filter_init(&none);
    if (!f)
        f = &none;
    sqlite3_stmt *list = list_query(e, f, err);
    if (!list)
        return err ? err->code : SS_EIO;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s, link, link_score FROM articles WHERE story = ? ORDER BY order_time, seq",
             article_cols);
    sqlite3_stmt *mem = prep(e, sql, err);
    if (!mem) {
        sqlite3_finalize(list);
        return SS_EIO;
    }
    e->fn = fn;
    e->fn_ctx = ctx;
    e->fn_rc = 0;
    e->fin_err = err;
    e->placed = NULL;
    int status = SS_OK, rc;
    size_t count = 0;
    while (status == SS_OK && (rc = sqlite3_step(list)) == SQLITE_ROW) {
        if (f->limit && count++ == f->limit)
            break;
        int64_t sid = sqlite3_column_int64(list, 0);
        closed *c = &e->pending[e->npending];
        memset(c, 0, sizeof *c);
        c->sid = sid;
        sqlite3_bind_int64(mem, 1, sid);
        size_t cap = 0;
        int64_t *links = NULL;
        while (status == SS_OK && sqlite3_step(mem) == SQLITE_ROW) {
            if (c->story.n == cap) {
                cap = cap ? cap * 2 : 8;
                article **a = realloc(c->arts, cap * sizeof *a);
                ss_story_member *m = a ? realloc(c->story.members, cap * sizeof *m) : NULL;
                int64_t *l = m ? realloc(links, cap * sizeof *l) : NULL;
                if (a)
                    c->arts = a;
                if (m)
                    c->story.members = m;
                if (l)
                    links = l;
                if (!a || !m || !l) {
                    status = ss_error_set(err, SS_ENOMEM, "out of memory");
                    break;
                }
            }
            article *a = article_row(mem);
            if (!a) {
                status = ss_error_set(err, SS_EFORMAT, "%s: a damaged article row (or out of memory)",
                                      e->store->path);
                break;
            }
            size_t i = c->story.n++;
            a->seq = (uint32_t)i;
            c->arts[i] = a;
            links[i] = sqlite3_column_int64(mem, 17);
            ss_story_member *m = &c->story.members[i];
            memset(m, 0, sizeof *m);
            m->item = (uint32_t)i;
            m->link = (uint32_t)i;
            m->link_score = (float)sqlite3_column_double(mem, 18);
            m->time = a->doc->time;
        }
        sqlite3_reset(mem);
        c->story.first_time = c->story.last_time = SS_TIME_NONE;
        size_t n = c->story.n;
        uint64_t *aids = status == SS_OK ? calloc((n ? n : 1) * 2, sizeof *aids) : NULL;
        uint32_t *at = aids ? malloc((n ? n : 1) * sizeof *at) : NULL;
        if (status == SS_OK) {
            for (size_t i = 0; at && i < n; i++) {
                aids[i] = (uint64_t)c->arts[i]->aid;
                aids[n + i] = (uint64_t)links[i];
            }
            if (!at || engine_link_index(aids, aids + n, n, at))
                status = ss_error_set(err, SS_ENOMEM, "out of memory");
            for (size_t i = 0; status == SS_OK && i < n; i++)
                c->story.members[i].link = at[i];
        }
        free(aids);
        free(at);
        for (size_t i = 0; i < c->story.n; i++) {
            int64_t t = c->arts[i]->doc->time;
            if (t != SS_TIME_NONE) {
                if (c->story.first_time == SS_TIME_NONE || t < c->story.first_time)
                    c->story.first_time = t;
                if (c->story.last_time == SS_TIME_NONE || t > c->story.last_time)
                    c->story.last_time = t;
            }
        }
        free(links);
        e->npending++;
        e->counts.stories++;
        if (status == SS_OK && c->story.n == 0) {
            engine_closed_free(c);
            e->npending--;
        }
        if (status == SS_OK && e->npending == PENDING)
            status = engine_flush(e);
    }
    if (status == SS_OK)
        status = engine_flush(e);
    for (size_t i = 0; i < e->npending; i++)
        engine_closed_free(&e->pending[i]);
    e->npending = 0;
    sqlite3_finalize(mem);
    sqlite3_finalize(list);
    return status;
}
