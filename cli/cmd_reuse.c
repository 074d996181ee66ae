/* cli/cmd_reuse.c — `samestory reuse`: passages one article took from another, with the earliest source. */
#include <string.h>

#include "cli.h"

int cmd_reuse(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory reuse [OPTIONS] INPUT...\n\n"
               "Finds passages one article took from another, with the earliest source.\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'reuse' is not implemented yet in this version");
    return CLI_USAGE;
}
