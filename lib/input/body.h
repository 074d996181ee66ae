/* input/body.h — the records of one request body (`samestory serve`).
 *
 * A body is one JSON value that is an object (one record) or an array (its
 * elements, each an object), else JSON Lines (each non-blank line a
 * record, as in a .jsonl file).  Each record comes back as its own JSON
 * text, ready for ss_jsonl_parse (input/jsonl.h), or with the reason it
 * is not a record (an array element that is not an object); a record is
 * never dropped silently.  Thread-safe: no state.
 */
#ifndef SS_INPUT_BODY_H
#define SS_INPUT_BODY_H

#include <stddef.h>

#include "core/api.h"
#include "core/error.h"

typedef struct ss_body_record {
    char *json;      /* the record's JSON text (malloc'd, NUL-terminated), or NULL */
    size_t len;      /* bytes of json */
    char *error;     /* why this element is not a record (malloc'd), or NULL */
} ss_body_record;

/* Split body[0..len) into *n records in *out (the caller frees them with
 * ss_body_records_free).  SS_OK (also for an empty body: *n = 0),
 * SS_ETOOBIG when it holds more than max_records (nothing returned),
 * SS_EPARSE when it is markup (a page sent as the body instead of a
 * record holding it), or SS_ENOMEM; err says which. */
/* 1 when body[0..len) is markup, not records: its first byte after white
 * space is '<' (a page posted as the body, which is to be sent as a record
 * {"id", "html"}); SS_BODY_MARKUP says so. */
SS_API int ss_body_is_markup(const char *body, size_t len);
#define SS_BODY_MARKUP                                                                                   \
    "the body is markup, not records: send a page as a record, {\"id\": \"...\", \"html\": \"<html>...\"}"

SS_API int ss_body_split(const char *body, size_t len, size_t max_records, ss_body_record **out, size_t *n,
                         ss_error *err);

/* Free r[0..n) and r.  NULL is a no-op. */
SS_API void ss_body_records_free(ss_body_record *r, size_t n);

#endif
