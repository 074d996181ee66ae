/* tools/build_lexicon.c — build the bilingual lexicon from FreeDict.
 *
 *   build_lexicon OUT.bin [DICTD_FOLDER [CEDICT.json [HANJA.json]]]
 *                                            (default /usr/share/dictd)
 *
 * Reads every freedict-LLL-eng and freedict-eng-LLL dictionary found and
 * writes the lexicon (xling/lexicon.h).  From an LLL-eng entry, the
 * headword (one word) maps to the content words of its first senses (a
 * translation of at most two content words: "mayor", "blow-off pipe");
 * from an eng-LLL entry, each content word of each rendering maps back to
 * the English headword.  Grammar labels <...>, domains [...], notes {...}
 * and (...), examples (indented lines in quotes), "Note:", "Synonym:" and
 * "see:" lines are not translations.  Run by make; prints what it read.
 *
 * CEDICT.json (CC-CEDICT as JSON: [{"traditional", "simplified",
 * "english": [senses]}], fetched by setup.sh) adds Chinese: the pivot reads
 * Chinese as overlapping character pairs (text/token.h) and looks for
 * longer words along them (xling/pivot.h), so words of one to
 * SS_PIVOT_HAN_WORD_MAX characters, simplified and traditional, are keyed
 * as they are (language "zh", no stemmer) and map to the content words of
 * their first four senses as an LLL-eng entry does ("洪水" -> flood,
 * "低体温症" -> hypothermia).  Japanese (freedict-jpn-eng, JMdict) is read
 * the same way: its kanji headwords of as many characters, keyed under
 * "ja" ("避難" -> evacuation), and its katakana headwords of two to
 * SS_PIVOT_KANA_WORD_MAX characters ("ユナイテッド" -> united); words with
 * hiragana are left out.
 *
 * HANJA.json (the npm package hanja: the Korean reading of each Chinese
 * character, fetched by setup.sh) adds Korean: CC-CEDICT's words of two to
 * SS_PIVOT_KO_WORD_MAX characters, read in Korean syllable by syllable
 * with the initial-sound rule (政府 -> 정부, 料理 -> 요리), keyed under "ko"
 * with the entry's senses.  Sino-Korean words are most of the vocabulary
 * of Korean news; native words and loanwords stay unknown (names).
 *
 * --via PIV LANG=FILE.att (repeatable, before OUT.bin) adds a language
 * that has no dictionary with English but an Apertium bilingual
 * dictionary with a language PIV the lexicon translates (Debian's
 * apertium-rus-ukr: Ukrainian through Russian; apertium-urd-hin: Urdu
 * through Hindi), printed as text by lttoolbox's lt-print (the Makefile
 * does that): each of its word pairs (a LANG lemma, a PIV lemma) gives the
 * LANG word the English translations the lexicon has for the PIV one
 * (apertium()).  --via-russian LANG=FILE.att is --via ru.
 * --apertium LANG=FILE.att reads an Apertium dictionary from LANG to
 * English the same way (Catalan, Galician, Basque, Macedonian: languages
 * FreeDict has nothing for in Debian).
 */
#include <jansson.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"
#include "xling/dictd.h"
#include "xling/lexicon.h"
#include "text/utf8.h"
#include "xling/pivot.h"

static const char *const codes[][2] = {
    {"deu", "de"}, {"fra", "fr"}, {"spa", "es"}, {"ita", "it"}, {"por", "pt"}, {"nld", "nl"},
    {"pol", "pl"}, {"tur", "tr"}, {"ara", "ar"}, {"ces", SS_LEXICON_CSSK}, {"swe", "sv"}, {"dan", SS_LEXICON_DANO},
    {"fin", "fi"}, {"hun", "hu"}, {"hrv", SS_LEXICON_SH}, {"slk", SS_LEXICON_CSSK}, {"slv", "sl"}, {"srp", SS_LEXICON_SH},
    {"lit", "lt"}, {"hin", "hi"}, {"rus", "ru"}, {"ell", "el"}, {"jpn", "ja"}, {"bul", "bg"},
    {"isl", "is"}, {"gle", "ga"}, {"cym", "cy"}, {"afr", "af"}, {"epo", "eo"}, {"lat", "la"},
    {"swh", "sw"}, {"ind", "id"}, {"nor", SS_LEXICON_DANO}, {"ukr", "uk"}, {NULL, NULL}};

static const char *iso1(const char *c3)
{
    for (int i = 0; codes[i][0]; i++)
        if (strcmp(codes[i][0], c3) == 0)
            return codes[i][1];
    return NULL;
}

typedef struct {
    ss_stopwords *sw;
    ss_stemmer *en;
    ss_buf norm, scratch;
    ss_buf senses; /* an entry's sense lines, rewritten by a sense filter */
    ss_tokens tok;
    ss_lexicon_builder *b;
    size_t pairs;
    json_t *hanja;       /* the Korean readings of characters, or NULL */
    size_t ko_entries;   /* Korean words read from other dictionaries' */
} ctx;

/* Normalized content words of a phrase: tokens that are words, not
 * function words of lang, two code points or more.  Returns how many
 * (written to the token list), or -1 on memory failure. */
static long content_words(ctx *c, const char *s, size_t n, const char *lang)
{
    if (ss_tokenize(s, n, 0, SS_TOKENIZE_NORM | SS_TOKENIZE_NO_CJK, &c->tok))
        return -1;
    long k = 0;
    for (size_t i = 0; i < c->tok.n; i++) {
        ss_token *t = &c->tok.v[i];
        const char *w = ss_token_norm(&c->tok, i);
        if (t->kind != SS_TOK_WORD || t->cp_end - t->cp_start < 2 ||
            ss_stopword(c->sw, lang, w, t->norm_len)) {
            t->kind = 0; /* mark: not a content word */
            continue;
        }
        k++;
    }
    return k;
}

static uint64_t english_key(ctx *c, const char *w, size_t n)
{
    char stem[256];
    size_t m = ss_lexicon_stem(c->en, w, n, stem, sizeof stem);
    return ss_lexicon_english_key(stem, m);
}

static uint64_t word_key(ss_stemmer *st, const char *lang, const char *w, size_t n)
{
    char stem[256];
    size_t m = ss_lexicon_stem(st, w, n, stem, sizeof stem);
    return ss_lexicon_word_key(lang, stem, m);
}

