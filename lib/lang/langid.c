/* lang/langid.c — script census, then exttextcat among that script's languages. */
#include "lang/langid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>
#include <unicode/uloc.h>

#include "core/datadir.h"
#include "core/doc.h"
#include "text/stopwords.h"
#include "text/token.h"
#include "text/utf8.h"

#ifndef SS_TEXTCAT_DIR
#define SS_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

enum { G_LATIN, G_CYRILLIC, G_ARABIC, G_DEVANAGARI, G_HEBREW, G_COUNT };
static const char *const group_conf[G_COUNT] = {"langid/latin.conf", "langid/cyrillic.conf",
                                                "langid/arabic.conf", "langid/devanagari.conf",
                                                "langid/hebrew.conf"};
static const char *const group_default[G_COUNT] = {"en", "ru", "ar", "hi", "he"};

struct ss_langid {
    void *tc[G_COUNT];
    int tried[G_COUNT];
    char langs[G_COUNT][512]; /* " en de ... " the codes of each group's conf, read once */
    int langs_read;
    candidate_t *cand[G_COUNT];
    ss_stopwords *sw;      /* function words: a fast first vote */
    uint64_t salt[8];      /* per voting language */
    ss_tokens tok;
};

ss_langid *ss_langid_new(ss_error *err)
{
    ss_langid *li = calloc(1, sizeof *li);
    if (!li) {
        ss_error_set(err, SS_ENOMEM, "language identifier: out of memory");
        return NULL;
    }
    /* the function-word vote needs the stopword lists: required, loaded now
       so that their absence is an error, not a quietly worse guess */
    li->sw = ss_stopwords_load(err);
    if (!li->sw) {
        free(li);
        return NULL;
    }
    return li;
}

void ss_langid_free(ss_langid *li)
{
    if (!li)
        return;
    ss_stopwords_free(li->sw);
    ss_tokens_release(&li->tok);
    for (int g = 0; g < G_COUNT; g++) {
        if (li->tc[g]) {
            if (li->cand[g])
                textcat_ReleaseClassifyFullOutput(li->tc[g], li->cand[g]);
            textcat_Done(li->tc[g]);
        }
    }
    free(li);
}

static int load_group(ss_langid *li, int g, ss_error *err)
{
    if (li->tried[g])
        return li->tc[g] ? SS_OK : SS_ENODATA;
    li->tried[g] = 1;
    char path[1024];
    int rc = ss_data_path(group_conf[g], path, sizeof path, err);
    if (rc)
        return rc;
    li->tc[g] = special_textcat_Init(path, SS_TEXTCAT_DIR);
    if (!li->tc[g])
        return ss_error_set(err, SS_ENODATA,
                            "cannot load language fingerprints listed in %s from %s "
                            "(install the Debian package libexttextcat-data)",
                            path, SS_TEXTCAT_DIR);
    textcat_SetProperty(li->tc[g], TCPROP_UTF8AWARE, TC_TRUE);
    textcat_SetProperty(li->tc[g], TCPROP_MINIMUM_DOCUMENT_SIZE, 8);
    li->cand[g] = textcat_GetClassifyFullOutput(li->tc[g]);
    return SS_OK;
}

static int group_of(ss_script s)
{
    switch (s) {
    case SS_SCRIPT_LATIN: return G_LATIN;
    case SS_SCRIPT_CYRILLIC: return G_CYRILLIC;
    case SS_SCRIPT_ARABIC: return G_ARABIC;
    case SS_SCRIPT_DEVANAGARI: return G_DEVANAGARI;
    case SS_SCRIPT_HEBREW: return G_HEBREW;
    default: return -1;
    }
}

static const char *single_language(ss_script s)
{
    switch (s) {
    case SS_SCRIPT_GREEK: return "el";
    case SS_SCRIPT_BENGALI: return "bn";
    case SS_SCRIPT_GURMUKHI: return "pa";
    case SS_SCRIPT_GUJARATI: return "gu";
    case SS_SCRIPT_TAMIL: return "ta";
    case SS_SCRIPT_TELUGU: return "te";
    case SS_SCRIPT_KANNADA: return "kn";
    case SS_SCRIPT_MALAYALAM: return "ml";
    case SS_SCRIPT_SINHALA: return "si";
    case SS_SCRIPT_THAI: return "th";
    case SS_SCRIPT_LAO: return "lo";
    case SS_SCRIPT_KHMER: return "km";
    case SS_SCRIPT_MYANMAR: return "my";
    case SS_SCRIPT_HAN: return "zh";
    case SS_SCRIPT_HIRAGANA:
    case SS_SCRIPT_KATAKANA: return "ja";
    case SS_SCRIPT_HANGUL: return "ko";
    case SS_SCRIPT_ARMENIAN: return "hy";
    case SS_SCRIPT_GEORGIAN: return "ka";
    case SS_SCRIPT_ETHIOPIC: return "am";
    default: return NULL;
    }
}

#define SAMPLE_BYTES 4096
#define TEXTCAT_BYTES 1536
#define MIN_LETTERS 3

/* Languages voted on by function words (those with lists in data/stopwords
 * and a Latin script); a clear winner spares the n-gram classifier. */
static const char *const vote_langs[] = {"en", "de", "fr", "es", "it", "pt", "nl", NULL};
#define VOTE_LANGS 7 /* the entries of vote_langs before its NULL */

/* A sample of fewer words than this is short (a headline, a brief): the
 * n-gram classifier needs a few hundred letters to tell close languages
 * apart, and on a headline it named another language for 13% of English
 * ones (AllSides headlines: Danish, Catalan, Latin, Luxembourgish...),
 * where the function words ("in", "from", "as", "to") were plain. */
#define SHORT_WORDS 20
/* The vote decides only when the winner's function words are at least
 * 1 / VOTE_SHARE_DIV of the sample's words: prose of the languages voted
 * on has 30% to 50% of them, while a language without a list can reach a
 * tenth with words it spells as they do (Estonian "et", "on", "ta", "see":
 * NTREX-128's Estonian side went to French 8 times in 123 at a tenth). */
