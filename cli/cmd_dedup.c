/* cli/cmd_dedup.c — `samestory dedup`: exact and near-duplicate articles.
 *
 * The work is pipelined in batches of documents.  Workers parse JSONL
 * lines (fast parser), clean pages and scan words of batch k while the
 * main thread links batch k-1 into the index and reads batch k+1; then the
 * main thread admits batch k in input order (ids, exact keys, line counts,
 * bad-record policy) and the workers sketch it.  Batch
 * boundaries depend on the input only, so the output does not depend on
 * the number of threads.  Groups are final only at the end of the input,
 * so the output is written then, in input order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "cli.h"
#include "data.h"

static const char usage_text[] =
    "usage: samestory dedup [OPTIONS] INPUT...\n"
    "\n"
    "Groups exact and near-duplicate documents.  Prints one JSON line per input\n"
    "document, in input order:\n"
    "  {\"id\", \"group\": id of the group's representative, \"similarity\": estimated\n"
    "   Jaccard similarity to it}\n"
    "The representative is the earliest member by date (dated before undated), else\n"
    "the first seen; a document without duplicates is its own group.\n"
    "\n"
    "Exact duplicates (the same words after normalization: case, Unicode forms,\n"
    "spacing and punctuation do not count) are grouped by key.  Near duplicates:\n"
    "MinHash (one-permutation hashing, 2-bit values) over word n-grams of the title\n"
    "and of the body; LSH bands find candidates, each candidate is verified with the\n"
    "sketch, and groups are the connected components (union-find).  HTML pages and\n"
    ".txt files go through the cleaner (page chrome out); JSONL text is taken as\n"
    "given.  Then lines of fewer than N words, and lines of up to 64 words found in\n"
    "16 or more documents of the corpus (chrome the cleaner left), are left out,\n"
    "unless they make up most of a document.\n"
    "\n"
    "Options:\n"
    "  --threshold J    Jaccard similarity of near duplicates, 0 < J <= 1 (default 0.8)\n"
    "  --ngram N        words per shingle, 1..32 (default 5); for unspaced scripts\n"
    "                   (Chinese, Japanese, Thai...) a shingle is N+1 characters\n"
    "  --hashes K       MinHash values per document, a multiple of 16 from 64 to 8192\n"
    "                   (default 1024; K/4 bytes per document)\n"
    "  --index FILE     load the index (documents, sketches, buckets) from FILE if it\n"
    "                   exists and save it back with this run's documents, so later\n"
    "                   runs are deduplicated against everything seen; written to a\n"
    "                   temporary file and renamed, so a failed run leaves it intact;\n"
    "                   FILE.lock beside it keeps a second run at once from losing\n"
    "                   this run's documents: that run stops with a message; a\n"
    "                   record whose id the index holds with the same text is\n"
    "                   already indexed (printed with \"indexed\": true, not added\n"
    "                   again); with another text it is a bad record (an index\n"
    "                   keeps one text per id)\n"
    "  --wait           with --index: wait for another run using the index to end\n"
    "                   instead of stopping\n"
    "  --filter         print only the representatives' input records, unchanged\n"
    "                   (JSONL lines as read; .txt and .html files as {\"id\", \"text\"}\n"
    "                   or {\"id\", \"html\"}, WARC records also with \"url\" and the\n"
    "                   \"date\" read), dropping every duplicate; invalid UTF-8\n"
    "                   and NUL become U+FFFD, other control characters in strings\n"
    "                   \\u00XX, and a CR ending a line is dropped\n"
    "  --keep-no-body   compare documents without an article body too (fewer than 8\n"
    "                   words in sentence lines once cleaned: failed scrapes, pages of\n"
    "                   links or furniture); by default they join no near-duplicate\n"
    "                   group (exact copies still group)\n"
    "\n"
    "Error rates: pairs are grouped from an estimated similarity of J - 0.05, and\n"
    "LSH bands are chosen so that 99% of pairs at that cutoff are candidates\n"
    "(13 bands x 4 rows at J = 0.8).  Measured by bench/dedup_rates at the\n"
    "defaults, for documents of 20 to 3,000 shingles:\n"
    "  a pair of similarity J        missed (false negative): 0.04% to 0.20%\n"
    "  a pair of similarity J - 0.1  grouped (false positive): at most 0.11%\n"
    "\n"
    "Summary on stderr: documents, exact and near groups, documents removed, MB/s.\n"
    "\n";

enum { OPT_THRESHOLD = OPT_FIRST_FREE, OPT_NGRAM, OPT_HASHES, OPT_INDEX, OPT_FILTER, OPT_KEEP_NO_BODY,
       OPT_WAIT };

#define BATCH_DOCS 1024
#define BATCH_BYTES ((size_t)16 << 20)

/* One record of a batch. */
typedef struct {
    size_t line_off, line_len;   /* the raw JSONL line in batch.raw (len 0: a whole file) */
    size_t origin;               /* index in batch.origins */
    uint64_t lineno;
    ss_doc *doc;                 /* whole file as read, or parsed by a worker */
    ss_dedup_item *item;
    int rc;                      /* status of parse/clean/scan */
    ss_error err;
    ss_buf filter;               /* --filter: the record to print for a whole file */
    int admitted;
    int no_body;                 /* text but no article body: kept out of groups */
} rec;

