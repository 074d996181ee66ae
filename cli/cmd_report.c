/* cli/cmd_report.c — `samestory report`: a self-contained HTML page comparing how sources report each story. */
#include <string.h>

#include "cli.h"

int cmd_report(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: samestory report [OPTIONS] INPUT...\n\n"
               "Finds a self-contained HTML page comparing how sources report each story.\n"
               "Not implemented yet in this version.\n");
        return CLI_OK;
    }
    cli_error("'report' is not implemented yet in this version");
    return CLI_USAGE;
}
