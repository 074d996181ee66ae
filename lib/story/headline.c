/* story/headline.c — headline quality and a story's headline (see headline.h).
 *
 * A title is read as a list of words (runs of letters and digits; any
 * non-ASCII character that is not punctuation counts as a letter) plus
 * the separators between them.  Word lists are lower-case ASCII or UTF-8
 * as the languages write them; the six languages whose news the tests and
 * samples hold (English, French, Spanish, Italian, German, Portuguese).
 * Judging is linear in the title; picking a story's headline is linear in
 * its members (plus one similarity per titled member).
 */
#include "story/headline.h"

#include <stdint.h>
#include <string.h>

#include "story/similarity.h"
#include "text/crumbs.h"
#include "text/utf8.h"

/* Quality steps (see headline.h): a headline has five words or more;
 * three and four-word titles are headlines of a terse kind; one or two
 * words are a section, a site or a label far more often than a headline. */
#define Q_NONE 0.0
#define Q_TWO_WORDS 0.2
#define Q_THREE_WORDS 0.6
#define Q_FOUR_WORDS 0.8
#define Q_PARAGRAPH 0.3
#define Q_FULL 1.0
/* A headline class for picking: at least Q_HEADLINE is a headline. */
#define Q_HEADLINE 0.5
/* All capitals and at most this many words: a section or site name
 * ("THE WHITE HOUSE", "WORLD NEWS"); longer shouted titles are headlines
 * (wire services write whole headlines in capitals: "CRANE MAKER NAMES
 * NEW CHIEF" is one). */
#define CAPS_SECTION_WORDS 3
#define WORD_MAX 48              /* longer words are not looked up in the lists */
#define LANGS_MAX 64             /* distinct languages counted in one story */

/* Words a date line is made of besides numbers: months, weekdays,
 * relative days (all in the six languages, full and abbreviated). */
static const char *const DATE_WORDS[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "janvier", "février", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
    "janv", "févr", "fevr", "avr", "juil", "déc", "enero", "febrero", "marzo", "abril", "mayo",
    "junio", "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
    "ene", "dic", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre",
    "ottobre", "dicembre", "gen", "giu", "lug", "ago", "set", "ott", "januar", "februar",
    "märz", "maerz", "juni", "juli", "oktober", "dezember", "jän", "okt", "dez", "janeiro",
    "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro",
    "dezembro", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
    "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo", "lunedì", "lunedi",
    "martedì", "martedi", "mercoledì", "mercoledi", "giovedì", "giovedi", "venerdì", "venerdi",
    "sabato", "domenica", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
    "sonntag", "today", "yesterday", "hoy", "ayer", "oggi", "ieri", "heute", "gestern", NULL};

/* Words that join a date line's parts: labels ("Updated", "Publié le"),
 * clock and zone words, small connectives. */
static const char *const DATE_LABELS[] = {
    "updated", "update", "published", "posted", "last", "modified", "on", "at", "by", "the",
    "of", "le", "la", "de", "del", "di", "da", "el", "em", "am", "pm", "a", "m", "h", "hrs",
    "hours", "gmt", "utc", "ist", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst",
    "cet", "cest", "eet", "eest", "jst", "aest", "et", "mis", "à", "jour", "publié", "publie",
    "modifié", "modifie", "actualizado", "actualización", "publicado", "aggiornato",
    "pubblicato", "aktualisiert", "veröffentlicht", "stand", "um", "uhr", "atualizado", "th",
    "st", "nd", "rd", "er", "ore", "alle", "hs", NULL};

/* Text of failed scrapes and site furniture, never of a headline
 * (lower case; matched anywhere in the title). */
static const char *const FURNITURE[] = {
    "enable javascript", "javascript is disabled", "javascript required", "enable cookies",
    "page not found", "404 not found", "error 404", "access denied", "403 forbidden",
    "just a moment", "attention required", "are you a robot", "not a robot", "captcha",
    "subscribe to read", "sign in to", "log in to", "page introuvable", "activez javascript",
    "activer javascript", "página no encontrada", "habilite javascript", "pagina non trovata",
    "abilita javascript", "seite nicht gefunden", "javascript aktivieren", "privacy policy",
    "cookie policy", "terms of service", "terms of use", NULL};

/* Host labels that are no outlet's name. */
static const char *const HOST_COMMON[] = {"www", "com", "net", "org", "news", "co", "uk",
                                          "html", "http", "https", NULL};

