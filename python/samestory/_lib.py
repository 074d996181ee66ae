"""The C library, loaded through cffi (ABI mode: no compiler needed).

The declarations below are those of the public header,
include/samestory/samestory.h, that the binding calls (a test checks that
each has the header's type); cffi releases the GIL during each call,
so Python threads run library work in parallel.  The library is found in
this order: $SAMESTORY_LIB (a path to libsamestory.so), the build tree
this package sits in (build/libsamestory.so beside python/), the
installed library (the dynamic loader's search path).
"""
import os
import threading

import cffi

CDEF = """
typedef struct ss_error { int code; uint64_t line; uint64_t offset; char msg[1024]; } ss_error;
typedef struct ss_buf { char *data; size_t len; size_t cap; } ss_buf;
typedef struct ss_engine ss_engine;
typedef struct ss_story_filter {
    int64_t since, until;
    const char *lang;
    const char *source;
    const char *query;
    size_t limit;
    const char *after;
    size_t min_size;
} ss_story_filter;

const char *ss_version(void);
void ss_buf_release(ss_buf *b);
int ss_time_parse(const char *s, size_t n, int64_t *out);
int ss_time_parse_end(const char *s, size_t n, int64_t *out);

typedef struct ss_context ss_context;
ss_context *ss_context_new(ss_error *err);
void ss_context_free(ss_context *c);
const char *ss_context_warnings(const ss_context *c);
ss_engine *ss_engine_open_path(const ss_context *ctx, const char *path, unsigned flags, int threads, ss_error *err);
ss_engine *ss_engine_open_path_opts(const ss_context *ctx, const char *path, unsigned flags, int threads,
                                    double threshold, double headline_threshold, double window_days, ss_error *err);
void ss_engine_free(ss_engine *e);
const char *ss_engine_warnings(const ss_engine *e);
int ss_engine_add_json(ss_engine *e, const char *body, size_t len, size_t max_records, size_t max_doc,
                       ss_buf *out, size_t *accepted, size_t *rejected, ss_error *err);
int ss_engine_changes_json(ss_engine *e, ss_buf *out, ss_error *err);
int ss_engine_remove(ss_engine *e, const char *const *ids, size_t n, size_t *removed, ss_error *err);
int ss_engine_settle(ss_engine *e, ss_error *err);
void ss_story_filter_init(ss_story_filter *f);
int ss_engine_list_json(ss_engine *e, const ss_story_filter *f, ss_buf *out, char **next, ss_error *err);
int ss_engine_story_get_json(ss_engine *e, int64_t story, ss_buf *out, ss_error *err);
int ss_engine_article_json(ss_engine *e, const char *id, ss_buf *out, ss_error *err);
int ss_engine_search_json(ss_engine *e, const char *query, size_t limit, ss_buf *out, ss_error *err);
int ss_stories_json(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out, ss_error *err);
int ss_stories_df(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out, ss_error *err);
int ss_stories_df_hashes(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out, ss_buf *hashes, ss_error *err);
int ss_stories_json_df(const ss_context *ctx, const char *body, size_t len, int threads, const void *df,
                       size_t dflen, uint64_t counted, ss_buf *out, ss_error *err);
int ss_engine_store_totals(ss_engine *e, int64_t *articles, int64_t *stories, ss_error *err);
void ss_free(void *p);

typedef struct ss_record_cleaner ss_record_cleaner;
typedef struct ss_cleaner ss_cleaner;
ss_record_cleaner *ss_record_cleaner_new(ss_cleaner *shared, int keep_boilerplate, ss_error *err);
void ss_record_cleaner_free(ss_record_cleaner *rc);
int ss_record_clean_text(ss_record_cleaner *rc, const char *json, size_t len, ss_buf *out, ss_error *err);
int ss_record_clean_files(ss_record_cleaner *rc, const char *const *paths, size_t n, ss_buf *out, ss_error *err);

typedef struct ss_dedup_opts { double threshold; int ngram; int hashes; uint32_t common_docs; } ss_dedup_opts;
typedef struct ss_dedup_params { double threshold, cutoff; uint32_t ngram, hashes, bands, rows, common_docs; } ss_dedup_params;
typedef struct ss_dedup ss_dedup;
void ss_dedup_opts_default(ss_dedup_opts *o);
ss_dedup_params ss_dedup_get_params(const ss_dedup *dd);
uint32_t ss_dedup_count(const ss_dedup *dd);
uint32_t ss_dedup_first_new(const ss_dedup *dd);
size_t ss_minhash_sketch_bytes(uint32_t hashes);
double ss_minhash_similarity(const uint8_t *a, const uint8_t *b, uint32_t hashes);

typedef struct ss_deduper ss_deduper;
ss_deduper *ss_deduper_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
void ss_deduper_free(ss_deduper *d);
ss_dedup *ss_deduper_index(ss_deduper *d);
int ss_deduper_load(ss_deduper *d, const char *path, ss_error *err);
int ss_deduper_save(ss_deduper *d, const char *path, ss_error *err);
int ss_deduper_add_json(ss_deduper *d, const char *body, size_t len, size_t max_doc, size_t *added, ss_error *err);
int ss_deduper_results_json(ss_deduper *d, uint32_t from, uint32_t to, ss_buf *out, ss_error *err);
int ss_deduper_query_json(ss_deduper *d, const char *record, size_t len, ss_buf *out, ss_error *err);

typedef struct ss_reuse_json_opts { uint32_t min_chars; uint32_t max_df; double furniture_share; double min_identity;
    int keep_no_body; int summary; int threads; int translated; } ss_reuse_json_opts;
void ss_reuse_json_opts_default(ss_reuse_json_opts *o);
int ss_reuse_json(const char *body, size_t len, const ss_reuse_json_opts *o, ss_buf *out, ss_error *err);
typedef struct ss_reuse_part ss_reuse_part;
ss_reuse_part *ss_reuse_part_new(const ss_reuse_json_opts *o, ss_error *err);
void ss_reuse_part_free(ss_reuse_part *p);
int ss_reuse_part_add_jsonl(ss_reuse_part *p, const char *buf, size_t len, const char *origin, uint64_t offset, ss_error *err);
int ss_reuse_part_add_files(ss_reuse_part *p, const char *const *paths, size_t n, ss_error *err);
int ss_reuse_part_add_bytes(ss_reuse_part *p, const char *bytes, size_t len, ss_error *err);
size_t ss_reuse_part_count(const ss_reuse_part *p);
int ss_reuse_part_docs(const ss_reuse_part *p, uint8_t *kept, uint64_t *source, ss_buf *ids);
size_t ss_reuse_part_nprints(ss_reuse_part *p);
void ss_reuse_part_prints(const ss_reuse_part *p, uint32_t *doc, uint64_t *hash);
int ss_reuse_part_doc_bytes(const ss_reuse_part *p, size_t i, ss_buf *out);
int ss_reuse_part_pairs_json(ss_reuse_part *p, uint32_t a, const uint32_t *b, size_t nb, const uint64_t *seeds, size_t nseeds, ss_buf *out, ss_error *err);

int ss_translations_json(const ss_context *ctx, const char *body, size_t len, double threshold, int no_dict,
                         int threads, ss_buf *out, ss_error *err);

typedef struct ss_dedup_part ss_dedup_part;
ss_dedup_part *ss_dedup_part_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
void ss_dedup_part_free(ss_dedup_part *p);
ss_dedup_params ss_dedup_part_params(const ss_dedup_part *p);
int ss_dedup_part_add_jsonl(ss_dedup_part *p, const char *buf, size_t len, const char *origin, uint64_t offset, ss_error *err);
int ss_dedup_part_add_files(ss_dedup_part *p, const char *const *paths, size_t n, ss_error *err);
size_t ss_dedup_part_count(const ss_dedup_part *p);
int ss_dedup_part_docs(const ss_dedup_part *p, int64_t *time, uint64_t *exact, uint8_t *flags, uint64_t *size, ss_buf *ids);
size_t ss_dedup_part_nlines(const ss_dedup_part *p);
void ss_dedup_part_lines(const ss_dedup_part *p, uint32_t *doc, uint64_t *hash);
int ss_dedup_part_sketch(ss_dedup_part *p, const uint8_t *want, const uint32_t *batch, const uint64_t *common_hash, const uint32_t *common_from, size_t ncommon, uint8_t *sketches, uint64_t *bands, uint8_t *has, ss_error *err);
"""
ffi = cffi.FFI()
ffi.cdef(CDEF)

