/* clean/clean.c — the cleaner: pages and scraped text to title and article.
 *
 * HTML: decode to UTF-8 (charset.c), parse into a block tree
 * (htmltree.c), choose the article blocks (extract.c) and the metadata
 * (meta.c), then lay the blocks out as text: full_text holds every visible
 * block, one per line, and text the body blocks.  Plain text: classify its
 * lines (textclean.c), using what the cleaner learned from the corpus
 * (corpus.c) when the caller let it observe the documents first.
 *
 * Thread rules: observing writes the corpus table and must be done by one
 * thread before cleaning starts; cleaning only reads the cleaner (the
 * stopword lists and the corpus table), and keeps every scratch buffer in
 * the call, so any number of threads may clean with one cleaner.
 */
#include "clean/clean.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/charset_internal.h"
#include "clean/corpus_internal.h"
#include "clean/extract_internal.h"
#include "clean/htmltree_internal.h"
#include "clean/meta_internal.h"
#include "clean/textclean_internal.h"
#include "text/stopwords.h"
#include "text/utf8.h"

/* Pairs (source, line) the corpus table may hold: 32 bytes each in a
 * table of at most 2^21 slots (it grows at 3/4 full), so 64 MiB. */
#define CORPUS_MAX_ENTRIES ((size_t)3 << 19)
/* Nesting beyond which a page is reported as odd (it is still cleaned). */
#define DEEP_NESTING 2000

struct ss_cleaner {
    ss_clean_opts opts;
    ss_stopwords *sw;   /* the function-word lists (required) */
    ss_corpus *corpus;  /* created by the first observe */
};

ss_cleaner *ss_cleaner_new(const ss_clean_opts *opts, ss_error *err)
{
    ss_cleaner *c = calloc(1, sizeof *c);
    if (!c) {
        ss_error_set(err, SS_ENOMEM, "cleaner: out of memory");
        return NULL;
    }
    if (opts)
        c->opts = *opts;
    /* the function-word share of a block is part of its weight: without the
       lists the cleaner would keep chrome it drops with them, so they are
       required (SS_ENODATA naming where they were looked for) */
    c->sw = ss_stopwords_load(err);
    if (!c->sw) {
        free(c);
        return NULL;
    }
    /* libxml2's global tables, once, before any thread parses */
    xmlInitParser();
    return c;
}

void ss_cleaner_free(ss_cleaner *c)
{
    if (!c)
        return;
    ss_stopwords_free(c->sw);
    ss_corpus_free(c->corpus);
    free(c);
}

/* The source of a document for corpus statistics: its outlet, else the
 * host of its URL, else the folder it was read from. */
static uint64_t source_key(const ss_doc *d)
{
    if (d->source && d->source[0])
        return ss_corpus_source(d->source, strlen(d->source));
    if (d->url && d->url[0]) {
        const char *h = strstr(d->url, "://");
        h = h ? h + 3 : d->url;
        size_t n = strcspn(h, "/?#");
        return ss_corpus_source(h, n);
    }
    if (d->origin) {
        const char *slash = strrchr(d->origin, '/');
        return ss_corpus_source(d->origin, slash ? (size_t)(slash - d->origin) : 0);
    }
    return ss_corpus_source("", 0);
}

int ss_cleaner_observe(ss_cleaner *c, const ss_doc *d)
{
    if (d->format == SS_FORMAT_HTML || !d->text)
        return SS_OK; /* pages are judged by their markup */
    if (!c->corpus && !(c->corpus = ss_corpus_new(CORPUS_MAX_ENTRIES)))
        return SS_ENOMEM;
    return ss_corpus_add_doc(c->corpus, source_key(d), d->text, d->text_len);
}

const char *ss_title_source_name(int source)
{
    static const char *const names[] = {"none", "input", "text", "html"};
    return source >= SS_TITLE_NONE && source <= SS_TITLE_HTML ? names[source] : "none";
}

