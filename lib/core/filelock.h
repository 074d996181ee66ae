/* core/filelock.h — one writer at a time for a file that runs update.
 *
 * A run that reads a file, adds to it and writes it back (the dedup
 * index, a store) holds an exclusive lock for the whole read-update-write,
 * so that two runs at once do not both start from the same old contents
 * and lose one run's additions.
 *
 * The lock is an flock(2) lock on a lock file beside the data file,
 * PATH.lock (when PATH is a symbolic link: beside the file it names, so
 * one file has one lock whatever name reaches it).  A separate file, because the data file itself is replaced
 * by rename on every save (see outfile.h): a lock on it would stay on the
 * old inode, and a first run has no data file to lock yet.  The lock file
 * is created when missing and never removed (removing it would let a
 * third run lock a new file while the second still waits on the old one);
 * it holds the process id of the holder, for the message a second run
 * prints.  Deleting it while no run is going is harmless.  The lock ends
 * when the holder releases it or dies (the kernel drops it), so a killed
 * run never leaves the file locked.
 *
 * Ownership: ss_filelock_acquire returns a handle the caller ends with
 * ss_filelock_release (NULL is a no-op).
 */
#ifndef SS_CORE_FILELOCK_H
#define SS_CORE_FILELOCK_H

#include "core/api.h"
#include "core/error.h"

typedef struct ss_filelock ss_filelock;

/* Lock path (PATH.lock beside it).  wait: 0 fails at once when another
 * process holds the lock, 1 blocks until it is free.  NULL with err set:
 * SS_EBUSY (held by another run; the message names the lock file and the
 * holder's process id when known), SS_EINVAL (path is a folder, or this
 * process holds the lock already: nothing to wait for), SS_EIO
 * (the OS reason), SS_ENOMEM. */
SS_API ss_filelock *ss_filelock_acquire(const char *path, int wait, ss_error *err);
/* Say who holds the lock, for the message a second run prints ("a
 * samestory server at http://127.0.0.1:8080: add articles through it
 * ..."): one line, kept beside the process id until release.  SS_OK or
 * SS_EIO. */
SS_API int ss_filelock_set_note(ss_filelock *l, const char *note);
/* The lock file's path. */
SS_API const char *ss_filelock_path(const ss_filelock *l);
SS_API void ss_filelock_release(ss_filelock *l);

#endif
