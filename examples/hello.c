/* examples/hello.c — libsamestory from C, through its installed header.
 *
 *   cc hello.c $(pkg-config --cflags --libs samestory) -o hello && ./hello
 *
 * Groups three records into duplicates (two are one wire story, one
 * reprinted with a dateline) and cleans a page; prints what it found.
 * Built and run against an installed copy by `make check`
 * (tests/install_test.sh).
 */
#include <samestory/samestory.h>

#include <stdio.h>
#include <string.h>

static const char records[] =
    "{\"id\": \"wire\", \"date\": \"2024-03-01\", \"text\": \"The port of Grayhaven reopened on "
    "Friday after a week of repairs to the storm-damaged pier, the harbour authority said in a "
    "statement on its website.\"}\n"
    "{\"id\": \"reprint\", \"date\": \"2024-03-02\", \"text\": \"GRAYHAVEN (Wire) - The port of "
    "Grayhaven reopened on Friday after a week of repairs to the storm-damaged pier, the harbour "
    "authority said in a statement on its website.\"}\n"
    "{\"id\": \"other\", \"text\": \"A new library opened in the old mill on Saturday, with a "
    "reading room and a cafe for the village.\"}\n";

static const char page[] =
    "{\"id\": \"page\", \"html\": \"<html><head><title>Port reopens</title></head><body>"
    "<nav>Home | Sport</nav><article><h1>Port reopens after storm</h1><p>The port of Grayhaven "
    "reopened on Friday after a week of repairs to the storm-damaged pier, the harbour authority "
    "said.</p></article></body></html>\"}";

int main(void)
{
    ss_error err;
    memset(&err, 0, sizeof err);
    printf("libsamestory %s\n", ss_version());

    ss_dedup_opts o;
    ss_dedup_opts_default(&o);
    ss_deduper *d = ss_deduper_new(&o, 0, &err);
    if (!d) {
        fprintf(stderr, "hello: %s\n", err.msg);
        return 1;
    }
    size_t added = 0;
    ss_buf out = {0};
    if (ss_deduper_add_json(d, records, strlen(records), 0, &added, &err) != SS_OK ||
        ss_deduper_results_json(d, 0, (uint32_t)added, &out, &err) != SS_OK) {
        fprintf(stderr, "hello: %s\n", err.msg);
        ss_deduper_free(d);
        return 1;
    }
    printf("%s", out.data);
    ss_buf_release(&out);
    ss_deduper_free(d);

    ss_record_cleaner *rc = ss_record_cleaner_new(NULL, 0, &err);
    if (!rc || ss_record_clean_text(rc, page, strlen(page), &out, &err) != SS_OK) {
        fprintf(stderr, "hello: %s\n", err.msg);
        ss_record_cleaner_free(rc);
        return 1;
    }
    printf("%s\n", out.data);
    ss_buf_release(&out);
    ss_record_cleaner_free(rc);

    /* a bad record is an error with its place, not a crash */
    ss_deduper *e = ss_deduper_new(NULL, 0, &err);
    int bad = e ? ss_deduper_add_json(e, "{\"text\": \"no id\"}", 17, 0, NULL, &err) : SS_ENOMEM;
    printf("bad record: %s (%s)\n", ss_strerror(bad), err.msg);
    ss_deduper_free(e);
    return 0;
}
