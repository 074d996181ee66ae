/* samestory.h — the public API of libsamestory: the same news story across
 * outlets and languages.
 *
 * This is the one header a program linking the shared library includes
 * (`pkg-config --cflags --libs samestory`); the library exports exactly the
 * functions declared here (a version script made from this file; `make
 * check` compares the exported symbols with it).  Everything else in lib/
 * is internal: it may change between any two versions.
 *
 * Shape of the API
 *   Records in, JSON out.  A record is a JSON object with the fields of
 *   `samestory`'s JSONL input ("id", "text" or "html", "title", "url",
 *   "source", "author", "lang", "date"; others kept); a body of records is
 *   one object, an array of objects, or JSON Lines.  Results are the JSON
 *   the command line prints for the same input, appended to an ss_buf the
 *   caller releases with ss_buf_release.  Handles are opaque.
 *
 * Errors
 *   A fallible function returns SS_OK (0) or a negative ss_status, and
 *   fills the ss_error it is given (may be NULL) with the code and a
 *   message naming the place (file, line or byte offset, record number)
 *   and the reason.  The library never prints and never exits.
 *
 * Ownership
 *   Whoever calls _new or _open frees with the matching _free (NULL is a
 *   no-op).  Strings and buffers passed in are borrowed for the call.
 *   ss_buf contents belong to the caller (ss_buf_release); a char * the
 *   library hands out is freed with ss_free.
 *
 * Threads
 *   Said per handle below.  Functions without a handle are thread-safe.
 *
 * Versions
 *   ss_version() names the library's version; the shared library's SONAME
 *   (libsamestory.so.N) changes whenever this API changes incompatibly.
 *
 * The header has no macros but integer constants, so that binding
 * generators (cffi, ctypes) can read it as it is.
 */
#ifndef SAMESTORY_SAMESTORY_H
#define SAMESTORY_SAMESTORY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version, errors, buffers, memory ---------------------------------- */

/* "MAJOR.MINOR.PATCH" of the library loaded. */
const char *ss_version(void);
/* MAJOR * 10000 + MINOR * 100 + PATCH. */
unsigned ss_version_number(void);

typedef enum ss_status {
    SS_OK = 0,
    SS_ENOMEM = -1,       /* out of memory */
    SS_EIO = -2,          /* a read or write failed (file missing, unreadable, ...) */
    SS_EPARSE = -3,       /* malformed input: JSON, HTML, WARC, ... */
    SS_EINVAL = -4,       /* invalid argument or option value */
    SS_ETOOBIG = -5,      /* input over a documented size cap */
    SS_EFORMAT = -6,      /* corrupt or truncated file, wrong magic or version */
    SS_ENOTFOUND = -7,    /* a named thing does not exist */
    SS_EDUPID = -8,       /* a document id seen before */
    SS_EMISSING = -9,     /* a required field is missing or of the wrong type */
    SS_ENODATA = -10,     /* a data file the library needs is not installed */
    SS_EINTERNAL = -11,   /* a bug: an invariant did not hold */
    SS_EBUSY = -12        /* a file is locked by another run */
} ss_status;

typedef struct ss_error {
    int code;             /* SS_OK or a negative ss_status */
    uint64_t line;        /* 1-based line of the input the error is about, 0 if none */
    uint64_t offset;      /* byte offset in the input, UINT64_MAX if none */
    char msg[1024];       /* full message: "where: reason" */
} ss_error;

/* Name of a status code ("out of memory", ...); never NULL. */
const char *ss_strerror(int code);

/* A growing byte buffer the library appends results to.  Start from all
 * zeros; release with ss_buf_release (then it is empty and reusable). */
typedef struct ss_buf {
    char *data;           /* NUL-terminated when not NULL */
    size_t len;
    size_t cap;
} ss_buf;

void ss_buf_release(ss_buf *b);
/* Free memory the library handed out as a char * (a paging cursor). */
void ss_free(void *p);

/* ---- data and dates ------------------------------------------------------ */

/* Where the data file or folder `name` ("stopwords", "lexicon.bin", ...)
 * is: $SAMESTORY_DATA, the folder set with ss_data_dir_set, then beside
 * the library (../share/samestory), then the compiled-in folder.  SS_OK
 * and out filled, or SS_ENODATA naming what is missing and where it
 * looked. */
int ss_data_path(const char *name, char *out, size_t cap, ss_error *err);
/* Look for data in dir first (NULL: back to the defaults).  Call before
 * opening anything that loads data; not thread-safe with such calls. */
int ss_data_dir_set(const char *dir, ss_error *err);

