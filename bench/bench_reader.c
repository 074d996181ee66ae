/* bench_reader — the reader on gzip JSONL full of blank lines.
 *
 *   build/bench/bench_reader [MB]       (default 256 MB of input, uncompressed)
 *
 * Writes two gzip files to a temporary folder: MB of nothing but newlines,
 * and MB of blank lines with a JSONL record every 4096 lines.  For each it
 * times:
 *   baseline   zlib alone: gzread into a buffer and count the newlines
 *              (what `zcat | wc -l` does, in one process)
 *   reader     ss_reader_next_raw over the file until the end
 * and prints each time and the ratio reader / baseline.  Before
 * ss_stream_skip_blank_lines the reader handed out every empty line
 * through getline, a copy and a blank check: about 10x the baseline
 * (issue 19: 1 GB of gzip newlines 27 s against 2.9 s).  Best of three
 * runs; single thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "samestory.h"

#define RECORD_EVERY 4096   /* blank lines between two records in the mixed file */
#define RUNS 3

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int write_gz(const char *path, size_t bytes, int records)
{
    gzFile g = gzopen(path, "wb1");
    if (!g)
        return -1;
    static char chunk[1 << 16];
    memset(chunk, '\n', sizeof chunk);
    size_t done = 0, lines = 0, id = 0;
    while (done < bytes) {
        size_t n = sizeof chunk < bytes - done ? sizeof chunk : bytes - done;
        if (records) {
            /* a record every RECORD_EVERY lines: write in pieces */
            for (size_t i = 0; i < n; i++, lines++) {
                if (lines % RECORD_EVERY == RECORD_EVERY - 1) {
                    char rec[96];
                    int k = snprintf(rec, sizeof rec, "{\"id\":\"r%zu\",\"text\":\"a record\"}\n",
                                     id++);
                    gzwrite(g, rec, (unsigned)k);
                } else {
                    gzputc(g, '\n');
                }
            }
        } else if (gzwrite(g, chunk, (unsigned)n) != (int)n) {
            gzclose(g);
            return -1;
        }
        done += n;
    }
    return gzclose(g) == Z_OK ? 0 : -1;
}

static double baseline(const char *path, size_t *lines)
{
    double t0 = now();
    gzFile g = gzopen(path, "rb");
    static char buf[1 << 18];
    int n;
    size_t count = 0;
    gzbuffer(g, 1 << 18);
    while ((n = gzread(g, buf, sizeof buf)) > 0) {
        for (int i = 0; i < n; i++) /* a loop the compiler vectorizes, as wc does */
            count += buf[i] == '\n';
    }
    gzclose(g);
    *lines = count;
    return now() - t0;
}

static double reader(const char *path, size_t *records)
{
    double t0 = now();
    ss_error err;
    ss_error_clear(&err);
    const char *paths[] = {path};
    ss_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ss_reader *r = ss_reader_new(paths, 1, &ro, &err);
    if (!r) {
        fprintf(stderr, "bench_reader: %s\n", err.msg);
        exit(1);
    }
    ss_raw_record rec;
    int rc;
    size_t n = 0;
    while ((rc = ss_reader_next_raw(r, &rec, &err)) == 1)
        n++;
    if (rc < 0) {
        fprintf(stderr, "bench_reader: %s\n", err.msg);
        exit(1);
    }
    ss_reader_free(r);
    *records = n;
    return now() - t0;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 256;
    if (mb == 0)
        mb = 1;
    char dir[] = "/tmp/bench_reader.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench_reader: mkdtemp");
        return 1;
    }
    char empty[64], mixed[64];
    snprintf(empty, sizeof empty, "%s/empty.jsonl.gz", dir);
    snprintf(mixed, sizeof mixed, "%s/mixed.jsonl.gz", dir);
    if (write_gz(empty, mb << 20, 0) || write_gz(mixed, mb << 20, 1)) {
        fprintf(stderr, "bench_reader: cannot write the inputs in %s\n", dir);
        return 1;
    }
    printf("bench_reader: %zu MB uncompressed per file, best of %d\n", mb, RUNS);
    const char *files[] = {empty, mixed}, *names[] = {"newlines only", "blank + records"};
    for (int f = 0; f < 2; f++) {
        double tb = 1e30, tr = 1e30;
        size_t lines = 0, recs = 0;
        for (int k = 0; k < RUNS; k++) {
            double b = baseline(files[f], &lines), r = reader(files[f], &recs);
            tb = b < tb ? b : tb;
            tr = r < tr ? r : tr;
        }
        printf("  %-16s baseline %.3f s (%zu lines)  reader %.3f s (%zu records)  ratio %.2f\n",
               names[f], tb, lines, tr, recs, tr / tb);
    }
    unlink(empty);
    unlink(mixed);
    rmdir(dir);
    return 0;
}
