/* compare/compare.c — per-article analysis and the story comparison (see
 * compare.h).
 *
 * Sentence matching: every sentence of every article becomes one sparse
 * vector (content-word stems, name keys and numbers, each field in its own
 * key space, weighted by IDF); an inverted index from keys to sentences
 * accumulates dot products with the earlier sentences of other articles,
 * skipping keys held by more than MAX_POSTING sentences (too common to
 * tell anything).  Matched pairs are joined with union-find.
 */
#include "compare/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/num.h"
#include "core/time.h"
#include "text/calendar.h"
#include "text/norm.h"
#include "text/utf8.h"

#define MATCH_COSINE 0.5
#define COPY_SHARE 0.8
#define MAX_POSTING 400
#define MIN_WORDS 4
#define MAX_RATIO 3.0
/* The fact stages compare facts of different articles pairwise, and the
 * conflict checks in loops of higher degree (numbers: cubic in one unit's
 * facts; dates: quartic in one group's).  A story of thousands of articles
 * (one feed's day: tests/cli/test_hostile_sizes.py) or a dump of
 * thousands of numbers would take hours.  Each stage reads facts from the
 * story's articles in order, earliest first, up to its budget; a story
 * of news reports has far fewer (samples/ and the seeds: under 60 quotes,
 * 80 numbers, 40 dates a story), and the comparison says when a budget cut
 * in ("sampled").  Worst cases within the budgets: 400^3 / 2 = 3.2e7
 * number steps, 120^4 = 2.1e8 date steps (early exits make both rare). */
#define QUOTE_BUDGET 1000
#define NUMBER_BUDGET 400
#define DATE_BUDGET 120
#define NAME_BUDGET 20000
#define NAME_FORMS_MAX 16 /* more spellings than that are not one name's variants */

struct ss_analyzer {
    const ss_stopwords *sw;
    const ss_quoter *qt;
    ss_featurizer *fz;
};

ss_analyzer *ss_analyzer_new(const ss_stopwords *sw, const ss_quoter *qt, ss_error *err)
{
    ss_analyzer *a = calloc(1, sizeof *a);
    if (!a) {
        ss_error_set(err, SS_ENOMEM, "compare: out of memory");
        return NULL;
    }
    a->sw = sw;
    a->qt = qt;
    a->fz = ss_featurizer_new(sw, err);
    if (!a->fz) {
        free(a);
        return NULL;
    }
    return a;
}

void ss_analyzer_free(ss_analyzer *a)
{
    if (!a)
        return;
    ss_featurizer_free(a->fz);
    free(a);
}

void ss_analysis_init(ss_analysis *x)
{
    memset(x, 0, sizeof *x);
    ss_date_mentions_init(&x->dates);
    x->ref_day = SS_DAY_NONE;
    ss_tokens_init(&x->tok);
    ss_mentions_init(&x->men);
    ss_spans_init(&x->sent);
    ss_quotes_init(&x->quotes);
}

void ss_analysis_release(ss_analysis *x)
{
    ss_tokens_release(&x->tok);
    ss_mentions_release(&x->men);
    ss_spans_release(&x->sent);
    ss_quotes_release(&x->quotes);
    for (size_t i = 0; i < x->nsf; i++)
        ss_features_release(&x->sf[i]);
    free(x->sf);
    free(x->num);
    ss_date_mentions_release(&x->dates);
    free(x->df);
    free(x->names);
    memset(x, 0, sizeof *x);
}

/* ---- numbers and what they count --------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}


/* Small numbers written as words (English, German, French, Spanish):
 * news writes a count that opens a sentence in words ("Fourteen workers
 * died"), and a wire's "12 workers" against it is the same quantity.
 * Words that are also common words of another of these languages stay
 * out: Spanish "once" and French "seize" are English words, German "elf"
 * one too. */
