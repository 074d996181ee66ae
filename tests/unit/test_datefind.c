/* Unit tests: text/datefind — dates in four languages, datelines, spans,
 * resolution of partial dates, weekdays and relative days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"
#include "text/datefind.h"
#include "text/utf8.h"

static int64_t day(int y, unsigned m, unsigned d) { return ss_days_from_civil(y, m, d); }

/* Find the mention whose text is exactly `what`; fail if there is none. */
static const ss_date_mention *mention(const char *text, const ss_date_mentions *m, const char *what)
{
    size_t len = strlen(text);
    for (size_t i = 0; i < m->n; i++) {
        const ss_date_mention *x = &m->v[i];
        /* code point and byte spans agree */
        assert_int_equal(ss_utf8_byte_offset(text, len, x->cp_start), x->start);
        assert_int_equal(ss_utf8_byte_offset(text, len, x->cp_end), x->end);
        if (x->end - x->start == strlen(what) && memcmp(text + x->start, what, strlen(what)) == 0)
            return x;
    }
    fail_msg("no date mention '%s'", what);
    return NULL;
}

static void find(const char *text, const char *lang, ss_date_mentions *m)
{
    assert_int_equal(ss_dates_find(text, strlen(text), lang, m), SS_OK);
}

static void english_forms(void **state)
{
    (void)state;
    const char *t = "On Tuesday, March 4, 2025 the river rose; by 4 March 2025 it fell. "
                    "Talks on Jan. 11 and the 4th of July 2024, a plan for May 2025.";
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(t, "en", &m);
    const ss_date_mention *x = mention(t, &m, "Tuesday, March 4, 2025");
    assert_int_equal(x->kind, SS_DATE_FULL);
    assert_int_equal(x->weekday, 2);
    assert_true(x->day_number == day(2025, 3, 4));
    assert_true(mention(t, &m, "4 March 2025")->day_number == day(2025, 3, 4));
    x = mention(t, &m, "Jan. 11");
    assert_int_equal(x->kind, SS_DATE_DAY_MONTH);
    assert_true(x->day_number == SS_DAY_NONE);
    assert_true(mention(t, &m, "4th of July 2024")->day_number == day(2024, 7, 4));
    x = mention(t, &m, "May 2025");
    assert_int_equal(x->kind, SS_DATE_MONTH_YEAR);
    assert_int_equal(x->month, 5);
    ss_date_mentions_release(&m);
}

/* Hard-wrapped text (wire copy, mail) breaks a date at a line's end; a
 * paragraph's end parts two dates. */
static void wrapped_lines(void **state)
{
    (void)state;
    const char *t = "a eurobond due March 30,\n1992 paying 9 pct.\n\nIt closed on June 2\n\n2025 was calm.";
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(t, "en", &m);
    const ss_date_mention *x = mention(t, &m, "March 30,\n1992");
    assert_int_equal(x->kind, SS_DATE_FULL);
    assert_true(x->day_number == day(1992, 3, 30));
    assert_int_equal(mention(t, &m, "June 2")->kind, SS_DATE_DAY_MONTH);
    ss_date_mentions_release(&m);
}

static void month_words_need_numbers(void **state)
{
    (void)state;
    const char *t = "You may march in March, and the sun may shine in may.";
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(t, "en", &m);
    assert_int_equal(m.n, 0);
    /* an impossible day is no date */
    const char *u = "Due on February 30, 2025 or 2025-13-01.";
    find(u, "en", &m);
    assert_int_equal(m.n, 0);
    ss_date_mentions_release(&m);
}