typedef struct {
    rec *r;
    size_t n;
    ss_buf raw;                  /* the JSONL lines, back to back */
    size_t bytes;                /* bytes in the batch, lines and whole files */
    char **origins;
    size_t norigins, caporigins;
} batch;

typedef struct {
    ss_dedup *dd;
    ss_dedup_work **work;
    ss_cleaner *cleaner;
    int filter;
    int keep_no_body;            /* --keep-no-body */
    uint64_t no_body;            /* documents kept out of groups for having no body */
    batch *b;                    /* the batch a job works on */
    cli_in *in;
    FILE *spool;                 /* --filter: the records of this run */
    uint64_t *spool_off;         /* per new document: offset, and length below */
    uint32_t *spool_len;
    size_t nspool, capspool;
    ss_buf scratch;              /* --filter: a line made clean */
    const char *index;           /* --index FILE */
    ss_keymap *index_ids;        /* id hash -> document, of the documents loaded from it */
    uint32_t *resent;            /* documents of the index sent again with the same text */
    size_t nresent, capresent;
    uint64_t notes[4];           /* records with a "date" that is no date (cli_add_notes) */
} dedup_ctx;

static uint64_t id_hash(const char *id) { return XXH3_64bits(id, strlen(id)); }

/* The document of the loaded index with this id, or SS_DEDUP_NONE. */
static uint32_t index_doc(const dedup_ctx *c, const char *id)
{
    if (!c->index_ids)
        return SS_DEDUP_NONE;
    uint32_t v[8];
    size_t n = ss_keymap_get(c->index_ids, id_hash(id), v, 8);
    for (size_t i = 0; i < n && i < 8; i++)
        if (strcmp(ss_dedup_id(c->dd, v[i]), id) == 0)
            return v[i];
    return SS_DEDUP_NONE;
}

/* A record whose id the loaded index holds: already indexed (1, noted
 * for the output) when its text is the same, a bad record (-1, err set)
 * when not; 0 when the id is new. */
static int index_holds(dedup_ctx *c, const rec *r, ss_error *err)
{
    uint32_t doc = index_doc(c, r->doc->id);
    if (doc == SS_DEDUP_NONE)
        return 0;
    if (!ss_dedup_item_same_text(c->dd, r->item, doc)) {
        if (r->doc->line)
            ss_error_set(err, SS_EDUPID,
                         "%s:%llu: id \"%s\" is in the index %s with another text (an index "
                         "keeps one text per id; give the new text a new id)",
                         r->doc->origin, (unsigned long long)r->doc->line, r->doc->id, c->index);
        else
            ss_error_set(err, SS_EDUPID,
                         "%s: id \"%s\" is in the index %s with another text (an index keeps one "
                         "text per id; give the new text a new id)",
                         r->doc->origin, r->doc->id, c->index);
        return -1;
    }
    if (c->nresent == c->capresent) {
        size_t cap = c->capresent ? c->capresent * 2 : 256;
        uint32_t *v = realloc(c->resent, cap * sizeof *v);
        if (!v) {
            ss_error_set(err, SS_ENOMEM, "out of memory");
            return -1;
        }
        c->resent = v;
        c->capresent = cap;
    }
    c->resent[c->nresent++] = doc;
    return 1;
}

