/* fingerprint/minhash.c — OPH sketches and their comparison (see minhash.h).
 *
 * Each shingle hash s (uniform already) gives two independent 64-bit
 * values, v = s ^ A for the similarity sketch and u = mix(s ^ B) for the
 * band sketch; a value's high 32 bits pick its bin (multiply-shift onto the
 * bin count), and the bin keeps the smallest value.  Fingerprints: the
 * minimum's low 32 bits mapped onto 1..15 (independent of the bits that
 * chose the bin, and from bin to bin).  Two fingerprints per byte, bin 2i
 * in the low nibble.
 *
 * The comparison works on 64-bit words of 16 nibbles: for a word x,
 * nz(x) has the top bit of each non-zero nibble set.  Over the sketch,
 *   F = filled in either, B = filled in both, M = equal and filled;
 * M = T + (B - T)/15 where T counts bins holding the same minimum, so
 * T = (M - B/15) * 15/14 and the estimate is T / F.
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
     * high 32 bits): 1..15, or 0 for an empty bin, without branches */
    for (uint32_t i = 0; i < K; i += 2) {
        uint64_t a = mins[i], b = mins[i + 1];
        uint32_t fa = (uint32_t)(1 + (((a & 0xffffffffu) * 15) >> 32)) & -(uint32_t)(a != EMPTY);
        uint32_t fb = (uint32_t)(1 + (((b & 0xffffffffu) * 15) >> 32)) & -(uint32_t)(b != EMPTY);
        sketch[i >> 1] = (uint8_t)(fa | fb << 4);
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

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

#define LOW3 0x7777777777777777ull
#define HIGH 0x8888888888888888ull

static inline uint64_t nonzero_nibbles(uint64_t x) { return (((x & LOW3) + LOW3) | x) & HIGH; }

double ss_minhash_similarity(const uint8_t *a, const uint8_t *b, uint32_t hashes)
{
    uint64_t F = 0, B = 0, M = 0;
    size_t words = hashes / 16;
    for (size_t i = 0; i < words; i++) {
        uint64_t x = load64(a + 8 * i), y = load64(b + 8 * i);
        uint64_t nx = nonzero_nibbles(x), ny = nonzero_nibbles(y);
        uint64_t both = nx & ny;
        uint64_t eq = ~nonzero_nibbles(x ^ y) & HIGH & both;
        F += (uint64_t)__builtin_popcountll(nx | ny);
        B += (uint64_t)__builtin_popcountll(both);
        M += (uint64_t)__builtin_popcountll(eq);
    }
    if (F == 0 || B == 0)
        return 0.0;
    double t = ((double)M - (double)B / 15.0) * 15.0 / 14.0;
    double j = t / (double)F;
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