static int in_list(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], w) == 0)
            return 1;
    return 0;
}

/* Punctuation and spaces outside ASCII: Latin-1 signs, general
 * punctuation, CJK symbols. */
static int is_sep_cp(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF;
}

static int is_upper_cp(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x410 && c <= 0x42F);
}

static int is_lower_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
           (c >= 0x430 && c <= 0x44F);
}

/* s[0..n) lower-cased (ASCII letters; the lists spell other letters in
 * lower case already) and with everything but letters and digits dropped,
 * into out (at most cap-1 bytes); its length. */
static size_t squeeze(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = ss_utf8_next(s, n, &i);
        if (is_sep_cp(c))
            continue;
        if (k + (i - at) >= cap)
            break;
        for (size_t j = at; j < i; j++)
            out[k++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]);
    }
    out[k] = '\0';
    return k;
}

/* The title is only the outlet's name: its source field, or a label of
 * its URL's host ("lepoint" of https://www.lepoint.fr/...). */
static int is_site_name(const char *title, const char *source, const char *url)
{
    char t[256], o[256];
    size_t tn = squeeze(title, strlen(title), t, sizeof t);
    if (tn == 0)
        return 0;
    if (source && squeeze(source, strlen(source), o, sizeof o) && strcmp(t, o) == 0)
        return 1;
    if (!url)
        return 0;
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t hn = strcspn(h, "/?#:");
    for (size_t a = 0; a < hn;) {
        size_t b = a;
        while (b < hn && h[b] != '.')
            b++;
        size_t ln = squeeze(h + a, b - a, o, sizeof o);
        if (ln >= 3 && !in_list(HOST_COMMON, o) && strcmp(t, o) == 0)
            return 1;
        a = b + 1;
    }
    return 0;
}

/* A character of a script written without spaces between words. */
static int unspaced_cp(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0x0E00 && c <= 0x0E7F);
}

double ss_headline_quality(const char *title, const char *source, const char *url)
{
    if (!title)
        return Q_NONE;
    size_t n = strlen(title);
    size_t words = 0, cps = 0, date_marks = 0, others = 0, upper = 0, lower = 0;
    char w[WORD_MAX + 1];
    size_t wn = 0, wlen = 0, wrun = 0; /* wrun: characters of an unspaced script in the word */
    int w_digit_first = 0;
    for (size_t i = 0; i <= n;) {
        uint32_t c = ' ';
        size_t at = i;
        if (i < n) {
            c = ss_utf8_next(title, n, &i);
            cps++;
        } else {
            i++;
        }
        if (!is_sep_cp(c)) {
            if (wlen == 0)
                w_digit_first = c >= '0' && c <= '9';
            for (size_t j = at; j < i && wn < WORD_MAX; j++)
                w[wn++] = (char)(title[j] >= 'A' && title[j] <= 'Z' ? title[j] - 'A' + 'a' : title[j]);
            wlen += i - at;
            wrun += unspaced_cp(c);
            upper += is_upper_cp(c);
            lower += is_lower_cp(c);
            continue;
        }
        if (wlen == 0)
            continue;
        /* a word ended */
        w[wn] = '\0';
        /* a run of Chinese or Japanese is several words: about two
           characters each (日本北海道近海发生地震: a headline, not one word) */
        words += wrun > 3 ? (wrun + 1) / 2 : 1;
        if (w_digit_first || (wlen <= WORD_MAX && in_list(DATE_WORDS, w)))
            date_marks++;
        else if (!(wlen <= WORD_MAX && in_list(DATE_LABELS, w)))
            others++;
        wn = wlen = wrun = 0;
    }
    if (words == 0)
        return Q_NONE;
    if (strstr(title, "://") || strncmp(title, "www.", 4) == 0)
        return Q_NONE;
    if (date_marks > 0 && others == 0)
        return Q_NONE; /* a dateline: "Updated: November 11, 2011 20: 09 IST" */
    if (upper > 0 && lower == 0 && words <= CAPS_SECTION_WORDS)
        return Q_NONE; /* a section or site name in capitals */
    if (ss_is_crumbs(title, n))
        return Q_NONE; /* a menu or breadcrumb (text/crumbs.h) */
    char low[512];
    size_t ln = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < ln; i++)
        low[i] = (char)(title[i] >= 'A' && title[i] <= 'Z' ? title[i] - 'A' + 'a' : title[i]);
    low[ln] = '\0';
    for (size_t i = 0; FURNITURE[i]; i++)
        if (strstr(low, FURNITURE[i]))
            return Q_NONE;
    if (is_site_name(title, source, url))
        return Q_NONE;
    if (cps > SS_HEADLINE_MAX_CP)
        return Q_PARAGRAPH;
    if (words <= 2)
        return Q_TWO_WORDS;
    if (words == 3)
        return Q_THREE_WORDS;
    if (words == 4)
        return Q_FOUR_WORDS;
    return Q_FULL;
}

