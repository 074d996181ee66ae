/* clean/textclean.c — title, body and chrome lines of scraped plain text.
 *
 * Scraped text keeps the page's furniture as lines of its own: menus,
 * "Advertisement", share buttons, a video tile (a duration such as
 * "04:08" and its title), photo captions, related headlines, a comment
 * count, a footer.  Each non-blank line is judged on its own first:
 *
 *   chrome    a number or clock time alone ("18", "04:08"); the line after
 *             such a duration when it is not a sentence (the video's
 *             title); a line repeated inside the document (tiles and
 *             section labels repeat, paragraphs do not); fewer than four
 *             words and no sentence end (buttons, labels, menu entries); a
 *             menu or breadcrumb line ("Home | News | Sport | Weather",
 *             text/crumbs.h); a line that recurs across the corpus for
 *             this source (corpus_internal.h);
 *   caption   a line ending in a credit such as "Photo: AP" or "Photo:";
 *   prose     a sentence of eight words or more, or twenty words with
 *             function words in them.
 *
 * Then the document is read as a whole.  Lines get weights as HTML blocks
 * do (extract.c): prose positive (discounted when it has few function
 * words, in a text whose language our lists know), chrome negative, every
 * line a fixed cost; the body is the contiguous run of lines with the largest summed
 * weight (the one-dimensional maximum-scoring region of Body Text
 * Extraction), with the chrome lines inside it removed.  Between the title
 * and that run, bullet points and sentences are kept (a standfirst); after
 * it, closing sentences too short to outweigh their cost when nothing but
 * such sentences follows (the text ends there).
 *
 * The title is the first line when it is neither chrome nor a paragraph.
 * When the first line is chrome (seed 004 starts with "Advertisement"),
 * the title is the headline-like line (four to thirty words, no sentence
 * end, no colon at the end) nearest before the first paragraph of prose,
 * skipping bullets and short lines.  A first line that is itself prose
 * means the text has no title line.
 *
 * ss_textclean_title stops once the title is found, for a JSONL record
 * without a title field: function words are looked up only in lines where
 * they decide prose (twenty words or more, no sentence end), and no
 * weights, body or kinds are made; has_body says whether the whole
 * cleaning would find a body beside the title (without one, a lone
 * headline is the record's text, not its title).
 */
#include "clean/textclean_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "clean/clean.h"
#include "core/error.h"
#include "text/crumbs.h"

#define LINE_COST 25.0
#define STOP_FULL 0.25

enum { C_NONE = 0, C_CHROME, C_CAPTION, C_RELATED };

typedef struct {
    ss_feat f;
    uint64_t hash;
    uint8_t chrome;   /* C_* */
    uint8_t prose;
    uint8_t bullet;
    uint8_t repeated;
    uint8_t short_only; /* chrome only for being short (no other evidence) */
    double w;
} line_info;