#define VOTE_SHARE_DIV 5
/* The confidence of a short sample's language when its function words
 * took another than the classifier's first (a fraction of the script's
 * share): low, as two or three words decided. */
#define SWITCHED_CONFIDENCE 0.3f

/* The function words of each vote_langs language in the sample (its first
 * 400 words) into votes[]; the number of words into *words.  0, or -1
 * when the sample cannot be read (no lists, out of memory). */
static int function_word_votes(ss_langid *li, const char *text, size_t len, size_t votes[VOTE_LANGS], size_t *words)
{
    memset(votes, 0, VOTE_LANGS * sizeof votes[0]);
    *words = 0;
    if (!li->sw || ss_tokenize(text, len, 0, SS_TOKENIZE_HASH, &li->tok))
        return -1;
    if (!li->salt[0])
        for (int l = 0; vote_langs[l]; l++)
            li->salt[l] = ss_stopword_salt(vote_langs[l]);
    *words = li->tok.n < 400 ? li->tok.n : 400;
    for (size_t k = 0; k < *words; k++)
        for (int l = 0; vote_langs[l]; l++)
            votes[l] += (size_t)ss_stopword_hashed(li->sw, li->salt[l], li->tok.v[k].hash);
    return 0;
}

/* The language whose function words dominate the sample, or NULL when the
 * vote is not clear (few function words, or two languages close): 6 of
 * them, a fifth of the words (VOTE_SHARE_DIV) and 2.5 times the next
 * language's.  A short
 * sample (SHORT_WORDS) is never decided by the vote alone: two function
 * words ("a", "i", "to") are found in too many languages (a try took
 * Polish headlines from 1.000 to 0.851 right); see ss_langid_detect. */
static const char *function_word_vote(const size_t votes[VOTE_LANGS], size_t words)
{
    int best = 0, second = -1;
    for (int l = 1; vote_langs[l]; l++) {
        if (votes[l] > votes[best]) {
            second = best;
            best = l;
        } else if (second < 0 || votes[l] > votes[second]) {
            second = l;
        }
    }
    size_t b = votes[best], s = second >= 0 ? votes[second] : 0;
    if (words < SHORT_WORDS)
        return NULL;
    if (b >= 6 && b * VOTE_SHARE_DIV >= words && b * 2 >= s * 5)
        return vote_langs[best];
    return NULL;
}

/* The votes of a language (0 for one without a list). */
static size_t votes_of(const size_t votes[VOTE_LANGS], const char *lang)
{
    for (int l = 0; vote_langs[l]; l++)
        if (strcmp(vote_langs[l], lang) == 0)
            return votes[l];
    return 0;
}

/* Letters of the Latin script that one news language writes and its
 * neighbours do not (Turkish dotless i and soft g, Polish barred l and
 * ogoneks, Czech r with caron and ring, Romanian comma-below letters,
 * Hungarian double acute, German sharp s, Spanish n with tilde and the
 * inverted marks).  When the classifier names no language (a short sample
 * of many names and few words), the language with the most of them does. */
static const char *const DISTINCTIVE_LANG[] = {"tr", "pl", "cs", "ro", "hu", "de", "es"};
#define LETTERS_MAX 20 /* code points of one letter set, 0-ended */
static const uint32_t DISTINCTIVE[][LETTERS_MAX] = {
    {0x131, 0x130, 0x11F, 0x11E, 0x15F, 0x15E},
    {0x142, 0x141, 0x105, 0x104, 0x119, 0x118, 0x17C, 0x17B, 0x17A, 0x179, 0x15B, 0x15A, 0x107, 0x106, 0x144,
     0x143},
    {0x159, 0x158, 0x16F, 0x16E, 0x11B, 0x11A},
    {0x219, 0x218, 0x21B, 0x21A, 0x103, 0x102},
    {0x151, 0x150, 0x171, 0x170},
    {0xDF},
    {0xF1, 0xD1, 0xBF, 0xA1},
};

#define DISTINCTIVE_N (sizeof DISTINCTIVE / sizeof DISTINCTIVE[0])
/* Words holding a language's letters that make it the language: two at
 * least (a lone name, "Las Piñas" or "Jasne Błonia" in an English
 * headline, is not enough). */
#define DISTINCTIVE_MIN_WORDS 2

/* For each of n (at most 32) letter sets, the words of text (split at
 * spaces and line breaks) that hold a letter of it, into words[]; returns
 * the number of words of text. */
static size_t letter_words(const char *text, size_t len, const uint32_t (*sets)[LETTERS_MAX], size_t n,
                           size_t *words)
{
    unsigned in_word = 0; /* bit l: the current word has a letter of set l */
    int any = 0;          /* the current word has a character */
    size_t total = 0;
    for (size_t l = 0; l < n; l++)
        words[l] = 0;
    for (size_t i = 0; i <= len;) {
        uint32_t c = i < len ? ss_utf8_next(text, len, &i) : (i++, ' ');
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            for (size_t l = 0; l < n; l++)
                words[l] += (in_word >> l) & 1u;
            total += (size_t)any;
            in_word = 0;
            any = 0;
            continue;
        }
        any = 1;
        if (c < 0xA1)
            continue;
        for (size_t l = 0; l < n; l++)
            for (size_t k = 0; k < LETTERS_MAX && sets[l][k]; k++)
                if (sets[l][k] == c)
                    in_word |= 1u << l;
    }
    return total;
}

static const char *distinctive_language(const char *text, size_t len)
{
    size_t words[DISTINCTIVE_N];
    letter_words(text, len, DISTINCTIVE, DISTINCTIVE_N, words);
    size_t best = 0, most = 0, tie = 0;
    for (size_t l = 0; l < DISTINCTIVE_N; l++) {
        if (words[l] > most) {
            tie = most;
            most = words[l];
            best = l;
        } else if (words[l] > tie) {
            tie = words[l];
        }
    }
    return most >= DISTINCTIVE_MIN_WORDS && most > tie ? DISTINCTIVE_LANG[best] : NULL;
}

