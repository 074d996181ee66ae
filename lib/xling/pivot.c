/* xling/pivot.c — pivot terms of a text (see pivot.h).
 *
 * One pass over the tokens: numbers become NUM keys; content words are
 * looked up (English stem for English; stem key in the lexicon for other
 * languages), and names (mentions in cased scripts, unknown words in
 * uncased ones) get a transliterated name key.  Document vectors sort the terms by (field, key) and
 * sum their shares.
 */
#include "xling/pivot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "lang/langid.h"
#include "story/entity.h"
#include "text/script.h"
#include "text/segment.h"
#include "text/utf8.h"
#include "text/stem.h"
#include "xling/translit.h"

#define SEED_NUM 0x6e756d62ull

struct ss_pivoter {
    const ss_lexicon *lx;
    const ss_stopwords *sw;
    ss_translit *tr;
    ss_stemmers *stem;
    ss_stemmer *en;              /* in stem */
    ss_tokens tok;
    ss_mentions men;
    uint8_t *is_name;
    size_t is_name_cap;
    ss_buf ascii;
    ss_buf kana; /* a katakana run (katakana_run) */
    ss_buf deva; /* a word of a Brahmic script written in Devanagari (devanagari) */
    ss_pivot_terms scratch;
    ss_pivot doc;            /* ss_pivot_features' scratch */
    ss_spans sent;
    ss_spans words; /* the words of an unspaced run (unspaced_words) */
};

void ss_pivot_terms_init(ss_pivot_terms *t) { memset(t, 0, sizeof *t); }

