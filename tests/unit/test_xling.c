/* Unit tests: xling — the dictd reader, the lexicon file (round trip,
 * weights, damage), transliterated name keys, pivot terms across
 * languages, sentence alignment and translation linking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <unistd.h>

#include "samestory.h"

static char tmpdir[] = "/tmp/ss_xling_XXXXXX";

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* ---- dictd ------------------------------------------------------------------- */

static void test_dictd_entries(void **state)
{
    (void)state;
    char base[256], path[300];
    snprintf(base, sizeof base, "%s/tiny", tmpdir);
    /* entries at offsets 0 (length 12) and 12 (length 9), base64 digits */
    const char dict[] = "haus\n  house" "baum\n tree";
    snprintf(path, sizeof path, "%s.dict", base);
    write_file(path, dict, strlen(dict));
    const char idx[] = "00-database-info\tA\tB\nhaus\tA\tM\nbaum\tM\tJ\nbroken line\nzzz\tA\t//\n";
    snprintf(path, sizeof path, "%s.index", base);
    write_file(path, idx, strlen(idx));
    ss_error err;
    ss_error_clear(&err);
    ss_dictd *d = ss_dictd_open(base, &err);
    assert_non_null(d);
    const char *hw, *text;
    size_t len;
    assert_int_equal(ss_dictd_next(d, &hw, &text, &len, &err), 1); /* metadata skipped */
    assert_string_equal(hw, "haus");
    assert_int_equal(len, 12);
    assert_memory_equal(text, "haus\n  house", 12);
    assert_int_equal(ss_dictd_next(d, &hw, &text, &len, &err), 1);
    assert_string_equal(hw, "baum");
    assert_memory_equal(text, "baum\n tree", 9);
    /* a line without tabs, then an entry past the data: errors naming the line */
    assert_int_equal(ss_dictd_next(d, &hw, &text, &len, &err), SS_EFORMAT);
    assert_non_null(strstr(err.msg, ":4:"));
    assert_int_equal(ss_dictd_next(d, &hw, &text, &len, &err), SS_EFORMAT);
    assert_non_null(strstr(err.msg, ":5:"));
    assert_int_equal(ss_dictd_next(d, &hw, &text, &len, &err), 0);
    ss_dictd_close(d);
    snprintf(base, sizeof base, "%s/missing", tmpdir);
    assert_null(ss_dictd_open(base, &err));
    assert_int_equal(err.code, SS_EIO);
}

/* ---- lexicon ------------------------------------------------------------------ */

static void test_lexicon_round_trip(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/lex.bin", tmpdir);
    ss_lexicon_builder *b = ss_lexicon_builder_new();
    assert_non_null(b);
    uint64_t w1 = ss_lexicon_word_key("de", "haus", 4), w2 = ss_lexicon_word_key("de", "baum", 4);
    uint64_t house = ss_lexicon_english_key("hous", 4), home = ss_lexicon_english_key("home", 4),
             shed = ss_lexicon_english_key("shed", 4), tree = ss_lexicon_english_key("tree", 4);
    assert_int_equal(ss_lexicon_builder_language(b, "de"), SS_OK);
    assert_int_equal(ss_lexicon_builder_add(b, w1, home, 0.5f), SS_OK);
    assert_int_equal(ss_lexicon_builder_add(b, w1, house, 1.0f), SS_OK);
    assert_int_equal(ss_lexicon_builder_add(b, w1, shed, 0.1f), SS_OK);  /* too faint: dropped */
    assert_int_equal(ss_lexicon_builder_add(b, w1, home, 0.5f), SS_OK);  /* sums to 1.0 */
    assert_int_equal(ss_lexicon_builder_add(b, w2, tree, 1.0f), SS_OK);
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_lexicon_builder_write(b, path, &err), SS_OK);
    ss_lexicon_builder_free(b);

    ss_lexicon *lx = ss_lexicon_load_file(path, &err);
    assert_non_null(lx);
    assert_true(ss_lexicon_has(lx, "de"));
    assert_true(ss_lexicon_has(lx, "en"));
    assert_false(ss_lexicon_has(lx, "fr"));
    assert_string_equal(ss_lexicon_languages(lx), "de");
    const uint64_t *t;
    const float *w;
    assert_int_equal(ss_lexicon_lookup(lx, w1, &t, &w), 2);
    /* equal weights keep the order added; weights sum to 1 */
    assert_true(t[0] == home && t[1] == house);
    assert_float_equal(w[0], 0.5f, 1e-6);
    assert_float_equal(w[1], 0.5f, 1e-6);
    assert_int_equal(ss_lexicon_lookup(lx, w2, &t, &w), 1);
    assert_float_equal(w[0], 1.0f, 1e-6);
    assert_int_equal(ss_lexicon_lookup(lx, ss_lexicon_word_key("fr", "haus", 4), &t, NULL), 0);
    /* without the Serbo-Croatian entries, every code is its own */
    assert_string_equal(ss_lexicon_lang(lx, "hr"), "hr");
    assert_false(ss_lexicon_has(lx, "hr"));
    ss_lexicon_free(lx);

    /* damage: truncated, wrong magic, wrong version */
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char bad[300];
    snprintf(bad, sizeof bad, "%s/bad.bin", tmpdir);
    write_file(bad, buf, n - 5);
    assert_null(ss_lexicon_load_file(bad, &err));
    assert_int_equal(err.code, SS_EFORMAT);
    assert_non_null(strstr(err.msg, "bad.bin"));
    buf[0] = 'X';
    write_file(bad, buf, n);
    assert_null(ss_lexicon_load_file(bad, &err));
    assert_int_equal(err.code, SS_EFORMAT);
    buf[0] = 'S';
    buf[4] = 1; /* version 1 */
    write_file(bad, buf, n);
    assert_null(ss_lexicon_load_file(bad, &err));
    assert_int_equal(err.code, SS_EFORMAT);
    assert_null(ss_lexicon_load_file("/nonexistent/lexicon.bin", &err));
    assert_int_equal(err.code, SS_ENODATA);
    assert_string_equal(ss_lexicon_package("de"), "dict-freedict-deu-eng");
    assert_null(ss_lexicon_package("xx"));
}

/* ---- transliteration ------------------------------------------------------------ */

