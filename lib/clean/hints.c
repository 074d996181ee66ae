/* clean/hints.c — class/id words to content hints (see hints_internal.h).
 *
 * Words are runs of ASCII letters; a lower-to-upper change starts a new
 * word ("commentList" -> "comment", "list").  Each word is looked up in
 * one table of (word, hint, match kind): EXACT words are short and would
 * match too much as prefixes ("ad", "nav", "tag"), PREFIX words catch the
 * usual inflections ("comment", "comments", "commenting").  Two adjacent
 * words such as "article body" or "story content" make HINT_BODY.
 *
 * The vocabularies were written from the naming habits of common CMSs
 * (WordPress, Drupal, Arc, Brightspot, Ghost, Medium-style sites) and the
 * schema.org vocabulary, not from the pages we evaluate on.
 */
#include "clean/hints_internal.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

enum { EXACT = 0, PREFIX = 1 };

typedef struct {
    const char *w;
    uint32_t hint;
    int kind;
} vocab;

static const vocab words[] = {
    /* navigation */
    {"nav", HINT_NAV, PREFIX},
    {"menu", HINT_NAV, PREFIX},
    {"submenu", HINT_NAV, EXACT},
    {"megamenu", HINT_NAV, EXACT},
    {"breadcrumb", HINT_NAV, PREFIX},
    {"crumbs", HINT_NAV, EXACT},
    {"pagination", HINT_NAV, EXACT},
    {"pager", HINT_NAV, EXACT},
    {"toolbar", HINT_NAV, EXACT},
    {"topbar", HINT_NAV, EXACT},
    {"skip", HINT_NAV, PREFIX},
    {"dropdown", HINT_NAV, EXACT},
    {"masthead", HINT_HEADER, EXACT},
    {"header", HINT_HEADER, PREFIX},
    {"footer", HINT_FOOTER, PREFIX},
    {"foot", HINT_FOOTER, EXACT},
    {"copyright", HINT_FOOTER, EXACT},
    {"colophon", HINT_FOOTER, EXACT},
    {"legal", HINT_FOOTER, EXACT},
    {"sidebar", HINT_SIDEBAR, PREFIX},
    {"aside", HINT_SIDEBAR, EXACT},
    {"rail", HINT_SIDEBAR, EXACT},
    {"widget", HINT_SIDEBAR, PREFIX},
    {"sidebox", HINT_SIDEBAR, EXACT},
    {"comment", HINT_COMMENT, PREFIX},
    {"disqus", HINT_COMMENT, EXACT},
    {"respond", HINT_COMMENT, EXACT},
    {"replies", HINT_COMMENT, EXACT},
    {"reply", HINT_COMMENT, EXACT},
    {"discussion", HINT_COMMENT, EXACT},
    {"forum", HINT_COMMENT, EXACT},
    {"share", HINT_SHARE, PREFIX},
    {"sharing", HINT_SHARE, EXACT},
    {"sharethis", HINT_SHARE, EXACT},
    {"addthis", HINT_SHARE, EXACT},
    {"social", HINT_SHARE, PREFIX},
    {"sociable", HINT_SHARE, EXACT},
    {"facebook", HINT_SHARE, EXACT},
    {"twitter", HINT_SHARE, EXACT},
    {"whatsapp", HINT_SHARE, EXACT},
    {"linkedin", HINT_SHARE, EXACT},
    {"pinterest", HINT_SHARE, EXACT},
    {"print", HINT_SHARE, EXACT},
    {"bookmark", HINT_SHARE, PREFIX},
    {"related", HINT_RELATED, EXACT},
    {"recommend", HINT_RELATED, PREFIX},
    {"recirc", HINT_RELATED, PREFIX},
    {"trending", HINT_RELATED, EXACT},
    {"popular", HINT_RELATED, EXACT},
    {"mostread", HINT_RELATED, EXACT},
    {"outbrain", HINT_RELATED, EXACT},
    {"taboola", HINT_RELATED, EXACT},
    {"teaser", HINT_RELATED, PREFIX},
    {"promo", HINT_RELATED, PREFIX},
    {"upnext", HINT_RELATED, EXACT},
    {"carousel", HINT_RELATED, EXACT},
    {"ad", HINT_AD, EXACT},
    {"ads", HINT_AD, EXACT},
    {"adv", HINT_AD, EXACT},
    {"advert", HINT_AD, PREFIX},
    {"adsense", HINT_AD, EXACT},
    {"adslot", HINT_AD, EXACT},
    {"adunit", HINT_AD, EXACT},
    {"adwrap", HINT_AD, PREFIX},
    {"adbox", HINT_AD, EXACT},
    {"adcontainer", HINT_AD, EXACT},
    {"dfp", HINT_AD, EXACT},
    {"gpt", HINT_AD, EXACT},
    {"sponsor", HINT_AD, PREFIX},
    {"banner", HINT_AD, PREFIX},
    {"commercial", HINT_AD, EXACT},
    {"promoted", HINT_AD, EXACT},
    {"newsletter", HINT_POPUP, PREFIX},
    {"subscri", HINT_POPUP, PREFIX},
    {"signup", HINT_POPUP, EXACT},
    {"login", HINT_POPUP, EXACT},
    {"signin", HINT_POPUP, EXACT},
    {"regist", HINT_POPUP, PREFIX},
    {"paywall", HINT_POPUP, EXACT},
    {"cookie", HINT_POPUP | HINT_CONSENT, PREFIX},
    {"consent", HINT_POPUP | HINT_CONSENT, EXACT},
    {"gdpr", HINT_POPUP | HINT_CONSENT, EXACT},
    {"popup", HINT_POPUP, EXACT},
    {"modal", HINT_POPUP, PREFIX},
    {"overlay", HINT_POPUP, EXACT},
    {"lightbox", HINT_POPUP, EXACT},
    {"donate", HINT_POPUP, EXACT},
    {"byline", HINT_META, PREFIX},
    {"author", HINT_META, PREFIX},
    {"dateline", HINT_META, EXACT},
    {"date", HINT_META, EXACT},
    {"time", HINT_META, EXACT},
    {"timestamp", HINT_META, EXACT},
    {"published", HINT_META, EXACT},
    {"updated", HINT_META, EXACT},
    {"meta", HINT_META, PREFIX},
    {"tags", HINT_META, EXACT},
    {"tag", HINT_META, EXACT},
    {"tagged", HINT_META, EXACT},
    {"taglist", HINT_META, EXACT},
    {"category", HINT_META, EXACT},
    {"categories", HINT_META, EXACT},
    {"kicker", HINT_META, EXACT},
    {"caption", HINT_CAPTION, PREFIX},
    {"figcaption", HINT_CAPTION, EXACT},
    {"credit", HINT_CAPTION, PREFIX},
    {"photo", HINT_CAPTION, PREFIX},
    {"image", HINT_CAPTION, PREFIX},
    {"img", HINT_CAPTION, EXACT},
    {"gallery", HINT_CAPTION, EXACT},
    {"slideshow", HINT_CAPTION, EXACT},
    {"video", HINT_CAPTION, PREFIX},
    {"thumbnail", HINT_CAPTION, EXACT},
    {"hidden", HINT_HIDDEN, EXACT},
    {"hide", HINT_HIDDEN, EXACT},
    {"invisible", HINT_HIDDEN, EXACT},
    {"sr", HINT_HIDDEN, EXACT},
    {"screenreader", HINT_HIDDEN, PREFIX},
    {"visually", HINT_HIDDEN, EXACT},
    {"offscreen", HINT_HIDDEN, EXACT},
    /* content */
    {"embed", HINT_EMBED, PREFIX},
    {"articlebody", HINT_BODY | HINT_ARTICLE, EXACT},
    {"articletext", HINT_BODY | HINT_ARTICLE, EXACT},
    {"articlecontent", HINT_BODY | HINT_ARTICLE, EXACT},
    {"storybody", HINT_BODY | HINT_ARTICLE, EXACT},
    {"storytext", HINT_BODY | HINT_ARTICLE, EXACT},
    {"storycontent", HINT_BODY | HINT_ARTICLE, EXACT},
    {"postbody", HINT_BODY | HINT_ARTICLE, EXACT},
    {"postcontent", HINT_BODY | HINT_ARTICLE, EXACT},
    {"entrycontent", HINT_BODY | HINT_ARTICLE, EXACT},
    {"bodytext", HINT_BODY, EXACT},
    {"maintext", HINT_BODY, EXACT},
    {"bodycopy", HINT_BODY, EXACT},
    {"prose", HINT_BODY, EXACT},
    {"article", HINT_ARTICLE, EXACT},
    {"story", HINT_ARTICLE, EXACT},
    {"post", HINT_ARTICLE, EXACT},
    {"entry", HINT_ARTICLE, EXACT},
    {"hentry", HINT_ARTICLE, EXACT},
    {"blog", HINT_ARTICLE, EXACT},
    {"main", HINT_ARTICLE, EXACT},
    {"content", HINT_ARTICLE, EXACT},
    {"single", HINT_ARTICLE, EXACT},
};

