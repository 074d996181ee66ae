/* serve/serve.c — `samestory serve`: the story engine over HTTP, with a
 * live web page (see serve.h; the API is in docs/SERVE.md and the OpenAPI
 * file serve/web/openapi.json).
 *
 * Requests:
 *   POST   /v1/articles        add one record, an array of records, or JSON Lines
 *   GET    /v1/stories         list (since, until, lang, source, q, min_size, limit, after)
 *   GET    /v1/stories/{n}     one story: the comparison `stories` prints
 *   GET    /v1/articles/{id}   one article: text, metadata, relation
 *   DELETE /v1/articles/{id}   take an article down; its story is regrouped
 *   GET    /v1/search?q=       articles by full text (SQLite FTS5)
 *   GET    /v1/events          Server-Sent Events: stories new, updated, removed
 *   GET    /healthz, /metrics, /v1/openapi.json, and the page (/, /app.js, ...)
 *
 * A batch policy: the valid records of a POST are added in one transaction
 * and the invalid ones are answered with their index and error; a 2xx
 * answer is sent only after the commit.  A failed commit leaves nothing of
 * the batch and reopens the writing engine (engine.h: an engine whose add
 * failed must be freed).
 *
 * Every answer is JSON written by output/json.h (errors too: {"error":
 * message}); article content never reaches a page as markup: the page
 * puts it in with textContent, and the Content-Security-Policy allows
 * scripts and styles from the server only.
 */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "../cli/data.h"
#include "input/body.h"
#include "input/decode.h"

/* ---- limits (each has an option; docs/SERVE.md gives the reasons) ----- */

/* A request body: 64 MiB holds a batch of 10,000 articles of 6 KB. */
#define DEFAULT_MAX_BODY ((size_t)64 << 20)
/* Records per POST: a batch is one transaction, held in memory prepared. */
#define DEFAULT_MAX_RECORDS 10000
/* Simultaneous connections (one thread each). */
#define DEFAULT_MAX_CONNECTIONS 64
/* Seconds a connection may stay idle (a slow body included) before it is
 * closed: slow clients cannot hold a thread, and never the writer, which
 * is taken only once a whole body has arrived. */
#define DEFAULT_TIMEOUT 30
/* Events kept for clients that reconnect with Last-Event-ID. */
#define EVENT_RING 1024
/* An SSE connection sends a comment this often when nothing happens, so
 * proxies keep it open and a dead client is noticed. */
#define EVENT_KEEPALIVE_SECONDS 15
/* Bytes of a story title carried in an event (the page shows a line). */
#define EVENT_TITLE_BYTES 300
/* Seconds SIGTERM waits for the requests in flight before closing every
 * connection (a batch of 10,000 articles takes a few seconds to add). */
