/* engine/context.h — the data every stage reads, loaded once.
 *
 * A context holds the stopwords (required), the bilingual lexicon
 * (optional: without it articles in different languages meet through
 * names and numbers only) and the quoter's reporting verbs (optional:
 * without them no quotations), found in the data folder (ss_data_path).
 * Engines, story runs and translation runs given a context borrow its data
 * instead of loading their own: a service with eight reading engines, a
 * Python program calling translations() in a loop or a Dask worker pays
 * for the 20 MB lexicon once.
 *
 * Thread rules: after ss_context_new returns, a context is read only, and
 * any number of threads and handles may use it at once.  It must outlive
 * every handle made with it; ss_context_free frees what it loaded.
 */
#ifndef SS_ENGINE_CONTEXT_H
#define SS_ENGINE_CONTEXT_H

#include "compare/quotes.h"
#include "core/api.h"
#include "core/error.h"
#include "text/stopwords.h"
#include "xling/lexicon.h"

/* ss_context is declared in the public header (core/error.h includes it). */

/* Load the data: NULL with err set when the stopwords are missing (err
 * names the file and the folders looked in); a missing lexicon or quoter
 * data is a warning (ss_context_warnings). */
SS_API ss_context *ss_context_new(ss_error *err);
SS_API void ss_context_free(ss_context *c);
/* What the context runs without, one line each, or "". */
SS_API const char *ss_context_warnings(const ss_context *c);

/* Borrowed data (NULL for the optional ones when missing). */
SS_API const ss_stopwords *ss_context_stopwords(const ss_context *c);
SS_API const ss_lexicon *ss_context_lexicon(const ss_context *c);
SS_API const ss_quoter *ss_context_quoter(const ss_context *c);

#endif
