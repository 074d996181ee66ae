/* cli/cmd_dedup.c — `samestory dedup`: exact and near-duplicate articles (MinHash + LSH). */
#include <string.h>

#include "cli.h"

int cmd_dedup(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory dedup [OPTIONS] INPUT...\n\n"
               "Finds exact and near-duplicate articles (MinHash + LSH).\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'dedup' is not implemented yet in this version");
    return CLI_USAGE;
}
