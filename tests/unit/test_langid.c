/* Unit tests: lang/langid — script census plus n-gram models. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lang/langid.h"

static void check(ss_langid *li, const char *text, const char *want)
{
    ss_lang_guess g;
    ss_error err;
    ss_error_clear(&err);
    int rc = ss_langid_detect(li, text, strlen(text), &g, &err);
    if (rc)
        fail_msg("detect failed: %s", err.msg);
    if (strcmp(g.code, want) != 0)
        fail_msg("'%.40s...': got %s, want %s", text, g.code, want);
}

static void languages(void **state)
{
    (void)state;
    ss_langid *li = ss_langid_new(NULL);
    assert_non_null(li);
    check(li, "The foreign ministers of both countries spoke by telephone on Monday and agreed "
              "to keep working together on regional security.", "en");
    check(li, "Die Außenminister beider Länder haben am Montag miteinander telefoniert und "
              "vereinbart, bei der Sicherheit in der Region zusammenzuarbeiten.", "de");
    check(li, "Les ministres des affaires étrangères des deux pays se sont entretenus lundi par "
              "téléphone et ont convenu de coopérer sur la sécurité régionale.", "fr");
    check(li, "Los ministros de exteriores de ambos países hablaron el lunes por teléfono y "
              "acordaron seguir trabajando juntos en la seguridad de la región.", "es");
    check(li, "Министры иностранных дел двух стран в понедельник провели телефонный разговор и "
              "договорились о сотрудничестве в сфере безопасности.", "ru");
    check(li, "दोनों देशों के विदेश मंत्रियों ने सोमवार को फोन पर बात की और क्षेत्रीय सुरक्षा पर "
              "मिलकर काम करने पर सहमति जताई।", "hi");
    check(li, "تحدث وزيرا خارجية البلدين هاتفيا يوم الاثنين واتفقا على مواصلة العمل معا من أجل "
              "الأمن الإقليمي.", "ar");
    check(li, "两国外交部长周一通了电话，同意继续在地区安全问题上合作。", "zh");
    check(li, "両国の外相は月曜日に電話で会談し、地域の安全保障で協力することで合意した。", "ja");
    check(li, "양국 외교장관은 월요일 전화 통화를 하고 지역 안보 협력에 합의했다.", "ko");
    check(li, "Οι υπουργοί Εξωτερικών των δύο χωρών μίλησαν τηλεφωνικά τη Δευτέρα.", "el");
    /* headlines: the n-gram classifier ranks another language first
       (Danish, French) or names none; the function words decide among
       the languages it finds about as likely, or when it finds none */
    check(li, "Harbor crews rescue stranded sailors from drifting barge", "en");
    check(li, "Mayor signs budget plan as council protests cuts", "en");
    check(li, "Le ferry reprend la mer après la tempête", "fr");
    /* names and few words: the classifier names no language, and letters
       only Turkish writes do (in two words at least) */
    check(li, "Yeni Kars Valisi Ahmet Yıldırım göreve başladı", "tr");
    check(li, "Muğla'da orman yangını kontrol altına alındı", "tr");
    /* and a headline of a language without a function-word list keeps
       the classifier's answer */
    check(li, "Prom znowu kursuje po burzy na wybrzeżu", "pl");
    check(li, "Færgen sejler igen efter stormen i weekenden", "da");
    /* Croatian, Serbian and Slovenian news: the classifier read the first
       two as Slovenian or as each other; function words separate
       Slovenian, the reflex forms and standard words the other two */
    check(li, "Predsjednik vlade izjavio je u utorak da će nova mjera stupiti na snagu prije kraja "
              "godine. Prema njegovim riječima, tvrtke koje zapošljavaju više od tisuću radnika "
              "dobit će pomoć već sljedećeg tjedna, a obitelji s djecom posebne olakšice.", "hr");
    check(li, "Predsednik vlade izjavio je u utorak da će nova mera stupiti na snagu pre kraja "
              "godine. Prema njegovim rečima, preduzeća koja zapošljavaju više od hiljadu radnika "
              "dobiće pomoć već sledeće nedelje, a porodice sa decom posebne olakšice.", "sr");
    check(li, "Predsednik vlade je v torek izjavil, da bo novi ukrep začel veljati še pred koncem "
              "leta. Po njegovih besedah bodo podjetja, ki zaposlujejo več kot tisoč delavcev, "
              "pomoč dobila že naslednji teden, družine z otroki pa tudi posebne olajšave.", "sl");
    check(li, "12 34 -- !!", "und");
    check(li, "", "und");
    ss_langid_free(li);
    ss_langid_free(NULL);
}

static void tags(void **state)
{
    (void)state;
    char out[8];
    ss_lang_normalize_tag("en-US", out);
    assert_string_equal(out, "en");
    ss_lang_normalize_tag("HIN", out);
    assert_string_equal(out, "hi");
    ss_lang_normalize_tag("deu", out);
    assert_string_equal(out, "de");
    ss_lang_normalize_tag("nb", out);
    assert_string_equal(out, "no");
    /* two letters that are no ISO 639-1 code are no tag; withdrawn ones map */
    ss_lang_normalize_tag("zz", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag("xx-notalang", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag("iw", out);
    assert_string_equal(out, "he");
    ss_lang_normalize_tag("sw", out);
    assert_string_equal(out, "sw");
    /* three letters: ISO 639-2 of a 639-1 code maps to it; a language with
       no two-letter code stays; three letters of no language are no tag */
    ss_lang_normalize_tag("swa", out);
    assert_string_equal(out, "sw");
    ss_lang_normalize_tag("KAT", out);
    assert_string_equal(out, "ka");
    ss_lang_normalize_tag("haw", out);
    assert_string_equal(out, "haw");
    ss_lang_normalize_tag("und", out);
    assert_string_equal(out, "und");
    ss_lang_normalize_tag("xyz", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag("wel", out); /* bibliographic forms */
    assert_string_equal(out, "cy");
    ss_lang_normalize_tag("ice", out);
    assert_string_equal(out, "is");
    ss_lang_normalize_tag("mul", out); /* several languages: none known */
    assert_string_equal(out, "und");
    ss_lang_normalize_tag("qqq-Latn", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag("", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag("x", out);
    assert_string_equal(out, "");
    ss_lang_normalize_tag(NULL, out);
    assert_string_equal(out, "");
    /* known languages, and two of them that differ */
    assert_true(ss_lang_known("de"));
    assert_false(ss_lang_known("und") || ss_lang_known("") || ss_lang_known(NULL));
    assert_true(ss_langs_differ("de", "en"));
    assert_false(ss_langs_differ("en", "en"));
    assert_false(ss_langs_differ("und", "en") || ss_langs_differ("de", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(languages),
        cmocka_unit_test(tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
