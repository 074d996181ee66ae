/* Unit tests: engine — the preparer (text, language, dateline date,
 * features with pivot terms) and the memory engine (add, finish, story
 * JSON, misuse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

static ss_stopwords *sw;

static int setup(void **state)
{
    (void)state;
    sw = ss_stopwords_load(NULL);
    return sw ? 0 : -1;
}

static void remove_stores(void);

static int teardown(void **state)
{
    (void)state;
    ss_stopwords_free(sw);
    remove_stores();
    return 0;
}

static ss_doc *make_doc(const char *id, const char *title, const char *text, const char *date)
{
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->id, id, (size_t)-1), 0);
    if (title)
        assert_int_equal(ss_doc_set_str(&d->title, title, (size_t)-1), 0);
    assert_int_equal(ss_doc_set_text(d, text, strlen(text)), 0);
    if (date)
        ss_doc_set_date(d, date);
    d->format = SS_FORMAT_JSONL;
    return d;
}

static const char *flood_a =
    "Heavy rain flooded the river town of Port Amberley on Tuesday, forcing 1,200 residents "
    "to leave their homes. Mayor Clara Voss said the Amber River rose four metres overnight "
    "and rescue teams used boats to reach families trapped on rooftops in the old quarter.";
static const char *flood_b =
    "Rescue teams in boats reached families trapped on rooftops after the Amber River rose "
    "four metres overnight in Port Amberley. Mayor Clara Voss said 1,200 residents had left "
    "their homes as heavy rain flooded the town on Tuesday.";
static const char *phone =
    "The company Orbital unveiled a folding phone with a battery that lasts three days, "
    "priced at 899 dollars, at a launch event in Seoul on Wednesday. Chief executive Min-jun "
    "Park said shipments begin next month in twelve countries.";

/* A dateline gives an undated article its day; the language is found;
 * the features hold content words and names. */
static void preparer_dates_and_features(void **state)
{
    (void)state;
    ss_error err;
    ss_error_clear(&err);
    ss_preparer *p = ss_preparer_new(1, sw, NULL, &err);
    assert_non_null(p);
    char text[1024];
    snprintf(text, sizeof text, "PORT AMBERLEY, March 3, 2021 (Wire) - %s", flood_a);
    ss_doc *d = make_doc("a", "Floods in Port Amberley", text, NULL);
    ss_features x;
    ss_features_init(&x);
    assert_int_equal(ss_prepare_features(p, 0, d, &x, &err), SS_OK);
    assert_string_equal(d->lang, "en");
    assert_non_null(d->date);
    assert_string_equal(d->date, "2021-03-03");
    assert_true(x.f[SS_F_TERMS].n > 10);
    assert_true(x.f[SS_F_ENTS].n > 0);
    /* names and numbers fill the pivot field even without a lexicon */
    assert_true(x.f[SS_F_PIVOT].n > 0);
    /* a worker number out of range is refused, not used */
    assert_int_equal(ss_prepare_doc(p, 1, d, &err), SS_EINVAL);
    ss_features_release(&x);
    ss_doc_free(d);
    ss_preparer_free(p);
}

typedef struct {
    int stories;
    char ids[8][64];
    size_t sizes[8];
    ss_buf json;
} seen;

static int on_story(void *ctx, const ss_engine_story *s)
{
    seen *k = ctx;
    if (k->stories >= 8)
        return SS_EINTERNAL;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += (size_t)snprintf(k->ids[k->stories] + n, sizeof k->ids[0] - n, "%s%s", i ? "," : "",
                              s->docs[i]->id);
    k->sizes[k->stories] = s->n;
    k->stories++;
    ss_buf_clear(&k->json);
    return ss_engine_story_json(s, &k->json);
}

/* Two reports of one flood make one story, the phone launch its own; the
 * articles go in date order whatever the input order. */