#define SHUTDOWN_GRACE_SECONDS 120
/* Stories per page of GET /v1/stories when no limit is given, and the most. */
#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 1000

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* Request duration buckets of /metrics, seconds. */
static const double LAT_BUCKETS[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NLAT (sizeof LAT_BUCKETS / sizeof LAT_BUCKETS[0])

typedef struct server {
    const char *db;
    ss_engine_opts wopts;      /* the writer's options (data borrowed) */
    unsigned wflags;
    ss_engine *writer;         /* NULL after a failed reopen: writes answer 503 */
    pthread_mutex_t wlock;

    ss_engine_opts ropts;
    pthread_mutex_t rlock;
    ss_engine **idle;          /* read-only engines not in use */
    size_t nidle, cap;

    char token[256];
    size_t token_len;
    int read_token;
    int quiet;                 /* -q: no notes (start, stop, token file); errors still */

    size_t max_body, max_records, max_doc;

    pthread_mutex_t elock;
    pthread_cond_t econd;
    uint64_t eseq;             /* number of the last event */
    uint64_t efirst;           /* number of this run's first event: ids go on
                                  growing across restarts (they start from the
                                  start time in microseconds), so a client's
                                  Last-Event-ID of an earlier run is older than
                                  every event of this one */
    char *ring[EVENT_RING];    /* event JSON, by seq % EVENT_RING */

    atomic_int stopping;
    atomic_ullong requests, by_class[6], lat[NLAT + 1], lat_sum_us;
    atomic_ullong added, resent, corrected, posts, removed;
    atomic_long streams;       /* event streams open now */
    atomic_long active;        /* requests begun and not yet completed */
    double t0;
} server;

typedef struct request {
    ss_buf body;
    int too_large;
    double t0;
    unsigned status;
    int stream;                /* an event stream: not a request's latency */
    int begun;                 /* on_request has seen it */
    char bad_escape[16];       /* a malformed percent escape of the URI ("%zz"), or "" */
} request;

static server S;

/* ---- small helpers ------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static enum MHD_Result send_buf(struct MHD_Connection *c, request *rq, unsigned status, const char *type,
                                const void *data, size_t len, int copy)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    if (rq)
        rq->status = status;
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, request *rq, unsigned status, ss_buf *b)
{
    if (ss_buf_putc(b, '\n'))
        return MHD_NO;
    return send_buf(c, rq, status, "application/json; charset=utf-8", b->data, b->len, 1);
}

static enum MHD_Result send_error(struct MHD_Connection *c, request *rq, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum MHD_Result send_error(struct MHD_Connection *c, request *rq, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "error");
    ss_jw_str(&w, msg);
    ss_jw_key(&w, "status");
    ss_jw_int(&w, status);
    ss_jw_obj_end(&w);
    enum MHD_Result ret = w.err ? MHD_NO : send_json(c, rq, status, &b);
    ss_buf_release(&b);
    return ret;
}

/* The status an ss_status maps to. */
static unsigned http_status(int code)
{
    switch (code) {
    case SS_ENOTFOUND:
        return MHD_HTTP_NOT_FOUND;
    case SS_EINVAL:
    case SS_EPARSE:
    case SS_EMISSING:
        return MHD_HTTP_BAD_REQUEST;
    default:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

/* Whether the request carries a bearer token at all (right or wrong). */
static int token_given(struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    return h && strncasecmp(h, "Bearer ", 7) == 0 && h[7];
}

/* Constant-time comparison of the bearer token (length included). */
static int token_ok(struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return 0;
    h += 7;
    size_t n = strlen(h);
    unsigned char diff = (unsigned char)(n != S.token_len);
    for (size_t i = 0; i < S.token_len; i++)
        diff |= (unsigned char)(S.token[i] ^ (i < n ? h[i] : 0));
    return diff == 0;
}

/* ---- engines ------------------------------------------------------------ */

static ss_engine *reader_get(ss_error *err)
{
    pthread_mutex_lock(&S.rlock);
    ss_engine *e = S.nidle ? S.idle[--S.nidle] : NULL;
    pthread_mutex_unlock(&S.rlock);
    if (!e)
        e = ss_engine_open(S.db, &S.ropts, SS_STORE_READONLY | SS_STORE_KEEP_OPTIONS, err);
    return e;
}

static void reader_put(ss_engine *e)
{
    if (!e)
        return;
    pthread_mutex_lock(&S.rlock);
    if (S.nidle == S.cap) {
        size_t cap = S.cap ? S.cap * 2 : 8;
        ss_engine **p = realloc(S.idle, cap * sizeof *p);
        if (p) {
            S.idle = p;
            S.cap = cap;
        }
    }
    if (S.nidle < S.cap) {
        S.idle[S.nidle++] = e;
        e = NULL;
    }
    pthread_mutex_unlock(&S.rlock);
    ss_engine_free(e);
}

/* After a failed add or remove the writing engine must be freed; open it
 * again (the store holds every earlier commit).  Under wlock. */
static char writer_note[256]; /* for another writer's message (ss_engine_note_writer); under wlock */

static void writer_reopen(void)
{
    ss_engine_free(S.writer);
    ss_error err;
    ss_error_clear(&err);
    S.writer = ss_engine_open(S.db, &S.wopts, S.wflags, &err);
    if (!S.writer)
        cli_error("%s (writes are refused until the server restarts)", err.msg);
    else if (writer_note[0])
        ss_engine_note_writer(S.writer, writer_note);
}

/* ---- events --------------------------------------------------------------- */

/* Turn the engine's changed stories (JSON lines) into events. */
static void publish_changes(const ss_buf *lines)
{
    const char *p = lines->data, *end = lines->data + lines->len;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_error_t je;
        json_t *o = json_loadb(p, len, 0, &je);
        p = nl ? nl + 1 : end;
        if (!o)
            continue;
        ss_buf b = SS_BUF_INIT;
        ss_jw w;
        ss_jw_init(&w, &b);
        ss_jw_obj(&w);
        ss_jw_key(&w, "story");
        ss_jw_int(&w, (int64_t)json_integer_value(json_object_get(o, "story")));
        const char *change = json_string_value(json_object_get(o, "change"));
        ss_jw_key(&w, "change");
        ss_jw_str(&w, change ? change : "updated");
        const char *title = json_string_value(json_object_get(o, "title"));
        if (title) {
            size_t n = strlen(title);
            if (n > EVENT_TITLE_BYTES) {
                n = EVENT_TITLE_BYTES;
                while (n && ((unsigned char)title[n] & 0xC0) == 0x80)
                    n--;
            }
            ss_jw_key(&w, "title");
            ss_jw_strn(&w, title, n);
        }
        json_t *size = json_object_get(o, "size");
        if (json_is_integer(size)) {
            ss_jw_key(&w, "size");
            ss_jw_int(&w, (int64_t)json_integer_value(size));
        }
        ss_jw_obj_end(&w);
        json_decref(o);
        if (w.err || ss_buf_putc(&b, '\0')) {
            ss_buf_release(&b);
            continue;
        }
        pthread_mutex_lock(&S.elock);
        uint64_t seq = ++S.eseq;
        free(S.ring[seq % EVENT_RING]);
        S.ring[seq % EVENT_RING] = b.data; /* taken over */
        pthread_cond_broadcast(&S.econd);
        pthread_mutex_unlock(&S.elock);
    }
}

typedef struct sse {
    uint64_t next;   /* the next event to send */
    int hello;
} sse;

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    sse *s = cls;
    if (!s->hello) {
        s->hello = 1;
        return snprintf(buf, max, "retry: 2000\n: samestory events\n\n");
    }
    pthread_mutex_lock(&S.elock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += EVENT_KEEPALIVE_SECONDS;
    int timed_out = 0;
    while (!atomic_load(&S.stopping) && s->next > S.eseq && !timed_out)
        timed_out = pthread_cond_timedwait(&S.econd, &S.elock, &until) == ETIMEDOUT;
    if (atomic_load(&S.stopping)) {
        pthread_mutex_unlock(&S.elock);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (s->next > S.eseq) {
        pthread_mutex_unlock(&S.elock);
        return snprintf(buf, max, ": keepalive\n\n");
    }
    if (S.eseq >= EVENT_RING && s->next <= S.eseq - EVENT_RING)
        s->next = S.eseq - EVENT_RING + 1; /* the ones before are gone */
    const char *ev = S.ring[s->next % EVENT_RING];
    int n = snprintf(buf, max, "id: %llu\nevent: story\ndata: %s\n\n", (unsigned long long)s->next,
                     ev ? ev : "{}");
    pthread_mutex_unlock(&S.elock);
    if (n < 0 || (size_t)n >= max)
        n = snprintf(buf, max, ": event %llu too large\n\n", (unsigned long long)s->next);
    s->next++;
    return n;
}

static enum MHD_Result serve_events(struct MHD_Connection *c, request *rq)
{
    sse *s = calloc(1, sizeof *s);
    if (!s)
        return send_error(c, rq, 503, "out of memory");
    const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    pthread_mutex_lock(&S.elock);
    s->next = S.eseq + 1;
    pthread_mutex_unlock(&S.elock);
    if (last && *last) {
        char *e;
        unsigned long long v = strtoull(last, &e, 10);
        if (!*e && v < s->next)
            s->next = v + 1 < S.efirst ? S.efirst : v + 1; /* an earlier run's id: this run's
                                                             events are all it missed */
    }
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 8192, sse_read, s, free);
    if (!r) {
        free(s);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    rq->status = 200;
    if (ret == MHD_YES) {
        rq->stream = 1;
        atomic_fetch_add(&S.streams, 1);
    }
    return ret;
}

/* ---- POST /v1/articles -------------------------------------------------- */

/* Occurrences of pat in b. */
static size_t count_in(const ss_buf *b, const char *pat)
{
    size_t n = 0, m = strlen(pat);
    for (const char *p = b->data, *end = b->data ? b->data + b->len : NULL; p && (size_t)(end - p) >= m;) {
        const char *q = memmem(p, (size_t)(end - p), pat, m);
        if (!q)
            break;
        n++;
        p = q + m;
    }
    return n;
}

/* POST /v1/articles: the engine takes the body (ss_engine_add_json: the
 * valid records in one transaction, each refused one answered in its
 * place); this adds the lock, the limits, the events and the status. */
static enum MHD_Result post_articles(struct MHD_Connection *c, request *rq)
{
    ss_buf out = SS_BUF_INIT, changes = SS_BUF_INIT;
    ss_error err;
    ss_error_clear(&err);
    size_t accepted = 0, rejected = 0;
    /* a page sent as the body: refused whole, before the writer is taken
       (the engine would refuse it too, as an error that reopens it) */
    if (ss_body_is_markup(rq->body.data ? rq->body.data : "", rq->body.len))
        return send_error(c, rq, MHD_HTTP_BAD_REQUEST, "%s", SS_BODY_MARKUP);
    pthread_mutex_lock(&S.wlock);
    int rc = S.writer ? ss_engine_add_json(S.writer, rq->body.data, rq->body.len, S.max_records, S.max_doc, &out,
                                           &accepted, &rejected, &err)
                      : ss_error_set(&err, SS_EIO, "the store cannot be written (see the server's log)");
    if (rc == SS_OK) {
        ss_error e2;
        ss_error_clear(&e2);
        if (accepted && ss_engine_changes_json(S.writer, &changes, &e2) == SS_OK)
            publish_changes(&changes);
    } else if (rc != SS_ETOOBIG && S.writer) {
        writer_reopen(); /* an engine whose add failed must be freed */
    }
    pthread_mutex_unlock(&S.wlock);
    ss_buf_release(&changes);
    enum MHD_Result ret;
    if (rc == SS_ETOOBIG)
        ret = send_error(c, rq, MHD_HTTP_CONTENT_TOO_LARGE, "%s (--max-records)", err.msg);
    else if (rc)
        ret = send_error(c, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "nothing of the batch was stored: %s", err.msg);
    else if (!accepted && !rejected)
        ret = send_error(c, rq, MHD_HTTP_BAD_REQUEST,
                         "no record in the request body (give a JSON object, an array of them, or JSON Lines)");
    else {
        /* by what each accepted record did: new, the same as stored
           (a crawler's re-send), or a correction.  The answer is our own
           JSON, where a quote inside a string is always escaped, so the
           pattern is only ever a record's member */
        size_t same = count_in(&out, "\"action\":\"same\""), fixed = count_in(&out, "\"action\":\"corrected\"");
        atomic_fetch_add(&S.added, accepted >= same + fixed ? accepted - same - fixed : 0);
        atomic_fetch_add(&S.resent, same);
        atomic_fetch_add(&S.corrected, fixed);
        atomic_fetch_add(&S.posts, 1);
        /* every record refused: the answer is an error object too, with the
           status every error answer carries */
        ss_buf refused = SS_BUF_INIT;
        if (!accepted && out.len && out.data[0] == '{' &&
            (ss_buf_puts(&refused, "{\"status\":400,") || ss_buf_append(&refused, out.data + 1, out.len - 1)))
            ret = send_error(c, rq, 503, "out of memory");
        else
            ret = send_json(c, rq, accepted || !rejected ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST,
                            refused.len ? &refused : &out);
        ss_buf_release(&refused);
    }
    ss_buf_release(&out);
    return ret;
}

/* ---- DELETE /v1/articles/{id} ------------------------------------------- */

static enum MHD_Result delete_article(struct MHD_Connection *c, request *rq, const char *id)
{
    ss_error err;
    ss_error_clear(&err);
    size_t removed = 0;
    ss_buf changes = SS_BUF_INIT;
    pthread_mutex_lock(&S.wlock);
    int rc;
    if (!S.writer) {
        rc = ss_error_set(&err, SS_EIO, "the store cannot be written (see the server's log)");
    } else {
        rc = ss_engine_remove(S.writer, &id, 1, &removed, &err);
        if (rc)
            writer_reopen();
        else if (ss_engine_changes_json(S.writer, &changes, &err) == SS_OK)
            publish_changes(&changes);
    }
    pthread_mutex_unlock(&S.wlock);
    ss_buf_release(&changes);
    if (rc)
        return send_error(c, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "%s", err.msg);
    if (!removed)
        return send_error(c, rq, MHD_HTTP_NOT_FOUND, "no article \"%s\"", id);
    atomic_fetch_add(&S.removed, 1);
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "removed");
    ss_jw_str(&w, id);
    ss_jw_obj_end(&w);
    enum MHD_Result ret = send_json(c, rq, MHD_HTTP_OK, &b);
    ss_buf_release(&b);
    return ret;
}

/* ---- reads ---------------------------------------------------------------- */

static const char *arg(struct MHD_Connection *c, const char *k)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
    return v && *v ? v : NULL;
}

/* A time argument: ISO 8601 date/time or seconds since 1970. */
/* A time argument: seconds since 1970, or a date; end: the end of a
 * range, where a date stands for all of its day (as `stories --until`). */
static int time_arg(const char *s, int end, int64_t *t)
{
    char *e;
    errno = 0;
    long long v = strtoll(s, &e, 10);
    if (!*e && *s && errno == 0 && s[0] != ' ' && s[0] != '+') {
        *t = v;
        return 0;
    }
    return (end ? ss_time_parse_end : ss_time_parse)(s, strlen(s), t) == SS_OK ? 0 : -1;
}

static int size_arg(const char *s, size_t lo, size_t hi, size_t *out)
{
    char *e;
    errno = 0;
    unsigned long long v = strtoull(s, &e, 10);
    if (*e || errno || !(s[0] >= '0' && s[0] <= '9') || v < lo || v > hi)
        return -1; /* digits only: not " 5" (%205), "+5" or "-5" */
    *out = (size_t)v;
    return 0;
}

static enum MHD_Result get_stories(struct MHD_Connection *c, request *rq)
{
    ss_story_filter f;
    ss_story_filter_init(&f);
    const char *v;
    if ((v = arg(c, "since")) && time_arg(v, 0, &f.since))
        return send_error(c, rq, 400, "bad since \"%s\" (a date like 2024-05-01 or seconds since 1970)", v);
    if ((v = arg(c, "until")) && time_arg(v, 1, &f.until))
        return send_error(c, rq, 400, "bad until \"%s\" (a date like 2024-05-01 or seconds since 1970)", v);
    f.lang = arg(c, "lang");
    f.source = arg(c, "source");
    f.query = arg(c, "q");
    f.after = arg(c, "after");
    f.limit = LIST_DEFAULT_LIMIT;
    if ((v = arg(c, "limit")) && size_arg(v, 1, LIST_MAX_LIMIT, &f.limit))
        return send_error(c, rq, 400, "bad limit \"%s\" (1 to %d)", v, LIST_MAX_LIMIT);
    if ((v = arg(c, "min_size")) && size_arg(v, 0, SIZE_MAX / 2, &f.min_size))
        return send_error(c, rq, 400, "bad min_size \"%s\" (a count of articles)", v);
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = reader_get(&err);
    if (!e)
        return send_error(c, rq, 503, "%s", err.msg);
    ss_buf lines = SS_BUF_INIT;
    char *next = NULL;
    int rc = ss_engine_list_json(e, &f, &lines, &next, &err);
    reader_put(e);
    if (rc) {
        ss_buf_release(&lines);
        return send_error(c, rq, http_status(rc), "%s", err.msg);
    }
    /* {"stories": [line, ...], "next": cursor} */
    ss_buf b = SS_BUF_INIT;
    int bad = ss_buf_append(&b, "{\"stories\":[", 12) != 0;
    const char *p = lines.data, *end = lines.data + lines.len;
    int first = 1;
    while (!bad && p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len)
            bad |= (!first && ss_buf_putc(&b, ',')) || ss_buf_append(&b, p, len);
        first = 0;
        p = nl ? nl + 1 : end;
    }
    bad |= ss_buf_append(&b, "],\"next\":", 9) != 0;
    if (next)
        bad |= ss_json_escape(&b, next, strlen(next)) != 0; /* a string literal, quotes and all */
    else
        bad |= ss_buf_append(&b, "null", 4) != 0;
    bad |= ss_buf_putc(&b, '}') != 0;
    free(next);
    ss_buf_release(&lines);
    enum MHD_Result ret = bad ? send_error(c, rq, 503, "out of memory") : send_json(c, rq, 200, &b);
    ss_buf_release(&b);
    return ret;
}

