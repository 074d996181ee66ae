/* Unit tests: clean — charset detection, prescan, class/id hints, HTML
 * extraction and metadata, plain-text chrome, corpus line counts, bad
 * pages (deep nesting, binary, empty, all navigation), threads.  Every
 * page and text here is written for these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/charset_internal.h"
#include "clean/corpus_internal.h"
#include "clean/hints_internal.h"
#include "clean/htmltree_internal.h"
#include "clean/meta_internal.h"
#include "clean/textclean_internal.h"
#include "samestory.h"
#include "text/utf8.h"

/* ---- helpers ----------------------------------------------------------- */

static ss_cleaner *cleaner(void)
{
    ss_error err;
    ss_error_clear(&err);
    ss_cleaner *c = ss_cleaner_new(NULL, &err);
    assert_non_null(c);
    return c;
}

static ss_doc *html_doc(const char *html, size_t n)
{
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->id, "page", (size_t)-1), SS_OK);
    assert_int_equal(ss_doc_set_str(&d->html, html, n), SS_OK);
    d->html_len = n;
    d->format = SS_FORMAT_HTML;
    return d;
}

static ss_doc *text_doc(const char *text, int format)
{
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->id, "doc", (size_t)-1), SS_OK);
    assert_int_equal(ss_doc_set_text(d, text, (size_t)-1), SS_OK);
    d->format = format;
    return d;
}

/* Clean html; the result is left in *r (caller releases). */
static void clean_html(ss_cleaner *c, const char *html, ss_clean_result *r)
{
    ss_doc *d = html_doc(html, strlen(html));
    ss_error err;
    ss_clean_result_init(r);
    assert_int_equal(ss_clean_doc(c, d, r, &err), SS_OK);
    ss_doc_free(d);
}

static const char *str(const ss_buf *b) { return b->data ? b->data : ""; }

/* A news page written for these tests: site chrome around an article with
 * a byline, a caption, a quote, a one-line paragraph, a list, a subheading,
 * share buttons, related links and comments. */
static const char page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Harbour bridge reopens after repairs | The Lakeside Courier</title>"
    "<meta property=\"og:site_name\" content=\"The Lakeside Courier\">"
    "<meta property=\"article:published_time\" content=\"2024-06-02T07:15:00+02:00\">"
    "<link rel=\"canonical\" href=\"https://courier.example/city/harbour-bridge\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
    "{\"@type\":\"WebPage\",\"name\":\"x\"},{\"@type\":\"NewsArticle\",\"headline\":\"Harbour "
    "bridge reopens\",\"datePublished\":\"2024-06-01T05:00:00Z\",\"author\":[{\"@type\":\"Person\","
    "\"name\":\"Iris Holm\"}]}]}</script>"
    "<script>var x = '<p>not text</p>'; if (a < b) { document.write('</div>'); }</script>"
    "<style>p { color: red }</style></head><body>"
    "<div class=\"site-header\"><a href=\"/\">The Lakeside Courier</a>"
    "<ul class=\"menu\"><li><a href=\"/city\">City</a></li><li><a href=\"/sport\">Sport</a></li>"
    "<li><a href=\"/weather\">Weather</a></li><li><a href=\"/culture\">Culture</a></li></ul></div>"
    "<!-- a comment with <p>markup</p> that must not show -->"
    "<div id=\"main\"><article class=\"story\">"
    "<h1>Harbour bridge reopens after two years of repairs</h1>"
    "<div class=\"byline\">By <a href=\"/staff/iris\">Iris Holm</a> <time datetime=\"2024-06-02\">2 June</time></div>"
    "<div class=\"share-bar\"><a href=\"#\">Share</a> <a href=\"#\">Post</a></div>"
    "<div class=\"story-body\">"
    "<p>The old harbour bridge in Lakeside opened to traffic again on Saturday morning, two years "
    "after engineers closed it because of cracks in its main steel girders.</p>"
    "<figure><img src=\"b.jpg\"><figcaption>The first buses cross the bridge on Saturday.</figcaption></figure>"
    "<p>About four hundred people walked across the bridge before the first cars were allowed on "
    "it, and a brass band played on the northern bank.</p>"
    "<blockquote><p>\"We waited a long time for this day,\" said Tomas Wirth, who runs a bakery "
    "on the southern side of the river.</p></blockquote>"
    "<p>It cost more than planned.</p>"
    "<h2>What changed</h2>"
    "<p>The city replaced the girders, the deck and the lighting, and added a lane for cyclists "
    "on each side of the road.</p>"
    "<ul><li>new steel girders on both spans</li><li>a wider footpath on the eastern side</li>"
    "<li>lights that dim when nobody is crossing</li></ul>"
    "<p>The council said the repairs were paid for by the regional transport fund and by a loan "
    "that the city will repay over twenty years.</p>"
    "</div>"
    "<div class=\"related-links\"><h3>More from the city</h3><ul>"
    "<li><a href=\"/a\">Tram line to the airport delayed again</a></li>"
    "<li><a href=\"/b\">New park opens on the old rail yard</a></li></ul></div>"
    "</article>"
    "<section id=\"comments\"><h3>Comments</h3><p>I drove across it this morning and it is much "
    "better than before, although the traffic lights on the northern side are still slow.</p>"
    "<p>Finally! It took them long enough to fix a bridge that everybody in town uses every day "
    "of the week.</p></section>"
    "</div><aside class=\"sidebar\"><h3>Most read</h3><ol><li><a href=\"/c\">Storm warning for the "
    "coast</a></li><li><a href=\"/d\">School holidays start early</a></li></ol></aside>"
    "<footer><p>&copy; 2024 The Lakeside Courier. All rights reserved.</p>"
    "<a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></footer>"
    "<div class=\"cookie-banner\" style=\"display: none\">We use cookies on this site.</div>"
    "</body></html>";