static void test_translit_name_keys(void **state)
{
    (void)state;
    ss_error err;
    ss_error_clear(&err);
    ss_translit *t = ss_translit_new(&err);
    assert_non_null(t);
    uint64_t en = ss_translit_name_key(t, "Lavrov", 6);
    const char *ru = "Лавров", *hi = "लावरोव";
    assert_int_equal(ss_translit_name_key(t, ru, strlen(ru)), en);
    assert_int_equal(ss_translit_name_key(t, hi, strlen(hi)), en);
    assert_int_not_equal(ss_translit_name_key(t, "Putin", 5), en);
    ss_buf b = SS_BUF_INIT;
    assert_int_equal(ss_translit_ascii(t, ru, strlen(ru), &b), SS_OK);
    assert_string_equal(b.data, "Lavrov");
    ss_buf_clear(&b);
    assert_int_equal(ss_translit_ascii(t, "plain", 5, &b), SS_OK);
    assert_string_equal(b.data, "plain");
    ss_buf_release(&b);
    ss_translit_free(t);
}

/* ---- pivot ------------------------------------------------------------------------ */

typedef struct {
    ss_stopwords *sw;
    ss_lexicon *lx;
    ss_pivoter *pv;
} fixture;

static int setup_pivot(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ss_error err;
    ss_error_clear(&err);
    f->sw = ss_stopwords_load(&err);
    f->lx = ss_lexicon_load(&err);
    if (!f->lx)
        fprintf(stderr, "test_xling: %s (./setup.sh installs the dictionaries; make builds it)\n",
                err.msg);
    f->pv = ss_pivoter_new(f->lx, f->sw, &err);
    *state = f;
    return f->sw && f->lx && f->pv ? 0 : -1;
}

static int teardown_pivot(void **state)
{
    fixture *f = *state;
    ss_pivoter_free(f->pv);
    ss_lexicon_free(f->lx);
    ss_stopwords_free(f->sw);
    free(f);
    return 0;
}

static int has_key(const ss_pivot_terms *t, int field, uint64_t key)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].field == field && t->v[i].key == key)
            return 1;
    return 0;
}

static uint64_t english(const char *stem) { return ss_lexicon_english_key(stem, strlen(stem)); }

/* Chinese and Japanese words longer than a character pair: the longest
 * dictionary word along a run of pairs adds its translations, which none
 * of its pairs carries ("低体温症", hypothermia, in JMdict and CC-CEDICT). */
static void test_pivot_reads_longer_han_words(void **state)
{
    fixture *f = *state;
    ss_stemmer *en = ss_stemmer_new("en");
    char stem[64];
    size_t m = ss_lexicon_stem(en, "hypothermia", 11, stem, sizeof stem);
    uint64_t hypo = ss_lexicon_english_key(stem, m);
    ss_pivot_terms ja, pair;
    ss_pivot_terms_init(&ja);
    ss_pivot_terms_init(&pair);
    const char *t = "三人が低体温症で入院した。";
    assert_true(ss_lexicon_has(f->lx, "ja"));
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ja", &ja), SS_OK);
    assert_true(has_key(&ja, SS_PV_DICT, hypo));
    /* found once, where the word starts: the word's own pairs mean other things */
    size_t found = 0;
    for (size_t i = 0; i < ja.n; i++)
        found += ja.v[i].field == SS_PV_DICT && ja.v[i].key == hypo;
    assert_int_equal(found, 1);
    const char *p = "低体";
    assert_int_equal(ss_pivot_text(f->pv, p, strlen(p), "ja", &pair), SS_OK);
    assert_false(has_key(&pair, SS_PV_DICT, hypo));
    /* a run cut by kana is not read across */
    const char *cut = "低体が温症";
    assert_int_equal(ss_pivot_text(f->pv, cut, strlen(cut), "ja", &pair), SS_OK);
    assert_false(has_key(&pair, SS_PV_DICT, hypo));
    ss_pivot_terms_release(&ja);
    ss_pivot_terms_release(&pair);
    ss_stemmer_free(en);
}

/* A foreign name in katakana is one word: its whole run's name key meets
 * the Latin spelling ("ポグバ", Pogba: "pgb"), and with l for r ("ポール",
 * Paul); the middle dot parts two names, and a run gives its key once. */
static void test_pivot_reads_katakana_names(void **state)
{
    fixture *f = *state;
    ss_pivot_terms ja;
    ss_pivot_terms_init(&ja);
    const char *t = "ポール・ポグバは残留を示唆した。";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ja", &ja), SS_OK);
    uint64_t pogba = ss_name_key("pogba", 5);
    assert_true(has_key(&ja, SS_PV_NAME, pogba));
    size_t found = 0;
    for (size_t i = 0; i < ja.n; i++)
        found += ja.v[i].field == SS_PV_NAME && ja.v[i].key == pogba;
    assert_int_equal(found, 1);
    /* one sound for l and r: "ポール" (poru) meets Paul */
    assert_true(has_key(&ja, SS_PV_NAME, ss_name_key("paul", 4)));
    /* not across the middle dot: no key of "porupoguba" */
    assert_false(has_key(&ja, SS_PV_NAME, ss_name_key("porupoguba", 10)));
    ss_pivot_terms_release(&ja);
}

/* The NAME key of a text of one word. */
static uint64_t one_name(ss_pivoter *pv, const char *w, const char *lang)
{
    ss_pivot_terms t;
    ss_pivot_terms_init(&t);
    assert_int_equal(ss_pivot_text(pv, w, strlen(w), lang, &t), SS_OK);
    uint64_t k = 0;
    for (size_t i = 0; i < t.n && !k; i++)
        if (t.v[i].field == SS_PV_NAME)
            k = t.v[i].key;
    ss_pivot_terms_release(&t);
    assert_true(k != 0);
    return k;
}

/* Hebrew writes "from", "and" and "in" as letters before the word: the
 * name after them gets its own key too ("בברלין", in Berlin, meets
 * "ברלין"; two letters, "ומלונדון", and from London), a word too short to
 * be a name after one is not cut, and neither is a function word after
 * one ("והוא", and he, gives no key of "הוא"). */
