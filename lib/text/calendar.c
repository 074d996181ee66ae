/* text/calendar.c — name tables for months and weekdays (see calendar.h). */
#include "text/calendar.h"

#include <string.h>

typedef struct {
    const char *w;
    int v;
} entry;

static const entry months[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    /* German */
    {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"mai", 5}, {"juni", 6},
    {"juli", 7}, {"oktober", 10}, {"dezember", 12}, {"okt", 10}, {"dez", 12},
    /* French */
    {"janvier", 1}, {"février", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6}, {"juillet", 7},
    {"août", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"décembre", 12},
    /* Spanish */
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12},
    /* Italian */
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
    {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12},
    /* Portuguese */
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
    /* Dutch */
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
    {NULL, 0}};

static const entry weekdays[] = {
    {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4}, {"friday", 5},
    {"saturday", 6}, {"sunday", 7}, {"mon", 1}, {"tue", 2}, {"tues", 2}, {"wed", 3},
    {"thu", 4}, {"thur", 4}, {"thurs", 4}, {"fri", 5}, {"sat", 6}, {"sun", 7},
    {"montag", 1}, {"dienstag", 2}, {"mittwoch", 3}, {"donnerstag", 4}, {"freitag", 5},
    {"samstag", 6}, {"sonnabend", 6}, {"sonntag", 7},
    {"lundi", 1}, {"mardi", 2}, {"mercredi", 3}, {"jeudi", 4}, {"vendredi", 5},
    {"samedi", 6}, {"dimanche", 7},
    {"lunes", 1}, {"martes", 2}, {"miércoles", 3}, {"jueves", 4}, {"viernes", 5},
    {"sábado", 6}, {"domingo", 7},
    {"lunedì", 1}, {"martedì", 2}, {"mercoledì", 3}, {"giovedì", 4}, {"venerdì", 5},
    {"sabato", 6},
    {"segunda", 1}, {"terça", 2}, {"quarta", 3}, {"quinta", 4}, {"sexta", 5},
    {"maandag", 1}, {"dinsdag", 2}, {"woensdag", 3}, {"donderdag", 4}, {"vrijdag", 5},
    {"zaterdag", 6}, {"zondag", 7},
    {NULL, 0}};

static int lookup(const entry *t, const char *w, size_t n)
{
    for (int i = 0; t[i].w; i++)
        if (strlen(t[i].w) == n && memcmp(t[i].w, w, n) == 0)
            return t[i].v;
    return 0;
}

int ss_month_name(const char *w, size_t n) { return lookup(months, w, n); }

int ss_weekday_name(const char *w, size_t n) { return lookup(weekdays, w, n); }