static void engine_groups_in_date_order(void **state)
{
    (void)state;
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    o.threads = 2;
    o.stopwords = sw;
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = ss_engine_new(&o, &err);
    assert_non_null(e);
    ss_doc *docs[3] = {make_doc("b", "Amber River floods Port Amberley", flood_b, "2021-03-03T12:00:00Z"),
                       make_doc("p", "Orbital shows a folding phone", phone, "2021-03-03T09:00:00Z"),
                       make_doc("a", "Floods in Port Amberley", flood_a, "2021-03-03T08:00:00Z")};
    size_t kept = 0;
    assert_int_equal(ss_engine_add(e, docs, 3, &kept, &err), SS_OK);
    assert_int_equal(kept, 3);
    ss_engine_counts c;
    ss_engine_get_counts(e, &c);
    assert_int_equal(c.articles, 3);
    assert_int_equal(c.undated, 0);
    seen k;
    memset(&k, 0, sizeof k);
    assert_int_equal(ss_engine_finish(e, on_story, &k, &err), SS_OK);
    assert_int_equal(k.stories, 2);
    /* the flood story: a first (earliest), then b */
    int flood = strcmp(k.ids[0], "a,b") == 0 ? 0 : 1;
    assert_string_equal(k.ids[flood], "a,b");
    assert_string_equal(k.ids[1 - flood], "p");
    ss_engine_get_counts(e, &c);
    assert_int_equal(c.stories, 2);
    assert_int_equal(c.multi, 1);
    /* adding after finishing is refused */
    assert_int_equal(ss_engine_add(e, docs, 1, &kept, &err), SS_EINVAL);
    assert_int_equal(kept, 0);
    assert_int_equal(ss_engine_finish(e, on_story, &k, &err), SS_EINVAL);
    ss_buf_release(&k.json);
    for (int i = 0; i < 3; i++)
        ss_doc_free(docs[i]);
    ss_engine_free(e);
}

/* The story JSON carries the ids, the first article, the title and the
 * relation of the second article to the first. */
static void engine_story_json(void **state)
{
    (void)state;
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    o.threads = 1;
    o.stopwords = sw;
    ss_engine *e = ss_engine_new(&o, NULL);
    assert_non_null(e);
    ss_doc *docs[2] = {make_doc("a", "Floods in Port Amberley", flood_a, "2021-03-03"),
                       make_doc("b", "Floods in Port Amberley", flood_a, "2021-03-04")};
    assert_int_equal(ss_engine_add(e, docs, 2, NULL, NULL), SS_OK);
    seen k;
    memset(&k, 0, sizeof k);
    assert_int_equal(ss_engine_finish(e, on_story, &k, NULL), SS_OK);
    assert_int_equal(k.stories, 1);
    assert_int_equal(ss_buf_putc(&k.json, '\0'), 0);
    const char *j = (const char *)k.json.data;
    assert_non_null(strstr(j, "\"articles\":[\"a\",\"b\"]"));
    assert_non_null(strstr(j, "\"first\":\"a\""));
    assert_non_null(strstr(j, "\"first_date\":\"2021-03-03\""));
    assert_non_null(strstr(j, "\"last_date\":\"2021-03-04\""));
    assert_non_null(strstr(j, "\"type\":\"duplicate\""));
    ss_buf_release(&k.json);
    for (int i = 0; i < 2; i++)
        ss_doc_free(docs[i]);
    ss_engine_free(e);
}

/* A caller's error stops finishing and comes back as the result. */
static int stop_at_first(void *ctx, const ss_engine_story *s)
{
    (void)s;
    (*(int *)ctx)++;
    return SS_EIO;
}

static void engine_callback_error_stops(void **state)
{
    (void)state;
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    o.threads = 1;
    ss_engine *e = ss_engine_new(&o, NULL);
    assert_non_null(e);
    ss_doc *docs[2] = {make_doc("a", NULL, flood_a, "2021-03-03"), make_doc("p", NULL, phone, "2021-03-03")};
    assert_int_equal(ss_engine_add(e, docs, 2, NULL, NULL), SS_OK);
    int calls = 0;
    assert_int_equal(ss_engine_finish(e, stop_at_first, &calls, NULL), SS_EIO);
    assert_int_equal(calls, 1);
    for (int i = 0; i < 2; i++)
        ss_doc_free(docs[i]);
    ss_engine_free(e);
}

/* ---- the store ---- */

static char store_path[256];

static void store_name(const char *tag)
{
    snprintf(store_path, sizeof store_path, "/tmp/ss_test_engine_%s_%d.db", tag, (int)getpid());
    char p[300];
    const char *suf[] = {"", "-wal", "-shm", ".lock", ".token"};
    for (size_t i = 0; i < sizeof suf / sizeof *suf; i++) {
        snprintf(p, sizeof p, "%s%s", store_path, suf[i]);
        unlink(p);
    }
}

/* The stores of the tests and what lies beside them (the writer's lock
 * file stays by design: see core/filelock.h), once all have run. */
