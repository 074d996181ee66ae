/* Fuzz target: a file with no known ending through the whole reader: gzip
 * and zstd by magic bytes (with per-member checks), content sniffing, and
 * then the JSON Lines, WARC, HTML or text reader it picks.
 * Checks: every document returned has an id and valid UTF-8 text, every
 * error has a message, and the reader ends. */
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
    char path[] = "/tmp/ss_fuzz_reader_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    const char *paths[] = {path};
    ss_reader_opts ro = {0};
    ro.max_doc_bytes = 1 << 20;
    ss_error err;
    ss_error_clear(&err);
    ss_reader *r = ss_reader_new(paths, 1, &ro, &err);
    for (int n = 0; r && n < 100000; n++) {
        ss_doc *d = NULL;
        ss_error_clear(&err);
        int rc = ss_reader_next(r, &d, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            assert(d == NULL && err.msg[0] != '\0');
            continue;
        }
        assert(d->id && d->id[0]);
        assert(d->text == NULL || ss_utf8_valid_prefix(d->text, d->text_len) == d->text_len);
        ss_doc_free(d);
    }
    ss_reader_free(r);
    unlink(path);
    return 0;
}
