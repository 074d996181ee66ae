/* test_story_model.c — the story model file: load, refuse damage, score.
 *
 * Model texts are written here with their CRC-32 computed by ss_crc32 (the
 * CRC itself is checked against the standard check value); the shipped
 * data/story.model is loaded through the data folder and must score an
 * identical pair above a disjoint one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

static const char body[] = "samestory-story-model 1\n"
                           "data unit test\n"
                           "command test_story_model\n"
                           "# a comment\n"
                           "feature terms 2.0\n"
                           "feature lead 1.0\n"
                           "bias -1.5\n"
                           "same 2.0 0.5\n"
                           "threshold 0.40\n"
                           "headline_threshold 0.30\n";

/* body (or another text) followed by its checksum line, in buf. */
static void with_crc(const char *text, char *buf, size_t cap)
{
    snprintf(buf, cap, "%scrc32 %08x\n", text, ss_crc32(text, strlen(text)));
}

static void crc_check_value(void **state)
{
    (void)state;
    assert_int_equal(ss_crc32("123456789", 9), 0xCBF43926u); /* the CRC-32 check value */
}

static void parse_and_apply(void **state)
{
    (void)state;
    char buf[2048];
    with_crc(body, buf, sizeof buf);
    ss_story_model m;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_story_model_parse(buf, strlen(buf), "m", &m, &err), SS_OK);
    assert_true(m.used[SS_SF_TERMS] && m.used[SS_SF_LEAD] && !m.used[SS_SF_NAMES]);
    assert_string_equal(m.data, "unit test");
    assert_true(fabs(m.threshold - 0.40) < 1e-12);
    assert_true(fabs(m.headline_threshold - 0.30) < 1e-12);
    double x[SS_SF_COUNT] = {0};
    x[SS_SF_TERMS] = 0.5;
    x[SS_SF_LEAD] = 0.25;
    x[SS_SF_NAMES] = 9; /* not used: no weight */
    double s, p;
    ss_story_model_apply(&m, x, &s, &p);
    double z = -1.5 + 2.0 * 0.5 + 1.0 * 0.25;
    assert_true(fabs(s - 1 / (1 + exp(-z))) < 1e-12);
    assert_true(fabs(p - 1 / (1 + exp(-(2.0 * z + 0.5)))) < 1e-12);
}

/* A boosted tree ensemble: two trees, identity link. */
static const char trees[] = "samestory-story-model 1\n"
                            "link identity\n"
                            "tree 3\n"
                            "split terms 0.5 1 2\n"
                            "leaf -0.25\n"
                            "leaf 0.25\n"
                            "tree 5\n"
                            "split names 0.25 1 2\n"
                            "leaf 0.0\n"
                            "split numbers 0.5 3 4\n"
                            "leaf 0.1\n"
                            "leaf 0.2\n"
                            "bias 0.5\n"
                            "same 4.0 -2.0\n"
                            "threshold 0.5\n"
                            "headline_threshold 0.5\n";

static void trees_apply(void **state)
{
    (void)state;
    char buf[2048];
    with_crc(trees, buf, sizeof buf);
    ss_story_model m;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_story_model_parse(buf, strlen(buf), "t", &m, &err), SS_OK);
    assert_int_equal(m.ntrees, 2);
    assert_int_equal(m.nnodes, 8);
    assert_true(m.used[SS_SF_TERMS] && m.used[SS_SF_NAMES] && m.used[SS_SF_NUMBERS] && !m.used[SS_SF_LEAD]);
    double x[SS_SF_COUNT] = {0}, s, p;
    ss_story_model_apply(&m, x, &s, &p); /* left, left: 0.5 - 0.25 + 0 */
    assert_true(fabs(s - 0.25) < 1e-12);
    assert_true(fabs(p - 1 / (1 + exp(-(4.0 * 0.25 - 2.0)))) < 1e-12);
    x[SS_SF_TERMS] = 0.5; /* at the threshold: left */
    x[SS_SF_NAMES] = 0.3;
    x[SS_SF_NUMBERS] = 0.9;
    ss_story_model_apply(&m, x, &s, &p); /* 0.5 - 0.25 + 0.2 */
    assert_true(fabs(s - 0.45) < 1e-12);
    x[SS_SF_TERMS] = 0.9;
    x[SS_SF_NUMBERS] = 0.1;
    ss_story_model_apply(&m, x, &s, &p); /* 0.5 + 0.25 + 0.1 */
    assert_true(fabs(s - 0.85) < 1e-12);
    x[SS_SF_NUMBERS] = 0.9;
    ss_story_model_apply(&m, x, &s, &p); /* 0.95, not clipped; 1.2 would be */
    assert_true(fabs(s - 0.95) < 1e-12);
    ss_story_model_release(&m);
    assert_null(m.nodes);
}