static enum MHD_Result get_one(struct MHD_Connection *c, request *rq, int story, const char *key)
{
    int64_t sid = 0;
    if (story) {
        char *e;
        errno = 0;
        long long v = strtoll(key, &e, 10);
        if (!*key || *e || errno || v < 0 || !(key[0] >= '0' && key[0] <= '9') || (key[0] == '0' && key[1]))
            return send_error(c, rq, 404, "no story \"%s\" (stories are numbered 1, 2, ...)", key);
        sid = v;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = reader_get(&err);
    if (!e)
        return send_error(c, rq, 503, "%s", err.msg);
    ss_buf b = SS_BUF_INIT;
    int rc = story ? ss_engine_story_get_json(e, sid, &b, &err) : ss_engine_article_json(e, key, &b, &err);
    reader_put(e);
    enum MHD_Result ret;
    if (rc)
        ret = rc == SS_ENOTFOUND ? send_error(c, rq, 404, "no %s \"%s\"", story ? "story" : "article", key)
                                 : send_error(c, rq, http_status(rc), "%s", err.msg);
    else
        ret = send_json(c, rq, 200, &b);
    ss_buf_release(&b);
    return ret;
}

static enum MHD_Result get_search(struct MHD_Connection *c, request *rq)
{
    const char *q = arg(c, "q");
    if (!q)
        return send_error(c, rq, 400, "give the words to search for: /v1/search?q=...");
    size_t limit = 20;
    const char *v;
    if ((v = arg(c, "limit")) && size_arg(v, 1, LIST_MAX_LIMIT, &limit))
        return send_error(c, rq, 400, "bad limit \"%s\" (1 to %d)", v, LIST_MAX_LIMIT);
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = reader_get(&err);
    if (!e)
        return send_error(c, rq, 503, "%s", err.msg);
    ss_buf b = SS_BUF_INIT;
    int rc = ss_buf_append(&b, "{\"articles\":", 12) ? SS_ENOMEM : ss_engine_search_json(e, q, limit, &b, &err);
    reader_put(e);
    enum MHD_Result ret;
    if (rc)
        ret = send_error(c, rq, http_status(rc), "%s", err.msg);
    else
        ret = ss_buf_putc(&b, '}') ? MHD_NO : send_json(c, rq, 200, &b);
    ss_buf_release(&b);
    return ret;
}

static enum MHD_Result get_metrics(struct MHD_Connection *c, request *rq)
{
    int64_t articles = -1, stories = -1;
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = reader_get(&err);
    if (e) {
        if (ss_engine_store_totals(e, &articles, &stories, &err))
            articles = stories = -1;
        reader_put(e);
    }
    char path[4096];
    struct stat st;
    long long bytes = 0;
    if (stat(S.db, &st) == 0)
        bytes += st.st_size;
    snprintf(path, sizeof path, "%s-wal", S.db);
    if (stat(path, &st) == 0)
        bytes += st.st_size;
    double up = now_s() - S.t0;
    ss_buf b = SS_BUF_INIT;
    char line[512];
#define OUT(...) (snprintf(line, sizeof line, __VA_ARGS__), ss_buf_append(&b, line, strlen(line)))
    OUT("# HELP samestory_articles Articles in the store.\n# TYPE samestory_articles gauge\n"
        "samestory_articles %lld\n",
        (long long)articles);
    OUT("# HELP samestory_stories Stories in the store.\n# TYPE samestory_stories gauge\n"
        "samestory_stories %lld\n",
        (long long)stories);
    OUT("# HELP samestory_articles_added_total New articles stored since the server started.\n"
        "# TYPE samestory_articles_added_total counter\nsamestory_articles_added_total %llu\n",
        (unsigned long long)atomic_load(&S.added));
    OUT("# HELP samestory_articles_resent_total Articles sent again as stored (nothing changed).\n"
        "# TYPE samestory_articles_resent_total counter\nsamestory_articles_resent_total %llu\n",
        (unsigned long long)atomic_load(&S.resent));
    OUT("# HELP samestory_articles_corrected_total Stored articles replaced by a new version.\n"
        "# TYPE samestory_articles_corrected_total counter\nsamestory_articles_corrected_total %llu\n",
        (unsigned long long)atomic_load(&S.corrected));
    OUT("# HELP samestory_event_streams Event streams (/v1/events) open now.\n"
        "# TYPE samestory_event_streams gauge\nsamestory_event_streams %ld\n",
        (long)atomic_load(&S.streams));
    OUT("# HELP samestory_articles_removed_total Articles taken down since the server started.\n"
        "# TYPE samestory_articles_removed_total counter\nsamestory_articles_removed_total %llu\n",
        (unsigned long long)atomic_load(&S.removed));
    OUT("# HELP samestory_ingest_rate Articles added per second since the server started.\n"
        "# TYPE samestory_ingest_rate gauge\nsamestory_ingest_rate %.3f\n",
        up > 0 ? (double)atomic_load(&S.added) / up : 0.0);
    OUT("# HELP samestory_store_bytes Size of the store file and its write-ahead log.\n"
        "# TYPE samestory_store_bytes gauge\nsamestory_store_bytes %lld\n",
        bytes);
    OUT("# HELP samestory_http_requests_total Requests answered, by status class.\n"
        "# TYPE samestory_http_requests_total counter\n");
    for (int k = 1; k <= 5; k++)
        OUT("samestory_http_requests_total{code=\"%dxx\"} %llu\n", k,
            (unsigned long long)atomic_load(&S.by_class[k]));
    OUT("# HELP samestory_http_request_duration_seconds Time to answer a request (event streams "
        "aside).\n"
        "# TYPE samestory_http_request_duration_seconds histogram\n");
    unsigned long long cum = 0;
    for (size_t k = 0; k < NLAT; k++) {
        cum += atomic_load(&S.lat[k]);
        OUT("samestory_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", LAT_BUCKETS[k], cum);
    }
    cum += atomic_load(&S.lat[NLAT]);
    OUT("samestory_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    OUT("samestory_http_request_duration_seconds_sum %.6f\n", (double)atomic_load(&S.lat_sum_us) / 1e6);
    OUT("samestory_http_request_duration_seconds_count %llu\n", cum);
#undef OUT
    enum MHD_Result ret = send_buf(c, rq, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len, 1);
    ss_buf_release(&b);
    return ret;
}

/* ---- dispatch ------------------------------------------------------------- */

static enum MHD_Result wrong_method(struct MHD_Connection *c, request *rq, const char *allow)
{
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "error");
    ss_jw_str(&w, "method not allowed here");
    ss_jw_key(&w, "status");
    ss_jw_int(&w, 405);
    ss_jw_key(&w, "allow");
    ss_jw_str(&w, allow);
    ss_jw_obj_end(&w);
    ss_buf_putc(&b, '\n');
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    ss_buf_release(&b);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(r, "Allow", allow);
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
    MHD_destroy_response(r);
    rq->status = 405;
    return ret;
}

/* The query parameters of an endpoint, " "-separated: a misspelled one
 * (?langg=de) is refused by name, never silently ignored. */
static const char *const STORIES_ARGS = "since until lang source q after limit min_size";
static const char *const SEARCH_ARGS = "q limit";
static const char *const NO_ARGS = "";

typedef struct {
    const char *allowed;
    const char *empty;    /* the first one without a value (?q=) or with a NUL in it (%00) */
    const char *unknown;  /* the first parameter not allowed */
    const char *repeated; /* the first one given twice (?lang=de&lang=fr) */
    const char *seen[16]; /* the names so far (each endpoint takes fewer) */
    size_t nseen;
} args_check;

static int in_list(const char *list, const char *k)
{
    size_t n = strlen(k);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t m = e ? (size_t)(e - p) : strlen(p);
        if (m == n && memcmp(p, k, n) == 0)
            return 1;
        p += m + (e ? 1 : 0);
    }
    return 0;
}

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *k, size_t klen, const char *v,
                                size_t vlen)
{
    (void)kind;
    args_check *a = cls;
    if (strlen(k) != klen || !in_list(a->allowed, k)) {
        a->unknown = k;
        return MHD_NO; /* stop at the first */
    }
    /* an empty value was ignored (?q= listed every story) and a NUL cut
       one short (?q=a%00b searched for "a"): refused, as a value of
       blanks only is */
    if (!v || !vlen || strlen(v) != vlen) {
        a->empty = k;
        return MHD_NO;
    }
    /* a second value would be ignored (the first one wins): refused as
       the CLI refuses a repeated listing option */
    for (size_t i = 0; i < a->nseen; i++)
        if (strcmp(a->seen[i], k) == 0) {
            a->repeated = k;
            return MHD_NO;
        }
    if (a->nseen < sizeof a->seen / sizeof a->seen[0])
        a->seen[a->nseen++] = k;
    return MHD_YES;
}