static void other_languages(void **state)
{
    (void)state;
    struct {
        const char *text, *lang, *what;
        int y, mo, d;
    } cases[] = {
        {"BERLIN, 4. März 2025 (dpa) – Die Flut", "de", "4. März 2025", 2025, 3, 4},
        {"Am 3. Jänner 2024 begann es", "de", "3. Jänner 2024", 2024, 1, 3},
        {"le 1er mars 2025 à Paris", "fr", "1er mars 2025", 2025, 3, 1},
        {"mardi 4 février 2025, la ville", "fr", "mardi 4 février 2025", 2025, 2, 4},
        {"el 4 de marzo de 2025 en Madrid", "es", "4 de marzo de 2025", 2025, 3, 4},
        {"el miércoles 19 de agosto de 2020", "es", "miércoles 19 de agosto de 2020", 2020, 8, 19},
        {"am 1.3.2025 und", "de", "1.3.2025", 2025, 3, 1},
        {"published 2025-03-02T10:00 here", NULL, "2025-03-02", 2025, 3, 2},
        {"ПОРТ-ЭМБЕРЛИ, 4 марта 2025 года", NULL, "4 марта 2025", 2025, 3, 4},
        {"КИЇВ, 12 листопада 2024 року", NULL, "12 листопада 2024", 2024, 11, 12},
        {"WARSZAWA, 3 października 2023 r.", NULL, "3 października 2023", 2023, 10, 3},
        {"Praha 5. září 2022", NULL, "5. září 2022", 2022, 9, 5},
        {"新华社北京2025年3月5日电 连续降雨", NULL, "2025年3月5日", 2025, 3, 5},
        {"発表は２０２４年１１月３日に", NULL, "２０２４年１１月３日", 2024, 11, 3},
        {"서울 2023년 7월 14일 연합뉴스", NULL, "2023년 7월 14일", 2023, 7, 14},
    };
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        find(cases[i].text, cases[i].lang, &m);
        const ss_date_mention *x = mention(cases[i].text, &m, cases[i].what);
        assert_int_equal(x->kind, SS_DATE_FULL);
        assert_true(x->day_number == day(cases[i].y, (unsigned)cases[i].mo, (unsigned)cases[i].d));
    }
    ss_date_mentions_release(&m);
}

