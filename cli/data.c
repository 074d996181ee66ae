/* cli/data.c — the up-front check of required data (see data.h).
 *
 * Each list is loaded the way the run will load it (so a damaged lexicon
 * fails here as well as a missing one) and freed; the cost is one more read
 * of each file at start-up (0.03 s for the 22 MB lexicon). */
#include "data.h"

#include "cli.h"

static const char *const langid_files[] = {"langid/latin.conf", "langid/cyrillic.conf",
                                           "langid/arabic.conf", "langid/devanagari.conf",
                                           "langid/hebrew.conf", NULL};
static const char *const report_files[] = {"report/report.js", "report/report.css", NULL};

static int need_file(const char *name)
{
    char path[1024];
    ss_error err;
    ss_error_clear(&err);
    if (ss_data_path(name, path, sizeof path, &err) == SS_OK)
        return 0;
    cli_error("%s", err.msg);
    return -1;
}

int cli_require_data(unsigned need)
{
    ss_error err;
    ss_error_clear(&err);
    if (need & CLI_NEED_STOPWORDS) {
        ss_stopwords *sw = ss_stopwords_load(&err);
        if (!sw) {
            cli_error("%s", err.msg);
            return -1;
        }
        ss_stopwords_free(sw);
    }
    if (need & CLI_NEED_REPORTING) {
        ss_quoter *q = ss_quoter_new(&err);
        if (!q) {
            cli_error("%s", err.msg);
            return -1;
        }
        ss_quoter_free(q);
    }
    for (int i = 0; (need & CLI_NEED_LANGID) && langid_files[i]; i++)
        if (need_file(langid_files[i]))
            return -1;
    for (int i = 0; (need & CLI_NEED_REPORT) && report_files[i]; i++)
        if (need_file(report_files[i]))
            return -1;
    if (need & CLI_NEED_LEXICON) {
        ss_lexicon *lx = ss_lexicon_load(&err);
        if (!lx) {
            cli_error("%s", err.msg);
            return -1;
        }
        ss_lexicon_free(lx);
    }
    return 0;
}
