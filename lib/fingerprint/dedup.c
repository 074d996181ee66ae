/* fingerprint/dedup.c — the deduplicator: documents, exact keys, LSH, groups.
 *
 * Invariants: docs[i].exact_of <= i and docs[docs[i].exact_of].exact_of is
 * itself; a document is in the LSH buckets only if it has a sketch, and
 * only documents that are the first of their exact key have one; the
 * union-find root of a group is its smallest document number (unionfind.h).
 * Candidates already in the document's group are not verified again, which
 * cannot change the groups (they are connected components) but keeps
 * large clusters cheap.
 */
#include "fingerprint/dedup_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"

void ss_dedup_opts_default(ss_dedup_opts *o)
{
    o->threshold = 0.8;
    o->ngram = 5;
    o->hashes = 1024;
    o->common_docs = 16;
}

ss_dedup *ss_dedup_new(const ss_dedup_opts *o, ss_error *err)
{
    ss_dedup_opts d;
    if (!o) {
        ss_dedup_opts_default(&d);
        o = &d;
    }
    if (!(o->threshold > 0.0 && o->threshold <= 1.0)) {
        ss_error_set(err, SS_EINVAL, "threshold must be above 0 and at most 1 (got %g)",
                     o->threshold);
        return NULL;
    }
    if (o->ngram < 1 || o->ngram > 32) {
        ss_error_set(err, SS_EINVAL, "ngram must be from 1 to 32 (got %d)", o->ngram);
        return NULL;
    }
    if (o->hashes < SS_MINHASH_MIN_HASHES || o->hashes > SS_MINHASH_MAX_HASHES ||
        o->hashes % 16) {
        ss_error_set(err, SS_EINVAL, "hashes must be a multiple of 16 from %d to %d (got %d)",
                     SS_MINHASH_MIN_HASHES, SS_MINHASH_MAX_HASHES, o->hashes);
        return NULL;
    }
    ss_dedup *dd = calloc(1, sizeof *dd);
    if (!dd)
        goto oom;
    dd->p.threshold = o->threshold;
    dd->p.cutoff = o->threshold >= 0.1 ? o->threshold - 0.05 : o->threshold / 2;
    dd->p.ngram = (uint32_t)o->ngram;
    dd->p.hashes = (uint32_t)o->hashes;
    dd->p.common_docs = o->common_docs;
    ss_minhash_choose_bands(dd->p.cutoff, &dd->p.bands, &dd->p.rows);
    dd->mh.hashes = dd->p.hashes;
    dd->mh.bands = dd->p.bands;
    dd->mh.rows = dd->p.rows;
    dd->sketch_bytes = ss_minhash_sketch_bytes(dd->p.hashes);
    ss_uf_init(&dd->uf);
    ss_buf_init(&dd->ids);
    dd->exact = ss_keymap_new();
    dd->lsh = ss_keymap_new();
    dd->lines = ss_linefreq_new(0);
    if (!dd->exact || !dd->lsh || !dd->lines)
        goto oom;
    return dd;
oom:
    ss_dedup_free(dd);
    ss_error_set(err, SS_ENOMEM, "out of memory");
    return NULL;
}

void ss_dedup_free(ss_dedup *dd)
{
    if (!dd)
        return;
    free(dd->docs);
    ss_buf_release(&dd->ids);
    ss_uf_release(&dd->uf);
    free(dd->sketches);
    free(dd->sketch_doc);
    ss_keymap_free(dd->exact);
    ss_keymap_free(dd->lsh);
    ss_linefreq_free(dd->lines);
    free(dd->rep);
    free(dd);
}

ss_dedup_params ss_dedup_get_params(const ss_dedup *dd) { return dd->p; }

ss_dedup_work *ss_dedup_work_new(void)
{
    ss_dedup_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    ss_tokens_init(&w->tok);
    ss_minhash_work_init(&w->mh);
    return w;
}

void ss_dedup_work_free(ss_dedup_work *w)
{
    if (!w)
        return;
    ss_tokens_release(&w->tok);
    ss_minhash_work_release(&w->mh);
    free(w->shingles);
    free(w);
}

ss_dedup_item *ss_dedup_item_new(void)
{
    ss_dedup_item *it = calloc(1, sizeof *it);
    if (it)
        ss_fp_text_init(&it->text);
    return it;
}

