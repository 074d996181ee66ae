/* Fuzz target: a WARC file through the record reader and the HTTP split.
 * Checks: payloads are as long as announced, bodies lie inside them. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/ss_fuzz_warc_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    ss_stream *s = ss_stream_open(path, 1 << 20, NULL);
    ss_warc_record r;
    ss_warc_record_init(&r);
    int rc, n = 0;
    while (s && n++ < 1000 && (rc = ss_warc_next(s, path, 1 << 16, &r, NULL)) != 0) {
        if (rc == SS_ETOOBIG)
            continue;
        if (rc < 0)
            break;
        assert(r.payload.len == r.length);
        int status;
        char ct[128];
        size_t body;
        if (ss_warc_http(r.payload.data ? r.payload.data : "", r.payload.len, &status, ct, &body) == SS_OK)
            assert(body <= r.payload.len && status >= 0 && status <= 999);
    }
    ss_warc_record_release(&r);
    ss_stream_close(s);
    unlink(path);
    return 0;
}