static void batch_release(batch *b)
{
    for (size_t i = 0; b->r && i < BATCH_DOCS; i++) {
        ss_doc_free(b->r[i].doc);
        ss_dedup_item_free(b->r[i].item);
        ss_buf_release(&b->r[i].filter);
    }
    for (size_t i = 0; i < b->norigins; i++)
        free(b->origins[i]);
    free(b->origins);
    free(b->r);
    ss_buf_release(&b->raw);
}

static int batch_init(batch *b)
{
    memset(b, 0, sizeof *b);
    b->r = calloc(BATCH_DOCS, sizeof *b->r);
    if (!b->r)
        return -1;
    for (size_t i = 0; i < BATCH_DOCS; i++)
        if (!(b->r[i].item = ss_dedup_item_new()))
            return -1;
    return 0;
}

static void batch_clear(batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        ss_doc_free(b->r[i].doc);
        b->r[i].doc = NULL;
        ss_buf_clear(&b->r[i].filter);
    }
    for (size_t i = 0; i < b->norigins; i++)
        free(b->origins[i]);
    b->norigins = 0;
    b->n = 0;
    b->bytes = 0;
    ss_buf_clear(&b->raw);
    if (b->raw.cap > 4 * BATCH_BYTES)
        ss_buf_release(&b->raw);
}

static int batch_origin(batch *b, const char *origin)
{
    if (b->norigins && strcmp(b->origins[b->norigins - 1], origin) == 0)
        return 0;
    if (b->norigins == b->caporigins) {
        size_t cap = b->caporigins ? b->caporigins * 2 : 8;
        char **v = realloc(b->origins, cap * sizeof *v);
        if (!v)
            return -1;
        b->origins = v;
        b->caporigins = cap;
    }
    if (!(b->origins[b->norigins] = strdup(origin)))
        return -1;
    b->norigins++;
    return 0;
}

/* Read the next batch.  Returns 1 at the end of the input (or when the run
 * must stop: *stop set), 0 when more may follow, -1 out of memory. */
static int read_batch(cli_in *in, batch *b, int *stop)
{
    batch_clear(b);
    while (b->n < BATCH_DOCS && b->bytes < BATCH_BYTES) {
        ss_raw_record rr;
        int rc = cli_in_next_raw(in, &rr);
        if (rc < 0) {
            *stop = 1;
            return 1;
        }
        if (rc == 0)
            return 1;
        rec *r = &b->r[b->n];
        r->doc = rr.doc;
        r->rc = SS_OK;
        r->admitted = 0;
        ss_error_clear(&r->err);
        r->lineno = rr.lineno;
        r->line_len = 0;
        b->bytes += rr.doc ? rr.doc->text_len + rr.doc->html_len : rr.len;
        if (!rr.doc) {
            r->line_off = b->raw.len;
            r->line_len = rr.len;
            if (ss_buf_append(&b->raw, rr.line, rr.len) || batch_origin(b, rr.origin))
                return -1;
            r->origin = b->norigins - 1;
        }
        b->n++;
    }
    return 0;
}

/* A whole file or WARC record as a JSONL record (for --filter), without
 * its closing brace (file_record_end adds the date once the page is read):
 * its id, page or text as read, and a WARC record's URL. */
static int file_record(const ss_doc *d, ss_buf *out)
{
    ss_buf_clear(out);
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, d->id);
    if (d->format == SS_FORMAT_HTML && d->html) {
        ss_buf page = SS_BUF_INIT;
        if (ss_utf8_repair(d->html, d->html_len, &page, NULL)) {
            ss_buf_release(&page);
            return -1;
        }
        ss_jw_key(&w, "html");
        ss_jw_strn(&w, page.data ? page.data : "", page.len);
        ss_buf_release(&page);
    } else {
        ss_jw_key(&w, "text");
        ss_jw_strn(&w, d->text ? d->text : "", d->text_len);
    }
    if (d->url && d->url[0]) {
        ss_jw_key(&w, "url");
        ss_jw_str(&w, d->url);
    }
    return w.err ? -1 : 0;
}

/* The end of file_record's record: a WARC record's date as dedup read it
 * (the page's own, else when it was fetched; read back as the record's
 * "date", it is the same), then the brace. */
