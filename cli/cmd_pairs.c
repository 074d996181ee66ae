/* cli/cmd_pairs.c — `samestory pairs`: same-story similarity of article pairs. */
#include <string.h>

#include "cli.h"

int cmd_pairs(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory pairs [OPTIONS] INPUT...\n\n"
               "Finds same-story similarity of article pairs.\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'pairs' is not implemented yet in this version");
    return CLI_USAGE;
}
