/* Unit tests: core/outfile (atomic, link-safe output files), core/filelock
 * (one writer at a time) and the stream's bulk skipping of blank lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <zlib.h>

#include "samestory.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/test_outfile.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Entries of dir whose name holds s. */
static int count_named(const char *s)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, s) != NULL;
    closedir(d);
    return n;
}

static void write_str(ss_outfile *f, const char *s) { fputs(s, ss_outfile_stream(f)); }

static void replaces_atomically_keeping_the_mode(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "out.txt");
    put(p, "old");
    chmod(p, 0600);
    ss_error err;
    ss_outfile *f = ss_outfile_open(p, 0, &err);
    assert_non_null(f);
    assert_int_equal(ss_outfile_in_place(f), 0);
    assert_non_null(ss_outfile_temp(f));
    assert_non_null(strstr(ss_outfile_temp(f), "out.txt.samestory-tmp."));
    write_str(f, "new");
    /* not visible before commit */
    assert_string_equal(slurp(p), "old");
    struct stat st;
    assert_int_equal(stat(ss_outfile_temp(f), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(ss_outfile_commit(f, &err), SS_OK);
    assert_string_equal(slurp(p), "new");
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(count_named("samestory-tmp"), 0);
    /* abort leaves the old file and no temporary */
    f = ss_outfile_open(p, 0, &err);
    assert_non_null(f);
    write_str(f, "half");
    ss_outfile_abort(f);
    assert_string_equal(slurp(p), "new");
    assert_int_equal(count_named("samestory-tmp"), 0);
    ss_outfile_abort(NULL);
}

static void links_devices_and_folders(void **state)
{
    (void)state;
    char real[128], lnk[128], dangling[128];
    path_in(real, sizeof real, "real.txt");
    path_in(lnk, sizeof lnk, "link.txt");
    path_in(dangling, sizeof dangling, "dangling.txt");
    put(real, "old");
    assert_int_equal(symlink("real.txt", lnk), 0);
    ss_error err;
    ss_outfile *f = ss_outfile_open(lnk, 0, &err);
    assert_non_null(f);
    write_str(f, "through");
    assert_int_equal(ss_outfile_commit(f, &err), SS_OK);
    struct stat st;
    assert_int_equal(lstat(lnk, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(real), "through");
    /* a dangling link and a folder are refused */
    assert_int_equal(symlink("missing/x", dangling), 0);
    assert_null(ss_outfile_open(dangling, 0, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_null(ss_outfile_open(dir, 0, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_non_null(strstr(err.msg, "folder"));
    /* a device is written through in place; SS_OUTFILE_REGULAR refuses it */
    f = ss_outfile_open("/dev/null", 0, &err);
    assert_non_null(f);
    assert_int_equal(ss_outfile_in_place(f), 1);
    assert_null(ss_outfile_temp(f));
    write_str(f, "gone");
    assert_int_equal(ss_outfile_commit(f, &err), SS_OK);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_null(ss_outfile_open("/dev/null", SS_OUTFILE_REGULAR, &err));
    assert_int_equal(err.code, SS_EINVAL);
    /* a file of two hard links is written through: both names see it */
    char a[128], b[128];
    path_in(a, sizeof a, "a.txt");
    path_in(b, sizeof b, "b.txt");
    put(a, "one");
    assert_int_equal(link(a, b), 0);
    f = ss_outfile_open(a, 0, &err);
    assert_non_null(f);
    assert_int_equal(ss_outfile_in_place(f), 1);
    write_str(f, "both");
    assert_int_equal(ss_outfile_commit(f, &err), SS_OK);
    assert_string_equal(slurp(b), "both");
}

static void planted_names_are_never_opened(void **state)
{
    (void)state;
    char out[128], victim[128], planted[128];
    path_in(out, sizeof out, "page.html");
    path_in(victim, sizeof victim, "victim");
    path_in(planted, sizeof planted, "page.html.tmp");
    put(victim, "precious");
    assert_int_equal(symlink("victim", planted), 0);
    ss_error err;
    /* two writers of one target at once get two temporaries */
    ss_outfile *f = ss_outfile_open(out, 0, &err), *g = ss_outfile_open(out, 0, &err);
    assert_non_null(f);
    assert_non_null(g);
    assert_string_not_equal(ss_outfile_temp(f), ss_outfile_temp(g));
    write_str(f, "first");
    write_str(g, "second");
    assert_int_equal(ss_outfile_commit(f, &err), SS_OK);
    assert_int_equal(ss_outfile_commit(g, &err), SS_OK);
    assert_string_equal(slurp(out), "second");
    assert_string_equal(slurp(victim), "precious");
}

static void stale_temporaries_are_removed(void **state)
{
    (void)state;
    char out[128], stale[128], young[128];
    path_in(out, sizeof out, "r.html");
    path_in(stale, sizeof stale, "r.html.samestory-tmp.Abc123");
    path_in(young, sizeof young, "r.html.samestory-tmp.Xyz789");
    put(stale, "left by a killed run");
    put(young, "maybe a live run");
    struct utimbuf old = {time(NULL) - 2 * SS_OUTFILE_STALE_SECONDS,
                          time(NULL) - 2 * SS_OUTFILE_STALE_SECONDS};
    assert_int_equal(utime(stale, &old), 0);
    ss_error err;
    ss_outfile *f = ss_outfile_open(out, 0, &err);
    assert_non_null(f);
    assert_int_equal(ss_outfile_stale(f), 1);
    assert_int_equal(access(stale, F_OK), -1);
    assert_int_equal(access(young, F_OK), 0);
    ss_outfile_abort(f);
    /* an old temporary whose lock is held (a live, slow run) stays */
    int fd = open(young, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(utime(young, &old), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int cfd = open(young, O_RDONLY);
        if (cfd < 0 || flock(cfd, LOCK_EX) != 0)
            _exit(1);
        pause();
        _exit(0);
    }
    close(fd);
    usleep(200000);
    f = ss_outfile_open(out, 0, &err);
    assert_non_null(f);
    assert_int_equal(ss_outfile_stale(f), 0);
    assert_int_equal(access(young, F_OK), 0);
    ss_outfile_abort(f);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static void signal_removes_the_temporary(void **state)
{
    (void)state;
    char out[128];
    path_in(out, sizeof out, "killed.txt");
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    if (pid == 0) {
        ss_outfile_cleanup_on_signals();
        ss_error err;
        ss_outfile *f = ss_outfile_open(out, 0, &err);
        if (!f)
            _exit(1);
        write_str(f, "unfinished");
        fflush(ss_outfile_stream(f));
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(count_named("killed.txt.samestory-tmp."), 1);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(count_named("killed.txt"), 0);
    close(ready[0]);
    close(ready[1]);
}

static void outputs_that_are_inputs(void **state)
{
    (void)state;
    char in[128], hard[128], sub[128], inner[128], fresh[128];
    path_in(in, sizeof in, "in.jsonl");
    path_in(hard, sizeof hard, "hard.jsonl");
    path_in(sub, sizeof sub, "crawl");
    path_in(inner, sizeof inner, "crawl/deep/new.html");
    path_in(fresh, sizeof fresh, "fresh.html");
    put(in, "{}\n");
    assert_int_equal(link(in, hard), 0);
    assert_int_equal(mkdir(sub, 0777), 0);
    char deep[160];
    snprintf(deep, sizeof deep, "%s/deep", sub);
    assert_int_equal(mkdir(deep, 0777), 0);
    const char *inputs[] = {"/dev/null", in, sub};
    size_t which = 99;
    assert_int_equal(ss_path_is_input(hard, inputs, 3, &which), SS_PATH_SAME);
    assert_int_equal(which, 1);
    assert_int_equal(ss_path_is_input(inner, inputs, 3, &which), SS_PATH_INSIDE);
    assert_int_equal(which, 2);
    assert_int_equal(ss_path_is_input(fresh, inputs, 3, &which), 0);
    /* devices are never "the same" as an input */
    assert_int_equal(ss_path_is_input("/dev/null", inputs, 3, &which), 0);
}

static void lock_is_exclusive(void **state)
{
    (void)state;
    char idx[128];
    path_in(idx, sizeof idx, "dedup.idx");
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid_t pid = fork();
    if (pid == 0) {
        ss_filelock *l = ss_filelock_acquire(idx, 0, NULL);
        char c = l ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
            _exit(1);
        ss_filelock_release(l);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    ss_error err;
    ss_error_clear(&err);
    assert_null(ss_filelock_acquire(idx, 0, &err));
    assert_int_equal(err.code, SS_EBUSY);
    char want[64];
    snprintf(want, sizeof want, "process %ld", (long)pid);
    assert_non_null(strstr(err.msg, want));
    assert_non_null(strstr(err.msg, "dedup.idx.lock"));
    /* the holder lets go: the lock is ours, even waiting */
    assert_int_equal(write(go[1], "x", 1), 1);
    ss_filelock *l = ss_filelock_acquire(idx, 1, &err);
    assert_non_null(l);
    assert_non_null(strstr(ss_filelock_path(l), "dedup.idx.lock"));
    waitpid(pid, NULL, 0);
    ss_filelock_release(l);
    /* a folder has no lock beside it */
    assert_null(ss_filelock_acquire(dir, 0, &err));
    assert_int_equal(err.code, SS_EINVAL);
    for (int i = 0; i < 2; i++) {
        close(ready[i]);
        close(go[i]);
    }
}

static void blank_lines_skipped_with_their_numbers(void **state)
{
    (void)state;
    char p[128];
    path_in(p, sizeof p, "blank.jsonl.gz");
    gzFile g = gzopen(p, "wb");
    assert_non_null(g);
    /* more blank lines than one decoded buffer holds, then a record, then
     * whitespace lines and a last line of spaces without a newline */
    for (int i = 0; i < 2000000; i++)
        gzputc(g, '\n');
    gzputs(g, "  \t\r\nfirst\n\r\n \nsecond\n   ");
    gzclose(g);
    ss_error err;
    ss_stream *s = ss_stream_open(p, 0, &err);
    assert_non_null(s);
    const char *line;
    size_t len;
    assert_int_equal(ss_stream_skip_blank_lines(s, &err), SS_OK);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1);
    assert_int_equal(len, 5);
    assert_memory_equal(line, "first", 5);
    assert_int_equal(ss_stream_lineno(s), 2000002);
    assert_int_equal(ss_stream_line_offset(s), 2000005);
    assert_int_equal(ss_stream_skip_blank_lines(s, &err), SS_OK);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1);
    assert_memory_equal(line, "second", 6);
    assert_int_equal(ss_stream_lineno(s), 2000005);
    assert_int_equal(ss_stream_skip_blank_lines(s, &err), SS_OK);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1); /* the spaces */
    assert_int_equal(len, 3);
    assert_int_equal(ss_stream_skip_blank_lines(s, &err), SS_OK);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 0);
    ss_stream_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(replaces_atomically_keeping_the_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(links_devices_and_folders, setup, teardown),
        cmocka_unit_test_setup_teardown(planted_names_are_never_opened, setup, teardown),
        cmocka_unit_test_setup_teardown(stale_temporaries_are_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(signal_removes_the_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(outputs_that_are_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(lock_is_exclusive, setup, teardown),
        cmocka_unit_test_setup_teardown(blank_lines_skipped_with_their_numbers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