static int file_record_end(const ss_doc *d, ss_buf *out)
{
    if (d->captured != SS_TIME_NONE && d->time != SS_TIME_NONE) {
        char iso[21];
        ss_time_format_iso(d->time, iso);
        if (ss_buf_printf(out, ",\"date\":\"%s\"", iso))
            return -1;
    }
    return ss_buf_putc(out, '}') ? -1 : 0;
}

static void scan_one(void *arg, int worker, size_t i)
{
    dedup_ctx *c = arg;
    batch *b = c->b;
    rec *r = &b->r[i];
    if (!r->doc) {
        r->rc = ss_jsonl_parse_fast(b->raw.data + r->line_off, r->line_len,
                                    b->origins[r->origin], r->lineno, SS_JSONL_NO_EXTRA, &r->doc,
                                    &r->err);
        if (r->rc)
            return;
    } else if (c->filter && file_record(r->doc, &r->filter)) {
        r->rc = ss_error_set(&r->err, SS_ENOMEM, "out of memory");
        return;
    }
    r->rc = ss_dedup_prepare(c->dd, c->cleaner, c->work[worker], r->item, r->doc, c->keep_no_body,
                             &r->no_body, &r->err);
    if (r->rc == SS_OK && c->filter && !r->line_len && file_record_end(r->doc, &r->filter))
        r->rc = ss_error_set(&r->err, SS_ENOMEM, "out of memory");
}

static void sketch_one(void *arg, int worker, size_t i)
{
    dedup_ctx *c = arg;
    rec *r = &c->b->r[i];
    if (r->admitted && !r->no_body)
        r->rc = ss_dedup_sketch(c->dd, c->work[worker], r->item, &r->err);
}

static int spool_record(dedup_ctx *c, const char *p, size_t n)
{
    if (c->nspool == c->capspool) {
        size_t cap = c->capspool ? c->capspool * 2 : 4096;
        uint64_t *o = realloc(c->spool_off, cap * sizeof *o);
        if (!o)
            return -1;
        c->spool_off = o;
        uint32_t *l = realloc(c->spool_len, cap * sizeof *l);
        if (!l)
            return -1;
        c->spool_len = l;
        c->capspool = cap;
    }
    long off = ftell(c->spool);
    if (off < 0 || n > UINT32_MAX || fwrite(p, 1, n, c->spool) != n)
        return -1;
    c->spool_off[c->nspool] = (uint64_t)off;
    c->spool_len[c->nspool] = (uint32_t)n;
    c->nspool++;
    return 0;
}

/* A JSONL line for --filter output: as read when it is clean; else with
 * each invalid UTF-8 sequence and NUL byte as U+FFFD (as the reader took
 * them), other control characters inside strings escaped (\u00XX), and
 * control characters between values (a CR of a CRLF line end) dropped,
 * so that the output is valid UTF-8 JSON Lines whatever came in. */
static int clean_line(const char *s, size_t n, ss_buf *out, const char **res, size_t *reslen)
{
    /* a byte order mark, which the reader skips, is no JSON */
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    int clean = ss_utf8_valid_prefix(s, n) == n;
    for (size_t i = 0; i < n && clean; i++)
        clean = (unsigned char)s[i] >= 0x20;
    if (clean) {
        *res = s;
        *reslen = n;
        return 0;
    }
    ss_buf fixed = SS_BUF_INIT;
    if (ss_utf8_repair(s, n, &fixed, NULL)) {
        ss_buf_release(&fixed);
        return -1;
    }
    ss_buf_clear(out);
    int in_str = 0, esc = 0;
    const char *p = fixed.data ? fixed.data : "";
    for (size_t i = 0; i < fixed.len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20) {
            if (in_str) {
                char u[8];
                snprintf(u, sizeof u, "\\u%04x", c);
                ss_buf_puts(out, u);
            }
            esc = 0;
            continue;
        }
        if (in_str && !esc && c == '"')
            in_str = 0;
        else if (!in_str && c == '"')
            in_str = 1;
        esc = in_str && !esc && c == '\\';
        ss_buf_putc(out, (char)c);
    }
    ss_buf_release(&fixed);
    *res = out->data ? out->data : "";
    *reslen = out->len;
    return out->data || fixed.len == 0 ? 0 : -1;
}