void ss_dedup_item_free(ss_dedup_item *it)
{
    if (!it)
        return;
    ss_fp_text_release(&it->text);
    free(it->lines);
    free(it->sketch);
    free(it);
}

uint32_t ss_dedup_item_doc(const ss_dedup_item *it) { return it->doc; }

int ss_dedup_scan(const ss_dedup *dd, ss_dedup_work *w, ss_dedup_item *it, const ss_doc *d,
                  ss_error *err)
{
    (void)dd;
    it->copy = 0;
    it->sketched = 0;
    it->doc = SS_DEDUP_NONE;
    int rc = ss_fp_text_scan(&it->text, d, &w->tok);
    if (rc == SS_ENOMEM)
        return ss_error_set(err, rc, "%s: out of memory", d->id);
    if (rc)
        return ss_error_set(err, rc, "%s: document too large to fingerprint (4 GiB or more)",
                            d->id);
    /* keep no more than a modest reserve between documents */
    if (w->tok.cap > (1u << 20)) {
        ss_tokens_release(&w->tok);
        ss_tokens_init(&w->tok);
    }
    return SS_OK;
}

/* The first document filed under an exact key, or SS_DEDUP_NONE. */
static uint32_t exact_head(const ss_dedup *dd, uint64_t key)
{
    uint32_t buf[16];
    size_t n = ss_keymap_get(dd->exact, key, buf, 16);
    uint32_t *v = buf;
    if (n > 16) {
        v = malloc(n * sizeof *v);
        if (!v) /* cannot look further: treat as new, never as a false copy */
            return SS_DEDUP_NONE;
        ss_keymap_get(dd->exact, key, v, n);
    }
    uint32_t head = SS_DEDUP_NONE;
    for (size_t i = 0; i < n && head == SS_DEDUP_NONE; i++)
        if (dd->docs[v[i]].exact == key)
            head = v[i];
    if (v != buf)
        free(v);
    return head;
}

int ss_dedup_item_same_text(const ss_dedup *dd, const ss_dedup_item *it, uint32_t doc)
{
    return doc < dd->ndocs && dd->docs[doc].exact == it->text.exact;
}

int ss_dedup_admit(ss_dedup *dd, ss_dedup_item *it, const char *id, int64_t time, ss_error *err)
{
    if (dd->ndocs >= UINT32_MAX - 1)
        return ss_error_set(err, SS_ETOOBIG, "more than %u documents", UINT32_MAX - 2);
    if (dd->ndocs == dd->capdocs) {
        size_t cap = dd->capdocs ? dd->capdocs * 2 : 1024;
        dd_doc *v = realloc(dd->docs, cap * sizeof *v);
        if (!v)
            goto oom;
        dd->docs = v;
        dd->capdocs = cap;
    }
    size_t off = dd->ids.len;
    if (ss_buf_append(&dd->ids, id, strlen(id) + 1))
        goto oom;
    if (ss_uf_add(&dd->uf)) {
        dd->ids.len = off;
        goto oom;
    }
    uint32_t n = (uint32_t)dd->ndocs;
    dd_doc *r = &dd->docs[n];
    memset(r, 0, sizeof *r);
    r->exact = it->text.exact;
    r->time = time;
    r->id_off = off;
    r->sketch = SS_DEDUP_NONE;
    r->exact_of = SS_DEDUP_NONE;
    dd->ndocs++;
    dd->st.docs++;
    dd->st.new_docs++;
    it->doc = n;
    if (!r->exact) {
        dd->st.empty++;
        return SS_OK;
    }
    uint32_t head = exact_head(dd, r->exact);
    if (head != SS_DEDUP_NONE) {
        r->exact_of = head;
        ss_uf_union(&dd->uf, n, head);
        it->copy = 1;
        dd->st.exact_copies++;
        return SS_OK;
    }
    r->exact_of = n;
    if (ss_keymap_add(dd->exact, r->exact, n))
        goto oom;
    size_t k = ss_fp_countable_lines(&it->text, (int)dd->p.ngram, &it->lines, &it->lcap);
    if (k == (size_t)-1 || ss_linefreq_add_doc(dd->lines, it->lines, k))
        goto oom;
    return SS_OK;
oom:
    return ss_error_set(err, SS_ENOMEM, "%s: out of memory", id);
}

