/* text/calendar.c — name tables for months and weekdays (see calendar.h). */
#include "text/calendar.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *w;
    unsigned char len;
    unsigned char v;
} entry;

#define E(w, v) {w, sizeof(w) - 1, v}

static const entry months[] = {
    E("january", 1), E("february", 2), E("march", 3), E("april", 4), E("may", 5), E("june", 6),
    E("july", 7), E("august", 8), E("september", 9), E("october", 10), E("november", 11),
    E("december", 12), E("jan", 1), E("feb", 2), E("mar", 3), E("apr", 4), E("jun", 6), E("jul", 7),
    E("aug", 8), E("sep", 9), E("sept", 9), E("oct", 10), E("nov", 11), E("dec", 12),
    /* German */
    E("januar", 1), E("jänner", 1), E("februar", 2), E("märz", 3), E("mai", 5), E("juni", 6),
    E("juli", 7), E("oktober", 10), E("dezember", 12), E("okt", 10), E("dez", 12),
    /* French */
    E("janvier", 1), E("février", 2), E("mars", 3), E("avril", 4), E("juin", 6), E("juillet", 7),
    E("août", 8), E("septembre", 9), E("octobre", 10), E("novembre", 11), E("décembre", 12),
    /* Spanish */
    E("enero", 1), E("febrero", 2), E("marzo", 3), E("abril", 4), E("mayo", 5), E("junio", 6),
    E("julio", 7), E("agosto", 8), E("septiembre", 9), E("setiembre", 9), E("octubre", 10),
    E("noviembre", 11), E("diciembre", 12),
    /* Italian */
    E("gennaio", 1), E("febbraio", 2), E("aprile", 4), E("maggio", 5), E("giugno", 6),
    E("luglio", 7), E("settembre", 9), E("ottobre", 10), E("dicembre", 12),
    /* Portuguese */
    E("janeiro", 1), E("fevereiro", 2), E("março", 3), E("maio", 5), E("junho", 6), E("julho", 7),
    E("setembro", 9), E("outubro", 10), E("novembro", 11), E("dezembro", 12),
    /* Dutch */
    E("januari", 1), E("februari", 2), E("maart", 3), E("mei", 5), E("augustus", 8),
    /* Russian: the genitive of dates ("5 марта"), the nominative, and the
       prepositional of "в марте 2025 года" */
    E("января", 1), E("февраля", 2), E("марта", 3), E("апреля", 4), E("мая", 5), E("июня", 6),
    E("июля", 7), E("августа", 8), E("сентября", 9), E("октября", 10), E("ноября", 11),
    E("декабря", 12), E("январь", 1), E("февраль", 2), E("март", 3), E("апрель", 4), E("май", 5),
    E("июнь", 6), E("июль", 7), E("август", 8), E("сентябрь", 9), E("октябрь", 10),
    E("ноябрь", 11), E("декабрь", 12), E("январе", 1), E("феврале", 2), E("марте", 3),
    E("апреле", 4), E("мае", 5), E("июне", 6), E("июле", 7), E("августе", 8), E("сентябре", 9),
    E("октябре", 10), E("ноябре", 11), E("декабре", 12),
    /* Ukrainian (genitive) */
    E("січня", 1), E("лютого", 2), E("березня", 3), E("квітня", 4), E("травня", 5),
    E("червня", 6), E("липня", 7), E("серпня", 8), E("вересня", 9), E("жовтня", 10),
    E("листопада", 11), E("грудня", 12),
    /* Polish: genitive and nominative */
    E("stycznia", 1), E("lutego", 2), E("marca", 3), E("kwietnia", 4), E("maja", 5),
    E("czerwca", 6), E("lipca", 7), E("sierpnia", 8), E("września", 9), E("października", 10),
    E("listopada", 11), E("grudnia", 12), E("styczeń", 1), E("luty", 2), E("marzec", 3),
    E("kwiecień", 4), E("czerwiec", 6), E("lipiec", 7), E("sierpień", 8), E("wrzesień", 9),
    E("październik", 10), E("grudzień", 12),
    /* Czech (genitive) */
    E("ledna", 1), E("února", 2), E("března", 3), E("dubna", 4), E("května", 5),
    E("června", 6), E("července", 7), E("srpna", 8), E("září", 9), E("října", 10),
    E("listopadu", 11), E("prosince", 12),
    {NULL, 0, 0}};