/* Each damage must be refused with SS_EFORMAT and a message with want. */
static void refuse(const char *text, const char *want)
{
    ss_story_model m;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_story_model_parse(text, strlen(text), "x.model", &m, &err), SS_EFORMAT);
    if (!strstr(err.msg, want))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
    assert_non_null(strstr(err.msg, "x.model"));
}

static void damaged_files_are_refused(void **state)
{
    (void)state;
    char buf[2048], text[2048];
    with_crc(body, buf, sizeof buf);
    /* one byte changed: the checksum no longer matches */
    char *w = strstr(buf, "2.0");
    w[0] = '3';
    refuse(buf, "checksum mismatch");
    /* cut short: no checksum line */
    with_crc(body, buf, sizeof buf);
    buf[strlen(body) / 2] = '\0';
    refuse(buf, "no crc32 line");
    refuse("", "no crc32 line");
    /* consistent checksum but wrong content */
    snprintf(text, sizeof text, "%s", body);
    memcpy(text, "samestory-story-modem", 21);
    with_crc(text, buf, sizeof buf);
    refuse(buf, "not a samestory story model");
    with_crc("samestory-story-model 2\nbias 0\n", buf, sizeof buf);
    refuse(buf, "version 2");
    snprintf(text, sizeof text, "%sfeature shoe_size 1\n", body);
    with_crc(text, buf, sizeof buf);
    refuse(buf, ":11: unknown feature \"shoe_size\"");
    snprintf(text, sizeof text, "%sfeature terms 1\n", body);
    with_crc(text, buf, sizeof buf);
    refuse(buf, "given twice");
    snprintf(text, sizeof text, "%sbias nan\n", body);
    with_crc(text, buf, sizeof buf);
    refuse(buf, ":11: bad value for \"bias\"");
    snprintf(text, sizeof text, "%sthreshold 1.5\n", body);
    with_crc(text, buf, sizeof buf);
    refuse(buf, "bad value for \"threshold\"");
    with_crc("samestory-story-model 1\nfeature terms 1\nbias 0\nthreshold 0.5\nheadline_threshold 0.5\n", buf,
             sizeof buf);
    refuse(buf, "no \"same\" line");
    /* broken trees: a child pointing back (a cycle), out of the tree, too few nodes */
    snprintf(text, sizeof text, "%s", trees);
    memcpy(strstr(text, "split numbers 0.5 3 4"), "split numbers 0.5 0 4", 21);
    with_crc(text, buf, sizeof buf);
    refuse(buf, ":10: node 2's children (0, 4) lie outside the tree");
    snprintf(text, sizeof text, "%s", trees);
    memcpy(strstr(text, "split terms 0.5 1 2"), "split terms 0.5 1 7", 19);
    with_crc(text, buf, sizeof buf);
    refuse(buf, ":4: node 0's children (1, 7)");
    snprintf(text, sizeof text, "%s", trees);
    memcpy(strstr(text, "tree 5"), "tree 6", 6);
    with_crc(text, buf, sizeof buf);
    refuse(buf, "node(s) missing");
    with_crc("samestory-story-model 1\nleaf 1\n", buf, sizeof buf);
    refuse(buf, ":2: a node outside any tree");
}

static void load_from_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_story_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char buf[2048];
    with_crc(body, buf, sizeof buf);
    assert_int_equal(write(fd, buf, strlen(buf)), (ssize_t)strlen(buf));
    close(fd);
    ss_story_model m;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_story_model_load(path, &m, &err), SS_OK);
    assert_true(fabs(m.bias + 1.5) < 1e-12);
    unlink(path);
    assert_int_equal(ss_story_model_load(path, &m, &err), SS_EIO); /* missing */
    assert_non_null(strstr(err.msg, path));
}

/* The shipped model (data/story.model): loads, and orders pairs sensibly. */
static void shipped_model(void **state)
{
    (void)state;
    ss_error err;
    ss_error_clear(&err);
    const ss_story_model *m = ss_story_model_default(&err);
    if (!m)
        fail_msg("%s", err.msg);
    assert_true(m->threshold > 0 && m->threshold < 1);
    assert_true(m->data[0] && m->command[0]);
    double same[SS_SF_COUNT] = {0}, other[SS_SF_COUNT] = {0};
    for (int i = 0; i < SS_SF_COUNT; i++)
        same[i] = 1.0;
    same[SS_SF_CROSS] = same[SS_SF_HEADLINE] = 0;
    double s1, p1, s2, p2;
    ss_story_model_apply(m, same, &s1, &p1);
    ss_story_model_apply(m, other, &s2, &p2);
    assert_true(p1 > m->threshold && p2 < m->threshold);
    assert_true(s1 > s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc_check_value),
        cmocka_unit_test(parse_and_apply),
        cmocka_unit_test(trees_apply),
        cmocka_unit_test(damaged_files_are_refused),
        cmocka_unit_test(load_from_file),
        cmocka_unit_test(shipped_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
