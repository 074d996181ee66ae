/* xling/dictd.h — entries of a dictd dictionary (FreeDict's format).
 *
 * A dictd dictionary is an index file (one line per headword: the word, a
 * tab, the entry's byte offset and length in base64 digits) and a data
 * file, usually compressed with dictzip (a gzip stream).  Debian's FreeDict
 * packages (dict-freedict-LLL-LLL) install both in /usr/share/dictd/.
 * Entries whose headword starts with "00-database" are the dictionary's
 * own metadata and are skipped.
 */
#ifndef SS_XLING_DICTD_H
#define SS_XLING_DICTD_H

#include <stddef.h>

#include "core/api.h"
#include "core/error.h"

typedef struct ss_dictd ss_dictd;

/* Open base.index and base.dict.dz (or base.dict).  NULL with err set
 * (SS_EIO naming the file) when they cannot be read. */
SS_API ss_dictd *ss_dictd_open(const char *base, ss_error *err);
SS_API void ss_dictd_close(ss_dictd *d);

/* The next entry: 1 and *headword (NUL-terminated, as the index gives it)
 * and *text and *len (the entry, not NUL-terminated), valid until the next
 * call; 0 at the end; SS_EFORMAT for an index line that does not parse
 * (err names the line; the next call goes on). */
SS_API int ss_dictd_next(ss_dictd *d, const char **headword, const char **text, size_t *len,
                         ss_error *err);

#endif