static void every_month_name(void **state)
{
    (void)state;
    static const char *const names[4][12] = {
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"},
        {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
         "Oktober", "November", "Dezember"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"}};
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    for (int l = 0; l < 4; l++) {
        for (int k = 0; k < 12; k++) {
            char text[64];
            snprintf(text, sizeof text, "the 12 %s 2021.", names[l][k]);
            find(text, NULL, &m);
            assert_int_equal(m.n, 1);
            assert_true(m.v[0].day_number == day(2021, (unsigned)k + 1, 12));
        }
    }
    static const char *const days[4][7] = {
        {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
        {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
        {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
        {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"}};
    for (int l = 0; l < 4; l++) {
        for (int k = 0; k < 7; k++) {
            find(days[l][k], NULL, &m);
            assert_int_equal(m.n, 1);
            assert_int_equal(m.v[0].kind, SS_DATE_WEEKDAY);
            assert_int_equal(m.v[0].weekday, k + 1);
        }
    }
    /* German compounds of weekday and part of the day */
    static const char *const compounds[] = {"am Sonntagabend", "am Montagmorgen", "Freitagnacht"};
    static const int wds[] = {7, 1, 5};
    for (int i = 0; i < 3; i++) {
        find(compounds[i], "de", &m);
        assert_int_equal(m.n, 1);
        assert_int_equal(m.v[0].kind, SS_DATE_WEEKDAY);
        assert_int_equal(m.v[0].weekday, wds[i]);
    }
    find("Sonntagsausflug", "de", &m); /* another compound: not a date */
    assert_int_equal(m.n, 0);
    ss_date_mentions_release(&m);
}

static void datelines(void **state)
{
    (void)state;
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    const char *wire = "Flood title\n\nPORT AMBERLEY, March 4, 2025 (Meridian Press) -- The river rose "
                       "on Monday, and on March 1, 2025 it rained.";
    find(wire, "en", &m);
    assert_true(mention(wire, &m, "March 4, 2025")->dateline);
    assert_false(mention(wire, &m, "March 1, 2025")->dateline);
    assert_true(ss_dates_dateline_day(&m) == day(2025, 3, 4));
    /* a credit line after page chrome, and a dateline without year */
    const char *credit = "Title\n0 Comment(s)Print E-mail Agency, January 11, 2022\n"
                         "CAPITAL, Jan. 11 (Agency) -- The minister on Monday said";
    find(credit, "en", &m);
    assert_true(mention(credit, &m, "January 11, 2022")->dateline);
    assert_true(mention(credit, &m, "Jan. 11")->dateline);
    assert_true(ss_dates_dateline_day(&m) == day(2022, 1, 11));
    /* not datelines: no capitalized word and comma before, text after */
    const char *body = "It rained on March 4, 2025 all day. Then, March 5, 2025 was dry.";
    find(body, "en", &m);
    assert_int_equal(m.n, 2);
    assert_true(ss_dates_dateline_day(&m) == SS_DAY_NONE);
    /* date stamps: a line that is a date, a label and a time */
    const char *stamp = "Pirates seize a tanker\n\nUpdated: November 11, 2011 20:09 IST\n\nPirates seized "
                        "a tanker on November 8, 2011, officials said.";
    find(stamp, "en", &m);
    assert_true(mention(stamp, &m, "November 11, 2011")->dateline);
    assert_false(mention(stamp, &m, "November 8, 2011")->dateline);
    assert_true(ss_dates_dateline_day(&m) == day(2011, 11, 11));
    const char *bare = "Title\nJan 05, 2011\nThe body.";
    find(bare, "en", &m);
    assert_true(ss_dates_dateline_day(&m) == day(2011, 1, 5));
    /* a short sentence with a date is no stamp: lower-case words */
    const char *said = "Title\nIt ended on March 4, 2025 at noon.\nMore.";
    find(said, "en", &m);
    assert_true(ss_dates_dateline_day(&m) == SS_DAY_NONE);
    ss_date_mentions_release(&m);
}

static void dateline_window(void **state)
{
    (void)state;
    char text[SS_DATELINE_WINDOW + 200];
    memset(text, 'x', sizeof text);
    for (size_t i = 50; i < SS_DATELINE_WINDOW; i += 51)
        text[i] = '\n';
    const char *dl = "\nCITY, March 4, 2025 (Agency) -- x";
    memcpy(text + SS_DATELINE_WINDOW + 10, dl, strlen(dl));
    text[sizeof text - 1] = '\0';
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(text, "en", &m);
    assert_int_equal(m.n, 1);
    assert_false(m.v[0].dateline); /* too far from the start */
    ss_date_mentions_release(&m);
}

static void resolution(void **state)
{
    (void)state;
    /* reference: Tuesday 11 January 2022 */
    int64_t ref = day(2022, 1, 11);
    assert_int_equal(ss_time_weekday(ref * 86400), 1);
    const char *t = "On Monday, on Tuesday, last Tuesday, next Monday, yesterday, tomorrow, "
                    "Dec. 30 and Jan. 3, Sunday.";
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(t, "en", &m);
    ss_dates_resolve(&m, ref);
    assert_true(mention(t, &m, "Monday")->day_number == day(2022, 1, 10));
    assert_true(mention(t, &m, "Tuesday")->day_number == ref);
    assert_true(mention(t, &m, "last Tuesday")->day_number == day(2022, 1, 4));
    assert_true(mention(t, &m, "next Monday")->day_number == day(2022, 1, 17));
    assert_true(mention(t, &m, "yesterday")->day_number == day(2022, 1, 10));
    assert_true(mention(t, &m, "tomorrow")->day_number == day(2022, 1, 12));
    /* a day and month without year: the year nearest the reference */
    assert_true(mention(t, &m, "Dec. 30")->day_number == day(2021, 12, 30));
    assert_true(mention(t, &m, "Jan. 3")->day_number == day(2022, 1, 3));
    assert_true(mention(t, &m, "Sunday")->day_number == day(2022, 1, 9));
    /* no reference: nothing resolved */
    find(t, "en", &m);
    ss_dates_resolve(&m, SS_DAY_NONE);
    assert_true(mention(t, &m, "Monday")->day_number == SS_DAY_NONE);
    ss_date_mentions_release(&m);
}

static void ambiguous_words_need_language(void **state)
{
    (void)state;
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    const char *fr = "Il est arrivé hier soir.";
    find(fr, NULL, &m);
    assert_int_equal(m.n, 0);
    find(fr, "fr", &m);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.v[0].offset, -1);
    find("Wir sind hier.", "de", &m); /* German "hier" is "here" */
    assert_int_equal(m.n, 0);
    const char *de = "Heute Morgen, und morgen auch.";
    find(de, "de", &m);
    assert_int_equal(m.n, 2); /* "Heute" and "morgen"; "Morgen" is the morning */
    assert_int_equal(m.v[1].offset, 1);
    assert_int_equal(m.v[1].start, (uint32_t)(strstr(de, "morgen auch") - de));
    find("Salió por la mañana; vuelve mañana.", "es", &m);
    assert_int_equal(m.n, 1);
    ss_date_mentions_release(&m);
}

/* Dates with CJK unit signs: partial ones, a dateline before 电, a stamp
 * line, and digits that are no date. */
static void unit_sign_dates(void **state)
{
    (void)state;
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    const char *t = "安伯利港3月5日电 河水2024年8月上涨，1234567年月 与 3月32日 无关";
    find(t, NULL, &m);
    const ss_date_mention *x = mention(t, &m, "3月5日");
    assert_int_equal(x->kind, SS_DATE_DAY_MONTH);
    assert_int_equal(x->month, 3);
    assert_int_equal(x->day, 5);
    x = mention(t, &m, "2024年8月");
    assert_int_equal(x->kind, SS_DATE_MONTH_YEAR);
    assert_int_equal(m.n, 2); /* not the long number, not 32 March */
    ss_dates_resolve(&m, day(2025, 3, 1));
    assert_true(m.v[0].day_number == day(2025, 3, 5));

    const char *dl = "新华社北京2025年3月5日电 连续三天的大雨";
    find(dl, NULL, &m);
    assert_int_equal(m.n, 1);
    assert_true(m.v[0].dateline);
    assert_true(ss_dates_dateline_day(&m) == day(2025, 3, 5));
    const char *stamp = "暴雨袭城\n2025年03月05日 10:15 来源：东海日报\n正文";
    find(stamp, NULL, &m);
    assert_true(ss_dates_dateline_day(&m) == day(2025, 3, 5));
    const char *body = "他说，2025年3月5日的会议推迟了。";
    find(body, NULL, &m);
    assert_int_equal(m.n, 1);
    assert_false(m.v[0].dateline);
    ss_date_mentions_release(&m);
}

static void offsets_after_other_scripts(void **state)
{
    (void)state;
    const char *t = "नई दिल्ली, 中国 — on 4 March 2025 «it» rose";
    ss_date_mentions m;
    ss_date_mentions_init(&m);
    find(t, NULL, &m);
    const ss_date_mention *x = mention(t, &m, "4 March 2025");
    assert_int_equal(x->cp_end - x->cp_start, 12);
    assert_int_equal(x->cp_start, ss_utf8_count(t, (size_t)(strstr(t, "4 March") - t)));
    ss_date_mentions_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_forms),
        cmocka_unit_test(wrapped_lines),
        cmocka_unit_test(month_words_need_numbers),
        cmocka_unit_test(other_languages),
        cmocka_unit_test(every_month_name),
        cmocka_unit_test(datelines),
        cmocka_unit_test(dateline_window),
        cmocka_unit_test(resolution),
        cmocka_unit_test(ambiguous_words_need_language),
        cmocka_unit_test(offsets_after_other_scripts),
        cmocka_unit_test(unit_sign_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
