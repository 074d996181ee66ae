/* bench/dedup_rates.c — error rates of near-duplicate detection, measured.
 *
 * For pairs of shingle sets with a known Jaccard similarity J, runs what
 * `samestory dedup` does to a pair (similarity sketch, band keys, a shared
 * band makes a candidate, the sketch estimate verifies it) and counts how
 * often the pair is grouped.  Prints, for J = threshold (a miss is a false
 * negative) and J = threshold - 0.1 (a grouping is a false positive), the
 * rates by set size, next to what the band formula alone predicts.
 *
 *   build/bench/dedup_rates [THRESHOLD [HASHES [TRIALS]]]
 *
 * The sets are random 64-bit values (as shingle hashes are), so the rates
 * hold for any text whose shingle count is the set size.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    ss_dedup_opts o;
    ss_dedup_opts_default(&o);
    if (argc > 1)
        o.threshold = atof(argv[1]);
    if (argc > 2)
        o.hashes = atoi(argv[2]);
    int trials = argc > 3 ? atoi(argv[3]) : 4000;
    ss_error err;
    ss_dedup *dd = ss_dedup_new(&o, &err);
    if (!dd) {
        fprintf(stderr, "dedup_rates: %s\n", err.msg);
        return 2;
    }
    ss_dedup_params p = ss_dedup_get_params(dd);
    ss_minhash_params mh = {p.hashes, p.bands, p.rows};
    printf("threshold %.2f: grouped from an estimate of %.2f; %u bands x %u rows; %u hashes; "
           "%d pairs per cell\n", p.threshold, p.cutoff, p.bands, p.rows, p.hashes, trials);
    printf("%-8s %-8s %12s %12s %12s %14s\n", "J", "shingles", "candidate", "grouped",
           "error", "formula(cand)");
    ss_minhash_work w;
    ss_minhash_work_init(&w);
    size_t sb = ss_minhash_sketch_bytes(p.hashes);
    uint8_t *sa = malloc(sb), *sbk = malloc(sb);
    uint64_t ka[SS_MINHASH_MAX_BANDS], kb[SS_MINHASH_MAX_BANDS];
    const size_t sizes[] = {20, 50, 100, 300, 1000, 3000};
    const double js[] = {p.threshold, p.threshold - 0.1};
    uint64_t seed = 12345;
    for (int ji = 0; ji < 2; ji++) {
        double j = js[ji];
        if (j <= 0)
            continue;
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            size_t n = sizes[si];
            /* |A| = |B| = n with |A & B| = c: J = c / (2n - c) */
            size_t c = (size_t)llround(2.0 * (double)n * j / (1.0 + j));
            uint64_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            int cand = 0, grouped = 0;
            double realj = (double)c / (double)(2 * n - c);
            for (int t = 0; t < trials; t++) {
                for (size_t i = 0; i < n; i++)
                    a[i] = rnd(&seed);
                for (size_t i = 0; i < n; i++)
                    b[i] = i < c ? a[i] : rnd(&seed);
                ss_minhash_sketch(&mh, a, n, &w, sa, ka);
                ss_minhash_sketch(&mh, b, n, &w, sbk, kb);
                int hit = 0;
                for (uint32_t k = 0; k < p.bands; k++)
                    hit |= ka[k] == kb[k];
                cand += hit;
                grouped += hit && ss_minhash_similarity(sa, sbk, p.hashes) >= p.cutoff;
            }
            double rate = (double)grouped / trials;
            printf("%-8.3f %-8zu %11.2f%% %11.2f%% %11.2f%% %13.2f%%  (%s)\n", realj, n,
                   100.0 * cand / trials, 100.0 * rate, 100.0 * (ji == 0 ? 1 - rate : rate),
                   100.0 * ss_minhash_band_chance(realj, p.bands, p.rows),
                   ji == 0 ? "false negatives" : "false positives");
            free(a);
            free(b);
        }
    }
    free(sa);
    free(sbk);
    ss_minhash_work_release(&w);
    ss_dedup_free(dd);
    return 0;
}