/* Cut the translation lines of an entry into phrases (callback per phrase). */
typedef int (*phrase_fn)(ctx *c, const char *p, size_t n, int pos, void *arg);

static int phrases(ctx *c, const char *text, size_t len, phrase_fn fn, void *arg)
{
    size_t i = 0;
    int first = 1, senses = 0, pos = 0;
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        const char *l = text + i;
        size_t ln = e - i;
        i = e + 1;
        if (first) { /* the headword line */
            first = 0;
            continue;
        }
        size_t a = 0;
        while (a < ln && (l[a] == ' ' || l[a] == '\t'))
            a++;
        if (a == ln || l[a] == '"' || l[a] == '{' || strncmp(l + a, "Note:", 5) == 0 ||
            strncmp(l + a, "Synonym", 7) == 0 || strncmp(l + a, "see:", 4) == 0 ||
            strncmp(l + a, "Antonym", 7) == 0 || strncmp(l + a, "Usage", 5) == 0)
            continue;
        if (++senses > 4)
            break; /* the first senses are the common ones */
        /* drop <...> [...] {...} (...) and "/ipa/", numbering "1. ", '~' is a space */
        size_t n = 0;
        int depth = 0;
        char close = 0;
        for (size_t k = a; k < ln; k++) {
            char ch = l[k];
            if (!depth && (ch == '<' || ch == '[' || ch == '{' || ch == '(' || ch == '/')) {
                depth = 1;
                close = ch == '<' ? '>' : ch == '[' ? ']' : ch == '{' ? '}' : ch == '(' ? ')' : '/';
                continue;
            }
            if (depth) {
                if (ch == close)
                    depth = 0;
                continue;
            }
            buf[n++] = ch == '~' ? ' ' : ch;
        }
        size_t s = 0;
        while (s < n && (buf[s] == ' ' || (buf[s] >= '0' && buf[s] <= '9') || buf[s] == '.'))
            s++;
        /* phrases separated by , ; */
        size_t p0 = s;
        for (size_t k = s; k <= n; k++) {
            if (k == n || buf[k] == ',' || buf[k] == ';') {
                if (k > p0 && fn(c, buf + p0, k - p0, ++pos, arg) < 0) {
                    free(buf);
                    return -1;
                }
                p0 = k + 1;
            }
        }
    }
    free(buf);
    return 0;
}

typedef struct {
    uint64_t key;     /* the source word (LLL-eng) */
    const char *lang; /* the other language (eng-LLL) */
    ss_stemmer *st;
    uint64_t en;      /* the English headword (eng-LLL) */
} entry_arg;

/* LLL-eng: a phrase of English: its content words translate the headword. */
static int forward(ctx *c, const char *p, size_t n, int pos, void *arg)
{
    entry_arg *e = arg;
    long k = content_words(c, p, n, "en");
    if (k < 0)
        return -1;
    if (k == 0 || k > 2)
        return 0;
    for (size_t i = 0; i < c->tok.n; i++) {
        if (c->tok.v[i].kind != SS_TOK_WORD)
            continue;
        if (ss_lexicon_builder_add(c->b, e->key,
                                   english_key(c, ss_token_norm(&c->tok, i), c->tok.v[i].norm_len),
                                   1.0f / (float)(pos * k)))
            return -1;
        c->pairs++;
    }
    return 0;
}

/* eng-LLL: a phrase of the other language: each content word renders the
 * English headword. */
static int backward(ctx *c, const char *p, size_t n, int pos, void *arg)
{
    entry_arg *e = arg;
    long k = content_words(c, p, n, e->lang);
    if (k < 0)
        return -1;
    if (k == 0 || k > 3)
        return 0;
    for (size_t i = 0; i < c->tok.n; i++) {
        if (c->tok.v[i].kind != SS_TOK_WORD)
            continue;
        uint64_t key = word_key(e->st, e->lang, ss_token_norm(&c->tok, i), c->tok.v[i].norm_len);
        if (ss_lexicon_builder_add(c->b, key, e->en, 1.0f / (float)(pos * k)))
            return -1;
        c->pairs++;
    }
    return 0;
}

/* 1 if the phrase p[0..n) has a letter and no Latin letter: a rendering
 * in Cyrillic, not one of the English examples the entries mix in ("a
 * flood of words поток слов"). */
static int cyrillic_phrase(const char *p, size_t n)
{
    int cyr = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return 0;
        cyr |= (c == 0xD0 || c == 0xD1) && i + 1 < n; /* U+0400..U+047F lead bytes */
    }
    return cyr;
}

/* Müller's English-Russian dictionary (Debian's mueller7-dict, GPL-2+):
 * 46,000 English headwords, their Russian renderings in numbered senses
 * ("1) наводнение; половодье; паводок"), grammar labels ("_n.", "_библ.")
 * and English examples with their Russian between them.  Read backwards
 * as an eng-LLL FreeDict is: each Russian content word of a rendering of
 * at most three content words, in the first MUELLER_SENSES sense lines,
 * maps to the English headword (read_dict with mueller_senses).  The
 * FreeDict eng-rus has 1,440 entries; this is where Russian gets most of
 * its words. */
#define MUELLER_SENSES 4 /* phrases() reads four senses of any dictionary */

/* A sense filter for read_dict: the entry text rewritten as a headword
 * line and sense lines for phrases(), into out.  Returns the number of
 * sense lines (0: nothing to read), -1 out of memory. */
typedef long (*sense_fn)(const char *text, size_t len, ss_buf *out);

/* Müller's sense lines: "_label." words dropped, the phrases split at ';'
 * and only the Cyrillic ones kept, one line per sense with any. */