static void test_pivot_hebrew_proclitics(void **state)
{
    fixture *f = *state;
    uint64_t london = one_name(f->pv, "לונדון", "he"), berlin = one_name(f->pv, "ברלין", "he");
    ss_pivot_terms he;
    ss_pivot_terms_init(&he);
    const char *t = "הוא טס ומלונדון ונחת בברלין.";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "he", &he), SS_OK);
    assert_true(has_key(&he, SS_PV_NAME, london));
    assert_true(has_key(&he, SS_PV_NAME, berlin));
    static const char *const one_key[] = {"בית", "והוא"};
    for (size_t w = 0; w < 2; w++) {
        assert_int_equal(ss_pivot_text(f->pv, one_key[w], strlen(one_key[w]), "he", &he), SS_OK);
        size_t names = 0;
        for (size_t i = 0; i < he.n; i++)
            names += he.v[i].field == SS_PV_NAME;
        assert_int_equal(names, 1);
    }
    ss_pivot_terms_release(&he);
}

/* Arabic writes "and", "for" and "in" onto the word as Hebrew does:
 * "وزيلينسكي" (and Zelensky) and "لبايدن" (for Biden) meet the bare
 * names, and the whole form keeps its own key; and it has no p. */
static void test_pivot_arabic_proclitics(void **state)
{
    fixture *f = *state;
    uint64_t zelensky = one_name(f->pv, "زيلينسكي", "ar"), biden = one_name(f->pv, "بايدن", "ar");
    uint64_t whole = one_name(f->pv, "وزيلينسكي", "ar");
    assert_true(whole != zelensky);
    ss_pivot_terms ar;
    ss_pivot_terms_init(&ar);
    const char *t = "التقى وزيلينسكي في واشنطن وقال لبايدن.";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ar", &ar), SS_OK);
    assert_true(has_key(&ar, SS_PV_NAME, zelensky));
    assert_true(has_key(&ar, SS_PV_NAME, biden));
    assert_true(has_key(&ar, SS_PV_NAME, whole));
    /* Arabic writes p as b: "ترامب" meets Trump too */
    const char *t2 = "قال ترامب";
    assert_int_equal(ss_pivot_text(f->pv, t2, strlen(t2), "ar", &ar), SS_OK);
    assert_true(has_key(&ar, SS_PV_NAME, one_name(f->pv, "con Trump", "es")));
    ss_pivot_terms_release(&ar);
}

/* Korean writes its particles onto the noun: "트럼프는" (Trump + topic),
 * "워싱턴에서" (in Washington) and "푸틴과" (with Putin) meet the bare
 * names; Korean's one letter for l and r reads as r between vowels, so
 * "트럼프" meets a Latin-script "Trump"; a particle of vowels alone
 * ("바이든의") gives no second copy of the key; a word of two syllables is
 * never cut ("나가"). */
static void test_pivot_korean_particles(void **state)
{
    fixture *f = *state;
    uint64_t trump = one_name(f->pv, "트럼프", "ko"), washington = one_name(f->pv, "워싱턴", "ko");
    uint64_t putin = one_name(f->pv, "푸틴", "ko");
    assert_true(trump == one_name(f->pv, "con Trump", "es"));
    assert_true(putin == one_name(f->pv, "con Putin", "es"));
    ss_pivot_terms ko;
    ss_pivot_terms_init(&ko);
    const char *t = "트럼프는 워싱턴에서 푸틴과 만났다.";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ko", &ko), SS_OK);
    assert_true(has_key(&ko, SS_PV_NAME, trump));
    assert_true(has_key(&ko, SS_PV_NAME, washington));
    assert_true(has_key(&ko, SS_PV_NAME, putin));
    static const char *const one_key[] = {"바이든의", "나가"};
    for (size_t w = 0; w < 2; w++) {
        assert_int_equal(ss_pivot_text(f->pv, one_key[w], strlen(one_key[w]), "ko", &ko), SS_OK);
        size_t names = 0;
        for (size_t i = 0; i < ko.n; i++)
            names += ko.v[i].field == SS_PV_NAME;
        assert_int_equal(names, 1);
    }
    ss_pivot_terms_release(&ko);
}

/* Function words are no content words in the languages whose lists were
 * written for the alignment's sake (data/stopwords/: fa he bn ta ur ko):
 * in a script without capitals every unknown word is a name candidate,
 * and "in", "said" or "from" counted as names lowered every sentence's
 * share. */
static void test_pivot_function_words_of_uncased_scripts(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *lang, *text;
        uint32_t content;
    } cases[] = {
        {"fa", "او در تهران با وزیر دیدار کرد", 3},           /* Tehran, minister, meeting */
        {"he", "הוא אמר כי הנשיא יגיע אל העיר", 3},          /* the president, will come, the city */
        {"bn", "তিনি বলেন যে মন্ত্রী ঢাকা থেকে এসেছেন", 3},   /* minister, Dhaka, came */
        {"ta", "அவர் சென்னை மற்றும் மதுரை இருந்து வந்தார்", 3}, /* Chennai, Madurai, came */
        {"ur", "وہ کراچی سے لاہور گیا تھا", 2},                /* Karachi, Lahore */
        {"ko", "그는 서울에서 대통령을 만났다고 말했다", 3},     /* in Seoul, the president, met */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ss_pivot_terms t;
        ss_pivot_terms_init(&t);
        assert_int_equal(ss_pivot_text(f->pv, cases[i].text, strlen(cases[i].text), cases[i].lang, &t), SS_OK);
        if (t.content != cases[i].content)
            fail_msg("%s: %u content words, want %u", cases[i].lang, (unsigned)t.content,
                     (unsigned)cases[i].content);
        ss_pivot_terms_release(&t);
    }
}

/* Katakana loanwords are JMdict words, found whole along a run from the
 * left, longest first ("マンチェスターユナイテッド": Manchester, then
 * united), each where it starts; a run's fragment is no word. */
static void test_pivot_reads_katakana_words(void **state)
{
    fixture *f = *state;
    ss_stemmer *en = ss_stemmer_new("en");
    char stem[64];
    uint64_t k[3];
    const char *w[3] = {"manchester", "united", "team"};
    for (int i = 0; i < 3; i++) {
        size_t m = ss_lexicon_stem(en, w[i], strlen(w[i]), stem, sizeof stem);
        k[i] = ss_lexicon_english_key(stem, m);
    }
    ss_pivot_terms ja, part;
    ss_pivot_terms_init(&ja);
    ss_pivot_terms_init(&part);
    const char *t = "マンチェスターユナイテッドが新しいチームを発表した。";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ja", &ja), SS_OK);
    for (int i = 0; i < 3; i++)
        assert_true(has_key(&ja, SS_PV_DICT, k[i]));
    /* united is pushed for the pair that starts it, the run's eighth */
    for (size_t i = 0; i < ja.n; i++)
        if (ja.v[i].field == SS_PV_DICT && ja.v[i].key == k[1])
            assert_int_equal(ja.v[i].tok, 7);
    const char *cut = "ユナイ";
    assert_int_equal(ss_pivot_text(f->pv, cut, strlen(cut), "ja", &part), SS_OK);
    assert_false(has_key(&part, SS_PV_DICT, k[1]));
    ss_pivot_terms_release(&ja);
    ss_pivot_terms_release(&part);
    ss_stemmer_free(en);
}