/* Croatian, Serbian and Bosnian share most words, and the n-gram
 * classifier names one of the three for the others (it read Croatian news
 * prose as Serbian).  What tells them apart in running text is the reflex
 * of one old vowel and a few everyday words each standard fixed:
 *   ekavian forms (Serbian): "vreme", "mesto", "predsednik", "dve";
 *   ijekavian forms (Croatian, Bosnian, Montenegrin): "vrijeme",
 *     "mjesto", "predsjednik", "dvije";
 *   words of the Croatian standard: "tisuća", "tjedan", "tko", the
 *     Slavic month names ("siječnja", "listopada");
 *   words of Serbian and Bosnian that Croatian replaces: "hiljada",
 *     "sedmica", "porodica", "historija"/"istorija".
 * The lists hold frequent news words of each kind, from the standards'
 * grammars, not from any sample; they were not fitted to data. */
static const char *const SC_EKAVIAN[] = { /* and Serbian words: saopštio, opština */
    "vreme", "mesto", "mesta", "mestu", "predsednik", "predsednika", "predsedniku", "dve",
    "deca", "dece", "dete", "mesec", "meseca", "meseci", "svetski", "uvek", "pre",
    "posle", "reč", "reči", "primer", "cena", "cene", "vest", "vesti", "lepo", "telo", "sever", "severu",
    "celu", "ceo", "cela", "mere", "mera", "sednici", "sednica", "veka", "vek", "poslednji", "poslednjih",
    "reka", "reke", "nedelje", "nedelja", "bezbednost", "bezbednosti", "saopštio", "saopštila",
    "saopštenje", "opština", "opštine", "opštini", "gde", "ovde", "deo", "delu", "zahtev", "zahteva",
    "promene", "promena", "procena", "ocena", "primenu", "primena", "želeo", "hteo", "živeo", "videti",
    "razumeti", "lek", "beli", "smer", NULL};
static const char *const SC_IJEKAVIAN[] = {
    "vrijeme", "mjesto", "mjesta", "mjestu", "predsjednik", "predsjednika", "predsjedniku",
    "dvije", "djeca", "djece", "dijete", "mjesec", "mjeseca", "mjeseci", "svijet", "svijeta", "svijetu",
    "svjetski", "uvijek", "prije", "poslije", "riječ", "riječi", "primjer", "cijena", "cijene", "vijest",
    "vijesti", "lijepo", "tijelo", "sjever", "sjeveru", "cijelu", "cijeli", "cijela", "mjere", "mjera",
    "sjednici", "sjednica", "vijeka", "vijek", "posljednji", "posljednjih", "rijeka", "rijeke", "nedjelje",
    "nedjelja", "vijeće", "vijeća", "stoljeća", "stoljeće", "gdje", "ovdje", "dio", "dijela", "dijelu",
    "zahtjev", "zahtjeva", "promjene", "promjena", "procjena", "ocjena", "primjenu", "primjena", "želio",
    "htio", "živio", "vidjeti", "razumjeti", "lijek", "bijeli", "smjer", NULL};
static const char *const SC_CROATIAN[] = {
    "tisuća", "tisuće", "tisuću", "tjedan", "tjedna", "tjedno", "tjednu", "tko", "obitelj", "obitelji",
    "tvrtka", "tvrtke", "tvrtki", "sveučilište", "sveučilišta", "izvješće", "izvješća", "zrakoplov",
    "zrakoplova", "glazba", "glazbe", "gospodarstvo", "gospodarstva", "gospodarski", "znanost", "znanosti",
    "povijest", "povijesti", "vlak", "kruh", "ravnatelj", "siječnja", "veljače", "ožujka", "travnja",
    "svibnja", "lipnja", "srpnja", "kolovoza", "rujna", "listopada", "studenoga", "studenog", "prosinca",
    "također", "vjerojatno", "tijekom", "suradnja", "suradnju", "suradnje", "suradnji", "utjecaj",
    "utjecaja", "europski", "europske", "europska", "europskoj", "europsku", "europe", "obveza", "obveze",
    "uvjeta", "uvjeti", "točno", "točka", "uopće", NULL};
static const char *const SC_SERBIAN_BOSNIAN[] = {
    "hiljada", "hiljade", "hiljadu", "sedmica", "sedmice", "sedmici", "ko", "porodica", "porodice",
    "porodici", "historija", "historije", "istorija", "istorije", "univerzitet", "univerziteta", "privreda",
    "privrede", "nauka", "nauke", "hljeb", "hleb", "voz", "januara", "februara", "marta", "aprila", "maja",
    "juna", "jula", "avgusta", "augusta", "septembra", "oktobra", "novembra", "decembra", "takođe",
    "vjerovatno", "verovatno", "tokom", "saopćio", "saopćila", "saopćenje", "kahva", "kafa", "saradnja",
    "saradnju", "saradnje", "saradnji", "uticaj", "uticaja", "evropski", "evropske", "evropska",
    "evropskoj", "evropsku", "evrope", "obaveza", "obaveze", "uslova", "uslovi", "tačno", "tačka",
    "sprovesti", "partija", NULL};
/* Slovenian is the fourth close neighbour, and the classifier's favourite:
 * most Croatian and Serbian news was read as Slovenian.  Their commonest
 * function words differ: Slovenian "in" (and), "v" (in), "ki" (which),
 * "so" (are), "tudi" (also), "bo" (will), "še", "že", "kot"; Croatian and
 * Serbian "i", "u", "koji", "su", "također"/"takođe", "će", "još", "već",
 * "kao". */
static const char *const SL_WORDS[] = {
    "in", "v", "ki", "so", "tudi", "bo", "bodo", "še", "že", "kot", "lahko", "ter", "kjer",
    "ker", "vendar", "naj", "tega", NULL};
static const char *const SC_WORDS[] = {
    "i", "u", "koji", "koja", "koje", "kojeg", "kojem", "kojima", "su", "će", "ću", "još", "već", "kao",
    "sa", "ili", "nije", "biti", "bio", "prema", "nakon", "godine", "godina", "također", "takođe", NULL};