static long mueller_senses(const char *text, size_t len, ss_buf *out)
{
    if (ss_buf_puts(out, "-\n"))
        return -1;
    long senses = 0;
    for (size_t i = 0; i < len && senses < MUELLER_SENSES;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e2 = nl ? (size_t)(nl - text) : len;
        size_t a = i;
        i = e2 + 1;
        if (a == 0)
            continue; /* the headword itself */
        size_t k = a, start = out->len;
        while (k < e2) {
            size_t q = k;
            while (q < e2 && text[q] != ';')
                q++;
            /* the phrase text[k..q) without "_xx." labels */
            char ph[512];
            size_t pn = 0;
            for (size_t j = k; j < q && pn + 1 < sizeof ph; j++) {
                if (text[j] == '_') {
                    while (j < q && text[j] != ' ' && text[j] != '.')
                        j++;
                    continue;
                }
                ph[pn++] = text[j];
            }
            if (cyrillic_phrase(ph, pn) &&
                ((out->len > start && ss_buf_putc(out, ';')) || ss_buf_append(out, ph, pn)))
                return -1;
            k = q + 1;
        }
        if (out->len > start) {
            if (ss_buf_putc(out, '\n'))
                return -1;
            senses++;
        }
    }
    return senses;
}

static size_t han_chars(const char *s);
static size_t kana_chars(const char *s);
static size_t korean_reading(json_t *hanja, const char *w, char *out, size_t cap);

/* Languages written without spaces between words, read by the pivot as
 * character pairs. */
static int unspaced(const char *lang) { return strcmp(lang, "ja") == 0 || strcmp(lang, "zh") == 0; }

static int read_dict(ctx *c, const char *base, const char *lang, int from_english, sense_fn senses)
{
    ss_error err;
    ss_error_clear(&err);
    ss_dictd *d = ss_dictd_open(base, &err);
    if (!d) {
        fprintf(stderr, "build_lexicon: skipped %s: %s\n", base, err.msg);
        return 0;
    }
    ss_stemmer *st = ss_stemmer_new(lang);
    size_t before = c->pairs, entries = 0;
    const char *hw, *text;
    size_t len;
    int rc;
    while ((rc = ss_dictd_next(d, &hw, &text, &len, &err)) != 0) {
        if (rc < 0)
            continue;
        /* one-word headwords only */
        ss_buf_clear(&c->norm);
        if (ss_normalize(hw, strlen(hw), SS_NORM_DEFAULT, &c->norm, &c->scratch))
            return -1;
        if (!from_english && unspaced(lang)) {
            /* Japanese: kanji words of one to SS_PIVOT_HAN_WORD_MAX
               characters, keyed as the pivot reads them (along character
               pairs), as for CC-CEDICT; and katakana words (loanwords,
               foreign names) of two to SS_PIVOT_KANA_WORD_MAX, which the
               pivot looks up along each katakana run */
            size_t k = han_chars(c->norm.data), kana = kana_chars(c->norm.data);
            if ((k < 1 || k > SS_PIVOT_HAN_WORD_MAX) && (kana < 2 || kana > SS_PIVOT_KANA_WORD_MAX))
                continue;
            entry_arg e = {ss_lexicon_word_key(lang, c->norm.data, c->norm.len), lang, NULL, 0};
            if (phrases(c, text, len, forward, &e) < 0)
                return -1;
            entries++;
            /* a kanji word read in Korean: Japanese and Korean share many
               compounds Chinese does not use (橋脚, bridge pier) */
            char reading[4 * SS_PIVOT_KO_WORD_MAX + 1];
            size_t n = c->hanja && k >= 2 && k <= SS_PIVOT_KO_WORD_MAX
                           ? korean_reading(c->hanja, c->norm.data, reading, sizeof reading)
                           : 0;
            if (n) {
                ss_buf_clear(&c->norm);
                if (ss_normalize(reading, n, SS_NORM_DEFAULT, &c->norm, &c->scratch))
                    return -1;
                entry_arg ko = {ss_lexicon_word_key("ko", c->norm.data, c->norm.len), "ko", NULL, 0};
                if (phrases(c, text, len, forward, &ko) < 0)
                    return -1;
                c->ko_entries++;
            }
            continue;
        }
        if (ss_tokenize(c->norm.data, c->norm.len, 0, SS_TOKENIZE_NORM | SS_TOKENIZE_NO_CJK, &c->tok))
            return -1;
        if (c->tok.n != 1 || c->tok.v[0].kind != SS_TOK_WORD)
            continue;
        const char *w = ss_token_norm(&c->tok, 0);
        size_t wn = c->tok.v[0].norm_len;
        entry_arg e = {0, lang, st, 0};
        if (from_english) {
            if (ss_stopword(c->sw, "en", w, wn))
                continue;
            e.en = english_key(c, w, wn);
            if (senses) {
                ss_buf_clear(&c->senses);
                long n = senses(text, len, &c->senses);
                if (n < 0 || (n && phrases(c, c->senses.data, c->senses.len, backward, &e) < 0))
                    return -1;
            } else if (phrases(c, text, len, backward, &e) < 0) {
                return -1;
            }
        } else {
            if (ss_stopword(c->sw, lang, w, wn))
                continue;
            e.key = word_key(st, lang, w, wn);
            if (phrases(c, text, len, forward, &e) < 0)
                return -1;
        }
        entries++;
    }
    fprintf(stderr, "build_lexicon: %s (%s): %zu entries, %zu word pairs\n", base, lang, entries,
            c->pairs - before);
    ss_stemmer_free(st);
    ss_dictd_close(d);
    return ss_lexicon_builder_language(c->b, lang) == SS_OK ? 1 : -1;
}

/* Number of code points of UTF-8 s, or 0 when one is not a CJK ideograph. */
static size_t han_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t cp;
        int k;
        if (*p < 0x80)
            return 0;
        if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1F;
            k = 1;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0F;
            k = 2;
        } else {
            cp = *p & 0x07;
            k = 3;
        }
        p++;
        for (int i = 0; i < k; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (*p & 0x3F);
        }
        if (!((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
              (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF)))
            return 0;
        n++;
    }
    return n;
}

/* Number of characters of normalized s, or 0 when one is not katakana as
 * the pivot reads it (ss_pivot_katakana). */
static size_t kana_chars(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len; n++)
        if (!ss_pivot_katakana(ss_utf8_next(s, len, &i)))
            return 0;
    return n;
}

/* The senses of a CC-CEDICT entry (its first four, not surnames, variants,
 * cross-references or classifiers) as translations of key a: 0, or -1 out
 * of memory. */