static const entry weekdays[] = {
    E("monday", 1), E("tuesday", 2), E("wednesday", 3), E("thursday", 4), E("friday", 5),
    E("saturday", 6), E("sunday", 7), E("mon", 1), E("tue", 2), E("tues", 2), E("wed", 3),
    E("thu", 4), E("thur", 4), E("thurs", 4), E("fri", 5), E("sat", 6), E("sun", 7),
    E("montag", 1), E("dienstag", 2), E("mittwoch", 3), E("donnerstag", 4), E("freitag", 5),
    E("samstag", 6), E("sonnabend", 6), E("sonntag", 7),
    E("lundi", 1), E("mardi", 2), E("mercredi", 3), E("jeudi", 4), E("vendredi", 5),
    E("samedi", 6), E("dimanche", 7),
    E("lunes", 1), E("martes", 2), E("miércoles", 3), E("jueves", 4), E("viernes", 5),
    E("sábado", 6), E("domingo", 7),
    E("lunedì", 1), E("martedì", 2), E("mercoledì", 3), E("giovedì", 4), E("venerdì", 5),
    E("sabato", 6),
    E("segunda", 1), E("terça", 2), E("quarta", 3), E("quinta", 4), E("sexta", 5),
    E("maandag", 1), E("dinsdag", 2), E("woensdag", 3), E("donderdag", 4), E("vrijdag", 5),
    E("zaterdag", 6), E("zondag", 7),
    {NULL, 0, 0}};

/* Every token of every article is looked up (dates, entities, compare),
 * so a scan of the ~250 names was a tenth of `stories`' time (perf, 30,000
 * Reuters articles). Each table is indexed once, on first use, by an
 * open-addressed hash of its names: a look-up hashes the word and compares
 * one or two names. SLOTS is a power of two over twice the names, so a
 * probe run stays short; the index holds positions + 1 (0: empty). */
#define SLOTS 512

static unsigned short month_index[SLOTS], weekday_index[SLOTS];
_Static_assert(2 * (sizeof months / sizeof months[0]) <= SLOTS, "the month index is too full");
_Static_assert(2 * (sizeof weekdays / sizeof weekdays[0]) <= SLOTS, "the weekday index is too full");
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static unsigned hash_word(const char *w, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & (SLOTS - 1);
}

static void index_table(const entry *t, unsigned short *index)
{
    for (int i = 0; t[i].w; i++) {
        unsigned s = hash_word(t[i].w, t[i].len);
        while (index[s])
            s = (s + 1) & (SLOTS - 1);
        index[s] = (unsigned short)(i + 1);
    }
}

static void build_indexes(void)
{
    index_table(months, month_index);
    index_table(weekdays, weekday_index);
}

static int lookup(const entry *t, const unsigned short *index, const char *w, size_t n)
{
    if (n < 3 || n > 24) /* no name is shorter than "jan" or longer than "листопада" (18 bytes) */
        return 0;
    pthread_once(&index_once, build_indexes);
    for (unsigned s = hash_word(w, n); index[s]; s = (s + 1) & (SLOTS - 1)) {
        const entry *e = &t[index[s] - 1];
        if (e->len == n && memcmp(e->w, w, n) == 0)
            return e->v;
    }
    return 0;
}

int ss_month_name(const char *w, size_t n) { return lookup(months, month_index, w, n); }

int ss_weekday_name(const char *w, size_t n) { return lookup(weekdays, weekday_index, w, n); }
