/* cli/main.c — `samestory`: dispatch to a subcommand. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../serve/serve.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"clean", cmd_clean, "article title and text, page chrome removed"},
    {"dedup", cmd_dedup, "exact and near-duplicate articles (MinHash + LSH)"},
    {"reuse", cmd_reuse, "passages taken from another article, with the earliest source"},
    {"translations", cmd_translations, "articles and their translations, aligned by sentence"},
    {"pairs", cmd_pairs, "same-story similarity of given article pairs"},
    {"stories", cmd_stories, "group articles about the same event into stories"},
    {"report", cmd_report, "HTML page: agreement, differences, conflicts, quotes per story"},
    {"serve", cmd_serve, "the story engine over HTTP, with a live web page"},
    {NULL, NULL, NULL}};

static void usage(FILE *f)
{
    fprintf(f, "usage: samestory COMMAND [OPTIONS] INPUT...\n\n"
               "Finds the same news story across outlets and languages.\n\n"
               "Commands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(f, "  %-13s %s\n", c->name, c->summary);
    fprintf(f, "\nInput: .txt, .html, .jsonl, .warc files (optionally .gz/.zst), folders, or - for\n"
               "JSONL on stdin. Output: JSON Lines on stdout; diagnostics on stderr.\n"
               "'samestory COMMAND --help' describes a command; 'man samestory' all of them.\n"
               "Options: -h, --help; -V, --version\n");
}

/* Flush standard output; a failed write (`--help > /dev/full`) fails
 * the run. */
static int finish(int rc)
{
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == CLI_OK) {
        cli_error("cannot write the output: %s", cli_oserr());
        rc = CLI_FAIL;
    }
    return rc;
}

/* The commands read document after document through buffers of a few
 * hundred KiB to a few MiB, freed after each.  glibc's defaults mapped
 * them afresh (over 128 KiB) or gave the top of the heap back to the
 * kernel, and each new document faulted its pages in again: 20% of
 * `clean`'s time on news pages (bench/bench_clean_cli.py: 1.70 -> 1.38 s
 * for 169 MB of HTML on one thread, peak RSS 65 -> 84 MB).  So blocks
 * under 4 MiB come from the heap, and up to 256 MiB of freed heap is
 * kept for reuse.  The library leaves malloc alone: this is the
 * program's choice, not the library's. */
static void tune_malloc(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
    static char outbuf[1 << 20];
    tune_malloc();
    ss_outfile_cleanup_on_signals();
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            for (const command *c = commands; c->name; c++) {
                if (strcmp(c->name, argv[2]) == 0) {
                    char *sub[] = {argv[2], (char *)"--help", NULL};
                    cli_set_args(2, sub);
                    return finish(c->run(2, sub));
                }
            }
        }
        usage(stdout);
        return finish(CLI_OK);
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("samestory %s\n", ss_version());
        return finish(CLI_OK);
    }
    opterr = 0; /* cli_other_option says it, escaped */
    for (const command *c = commands; c->name; c++) {
        if (strcmp(c->name, name) == 0) {
            cli_set_args(argc - 1, argv + 1);
            return finish(c->run(argc - 1, argv + 1));
        }
    }
    cli_note("unknown command '%s'", name);
    fputc('\n', stderr);
    usage(stderr);
    return CLI_USAGE;
}
