/* core/datadir.c — data-file lookup (see datadir.h for the order). */
#include "core/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef SS_DATADIR
#define SS_DATADIR "/usr/local/share/samestory"
#endif
#ifndef SS_SRCDATADIR
#define SS_SRCDATADIR "data"
#endif
#ifndef SS_BUILDDATADIR
#define SS_BUILDDATADIR "build/data"
#endif

int ss_data_path(const char *name, char *out, size_t cap, ss_error *err)
{
    const char *dirs[4] = {getenv("SAMESTORY_DATA"), SS_DATADIR, SS_SRCDATADIR, SS_BUILDDATADIR};
    for (int i = 0; i < 4; i++) {
        if (!dirs[i] || !dirs[i][0])
            continue;
        int n = snprintf(out, cap, "%s/%s", dirs[i], name);
        if (n > 0 && (size_t)n < cap && access(out, R_OK) == 0)
            return SS_OK;
    }
    return ss_error_set(err, SS_ENODATA,
                        "data file %s not found in $SAMESTORY_DATA, %s, %s or %s", name,
                        SS_DATADIR, SS_SRCDATADIR, SS_BUILDDATADIR);
}
