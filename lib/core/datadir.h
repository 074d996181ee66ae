/* core/datadir.h — where the library finds its data files.
 *
 * Data files (stopword and reporting-verb lists, language-model lists, the
 * lexicon built from dictionaries, the report's script) are looked up in
 * this order:
 *
 *   1. the folder given to ss_data_dir_set(), alone, if one was given;
 *   2. else the folder named by the environment variable SAMESTORY_DATA,
 *      alone, if it is set and not empty;
 *   3. else, for a program or library that lies inside the source tree it
 *      was built from (build/samestory, build/tests/...), the tree's data/
 *      folder and its build's data/ folder (files made at build time);
 *   4. the data folder of the installation the running code belongs to,
 *      found from where the program (bindir) or libsamestory.so (libdir)
 *      is: <that folder>/<relative path to datadir>, normally
 *      ../share/samestory.  An installed tree can be moved as a whole;
 *   5. the data folder compiled in ($PREFIX/share/samestory), for a program
 *      that linked the static library and lies elsewhere.
 *
 * An explicit folder (1, 2) is used alone, so that a wrong one is an error
 * and never silently mixed with another installation's files.  The install
 * paths come from a header the build generates (build/gen/ss_paths.h) and
 * rewrites when PREFIX/DATADIR/BINDIR/LIBDIR change, so `make install
 * PREFIX=/x` recompiles what depends on them.
 */
#ifndef SS_CORE_DATADIR_H
#define SS_CORE_DATADIR_H

#include <stddef.h>

#include "core/api.h"
#include "core/error.h"

/* Find data file `name` (a path relative to the data folder); write its full
 * path into out[cap].  SS_OK, or SS_ENODATA with err naming the file and
 * every folder it looked in. */
SS_API int ss_data_path(const char *name, char *out, size_t cap, ss_error *err);

/* Use `dir` as the only data folder from now on (NULL or "" returns to the
 * search above).  Process-wide: call it before any thread uses the library
 * (not thread-safe against a concurrent lookup).  SS_OK, or SS_EINVAL when
 * dir is longer than SS_DATA_DIR_MAX - 1 bytes. */
#define SS_DATA_DIR_MAX 1024
SS_API int ss_data_dir_set(const char *dir, ss_error *err);

/* The folders searched, in order, as one string "dir1, dir2, ..." into
 * out[cap] (for messages).  Returns out. */
SS_API const char *ss_data_dirs(char *out, size_t cap);

#endif
