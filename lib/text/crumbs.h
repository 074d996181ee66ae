/* text/crumbs.h — lines of site navigation: menus and breadcrumbs.
 *
 * A scraped page keeps its menu as a line ("Home | News | Sport |
 * Weather", "Home > World > Europe", "News · Politics · Elections"): at
 * least two separators, each with a space on both sides, between items of
 * at most SS_CRUMB_ITEM_WORDS words each, or, with SS_CRUMB_MANY items or
 * more, of at most SS_CRUMB_SEGMENT_WORDS on average.  A page title of a
 * headline, its section and the site ("Russia strikes Kyiv | World | The
 * Guardian") is none: its headline is longer.  Separators: | > /
 * » › · • →.  A separator inside a name ("S/P", "AC/DC") has no spaces
 * around it and does not count; a headline with one ("Markets | Stocks
 * fall") has one.  Used by the cleaner (such a line is chrome, never the
 * title) and by the headline judge (story/headline.c).
 */
#ifndef SS_TEXT_CRUMBS_H
#define SS_TEXT_CRUMBS_H

#include <stddef.h>

#include "core/api.h"

/* Items of a menu are a word or two ("World", "Local News"); a long
 * breadcrumb ("Home > World > Middle East > Gaza Ceasefire Talks") may have
 * a longer one, three words on average over four items or more. */
#define SS_CRUMB_ITEM_WORDS 2
#define SS_CRUMB_MANY 4
#define SS_CRUMB_SEGMENT_WORDS 3

/* 1 when s[0..n) (UTF-8) is a line of navigation, else 0. */
SS_API int ss_is_crumbs(const char *s, size_t n);

#endif
