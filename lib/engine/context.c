/* engine/context.c — the data every stage reads, loaded once (see context.h). */
#include "engine/context.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct ss_context {
    ss_stopwords *sw;
    ss_lexicon *lx;
    ss_quoter *qt;
    ss_buf warnings;
};

static void warn(ss_context *c, const char *msg, const char *what)
{
    if (c->warnings.len)
        ss_buf_putc(&c->warnings, '\n');
    ss_buf_append(&c->warnings, msg, strlen(msg));
    ss_buf_append(&c->warnings, what, strlen(what));
}

ss_context *ss_context_new(ss_error *err)
{
    ss_context *c = calloc(1, sizeof *c);
    if (!c) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    if (!(c->sw = ss_stopwords_load(err))) {
        ss_context_free(c);
        return NULL;
    }
    ss_error oerr;
    ss_error_clear(&oerr);
    if (!(c->lx = ss_lexicon_load(&oerr)))
        warn(c, oerr.msg, "; articles in different languages meet through names and numbers only");
    ss_error_clear(&oerr);
    if (!(c->qt = ss_quoter_new(&oerr)))
        warn(c, oerr.msg, " (no quotations)");
    return c;
}

void ss_context_free(ss_context *c)
{
    if (!c)
        return;
    ss_stopwords_free(c->sw);
    ss_lexicon_free(c->lx);
    ss_quoter_free(c->qt);
    ss_buf_release(&c->warnings);
    free(c);
}

const char *ss_context_warnings(const ss_context *c)
{
    return c && c->warnings.len ? (const char *)c->warnings.data : "";
}

const ss_stopwords *ss_context_stopwords(const ss_context *c) { return c ? c->sw : NULL; }

const ss_lexicon *ss_context_lexicon(const ss_context *c) { return c ? c->lx : NULL; }

const ss_quoter *ss_context_quoter(const ss_context *c) { return c ? c->qt : NULL; }
