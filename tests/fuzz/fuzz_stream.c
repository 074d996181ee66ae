/* Fuzz target: the line stream (input/stream.h) with the bulk skipping of
 * blank lines, over plain, gzip or zstd bytes (recognized by magic).  The
 * input is read twice: line by line with getline alone, and with
 * ss_stream_skip_blank_lines before each getline.  Checks: no crash; both
 * reads end the same way (same status); the second returns exactly the
 * lines of the first that hold something besides spaces, tabs and CRs,
 * with the same line numbers and byte offsets. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    char *text;
    size_t len;
    uint64_t lineno, off;
} line;

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Read path; skip: use skip_blank_lines.  Returns the final status. */
static int read_all(const char *path, int skip, line **out, size_t *n)
{
    ss_error err;
    ss_stream *s = ss_stream_open(path, 4096, &err);
    assert(s);
    *out = NULL;
    *n = 0;
    int rc;
    for (;;) {
        rc = skip ? ss_stream_skip_blank_lines(s, &err) : SS_OK;
        if (rc == SS_OK) {
            const char *l;
            size_t len;
            rc = ss_stream_getline(s, &l, &len, &err);
            if (rc == 1) {
                if (blank(l, len) && !skip)
                    continue;
                *out = realloc(*out, (*n + 1) * sizeof **out);
                assert(*out);
                line *x = &(*out)[(*n)++];
                x->text = malloc(len + 1);
                assert(x->text);
                memcpy(x->text, l, len);
                x->len = len;
                x->lineno = ss_stream_lineno(s);
                x->off = ss_stream_line_offset(s);
                continue;
            }
            if (rc == SS_ETOOBIG)
                continue;
        }
        break;
    }
    ss_stream_close(s);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_stream_%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    line *a, *b;
    size_t na, nb;
    int ra = read_all(path, 0, &a, &na), rb = read_all(path, 1, &b, &nb);
    assert(ra == rb);
    /* the skipping read may still hand out a last line of blanks */
    size_t m = nb;
    if (m > 0 && blank(b[m - 1].text, b[m - 1].len))
        m--;
    assert(m == na);
    for (size_t i = 0; i < na; i++) {
        assert(a[i].len == b[i].len && memcmp(a[i].text, b[i].text, a[i].len) == 0);
        assert(a[i].lineno == b[i].lineno && a[i].off == b[i].off);
    }
    for (size_t i = 0; i < na; i++)
        free(a[i].text);
    for (size_t i = 0; i < nb; i++)
        free(b[i].text);
    free(a);
    free(b);
    unlink(path);
    return 0;
}