/* The data every stage reads, loaded once: stopwords (required), the
 * bilingual lexicon and the quoter's reporting verbs (optional: a
 * warning).  Functions below taking a context borrow its data (NULL: they
 * load their own for the call or the handle).  Read only once made: any
 * number of threads and handles may share one; it must outlive them.
 * NULL with err naming the missing file when the stopwords are missing. */
typedef struct ss_context ss_context;
ss_context *ss_context_new(ss_error *err);
void ss_context_free(ss_context *c);
/* What the context runs without, one line each, or "". */
const char *ss_context_warnings(const ss_context *c);

/* A date as seconds since 1970 UTC: YYYY-MM-DD, YYYYMMDD, with an optional
 * "T" or " " then hh:mm[:ss[.frac]] and a zone.  SS_OK or SS_EPARSE. */
int ss_time_parse(const char *s, size_t n, int64_t *out);
/* The same for the end of a range: a date without a time is the last
 * second of its day (of its month for YYYY-MM, of its year for YYYY). */
int ss_time_parse_end(const char *s, size_t n, int64_t *out);

/* ---- cleaning: a page or a scraped text to its article -------------------- */

/* One thread at a time per record cleaner; make one per thread. */
typedef struct ss_cleaner ss_cleaner;
typedef struct ss_record_cleaner ss_record_cleaner;

/* shared: NULL (a cleaner of its own).  keep_boilerplate: keep the whole
 * text and list its blocks (`clean --keep-boilerplate`). */
ss_record_cleaner *ss_record_cleaner_new(ss_cleaner *shared, int keep_boilerplate, ss_error *err);
void ss_record_cleaner_free(ss_record_cleaner *rc);
/* One JSON record in, the object `samestory clean` prints out. */
int ss_record_clean_text(ss_record_cleaner *rc, const char *json, size_t len, ss_buf *out,
                         ss_error *err);
/* Every document of the files (JSONL, WARC, HTML, text; folders walked),
 * one cleaned JSON line each (`clean --no-learn`). */
int ss_record_clean_files(ss_record_cleaner *rc, const char *const *paths, size_t n, ss_buf *out,
                          ss_error *err);

/* ---- stories: the engine over its store ------------------------------------ */

/* One writer and any number of readers per store file: a handle is used by
 * one thread at a time; open one read-only handle per reading thread. */
typedef struct ss_engine ss_engine;

enum {
    SS_STORE_CREATE = 1,      /* create the file when it does not exist */
    SS_STORE_READONLY = 2,    /* read only: add and remove are refused */
    SS_STORE_KEEP_OPTIONS = 4 /* take the story options stored in the file */
};

/* A store file with the default options and ctx's data (NULL: the data
 * loaded from the data folder for this handle); threads 0: one per core. */
ss_engine *ss_engine_open_path(const ss_context *ctx, const char *path, unsigned flags, int threads,
                               ss_error *err);
/* The same with the story options of `stories --db` (--threshold,
 * --headline-threshold, --window days); a value below 0 is not given.
 * None given: a new store takes the defaults, an existing one keeps its
 * own.  Any given: a new store is made with them, an existing one must
 * have been made with the same (else an error names both). */
ss_engine *ss_engine_open_path_opts(const ss_context *ctx, const char *path, unsigned flags, int threads,
                                    double threshold, double headline_threshold, double window_days,
                                    ss_error *err);
void ss_engine_free(ss_engine *e);
/* What the engine runs without (a missing optional dictionary), or "". */
const char *ss_engine_warnings(const ss_engine *e);

/* Add a body of records as one batch, committed when this returns SS_OK.
 * out gets {"accepted", "rejected", "results": [per record: its story,
 * relations, or its "error"]}: a bad record is answered in its place.
 * max_records, max_doc: 0 = no limit. */
int ss_engine_add_json(ss_engine *e, const char *body, size_t len, size_t max_records, size_t max_doc,
                       ss_buf *out, size_t *accepted, size_t *rejected, ss_error *err);
/* Take articles down by id (their stories are regrouped). */
int ss_engine_remove(ss_engine *e, const char *const *ids, size_t n, size_t *removed, ss_error *err);
/* Regroup the stories still open (done by itself as the store grows). */
int ss_engine_settle(ss_engine *e, ss_error *err);
/* The stories changed since the handle last asked: a JSON array. */
int ss_engine_changes_json(ss_engine *e, ss_buf *out, ss_error *err);

