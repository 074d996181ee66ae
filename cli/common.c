/* cli/common.c — options, messages and output shared by the subcommands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char cli_common_help[] =
    "Input options (every subcommand that reads documents):\n"
    "  INPUT...               .txt, .html/.htm, .jsonl files (optionally .gz or .zst),\n"
    "                         folders (walked recursively), or - for JSONL on stdin\n"
    "  --skip-bad             skip bad records (broken JSON, missing id, duplicate id,\n"
    "                         over-size, unreadable or truncated files) with a warning;\n"
    "                         by default the run stops at the first one (exit status 1)\n"
    "  --rejects FILE         write each rejected record there: the raw line for JSONL,\n"
    "                         {\"path\",\"error\"} for a file that could not be read\n"
    "  --max-doc-bytes N      largest document accepted (default 67108864 = 64 MiB)\n"
    "  -T, --threads N        worker threads (default: all cores)\n"
    "  -q, --quiet            no warnings or summary on stderr\n"
    "  --progress, --no-progress  force the progress line on stderr on or off\n"
    "                         (default: shown when stderr is a terminal)\n"
    "  -h, --help             this help\n";

void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->progress = -1;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("samestory: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_warn(const cli_opts *o, const char *fmt, ...)
{
    if (o && o->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("samestory: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
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

int cli_other_option(cli_opts *o, int c, const char *arg, const char *cmd)
{
    int r = cli_common_option(o, c, arg);
    if (r == 1)
        return 1;
    if (r == 0)
        fprintf(stderr, "samestory %s: see 'samestory %s --help'\n", cmd, cmd);
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