static void test_pivot_meets_across_languages(void **state)
{
    fixture *f = *state;
    ss_pivot_terms de, en, ru, hi;
    ss_pivot_terms_init(&de);
    ss_pivot_terms_init(&en);
    ss_pivot_terms_init(&ru);
    ss_pivot_terms_init(&hi);
    const char *tde = "Die Regierung meldete 2.500 Einwohner in Lindau.";
    const char *ten = "The government reported 2,500 residents in Lindau.";
    const char *tru = "Министр Сергей Лавров прибыл в Москву.";
    const char *thi = "सर्गेई लावरोव ने डॉलर की बात की।";
    assert_int_equal(ss_pivot_text(f->pv, tde, strlen(tde), "de", &de), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, ten, strlen(ten), "en", &en), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, tru, strlen(tru), "ru", &ru), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, thi, strlen(thi), "hi", &hi), SS_OK);
    /* "Regierung" translates to the English stem of "government" */
    assert_true(has_key(&en, SS_PV_DICT, english("govern")));
    assert_true(has_key(&de, SS_PV_DICT, english("govern")));
    /* numbers under each language's decimal convention */
    int shared_num = 0;
    for (size_t i = 0; i < de.n; i++)
        if (de.v[i].field == SS_PV_NUM && has_key(&en, SS_PV_NUM, de.v[i].key))
            shared_num++;
    assert_int_equal(shared_num, 1);
    /* the place name: a name key on both sides */
    uint64_t lindau = ss_name_key("lindau", 6);
    assert_true(has_key(&en, SS_PV_NAME, lindau) && has_key(&de, SS_PV_NAME, lindau));
    /* Cyrillic and Devanagari names meet the Latin spelling */
    uint64_t lavrov = ss_name_key("lavrov", 6);
    assert_true(has_key(&ru, SS_PV_NAME, lavrov));
    assert_true(has_key(&hi, SS_PV_NAME, lavrov));
    /* a loanword written by sound meets the English word's sound key */
    const char *tdollar = "The dollar fell.";
    assert_int_equal(ss_pivot_text(f->pv, tdollar, strlen(tdollar), "en", &en), SS_OK);
    uint64_t dollar = ss_name_key("dollar", 6);
    assert_true(has_key(&en, SS_PV_SOUND, dollar));
    assert_true(has_key(&hi, SS_PV_NAME, dollar) || has_key(&hi, SS_PV_DICT, english("dollar")));
    /* function words give nothing; counts add up */
    assert_true(en.content < en.words && en.known == en.content);
    assert_true(de.known >= 3 && de.known <= de.content);
    ss_pivot_terms_release(&de);
    ss_pivot_terms_release(&en);
    ss_pivot_terms_release(&ru);
    ss_pivot_terms_release(&hi);
}

/* A name in a Latin script ("Trump" in Spanish) meets the gloss a Chinese
 * dictionary gives its own spelling ("特朗普": Trump, an English key): the
 * name's English key is there for the aligner alone, never in the
 * document's vectors, where its NAME key carries it. */
static void test_pivot_names_meet_han_glosses(void **state)
{
    fixture *f = *state;
    ss_stemmer *en = ss_stemmer_new("en");
    char stem[64];
    size_t m = ss_lexicon_stem(en, "trump", 5, stem, sizeof stem);
    uint64_t trump = ss_lexicon_english_key(stem, m);
    ss_pivot_terms es, zh;
    ss_pivot_terms_init(&es);
    ss_pivot_terms_init(&zh);
    const char *tes = "El presidente Trump llegó a Hanói.";
    const char *tzh = "特朗普总统抵达河内。";
    assert_true(ss_lexicon_has(f->lx, "zh"));
    assert_int_equal(ss_pivot_text(f->pv, tes, strlen(tes), "es", &es), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, tzh, strlen(tzh), "zh", &zh), SS_OK);
    assert_true(has_key(&zh, SS_PV_DICT, trump));
    assert_true(has_key(&es, SS_PV_DICT, trump));
    assert_true(has_key(&es, SS_PV_NAME, ss_name_key("trump", 5)));
    for (size_t i = 0; i < es.n; i++)
        if (es.v[i].field == SS_PV_DICT && es.v[i].key == trump)
            assert_true(es.v[i].share == SS_PIVOT_ALIGN_ONLY);
    /* the vectors: the name once, as a name */
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->text, tes, (size_t)-1), SS_OK);
    d->text_len = strlen(tes);
    snprintf(d->lang, sizeof d->lang, "es");
    ss_pivot p;
    ss_pivot_init(&p);
    assert_int_equal(ss_pivot_doc(f->pv, d, &p), SS_OK);
    int in_dict = 0, in_name = 0;
    for (size_t i = 0; i < p.f[SS_PV_DICT].n; i++)
        in_dict += p.f[SS_PV_DICT].k[i] == trump;
    for (size_t i = 0; i < p.f[SS_PV_NAME].n; i++)
        in_name += p.f[SS_PV_NAME].k[i] == ss_name_key("trump", 5);
    assert_int_equal(in_dict, 0);
    assert_int_equal(in_name, 1);
    /* two sentences of names alone align on them (before, nothing met) */
    const char *nes = "Trump y Hanói.", *nzh = "特朗普，河内。";
    ss_xtext ta, tb;
    ss_xtext_init(&ta);
    ss_xtext_init(&tb);
    assert_int_equal(ss_xtext_add(f->pv, nes, strlen(nes), "es", 0, 0, &ta), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, nzh, strlen(nzh), "zh", 0, 0, &tb), SS_OK);
    ss_xaligner *al = ss_xaligner_new();
    ss_xgroups g;
    ss_xgroups_init(&g);
    assert_int_equal(ss_xalign(al, &ta, &tb, SS_XI_ANY, &g), SS_OK);
    assert_int_equal(g.n, 1);
    assert_true(g.v[0].anchors >= 3);
    ss_xgroups_release(&g);
    ss_xaligner_free(al);
    ss_xtext_release(&ta);
    ss_xtext_release(&tb);
    ss_pivot_release(&p);
    ss_doc_free(d);
    ss_pivot_terms_release(&es);
    ss_pivot_terms_release(&zh);
    ss_stemmer_free(en);
}

