/* cli/cli.h — what the subcommands of the samestory tool share.
 *
 * The CLI is a client of libsamestory: it parses arguments, streams input
 * through the reader with the user's bad-input policy, runs library calls
 * (in parallel batches where that pays) and prints JSON Lines on stdout.
 * Diagnostics go to stderr; a progress line too, when stderr is a terminal.
 *
 * Exit status: 0 success; 1 the run stopped on bad input or a runtime
 * error; 2 usage error (or a subcommand not implemented yet).
 */
#ifndef SS_CLI_H
#define SS_CLI_H

#include <getopt.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "samestory.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Options every subcommand that reads documents accepts. */
typedef struct cli_opts {
    int skip_bad;            /* --skip-bad: skip bad records with a warning */
    const char *rejects;     /* --rejects FILE: keep the rejected raw records */
    size_t max_doc_bytes;    /* --max-doc-bytes N */
    int threads;             /* --threads N (0 = all cores) */
    int quiet;               /* --quiet: no warnings, no summary */
    int progress;            /* -1 auto (terminal), 0 off, 1 on */
    double progress_every;   /* --progress=SECONDS: a line that often when stderr is
                                not a terminal (default 10) */
    int keep_no_body;        /* --keep-no-body (stories, report): articles without a
                                body stay in stories */
    ss_cleaner *learned;     /* stories, report: a cleaner that has observed the
                                corpus (cli_learn_corpus), used instead of a fresh one */
    const char *on_stop;     /* what a run that stops at a bad record has written
                                (said after the error); NULL: nothing, the command
                                needs its whole input */
} cli_opts;

enum {
    OPT_SKIP_BAD = 1000,
    OPT_REJECTS,
    OPT_MAX_DOC_BYTES,
    OPT_NO_PROGRESS,
    OPT_PROGRESS,
    OPT_FIRST_FREE = 1100    /* subcommands number their own long options from here */
};

#define CLI_COMMON_LONGOPTS                                              \
    {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},                       \
    {"rejects", required_argument, NULL, OPT_REJECTS},                   \
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC_BYTES},       \
    {"threads", required_argument, NULL, 'T'},                           \
    {"quiet", no_argument, NULL, 'q'},                                   \
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},                 \
    {"progress", optional_argument, NULL, OPT_PROGRESS},                 \
    {"help", no_argument, NULL, 'h'}

#define CLI_COMMON_SHORTOPTS "T:qh"

/* The long options of the command being parsed: an unknown one is
 * answered with the nearest known name ("did you mean --threshold?"). */
void cli_set_options(const struct option *longopts);
/* ch (from getopt_long) is an option of one value given a second time:
 * says so and returns 1 (the command exits CLI_USAGE); a second value
 * would silently replace the first (--index a --index b updated only b).
 * Options without a value, and repeatable ones the caller does not pass
 * here (stories --remove), are not counted. */
int cli_option_twice(int ch);

/* Help text for the inputs, and for the common options (printed by each
 * subcommand's --help; pairs reads one file and prints the second only,
 * serve reads none and prints neither). */
extern const char cli_inputs_help[];
extern const char cli_common_help[];

void cli_opts_init(cli_opts *o);
/* Handle a common option; 1 handled, 0 not a common option, -1 bad value
 * (message printed).  'h' is not handled here. */
int cli_common_option(cli_opts *o, int c, const char *arg);
/* An option a subcommand did not handle itself, in its getopt loop: 1 when
 * it is a common option (handled); else 0, after pointing to `samestory
 * CMD --help` when the option is unknown (a bad value is already told):
 * the caller returns CLI_USAGE. */
int cli_other_option(cli_opts *o, int c, const char *arg, const char *cmd);
/* The subcommand's arguments (for cli_other_option to quote a bad one;
 * main sets them, and turns getopt's own messages off). */
void cli_set_args(int argc, char **argv);

