/* core/doc.c — document lifetime and field setters (see doc.h). */
#include "core/doc.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"

ss_doc *ss_doc_new(void)
{
    ss_doc *d = calloc(1, sizeof *d);
    if (d) {
        d->time = SS_TIME_NONE;
        d->captured = SS_TIME_NONE;
        d->format = SS_FORMAT_JSONL;
    }
    return d;
}

void ss_doc_free(ss_doc *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->text);
    free(d->title);
    free(d->html);
    free(d->date);
    free(d->url);
    free(d->source);
    free(d->author);
    free(d->extra);
    free(d->origin);
    free(d);
}

int ss_doc_set_str(char **field, const char *s, size_t n)
{
    char *p = NULL;
    if (s) {
        if (n == (size_t)-1)
            n = strlen(s);
        p = malloc(n + 1);
        if (!p)
            return SS_ENOMEM;
        memcpy(p, s, n);
        p[n] = '\0';
    }
    free(*field);
    *field = p;
    return SS_OK;
}

int ss_doc_set_text(ss_doc *d, const char *s, size_t n)
{
    if (n == (size_t)-1)
        n = s ? strlen(s) : 0;
    int rc = ss_doc_set_str(&d->text, s ? s : "", n);
    if (rc == SS_OK) {
        d->text_len = n;
        if (d->body_start > n)
            d->body_start = 0;
    }
    return rc;
}

/* The first cap - 1 bytes of given into dst, no character cut in two,
 * control characters as "?" (it is shown in messages on a terminal). */
static void copy_cut(char *dst, size_t cap, const char *given)
{
    size_t n = strnlen(given, cap - 1);
    for (size_t i = 0; i < n; i++)
        dst[i] = (unsigned char)given[i] < 0x20 || given[i] == 0x7f ? '?' : given[i];
    /* drop a trailing partial UTF-8 sequence */
    size_t k = n;
    while (k > 0 && ((unsigned char)dst[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && (unsigned char)dst[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)dst[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < need)
            n = k - 1;
    }
    dst[n] = '\0';
}

int ss_doc_set_date(ss_doc *d, const char *iso)
{
    if (ss_doc_set_str(&d->date, iso, (size_t)-1))
        return SS_ENOMEM;
    d->time = SS_TIME_NONE;
    if (!iso)
        return SS_OK;
    int64_t t;
    if (ss_time_parse(iso, strlen(iso), &t) != SS_OK) {
        if (iso[strspn(iso, " \t\r\n")])
            copy_cut(d->date_unread, sizeof d->date_unread, iso);
        return SS_EPARSE;
    }
    d->time = t;
    return SS_OK;
}

int ss_doc_fill_date(ss_doc *d, const char *iso)
{
    if (!iso || !iso[strspn(iso, " \t\r\n")])
        return SS_OK;
    int unread = d->date && d->time == SS_TIME_NONE && d->date_unread[0];
    if (d->date && d->date[strspn(d->date, " \t\r\n")] && !unread)
        return SS_OK; /* a date of its own */
    int64_t t;
    if (unread && ss_time_parse(iso, strlen(iso), &t) != SS_OK)
        return SS_OK; /* no better: the record's date stays as given */
    char keep[sizeof d->date_unread];
    memcpy(keep, d->date_unread, sizeof keep);
    if (ss_doc_set_date(d, iso) == SS_ENOMEM)
        return SS_ENOMEM;
    if (unread) /* the warning names the record's date */
        memcpy(d->date_unread, keep, sizeof keep);
    return SS_OK;
}

int ss_doc_date_from_capture(ss_doc *d)
{
    if (d->time != SS_TIME_NONE || d->captured == SS_TIME_NONE)
        return SS_OK;
    char iso[21];
    ss_time_format_iso(d->captured, iso);
    return ss_doc_fill_date(d, iso);
}

const char *ss_doc_title_or_empty(const ss_doc *d) { return d->title ? d->title : ""; }

size_t ss_text_work_len(const char *s, size_t n)
{
    if (!s || n <= SS_DOC_WORK_MAX)
        return s ? n : 0;
    /* a line break in the last 16 KiB before the cap, else a space in the
       last 4 KiB, else a character boundary */
    size_t cut = SS_DOC_WORK_MAX;
    for (size_t i = cut; i > SS_DOC_WORK_MAX - 16384; i--)
        if (s[i - 1] == '\n')
            return i;
    for (size_t i = cut; i > SS_DOC_WORK_MAX - 4096; i--)
        if (s[i - 1] == ' ')
            return i;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

size_t ss_doc_work_len(const ss_doc *d)
{
    return ss_text_work_len(d->text, d->text_len);
}

void ss_doc_note_unread_lang(ss_doc *d, const char *given)
{
    copy_cut(d->lang_unread, sizeof d->lang_unread, given);
}