static size_t sc_count(const ss_tokens *t, size_t n, const char *const *list)
{
    size_t c = 0;
    for (size_t k = 0; k < n; k++) {
        if (t->v[k].kind != SS_TOK_WORD)
            continue;
        const char *w = ss_token_norm(t, k);
        for (size_t i = 0; list[i]; i++)
            if (strcmp(list[i], w) == 0) {
                c++;
                break;
            }
    }
    return c;
}

/* How many different words of list (at most 64) the first n tokens of t
 * hold: one pass over the tokens. */
static size_t distinct_words(const ss_tokens *t, size_t n, const char *const *list)
{
    uint64_t seen = 0;
    for (size_t k = 0; k < n; k++) {
        if (t->v[k].kind != SS_TOK_WORD)
            continue;
        const char *w = ss_token_norm(t, k);
        for (size_t i = 0; i < 64 && list[i]; i++)
            if (strcmp(list[i], w) == 0) {
                seen |= 1ull << i;
                break;
            }
    }
    size_t distinct = 0;
    for (; seen; seen &= seen - 1)
        distinct++;
    return distinct;
}

/* Among hr, sr and bs, the one the sample's words say, or NULL when they
 * say nothing (the classifier's pick stands): ekavian forms outnumbering
 * the ijekavian ones, and at least as many as the Croatian words, are
 * Serbian; ijekavian forms
 * or Croatian words are Croatian, unless Serbian-Bosnian words outnumber
 * the Croatian ones (Bosnian).  One word decides a short sample: each
 * list's words belong to its standards only. */
static const char *serbo_croatian_variant(const ss_tokens *t, size_t n)
{
    size_t e = sc_count(t, n, SC_EKAVIAN), j = sc_count(t, n, SC_IJEKAVIAN);
    size_t hr = sc_count(t, n, SC_CROATIAN), sb = sc_count(t, n, SC_SERBIAN_BOSNIAN);
    if (e > j && e >= hr)
        return "sr";
    if (j > e || hr > 0)
        return sb > hr ? "bs" : "hr";
    return NULL;
}

static int is_serbo_croatian(const char *code)
{
    return strcmp(code, "hr") == 0 || strcmp(code, "sr") == 0 || strcmp(code, "bs") == 0;
}

/* Slovenian or one of hr/sr/bs, by their function words: "sl", "sh" (one
 * of the three), or NULL when the words are too few (under SL_MIN_WORDS)
 * or neither has twice the other's. */
#define SL_MIN_WORDS 3
static const char *slovenian_or_serbo_croatian(const ss_tokens *t, size_t n)
{
    size_t sl = sc_count(t, n, SL_WORDS), sc = sc_count(t, n, SC_WORDS);
    if (sl + sc < SL_MIN_WORDS)
        return NULL;
    if (sl > 2 * sc)
        return "sl";
    if (sc > 2 * sl)
        return "sh";
    return NULL;
}

/* Galician is written much as Spanish and Portuguese are, and the
 * classifier and the function-word vote read it as Spanish.  Everyday
 * words of the Galician standard that neither of the two writes (from
 * its grammar, not from a sample; words that are also Spanish or
 * Portuguese ones, "isto", "ata" (minutes), "polo" (pole), "unha"
 * (nail), "sen", are not among them): when GL_MIN_WORDS different ones
 * are in a sample read as Spanish or Portuguese, it is Galician. */
static const char *const GL_WORDS[] = {
    "non", "tamén", "xa", "pola", "polas", "moi", "máis", "cando", "nin", "ningunha", "ninguén",
    "algunha", "despois", "aínda", "xunto", "onte", "hoxe", "tódolos", "velaquí", NULL};
#define GL_MIN_WORDS 3

static int galician(const ss_tokens *t, size_t n, const char *code)
{
    if (strcmp(code, "es") != 0 && strcmp(code, "pt") != 0)
        return 0;
    return distinct_words(t, n, GL_WORDS) >= GL_MIN_WORDS;
}

/* Danish and Norwegian (Bokmål) are one written language a century
 * apart, and the classifier reads nine Norwegian news texts in ten as
 * Danish (NTREX-128's Bokmål side: 114 of 123).  The everyday words the
 * two spellings write differently decide (from the orthographies, not
 * from a sample): Danish af, efter, hvad, nu, mig, dig, sig, ud, op, blev,
 * end, mellem, tilbage, nogle, noget, siger, sagde, gør, havde, imod,
 * sådan, uge, måske, tager, tage, bruge, måde, indtil, against Norwegian
 * av, etter, hva, meg, deg, seg, ut, opp, ble, enn, mellom, tilbake, noen,
 * noe, sier, sa, gjør, hadde, mot, uke, kanskje, tar, ta, bruke, måte,
 * inntil, and Nynorsk's ikkje, eg, frå, kva, berre, ein, eit (Nynorsk is
 * labelled Norwegian too).  Words both write alike, or that are another
 * everyday word of the other ("tog": took, train; "nå": now, to reach;
 * "slik": such, sweets), are not listed.  When one side has
 * DANO_MIN_WORDS different words or more and over twice the other's, it
 * is the text's; else the classifier's pick stands.  Both share one
 * dictionary (ss_lexicon_lang), so the label changes which stemmer reads
 * the words and which documents are "another language" to the
 * translation linker. */
static const char *const DA_WORDS[] = {
    "af", "efter", "hvad", "nu", "mig", "dig", "sig", "ud", "op", "blev", "end", "mellem", "tilbage",
    "nogle", "noget", "siger", "sagde", "gør", "havde", "imod", "sådan", "uge", "måske", "tager",
    "tage", "bruge", "måde", "indtil", NULL};
static const char *const NO_WORDS[] = {
    "av", "etter", "hva", "meg", "deg", "seg", "ut", "opp", "ble", "enn", "mellom", "tilbake",
    "noen", "noe", "sier", "sa", "gjør", "hadde", "mot", "uke", "kanskje", "tar", "ta",
    "bruke", "måte", "inntil", "ikkje", "eg", "frå", "kva", "berre", "ein", "eit", NULL};
#define DANO_MIN_WORDS 2

