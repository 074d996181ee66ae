/* cli/xalign.c — `samestory translations --align A B [INPUT...]`: the
 * sentence alignment of an article and its translation.
 *
 * A and B are two files of one document each, or the ids of two documents
 * among the INPUT files.  Both are prepared like any input (HTML cleaned,
 * language found; a .txt file keeps its raw text, so spans are offsets in
 * the file), aligned (xling/align.h), and each group is printed.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The one document of a file.  NULL when the run must stop (printed). */
static ss_doc *read_single(const cli_opts *o, char *path)
{
    cli_in in;
    if (cli_in_open(&in, o, &path, 1))
        return NULL;
    ss_doc *d = NULL, *extra = NULL;
    int rc = cli_in_next(&in, &d);
    if (rc == 1 && cli_in_next(&in, &extra) == 1) {
        cli_error("%s holds more than one document: give two ids and the files, "
                  "--align ID_A ID_B INPUT...",
                  path);
        ss_doc_free(extra);
        ss_doc_free(d);
        d = NULL;
    } else if (rc == 0) {
        cli_error("%s holds no document", path);
    }
    cli_in_close(&in);
    return rc == 1 ? d : NULL;
}

/* The documents with ids a and b among the inputs.  0, or -1 (printed). */
static int read_pair(const cli_opts *o, const char *a, const char *b, char **paths, int n, ss_doc **da,
                     ss_doc **db)
{
    if (strcmp(a, b) == 0) {
        cli_error("--align needs two different ids (\"%s\" twice): a document is not aligned with itself", a);
        return -1;
    }
    cli_in in;
    if (cli_in_open(&in, o, paths, n))
        return -1;
    ss_doc *d;
    int rc;
    while ((rc = cli_in_next(&in, &d)) == 1) {
        if (!*da && strcmp(d->id, a) == 0)
            *da = d;
        else if (!*db && strcmp(d->id, b) == 0)
            *db = d;
        else
            ss_doc_free(d);
        if (*da && *db)
            break;
    }
    cli_in_close(&in);
    if (rc < 0)
        return -1;
    if (!*da || !*db) {
        cli_error("no document with the id \"%s\" in the input", !*da ? a : b);
        return -1;
    }
    return 0;
}

static void write_side(ss_jw *w, const char *side, const ss_xtext *t, const ss_doc *d, uint32_t s0,
                       uint32_t s1)
{
    char key[16];
    snprintf(key, sizeof key, "%s_span", side);
    ss_jw_key(w, key);
    if (s0 < s1) {
        ss_jw_arr(w);
        ss_jw_uint(w, t->sent[s0].cp_start);
        ss_jw_uint(w, t->sent[s1 - 1].cp_end);
        ss_jw_arr_end(w);
    } else {
        ss_jw_null(w);
    }
    snprintf(key, sizeof key, "%s_sentences", side);
    ss_jw_key(w, key);
    ss_jw_arr(w);
    ss_jw_uint(w, s0);
    ss_jw_uint(w, s1);
    ss_jw_arr_end(w);
    snprintf(key, sizeof key, "%s_text", side);
    ss_jw_key(w, key);
    if (s0 < s1)
        ss_jw_strn(w, d->text + t->sent[s0].start, t->sent[s1 - 1].end - t->sent[s0].start);
    else
        ss_jw_str(w, "");
}

