/* engine/engine.h — the story engine: a document's whole trip in one object.
 *
 * This header is the manual for every face that turns documents into
 * stories (the samestory CLI's `stories`, `pairs`, `report`; later a
 * service and language bindings).  The engine orders the stages below it
 * and keeps their state; each stage stays in its own module:
 *
 *   read (the caller) -> clean (clean/) -> language (lang/) -> date
 *   (text/datefind.h) -> features (story/features.h, xling/pivot.h) ->
 *   story assignment (story/cluster.h) -> relations: duplicate, reuse,
 *   translation (compare/relate.h) -> comparison (compare/compare.h).
 *
 * Two objects:
 *
 *  - ss_preparer: one document made ready, with nothing kept between
 *    documents.  HTML becomes text, the language is found, an undated
 *    article takes the date of its dateline, and its story features are
 *    made.  For faces that judge given documents (pairs, translations).
 *
 *  - ss_engine: a run over many documents.  Documents are added in
 *    batches (prepared in parallel on the engine's threads, then spilled
 *    to a temporary file: 24 bytes per article stay in memory); finishing
 *    takes the articles in date order (an undated article keeps its input
 *    position, after the dated article before it), groups them online,
 *    and hands each story to the caller when it closes, with its members'
 *    relations and the comparison of what the sources say.  Memory follows
 *    the open window of stories, not the input.
 *
 * Ownership: documents given to the engine stay the caller's (they are
 * copied where kept); everything the engine hands out (ss_engine_story and
 * what it points to) is the engine's and valid only during the callback.
 * Borrowed resources (stopwords, lexicon) must outlive the object.
 *
 * Threads: an ss_engine or ss_preparer is used by one thread at a time
 * (the engine runs its own worker threads inside calls).  ss_preparer
 * calls for different worker numbers may run at once, one thread per
 * worker number.
 *
 * Errors: functions return SS_OK or a negative ss_status and fill an
 * optional ss_error (core/error.h) with a message naming the document or
 * file.  The engine never prints; warnings (missing data files) are kept
 * for the caller to show (ss_engine_warnings).
 */
#ifndef SS_ENGINE_ENGINE_H
#define SS_ENGINE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "compare/compare.h"
#include "compare/relate.h"
#include "clean/clean.h"
#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"
#include "engine/context.h"
#include "story/cluster.h"
#include "story/features.h"
#include "text/stopwords.h"
#include "xling/lexicon.h"

/* ---- preparing one document ------------------------------------------ */

typedef struct ss_preparer ss_preparer;

/* A preparer for `workers` threads (worker numbers 0..workers-1).  sw and
 * lx are borrowed and may be NULL (no function words dropped; no pivot
 * terms from dictionaries: names and numbers still link languages).  NULL
 * with err set when memory is short or a data file the cleaner or the
 * language identifier needs is missing. */
SS_API ss_preparer *ss_preparer_new(int workers, const ss_stopwords *sw, const ss_lexicon *lx,
                                    ss_error *err);
/* NULL is a no-op. */
SS_API void ss_preparer_free(ss_preparer *p);

/* Make d ready for comparison: HTML becomes its article text (d->text),
 * the language is found unless given, a fetched page without a date takes
 * its capture time.  Text input keeps its raw text (spans refer to it).
 * SS_OK or an error. */
SS_API int ss_prepare_doc(ss_preparer *p, int worker, ss_doc *d, ss_error *err);

/* The same for stages that judge what an article says, not where: text
 * input also loses its page chrome (ss_clean_replace), and an undated
 * article opening with a full dateline takes its day as its date. */
SS_API int ss_prepare_article(ss_preparer *p, int worker, ss_doc *d, ss_error *err);

/* ss_prepare_article, then the story features of d into x (all fields,
 * PIVOT included; x is overwritten).  SS_OK or an error. */
SS_API int ss_prepare_features(ss_preparer *p, int worker, ss_doc *d, ss_features *x, ss_error *err);