/* ---- charset ------------------------------------------------------------- */

static void test_charset_declared(void **state)
{
    (void)state;
    char name[64];
    const char a[] = "<html><head><meta charset=\"ISO-8859-2\"></head>";
    assert_int_equal(ss_charset_declared(a, strlen(a), name, sizeof name), 1);
    assert_string_equal(name, "ISO-8859-2");
    const char b[] = "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>";
    assert_int_equal(ss_charset_declared(b, strlen(b), name, sizeof name), 1);
    assert_string_equal(name, "windows-1251");
    const char c[] = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html>";
    assert_int_equal(ss_charset_declared(c, strlen(c), name, sizeof name), 1);
    assert_string_equal(name, "Shift_JIS");
    const char d[] = "<!-- <meta charset=\"koi8-r\"> --><p>no declaration</p>";
    assert_int_equal(ss_charset_declared(d, strlen(d), name, sizeof name), 0);
    /* a content attribute without http-equiv is not a declaration */
    const char e[] = "<meta name=\"x\" content=\"charset=gbk\">";
    assert_int_equal(ss_charset_declared(e, strlen(e), name, sizeof name), 0);
}

static void test_charset_decode(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT;
    ss_page_text pt;
    char warn[200];
    /* declared Latin-1: decoded as windows-1252 (curly quote 0x93 too) */
    const char l1[] = "<meta charset=\"iso-8859-1\"><p>caf\xe9 \x93ok\x94</p>";
    assert_int_equal(ss_page_decode(l1, strlen(l1), &out, &pt, warn, sizeof warn), SS_OK);
    assert_non_null(strstr(pt.data, "caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d"));
    assert_string_equal(warn, "");
    /* declared Latin-1 but the bytes are UTF-8: UTF-8 wins, with a warning */
    const char wrong[] = "<meta charset=\"iso-8859-1\"><p>\xc3\xa9t\xc3\xa9 \xc3\xa0 Z\xc3\xbcrich "
                         "\xe2\x80\x94 na\xc3\xafve</p>";
    assert_int_equal(ss_page_decode(wrong, strlen(wrong), &out, &pt, warn, sizeof warn), SS_OK);
    assert_string_equal(pt.encoding, "UTF-8");
    assert_non_null(strstr(pt.data, "Z\xc3\xbcrich"));
    assert_non_null(strstr(warn, "iso-8859-1"));
    /* declared UTF-8 but Latin-1 bytes throughout: windows-1252, warned */
    const char lat[] = "<meta charset=\"utf-8\"><p>Gr\xfc\xdf Gott, sch\xf6n, M\xe4rz, \xe9t\xe9</p>";
    assert_int_equal(ss_page_decode(lat, strlen(lat), &out, &pt, warn, sizeof warn), SS_OK);
    assert_non_null(strstr(pt.data, "Gr\xc3\xbc\xc3\x9f"));
    assert_non_null(strstr(warn, "utf-8"));
    /* an unknown label: fall back, say so */
    const char unk[] = "<meta charset=\"x-no-such-charset\"><p>plain</p>";
    assert_int_equal(ss_page_decode(unk, strlen(unk), &out, &pt, warn, sizeof warn), SS_OK);
    assert_non_null(strstr(pt.data, "plain"));
    assert_non_null(strstr(warn, "unknown character encoding"));
    /* UTF-16 with a BOM */
    const char u16[] = "\xff\xfe<\0p\0>\0h\0i\0<\0/\0p\0>\0";
    assert_int_equal(ss_page_decode(u16, sizeof u16 - 1, &out, &pt, warn, sizeof warn), SS_OK);
    assert_int_equal(pt.len, 9);
    assert_memory_equal(pt.data, "<p>hi</p>", 9);
    /* valid UTF-8 without a BOM is used in place, not copied */
    const char ok[] = "<p>\xc3\xa9</p>";
    assert_int_equal(ss_page_decode(ok, strlen(ok), &out, &pt, warn, sizeof warn), SS_OK);
    assert_ptr_equal(pt.data, ok);
    /* binary data */
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 7 % 32);
    assert_int_equal(ss_page_decode(bin, sizeof bin, &out, &pt, warn, sizeof warn), SS_OK);
    assert_int_equal(pt.binary, 1);
    assert_int_equal(pt.len, 0);
    assert_non_null(strstr(warn, "binary"));
    /* NUL bytes survive iconv: the output is repaired, each NUL one U+FFFD */
    const char nul[] = "<meta charset=\"iso-8859-1\"><p>caf\xe9\0ok</p>";
    assert_int_equal(ss_page_decode(nul, sizeof nul - 1, &out, &pt, warn, sizeof warn), SS_OK);
    assert_int_equal(ss_utf8_valid_prefix(pt.data, pt.len), pt.len);
    assert_non_null(strstr(pt.data, "caf\xc3\xa9\xef\xbf\xbdok"));
    assert_int_equal(pt.replaced, 1);
    ss_buf_release(&out);
}

/* ---- prescan and hints ---------------------------------------------------- */