/* 400 naming the first query parameter of the request that allowed lacks;
 * MHD_YES with *refused 0 when all are known. */
static enum MHD_Result check_args(struct MHD_Connection *c, request *rq, const char *url, const char *allowed,
                                  int *refused)
{
    args_check a = {allowed, NULL, NULL, NULL, {NULL}, 0};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, each_arg, &a);
    *refused = a.unknown != NULL || a.repeated != NULL || a.empty != NULL;
    if (a.empty)
        return send_error(c, rq, 400, "parameter \"%.60s\" has no value, or a NUL in it", a.empty);
    if (a.repeated)
        return send_error(c, rq, 400, "parameter \"%.60s\" given twice (%s takes each once)", a.repeated, url);
    if (!a.unknown)
        return MHD_YES;
    if (!*allowed)
        return send_error(c, rq, 400, "unknown parameter \"%.60s\": %s takes none", a.unknown, url);
    return send_error(c, rq, 400, "unknown parameter \"%.60s\" (%s takes: %s)", a.unknown, url, allowed);
}

/* The methods an endpoint of /v1 takes ("GET, DELETE"), NULL for no such
 * endpoint. */
static const char *methods_of(const char *url)
{
    if (strcmp(url, "/v1/articles") == 0)
        return "POST";
    if (strncmp(url, "/v1/articles/", 13) == 0 && url[13])
        return "GET, DELETE";
    if (strcmp(url, "/v1/stories") == 0 || (strncmp(url, "/v1/stories/", 12) == 0 && url[12]) ||
        strcmp(url, "/v1/search") == 0 || strcmp(url, "/v1/events") == 0)
        return "GET";
    return NULL;
}