/* First and second words of a two-word body name ("article body"). */
static const char *const body_first[] = {"article", "story", "post", "entry", "news",
                                         "blog",    "body",  "rich", "text",  "main", NULL};
static const char *const body_second[] = {"body", "content", "text", "copy", "detail", "details",
                                          NULL};

static int in_list(const char *const *list, const char *w)
{
    for (int i = 0; list[i]; i++)
        if (list[i][0] == w[0] && strcmp(list[i], w) == 0)
            return 1;
    return 0;
}

/* The table's entries by first letter (each class word of a page is
 * looked up: a scan of the whole table was 6% of `clean`), with lengths. */
#define NWORDS (sizeof words / sizeof words[0])
static uint16_t by_letter[NWORDS], letter_start[27];
static uint8_t word_len[NWORDS];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void build_index(void)
{
    size_t k = 0;
    for (int c = 0; c < 26; c++) {
        letter_start[c] = (uint16_t)k;
        for (size_t i = 0; i < NWORDS; i++)
            if (words[i].w[0] == 'a' + c)
                by_letter[k++] = (uint16_t)i;
    }
    letter_start[26] = (uint16_t)k;
    for (size_t i = 0; i < NWORDS; i++)
        word_len[i] = (uint8_t)strlen(words[i].w);
}

