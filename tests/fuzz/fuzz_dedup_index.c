/* Fuzz target: the dedup index loader.  The input is an index file; its
 * header's payload size and checksum, and then the header's own checksum,
 * are set to match the bytes, so that the fuzzer reaches the structural
 * checks behind the checksums.  Checks: no
 * crash; a rejected file leaves the deduplicator empty; an accepted one can
 * be used (groups, ids, similarities) and saved again. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "samestory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (size >= 96) {
        uint64_t payload = size - 96, sum = XXH64(copy + 96, payload, 0);
        memcpy(copy + 72, &payload, 8);
        memcpy(copy + 80, &sum, 8);
        uint64_t head = XXH64(copy, 88, 0);
        memcpy(copy + 88, &head, 8);
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_dedup_index_%d.idx", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(copy);
        return 0;
    }
    fwrite(copy, 1, size, f);
    fclose(f);
    free(copy);
    ss_error err;
    ss_dedup *dd = ss_dedup_new(NULL, &err);
    assert(dd);
    int rc = ss_dedup_load(dd, path, &err);
    if (rc == SS_OK) {
        assert(ss_dedup_finish(dd) == SS_OK);
        uint32_t n = ss_dedup_count(dd);
        for (uint32_t i = 0; i < n; i++) {
            assert(ss_dedup_id(dd, i) != NULL);
            uint32_t g = ss_dedup_group(dd, i);
            assert(g < n);
            double s = ss_dedup_similarity(dd, i);
            assert(s >= 0.0 && s <= 1.0);
        }
        assert(ss_dedup_save(dd, path, &err) == SS_OK);
    } else {
        assert(err.msg[0] != '\0');
        assert(ss_dedup_count(dd) == 0);
    }
    ss_dedup_free(dd);
    unlink(path);
    return 0;
}