/* Admit the batch in input order.  Returns 0, or -1 when the run must stop
 * (bad record without --skip-bad, or a runtime error: *fatal set). */
static int admit_batch(dedup_ctx *c, batch *b, int *fatal)
{
    for (size_t i = 0; i < b->n; i++) {
        rec *r = &b->r[i];
        const char *raw = r->line_len ? b->raw.data + r->line_off : "";
        if (r->rc == SS_OK)
            r->rc = ss_reader_accept(c->in->r, r->doc, &r->err);
        else if (r->rc != SS_ENOMEM)
            ss_reader_count_bad(c->in->r);
        if (r->rc == SS_ENOMEM) {
            cli_error("%s", r->err.msg);
            *fatal = 1;
            return -1;
        }
        if (r->rc) {
            if (cli_in_bad(c->in, &r->err, raw, r->line_len) < 0)
                return -1;
            continue;
        }
        ss_error err;
        ss_error_clear(&err);
        int held = index_holds(c, r, &r->err);
        if (held < 0) {
            if (cli_in_bad(c->in, &r->err, raw, r->line_len) < 0) {
                *fatal = r->err.code == SS_ENOMEM;
                return -1;
            }
            continue;
        }
        if (held)
            continue; /* already indexed */
        if (ss_dedup_admit(c->dd, r->item, r->doc->id, r->doc->time, &err)) {
            cli_error("%s", err.msg);
            *fatal = 1;
            return -1;
        }
        r->admitted = 1;
        c->no_body += (uint64_t)r->no_body;
        if (r->doc->date_unread[0]) { /* undated now: it cannot be the earliest by date */
            cli_progress_clear(c->in);
            cli_add_notes(c->in->o, r->doc, SS_NOTE_BAD_DATE, c->notes);
        }
        if (c->filter) {
            const char *line = raw;
            size_t len = r->line_len;
            int bad = len ? clean_line(raw, len, &c->scratch, &line, &len) ||
                                spool_record(c, line, len)
                          : spool_record(c, r->filter.data, r->filter.len);
            if (bad) {
                cli_error("--filter: cannot keep the records in a temporary file");
                *fatal = 1;
                return -1;
            }
        }
    }
    return 0;
}

static int link_batch(dedup_ctx *c, batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        rec *r = &b->r[i];
        if (!r->admitted)
            continue;
        if (r->rc) {
            cli_error("%s", r->err.msg);
            return -1;
        }
        ss_error err;
        ss_error_clear(&err);
        if (ss_dedup_link(c->dd, r->item, &err)) {
            cli_error("%s", err.msg);
            return -1;
        }
    }
    return 0;
}

/* One output line {"id", "group", "similarity", "indexed"?} for doc;
 * -1 when it cannot be written. */
static int print_group_line(const ss_dedup *dd, uint32_t doc, int indexed, ss_buf *line)
{
    ss_buf_clear(line);
    ss_jw w;
    ss_jw_init(&w, line);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, ss_dedup_id(dd, doc));
    ss_jw_key(&w, "group");
    ss_jw_str(&w, ss_dedup_id(dd, ss_dedup_group(dd, doc)));
    ss_jw_key(&w, "similarity");
    ss_jw_double(&w, ss_dedup_similarity(dd, doc), 4);
    if (indexed) {
        ss_jw_key(&w, "indexed");
        ss_jw_bool(&w, 1);
    }
    ss_jw_obj_end(&w);
    return w.err || cli_emit(line) ? -1 : 0;
}