int ss_dedup_sketch(const ss_dedup *dd, ss_dedup_work *w, ss_dedup_item *it, ss_error *err)
{
    it->sketched = 0;
    if (it->copy || !it->text.exact)
        return SS_OK;
    size_t n = 0;
    if (ss_fp_shingles(&it->text, (int)dd->p.ngram, dd->lines, dd->p.common_docs, &w->shingles,
                       &w->scap, &n, NULL))
        goto oom;
    if (it->sketch_cap < dd->sketch_bytes) {
        free(it->sketch);
        it->sketch = malloc(dd->sketch_bytes);
        it->sketch_cap = it->sketch ? dd->sketch_bytes : 0;
        if (!it->sketch)
            goto oom;
    }
    if (ss_minhash_sketch(&dd->mh, w->shingles, n, &w->mh, it->sketch, it->bands))
        goto oom;
    it->sketched = n > 0;
    if (w->scap > (1u << 20)) {
        free(w->shingles);
        w->shingles = NULL;
        w->scap = 0;
    }
    return SS_OK;
oom:
    return ss_error_set(err, SS_ENOMEM, "out of memory");
}

static const uint8_t *sketch_of(const ss_dedup *dd, uint32_t s)
{
    return dd->sketches + (size_t)s * dd->sketch_bytes;
}

/* An item keeps its arrays for the next document, but not a huge one's. */
static void item_trim(ss_dedup_item *it)
{
    if (it->text.wcap > (1u << 20) || it->text.lcap > (1u << 16)) {
        ss_fp_text_release(&it->text);
        ss_fp_text_init(&it->text);
    }
    if (it->lcap > (1u << 16)) {
        free(it->lines);
        it->lines = NULL;
        it->lcap = 0;
    }
}

int ss_dedup_link(ss_dedup *dd, ss_dedup_item *it, ss_error *err)
{
    item_trim(it);
    if (!it->sketched)
        return SS_OK;
    uint32_t n = it->doc;
    if (dd->nsketch == dd->capsketch) {
        size_t cap = dd->capsketch ? dd->capsketch * 2 : 1024;
        uint8_t *s = realloc(dd->sketches, cap * dd->sketch_bytes);
        if (!s)
            goto oom;
        dd->sketches = s;
        uint32_t *sd = realloc(dd->sketch_doc, cap * sizeof *sd);
        if (!sd)
            goto oom;
        dd->sketch_doc = sd;
        dd->capsketch = cap;
    }
    uint32_t sk = (uint32_t)dd->nsketch++;
    memcpy(dd->sketches + (size_t)sk * dd->sketch_bytes, it->sketch, dd->sketch_bytes);
    dd->sketch_doc[sk] = n;
    dd->docs[n].sketch = sk;
    const uint8_t *mine = sketch_of(dd, sk);
    uint32_t cand[SS_DEDUP_BUCKET_CAP];
    uint32_t failed[64];
    size_t nfailed = 0;
    for (uint32_t b = 0; b < dd->p.bands; b++)
        ss_keymap_prefetch(dd->lsh, it->bands[b]);
    for (uint32_t b = 0; b < dd->p.bands; b++) {
        size_t cnt = ss_keymap_get(dd->lsh, it->bands[b], cand, SS_DEDUP_BUCKET_CAP);
        size_t m = cnt < SS_DEDUP_BUCKET_CAP ? cnt : SS_DEDUP_BUCKET_CAP;
        for (size_t i = 0; i < m; i++) {
            uint32_t v = cand[i];
            if (ss_uf_find(&dd->uf, v) == ss_uf_find(&dd->uf, n))
                continue;
            int seen = 0;
            for (size_t k = 0; k < nfailed && !seen; k++)
                seen = failed[k] == v;
            if (seen)
                continue;
            dd->st.candidates++;
            double s = ss_minhash_similarity(mine, sketch_of(dd, dd->docs[v].sketch), dd->p.hashes);
            if (s >= dd->p.cutoff) {
                ss_uf_union(&dd->uf, n, v);
                dd->st.near_pairs++;
            } else if (nfailed < 64) {
                failed[nfailed++] = v;
            }
        }
        if (cnt < SS_DEDUP_BUCKET_CAP && ss_keymap_add(dd->lsh, it->bands[b], n))
            goto oom;
    }
    return SS_OK;
oom:
    return ss_error_set(err, SS_ENOMEM, "out of memory");
}