static void test_prescan(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT, js = SS_BUF_INIT;
    const char in[] = "<p>a</p><script>if (x < 1) '</p>';</script><SCRIPT type=\"application/ld+json\">"
                      "{\"k\":1}</SCRIPT><!-- <script> --><p>b</p><style>p{}</style><!--><p>c</p>"
                      "<svg><text>d</text></svg><p>e</p><script>never closed";
    assert_int_equal(ss_ht_prescan(in, strlen(in), &out, &js), SS_OK);
    assert_string_equal(out.data, "<p>a</p><script></script><SCRIPT type=\"application/ld+json\">"
                                  "</SCRIPT><p>b</p><style></style><p>c</p><svg></svg><p>e</p><script>");
    assert_int_equal(js.len, strlen("{\"k\":1}") + 1);
    assert_string_equal(js.data, "{\"k\":1}");
    ss_buf_release(&out);
    ss_buf_release(&js);
}

static void test_hints(void **state)
{
    (void)state;
    const char *cases[][2] = {{"article-body", "body"},      {"commentList", "comment"},
                              {"header", "header"},          {"entry-content", "body"},
                              {"ad-slot", "ad"},             {"shadow-box", ""},
                              {"has-sidebar", ""},           {"post-meta", "meta"},
                              {"social-media-embed", ""},    {"story-body__inner", "body"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t h = ss_hints_from_names(cases[i][0], strlen(cases[i][0]));
        const char *want = cases[i][1];
        if (!want[0])
            assert_int_equal(h & HINT_NEGATIVE, 0);
        if (strcmp(want, "body") == 0)
            assert_true(h & HINT_BODY);
        else if (strcmp(want, "comment") == 0)
            assert_true(h & HINT_COMMENT);
        else if (strcmp(want, "header") == 0)
            assert_true(h & HINT_HEADER);
        else if (strcmp(want, "ad") == 0)
            assert_true(h & HINT_AD);
        else if (strcmp(want, "meta") == 0)
            assert_int_equal(h, HINT_META);
    }
    /* a hidden label is not a hidden field (Drupal's body field); a hidden
     * element is */
    const char drupal[] = "field field--name-body field--type-text-with-summary field--label-hidden";
    assert_int_equal(ss_hints_from_names(drupal, strlen(drupal)) & HINT_HIDDEN, 0);
    assert_true(ss_hints_from_names("visually-hidden", 15) & HINT_HIDDEN);
    assert_true(ss_hints_from_names("hidden-print", 12) & HINT_HIDDEN);
    /* state modifiers inside a BEM name say nothing of the content */
    assert_int_equal(ss_hints_from_names("o-section--has-ads", 18) & HINT_NEGATIVE, 0);
    assert_int_equal(ss_hints_from_names("card--no-comments", 17) & HINT_NEGATIVE, 0);
    assert_true(ss_hints_from_names("ads--wide", 9) & HINT_AD);
    /* "head" and "header" are not ads */
    assert_int_equal(ss_hints_from_names("masthead", 8) & HINT_AD, 0);
    /* content wins over furniture names on the same element */
    const char wp[] = "entry author-jo category-news has-post-thumbnail";
    assert_int_equal(ss_hints_from_names(wp, strlen(wp)) & HINT_NEGATIVE, 0);
    assert_true(ss_hints_from_tag("nav") & HINT_NAV);
    assert_true(ss_hints_from_role("complementary", 13) & HINT_SIDEBAR);
}

/* ---- HTML extraction ------------------------------------------------------ */

static void test_article(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    ss_clean_result r;
    clean_html(c, page, &r);
    const char *t = str(&r.text);
    /* body paragraphs, the quote, the one-line paragraph, the subheading
     * and the list stay, in order */
    const char *keep[] = {"The old harbour bridge in Lakeside opened",
                          "About four hundred people walked",
                          "We waited a long time for this day",
                          "It cost more than planned.",
                          "What changed",
                          "new steel girders on both spans",
                          "lights that dim when nobody is crossing",
                          "paid for by the regional transport fund"};
    const char *prev = t;
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        const char *p = strstr(t, keep[i]);
        assert_non_null(p);
        assert_true(p >= prev);
        prev = p;
    }
    /* chrome, caption, related links, comments, hidden and script text go */
    const char *drop[] = {"Weather", "Share", "first buses cross", "Tram line", "Most read",
                          "I drove across it", "All rights reserved", "cookies", "not text",
                          "markup", "Iris Holm", "Harbour bridge reopens after"};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        assert_null(strstr(t, drop[i]));
    /* paragraphs on lines of their own */
    assert_non_null(strstr(t, "girders.\nAbout four hundred"));
    assert_string_equal(str(&r.title), "Harbour bridge reopens after two years of repairs");
    assert_string_equal(str(&r.date), "2024-06-02T07:15:00+02:00");
    assert_string_equal(str(&r.author), "Iris Holm");
    assert_string_equal(str(&r.url), "https://courier.example/city/harbour-bridge");
    assert_true(r.removed > 100);
    assert_string_equal(r.warning, "");
    /* blocks cover full_text in order, and the body blocks are the text */
    size_t ncp = ss_utf8_count(str(&r.full_text), r.full_text.len);
    uint32_t end = 0;
    int kinds[5] = {0};
    for (size_t i = 0; i < r.nblocks; i++) {
        assert_true(r.blocks[i].cp_start >= end);
        assert_true(r.blocks[i].cp_end <= ncp);
        end = r.blocks[i].cp_end;
        kinds[r.blocks[i].kind]++;
    }
    assert_true(kinds[SS_BLOCK_BODY] > 0 && kinds[SS_BLOCK_TITLE] == 1 &&
                kinds[SS_BLOCK_CAPTION] > 0 && kinds[SS_BLOCK_CHROME] > 0 &&
                kinds[SS_BLOCK_RELATED] > 0);
    ss_clean_result_release(&r);
    ss_cleaner_free(c);
}