typedef struct ss_story_filter {
    int64_t since, until;  /* stories with an article dated in [since, until]
                              (INT64_MIN: open end) */
    const char *lang;      /* an article in this language, or NULL */
    const char *source;    /* an article from this source, or NULL */
    const char *query;     /* an article matching this full-text query (FTS5), or NULL */
    size_t limit;          /* at most this many stories (0: all) */
    const char *after;     /* a cursor from an earlier page, or NULL */
    size_t min_size;       /* stories of at least this many articles (0, 1: all) */
} ss_story_filter;

void ss_story_filter_init(ss_story_filter *f);
/* Stories, newest activity first, as a JSON array; *next (may be NULL)
 * gets the cursor of the next page (ss_free it) or NULL at the end. */
int ss_engine_list_json(ss_engine *e, const ss_story_filter *f, ss_buf *out, char **next,
                        ss_error *err);
/* One story as `samestory stories` prints it; SS_ENOTFOUND if none. */
int ss_engine_story_get_json(ss_engine *e, int64_t story, ss_buf *out, ss_error *err);
/* One article: text, metadata, relations, reused passages. */
int ss_engine_article_json(ss_engine *e, const char *id, ss_buf *out, ss_error *err);
/* Articles matching a full-text query, with snippets. */
int ss_engine_search_json(ss_engine *e, const char *query, size_t limit, ss_buf *out,
                          ss_error *err);
int ss_engine_store_totals(ss_engine *e, int64_t *articles, int64_t *stories, ss_error *err);

/* `samestory stories` over records held in memory: one JSON line per story. */
int ss_stories_json(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                    ss_error *err);
/* The document frequencies of these records' texts (exact copies once),
 * as a table of bytes: u64 documents, u64 n, then n u64 keys and n u32
 * counts (machine byte order).  Tables of parts of a collection add up,
 * key by key, to the collection's: the Dask stories job counts them per
 * partition and time range and sums them. */
int ss_stories_df(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                  ss_error *err);
/* ss_stories_df, and each record's prepared-text hash (u64) appended to
 * hashes: exact copies have equal hashes. */
int ss_stories_df_hashes(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                         ss_buf *hashes, ss_error *err);
/* ss_stories_json judging by table df (ss_stories_df's format: the texts
 * of a collection dated before these records, and the first `counted`
 * records, which are not counted again) instead of counting from nothing.
 * A damaged table is SS_EFORMAT. */
int ss_stories_json_df(const ss_context *ctx, const char *body, size_t len, int threads, const void *df,
                       size_t dflen, uint64_t counted, ss_buf *out, ss_error *err);

/* ---- duplicates -------------------------------------------------------------- */

typedef struct ss_dedup_opts {
    double threshold;       /* Jaccard similarity, (0, 1]; default 0.8 */
    int ngram;              /* words per shingle, 1..32; default 5 */
    int hashes;             /* sketch size: multiple of 16, 64..8192; default 1024 */
    uint32_t common_docs;   /* a line in this many documents is common; 0 = none; default 16 */
} ss_dedup_opts;

typedef struct ss_dedup_params {
    double threshold, cutoff;
    uint32_t ngram, hashes, bands, rows, common_docs;
} ss_dedup_params;

void ss_dedup_opts_default(ss_dedup_opts *o);

/* The index inside a deduper (borrowed). */
typedef struct ss_dedup ss_dedup;
ss_dedup_params ss_dedup_get_params(const ss_dedup *dd);
/* Documents held; those numbered below first_new came from a loaded index. */
uint32_t ss_dedup_count(const ss_dedup *dd);
uint32_t ss_dedup_first_new(const ss_dedup *dd);
/* Bytes of a similarity sketch of `hashes` bins (hashes / 4: 2-bit
 * fingerprints). */
size_t ss_minhash_sketch_bytes(uint32_t hashes);
/* Estimated Jaccard similarity of two sketches of ss_minhash_sketch_bytes(hashes). */
double ss_minhash_similarity(const uint8_t *a, const uint8_t *b, uint32_t hashes);

/* An index fed with records in `samestory dedup`'s batches.  One thread
 * at a time per deduper. */
typedef struct ss_deduper ss_deduper;

ss_deduper *ss_deduper_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
void ss_deduper_free(ss_deduper *d);
ss_dedup *ss_deduper_index(ss_deduper *d);
/* The `dedup --index` file: load into an empty deduper; save crash-safe. */
int ss_deduper_load(ss_deduper *d, const char *path, ss_error *err);
int ss_deduper_save(ss_deduper *d, const char *path, ss_error *err);
/* Add records; a bad one refuses the whole call (nothing added). */
int ss_deduper_add_json(ss_deduper *d, const char *body, size_t len, size_t max_doc, size_t *added,
                        ss_error *err);
