/* fingerprint/minhash.c — OPH sketches and their comparison (see minhash.h).
 *
 * Each shingle hash s (uniform already) gives two independent 64-bit
 * values, v = s ^ A for the similarity sketch and u = mix(s ^ B) for the
 * band sketch; a value's high 32 bits pick its bin (multiply-shift onto the
 * bin count), and the bin keeps the smallest value.  Fingerprints: the
 * minimum's low 32 bits mapped onto 1..3 (independent of the bits that
 * chose the bin, and from bin to bin).  Four fingerprints per byte, bin
 * 4i + j in bits 2j and 2j + 1.
 *
 * The comparison works on 64-bit words of 32 fields of 2 bits: for a word
 * x, nz(x) has the low bit of each non-zero field set.  Over the sketch,
 *   F = filled in either, B = filled in both, M = equal and filled;
 * M = T + (B - T)/3 where T counts bins holding the same minimum, so
 * T = (M - B/3) * 3/2 and the estimate is T / F.
 */
#include "fingerprint/minhash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define SEED_SKETCH 0x243F6A8885A308D3ull
#define SEED_BANDS 0x13198A2E03707344ull
#define SEED_PROBE 0x082EFA98EC4E6C89ull
#define SEED_KEY 0x452821E638D01377ull
#define EMPTY UINT64_MAX

static inline uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint32_t range(uint64_t v, uint32_t n) { return (uint32_t)(((v >> 32) * n) >> 32); }

size_t ss_minhash_sketch_bytes(uint32_t hashes) { return hashes / 4; }

void ss_minhash_sketch_from_4bit(const uint8_t *nibbles, uint32_t hashes, uint8_t *sketch)
{
    for (uint32_t i = 0; i < hashes; i += 4) {
        uint32_t byte = 0;
        for (uint32_t j = 0; j < 4; j++) {
            uint32_t f = (nibbles[(i + j) >> 1] >> (4 * ((i + j) & 1))) & 15;
            byte |= ((f + 4) / 5) << (2 * j);
        }
        sketch[i >> 2] = (uint8_t)byte;
    }
}

int ss_minhash_params_valid(const ss_minhash_params *p)
{
    return p->hashes >= SS_MINHASH_MIN_HASHES && p->hashes <= SS_MINHASH_MAX_HASHES &&
           p->hashes % 16 == 0 && p->bands >= 1 && p->bands <= SS_MINHASH_MAX_BANDS &&
           p->rows >= 1 && p->rows <= SS_MINHASH_MAX_ROWS;
}

void ss_minhash_work_init(ss_minhash_work *w) { memset(w, 0, sizeof *w); }

void ss_minhash_work_release(ss_minhash_work *w)
{
    free(w->mins);
    free(w->bmins);
    memset(w, 0, sizeof *w);
}

static int work_fit(ss_minhash_work *w, uint32_t hashes, uint32_t lbins)
{
    if (w->hashes != hashes) {
        free(w->mins);
        w->mins = malloc(hashes * sizeof *w->mins);
        w->hashes = w->mins ? hashes : 0;
    }
    if (w->lbins != lbins) {
        free(w->bmins);
        w->bmins = malloc(lbins * sizeof *w->bmins);
        w->lbins = w->bmins ? lbins : 0;
    }
    return w->hashes == hashes && w->lbins == lbins ? SS_OK : SS_ENOMEM;
}

