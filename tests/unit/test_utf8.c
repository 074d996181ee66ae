/* Unit tests: text/utf8 — validation, repair policy, offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/utf8.h"

static void valid_prefix(void **state)
{
    (void)state;
    const char *ok = "plain ASCII text, long enough for the 8-byte fast path";
    assert_int_equal(ss_utf8_valid_prefix(ok, strlen(ok)), strlen(ok));
    const char *mixed = "caf\xc3\xa9 \xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4 \xf0\x9f\x98\x80";
    assert_int_equal(ss_utf8_valid_prefix(mixed, strlen(mixed)), strlen(mixed));
    const char bad[] = "abcdefghij\xff rest";
    assert_int_equal(ss_utf8_valid_prefix(bad, sizeof bad - 1), 10);
    const char nul[] = "abcdefghijklmnop\0qr";
    assert_int_equal(ss_utf8_valid_prefix(nul, sizeof nul - 1), 16);
    /* overlong, surrogate, above U+10FFFF */
    assert_int_equal(ss_utf8_valid_prefix("\xc0\xaf", 2), 0);
    assert_int_equal(ss_utf8_valid_prefix("\xed\xa0\x80", 3), 0);
    assert_int_equal(ss_utf8_valid_prefix("\xf4\x90\x80\x80", 4), 0);
}

static void repair_maximal_subparts(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT;
    ss_utf8_report rep;
    /* a truncated 3-byte sequence (E2 82) is one maximal subpart -> one U+FFFD;
       a lone continuation byte and an invalid lead are one each */
    const char in[] = "a\xe2\x82" "b\x80" "c\xff" "d";
    assert_int_equal(ss_utf8_repair(in, sizeof in - 1, &out, &rep), 0);
    assert_string_equal(out.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d");
    assert_int_equal(rep.invalid, 3);
    assert_int_equal(rep.nuls, 0);
    assert_int_equal(rep.first_offset, 1);
    ss_buf_release(&out);
}

static void repair_nul_keeps_code_point_count(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT;
    ss_utf8_report rep;
    const char in[] = "x\0y\0";
    assert_int_equal(ss_utf8_repair(in, 4, &out, &rep), 0);
    assert_int_equal(rep.nuls, 2);
    assert_int_equal(rep.invalid, 0);
    /* four code points in, four out */
    assert_int_equal(ss_utf8_count(out.data, out.len), 4);
    ss_buf_release(&out);
}

static void repair_valid_is_identity(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT;
    ss_utf8_report rep;
    const char *s = "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xe5\x8c\x97\xe4\xba\xac";
    assert_int_equal(ss_utf8_repair(s, strlen(s), &out, &rep), 0);
    assert_memory_equal(out.data, s, strlen(s));
    assert_int_equal(rep.invalid + rep.nuls, 0);
    assert_int_equal(rep.first_offset, SIZE_MAX);
    ss_buf_release(&out);
}

static void decode_and_offsets(void **state)
{
    (void)state;
    const char *s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80z"; /* a é 中 😀 z */
    size_t n = strlen(s), i = 0;
    uint32_t want[] = {'a', 0xE9, 0x4E2D, 0x1F600, 'z'};
    for (int k = 0; k < 5; k++)
        assert_int_equal(ss_utf8_next(s, n, &i), want[k]);
    assert_int_equal(i, n);
    assert_int_equal(ss_utf8_count(s, n), 5);
    assert_int_equal(ss_utf8_byte_offset(s, n, 3), 6);
    assert_int_equal(ss_utf8_byte_offset(s, n, 5), n);
    size_t j = n;
    assert_int_equal(ss_utf8_prev(s, &j), 'z');
    assert_int_equal(ss_utf8_prev(s, &j), 0x1F600);
    assert_int_equal(j, 6);
    char buf[4];
    assert_int_equal(ss_utf8_encode(0x1F600, buf), 4);
    assert_memory_equal(buf, "\xf0\x9f\x98\x80", 4);
    assert_int_equal(ss_utf8_encode(0xD800, buf), 3); /* surrogate -> U+FFFD */
    assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_prefix),
        cmocka_unit_test(repair_maximal_subparts),
        cmocka_unit_test(repair_nul_keeps_code_point_count),
        cmocka_unit_test(repair_valid_is_identity),
        cmocka_unit_test(decode_and_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
