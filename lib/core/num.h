/* core/num.h — numbers to and from text, the same in every locale.
 *
 * printf("%f") and strtod() follow the process's LC_NUMERIC: once a host
 * program calls setlocale(LC_ALL, "") on a German desktop they write and
 * read "0,5".  JSON, the index files and the number facts compared across
 * articles need the C locale's '.', whatever the caller did, so every
 * floating-point conversion in the library goes through these two calls.
 * They switch the calling thread (uselocale, thread-local) to a C locale
 * made once, and back; no global state changes, so they are safe from any
 * thread and do not disturb the caller's locale.
 */
#ifndef SS_CORE_NUM_H
#define SS_CORE_NUM_H

#include <stddef.h>

/* snprintf(out, cap, fmt, prec, v) in the C locale; fmt takes exactly a
 * precision argument and one double: "%.*f", "%.*g".  Returns what
 * snprintf returns. */
int ss_num_format(char *out, size_t cap, const char *fmt, int prec, double v);

/* strtod() in the C locale: "0.5" is one half even under a comma-decimal
 * locale, and "0,5" stops at the comma. */
double ss_num_parse(const char *s, char **end);

#endif