int ss_minhash_sketch(const ss_minhash_params *p, const uint64_t *shingles, size_t n,
                      ss_minhash_work *w, uint8_t *sketch, uint64_t *band_keys)
{
    const uint32_t K = p->hashes, L = p->bands * p->rows;
    memset(sketch, 0, ss_minhash_sketch_bytes(K));
    if (n == 0) {
        memset(band_keys, 0, p->bands * sizeof *band_keys);
        return SS_OK;
    }
    if (work_fit(w, K, L))
        return SS_ENOMEM;
    uint64_t *mins = w->mins, *bm = w->bmins;
    memset(mins, 0xFF, K * sizeof *mins); /* EMPTY */
    memset(bm, 0xFF, L * sizeof *bm);
    for (size_t k = 0; k < n; k++) {
        /* shingle hashes are already uniform (shingle.c ends them with an
         * avalanche); the band sketch takes an independent remix */
        uint64_t v = shingles[k] ^ SEED_SKETCH;
        uint32_t i = range(v, K);
        mins[i] = v < mins[i] ? v : mins[i];
        uint64_t u = mix(shingles[k] ^ SEED_BANDS);
        uint32_t j = range(u, L);
        bm[j] = u < bm[j] ? u : bm[j];
    }
    /* fingerprints from the minimum's low 32 bits (the bin came from its
     * high 32 bits): 1..3, or 0 for an empty bin, without branches; four
     * bins per byte, bin 4i + j in bits 2j and 2j + 1 */
    for (uint32_t i = 0; i < K; i += 4) {
        uint32_t byte = 0;
        for (uint32_t j = 0; j < 4; j++) {
            uint64_t a = mins[i + j];
            uint32_t f = (uint32_t)(1 + (((a & 0xffffffffu) * 3) >> 32)) & -(uint32_t)(a != EMPTY);
            byte |= f << (2 * j);
        }
        sketch[i >> 2] = (uint8_t)byte;
    }
    /* fill empty band bins (optimal densification) from the original
     * minima only; after 4 * L probes without luck (sets of very few
     * shingles), the next filled bin to the right */
    uint32_t nf = 0;
    for (uint32_t i = 0; i < L; i++)
        nf += bm[i] != EMPTY;
    if (nf < L) {
        uint64_t orig[SS_MINHASH_MAX_BANDS * SS_MINHASH_MAX_ROWS];
        memcpy(orig, bm, L * sizeof *bm);
        for (uint32_t i = 0; i < L; i++) {
            if (orig[i] != EMPTY)
                continue;
            uint64_t got = EMPTY;
            for (uint32_t a = 0; a < 4 * L && got == EMPTY; a++)
                got = orig[range(mix(SEED_PROBE ^ ((uint64_t)i << 32 | a)), L)];
            for (uint32_t k = 1; got == EMPTY && k < L; k++)
                got = orig[(i + k) % L];
            bm[i] = got;
        }
    }
    for (uint32_t b = 0; b < p->bands; b++) {
        uint64_t h = mix(SEED_KEY ^ b);
        for (uint32_t r = 0; r < p->rows; r++)
            h = mix(h ^ bm[b * p->rows + r]);
        band_keys[b] = h;
    }
    return SS_OK;
}

#define LOW 0x5555555555555555ull

/* The low bit of each 2-bit field of x that is not zero. */
static inline uint64_t nonzero_fields(uint64_t x) { return (x | x >> 1) & LOW; }

/* Adds the counts of one word of 32 fields (a tail word is zero-padded). */
static inline void count_word(uint64_t x, uint64_t y, uint64_t *F, uint64_t *B, uint64_t *M)
{
    uint64_t nx = nonzero_fields(x), ny = nonzero_fields(y);
    uint64_t both = nx & ny;
    uint64_t eq = ~nonzero_fields(x ^ y) & both;
    *F += (uint64_t)__builtin_popcountll(nx | ny);
    *B += (uint64_t)__builtin_popcountll(both);
    *M += (uint64_t)__builtin_popcountll(eq);
}

double ss_minhash_similarity(const uint8_t *a, const uint8_t *b, uint32_t hashes)
{
    uint64_t F = 0, B = 0, M = 0;
    size_t bytes = ss_minhash_sketch_bytes(hashes), i = 0;
    for (; i + 8 <= bytes; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        count_word(x, y, &F, &B, &M);
    }
    if (i < bytes) { /* hashes is a multiple of 16: a tail of 4 bytes */
        uint32_t x, y;
        memcpy(&x, a + i, 4);
        memcpy(&y, b + i, 4);
        count_word(x, y, &F, &B, &M);
    }
    if (F == 0 || B == 0)
        return 0.0;
    /* T / F with T = (M - B/3) * 3/2, in integers (equal sketches give 1) */
    double j = ((double)(3 * M) - (double)B) / (double)(2 * F);
    return j < 0 ? 0 : j > 1 ? 1 : j;
}

double ss_minhash_band_chance(double j, uint32_t bands, uint32_t rows)
{
    return 1.0 - pow(1.0 - pow(j, rows), bands);
}

void ss_minhash_choose_bands(double cutoff, uint32_t *bands, uint32_t *rows)
{
    *bands = SS_MINHASH_MAX_BANDS;
    *rows = 1;
    for (uint32_t r = 1; r <= SS_MINHASH_MAX_ROWS; r++) {
        double p = pow(cutoff, r);
        if (p >= 1.0) {
            *bands = 1;
            *rows = r;
            continue;
        }
        double b = ceil(log(0.01) / log(1.0 - p));
        if (b < 1)
            b = 1;
        if (b <= SS_MINHASH_MAX_BANDS) {
            *bands = (uint32_t)b;
            *rows = r;
        }
    }
}
