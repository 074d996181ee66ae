/* cli/cmd_translations.c — `samestory translations`: an article and its translation in another language. */
#include <string.h>

#include "cli.h"

int cmd_translations(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory translations [OPTIONS] INPUT...\n\n"
               "Finds an article and its translation in another language.\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'translations' is not implemented yet in this version");
    return CLI_USAGE;
}