void ss_pivot_terms_release(ss_pivot_terms *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

void ss_pivot_init(ss_pivot *p) { memset(p, 0, sizeof *p); }

void ss_pivot_release(ss_pivot *p)
{
    for (int f = 0; f < SS_PV_FIELDS; f++)
        ss_fvec_release(&p->f[f]);
    memset(p, 0, sizeof *p);
}

ss_pivoter *ss_pivoter_new(const ss_lexicon *lx, const ss_stopwords *sw, ss_error *err)
{
    ss_pivoter *pv = calloc(1, sizeof *pv);
    if (!pv) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    pv->lx = lx;
    pv->sw = sw;
    pv->tr = ss_translit_new(err);
    if (!pv->tr) {
        free(pv);
        return NULL;
    }
    if (!(pv->stem = ss_stemmers_new())) {
        ss_translit_free(pv->tr);
        free(pv);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    pv->en = ss_stemmers_get(pv->stem, "en");
    ss_tokens_init(&pv->tok);
    ss_mentions_init(&pv->men);
    ss_spans_init(&pv->sent);
    return pv;
}

void ss_pivoter_free(ss_pivoter *pv)
{
    if (!pv)
        return;
    ss_translit_free(pv->tr);
    ss_stemmers_free(pv->stem);
    ss_tokens_release(&pv->tok);
    ss_mentions_release(&pv->men);
    ss_spans_release(&pv->sent);
    ss_spans_release(&pv->words);
    free(pv->is_name);
    ss_buf_release(&pv->ascii);
    ss_buf_release(&pv->kana);
    ss_buf_release(&pv->deva);
    ss_pivot_terms_release(&pv->scratch);
    ss_pivot_release(&pv->doc);
    free(pv);
}

const ss_tokens *ss_pivoter_tokens(const ss_pivoter *pv) { return &pv->tok; }

int ss_pivoter_has_dictionary(const ss_pivoter *pv, const char *lang)
{
    if (!ss_lang_known(lang))
        return 0;
    return strcmp(lang, "en") == 0 || ss_lexicon_has(pv->lx, lang);
}

static int push(ss_pivot_terms *out, uint64_t key, float share, int field, size_t tok)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 256;
        ss_pivot_term *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = (ss_pivot_term){key, share, (uint8_t)field, (uint32_t)tok};
    return SS_OK;
}

static int cased_script(int script)
{
    return script == SS_SCRIPT_LATIN || script == SS_SCRIPT_CYRILLIC || script == SS_SCRIPT_GREEK ||
           script == SS_SCRIPT_ARMENIAN || script == SS_SCRIPT_COMMON;
}

static int is_stop(const ss_pivoter *pv, const char *lang, const char *w, size_t n)
{
    if (!pv->sw)
        return 0;
    if (lang && ss_stopwords_has(pv->sw, lang))
        return ss_stopword(pv->sw, lang, w, n);
    return ss_stopword_any(pv->sw, w, n);
}

static uint64_t english_key(ss_pivoter *pv, const char *w, size_t n)
{
    char stem[256];
    size_t m = ss_lexicon_stem(pv->en, w, n, stem, sizeof stem);
    return ss_lexicon_english_key(stem, m);
}

/* The name key of a token, through Latin letters. */
static uint64_t name_key(ss_pivoter *pv, const ss_token *t, const char *norm)
{
    if (!(t->flags & SS_TF_NONASCII))
        return ss_name_key(norm, t->norm_len);
    ss_buf_clear(&pv->ascii);
    if (ss_translit_ascii(pv->tr, norm, t->norm_len, &pv->ascii) != SS_OK)
        return ss_name_key(norm, t->norm_len);
    if (t->kind == SS_TOK_CJK) {
        /* a bigram reads as one word: "bei jing" -> "beijing" */
        size_t k = 0;
        for (size_t i = 0; i < pv->ascii.len; i++)
            if (pv->ascii.data[i] != ' ')
                pv->ascii.data[k++] = pv->ascii.data[i];
        pv->ascii.len = k;
    }
    if (t->script == SS_SCRIPT_HANGUL) {
        /* one letter, ㄹ, is Korean's l and r: ICU writes l, but between
           vowels it is an r ("teuleompeu" is Trump) */
        char *a = pv->ascii.data;
        for (size_t i = 1; i + 1 < pv->ascii.len; i++)
            if (a[i] == 'l' && strchr("aeiouy", a[i - 1]) && strchr("aeiouy", a[i + 1]))
                a[i] = 'r';
    }
    return ss_name_key(pv->ascii.data ? pv->ascii.data : "", pv->ascii.len);
}

/* Push the name key of token k (t, norm: the token or a part of it), once:
 * not again when the last term of k has that key (a Korean particle of
 * vowels alone, "의", leaves the skeleton as it was).  Arabic has no p: a
 * name with one is written with b ("ترامب", Trump; "بومبيو", Pompeo),
 * whose skeleton then meets no other script's, so an Arabic name whose
 * Latin form has a b also gets the key of that form with every b read as
 * p, from the same transliteration. */
static int push_name(ss_pivoter *pv, const ss_token *t, const char *norm, const char *lang, size_t k,
                     ss_pivot_terms *out)
{
    uint64_t key = name_key(pv, t, norm);
    if (!(out->n && out->v[out->n - 1].key == key && out->v[out->n - 1].tok == k) &&
        push(out, key, 1.0f, SS_PV_NAME, k))
        return SS_ENOMEM;
    if (t->script != SS_SCRIPT_ARABIC || strcmp(lang, "ar") != 0 || !(t->flags & SS_TF_NONASCII))
        return SS_OK;
    /* pv->ascii holds the Latin form name_key read */
    int any = 0;
    for (size_t i = 0; i < pv->ascii.len; i++)
        if (pv->ascii.data[i] == 'b' || pv->ascii.data[i] == 'B') {
            pv->ascii.data[i] = 'p';
            any = 1;
        }
    uint64_t pk = any ? ss_name_key(pv->ascii.data, pv->ascii.len) : key;
    return pk != key && push(out, pk, 1.0f, SS_PV_NAME, k) ? SS_ENOMEM : SS_OK;
}

/* Hebrew writes its prepositions, article and conjunctions as letters
 * before the word (ב in, ל to, מ from, ה the, ו and, ש that, כ as; "and
 * in" וב, "that the" שה): "בוויילס" is "in Wales", whose transliteration
 * does not meet "Wales".  Arabic does the same with و and, ف so, ب in,
 * ل for, ك as ("وزيلينسكي", and Zelensky; "لبايدن", for Biden).  An
 * unknown word of PROCLITIC_MIN_REST letters or more after one or two
 * such letters also gets the name key of what follows them, unless that
 * is a function word ("והוא", and he); its whole form keeps its own key,
 * for names that begin with one of the letters (לונדון, London; بوش,
 * Bush).  Hebrew and Arabic only (Yiddish writes these letters as words
 * of their own, Persian and Urdu most of them).  From the grammars. */
#define PROCLITIC_MIN_REST 3

static int is_proclitic(uint32_t c, int arabic)
{
    if (arabic)
        return c == 0x0648 || c == 0x0641 || c == 0x0628 || c == 0x0644 || c == 0x0643;
    return c == 0x05D1 || c == 0x05DC || c == 0x05DE || c == 0x05D4 || c == 0x05D5 || c == 0x05E9 ||
           c == 0x05DB;
}

static int proclitics(ss_pivoter *pv, const ss_token *t, const char *norm, const char *lang, size_t k,
                      ss_pivot_terms *out)
{
    int arabic = t->script == SS_SCRIPT_ARABIC;
    size_t letters = ss_utf8_count(norm, t->norm_len), i = 0;
    for (size_t cut = 1; cut <= 2 && letters >= cut + PROCLITIC_MIN_REST; cut++) {
        if (!is_proclitic(ss_utf8_next(norm, t->norm_len, &i), arabic))
            break;
        if (is_stop(pv, lang, norm + i, t->norm_len - i))
            break;
        ss_token rest = *t;
        rest.norm_len = (uint32_t)(t->norm_len - i);
        if (push_name(pv, &rest, norm + i, lang, k, out))
            return SS_ENOMEM;
    }
    return SS_OK;
}

/* Korean writes its particles onto the noun ("트럼프는", Trump + topic;
 * "워싱턴에서", in Washington; "바이든의", Biden's), so a name met only
 * in its bare form or with one particle.  An unknown Hangul word that ends
 * in one of these postpositions, with KO_NAME_MIN_REST syllables or more
 * before it, also gets the name key of those syllables; its whole form
 * keeps its own key (a name may end in a particle's syllable: 마이, 가).
 * The longest particle that ends the word is taken, compounds first
 * ("에서는", "으로부터").  From the grammar, not from any set. */
#define KO_NAME_MIN_REST 2

static const char *const ko_particles[] = {
    "으로부터", "에게서는", "이라고", "에서는", "에서도", "에서의", "에게는", "으로는", "으로서",
    "으로도", "로부터", "께서는", "이라는", "에게", "에서", "한테", "께서", "으로", "부터",
    "까지", "보다", "처럼", "이나", "이랑", "하고", "라고", "라는", "에는", "에도", "와의",
    "과의", "로는", "로서", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과",
    "로", "도", "만", "랑", "나", "께"};

static int korean_particle(ss_pivoter *pv, const ss_token *t, const char *norm, const char *lang, size_t k,
                           ss_pivot_terms *out)
{
    size_t n = t->norm_len;
    for (size_t p = 0; p < sizeof ko_particles / sizeof *ko_particles; p++) {
        size_t m = strlen(ko_particles[p]);
        /* every syllable is three bytes of UTF-8 */
        if (n < m + 3 * KO_NAME_MIN_REST || memcmp(norm + n - m, ko_particles[p], m) != 0)
            continue;
        for (size_t i = 0; i < n - m; i += 3) {
            uint32_t c = ((uint32_t)(norm[i] & 0x0F) << 12) | ((uint32_t)(norm[i + 1] & 0x3F) << 6) |
                         (uint32_t)(norm[i + 2] & 0x3F);
            if ((norm[i] & 0xF0) != 0xE0 || c < 0xAC00 || c > 0xD7A3)
                return SS_OK;
        }
        ss_token rest = *t;
        rest.norm_len = (uint32_t)(n - m);
        return push_name(pv, &rest, norm, lang, k, out);
    }
    return SS_OK;
}

/* A Latin-script word as an English word (accents dropped): loanwords and
 * English quoted in another language. */
static uint64_t english_guess(ss_pivoter *pv, const ss_token *t, const char *norm)
{
    if (!(t->flags & SS_TF_NONASCII))
        return english_key(pv, norm, t->norm_len);
    ss_buf_clear(&pv->ascii);
    if (ss_translit_ascii(pv->tr, norm, t->norm_len, &pv->ascii) != SS_OK || !pv->ascii.len)
        return 0;
    return english_key(pv, pv->ascii.data, pv->ascii.len);
}

static int has_hiragana(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c = ss_utf8_next(s, n, &i);
        if (c >= 0x3041 && c <= 0x309F)
            return 1;
    }
    return 0;
}