static int number_word(const char *w, size_t n)
{
    static const struct {
        const char *w;
        int v;
    } t[] = {{"two", 2},       {"three", 3},    {"four", 4},       {"five", 5},     {"six", 6},
             {"seven", 7},     {"eight", 8},    {"nine", 9},       {"ten", 10},     {"eleven", 11},
             {"twelve", 12},   {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
             {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},  {"thirty", 30},
             {"forty", 40},    {"fifty", 50},   {"sixty", 60},     {"seventy", 70}, {"eighty", 80},
             {"ninety", 90},   {"dozen", 12},   {"zwei", 2},       {"drei", 3},     {"vier", 4},
             {"fünf", 5},      {"sechs", 6},    {"sieben", 7},     {"acht", 8},     {"neun", 9},
             {"zehn", 10},     {"deux", 2},     {"trois", 3},      {"quatre", 4},   {"cinq", 5},
             {"dix", 10},      {"dos", 2},      {"tres", 3},       {"cuatro", 4},   {"cinco", 5},
             {"diez", 10},     {"zwölf", 12},   {"dreizehn", 13},  {"vierzehn", 14}, {"fünfzehn", 15},
             {"sechzehn", 16}, {"siebzehn", 17}, {"achtzehn", 18}, {"neunzehn", 19}, {"zwanzig", 20},
             {"dreißig", 30},  {"vierzig", 40}, {"fünfzig", 50},   {"onze", 11},    {"douze", 12},
             {"treize", 13},   {"quatorze", 14}, {"quinze", 15},   {"vingt", 20},   {"trente", 30},
             {"quarante", 40}, {"cinquante", 50}, {"doce", 12},    {"trece", 13},   {"catorce", 14},
             {"quince", 15},   {"veinte", 20},  {"treinta", 30},   {"cuarenta", 40}, {"cincuenta", 50},
             {NULL, 0}};
    if (n < 3 || n > 9) /* "six" .. "seventeen"; called for every word */
        return 0;
    for (int i = 0; t[i].w; i++)
        if (t[i].w[0] == w[0] && strlen(t[i].w) == n && memcmp(t[i].w, w, n) == 0)
            return t[i].v;
    return 0;
}

static int push_num(ss_analysis *x, const ss_number_fact *f)
{
    if (x->nnum == x->capnum) {
        size_t cap = x->capnum ? x->capnum * 2 : 16;
        ss_number_fact *v = realloc(x->num, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        x->num = v;
        x->capnum = cap;
    }
    x->num[x->nnum++] = *f;
    return SS_OK;
}

static size_t sentence_of(const ss_spans *s, uint32_t byte)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->v[mid].end <= byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->v[lo].start <= byte ? lo : SIZE_MAX;
}

static size_t token_at_or_after(const ss_tokens *tok, uint32_t byte)
{
    size_t lo = 0, hi = tok->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tok->v[mid].start < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int word_in(const char *w, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* A word that scales the number before it ("2.44 million"): its factor,
 * else 0.  "billion" is 10^12 in German and French, 10^9 elsewhere. */
static double scale_word(const char *w, size_t n, const char *lang)
{
    static const char *const k3[] = {"thousand", "thousands", "tausend", "mil", "mille", "тысяча",
                                     "тысячи", "тысяч", "тыс", "tys", "tysiące", "tysięcy", NULL};
    static const char *const k6[] = {"million", "millions", "mln", "mn", "millionen", "mio",
                                     "millón", "millones", "milione", "milioni", "miljoen", "milyon",
                                     "миллион", "миллиона", "миллионов", "млн", "milion", "miliony",
                                     "milionów", NULL};
    static const char *const k9[] = {"bln", "bn", "milliarde", "milliarden", "mrd", "milliard",
                                     "milliards", "miliardo", "miliardi", "milyar", "миллиард",
                                     "миллиарда", "миллиардов", "млрд", "miliard", "miliardy",
                                     "miliardów", "mld", NULL};
    if (word_in(w, n, k3))
        return 1e3;
    /* Turkish "bin" (32 bin 692: 32,692); an English bin is no number */
    if (n == 3 && memcmp(w, "bin", 3) == 0 && lang && strcmp(lang, "tr") == 0)
        return 1e3;
    if (word_in(w, n, k6))
        return 1e6;
    if (word_in(w, n, k9))
        return 1e9;
    if ((n == 7 && memcmp(w, "billion", 7) == 0) || (n == 8 && memcmp(w, "billions", 8) == 0))
        return lang && (strcmp(lang, "de") == 0 || strcmp(lang, "fr") == 0) ? 1e12 : 1e9;
    if ((n == 8 && memcmp(w, "trillion", 8) == 0) || (n == 9 && memcmp(w, "trillions", 9) == 0))
        return 1e12;
    return 0;
}

/* Money and percentages are one unit however written: the class of a
 * currency word after the number, or of "pct"/"percent"; NULL if w is
 * neither. */
static const char *unit_class(const char *w, size_t n)
{
    static const struct {
        const char *w, *cls;
    } t[] = {{"dollar", "$"},  {"dollars", "$"}, {"dlr", "$"},     {"dlrs", "$"},     {"usd", "$"},
             {"euro", "€"},    {"euros", "€"},   {"eur", "€"},     {"yen", "¥"},      {"yuan", "yuan"},
             {"pound", "£"},   {"pounds", "£"},  {"stg", "£"},     {"sterling", "£"}, {"franc", "franc"},
             {"francs", "franc"}, {"rupee", "rupee"}, {"rupees", "rupee"}, {"rouble", "rouble"},
             {"roubles", "rouble"}, {"ruble", "rouble"}, {"rubles", "rouble"}, {"cent", "cent"},
             {"cents", "cent"}, {"cts", "cent"},  {"pct", "%"},     {"percent", "%"},  {"prozent", "%"},
             {"procent", "%"}, {NULL, NULL}};
    for (int i = 0; t[i].w; i++)
        if (strlen(t[i].w) == n && memcmp(t[i].w, w, n) == 0)
            return t[i].cls;
    return NULL;
}

/* Units of time: "four months" is a span, and spans of one story are
 * seldom one quantity ("within two months", "four months ago"); "1330
 * GMT", "21.50 Uhr", "10 am" are times of day, no quantity at all.
 * Neither is compared. */
static int period_word(const char *w, size_t n)
{
    static const char *const t[] = {"second", "seconds", "minute", "minutes", "hour", "hours", "day",
                                    "days", "week", "weeks", "month", "months", "mths", "year", "years",
                                    "yrs", "stunden", "tage", "tagen", "wochen", "monate", "monaten",
                                    "jahre", "jahren", "heures", "jours", "semaines", "mois", "ans",
                                    "années", "horas", "días", "semanas", "meses", "años", "gmt",
                                    "utc", "est", "edt", "cet", "cest", "bst", "jst", "uhr", "am", "pm", NULL};
    return word_in(w, n, t);
}

/* Words that join two numbers of one statement: a range ("10 to 15",
 * "between 10 and 15"), a change ("to 12 from 10"), a comparison
 * ("1.86 vs 1.85"), an alternative ("10 or 12"), a vote or a score ("31
 * zu 12 Stimmen", "31 голосом против 12", "3 contre 1"). */
static int connector_word(const char *w, size_t n)
{
    static const char *const t[] = {"to", "from", "vs", "versus", "against", "and", "or", "than",
                                    "bis", "von", "und", "oder", "auf", "zu", "gegen", "à", "de",
                                    "et", "ou", "contre", "a", "y", "o", "hasta", "desde", "entre",
                                    "contra", "zwischen", "e", "da", "contro", "tot", "en", "of",
                                    "против", "до", "от", "и", "или", NULL};
    return word_in(w, n, t);
}

/* The currency sign written just before byte at: "$", "€", "£", "¥". */
static const char *currency_sign(const char *text, uint32_t at)
{
    while (at > 0 && text[at - 1] == ' ')
        at--;
    if (at >= 1 && text[at - 1] == '$')
        return "$";
    if (at >= 3 && memcmp(text + at - 3, "\xE2\x82\xAC", 3) == 0)
        return "€";
    if (at >= 2 && memcmp(text + at - 2, "\xC2\xA3", 2) == 0)
        return "£";
    if (at >= 2 && memcmp(text + at - 2, "\xC2\xA5", 2) == 0)
        return "¥";
    return NULL;
}

/* Whether the number at text[start, end) is a part of a clock time or a
 * score: digits joined by ':' to digits on either side ("9:40", "2:1"). */
static int clock_part(const char *text, size_t len, uint32_t start, uint32_t end)
{
    if (memchr(text + start, ':', end - start))
        return 1;
    if (start >= 2 && text[start - 1] == ':' && text[start - 2] >= '0' && text[start - 2] <= '9')
        return 1;
    return end + 1 < len && text[end] == ':' && text[end + 1] >= '0' && text[end + 1] <= '9';
}

/* The rounding a canonical number shows: a unit of its last decimal
 * ("4.65": 0.01), or of its last non-zero digit for a whole number ending
 * in two zeros or more ("2300": 100; "60" and "605": 1). */
static double value_step(const char *v)
{
    double step = 1;
    const char *dot = strchr(v, '.');
    if (dot) {
        for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++)
            step /= 10;
        return step;
    }
    size_t n = strlen(v), zeros = 0;
    while (n > 1 && v[n - 1] == '0') {
        zeros++;
        n--;
    }
    if (zeros < 2)
        return 1; /* "60 seats", "70 pct": as likely exact as rounded */
    while (zeros--)
        step *= 10;
    return step;
}

static int number_token(const ss_tokens *tok, size_t k)
{
    const ss_token *t = &tok->v[k];
    return t->kind == SS_TOK_NUM || (t->kind == SS_TOK_WORD && number_word(ss_token_norm(tok, k), t->norm_len));
}

#define FACT_CTX_WINDOW 6 /* tokens either side that tell what a number is about */
#define ROLE_WINDOW 4     /* tokens either side where what befell those counted is said */

/* What befell people counted, said by a word beside the count ("killing
 * 12 workers", "8 people injured", "30 missing"): English, German,
 * French, Spanish.  SS_ROLE_NONE for other words. */
static int role_word(const char *w, size_t n)
{
    static const struct {
        const char *w;
        int role;
    } t[] = {{"killed", SS_ROLE_DEAD},       {"killing", SS_ROLE_DEAD},      {"kills", SS_ROLE_DEAD},
             {"dead", SS_ROLE_DEAD},         {"died", SS_ROLE_DEAD},         {"deaths", SS_ROLE_DEAD},
             {"death", SS_ROLE_DEAD},        {"fatalities", SS_ROLE_DEAD},   {"bodies", SS_ROLE_DEAD},
             {"tote", SS_ROLE_DEAD},         {"toten", SS_ROLE_DEAD},        {"getötet", SS_ROLE_DEAD},
             {"starben", SS_ROLE_DEAD},      {"morts", SS_ROLE_DEAD},        {"tués", SS_ROLE_DEAD},
             {"muertos", SS_ROLE_DEAD},      {"murieron", SS_ROLE_DEAD},     {"fallecidos", SS_ROLE_DEAD},
             {"injured", SS_ROLE_HURT},      {"injuring", SS_ROLE_HURT},     {"injuries", SS_ROLE_HURT},
             {"wounded", SS_ROLE_HURT},      {"wounding", SS_ROLE_HURT},     {"hurt", SS_ROLE_HURT},
             {"hospitalized", SS_ROLE_HURT}, {"hospitalised", SS_ROLE_HURT}, {"verletzt", SS_ROLE_HURT},
             {"verletzte", SS_ROLE_HURT},    {"verletzten", SS_ROLE_HURT},   {"blessés", SS_ROLE_HURT},
             {"heridos", SS_ROLE_HURT},      {"missing", SS_ROLE_MISSING},   {"vermisst", SS_ROLE_MISSING},
             {"vermisste", SS_ROLE_MISSING}, {"disparus", SS_ROLE_MISSING},  {"desaparecidos", SS_ROLE_MISSING},
             {"rescued", SS_ROLE_RESCUED},   {"saved", SS_ROLE_RESCUED},     {"gerettet", SS_ROLE_RESCUED},
             {"secourus", SS_ROLE_RESCUED},  {"rescatados", SS_ROLE_RESCUED}, {"arrested", SS_ROLE_ARRESTED},
             {"detained", SS_ROLE_ARRESTED}, {"festgenommen", SS_ROLE_ARRESTED}, {"interpellés", SS_ROLE_ARRESTED},
             {"detenidos", SS_ROLE_ARRESTED}, {"evacuated", SS_ROLE_EVACUATED}, {"evakuiert", SS_ROLE_EVACUATED},
             {"évacués", SS_ROLE_EVACUATED}, {"evacuados", SS_ROLE_EVACUATED}, {NULL, 0}};
    for (int i = 0; t[i].w; i++)
        if (t[i].w[0] == w[0] && strlen(t[i].w) == n && memcmp(t[i].w, w, n) == 0)
            return t[i].role;
    return SS_ROLE_NONE;
}

/* The one role said within ROLE_WINDOW tokens of a count (tokens [k0, k1)
 * are its own) in its sentence [s0, s1); SS_ROLE_NONE when none is, or
 * two are ("12 dead and 30 injured": which is which is not known here). */
static uint8_t count_role(const ss_tokens *tok, size_t k0, size_t k1, size_t s0, size_t s1)
{
    size_t lo = k0 > s0 + ROLE_WINDOW ? k0 - ROLE_WINDOW : s0;
    size_t hi = k1 + ROLE_WINDOW < s1 ? k1 + ROLE_WINDOW : s1;
    int role = SS_ROLE_NONE;
    for (size_t k = lo; k < hi; k++) {
        if ((k >= k0 && k < k1) || tok->v[k].kind != SS_TOK_WORD)
            continue;
        int r = role_word(ss_token_norm(tok, k), tok->v[k].norm_len);
        if (r && role && r != role)
            return SS_ROLE_NONE;
        if (r)
            role = r;
    }
    return (uint8_t)role;
}

/* Content words around fact f (tokens [k0, k1) are its own), within its
 * sentence [s0, s1). */
static void fact_context(ss_analyzer *a, const ss_analysis *x, size_t k0, size_t k1, size_t s0, size_t s1,
                         const char *lang, ss_number_fact *f)
{
    size_t lo = k0 > s0 + FACT_CTX_WINDOW ? k0 - FACT_CTX_WINDOW : s0;
    size_t hi = k1 + FACT_CTX_WINDOW < s1 ? k1 + FACT_CTX_WINDOW : s1;
    const size_t cap = sizeof f->ctx / sizeof f->ctx[0];
    for (size_t k = lo; k < hi && f->nctx < cap; k++) {
        if (k >= k0 && k < k1)
            continue;
        const ss_token *t = &x->tok.v[k];
        if (t->kind != SS_TOK_WORD || (t->flags & SS_TF_UPPER))
            continue; /* numbers; names say who, not what */
        const char *w = ss_token_norm(&x->tok, k);
        if (ss_month_name(w, t->norm_len) || ss_weekday_name(w, t->norm_len) ||
            scale_word(w, t->norm_len, lang) || unit_class(w, t->norm_len))
            continue;
        uint64_t key = ss_featurizer_term_key(a->fz, &x->tok, k, lang);
        int dup = 0;
        for (uint8_t i = 0; i < f->nctx && !dup; i++)
            dup = f->ctx[i] == key;
        if (key && !dup)
            f->ctx[f->nctx++] = key;
    }
}

/* Counts: a number, maybe scaled ("2.44 million"), with what it counts:
 * a currency ("$4 million", "4 mln dlrs"), a percentage ("5 pct", "5%"),
 * or the word after it ("2,300 residents").  Numbers of one statement
 * (ranges, changes, comparisons, lists) are marked paired. */
static int find_numbers(ss_analyzer *a, ss_analysis *x, const char *lang)
{
    const ss_tokens *tok = &x->tok;
    const char *text = x->doc->text;
    size_t skip_to = 0; /* tokens before this were read as part of a number */
    for (size_t k = 0; k < tok->n; k++) {
        if (k < skip_to)
            continue;
        const ss_token *t = &tok->v[k];
        const char *w = ss_token_norm(tok, k);
        ss_number_fact f;
        memset(&f, 0, sizeof f);
        if (t->kind == SS_TOK_NUM) {
            if (!ss_number_canonical(w, t->norm_len, lang, f.value))
                continue;
        } else if (t->kind == SS_TOK_WORD && number_word(w, t->norm_len)) {
            snprintf(f.value, sizeof f.value, "%d", number_word(w, t->norm_len));
        } else {
            continue;
        }
        if (t->start < x->doc->body_start)
            continue;
        /* dates are not counts: a month name beside it, or a bare year */
        int beside_month = (k > 0 && ss_month_name(ss_token_norm(tok, k - 1), tok->v[k - 1].norm_len)) ||
                           (k + 1 < tok->n && ss_month_name(ss_token_norm(tok, k + 1), tok->v[k + 1].norm_len));
        if (beside_month)
            continue;
        if ((t->start > 0 && text[t->start - 1] == '/') || (t->end < x->doc->text_len && text[t->end] == '/'))
            continue; /* a fraction's part ("5-1/2 dlrs", "13/16 pct") or a date ("3/4/87") */
        if (t->start >= 2 && text[t->start - 1] == '-' && (text[t->start - 2] | 0x20) >= 'a' &&
            (text[t->start - 2] | 0x20) <= 'z')
            continue; /* a model or a code ("MD-11", "F-16"): a name, not a count */
        if (clock_part(text, x->doc->text_len, t->start, t->end))
            continue; /* a time of day ("9:40 local time"), a score ("2:1"): no quantity */
        f.num = ss_num_parse(f.value, NULL);
        f.step = value_step(f.value);
        if (t->kind == SS_TOK_NUM && f.num >= 1900 && f.num <= 2100 && !strchr(f.value, '.'))
            continue; /* most likely a year */
        f.start = t->start;
        f.end = t->end;
        size_t next = k + 1; /* the token after the number and its scale */
        double scale = next < tok->n && tok->v[next].start <= tok->v[next - 1].end + 1
                           ? scale_word(ss_token_norm(tok, next), tok->v[next].norm_len, lang)
                           : 0;
        if (scale > 0) {
            f.num *= scale;
            f.step *= scale;
            f.end = tok->v[next].end;
            next++;
            /* the rest of a number written with its scales in the middle
               ("32 bin 692", "2 milyon 7 bin", "2 тысячи 500"): one
               number, as exact as its last part.  Only in the languages
               that write numbers so, a whole number on the same line
               ("$1.5 million 2 years ago" is two) */
            double rest = 0, below = scale;
            char rv[sizeof f.value];
            static const char *const split_langs[] = {"tr", "az", "ru", "uk", "be", "bg", "pl", "kk", NULL};
            int split_numbers = lang && word_in(lang, strlen(lang), split_langs);
            while (split_numbers && next < tok->n && tok->v[next].kind == SS_TOK_NUM &&
                   tok->v[next].start == f.end + 1 && text[f.end] == ' ' &&
                   !memchr(text + tok->v[next].start, '.', tok->v[next].end - tok->v[next].start) &&
                   !memchr(text + tok->v[next].start, ',', tok->v[next].end - tok->v[next].start) &&
                   ss_number_canonical(ss_token_norm(tok, next), tok->v[next].norm_len, lang, rv) &&
                   (rest = ss_num_parse(rv, NULL)) > 0 && rest < below && f.num == floor(f.num)) {
                double step = value_step(rv), s2 = 0;
                size_t after = next + 1;
                if (after < tok->n && tok->v[after].start <= tok->v[next].end + 1)
                    s2 = scale_word(ss_token_norm(tok, after), tok->v[after].norm_len, lang);
                if (s2 >= below || rest * (s2 > 0 ? s2 : 1) >= below)
                    break;
                if (s2 > 0) {
                    rest *= s2;
                    step *= s2;
                    after++;
                }
                f.num += rest;
                f.step = step;
                f.end = tok->v[after - 1].end;
                skip_to = next = after;
                below = s2 > 0 ? s2 : 1;
            }
            snprintf(f.value, sizeof f.value, "%.15g", f.num);
        }
        const char *cls = currency_sign(text, t->start);
        int adjacent = next < tok->n && tok->v[next].start <= f.end + 1 && tok->v[next].kind == SS_TOK_WORD;
        if (f.end < x->doc->text_len && text[f.end] == '%') {
            cls = "%";
            f.end++;
        } else if (adjacent && unit_class(ss_token_norm(tok, next), tok->v[next].norm_len)) {
            cls = unit_class(ss_token_norm(tok, next), tok->v[next].norm_len);
            f.about = tok->v[next].start;
            f.about_end = f.end = tok->v[next].end;
            next++;
        } else if (adjacent && next + 1 < tok->n && tok->v[next].norm_len == 3 &&
                   memcmp(ss_token_norm(tok, next), "per", 3) == 0 &&
                   tok->v[next + 1].norm_len == 4 && memcmp(ss_token_norm(tok, next + 1), "cent", 4) == 0) {
            cls = "%"; /* "5 per cent" */
            f.end = tok->v[next + 1].end;
            next += 2;
        }
        if (!cls && adjacent && f.end < x->doc->text_len && text[f.end] == '-')
            continue; /* "a 12-nation bloc", "a 30-year-old": a trait, not a count */
        if (cls) {
            f.cls = cls;
            f.unit = XXH3_64bits(cls, strlen(cls)) | 1;
        } else if (adjacent && !connector_word(ss_token_norm(tok, next), tok->v[next].norm_len)) {
            f.unit = ss_featurizer_term_key(a->fz, tok, next, lang);
            f.period = (uint8_t)period_word(ss_token_norm(tok, next), tok->v[next].norm_len);
            f.about = tok->v[next].start;
            f.about_end = f.end = tok->v[next].end;
            next++;
        }
        if (!f.unit)
            continue; /* a number that counts nothing nameable */
        size_t s = sentence_of(&x->sent, t->start);
        if (s == SIZE_MAX)
            continue;
        f.sentence = (uint32_t)s;
        size_t s0 = token_at_or_after(tok, x->sent.v[s].start), s1 = token_at_or_after(tok, x->sent.v[s].end);
        /* paired: another number within three tokens before or after, with
           a connector between ("10 to 15 mln", "to 12 pct from 10 pct") */
        for (size_t j = k > s0 + 4 ? k - 4 : s0; j < next + 4 && j < s1 && !f.paired; j++) {
            if (j >= k && j < next)
                continue;
            if (!number_token(tok, j))
                continue;
            size_t lo = j < k ? j + 1 : next, hi = j < k ? k : j;
            for (size_t q = lo; q < hi && !f.paired; q++)
                f.paired = tok->v[q].kind == SS_TOK_WORD && connector_word(ss_token_norm(tok, q), tok->v[q].norm_len);
            if (hi == lo && j < k && tok->v[j].end + 1 >= t->start && text[tok->v[j].end] == '-')
                f.paired = 1; /* "10-15" */
        }
        fact_context(a, x, k, next, s0, s1, lang, &f);
        f.role = count_role(tok, k, next, s0, s1);
        for (size_t i = 0; i < x->dates.n; i++) {
            const ss_date_mention *m = &x->dates.v[i];
            if (m->start >= x->sent.v[s].start && m->start < x->sent.v[s].end && m->month && m->day) {
                f.when = (uint16_t)(m->month * 32 + m->day);
                break;
            }
        }
        if (push_num(x, &f))
            return SS_ENOMEM;
    }
    /* a comparison ("Shr profit nil vs loss 10 cts", "4.5 billion dlrs
       against 3.9 billion"): its numbers are not facts of their own */
    for (size_t i = 0; i < x->nnum; i++) {
        const ss_span *sp = &x->sent.v[x->num[i].sentence];
        size_t t0 = token_at_or_after(tok, sp->start), t1 = token_at_or_after(tok, sp->end);
        for (size_t k = t0; k < t1 && !x->num[i].paired; k++) {
            const char *w = ss_token_norm(tok, k);
            size_t n = tok->v[k].norm_len;
            x->num[i].paired = (n == 2 && memcmp(w, "vs", 2) == 0) || (n == 6 && memcmp(w, "versus", 6) == 0);
        }
    }
    /* two counts of one unit in one sentence: which is which is not known */
    for (size_t i = 0; i < x->nnum; i++)
        for (size_t j = i + 1; j < x->nnum && x->num[j].sentence == x->num[i].sentence; j++)
            if (x->num[j].unit == x->num[i].unit)
                x->num[i].paired = x->num[j].paired = 1;
    return SS_OK;
}

/* Whether token k of x is a word of a name: capitalised, and no count
 * word ("Vierzehn Arbeiter", "Twelve workers" open a sentence: two
 * reports giving the count differently name no one different). */
static int name_token(const ss_analysis *x, size_t k)
{
    return (x->tok.v[k].flags & (SS_TF_UPPER | SS_TF_ALLUPPER)) &&
           !number_word(ss_token_norm(&x->tok, k), x->tok.v[k].norm_len);
}

static int add_key(uint64_t *v, size_t *n, size_t cap, uint64_t key)
{
    for (size_t j = 0; j < *n; j++)
        if (v[j] == key)
            return 0;
    if (*n < cap)
        v[(*n)++] = key;
    return 1;
}

/* Who the article is about: the name words of its first three body
 * sentences (an all-capitals headline would make every word a name), and
 * every name word of its body. */
static int article_names(ss_analysis *x)
{
    uint32_t until = x->sent.n ? x->sent.v[x->sent.n < 3 ? x->sent.n - 1 : 2].end : x->doc->body_start;
    const size_t cap = sizeof x->core / sizeof x->core[0];
    size_t ncore = 0, n = 0;
    x->names = malloc((x->tok.n ? x->tok.n : 1) * sizeof *x->names);
    if (!x->names)
        return SS_ENOMEM;
    for (size_t i = 0; i < x->men.n; i++) {
        const ss_mention *m = &x->men.v[i];
        if (m->start < x->doc->body_start)
            continue;
        for (uint32_t k = m->tok_start; k < m->tok_end; k++) {
            if (!name_token(x, k))
                continue; /* "of" in "Bank of Norland" */
            uint64_t key = ss_token_name_key(&x->tok, k);
            x->names[n++] = key;
            if (m->start < until)
                add_key(x->core, &ncore, cap, key);
        }
    }
    x->ncore = (uint8_t)ncore;
    qsort(x->core, x->ncore, sizeof x->core[0], cmp_u64);
    qsort(x->names, n, sizeof *x->names, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || x->names[i] != x->names[i - 1])
            x->names[m++] = x->names[i];
    x->nnames = m;
    /* sized for every token; a story keeps its members' analyses */
    uint64_t *fit = realloc(x->names, (m ? m : 1) * sizeof *fit);
    if (fit)
        x->names = fit;
    return SS_OK;
}

static int has_name(const ss_analysis *x, uint64_t key)
{
    size_t lo = 0, hi = x->nnames;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->names[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nnames && x->names[lo] == key;
}

/* Dates that say when something happened: every date in the body but a
 * dateline or a bare month, with the content words of its sentence. */
static int find_dates(ss_analyzer *a, ss_analysis *x, const char *lang)
{
    const ss_doc *d = x->doc;
    if (ss_dates_find(d->text ? d->text : "", ss_doc_work_len(d), lang, &x->dates) == SS_ENOMEM)
        return SS_ENOMEM;
    if (d->time != SS_TIME_NONE) {
        int64_t t = d->time;
        x->ref_day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    } else {
        x->ref_day = ss_dates_dateline_day(&x->dates);
    }
    x->df = calloc(x->dates.n ? x->dates.n : 1, sizeof *x->df);
    if (!x->df)
        return SS_ENOMEM;
    for (size_t i = 0; i < x->dates.n; i++) {
        const ss_date_mention *m = &x->dates.v[i];
        if (m->dateline || m->kind == SS_DATE_MONTH_YEAR || m->kind == SS_DATE_RELATIVE ||
            m->start < d->body_start)
            continue; /* "today", "yesterday": the day of the report, said of anything */
        size_t s = sentence_of(&x->sent, m->start);
        if (s == SIZE_MAX)
            continue;
        ss_date_fact *f = &x->df[x->ndf];
        f->mention = (uint32_t)i;
        f->sentence = (uint32_t)s;
        size_t t0 = token_at_or_after(&x->tok, m->start), t1 = token_at_or_after(&x->tok, m->end);
        size_t lo = token_at_or_after(&x->tok, x->sent.v[s].start), hi = token_at_or_after(&x->tok, x->sent.v[s].end);
        for (size_t k = lo; k < hi && f->nctx < 24; k++) {
            if (k >= t0 && k < t1)
                continue; /* the date's own words */
            const ss_token *t = &x->tok.v[k];
            if (t->kind == SS_TOK_WORD && (ss_month_name(ss_token_norm(&x->tok, k), t->norm_len) ||
                                           ss_weekday_name(ss_token_norm(&x->tok, k), t->norm_len)))
                continue;
            if (t->flags & SS_TF_UPPER)
                continue; /* names say where and who, not what happened */
            uint64_t key = ss_featurizer_term_key(a->fz, &x->tok, k, lang);
            if (key)
                f->ctx[f->nctx++] = key;
        }
        if (f->nctx >= 2)
            x->ndf++;
    }
    return SS_OK;
}

int ss_analyze_doc(ss_analyzer *a, const ss_doc *d, ss_analysis *x)
{
    x->doc = d;
    const char *text = d->text ? d->text : "";
    size_t len = ss_doc_work_len(d); /* a giant page: its first SS_DOC_WORK_MAX */
    const char *lang = d->lang[0] && strcmp(d->lang, "und") != 0 ? d->lang : NULL;
    if (ss_tokenize(text, len, 0, SS_TOKENIZE_NORM | SS_TOKENIZE_HASH, &x->tok) ||
        ss_find_mentions(text, len, &x->tok, lang, a->sw, &x->men))
        return SS_ENOMEM;
    /* sentences of the body (a .txt title line is not one) */
    ss_spans all;
    ss_spans_init(&all);
    if (ss_split_sentences(text, len, &all)) {
        ss_spans_release(&all);
        return SS_ENOMEM;
    }
    x->sent.n = 0;
    for (size_t i = 0; i < all.n; i++)
        if (all.v[i].start >= d->body_start && ss_spans_push(&x->sent, all.v[i])) {
            ss_spans_release(&all);
            return SS_ENOMEM;
        }
    ss_spans_release(&all);
    x->sf = calloc(x->sent.n ? x->sent.n : 1, sizeof *x->sf);
    if (!x->sf)
        return SS_ENOMEM;
    x->nsf = x->sent.n;
    for (size_t i = 0; i < x->sent.n; i++) {
        ss_features_init(&x->sf[i]);
        size_t t0 = token_at_or_after(&x->tok, x->sent.v[i].start);
        size_t t1 = token_at_or_after(&x->tok, x->sent.v[i].end);
        if (ss_featurize_tokens(a->fz, &x->tok, t0, t1, &x->men, lang, &x->sf[i]))
            return SS_ENOMEM;
    }
    if (a->qt && ss_find_quotes(a->qt, text, len, &x->tok, &x->men, lang, &x->quotes))
        return SS_ENOMEM;
    if (article_names(x) || find_dates(a, x, lang))
        return SS_ENOMEM;
    return find_numbers(a, x, lang);
}

/* ---- story comparison: helpers ---------------------------------------------------- */

void ss_comparison_init(ss_comparison *c)
{
    memset(c, 0, sizeof *c);
    ss_arena_init(&c->arena);
}

void ss_comparison_release(ss_comparison *c)
{
    ss_arena_release(&c->arena);
    memset(c, 0, sizeof *c);
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static void uf_union(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a < b)
        p[b] = a;
    else if (b < a)
        p[a] = b;
}

typedef struct {
    uint32_t doc, s;             /* article and sentence */
    uint64_t *k;                 /* keys (field-mixed) */
    float *w;                    /* IDF-weighted */
    uint32_t n;
    uint32_t nterms;             /* the first nterms keys are its words (SS_F_TERMS) */
    float norm;
} svec;

static uint64_t mix(int field, uint64_t key)
{
    return (key ^ ((uint64_t)(field + 1) * 0xA24BAED4963EE407ull)) * 0x9FB21C651E98DF25ull | 1;
}

typedef struct {
    uint64_t key;
    uint32_t *g;
    uint32_t n, cap;
} post;

typedef struct {
    post *p;
    size_t cap, used;
} index_t;

static post *index_get(index_t *ix, uint64_t key, int create)
{
    if (create && (ix->used + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        post *p = calloc(cap, sizeof *p);
        if (!p)
            return NULL;
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->p[i].key)
                continue;
            size_t j = (size_t)(ix->p[i].key >> 9) & (cap - 1);
            while (p[j].key)
                j = (j + 1) & (cap - 1);
            p[j] = ix->p[i];
        }
        free(ix->p);
        ix->p = p;
        ix->cap = cap;
    }
    if (!ix->cap)
        return NULL;
    size_t j = (size_t)(key >> 9) & (ix->cap - 1);
    while (ix->p[j].key && ix->p[j].key != key)
        j = (j + 1) & (ix->cap - 1);
    if (!ix->p[j].key) {
        if (!create)
            return NULL;
        ix->p[j].key = key;
        ix->used++;
    }
    return &ix->p[j];
}

static void index_free(index_t *ix)
{
    for (size_t i = 0; i < ix->cap; i++)
        free(ix->p[i].g);
    free(ix->p);
}

static ss_piece piece_of(uint32_t doc, const ss_span *sp)
{
    ss_piece p = {doc, sp->start, sp->end, sp->cp_start, sp->cp_end};
    return p;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A member of a conflict group by its value, then its place. */
typedef struct {
    const char *value;
    uint32_t m;
} member_key;

static int cmp_member_key(const void *a, const void *b)
{
    const member_key *x = a, *y = b;
    int c = strcmp(x->value, y->value);
    return c ? c : (x->m < y->m ? -1 : x->m > y->m);
}

/* Sorted distinct copy of docs[0..n) into the arena. */
static uint32_t *distinct(ss_arena *ar, uint32_t *docs, size_t n, size_t *out_n)
{
    qsort(docs, n, sizeof *docs, cmp_u32);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || docs[i] != docs[i - 1])
            docs[m++] = docs[i];
    uint32_t *r = ss_arena_alloc(ar, (m ? m : 1) * sizeof *r);
    if (r)
        memcpy(r, docs, m * sizeof *r);
    *out_n = m;
    return r;
}

/* ---- story comparison ------------------------------------------------------------ */

typedef struct {
    const ss_analysis *const *x;
    size_t n;
    ss_comparison *c;
    svec *sv;                    /* all sentences */
    size_t nsv;
    size_t *first;               /* per article: index of its first sentence in sv */
    uint32_t *uf;                /* union-find over sentences */
    /* sparse: for each pair of articles (i, j) where some sentence of i
       matches one of j, the key i << 32 | j (sorted) and the number of
       sentences of i that match some sentence of j; an n x n table would
       be 40 GB for a story of 100,000 articles */
    uint64_t *mkey;
    uint32_t *mcnt;
    size_t nm;
    uint32_t *src;               /* union-find over articles: sources */
    size_t conflict_cap;         /* room in c->conflicts */
    const ss_df *df;             /* document frequencies (may be NULL) */
    uint8_t *foreign;            /* per article: 1 when its language is not the
                                    story's main one (its most common) */
} work;

/* Which article's words stand for a group of statements: one in the
   story's main language, so that an English story shows English text
   and an English "about" even when a Russian report came in first;
   among those the earliest in the story's order. */
static int shown_before(const work *w, uint32_t a, uint32_t b)
{
    if (w->foreign && w->foreign[a] != w->foreign[b])
        return w->foreign[a] < w->foreign[b];
    return a < b;
}

static int cmp_lang_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The story's main language: the most common one among its articles,
   ties to the language that sorts first (an order that does not change
   with the articles' order). */
static int main_language(work *w)
{
    size_t n = w->n;
    w->foreign = calloc(n ? n : 1, 1);
    const char **langs = malloc((n ? n : 1) * sizeof *langs);
    if (!w->foreign || !langs) {
        free(langs);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        langs[i] = w->x[i]->doc->lang;
    qsort(langs, n, sizeof *langs, cmp_lang_ptr);
    const char *best = n ? langs[0] : "";
    size_t best_n = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && strcmp(langs[e], langs[i]) == 0)
            e++;
        if (e - i > best_n) {
            best_n = e - i;
            best = langs[i];
        }
        i = e;
    }
    for (size_t i = 0; i < n; i++)
        w->foreign[i] = strcmp(w->x[i]->doc->lang, best) != 0;
    free(langs);
    return SS_OK;
}

static int build_vectors(work *w, const ss_df *df)
{
    size_t total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->x[i]->nsf;
    w->sv = calloc(total ? total : 1, sizeof *w->sv);
    w->first = calloc(w->n + 1, sizeof *w->first);
    if (!w->sv || !w->first)
        return SS_ENOMEM;
    static const int fields[] = {SS_F_TERMS, SS_F_ENTS, SS_F_NUMS};
    size_t g = 0;
    for (size_t i = 0; i < w->n; i++) {
        w->first[i] = g;
        for (size_t s = 0; s < w->x[i]->nsf; s++, g++) {
            const ss_features *f = &w->x[i]->sf[s];
            svec *v = &w->sv[g];
            v->doc = (uint32_t)i;
            v->s = (uint32_t)s;
            uint32_t cnt = 0;
            for (int q = 0; q < 3; q++)
                cnt += f->f[fields[q]].n;
            v->k = ss_arena_alloc(&w->c->arena, (cnt ? cnt : 1) * sizeof *v->k);
            v->w = ss_arena_alloc(&w->c->arena, (cnt ? cnt : 1) * sizeof *v->w);
            if (!v->k || !v->w)
                return SS_ENOMEM;
            double nn = 0;
            for (int q = 0; q < 3; q++) {
                const ss_fvec *fv = &f->f[fields[q]];
                for (uint32_t j = 0; j < fv->n; j++) {
                    double idf = df ? ss_df_idf(df, fields[q], fv->k[j]) : 1.0;
                    v->k[v->n] = mix(fields[q], fv->k[j]);
                    v->w[v->n] = (float)(fv->w[j] * idf);
                    nn += (double)v->w[v->n] * v->w[v->n];
                    v->n++;
                }
                if (q == 0)
                    v->nterms = v->n;
            }
            v->norm = (float)sqrt(nn);
        }
    }
    w->first[w->n] = g;
    w->nsv = g;
    return SS_OK;
}

/* Record that sentence g matches a sentence of article d (counted later). */
static int note_pair(uint64_t **pairs, size_t *np, size_t *cap, uint32_t g, uint32_t d)
{
    if (*np + 1 > *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        uint64_t *pp = realloc(*pairs, nc * sizeof *pp);
        if (!pp)
            return SS_ENOMEM;
        *pairs = pp;
        *cap = nc;
    }
    (*pairs)[(*np)++] = (uint64_t)g << 32 | d;
    return SS_OK;
}

static int match_sentences(work *w, const ss_sentence_link *links, size_t nlinks)
{
    size_t n = w->n;
    w->uf = malloc((w->nsv ? w->nsv : 1) * sizeof *w->uf);
    float *acc = calloc(w->nsv ? w->nsv : 1, sizeof *acc);
    uint32_t *touched = malloc((w->nsv ? w->nsv : 1) * sizeof *touched);
    uint64_t *pairs = NULL;
    size_t np = 0, cappairs = 0;
    index_t ix = {0};
    int rc = SS_OK;
    if (!w->uf || !acc || !touched) {
        rc = SS_ENOMEM;
        goto out;
    }
    for (size_t g = 0; g < w->nsv; g++)
        w->uf[g] = (uint32_t)g;
    for (size_t g = 0; g < w->nsv && rc == SS_OK; g++) {
        svec *v = &w->sv[g];
        size_t nt = 0;
        for (uint32_t j = 0; j < v->n; j++) {
            post *p = index_get(&ix, v->k[j], 0);
            if (!p || p->n > MAX_POSTING)
                continue;
            for (uint32_t q = 0; q < p->n; q++) {
                uint32_t h = p->g[q];
                if (w->sv[h].doc == v->doc)
                    continue;
                if (acc[h] == 0)
                    touched[nt++] = h;
                /* weights of h for this key: find by binary search (keys sorted? not
                   across fields) — linear scan of a short vector is fine */
                const svec *u = &w->sv[h];
                for (uint32_t r = 0; r < u->n; r++)
                    if (u->k[r] == v->k[j]) {
                        acc[h] += v->w[j] * u->w[r];
                        break;
                    }
            }
        }
        for (size_t t = 0; t < nt; t++) {
            uint32_t h = touched[t];
            const svec *u = &w->sv[h];
            double cosv = v->norm > 0 && u->norm > 0 ? acc[h] / ((double)v->norm * u->norm) : 0;
            acc[h] = 0;
            if (cosv >= MATCH_COSINE) {
                uf_union(w->uf, (uint32_t)g, h);
                /* remember (sentence, other article) both ways, counted below */
                if (note_pair(&pairs, &np, &cappairs, (uint32_t)g, u->doc) ||
                    note_pair(&pairs, &np, &cappairs, h, v->doc)) {
                    rc = SS_ENOMEM;
                    break;
                }
            }
        }
        for (uint32_t j = 0; j < v->n; j++) {
            post *p = index_get(&ix, v->k[j], 1);
            if (!p) {
                rc = SS_ENOMEM;
                break;
            }
            if (p->n > MAX_POSTING)
                continue;
            if (p->n == p->cap) {
                uint32_t cap = p->cap ? p->cap * 2 : 4;
                uint32_t *gg = realloc(p->g, cap * sizeof *gg);
                if (!gg) {
                    rc = SS_ENOMEM;
                    break;
                }
                p->g = gg;
                p->cap = cap;
            }
            p->g[p->n++] = (uint32_t)g;
        }
    }
    /* sentences linked by other means (translations) */
    for (size_t i = 0; i < nlinks && rc == SS_OK; i++) {
        const ss_sentence_link *l = &links[i];
        if (l->a >= n || l->b >= n || l->a == l->b || l->sa >= w->x[l->a]->nsf ||
            l->sb >= w->x[l->b]->nsf)
            continue;
        uint32_t ga = (uint32_t)(w->first[l->a] + l->sa), gb = (uint32_t)(w->first[l->b] + l->sb);
        uf_union(w->uf, ga, gb);
        if (note_pair(&pairs, &np, &cappairs, ga, l->b) || note_pair(&pairs, &np, &cappairs, gb, l->a))
            rc = SS_ENOMEM;
    }
    /* (i, j, sentences of i that match some sentence of j) */
    if (rc == SS_OK && np) {
        qsort(pairs, np, sizeof *pairs, cmp_u64);
        size_t m = 0;
        for (size_t i = 0; i < np; i++) {
            if (i > 0 && pairs[i] == pairs[i - 1])
                continue;
            uint32_t g = (uint32_t)(pairs[i] >> 32), d = (uint32_t)pairs[i];
            pairs[m++] = (uint64_t)w->sv[g].doc << 32 | d;
        }
        qsort(pairs, m, sizeof *pairs, cmp_u64);
        w->mkey = malloc(m * sizeof *w->mkey);
        w->mcnt = malloc(m * sizeof *w->mcnt);
        if (!w->mkey || !w->mcnt) {
            rc = SS_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < m; i++) {
            if (w->nm > 0 && w->mkey[w->nm - 1] == pairs[i]) {
                w->mcnt[w->nm - 1]++;
                continue;
            }
            w->mkey[w->nm] = pairs[i];
            w->mcnt[w->nm++] = 1;
        }
    }
out:
    free(acc);
    free(touched);
    free(pairs);
    index_free(&ix);
    return rc;
}

/* Sentences of article i that match some sentence of article j. */
static uint32_t matched_count(const work *w, uint32_t i, uint32_t j)
{
    uint64_t key = (uint64_t)i << 32 | j;
    size_t lo = 0, hi = w->nm;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->mkey[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nm && w->mkey[lo] == key ? w->mcnt[lo] : 0;
}

/* Articles that match each other on most sentences are copies of one source. */
static int find_sources(work *w)
{
    size_t n = w->n;
    w->src = malloc((n ? n : 1) * sizeof *w->src);
    if (!w->src)
        return SS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        w->src[i] = (uint32_t)i;
    for (size_t e = 0; e < w->nm; e++) {
        uint32_t i = (uint32_t)(w->mkey[e] >> 32), j = (uint32_t)w->mkey[e];
        size_t si = w->x[i]->nsf, sj = w->x[j]->nsf;
        if (i >= j || si < 2 || sj < 2)
            continue;
        uint32_t back = matched_count(w, j, i);
        double a = (double)w->mcnt[e] / (double)si;
        double b = (double)back / (double)sj;
        if (a >= COPY_SHARE && b >= COPY_SHARE)
            uf_union(w->src, i, j);
    }
    w->c->source_of = ss_arena_alloc(&w->c->arena, (n ? n : 1) * sizeof(uint32_t));
    if (!w->c->source_of)
        return SS_ENOMEM;
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        w->c->source_of[i] = uf_find(w->src, (uint32_t)i);
        ns += w->c->source_of[i] == i;
    }
    w->c->nsources = ns;
    return SS_OK;
}

/* The digits of text[i..end) up to the first character that is neither a
 * digit nor a separator between digits ("3.2", "2,300", "5,1"), into
 * out (at most cap - 1 digits, NUL-ended); their count. */
static size_t digit_run(const char *text, size_t i, size_t end, char *out, size_t cap)
{
    size_t n = 0;
    while (i < end && n + 1 < cap) {
        char ch = text[i];
        if (ch >= '0' && ch <= '9')
            out[n++] = ch;
        else if (!((ch == '.' || ch == ',') && n && i + 1 < end && text[i + 1] >= '0' && text[i + 1] <= '9'))
            break;
        i++;
    }
    out[n] = '\0';
    return n;
}

/* Whether sentence sb of xb writes the digits of fact f of xa ("3.2
 * billion" and "32亿", "5.1%" and "5,1 Prozent"): across languages the
 * counted nouns differ, and a figure the parser reads in one language
 * only (a Chinese scale) is still stated when its digits are there. */
static int digits_in_sentence(const ss_analysis *xa, const ss_number_fact *f, const ss_analysis *xb,
                              uint32_t sb)
{
    char want[32], got[32];
    const char *ta = xa->doc->text;
    if (!digit_run(ta, f->start, f->end, want, sizeof want))
        return 1; /* a number word ("three", "dos"): other languages' words for it are not all known */
    if (sb >= xb->sent.n)
        return 0;
    const char *tb = xb->doc->text;
    for (size_t i = xb->sent.v[sb].start, e = xb->sent.v[sb].end; i < e; i++) {
        if (tb[i] < '0' || tb[i] > '9' || (i > 0 && tb[i - 1] >= '0' && tb[i - 1] <= '9'))
            continue;
        if (digit_run(tb, i, e, got, sizeof got) && strcmp(got, want) == 0)
            return 1;
    }
    return 0;
}

/* Whether sentence sb of article b does not support a figure of sentence
 * sa of article a: gives it differently (a count of one unit that a
 * states and b states with another value only, neither rounded from the
 * other) or not at all (no count of that value; across languages, where
 * the counted nouns differ, not its digits).  Such a sentence matches
 * a's in words ("repairs that cost 42 million euros" and "cost 45 million
 * euros"; "killing 12 workers" and "killing workers") but does not say
 * it. */
static int figure_unsupported(const work *w, uint32_t a, uint32_t sa, uint32_t b, uint32_t sb)
{
    const ss_analysis *xa = w->x[a], *xb = w->x[b];
    if (a == b)
        return 0;
    /* across languages the counted nouns differ: the value itself must be
       there ("3% target" is not said by a German sentence without 3) */
    int across = strcmp(xa->doc->lang, xb->doc->lang) != 0;
    for (size_t i = 0; i < xa->nnum; i++) {
        const ss_number_fact *f = &xa->num[i];
        if (f->sentence != sa || f->period)
            continue;
        int same = 0, other = 0, stated = 0;
        for (size_t j = 0; j < xb->nnum && !same; j++) {
            const ss_number_fact *g = &xb->num[j];
            if (g->sentence != sb || g->period)
                continue;
            double step = f->step > g->step ? f->step : g->step;
            int equal = strcmp(f->value, g->value) == 0 || fabs(f->num - g->num) <= step / 2 * (1 + 1e-9);
            stated |= equal; /* the value, whatever noun follows it ("12 of its workers") */
            if (g->unit != f->unit || across)
                continue;
            if (equal)
                same = 1;
            else
                other = 1;
        }
        if (!stated && across)
            stated = digits_in_sentence(xa, f, xb, sb); /* "32亿美元" states "3.2 billion" */
        if ((other && !same) || (!same && !stated))
            return 1; /* given otherwise, or not given */
    }
    return 0;
}

/* An "agree" sentence is shown in one article's words, and each article
 * listed with it must say most of them: of the shown sentence's weight
 * (squared IDF weights of its keys), AGREE_COVER or more is in the
 * article's own sentence.  A match (MATCH_COSINE) is symmetric, and a
 * short sentence that shares a name with a long one ("Mayor Elena Varga
 * finally got her way" against "Mayor Elena Varga said building would
 * start next spring") was listed as saying the long one.  Across
 * languages the keys differ (a translation's sentences join by
 * alignment): not checked.  Words only (names count in the words and
 * again as names; numbers have figure_unsupported).  0.4: the short sentence
 * above covers under a third; among the 729 cross-language SemEval-2022
 * articles one agreement of 50 went (a five-word quotation, "But he did
 * sign a contract."), while 0.5 also dropped two paraphrases that do say
 * one thing (the charges against a prime minister in other words). */
#define AGREE_COVER 0.4

static int says_most_of(const work *w, const svec *rep, const svec *m)
{
    if (rep == m || strcmp(w->x[rep->doc]->doc->lang, w->x[m->doc]->doc->lang) != 0)
        return 1;
    double all = 0, met = 0;
    for (uint32_t i = 0; i < rep->nterms; i++) {
        double q = (double)rep->w[i] * rep->w[i];
        all += q;
        for (uint32_t j = 0; j < m->nterms; j++)
            if (m->k[j] == rep->k[i]) {
                met += q;
                break;
            }
    }
    return all <= 0 || met >= AGREE_COVER * all;
}

/* Sentences tried as the one shown for an agreement, the preferred one
 * first: a group of a big story holds hundreds. */
#define AGREE_REP_TRIES 8

/* Who says rep, of the n sentences members[] (indexes into w->sv) of its
 * group: those whose sentence gives none of its figures otherwise, states
 * each of them (a figure the other sentence lacks is not supported by it:
 * "killing 12 workers" is not said by "killing workers"), and says most of
 * its words.  Their documents go to docs[0..*nd), their sources to srcs
 * (sorted); returns the number of distinct sources. */
static size_t agree_support(const work *w, const svec *rep, const uint32_t *members, size_t n, uint32_t *docs,
                            uint32_t *srcs, size_t *nd)
{
    *nd = 0;
    for (size_t o = 0; o < n; o++) {
        const svec *m = &w->sv[members[o]];
        if (figure_unsupported(w, rep->doc, rep->s, m->doc, m->s) || !says_most_of(w, rep, m))
            continue;
        docs[*nd] = m->doc;
        srcs[*nd] = w->c->source_of[m->doc];
        (*nd)++;
    }
    qsort(srcs, *nd, sizeof *srcs, cmp_u32);
    size_t nsrc = 0;
    for (size_t i = 0; i < *nd; i++)
        nsrc += i == 0 || srcs[i] != srcs[i - 1];
    return nsrc;
}

static int agree_and_unique(work *w)
{
    ss_comparison *c = w->c;
    size_t n = w->n, ns = c->nsources;
    size_t need = ns >= 2 ? (ns + 1) / 2 : 0;
    if (need < 2)
        need = 2;
    /* members of each sentence group: walk sentences in order, group by root */
    uint32_t *docs = malloc((w->nsv ? w->nsv : 1) * sizeof *docs);
    uint32_t *srcs = malloc((w->nsv ? w->nsv : 1) * sizeof *srcs);
    uint8_t *done = calloc(w->nsv ? w->nsv : 1, 1);
    uint32_t *group_sources = calloc(w->nsv ? w->nsv : 1, sizeof *group_sources);
    if (!docs || !srcs || !done || !group_sources) {
        free(docs);
        free(srcs);
        free(done);
        free(group_sources);
        return SS_ENOMEM;
    }
    c->agree = ss_arena_alloc(&c->arena, (w->nsv ? w->nsv : 1) * sizeof *c->agree);
    /* the sentences of each group in order (a counting sort by root): one
       pass, where a scan per group would be quadratic in a big story */
    uint32_t *start = calloc(w->nsv + 1, sizeof *start);
    uint32_t *order = malloc((w->nsv ? w->nsv : 1) * sizeof *order);
    int rc = c->agree && start && order ? SS_OK : SS_ENOMEM;
    for (size_t g = 0; g < w->nsv && rc == SS_OK; g++)
        start[uf_find(w->uf, (uint32_t)g) + 1]++;
    for (size_t g = 0; g < w->nsv && rc == SS_OK; g++)
        start[g + 1] += start[g];
    for (size_t g = 0; g < w->nsv && rc == SS_OK; g++)
        order[start[uf_find(w->uf, (uint32_t)g)]++] = (uint32_t)g;
    for (size_t g = w->nsv; g > 0 && rc == SS_OK; g--)
        start[g] = start[g - 1];
    if (start)
        start[0] = 0;
    /* count the sources of every group */
    for (size_t g = 0; g < w->nsv && rc == SS_OK; g++) {
        uint32_t root = uf_find(w->uf, (uint32_t)g);
        if (done[root])
            continue;
        done[root] = 1;
        size_t nd = 0;
        for (uint32_t o = start[root]; o < start[root + 1]; o++) {
            uint32_t h = order[o];
            docs[nd] = w->sv[h].doc;
            srcs[nd] = c->source_of[w->sv[h].doc];
            nd++;
        }
        size_t nsrc;
        qsort(srcs, nd, sizeof *srcs, cmp_u32);
        nsrc = 0;
        for (size_t i = 0; i < nd; i++)
            nsrc += i == 0 || srcs[i] != srcs[i - 1];
        group_sources[root] = (uint32_t)nsrc;
        const svec *rep = &w->sv[g];
        for (uint32_t o = start[root]; o < start[root + 1]; o++)
            if (shown_before(w, w->sv[order[o]].doc, rep->doc))
                rep = &w->sv[order[o]];
        /* the sentence shown is the preferred source's; when too few say
           it (it adds a figure or a clause the others lack: "Rescuers
           pulled 185 people from the water, and boats searched for 30 to
           40 missing" against two outlets' "Rescuers pulled 185 people
           from the water"), another member's, which more say, is shown
           instead: else the shared fact would be in neither agree nor
           unique */
        const svec *first_rep = rep;
        uint32_t o_next = start[root];
        for (int tries = 0;; tries++) {
            nsrc = agree_support(w, rep, order + start[root], start[root + 1] - start[root], docs, srcs, &nd);
            if (nsrc >= need || tries >= AGREE_REP_TRIES)
                break;
            while (o_next < start[root + 1] && &w->sv[order[o_next]] == first_rep)
                o_next++;
            if (o_next >= start[root + 1])
                break;
            rep = &w->sv[order[o_next++]];
        }
        const ss_analysis *a = w->x[rep->doc];
        if (ns >= 2 && nsrc >= need && a->sf[rep->s].words >= MIN_WORDS) {
            ss_support *s = &c->agree[c->nagree++];
            s->rep = piece_of(rep->doc, &a->sent.v[rep->s]);
            s->docs = distinct(&c->arena, docs, nd, &s->ndocs);
            if (!s->docs)
                rc = SS_ENOMEM;
        }
    }
    /* unique: per source, sentences whose group stays in that source */
    c->unique = ss_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->unique);
    if (!c->unique)
        rc = SS_ENOMEM;
    for (size_t i = 0; i < n && rc == SS_OK; i++) {
        if (c->source_of[i] != i)
            continue;
        const ss_analysis *a = w->x[i];
        ss_unique *u = &c->unique[c->nunique];
        u->doc = (uint32_t)i;
        u->pieces = ss_arena_alloc(&c->arena, (a->nsf ? a->nsf : 1) * sizeof *u->pieces);
        if (!u->pieces) {
            rc = SS_ENOMEM;
            break;
        }
        for (size_t s = 0; s < a->nsf; s++) {
            uint32_t root = uf_find(w->uf, (uint32_t)(w->first[i] + s));
            if (group_sources[root] <= 1 && a->sf[s].words >= MIN_WORDS)
                u->pieces[u->n++] = piece_of((uint32_t)i, &a->sent.v[s]);
        }
        if (u->n > 0)
            c->nunique++;
    }
    free(docs);
    free(srcs);
    free(done);
    free(group_sources);
    free(start);
    free(order);
    return rc;
}

/* ---- quotes ---------------------------------------------------------------------------- */

typedef struct {
    uint32_t doc, q;
    uint64_t *h;                 /* sorted token hashes of the quotation */
    size_t nh;
    uint32_t group;              /* sentence group (root in w->uf) of its sentence, or
                                    SS_NO_GROUP */
} qitem;

static double overlap(const qitem *a, const qitem *b)
{
    size_t i = 0, j = 0, inter = 0;
    while (i < a->nh && j < b->nh) {
        if (a->h[i] < b->h[j])
            i++;
        else if (b->h[j] < a->h[i])
            j++;
        else {
            inter++;
            i++;
            j++;
        }
    }
    size_t small = a->nh < b->nh ? a->nh : b->nh;
    return small ? (double)inter / (double)small : 0;
}

static int group_quotes(work *w)
{
    ss_comparison *c = w->c;
    size_t nq = 0;
    for (size_t i = 0; i < w->n; i++)
        nq += w->x[i]->quotes.n;
    if (!nq)
        return SS_OK;
    if (nq > QUOTE_BUDGET) {
        nq = QUOTE_BUDGET;
        c->sampled = 1;
    }
    qitem *q = ss_arena_alloc(&c->arena, nq * sizeof *q);
    uint32_t *uf = malloc(nq * sizeof *uf);
    uint32_t *docs = malloc(nq * sizeof *docs);
    if (!q || !uf || !docs) {
        free(uf);
        free(docs);
        return SS_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < w->n && k < nq; i++) {
        const ss_analysis *a = w->x[i];
        for (size_t j = 0; j < a->quotes.n && k < nq; j++, k++) {
            const ss_quote *x = &a->quotes.v[j];
            size_t t0 = token_at_or_after(&a->tok, x->start), t1 = token_at_or_after(&a->tok, x->end);
            q[k].doc = (uint32_t)i;
            q[k].q = (uint32_t)j;
            q[k].h = ss_arena_alloc(&c->arena, ((t1 - t0) ? t1 - t0 : 1) * sizeof *q[k].h);
            if (!q[k].h) {
                free(uf);
                free(docs);
                return SS_ENOMEM;
            }
            for (size_t t = t0; t < t1; t++)
                q[k].h[q[k].nh++] = a->tok.v[t].hash;
            qsort(q[k].h, q[k].nh, sizeof *q[k].h, cmp_u64);
            size_t s = sentence_of(&a->sent, x->start);
            q[k].group = s < a->nsf ? uf_find(w->uf, (uint32_t)(w->first[i] + s)) : SS_NO_GROUP;
            uf[k] = (uint32_t)k;
        }
    }
    /* one quotation: the same words, or (across languages, where words
       differ) quotes in sentences matched with each other, as a translation's
       sentence links match them */
    for (size_t a = 0; a < nq; a++)
        for (size_t b = a + 1; b < nq; b++) {
            if (q[a].doc == q[b].doc)
                continue;
            int other_lang = strcmp(w->x[q[a].doc]->doc->lang, w->x[q[b].doc]->doc->lang) != 0;
            if (overlap(&q[a], &q[b]) >= 0.6 ||
                (other_lang && q[a].group != SS_NO_GROUP && q[a].group == q[b].group))
                uf_union(uf, (uint32_t)a, (uint32_t)b);
        }
    c->quotes = ss_arena_alloc(&c->arena, nq * sizeof *c->quotes);
    if (!c->quotes) {
        free(uf);
        free(docs);
        return SS_ENOMEM;
    }
    for (size_t a = 0; a < nq; a++) {
        if (uf_find(uf, (uint32_t)a) != a)
            continue;
        ss_cmp_quote *out = &c->quotes[c->nquotes++];
        size_t nd = 0, best_len = 0, shown = a;
        int best_same = 0;
        for (size_t b = a + 1; b < nq; b++)
            if (uf_find(uf, (uint32_t)b) == a && shown_before(w, q[b].doc, q[shown].doc))
                shown = b;
        const char *rep_lang = w->x[q[shown].doc]->doc->lang;
        for (size_t b = a; b < nq; b++) {
            if (uf_find(uf, (uint32_t)b) != a)
                continue;
            docs[nd++] = q[b].doc;
            const ss_analysis *an = w->x[q[b].doc];
            const ss_quote *x = &an->quotes.v[q[b].q];
            if (x->speaker >= 0) {
                /* the fullest name, from the language of the quotation shown
                   when that names one */
                const ss_mention *m = &an->men.v[x->speaker];
                size_t len = m->end - m->start;
                int same = strcmp(an->doc->lang, rep_lang) == 0;
                if ((same && !best_same) || (same == best_same && len > best_len)) {
                    best_len = len;
                    best_same = same;
                    out->speaker = ss_arena_strndup(&c->arena, an->doc->text + m->start, len);
                }
            }
        }
        const ss_analysis *an = w->x[q[shown].doc];
        const ss_quote *x = &an->quotes.v[q[shown].q];
        ss_piece p = {q[shown].doc, x->start, x->end, x->cp_start, x->cp_end};
        out->s.rep = p;
        out->s.docs = distinct(&c->arena, docs, nd, &out->s.ndocs);
    }
    free(uf);
    free(docs);
    return SS_OK;
}

/* ---- number conflicts ---------------------------------------------------------------- */

typedef struct {
    uint64_t unit;
    const char *value;
    double v, step;
    uint32_t doc, fact;
} nitem;

static int cmp_nitem(const void *a, const void *b)
{
    const nitem *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    int s = strcmp(x->value, y->value);
    if (s)
        return s;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* The sentence group (root in w->uf) of article d's number fact f. */
static uint32_t fact_group(const work *w, uint32_t d, uint32_t f)
{
    uint32_t s = w->x[d]->num[f].sentence;
    return s < w->x[d]->nsf ? uf_find(w->uf, (uint32_t)(w->first[d] + s)) : SS_NO_GROUP;
}

static int share_any(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (a[i] == b[j])
                return 1;
    return 0;
}

/* The IDF of a word when no frequencies are given (a comparison without a
 * collection): as if one document in twenty had it. */
#define NO_DF_IDF 3.0

/* How much context words a and b share say: the summed IDF of the words
 * both have (the TERMS field's frequencies; NO_DF_IDF a word without
 * them). */
static double shared_weight(const work *w, const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    double sum = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (a[i] == b[j]) {
                sum += w->df ? ss_df_idf(w->df, SS_F_TERMS, a[i]) : NO_DF_IDF;
                break;
            }
    return sum;
}

/* Name word keys of sentence s of x (at most cap). */
static size_t sentence_names(const ss_analysis *x, uint32_t s, uint64_t *out, size_t cap)
{
    size_t n = 0;
    if (s >= x->sent.n)
        return 0;
    uint32_t s0 = x->sent.v[s].start, s1 = x->sent.v[s].end;
    size_t lo = 0, hi = x->men.n;
    while (lo < hi) { /* first mention at or after s0 */
        size_t mid = (lo + hi) / 2;
        if (x->men.v[mid].start < s0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < x->men.n && x->men.v[i].start < s1 && n < cap; i++)
        for (uint32_t k = x->men.v[i].tok_start; k < x->men.v[i].tok_end && n < cap; k++)
            if (name_token(x, k))
                out[n++] = ss_token_name_key(&x->tok, k);
    return n;
}

#define SENT_NAMES_MAX 32

/* Articles about the same participants (1), not (0), or neither names
 * anyone (-1): the lead names they share weigh at least CORE_SHARED
 * (summed IDF of the name words, the ENTS field's frequencies; NO_DF_IDF a
 * word without them): one name that under one document in twelve has, or
 * two commoner ones.  Names most reports of a collection have ("U.S.",
 * "Reuters": IDF about 1) say little: two events of one kind share them. */
#define CORE_SHARED 2.5

static int same_core(const work *w, const ss_analysis *a, const ss_analysis *b)
{
    if (!a->ncore && !b->ncore)
        return -1; /* nothing to tell by */
    if (!a->ncore || !b->ncore)
        return 1; /* nothing to tell them apart by */
    double sum = 0;
    size_t i = 0, j = 0;
    while (i < a->ncore && j < b->ncore) { /* both sorted */
        if (a->core[i] < b->core[j]) {
            i++;
        } else if (b->core[j] < a->core[i]) {
            j++;
        } else {
            sum += w->df ? ss_df_idf(w->df, SS_F_ENTS, a->core[i]) : NO_DF_IDF;
            i++;
            j++;
        }
    }
    return sum >= CORE_SHARED;
}

/* Whether facts of articles a and b (sentences sa, sb) can be about the
 * same participants: the articles' lead names meet (same_core), and the
 * sentences' names meet, wherever both have some, and not each with a
 * name the other report lacks. */
static int same_participants(const work *w, const ss_analysis *a, uint32_t sa, const ss_analysis *b, uint32_t sb,
                             int matched)
{
    if (!same_core(w, a, b))
        return 0;
    uint64_t na[SENT_NAMES_MAX], nb[SENT_NAMES_MAX];
    size_t ka = sentence_names(a, sa, na, SENT_NAMES_MAX), kb = sentence_names(b, sb, nb, SENT_NAMES_MAX);
    if (!ka || !kb)
        return 1;
    if (!share_any(na, ka, nb, kb))
        return 0;
    if (matched)
        return 1; /* one statement (a credit line may name each outlet) */
    /* each names someone the other report never does ("General Dynamics
       has received a contract" and "Boeing has received a contract"):
       two events of one kind */
    int a_own = 0, b_own = 0;
    for (size_t i = 0; i < ka && !a_own; i++)
        a_own = !has_name(b, na[i]);
    for (size_t i = 0; i < kb && !b_own; i++)
        b_own = !has_name(a, nb[i]);
    return !(a_own && b_own);
}

#define CONFLICT_VALUES_MAX 3 /* more values than that are several quantities */
/* Reports published further apart than this (each its own day) tell of
 * different moments: a count or a date that changed between them is an
 * update or another event, not a contradiction. */
#define FACT_DAYS_APART 1

/* Reports that tell one event share statements: at least this many
 * sentences of each (or all of a shorter one's) match a sentence of the
 * other.  Two reports of one
 * kind of event that a story holds together (two companies' contracts, two
 * strikes) seldom do; facts of reports that share none are not compared. */
#define RELATED_SENTENCES 2

static int related(const work *w, uint32_t i, uint32_t j)
{
    size_t need = RELATED_SENTENCES; /* a one-sentence report: its one */
    if (w->x[i]->nsf < need)
        need = w->x[i]->nsf;
    if (w->x[j]->nsf < need)
        need = w->x[j]->nsf;
    return need > 0 && matched_count(w, i, j) >= need && matched_count(w, j, i) >= need;
}

static int same_time(const ss_analysis *a, const ss_analysis *b)
{
    if (a->ref_day == SS_DAY_NONE || b->ref_day == SS_DAY_NONE)
        return 1;
    int64_t d = a->ref_day - b->ref_day;
    return d <= FACT_DAYS_APART && d >= -FACT_DAYS_APART;
}

/* Whether number facts p and q (of different sources) state one quantity
 * (see number_conflicts). */
static int mistranslated(const work *w, const nitem *p, const nitem *q);

static int same_quantity(const work *w, const nitem *p, const nitem *q)
{
    const ss_analysis *xa = w->x[p->doc], *xb = w->x[q->doc];
    const ss_number_fact *fa = &xa->num[p->fact], *fb = &xb->num[q->fact];
    if (fa->paired || fb->paired || fa->period || fb->period)
        return 0;
    if ((fa->when && fb->when && fa->when != fb->when) || !same_time(xa, xb))
        return 0; /* as of different days */
    if (fa->role && fb->role && fa->role != fb->role)
        return 0; /* "killed 5 people" and "8 people injured": two quantities */
    uint32_t ga = fact_group(w, p->doc, p->fact), gb = fact_group(w, q->doc, q->fact);
    int matched = ga != SS_NO_GROUP && ga == gb;
    if (strcmp(xa->doc->lang, xb->doc->lang) != 0) {
        /* unit words differ across languages: a translation's sentence
           stating one count, matched with one stating one count */
        if (!matched)
            return 0;
        size_t na = 0, nb = 0;
        for (size_t i = 0; i < xa->nnum; i++)
            na += xa->num[i].sentence == fa->sentence;
        for (size_t i = 0; i < xb->nnum; i++)
            nb += xb->num[i].sentence == fb->sentence;
        /* or the one figure of the pair of sentences given differently,
           the others equal ("4,000 workers ... two sites", "5000 ouvriers
           ... deux sites") */
        return (na == 1 && nb == 1) || mistranslated(w, p, q);
    }
    if (p->unit != q->unit)
        return 0;
    int core = same_core(w, xa, xb);
    if (!core)
        return 0; /* the articles are about different participants */
    if (core < 0 && !matched)
        return 0; /* no names to tell who either is about: only one statement will do */
    if (!fa->cls && xa->sf[fa->sentence].words >= MIN_WORDS &&
        xb->sf[fb->sentence].words >= MIN_WORDS) {
        /* the one count of this counted noun in each article ("2,300
           residents", "2,500 residents"), each in a sentence that says
           something (not a table's "Six mths"); money and shares are too
           common in a report for that to say one thing */
        size_t na = 0, nb = 0;
        for (size_t i = 0; i < xa->nnum; i++)
            na += xa->num[i].unit == fa->unit;
        for (size_t i = 0; i < xb->nnum; i++)
            nb += xb->num[i].unit == fb->unit;
        if (na == 1 && nb == 1)
            return 1;
    }
    /* one statement: matched sentences that say something (a table's "12
       mths" and "Six mths" match on their one word).  Sentences that
       merely share words around a number were tried as well and, on the
       design half of bench/conflicts.py, added mostly false conflicts
       (other companies' offers, other days' rates) */
    return matched && fa->nctx >= 2 && fb->nctx >= 2 &&
           same_participants(w, xa, fa->sentence, xb, fb->sentence, 1);
}

/* Whether values p and q say the same, one rounded: "12.3 mln" and
 * "12,315,000", "5.35 pct" and "5.4 pct", "500 points" and "508 points". */
static int same_rounded(const nitem *p, const nitem *q)
{
    double step = p->step > q->step ? p->step : q->step;
    return fabs(p->v - q->v) <= step / 2 * (1 + 1e-9);
}

/* A value this large, written exactly, is that figure wherever a report
 * states it, whatever word follows ("1,626,042 valid signatures" and
 * "1,626,042 signatures"): a source stating the other's figure does not
 * dispute it.  Smaller values ("12", "60") recur as counts of other things. */
#define OWN_VALUE 1000.0

/* Values of one quantity that sources could give differently: "12" and
 * "14", not "12" and "240". */
static int comparable_size(double a, double b)
{
    double lo = a < b ? a : b, hi = a < b ? b : a;
    return lo > 0 && hi / lo < MAX_RATIO;
}

/* The one number fact of article a, in a sentence matched with one of b,
 * that finds only other values of its unit in b's matched sentences: its
 * index, or -1 when there is none or more than one. */
static long changed_figure(const work *w, uint32_t a, uint32_t b)
{
    const ss_analysis *xa = w->x[a], *xb = w->x[b];
    long found = -1;
    for (size_t i = 0; i < xa->nnum; i++) {
        uint32_t g = fact_group(w, a, (uint32_t)i);
        if (g == SS_NO_GROUP)
            continue;
        int same = 0, other = 0;
        for (size_t j = 0; j < xb->nnum && !same; j++) {
            if (xb->num[j].unit != xa->num[i].unit || fact_group(w, b, (uint32_t)j) != g)
                continue;
            if (strcmp(xa->num[i].value, xb->num[j].value) == 0)
                same = 1;
            else
                other = 1;
        }
        if (other && !same) {
            if (found >= 0)
                return -1;
            found = (long)i;
        }
    }
    return found;
}

/* Whether copies a and b (one source) were edited in one figure only: of
 * the number facts of one of them in sentences matched with the other's,
 * exactly one finds only other values of its unit in the other's matched
 * sentences (changed_figure), and the two sentences compared (p's and
 * q's) do not each name someone the other article lacks.  A wire story
 * rewritten by an outlet keeps its other figures; look-alike reports of one
 * template (a wire's eurobond notes, market reports of two days) differ in
 * several figures, or in their names (on the held-apart half of
 * bench/conflicts.py, copies with any changed figure added 25 conflicts,
 * about all false). */
static int edited_copy(const work *w, const nitem *p, const nitem *q)
{
    const ss_analysis *xa = w->x[p->doc], *xb = w->x[q->doc];
    /* one figure changed, seen from one side at least (either order of
       the two gives the same answer): an added figure ("today's close of
       950 yen") makes the other side count two */
    if (changed_figure(w, p->doc, q->doc) < 0 && changed_figure(w, q->doc, p->doc) < 0)
        return 0;
    uint64_t na[SENT_NAMES_MAX], nb[SENT_NAMES_MAX];
    size_t ka = sentence_names(xa, xa->num[p->fact].sentence, na, SENT_NAMES_MAX);
    size_t kb = sentence_names(xb, xb->num[q->fact].sentence, nb, SENT_NAMES_MAX);
    int a_own = 0, b_own = 0; /* as in same_participants: a credit line may name one outlet */
    for (size_t i = 0; i < ka && !a_own; i++)
        a_own = !has_name(xb, na[i]);
    for (size_t i = 0; i < kb && !b_own; i++)
        b_own = !has_name(xa, nb[i]);
    return !(a_own && b_own);
}

/* Whether number facts p and q speak with different voices: articles of
 * different sources, or two copies of one source (find_sources) that give
 * one matched statement's figure differently and agree on the rest
 * (edited_copy): an outlet that edits a wire's "42 million euros" into "45
 * million" contradicts it (a copy repeating the figure is no second
 * witness, but a copy changing it is a discrepancy a reader must be
 * shown).  A translation of one source speaks with its voice (its figures
 * join the conflict where the original's do). */
static int other_voice(const work *w, const nitem *p, const nitem *q)
{
    if (p->doc == q->doc)
        return 0;
    if (w->c->source_of[p->doc] != w->c->source_of[q->doc])
        return 1;
    if (strcmp(w->x[p->doc]->doc->lang, w->x[q->doc]->doc->lang) != 0)
        return mistranslated(w, p, q); /* a translation: its original's voice, unless it changed this figure */
    if (strcmp(p->value, q->value) == 0)
        return 0; /* a copy repeating the figure: no second witness (and
                     edited_copy, quadratic in the two articles' numbers,
                     is left for the few copies that change one) */
    uint32_t gp = fact_group(w, p->doc, p->fact);
    return gp != SS_NO_GROUP && gp == fact_group(w, q->doc, q->fact) && edited_copy(w, p, q);
}

/* Whether p and q, figures of a translation and its original (one
 * source, two languages), are one statement's figure given differently:
 * their sentences are matched with each other (one fact group), and of
 * the figures of the two sentences these two alone find no equal value on
 * the other side (a translation keeps its original's numbers; unit words
 * differ across languages, so values are compared, not units).  A
 * translation giving 5,000 workers where its original gives 4,000 is a
 * discrepancy a desk must see, not the original's voice. */
static int mistranslated(const work *w, const nitem *p, const nitem *q)
{
    if (strcmp(p->value, q->value) == 0)
        return 0;
    uint32_t g = fact_group(w, p->doc, p->fact);
    if (g == SS_NO_GROUP || g != fact_group(w, q->doc, q->fact))
        return 0;
    const ss_analysis *x[2] = {w->x[p->doc], w->x[q->doc]};
    uint32_t sent[2] = {x[0]->num[p->fact].sentence, x[1]->num[q->fact].sentence};
    for (int side = 0; side < 2; side++) {
        /* the figures of this side's sentence that the other's lacks */
        size_t lone = 0;
        const ss_analysis *a = x[side], *b = x[1 - side];
        for (size_t i = 0; i < a->nnum && lone < 2; i++) {
            if (a->num[i].sentence != sent[side])
                continue;
            int seen = 0;
            for (size_t j = 0; j < b->nnum && !seen; j++)
                seen = b->num[j].sentence == sent[1 - side] && strcmp(a->num[i].value, b->num[j].value) == 0;
            lone += !seen;
        }
        if (lone != 1)
            return 0;
    }
    return 1;
}

/* Whether one article is listed under two values of conflict x. */
static int doc_in_two_values(const ss_conflict *x)
{
    for (size_t i = 0; i < x->nvalues; i++)
        for (size_t j = i + 1; j < x->nvalues; j++)
            for (size_t a = 0; a < x->values[i].s.ndocs; a++)
                for (size_t b = 0; b < x->values[j].s.ndocs; b++)
                    if (x->values[i].s.docs[a] == x->values[j].s.docs[b])
                        return 1;
    return 0;
}

/* Number conflicts.  Two counts state one quantity when they count the
 * same thing (the same unit word, or money in one currency, or a
 * percentage), each alone in its statement (not a range's end, a change's
 * old value, one of a list, a comparison), neither a span or a time of
 * day, as of the same day where both sentences name one, in reports of the
 * same days (FACT_DAYS_APART) that tell one event (related) about the same
 * participants (same_core), and either in matched sentences whose names
 * meet, or each the one count of that noun in its article.  Counts that
 * state one quantity are grouped; a group conflicts when two sources of
 * one time give values of comparable size (ratio under MAX_RATIO) and
 * neither states the other's value, and it holds at most
 * CONFLICT_VALUES_MAX values. */
static int number_conflicts(work *w)
{
    ss_comparison *c = w->c;
    size_t total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->x[i]->nnum;
    if (!total)
        return SS_OK;
    if (total > NUMBER_BUDGET) {
        total = NUMBER_BUDGET;
        c->sampled = 1;
    }
    nitem *it = malloc(total * sizeof *it);
    uint32_t *docs = malloc(total * sizeof *docs);
    uint32_t *uf = malloc(total * sizeof *uf);
    uint32_t *members = malloc(total * sizeof *members);
    member_key *keys = malloc(total * sizeof *keys);
    if (!it || !docs || !uf || !members || !keys) {
        free(it);
        free(docs);
        free(uf);
        free(members);
        free(keys);
        return SS_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < w->n && k < total; i++)
        for (size_t j = 0; j < w->x[i]->nnum && k < total; j++) {
            const ss_number_fact *f = &w->x[i]->num[j];
            it[k].unit = f->unit;
            it[k].value = f->value;
            it[k].v = f->num;
            it[k].step = f->step;
            it[k].doc = (uint32_t)i;
            it[k].fact = (uint32_t)j;
            k++;
        }
    qsort(it, total, sizeof *it, cmp_nitem);
    for (size_t i = 0; i < total; i++)
        uf[i] = (uint32_t)i;
    for (size_t i = 0; i < total; i++)
        for (size_t j = i + 1; j < total; j++)
            if (it[i].doc != it[j].doc && related(w, it[i].doc, it[j].doc) &&
                comparable_size(it[i].v, it[j].v) && same_quantity(w, &it[i], &it[j]) &&
                other_voice(w, &it[i], &it[j]))
                uf_union(uf, (uint32_t)i, (uint32_t)j);
    ss_conflict *out = ss_arena_alloc(&c->arena, (total + 64) * sizeof *out);
    int rc = out ? SS_OK : SS_ENOMEM;
    c->conflicts = out;
    w->conflict_cap = total + 64;
    for (size_t r = 0; r < total && rc == SS_OK; r++) {
        if (uf_find(uf, (uint32_t)r) != r)
            continue;
        /* the group's members, sorted by value (it is sorted by unit, value) */
        size_t nm = 0;
        for (size_t i = r; i < total; i++)
            if (uf_find(uf, (uint32_t)i) == r)
                members[nm++] = (uint32_t)i;
        if (nm < 2)
            continue;
        /* by value (then position): the members of one value together,
           whatever unit word each language counts it with ("120 houses",
           "120 Häuser" on either side of "210 maisons") */
        for (size_t i = 0; i < nm; i++)
            keys[i] = (member_key){it[members[i]].value, members[i]};
        qsort(keys, nm, sizeof *keys, cmp_member_key);
        for (size_t i = 0; i < nm; i++)
            members[i] = keys[i].m;
        size_t nval = 0;
        for (size_t i = 0; i < nm; i++)
            nval += i == 0 || strcmp(it[members[i]].value, it[members[i - 1]].value) != 0;
        if (nval < 2 || nval > CONFLICT_VALUES_MAX)
            continue;
        /* one article giving two values, or one source two values that are
           no edit of one statement (two notes of one template, joined
           through a third report): the group holds several quantities */
        int several = 0;
        for (size_t i = 0; i < nm && !several; i++)
            for (size_t j = i + 1; j < nm && !several; j++) {
                const nitem *p = &it[members[i]], *q = &it[members[j]];
                several = strcmp(p->value, q->value) != 0 &&
                          (p->doc == q->doc ||
                           (c->source_of[p->doc] == c->source_of[q->doc] && !other_voice(w, p, q)));
            }
        if (several)
            continue;
        /* two values held by different voices, neither article stating the
           other's (anywhere, as a count of that unit), of comparable size */
        int conflict = 0;
        for (size_t i = 0; i < nm && !conflict; i++)
            for (size_t j = i + 1; j < nm && !conflict; j++) {
                const nitem *p = &it[members[i]], *q = &it[members[j]];
                if (strcmp(p->value, q->value) == 0 || !other_voice(w, p, q) ||
                    !same_time(w->x[p->doc], w->x[q->doc]))
                    continue; /* a group may chain reports days apart: compare those of one time */
                if (!comparable_size(p->v, q->v) || same_rounded(p, q))
                    continue;
                int p_has_q = 0, q_has_p = 0;
                for (size_t o = 0; o < total; o++) {
                    if (it[o].doc == p->doc &&
                        (it[o].unit == q->unit || uf_find(uf, (uint32_t)o) == r || q->v >= OWN_VALUE) &&
                        strcmp(it[o].value, q->value) == 0)
                        p_has_q = 1;
                    if (it[o].doc == q->doc &&
                        (it[o].unit == p->unit || uf_find(uf, (uint32_t)o) == r || p->v >= OWN_VALUE) &&
                        strcmp(it[o].value, p->value) == 0)
                        q_has_p = 1;
                }
                conflict = !p_has_q && !q_has_p;
            }
        if (!conflict)
            continue;
        ss_conflict *x = &out[c->nconflicts++];
        x->what = SS_CONFLICT_NUMBER;
        x->values = ss_arena_alloc(&c->arena, nval * sizeof *x->values);
        if (!x->values) {
            rc = SS_ENOMEM;
            break;
        }
        /* what it counts, as written in the article stating it shown first */
        const nitem *rep = &it[members[0]];
        for (size_t i = 1; i < nm; i++)
            if (shown_before(w, it[members[i]].doc, rep->doc))
                rep = &it[members[i]];
        const ss_analysis *an = w->x[rep->doc];
        const ss_number_fact *f = &an->num[rep->fact];
        if (f->about_end > f->about)
            x->about = ss_arena_strndup(&c->arena, an->doc->text + f->about, f->about_end - f->about);
        else
            x->about = f->cls;
        if (f->about_end > f->about && !x->about) {
            rc = SS_ENOMEM;
            break;
        }
        for (size_t i = 0; i < nm;) {
            size_t e = i, nd = 0;
            const char *value = it[members[i]].value;
            while (e < nm && strcmp(it[members[e]].value, value) == 0)
                docs[nd++] = it[members[e++]].doc;
            /* a translation states the value too, before another unit
               word: the same number in a sentence matched with one
               stating it, in another language */
            for (size_t o = 0; o < total; o++) {
                if (uf_find(uf, (uint32_t)o) == r || strcmp(it[o].value, value) != 0)
                    continue;
                uint32_t go = fact_group(w, it[o].doc, it[o].fact);
                for (size_t q = i; q < e && go != SS_NO_GROUP; q++)
                    if (go == fact_group(w, it[members[q]].doc, it[members[q]].fact) &&
                        strcmp(w->x[it[o].doc]->doc->lang, w->x[it[members[q]].doc]->doc->lang) != 0) {
                        docs[nd++] = it[o].doc;
                        break;
                    }
            }
            ss_conflict_value *v = &x->values[x->nvalues++];
            v->value = value;
            size_t shown = i;
            for (size_t q = i + 1; q < e; q++)
                if (shown_before(w, it[members[q]].doc, it[members[shown]].doc))
                    shown = q;
            const nitem *sh = &it[members[shown]];
            const ss_analysis *ai = w->x[sh->doc];
            v->s.rep = piece_of(sh->doc, &ai->sent.v[ai->num[sh->fact].sentence]);
            v->s.docs = distinct(&c->arena, docs, nd, &v->s.ndocs);
            if (!v->s.docs) {
                rc = SS_ENOMEM;
                break;
            }
            i = e;
        }
        /* an article under two values (a translation's figure counted with
           its original's, and its own other figure with another report's:
           "23 bodies" and "41 people" of one Arabic report) gives two
           quantities, not two accounts of one */
        if (rc == SS_OK && doc_in_two_values(x))
            c->nconflicts--;
    }
    free(it);
    free(docs);
    free(uf);
    free(members);
    free(keys);
    return rc;
}

/* ---- date conflicts ------------------------------------------------------------------------ */

typedef struct {
    uint32_t doc, fact;
    int64_t day;
} ditem;

/* Context two date facts share to say one thing: the summed IDF of the
 * content words of their sentences that both have, at least that of four
 * words that one document in twelve has (ln 12 ~ 2.5 each); words most
 * documents of a collection have ("said", "company" in a wire feed) add
 * almost nothing. */
#define DATE_CTX_SHARED 10.0
/* ... and most of what the sparser of the two sentences says: the shared
 * weight at least this share of its context's weight.  A date in a
 * sentence saying much else ("Hughes adjourned a shareholders meeting
 * until March 11 ..." against "... sold prior to April 22, the projected
 * merger date") is another event's day.  Chosen on the design half of
 * bench/conflicts.py: the false date conflicts there shared 0.11 to 0.47 of
 * it; the flood's peak in samples/ 0.63, the seeds' phone call 0.67. */
#define DATE_CTX_SHARE 0.55

static int date_conflicts(work *w)
{
    ss_comparison *c = w->c;
    /* the story's earliest own day stands for articles without one */
    int64_t story_ref = SS_DAY_NONE;
    for (size_t i = 0; i < w->n; i++)
        if (w->x[i]->ref_day != SS_DAY_NONE && (story_ref == SS_DAY_NONE || w->x[i]->ref_day < story_ref))
            story_ref = w->x[i]->ref_day;
    size_t total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->x[i]->ndf;
    if (!total)
        return SS_OK;
    if (total > DATE_BUDGET) {
        total = DATE_BUDGET;
        c->sampled = 1;
    }
    ditem *it = malloc(total * sizeof *it);
    uint32_t *uf = malloc(total * sizeof *uf);
    uint32_t *docs = malloc(total * sizeof *docs);
    int rc = it && uf && docs ? SS_OK : SS_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < w->n && rc == SS_OK && n < total; i++) {
        const ss_analysis *a = w->x[i];
        if (!a->ndf)
            continue;
        /* resolve a copy of the article's dates against its reference */
        ss_date_mentions m;
        ss_date_mentions_init(&m);
        m.v = malloc(a->dates.n * sizeof *m.v);
        if (!m.v) {
            rc = SS_ENOMEM;
            break;
        }
        memcpy(m.v, a->dates.v, a->dates.n * sizeof *m.v);
        m.n = m.cap = a->dates.n;
        ss_dates_resolve(&m, a->ref_day != SS_DAY_NONE ? a->ref_day : story_ref);
        for (size_t f = 0; f < a->ndf && n < total; f++) {
            int64_t day = m.v[a->df[f].mention].day_number;
            if (day == SS_DAY_NONE)
                continue;
            /* two dates in one sentence ("from May 20 until June 2",
               "payable June 12, record May 21"): which is the event's day
               is not known */
            int shared = (f > 0 && a->df[f - 1].sentence == a->df[f].sentence) ||
                         (f + 1 < a->ndf && a->df[f + 1].sentence == a->df[f].sentence);
            if (shared)
                continue;
            it[n].doc = (uint32_t)i;
            it[n].fact = (uint32_t)f;
            it[n].day = day;
            uf[n] = (uint32_t)n;
            n++;
        }
        ss_date_mentions_release(&m);
    }
    /* dates of different sources said of the same thing: shared context;
       and a translation's date with its original's: matched sentences */
    for (size_t p = 0; p < n && rc == SS_OK; p++)
        for (size_t q = p + 1; q < n; q++) {
            const ss_analysis *xa = w->x[it[p].doc], *xb = w->x[it[q].doc];
            const ss_date_fact *fa = &xa->df[it[p].fact];
            const ss_date_fact *fb = &xb->df[it[q].fact];
            if (it[p].doc != it[q].doc && strcmp(xa->doc->lang, xb->doc->lang) != 0 &&
                fa->sentence < xa->nsf && fb->sentence < xb->nsf &&
                uf_find(w->uf, (uint32_t)(w->first[it[p].doc] + fa->sentence)) ==
                    uf_find(w->uf, (uint32_t)(w->first[it[q].doc] + fb->sentence))) {
                uf_union(uf, (uint32_t)p, (uint32_t)q);
                continue;
            }
            if (c->source_of[it[p].doc] == c->source_of[it[q].doc] || !same_time(xa, xb) ||
                !related(w, it[p].doc, it[q].doc))
                continue;
            const ss_date_mention *ma = &xa->dates.v[fa->mention], *mb = &xb->dates.v[fb->mention];
            int ra = ma->kind == SS_DATE_RELATIVE || ma->kind == SS_DATE_WEEKDAY;
            int rb = mb->kind == SS_DATE_RELATIVE || mb->kind == SS_DATE_WEEKDAY;
            if (ra && rb && xa->ref_day != xb->ref_day && xa->ref_day != SS_DAY_NONE && xb->ref_day != SS_DAY_NONE)
                continue; /* "today", "on Friday" in reports of two days: two days' events */
            double wa = shared_weight(w, fa->ctx, fa->nctx, fa->ctx, fa->nctx);
            double wb = shared_weight(w, fb->ctx, fb->nctx, fb->ctx, fb->nctx);
            if (shared_weight(w, fa->ctx, fa->nctx, fb->ctx, fb->nctx) < DATE_CTX_SHARE * (wa < wb ? wa : wb))
                continue;
            int matched = fa->sentence < xa->nsf && fb->sentence < xb->nsf &&
                          uf_find(w->uf, (uint32_t)(w->first[it[p].doc] + fa->sentence)) ==
                              uf_find(w->uf, (uint32_t)(w->first[it[q].doc] + fb->sentence));
            if (matched ? same_participants(w, xa, fa->sentence, xb, fb->sentence, 1)
                        : shared_weight(w, fa->ctx, fa->nctx, fb->ctx, fb->nctx) >= DATE_CTX_SHARED &&
                              same_participants(w, xa, fa->sentence, xb, fb->sentence, 0))
                uf_union(uf, (uint32_t)p, (uint32_t)q);
        }
    for (size_t p = 0; p < n && rc == SS_OK; p++) {
        if (uf_find(uf, (uint32_t)p) != p)
            continue;
        /* distinct days of this group, and whether two sources disagree */
        int64_t days[16];
        size_t nd = 0;
        int differ = 0;
        for (size_t q = p; q < n; q++) {
            if (uf_find(uf, (uint32_t)q) != p)
                continue;
            size_t k;
            for (k = 0; k < nd && days[k] != it[q].day; k++)
                ;
            if (k == nd && nd < 16)
                days[nd++] = it[q].day;
        }
        /* one source giving two days: the group holds several events */
        int several = 0;
        for (size_t q = p; q < n && !several; q++)
            for (size_t r = q + 1; r < n && !several && uf_find(uf, (uint32_t)q) == p; r++)
                several = uf_find(uf, (uint32_t)r) == p && it[q].day != it[r].day &&
                          c->source_of[it[q].doc] == c->source_of[it[r].doc];
        if (!several && nd >= 2 && nd <= CONFLICT_VALUES_MAX) {
            /* two sources that give this no day in common */
            for (size_t q = p; q < n && !differ; q++) {
                if (uf_find(uf, (uint32_t)q) != p)
                    continue;
                for (size_t r = q + 1; r < n && !differ; r++) {
                    uint32_t sq = c->source_of[it[q].doc], sr = c->source_of[it[r].doc];
                    if (uf_find(uf, (uint32_t)r) != p || sq == sr || !same_time(w->x[it[q].doc], w->x[it[r].doc]))
                        continue;
                    int common = 0;
                    for (size_t a = p; a < n && !common; a++) {
                        if (uf_find(uf, (uint32_t)a) != p || c->source_of[it[a].doc] != sq)
                            continue;
                        for (size_t b = p; b < n && !common; b++)
                            common = uf_find(uf, (uint32_t)b) == p && c->source_of[it[b].doc] == sr &&
                                     it[a].day == it[b].day;
                    }
                    differ = !common;
                }
            }
        }
        if (!differ)
            continue;
        if (!c->conflicts) {
            c->conflicts = ss_arena_alloc(&c->arena, 64 * sizeof *c->conflicts);
            if (!c->conflicts) {
                rc = SS_ENOMEM;
                break;
            }
            w->conflict_cap = 64;
        }
        if (c->nconflicts >= w->conflict_cap)
            break;
        ss_conflict *x = &c->conflicts[c->nconflicts++];
        x->what = SS_CONFLICT_DATE;
        x->values = ss_arena_alloc(&c->arena, nd * sizeof *x->values);
        if (!x->values) {
            rc = SS_ENOMEM;
            break;
        }
        for (size_t k = 0; k < nd; k++) {
            size_t ndocs = 0, first = SIZE_MAX;
            for (size_t q = p; q < n; q++)
                if (uf_find(uf, (uint32_t)q) == p && it[q].day == days[k]) {
                    docs[ndocs++] = it[q].doc;
                    if (first == SIZE_MAX || shown_before(w, it[q].doc, it[first].doc))
                        first = q;
                }
            ss_conflict_value *v = &x->values[x->nvalues++];
            char iso[11];
            ss_time_format_date(days[k] * 86400, iso);
            v->value = ss_arena_strndup(&c->arena, iso, 10);
            const ss_analysis *a = w->x[it[first].doc];
            v->s.rep = piece_of(it[first].doc, &a->sent.v[a->df[it[first].fact].sentence]);
            v->s.docs = distinct(&c->arena, docs, ndocs, &v->s.ndocs);
        }
    }
    free(it);
    free(uf);
    free(docs);
    return rc;
}

/* ---- name variants ---------------------------------------------------------------------- */

typedef struct {
    uint64_t last;               /* key of the last word */
    char *form;                  /* the name as written */
    char folded[64];             /* first word, accents stripped, lower case */
    char folded_last[64];        /* last word, the same */
    uint32_t doc;
} nameitem;

static size_t edit_distance(const char *a, const char *b);

/* Two words that are close spellings of one (accents and case aside):
 * one or two edits, at most a third of the shorter word, of three letters
 * or more ("Dmitri"/"Dmitry", "Olsen"/"Olson"; not "Li"/"Lu"). */
static int close_spelling(const char *a, const char *b)
{
    size_t d = edit_distance(a, b);
    size_t la = strlen(a), lb = strlen(b), l = la < lb ? la : lb;
    /* one the other with letters added at its end is an inflection or a
       cut ("Kurum"/"Kurumu", "Trump"/"Trumpa", "Press"/"Pres"), not a
       spelling */
    if (strncmp(a, b, l) == 0)
        return 0;
    return d > 0 && d <= 2 && l >= 3 && d * 3 <= l + 1;
}

/* A name word folded for comparing spellings: s (accents stripped, lower
 * case) without a possessive ending (ss_name_base_len: "Trump's" ->
 * "trump") and without apostrophes (Turkish "Kurumu'na" -> "kurumuna"). */
static void fold_name_word(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    n = ss_name_base_len(s, n);
    for (size_t i = 0; i < n && o + 1 < cap;) {
        size_t ap = s[i] == '\'' ? 1
                    : (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                       ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99))
                        ? 3
                        : 0; /* ' U+2018 U+2019 */
        if (ap)
            i += ap;
        else
            out[o++] = s[i++];
    }
    out[o] = 0;
}

static int cmp_nameitem(const void *a, const void *b)
{
    const nameitem *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return strcmp(x->form, y->form);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40)
        return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1, z = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
        }
    return d[n][m];
}

