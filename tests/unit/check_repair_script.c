/* The script pass: traditional text that a converter made from simplified
 * text is converted back, whichever converter it was; the modes; the
 * evidence AUTO needs; edits and offsets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

/* Every pass but script is skipped, so what changes is the script pass's. */
#define ONLY_SCRIPT                                                                      \
    (GOVTEXT_REPAIR_MOJIBAKE | GOVTEXT_REPAIR_HTML | GOVTEXT_REPAIR_LAYOUT |             \
     GOVTEXT_REPAIR_PINYIN | GOVTEXT_REPAIR_DUPLICATE | GOVTEXT_REPAIR_SPAM |             \
     GOVTEXT_REPAIR_MASK | GOVTEXT_REPAIR_PUNCT)

static govtext_doc *load_bytes(const char *bytes, size_t len, uint32_t encoding)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = encoding;
    govtext_status st = govtext_doc_load_bytes(doc, bytes, len, &lo);
    ck_assert_msg(st == GOVTEXT_OK, "load: %s", govtext_doc_errmsg(doc));
    return doc;
}

static govtext_doc *load_file(const char *name)
{
    size_t len;
    char *b = slurp(name, &len);
    govtext_doc *doc = load_bytes(b, len, GOVTEXT_ENC_AUTO);
    free(b);
    return doc;
}

static void repair(govtext_doc *doc, govtext_script mode, uint32_t skip)
{
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    ro.skip = skip;
    ro.script = mode;
    govtext_status st = govtext_doc_repair(doc, NULL, &ro);
    ck_assert_msg(st == GOVTEXT_OK, "repair: %s", govtext_doc_errmsg(doc));
}

/* The text of name after loading: what a round trip must give back. */
static char *loaded_text(const char *name, size_t *len)
{
    govtext_doc *doc = load_file(name);
    const char *t = govtext_doc_text(doc, len);
    char *copy = malloc(*len + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, t, *len + 1);
    govtext_doc_free(doc);
    return copy;
}

/* Converts text in mode and returns the result (malloc'd). */
static char *convert(const char *text, govtext_script mode)
{
    govtext_doc *doc = load_bytes(text, strlen(text), GOVTEXT_ENC_UTF8);
    repair(doc, mode, ONLY_SCRIPT);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    char *copy = malloc(len + 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, t, len + 1);
    govtext_doc_free(doc);
    return copy;
}

static void assert_converts(const char *in, govtext_script mode, const char *expect)
{
    char *got = convert(in, mode);
    ck_assert_str_eq(got, expect);
    free(got);
}

static size_t script_edits(const govtext_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed;
        memset(&ed, 0, sizeof ed);
        ed.struct_size = sizeof ed;
        ck_assert_int_eq(govtext_doc_edit_get(doc, i, &ed), GOVTEXT_OK);
        n += ed.kind == GOVTEXT_EDIT_SCRIPT;
    }
    return n;
}

/* The government work report excerpt converted by OpenCC s2t (着 kept,
 * OpenCC's standard forms 爲 衆), OpenCC s2tw (Taiwan forms) and ICU's
 * Simplified-Traditional (「」 for “”), in UTF-8 and Big5, comes back
 * exactly. */
START_TEST(script_undoes_every_converter_family)
{
    static const char *twins[] = {"gwr-2018-excerpt-s2t.txt", "gwr-2018-excerpt-s2tw.txt",
                                  "gwr-2018-excerpt-hant.utf8.txt",
                                  "gwr-2018-excerpt-hant.big5.txt"};
    size_t olen;
    char *orig = loaded_text("gwr-2018-excerpt.utf8.txt", &olen);
    for (size_t k = 0; k < sizeof twins / sizeof twins[0]; k++) {
        govtext_doc *doc = load_file(twins[k]);
        repair(doc, GOVTEXT_SCRIPT_HANS, ONLY_SCRIPT);
        size_t len;
        const char *t = govtext_doc_text(doc, &len);
        ck_assert_msg(len == olen && memcmp(t, orig, len) == 0, "%s did not round-trip",
                      twins[k]);
        ck_assert_uint_gt(govtext_doc_count(doc, GOVTEXT_COUNT_SCRIPT), 300);
        ck_assert_uint_gt(script_edits(doc), 0);
        govtext_doc_free(doc);
    }
    free(orig);
}
END_TEST