static int cedict_senses(ctx *c, json_t *senses, entry_arg *a)
{
    for (size_t s = 0; s < json_array_size(senses) && s < 4; s++) {
        const char *sense = json_string_value(json_array_get(senses, s));
        if (!sense || strncmp(sense, "surname ", 8) == 0 || strncmp(sense, "variant of", 10) == 0 ||
            strncmp(sense, "see ", 4) == 0 || strncmp(sense, "CL:", 3) == 0)
            continue;
        /* one sense a line, after the headword line phrases() skips;
           its (...) notes dropped, phrases cut at , ; */
        char line[1024];
        snprintf(line, sizeof line, "-\n%s", sense);
        if (phrases(c, line, strlen(line), forward, a) < 0)
            return -1;
    }
    return 0;
}

/* Hangul syllables are composed: 0xAC00 + (initial * 21 + vowel) * 28 +
 * final.  The jamo the initial-sound rule looks at: */
#define HANGUL_FIRST 0xAC00u
#define HANGUL_LAST 0xD7A3u
enum { J_NIEUN = 2, J_RIEUL = 5, J_IEUNG = 11 }; /* initials */
enum { F_NONE = 0, F_NIEUN = 4, F_RIEUL = 8 };  /* finals */
enum { V_YEO = 6, V_YU = 17 };                 /* vowels */

/* Vowels that begin with an i or y glide: ya yae yeo ye yo yu i. */
static int y_vowel(unsigned v) { return v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20; }

static uint32_t syllable(unsigned l, unsigned v, unsigned f) { return HANGUL_FIRST + (l * 21 + v) * 28 + f; }

/* The Korean reading of a word of Chinese characters, as Korean writes it
 * (UTF-8 into out, cap bytes): each character's reading from the hanja
 * table (one per character), with Korean's rules for a word's sounds:
 * the initial-sound rule of the standard orthography (a word does not
 * begin with r, nor with n before i or y: 李 is 이 alone and 리 inside a
 * word, 料理 요리, 老人 노인; ryeol and ryul after a vowel or n are yeol,
 * yul), and two characters whose reading the table gives only in one of
 * its forms: 率 is 률 inside a word (比率 비율, 效率 효율; the table: 솔),
 * 不 is 부 before d and j (不動産 부동산, 不正 부정; the table: 불).  Other
 * characters of several readings take the table's (音樂 reads 음락, not
 * 음악).  Length in bytes, or 0 when a character has no reading. */
#define HANJA_RATE 0x7387u /* 率 */
#define HANJA_NOT 0x4E0Du  /* 不 */
enum { J_DIGEUT = 3, J_JIEUT = 12 }; /* initials */

static size_t korean_reading(json_t *hanja, const char *w, char *out, size_t cap)
{
    unsigned l[SS_PIVOT_KO_WORD_MAX], v[SS_PIVOT_KO_WORD_MAX], f[SS_PIVOT_KO_WORD_MAX];
    uint32_t han[SS_PIVOT_KO_WORD_MAX];
    size_t m = 0, len = strlen(w);
    for (size_t i = 0; i < len;) {
        size_t start = i;
        uint32_t c = ss_utf8_next(w, len, &i);
        char ch[8];
        if (m == SS_PIVOT_KO_WORD_MAX || i - start >= sizeof ch)
            return 0;
        memcpy(ch, w + start, i - start);
        ch[i - start] = 0;
        const char *r = json_string_value(json_object_get(hanja, ch));
        size_t rl = r ? strlen(r) : 0, k = 0;
        if (!rl)
            return 0;
        uint32_t s = ss_utf8_next(r, rl, &k);
        if (k != rl || s < HANGUL_FIRST || s > HANGUL_LAST)
            return 0; /* one syllable per character */
        unsigned idx = s - HANGUL_FIRST;
        han[m] = c;
        l[m] = idx / 588;
        v[m] = idx % 588 / 28;
        f[m] = idx % 28;
        m++;
    }
    for (size_t i = 0; i < m; i++) {
        if (han[i] == HANJA_RATE && i > 0) { /* 률 */
            l[i] = J_RIEUL;
            v[i] = V_YU;
            f[i] = F_RIEUL;
        }
        if (han[i] == HANJA_NOT && i + 1 < m && (l[i + 1] == J_DIGEUT || l[i + 1] == J_JIEUT))
            f[i] = F_NONE; /* 부 */
    }
    size_t n = 0;
    for (size_t i = 0; i < m; i++) {
        if (i == 0) {
            if ((l[i] == J_RIEUL || l[i] == J_NIEUN) && y_vowel(v[i]))
                l[i] = J_IEUNG;
            else if (l[i] == J_RIEUL)
                l[i] = J_NIEUN;
        } else if (l[i] == J_RIEUL && (v[i] == V_YEO || v[i] == V_YU) && f[i] == F_RIEUL &&
                   (f[i - 1] == F_NONE || f[i - 1] == F_NIEUN)) {
            l[i] = J_IEUNG;
        }
        uint32_t s = syllable(l[i], v[i], f[i]);
        if (n + 3 > cap)
            return 0;
        out[n++] = (char)(0xE0 | (s >> 12));
        out[n++] = (char)(0x80 | ((s >> 6) & 0x3F));
        out[n++] = (char)(0x80 | (s & 0x3F));
    }
    return n;
}

/* Korean words of two to SS_PIVOT_KO_WORD_MAX syllables from CC-CEDICT's
 * traditional forms read in Korean (korean_reading): a word one reading
 * gives for several Chinese words (사고: 事故 accident, 思考 thought) takes
 * the senses of each, and the lexicon keeps the strongest. */
static int cedict_korean(ctx *c, json_t *root, json_t *hanja, const char *path)
{
    size_t before = c->pairs, entries = 0, i;
    json_t *e;
    json_array_foreach(root, i, e) {
        json_t *senses = json_object_get(e, "english");
        const char *w = json_string_value(json_object_get(e, "traditional"));
        size_t k = w ? han_chars(w) : 0;
        if (!json_is_array(senses) || k < 2 || k > SS_PIVOT_KO_WORD_MAX)
            continue;
        char reading[4 * SS_PIVOT_KO_WORD_MAX + 1];
        size_t n = korean_reading(hanja, w, reading, sizeof reading);
        if (!n)
            continue;
        ss_buf_clear(&c->norm);
        if (ss_normalize(reading, n, SS_NORM_DEFAULT, &c->norm, &c->scratch))
            return -1;
        entry_arg a = {ss_lexicon_word_key("ko", c->norm.data, c->norm.len), "ko", NULL, 0};
        if (cedict_senses(c, senses, &a) < 0)
            return -1;
        entries++;
    }
    fprintf(stderr, "build_lexicon: %s read in Korean (ko): %zu entries, %zu word pairs; %zu kanji words of "
            "JMdict too\n", path, entries, c->pairs - before, c->ko_entries);
    return ss_lexicon_builder_language(c->b, "ko") == SS_OK ? 1 : -1;
}