static const char *danish_or_norwegian(const ss_tokens *t, size_t n, const char *code)
{
    if (strcmp(code, "da") != 0 && strcmp(code, "no") != 0 && strcmp(code, "nb") != 0 &&
        strcmp(code, "nn") != 0)
        return NULL;
    size_t da = distinct_words(t, n, DA_WORDS), no = distinct_words(t, n, NO_WORDS);
    if (da >= DANO_MIN_WORDS && da > 2 * no)
        return "da";
    if (no >= DANO_MIN_WORDS && no > 2 * da)
        return "no";
    return NULL;
}

/* Norwegian, Nynorsk above all, read as Swedish (NTREX-128: 13 of 123
 * Nynorsk documents, 2 of 123 Bokmål ones).  Swedish writes och, inte,
 * är, från, också, jag, hon, någon, något, mycket, där, här, vad, sådan;
 * Danish and Norwegian og, ikke (Nynorsk ikkje), er, fra (frå), også
 * (òg), jeg (eg), hun (ho), noen (nokon), noe (noko), mye (mykje),
 * der, her, hva (kva).  When a Swedish pick has SV_DANO_MIN_WORDS
 * different words of the second list and over twice as many as of the
 * first, it is Danish or Norwegian, as danish_or_norwegian tells (else
 * Norwegian: Nynorsk, whose words the classifier reads as Swedish). */
static const char *const SV_WORDS[] = {
    "och", "inte", "är", "från", "också", "jag", "hon", "någon", "något", "mycket", "där", "här",
    "vad", "sådan", NULL};
static const char *const DANO_WORDS[] = {
    "og", "ikke", "ikkje", "er", "fra", "frå", "også", "òg", "jeg", "eg", "hun", "ho", "noen",
    "nokon", "noe", "noko", "mye", "mykje", "der", "her", "hva", "kva", NULL};
#define SV_DANO_MIN_WORDS 3

static const char *swedish_or_dano(const ss_tokens *t, size_t n, const char *code)
{
    if (strcmp(code, "sv") != 0)
        return NULL;
    size_t sv = distinct_words(t, n, SV_WORDS), dano = distinct_words(t, n, DANO_WORDS);
    if (dano < SV_DANO_MIN_WORDS || dano <= 2 * sv)
        return NULL;
    const char *which = danish_or_norwegian(t, n, "no");
    return which ? which : "no";
}

/* Russian, Ukrainian and Belarusian share most of their letters, and the
 * classifier reads a short Ukrainian sample as Russian (a third of the
 * Ukrainian side of a news test set of two-sentence documents) and
 * Belarusian prose as Russian.  Each writes letters the others do not
 * (their orthographies, not a sample): Ukrainian ї, є, ґ, and і, which
 * Belarusian writes too; Russian ъ, and ы, э, ё, which Belarusian writes
 * too (ы is one Russian letter in fifty, і one Ukrainian letter in
 * twenty); Belarusian ў, and it writes no и, which the other two write
 * everywhere.  When words with one language's letters
 * number EAST_SLAVIC_MIN_WORDS or more and none has the others', that
 * language is the text's; a text with both (a Russian report quoting a
 * Ukrainian name) is left to the classifier. */
#define EAST_SLAVIC_MIN_WORDS 2

/* The letter sets east_slavic counts words of, in this order. */
enum { ES_UK, ES_RU, ES_RU_BE, ES_UK_BE, ES_BE, ES_RU_UK, ES_N };
static const uint32_t EAST_SLAVIC[ES_N][LETTERS_MAX] = {
    [ES_UK] = {0x457, 0x407, 0x454, 0x404, 0x491, 0x490}, /* ї є ґ */
    [ES_RU] = {0x44A, 0x42A},                             /* ъ */
    [ES_RU_BE] = {0x44B, 0x42B, 0x44D, 0x42D, 0x451, 0x401}, /* ы э ё */
    [ES_UK_BE] = {0x456, 0x406},                          /* і */
    [ES_BE] = {0x45E, 0x40E},                             /* ў */
    [ES_RU_UK] = {0x438, 0x418},                          /* и */
};

static const char *east_slavic(const char *text, size_t len)
{
    size_t n[ES_N];
    letter_words(text, len, EAST_SLAVIC, ES_N, n);
    if (n[ES_BE] >= EAST_SLAVIC_MIN_WORDS && n[ES_RU_UK] == 0 && n[ES_UK] == 0 && n[ES_RU] == 0)
        return "be";
    if (n[ES_BE])
        return NULL;
    if (n[ES_UK] + n[ES_UK_BE] >= EAST_SLAVIC_MIN_WORDS && n[ES_RU] + n[ES_RU_BE] == 0)
        return "uk";
    if (n[ES_RU] + n[ES_RU_BE] >= EAST_SLAVIC_MIN_WORDS && n[ES_UK] + n[ES_UK_BE] == 0)
        return "ru";
    return NULL;
}

/* Czech and Slovak are close enough for the classifier to read most
 * Slovak news as Czech (NTREX-128's Slovak side: 108 of 123).  Each
 * writes letters the other does not (their orthographies): Czech ř, ě,
 * ů; Slovak ä, ľ, ĺ, ŕ, ô.  When words with one's letters number
 * CS_SK_MIN_WORDS or more and over CS_SK_RATIO times the other's (a
 * Czech name in a Slovak report), that language is the text's. */
#define CS_SK_MIN_WORDS 2
#define CS_SK_RATIO 4
static const uint32_t CS_SK[2][LETTERS_MAX] = {
    {0x159, 0x158, 0x11B, 0x11A, 0x16F, 0x16E},                        /* ř ě ů */
    {0xE4, 0xC4, 0x13E, 0x13D, 0x13A, 0x139, 0x155, 0x154, 0xF4, 0xD4}, /* ä ľ ĺ ŕ ô */
};

static const char *czech_or_slovak(const char *text, size_t len, const char *code)
{
    if (strcmp(code, "cs") != 0 && strcmp(code, "sk") != 0)
        return NULL;
    size_t n[2];
    letter_words(text, len, CS_SK, 2, n);
    if (n[0] >= CS_SK_MIN_WORDS && n[0] > CS_SK_RATIO * n[1])
        return "cs";
    if (n[1] >= CS_SK_MIN_WORDS && n[1] > CS_SK_RATIO * n[0])
        return "sk";
    return NULL;
}