static void test_meta_fallbacks(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    ss_clean_result r;
    /* no h1, no og:title: <title> minus the site name; JSON-LD date and author */
    clean_html(c,
               "<html><head><title>Wind farm approved off the coast - North Shore Times</title>"
               "<script type=\"application/ld+json\">[{\"@type\":\"Article\",\"datePublished\":"
               "\"2023-11-30\",\"author\":{\"@type\":\"Person\",\"name\":\"Leo Brandt\"}}]</script>"
               "<meta property=\"og:url\" content=\"https://nst.example/wind\"></head><body><p>The "
               "regional council approved a wind farm of forty turbines off the coast on Thursday, "
               "after three years of planning and two public hearings.</p></body></html>",
               &r);
    assert_string_equal(str(&r.title), "Wind farm approved off the coast");
    assert_string_equal(str(&r.date), "2023-11-30");
    assert_string_equal(str(&r.author), "Leo Brandt");
    assert_string_equal(str(&r.url), "https://nst.example/wind");
    assert_non_null(strstr(str(&r.text), "forty turbines"));
    ss_clean_result_release(&r);
    ss_cleaner_free(c);
    /* a title longer than the cap is cut between characters, not inside one */
    ss_buf longp = SS_BUF_INIT;
    assert_int_equal(ss_buf_append(&longp, "<html><head><title>x", 20), SS_OK);
    for (int i = 0; i < 1500; i++)
        assert_int_equal(ss_buf_append(&longp, "\xc3\xa9", 2), SS_OK);
    assert_int_equal(ss_buf_append(&longp, "</title></head><body><p>Body.</p></body></html>", 47),
                     SS_OK);
    c = cleaner();
    clean_html(c, longp.data, &r);
    assert_true(r.title.len > 1000 && r.title.len <= 2000);
    assert_int_equal(ss_utf8_valid_prefix(r.title.data, r.title.len), r.title.len);
    assert_int_equal(r.title.data[r.title.len - 1], (char)0xa9);
    ss_clean_result_release(&r);
    ss_cleaner_free(c);
    ss_buf_release(&longp);
    char s[] = "Courier | Council votes on the city budget";
    size_t n = ss_meta_strip_site(s, strlen(s), NULL, 0);
    assert_int_equal(n, strlen("Council votes on the city budget"));
    assert_string_equal(s, "Council votes on the city budget");
    char named[] = "Council votes on budget - Daily Post Online";
    n = ss_meta_strip_site(named, strlen(named), "Daily Post Online", 17);
    assert_string_equal(named, "Council votes on budget");
    /* a dash inside a short headline is not a site name */
    char k[] = "Paris - Berlin talks";
    assert_int_equal(ss_meta_strip_site(k, strlen(k), NULL, 0), strlen(k));
}

static void test_bad_pages(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    ss_clean_result r;
    /* empty body */
    clean_html(c, "<html><head><title>Nothing</title></head><body></body></html>", &r);
    assert_int_equal(r.text.len, 0);
    assert_non_null(strstr(r.warning, "no visible text"));
    assert_string_equal(str(&r.title), "Nothing");
    ss_clean_result_release(&r);
    /* a page of navigation only: empty text, not the menu */
    clean_html(c,
               "<html><body><nav><ul><li><a href=/a>Home</a></li><li><a href=/b>News</a></li>"
               "<li><a href=/c>Sport</a></li></ul></nav><div><a href=/d>Contact us</a> "
               "<a href=/e>About</a></div><footer>Copyright 2024</footer></body></html>",
               &r);
    assert_int_equal(r.text.len, 0);
    assert_non_null(strstr(r.warning, "no article text"));
    ss_clean_result_release(&r);
    /* unclosed tags everywhere */
    clean_html(c,
               "<html><body><div><p>The harvest came in two weeks early this year because the "
               "summer was the warmest on record in the valley<p>Farmers said the grapes were small "
               "but sweet, and the first wine should be ready by the spring<div><span><b>",
               &r);
    assert_non_null(strstr(str(&r.text), "warmest on record in the valley\nFarmers said"));
    ss_clean_result_release(&r);
    /* 10,000 levels of nesting: no recursion in our code, a warning */
    ss_buf deep = SS_BUF_INIT;
    ss_buf_puts(&deep, "<html><body>");
    for (int i = 0; i < 10000; i++)
        ss_buf_puts(&deep, "<div>");
    ss_buf_puts(&deep, "<p>At the bottom of a very deep page there is still a sentence that "
                       "someone wrote for readers to find, and it is long enough to count.</p>");
    clean_html(c, deep.data, &r);
    assert_non_null(strstr(str(&r.text), "At the bottom of a very deep page"));
    assert_non_null(strstr(r.warning, "nested"));
    ss_clean_result_release(&r);
    ss_buf_release(&deep);
    /* NUL bytes and garbage inside an otherwise fine page */
    const char nul[] = "<html><body><p>Rain is expected \0 all week across the north of the country, "
                       "with cooler air arriving from the sea by Friday afternoon.</p></body></html>";
    ss_doc *d = html_doc(nul, sizeof nul - 1);
    ss_error err;
    ss_clean_result_init(&r);
    assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
    assert_non_null(strstr(str(&r.text), "Rain is expected"));
    assert_int_equal(ss_utf8_valid_prefix(str(&r.text), r.text.len), r.text.len);
    ss_clean_result_release(&r);
    ss_doc_free(d);
    ss_cleaner_free(c);
}

