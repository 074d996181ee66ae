/* core/version.h — library version, at compile time and at run time.
 *
 * SS_VERSION_NUMBER is MAJOR*10000 + MINOR*100 + PATCH.  A program can
 * check that the library it runs against matches the header it was built
 * with: ss_version_number() == SS_VERSION_NUMBER.
 */
#ifndef SS_CORE_VERSION_H
#define SS_CORE_VERSION_H

#include "core/api.h"

#define SS_VERSION_MAJOR 0
#define SS_VERSION_MINOR 5
#define SS_VERSION_PATCH 0
#define SS_VERSION_NUMBER (SS_VERSION_MAJOR * 10000 + SS_VERSION_MINOR * 100 + SS_VERSION_PATCH)

/* "MAJOR.MINOR.PATCH" of the library linked at run time (static storage). */
SS_API const char *ss_version(void);
/* SS_VERSION_NUMBER of the library linked at run time. */
SS_API unsigned ss_version_number(void);

#endif