/* Characters valid in both scripts need the word: 著 is 着 after a Taiwan
 * conversion except in 显著, 卓著; 乾 is 干 except in 乾坤; 覆 is 复 in 答覆
 * but stays in 覆盖; ICU's 甚麼 and 沈著 are 什么 and 沉着. */
START_TEST(script_reads_dual_characters_by_word)
{
    /* OpenCC s2tw and ICU: every 着 became 著 */
    assert_converts("隨著經濟發展，我國綜合國力顯著增強，人民生活水平顯著提高。",
                    GOVTEXT_SCRIPT_HANS,
                    "随着经济发展，我国综合国力显著增强，人民生活水平显著提高。");
    assert_converts("沿著中國特色社會主義道路，著力推進改革，成效卓著。", GOVTEXT_SCRIPT_HANS,
                    "沿着中国特色社会主义道路，着力推进改革，成效卓著。");
    /* OpenCC s2t: 着 kept, so 著 is 著 */
    assert_converts("隨着經濟發展，我國綜合國力顯著增強。", GOVTEXT_SCRIPT_HANS,
                    "随着经济发展，我国综合国力显著增强。");
    /* ICU */
    assert_converts("甚麼問題要認真研究，沈著應對。", GOVTEXT_SCRIPT_HANS,
                    "什么问题要认真研究，沉着应对。");
    assert_converts("天下朗朗乾坤，衣服乾淨。", GOVTEXT_SCRIPT_HANS, "天下朗朗乾坤，衣服干净。");
    assert_converts("請儘快答覆。森林覆蓋率達到百分之二十。", GOVTEXT_SCRIPT_HANS,
                    "请尽快答复。森林覆盖率达到百分之二十。");
    assert_converts("據瞭解，他登上瞭望塔。水能載舟，亦能覆舟。", GOVTEXT_SCRIPT_HANS,
                    "据了解，他登上瞭望塔。水能载舟，亦能覆舟。");
}
END_TEST

/* A clean simplified document is never touched: not in AUTO (it is not
 * traditional) and not even in HANS, where 显著 stays (no sign of a Taiwan
 * conversion in simplified text). */
START_TEST(script_leaves_simplified_text_alone)
{
    size_t olen;
    char *orig = loaded_text("gwr-2018-excerpt.utf8.txt", &olen);
    govtext_script modes[] = {GOVTEXT_SCRIPT_AUTO, GOVTEXT_SCRIPT_HANS, GOVTEXT_SCRIPT_KEEP};
    for (size_t k = 0; k < 3; k++) {
        govtext_doc *doc = load_file("gwr-2018-excerpt.utf8.txt");
        repair(doc, modes[k], ONLY_SCRIPT);
        size_t len;
        const char *t = govtext_doc_text(doc, &len);
        ck_assert(len == olen && memcmp(t, orig, len) == 0);
        ck_assert_uint_eq(script_edits(doc), 0);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SCRIPT), 0);
        govtext_doc_free(doc);
    }
    free(orig);
    assert_converts("这一成就十分显著，影响深远。", GOVTEXT_SCRIPT_HANS,
                    "这一成就十分显著，影响深远。");
    assert_converts("这一成就十分显著，影响深远。", GOVTEXT_SCRIPT_AUTO,
                    "这一成就十分显著，影响深远。");
}
END_TEST

/* AUTO converts what shows machine conversion: the seed page (pinyin
 * glosses), OpenCC s2t (its standard forms 爲 衆), OpenCC s2tw (mainland
 * quotation marks “” in traditional text). */