/* Thai is written without spaces: its words are ICU's (translit.h
 * ss_translit_words), each a name key transliterated whole ("ทรัมป์",
 * thramp, meets Trump), where character pairs gave syllable pieces that
 * met nothing; its function words give nothing. */
static void test_pivot_reads_thai_words(void **state)
{
    fixture *f = *state;
    ss_pivot_terms th;
    ss_pivot_terms_init(&th);
    const char *t = "ประธานาธิบดีทรัมป์เดินทางถึงกรุงเทพฯ";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "th", &th), SS_OK);
    assert_true(has_key(&th, SS_PV_NAME, ss_name_key("trump", 5)));
    /* president, Trump, travel (one word or two, by ICU's dictionary),
       to, Bangkok; "to" a function word: four to six terms, where the
       pairs gave 28 */
    assert_true(th.n >= 4 && th.n <= 6);
    assert_int_equal(th.content, th.n);
    const char *fw = "ที่และของ";
    assert_int_equal(ss_pivot_text(f->pv, fw, strlen(fw), "th", &th), SS_OK);
    assert_int_equal(th.n, 0);
    /* the spans are the words, in bytes of the text */
    ss_translit *tr = ss_translit_new(NULL);
    ss_spans w;
    ss_spans_init(&w);
    assert_int_equal(ss_translit_words(tr, t, strlen(t), &w), SS_OK);
    assert_true(w.n >= 5);
    assert_int_equal(w.v[0].start, 0);
    assert_memory_equal(t + w.v[1].start, "ทรัมป์", strlen("ทรัมป์"));
    ss_spans_release(&w);
    ss_translit_free(tr);
    ss_pivot_terms_release(&th);
}

/* Two codes of one language (xling/lexicon.h): a pair of them needs
 * SS_XLINK_KIN_SCALE of the threshold; a pair of two languages, or two
 * read through Hindi's words, the threshold itself. */
static void test_kin_languages_need_more(void **state)
{
    (void)state;
    assert_true(ss_lexicon_kin("hr", "sr") && ss_lexicon_kin("bs", "hr") && ss_lexicon_kin("da", "no"));
    assert_true(ss_lexicon_kin("cs", "sk"));
    assert_false(ss_lexicon_kin("hr", "hr") || ss_lexicon_kin("hr", "en") || ss_lexicon_kin("hi", "ne"));
    assert_false(ss_lexicon_kin("bn", "pa") || ss_lexicon_kin(NULL, "sr") || ss_lexicon_kin("da", "sv"));
    double t = SS_XLINK_THRESHOLD, s = t * (1 + SS_XLINK_KIN_SCALE) / 2;
    assert_true(ss_xlink_accepts(s, 1, "hr", "en", t));
    assert_true(ss_xlink_accepts(s, 1, NULL, "sr", t));
    assert_false(ss_xlink_accepts(s, 1, "hr", "sr", t));
    assert_true(ss_xlink_accepts(t * SS_XLINK_KIN_SCALE, 1, "hr", "sr", t));
    assert_false(ss_xlink_accepts(t * 0.9, 1, "hr", "en", t));
    /* a high threshold: kin pairs still have a band below 1 */
    assert_true(ss_xlink_accepts(0.95, 1, "hr", "sr", 0.9));
    assert_false(ss_xlink_accepts(0.94, 1, "hr", "sr", 0.9));
}

/* Croatian, Serbian and Bosnian look words up in one dictionary (FreeDict's
 * Serbian one has 395 headwords, its Croatian one 80,000): a Serbian
 * sentence meets the English words a Croatian one does. */
static void test_pivot_serbo_croatian_share_a_dictionary(void **state)
{
    fixture *f = *state;
    assert_string_equal(ss_lexicon_lang(f->lx, "hr"), SS_LEXICON_SH);
    assert_string_equal(ss_lexicon_lang(f->lx, "sr"), SS_LEXICON_SH);
    assert_string_equal(ss_lexicon_lang(f->lx, "bs"), SS_LEXICON_SH);
    assert_string_equal(ss_lexicon_lang(f->lx, "sl"), "sl");
    /* and Danish with Norwegian */
    assert_string_equal(ss_lexicon_lang(f->lx, "da"), SS_LEXICON_DANO);
    assert_string_equal(ss_lexicon_lang(f->lx, "no"), SS_LEXICON_DANO);
    /* Gujarati, Punjabi and Bengali words are read in Devanagari and
       looked up in Hindi's dictionary: "government" in each script meets
       the Hindi word's English translation */
    {
        const char *words[][2] = {{"सरकार", "hi"}, {"સરકાર", "gu"}, {"ਸਰਕਾਰ", "pa"}, {"সরকার", "bn"}};
        uint64_t want = 0;
        for (size_t i = 0; i < 4; i++) {
            ss_pivot_terms pt;
            ss_pivot_terms_init(&pt);
            assert_int_equal(ss_pivot_text(f->pv, words[i][0], strlen(words[i][0]), words[i][1], &pt), SS_OK);
            uint64_t key = 0;
            for (size_t j = 0; j < pt.n && !key; j++)
                if (pt.v[j].field == SS_PV_DICT)
                    key = pt.v[j].key;
            assert_true(key != 0);
            if (i == 0)
                want = key;
            assert_true(has_key(&pt, SS_PV_DICT, want));
            ss_pivot_terms_release(&pt);
        }
    }
    /* and Czech with Slovak */
    assert_string_equal(ss_lexicon_lang(f->lx, "cs"), SS_LEXICON_CSSK);
    assert_string_equal(ss_lexicon_lang(f->lx, "sk"), SS_LEXICON_CSSK);
    assert_true(ss_lexicon_has(f->lx, "cs") && ss_lexicon_has(f->lx, "sk"));
    /* Nepali and Marathi through Hindi's words */
    assert_string_equal(ss_lexicon_lang(f->lx, "ne"), "hi");
    assert_string_equal(ss_lexicon_lang(f->lx, "mr"), "hi");
    assert_true(ss_lexicon_has(f->lx, "no") && ss_lexicon_has(f->lx, "id") && ss_lexicon_has(f->lx, "bg"));
    assert_true(ss_lexicon_has(f->lx, "sr") && ss_lexicon_has(f->lx, "bs"));
    ss_pivot_terms hr, sr;
    ss_pivot_terms_init(&hr);
    ss_pivot_terms_init(&sr);
    const char *thr = "Vlada je zatvorila granicu zbog poplave.";
    const char *tsr = "Влада је затворила границу због поплаве."; /* Serbian in Cyrillic */
    assert_int_equal(ss_pivot_text(f->pv, thr, strlen(thr), "hr", &hr), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, tsr, strlen(tsr), "sr", &sr), SS_OK);
    assert_true(has_key(&hr, SS_PV_DICT, english("govern")));
    assert_true(has_key(&sr, SS_PV_DICT, english("govern")));
    assert_true(has_key(&sr, SS_PV_DICT, english("flood")));
    assert_true(sr.known >= 3 && hr.known >= 3);
    ss_pivot_terms_release(&hr);
    ss_pivot_terms_release(&sr);
}