static int all_katakana(const char *s, size_t n)
{
    for (size_t i = 0; i < n;)
        if (!ss_pivot_katakana(ss_utf8_next(s, n, &i)))
            return 0;
    return n > 0;
}

/* Chinese or Japanese: the longest dictionary word of 3 to
 * SS_PIVOT_HAN_WORD_MAX characters that starts with pair k's first
 * character, read along the pairs that follow it; its translations are
 * added and *until set past it (words do not overlap).  SS_OK or
 * SS_ENOMEM. */
static int long_word(ss_pivoter *pv, size_t k, const char *lang, ss_pivot_terms *out,
                     uint32_t *until)
{
    const ss_token *t = &pv->tok.v[k];
    if (t->cp_start < *until || t->cp_end - t->cp_start != 2)
        return SS_OK;
    size_t first = 0;
    if (ss_pivot_katakana(ss_utf8_next(ss_token_norm(&pv->tok, k), t->norm_len, &first)))
        return SS_OK; /* katakana words are read whole (katakana_run) */
    char w[8 * SS_PIVOT_HAN_WORD_MAX];
    size_t len[SS_PIVOT_HAN_WORD_MAX + 1] = {0}, m = 0;
    int chars = 0;
    /* the word's characters: pair k's two, then the second of each pair
       that continues the run */
    for (size_t j = k; j < pv->tok.n && chars < SS_PIVOT_HAN_WORD_MAX; j++) {
        const ss_token *u = &pv->tok.v[j];
        if (u->kind != SS_TOK_CJK || u->cp_start != t->cp_start + (j - k) || u->cp_end - u->cp_start != 2)
            break;
        const char *nm = ss_token_norm(&pv->tok, j);
        size_t i = 0;
        if (j > k)
            (void)ss_utf8_next(nm, u->norm_len, &i); /* its first character: had already */
        size_t add = u->norm_len - i;
        if (m + add > sizeof w)
            break;
        memcpy(w + m, nm + i, add);
        m += add;
        chars = j == k ? 2 : chars + 1;
        len[chars] = m;
    }
    for (int c = chars; c >= 3; c--) {
        const uint64_t *tg = NULL;
        const float *wt = NULL;
        size_t nt = ss_lexicon_lookup(pv->lx, ss_lexicon_word_key(lang, w, len[c]), &tg, &wt);
        if (!nt)
            continue;
        for (size_t i = 0; i < nt; i++)
            if (push(out, tg[i], wt[i], SS_PV_DICT, k))
                return SS_ENOMEM;
        *until = t->cp_start + (uint32_t)c;
        return SS_OK;
    }
    return SS_OK;
}

/* The dictionary's katakana words along a run of n characters (UTF-8 in
 * pv->kana, three bytes each) whose first pair is token k: from the left,
 * the longest word of 2 to SS_PIVOT_KANA_WORD_MAX characters starting at
 * a character, words not overlapping ("マンチェスターユナイテッド" ->
 * Manchester, united).  Each word's translations are pushed for the pair
 * that starts it. */