/* Print "samestory: error: ..." / "samestory: warning: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const cli_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "samestory: ..." (no label), always printed.  All three escape control
 * characters, bidirectional controls and invalid UTF-8 in the message
 * (ids and paths come from the input) and write it in one piece. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "s" to make a count's noun plural, "" for one ("1 document", "2 documents"). */
static inline const char *cli_s(unsigned long long n) { return n == 1 ? "" : "s"; }
/* "story" or "stories" for a count. */
static inline const char *cli_stories_word(unsigned long long n) { return n == 1 ? "story" : "stories"; }
void cli_vmessage(const char *label, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Tell (the first few by id, then a count at cli_cut_done) of a cleaned
 * document with more text than SS_DOC_WORK_MAX, of which what
 * ("translations") reads only the first part. */
void cli_cut_note(const cli_opts *o, const ss_doc *d, const char *what, uint64_t *count);
void cli_cut_done(const cli_opts *o, const char *what, uint64_t count);
/* Warn of what the engine noticed about article d (notes: SS_NOTE_* bits,
 * ss_add_result), naming the first few articles of each kind; counts[k]
 * counts bit 1 << k.  cli_add_notes_done ends with the totals. */
void cli_add_notes(const cli_opts *o, const ss_doc *d, unsigned notes, uint64_t counts[4]);
void cli_add_notes_done(const cli_opts *o, const uint64_t counts[4]);
/* strerror(errno), or "reason unknown" when errno is 0. */
const char *cli_oserr(void);
/* Parse a number option in [lo, hi]; prints an error naming opt and returns -1. */
int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out);
int cli_parse_long(const char *opt, const char *arg, long lo, long hi, long *out);

/* ---- output files --------------------------------------------------------- */

/* Refuse an output that is an input: opt names the option that writes
 * ("-o", "--rejects", "--index"), path its value.  The same file (device
 * and inode) as an input, or a file inside an input folder, is refused
 * with a message: CLI_USAGE; else CLI_OK. */
int cli_out_check(const char *opt, const char *path, char *const *inputs, int n);
/* Open an output file through ss_outfile (atomic, link-safe; see
 * core/outfile.h), saying so when stale temporaries of an earlier killed
 * run were removed.  NULL on failure (printed). */
ss_outfile *cli_out_open(const cli_opts *o, const char *opt, const char *path, unsigned flags);
/* Commit (ok) or abort f.  CLI_OK, or CLI_FAIL with the reason printed. */
int cli_out_finish(ss_outfile *f, int ok);

/* ---- input with the bad-record policy ---------------------------------- */

typedef struct cli_in {
    const cli_opts *o;
    ss_reader *r;
    ss_outfile *rejects_out;   /* --rejects, written atomically */
    FILE *rejects;             /* its stream */
    uint64_t skipped;
    double t0;
    double last_progress;
    int progress_shown;
} cli_in;

/* Open the inputs; at least one path is required ("-" for stdin).  Prints
 * the error and returns CLI_USAGE or CLI_FAIL on failure: also when
 * --rejects names an input, or standard output is a regular file that is
 * one of the inputs (the run would read what it writes). */
int cli_in_open(cli_in *in, const cli_opts *o, char **paths, int n);
/* Next document: 1 and *d (caller frees), 0 at the end, -1 when the run must
 * stop (the error and how to go on are printed). */
int cli_in_next(cli_in *in, ss_doc **d);
/* The next raw record (see ss_reader_next_raw), with the same policy for
 * bad records as cli_in_next: 1 and *rec, 0 at the end, -1 to stop. */
int cli_in_next_raw(cli_in *in, ss_raw_record *rec);
/* Apply the bad-record policy to a record found bad after reading (a line
 * that did not parse, a duplicate id): raw[0..len) is kept with --rejects
 * (when err names a line).  0 to skip it and go on, -1 when the run must
 * stop (the error and how to go on are printed). */