static int name_variants(work *w)
{
    ss_comparison *c = w->c;
    size_t total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->x[i]->men.n;
    if (!total)
        return SS_OK;
    if (total > NAME_BUDGET) {
        total = NAME_BUDGET;
        c->sampled = 1;
    }
    nameitem *it = calloc(total, sizeof *it);
    if (!it)
        return SS_ENOMEM;
    size_t k = 0;
    ss_buf norm = SS_BUF_INIT, scratch = SS_BUF_INIT;
    int rc = SS_OK;
    for (size_t i = 0; i < w->n && rc == SS_OK && k < total; i++) {
        const ss_analysis *a = w->x[i];
        for (size_t m = 0; m < a->men.n && k < total; m++) {
            const ss_mention *x = &a->men.v[m];
            if (x->canon != m || x->tok_end - x->tok_start < 2)
                continue;
            /* the name proper: its last two words ("Mayor Elena Varga" -> "Elena Varga") */
            uint32_t f0 = x->tok_end - 2;
            if (!(a->tok.v[f0].flags & SS_TF_UPPER) || !(a->tok.v[f0 + 1].flags & SS_TF_UPPER))
                continue;
            const ss_token *t0 = &a->tok.v[f0], *t1 = &a->tok.v[f0 + 1];
            it[k].last = ss_token_name_key(&a->tok, f0 + 1);
            it[k].form = ss_arena_strndup(&c->arena, a->doc->text + t0->start, t1->end - t0->start);
            ss_buf_clear(&norm);
            if (!it[k].form ||
                ss_normalize(a->doc->text + t0->start, t0->end - t0->start,
                             SS_NORM_DEFAULT | SS_NORM_STRIP_MARKS, &norm, &scratch)) {
                rc = SS_ENOMEM;
                break;
            }
            fold_name_word(norm.data ? norm.data : "", norm.len, it[k].folded, sizeof it[k].folded);
            ss_buf_clear(&norm);
            if (ss_normalize(a->doc->text + t1->start, t1->end - t1->start, SS_NORM_DEFAULT | SS_NORM_STRIP_MARKS,
                             &norm, &scratch)) {
                rc = SS_ENOMEM;
                break;
            }
            fold_name_word(norm.data ? norm.data : "", norm.len, it[k].folded_last, sizeof it[k].folded_last);
            it[k].doc = (uint32_t)i;
            (void)t1;
            k++;
        }
    }
    ss_buf_release(&norm);
    ss_buf_release(&scratch);
    if (rc) {
        free(it);
        return rc;
    }
    qsort(it, k, sizeof *it, cmp_nameitem);
    c->variants = ss_arena_alloc(&c->arena, (k ? k : 1) * sizeof *c->variants);
    if (!c->variants) {
        free(it);
        return SS_ENOMEM;
    }
    for (size_t a = 0; a < k && rc == SS_OK;) {
        size_t b = a;
        while (b < k && it[b].last == it[a].last)
            b++;
        /* distinct forms whose first words, or last words, or both, are
           close spellings of each other (the last words' keys are equal:
           "Marta Olsen" and "Marta Olson", "Dmitri" and "Dmitry
           Kovalenko"); forms that differ only in case or accents are one */
        size_t nforms = 0, rep[NAME_FORMS_MAX]; /* first item of each form (sorted by form) */
        for (size_t i = a; i < b; i++)
            if (i == a || strcmp(it[i].form, it[i - 1].form) != 0) {
                if (nforms < NAME_FORMS_MAX)
                    rep[nforms] = i;
                nforms++;
            }
        int similar = nforms >= 2 && nforms <= NAME_FORMS_MAX;
        for (size_t r = 0; r < nforms && similar; r++)
            for (size_t s = r + 1; s < nforms && similar; s++) {
                const nameitem *p = &it[rep[r]], *q = &it[rep[s]];
                int first_same = strcmp(p->folded, q->folded) == 0;
                int last_same = strcmp(p->folded_last, q->folded_last) == 0;
                similar = !(first_same && last_same) && (first_same || close_spelling(p->folded, q->folded)) &&
                          (last_same || close_spelling(p->folded_last, q->folded_last));
            }
        if (similar) {
            ss_variant *v = &c->variants[c->nvariants++];
            v->forms = ss_arena_alloc(&c->arena, nforms * sizeof *v->forms);
            v->docs = ss_arena_alloc(&c->arena, nforms * sizeof *v->docs);
            v->ndocs = ss_arena_alloc(&c->arena, nforms * sizeof *v->ndocs);
            uint32_t *tmp = malloc((b - a) * sizeof *tmp);
            if (!v->forms || !v->docs || !v->ndocs || !tmp) {
                free(tmp);
                rc = SS_ENOMEM;
                break;
            }
            size_t most = 0;
            for (size_t i = a; i < b;) {
                size_t e = i, nd = 0;
                while (e < b && strcmp(it[e].form, it[i].form) == 0)
                    tmp[nd++] = it[e++].doc;
                v->forms[v->nforms] = it[i].form;
                v->docs[v->nforms] = distinct(&c->arena, tmp, nd, &v->ndocs[v->nforms]);
                if (v->ndocs[v->nforms] > v->ndocs[most])
                    most = v->nforms;
                v->nforms++;
                i = e;
            }
            v->name = v->forms[most];
            free(tmp);
        }
        a = b;
    }
    free(it);
    return rc;
}