/* CC-CEDICT as JSON: 1 when read, 0 when absent or unreadable (said), -1
 * out of memory.  With hanja (the Korean readings of characters), its
 * words are also keyed in Korean (cedict_korean). */
static int read_cedict(ctx *c, const char *path, json_t *hanja)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root || !json_is_array(root)) {
        fprintf(stderr, "build_lexicon: skipped %s: %s\n", path, root ? "not a JSON array" : jerr.text);
        json_decref(root);
        return 0;
    }
    size_t before = c->pairs, entries = 0, i;
    json_t *e;
    json_array_foreach(root, i, e) {
        json_t *senses = json_object_get(e, "english");
        if (!json_is_array(senses))
            continue;
        static const char *const forms[] = {"simplified", "traditional"};
        uint64_t done = 0;
        for (int f = 0; f < 2; f++) {
            const char *w = json_string_value(json_object_get(e, forms[f]));
            size_t k = w ? han_chars(w) : 0;
            if (k < 1 || k > SS_PIVOT_HAN_WORD_MAX)
                continue;
            ss_buf_clear(&c->norm);
            if (ss_normalize(w, strlen(w), SS_NORM_DEFAULT, &c->norm, &c->scratch)) {
                json_decref(root);
                return -1;
            }
            entry_arg a = {ss_lexicon_word_key("zh", c->norm.data, c->norm.len), "zh", NULL, 0};
            if (a.key == done)
                continue; /* the traditional form is the simplified one */
            done = a.key;
            if (cedict_senses(c, senses, &a) < 0) {
                json_decref(root);
                return -1;
            }
            entries++;
        }
    }
    fprintf(stderr, "build_lexicon: %s (zh): %zu entries, %zu word pairs\n", path, entries, c->pairs - before);
    int r = ss_lexicon_builder_language(c->b, "zh") == SS_OK ? 1 : -1;
    if (r > 0 && hanja) {
        int k = cedict_korean(c, root, hanja, path);
        r = k < 0 ? -1 : r + k;
    }
    json_decref(root);
    return r;
}

/* The hanja table (npm package hanja: {"character": "reading"}), or NULL
 * when unreadable (said). */
static json_t *read_hanja(const char *path)
{
    json_error_t jerr;
    json_t *t = json_load_file(path, 0, &jerr);
    if (!t || !json_is_object(t)) {
        fprintf(stderr, "build_lexicon: skipped %s: %s\n", path, t ? "not a JSON object" : jerr.text);
        json_decref(t);
        return NULL;
    }
    return t;
}

/* ---- Apertium's dictionaries (to English, or through another language) -------- */

/* An lttoolbox transducer as lt-print writes it (AT&T text): lines
 * "FROM\tTO\tIN\tOUT\tWEIGHT" (a symbol is a character, a tag "<n>", or
 * "ε"), "STATE\tWEIGHT" for a final state, and "--" between the
 * transducer's sections, each numbered from its own state 0. */
typedef struct {
    size_t from, to;
    char *in, *out;
} att_arc;

typedef struct {
    att_arc *arcs;
    size_t n, cap;
    size_t *first;       /* arcs of state s: first[s] .. first[s + 1] */
    unsigned char *final, *onpath;
    size_t states;
    size_t *starts, nstarts;
    char **pairs;        /* "LANG lemma\tother side's lemma", as found */
    size_t npairs, pcap;
    char a[256], b[256]; /* the two sides of the path being walked */
    size_t steps;        /* arcs walked in this section, against ATT_MAX_STEPS */
    size_t cap_pairs;    /* pairs at which this section's walk stops */
} att;

/* The walk of one section stops there: the dictionaries' words take
 * about 100,000 steps a section (Catalan's 45,000 words); a section that
 * reaches either is a pattern (Basque's acronyms: any run of capitals)
 * and is left out, said. */
#define ATT_MAX_STEPS 20000000u
#define ATT_MAX_PAIRS 1000000u

static int cmp_arc_from(const void *x, const void *y)
{
    const att_arc *a = x, *b = y;
    return a->from < b->from ? -1 : a->from > b->from;
}

static void att_free(att *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->arcs[i].in);
        free(t->arcs[i].out);
    }
    for (size_t i = 0; i < t->npairs; i++)
        free(t->pairs[i]);
    free(t->arcs);
    free(t->first);
    free(t->final);
    free(t->onpath);
    free(t->starts);
    free(t->pairs);
}

/* A state number: digits only, and under ATT_MAX_STATE (the dictionaries
 * have some 200,000 states a section): a damaged file is refused, not
 * allocated for. */
#define ATT_MAX_STATE (1ul << 24)
static int att_state(const char *field, size_t base, size_t *out)
{
    if (field[0] < '0' || field[0] > '9')
        return 0;
    char *end;
    errno = 0;
    unsigned long v = strtoul(field, &end, 10);
    if (errno || *end || v >= ATT_MAX_STATE)
        return 0;
    *out = base + v;
    return 1;
}

