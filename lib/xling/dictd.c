/* xling/dictd.c — dictd index and data reader (see dictd.h).
 *
 * The data file is read whole (FreeDict dictionaries are tens of MB at
 * most) through the input stream, which inflates gzip/dictzip; the index
 * is read line by line.  Offsets and lengths are base64 numbers with the
 * alphabet A-Z a-z 0-9 + /.
 */
#include "xling/dictd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "input/stream.h"

struct ss_dictd {
    char *index_path;
    ss_stream *index;
    ss_buf data;
    char *word;
    size_t word_cap;
};

static int b64digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static int b64num(const char *s, size_t n, unsigned long long *out)
{
    unsigned long long v = 0;
    if (n == 0 || n > 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int d = b64digit(s[i]);
        if (d < 0)
            return -1;
        v = v * 64 + (unsigned)d;
    }
    *out = v;
    return 0;
}

ss_dictd *ss_dictd_open(const char *base, ss_error *err)
{
    ss_dictd *d = calloc(1, sizeof *d);
    if (!d) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    size_t n = strlen(base) + 16;
    d->index_path = malloc(n);
    char *data_path = malloc(n);
    if (!d->index_path || !data_path) {
        free(data_path);
        ss_dictd_close(d);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(d->index_path, n, "%s.index", base);
    snprintf(data_path, n, "%s.dict.dz", base);
    ss_stream *s = ss_stream_open(data_path, 0, NULL);
    if (!s) {
        snprintf(data_path, n, "%s.dict", base);
        s = ss_stream_open(data_path, 0, err);
    }
    int rc = s ? ss_stream_read_all(s, &d->data, (size_t)1 << 30, err) : SS_EIO;
    ss_stream_close(s);
    free(data_path);
    if (rc == SS_OK) {
        d->index = ss_stream_open(d->index_path, 1 << 20, err);
        if (!d->index)
            rc = SS_EIO;
    }
    if (rc) {
        ss_dictd_close(d);
        return NULL;
    }
    return d;
}

void ss_dictd_close(ss_dictd *d)
{
    if (!d)
        return;
    ss_stream_close(d->index);
    ss_buf_release(&d->data);
    free(d->index_path);
    free(d->word);
    free(d);
}

int ss_dictd_next(ss_dictd *d, const char **headword, const char **text, size_t *len, ss_error *err)
{
    for (;;) {
        const char *line;
        size_t n;
        int rc = ss_stream_getline(d->index, &line, &n, err);
        if (rc <= 0)
            return rc;
        const char *t1 = memchr(line, '\t', n);
        const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line)) : NULL;
        if (!t1 || !t2)
            return ss_error_set(err, SS_EFORMAT, "%s:%llu: not a dictd index line", d->index_path,
                                (unsigned long long)ss_stream_lineno(d->index));
        const char *t3 = memchr(t2 + 1, '\t', n - (size_t)(t2 + 1 - line));
        size_t lenlen = t3 ? (size_t)(t3 - t2 - 1) : n - (size_t)(t2 + 1 - line);
        unsigned long long off, ln;
        if (b64num(t1 + 1, (size_t)(t2 - t1 - 1), &off) || b64num(t2 + 1, lenlen, &ln) ||
            off + ln > d->data.len)
            return ss_error_set(err, SS_EFORMAT, "%s:%llu: bad offset or length", d->index_path,
                                (unsigned long long)ss_stream_lineno(d->index));
        size_t wl = (size_t)(t1 - line);
        if (wl >= 11 && memcmp(line, "00-database", 11) == 0)
            continue;
        if (wl + 1 > d->word_cap) {
            char *w = realloc(d->word, wl + 1);
            if (!w)
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            d->word = w;
            d->word_cap = wl + 1;
        }
        memcpy(d->word, line, wl);
        d->word[wl] = '\0';
        *headword = d->word;
        *text = d->data.data + off;
        *len = (size_t)ln;
        return 1;
    }
}