static void test_apply(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    ss_doc *d = html_doc(page, strlen(page));
    ss_error err;
    assert_int_equal(ss_clean_apply(c, d, &err), SS_OK);
    assert_non_null(d->text);
    assert_non_null(strstr(d->text, "brass band"));
    assert_null(strstr(d->text, "Most read"));
    assert_string_equal(d->title, "Harbour bridge reopens after two years of repairs");
    assert_string_equal(d->author, "Iris Holm");
    assert_true(d->time != SS_TIME_NONE);
    /* text documents are left alone */
    ss_doc *t = text_doc("Title\n\nAdvertisement\nBody.", SS_FORMAT_TEXT);
    assert_int_equal(ss_clean_apply(c, t, &err), SS_OK);
    assert_string_equal(t->text, "Title\n\nAdvertisement\nBody.");
    ss_doc_free(t);
    ss_doc_free(d);
    ss_cleaner_free(c);
}

/* A JSONL record without a title whose text is one line: ss_clean_replace
 * skips the cleaning there (a fifth of `dedup`), which must be what the
 * whole cleaning would find: no title line in any kind of line. */
static void test_one_line_record_has_no_title_line(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    static const char *lines[] = {
        "The harbour bridge reopened on Monday after two years of repairs, the city said.",
        "Harbour bridge reopens after two years of repairs",
        "Advertisement",
        "18",
        "04:08",
        "Home | News | Sport | Weather",
        "- a bullet point about the bridge and its repairs",
        "Bridge reopens: what you need to know about the new traffic rules",
        "words without an end that go on and on about the bridge the city the repairs "
        "the cost the traffic the mayor the council the workers and the boats below it",
        "Photo: AP",
        "  padded headline of the harbour bridge  \r",
    };
    ss_error err;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        ss_doc *d = text_doc(lines[i], SS_FORMAT_JSONL);
        ss_clean_result r;
        ss_clean_result_init(&r);
        assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
        assert_int_not_equal(r.title_source, SS_TITLE_TEXT);
        assert_int_equal(ss_clean_replace(c, d, &err), SS_OK);
        assert_true(!d->title || !d->title[0]);
        assert_int_equal(d->body_start, 0);
        assert_string_equal(d->text, lines[i]);
        ss_clean_result_release(&r);
        ss_doc_free(d);
    }
    /* with a second line, the first is the title */
    ss_doc *d = text_doc("Harbour bridge reopens after two years of repairs\n"
                         "The harbour bridge reopened on Monday after two years of repairs, the "
                         "city said, and the first cars crossed it at noon.",
                         SS_FORMAT_JSONL);
    assert_int_equal(ss_clean_replace(c, d, &err), SS_OK);
    assert_non_null(d->title);
    assert_string_equal(d->title, "Harbour bridge reopens after two years of repairs");
    assert_true(d->body_start > 0);
    ss_doc_free(d);
    ss_cleaner_free(c);
}

/* ss_clean_replace finds a JSONL record's title line without cleaning the
 * whole text (no body weights, function words only where they decide
 * prose): the same title and body start as the whole cleaning
 * (ss_clean_doc) on thousands of texts pieced from every kind of line. */
/* Texts pieced from every kind of line, one per round, into text. */
static const char *title_kinds[] = {
        "Harbour bridge reopens after two years of repairs",
        "Mayor opens the new tram line",
        "The harbour bridge reopened on Monday after two years of repairs, the city said.",
        "Traffic on the bridge was light in the morning and heavy by the evening rush.",
        "bridge tram harbour council mayor repairs traffic boats workers cost budget spring "
        "summer winter ferry port river quay dock crane",
        "the bridge and the tram and the harbour of the city for the people who live in it and "
        "the workers who built it over the years",
        "Advertisement", "Share", "Subscribe now", "18", "04:08", "2,300",
        "Home | News | Sport | Weather", "- a bullet point about the bridge and its repairs",
        "\xe2\x80\xa2 Bridge closed for two years", "Crowds on the bridge on Monday. Photo: AP",
        "What happens next:", "Die Br\xc3\xbc" "cke wurde am Montag nach zwei Jahren wieder "
        "ge\xc3\xb6" "ffnet, sagte die Stadt.",
        "\xd0\x9c\xd0\xbe\xd1\x81\xd1\x82 \xd0\xbe\xd1\x82\xd0\xba\xd1\x80\xd1\x8b\xd0\xbb\xd0\xb8 "
        "\xd0\xb2 \xd0\xbf\xd0\xbe\xd0\xbd\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbb\xd1\x8c\xd0\xbd\xd0\xb8"
        "\xd0\xba", "", "   ", "Share this story\r", "Tram line opens to crowds on the quay\r",
        "Subscribe to the Ledger for more harbour news",
        "Read more from our harbour desk every single day",
};

static size_t title_text(int round, uint64_t *x, char *text, size_t cap)
{
    const size_t nk = sizeof title_kinds / sizeof *title_kinds;
    size_t len = 0, lines = 1 + (size_t)round % 9;
    for (size_t l = 0; l < lines; l++) {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        const char *k = title_kinds[(*x >> 11) % nk];
        if (l && (*x >> 40) % 5 == 0)
            k = title_kinds[(*x >> 20) % 3]; /* repeated lines are chrome */
        len += (size_t)snprintf(text + len, cap - len, "%s%s", l ? "\n" : "", k);
    }
    return len;
}

