/* cli/cmd_stories.c — `samestory stories`: articles about the same event grouped into stories. */
#include <string.h>

#include "cli.h"

int cmd_stories(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory stories [OPTIONS] INPUT...\n\n"
               "Finds articles about the same event grouped into stories.\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'stories' is not implemented yet in this version");
    return CLI_USAGE;
}
