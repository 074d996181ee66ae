/* cli/data.h — the data files a subcommand cannot run without.
 *
 * An installed copy that misses its data folder must not run with less and
 * exit 0: before reading any input, each subcommand checks the data it
 * needs and stops with exit status 1 and a message naming the missing file
 * and every folder searched (see lib/core/datadir.h).  What is optional —
 * one language's dictionary inside the lexicon — stays a warning, told when
 * a document in that language comes.
 */
#ifndef SS_CLI_DATA_H
#define SS_CLI_DATA_H

enum {
    CLI_NEED_STOPWORDS = 1 << 0, /* data/stopwords: function words of each language */
    CLI_NEED_REPORTING = 1 << 1, /* data/reporting: reporting verbs, for quotations */
    CLI_NEED_LANGID = 1 << 2,    /* data/langid: language-model lists per script */
    CLI_NEED_LEXICON = 1 << 3,   /* lexicon.bin (or $SAMESTORY_LEXICON), built with the tool */
    CLI_NEED_REPORT = 1 << 4     /* data/report: the HTML report's script and style */
};

/* Check that the data in `need` (CLI_NEED_* bits) can be loaded.  0, or -1
 * after printing "samestory: error: ..." naming what is missing and where
 * it was looked for; the caller exits with CLI_FAIL. */
int cli_require_data(unsigned need);

#endif