/* Per article: its sentences and their groups (root of the union-find when
 * the group reaches another article). */
static int sentence_groups(work *w)
{
    ss_comparison *c = w->c;
    size_t n = w->n;
    c->sentences = ss_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->sentences);
    c->group = ss_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->group);
    c->nsentences = ss_arena_alloc(&c->arena, (n ? n : 1) * sizeof *c->nsentences);
    uint8_t *multi = calloc(w->nsv ? w->nsv : 1, 1);
    if (!c->sentences || !c->group || !c->nsentences || !multi) {
        free(multi);
        return SS_ENOMEM;
    }
    for (size_t g = 0; g < w->nsv; g++) {
        uint32_t r = uf_find(w->uf, (uint32_t)g);
        if (r != g)
            multi[r] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        const ss_analysis *a = w->x[i];
        c->nsentences[i] = a->nsf;
        c->sentences[i] = ss_arena_alloc(&c->arena, (a->nsf ? a->nsf : 1) * sizeof(ss_piece));
        c->group[i] = ss_arena_alloc(&c->arena, (a->nsf ? a->nsf : 1) * sizeof(uint32_t));
        if (!c->sentences[i] || !c->group[i]) {
            free(multi);
            return SS_ENOMEM;
        }
        for (size_t s = 0; s < a->nsf; s++) {
            c->sentences[i][s] = piece_of((uint32_t)i, &a->sent.v[s]);
            uint32_t r = uf_find(w->uf, (uint32_t)(w->first[i] + s));
            c->group[i][s] = multi[r] ? r : SS_NO_GROUP;
        }
    }
    free(multi);
    return SS_OK;
}