/* Read FILE.att: 1 read, 0 unreadable or damaged (said), -1 out of memory. */
static int att_read(att *t, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "build_lexicon: skipped %s: %s\n", path, strerror(errno));
        return 0;
    }
    char line[1024];
    size_t base = 0, top = 0, lineno = 0;
    size_t *fin = NULL, nfin = 0;
    t->starts = malloc(sizeof *t->starts);
    if (!t->starts) {
        fclose(f);
        return -1;
    }
    t->starts[t->nstarts++] = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        if (strcmp(line, "--") == 0) { /* the next section, numbered after this one */
            base = top + 1;
            size_t *s = realloc(t->starts, (t->nstarts + 1) * sizeof *s);
            if (!s)
                goto oom;
            t->starts = s;
            t->starts[t->nstarts++] = base;
            continue;
        }
        char *field[5];
        int k = 0;
        for (char *p = line; k < 5; k++) {
            field[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = 0;
            p = tab + 1;
        }
        size_t from, to = 0;
        if (!att_state(field[0], base, &from) || (k >= 4 && !att_state(field[1], base, &to))) {
            fprintf(stderr, "build_lexicon: %s line %zu: not a transducer line\n", path, lineno);
            fclose(f);
            free(fin);
            return 0;
        }
        if (from > top)
            top = from;
        if (k <= 2 || (k == 3 && field[2][0] == 0)) { /* a final state */
            size_t *v = realloc(fin, (nfin + 1) * sizeof *v);
            if (!v)
                goto oom;
            fin = v;
            fin[nfin++] = from;
            continue;
        }
        if (k < 4)
            continue;
        if (t->n == t->cap) {
            size_t cap = t->cap ? 2 * t->cap : 4096;
            att_arc *v = realloc(t->arcs, cap * sizeof *v);
            if (!v)
                goto oom;
            t->arcs = v;
            t->cap = cap;
        }
        att_arc *a = &t->arcs[t->n];
        a->from = from;
        a->to = to;
        if (a->to > top)
            top = a->to;
        a->in = strdup(strcmp(field[2], "ε") ? field[2] : "");
        a->out = strdup(strcmp(field[3], "ε") ? field[3] : "");
        if (!a->in || !a->out) {
            free(a->in);
            free(a->out);
            goto oom;
        }
        t->n++;
    }
    fclose(f);
    t->states = top + 1;
    if (t->n)
        qsort(t->arcs, t->n, sizeof *t->arcs, cmp_arc_from);
    t->first = calloc(t->states + 1, sizeof *t->first);
    t->final = calloc(t->states, 1);
    t->onpath = calloc(t->states, 1);
    if (!t->first || !t->final || !t->onpath) {
        free(fin);
        return -1;
    }
    for (size_t i = 0; i < t->n; i++)
        t->first[t->arcs[i].from + 1]++;
    for (size_t s = 0; s < t->states; s++)
        t->first[s + 1] += t->first[s];
    for (size_t i = 0; i < nfin; i++)
        t->final[fin[i]] = 1;
    free(fin);
    return 1;
oom:
    fclose(f);
    free(fin);
    return -1;
}

static int att_pair(att *t)
{
    if (t->npairs == t->pcap) {
        size_t cap = t->pcap ? 2 * t->pcap : 4096;
        char **v = realloc(t->pairs, cap * sizeof *v);
        if (!v)
            return -1;
        t->pairs = v;
        t->pcap = cap;
    }
    size_t la = strlen(t->a), lb = strlen(t->b);
    char *p = malloc(la + lb + 2);
    if (!p)
        return -1;
    memcpy(p, t->a, la);
    p[la] = '\t';
    memcpy(p + la + 1, t->b, lb + 1);
    t->pairs[t->npairs++] = p;
    return 0;
}

/* 1 if an input symbol can be part of a one-word lemma: a letter (any
 * non-ASCII character), an apostrophe or a hyphen, or nothing.  The
 * walk stops at anything else: the dictionaries' patterns (numbers,
 * addresses, "segles XL-LXX aC", centuries in any Roman numerals) would
 * give millions of paths, and only one-word pairs are read. */
static int word_symbol(const char *sym)
{
    unsigned char c = (unsigned char)sym[0];
    return c == 0 || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' ||
           c == '-';
}

/* 1 if a symbol is a superscript digit: the homonym numbers of
 * Apertium's lemmas ("ключ¹", "ключ²"), not part of the word. */