static int katakana_words(ss_pivoter *pv, size_t k, size_t n, ss_pivot_terms *out)
{
    for (size_t i = 0; i + 1 < n;) {
        size_t len = n - i < SS_PIVOT_KANA_WORD_MAX ? n - i : SS_PIVOT_KANA_WORD_MAX, found = 0;
        for (; len >= 2 && !found; len--) {
            const uint64_t *tg = NULL;
            const float *wt = NULL;
            size_t nt = ss_lexicon_lookup(pv->lx, ss_lexicon_word_key("ja", pv->kana.data + 3 * i, 3 * len),
                                          &tg, &wt);
            for (size_t j = 0; j < nt; j++)
                if (push(out, tg[j], wt[j], SS_PV_DICT, k + i))
                    return SS_ENOMEM;
            if (nt)
                found = len;
        }
        i += found ? found : 1;
    }
    return SS_OK;
}

/* Japanese writes foreign words and names in katakana, a word per name
 * ("ポグバ", "フェルナンデス"; the middle dot parts given and family
 * names), which the tokenizer cuts into character pairs like any unspaced
 * text.  A run of katakana pairs starting at token k (and not continuing
 * one) gives the dictionary's katakana words along it (when dict;
 * katakana_words) and the name key of the whole run, transliterated:
 * "poguba" and "Pogba" share the skeleton "pgb", where the pairs' "pogu"
 * and "guba" meet nothing.  Pushed for token k, as SS_PV_NAME. */
static int katakana_run(ss_pivoter *pv, size_t k, int dict, ss_pivot_terms *out)
{
    const ss_token *t = &pv->tok.v[k];
    if (t->cp_end - t->cp_start != 2 || !all_katakana(ss_token_norm(&pv->tok, k), t->norm_len))
        return SS_OK;
    if (k > 0) {
        const ss_token *p = &pv->tok.v[k - 1];
        if (p->kind == SS_TOK_CJK && p->cp_start + 1 == t->cp_start &&
            all_katakana(ss_token_norm(&pv->tok, k - 1), p->norm_len))
            return SS_OK; /* inside a run: its first pair has it */
    }
    ss_buf_clear(&pv->kana);
    size_t chars = 1;
    for (size_t j = k; j < pv->tok.n; j++) {
        const ss_token *u = &pv->tok.v[j];
        const char *nm = ss_token_norm(&pv->tok, j);
        if (u->kind != SS_TOK_CJK || u->cp_start != t->cp_start + (j - k) || u->cp_end - u->cp_start != 2 ||
            !all_katakana(nm, u->norm_len))
            break;
        size_t i = 0;
        if (j > k)
            (void)ss_utf8_next(nm, u->norm_len, &i); /* its first character: had already */
        if (ss_buf_append(&pv->kana, nm + i, u->norm_len - i))
            return SS_ENOMEM;
        chars++;
    }
    /* every katakana character is three bytes of UTF-8 */
    if (dict && pv->kana.len == 3 * chars && katakana_words(pv, k, chars, out))
        return SS_ENOMEM;
    ss_buf_clear(&pv->ascii);
    if (ss_translit_ascii(pv->tr, pv->kana.data, pv->kana.len, &pv->ascii) != SS_OK || pv->ascii.len < 3)
        return SS_OK;
    if (push(out, ss_name_key(pv->ascii.data, pv->ascii.len), 1.0f, SS_PV_NAME, k))
        return SS_ENOMEM;
    /* and with l for r: katakana has one sound for the two ("ポール",
       poru, is Paul); an English ending dropped for a long vowel
       ("マンチェスター", manchesutā) was tried too and linked nothing more */
    int r = 0;
    for (size_t i = 0; i < pv->ascii.len; i++)
        if (pv->ascii.data[i] == 'r' || pv->ascii.data[i] == 'R') {
            pv->ascii.data[i] = 'l';
            r = 1;
        }
    return r ? push(out, ss_name_key(pv->ascii.data, pv->ascii.len), 1.0f, SS_PV_NAME, k) : SS_OK;
}

/* Korean scale syllables: 십 10, 백 10^2, 천 10^3, 만 10^4, 억 10^8,
 * 조 10^12 (the exponent; 0 for any other character).  Only Korean writes
 * them onto the digits, where a number was no number at all.  Keying every
 * "2.5 million" and "250万" by its whole value too was tried: Korean news
 * links 0.832 -> 0.837, but English stories changed as well (the pivot
 * takes part in every pair, and its number keys weighed twice: 8,033 ->
 * 8,179 stories on 30,000 Reuters articles) under a model fitted without
 * them; not kept. */
static int korean_scale(uint32_t c)
{
    switch (c) {
    case 0xC2ED: return 1;  /* 십 */
    case 0xBC31: return 2;  /* 백 */
    case 0xCC9C: return 3;  /* 천 */
    case 0xB9CC: return 4;  /* 만 */
    case 0xC5B5: return 8;  /* 억 */
    case 0xC870: return 12; /* 조 */
    default: return 0;
    }
}

static int push_num(ss_pivot_terms *out, const char *canon, size_t m, size_t k)
{
    return push(out, XXH3_64bits_withSeed(canon, m, SEED_NUM), 1.0f, SS_PV_NUM, k);
}

/* Korean numbers are summed exactly in thousandths (KO_MILLI), up to
 * KO_LIMIT thousandths (10^15); a figure with more decimals or larger
 * keeps its digits only. */
#define KO_MILLI 1000ull
#define KO_LIMIT 1000000000000000000ull