static void remove_stores(void)
{
    const char *tags[] = {"a", "b", "ctx"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        store_name(tags[i]);
}

static ss_engine *store_open(unsigned flags, double window, ss_error *err)
{
    ss_engine_opts o;
    ss_engine_opts_default(&o);
    o.threads = 1;
    o.stopwords = sw;
    o.story.window_days = window;
    return ss_engine_open(store_path, &o, flags, err);
}

static int contains(const ss_buf *b, const char *needle)
{
    return memmem(b->data, b->len, needle, strlen(needle)) != NULL;
}

/* Add, re-send, correct, list with a cursor, read an article, remove. */
static void store_add_resend_correct_remove(void **state)
{
    (void)state;
    store_name("a");
    ss_error err;
    ss_error_clear(&err);
    ss_engine *e = store_open(SS_STORE_CREATE, 3, &err);
    assert_non_null(e);
    ss_doc *docs[3] = {make_doc("a", "Floods in Port Amberley", flood_a, "2021-03-03T08:00:00Z"),
                       make_doc("b", "Amber River floods Port Amberley", flood_b, "2021-03-03T12:00:00Z"),
                       make_doc("p", "Orbital shows a folding phone", phone, "2021-03-03T09:00:00Z")};
    ss_add_result res[3];
    assert_int_equal(ss_engine_add_batch(e, docs, 3, res, &err), SS_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(res[i].action, SS_ADD_NEW);
        assert_true(res[i].article > 0 && res[i].story > 0 && res[i].story_new);
    }
    assert_int_equal(res[0].story, res[1].story);
    assert_true(res[2].story != res[0].story);
    ss_buf b = SS_BUF_INIT;
    assert_int_equal(ss_engine_changes_json(e, &b, &err), SS_OK);
    assert_true(contains(&b, "\"change\":\"new\""));
    ss_engine_free(e);

    /* reopened: the same content is a no-op, other content a correction */
    e = store_open(SS_STORE_KEEP_OPTIONS, 0, &err);
    assert_non_null(e);
    ss_doc *again = make_doc("p", "Orbital shows a folding phone", phone, "2021-03-03T09:00:00Z");
    assert_int_equal(ss_engine_add_batch(e, &again, 1, res, &err), SS_OK);
    assert_int_equal(res[0].action, SS_ADD_SAME);
    ss_buf_clear(&b);
    assert_int_equal(ss_engine_changes_json(e, &b, &err), SS_OK);
    assert_int_equal(b.len, 0);
    ss_doc *fixed = make_doc("p", "Orbital shows a folding phone", phone, "2021-03-04T09:00:00Z");
    assert_int_equal(ss_engine_add_batch(e, &fixed, 1, res, &err), SS_OK);
    assert_int_equal(res[0].action, SS_ADD_CORRECTED);
    ss_buf_clear(&b);
    assert_int_equal(ss_engine_changes_json(e, &b, &err), SS_OK);
    assert_true(contains(&b, "\"corrected\":[\"p\"]"));

    /* listing: newest activity first, one per page */
    ss_story_filter f;
    ss_story_filter_init(&f);
    f.limit = 1;
    char *next = NULL;
    ss_buf_clear(&b);
    assert_int_equal(ss_engine_list_json(e, &f, &b, &next, &err), SS_OK);
    assert_non_null(next);
    assert_true(contains(&b, "\"articles\":[\"p\"]"));
    f.after = next;
    ss_buf_clear(&b);
    char *next2 = NULL;
    assert_int_equal(ss_engine_list_json(e, &f, &b, &next2, &err), SS_OK);
    assert_null(next2);
    assert_true(contains(&b, "\"articles\":[\"a\",\"b\"]"));
    free(next);
    ss_buf_clear(&b);
    assert_int_equal(ss_engine_article_json(e, "b", &b, &err), SS_OK);
    assert_true(contains(&b, "\"relation\":{\"type\":"));
    assert_int_equal(ss_engine_article_json(e, "zz", &b, &err), SS_ENOTFOUND);

    /* removal: b leaves, a keeps the story */
    const char *ids[] = {"b"};
    size_t removed = 0;
    assert_int_equal(ss_engine_remove(e, ids, 1, &removed, &err), SS_OK);
    assert_int_equal(removed, 1);
    ss_buf_clear(&b);
    assert_int_equal(ss_engine_changes_json(e, &b, &err), SS_OK);
    assert_true(contains(&b, "\"articles\":[\"a\"]"));
    assert_true(contains(&b, "\"change\":\"updated\""));
    /* a store engine has no one-shot finish */
    assert_int_equal(ss_engine_finish(e, on_story, NULL, &err), SS_EINVAL);
    ss_buf_release(&b);
    ss_doc_free(again);
    ss_doc_free(fixed);
    for (int i = 0; i < 3; i++)
        ss_doc_free(docs[i]);
    ss_engine_free(e);
    store_name("a");
}

/* Other options, not a store, a missing store: errors naming the file. */
static void store_refusals(void **state)
{
    (void)state;
    store_name("b");
    ss_error err;
    ss_error_clear(&err);
    assert_null(store_open(SS_STORE_READONLY, 3, &err));
    assert_int_equal(err.code, SS_ENOTFOUND);
    assert_non_null(strstr(err.msg, store_path));
    ss_engine *e = store_open(SS_STORE_CREATE, 3, &err);
    assert_non_null(e);
    ss_engine_free(e);
    assert_null(store_open(0, 5, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_non_null(strstr(err.msg, "--window 3"));
    store_name("b");
    FILE *fp = fopen(store_path, "w");
    assert_non_null(fp);
    fputs("not a database at all, just text that goes on for a while......................\n", fp);
    fclose(fp);
    assert_null(store_open(SS_STORE_CREATE, 3, &err));
    assert_int_equal(err.code, SS_EFORMAT);
    assert_non_null(strstr(err.msg, "not a samestory store"));
    store_name("b");
}

/* A context's data gives the same stories and links as data loaded per
 * call, and one context serves several handles at once. */
static void context_shared(void **state)
{
    (void)state;
    static const char body[] =
        "{\"id\":\"a\",\"date\":\"2026-03-04\",\"title\":\"Harbor bridge closed after storm\","
        "\"text\":\"The harbor bridge was closed on Tuesday after the storm damaged its cables, the "
        "mayor said. \\\"We will reopen it when it is safe,\\\" said Mayor Elena Varga.\"}\n"
        "{\"id\":\"b\",\"date\":\"2026-03-04\",\"title\":\"Storm shuts harbor bridge\","
        "\"text\":\"The storm damaged the cables of the harbor bridge, which was closed on Tuesday, "
        "Mayor Elena Varga said. 1,200 drivers were sent around the bay.\"}\n";
    ss_error err;
    ss_error_clear(&err);
    ss_context *ctx = ss_context_new(&err);
    assert_non_null(ctx);
    ss_buf with = SS_BUF_INIT, without = SS_BUF_INIT;
    assert_int_equal(ss_stories_json(ctx, body, sizeof body - 1, 2, &with, &err), SS_OK);
    assert_int_equal(ss_stories_json(NULL, body, sizeof body - 1, 2, &without, &err), SS_OK);
    assert_true(with.len > 0 && with.len == without.len);
    assert_memory_equal(with.data, without.data, with.len);
    ss_buf_clear(&with);
    ss_buf_clear(&without);
    assert_int_equal(ss_translations_json(ctx, body, sizeof body - 1, 0.45, 0, 1, &with, &err), SS_OK);
    assert_int_equal(ss_translations_json(NULL, body, sizeof body - 1, 0.45, 0, 1, &without, &err), SS_OK);
    assert_true(with.len == without.len);
    if (with.len)
        assert_memory_equal(with.data, without.data, with.len);
    /* a writer and a reader on one context, freed before it */
    store_name("ctx");
    ss_engine *e1 = ss_engine_open_path(ctx, store_path, SS_STORE_CREATE, 1, &err);
    if (!e1)
        fail_msg("%s", err.msg);
    ss_engine *e2 = ss_engine_open_path(ctx, store_path, SS_STORE_READONLY, 1, &err);
    assert_non_null(e2);
    size_t acc = 0, rej = 0;
    ss_buf_clear(&with);
    if (ss_engine_add_json(e1, body, sizeof body - 1, 0, 0, &with, &acc, &rej, &err) != SS_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(acc, 2);
    int64_t na = 0, ns = 0;
    assert_int_equal(ss_engine_store_totals(e2, &na, &ns, &err), SS_OK);
    assert_int_equal(na, 2);
    ss_engine_free(e1);
    ss_engine_free(e2);
    store_name("ctx");
    ss_context_free(ctx);
    ss_buf_release(&with);
    ss_buf_release(&without);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(preparer_dates_and_features),
        cmocka_unit_test(engine_groups_in_date_order),
        cmocka_unit_test(engine_story_json),
        cmocka_unit_test(engine_callback_error_stops),
        cmocka_unit_test(store_add_resend_correct_remove),
        cmocka_unit_test(store_refusals),
        cmocka_unit_test(context_shared),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