/* Whether method is one of allowed (HEAD goes with GET). */
static int method_in(const char *allowed, const char *method)
{
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    size_t n = strlen(method);
    if (n == 0)
        return 0;
    for (const char *p = allowed; (p = strstr(p, method)) != NULL; p += n)
        if ((p == allowed || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static enum MHD_Result route(struct MHD_Connection *c, request *rq, const char *url, const char *method)
{
    /* answered once the request is whole, as any other error: the
       connection stays open for the next request */
    if (rq->bad_escape[0])
        return send_error(c, rq, 400,
                          strcmp(rq->bad_escape, "%00") == 0
                              ? "a NUL (%s) in the URL: no id, path or parameter holds one"
                              : "malformed percent escape \"%s\" in the URL (a %% is followed by two hex "
                                "digits; write %%25 for a %% itself)",
                          rq->bad_escape);
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0;
    int del = strcmp(method, "DELETE") == 0;
    if (atomic_load(&S.stopping))
        return send_error(c, rq, 503, "the server is stopping");

    int refused = 0;
    enum MHD_Result checked;
    if (strcmp(url, "/healthz") == 0) {
        if (!get)
            return wrong_method(c, rq, "GET");
        if ((checked = check_args(c, rq, url, NO_ARGS, &refused)), refused)
            return checked;
        ss_buf b = SS_BUF_INIT;
        ss_buf_append(&b, "{\"ok\":true}", 11);
        enum MHD_Result ret = send_json(c, rq, 200, &b);
        ss_buf_release(&b);
        return ret;
    }
    /* /metrics counts articles and requests: with --read-token it is a
       read like the others; the page and the OpenAPI file hold no data */
    if (strcmp(url, "/metrics") == 0) {
        if (!get)
            return wrong_method(c, rq, "GET"); /* told before a token is asked for */
        if (S.read_token && !token_ok(c))
            return send_error(c, rq, 401, "%s (Authorization: Bearer TOKEN)",
                              token_given(c) ? "the bearer token is not this server's"
                                             : "this server's reads need a bearer token");
        if (!get)
            return wrong_method(c, rq, "GET");
        if ((checked = check_args(c, rq, url, NO_ARGS, &refused)), refused)
            return checked;
        return get_metrics(c, rq);
    }

    if (strncmp(url, "/v1/", 4) != 0) {
        for (const serve_asset *a = serve_assets; a->path; a++)
            if (strcmp(a->path, url) == 0)
                return get ? send_buf(c, rq, 200, a->type, a->data, a->len, 0) : wrong_method(c, rq, "GET");
        return send_error(c, rq, 404, "no such page");
    }
    if (strcmp(url, "/v1/openapi.json") == 0) {
        for (const serve_asset *a = serve_assets; a->path; a++)
            if (strcmp(a->path, url) == 0) {
                if (!get)
                    return wrong_method(c, rq, "GET");
                if ((checked = check_args(c, rq, url, NO_ARGS, &refused)), refused)
                    return checked;
                return send_buf(c, rq, 200, a->type, a->data, a->len, 0);
            }
    }

    /* a method the endpoint does not take is told before any token is
       asked for (POST /v1/stories is 405 with a token or without) */
    const char *allowed = methods_of(url);
    if (allowed && !method_in(allowed, method))
        return wrong_method(c, rq, allowed);
    int write = post || del;
    if ((write || S.read_token) && !token_ok(c))
        return send_error(c, rq, 401, "%s (Authorization: Bearer TOKEN; see --token-file)",
                          token_given(c) ? "the bearer token is not this server's"
                          : write        ? "writes need a bearer token"
                                         : "this server's reads need a bearer token");

    checked = check_args(c, rq, url,
                                         strcmp(url, "/v1/stories") == 0  ? STORIES_ARGS
                                         : strcmp(url, "/v1/search") == 0 ? SEARCH_ARGS
                                                                           : NO_ARGS,
                                         &refused);
    if (refused)
        return checked;

    if (strcmp(url, "/v1/articles") == 0) {
        if (!post)
            return wrong_method(c, rq, "POST");
        if (rq->too_large)
            return send_error(c, rq, MHD_HTTP_CONTENT_TOO_LARGE, "request body over %zu bytes (--max-body)",
                              S.max_body);
        /* a form upload (curl -F) would be read as JSON Lines of its
           multipart headers: refused by name; anything else is read as
           it is, also the application/x-www-form-urlencoded that curl
           --data-binary sends unless told otherwise (its body is the
           file's bytes) */
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if (ct && strncasecmp(ct, "multipart/", 10) == 0)
            return send_error(c, rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                              "send the records as the body (JSON, a JSON array or JSON Lines: curl "
                              "--data-binary @FILE), not as a form (%.60s)", ct);
        /* a compressed body (curl -H 'Content-Encoding: gzip' --data-binary
           @feed.jsonl.gz) is decoded, at most --max-body bytes of it: the
           CLI reads .gz files too */
        const char *ce = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Encoding");
        ss_coding coding = ce ? ss_coding_of(ce) : SS_CODING_IDENTITY;
        if (coding == SS_CODING_UNKNOWN)
            return send_error(c, rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                              "Content-Encoding \"%.40s\" is not read: send gzip, deflate, br or no "
                              "coding", ce);
        if (coding != SS_CODING_IDENTITY) {
            ss_buf plain = SS_BUF_INIT;
            ss_error derr;
            ss_error_clear(&derr);
            int drc = ss_decode_content(coding, rq->body.data ? rq->body.data : "", rq->body.len, S.max_body,
                                        &plain, &derr);
            if (drc) {
                ss_buf_release(&plain);
                if (drc == SS_ETOOBIG)
                    return send_error(c, rq, MHD_HTTP_CONTENT_TOO_LARGE,
                                      "request body over %zu bytes once decoded (--max-body)", S.max_body);
                if (drc == SS_ENOMEM)
                    return send_error(c, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
                return send_error(c, rq, MHD_HTTP_BAD_REQUEST, "the %s body cannot be decoded: %s", ce,
                                  derr.msg);
            }
            ss_buf_release(&rq->body);
            rq->body = plain;
        }
        return post_articles(c, rq);
    }
    if (strncmp(url, "/v1/articles/", 13) == 0 && url[13]) {
        if (get)
            return get_one(c, rq, 0, url + 13);
        if (del)
            return delete_article(c, rq, url + 13);
        return wrong_method(c, rq, "GET, DELETE");
    }
    if (strcmp(url, "/v1/stories") == 0)
        return get ? get_stories(c, rq) : wrong_method(c, rq, "GET");
    if (strncmp(url, "/v1/stories/", 12) == 0 && url[12])
        return get ? get_one(c, rq, 1, url + 12) : wrong_method(c, rq, "GET");
    if (strcmp(url, "/v1/search") == 0)
        return get ? get_search(c, rq) : wrong_method(c, rq, "GET");
    if (strcmp(url, "/v1/events") == 0)
        return get ? serve_events(c, rq) : wrong_method(c, rq, "GET");
    return send_error(c, rq, 404, "no such endpoint (see /v1/openapi.json)");
}

static int hex_digit(char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
}

/* Each request begins here, with its URI as the client sent it (MHD's
 * MHD_OPTION_URI_LOG_CALLBACK, before any unescaping): its state is made
 * and, when a "%" of the path or query is not followed by two hex digits,
 * the escape is kept to answer 400 with.  MHD's own unescaping would pass
 * "%zz" on as it is, so "/v1/articles/a%zz" would look up an article "a%zz"
 * and "?limit=5%" be read as "5%". */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL; /* on_request tries again */
    rq->t0 = now_s();
    for (const char *p = uri; p && *p; p++)
        if (*p == '%' && (!(hex_digit(p[1]) && hex_digit(p[2])) || (p[1] == '0' && p[2] == '0'))) {
            /* %00 too: the decoded path would end at the NUL, and DELETE
               /v1/articles/a%00b remove the article "a" */
            size_t n = strnlen(p, 3);
            memcpy(rq->bad_escape, p, n);
            rq->bad_escape[n] = '\0';
            break;
        }
    return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    request *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        rq->t0 = now_s();
        *con_cls = rq;
    }
    if (!rq->begun) {
        /* counted from here: a request MHD answers itself, or one whose
           client went away before its headers ended, is no request of
           ours (on_done leaves it out of the metrics, and a stop does not
           wait for it) */
        rq->begun = 1;
        atomic_fetch_add(&S.active, 1);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > S.max_body) {
            /* answered now, before the body: no "100 Continue" asks a
               client for bytes that will be refused, and a client that
               declared more than it sends is not left waiting (401, 405
               or 413 as for a body that was sent) */
            rq->too_large = 1;
            return route(c, rq, url, method);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_large && rq->body.len + *upload_size > S.max_body) {
            rq->too_large = 1;
            ss_buf_release(&rq->body);
        }
        if (!rq->too_large && ss_buf_append(&rq->body, upload, *upload_size))
            rq->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large && strcmp(method, "POST") == 0 && strcmp(url, "/v1/articles") == 0 && token_ok(c))
        return send_error(c, rq, MHD_HTTP_CONTENT_TOO_LARGE, "request body over %zu bytes (--max-body)",
                          S.max_body);
    return route(c, rq, url, method);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (!rq)
        return;
    *con_cls = NULL;
    if (!rq->begun) { /* made by on_uri for a request that never reached us */
        ss_buf_release(&rq->body);
        free(rq);
        return;
    }
    double dt = now_s() - rq->t0;
    atomic_fetch_add(&S.requests, 1);
    if (rq->status >= 100 && rq->status < 600)
        atomic_fetch_add(&S.by_class[rq->status / 100], 1);
    if (rq->stream) {
        atomic_fetch_sub(&S.streams, 1); /* open for minutes: no request's latency */
    } else {
        size_t k = 0;
        while (k < NLAT && dt > LAT_BUCKETS[k])
            k++;
        atomic_fetch_add(&S.lat[k], 1);
        atomic_fetch_add(&S.lat_sum_us, (unsigned long long)(dt * 1e6));
    }
    ss_buf_release(&rq->body);
    free(rq);
    atomic_fetch_sub(&S.active, 1);
}

/* ---- start-up --------------------------------------------------------------- */

/* The write token: --token-file, else $SAMESTORY_TOKEN, else DB.token
 * beside the store (made with mode 0600 on first start). */
static int load_token(const char *file)
{
    const char *env = getenv("SAMESTORY_TOKEN");
    char made[4096];
    if (!file && env && *env) {
        snprintf(S.token, sizeof S.token, "%s", env);
    } else {
        int created = 0;
        if (!file) {
            snprintf(made, sizeof made, "%s.token", S.db);
            file = made;
            int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd >= 0) {
                unsigned char r[24];
                char hex[49];
                if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
                    close(fd);
                    unlink(file);
                    cli_error("%s: no random bytes for a token: %s", file, cli_oserr());
                    return -1;
                }
                for (size_t i = 0; i < sizeof r; i++)
                    snprintf(hex + 2 * i, 3, "%02x", r[i]);
                if (write(fd, hex, 48) != 48 || write(fd, "\n", 1) != 1 || close(fd) != 0) {
                    unlink(file);
                    cli_error("%s: cannot write the token: %s", file, cli_oserr());
                    return -1;
                }
                created = 1;
            } else if (errno != EEXIST) {
                cli_error("%s: cannot create the token file: %s", file, cli_oserr());
                return -1;
            }
        }
        FILE *f = fopen(file, "r");
        if (!f) {
            cli_error("%s: cannot read the token: %s", file, cli_oserr());
            return -1;
        }
        if (!fgets(S.token, sizeof S.token, f))
            S.token[0] = '\0';
        fclose(f);
        if (!S.quiet)
            cli_note("%s token for writes%s: %s", created ? "made a" : "the", S.read_token ? " and reads" : "",
                     file);
    }
    size_t n = strlen(S.token);
    while (n && (S.token[n - 1] == '\n' || S.token[n - 1] == '\r' || S.token[n - 1] == ' '))
        S.token[--n] = '\0';
    if (n < 8) {
        cli_error("the token is empty or shorter than 8 characters");
        return -1;
    }
    S.token_len = n;
    return 0;
}

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof host)
        return -1;
    size_t hl = (size_t)(colon - s);
    const char *h = s;
    if (s[0] == '[' && hl >= 2 && s[hl - 1] == ']') {
        h = s + 1;
        hl -= 2;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    /* getaddrinfo takes 99999 and wraps it: a port is 0..65535 */
    char *pe;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &pe, 10);
    if (!colon[1] || *pe || errno || port > 65535 || colon[1] < '0' || colon[1] > '9')
        return -1;
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || !ai)
        return -1;
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

