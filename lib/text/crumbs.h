/* text/crumbs.h — lines of site navigation: menus and breadcrumbs.
 *
 * A scraped page keeps its menu as a line ("Home | News | Sport |
 * Weather", "Home > World > Europe", "News · Politics · Elections"): at
 * least two separators, each with a space on both sides, between segments
 * of at most SS_CRUMB_SEGMENT_WORDS words on average.  Separators: | > /
 * » › · • →.  A separator inside a name ("S/P", "AC/DC") has no spaces
 * around it and does not count; a headline with one ("Markets | Stocks
 * fall") has one.  Used by the cleaner (such a line is chrome, never the
 * title) and by the headline judge (story/headline.c).
 */
#ifndef SS_TEXT_CRUMBS_H
#define SS_TEXT_CRUMBS_H

#include <stddef.h>

#include "core/api.h"

/* Segments of a menu are a word or two ("World", "Local News"); three on
 * average still reads as one, a clause does not. */
#define SS_CRUMB_SEGMENT_WORDS 3

/* 1 when s[0..n) (UTF-8) is a line of navigation, else 0. */
SS_API int ss_is_crumbs(const char *s, size_t n);

#endif
