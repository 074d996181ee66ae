/* xling/translit.c — ICU transliteration (see translit.h).
 *
 * UTF-8 -> UTF-16 (u_strFromUTF8), utrans_transUChars in place with room to
 * grow, UTF-16 -> UTF-8 (u_strToUTF8).  Buffers are kept between calls.
 */
#include "xling/translit.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "story/entity.h"

struct ss_translit {
    UTransliterator *tr;
    UChar *u;
    int32_t ucap;
    ss_buf tmp;
};

ss_translit *ss_translit_new(ss_error *err)
{
    ss_translit *t = calloc(1, sizeof *t);
    if (!t) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    static const UChar id[] = {'A', 'n', 'y', '-', 'L', 'a', 't', 'i', 'n', ';', ' ', 'L', 'a', 't',
                               'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    t->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
    if (U_FAILURE(st)) {
        free(t);
        ss_error_set(err, SS_ENODATA, "ICU transliteration unavailable: %s", u_errorName(st));
        return NULL;
    }
    return t;
}

void ss_translit_free(ss_translit *t)
{
    if (!t)
        return;
    if (t->tr)
        utrans_close(t->tr);
    free(t->u);
    ss_buf_release(&t->tmp);
    free(t);
}

int ss_translit_ascii(ss_translit *t, const char *s, size_t n, ss_buf *out)
{
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii)
        return ss_buf_append(out, s, n);
    if (n > (1u << 24))
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
