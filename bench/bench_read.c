/* bench_read — line reading speed of the input stream on a gzip file.
 *
 *   build/bench/bench_read FILE.gz
 *
 * Times, best of three runs each:
 *   baseline   zlib's gzread over the file, counting newlines (what
 *              `zcat | wc -l` does in one process): the decompression floor
 *   stream     ss_stream_getline over every line (the reader's path: gzip
 *              members checked before use, then decoded and split)
 * and prints MB/s (uncompressed) and the stream's time as a ratio to the
 * baseline.  The ratio is what to compare between builds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "samestory.h"

#define RUNS 3
#define CHUNK (256 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double run_baseline(const char *path, size_t *bytes, size_t *lines)
{
    static char buf[CHUNK];
    double t0 = now();
    gzFile f = gzopen(path, "rb");
    if (!f)
        return -1;
    int n;
    *bytes = *lines = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        *bytes += (size_t)n;
        for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))) != NULL; p++)
            (*lines)++;
    }
    gzclose(f);
    return now() - t0;
}

static double run_stream(const char *path, size_t *lines)
{
    double t0 = now();
    ss_error err;
    ss_stream *s = ss_stream_open(path, 0, &err);
    if (!s)
        return -1;
    const char *line;
    size_t len;
    *lines = 0;
    int rc;
    while ((rc = ss_stream_getline(s, &line, &len, &err)) == 1)
        (*lines)++;
    ss_stream_close(s);
    if (rc < 0) {
        fprintf(stderr, "bench_read: %s\n", err.msg);
        return -1;
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_read FILE.gz\n");
        return 2;
    }
    double best_b = 1e30, best_s = 1e30;
    size_t bytes = 0, lb = 0, ls = 0;
    for (int i = 0; i < RUNS; i++) {
        double b = run_baseline(argv[1], &bytes, &lb);
        double s = run_stream(argv[1], &ls);
        if (b < 0 || s < 0)
            return 1;
        if (b < best_b)
            best_b = b;
        if (s < best_s)
            best_s = s;
    }
    printf("%zu bytes, %zu lines (stream: %zu)\n", bytes, lb, ls);
    printf("baseline  %8.1f MB/s  %.3f s\n", (double)bytes / 1e6 / best_b, best_b);
    printf("stream    %8.1f MB/s  %.3f s  %.2fx baseline\n", (double)bytes / 1e6 / best_s, best_s,
           best_s / best_b);
    return lb == ls ? 0 : 1;
}
