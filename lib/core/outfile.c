/* core/outfile.c — atomic, link-safe output files (see outfile.h).
 *
 * Design: decide once, at open, how the target is written: through a
 * temporary renamed over it (the usual case: a new file, or a regular file
 * with one link), or in place (devices, FIFOs, hard-linked files, our own
 * standard output).  The temporary is created with O_CREAT | O_EXCL |
 * O_NOFOLLOW under a random name in the target's folder (so the rename
 * stays on one file system) and locked with flock at once; the lock is
 * what tells a later run that a temporary is alive.  Modes: a new file is
 * created with 0666 and the kernel applies the umask; a replaced file gets
 * the old file's owner and mode on commit, before the rename, so the new
 * file is never visible with other permissions.
 */
#include "core/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_TAG ".samestory-tmp."
#define TMP_RANDOM 6      /* characters of random suffix, as mkstemp */
#define TMP_TRIES 100     /* names tried before giving up (EEXIST each time) */

/* ---- signal cleanup ------------------------------------------------------ */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomics");

enum { SLOT_FREE, SLOT_FILLING, SLOT_LIVE };
static atomic_int sig_state[SS_OUTFILE_SIGNAL_SLOTS];
static char sig_path[SS_OUTFILE_SIGNAL_SLOTS][PATH_MAX];

static int sig_register(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < SS_OUTFILE_SIGNAL_SLOTS; i++) {
        int expect = SLOT_FREE;
        if (atomic_compare_exchange_strong(&sig_state[i], &expect, SLOT_FILLING)) {
            strcpy(sig_path[i], path);
            atomic_store(&sig_state[i], SLOT_LIVE);
            return i;
        }
    }
    return -1;
}

static void sig_unregister(int slot)
{
    if (slot >= 0)
        atomic_store(&sig_state[slot], SLOT_FREE);
}

static void on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < SS_OUTFILE_SIGNAL_SLOTS; i++)
        if (atomic_load(&sig_state[i]) == SLOT_LIVE)
            unlink(sig_path[i]);
    /* end the process the way the signal would have: it is blocked while
     * this handler runs, so it is delivered, with the default action, on
     * return */
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

void ss_outfile_cleanup_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) ||
            old.sa_handler != SIG_DFL)
            continue; /* ignored, or the program's own handler */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- the handle ----------------------------------------------------------- */

struct ss_outfile {
    FILE *fp;
    char *target;      /* what is renamed onto (links resolved) */
    char *tmp;         /* the temporary, NULL in place */
    int slot;          /* signal-cleanup slot, -1 if none */
    int in_place;
    int keep;          /* a file is replaced: give the new one its mode and owner */
    mode_t mode;
    uid_t uid;
    gid_t gid;
    unsigned stale;
};

FILE *ss_outfile_stream(ss_outfile *f) { return f->fp; }
int ss_outfile_in_place(const ss_outfile *f) { return f->in_place; }
unsigned ss_outfile_stale(const ss_outfile *f) { return f->stale; }
const char *ss_outfile_temp(const ss_outfile *f) { return f->tmp; }

static void outfile_free(ss_outfile *f)
{
    free(f->target);
    free(f->tmp);
    free(f);
}

/* Is st the file open as our standard output or error? */
static int is_own_stdio(const struct stat *st)
{
    for (int fd = 1; fd <= 2; fd++) {
        struct stat s;
        if (fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino)
            return 1;
    }
    return 0;
}

static const char *kind(mode_t m)
{
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    return "a file of several hard links or this run's own output";
}

/* Split path into its folder ("." when none) and last name. */
static int split(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = strdup(".");
        *base = path;
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        *dir = strndup(path, n);
        *base = slash + 1;
    }
    return *dir ? 0 : -1;
}

/* Remove temporaries of base in dir that no live run holds: name
 * base.samestory-tmp.XXXXXX, a regular file of ours, unlocked, old. */
static unsigned clean_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t bl = strlen(base), tl = strlen(TMP_TAG);
    unsigned removed = 0;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (strlen(nm) != bl + tl + TMP_RANDOM || strncmp(nm, base, bl) != 0 ||
            strncmp(nm + bl, TMP_TAG, tl) != 0)
            continue;
        int fd = openat(dirfd(d), nm, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct stat st, again;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            now - st.st_mtime >= SS_OUTFILE_STALE_SECONDS && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
            fstatat(dirfd(d), nm, &again, AT_SYMLINK_NOFOLLOW) == 0 &&
            again.st_dev == st.st_dev && again.st_ino == st.st_ino &&
            unlinkat(dirfd(d), nm, 0) == 0)
            removed++;
        close(fd);
    }
    closedir(d);
    return removed;
}

