/* core/outfile.h — writing an output file without harming what is there.
 *
 * Every file samestory writes (reports, the dedup index, stores) goes
 * through here, so that a failed or killed run never leaves half a file
 * under the final name, never writes through a planted symbolic link, and
 * never replaces a device or an input.
 *
 * What ss_outfile_open does with the path it is given:
 *   - nothing there: a temporary file is written beside it and renamed to
 *     the path on commit; the new file gets mode 0666 less the umask;
 *   - a regular file: replaced the same way (atomically), keeping its mode
 *     and, where allowed, its owner and group;
 *   - a symbolic link to a regular file: the file it points to is replaced
 *     the same way (the link stays a link);
 *   - a device, FIFO or socket (/dev/null, /dev/stdout on a pipe or a
 *     terminal), a file with several hard links, or the file this process
 *     has open as its standard output or error: written through in place,
 *     as a shell redirect would (truncated first for a regular file; not
 *     atomic, nothing is renamed).  SS_OUTFILE_REGULAR refuses these;
 *   - a folder, or a symbolic link to nothing: refused (SS_EINVAL).
 *
 * The temporary file is made with mkstemp (O_CREAT | O_EXCL, mode 0600, a
 * random name: a planted file or link of that name is never opened, and
 * two runs writing the same output do not collide) in the target's folder,
 * named TARGET.samestory-tmp.XXXXXX, and is held under an flock(2) lock for
 * its whole life.  It is removed on abort and, once
 * ss_outfile_cleanup_on_signals has been called, when the process is killed
 * by SIGINT, SIGTERM, SIGHUP, SIGPIPE or SIGXFSZ.  A temporary left by a
 * run that could not clean up (SIGKILL, power loss) is recognised by the
 * next open of the same target: its lock is free and it is older than
 * SS_OUTFILE_STALE_SECONDS; it is removed and counted (ss_outfile_stale).
 *
 * Commit flushes, fsyncs, renames and fsyncs the folder: a crash leaves
 * either the old file or the new one.
 *
 * Ownership: ss_outfile_open returns a handle the caller ends with exactly
 * one of ss_outfile_commit or ss_outfile_abort (both free it; abort(NULL)
 * is a no-op).  The FILE* from ss_outfile_stream belongs to the handle:
 * do not fclose it.  A handle is used by one thread at a time.
 *
 * Process-wide state: the list of live temporaries that the signal handler
 * removes is the one piece of global state in the library; it is a fixed
 * table of SS_OUTFILE_SIGNAL_SLOTS entries, written with atomic operations
 * and read by the handler only, so any thread may open and commit files.
 */
#ifndef SS_CORE_OUTFILE_H
#define SS_CORE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/api.h"
#include "core/error.h"

/* A temporary whose lock is free is stale only when it is at least this
 * old: the lock is taken right after mkstemp creates the file, so a live
 * run's temporary is unlocked for microseconds, never for a minute. */
#define SS_OUTFILE_STALE_SECONDS 60
/* Live temporaries the signal handler can remove at once (a run writes
 * one or two files at a time; more are still written, just not cleaned
 * on a signal). */
#define SS_OUTFILE_SIGNAL_SLOTS 16

enum {
    SS_OUTFILE_REGULAR = 1  /* only a regular file (or none): refuse devices,
                               FIFOs, hard-linked files; always atomic */
};

typedef struct ss_outfile ss_outfile;

/* Open path for writing as described above.  flags: 0 or
 * SS_OUTFILE_REGULAR.  NULL with err set: SS_EINVAL (a folder, a dangling
 * link, or a kind refused by the flags; the message says which), SS_EIO
 * (the OS reason is in the message), SS_ENOMEM. */
SS_API ss_outfile *ss_outfile_open(const char *path, unsigned flags, ss_error *err);
/* The stream to write to (buffered). */
SS_API FILE *ss_outfile_stream(ss_outfile *f);
/* 1 when the file is written through in place (not atomic), 0 when a
 * temporary is renamed over the target on commit. */
SS_API int ss_outfile_in_place(const ss_outfile *f);
/* Stale temporaries of this target removed when it was opened. */
SS_API unsigned ss_outfile_stale(const ss_outfile *f);
/* The temporary file's path (NULL when written in place). */
SS_API const char *ss_outfile_temp(const ss_outfile *f);
/* Finish: flush, sync, rename over the target (keeping the mode of a file
 * replaced).  On failure the temporary is removed and the target is as it
 * was (unless written in place).  f is freed either way.  SS_OK or SS_EIO
 * with the OS reason. */
SS_API int ss_outfile_commit(ss_outfile *f, ss_error *err);
/* Give up: the temporary is removed, the target untouched.  Frees f. */
SS_API void ss_outfile_abort(ss_outfile *f);

/* Install handlers for SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ that
 * remove the live temporaries and then let the signal end the process as
 * it would have.  A signal the process ignores stays ignored; a handler
 * the program installed before is kept (not replaced).  Call once, from
 * the main program. */
SS_API void ss_outfile_cleanup_on_signals(void);

/* Is out one of the inputs?  SS_PATH_SAME when out (followed through
 * links) is the same regular file (device and inode) as one of
 * paths[0..n); SS_PATH_INSIDE when it lies inside a folder among them (it
 * would be read as an input, or a temporary beside it would be); *which
 * is then the index of that input.  0 when neither (an out that does not
 * exist yet is judged by its folder).  "-" in paths means standard input,
 * compared with the file open there.  Devices and FIFOs are never "the
 * same" (a terminal may be input and output at once). */
enum { SS_PATH_SAME = 1, SS_PATH_INSIDE = 2 };
SS_API int ss_path_is_input(const char *out, const char *const *paths, size_t n, size_t *which);

#endif