START_TEST(script_auto_converts_machine_converted_text)
{
    govtext_doc *doc = load_file("seed-excerpt.txt");
    repair(doc, GOVTEXT_SCRIPT_AUTO, ONLY_SCRIPT);
    const char *t = govtext_doc_text(doc, NULL);
    ck_assert_ptr_nonnull(strstr(t, "党的十九届四中全会"));
    ck_assert_ptr_nonnull(strstr(t, "创(chuàng)新互联(lián)网(wǎng)时代群众工作"));
    ck_assert_ptr_null(strstr(t, "黨"));
    ck_assert_uint_gt(govtext_doc_count(doc, GOVTEXT_COUNT_SCRIPT), 100);
    govtext_doc_free(doc);

    /* with the pinyin pass on, the glosses go and the text still converts */
    doc = load_file("seed-excerpt.txt");
    repair(doc, GOVTEXT_SCRIPT_AUTO, ONLY_SCRIPT & ~GOVTEXT_REPAIR_PINYIN);
    t = govtext_doc_text(doc, NULL);
    ck_assert_ptr_nonnull(strstr(t, "党的十九届四中全会"));
    govtext_doc_free(doc);

    size_t olen;
    char *orig = loaded_text("gwr-2018-excerpt.utf8.txt", &olen);
    static const char *twins[] = {"gwr-2018-excerpt-s2t.txt", "gwr-2018-excerpt-s2tw.txt"};
    for (size_t k = 0; k < 2; k++) {
        doc = load_file(twins[k]);
        repair(doc, GOVTEXT_SCRIPT_AUTO, ONLY_SCRIPT);
        size_t len;
        t = govtext_doc_text(doc, &len);
        ck_assert_msg(len == olen && memcmp(t, orig, len) == 0, "%s", twins[k]);
        govtext_doc_free(doc);
    }
    free(orig);
}
END_TEST

/* Traditional text with nothing that says it was converted (Taiwan forms,
 * 「」, no pinyin) is kept in AUTO -- it may be genuine Taiwan text -- and
 * converted when asked (HANS). */
START_TEST(script_auto_keeps_traditional_text_without_evidence)
{
    size_t blen;
    char *before = loaded_text("gwr-2018-excerpt-hant.utf8.txt", &blen);
    govtext_doc *doc = load_file("gwr-2018-excerpt-hant.utf8.txt");
    repair(doc, GOVTEXT_SCRIPT_AUTO, ONLY_SCRIPT);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert(len == blen && memcmp(t, before, len) == 0);
    ck_assert_uint_eq(script_edits(doc), 0);
    govtext_doc_free(doc);
    free(before);

    assert_converts("「臺灣的經濟發展」是他們常說的話。", GOVTEXT_SCRIPT_AUTO,
                    "「臺灣的經濟發展」是他們常說的話。");
    /* the same with glosses: converted, and 「」 become “” */
    assert_converts("「臺灣的經(jīng)濟發(fā)展」是他們常說(shuō)的話。", GOVTEXT_SCRIPT_AUTO,
                    "“台湾的经(jīng)济发(fā)展”是他们常说(shuō)的话。");
}
END_TEST

/* KEEP changes nothing; HANT converts to OpenCC's standard traditional
 * forms, with phrases (頭髮, 幹部, 乾淨), and HANS brings it back. */
START_TEST(script_keep_and_hant_modes)
{
    size_t len;
    char *s2tw = loaded_text("gwr-2018-excerpt-s2tw.txt", &len);
    govtext_doc *doc = load_file("gwr-2018-excerpt-s2tw.txt");
    repair(doc, GOVTEXT_SCRIPT_KEEP, ONLY_SCRIPT);
    size_t klen;
    const char *t = govtext_doc_text(doc, &klen);
    ck_assert(klen == len && memcmp(t, s2tw, len) == 0);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
    govtext_doc_free(doc);
    free(s2tw);

    assert_converts("头发干净，干部理发，发展经济，皇后与后来", GOVTEXT_SCRIPT_HANT,
                    "頭髮乾淨，幹部理髮，發展經濟，皇后與後來");

    size_t slen, olen;
    char *s2t = loaded_text("gwr-2018-excerpt-s2t.txt", &slen);
    char *orig = loaded_text("gwr-2018-excerpt.utf8.txt", &olen);
    char *hant = convert(orig, GOVTEXT_SCRIPT_HANT);
    ck_assert_str_eq(hant, s2t);
    char *back = convert(hant, GOVTEXT_SCRIPT_HANS);
    ck_assert_str_eq(back, orig);
    free(back);
    free(hant);
    free(orig);
    free(s2t);
}
END_TEST

