/* story/headline.h — is a title a headline, and which headline names a story.
 *
 * Scraped pages often carry a "title" that is no headline: a dateline
 * ("Updated: November 11, 2011 20: 09 IST", "Jan 05, 2011"), a section or
 * site name ("THE WHITE HOUSE", "Politics", the outlet's own name), a
 * breadcrumb ("Home > World > Europe") or the page of a failed scrape
 * ("Please enable JavaScript").  ss_headline_quality judges one title from
 * its own words (and the document's source and URL, for the site name);
 * ss_story_headline picks the title that stands for a story: a headline
 * before anything else, then one in the story's most common language,
 * then the one whose article is most central to the story (most similar
 * to the sum of all members' features).
 *
 * Nothing here allocates what the caller frees; the functions only read.
 */
#ifndef SS_STORY_HEADLINE_H
#define SS_STORY_HEADLINE_H

#include <stddef.h>

#include "core/api.h"
#include "core/doc.h"
#include "story/df.h"
#include "story/features.h"

/* Quality of title as a headline, 0..1: 0 for a dateline, a section or
 * site name, a breadcrumb, a URL or scrape-failure text; 0.2 for one or
 * two words; 0.6 and 0.8 for three and four words; 0.3 for a paragraph
 * (over SS_HEADLINE_MAX_CP code points); 1 otherwise.  source and url (may
 * be NULL) name the document's outlet: a title that is only that name is a
 * site name.  title must be valid UTF-8; NULL or blank gives 0. */
SS_API double ss_headline_quality(const char *title, const char *source, const char *url);

/* The member of a story whose title names it: among the titled members,
 * the best quality class (headline: quality 0.5 or more; weak: above 0;
 * not a headline), then the story's most common language, then the most
 * central (ss_similarity of the member to the sum of all members).
 * docs[i] and feats[i] are member i; df the corpus frequencies (may be
 * NULL: centrality then counts as equal).  Returns n when no member has a
 * title, or when memory runs out for the profile. */
SS_API size_t ss_story_headline(const ss_doc *const *docs, const ss_features *const *feats,
                                size_t n, const ss_df *df);

#define SS_HEADLINE_MAX_CP 160   /* longer than any headline seen: a paragraph */

#endif
