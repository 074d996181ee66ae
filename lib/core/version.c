/* core/version.c — run-time version query (see version.h). */
#include "core/version.h"

#define SS_STR2(x) #x
#define SS_STR(x) SS_STR2(x)

const char *ss_version(void)
{
    return SS_STR(SS_VERSION_MAJOR) "." SS_STR(SS_VERSION_MINOR) "." SS_STR(SS_VERSION_PATCH);
}

unsigned ss_version_number(void) { return SS_VERSION_NUMBER; }