# ss_status codes the binding tells apart (core/error.h)
SS_ETOOBIG = -5
SS_ENOTFOUND = -7
SS_EDUPID = -8
# ss_engine_open flags (engine/engine.h)
SS_STORE_CREATE = 1
SS_STORE_READONLY = 2


def _candidates():
    env = os.environ.get("SAMESTORY_LIB")
    if env:
        # absolute: the library finds its data from its own path, later,
        # whatever the working directory is then
        return [os.path.abspath(env)]
    here = os.path.dirname(os.path.abspath(__file__))
    tree = os.path.join(os.path.dirname(os.path.dirname(here)), "build", "libsamestory.so")
    return [tree, "libsamestory.so.4", "libsamestory.so"]


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: no such file")
            continue
        try:
            return ffi.dlopen(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("samestory: cannot load libsamestory (build it with `make`, or set SAMESTORY_LIB): "
                      + "; ".join(errors))


lib = _load()


_context = None
_context_lock = threading.Lock()


def context():
    """The process's ss_context: stopwords, lexicon and quoter loaded once
    and shared by every Engine, stories() and translations() call (the
    lexicon is 20 MB).  ffi.NULL when the stopwords are missing: each call
    then loads what it finds and warns, as before."""
    global _context
    with _context_lock:
        if _context is None:
            err = ffi.new("ss_error *")
            c = lib.ss_context_new(err)
            # kept for the life of the process: engines borrow it
            _context = c if c != ffi.NULL else ffi.NULL
        return _context