/* Korean: CC-CEDICT's and JMdict's words read in Korean (tools/build_lexicon.c);
 * a particle written onto a word is passed over (the longest known first
 * part), and a word-initial r or n before i/y is read as Korean writes it
 * (料理 is 요리, never 료리). */
static void test_pivot_reads_sino_korean_words(void **state)
{
    fixture *f = *state;
    if (!ss_lexicon_has(f->lx, "ko"))
        skip(); /* setup.sh fetched no hanja table (npm missing) */
    ss_pivot_terms ko;
    ss_pivot_terms_init(&ko);
    const char *t = "대통령은 정부가 홍수 피해를 발표했다고 말했다.";
    assert_int_equal(ss_pivot_text(f->pv, t, strlen(t), "ko", &ko), SS_OK);
    assert_true(has_key(&ko, SS_PV_DICT, english("presid")));
    assert_true(has_key(&ko, SS_PV_DICT, english("govern")));
    assert_true(has_key(&ko, SS_PV_DICT, english("flood")));
    assert_true(ko.known >= 4);
    const char *yo = "요리", *ryo = "료리";
    assert_int_equal(ss_pivot_text(f->pv, yo, strlen(yo), "ko", &ko), SS_OK);
    assert_true(has_key(&ko, SS_PV_DICT, english("cook")) || has_key(&ko, SS_PV_DICT, english("cuisin")));
    assert_int_equal(ss_pivot_text(f->pv, ryo, strlen(ryo), "ko", &ko), SS_OK);
    assert_int_equal(ko.known, 0);
    ss_pivot_terms_release(&ko);
}

/* Korean writes scales and counters onto the digits ("4만 명", "1억1천만"):
 * such a word is a number, keyed by its whole value, summed exactly. */
static int num_key(const ss_pivot_terms *t, const char *canon)
{
    return has_key(t, SS_PV_NUM, XXH3_64bits_withSeed(canon, strlen(canon), 0x6e756d62ull));
}

static void test_pivot_korean_numbers(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text, *value;
    } cases[] = {
        {"수리 비용은 250만 유로다.", "2500000"},
        {"하루 약 4만 명의 운전자", "40000"},
        {"1억1천만 달러 짜리 설비", "110000000"},
        {"3주가 걸린다", "3"},
        /* exact sums: 2.3 x 10^8 is no 229999999.99 */
        {"2.3억 달러", "230000000"},
        {"1.1억 원", "110000000"},
        {"2.5만 명", "25000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ss_pivot_terms t;
        ss_pivot_terms_init(&t);
        assert_int_equal(ss_pivot_text(f->pv, cases[i].text, strlen(cases[i].text), "ko", &t), SS_OK);
        if (!num_key(&t, cases[i].value))
            fail_msg("%s: no number %s", cases[i].text, cases[i].value);
        ss_pivot_terms_release(&t);
    }
    /* the English figure meets it; the digits as first written stay a key */
    ss_pivot_terms ko, en;
    ss_pivot_terms_init(&ko);
    ss_pivot_terms_init(&en);
    const char *k = "약 4만 명", *e = "about 40,000 people";
    assert_int_equal(ss_pivot_text(f->pv, k, strlen(k), "ko", &ko), SS_OK);
    assert_int_equal(ss_pivot_text(f->pv, e, strlen(e), "en", &en), SS_OK);
    assert_true(num_key(&ko, "40000") && num_key(&en, "40000") && num_key(&ko, "4"));
    ss_pivot_terms_release(&ko);
    ss_pivot_terms_release(&en);
}

static void test_pivot_without_dictionary(void **state)
{
    (void)state;
    ss_error err;
    ss_error_clear(&err);
    ss_pivoter *pv = ss_pivoter_new(NULL, NULL, &err);
    assert_non_null(pv);
    assert_true(ss_pivoter_has_dictionary(pv, "en"));
    assert_false(ss_pivoter_has_dictionary(pv, "de"));
    assert_false(ss_pivoter_has_dictionary(pv, "und"));
    ss_pivot_terms t;
    ss_pivot_terms_init(&t);
    const char *s = "Gestern traf Kanzlerin Maren Holt 40 Delegierte.";
    assert_int_equal(ss_pivot_text(pv, s, strlen(s), "de", &t), SS_OK);
    assert_int_equal(t.known, 0);
    assert_true(has_key(&t, SS_PV_NAME, ss_name_key("holt", 4)));
    int nums = 0;
    for (size_t i = 0; i < t.n; i++)
        nums += t.v[i].field == SS_PV_NUM;
    assert_int_equal(nums, 1);
    /* empty text */
    assert_int_equal(ss_pivot_text(pv, "", 0, "de", &t), SS_OK);
    assert_int_equal(t.n, 0);
    ss_pivot_terms_release(&t);
    ss_pivoter_free(pv);
}

/* ---- alignment and linking -------------------------------------------------------- */

static const char *EN1 =
    "The museum in Carrow opened a new wing on Friday.\n"
    "Director Ines Falk said the wing cost 12 million euros.\n"
    "It shows 300 paintings from the harbour school.\n"
    "The old hall will close for repairs next year.\n"
    "Visitors can enter free of charge until Sunday.\n";