int cli_translations_align(const cli_opts *o, char **args, int nargs, int no_dict)
{
    ss_doc *da = NULL, *db = NULL;
    if (nargs == 2) {
        /* two files; a name that is no file while the other is a folder or
           a file of many documents reads as an id given without its
           partner ("--align ID FOLDER") */
        struct stat st;
        for (int k = 0; k < 2; k++)
            if (strcmp(args[k], "-") != 0 && stat(args[k], &st) != 0 && errno == ENOENT) {
                cli_error("--align %s %s: no file \"%s\"; A and B are two files of one document each, or "
                          "the ids of two documents followed by the files that hold them (--align ID_A ID_B "
                          "INPUT...)",
                          args[0], args[1], args[k]);
                return CLI_FAIL;
            }
        da = read_single(o, args[0]);
        db = da ? read_single(o, args[1]) : NULL;
    } else if (read_pair(o, args[0], args[1], args + 2, nargs - 2, &da, &db) != 0) {
        ss_doc_free(da);
        ss_doc_free(db);
        da = db = NULL;
    }
    if (!da || !db) {
        ss_doc_free(da);
        return CLI_FAIL;
    }
    int status = CLI_OK;
    ss_error err;
    ss_error_clear(&err);
    ss_preparer *prep = NULL;
    ss_stopwords *sw = ss_stopwords_load(&err);
    if (!sw)
        cli_warn(o, "%s (function words will count as content)", err.msg);
    ss_lexicon *lx = NULL;
    if (!no_dict) {
        ss_error_clear(&err);
        if (!(lx = ss_lexicon_load(&err)))
            cli_warn(o, "%s; names and numbers alone anchor the alignment", err.msg);
    }
    ss_pivoter *pv = NULL;
    ss_xaligner *al = ss_xaligner_new();
    ss_xtext ta, tb;
    ss_xtext_init(&ta);
    ss_xtext_init(&tb);
    ss_xgroups g;
    ss_xgroups_init(&g);
    ss_buf line = SS_BUF_INIT;
    if (!al || !(prep = ss_preparer_new(1, sw, lx, NULL))) {
        cli_error("cannot start: out of memory");
        status = CLI_FAIL;
        goto out;
    }
    if (!(pv = ss_pivoter_new(lx, sw, &err))) {
        cli_error("%s", err.msg);
        status = CLI_FAIL;
        goto out;
    }
    if (cli_prep_doc(prep, 0, da) != SS_OK || cli_prep_doc(prep, 0, db) != SS_OK) {
        status = CLI_FAIL;
        goto out;
    }
    for (int side = 0; side < 2; side++) {
        const ss_doc *d = side ? db : da;
        const char *lang = d->lang[0] ? d->lang : "und";
        if (!o->quiet && !ss_pivoter_has_dictionary(pv, lang))
            cli_warn(o, "%s: no dictionary for language %s%s%s%s: names and numbers alone anchor the "
                        "alignment",
                     d->id, lang, ss_lexicon_package(lang) && !no_dict ? " (install " : "",
                     ss_lexicon_package(lang) && !no_dict ? ss_lexicon_package(lang) : "",
                     ss_lexicon_package(lang) && !no_dict ? ", then ./setup.sh)" : "");
    }
    if (ss_xtext_add(pv, da->text ? da->text : "", da->text ? da->text_len : 0, da->lang, 0, 0, &ta) ||
        ss_xtext_add(pv, db->text ? db->text : "", db->text ? db->text_len : 0, db->lang, 0, 0, &tb)) {
        cli_error("out of memory");
        status = CLI_FAIL;
        goto out;
    }
    int dict = ss_pivoter_has_dictionary(pv, da->lang) && ss_pivoter_has_dictionary(pv, db->lang);
    if (ss_xalign(al, &ta, &tb, ss_xalign_mask(&ta, &tb, dict), &g) != SS_OK) {
        cli_error("out of memory");
        status = CLI_FAIL;
        goto out;
    }
    for (size_t k = 0; k < g.n && status == CLI_OK; k++) {
        const ss_xgroup *x = &g.v[k];
        ss_buf_clear(&line);
        ss_jw w;
        ss_jw_init(&w, &line);
        ss_jw_obj(&w);
        write_side(&w, "a", &ta, da, x->a0, x->a1);
        write_side(&w, "b", &tb, db, x->b0, x->b1);
        ss_jw_key(&w, "score");
        ss_jw_double(&w, x->sim, 3);
        ss_jw_key(&w, "anchors");
        ss_jw_uint(&w, x->anchors);
        ss_jw_obj_end(&w);
        if (w.err || cli_emit(&line)) {
            cli_error("cannot write the output: %s", cli_oserr());
            status = CLI_FAIL;
        }
    }
out:
    ss_buf_release(&line);
    ss_xgroups_release(&g);
    ss_xtext_release(&ta);
    ss_xtext_release(&tb);
    ss_xaligner_free(al);
    ss_pivoter_free(pv);
    ss_lexicon_free(lx);
    ss_stopwords_free(sw);
    ss_preparer_free(prep);
    ss_doc_free(da);
    ss_doc_free(db);
    return status;
}