/* A record's title field with something other than blanks in it. */
static int has_title(const char *t)
{
    for (; t && *t; t++)
        if (!(*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
            return 1;
    return 0;
}

void ss_clean_result_init(ss_clean_result *r) { memset(r, 0, sizeof *r); }

void ss_clean_result_release(ss_clean_result *r)
{
    ss_buf_release(&r->title);
    ss_buf_release(&r->text);
    ss_buf_release(&r->full_text);
    ss_buf_release(&r->date);
    ss_buf_release(&r->author);
    ss_buf_release(&r->url);
    free(r->blocks);
    memset(r, 0, sizeof *r);
}

static void reset(ss_clean_result *r)
{
    ss_buf_clear(&r->title);
    ss_buf_clear(&r->text);
    ss_buf_clear(&r->full_text);
    ss_buf_clear(&r->date);
    ss_buf_clear(&r->author);
    ss_buf_clear(&r->url);
    r->removed = 0;
    r->title_source = SS_TITLE_NONE;
    r->body = 0;
    r->nblocks = 0;
    r->warning[0] = '\0';
}

/* Add a block span, merged with the previous one when of the same kind. */
static int add_block(ss_clean_result *r, uint32_t a, uint32_t b, uint8_t k)
{
    if (r->nblocks && r->blocks[r->nblocks - 1].kind == k) {
        r->blocks[r->nblocks - 1].cp_end = b;
        return SS_OK;
    }
    if (r->nblocks == r->capblocks) {
        size_t cap = r->capblocks ? r->capblocks * 2 : 32;
        ss_block *v = realloc(r->blocks, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        r->blocks = v;
        r->capblocks = cap;
    }
    r->blocks[r->nblocks].cp_start = a;
    r->blocks[r->nblocks].cp_end = b;
    r->blocks[r->nblocks].kind = k;
    r->nblocks++;
    return SS_OK;
}

static void note(ss_clean_result *r, const char *msg)
{
    size_t n = strlen(r->warning);
    if (n)
        snprintf(r->warning + n, sizeof r->warning - n, "; %s", msg);
    else
        snprintf(r->warning, sizeof r->warning, "%s", msg);
}

typedef struct {
    ss_buf decoded, prescan;
    ht_tree tree;
    ss_feat_scratch fs;
    uint8_t *kinds;
} html_work;

static void html_work_release(html_work *w)
{
    ss_buf_release(&w->decoded);
    ss_buf_release(&w->prescan);
    ss_ht_release(&w->tree);
    ss_buf_release(&w->fs.norm);
    ss_buf_release(&w->fs.tmp);
    free(w->kinds);
}

static int clean_html(const ss_cleaner *c, const ss_doc *d, ss_clean_result *r)
{
    html_work w;
    memset(&w, 0, sizeof w);
    ss_ht_init(&w.tree);
    char warn[200];
    ss_page_text pt;
    int rc = ss_page_decode(d->html, d->html_len, &w.decoded, &pt, warn, sizeof warn);
    if (rc)
        goto out;
    if (warn[0])
        note(r, warn);
    if (pt.binary)
        goto out;
    if ((rc = ss_ht_parse(pt.data, pt.len, &w.tree, &w.prescan)))
        goto out;
    ss_buf_release(&w.prescan);
    const ht_tree *t = &w.tree;
    if (t->truncated)
        note(r, "page over 2 GiB; only its start was parsed");
    if (t->max_depth > DEEP_NESTING)
        note(r, "elements nested more than 2000 deep");
    w.kinds = malloc(t->nblocks ? t->nblocks : 1);
    if (!w.kinds) {
        rc = SS_ENOMEM;
        goto out;
    }
    ss_extract_info info;
    if ((rc = ss_extract_article(t, c->sw, w.kinds, &info, &w.fs)))
        goto out;
    /* lay out: every block on its own line in full_text, body in text */
    uint32_t cp = 0;
    for (size_t i = 0; i < t->nblocks; i++) {
        const ht_block *b = &t->blocks[i];
        const char *s = t->text.data + b->off;
        if (i && (rc = ss_buf_putc(&r->full_text, '\n')))
            goto out;
        if (i)
            cp++;
        if ((rc = ss_buf_append(&r->full_text, s, b->len)))
            goto out;
        if ((rc = add_block(r, cp, cp + b->cp, w.kinds[i])))
            goto out;
        cp += b->cp;
        if (w.kinds[i] == SS_BLOCK_BODY) {
            if (r->text.len && (rc = ss_buf_putc(&r->text, '\n')))
                goto out;
            if ((rc = ss_buf_append(&r->text, s, b->len)))
                goto out;
        } else if (w.kinds[i] != SS_BLOCK_TITLE) {
            r->removed += b->cp;
        }
    }
    const char *h1 = "";
    size_t h1len = 0;
    if (info.title_block >= 0) {
        h1 = t->text.data + t->blocks[info.title_block].off;
        h1len = t->blocks[info.title_block].len;
    }
    ss_page_meta pm = {&r->title, &r->date, &r->author, &r->url};
    if ((rc = ss_meta_choose(t, h1, h1len, info.title_in_article, &pm)))
        goto out;
    r->title_source = r->title.len ? SS_TITLE_HTML : SS_TITLE_NONE;
    if (r->text.len == 0)
        note(r, t->nblocks ? "no article text found in the page (navigation, links or notices only)"
                           : "the page has no visible text");
out:
    html_work_release(&w);
    return rc;
}

/* A byline line above the body ("By Marta Kowal"): the author's name. */
static int byline(const char *s, size_t n, ss_buf *author)
{
    if (n < 5 || n > 80 || !(memcmp(s, "By ", 3) == 0 || memcmp(s, "BY ", 3) == 0))
        return SS_OK;
    s += 3;
    n -= 3;
    size_t words = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ':' || s[i] == '|' || (s[i] >= '0' && s[i] <= '9'))
            return SS_OK; /* a sentence, a label or a date: not a name alone */
        if ((i == 0 || s[i - 1] == ' ') && s[i] != ' ')
            words++;
    }
    if (words < 2 || words > 6)
        return SS_OK;
    ss_buf_clear(author);
    return ss_buf_append(author, s, n);
}

/* The text cleaner's input for d: its lines recurring across its source
 * are chrome when use_corpus and the corpus was learned. */
static ss_textclean_in text_input(const ss_cleaner *c, const ss_doc *d, int use_corpus)
{
    ss_textclean_in in = {d->text ? d->text : "",
                          d->text ? d->text_len : 0,
                          d->format == SS_FORMAT_JSONL && has_title(d->title),
                          d->title,
                          c->sw,
                          use_corpus ? c->corpus : NULL,
                          use_corpus && c->corpus ? source_key(d) : 0};
    return in;
}

static int clean_text(const ss_cleaner *c, const ss_doc *d, ss_clean_result *r, int use_corpus)
{
    ss_textclean_in in = text_input(c, d, use_corpus);
    const char *t = in.text;
    ss_text_lines lines = {NULL, 0, 0, -1, 0};
    ss_feat_scratch fs = {SS_BUF_INIT, SS_BUF_INIT};
    int rc = ss_textclean(&in, &lines, &fs);
    ss_buf_release(&fs.norm);
    ss_buf_release(&fs.tmp);
    if (rc)
        goto out;
    if (in.title_given) {
        if ((rc = ss_buf_puts(&r->title, d->title)))
            goto out;
        r->title_source = SS_TITLE_INPUT;
    }
    size_t pos = 0;
    uint32_t cp = 0;
    int seen_body = 0;
    for (size_t i = 0; i < lines.n; i++) {
        const ss_line *l = &lines.v[i];
        cp += (uint32_t)ss_utf8_count(t + pos, l->start - pos);
        uint32_t len = (uint32_t)ss_utf8_count(t + l->start, l->end - l->start);
        pos = l->end;
        if ((rc = add_block(r, cp, cp + len, l->kind)))
            goto out;
        cp += len;
        if (l->kind == SS_BLOCK_TITLE) {
            if (!in.title_given) {
                ss_buf_clear(&r->title);
                if ((rc = ss_buf_append(&r->title, t + l->start, l->end - l->start)))
                    goto out;
                r->title_source = SS_TITLE_TEXT;
            }
        } else if (l->kind == SS_BLOCK_BODY) {
            if (r->text.len && (rc = ss_buf_putc(&r->text, '\n')))
                goto out;
            if ((rc = ss_buf_append(&r->text, t + l->start, l->end - l->start)))
                goto out;
        } else {
            r->removed += len;
            if (!seen_body && !r->author.len &&
                (rc = byline(t + l->start, l->end - l->start, &r->author)))
                goto out;
        }
        seen_body |= l->kind == SS_BLOCK_BODY;
    }
    if (d->format == SS_FORMAT_JSONL && r->title_source == SS_TITLE_TEXT && r->text.len == 0) {
        /* a record whose text is one headline-like line: that line is its
         * text (as given), not a title that leaves it empty */
        rc = ss_buf_append(&r->text, r->title.data, r->title.len);
        ss_buf_clear(&r->title);
        r->title_source = SS_TITLE_NONE;
        for (size_t i = 0; i < r->nblocks; i++)
            if (r->blocks[i].kind == SS_BLOCK_TITLE)
                r->blocks[i].kind = SS_BLOCK_BODY;
    }
out:
    ss_text_lines_release(&lines);
    return rc;
}

/* Scripts written without spaces (kana, Han, Hangul syllables, Thai, Lao,
 * Khmer, Myanmar): each character counts as a word. */
static int unspaced_cp(uint32_t c)
{
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Letters and digits: ASCII ones, and any other character that is not
 * punctuation or a space (Latin-1 signs, general and CJK punctuation). */
static int wordy_cp(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return !((c >= 0xA0 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
             c == 0x0964 || c == 0x0965 || c == 0x061F || c == 0x060C || c == 0xFF01 || c == 0xFF0C ||
             c == 0xFF1F);
}

/* Sentence ends: . ! ? ) and closing quotes, the Devanagari danda, the
 * Arabic question mark, the ideographic and full-width stops. */
static int sentence_end_cp(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == '"' || c == ')' || c == 0xBB || c == 0x201D ||
           c == 0x2019 || c == 0x0964 || c == 0x061F || c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
           c == 0xFF0E;
}

/* Words (runs of letters or digits; two characters of an unspaced script
 * are one, as a Chinese word is two characters on average: a one-line
 * brief of 19 characters is no body, as an English one of ten words is
 * none) in valid UTF-8 s[0..n), counted up to stop. */
static size_t count_words(const char *s, size_t n, size_t stop)
{
    size_t words = 0;
    int in = 0, odd = 0;
    for (size_t i = 0; i < n && words < stop;) {
        uint32_t c = ss_utf8_next(s, n, &i);
        if (unspaced_cp(c)) {
            words += !odd; /* the first of each pair */
            odd = !odd;
            in = 0;
            continue;
        }
        odd = 0;
        int w = wordy_cp(c);
        words += w && !in;
        in = w;
    }
    return words;
}

/* Words in the sentences of s[0..n), counted up to stop.  Lines of
 * SENTENCE_MIN_WORDS words or more run on into the next (prose wrapped at
 * a fixed width, as wire copy is); a line that ends a sentence, or has a
 * sentence end inside it, adds the run and itself to the count (a short
 * one only to end a run); any other shorter line (a menu item, "Most
 * read") breaks the run; a line of SENTENCE_LINE_WORDS words or more, or
 * a row of figures of SENTENCE_MIN_WORDS or more, counts in any case.  A sidebar of link lines is no
 * sentence however many words it has. */
#define SENTENCE_LINE_WORDS 12
#define SENTENCE_MIN_WORDS 4
static size_t body_words(const char *s, size_t n, size_t stop)
{
    size_t total = 0, run = 0;
    for (size_t a = 0; a < n && total < stop;) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - s) : n;
        size_t e = b;
        while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
            e--;
        size_t w = count_words(s + a, e - a, SENTENCE_LINE_WORDS);
        int ends = 0, digits = 0;
        for (size_t i = a; i < e && !ends;) {
            uint32_t c = ss_utf8_next(s, e, &i);
            ends = sentence_end_cp(c) && (i == e || s[i] == ' ' || c >= 0x3000);
            digits |= c >= '0' && c <= '9';
        }
        ends |= digits && w >= SENTENCE_MIN_WORDS; /* a row of figures ("Revs 4.8 mln vs 5.0 mln") */
        if ((ends && (run || w >= SENTENCE_MIN_WORDS)) || w >= SENTENCE_LINE_WORDS) {
            total += run + w; /* a sentence ends here (or a line long enough for one) */
            run = 0;
        } else if (w < SENTENCE_MIN_WORDS) {
            run = 0;
        } else {
            run += w;
        }
        a = b + 1;
    }
    return total;
}

/* A document whose source is named (its "source" field or URL host), not
 * only guessed from its folder: an outlet whose repeated lines are its
 * furniture.  A folder of wire copies shares lines because they are
 * copies, which the stages that relate articles must see. */
static int named_source(const ss_doc *d)
{
    return (d->source && d->source[0]) || (d->url && d->url[0]);
}

static int clean_doc(ss_cleaner *c, const ss_doc *d, ss_clean_result *r, ss_error *err, int use_corpus)
{
    reset(r);
    int rc = d->format == SS_FORMAT_HTML && d->html ? clean_html(c, d, r)
                                                    : clean_text(c, d, r, use_corpus);
    if (rc)
        return ss_error_set(err, rc, "%s: out of memory while cleaning", d->id);
    r->body = body_words(r->text.data ? r->text.data : "", r->text.len, SS_CLEAN_MIN_BODY_WORDS) >=
              SS_CLEAN_MIN_BODY_WORDS;
    return SS_OK;
}

int ss_clean_doc(ss_cleaner *c, const ss_doc *d, ss_clean_result *r, ss_error *err)
{
    return clean_doc(c, d, r, err, 1);
}

int ss_text_has_body(const char *text, size_t n)
{
    return text && body_words(text, n, SS_CLEAN_MIN_BODY_WORDS) >= SS_CLEAN_MIN_BODY_WORDS;
}

/* A fetched page (WARC) without a date of its own: when it was fetched.
 * Every cleaning entry point ends here, so each command dates it alike. */
static int date_from_capture(ss_doc *d, ss_error *err)
{
    return ss_doc_date_from_capture(d) ? ss_error_set(err, SS_ENOMEM, "%s: out of memory", d->id) : SS_OK;
}

int ss_clean_apply(ss_cleaner *c, ss_doc *d, ss_error *err)
{
    if (d->format != SS_FORMAT_HTML || !d->html)
        return date_from_capture(d, err); /* a WARC record of plain text */
    ss_clean_result r;
    ss_clean_result_init(&r);
    int rc = ss_clean_doc(c, d, &r, err);
    if (rc == SS_OK) {
        rc = ss_doc_set_text(d, r.text.data ? r.text.data : "", r.text.len);
        if (rc == SS_OK && (!d->title || !d->title[0]) && r.title.len)
            rc = ss_doc_set_str(&d->title, r.title.data, r.title.len);
        if (rc == SS_OK && r.date.len)
            rc = ss_doc_fill_date(d, r.date.data);
        if (rc == SS_OK && !d->author && r.author.len)
            rc = ss_doc_set_str(&d->author, r.author.data, r.author.len);
        if (rc == SS_OK && !d->url && r.url.len)
            rc = ss_doc_set_str(&d->url, r.url.data, r.url.len);
        if (rc)
            ss_error_set(err, rc, "%s: out of memory", d->id);
        else
            rc = date_from_capture(d, err);
    }
    ss_clean_result_release(&r);
    return rc;
}

/* A JSONL record without a title: the headline line of its text, found as
 * for a .txt file.  The text stays as its producer gave it; body_start
 * moves past the title line (and any chrome above it), as for a .txt file
 * read whole, so the title is not counted twice by the stages that read
 * the title and the body. */
static int title_from_text(ss_cleaner *c, ss_doc *d, ss_error *err)
{
    /* a text of one line has no title line: that line is prose (the
     * text), or alone it is the text as given (clean_text); the whole
     * cleaning, a fifth of `dedup` on one-line records, finds nothing */
    if (!memchr(d->text, '\n', d->text_len))
        return SS_OK;
    /* the title line as clean_text finds it (a title with no body after it
     * is the text, as there), without the body's weights, text and counts */
    ss_textclean_in in = text_input(c, d, named_source(d));
    ss_text_lines lines = {NULL, 0, 0, -1, 0};
    ss_feat_scratch fs = {SS_BUF_INIT, SS_BUF_INIT};
    int rc = ss_textclean_title(&in, &lines, &fs);
    ss_buf_release(&fs.norm);
    ss_buf_release(&fs.tmp);
    if (rc == SS_OK && lines.title >= 0 && lines.has_body) {
        const ss_line *l = &lines.v[lines.title];
        size_t end = l->end;
        while (end < d->text_len && (d->text[end] == '\n' || d->text[end] == '\r'))
            end++;
        d->body_start = end;
        rc = ss_doc_set_str(&d->title, d->text + l->start, l->end - l->start);
    }
    ss_text_lines_release(&lines);
    if (rc)
        ss_error_set(err, rc, "%s: out of memory", d->id);
    return rc;
}

/* A JSONL record's text, when the cleaner has learned its corpus: the
 * lines recurring across its source's documents (furniture) are dropped;
 * everything else stays as the producer gave it. */
static int strip_learned(ss_cleaner *c, ss_doc *d, ss_error *err)
{
    if (!c->corpus || !d->text || !d->text_len || !named_source(d))
        return SS_OK;
    uint64_t key = source_key(d);
    const char *t = d->text;
    size_t n = d->text_len, kept = 0;
    ss_buf out = SS_BUF_INIT;
    int rc = SS_OK, changed = 0;
    for (size_t a = 0; a < n && rc == SS_OK;) {
        const char *nl = memchr(t + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - t) : n;
        if (ss_corpus_is_chrome(c->corpus, key, t + a, b - a)) {
            changed = 1;
        } else {
            if (kept++ && ss_buf_putc(&out, '\n'))
                rc = SS_ENOMEM;
            else if (ss_buf_append(&out, t + a, b - a))
                rc = SS_ENOMEM;
        }
        a = b + 1;
    }
    if (rc == SS_OK && changed) {
        rc = ss_doc_set_text(d, out.data ? out.data : "", out.len);
        d->body_start = 0;
    }
    ss_buf_release(&out);
    if (rc)
        ss_error_set(err, rc, "%s: out of memory", d->id);
    return rc;
}

int ss_clean_replace(ss_cleaner *c, ss_doc *d, ss_error *err)
{
    if (d->format == SS_FORMAT_HTML && d->html)
        return ss_clean_apply(c, d, err);
    if (d->format == SS_FORMAT_JSONL) {
        int rc = strip_learned(c, d, err);
        if (rc == SS_OK && !has_title(d->title) && d->text_len)
            rc = title_from_text(c, d, err);
        return rc;
    }
    /* a record's text field is the article as its producer gave it; a
       WARC record of plain text is cleaned as a .txt file */
    int rc = date_from_capture(d, err);
    if (rc || d->format != SS_FORMAT_TEXT)
        return rc;
    ss_clean_result r;
    ss_clean_result_init(&r);
    rc = clean_doc(c, d, &r, err, named_source(d));
    if (rc == SS_OK) {
        rc = ss_doc_set_text(d, r.text.data ? r.text.data : "", r.text.len);
        d->body_start = 0;
        if (rc == SS_OK && r.title.len)
            rc = ss_doc_set_str(&d->title, r.title.data, r.title.len);
        if (rc)
            ss_error_set(err, rc, "%s: out of memory", d->id);
    }
    ss_clean_result_release(&r);
    return rc;
}
