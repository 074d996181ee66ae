/* xling/translit.c — ICU transliteration (see translit.h).
 *
 * UTF-8 -> UTF-16 (u_strFromUTF8), utrans_transUChars in place with room to
 * grow, UTF-16 -> UTF-8 (u_strToUTF8).  Buffers are kept between calls.
 *
 * Cache: the words of a text repeat (Zipf), and ICU's rule-based transform
 * costs about 10 us a word; Chinese text spent over 70% of `translations`
 * in it.  Results are kept per distinct input (exact bytes compared, not
 * only the hash) in an open-addressing table of CACHE_SLOTS entries over
 * one byte pool; when the table is half full or the pool holds CACHE_BYTES
 * the cache is emptied and refills (memory stays bounded, and a text of
 * distinct words costs one ICU call each, as before).
 */
#include "xling/translit.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include "story/entity.h"
#include <xxhash.h>

#define CACHE_SLOTS 262144u          /* power of two (4 MiB of entries) */
#define CACHE_BYTES (8u * 1024 * 1024) /* pool of inputs and outputs */

typedef struct {
    uint64_t h;                      /* 0 = empty */
    uint32_t off, in_len, out_len;   /* input then output, at pool[off] */
} centry;

struct ss_translit {
    UTransliterator *tr;
    UBreakIterator *brk;             /* word breaks of unspaced scripts, opened on first use */
    UChar *u;
    int32_t ucap;
    ss_buf tmp;
    centry *slot;                    /* CACHE_SLOTS, allocated on first use */
    size_t used;
    ss_buf pool;
    int unavailable;                 /* ICU could not open the transform */
    int no_breaks;                   /* ... nor the word break iterator */
};

ss_translit *ss_translit_new(ss_error *err)
{
    ss_translit *t = calloc(1, sizeof *t);
    if (!t)
        ss_error_set(err, SS_ENOMEM, "out of memory");
    return t;
}

/* ICU builds the transform from its rules in about 50 ms, once per
 * transliterator (one per worker thread): on a few English articles that
 * was most of a whole `stories` run (0.3 s -> 0.05 s), and text all in
 * ASCII never needs it.  So it is opened on the first word that does.
 * (One transform shared by the threads under a lock saved nothing more:
 * "Any-Latin" builds a transform per script on its first word, which a
 * small run pays once either way.) */
static int open_transform(ss_translit *t)
{
    if (t->tr)
        return SS_OK;
    if (t->unavailable)
        return SS_EINVAL;
    static const UChar id[] = {'A', 'n', 'y', '-', 'L', 'a', 't', 'i', 'n', ';', ' ', 'L', 'a', 't',
                               'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    t->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
    if (U_FAILURE(st)) {
        t->tr = NULL;
        t->unavailable = 1;
        return SS_EINVAL;
    }
    return SS_OK;
}

void ss_translit_free(ss_translit *t)
{
    if (!t)
        return;
    if (t->tr)
        utrans_close(t->tr);
    if (t->brk)
        ubrk_close(t->brk);
    free(t->u);
    ss_buf_release(&t->tmp);
    free(t->slot);
    ss_buf_release(&t->pool);
    free(t);
}

/* ICU's transform of non-ASCII s[0..n), appended to out. */
static int transform(ss_translit *t, const char *s, size_t n, ss_buf *out);

int ss_translit_ascii(ss_translit *t, const char *s, size_t n, ss_buf *out)
{
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii)
        return ss_buf_append(out, s, n);
    if (n > 256) /* not a word: not worth keeping */
        return transform(t, s, n, out);
    if (!t->slot && !(t->slot = calloc(CACHE_SLOTS, sizeof *t->slot)))
        return transform(t, s, n, out);
    uint64_t h = XXH3_64bits(s, n) | 1;
    size_t j = (size_t)h & (CACHE_SLOTS - 1);
    for (; t->slot[j].h; j = (j + 1) & (CACHE_SLOTS - 1)) {
        const centry *e = &t->slot[j];
        if (e->h == h && e->in_len == n && memcmp(t->pool.data + e->off, s, n) == 0)
            return ss_buf_append(out, t->pool.data + e->off + e->in_len, e->out_len);
    }
    size_t before = out->len;
    int rc = transform(t, s, n, out);
    if (rc != SS_OK)
        return rc;
    size_t olen = out->len - before;
    if (t->used + 1 > CACHE_SLOTS / 2 || t->pool.len + n + olen > CACHE_BYTES) {
        memset(t->slot, 0, CACHE_SLOTS * sizeof *t->slot);
        t->used = 0;
        ss_buf_clear(&t->pool);
        j = (size_t)h & (CACHE_SLOTS - 1);
    }
    size_t off = t->pool.len;
    if (ss_buf_append(&t->pool, s, n) || (olen && ss_buf_append(&t->pool, out->data + before, olen)))
        return SS_OK; /* not kept; the answer stands */
    t->slot[j] = (centry){h, (uint32_t)off, (uint32_t)n, (uint32_t)olen};
    t->used++;
    return SS_OK;
}

