/* core/time.h — dates: ISO 8601 parsing and formatting, civil calendar.
 *
 * Times are int64 seconds since 1970-01-01T00:00:00Z (proleptic Gregorian,
 * no leap seconds).  Dates without a time are taken at 00:00 UTC; a time
 * without a zone is taken as UTC.
 */
#ifndef SS_CORE_TIME_H
#define SS_CORE_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

/* Parse an ISO 8601 / RFC 3339 date or date-time: YYYY, YYYY-MM,
 * YYYY-MM-DD, YYYYMMDD, with an optional "T" or " " then hh:mm[:ss[.frac]]
 * and an optional zone Z, +hh, +hh:mm, +hhmm (a space before it allowed);
 * month, day and hour may drop their leading zero (2026-11-1T9:58).  Or
 * an RFC 2822 date as feeds give it: [Mon, ]2 Nov 2026[ 09:58[:00][ GMT|
 * +0000|EST...]].  Leading/trailing white space is allowed.  SS_OK and
 * *out set, or SS_EPARSE (out untouched). */
SS_API int ss_time_parse(const char *s, size_t n, int64_t *out);

/* The same for the end of a range ("until 2024-05-14"): a date without a
 * time stands for all of its period, so the result is the period's last
 * second (23:59:59 of a day, the last day of a month or year); a
 * date-time is taken as it is. */
SS_API int ss_time_parse_end(const char *s, size_t n, int64_t *out);

/* Days since 1970-01-01 of a civil date (month 1-12, day 1-31). */
SS_API int64_t ss_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Civil date of a day count since 1970-01-01. */
SS_API void ss_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* 1 if y-m-d is a real calendar date. */
SS_API int ss_date_valid(int64_t y, unsigned m, unsigned d);
/* Day of week of a time: 0 = Monday ... 6 = Sunday. */
SS_API int ss_time_weekday(int64_t t);
/* Write "YYYY-MM-DD" (11 bytes with NUL) into out. */
SS_API void ss_time_format_date(int64_t t, char out[11]);
/* Write "YYYY-MM-DDThh:mm:ssZ" (21 bytes with NUL) into out. */
SS_API void ss_time_format_iso(int64_t t, char out[21]);

#endif