/* Clean with cl instead of the preparer's own cleaner: one that has
 * observed the corpus first (ss_cleaner_observe) and so knows the lines
 * each source repeats on its pages (furniture).  cl is borrowed and must
 * outlive p; NULL goes back to the preparer's own.  Not while documents
 * are being prepared. */
SS_API void ss_preparer_set_cleaner(ss_preparer *p, ss_cleaner *cl);

/* With on, ss_prepare_article blanks the text and title of a document
 * given text without an article body (ss_text_has_body: a failed scrape,
 * a page of links or furniture), so it joins no story as what it is not;
 * ss_preparer_no_body counts them.  Off by default. */
SS_API void ss_preparer_exclude_no_body(ss_preparer *p, int on);
/* With on, ss_prepare_article dates an article that has no date, no
 * dateline and no date stamp by the first date with day, month and year
 * in its opening, where a report says when its event happened: a stream
 * then orders it and closes its story by that day, so look-alike events of
 * different days fall apart.  Off by default (pairs and translations judge
 * texts as dated by their publication only). */
SS_API void ss_preparer_event_dates(ss_preparer *p, int on);
SS_API uint64_t ss_preparer_no_body(const ss_preparer *p);
/* Articles prepared with more text than SS_DOC_WORK_MAX (core/doc.h): the
 * story stages read only their first part. */
SS_API uint64_t ss_preparer_cut(const ss_preparer *p);

/* ---- the engine -------------------------------------------------------- */

typedef struct ss_engine_opts {
    ss_story_opts story;            /* threshold, headline threshold, window */
    int threads;                    /* worker threads; <= 0: one per CPU */
    const ss_stopwords *stopwords;  /* borrowed, may be NULL */
    const ss_lexicon *lexicon;      /* borrowed, may be NULL */
    const ss_quoter *quoter;        /* borrowed, may be NULL: the engine loads its own */
    ss_cleaner *cleaner;            /* borrowed, may be NULL: a cleaner that has observed
                                       the corpus (ss_preparer_set_cleaner) */
    int keep_no_body;               /* 0: articles without a body join no story
                                       (ss_preparer_exclude_no_body) */
} ss_engine_opts;

/* Defaults: story/cluster.h's defaults, one thread per CPU, no stopwords
 * and no lexicon (the caller loads them: ss_stopwords_load,
 * ss_lexicon_load). */
SS_API void ss_engine_opts_default(ss_engine_opts *o);

typedef struct ss_engine ss_engine;

/* A memory-only engine (its spill file is an anonymous temporary file).
 * NULL with err set when memory is short, no thread starts, or no
 * temporary file can be made (the message says to set TMPDIR). */
SS_API ss_engine *ss_engine_new(const ss_engine_opts *o, ss_error *err);
/* NULL is a no-op. */
SS_API void ss_engine_free(ss_engine *e);

/* Warnings gathered so far, one per line (a missing quotation lexicon
 * means no quotations are compared); "" when none.  Valid until the next
 * call on e. */
SS_API const char *ss_engine_warnings(const ss_engine *e);

/* Add docs[0..n) (read by the caller; they stay the caller's and are
 * changed in place: cleaned text, language, date).  They are prepared in
 * parallel and kept in input order.  On an error, the documents before
 * the failing one are kept, the rest of the batch is not, and err names
 * the failing document.  *kept (may be NULL) receives how many were kept.
 * Not after ss_engine_finish. */
SS_API int ss_engine_add(ss_engine *e, ss_doc *const *docs, size_t n, size_t *kept, ss_error *err);

/* The document frequencies of the articles added so far (owned by e). */
SS_API const ss_df *ss_engine_df(const ss_engine *e);
/* Judge by table instead of counting from nothing (docs/ENGINE.md,
 * "Frequencies"; the Dask stories job counts per time range): the texts
 * of a larger collection dated before the added articles, and the first
 * `counted` articles added (in input order), which are not counted again;
 * the others are counted as their turn comes.  The first texts of the
 * input are then not judged together (the table's maker decides that).
 * e takes table (and frees it).  Before ss_engine_finish. */