static int print_results(dedup_ctx *c)
{
    ss_dedup *dd = c->dd;
    ss_buf line = SS_BUF_INIT;
    uint32_t first = ss_dedup_first_new(dd), n = ss_dedup_count(dd);
    int rc = 0;
    char *rbuf = NULL;
    size_t rcap = 0;
    if (c->filter && fflush(c->spool) != 0)
        rc = -1;
    for (uint32_t i = first; i < n && rc == 0; i++) {
        uint32_t g = ss_dedup_group(dd, i);
        if (c->filter) {
            if (g != i)
                continue;
            size_t k = i - first, len = c->spool_len[k];
            if (len + 1 > rcap) {
                free(rbuf);
                rcap = len + 1;
                rbuf = malloc(rcap);
            }
            if (!rbuf || fseek(c->spool, (long)c->spool_off[k], SEEK_SET) != 0 ||
                fread(rbuf, 1, len, c->spool) != len) {
                rc = -1;
                break;
            }
            rbuf[len] = '\n';
            if (fwrite(rbuf, 1, len + 1, stdout) != len + 1)
                rc = -1;
            continue;
        }
        if (print_group_line(dd, i, 0, &line))
            rc = -1;
    }
    /* records the index held already, with the group they are in now */
    for (size_t k = 0; k < c->nresent && rc == 0 && !c->filter; k++)
        if (print_group_line(dd, c->resent[k], 1, &line))
            rc = -1;
    free(rbuf);
    ss_buf_release(&line);
    if (rc)
        cli_error("cannot write the output: %s", cli_oserr());
    return rc;
}