static int homonym_mark(const char *sym)
{
    static const char *const marks[] = {"¹", "²", "³", "⁰", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", NULL};
    for (int i = 0; marks[i]; i++)
        if (strcmp(sym, marks[i]) == 0)
            return 1;
    return 0;
}

/* Paths longer than this (symbols, tags and epsilons) are not words. */
#define ATT_MAX_DEPTH 1024

/* Every path from state s, its two sides' letters gathered into t->a and
 * t->b up to the first tag of each (the lemmas; the tags that follow only
 * say the part of speech): a pair is recorded at a final state, or where
 * both sides have reached a tag.  A state is not entered twice on one
 * path (loops: any number, any letter). */
static int att_walk(att *t, size_t s, size_t la, size_t lb, int ta, int tb, size_t depth)
{
    if (t->final[s] || (ta && tb)) {
        t->a[la] = 0;
        t->b[lb] = 0;
        if (la && att_pair(t))
            return -1;
        if (ta && tb)
            return 0;
    }
    for (size_t i = t->first[s]; i < t->first[s + 1]; i++) {
        att_arc *a = &t->arcs[i];
        if (t->onpath[a->to] || t->steps >= ATT_MAX_STEPS || t->npairs >= t->cap_pairs)
            continue;
        t->steps++;
        int na = ta || a->in[0] == '<', nb = tb || a->out[0] == '<';
        if (!na && !word_symbol(a->in))
            continue; /* a space, digit or sign: no one-word lemma */
        if (depth >= ATT_MAX_DEPTH)
            continue;
        size_t ka = na || homonym_mark(a->in) ? 0 : strlen(a->in);
        size_t kb = nb || homonym_mark(a->out) ? 0 : strlen(a->out);
        if (la + ka >= sizeof t->a || lb + kb >= sizeof t->b)
            continue;
        memcpy(t->a + la, a->in, ka);
        memcpy(t->b + lb, a->out, kb);
        t->onpath[a->to] = 1;
        int r = att_walk(t, a->to, la + ka, lb + kb, na, nb, depth + 1);
        t->onpath[a->to] = 0;
        if (r)
            return r;
    }
    return 0;
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* The normalized key of a one-word phrase of lang, or 0 when it is not
 * one word of two code points or more. */
static uint64_t one_word_key(ctx *c, ss_stemmer *st, const char *lang, const char *w, size_t n)
{
    ss_buf_clear(&c->norm);
    if (ss_normalize(w, n, SS_NORM_DEFAULT, &c->norm, &c->scratch) ||
        ss_tokenize(c->norm.data, c->norm.len, 0, SS_TOKENIZE_NORM | SS_TOKENIZE_NO_CJK, &c->tok))
        return 0;
    if (c->tok.n != 1 || c->tok.v[0].kind != SS_TOK_WORD || c->tok.v[0].cp_end - c->tok.v[0].cp_start < 2)
        return 0;
    return word_key(st, lang, ss_token_norm(&c->tok, 0), c->tok.v[0].norm_len);
}

/* An Apertium dictionary's word pairs (a LANG lemma, the other side's
 * lemma), each distinct pair once.  With lx (--via) the other side is
 * language side, which lx translates (Russian, Hindi): a LANG word of one
 * word takes the English translations lx has for the side word (stemmed
 * as the lexicon keys that language), with their weights; renderings of
 * several words are not read.  Without (--apertium) the other side is
 * English: the LANG word maps to the content words of an English
 * rendering of at most two, 1/k each, as an LLL-eng entry's first phrase
 * does.  A word with several renderings sums them; the writer keeps its
 * strongest.  1 when any word was keyed, 0 when none (said), -1 out of
 * memory. */
static int apertium(ctx *c, const ss_lexicon *lx, const char *lang, const char *side, const char *path)
{
    if (lx) {
        /* keyed as the lexicon keys it: Danish and Norwegian under one
           code, Croatian, Serbian and Bosnian under another */
        side = ss_lexicon_lang(lx, side);
        if (!ss_lexicon_has(lx, side)) {
            fprintf(stderr, "build_lexicon: %s (%s through %s): the lexicon has no %s words; left out\n", path,
                    lang, side, side);
            return 0;
        }
    }
    att t;
    memset(&t, 0, sizeof t);
    int r = att_read(&t, path);
    if (r <= 0) {
        att_free(&t);
        return r;
    }
    for (size_t i = 0; i < t.nstarts && r > 0; i++) {
        if (t.starts[i] >= t.states)
            continue;
        size_t had = t.npairs;
        t.steps = 0;
        t.cap_pairs = had + ATT_MAX_PAIRS;
        t.onpath[t.starts[i]] = 1;
        if (att_walk(&t, t.starts[i], 0, 0, 0, 0, 0))
            r = -1;
        t.onpath[t.starts[i]] = 0;
        if (r > 0 && (t.steps >= ATT_MAX_STEPS || t.npairs >= t.cap_pairs)) {
            /* a section of patterns (any capital letters), not words */
            fprintf(stderr, "build_lexicon: %s: section %zu left out: %s, a pattern\n", path, i + 1,
                    t.npairs >= t.cap_pairs ? "over a million paths" : "over 20 million steps");
            while (t.npairs > had)
                free(t.pairs[--t.npairs]);
        }
    }
    if (r < 0) {
        att_free(&t);
        return -1;
    }
    if (t.npairs)
        qsort(t.pairs, t.npairs, sizeof *t.pairs, cmp_str);
    ss_stemmer *st = ss_stemmer_new(lang), *pst = lx ? ss_stemmer_new(side) : NULL;
    if ((!st && ss_stem_available(lang)) || (lx && !pst && ss_stem_available(side))) {
        ss_stemmer_free(st);
        ss_stemmer_free(pst);
        att_free(&t);
        return -1; /* out of memory: keys without the stemmer would not meet */
    }
    size_t distinct = 0, found = 0, before = c->pairs;
    for (size_t i = 0; i < t.npairs && r >= 0; i++) {
        if (i && strcmp(t.pairs[i], t.pairs[i - 1]) == 0)
            continue;
        distinct++;
        char *tab = strchr(t.pairs[i], '\t');
        uint64_t key = one_word_key(c, st, lang, t.pairs[i], (size_t)(tab - t.pairs[i]));
        if (!key || ss_stopword(c->sw, lang, ss_token_norm(&c->tok, 0), c->tok.v[0].norm_len))
            continue;
        if (!lx) { /* English: as forward() reads a phrase */
            entry_arg e = {key, lang, st, 0};
            size_t had = c->pairs;
            if (forward(c, tab + 1, strlen(tab + 1), 1, &e) < 0)
                r = -1;
            found += c->pairs > had;
            continue;
        }
        uint64_t rkey = one_word_key(c, pst, side, tab + 1, strlen(tab + 1));
        const uint64_t *targets;
        const float *weights;
        size_t k = rkey ? ss_lexicon_lookup(lx, rkey, &targets, &weights) : 0;
        found += k > 0;
        for (size_t j = 0; j < k && r >= 0; j++) {
            if (ss_lexicon_builder_add(c->b, key, targets[j], weights[j]))
                r = -1;
            c->pairs++;
        }
    }
    if (lx)
        fprintf(stderr, "build_lexicon: %s (%s through %s): %zu word pairs read, %zu with a word the "
                "lexicon translates, %zu word pairs\n", path, lang, side, distinct, found, c->pairs - before);
    else
        fprintf(stderr, "build_lexicon: %s (%s, Apertium): %zu word pairs read, %zu with an English word, %zu "
                "word pairs\n", path, lang, distinct, found, c->pairs - before);
    ss_stemmer_free(st);
    ss_stemmer_free(pst);
    att_free(&t);
    if (r < 0)
        return -1;
    if (!found)
        return 0;
    return ss_lexicon_builder_language(c->b, lang) == SS_OK ? 1 : -1;
}

/* Every dictionary of bidix whose other side is English (lx NULL) or not
 * English (lx the lexicon so far; apertium()), the languages read added
 * to *langs.  1 out of memory (said), else 0. */
static int apertium_all(ctx *c, const ss_lexicon *lx, const char *const bidix[][3], int n, int *langs)
{
    for (int i = 0; i < n; i++) {
        if ((strcmp(bidix[i][2], "en") != 0) != (lx != NULL))
            continue;
        int r = apertium(c, lx, bidix[i][0], bidix[i][2], bidix[i][1]);
        if (r < 0) {
            fprintf(stderr, "build_lexicon: out of memory\n");
            return 1;
        }
        *langs += r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* --apertium LANG=FILE.att, --via PIV LANG=FILE.att, --via-russian
       LANG=FILE.att: {LANG, FILE, "en" or PIV} */
    const char *bidix[16][3];
    int nbidix = 0;
    while (argc > 2 && (strcmp(argv[1], "--via-russian") == 0 || strcmp(argv[1], "--apertium") == 0 ||
                        strcmp(argv[1], "--via") == 0)) {
        const char *side = strcmp(argv[1], "--apertium") == 0 ? "en" : "ru";
        if (strcmp(argv[1], "--via") == 0) {
            if (argc < 4 || strlen(argv[2]) < 2 || strlen(argv[2]) > 7 || strcmp(argv[2], "en") == 0) {
                fprintf(stderr, "build_lexicon: --via wants PIV LANG=FILE.att (PIV a language code, "
                        "not en)\n");
                return 2;
            }
            side = argv[2];
            argc--;
            argv++;
        }
        char *eq = strchr(argv[2], '=');
        if (!eq || eq == argv[2] || eq - argv[2] > 7 || nbidix == 16) {
            fprintf(stderr, "build_lexicon: a dictionary is given as LANG=FILE.att, got %s\n", argv[2]);
            return 2;
        }
        *eq = 0;
        bidix[nbidix][0] = argv[2];
        bidix[nbidix][1] = eq + 1;
        bidix[nbidix++][2] = side;
        argc -= 2;
        argv += 2;
    }
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: build_lexicon [--apertium LANG=FILE.att | --via PIV LANG=FILE.att]... OUT.bin "
                "[DICTD_FOLDER [CEDICT.json [HANJA.json]]]\n");
        return 2;
    }
    const char *dir = argc > 2 ? argv[2] : "/usr/share/dictd";
    ctx c;
    memset(&c, 0, sizeof c);
    ss_error err;
    ss_error_clear(&err);
    c.sw = ss_stopwords_load(&err);
    c.en = ss_stemmer_new("en");
    c.b = ss_lexicon_builder_new();
    ss_tokens_init(&c.tok);
    if (!c.sw || !c.en || !c.b) {
        fprintf(stderr, "build_lexicon: %s\n", c.sw ? "out of memory" : err.msg);
        return 1;
    }
    c.hanja = argc > 4 ? read_hanja(argv[4]) : NULL; /* unreadable: said, and Korean left out */
    DIR *dd = opendir(dir);
    char **names = NULL;
    size_t nn = 0;
    struct dirent *de;
    while (dd && (de = readdir(dd))) {
        size_t l = strlen(de->d_name);
        if (l > 15 && strncmp(de->d_name, "freedict-", 9) == 0 && strcmp(de->d_name + l - 6, ".index") == 0) {
            names = realloc(names, (nn + 1) * sizeof *names);
            names[nn++] = strndup(de->d_name, l - 6);
        }
    }
    if (dd)
        closedir(dd);
    int langs = 0;
    for (size_t i = 0; i < nn; i++) {
        /* freedict-AAA-BBB */
        const char *a = names[i] + 9;
        if (strlen(a) != 7 || a[3] != '-')
            continue;
        char src[4], dst[4];
        memcpy(src, a, 3);
        src[3] = 0;
        memcpy(dst, a + 4, 3);
        dst[3] = 0;
        char base[4096];
        snprintf(base, sizeof base, "%s/%s", dir, names[i]);
        int r = 0;
        if (strcmp(dst, "eng") == 0 && iso1(src))
            r = read_dict(&c, base, iso1(src), 0, NULL);
        else if (strcmp(src, "eng") == 0 && iso1(dst))
            r = read_dict(&c, base, iso1(dst), 1, NULL);
        if (r < 0) {
            fprintf(stderr, "build_lexicon: out of memory\n");
            return 1;
        }
        langs += r;
    }
    {
        char base[4096];
        snprintf(base, sizeof base, "%s/mueller7", dir);
        char idx[4200];
        snprintf(idx, sizeof idx, "%s.index", base);
        FILE *f = fopen(idx, "r");
        if (f) {
            fclose(f);
            int r = read_dict(&c, base, "ru", 1, mueller_senses);
            if (r < 0) {
                fprintf(stderr, "build_lexicon: out of memory\n");
                return 1;
            }
            langs += r;
        }
    }
    if (argc > 3) {
        int r = read_cedict(&c, argv[3], c.hanja);
        if (r < 0) {
            fprintf(stderr, "build_lexicon: out of memory\n");
            return 1;
        }
        langs += r;
    }
    if (c.ko_entries && ss_lexicon_builder_language(c.b, "ko") != SS_OK) {
        fprintf(stderr, "build_lexicon: too many languages\n");
        return 1;
    }
    if (apertium_all(&c, NULL, bidix, nbidix, &langs))
        return 1;
    int rc = SS_OK, nvia = 0;
    for (int i = 0; i < nbidix; i++)
        nvia += strcmp(bidix[i][2], "en") != 0;
    if (nvia) {
        /* the lexicon so far, written beside the output and read back for
           its Russian and Hindi words (the output itself is written once, whole) */
        char base[4200];
        snprintf(base, sizeof base, "%s.base", argv[1]);
        rc = ss_lexicon_builder_write(c.b, base, &err);
        ss_lexicon *lx = rc ? NULL : ss_lexicon_load_file(base, &err);
        if (!lx)
            rc = rc ? rc : SS_EIO;
        unlink(base); /* the mapping stays valid until freed */
        if (lx && apertium_all(&c, lx, bidix, nbidix, &langs))
            return 1;
        ss_lexicon_free(lx);
    }
    if (rc == SS_OK)
        rc = ss_lexicon_builder_write(c.b, argv[1], &err);
    if (rc)
        fprintf(stderr, "build_lexicon: %s\n", err.msg);
    else
        fprintf(stderr, "build_lexicon: %d dictionaries read into %s\n", langs, argv[1]);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    ss_lexicon_builder_free(c.b);
    json_decref(c.hanja);
    ss_stemmer_free(c.en);
    ss_stopwords_free(c.sw);
    ss_tokens_release(&c.tok);
    ss_buf_release(&c.norm);
    ss_buf_release(&c.scratch);
    ss_buf_release(&c.senses);
    return rc ? 1 : 0;
}