/* Bulgarian, Serbian and Macedonian in Cyrillic that the classifier
 * reads as Russian (NTREX-128: 17 of 123 Bulgarian documents, 4 of 123
 * Serbian ones).  Russian prose writes ы, э or ё in a word of every
 * few; the three never do.  Serbian writes ђ and ћ, Macedonian ѓ, ќ and
 * ѕ, both ј, љ, њ and џ; Bulgarian none of these, and ъ as a vowel in
 * many words, where Russian writes it in a few (объявил).  So a Russian
 * pick without ы, э, ё is Serbian or Macedonian when SOUTH_MIN_WORDS
 * words have their letters, else Bulgarian when SOUTH_MIN_WORDS words
 * have ъ; from the orthographies, not from a sample. */
#define SOUTH_MIN_WORDS 3
#define SOUTH_MIN_TEXT_WORDS 50
enum { SC_RU, SC_HARD, SC_SR, SC_MK, SC_SR_MK, SC_N };
static const uint32_t SOUTH_CYRILLIC[SC_N][LETTERS_MAX] = {
    [SC_RU] = {0x44B, 0x42B, 0x44D, 0x42D, 0x451, 0x401},                      /* ы э ё */
    [SC_HARD] = {0x44A, 0x42A},                                                /* ъ */
    [SC_SR] = {0x452, 0x402, 0x45B, 0x40B},                                    /* ђ ћ */
    [SC_MK] = {0x453, 0x403, 0x45C, 0x40C, 0x455, 0x405},                      /* ѓ ќ ѕ */
    [SC_SR_MK] = {0x458, 0x408, 0x459, 0x409, 0x45A, 0x40A, 0x45F, 0x40F},     /* ј љ њ џ */
};

static const char *south_slavic_cyrillic(const char *text, size_t len)
{
    size_t n[SC_N];
    /* a short Russian text may lack ы, э and ё ("Съезд объявил о подъёме
       цен" written with е): SOUTH_MIN_TEXT_WORDS words at least (Russian
       prose writes ы in about one letter in fifty) */
    if (letter_words(text, len, SOUTH_CYRILLIC, SC_N, n) < SOUTH_MIN_TEXT_WORDS)
        return NULL;
    if (n[SC_RU])
        return NULL;
    if (n[SC_SR] + n[SC_SR_MK] >= SOUTH_MIN_WORDS && n[SC_SR] > n[SC_MK])
        return "sr";
    if (n[SC_MK] + n[SC_SR_MK] >= SOUTH_MIN_WORDS && n[SC_MK] > n[SC_SR])
        return "mk";
    if (n[SC_HARD] >= SOUTH_MIN_WORDS && n[SC_SR] + n[SC_MK] + n[SC_SR_MK] == 0)
        return "bg";
    return NULL;
}

/* The script most letters of text's first SAMPLE_BYTES are written in
 * (Han with a tenth as much kana: HIRAGANA, Japanese), its share of the
 * letters and how many letters there are. */
static ss_script dominant_script(const char *text, size_t len, size_t *lim_out, float *share, float *share_all,
                                 size_t *letters)
{
    size_t count[SS_SCRIPT_COUNT] = {0};
    size_t lim = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    /* do not cut a character in two */
    while (lim < len && lim > 0 && ((unsigned char)text[lim] & 0xC0) == 0x80)
        lim--;
    *lim_out = lim;
    *letters = 0;
    for (size_t i = 0; i < lim;) {
        uint32_t cp = ss_utf8_next(text, lim, &i);
        ss_script s = ss_script_of(cp);
        if (s != SS_SCRIPT_COMMON) {
            count[s]++;
            (*letters)++;
        }
    }
    /* kana beside Han is Japanese; Han alone is Chinese */
    size_t kana = count[SS_SCRIPT_HIRAGANA] + count[SS_SCRIPT_KATAKANA];
    ss_script best = SS_SCRIPT_COMMON;
    for (int s = 1; s < SS_SCRIPT_COUNT; s++)
        if (count[s] > count[best])
            best = (ss_script)s;
    size_t all = count[best];
    if (best == SS_SCRIPT_HAN && kana * 10 >= count[SS_SCRIPT_HAN]) {
        best = SS_SCRIPT_HIRAGANA;
        all = count[SS_SCRIPT_HAN] + kana; /* Japanese: its kanji and kana */
    }
    *share = *letters ? (float)count[best] / (float)*letters : 0.0f;
    *share_all = *letters ? (float)all / (float)*letters : 0.0f;
    return best;
}

/* The codes each group's conf lists (its second column), read once. */
static void read_group_langs(ss_langid *li)
{
    if (li->langs_read)
        return;
    li->langs_read = 1;
    for (int g = 0; g < G_COUNT; g++) {
        char path[1024], line[256], fp[128], code[32];
        ss_error e;
        ss_error_clear(&e);
        strcpy(li->langs[g], " ");
        if (ss_data_path(group_conf[g], path, sizeof path, &e) != SS_OK)
            continue;
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        while (fgets(line, sizeof line, f))
            if (line[0] != '#' && sscanf(line, "%127s %31s", fp, code) == 2 &&
                strlen(li->langs[g]) + strlen(code) + 2 < sizeof li->langs[g]) {
                strcat(li->langs[g], code);
                strcat(li->langs[g], " ");
            }
        fclose(f);
    }
}

/* Whether lang is written in script s: 1 yes, 0 no, -1 not known. */
static int written_in(ss_langid *li, const char *lang, ss_script s)
{
    char key[16];
    snprintf(key, sizeof key, " %s ", lang);
    read_group_langs(li);
    int known = 0;
    for (int g = 0; g < G_COUNT; g++)
        known |= strstr(li->langs[g], key) != NULL;
    for (int t = 1; t < SS_SCRIPT_COUNT; t++) {
        const char *one = single_language((ss_script)t);
        known |= one && strcmp(one, lang) == 0;
    }
    if (!known)
        return -1;
    int g = group_of(s);
    if (g >= 0)
        return strstr(li->langs[g], key) != NULL;
    if (s == SS_SCRIPT_HAN) /* hanzi, kanji, hanja */
        return strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0 || strcmp(lang, "ko") == 0;
    const char *one = single_language(s);
    return one ? strcmp(one, lang) == 0 : -1;
}