static int parse_options(int argc, char **argv, cli_opts *o, ss_dedup_opts *dopts,
                         const char **index, int *filter, int *keep_no_body, int *wait)
{
    static const struct option longopts[] = {
        {"threshold", required_argument, NULL, OPT_THRESHOLD},
        {"ngram", required_argument, NULL, OPT_NGRAM},
        {"hashes", required_argument, NULL, OPT_HASHES},
        {"index", required_argument, NULL, OPT_INDEX},
        {"filter", no_argument, NULL, OPT_FILTER},
        {"keep-no-body", no_argument, NULL, OPT_KEEP_NO_BODY},
        {"wait", no_argument, NULL, OPT_WAIT},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    int ch;
    long v;
    double d;
    cli_set_options(longopts);
    while ((ch = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (cli_option_twice(ch))
            return -1;
        switch (ch) {
        case 'h':
            fputs(usage_text, stdout);
            fputs(cli_inputs_help, stdout);
            fputs(cli_common_help, stdout);
            return 1;
        case OPT_THRESHOLD:
            if (cli_parse_double("--threshold", optarg, 0, 1, &d))
                return -1;
            if (!(d > 0)) {
                cli_error("--threshold: expected a number above 0 and at most 1, got '%s'", optarg);
                return -1;
            }
            dopts->threshold = d;
            break;
        case OPT_NGRAM:
            if (cli_parse_long("--ngram", optarg, 1, 32, &v))
                return -1;
            dopts->ngram = (int)v;
            break;
        case OPT_HASHES:
            if (cli_parse_long("--hashes", optarg, SS_MINHASH_MIN_HASHES, SS_MINHASH_MAX_HASHES,
                               &v))
                return -1;
            if (v % 16) {
                cli_error("--hashes: expected a multiple of 16, got '%s'", optarg);
                return -1;
            }
            dopts->hashes = (int)v;
            break;
        case OPT_INDEX:
            *index = optarg;
            break;
        case OPT_FILTER:
            *filter = 1;
            break;
        case OPT_KEEP_NO_BODY:
            *keep_no_body = 1;
            break;
        case OPT_WAIT:
            *wait = 1;
            break;
        default:
            if (cli_other_option(o, ch, optarg, "dedup"))
                break;
            return -1;
        }
    }
    return 0;
}

int cmd_dedup(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    o.on_stop = "results for the records before it were written";
    ss_dedup_opts dopts;
    ss_dedup_opts_default(&dopts);
    const char *index = NULL;
    int filter = 0, keep_no_body = 0, wait = 0;
    int pr = parse_options(argc, argv, &o, &dopts, &index, &filter, &keep_no_body, &wait);
    if (pr)
        return pr > 0 ? CLI_OK : CLI_USAGE;
    if (wait && !index) {
        cli_error("--wait: only with --index");
        return CLI_USAGE;
    }
    if (index) {
        int cr = cli_out_check("--index", index, argv + optind, argc - optind);
        if (cr)
            return cr;
        struct stat a, b;
        if (o.rejects && (strcmp(o.rejects, index) == 0 ||
                          (stat(o.rejects, &a) == 0 && stat(index, &b) == 0 &&
                           a.st_dev == b.st_dev && a.st_ino == b.st_ino))) {
            cli_error("--index %s: is also the --rejects file; name two files", index);
            return CLI_USAGE;
        }
    }
    if (cli_require_data(CLI_NEED_STOPWORDS))
        return CLI_FAIL;

    double t0 = cli_now();
    ss_error err;
    ss_error_clear(&err);
    dedup_ctx c;
    memset(&c, 0, sizeof c);
    c.filter = filter;
    c.keep_no_body = keep_no_body;
    c.dd = ss_dedup_new(&dopts, &err);
    if (!c.dd) {
        cli_error("%s", err.msg);
        return err.code == SS_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    /* held from loading the index to saving it: a second run at once would
     * start from the same old index and one run's documents would be lost */
    ss_filelock *lock = NULL;
    if (index) {
        lock = ss_filelock_acquire(index, 0, &err);
        if (!lock && err.code == SS_EBUSY && wait) {
            if (!o.quiet)
                cli_note("--index %s: in use by another run; waiting for it (--wait)", index);
            lock = ss_filelock_acquire(index, 1, &err);
        }
        if (!lock) {
            cli_error("--index %s%s", err.msg,
                      err.code == SS_EBUSY && !wait ? ", or give --wait to wait for it" : "");
            ss_dedup_free(c.dd);
            return CLI_FAIL;
        }
        int lr = ss_dedup_load(c.dd, index, &err);
        if (lr && lr != SS_ENOTFOUND) {
            cli_error("%s", err.msg);
            ss_filelock_release(lock);
            ss_dedup_free(c.dd);
            return CLI_FAIL;
        }
        c.index = index;
        uint32_t held = ss_dedup_count(c.dd);
        if (held && !(c.index_ids = ss_keymap_new()))
            lr = SS_ENOMEM;
        for (uint32_t i = 0; i < held && !lr; i++)
            lr = ss_keymap_add(c.index_ids, id_hash(ss_dedup_id(c.dd, i)), i);
        if (lr && lr != SS_ENOTFOUND) {
            cli_error("--index %s: out of memory", index);
            ss_keymap_free(c.index_ids);
            ss_filelock_release(lock);
            ss_dedup_free(c.dd);
            return CLI_FAIL;
        }
    }
    cli_in in;
    int rc = cli_in_open(&in, &o, argv + optind, argc - optind);
    if (rc) {
        ss_filelock_release(lock);
        ss_keymap_free(c.index_ids);
        ss_dedup_free(c.dd);
        return rc;
    }
    c.in = &in;
    ss_pool *pool = ss_pool_new(o.threads);
    int nw = pool ? ss_pool_threads(pool) : 0;
    batch bufs[3];
    memset(bufs, 0, sizeof bufs);
    int ok = pool && batch_init(&bufs[0]) == 0 && batch_init(&bufs[1]) == 0 &&
             batch_init(&bufs[2]) == 0;
    c.work = calloc((size_t)(nw ? nw : 1), sizeof *c.work);
    c.cleaner = ss_cleaner_new(NULL, &err);
    ok = ok && c.work && c.cleaner;
    for (int i = 0; ok && i < nw; i++)
        ok = (c.work[i] = ss_dedup_work_new()) != NULL;
    if (ok && filter && !(c.spool = tmpfile())) {
        cli_error("--filter: cannot create a temporary file");
        ok = 0;
    }
    if (!ok) {
        cli_error("cannot start: out of memory or no threads");
        rc = CLI_FAIL;
        goto out;
    }

    /* Three batches in flight: prev is linked and next read (main thread)
     * while cur is scanned (workers); then cur is admitted and sketched. */
    int stop = 0, fatal = 0, end = 0;
    batch *prev = NULL, *cur = &bufs[0];
    end = read_batch(&in, cur, &stop);
    if (end < 0)
        goto oom;
    while (cur) {
        if (cur->n) {
            c.b = cur;
            ss_pool_submit(pool, cur->n, scan_one, &c);
        }
        batch *next = NULL;
        int lk = prev ? link_batch(&c, prev) : 0;
        if (!lk && !end) {
            for (int i = 0; i < 3 && !next; i++)
                if (&bufs[i] != cur && &bufs[i] != prev)
                    next = &bufs[i];
            end = read_batch(&in, next, &stop);
        }
        if (cur->n)
            ss_pool_wait(pool);
        if (lk) {
            fatal = 1;
            break;
        }
        if (end < 0)
            goto oom;
        if (admit_batch(&c, cur, &fatal) < 0) {
            stop = 1;
            end = 1;
            next = NULL; /* read ahead, after the record the run stops at */
        }
        if (fatal)
            break;
        if (cur->n) {
            c.b = cur;
            ss_pool_for(pool, cur->n, sketch_one, &c);
        }
        cli_in_progress(&in, "reading");
        prev = cur;
        cur = next;
    }
    if (!fatal && prev && link_batch(&c, prev))
        fatal = 1;
    if (fatal) {
        rc = CLI_FAIL;
        goto out;
    }
    if (ss_dedup_finish(c.dd))
        goto oom;
    if (print_results(&c)) {
        rc = CLI_FAIL;
        goto out;
    }
    if (fflush(stdout) != 0) {
        cli_error("cannot write the output: %s", cli_oserr());
        rc = CLI_FAIL;
        goto out;
    }
    rc = stop ? CLI_FAIL : CLI_OK;
    if (index && !stop) {
        if (ss_dedup_save(c.dd, index, &err)) {
            cli_error("%s", err.msg);
            rc = CLI_FAIL;
        }
    } else if (index && !o.quiet) {
        cli_progress_clear(&in);
        cli_note("the run stopped early: index %s not updated", index);
    }
    cli_add_notes_done(&o, c.notes);
    if (c.no_body)
        cli_warn(&o, "%llu document(s) without an article body (fewer than %d words in "
                 "sentences: a failed scrape, links or furniture only) kept out of near-duplicate "
                 "groups; --keep-no-body compares them", (unsigned long long)c.no_body,
                 SS_CLEAN_MIN_BODY_WORDS);
    if (!o.quiet) {
        ss_dedup_stats st = ss_dedup_get_stats(c.dd);
        ss_reader_stats rs = cli_in_stats(&in);
        double secs = cli_now() - t0;
        cli_progress_clear(&in);
        /* groups: all members equal (exact) or some joined as near
           duplicates (near, which may hold exact copies too); removed: each
           duplicate of this run, as an exact copy or a near duplicate of
           its group's representative */
        unsigned long long groups = st.exact_groups + st.near_groups;
        unsigned long long exact = st.removed_exact, near = st.removed - st.removed_exact;
        fprintf(stderr, "samestory dedup: %llu document%s", (unsigned long long)st.new_docs,
                cli_s(st.new_docs));
        if (st.docs > st.new_docs)
            fprintf(stderr, " (and %llu in the index)", (unsigned long long)(st.docs - st.new_docs));
        if (c.nresent)
            fprintf(stderr, ", %zu already indexed", c.nresent);
        /* a group with one near duplicate is a near group, whatever exact
           copies it also holds: said so, beside the copies counted */
        fprintf(stderr, ": %llu duplicate group%s (%llu of exact copies only, %llu with near duplicates), "
                        "%llu duplicate%s removed "
                        "(%llu exact cop%s, %llu near duplicate%s); %.1f MB in %.2f s (%.1f MB/s, %d "
                        "thread%s)\n",
                groups, cli_s(groups), (unsigned long long)st.exact_groups,
                (unsigned long long)st.near_groups, (unsigned long long)st.removed, cli_s(st.removed),
                exact, exact == 1 ? "y" : "ies", near, cli_s(near), (double)rs.bytes / 1e6, secs,
                secs > 0 ? (double)rs.bytes / 1e6 / secs : 0.0, nw, cli_s((unsigned long long)nw));
    }
    goto out;
oom:
    cli_error("out of memory");
    rc = CLI_FAIL;
out:
    cli_in_close(&in);
    for (int i = 0; i < 3; i++)
        batch_release(&bufs[i]);
    for (int i = 0; c.work && i < nw; i++)
        ss_dedup_work_free(c.work[i]);
    free(c.work);
    ss_cleaner_free(c.cleaner);
    ss_pool_free(pool);
    if (c.spool)
        fclose(c.spool);
    free(c.spool_off);
    free(c.spool_len);
    ss_buf_release(&c.scratch);
    ss_keymap_free(c.index_ids);
    free(c.resent);
    ss_dedup_free(c.dd);
    ss_filelock_release(lock);
    return rc;
}