void ss_text_lines_release(ss_text_lines *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int push_line(ss_text_lines *l, size_t s, size_t e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        ss_line *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].start = s;
    l->v[l->n].end = e;
    l->v[l->n].kind = SS_BLOCK_BODY;
    l->n++;
    return SS_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* A bullet: "•", "·", "▪", "●", "-", "*", "–", "—" and a space. */
static int is_bullet(const char *s, size_t n)
{
    static const char *const marks[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x97\x8F",
                                        "-", "*", "\xE2\x80\x93", "\xE2\x80\x94", NULL};
    for (int i = 0; marks[i]; i++) {
        size_t k = strlen(marks[i]);
        if (n > k && memcmp(s, marks[i], k) == 0 && (s[k] == ' ' || s[k] == '\t' ||
                                                     (unsigned char)s[k] == 0xC2))
            return 1;
    }
    return 0;
}

/* A photo credit at the end: "... Photo: AP Photo", "... Photo:", "(Picture: X)". */
static int is_caption(const char *s, size_t n)
{
    static const char *const words[] = {"photo", "photograph", "photos", "picture", "image",
                                        "credit", "foto", "bild", "imagen", NULL};
    size_t from = n > 60 ? n - 60 : 0;
    /* from each colon back to a word before it (colons are rare) */
    for (size_t c = from; c < n; c++) {
        if (s[c] != ':')
            continue;
        for (int k = 0; words[k]; k++) {
            size_t m = strlen(words[k]);
            if (c < from + m)
                continue;
            size_t i = c - m;
            if (strncasecmp(s + i, words[k], m) != 0)
                continue;
            if (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z')))
                continue;
            /* at most five words after the colon */
            size_t words_after = 0;
            int in = 0;
            for (size_t j = i + m + 1; j < n; j++) {
                int sp = s[j] == ' ';
                if (!sp && !in)
                    words_after++;
                in = !sp;
            }
            if (words_after <= 5)
                return 1;
        }
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int headline_like(const line_info *li)
{
    const ss_feat *f = &li->f;
    return !li->chrome && !li->bullet && !li->repeated && f->words >= 4 && f->words <= 30 &&
           f->cp <= 300 && !f->ends_colon && !f->ends_sentence && f->letters > 0;
}

/* What a body of lines beside the title holds, known from the per-line
 * verdicts: with prose, a prose line at least (the title is never prose
 * and comes before the first one, and the body's run, or all lines from
 * the title on when no run outweighs its cost, takes it in); without,
 * every line but bare numbers (see the end of textclean).  Exact when the
 * title is not given (a JSONL record's title field). */
static int body_beside_title(const line_info *li, size_t nl, long title, int any_prose)
{
    if (any_prose)
        return 1;
    for (size_t i = 0; i < nl; i++)
        if ((long)i != title && !li[i].f.number_only)
            return 1;
    return 0;
}

/* Both entry points: title_only stops once the title and has_body are
 * known, looking function words up only where they decide prose. */
static int textclean(const ss_textclean_in *in, ss_text_lines *out, ss_feat_scratch *scratch,
                     int title_only)
{
    out->n = 0;
    out->title = -1;
    out->has_body = 0;
    const char *t = in->text;
    size_t n = in->len;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        size_t s = i, f = e;
        while (s < f && is_blank(t[s]))
            s++;
        while (f > s && is_blank(t[f - 1]))
            f--;
        if (f > s && push_line(out, s, f))
            return SS_ENOMEM;
        i = e + 1;
    }
    size_t nl = out->n;
    if (nl == 0)
        return SS_OK;
    line_info *li = calloc(nl, sizeof *li);
    uint64_t *hs = malloc(nl * sizeof *hs);
    if (!li || !hs) {
        free(li);
        free(hs);
        return SS_ENOMEM;
    }
    int rc = SS_OK;
    for (size_t i = 0; i < nl; i++) {
        const char *s = t + out->v[i].start;
        size_t len = out->v[i].end - out->v[i].start;
        /* function words count for the title only in a long line with no
           sentence end (is it prose?): the lookups, a third of the
           features' time, wait for that */
        if ((rc = ss_feat_compute(title_only ? NULL : in->sw, s, len, &li[i].f, scratch)))
            goto out;
        if (title_only && in->sw && li[i].f.words >= 20 &&
            !(li[i].f.ends_sentence && li[i].f.words >= 8) &&
            (rc = ss_feat_compute(in->sw, s, len, &li[i].f, scratch)))
            goto out;
        li[i].hash = hs[i] = XXH3_64bits(s, len);
        li[i].bullet = (uint8_t)is_bullet(s, len);
    }
    /* lines repeated inside the document */
    qsort(hs, nl, sizeof *hs, cmp_u64);
    for (size_t i = 0; i < nl; i++) {
        uint64_t *p = bsearch(&li[i].hash, hs, nl, sizeof *hs, cmp_u64);
        li[i].repeated = (p > hs && p[-1] == li[i].hash) || (p + 1 < hs + nl && p[1] == li[i].hash);
    }
    /* function words tell prose from furniture only in a language we have
       lists for: as for HTML (extract.c), use them only when they make up a
       twentieth of the words at least */
    uint64_t all_words = 0, all_stops = 0;
    for (size_t i = 0; i < nl; i++) {
        all_words += li[i].f.words;
        all_stops += li[i].f.stops;
    }
    int use_stops = in->sw && all_words > 0 && all_stops * 20 >= all_words;
    /* each line on its own */
    int any_prose = 0;
    for (size_t i = 0; i < nl; i++) {
        const char *s = t + out->v[i].start;
        size_t len = out->v[i].end - out->v[i].start;
        const ss_feat *f = &li[i].f;
        int sentence = f->ends_sentence && f->words >= 8;
        li[i].prose = (uint8_t)(sentence || (f->words >= 20 && f->stops >= 2));
        if (f->number_only) {
            li[i].chrome = C_RELATED;
            /* a duration: the line after it is the video's title */
            if (memchr(s, ':', len) && i + 1 < nl && !li[i + 1].f.ends_sentence)
                li[i + 1].chrome = C_RELATED;
        } else if (li[i].chrome) {
            /* set by the duration rule above */
        } else if (is_caption(s, len)) {
            li[i].chrome = C_CAPTION;
        } else if (ss_is_crumbs(s, len)) {
            li[i].chrome = C_CHROME; /* a menu or breadcrumb: "Home | News | Sport" */
        } else if (li[i].repeated && !(li[i].prose && f->cp >= 200)) {
            li[i].chrome = C_CHROME;
        } else if (f->words < 4 && !f->ends_sentence && !li[i].bullet) {
            li[i].chrome = C_CHROME;
            /* short, with nothing else against it: unless the corpus saw it
               recur on this source's pages (a shop's or rubric's name
               above every article), which no title is */
            li[i].short_only = !(in->corpus && ss_corpus_is_chrome(in->corpus, in->source, s, len));
        } else if (in->corpus && ss_corpus_is_chrome(in->corpus, in->source, s, len)) {
            li[i].chrome = C_CHROME;
        }
        if (li[i].chrome)
            li[i].prose = 0;
        any_prose |= li[i].prose;
        if (li[i].chrome) {
            li[i].w = -(0.5 * f->cp + LINE_COST);
        } else {
            double q = 1.0;
            if (use_stops && f->words > 0) {
                double sd = (double)f->stops / f->words;
                q = sd >= STOP_FULL ? 1.0 : sd / STOP_FULL;
            }
            if (!f->ends_sentence && f->words < 10)
                q *= 0.5;
            li[i].w = f->cp * q - LINE_COST;
        }
    }
    /* the title */
    size_t from = 0;
    if (in->title_given) {
        const char *g = in->given_title ? in->given_title : "";
        size_t gl = strlen(g);
        while (gl && is_blank(g[gl - 1]))
            gl--;
        while (gl && is_blank(*g)) {
            g++;
            gl--;
        }
        if (gl && out->v[0].end - out->v[0].start == gl && memcmp(t + out->v[0].start, g, gl) == 0)
            out->title = 0;
    } else if (!any_prose || (!li[0].chrome && !li[0].prose && !li[0].bullet)) {
        out->title = 0;
    } else if (li[0].chrome) {
        size_t p = 0;
        while (p < nl && !li[p].prose)
            p++;
        for (size_t k = p; k-- > 0;) {
            if (headline_like(&li[k])) {
                out->title = (long)k;
                break;
            }
            if (!(li[k].chrome || li[k].bullet || li[k].f.words < 5))
                break; /* a non-headline line of substance: no title above it */
        }
    }
    /* a short first line with nothing else against it is the title after
     * all when no better headline was found ("Markets rally") */
    if (out->title < 0 && !in->title_given && li[0].short_only)
        out->title = 0;
    if (out->title >= 0)
        from = (size_t)out->title + 1;
    if (title_only) {
        out->has_body = body_beside_title(li, nl, out->title, any_prose);
        goto out;
    }
    /* the body: the run of lines with the largest summed weight */
    size_t rs = from, re = from; /* [rs, re) */
    if (any_prose) {
        double best = 0, cur = 0;
        size_t cs = from;
        for (size_t i = from; i < nl; i++) {
            if (cur <= 0) {
                cur = 0;
                cs = i;
            }
            cur += li[i].w;
            if (cur > best) {
                best = cur;
                rs = cs;
                re = i + 1;
            }
        }
    } else {
        rs = from;
        re = nl;
    }
    if (any_prose && re == rs) {
        /* no run of lines outweighs its cost (short paragraphs, few words per
           line): keep the prose rather than nothing */
        rs = from;
        re = nl;
    }
    if (any_prose && re < nl) {
        /* a short closing sentence ("Wholesale prices dropped 12
           percent.") does not outweigh its line's cost, but when every line
           after the body is such a sentence (four words or more, a sentence
           end, no chrome evidence) the text simply ends there: furniture
           after a body is buttons, labels and credits, or lines the corpus
           saw recur, which are chrome */
        size_t k = re;
        while (k < nl && !li[k].chrome && li[k].f.ends_sentence && li[k].f.words >= 4)
            k++;
        if (k == nl)
            re = nl;
    }
    for (size_t i = 0; i < nl && !any_prose; i++) {
        /* no prose anywhere: nothing tells chrome from text, keep all but
         * bare numbers (a headline list, a short note) */
        out->v[i].kind = (long)i == out->title ? SS_BLOCK_TITLE
                         : li[i].f.number_only ? SS_BLOCK_RELATED : SS_BLOCK_BODY;
    }
    for (size_t i = 0; i < nl && any_prose; i++) {
        uint8_t k;
        if ((long)i == out->title)
            k = SS_BLOCK_TITLE;
        else if (li[i].chrome == C_CAPTION)
            k = SS_BLOCK_CAPTION;
        else if (li[i].chrome == C_RELATED)
            k = SS_BLOCK_RELATED;
        else if (li[i].chrome)
            k = SS_BLOCK_CHROME;
        else if (i < from)
            k = SS_BLOCK_CHROME;
        else if (i >= rs && i < re)
            k = SS_BLOCK_BODY;
        else if (i < rs && (li[i].prose || (li[i].bullet && li[i].f.words >= 4)))
            k = SS_BLOCK_BODY; /* standfirst between the title and the body */
        else
            k = SS_BLOCK_CHROME;
        out->v[i].kind = k;
    }
    for (size_t i = 0; i < nl && !out->has_body; i++)
        out->has_body = out->v[i].kind == SS_BLOCK_BODY;
    /* the title-only answer is the whole one (tests/unit/test_clean.c
     * compares them on thousands of texts; this keeps them together) */
    assert(in->title_given || out->has_body == body_beside_title(li, nl, out->title, any_prose));
out:
    free(li);
    free(hs);
    return rc;
}

int ss_textclean(const ss_textclean_in *in, ss_text_lines *out, ss_feat_scratch *scratch)
{
    return textclean(in, out, scratch, 0);
}

int ss_textclean_title(const ss_textclean_in *in, ss_text_lines *out, ss_feat_scratch *scratch)
{
    return textclean(in, out, scratch, 1);
}