/* canon (ss_number_canonical's form) in thousandths into *v: 0, or -1
 * when it has more than three decimals or is too large. */
static int ko_milli(const char *canon, uint64_t *v)
{
    uint64_t x = 0;
    int frac = -1;
    for (const char *c = canon; *c; c++) {
        if (*c == '.') {
            frac = 0;
            continue;
        }
        if (frac >= 3 || x > KO_LIMIT / 10)
            return -1;
        x = x * 10 + (uint64_t)(*c - '0');
        if (frac >= 0)
            frac++;
    }
    for (int f = frac < 0 ? 0 : frac; f < 3; f++) {
        if (x > KO_LIMIT / 10)
            return -1;
        x *= 10;
    }
    *v = x;
    return 0;
}

/* x * 10^exp, or -1 past KO_LIMIT. */
static int ko_scale(uint64_t x, int exp, uint64_t *out)
{
    for (int e = 0; e < exp; e++) {
        if (x > KO_LIMIT / 10)
            return -1;
        x *= 10;
    }
    *out = x;
    return 0;
}

/* A Korean word that starts with digits: a number with its scale syllables
 * and a counter or particle written onto it ("4만", 40,000; "1억1천만",
 * 110,000,000; "3주가", three weeks).  Its value is pushed as a NUM term
 * (and the digits first written, when they differ); 1 when the word was
 * one (nothing else is taken from it), 0 when not.  Summed as Korean reads
 * it: a section of digits times 10, 100 and 1000 is scaled by the next
 * 10^4, 10^8 or 10^12. */
static int korean_number(ss_pivoter *pv, size_t k, const char *lang, ss_pivot_terms *out, int *err)
{
    const ss_token *t = &pv->tok.v[k];
    const char *w = ss_token_norm(&pv->tok, k);
    if (t->kind != SS_TOK_WORD || !t->norm_len || w[0] < '0' || w[0] > '9')
        return 0;
    uint64_t total = 0, section = 0, num = 0;
    int have_num = 0, exact = 1;
    char first[40];
    size_t nfirst = 0, i = 0;
    while (i < t->norm_len) {
        size_t j = i;
        while (j < t->norm_len && ((w[j] >= '0' && w[j] <= '9') || w[j] == '.' || w[j] == ','))
            j++;
        if (j > i) {
            char canon[40];
            size_t m = ss_number_canonical(w + i, j - i, lang, canon);
            if (!m)
                break;
            if (!nfirst) {
                memcpy(first, canon, m + 1);
                nfirst = m;
            }
            exact = exact && ko_milli(canon, &num) == 0;
            have_num = 1;
            i = j;
            continue;
        }
        size_t q = i;
        int exp = korean_scale(ss_utf8_next(w, t->norm_len, &q));
        if (!exp)
            break; /* a counter or particle: the number ends */
        /* a scale without digits before it counts one ("만" alone, "천"),
           unless it scales the section before it ("천만": 1000 x 10^4) */
        uint64_t n = have_num ? num : exp >= 4 && section > 0 ? 0 : KO_MILLI, scaled = 0;
        if (exp < 4) {
            exact = exact && ko_scale(n, exp, &scaled) == 0;
            section += scaled;
        } else {
            exact = exact && ko_scale(section + n, exp, &scaled) == 0;
            total += scaled;
            section = 0;
        }
        exact = exact && total < KO_LIMIT && section < KO_LIMIT;
        have_num = 0;
        i = q;
    }
    if (!nfirst)
        return 0;
    total += section + (have_num ? num : 0);
    char v[48];
    int n = 0;
    if (exact && total < KO_LIMIT) {
        unsigned f = (unsigned)(total % KO_MILLI);
        n = snprintf(v, sizeof v, "%llu", (unsigned long long)(total / KO_MILLI));
        if (f) { /* the decimals, trailing zeros dropped */
            char d[4];
            snprintf(d, sizeof d, "%03u", f);
            size_t dl = 3;
            while (d[dl - 1] == '0')
                dl--;
            n += snprintf(v + n, sizeof v - (size_t)n, ".%.*s", (int)dl, d);
        }
    }
    if (n > 0 && push_num(out, v, (size_t)n, k))
        *err = 1;
    else if ((n <= 0 || strcmp(v, first) != 0) && push_num(out, first, nfirst, k))
        *err = 1;
    return 1;
}

/* Unicode laid out the Brahmic scripts of India in parallel blocks of 128
 * (after ISCII): a letter of Bengali, Gurmukhi or Gujarati sits at the
 * offset of the same letter of Devanagari in its own block (the first 112
 * of each; the rest are each script's own additions).  The offset of
 * script's block from Devanagari's, or 0 for other scripts. */
static uint32_t brahmic_offset(ss_script script)
{
    switch (script) {
    case SS_SCRIPT_BENGALI: return 0x80;
    case SS_SCRIPT_GURMUKHI: return 0x100;
    case SS_SCRIPT_GUJARATI: return 0x180;
    default: return 0;
    }
}

/* The word w[0..n) of a Brahmic script at offset off from Devanagari,
 * written in Devanagari into pv->deva (a letter without a counterpart in
 * Devanagari's block stays as it is): Bengali, Punjabi and Gujarati words
 * are looked up in Hindi's dictionary (ss_lexicon_lang), with which they
 * share much learned vocabulary ("সরকার", "ਸਰਕਾਰ", "સરકાર": सरकार,
 * government).  SS_OK or SS_ENOMEM. */