static const char *DE1 =
    "Das Museum in Carrow hat am Freitag einen neuen Flügel eröffnet.\n"
    "Direktorin Ines Falk sagte, der Flügel habe 12 Millionen Euro gekostet.\n"
    "Er zeigt 300 Gemälde der Hafenschule.\n"
    "Die alte Halle wird im nächsten Jahr für Reparaturen geschlossen.\n"
    "Besucher haben bis Sonntag freien Eintritt.\n";
static const char *EN2 =
    "A storm cut power to 4,000 homes in Belmont on Tuesday.\n"
    "Crews from the utility worked through the night.\n"
    "Most homes had electricity again by morning, a spokesman said.\n"
    "Schools in the district stayed closed for the day.\n";
static const char *DE2 =
    "Ein Sturm hat am Dienstag in Belmont 4.000 Haushalten den Strom genommen.\n"
    "Arbeiter des Versorgers arbeiteten die ganze Nacht.\n"
    "Die meisten Haushalte hatten am Morgen wieder Strom, sagte ein Sprecher.\n"
    "Die Schulen des Bezirks blieben den Tag über geschlossen.\n";

static void test_align_translation(void **state)
{
    fixture *f = *state;
    ss_xtext a, b, c;
    ss_xtext_init(&a);
    ss_xtext_init(&b);
    ss_xtext_init(&c);
    assert_int_equal(ss_xtext_add(f->pv, EN1, strlen(EN1), "en", 0, 0, &a), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, DE1, strlen(DE1), "de", 0, 0, &b), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, DE2, strlen(DE2), "de", 0, 0, &c), SS_OK);
    assert_int_equal(a.nsent, 5);
    assert_int_equal(b.nsent, 5);
    ss_xaligner *al = ss_xaligner_new();
    ss_xgroups g;
    ss_xgroups_init(&g);
    assert_int_equal(ss_xalign(al, &a, &b, ss_xalign_mask(&a, &b, 1), &g), SS_OK);
    assert_int_equal(g.n, 5);
    for (uint32_t k = 0; k < 5; k++) {
        assert_int_equal(g.v[k].a0, k);
        assert_int_equal(g.v[k].b0, k);
        assert_int_equal(g.v[k].a1, k + 1);
        assert_true(g.v[k].anchors > 0);
    }
    double good = ss_xalign_coverage(al, &a, &b, &g);
    assert_true(good > 0.45);
    /* code point spans of the first sentence */
    assert_int_equal(a.sent[0].cp_start, 0);
    assert_int_equal(a.sent[0].cp_end, strlen("The museum in Carrow opened a new wing on Friday."));
    /* another story: the alignment covers little */
    assert_int_equal(ss_xalign(al, &a, &c, ss_xalign_mask(&a, &c, 1), &g), SS_OK);
    assert_true(ss_xalign_coverage(al, &a, &c, &g) < good / 2);
    /* an empty side: everything is a deletion, no coverage */
    ss_xtext e;
    ss_xtext_init(&e);
    assert_int_equal(ss_xalign(al, &a, &e, SS_XI_ANY, &g), SS_OK);
    assert_int_equal(g.n, 5);
    assert_true(g.v[0].b0 == g.v[0].b1);
    assert_true(ss_xalign_coverage(al, &a, &e, &g) == 0);
    ss_xgroups_release(&g);
    ss_xaligner_free(al);
    ss_xtext_release(&a);
    ss_xtext_release(&b);
    ss_xtext_release(&c);
}

/* A part translated (ss_xalign_partial): three sentences of the museum
 * story, after two of the German report's own, meet their English
 * originals that follow a storm report; the sentences around them stay
 * unpaired or paired without anchors. */
static void test_align_partial_translation(void **state)
{
    fixture *f = *state;
    const char *de_own = "Die Stadt plant ein neues Schwimmbad.\nDer Bau beginnt im Mai.\n";
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    ss_buf_puts(&x, EN2);
    ss_buf_puts(&x, EN1);
    ss_buf_puts(&y, de_own);
    const char *p = DE1;
    for (int line = 0; line < 3; line++) { /* DE1's first three sentences */
        const char *e = strchr(p, '\n') + 1;
        ss_buf_append(&y, p, (size_t)(e - p));
        p = e;
    }
    ss_xtext a, b;
    ss_xtext_init(&a);
    ss_xtext_init(&b);
    assert_int_equal(ss_xtext_add(f->pv, x.data, x.len, "en", 0, 0, &a), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, y.data, y.len, "de", 0, 0, &b), SS_OK);
    assert_int_equal(a.nsent, 9);
    assert_int_equal(b.nsent, 5);
    ss_xaligner *al = ss_xaligner_new();
    ss_xgroups g;
    ss_xgroups_init(&g);
    assert_int_equal(ss_xalign_partial(al, &a, &b, ss_xalign_mask(&a, &b, 1), &g), SS_OK);
    uint32_t ea = 0, eb = 0, met = 0;
    for (size_t k = 0; k < g.n; k++) {
        const ss_xgroup *q = &g.v[k];
        assert_int_equal(q->a0, ea);
        assert_int_equal(q->b0, eb);
        ea = q->a1;
        eb = q->b1;
        /* museum sentence i of A (4 + i) with German sentence 2 + i */
        for (uint32_t i = 0; i < 3; i++)
            if (q->a0 == 4 + i && q->a1 == 5 + i && q->b0 == 2 + i && q->b1 == 3 + i && q->anchors > 0 &&
                q->sim >= 0.25f)
                met++;
        if (q->b0 < 2 && q->b1 > q->b0)
            assert_int_equal(q->anchors, 0); /* the report's own sentences meet nothing */
    }
    assert_int_equal(ea, 9);
    assert_int_equal(eb, 5);
    assert_int_equal(met, 3);
    ss_xgroups_release(&g);
    ss_xaligner_free(al);
    ss_xtext_release(&a);
    ss_xtext_release(&b);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void test_align_long_texts_stay_in_band(void **state)
{
    fixture *f = *state;
    /* 400 sentences each, one missing on one side: the path stays monotone */
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    for (int i = 0; i < 400; i++) {
        char s[160];
        snprintf(s, sizeof s, "Report %d says the council met %d members in Harwick %d.\n", i, i * 7,
                 i);
        ss_buf_puts(&x, s);
        if (i != 200)
            ss_buf_puts(&y, s);
    }
    ss_xtext a, b;
    ss_xtext_init(&a);
    ss_xtext_init(&b);
    assert_int_equal(ss_xtext_add(f->pv, x.data, x.len, "en", 0, 0, &a), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, y.data, y.len, "en", 0, 0, &b), SS_OK);
    ss_xaligner *al = ss_xaligner_new();
    ss_xgroups g;
    ss_xgroups_init(&g);
    assert_int_equal(ss_xalign(al, &a, &b, SS_XI_ANY, &g), SS_OK);
    uint32_t ea = 0, eb = 0, skipped = 0;
    for (size_t k = 0; k < g.n; k++) {
        assert_int_equal(g.v[k].a0, ea);
        assert_int_equal(g.v[k].b0, eb);
        ea = g.v[k].a1;
        eb = g.v[k].b1;
        skipped += g.v[k].b0 == g.v[k].b1;
    }
    assert_int_equal(ea, 400);
    assert_int_equal(eb, 399);
    assert_int_equal(skipped, 1);
    assert_true(ss_xalign_coverage(al, &a, &b, &g) > 0.9);
    ss_xgroups_release(&g);
    ss_xaligner_free(al);
    ss_xtext_release(&a);
    ss_xtext_release(&b);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void add_doc(fixture *f, ss_xlinker *x, const char *text, const char *lang)
{
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->text, text, (size_t)-1), SS_OK);
    d->text_len = strlen(text);
    snprintf(d->lang, sizeof d->lang, "%s", lang);
    ss_pivot p;
    ss_pivot_init(&p);
    ss_xtext t;
    ss_xtext_init(&t);
    assert_int_equal(ss_pivot_doc(f->pv, d, &p), SS_OK);
    assert_int_equal(ss_xtext_add(f->pv, text, strlen(text), lang, 0, 0, &t), SS_OK);
    assert_int_equal(p.dictionary, 1);
    assert_int_equal(ss_xlinker_add(x, &p, &t), SS_OK);
    assert_int_equal(p.f[SS_PV_DICT].n, 0); /* taken over */
    ss_doc_free(d);
}