/* libmicrohttpd's own messages, on stderr like ours, except the one every
 * event stream gives when its client goes away (a page closed: not an
 * error of the server). */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (strstr(msg, "Failed to send") && strstr(msg, "chunked"))
        return;
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    cli_note("libmicrohttpd: %s", msg);
}

static const char serve_help[] =
    "usage: samestory serve [OPTIONS]\n\n"
    "The story engine over HTTP, with a live web page: crawlers post articles,\n"
    "people and programs read stories as they change (docs/SERVE.md).\n\n"
    "  --db FILE              the store (default ./samestory.db; made on first start)\n"
    "  --listen ADDR:PORT     where to listen (default 127.0.0.1:8080; port 0: any free\n"
    "                         port, printed on start)\n"
    "  --token-file FILE      the bearer token writes need (default: $SAMESTORY_TOKEN,\n"
    "                         else FILE.token beside the store, made with mode 0600)\n"
    "  --read-token           reads need the token too\n"
    "  --max-body BYTES       largest request body (default 67108864)\n"
    "  --max-records N        records per POST (default 10000)\n"
    "  --max-doc-bytes N      largest record (default 67108864)\n"
    "  --max-connections N    simultaneous connections (default 64)\n"
    "  --timeout SECONDS      idle connection timeout, slow bodies included (default 30)\n"
    "  --threshold X, --headline-threshold X, --window DAYS\n"
    "                         story options of a new store (as `stories`)\n"
    "  -T, --threads N        threads preparing articles (default: one per CPU)\n"
    "  -q, --quiet            no notes on stderr (where it listens, the token file,\n"
    "                         stopping): errors only\n"
    "  -h, --help             this help\n";