static int transform(ss_translit *t, const char *s, size_t n, ss_buf *out)
{
    if (n > (1u << 24) || open_transform(t) != SS_OK)
        return SS_EINVAL;
    int32_t need = (int32_t)n * 4 + 16;
    if (need > t->ucap) {
        UChar *u = realloc(t->u, (size_t)need * sizeof *u);
        if (!u)
            return SS_ENOMEM;
        t->u = u;
        t->ucap = need;
    }
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(t->u, t->ucap, &len, s, (int32_t)n, &st);
    if (U_FAILURE(st))
        return SS_EINVAL;
    int32_t limit = len;
    utrans_transUChars(t->tr, t->u, &len, t->ucap, 0, &limit, &st);
    if (U_FAILURE(st))
        return SS_EINVAL; /* U_BUFFER_OVERFLOW_ERROR too: transliterations grow little */
    int32_t blen = 0;
    st = U_ZERO_ERROR;
    if (ss_buf_reserve(out, (size_t)len * 3 + 1))
        return SS_ENOMEM;
    u_strToUTF8(out->data + out->len, (int32_t)(out->cap - out->len), &blen, t->u, len, &st);
    if (U_FAILURE(st))
        return SS_EINVAL;
    out->len += (size_t)blen;
    out->data[out->len] = '\0';
    return SS_OK;
}

uint64_t ss_translit_name_key(ss_translit *t, const char *s, size_t n)
{
    ss_buf_clear(&t->tmp);
    if (ss_translit_ascii(t, s, n, &t->tmp) != SS_OK)
        return ss_name_key(s, n);
    return ss_name_key(t->tmp.data ? t->tmp.data : "", t->tmp.len);
}

int ss_translit_words(ss_translit *t, const char *s, size_t n, ss_spans *out)
{
    out->n = 0;
    if (n > INT32_MAX)
        return SS_EINVAL;
    UErrorCode st = U_ZERO_ERROR;
    if (t->no_breaks)
        return SS_EINVAL;
    if (!t->brk) {
        /* the dictionary engines (Thai, Lao, Khmer, Burmese) are chosen
           by the text's script, whatever the locale */
        t->brk = ubrk_open(UBRK_WORD, "th", NULL, 0, &st);
        if (U_FAILURE(st)) {
            t->brk = NULL;
            t->no_breaks = 1;
            return SS_EINVAL;
        }
    }
    /* UTF-8 read in place: the iterator's indexes are byte offsets */
    UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(t->brk, ut, &st);
    if (U_FAILURE(st)) {
        utext_close(ut);
        return SS_EINVAL;
    }
    int rc = SS_OK;
    int32_t a = ubrk_first(t->brk);
    for (int32_t b = ubrk_next(t->brk); b != UBRK_DONE && rc == SS_OK; a = b, b = ubrk_next(t->brk))
        if (ubrk_getRuleStatus(t->brk) >= UBRK_WORD_LETTER)
            rc = ss_spans_push(out, (ss_span){(uint32_t)a, (uint32_t)b, 0, 0});
    /* the iterator must not keep the text it no longer owns */
    static const UChar empty[1] = {0};
    ubrk_setText(t->brk, empty, 0, &st);
    utext_close(ut);
    if (rc != SS_OK)
        out->n = 0;
    return rc;
}