static void test_linker_matches_one_to_one(void **state)
{
    fixture *f = *state;
    ss_xlinker *x = ss_xlinker_new();
    assert_non_null(x);
    add_doc(f, x, EN1, "en"); /* 0 */
    add_doc(f, x, DE2, "de"); /* 1 */
    add_doc(f, x, EN2, "en"); /* 2 */
    add_doc(f, x, DE1, "de"); /* 3 */
    ss_pool *pool = ss_pool_new(2);
    ss_xlink *l = NULL;
    size_t n = 0;
    assert_int_equal(ss_xlinker_run(x, pool, SS_XLINK_THRESHOLD, &l, &n), SS_OK);
    assert_int_equal(n, 2);
    int seen03 = 0, seen12 = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(l[i].a < l[i].b);
        assert_true(l[i].score >= SS_XLINK_THRESHOLD && l[i].dictionary);
        assert_true(l[i].via == SS_XLINK_DIRECT); /* no third language to link through */
        seen03 |= l[i].a == 0 && l[i].b == 3;
        seen12 |= l[i].a == 1 && l[i].b == 2;
    }
    assert_true(seen03 && seen12);
    assert_true(l[0].score >= l[1].score);
    /* unrelated pairs score low by both measures */
    double v = -1;
    assert_int_equal(ss_xlinker_verify(x, 0, 1, &v, NULL), SS_OK);
    assert_true(v >= 0 && v < SS_XLINK_THRESHOLD);
    ss_error err;
    assert_int_equal(ss_xlinker_verify(x, 0, 99, &v, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "document 99 is not one of the"));
    assert_true(ss_xlinker_cosine(x, 0, 1, NULL) < ss_xlinker_cosine(x, 0, 3, NULL));
    free(l);
    /* a threshold above every score links nothing */
    assert_int_equal(ss_xlinker_run(x, pool, 1.0, &l, &n), SS_OK);
    assert_int_equal(n, 0);
    free(l);
    ss_pool_free(pool);
    ss_xlinker_free(x);
}

static void test_linker_same_language_never_links(void **state)
{
    fixture *f = *state;
    ss_xlinker *x = ss_xlinker_new();
    add_doc(f, x, EN1, "en");
    add_doc(f, x, EN1, "en");
    ss_xlink *l = NULL;
    size_t n = 0;
    assert_int_equal(ss_xlinker_run(x, NULL, 0.0, &l, &n), SS_OK);
    assert_int_equal(n, 0);
    free(l);
    ss_xlinker_free(x);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dictd_entries),
        cmocka_unit_test(test_lexicon_round_trip),
        cmocka_unit_test(test_translit_name_keys),
        cmocka_unit_test(test_pivot_without_dictionary),
    };
    const struct CMUnitTest with_lexicon[] = {
        cmocka_unit_test(test_pivot_meets_across_languages),
        cmocka_unit_test(test_pivot_serbo_croatian_share_a_dictionary),
        cmocka_unit_test(test_pivot_names_meet_han_glosses),
        cmocka_unit_test(test_kin_languages_need_more),
        cmocka_unit_test(test_pivot_reads_thai_words),
        cmocka_unit_test(test_pivot_reads_sino_korean_words),
        cmocka_unit_test(test_pivot_korean_numbers),
        cmocka_unit_test(test_pivot_reads_longer_han_words),
        cmocka_unit_test(test_pivot_reads_katakana_words),
        cmocka_unit_test(test_pivot_reads_katakana_names),
        cmocka_unit_test(test_pivot_hebrew_proclitics),
        cmocka_unit_test(test_pivot_arabic_proclitics),
        cmocka_unit_test(test_pivot_korean_particles),
        cmocka_unit_test(test_pivot_function_words_of_uncased_scripts),
        cmocka_unit_test(test_align_translation),
        cmocka_unit_test(test_align_long_texts_stay_in_band),
        cmocka_unit_test(test_align_partial_translation),
        cmocka_unit_test(test_linker_matches_one_to_one),
        cmocka_unit_test(test_linker_same_language_never_links),
    };
    int rc = cmocka_run_group_tests_name("xling", tests, NULL, NULL);
    rc += cmocka_run_group_tests_name("xling with the lexicon", with_lexicon, setup_pivot, teardown_pivot);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        rc++;
    return rc;
}
