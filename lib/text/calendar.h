/* text/calendar.h — month and weekday names in the languages we read.
 *
 * Words are given normalized (text/norm.h: case folded), without a final
 * full stop.  English, German, French, Spanish, Italian, Portuguese and
 * Dutch names, and the usual English and German abbreviations ("Jan",
 * "Sept", "Mon", "Di"); months also in Russian (genitive, nominative,
 * prepositional), Ukrainian (genitive), Polish (genitive, nominative) and
 * Czech (genitive).  Weekdays of those four are left out: Russian "среда"
 * (Wednesday) is also "environment", and a weekday alone is a date only
 * against a reference day.
 */
#ifndef SS_TEXT_CALENDAR_H
#define SS_TEXT_CALENDAR_H

#include <stddef.h>

#include "core/api.h"

/* 1..12 if w names a month, else 0. */
SS_API int ss_month_name(const char *w, size_t n);
/* 1 (Monday) .. 7 (Sunday) if w names a day of the week, else 0. */
SS_API int ss_weekday_name(const char *w, size_t n);

#endif