/* Hints of one lower-case word w[0..n). */
static uint32_t lookup(const char *w, size_t n)
{
    if (n == 0 || w[0] < 'a' || w[0] > 'z')
        return 0;
    pthread_once(&index_once, build_index);
    uint32_t h = 0;
    int c = w[0] - 'a';
    for (size_t j = letter_start[c]; j < letter_start[c + 1]; j++) {
        size_t i = by_letter[j], k = word_len[i];
        if (words[i].kind == EXACT ? (k == n && memcmp(words[i].w, w, n) == 0)
                                   : (k <= n && memcmp(words[i].w, w, k) == 0))
            h |= words[i].hint;
    }
    return h;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* Hints of one class name (or id) s[0..n). */
static uint32_t one_name(const char *s, size_t n)
{
    uint32_t h = 0;
    char prev[24] = "", cur[24];
    size_t i = 0;
    while (i < n) {
        while (i < n && !is_upper(s[i]) && !is_lower(s[i]))
            i++;
        if (i >= n)
            break;
        size_t k = 0;
        int too_long = 0;
        do {
            if (k < sizeof cur - 1)
                cur[k++] = (char)(is_upper(s[i]) ? s[i] + 32 : s[i]);
            else
                too_long = 1;
            i++;
            /* a run of capitals stays one word; "commentList" splits before L */
        } while (i < n && (is_lower(s[i]) || (is_upper(s[i]) && is_upper(s[i - 1]))));
        cur[k] = '\0';
        if (too_long) {
            prev[0] = '\0';
            continue;
        }
        /* a word after "label" is about the element's label, not the
         * element: Drupal marks every field whose label is not shown
         * "field--label-hidden", the article's body field too */
        if (strcmp(prev, "label") != 0)
            h |= lookup(cur, k);
        /* the rest of the name is a state modifier (as modifier() below,
         * inside a BEM name): "o-section--has-ads", "card--no-comments" */
        if (strcmp(cur, "has") == 0 || strcmp(cur, "no") == 0 || strcmp(cur, "with") == 0)
            break;
        if (prev[0] && in_list(body_first, prev) && in_list(body_second, cur))
            h |= HINT_BODY;
        memcpy(prev, cur, k + 1);
    }
    /* an embedded post is quoted content, whatever platform it names:
     * "social-media-embed", "embed-twitter" */
    if (h & HINT_EMBED)
        return 0;
    /* a compound of a content word and a furniture word is furniture:
     * "post-meta", "entry-footer", "article-comments" */
    if ((h & HINT_NEGATIVE) && !(h & HINT_BODY))
        h &= HINT_NEGATIVE;
    return h;
}

/* State modifiers describe the page, not the element's content:
 * "has-sidebar", "no-comments", "is-sticky", "with-ads". */
static int modifier(const char *s, size_t n)
{
    static const char *const pre[] = {"has-", "has_", "no-", "no_", "is-", "is_", "with-", NULL};
    for (int i = 0; pre[i]; i++) {
        size_t k = strlen(pre[i]);
        if (n > k && strncasecmp(s, pre[i], k) == 0)
            return 1;
    }
    return 0;
}

uint32_t ss_hints_from_names(const char *s, size_t n)
{
    /* each class name on its own; then a name that says "content" wins
     * over one that says "furniture" on the same element: WordPress and
     * its kin put "author-x", "category-y" and "tag-z" on the article */
    uint32_t pos = 0, neg = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            i++;
        size_t j = i;
        while (j < n && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j > i && !modifier(s + i, j - i)) {
            uint32_t h = one_name(s + i, j - i);
            if (h & HINT_NEGATIVE)
                neg |= h & HINT_NEGATIVE;
            else
                pos |= h;
        }
        i = j;
    }
    return pos ? pos : neg;
}