static void write_piece(ss_jw *w, const ss_doc *const *docs, const ss_piece *p)
{
    ss_jw_strn(w, docs[p->doc]->text + p->start, p->end - p->start);
}

static void write_ids(ss_jw *w, const ss_doc *const *docs, const uint32_t *ids, size_t n)
{
    ss_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        ss_jw_str(w, docs[ids[i]]->id);
    ss_jw_arr_end(w);
}

void ss_comparison_write(ss_jw *w, const ss_comparison *c, const ss_doc *const *docs)
{
    static const char *const what[] = {"date", "number", "name"};
    ss_jw_key(w, "sources");
    ss_jw_uint(w, c->nsources);
    if (c->sampled) {
        /* quotes, conflicts and variants read the earliest articles' facts */
        ss_jw_key(w, "sampled");
        ss_jw_bool(w, 1);
    }
    ss_jw_key(w, "agree");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nagree; i++) {
        ss_jw_obj(w);
        ss_jw_key(w, "text");
        write_piece(w, docs, &c->agree[i].rep);
        ss_jw_key(w, "ids");
        write_ids(w, docs, c->agree[i].docs, c->agree[i].ndocs);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "unique");
    ss_jw_obj(w);
    for (size_t i = 0; i < c->nunique; i++) {
        ss_jw_key(w, docs[c->unique[i].doc]->id);
        ss_jw_arr(w);
        for (size_t j = 0; j < c->unique[i].n; j++)
            write_piece(w, docs, &c->unique[i].pieces[j]);
        ss_jw_arr_end(w);
    }
    ss_jw_obj_end(w);
    ss_jw_key(w, "quotes");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nquotes; i++) {
        ss_jw_obj(w);
        ss_jw_key(w, "speaker");
        ss_jw_str(w, c->quotes[i].speaker);
        ss_jw_key(w, "quote");
        write_piece(w, docs, &c->quotes[i].s.rep);
        ss_jw_key(w, "ids");
        write_ids(w, docs, c->quotes[i].s.docs, c->quotes[i].s.ndocs);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "conflicts");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nconflicts; i++) {
        const ss_conflict *x = &c->conflicts[i];
        ss_jw_obj(w);
        ss_jw_key(w, "what");
        ss_jw_str(w, what[x->what]);
        if (x->about) {
            ss_jw_key(w, "about");
            ss_jw_str(w, x->about);
        }
        ss_jw_key(w, "values");
        ss_jw_arr(w);
        for (size_t j = 0; j < x->nvalues; j++) {
            ss_jw_obj(w);
            ss_jw_key(w, "value");
            ss_jw_str(w, x->values[j].value);
            ss_jw_key(w, "ids");
            write_ids(w, docs, x->values[j].s.docs, x->values[j].s.ndocs);
            ss_jw_key(w, "text");
            write_piece(w, docs, &x->values[j].s.rep);
            ss_jw_obj_end(w);
        }
        ss_jw_arr_end(w);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
    ss_jw_key(w, "variants");
    ss_jw_arr(w);
    for (size_t i = 0; i < c->nvariants; i++) {
        const ss_variant *v = &c->variants[i];
        ss_jw_obj(w);
        ss_jw_key(w, "name");
        ss_jw_str(w, v->name);
        ss_jw_key(w, "forms");
        ss_jw_arr(w);
        for (size_t j = 0; j < v->nforms; j++) {
            ss_jw_obj(w);
            ss_jw_key(w, "value");
            ss_jw_str(w, v->forms[j]);
            ss_jw_key(w, "ids");
            write_ids(w, docs, v->docs[j], v->ndocs[j]);
            ss_jw_obj_end(w);
        }
        ss_jw_arr_end(w);
        ss_jw_obj_end(w);
    }
    ss_jw_arr_end(w);
}

