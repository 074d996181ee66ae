"""The C library, loaded through cffi (ABI mode: no compiler needed).

The declarations below are those of lib/engine/engine.h and the core
headers that the binding calls; cffi releases the GIL during each call,
so Python threads run library work in parallel.  The library is found in
this order: $SAMESTORY_LIB (a path to libsamestory.so), the build tree
this package sits in (build/libsamestory.so beside python/), the
installed library (the dynamic loader's search path).
"""
import os

import cffi

ffi = cffi.FFI()
ffi.cdef("""
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

ss_engine *ss_engine_open_path(const char *path, unsigned flags, int threads, ss_error *err);
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
int ss_stories_json(const char *body, size_t len, int threads, ss_buf *out, ss_error *err);
int ss_engine_store_totals(ss_engine *e, int64_t *articles, int64_t *stories, ss_error *err);
void free(void *p);

typedef struct ss_record_cleaner ss_record_cleaner;
typedef struct ss_cleaner ss_cleaner;
ss_record_cleaner *ss_record_cleaner_new(ss_cleaner *shared, int keep_boilerplate, ss_error *err);
void ss_record_cleaner_free(ss_record_cleaner *rc);
int ss_record_clean_text(ss_record_cleaner *rc, const char *json, size_t len, ss_buf *out, ss_error *err);
""")

# ss_status codes the binding tells apart (core/error.h)
SS_ETOOBIG = -5
SS_ENOTFOUND = -7
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
    return [tree, "libsamestory.so.0", "libsamestory.so"]


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