static void test_title_line_as_the_whole_cleaning(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    uint64_t x = 0x2545F4914F6CDD1Dull;
    char text[4096];
    ss_error err;
    int titled = 0, untitled = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = title_text(round, &x, text, sizeof text);
        ss_doc *d = text_doc(text, SS_FORMAT_JSONL);
        ss_clean_result r;
        ss_clean_result_init(&r);
        assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
        size_t want_start = 0;
        int want = r.title_source == SS_TITLE_TEXT;
        for (size_t i = 0; want && i < r.nblocks; i++) {
            if (r.blocks[i].kind != SS_BLOCK_TITLE)
                continue;
            want_start = ss_utf8_byte_offset(text, len, r.blocks[i].cp_end);
            while (want_start < len && (text[want_start] == '\n' || text[want_start] == '\r'))
                want_start++;
        }
        assert_int_equal(ss_clean_replace(c, d, &err), SS_OK);
        if (want) {
            assert_non_null(d->title);
            assert_int_equal(strlen(d->title), r.title.len);
            assert_memory_equal(d->title, r.title.data, r.title.len);
            titled++;
        } else {
            assert_true(!d->title || !d->title[0]);
            untitled++;
        }
        assert_int_equal(d->body_start, want_start);
        ss_clean_result_release(&r);
        ss_doc_free(d);
    }
    /* both outcomes were tried many times */
    assert_true(titled > 500 && untitled > 500);
    ss_cleaner_free(c);
}

/* The same with lines a source repeats (learned furniture), compared
 * where the mode lives: ss_textclean_title against ss_textclean. */
static void test_title_line_with_learned_furniture(void **state)
{
    (void)state;
    ss_error err;
    ss_stopwords *sw = ss_stopwords_load(&err);
    assert_non_null(sw);
    ss_corpus *corpus = ss_corpus_new(1 << 16);
    assert_non_null(corpus);
    for (int i = 0; i < 40; i++) {
        char t[512];
        int n = snprintf(t, sizeof t, "Subscribe to the Ledger for more harbour news\n"
                         "Story %d: the council met on day %d to talk about the bridge.\n"
                         "Read more from our harbour desk every single day", i, i);
        assert_int_equal(ss_corpus_add_doc(corpus, 7, t, (size_t)n), SS_OK);
    }
    static const char sub[] = "Subscribe to the Ledger for more harbour news";
    assert_true(ss_corpus_is_chrome(corpus, 7, sub, sizeof sub - 1));
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char text[4096];
    int furniture = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = title_text(round, &x, text, sizeof text);
        ss_textclean_in in = {text, len, 0, NULL, sw, corpus, 7};
        ss_text_lines whole = {NULL, 0, 0, -1, 0}, title = {NULL, 0, 0, -1, 0};
        ss_feat_scratch fs = {SS_BUF_INIT, SS_BUF_INIT};
        assert_int_equal(ss_textclean(&in, &whole, &fs), SS_OK);
        assert_int_equal(ss_textclean_title(&in, &title, &fs), SS_OK);
        assert_int_equal(title.title, whole.title);
        assert_int_equal(title.has_body, whole.has_body);
        assert_int_equal(title.n, whole.n);
        furniture += strstr(text, "Subscribe to the Ledger") != NULL;
        ss_text_lines_release(&whole);
        ss_text_lines_release(&title);
        ss_buf_release(&fs.norm);
        ss_buf_release(&fs.tmp);
    }
    assert_true(furniture > 500);
    ss_corpus_free(corpus);
    ss_stopwords_free(sw);
}

typedef struct {
    ss_cleaner *c;
    char text[4096];
} thread_arg;

