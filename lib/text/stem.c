/* text/stem.c — libstemmer wrapper (see stem.h). */
#include "text/stem.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

struct ss_stemmer {
    struct sb_stemmer *sb;
};

/* ISO 639-1 code -> Snowball algorithm name */
static const char *algorithm(const char *lang)
{
    static const char *const map[][2] = {
        {"ar", "arabic"},    {"ca", "catalan"},   {"da", "danish"},     {"de", "german"},
        {"el", "greek"},     {"en", "english"},   {"es", "spanish"},    {"eu", "basque"},
        {"fi", "finnish"},   {"fr", "french"},    {"ga", "irish"},      {"hi", "hindi"},
        {"hu", "hungarian"}, {"hy", "armenian"},  {"id", "indonesian"}, {"it", "italian"},
        {"lt", "lithuanian"}, {"ne", "nepali"},   {"nl", "dutch"},      {"no", "norwegian"},
        {"pt", "portuguese"}, {"ro", "romanian"}, {"ru", "russian"},    {"sr", "serbian"},
        {"sv", "swedish"},   {"ta", "tamil"},     {"tr", "turkish"},    {"yi", "yiddish"},
        /* the lexicon's codes for language families (xling/lexicon.h,
           ss_lexicon_lang): Croatian, Serbian, Bosnian and Montenegrin
           (Snowball's Serbian stemmer reads Latin and Cyrillic), Danish
           and Norwegian Bokmål */
        {"sh", "serbian"},   {"da-no", "norwegian"},
        {NULL, NULL}};
    if (!lang)
        return NULL;
    for (int i = 0; map[i][0]; i++)
        if (strcmp(map[i][0], lang) == 0)
            return map[i][1];
    return NULL;
}

int ss_stem_available(const char *lang) { return algorithm(lang) != NULL; }

ss_stemmer *ss_stemmer_new(const char *lang)
{
    const char *alg = algorithm(lang);
    if (!alg)
        return NULL;
    ss_stemmer *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    s->sb = sb_stemmer_new(alg, "UTF_8");
    if (!s->sb) {
        free(s);
        return NULL;
    }
    return s;
}

void ss_stemmer_free(ss_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    free(s);
}

const char *ss_stem(ss_stemmer *s, const char *word, size_t len, size_t *out_len)
{
    const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)word, (int)len);
    if (!r) {
        *out_len = len;
        return word;
    }
    *out_len = (size_t)sb_stemmer_length(s->sb);
    return (const char *)r;
}

struct ss_stemmers {
    struct {
        char lang[16];
        ss_stemmer *st;          /* NULL: Snowball has none for lang */
    } v[SS_STEMMERS_MAX];
    int n;
};

ss_stemmers *ss_stemmers_new(void) { return calloc(1, sizeof(ss_stemmers)); }

void ss_stemmers_free(ss_stemmers *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++)
        ss_stemmer_free(s->v[i].st);
    free(s);
}

ss_stemmer *ss_stemmers_get(ss_stemmers *s, const char *lang)
{
    if (!lang || !lang[0])
        return NULL;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i].lang, lang) == 0)
            return s->v[i].st;
    if (s->n == SS_STEMMERS_MAX)
        return NULL;
    size_t len = strlen(lang);
    if (len >= sizeof s->v[0].lang)
        return NULL;
    memcpy(s->v[s->n].lang, lang, len + 1);
    s->v[s->n].st = ss_stemmer_new(lang);
    return s->v[s->n++].st;
}