uint32_t ss_hints_from_role(const char *s, size_t n)
{
    static const struct {
        const char *role;
        uint32_t hint;
    } roles[] = {{"navigation", HINT_NAV},     {"menu", HINT_NAV},
                 {"menubar", HINT_NAV},        {"search", HINT_NAV},
                 {"banner", HINT_HEADER},      {"contentinfo", HINT_FOOTER},
                 {"complementary", HINT_SIDEBAR}, {"dialog", HINT_POPUP},
                 {"alertdialog", HINT_POPUP},  {"main", HINT_ARTICLE},
                 {"article", HINT_ARTICLE}};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strlen(roles[i].role) == n && strncasecmp(roles[i].role, s, n) == 0)
            return roles[i].hint;
    return 0;
}

uint32_t ss_hints_from_tag(const char *name)
{
    static const struct {
        const char *tag;
        uint32_t hint;
    } tags[] = {{"nav", HINT_NAV},          {"menu", HINT_NAV},
                {"footer", HINT_FOOTER},    {"header", HINT_HEADER},
                {"aside", HINT_SIDEBAR},    {"figure", HINT_CAPTION},
                {"figcaption", HINT_CAPTION}, {"address", HINT_META},
                {"dialog", HINT_POPUP},     {"article", HINT_ARTICLE},
                {"main", HINT_ARTICLE}};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strcmp(tags[i].tag, name) == 0)
            return tags[i].hint;
    return 0;
}