/* A text plainly in another script than its language is written in: most
 * of its letters (SCRIPT_MISMATCH_SHARE of at least SCRIPT_MISMATCH_LETTERS)
 * in one script the language does not use. */
#define SCRIPT_MISMATCH_LETTERS 20
#define SCRIPT_MISMATCH_SHARE 0.8f

int ss_langid_script_mismatch(ss_langid *li, const char *lang, const char *text, size_t len)
{
    size_t lim, letters;
    float share, share_all;
    ss_script s = dominant_script(text, len, &lim, &share, &share_all, &letters);
    if (!lang || !lang[0] || letters < SCRIPT_MISMATCH_LETTERS || share_all < SCRIPT_MISMATCH_SHARE ||
        s == SS_SCRIPT_COMMON || s == SS_SCRIPT_OTHER)
        return 0;
    return written_in(li, lang, s) == 0;
}

int ss_langid_refute_given(ss_langid *li, ss_doc *d)
{
    if (!d->lang_given || !d->lang[0] || !d->text_len ||
        !ss_langid_script_mismatch(li, d->lang, d->text, ss_doc_work_len(d)))
        return 0;
    snprintf(d->lang_unread, sizeof d->lang_unread, "%s", d->lang);
    d->lang_given = 0;
    d->lang[0] = '\0';
    return 1;
}

void ss_lang_unread_note(const ss_doc *d, char *out, size_t size)
{
    if (!size)
        return;
    char tag[8];
    ss_lang_normalize_tag(d->lang_unread, tag);
    if (tag[0]) /* a language, which its text's script refutes */
        snprintf(out, size, "\"lang\" \"%s\" does not fit the script of its text: detected instead%s%s",
                 d->lang_unread, ss_lang_known(d->lang) ? " as " : "", ss_lang_known(d->lang) ? d->lang : "");
    else
        snprintf(out, size, "\"lang\" \"%s\" is no language tag (ISO 639): detected instead", d->lang_unread);
}

int ss_langid_detect(ss_langid *li, const char *text, size_t len, ss_lang_guess *out,
                     ss_error *err)
{
    size_t lim, letters;
    float share, share_all;
    ss_script best = dominant_script(text, len, &lim, &share, &share_all, &letters);
    (void)share_all;
    strcpy(out->code, "und");
    out->confidence = 0.0f;
    out->script = SS_SCRIPT_COMMON;
    if (letters < MIN_LETTERS)
        return SS_OK;
    out->script = best;
    const char *one = single_language(best);
    if (one) {
        snprintf(out->code, sizeof out->code, "%s", one);
        out->confidence = share;
        return SS_OK;
    }
    int g = group_of(best);
    if (g < 0)
        return SS_OK;
    snprintf(out->code, sizeof out->code, "%s", group_default[g]);
    out->confidence = 0.0f;
    size_t votes[VOTE_LANGS] = {0}, words = 0;
    int have_votes = g == G_LATIN && function_word_votes(li, text, lim, votes, &words) == 0;
    if (have_votes) {
        const char *voted = function_word_vote(votes, words);
        if (voted) {
            int gl = galician(&li->tok, words, voted);
            snprintf(out->code, sizeof out->code, "%s", gl ? "gl" : voted);
            out->confidence = gl ? share * SWITCHED_CONFIDENCE : share;
            return SS_OK;
        }
    }
    int rc = load_group(li, g, err);
    if (rc)
        return rc;
    size_t tl = lim < TEXTCAT_BYTES ? lim : TEXTCAT_BYTES;
    while (tl < lim && tl > 0 && ((unsigned char)text[tl] & 0xC0) == 0x80)
        tl--;
    int n = textcat_ClassifyFull(li->tc[g], text, tl, li->cand[g]);
    const char *letters_lang = NULL;
    if (n > 0) {
        /* several languages about as likely for a short sample: the first
           of them (in the classifier's order) with the most function
           words, when any has one */
        int pick = 0;
        if (have_votes && n > 1 && words < SHORT_WORDS) {
            size_t most = 0;
            for (int q = 0; q < n; q++) {
                size_t v = votes_of(votes, li->cand[g][q].name);
                if (v > most) {
                    most = v;
                    pick = q;
                }
            }
        }
        snprintf(out->code, sizeof out->code, "%s", li->cand[g][pick].name);
        const char *family = NULL, *variant = NULL;
        if (have_votes && (is_serbo_croatian(out->code) || strcmp(out->code, "sl") == 0))
            family = slovenian_or_serbo_croatian(&li->tok, words);
        if (family && strcmp(family, "sh") == 0) {
            /* the words of one standard decide among three close ones;
               when they say too little, the classifier's first of them */
            variant = serbo_croatian_variant(&li->tok, words);
            for (int q = 0; !variant && q < n; q++)
                if (is_serbo_croatian(li->cand[g][q].name))
                    variant = li->cand[g][q].name;
            if (!variant)
                variant = "hr";
        } else if (family) {
            variant = family;
        } else if (have_votes && galician(&li->tok, words, out->code)) {
            variant = "gl";
        } else {
            if (have_votes)
                variant = danish_or_norwegian(&li->tok, words, out->code);
            if (have_votes && !variant)
                variant = swedish_or_dano(&li->tok, words, out->code);
            if (!variant)
                variant = czech_or_slovak(text, lim, out->code);
        }
        if (variant && strcmp(variant, out->code) != 0) {
            snprintf(out->code, sizeof out->code, "%s", variant);
            out->confidence = share * SWITCHED_CONFIDENCE;
        } else if (pick > 0) {
            /* not the classifier's first: a short sample's function words
               decided, which is weak evidence */
            out->confidence = share * SWITCHED_CONFIDENCE;
        } else if (n == 1) {
            out->confidence = share;
        } else {
            double b = li->cand[g][0].score, c = li->cand[g][1].score;
            out->confidence = (float)(c > 0 ? share * (c - b) / c * 30.0 : share);
            if (out->confidence > share)
                out->confidence = share;
        }
    } else if (g == G_LATIN && (letters_lang = distinctive_language(text, lim)) != NULL) {
        /* the classifier names none: letters only one language writes */
        snprintf(out->code, sizeof out->code, "%s", letters_lang);
    } else if (have_votes && words < SHORT_WORDS) {
        /* too many languages alike for the classifier to name one (or too
           few letters): a short sample's function words, when one
           language has more of them than any other */
        int top = -1;
        size_t most = 0, tie = 0;
        for (int l = 0; vote_langs[l]; l++) {
            if (votes[l] > most) {
                tie = most;
                most = votes[l];
                top = l;
            } else if (votes[l] > tie) {
                tie = votes[l];
            }
        }
        if (top >= 0 && most > tie)
            snprintf(out->code, sizeof out->code, "%s", vote_langs[top]);
    }
    if (g == G_CYRILLIC &&
        (strcmp(out->code, "ru") == 0 || strcmp(out->code, "uk") == 0 || strcmp(out->code, "be") == 0)) {
        const char *east = east_slavic(text, lim);
        /* a Belarusian pick stays without ў when the words say Ukrainian
           (і is both's) */
        if (east && strcmp(out->code, "be") == 0 && strcmp(east, "uk") == 0)
            east = NULL;
        if (east && strcmp(east, out->code) != 0) {
            snprintf(out->code, sizeof out->code, "%s", east);
            out->confidence = share * SWITCHED_CONFIDENCE;
        }
        const char *south = strcmp(out->code, "ru") == 0 ? south_slavic_cyrillic(text, lim) : NULL;
        if (south) {
            snprintf(out->code, sizeof out->code, "%s", south);
            out->confidence = share * SWITCHED_CONFIDENCE;
        }
    }
    return SS_OK;
}