/* 1 if a should represent a group rather than b (see dedup.h). */
static int earlier(const ss_dedup *dd, uint32_t a, uint32_t b)
{
    int64_t ta = dd->docs[a].time, tb = dd->docs[b].time;
    if (ta != SS_TIME_NONE && tb != SS_TIME_NONE && ta != tb)
        return ta < tb;
    if ((ta == SS_TIME_NONE) != (tb == SS_TIME_NONE))
        return tb == SS_TIME_NONE;
    return a < b;
}

int ss_dedup_finish(ss_dedup *dd)
{
    size_t n = dd->ndocs;
    if (dd->nrep < n) {
        uint32_t *r = realloc(dd->rep, (n ? n : 1) * sizeof *r);
        if (!r)
            return SS_ENOMEM;
        dd->rep = r;
    }
    dd->nrep = n;
    uint32_t *size = calloc(n ? n : 1, sizeof *size);
    uint8_t *flags = calloc(n ? n : 1, 1); /* 1: holds a new document, 2: not all equal */
    if (!size || !flags) {
        free(size);
        free(flags);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        dd->rep[i] = SS_DEDUP_NONE;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = ss_uf_find(&dd->uf, i);
        if (dd->rep[r] == SS_DEDUP_NONE || earlier(dd, i, dd->rep[r]))
            dd->rep[r] = i;
        size[r]++;
        if (i >= dd->first_new)
            flags[r] |= 1;
        if (dd->docs[i].exact_of != dd->docs[r].exact_of)
            flags[r] |= 2;
    }
    dd->st.exact_groups = dd->st.near_groups = dd->st.removed = dd->st.removed_exact = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = ss_uf_find(&dd->uf, i);
        dd->rep[i] = dd->rep[r];
        if (i == r && size[r] > 1 && (flags[r] & 1)) {
            if (flags[r] & 2)
                dd->st.near_groups++;
            else
                dd->st.exact_groups++;
        }
        if (i >= dd->first_new && dd->rep[i] != i) {
            dd->st.removed++;
            dd->st.removed_exact += dd->docs[i].exact_of == dd->docs[dd->rep[i]].exact_of;
        }
    }
    free(size);
    free(flags);
    return SS_OK;
}

uint32_t ss_dedup_count(const ss_dedup *dd) { return (uint32_t)dd->ndocs; }
uint32_t ss_dedup_first_new(const ss_dedup *dd) { return dd->first_new; }

const char *ss_dedup_id(const ss_dedup *dd, uint32_t doc)
{
    return doc < dd->ndocs ? dd->ids.data + dd->docs[doc].id_off : NULL;
}

uint32_t ss_dedup_group(const ss_dedup *dd, uint32_t doc)
{
    return doc < dd->nrep ? dd->rep[doc] : SS_DEDUP_NONE;
}

double ss_dedup_pair_similarity(const ss_dedup *dd, uint32_t a, uint32_t b)
{
    if (a >= dd->ndocs || b >= dd->ndocs)
        return 0.0;
    if (a == b)
        return 1.0;
    uint32_t ea = dd->docs[a].exact_of, eb = dd->docs[b].exact_of;
    if (ea == SS_DEDUP_NONE || eb == SS_DEDUP_NONE)
        return 0.0;
    if (ea == eb)
        return 1.0;
    uint32_t sa = dd->docs[ea].sketch, sb = dd->docs[eb].sketch;
    if (sa == SS_DEDUP_NONE || sb == SS_DEDUP_NONE)
        return 0.0;
    return ss_minhash_similarity(sketch_of(dd, sa), sketch_of(dd, sb), dd->p.hashes);
}

double ss_dedup_similarity(const ss_dedup *dd, uint32_t doc)
{
    uint32_t r = ss_dedup_group(dd, doc);
    if (r == SS_DEDUP_NONE || r == doc)
        return 1.0;
    return ss_dedup_pair_similarity(dd, doc, r);
}

ss_dedup_stats ss_dedup_get_stats(const ss_dedup *dd) { return dd->st; }

size_t ss_dedup_memory(const ss_dedup *dd)
{
    return dd->capdocs * sizeof(dd_doc) + dd->ids.cap + dd->uf.cap * sizeof(uint32_t) +
           dd->capsketch * (dd->sketch_bytes + sizeof(uint32_t)) + ss_keymap_bytes(dd->exact) +
           ss_keymap_bytes(dd->lsh) + dd->nrep * sizeof(uint32_t);
}
