/* Unit tests: numbers in a comma-decimal locale.
 *
 * A host program (a Python binding, a desktop tool) may call
 * setlocale(LC_ALL, "") before it uses the library; under de_DE.UTF-8 that
 * makes printf write "0,5" and strtod stop at "0.5"'s point.  This program
 * does what such a host does: setlocale(LC_ALL, "") with LC_ALL from the
 * environment, or de_DE.UTF-8 when the environment names no comma-decimal
 * locale, and then checks that JSON numbers and the number facts compared
 * across articles are those of the C locale.
 *
 * The locale must be installed (setup.sh generates de_DE.UTF-8).  Without it
 * the tests are skipped, and counted as skipped; with CI=true a missing
 * locale fails instead, so CI cannot pass without running them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "samestory.h"

static int comma_locale; /* setlocale gave a locale whose decimal point is ',' */

static void need_comma_locale(void)
{
    if (!comma_locale) {
        const char *ci = getenv("CI");
        if (ci && strcmp(ci, "true") == 0)
            fail_msg("no comma-decimal locale (de_DE.UTF-8) installed; setup.sh makes it");
        skip();
    }
}

static void json_numbers(void **state)
{
    (void)state;
    need_comma_locale();
    /* the locale is in force for the C library... */
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");
    /* ...and not for the JSON writer */
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_arr(&w);
    ss_jw_double(&w, 0.5, 3);
    ss_jw_double(&w, -2.25, 4);
    ss_jw_double(&w, 3.14159265, 5);
    ss_jw_double(&w, 1e300, 2); /* too long for fixed: the %g fallback */
    ss_jw_double(&w, 7.0, 2);
    ss_jw_arr_end(&w);
    assert_string_equal(b.data, "[0.5,-2.25,3.14159,1.0000000000000001e+300,7]");
    ss_buf_release(&b);
}

static void parse_numbers(void **state)
{
    (void)state;
    need_comma_locale();
    char *end;
    assert_true(strtod("0.5", &end) != 0.5); /* what the C library does here */
    assert_true(ss_num_parse("0.5", &end) == 0.5);
    assert_int_equal(*end, '\0');
    assert_true(ss_num_parse("2,5", &end) == 2.0);
    assert_int_equal(*end, ',');
}

static ss_doc *mkdoc(const char *id, const char *text)
{
    ss_doc *d = ss_doc_new();
    ss_doc_set_str(&d->id, id, (size_t)-1);
    ss_doc_set_text(d, text, (size_t)-1);
    strcpy(d->lang, "en");
    d->body_start = (size_t)(strchr(d->text, '\n') - d->text) + 1;
    return d;
}

/* 0.5 against 0.7 percent: atof under de_DE reads both as 0, and a value of 0
 * is no size to compare, so it found no conflict. */
static void number_conflict(void **state)
{
    (void)state;
    need_comma_locale();
    const char *a = "Prices\nConsumer prices in Halden rose 0.5 percent in March, the statistics "
                    "office said on Tuesday.\n";
    const char *b = "Halden inflation\nConsumer prices in Halden rose 0.7 percent in March, the "
                    "statistics office said on Tuesday.\n";
    ss_stopwords *sw = ss_stopwords_load(NULL);
    ss_quoter *qt = ss_quoter_new(NULL);
    assert_non_null(sw);
    assert_non_null(qt);
    ss_doc *d[2] = {mkdoc("a", a), mkdoc("b", b)};
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    assert_non_null(an);
    ss_analysis x[2];
    const ss_analysis *xp[2];
    for (int i = 0; i < 2; i++) {
        ss_analysis_init(&x[i]);
        assert_int_equal(ss_analyze_doc(an, d[i], &x[i]), 0);
        xp[i] = &x[i];
    }
    ss_comparison c;
    ss_comparison_init(&c);
    assert_int_equal(ss_compare_story(xp, 2, NULL, &c), 0);
    assert_int_equal(c.nconflicts, 1);
    assert_int_equal(c.conflicts[0].what, SS_CONFLICT_NUMBER);
    assert_int_equal(c.conflicts[0].nvalues, 2);
    assert_string_equal(c.conflicts[0].values[0].value, "0.5");
    assert_string_equal(c.conflicts[0].values[1].value, "0.7");
    ss_comparison_release(&c);
    for (int i = 0; i < 2; i++) {
        ss_analysis_release(&x[i]);
        ss_doc_free(d[i]);
    }
    ss_analyzer_free(an);
    ss_quoter_free(qt);
    ss_stopwords_free(sw);
}

static int is_comma(void)
{
    const struct lconv *lc = localeconv();
    return lc && lc->decimal_point && strcmp(lc->decimal_point, ",") == 0;
}

int main(void)
{
    if (!setlocale(LC_ALL, "") || !is_comma()) {
        setenv("LC_ALL", "de_DE.UTF-8", 1);
        setlocale(LC_ALL, "");
    }
    comma_locale = is_comma();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_numbers),
        cmocka_unit_test(parse_numbers),
        cmocka_unit_test(number_conflict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