/* ISO 639-1 */
static const char codes639_1[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de "
    "dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id "
    "ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu "
    "lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu "
    "rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr "
    "ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu ";

/* A three-letter tag: the ISO 639-1 code whose ISO 639-2 code it is
 * (ICU's table: "swa" is sw), else itself when ICU knows it as a language
 * ("haw", "yue", "und"), else "" (no language). */
static void normalize_tag3(const char *t, char out[8])
{
    char two[3] = {0};
    for (const char *c = codes639_1; *c; c += 3) {
        two[0] = c[0];
        two[1] = c[1];
        if (strcmp(uloc_getISO3Language(two), t) == 0) {
            memcpy(out, two, 3);
            if (strcmp(out, "nb") == 0 || strcmp(out, "nn") == 0)
                strcpy(out, "no");
            return;
        }
    }
    if (strcmp(t, "und") == 0) {
        memcpy(out, t, 4);
        return;
    }
    for (const char *const *l = uloc_getISOLanguages(); l && *l; l++)
        if (strcmp(*l, t) == 0) {
            memcpy(out, t, 4);
            return;
        }
}

void ss_lang_normalize_tag(const char *tag, char out[8])
{
    static const char *const map3[][2] = {
        {"eng", "en"}, {"deu", "de"}, {"ger", "de"}, {"fra", "fr"}, {"fre", "fr"}, {"spa", "es"},
        {"ita", "it"}, {"por", "pt"}, {"rus", "ru"}, {"hin", "hi"}, {"ara", "ar"}, {"zho", "zh"},
        {"chi", "zh"}, {"jpn", "ja"}, {"kor", "ko"}, {"tur", "tr"}, {"pol", "pl"}, {"ces", "cs"},
        {"cze", "cs"}, {"nld", "nl"}, {"dut", "nl"}, {"swe", "sv"}, {"ukr", "uk"}, {"heb", "he"},
        {"ell", "el"}, {"gre", "el"}, {"fas", "fa"}, {"per", "fa"}, {"urd", "ur"}, {"ben", "bn"},
        {"tha", "th"}, {"vie", "vi"}, {"ind", "id"}, {"ron", "ro"}, {"rum", "ro"}, {"hun", "hu"},
        {"fin", "fi"}, {"dan", "da"}, {"nor", "no"}, {"nob", "no"}, {"nno", "no"}, {"cmn", "zh"},
        /* the other bibliographic ISO 639-2 codes (ICU knows the
           terminology ones only) */
        {"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"geo", "ka"}, {"ice", "is"},
        {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"}, {"slo", "sk"}, {"tib", "bo"}, {"wel", "cy"},
        /* codes of no one language: unknown, detected */
        {"mul", "und"}, {"mis", "und"}, {"zxx", "und"},
        {NULL, NULL}};
    char t[8] = {0};
    size_t n = 0;
    while (tag && tag[n] && isalpha((unsigned char)tag[n]) && n < 7) {
        t[n] = (char)tolower((unsigned char)tag[n]);
        n++;
    }
    out[0] = '\0';
    if (n == 2) {
        /* ISO 639-1, with its withdrawn codes mapped to today's ("iw":
           Hebrew); "zz" or "xx" is no language (the caller warns) */
        static const char *const old[][2] = {{"iw", "he"}, {"in", "id"}, {"ji", "yi"}, {"mo", "ro"}};
        for (int k = 0; k < 4; k++)
            if (strcmp(t, old[k][0]) == 0)
                memcpy(t, old[k][1], 3);
        for (const char *c = codes639_1; *c; c += 3)
            if (c[0] == t[0] && c[1] == t[1]) {
                memcpy(out, t, 3);
                if (strcmp(out, "nb") == 0 || strcmp(out, "nn") == 0)
                    strcpy(out, "no");
                return;
            }
        return;
    }
    if (n == 3) {
        for (int k = 0; map3[k][0]; k++) {
            if (strcmp(map3[k][0], t) == 0) {
                strcpy(out, map3[k][1]);
                return;
            }
        }
        normalize_tag3(t, out);
    }
}

int ss_lang_known(const char *lang) { return lang && lang[0] && strcmp(lang, "und") != 0; }

int ss_langs_differ(const char *a, const char *b)
{
    return ss_lang_known(a) && ss_lang_known(b) && strcmp(a, b) != 0;
}