/* 「」 become “” only in a converted document that has no “” of its own. */
START_TEST(script_corner_brackets_become_mainland_quotes)
{
    assert_converts("他說「發展是硬道理」。", GOVTEXT_SCRIPT_HANS, "他说“发展是硬道理”。");
    assert_converts("他說「發展是硬道理」，又說『實幹興邦』。", GOVTEXT_SCRIPT_HANS,
                    "他说“发展是硬道理”，又说‘实干兴邦’。");
    assert_converts("他說“發展是硬道理”，書名用「」標出。", GOVTEXT_SCRIPT_HANS,
                    "他说“发展是硬道理”，书名用「」标出。");
    /* simplified text keeps its corner brackets even in HANS */
    assert_converts("他说「发展是硬道理」。", GOVTEXT_SCRIPT_HANS, "他说「发展是硬道理」。");
}
END_TEST

/* Edits: converted characters close together make one edit; its source
 * range is the bytes of what it replaced, and every character inside still
 * maps to its own source bytes. */
START_TEST(script_edits_map_to_source_bytes)
{
    const char *in = "ab發展cd，國家\n這是一個很長的句子沒有任何需要轉換的字只有這些";
    govtext_doc *doc = load_bytes(in, strlen(in), GOVTEXT_ENC_UTF8);
    repair(doc, GOVTEXT_SCRIPT_HANS, ONLY_SCRIPT);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_str_eq(t, "ab发展cd，国家\n这是一个很长的句子没有任何需要转换的字只有这些");

    govtext_edit ed;
    memset(&ed, 0, sizeof ed);
    ed.struct_size = sizeof ed;
    ck_assert_uint_ge(govtext_doc_edit_count(doc), 2);
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_SCRIPT);
    /* 發展cd，國: one edit, from 發 to 國 */
    ck_assert_uint_eq(ed.src_start, 2);
    ck_assert_uint_eq(ed.src_end, 2 + 6 + 2 + 3 + 3);
    ck_assert_uint_eq(ed.old_len, 14);
    ck_assert_uint_eq(ed.new_len, 14);
    ck_assert(memcmp(ed.old_text, "發展cd，國", 14) == 0);
    ck_assert(memcmp(ed.new_text, "发展cd，国", 14) == 0);
    ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
    /* 国 maps to exactly the bytes of 國 */
    const char *guo = strstr(t, "国");
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, (size_t)(guo - t), (size_t)(guo - t) + 3, &a,
                                               &b),
                     GOVTEXT_OK);
    ck_assert_uint_eq(a, (size_t)(strstr(in, "國") - in));
    ck_assert_uint_eq(b, a + 3);
    /* 9 characters converted: 發國, then 這個長沒轉換這 */
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SCRIPT), 9);
    govtext_doc_free(doc);

    /* an edit never spans a line end, even when ASCII follows it */
    in = "發\na這";
    doc = load_bytes(in, strlen(in), GOVTEXT_ENC_UTF8);
    repair(doc, GOVTEXT_SCRIPT_HANS, ONLY_SCRIPT);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "发\na这");
    ck_assert_uint_eq(script_edits(doc), 2);
    govtext_doc_free(doc);

    /* Characters that change width: 饘 (3 bytes) -> 𫗴 (4), 𨋢 (4) -> 䢂 (3).
     * Each still maps to its own source bytes, and so does what follows. */
    in = "發饘粥，𨋢車";
    doc = load_bytes(in, strlen(in), GOVTEXT_ENC_UTF8);
    repair(doc, GOVTEXT_SCRIPT_HANS, ONLY_SCRIPT);
    t = govtext_doc_text(doc, &len);
    ck_assert_str_eq(t, "发𫗴粥，䢂车");
    static const struct {
        const char *out, *in;
    } pairs[] = {{"𫗴", "饘"}, {"粥", "粥"}, {"䢂", "𨋢"}, {"车", "車"}};
    for (size_t k = 0; k < 4; k++) {
        size_t o = (size_t)(strstr(t, pairs[k].out) - t);
        ck_assert_int_eq(
            govtext_doc_map_to_source(doc, o, o + strlen(pairs[k].out), &a, &b), GOVTEXT_OK);
        ck_assert_uint_eq(a, (size_t)(strstr(in, pairs[k].in) - in));
        ck_assert_uint_eq(b, a + strlen(pairs[k].in));
    }
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SCRIPT), 4);
    govtext_doc_free(doc);
}
END_TEST