SS_API void ss_engine_use_df(ss_engine *e, ss_df *table, uint64_t counted);

typedef struct ss_engine_counts {
    uint64_t articles;     /* added */
    uint64_t undated;      /* of them without a date */
    uint64_t stories;      /* handed out by ss_engine_finish so far */
    uint64_t multi;        /* of them with more than one article */
    uint64_t no_body;      /* of the articles, given text without an article body
                              (kept out of stories unless keep_no_body) */
    uint64_t cut;          /* of the articles, with more than SS_DOC_WORK_MAX bytes of
                              text: the story stages read their first part */
    uint64_t copies;       /* of the articles, exact copies of an earlier one's text:
                              counted once in the word frequencies (not in a store) */
    uint64_t live_batches; /* a store: batches grouped on the open stories as they
                              were (store.c, "Live batches"), not regrouped */
} ss_engine_counts;

SS_API void ss_engine_get_counts(const ss_engine *e, ss_engine_counts *c);

/* A story as handed to the caller: members in the order they joined. */
typedef struct ss_engine_story {
    uint64_t id;                    /* stories numbered from 0 in order of creation */
    size_t n;                       /* members */
    const ss_doc *const *docs;      /* per member: the prepared document */
    const uint32_t *link;           /* per member: the earlier member it is most similar
                                       to (its own index for the first) */
    const float *link_score;        /* per member: similarity to that member */
    const uint8_t *relation;        /* per member: ss_relation of the link (first: same-event) */
    const uint32_t *relation_source; /* per member: for reuse, the member the text came
                                        from, else UINT32_MAX */
    size_t first;                   /* the earliest member (date, then input order) */
    size_t representative;          /* the member whose title stands for the story */
    int64_t first_time, last_time;  /* SS_TIME_NONE when no member has a date */
    const ss_comparison *comparison; /* what the sources agree on, add, contradict */
    const ss_reuse_passages *reuse; /* reused passages among the members */
} ss_engine_story;

/* Called for each closed story, in the order stories close.  Return SS_OK
 * to go on; anything else stops ss_engine_finish, which returns it. */
typedef int (*ss_engine_story_fn)(void *ctx, const ss_engine_story *s);

/* Group every added article into stories and hand each to fn.  Called
 * once; the engine can then only be freed. */
SS_API int ss_engine_finish(ss_engine *e, ss_engine_story_fn fn, void *ctx, ss_error *err);

/* ---- the store: stories that live on ------------------------------------ *
 *
 * ss_engine_open keeps the engine's articles and stories in one SQLite
 * file (WAL journal; docs/ENGINE.md has the schema).  Adding a batch is one
 * transaction: after a crash the store holds every committed batch whole
 * and nothing of the one being written.  Articles may come in any order:
 * each batch regroups the stories still open at its earliest article (up
 * to --window days before it) together with the new articles, so a late
 * article joins the story it belongs to and a story's first article,
 * relations and comparison follow.  The same id sent again with the same
 * content changes nothing; with other content it is a correction (the new
 * version replaces the old, and the story is regrouped).  Removing an
 * article regroups its story without it: the articles that held together
 * only through it become stories of their own (the part with the story's
 * earliest article keeps its number).  Articles and stories have 64-bit
 * numbers; a story's number stays while its earliest article stays in it.
 *
 * Threads and processes: one writer at a time (a second writer's add or
 * remove fails with SS_EIO, its message saying the file is locked by
 * another writer), any number of readers (engines opened with
 * SS_STORE_READONLY, in this or other processes) at once.  One
 * ss_engine is used by one thread at a time.
 */

/* ss_engine_open flags. */
/* flags: SS_STORE_CREATE, SS_STORE_READONLY, SS_STORE_KEEP_OPTIONS (take
 * the story options stored in the file instead of comparing them with
 * opts->story), from the public header */