static const char *lang_of(const ss_doc *d) { return d->lang[0] ? d->lang : "und"; }

/* The most common language of the members with text (of all when none
 * has any: five one-line briefs in five languages, whose language is
 * guessed from a dozen words, do not outvote the reports they follow),
 * among equals the language of the earliest member (the report the
 * others follow), then the first seen; "und" counts only when no
 * member's language is known. */
static const char *common_lang(const ss_doc *const *docs, size_t n)
{
    const char *lang[LANGS_MAX];
    size_t count[LANGS_MAX], k = 0, best = SIZE_MAX;
    int64_t first[LANGS_MAX]; /* each language's earliest member: ties go to the earliest */
    int any_text = 0;
    for (size_t i = 0; i < n && !any_text; i++)
        any_text = docs[i]->text_len > 0;
    for (size_t i = 0; i < n; i++) {
        if (any_text && docs[i]->text_len == 0)
            continue;
        const char *l = lang_of(docs[i]);
        size_t j = 0;
        while (j < k && strcmp(lang[j], l) != 0)
            j++;
        if (j == k) {
            if (k == LANGS_MAX)
                continue;
            lang[k] = l;
            first[k] = INT64_MAX;
            count[k++] = 0;
        }
        count[j]++;
        if (docs[i]->time != SS_TIME_NONE && docs[i]->time < first[j])
            first[j] = docs[i]->time;
    }
    for (size_t j = 0; j < k; j++) {
        if (strcmp(lang[j], "und") == 0 && k > 1)
            continue;
        if (best == SIZE_MAX || count[j] > count[best] || (count[j] == count[best] && first[j] < first[best]))
            best = j;
    }
    return best == SIZE_MAX ? "und" : lang[best];
}

size_t ss_story_headline(const ss_doc *const *docs, const ss_features *const *feats, size_t n,
                         const ss_df *df)
{
    ss_features profile;
    ss_features_init(&profile);
    if (df && feats)
        for (size_t i = 0; i < n; i++)
            for (int f = 0; f < SS_F_COUNT; f++)
                if (ss_fvec_add(&profile.f[f], &feats[i]->f[f], 1.0f)) {
                    ss_features_release(&profile);
                    return n;
                }
    /* the profile is weighted once; each member is weighed against it
       (ss_similarity would weigh both copies again, n times) */
    int weighted = 0;
    if (df && feats) {
        ss_features_apply_idf(df, &profile);
        weighted = 1;
    }
    ss_features member;
    ss_features_init(&member);
    const char *lang = common_lang(docs, n);
    size_t best = n;
    int best_class = -1, best_lang = 0;
    double best_score = -1;
    for (size_t i = 0; i < n; i++) {
        const ss_doc *d = docs[i];
        if (!d->title || !d->title[0])
            continue;
        double q = ss_headline_quality(d->title, d->source, d->url);
        int cls = q >= Q_HEADLINE ? 2 : q > Q_NONE ? 1 : 0;
        int same_lang = strcmp(lang_of(d), lang) == 0;
        double central = 1.0;
        if (weighted) {
            ss_sim sim;
            if (ss_features_copy(&member, feats[i]) == SS_OK) {
                ss_features_apply_idf(df, &member);
                ss_similarity_weighted(&member, &profile, &sim);
            } else {
                ss_similarity(df, feats[i], &profile, &sim);
            }
            central = sim.story;
        }
        double score = central; /* within a class, quality steps do not count */
        if (cls > best_class || (cls == best_class && same_lang > best_lang) ||
            (cls == best_class && same_lang == best_lang && score > best_score + 1e-9)) {
            best = i;
            best_class = cls;
            best_lang = same_lang;
            best_score = score;
        }
    }
    ss_features_release(&member);
    ss_features_release(&profile);
    return best;
}
