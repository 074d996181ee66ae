/* text/datefind.h — dates written in text, and datelines.
 *
 * Finds the dates an article writes out, with their code point spans:
 *   - absolute dates with month names (text/calendar.h: English, German,
 *     French, Spanish, Italian, Portuguese, Dutch, Russian, Ukrainian,
 *     Polish, Czech), full or abbreviated ("March 4, 2025", "4 March
 *     2025", "Jan. 11", "4. März 2025", "1er mars 2025", "4 de marzo de
 *     2025", "4 марта 2025"), an optional weekday in front ("Tuesday,
 *     March 4, 2025");
 *   - dates written with unit signs in Chinese, Japanese and Korean, ASCII
 *     or fullwidth digits: "2025年3月5日", "3月5日", "2025年3月",
 *     "2025년 3월 5일";
 *   - numeric dates: ISO "2025-03-04" and day-first dotted "4.3.2025";
 *   - month and year ("March 2025");
 *   - weekdays ("on Monday", "last Monday", "am Montag", "lundi dernier",
 *     "el próximo lunes") and relative days ("yesterday", "gestern",
 *     "demain", "ayer"), which only a reference date can place.
 * A date needs a number next to its month name, so "may" and "march" as
 * words are not dates.  Words that are dates in one language and common
 * words in another ("hier" is French for yesterday and German for here)
 * count only when the caller names that language.
 *
 * A dateline is the line that opens a news report with where, when and
 * who: "PORT AMBERLEY, March 4, 2025 (Meridian Press) --", "BEIJING,
 * Jan. 11 (Xinhua) --", or a credit line "Xinhua, January 11, 2022".  A
 * date is marked as a dateline when it starts within the first
 * SS_DATELINE_WINDOW bytes of the text, follows a capitalized word and a
 * comma on its line, and is followed by the end of the line or by an
 * optional "(Agency)" and a dash or colon; or when it writes day, month
 * and year on a line that is a date stamp ("Updated: November 11, 2011
 * 20:09 IST", "Jan 05, 2011"): under 48 bytes beside the date, every word
 * there capitalized or one of "on", "at", "am", "pm".  A date with unit
 * signs is a dateline before 电 ("北京2025年3月5日电") or when it opens a
 * line with under 48 bytes after it (scripts without capitals).
 *
 * Resolution: a mention that writes day, month and year has its day at
 * once.  ss_dates_resolve places the others against a reference day (the
 * publication date): a day and month without year falls in the year that
 * puts it nearest the reference; a bare weekday is the latest such day on
 * or before the reference (news reports tell what happened), "last X" the
 * latest strictly before, "next X" the first strictly after; "yesterday"
 * and its kin are counted from the reference.
 */
#ifndef SS_TEXT_DATEFIND_H
#define SS_TEXT_DATEFIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

#define SS_DAY_NONE INT64_MIN
#define SS_DATELINE_WINDOW 2000

typedef enum ss_date_kind {
    SS_DATE_FULL = 1,       /* day, month and year written */
    SS_DATE_DAY_MONTH = 2,  /* day and month, no year */
    SS_DATE_MONTH_YEAR = 3, /* month and year, no day */
    SS_DATE_WEEKDAY = 4,    /* a weekday alone */
    SS_DATE_RELATIVE = 5    /* yesterday, today, tomorrow and their kin */
} ss_date_kind;

typedef struct ss_date_mention {
    uint32_t start, end;        /* byte span in the text, half-open */
    uint32_t cp_start, cp_end;  /* code point span, half-open */
    uint8_t kind;               /* ss_date_kind */
    uint8_t weekday;            /* 1 = Monday .. 7 = Sunday when one is named, else 0 */
    uint8_t month, day;         /* as written, 0 when not written */
    int32_t year;               /* as written, 0 when not written */
    int8_t offset;              /* RELATIVE: days from the reference (-1 yesterday);
                                   WEEKDAY: -1 "last", +1 "next", 0 plain */
    uint8_t dateline;           /* 1 if the mention is the date of a dateline */
    int64_t day_number;         /* the day (days since 1970-01-01), or SS_DAY_NONE
                                   until resolved */
} ss_date_mention;

typedef struct ss_date_mentions {
    ss_date_mention *v;
    size_t n, cap;
} ss_date_mentions;

SS_API void ss_date_mentions_init(ss_date_mentions *m);
SS_API void ss_date_mentions_release(ss_date_mentions *m);

/* Find the dates in valid UTF-8 text[0..len) (replacing out's content), in
 * text order.  lang is an ISO 639-1 hint ("en", "de", "fr", "es") that
 * allows the ambiguous relative words of that language; NULL or "" allows
 * only unambiguous ones.  Mentions with day, month and year have
 * day_number set; others SS_DAY_NONE.  SS_OK, SS_ENOMEM or SS_ETOOBIG. */
SS_API int ss_dates_find(const char *text, size_t len, const char *lang, ss_date_mentions *out);

/* Resolve the mentions without a day_number against reference day
 * ref_day (days since 1970-01-01); SS_DAY_NONE leaves them unresolved. */
SS_API void ss_dates_resolve(ss_date_mentions *m, int64_t ref_day);

/* The day a dateline states: the first dateline with day, month and year;
 * else SS_DAY_NONE. */
SS_API int64_t ss_dates_dateline_day(const ss_date_mentions *m);

#endif