static void *clean_in_thread(void *p)
{
    thread_arg *a = p;
    ss_clean_result r;
    for (int i = 0; i < 20; i++) {
        clean_html(a->c, page, &r);
        snprintf(a->text, sizeof a->text, "%s", str(&r.text));
        ss_clean_result_release(&r);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    thread_arg a[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        a[i].c = c;
        assert_int_equal(pthread_create(&th[i], NULL, clean_in_thread, &a[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    assert_true(strlen(a[0].text) > 200);
    assert_string_equal(a[0].text, a[1].text);
    assert_string_equal(a[1].text, a[2].text);
    ss_cleaner_free(c);
}

/* ---- plain text ------------------------------------------------------------ */

/* A scraped article written for this test: menu, a headline, share
 * buttons, a video tile, an ad label, related links, a count. */
static const char scraped[] =
    "Home\nWorld\nBusiness\n\nADVERTISEMENT\n"
    "Ferry service to the islands resumes after the winter storms\n"
    "Share\nTweet\n\n"
    "\xE2\x80\xA2 Two ferries a day will run until the end of April\n"
    "The ferry service between the mainland and the northern islands resumed on Monday, six weeks "
    "after storms damaged the pier at Kelby and forced the operator to stop all crossings.\n\n"
    "Around two hundred passengers took the first crossing, most of them islanders returning home "
    "after staying with relatives on the mainland.\n"
    "ADVERTISEMENT\n"
    "03:41\n"
    "Watch the first ferry leave Kelby harbour\n"
    "\"It feels like the islands are part of the country again,\" said Anna Rusk, a teacher on "
    "the largest island.\n"
    "The operator said a third daily crossing would be added in May if the repaired pier held up "
    "through the spring tides.\n"
    "Related\n"
    "Storm damage on the coast\n"
    "Storm damage on the coast\n"
    "27\n";

static void test_text_chrome(void **state)
{
    (void)state;
    ss_cleaner *c = cleaner();
    ss_doc *d = text_doc(scraped, SS_FORMAT_TEXT);
    ss_clean_result r;
    ss_clean_result_init(&r);
    ss_error err;
    assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
    assert_string_equal(str(&r.title), "Ferry service to the islands resumes after the winter storms");
    const char *t = str(&r.text);
    assert_non_null(strstr(t, "Two ferries a day"));            /* standfirst bullet */
    assert_non_null(strstr(t, "The ferry service between"));
    assert_non_null(strstr(t, "It feels like the islands"));
    assert_non_null(strstr(t, "through the spring tides."));
    const char *drop[] = {"Home", "ADVERTISEMENT", "Share", "Tweet", "03:41",
                          "Watch the first ferry", "Storm damage", "27", "Related"};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        assert_null(strstr(t, drop[i]));
    /* spans are code points of the raw text and cover it in order */
    size_t ncp = ss_utf8_count(d->text, d->text_len);
    uint32_t end = 0;
    for (size_t i = 0; i < r.nblocks; i++) {
        assert_true(r.blocks[i].cp_start >= end && r.blocks[i].cp_end <= ncp);
        end = r.blocks[i].cp_end;
    }
    assert_true(r.removed > 50);
    ss_clean_result_release(&r);
    ss_doc_free(d);
    /* a menu line first (four words: not chrome for being short) gives
       way to the headline below it */
    d = text_doc("Home | News | Sport | Weather\nPier works start in the eastern basin\n"
                 "The harbour authority said on Monday that work on the pier would take about three "
                 "months.\nFishing boats will be moved to the eastern basin during the works.\n",
                 SS_FORMAT_TEXT);
    ss_clean_result_init(&r);
    assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
    assert_string_equal(str(&r.title), "Pier works start in the eastern basin");
    assert_null(strstr(str(&r.text), "Sport"));
    ss_clean_result_release(&r);
    ss_doc_free(d);
    /* a clean article keeps everything, first line as title */
    d = text_doc("Markets rally\n\nShares rose on Friday after the central bank kept its rates on "
                 "hold.\n\nTraders said the decision was expected.\n",
                 SS_FORMAT_TEXT);
    ss_clean_result_init(&r);
    assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
    assert_string_equal(str(&r.title), "Markets rally");
    assert_string_equal(str(&r.text), "Shares rose on Friday after the central bank kept its rates "
                                      "on hold.\nTraders said the decision was expected.");
    assert_int_equal(r.removed, 0);
    ss_clean_result_release(&r);
    ss_doc_free(d);
    /* a short closing sentence ends the text: kept; a button after it is
       not, and then neither is the sentence's line cost outweighed */
    static const char *closing[] = {
        "Growers in the valley harvested more apples this year than in any year since records "
        "started, according to the growers' association.\nThe chair said a mild spring and a wet "
        "summer explained a crop one third bigger than the year before.\nWholesale prices dropped "
        "12 percent.",
        "Growers in the valley harvested more apples this year than in any year since records "
        "started, according to the growers' association.\nThe chair said a mild spring and a wet "
        "summer explained a crop one third bigger than the year before.\nWholesale prices dropped "
        "12 percent.\nShare this"};
    for (int k = 0; k < 2; k++) {
        d = text_doc(closing[k], SS_FORMAT_JSONL);
        assert_int_equal(ss_doc_set_str(&d->title, "Apple crop", (size_t)-1), SS_OK);
        ss_clean_result_init(&r);
        assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
        if (k == 0)
            assert_non_null(strstr(str(&r.text), "Wholesale prices dropped 12 percent."));
        assert_null(strstr(str(&r.text), "Share this"));
        assert_non_null(strstr(str(&r.text), "a wet summer"));
        ss_clean_result_release(&r);
        ss_doc_free(d);
    }
    /* a JSONL record's title is its field; its text has no title line */
    d = text_doc("Short note.", SS_FORMAT_JSONL);
    assert_int_equal(ss_doc_set_str(&d->title, "A headline", (size_t)-1), SS_OK);
    ss_clean_result_init(&r);
    assert_int_equal(ss_clean_doc(c, d, &r, &err), SS_OK);
    assert_string_equal(str(&r.title), "A headline");
    assert_string_equal(str(&r.text), "Short note.");
    ss_clean_result_release(&r);
    ss_doc_free(d);
    ss_cleaner_free(c);
}

static void test_corpus_learning(void **state)
{
    (void)state;
    /* a sentence-like footer line that only repetition across documents
     * of one source gives away */
    const char *foot = "Send us your news tips and photos through the form on our website today.";
    ss_cleaner *c = cleaner();
    ss_doc *docs[5];
    /* five different stories (the footer is learned across different
       articles, not across reprints of one) */
    const char *what[5] = {"agreed to repair the road to the old quarry before the winter",
                           "named a new head teacher for the primary school on Hill Street",
                           "heard complaints about the noise from the night buses in the centre",
                           "voted to keep the public library open on Sunday afternoons",
                           "approved the plans for a cycle path along the river to the mill"};
    for (int i = 0; i < 5; i++) {
        char text[800];
        snprintf(text, sizeof text,
                 "Story number %d of the day\n\nThe town council met on evening %d and %s."
                 "\n\nResidents had asked for it for years, the mayor said after the meeting.\n\n%s\n",
                 i, i, what[i], foot);
        docs[i] = text_doc(text, SS_FORMAT_TEXT);
        assert_int_equal(ss_doc_set_str(&docs[i]->source, "Town Gazette", (size_t)-1), SS_OK);
    }
    ss_clean_result r;
    ss_error err;
    ss_clean_result_init(&r);
    assert_int_equal(ss_clean_doc(c, docs[0], &r, &err), SS_OK);
    assert_non_null(strstr(str(&r.text), foot)); /* alone, it looks like a sentence */
    for (int i = 0; i < 5; i++)
        assert_int_equal(ss_cleaner_observe(c, docs[i]), SS_OK);
    assert_int_equal(ss_clean_doc(c, docs[0], &r, &err), SS_OK);
    assert_null(strstr(str(&r.text), foot));
    assert_non_null(strstr(str(&r.text), "repair the road"));
    assert_string_equal(str(&r.title), "Story number 0 of the day");
    ss_clean_result_release(&r);
    for (int i = 0; i < 5; i++)
        ss_doc_free(docs[i]);
    ss_cleaner_free(c);
}

/* Three reprints of one wire story (each edited in one place) and two
 * other articles in one folder: the footer all five carry is learned,
 * the headline the reprints share is not (it recurs in three documents,
 * but they are one text). */
static void test_corpus_reprints_keep_their_headline(void **state)
{
    (void)state;
    const char *head = "Harbour bridge reopens after storm repairs";
    const char *foot = "Send us your news tips and photos through the form on our website today.";
    const char *paras[3] = {
        "The main harbour bridge of the city reopened on Tuesday after three weeks of repairs, "
        "officials said, with traffic flowing normally by the evening rush hour and the ferries "
        "back on their usual timetable across the bay.",
        "Engineers replaced two damaged expansion joints and a long section of railing that the "
        "storm had torn away, according to the transport department, which said the total cost "
        "was still being counted and would be published next month.",
        "Shop owners near the northern end of the bridge said the closure had cost them much of "
        "their trade over the holiday weeks, and several asked the council for help with the "
        "rent of the months the bridge stayed shut."};
    ss_cleaner *c = cleaner();
    ss_doc *docs[5];
    for (int i = 0; i < 5; i++) {
        char text[2000];
        if (i < 3) {
            /* reprint i changes one word of paragraph i */
            char p[3][400];
            for (int k = 0; k < 3; k++) {
                snprintf(p[k], sizeof p[k], "%s", paras[k]);
                if (k == i)
                    memcpy(strstr(p[k], "the "), "a   ", 4);
            }
            snprintf(text, sizeof text, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n", head, p[0], p[1], p[2], foot);
        } else {
            static const char *const other[2] = {
                "Market moves for the summer\n\nThe weekly market will move to the old "
                "station yard for the summer while the paving of the square is renewed, "
                "the traders' association said on Monday after a meeting with the "
                "council's planners.",
                "Library opens on Sundays\n\nThe town library will open on Sunday afternoons "
                "from next month, after readers signed a petition and two volunteers offered "
                "to help the staff at the lending desk."};
            snprintf(text, sizeof text, "%s\n\n%s\n", other[i - 3], foot);
        }
        docs[i] = text_doc(text, SS_FORMAT_TEXT);
        assert_int_equal(ss_doc_set_str(&docs[i]->source, "Wire Desk", (size_t)-1), SS_OK);
    }
    for (int i = 0; i < 5; i++)
        assert_int_equal(ss_cleaner_observe(c, docs[i]), SS_OK);
    ss_clean_result r;
    ss_error err;
    ss_clean_result_init(&r);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ss_clean_doc(c, docs[i], &r, &err), SS_OK);
        assert_null(strstr(str(&r.text), foot));
        if (i < 3)
            assert_string_equal(str(&r.title), head);
    }
    ss_clean_result_release(&r);
    for (int i = 0; i < 5; i++)
        ss_doc_free(docs[i]);
    ss_cleaner_free(c);
}

static void test_corpus_bounded(void **state)
{
    (void)state;
    ss_corpus *k = ss_corpus_new(1024);
    assert_non_null(k);
    uint64_t src = ss_corpus_source("s", 1);
    char text[64];
    /* 20,000 distinct lines, one recurring line: the table stays bounded
     * and the recurring line is still known */
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(text, sizeof text, "unique line %d\nrecurring line\n", i);
        assert_int_equal(ss_corpus_add_doc(k, src, text, (size_t)n), SS_OK);
    }
    assert_true(ss_corpus_is_chrome(k, src, "recurring line", 14));
    assert_false(ss_corpus_is_chrome(k, src, "unique line 5", 13));
    assert_false(ss_corpus_is_chrome(k, ss_corpus_source("t", 1), "recurring line", 14));
    ss_corpus_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_declared), cmocka_unit_test(test_charset_decode),
        cmocka_unit_test(test_prescan),          cmocka_unit_test(test_hints),
        cmocka_unit_test(test_article),          cmocka_unit_test(test_meta_fallbacks),
        cmocka_unit_test(test_bad_pages),        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_one_line_record_has_no_title_line),
        cmocka_unit_test(test_title_line_as_the_whole_cleaning),
        cmocka_unit_test(test_title_line_with_learned_furniture),
        cmocka_unit_test(test_threads),          cmocka_unit_test(test_text_chrome),
        cmocka_unit_test(test_corpus_learning),  cmocka_unit_test(test_corpus_bounded),
        cmocka_unit_test(test_corpus_reprints_keep_their_headline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