int ss_compare_story(const ss_analysis *const *x, size_t n, const ss_df *df, ss_comparison *c)
{
    return ss_compare_story_linked(x, n, df, NULL, 0, c);
}

int ss_compare_story_linked(const ss_analysis *const *x, size_t n, const ss_df *df,
                            const ss_sentence_link *links, size_t nlinks, ss_comparison *c)
{
    ss_comparison_release(c);
    ss_comparison_init(c);
    c->ndocs = n;
    work w;
    memset(&w, 0, sizeof w);
    w.x = x;
    w.n = n;
    w.c = c;
    w.df = df;
    int rc = main_language(&w);
    if (rc == SS_OK)
        rc = build_vectors(&w, df);
    if (rc == SS_OK)
        rc = match_sentences(&w, links, nlinks);
    if (rc == SS_OK)
        rc = find_sources(&w);
    if (rc == SS_OK)
        rc = agree_and_unique(&w);
    if (rc == SS_OK)
        rc = group_quotes(&w);
    if (rc == SS_OK)
        rc = number_conflicts(&w);
    if (rc == SS_OK)
        rc = date_conflicts(&w);
    if (rc == SS_OK)
        rc = name_variants(&w);
    if (rc == SS_OK)
        rc = sentence_groups(&w);
    free(w.sv);
    free(w.first);
    free(w.uf);
    free(w.mkey);
    free(w.mcnt);
    free(w.src);
    free(w.foreign);
    return rc;
}
