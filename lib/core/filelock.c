/* core/filelock.c — an exclusive flock on PATH.lock (see filelock.h).
 *
 * Design: open (creating) the lock file without following a link, take
 * LOCK_EX (blocking or not), then write our process id into it for the
 * message of whoever comes second.  A lock file replaced between open and
 * lock (someone deleted and recreated it) is detected by comparing the
 * inode under the name with the one locked, and the lock is taken again
 * on the new file; otherwise two runs could each hold a lock on a
 * different inode.
 */
#include "core/filelock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Times a lock file that vanished under us is opened again before giving up. */
#define RELOCK_TRIES 16

struct ss_filelock {
    int fd;
    char *path;
};

const char *ss_filelock_path(const ss_filelock *l) { return l->path; }

/* Longest note a holder leaves (ss_filelock_set_note). */
#define NOTE_MAX 240

/* The holder's process id written in the lock file, or 0; its note (the
 * second line) into note[NOTE_MAX + 1], "" if none. */
static long holder(int fd, char *note)
{
    char buf[32 + NOTE_MAX + 2];
    note[0] = '\0';
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end;
    long pid = strtol(buf, &end, 10);
    if (!(pid > 0 && (*end == '\n' || *end == '\0')))
        return 0;
    if (*end == '\n') {
        size_t k = strcspn(end + 1, "\n");
        if (k > NOTE_MAX)
            k = NOTE_MAX;
        memcpy(note, end + 1, k);
        note[k] = '\0';
    }
    return pid;
}

int ss_filelock_set_note(ss_filelock *l, const char *note)
{
    char buf[32 + NOTE_MAX + 2];
    int len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    size_t k = strcspn(note, "\n\r");
    if (k > NOTE_MAX)
        k = NOTE_MAX;
    memcpy(buf + len, note, k);
    len += (int)k;
    buf[len++] = '\n';
    /* written over the old content, then cut to it: a reader never finds
       the file empty in between */
    if (pwrite(l->fd, buf, (size_t)len, 0) != len || ftruncate(l->fd, len) != 0)
        return SS_EIO;
    return SS_OK;
}

/* The file a name reaches through links (malloc'd), also when that file
 * is not there yet (a link to a store or index a first run has yet to
 * write); NULL when path is no link (or no memory): path itself. */
static char *link_target(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < 16; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            break;
        char to[4096];
        ssize_t n = readlink(cur, to, sizeof to - 1);
        if (n <= 0)
            break;
        to[n] = '\0';
        const char *slash = strrchr(cur, '/');
        size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - cur) + 1;
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, cur, dir);
            memcpy(next + dir, to, (size_t)n + 1);
        }
        free(cur);
        cur = next;
    }
    if (cur && strcmp(cur, path) == 0) {
        free(cur);
        return NULL;
    }
    char *real = cur ? realpath(cur, NULL) : NULL; /* when there: one name for it */
    if (real) {
        free(cur);
        return real;
    }
    return cur;
}

ss_filelock *ss_filelock_acquire(const char *path, int wait, ss_error *err)
{
    ss_filelock *l = calloc(1, sizeof *l);
    /* the lock is the file's, whatever name reaches it: a link to a store
       in use (ln -s news.db other.db) must meet its lock, not make one of
       its own beside the link; a file not there yet has only its name */
    char *real = link_target(path);
    const char *base = real ? real : path;
    size_t n = strlen(base) + sizeof ".lock";
    if (!l || !(l->path = malloc(n))) {
        free(l);
        free(real);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(l->path, n, "%s.lock", base);
    free(real);
    struct stat ps;
    if (stat(path, &ps) == 0 && S_ISDIR(ps.st_mode)) {
        /* no PATH.lock beside a folder: the caller's file is not there */
        ss_error_set(err, SS_EINVAL, "%s: is a folder, not a file", path);
        free(l->path);
        free(l);
        return NULL;
    }
    for (int t = 0; t < RELOCK_TRIES; t++) {
        int fd = open(l->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) {
            int e = errno;
            ss_error_set(err, SS_EIO, "%s: cannot make its lock file %s: %s%s", path, l->path, strerror(e),
                         e == ENOENT ? " (is there such a folder?)" : "");
            break;
        }
        int r;
        do
            r = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
        while (r != 0 && errno == EINTR);
        if (r != 0) {
            int e = errno;
            if (e == EWOULDBLOCK) {
                char note[NOTE_MAX + 1];
                long pid = holder(fd, note);
                char who[48] = "";
                if (pid)
                    snprintf(who, sizeof who, " (process %ld)", pid);
                if (pid == (long)getpid()) /* nothing to wait for: SS_EINVAL */
                    ss_error_set(err, SS_EINVAL, "%s: already open for writing in this process (one "
                                 "writer per file: use that one, or close it first)", path);
                else if (note[0])
                    ss_error_set(err, SS_EBUSY, "%s: in use by %s%s, which holds %s", path, note, who,
                                 l->path);
                else
                    ss_error_set(err, SS_EBUSY,
                                 "%s: in use by another samestory run%s, which holds %s; wait for "
                                 "it to finish", path, who, l->path);
            } else {
                ss_error_set(err, SS_EIO, "%s: cannot lock (%s): %s", path, l->path, strerror(e));
            }
            close(fd);
            break;
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(l->path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            char pid[32];
            int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            /* the id is a courtesy for the message; a failed write is harmless */
            if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)len, 0) == len)
                (void)0;
            l->fd = fd;
            return l;
        }
        close(fd); /* the lock file was replaced meanwhile: lock the new one */
        if (t == RELOCK_TRIES - 1)
            ss_error_set(err, SS_EIO, "%s: cannot lock: %s keeps being replaced", path, l->path);
    }
    free(l->path);
    free(l);
    return NULL;
}

void ss_filelock_release(ss_filelock *l)
{
    if (!l)
        return;
    /* empty it first, so a stale id is never quoted; closing drops the lock */
    if (ftruncate(l->fd, 0) != 0)
        (void)0;
    close(l->fd);
    free(l->path);
    free(l);
}