/* Create a fresh temporary beside target: *fd and f->tmp. */
static int make_temp(ss_outfile *f, mode_t create_mode, ss_error *err)
{
    char *dir;
    const char *base;
    if (split(f->target, &dir, &base))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    f->stale = clean_stale(dir, base);
    size_t n = strlen(f->target) + strlen(TMP_TAG) + TMP_RANDOM + 1;
    f->tmp = malloc(n);
    if (!f->tmp) {
        free(dir);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    int fd = -1, e = EEXIST;
    for (int t = 0; t < TMP_TRIES && fd < 0 && e == EEXIST; t++) {
        unsigned char rnd[TMP_RANDOM];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
            /* no entropy source: time and address still differ per try */
            uint64_t x = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)(uintptr_t)f ^
                         (uint64_t)t * 40503u ^ (uint64_t)getpid() << 20;
            for (int i = 0; i < TMP_RANDOM; i++, x >>= 6)
                rnd[i] = (unsigned char)x;
        }
        char suffix[TMP_RANDOM + 1];
        for (int i = 0; i < TMP_RANDOM; i++)
            suffix[i] = alphabet[rnd[i] % (sizeof alphabet - 1)];
        suffix[TMP_RANDOM] = '\0';
        snprintf(f->tmp, n, "%s%s%s", f->target, TMP_TAG, suffix);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, create_mode);
        e = errno;
    }
    if (fd < 0) {
        int rc = ss_error_set(err, SS_EIO, "%s: cannot open for writing (a temporary file in %s): %s",
                              f->target, dir, strerror(e));
        free(dir);
        free(f->tmp);
        f->tmp = NULL;
        return rc;
    }
    free(dir);
    flock(fd, LOCK_EX | LOCK_NB); /* ours alone: only marks it alive */
    f->slot = sig_register(f->tmp);
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        e = errno;
        close(fd);
        unlink(f->tmp);
        sig_unregister(f->slot);
        return ss_error_set(err, SS_EIO, "%s: cannot write: %s", f->tmp, strerror(e));
    }
    return SS_OK;
}

ss_outfile *ss_outfile_open(const char *path, unsigned flags, ss_error *err)
{
    ss_outfile *f = calloc(1, sizeof *f);
    if (!f) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    f->slot = -1;
    struct stat lst, st;
    mode_t create_mode = 0666; /* less the umask, by the kernel */
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT) {
            ss_error_set(err, SS_EIO, "%s: cannot open for writing: %s", path, strerror(errno));
            goto fail;
        }
        f->target = strdup(path);
    } else {
        int link = S_ISLNK(lst.st_mode);
        if (stat(path, &st) != 0) {
            if (link && errno == ENOENT)
                ss_error_set(err, SS_EINVAL,
                             "%s: a symbolic link to a missing file; not written through "
                             "(name the file itself, or remove the link)", path);
            else
                ss_error_set(err, SS_EIO, "%s: cannot open for writing: %s", path, strerror(errno));
            goto fail;
        }
        if (S_ISDIR(st.st_mode)) {
            ss_error_set(err, SS_EINVAL, "%s: is a folder; name a file to write", path);
            goto fail;
        }
        if (!S_ISREG(st.st_mode) || st.st_nlink > 1 || is_own_stdio(&st)) {
            if (flags & SS_OUTFILE_REGULAR) {
                ss_error_set(err, SS_EINVAL, "%s: is %s; only a regular file can be written "
                             "here (it is replaced as a whole)", path, kind(st.st_mode));
                goto fail;
            }
            int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC |
                                    (S_ISREG(st.st_mode) ? O_TRUNC : 0));
            if (fd < 0) {
                ss_error_set(err, SS_EIO, "%s: cannot open for writing: %s", path, strerror(errno));
                goto fail;
            }
            f->fp = fdopen(fd, "w");
            if (!f->fp) {
                ss_error_set(err, SS_EIO, "%s: cannot open for writing: %s", path, strerror(errno));
                close(fd);
                goto fail;
            }
            f->in_place = 1;
            f->target = strdup(path);
            if (!f->target) {
                fclose(f->fp);
                ss_error_set(err, SS_ENOMEM, "out of memory");
                goto fail;
            }
            return f;
        }
        f->target = link ? realpath(path, NULL) : strdup(path);
        f->keep = 1;
        f->mode = st.st_mode & 07777;
        f->uid = st.st_uid;
        f->gid = st.st_gid;
        create_mode = 0600; /* until commit gives it the old file's mode */
    }
    if (!f->target) {
        ss_error_set(err, errno == ENOMEM ? SS_ENOMEM : SS_EIO, "%s: cannot write: %s", path,
                     strerror(errno));
        goto fail;
    }
    if (make_temp(f, create_mode, err))
        goto fail;
    return f;