/* Open (or create) the store at path.  The story options (threshold,
 * headline threshold, window) are fixed when a store is created; opening
 * it with other options is an error unless SS_STORE_KEEP_OPTIONS.  NULL
 * with err naming the file and the problem: not a samestory store (or not
 * SQLite at all), another schema version (docs/ENGINE.md says how to
 * upgrade), read-only or locked, other options.  The file is never
 * changed by a failed open. */
SS_API ss_engine *ss_engine_open(const char *path, const ss_engine_opts *opts, unsigned flags,
                                 ss_error *err);

/* A writer says who it is, in one line, for the message another writer
 * gets while it holds the store ("a samestory server at ADDR: add articles
 * through it ..."; core/filelock.h).  No-op for a reader or an engine
 * without a store. */
SS_API void ss_engine_note_writer(ss_engine *e, const char *note);

/* A store engine for callers that keep no data of their own (the Python
 * binding): ss_engine_open with the default options (the story options of
 * an existing store are taken from it), threads workers (<= 0: one per
 * CPU), and the data of ctx (engine/context.h; borrowed: it must outlive
 * the engine).  ctx NULL: the installed stopwords and lexicon are loaded
 * here and freed with the engine, a missing one a warning
 * (ss_engine_warnings), as the CLI says it.  flags as ss_engine_open
 * (SS_STORE_KEEP_OPTIONS is implied). */
SS_API ss_engine *ss_engine_open_path(const ss_context *ctx, const char *path, unsigned flags,
                                      int threads, ss_error *err);
/* The same with the story options of `stories --db` (--threshold,
 * --headline-threshold, --window): a value below 0 is not given.  None
 * given: a new store takes the defaults, an existing one keeps its own.
 * Any given: a new store is made with them (the others at their
 * defaults), an existing one must have been made with the same (else an
 * error names both), as the CLI checks. */
SS_API ss_engine *ss_engine_open_path_opts(const ss_context *ctx, const char *path, unsigned flags,
                                           int threads, double threshold, double headline_threshold,
                                           double window_days, ss_error *err);

/* `samestory stories` over the records of one body (input/body.h), in
 * memory, with the default options, threads workers (<= 0: one per CPU)
 * and the data of ctx (NULL: loaded here for this call): each story's
 * JSON line (ss_engine_story_json)
 * appended to out, in the order stories close.  A record that does not
 * parse stops the run, as the CLI's default policy does: SS_EPARSE or
 * SS_EMISSING with err naming its index.  For the Python binding. */
SS_API int ss_stories_json(const ss_context *ctx, const char *body, size_t len, int threads,
                           ss_buf *out, ss_error *err);
/* The document frequencies ss_stories_json would judge the records by,
 * as bytes (u64 documents, u64 n, n u64 table keys, n u32 counts, machine
 * byte order); and ss_stories_json judging by such a table (the texts
 * of a collection dated before these records, summed from its parts',
 * and the first `counted` records) instead of counting from nothing
 * (ss_engine_use_df).
 * For the Dask stories job. */
SS_API int ss_stories_df(const ss_context *ctx, const char *body, size_t len, int threads, ss_buf *out,
                         ss_error *err);
/* ss_stories_df, and the hash of each record's text as prepared (u64,
 * machine byte order, in input order) appended to hashes: exact copies,
 * which count once in the frequencies, have equal hashes, so that parts
 * of one collection can count a text they share once. */
SS_API int ss_stories_df_hashes(const ss_context *ctx, const char *body, size_t len, int threads,
                                ss_buf *out, ss_buf *hashes, ss_error *err);
SS_API int ss_stories_json_df(const ss_context *ctx, const char *body, size_t len, int threads,
                              const void *df, size_t dflen, uint64_t counted, ss_buf *out, ss_error *err);

