/* story/similarity.c — field cosines and their combination (see similarity.h). */
#include "story/similarity.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "core/doc.h"
#include "lang/langid.h"
#include "story/model.h"

const char *const ss_sim_feature_names[SS_SF_COUNT] = {
    "terms", "lead", "names", "numbers", "title", "title_lead", "pivot", "cross", "headline", "log_words"};

static double norm(const ss_df *df, int field, const ss_fvec *a)
{
    double s = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        double x = a->w[i] * ss_df_idf(df, field, a->k[i]);
        s += x * x;
    }
    return sqrt(s);
}

double ss_fvec_cosine(const ss_df *df, int field, const ss_fvec *a, const ss_fvec *b)
{
    if (!a->n || !b->n)
        return 0.0;
    double dot = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->k[i] < b->k[j]) {
            i++;
        } else if (b->k[j] < a->k[i]) {
            j++;
        } else {
            double idf = ss_df_idf(df, field, a->k[i]);
            dot += a->w[i] * b->w[j] * idf * idf;
            i++;
            j++;
        }
    }
    if (dot <= 0)
        return 0.0;
    double c = dot / (norm(df, field, a) * norm(df, field, b));
    return c > 1.0 ? 1.0 : c;
}

void ss_features_renorm(ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++) {
        double n = 0;
        for (uint32_t i = 0; i < x->f[f].n; i++)
            n += (double)x->f[f].w[i] * x->f[f].w[i];
        x->norm[f] = (float)sqrt(n);
    }
}

void ss_features_apply_idf(const ss_df *df, ss_features *x)
{
    if (x->weighted)
        return;
    for (int f = 0; f < SS_F_COUNT; f++)
        for (uint32_t i = 0; i < x->f[f].n; i++)
            x->f[f].w[i] *= (float)ss_df_idf(df, f, x->f[f].k[i]);
    ss_features_renorm(x);
    x->weighted = 1;
}

/* A vector this many times longer than the other is searched (galloping)
 * instead of walked: an article's title or lead (tens of keys) against a
 * story profile (up to profile_keys per field) costs log steps per key. */
#define GALLOP_RATIO 8