static int devanagari(ss_pivoter *pv, const char *w, size_t n, uint32_t off)
{
    ss_buf_clear(&pv->deva);
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = ss_utf8_next(w, n, &i);
        if (c == 0xA71)
            continue; /* Gurmukhi's addak doubles the next consonant, which Hindi does not write */
        if (c == 0xA70)
            c = 0xA02; /* Gurmukhi's tippi is the nasal Devanagari writes with a dot */
        if (c == 0x9CE) { /* Bengali's khanda ta is a ta without its vowel: त् */
            if (ss_buf_append(&pv->deva, "\xe0\xa4\xa4\xe0\xa5\x8d", 6))
                return SS_ENOMEM;
            continue;
        }
        if (c >= 0x900 + off && c < 0x970 + off) {
            char u[4];
            c -= off; /* U+0900..U+096F: three bytes */
            u[0] = (char)(0xE0 | (c >> 12));
            u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            u[2] = (char)(0x80 | (c & 0x3F));
            if (ss_buf_append(&pv->deva, u, 3))
                return SS_ENOMEM;
        } else if (ss_buf_append(&pv->deva, w + at, i - at)) {
            return SS_ENOMEM;
        }
    }
    return SS_OK;
}

/* lang: the text's language; lxl: the one its entries are keyed under
 * (ss_lexicon_lang). */
static int word_terms(ss_pivoter *pv, size_t k, const char *lang, const char *lxl, int dict, int is_en,
                      ss_stemmer *st, ss_pivot_terms *out)
{
    const ss_token *t = &pv->tok.v[k];
    const char *norm = ss_token_norm(&pv->tok, k);
    if (t->kind == SS_TOK_CJK) {
        /* a pair of Chinese characters (kanji in Japanese): a word of
           CC-CEDICT or JMdict when the lexicon holds one
           (tools/build_lexicon.c), and a sound */
        if (dict && (strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0)) {
            const uint64_t *tg = NULL;
            const float *wt = NULL;
            /* a katakana pair is a fragment: katakana_run reads the words */
            size_t nt = all_katakana(norm, t->norm_len)
                            ? 0
                            : ss_lexicon_lookup(pv->lx, ss_lexicon_word_key(lang, norm, t->norm_len), &tg, &wt);
            out->content++;
            out->known += nt > 0;
            for (size_t i = 0; i < nt; i++)
                if (push(out, tg[i], wt[i], SS_PV_DICT, k))
                    return SS_ENOMEM;
        }
        /* hiragana write Japanese particles and inflections, never names
           (names are kanji or katakana): a pair holding one is no name */
        if (has_hiragana(norm, t->norm_len))
            return SS_OK;
        if (strcmp(lang, "ja") == 0 && katakana_run(pv, k, dict, out))
            return SS_ENOMEM;
        return push(out, name_key(pv, t, norm), 1.0f, SS_PV_NAME, k);
    }
    if (t->cp_end - t->cp_start < 2 || is_stop(pv, lang, norm, t->norm_len))
        return SS_OK;
    out->content++;
    int cased = cased_script(t->script);
    int named = pv->is_name[k];
    if (!cased)
        out->uncased++;
    if (is_en) {
        out->known++;
        if (push(out, english_key(pv, norm, t->norm_len), 1.0f, SS_PV_DICT, k))
            return SS_ENOMEM;
        return push(out, name_key(pv, t, norm), 1.0f, named ? SS_PV_NAME : SS_PV_SOUND, k);
    }
    size_t nt = 0;
    const uint64_t *targets = NULL;
    const float *weights = NULL;
    if (dict && t->script == SS_SCRIPT_HANGUL) {
        /* a particle or ending is written onto the word: its longest known
           first part of two syllables or more (every syllable is three
           bytes of UTF-8) */
        size_t syl = 0;
        for (size_t i = 0; syl < SS_PIVOT_KO_WORD_MAX && i < t->norm_len;) {
            uint32_t c = ss_utf8_next(norm, t->norm_len, &i);
            if (c < 0xAC00 || c > 0xD7A3)
                break;
            syl++;
        }
        for (size_t c = syl; c >= 2 && !nt; c--)
            nt = ss_lexicon_lookup(pv->lx, ss_lexicon_word_key(lxl, norm, 3 * c), &targets, &weights);
    } else if (dict) {
        const char *w = norm;
        size_t wn = t->norm_len;
        uint32_t off = brahmic_offset(t->script);
        if (off && strcmp(lxl, "hi") == 0) {
            if (devanagari(pv, norm, t->norm_len, off))
                return SS_ENOMEM;
            w = pv->deva.data;
            wn = pv->deva.len;
        }
        char stem[256];
        size_t m = ss_lexicon_stem(st, w, wn, stem, sizeof stem);
        nt = ss_lexicon_lookup(pv->lx, ss_lexicon_word_key(lxl, stem, m), &targets, &weights);
    }
    if (nt) {
        out->known++;
        for (size_t i = 0; i < nt; i++)
            if (push(out, targets[i], weights[i], SS_PV_DICT, k))
                return SS_ENOMEM;
        /* German capitalizes its nouns: a known word is not a name there */
        if (named && cased && strcmp(lang, "de") != 0)
            return push(out, name_key(pv, t, norm), 1.0f, SS_PV_NAME, k);
        return SS_OK;
    }
    /* an unknown word tried as English: loanwords, English quoted.  Not a
       name (German aside, which capitalizes its nouns): the NAME field
       carries it, and counting it in both let one shared town name weigh
       twice (a French bridge report met an English fire in that town).
       A name still gets its English key for the sentence aligner alone
       (SS_PIVOT_ALIGN_ONLY): a Chinese or Japanese word whose dictionary
       gloss is that name ("特朗普": Trump) meets it only there, since the
       Han side's names are its characters' sounds */
    if (t->script == SS_SCRIPT_LATIN) {
        int own_name = named && strcmp(lang, "de") != 0;
        uint64_t g = english_guess(pv, t, norm);
        if (g && push(out, g, own_name ? SS_PIVOT_ALIGN_ONLY : 0.5f, SS_PV_DICT, k))
            return SS_ENOMEM;
    }
    if (named || !cased) {
        if (push_name(pv, t, norm, lang, k, out))
            return SS_ENOMEM;
        if ((t->script == SS_SCRIPT_HEBREW && strcmp(lang, "he") == 0) ||
            (t->script == SS_SCRIPT_ARABIC && strcmp(lang, "ar") == 0))
            return proclitics(pv, t, norm, lang, k, out);
        if (t->script == SS_SCRIPT_HANGUL)
            return korean_particle(pv, t, norm, lang, k, out);
        return SS_OK;
    }
    return SS_OK;
}