/* {"id", "group", "similarity"} lines of documents [from, to). */
int ss_deduper_results_json(ss_deduper *d, uint32_t from, uint32_t to, ss_buf *out, ss_error *err);
/* Held exact and near duplicates of one record: [{"id", "similarity"}]. */
int ss_deduper_query_json(ss_deduper *d, const char *record, size_t len, ss_buf *out,
                          ss_error *err);

/* One partition of a dedup run spread over processes (samestory.dask).
 * One thread at a time per partition. */
typedef struct ss_dedup_part ss_dedup_part;

enum { SS_DEDUP_PART_NO_BODY = 1 }; /* a document flag: text without an article body */

ss_dedup_part *ss_dedup_part_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
void ss_dedup_part_free(ss_dedup_part *p);
ss_dedup_params ss_dedup_part_params(const ss_dedup_part *p);
int ss_dedup_part_add_jsonl(ss_dedup_part *p, const char *buf, size_t len, const char *origin,
                            uint64_t offset, ss_error *err);
int ss_dedup_part_add_files(ss_dedup_part *p, const char *const *paths, size_t n, ss_error *err);
size_t ss_dedup_part_count(const ss_dedup_part *p);
int ss_dedup_part_docs(const ss_dedup_part *p, int64_t *time, uint64_t *exact, uint8_t *flags,
                       uint64_t *size, ss_buf *ids);
size_t ss_dedup_part_nlines(const ss_dedup_part *p);
void ss_dedup_part_lines(const ss_dedup_part *p, uint32_t *doc, uint64_t *hash);
int ss_dedup_part_sketch(ss_dedup_part *p, const uint8_t *want, const uint32_t *batch,
                         const uint64_t *common_hash, const uint32_t *common_from, size_t ncommon,
                         uint8_t *sketches, uint64_t *bands, uint8_t *has, ss_error *err);

/* ---- reused passages and translations ---------------------------------------- */

typedef struct ss_reuse_json_opts {
    uint32_t min_chars;      /* shortest passage, code points (default 120) */
    uint32_t max_df;         /* a seed in more documents is boilerplate (default 100) */
    double furniture_share;  /* a source's repeated text (default 0.3; 0: off) */
    double min_identity;     /* lowest identity reported (default 2/3) */
    int keep_no_body;        /* align documents without an article body too */
    int summary;             /* one line per document pair */
    int threads;             /* 0: one per core */
    int translated;          /* also passages across languages (--translated);
                                not in a partitioned run (ss_reuse_part) */
} ss_reuse_json_opts;

void ss_reuse_json_opts_default(ss_reuse_json_opts *o);
/* `samestory reuse` over records in memory: one JSON line per passage. */
int ss_reuse_json(const char *body, size_t len, const ss_reuse_json_opts *o, ss_buf *out,
                  ss_error *err);

/* One partition of a reuse run spread over machines (align/reuse_part.h). */
typedef struct ss_reuse_part ss_reuse_part;
ss_reuse_part *ss_reuse_part_new(const ss_reuse_json_opts *o, ss_error *err);
void ss_reuse_part_free(ss_reuse_part *p);
int ss_reuse_part_add_jsonl(ss_reuse_part *p, const char *buf, size_t len, const char *origin,
                            uint64_t offset, ss_error *err);
int ss_reuse_part_add_files(ss_reuse_part *p, const char *const *paths, size_t n, ss_error *err);
int ss_reuse_part_add_bytes(ss_reuse_part *p, const char *bytes, size_t len, ss_error *err);
size_t ss_reuse_part_count(const ss_reuse_part *p);
int ss_reuse_part_docs(const ss_reuse_part *p, uint8_t *kept, uint64_t *source, ss_buf *ids);
size_t ss_reuse_part_nprints(ss_reuse_part *p);
void ss_reuse_part_prints(const ss_reuse_part *p, uint32_t *doc, uint64_t *hash);
int ss_reuse_part_doc_bytes(const ss_reuse_part *p, size_t i, ss_buf *out);
int ss_reuse_part_pairs_json(ss_reuse_part *p, uint32_t a, const uint32_t *b, size_t nb,
                             const uint64_t *seeds, size_t nseeds, ss_buf *out, ss_error *err);

/* `samestory translations` over records in memory: one JSON line per link. */
int ss_translations_json(const ss_context *ctx, const char *body, size_t len, double threshold,
                         int no_dict, int threads, ss_buf *out, ss_error *err);

#ifdef __cplusplus
}
#endif

#endif
