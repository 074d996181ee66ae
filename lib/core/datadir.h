/* core/datadir.h — where the library finds its data files.
 *
 * Data files (language-model lists, lexicons built from dictionaries, ...)
 * are looked up in this order: the folder named by the environment variable
 * SAMESTORY_DATA; the installed folder ($PREFIX/share/samestory); the data/
 * folder of the source tree the library was built in, and the data/ folder
 * of its build (files made at build time, like the lexicon), so that
 * build/samestory runs without installing.
 */
#ifndef SS_CORE_DATADIR_H
#define SS_CORE_DATADIR_H

#include <stddef.h>

#include "core/api.h"
#include "core/error.h"

/* Find data file `name` (a path relative to the data folder); write its full
 * path into out[cap].  SS_OK, or SS_ENODATA with err naming where it looked. */
SS_API int ss_data_path(const char *name, char *out, size_t cap, ss_error *err);

#endif