/* Scripts written without spaces whose words ICU's dictionaries find
 * (ss_translit_words); Han and kana are read by character pairs. */
static int southeast_asian(int script)
{
    return script == SS_SCRIPT_THAI || script == SS_SCRIPT_LAO || script == SS_SCRIPT_KHMER ||
           script == SS_SCRIPT_MYANMAR;
}

/* The run of character pairs k..*end of one Thai, Lao, Khmer or Burmese
 * run, read as words: the tokenizer's pairs (text/token.h) are pieces of
 * syllables, whose transliterations meet nothing; the words ICU finds are
 * names, transliterated whole ("ทรัมป์": thramp, Trump's skeleton), unless
 * function words of lang.  No dictionary has these languages' words yet:
 * every word is a name, as in any uncased script.  Each word's terms go
 * to the pair that starts where it starts.  *end: the run's last pair;
 * *read: 0 when ICU found no words (the pairs are then read as before). */
static int unspaced_words(ss_pivoter *pv, const char *text, size_t k, const char *lang, size_t *end,
                          int *read, ss_pivot_terms *out)
{
    const ss_token *tv = pv->tok.v;
    size_t r = k + 1;
    while (r < pv->tok.n && tv[r].kind == SS_TOK_CJK && tv[r].script == tv[k].script &&
           tv[r].start < tv[r - 1].end)
        r++;
    uint32_t base = tv[k].start;
    int rc = ss_translit_words(pv->tr, text + base, tv[r - 1].end - base, &pv->words);
    if (rc == SS_ENOMEM)
        return rc;
    *end = r - 1;
    *read = rc == SS_OK && pv->words.n;
    if (!*read)
        return SS_OK;
    size_t j = k;
    for (size_t w = 0; w < pv->words.n; w++) {
        const char *s = text + base + pv->words.v[w].start;
        size_t len = pv->words.v[w].end - pv->words.v[w].start;
        while (j + 1 < r && tv[j + 1].start <= base + pv->words.v[w].start)
            j++;
        out->words++;
        if (ss_utf8_count(s, len) < 2 || is_stop(pv, lang, s, len))
            continue;
        out->content++;
        out->uncased++;
        if (push(out, ss_translit_name_key(pv->tr, s, len), 1.0f, SS_PV_NAME, j))
            return SS_ENOMEM;
    }
    return SS_OK;
}

int ss_pivot_text(ss_pivoter *pv, const char *text, size_t len, const char *lang,
                  ss_pivot_terms *out)
{
    out->n = 0;
    out->words = out->content = out->known = out->uncased = 0;
    if (!ss_lang_known(lang))
        lang = "";
    if (ss_tokenize(text, len, 0, SS_TOKENIZE_NORM, &pv->tok) != SS_OK)
        return SS_ENOMEM;
    size_t n = pv->tok.n;
    if (n > pv->is_name_cap) {
        uint8_t *f = realloc(pv->is_name, n);
        if (!f)
            return SS_ENOMEM;
        pv->is_name = f;
        pv->is_name_cap = n;
    }
    if (n)
        memset(pv->is_name, 0, n);
    if (ss_find_mentions(text, len, &pv->tok, lang, pv->sw, &pv->men) != SS_OK)
        return SS_ENOMEM;
    for (size_t m = 0; m < pv->men.n; m++)
        for (uint32_t q = pv->men.v[m].tok_start; q < pv->men.v[m].tok_end && q < n; q++)
            if (pv->tok.v[q].flags & SS_TF_UPPER)
                pv->is_name[q] = 1;
    int is_en = strcmp(lang, "en") == 0;
    int dict = !is_en && lang[0] && ss_lexicon_has(pv->lx, lang);
    /* the entries' language: one for Croatian, Serbian and Bosnian */
    const char *lxl = dict ? ss_lexicon_lang(pv->lx, lang) : lang;
    ss_stemmer *st = dict ? ss_stemmers_get(pv->stem, lxl) : NULL;
    int han = dict && (strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0);
    uint32_t han_until = 0;
    size_t pairs_until = 0; /* an unspaced run ICU could not read ends before */
    for (size_t k = 0; k < n; k++) {
        const ss_token *t = &pv->tok.v[k];
        if (han && t->kind == SS_TOK_CJK && long_word(pv, k, lang, out, &han_until))
            return SS_ENOMEM;
        if (t->kind == SS_TOK_NUM) {
            char canon[40];
            size_t m = ss_number_canonical(ss_token_norm(&pv->tok, k), t->norm_len, lang, canon);
            if (m && push_num(out, canon, m, k))
                return SS_ENOMEM;
            continue;
        }
        if (t->kind == SS_TOK_CJK && southeast_asian(t->script) && k >= pairs_until) {
            size_t last;
            int read;
            if (unspaced_words(pv, text, k, lang, &last, &read, out))
                return SS_ENOMEM;
            if (read) {
                k = last;
                continue;
            }
            pairs_until = last + 1; /* not segmented: its pairs, once */
        }
        int nerr = 0;
        if (t->script == SS_SCRIPT_HANGUL && korean_number(pv, k, lang, out, &nerr)) {
            if (nerr)
                return SS_ENOMEM;
            continue;
        }
        out->words++;
        if (word_terms(pv, k, lang, lxl, dict, is_en, st, out))
            return SS_ENOMEM;
    }
    return SS_OK;
}