/* The first index >= from in v->k[0..n) whose key is >= key. */
static uint32_t gallop(const ss_fvec *v, uint32_t from, uint64_t key)
{
    uint32_t lo = from, step = 1, hi = from;
    while (hi < v->n && v->k[hi] < key) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > v->n)
        hi = v->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v->k[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static double weighted_cosine(const ss_fvec *a, float na, const ss_fvec *b, float nb)
{
    if (!a->n || !b->n || na <= 0 || nb <= 0)
        return 0.0;
    double dot = 0;
    uint32_t i = 0, j = 0;
    if ((size_t)a->n * GALLOP_RATIO < b->n || (size_t)b->n * GALLOP_RATIO < a->n) {
        /* the matches in ascending key order, as the walk adds them */
        int small_a = a->n < b->n;
        const ss_fvec *s = small_a ? a : b, *l = small_a ? b : a;
        for (; i < s->n && j < l->n; i++) {
            j = gallop(l, j, s->k[i]);
            if (j < l->n && l->k[j] == s->k[i]) {
                dot += small_a ? (double)s->w[i] * l->w[j] : (double)l->w[j] * s->w[i];
                j++;
            }
        }
    } else {
        while (i < a->n && j < b->n) {
            if (a->k[i] < b->k[j])
                i++;
            else if (b->k[j] < a->k[i])
                j++;
            else
                dot += (double)a->w[i++] * b->w[j++];
        }
    }
    double c = dot / ((double)na * nb);
    return c > 1.0 ? 1.0 : c < 0 ? 0 : c;
}

/* The fallback when no model file can be loaded (story/model.h): the
 * hand-set combination fitted by least squares (non-negative, five
 * parameters) to (4 - Overall) / 3 on the SemEval-2022 Task 8 training
 * pairs before the learned model; see docs/STORIES.md. */
static const double W_TERMS = 0.54, W_ENTS = 0.11, W_NUMS = 0.09, W_LEAD = 0.62;
static const double BIAS = -0.03;

static void combine(const ss_features *a, const ss_features *b, double title_lead, ss_sim *out);

static int cross_lingual(const ss_features *a, const ss_features *b)
{
    return ss_langs_differ(a->lang, b->lang);
}

void ss_similarity(const ss_df *df, const ss_features *a, const ss_features *b, ss_sim *out)
{
    /* weigh copies of raw features, then compare as weighted ones */
    ss_features ca, cb;
    ss_features_init(&ca);
    ss_features_init(&cb);
    if (ss_features_copy(&ca, a) == SS_OK && ss_features_copy(&cb, b) == SS_OK) {
        ss_features_apply_idf(df, &ca);
        ss_features_apply_idf(df, &cb);
        ss_similarity_weighted(&ca, &cb, out);
    } else {
        memset(out, 0, sizeof *out);
        out->gap_days = -1;
    }
    ss_features_release(&ca);
    ss_features_release(&cb);
}

/* Bit per field cosine (1 << SS_F_*), and TITLE_LEAD_BIT for the title
 * against the other's lead. */
#define TITLE_LEAD_BIT (1u << SS_F_COUNT)
#define ALL_COSINES (((1u << SS_F_COUNT) - 1) | TITLE_LEAD_BIT)

/* A cosine measured on few words says little: two one-sentence items
 * sharing a town's name and one other word have a cosine of terms near
 * what two full reports of one event have.  The whole-text fields (terms,
 * and the pivot standing in for them across languages) are discounted by
 * m / (m + SHORT_TEXT_KEYS), m the keys of the shorter vector: a brief of
 * ten keys keeps half its cosine, a report of three hundred 97%.  Articles
 * that are only a headline are not discounted (they are judged by their
 * own threshold).  Chosen on the design half of AllSides given as briefs
 * (each article's first sentence, no title; bench/headlines_allsides.py
 * --briefs; grid 5, 10, 20, 30, 50, the best B-cubed F1 there); the held-apart half and
 * the SemEval cross-validated Pearson are in docs/STORIES.md. */
#define SHORT_TEXT_KEYS 10.0

static void compare(const ss_features *a, const ss_features *b, unsigned need, ss_sim *out)
{
    memset(out, 0, sizeof *out);
    int nf = cross_lingual(a, b) ? SS_F_COUNT : SS_F_PIVOT;
    int discount = !a->headline_only && !b->headline_only;
    for (int f = 0; f < nf; f++) {
        if (!(need & (1u << f)))
            continue;
        out->f[f] = weighted_cosine(&a->f[f], a->norm[f], &b->f[f], b->norm[f]);
        if (discount && (f == SS_F_TERMS || f == SS_F_PIVOT)) {
            double m = a->f[f].n < b->f[f].n ? a->f[f].n : b->f[f].n;
            out->f[f] *= m / (m + SHORT_TEXT_KEYS);
        }
    }
    double tl = 0, lt = 0;
    if (need & TITLE_LEAD_BIT) {
        tl = weighted_cosine(&a->f[SS_F_TITLE], a->norm[SS_F_TITLE], &b->f[SS_F_LEAD], b->norm[SS_F_LEAD]);
        lt = weighted_cosine(&a->f[SS_F_LEAD], a->norm[SS_F_LEAD], &b->f[SS_F_TITLE], b->norm[SS_F_TITLE]);
    }
    combine(a, b, tl > lt ? tl : lt, out);
}

void ss_similarity_weighted(const ss_features *a, const ss_features *b, ss_sim *out)
{
    compare(a, b, ALL_COSINES, out);
}

/* The cosines the score is made of: the model's features (a feature with
 * no weight and no split is never looked at), or the fallback's; and the
 * pivot's, which stands in for terms and lead across languages (it is
 * compared only then).  Found once: the model is loaded once. */
static unsigned score_need;
static pthread_once_t score_once = PTHREAD_ONCE_INIT;

static void find_score_cosines(void)
{
    const ss_story_model *m = ss_story_model_default(NULL);
    unsigned need = 1u << SS_F_PIVOT;
    if (!m) {
        score_need = need | 1u << SS_F_TERMS | 1u << SS_F_ENTS | 1u << SS_F_NUMS | 1u << SS_F_LEAD;
        return;
    }
    static const unsigned of[SS_SF_COUNT] = {
        [SS_SF_TERMS] = 1u << SS_F_TERMS, [SS_SF_LEAD] = 1u << SS_F_LEAD, [SS_SF_NAMES] = 1u << SS_F_ENTS,
        [SS_SF_NUMBERS] = 1u << SS_F_NUMS, [SS_SF_TITLE] = 1u << SS_F_TITLE,
        [SS_SF_TITLE_LEAD] = TITLE_LEAD_BIT, [SS_SF_PIVOT] = 1u << SS_F_PIVOT};
    for (int i = 0; i < SS_SF_COUNT; i++)
        if (m->used[i])
            need |= of[i];
    score_need = need;
}

double ss_similarity_p_same(const ss_features *a, const ss_features *b)
{
    ss_sim sim;
    pthread_once(&score_once, find_score_cosines);
    compare(a, b, score_need, &sim);
    return sim.p_same;
}

/* Scale of log_words: ln(1 + 1100) ~ 7 keeps the feature near 0..1. */
#define LOG_WORDS_SCALE 7.0

static void combine(const ss_features *a, const ss_features *b, double title_lead, ss_sim *out)
{
    out->cross_lingual = cross_lingual(a, b);
    out->gap_days = -1;
    out->time_factor = 1.0;
    if (a->time != SS_TIME_NONE && b->time != SS_TIME_NONE) {
        double gap = fabs((double)(a->time - b->time)) / 86400.0;
        out->gap_days = gap;
        /* most reports of one event appear within a few days of it */
        out->time_factor = gap <= 2.0 ? 1.0 : 1.0 / (1.0 + (gap - 2.0) / 12.0);
    }
    double terms = sqrt(out->f[SS_F_TERMS]), lead = sqrt(out->f[SS_F_LEAD]), pivot = 0;
    if (out->cross_lingual && a->f[SS_F_PIVOT].n && b->f[SS_F_PIVOT].n) {
        /* Across languages the pivot stands in for terms and lead.  Surface
         * words that meet across languages are mostly names, numbers and
         * look-alikes ("port" in French and English): the pivot already
         * holds the names and numbers, and taking the higher of the two (as
         * before) let one shared town name join a French bridge report to
         * an English fire in that town (p_same 0.41 over 0.35).  Pivot
         * alone: cross-validated Pearson 0.7234 -> 0.7214 (de-en 0.736 ->
         * 0.726, 119 pairs, within noise), see docs/STORIES.md. */
        pivot = sqrt(out->f[SS_F_PIVOT]);
        terms = pivot;
        lead = pivot;
    }
    double *x = out->x;
    x[SS_SF_TERMS] = terms;
    x[SS_SF_LEAD] = lead;
    x[SS_SF_NAMES] = sqrt(out->f[SS_F_ENTS]);
    x[SS_SF_NUMBERS] = out->f[SS_F_NUMS];
    x[SS_SF_TITLE] = sqrt(out->f[SS_F_TITLE]);
    x[SS_SF_TITLE_LEAD] = sqrt(title_lead);
    x[SS_SF_PIVOT] = pivot;
    x[SS_SF_CROSS] = out->cross_lingual ? 1.0 : 0.0;
    x[SS_SF_HEADLINE] = a->headline_only || b->headline_only ? 1.0 : 0.0;
    uint32_t w = a->words < b->words ? a->words : b->words;
    x[SS_SF_LOG_WORDS] = log1p((double)w) / LOG_WORDS_SCALE;
    const ss_story_model *m = ss_story_model_default(NULL);
    double s, p;
    if (m) {
        ss_story_model_apply(m, x, &s, &p);
    } else {
        s = BIAS + W_TERMS * terms + W_ENTS * x[SS_SF_NAMES] + W_NUMS * x[SS_SF_NUMBERS] + W_LEAD * lead;
        s = s < 0 ? 0 : s > 1 ? 1 : s;
        p = s;
    }
    out->story = s * out->time_factor;
    out->p_same = p * out->time_factor;
}