enum {
    OPT_DB = OPT_FIRST_FREE,
    OPT_LISTEN,
    OPT_TOKEN_FILE,
    OPT_READ_TOKEN,
    OPT_MAX_BODY,
    OPT_MAX_RECORDS,
    OPT_MAX_CONN,
    OPT_TIMEOUT,
    OPT_THRESHOLD,
    OPT_HEADLINE,
    OPT_WINDOW
};

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"token-file", required_argument, NULL, OPT_TOKEN_FILE},
        {"read-token", no_argument, NULL, OPT_READ_TOKEN},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"max-records", required_argument, NULL, OPT_MAX_RECORDS},
        {"max-connections", required_argument, NULL, OPT_MAX_CONN},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"threshold", required_argument, NULL, OPT_THRESHOLD},
        {"headline-threshold", required_argument, NULL, OPT_HEADLINE},
        {"window", required_argument, NULL, OPT_WINDOW},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_opts o;
    cli_opts_init(&o);
    const char *listen_at = "127.0.0.1:8080", *token_file = NULL;
    long max_conn = DEFAULT_MAX_CONNECTIONS, timeout = DEFAULT_TIMEOUT, v;
    double d;
    memset(&S, 0, sizeof S);
    S.db = "samestory.db";
    S.max_body = DEFAULT_MAX_BODY;
    S.max_records = DEFAULT_MAX_RECORDS;
    ss_story_opts so;
    ss_story_opts_default(&so);
    int story_given = 0;
    int c;
    optind = 1;
    cli_set_options(longopts);
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(c))
            return CLI_USAGE;
        switch (c) {
        case 'h':
            fputs(serve_help, stdout);
            return CLI_OK;
        case OPT_DB:
            S.db = optarg;
            break;
        case OPT_LISTEN:
            listen_at = optarg;
            break;
        case OPT_TOKEN_FILE:
            token_file = optarg;
            break;
        case OPT_READ_TOKEN:
            S.read_token = 1;
            break;
        case OPT_MAX_BODY:
            if (cli_parse_long("--max-body", optarg, 1024, (long)1 << 40, &v))
                return CLI_USAGE;
            S.max_body = (size_t)v;
            break;
        case OPT_MAX_RECORDS:
            if (cli_parse_long("--max-records", optarg, 1, 10000000, &v))
                return CLI_USAGE;
            S.max_records = (size_t)v;
            break;
        case OPT_MAX_CONN:
            if (cli_parse_long("--max-connections", optarg, 2, 10000, &max_conn))
                return CLI_USAGE;
            break;
        case OPT_TIMEOUT:
            if (cli_parse_long("--timeout", optarg, 1, 86400, &timeout))
                return CLI_USAGE;
            break;
        case OPT_THRESHOLD:
            if (cli_parse_double("--threshold", optarg, 0, 1, &d))
                return CLI_USAGE;
            so.threshold = d;
            story_given = 1;
            break;
        case OPT_HEADLINE:
            if (cli_parse_double("--headline-threshold", optarg, 0, 1, &d))
                return CLI_USAGE;
            so.headline_threshold = d;
            story_given = 1;
            break;
        case OPT_WINDOW:
            if (cli_parse_double("--window", optarg, 0.01, 36500, &d))
                return CLI_USAGE;
            so.window_days = d;
            story_given = 1;
            break;
        case OPT_SKIP_BAD:
        case OPT_REJECTS:
        case OPT_PROGRESS:
        case OPT_NO_PROGRESS:
            /* options of the commands that read files: a POST answers each
               bad record with its error, and there is no progress line */
            cli_error("serve: --%s is an option of the commands that read files; serve answers "
                      "each bad record of a POST with its error (see --help)",
                      c == OPT_SKIP_BAD ? "skip-bad" : c == OPT_REJECTS ? "rejects"
                      : c == OPT_PROGRESS ? "progress" : "no-progress");
            return CLI_USAGE;
        default:
            if (!cli_other_option(&o, c, optarg, "serve"))
                return CLI_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("serve takes no inputs (post them: POST /v1/articles); got '%s'", argv[optind]);
        return CLI_USAGE;
    }
    S.max_doc = o.max_doc_bytes ? o.max_doc_bytes : SS_DEFAULT_MAX_DOC_BYTES;
    S.quiet = o.quiet;
    struct sockaddr_storage addr;
    socklen_t addrlen;
    if (parse_listen(listen_at, &addr, &addrlen)) {
        cli_error("--listen: bad address \"%s\" (give ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)", listen_at);
        return CLI_USAGE;
    }

    if (cli_require_data(CLI_NEED_STOPWORDS | CLI_NEED_REPORTING | CLI_NEED_LANGID | CLI_NEED_LEXICON))
        return CLI_FAIL;
    int model_failed;
    cli_story_model(&o, &model_failed);
    if (model_failed)
        return CLI_FAIL;
    ss_error err;
    ss_error_clear(&err);
    ss_stopwords *sw = ss_stopwords_load(&err);
    if (!sw)
        cli_warn(&o, "%s (function words will count as content)", err.msg);
    ss_lexicon *lx = cli_lexicon_load(&o);
    ss_error_clear(&err);
    ss_quoter *qt = ss_quoter_new(&err); /* one for the writer and every reader */
    if (!qt)
        cli_warn(&o, "%s (no quotations)", err.msg);
    ss_engine_opts_default(&S.wopts);
    S.wopts.story = so;
    S.wopts.threads = o.threads;
    S.wopts.stopwords = sw;
    S.wopts.lexicon = lx;
    S.wopts.quoter = qt;
    S.wflags = SS_STORE_CREATE | (story_given ? 0 : SS_STORE_KEEP_OPTIONS);
    S.ropts = S.wopts;
    S.ropts.threads = 1;
    pthread_mutex_init(&S.wlock, NULL);
    pthread_mutex_init(&S.rlock, NULL);
    pthread_mutex_init(&S.elock, NULL);
    pthread_cond_init(&S.econd, NULL);
    {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        /* under 2^53: JavaScript reads it exactly */
        S.efirst = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
        S.eseq = S.efirst - 1;
    }
    int status = CLI_FAIL, listen_fd = -1;
    struct MHD_Daemon *daemon = NULL;
    /* what can fail without the store is tried before it is made: a port
       in use or a short SAMESTORY_TOKEN leaves no store, token or lock
       file behind */
    const char *env_token = getenv("SAMESTORY_TOKEN");
    if (!token_file && env_token && *env_token) {
        size_t n = strlen(env_token);
        while (n && (env_token[n - 1] == '\n' || env_token[n - 1] == '\r' || env_token[n - 1] == ' '))
            n--;
        if (n < 8) {
            cli_error("SAMESTORY_TOKEN: the token is empty or shorter than 8 characters");
            goto out;
        }
    }
    listen_fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (listen_fd < 0 || setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(listen_fd, (struct sockaddr *)&addr, addrlen) != 0 || listen(listen_fd, SOMAXCONN) != 0) {
        cli_error("cannot listen on %s: %s", listen_at, cli_oserr());
        goto out;
    }
    ss_error_clear(&err);
    S.writer = ss_engine_open(S.db, &S.wopts, S.wflags, &err);
    if (!S.writer) {
        cli_error("%s", err.msg);
        goto out;
    }
    S.wflags &= ~SS_STORE_KEEP_OPTIONS;
    S.wflags |= SS_STORE_KEEP_OPTIONS; /* a reopen takes what the file holds */
    /* the token file only once the store opened: a wrong --db leaves
       nothing behind */
    if (load_token(token_file))
        goto out;

    /* signals are taken by sigwait below, in this thread only */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

    S.t0 = now_s();
    /* the socket is the daemon's from here: MHD_stop_daemon closes it, and
       so do some of MHD_start_daemon's failure paths */
    MHD_socket lfd = (MHD_socket)listen_fd;
    listen_fd = -1;
    daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                                  MHD_USE_ERROR_LOG,
                              0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                              MHD_OPTION_LISTEN_SOCKET, lfd,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conn, MHD_OPTION_CONNECTION_TIMEOUT,
                              (unsigned)timeout, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
                              MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_END);
    if (!daemon) {
        cli_error("cannot listen on %s: %s", listen_at, cli_oserr());
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen_at, ':') - listen_at), listen_at);
    if (!S.quiet)
        cli_note("serving %s on http://%s:%u/ (stop: SIGTERM or Ctrl-C)", S.db, host,
                 info ? (unsigned)info->port : 0);
    /* what another writer is told while this server holds the store
       (writer_note is read by writer_reopen, under wlock) */
    pthread_mutex_lock(&S.wlock);
    snprintf(writer_note, sizeof writer_note,
             "a samestory server at http://%.100s:%u/: add articles through it (POST /v1/articles, "
             "DELETE /v1/articles/ID), or stop it first", host, info ? (unsigned)info->port : 0);
    ss_engine_note_writer(S.writer, writer_note);
    pthread_mutex_unlock(&S.wlock);
    fflush(stderr);

    int sig = 0;
    sigwait(&sigs, &sig);
    if (!S.quiet)
        cli_note("signal %d: finishing the requests in flight, then stopping", sig);
    atomic_store(&S.stopping, 1);
    pthread_mutex_lock(&S.elock);
    pthread_cond_broadcast(&S.econd);
    pthread_mutex_unlock(&S.elock);
    MHD_quiesce_daemon(daemon);
    /* requests in flight finish and are answered (a batch being added
       commits first); new ones on open connections get 503 */
    double until = now_s() + SHUTDOWN_GRACE_SECONDS;
    while (atomic_load(&S.active) > 0 && now_s() < until) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(daemon);
    daemon = NULL;
    status = CLI_OK;
out:
    if (daemon)
        MHD_stop_daemon(daemon);
    if (listen_fd >= 0)
        close(listen_fd);
    /* the readers first: the last connection to close checkpoints the log
       and removes it, and a read-only one cannot */
    for (size_t i = 0; i < S.nidle; i++)
        ss_engine_free(S.idle[i]);
    free(S.idle);
    pthread_mutex_lock(&S.wlock);
    ss_engine_free(S.writer);
    S.writer = NULL;
    pthread_mutex_unlock(&S.wlock);
    for (size_t i = 0; i < EVENT_RING; i++)
        free(S.ring[i]);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    ss_quoter_free(qt);
    if (status == CLI_OK && !S.quiet)
        cli_note("stopped");
    return status;
}