static int cmp_term(const void *a, const void *b)
{
    const ss_pivot_term *x = a, *y = b;
    if (x->field != y->field)
        return x->field < y->field ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int fvec_push(ss_fvec *v, uint64_t k, float w)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 32;
        uint64_t *kk = realloc(v->k, cap * sizeof *kk);
        if (!kk)
            return SS_ENOMEM;
        v->k = kk;
        float *ww = realloc(v->w, cap * sizeof *ww);
        if (!ww)
            return SS_ENOMEM;
        v->w = ww;
        v->cap = cap;
    }
    v->k[v->n] = k;
    v->w[v->n++] = w;
    return SS_OK;
}

static size_t count_sentences(ss_pivoter *pv, const char *s, size_t n)
{
    if (!n || ss_split_sentences(s, n, &pv->sent) != SS_OK)
        return 0;
    return pv->sent.n;
}

int ss_pivot_doc(ss_pivoter *pv, const ss_doc *d, ss_pivot *out)
{
    for (int f = 0; f < SS_PV_FIELDS; f++)
        out->f[f].n = 0;
    out->words = out->content = out->known = out->sentences = 0;
    uint32_t uncased = 0;
    snprintf(out->lang, sizeof out->lang, "%s", d->lang);
    out->dictionary = (uint8_t)ss_pivoter_has_dictionary(pv, d->lang);
    ss_pivot_terms *all = &pv->scratch;
    ss_pivot_terms part;
    ss_pivot_terms_init(&part);
    all->n = 0;
    const char *pieces[2] = {d->title ? d->title : "", d->text ? d->text : ""};
    size_t lens[2] = {d->title ? strlen(d->title) : 0, ss_doc_work_len(d)};
    /* the title, unless the text already opens with it */
    if (lens[0] && lens[1] >= lens[0] && memcmp(pieces[0], pieces[1], lens[0]) == 0)
        lens[0] = 0;
    int rc = SS_OK;
    for (int p = 0; p < 2 && rc == SS_OK; p++) {
        if (!lens[p])
            continue;
        rc = ss_pivot_text(pv, pieces[p], lens[p], d->lang, &part);
        if (rc)
            break;
        out->words += part.words;
        out->content += part.content;
        out->known += part.known;
        uncased += part.uncased;
        out->sentences += (uint32_t)count_sentences(pv, pieces[p], lens[p]);
        for (size_t i = 0; i < part.n && rc == SS_OK; i++)
            if (part.v[i].share > SS_PIVOT_ALIGN_ONLY)
                rc = push(all, part.v[i].key, part.v[i].share, part.v[i].field, 0);
    }
    ss_pivot_terms_release(&part);
    if (rc)
        return rc;
    out->uncased = uncased * 2 > out->content;
    if (all->n)
        qsort(all->v, all->n, sizeof *all->v, cmp_term);
    for (size_t i = 0; i < all->n;) {
        size_t j = i;
        float c = 0;
        while (j < all->n && all->v[j].field == all->v[i].field && all->v[j].key == all->v[i].key)
            c += all->v[j++].share;
        if (fvec_push(&out->f[all->v[i].field], all->v[i].key, (float)log1p(c)))
            return SS_ENOMEM;
        i = j;
    }
    return SS_OK;
}

int ss_pivot_flatten(const ss_pivot *p, ss_fvec *out)
{
    out->n = 0;
    for (int f = 0; f < SS_PV_FIELDS; f++)
        if (ss_fvec_add(out, &p->f[f], 1.0f))
            return SS_ENOMEM;
    return SS_OK;
}

int ss_pivot_features(ss_pivoter *pv, const ss_doc *d, ss_features *x)
{
    if (ss_pivot_doc(pv, d, &pv->doc) || ss_pivot_flatten(&pv->doc, &x->f[SS_F_PIVOT]))
        return SS_ENOMEM;
    return SS_OK;
}