/* From a Big5 file, every edit's source bytes decode to its old text, and a
 * converted character maps to its own two source bytes. */
START_TEST(script_edits_of_big5_text_point_at_big5_bytes)
{
    size_t slen;
    char *src = slurp("gwr-2018-excerpt-hant.big5.txt", &slen);
    govtext_doc *doc = load_bytes(src, slen, GOVTEXT_ENC_BIG5);
    repair(doc, GOVTEXT_SCRIPT_HANS, ONLY_SCRIPT);
    size_t n = govtext_doc_edit_count(doc), checked = 0;
    for (size_t i = 0; i < n; i++) {
        govtext_edit ed;
        memset(&ed, 0, sizeof ed);
        ed.struct_size = sizeof ed;
        ck_assert_int_eq(govtext_doc_edit_get(doc, i, &ed), GOVTEXT_OK);
        if (ed.kind != GOVTEXT_EDIT_SCRIPT)
            continue;
        ck_assert_uint_lt(ed.src_start, ed.src_end);
        ck_assert_uint_le(ed.src_end, slen);
        govtext_doc *piece = load_bytes(src + ed.src_start, ed.src_end - ed.src_start,
                                        GOVTEXT_ENC_BIG5);
        size_t plen;
        const char *p = govtext_doc_text(piece, &plen);
        ck_assert_uint_eq(plen, ed.old_len);
        ck_assert(memcmp(p, ed.old_text, plen) == 0);
        govtext_doc_free(piece);
        size_t a, b;
        ck_assert_int_eq(
            govtext_doc_map_to_source(doc, ed.text_start, ed.text_end, &a, &b), GOVTEXT_OK);
        ck_assert_uint_eq(a, ed.src_start);
        ck_assert_uint_eq(b, ed.src_end);
        /* the first character alone: two Big5 bytes */
        ck_assert_int_eq(
            govtext_doc_map_to_source(doc, ed.text_start, ed.text_start + 3, &a, &b),
            GOVTEXT_OK);
        ck_assert_uint_eq(a, ed.src_start);
        ck_assert_uint_eq(b, ed.src_start + 2);
        checked++;
    }
    ck_assert_uint_gt(checked, 10);
    govtext_doc_free(doc);
    free(src);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_script");
    TCase *tc = tcase_create("script");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, script_undoes_every_converter_family);
    tcase_add_test(tc, script_reads_dual_characters_by_word);
    tcase_add_test(tc, script_leaves_simplified_text_alone);
    tcase_add_test(tc, script_auto_converts_machine_converted_text);
    tcase_add_test(tc, script_auto_keeps_traditional_text_without_evidence);
    tcase_add_test(tc, script_keep_and_hant_modes);
    tcase_add_test(tc, script_corner_brackets_become_mainland_quotes);
    tcase_add_test(tc, script_edits_map_to_source_bytes);
    tcase_add_test(tc, script_edits_of_big5_text_point_at_big5_bytes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