/* What ss_engine_add_batch did with one document. */
typedef enum ss_add_action {
    SS_ADD_NEW = 0,        /* a new article */
    SS_ADD_SAME = 1,       /* the same id and content as stored: nothing changed */
    SS_ADD_CORRECTED = 2   /* the same id with other content: replaced the stored one */
} ss_add_action;

/* What was noticed about an added article (ss_add_result.notes, bits):
 * the input gave a "date" that is no date (it is taken as undated); its
 * text has no article body (fewer than SS_CLEAN_MIN_BODY_WORDS words in
 * sentences: it is compared by its headline alone, a page without one in
 * no story); more than SS_DOC_WORK_MAX bytes of clean text (the story
 * stages read the first part); a "lang" that is no language tag (it was
 * detected instead).  ss_add_note_text names each. */
enum {
    SS_NOTE_BAD_DATE = 1,
    SS_NOTE_NO_BODY = 2,
    SS_NOTE_CUT = 4,
    SS_NOTE_BAD_LANG = 8,
    SS_NOTE_REPAIRED = 16, /* invalid UTF-8 or NUL bytes replaced by U+FFFD (the CLI's
                              readers say so themselves) */
};

typedef struct ss_add_result {
    int64_t article;       /* the article's number */
    int64_t story;         /* the story it is in after the batch */
    uint8_t action;        /* ss_add_action */
    uint8_t story_new;     /* the story did not exist before this batch */
    uint8_t notes;         /* SS_NOTE_* bits; 0 for an article sent again unchanged */
} ss_add_result;

/* The SS_NOTE_* bits of d once prepared (ss_engine_add, _add_batch);
 * had_text: it was given text or a page before. */
SS_API unsigned ss_add_notes_of(const ss_doc *d, int had_text);
/* One SS_NOTE_* bit said in words for d (its date or language quoted),
 * into out[0..size) (NUL-terminated, cut to fit); "" for another value. */
SS_API void ss_add_note_text(unsigned note, const ss_doc *d, char *out, size_t size);

/* A store engine: prepare docs[0..n) and add them in one transaction;
 * res[i] (res may be NULL) says what became of docs[i].  Documents are
 * the caller's; two documents of one batch with the same id: the later
 * wins.  On any error nothing of the batch is in the store (err says why:
 * disk full, locked, ...) and the engine must be freed. */
SS_API int ss_engine_add_batch(ss_engine *e, ss_doc *const *docs, size_t n, ss_add_result *res,
                               ss_error *err);

/* A store engine: add the records of one request body (input/body.h: a
 * JSON object, an array of objects, or JSON Lines; each record as the CLI
 * reads it, input/jsonl.h) as one batch, the way `samestory serve` and
 * the Python binding take articles.  Records that do not parse, or are
 * longer than max_doc bytes, are refused one by one and the others added;
 * out gets {"accepted": n, "rejected": n, "results": [per record, in
 * order: {"index", "id", "article", "story", "story_new", "action":
 * "new"|"same"|"corrected", "relation"?} or {"index", "error"}]} (plus a
 * top-level "error" when every record was refused).  *accepted and
 * *rejected (may be NULL) receive the counts.  SS_OK; SS_ETOOBIG when the
 * body holds more than max_records records (nothing added, out untouched);
 * or the error of ss_engine_add_batch (nothing of the batch stored, and
 * the engine must be freed). */
SS_API int ss_engine_add_json(ss_engine *e, const char *body, size_t len, size_t max_records, size_t max_doc,
                              ss_buf *out, size_t *accepted, size_t *rejected, ss_error *err);

/* A store engine: remove the articles with the given ids (one transaction)
 * and regroup their stories.  *removed (may be NULL) counts those found;
 * ids not in the store are passed over.  Errors as ss_engine_add_batch. */
SS_API int ss_engine_remove(ss_engine *e, const char *const *ids, size_t n, size_t *removed,
                            ss_error *err);