fail:
    outfile_free(f);
    return NULL;
}

/* fsync the folder holding path, so the rename survives a crash. */
static void sync_dir(const char *path)
{
    char *dir;
    const char *base;
    if (split(path, &dir, &base))
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd >= 0) {
        fsync(fd); /* the rename is done; a failed sync only weakens durability */
        close(fd);
    }
}

int ss_outfile_commit(ss_outfile *f, ss_error *err)
{
    int rc = SS_OK, e = 0;
    const char *what = f->in_place ? f->target : f->tmp;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        e = errno ? errno : EIO;
    if (!e && !f->in_place) {
        if (f->keep) {
            /* owner first: chown may clear set-id bits that chmod then restores;
             * a chown we are not allowed leaves the file ours */
            if (fchown(fileno(f->fp), f->uid, f->gid) != 0 && errno != EPERM)
                e = errno;
            if (!e && fchmod(fileno(f->fp), f->mode) != 0)
                e = errno;
        }
        if (!e && fsync(fileno(f->fp)) != 0)
            e = errno;
    }
    if (fclose(f->fp) != 0 && !e)
        e = errno ? errno : EIO;
    f->fp = NULL;
    if (e) {
        rc = ss_error_set(err, SS_EIO, "%s: cannot write: %s", what, strerror(e));
    } else if (!f->in_place) {
        if (rename(f->tmp, f->target) != 0)
            rc = ss_error_set(err, SS_EIO, "%s: cannot replace it with %s: %s", f->target,
                              f->tmp, strerror(errno));
        else
            sync_dir(f->target);
    }
    if (rc && f->tmp)
        unlink(f->tmp);
    sig_unregister(f->slot);
    outfile_free(f);
    return rc;
}

void ss_outfile_abort(ss_outfile *f)
{
    if (!f)
        return;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    sig_unregister(f->slot);
    outfile_free(f);
}

/* ---- outputs that are inputs ---------------------------------------------- */

static int same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is the folder dir (a resolved path), or one above it, the folder in? */
static int within(const char *dir, const struct stat *in)
{
    char *p = strdup(dir);
    int hit = 0;
    while (p && !hit) {
        struct stat st;
        if (stat(p, &st) == 0 && same(&st, in))
            hit = 1;
        char *slash = strrchr(p, '/');
        if (!slash || p[1] == '\0')
            break;
        if (slash == p)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    free(p);
    return hit;
}

/* The resolved folder holding path (links in the folder part resolved;
 * resolve_last: the last name too, when it exists), or NULL. */
static char *folder_of(const char *path, int resolve_last)
{
    if (resolve_last) {
        char *full = realpath(path, NULL);
        if (full) {
            char *slash = strrchr(full, '/');
            if (slash == full)
                slash[1] = '\0';
            else if (slash)
                *slash = '\0';
            return full;
        }
    }
    char *dir;
    const char *base;
    if (split(path, &dir, &base))
        return NULL;
    char *r = realpath(dir, NULL);
    free(dir);
    return r;
}

int ss_path_is_input(const char *out, const char *const *paths, size_t n, size_t *which)
{
    struct stat os;
    int exists = stat(out, &os) == 0;
    char *dirs[2] = {folder_of(out, 0), exists ? folder_of(out, 1) : NULL};
    int hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        struct stat is;
        int ok = strcmp(paths[i], "-") == 0 ? fstat(0, &is) == 0 : stat(paths[i], &is) == 0;
        if (!ok)
            continue;
        /* devices, FIFOs: a terminal may well be input and output at once */
        if (exists && S_ISREG(os.st_mode) && S_ISREG(is.st_mode) && same(&os, &is))
            hit = SS_PATH_SAME;
        for (int k = 0; k < 2 && !hit; k++)
            if (dirs[k] && S_ISDIR(is.st_mode) && within(dirs[k], &is))
                hit = SS_PATH_INSIDE;
        if (hit && which)
            *which = i;
    }
    free(dirs[0]);
    free(dirs[1]);
    return hit;
}