int cli_in_bad(cli_in *in, const ss_error *err, const char *raw, size_t len);
/* Close; prints the summary of skipped records unless quiet. */
void cli_in_close(cli_in *in);
/* Bytes and documents read so far. */
ss_reader_stats cli_in_stats(const cli_in *in);
/* Update the progress line (at most 5 times a second). */
void cli_in_progress(cli_in *in, const char *what);
/* The same for a later stage: "what: done of of, N s". */
void cli_in_progress_count(cli_in *in, const char *what, uint64_t done, uint64_t of);
/* Clear the progress line (before printing to stderr). */
void cli_progress_clear(cli_in *in);

/* The lexicon for cross-language pivot terms, or NULL (a warning says
 * why, unless quiet: articles then meet across languages through names
 * and numbers only). */
ss_lexicon *cli_lexicon_load(const cli_opts *o);
/* Languages told to have no dictionary (cli_warn_no_dictionary). */
typedef struct cli_dict_warned {
    char lang[64][16];
    int n;
} cli_dict_warned;
/* Tell once per language (in *seen) that lang has no dictionary in lx
 * (NULL: the lexicon's own warning said it), and which package would bring
 * one; how: what its articles do without ("link", "join stories in other
 * languages").  English, "und" and quiet runs are never told. */
void cli_warn_no_dictionary(const cli_opts *o, cli_in *in, const ss_lexicon *lx, const char *lang,
                            cli_dict_warned *seen, const char *how);
/* The story model (story/model.h): the loaded model, or NULL after a warning
 * when it is missing (the hand-set fallback scores), or *failed = 1 after an
 * error when it is damaged. */
struct ss_story_model;
const struct ss_story_model *cli_story_model(const cli_opts *o, int *failed);

/* Seconds since an arbitrary start (monotonic). */
double cli_now(void);

/* ---- output ------------------------------------------------------------ */

/* Write a finished JSON line (b holds one value, no newline) to stdout. */
int cli_emit(ss_buf *b);

/* ---- parallel batches --------------------------------------------------- */

/* Reads documents in batches (CLI_BATCH documents, or fewer when they are
 * large), runs work(doc, worker) on them in parallel and then emit(doc) in
 * input order.  With two workers or more the main thread reads the next
 * batch while work() runs: work() must not touch `in` or its reader.
 * Returns CLI_OK or CLI_FAIL. */
typedef int (*cli_work_fn)(void *ctx, int worker, ss_doc *d);
typedef int (*cli_emit_fn)(void *ctx, ss_doc *d);
int cli_map_docs(cli_in *in, ss_pool *pool, cli_work_fn work, cli_emit_fn emit, void *ctx);

/* The same, telling each call the document's slot in its batch (0 ..
 * CLI_BATCH-1), so work() can leave per-document results in a caller's
 * array of CLI_BATCH entries for emit() to pick up. */
#define CLI_BATCH 256
typedef int (*cli_slot_work_fn)(void *ctx, int worker, ss_doc *d, size_t slot);
typedef int (*cli_slot_emit_fn)(void *ctx, ss_doc *d, size_t slot);
int cli_map_docs_slots(cli_in *in, ss_pool *pool, cli_slot_work_fn work, cli_slot_emit_fn emit,
                       void *ctx);

/* ---- document preparation ------------------------------------------------ */

/* First pass over file inputs: cl observes every document, so that lines
 * recurring across a source's documents (furniture) are known.  Nothing
 * is done when an input cannot be read twice (standard input, a pipe);
 * bad records are left to the real pass.  0, or -1 (printed).  In
 * cli/input.c. */
int cli_learn_corpus(ss_cleaner *cl, const cli_opts *o, char **paths, int n);

/* ss_prepare_doc / ss_prepare_article, printing the error: SS_OK or an
 * error. */
int cli_prep_doc(ss_preparer *p, int worker, ss_doc *d);
int cli_prep_article(ss_preparer *p, int worker, ss_doc *d);

/* ---- subcommands ---------------------------------------------------------- */

int cmd_clean(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_reuse(int argc, char **argv);
int cmd_translations(int argc, char **argv);
int cmd_pairs(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* `translations --align`: args are A B [INPUT...] (cli/xalign.c). */
int cli_translations_align(const cli_opts *o, char **args, int nargs, int no_dict);

#endif