/* A store engine: regroup every stored article (one transaction), each
 * judged by the frequencies of the texts before it, as a one-shot run
 * over the same articles would.  A store fed in time order groups so
 * already; late articles, corrections and removals are where it can part
 * from a one-shot run (docs/ENGINE.md, "Batch equals stream").  Errors as
 * ss_engine_add_batch. */
SS_API int ss_engine_settle(ss_engine *e, ss_error *err);

/* The stories the last add, remove or settle changed, as JSON lines (the story
 * object of ss_engine_story_json with "change": "new", "updated" or
 * "removed", and "corrected": [ids] when a correction of this batch is in
 * it), appended to out.  SS_OK or an error. */
SS_API int ss_engine_changes_json(ss_engine *e, ss_buf *out, ss_error *err);

/* Filters for listing stories; zero (ss_story_filter_init) means no
 * filter.  Times are seconds since 1970 UTC. */
/* ss_story_filter (since, until, lang, source, query, limit, after,
 * min_size) is the public header's; SS_TIME_NONE is an open end. */

SS_API void ss_story_filter_init(ss_story_filter *f);

/* Stories matching f, newest activity (latest article) first, each as its
 * JSON line appended to out.  When more stories follow, *next (may be
 * NULL) gets a cursor to pass as f->after (the caller frees it), else
 * NULL.  Readers may list while a writer adds (they see the last commit). */
SS_API int ss_engine_list_json(ss_engine *e, const ss_story_filter *f, ss_buf *out, char **next,
                               ss_error *err);

/* One story by number, as its JSON line; SS_ENOTFOUND when none. */
SS_API int ss_engine_story_get_json(ss_engine *e, int64_t story, ss_buf *out, ss_error *err);

/* One article by id: its metadata, text, story and relation, as JSON;
 * SS_ENOTFOUND when none. */
SS_API int ss_engine_article_json(ss_engine *e, const char *id, ss_buf *out, ss_error *err);

/* Articles matching an FTS5 full-text query (words, "phrases", OR, NOT),
 * best match first, at most limit (0: 20) of them, as one JSON array
 * appended to out: per article id, article, story, lang, title, date,
 * source and a snippet of the text around the match (plain text; the
 * matched words are not marked up).  SS_EINVAL with a message for a
 * query FTS5 cannot parse. */
SS_API int ss_engine_search_json(ss_engine *e, const char *query, size_t limit, ss_buf *out,
                                 ss_error *err);

/* How many articles and stories the store holds (a reader sees the last
 * commit). */
SS_API int ss_engine_store_totals(ss_engine *e, int64_t *articles, int64_t *stories, ss_error *err);

/* Stories matching f (newest activity first), each recomputed from the
 * stored articles (relations, comparison) and handed to fn, as
 * ss_engine_finish does; for the HTML report. */
SS_API int ss_engine_each_story(ss_engine *e, const ss_story_filter *f, ss_engine_story_fn fn, void *ctx,
                                ss_error *err);

/* The JSON object `samestory stories` prints for s (no newline), appended
 * to out: story, articles, languages, first, title, size, first_date,
 * last_date, relations, and the comparison's fields.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_engine_story_json(const ss_engine_story *s, ss_buf *out);

/* One line per article for spreadsheets (`stories --format csv`): the
 * header line, then with ss_engine_story_csv a row per member of s,
 * appended to out:
 *   story,article,relation,link,score,source,language,date,title
 * relation is "first" for the member that opened the story (link and
 * score empty), else duplicate, reuse, translation or same-event to the
 * member `link` (an article id) with the link's score; date is the
 * article's day (YYYY-MM-DD) or empty.  RFC 4180 quoting (a field with a
 * comma, quote or line break is quoted, its quotes doubled), but lines end
 * in LF; a field that begins with = + - @, a tab or a CR (ids too: they
 * come from the input as well) is written after a ' so that no
 * spreadsheet takes input for a formula.  SS_OK or SS_ENOMEM. */
SS_API const char *ss_engine_story_csv_header(void);
SS_API int ss_engine_story_csv(const ss_engine_story *s, ss_buf *out);

#endif
