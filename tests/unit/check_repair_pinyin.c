/* The pinyin repair pass (lib/repair/pinyin_gloss.c), through the public
 * API: load, repair with every other pass skipped, look at the text, the
 * edits and the counters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

/* Loads bytes (with load options lo, may be NULL) and runs only the pinyin
 * pass. */
static govtext_doc *repair_bytes(const void *bytes, size_t len, const govtext_load_options *lo)
{
    return repair_only(bytes, len, lo, GOVTEXT_REPAIR_PINYIN);
}

/* UTF-8 forced: detection is not under test, and a few bytes of pinyin can
 * look like GB18030 to it. */
static govtext_doc *repair_str_len(const char *s, size_t len)
{
    return repair_only_as(s, len, GOVTEXT_ENC_UTF8, GOVTEXT_REPAIR_PINYIN);
}

static govtext_doc *repair_str(const char *s)
{
    return repair_str_len(s, strlen(s));
}

static size_t pinyin_edits(const govtext_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed;
        memset(&ed, 0, sizeof ed);
        ed.struct_size = sizeof ed;
        ck_assert_int_eq(govtext_doc_edit_get(doc, i, &ed), GOVTEXT_OK);
        n += ed.kind == GOVTEXT_EDIT_PINYIN;
    }
    return n;
}

/* The repaired text is expect, with `removed` glosses removed, one edit and
 * one count each. */
static void check_case(const char *in, const char *expect, size_t removed)
{
    govtext_doc *doc = repair_str(in);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(len == strlen(expect) && memcmp(t, expect, len) == 0,
                  "in: %s\nwant: %s\ngot:  %.*s", in, expect, (int)len, t);
    ck_assert_uint_eq(pinyin_edits(doc), removed);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PINYIN), removed);
    govtext_doc_free(doc);
}

static void check_file(const char *in_name, const char *expect_name, size_t removed)
{
    size_t in_len, expect_len, len;
    char *in = slurp(in_name, &in_len);
    char *expect = slurp(expect_name, &expect_len);
    govtext_doc *doc = repair_bytes(in, in_len, NULL);
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(len == expect_len && memcmp(t, expect, len) == 0,
                  "%s: repaired text differs from %s", in_name, expect_name);
    ck_assert_uint_eq(pinyin_edits(doc), removed);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PINYIN), removed);
    govtext_doc_free(doc);
    free(in);
    free(expect);
}

/* The real scraped page: traditional characters with 34 glosses spliced in
 * (聯(lián), 網(wǎng), 關(guān), ...), a masked word, a near-duplicate line. */
START_TEST(pinyin_removes_every_gloss_of_the_seed_page)
{
    check_file("seed-excerpt.txt", "seed-excerpt-nopinyin.txt", 34);
}
END_TEST

/* An independent converter (ICU Han-Latin) in four styles, with doubled
 * glosses: removing them gives back the traditional excerpt byte for byte. */
START_TEST(pinyin_removes_icu_converter_glosses_in_every_style)
{
    check_file("gwr-2018-excerpt-hant-pinyin.txt", "gwr-2018-excerpt-hant.utf8.txt", 335);
}
END_TEST

START_TEST(pinyin_removes_tone_marks_digits_and_toneless_glosses)
{
    check_case("黨的十九屆四中全會將創(chuàng)新互聯(lián)網(wǎng)時代\n",
               "黨的十九屆四中全會將創新互聯網時代\n", 3);
    /* the default reading, not the one in context: 調整 is tiáozhěng */
    check_case("治理環境發生很大調(diào)整(zhěng)\n", "治理環境發生很大調整\n", 2);
    check_case("為(wei4)壯(zhuang4)大(da4)我(wo3)們(men5)\n", "為壯大我們\n", 5);
    check_case("今年(nian)經(jing)濟(ji)\n", "今年經濟\n", 3);
    check_case("我們(men)隨(suí)著(zhe)\n", "我們隨著\n", 3);
    /* simplified characters have their readings too */
    check_case("创(chuàng)新发(fā)展\n", "创新发展\n", 2);
    /* after U+FFFD (a character mojibake destroyed) any syllable goes */
    check_case("了\xEF\xBF\xBD(guó)\xEF\xBF\xBD(qiang2)\n", "了\xEF\xBF\xBD\xEF\xBF\xBD\n", 2);
    check_case("\xEF\xBF\xBD(WTO)\xEF\xBF\xBD(一)\n", "\xEF\xBF\xBD(WTO)\xEF\xBF\xBD(一)\n", 0);
    /* an Extension B character */
    check_case("\xF0\xA0\x80\x80(hē)\n", "\xF0\xA0\x80\x80\n", 1);
}
END_TEST

START_TEST(pinyin_removes_full_width_and_mixed_parentheses)
{
    check_case("國（guó）長（zhǎng）\n", "國長\n", 2);
    check_case("國(guó）長（zhǎng)\n", "國長\n", 2);
    /* full-width letters and digits inside (the "full-width" damage) */
    check_case("級(ｊí)會(ｈｕì)戰(zｈàｎ)國(guo２)\n", "級會戰國\n", 4);
}
END_TEST

START_TEST(pinyin_removes_doubled_glosses_and_glosses_in_names)
{
    check_case("中(zhong)(zhong)國\n", "中國\n", 2);
    check_case("中(zhōng)（zhōng）(zhong1)國\n", "中國\n", 3);
    check_case("習(xí)近(jìn)平(píng)同志\n", "習近平同志\n", 3);
    /* the second parenthesis reads nothing: it stays, the gloss goes */
    check_case("中(zhōng)(一)\n", "中(一)\n", 1);
}
END_TEST

START_TEST(pinyin_accepts_every_spelling_of_u_umlaut)
{
    check_case("綠(lǜ)綠(lü4)綠(lv4)綠(lu:4)綠(lu)律(lv)\n", "綠綠綠綠綠律\n", 6);
    check_case("女(nǚ)女(nu3)去(qù)去(qu4)去(qv4)\n", "女女去去去\n", 5);
    /* tone marks as combining characters: no precomposed m-macron or
     * e-circumflex-macron exists, and NO_NFC keeps u + diaeresis + grave */
    check_case("嘸(m\xCC\x84)欸(\xC3\xAA\xCC\x84)\n", "嘸欸\n", 2);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.flags = GOVTEXT_LOAD_NO_NFC;
    lo.encoding = GOVTEXT_ENC_UTF8;
    const char *in = "綠(lu\xCC\x88\xCC\x80)\n";
    govtext_doc *doc = repair_bytes(in, strlen(in), &lo);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "綠\n");
    govtext_doc_free(doc);
}
END_TEST

START_TEST(pinyin_keeps_legitimate_parentheses)
{
    const char *keep[] = {
        "（一）坚持稳中求进工作总基调\n",
        "第十三届全国人大第一次会议(一)\n",
        "《党政领导干部选拔任用工作条例（试行）》\n",
        "加入世界贸易组织(WTO)以来\n",
        "2018年(2018)\n",
        "县（市）乡（镇）\n",
        /* not a reading of the character before it */
        "附件(a)与附件(b)\n",
        "中(zhòu)国(guo3)\n",
        /* a word's reading in a dictionary-like line: several syllables, or
         * a space, or a quotation mark between the word and its gloss */
        "创新 (chuàngxīn)：指创造新的事物\n",
        "创新(chuàngxīn)\n",
        "“茁”(zhuó)壮成长\n",
        /* a capitalised romanisation is a name written out by a human */
        "李(Li)先生\n",
        "()（）(\n",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        check_case(keep[i], keep[i], 0);
    /* not one lowercase syllable, or a tone written twice or misplaced */
    const char *not_pinyin[] = {
        "zhongg", "zhōngguó", "zh", "ｚ", "Zhong", "ZHONG", "zho1ng", "1zhong", "zhōng4",
        "zhōng5", "zhōǹg", "zhong 1", "zhong\n", "zhu:ng", "zhōng",
    };
    for (size_t i = 0; i < sizeof not_pinyin / sizeof not_pinyin[0]; i++) {
        char in[64];
        snprintf(in, sizeof in, "中(%s%s\n", not_pinyin[i],
                 i + 1 == sizeof not_pinyin / sizeof not_pinyin[0] ? "" : ")");
        check_case(in, in, 0);
    }
}
END_TEST

/* The edit names the gloss: its source bytes, where it stood in the text,
 * what it was; the text around it still maps to its own source bytes. */
START_TEST(pinyin_edit_maps_to_the_source_bytes_of_the_gloss)
{
    /* GB18030: 國務院 is 6 source bytes but 9 text bytes, "(yuàn)" 7 both. */
    static const unsigned char gb[] = {0x87, 0xf8, 0x84, 0xd5, 0xd4, 0xba, 0x28, 0x79, 0x75,
                                       0xa8, 0xa4, 0x6e, 0x29, 0xbf, 0x82, 0xc0, 0xed};
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_GB18030;
    govtext_doc *doc = repair_bytes(gb, sizeof gb, &lo);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "國務院總理");
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 1);
    govtext_edit ed;
    memset(&ed, 0, sizeof ed);
    ed.struct_size = sizeof ed;
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_PINYIN);
    ck_assert_str_eq(govtext_edit_kind_name(ed.kind), "pinyin");
    ck_assert_uint_eq(ed.src_start, 6);
    ck_assert_uint_eq(ed.src_end, 13);
    ck_assert_uint_eq(ed.text_start, 9);
    ck_assert_uint_eq(ed.text_end, 9);
    ck_assert_uint_eq(ed.old_len, 7);
    ck_assert(memcmp(ed.old_text, "(yuàn)", 7) == 0);
    ck_assert_uint_eq(ed.new_len, 0);
    ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 9, 12, &a, &b), GOVTEXT_OK); /* 總 */
    ck_assert_uint_eq(a, 13);
    ck_assert_uint_eq(b, 15);
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 6, 9, &a, &b), GOVTEXT_OK); /* 院 */
    ck_assert_uint_eq(a, 4);
    ck_assert_uint_eq(b, 6);
    govtext_doc_free(doc);

    /* UTF-8 with a BOM and CRLF: the loader's edits shift the offsets; two
     * glosses, two edits in text order. */
    const char *u8 = "\xEF\xBB\xBF第一行\r\n創(chuàng)新（xīn）\r\n";
    doc = repair_bytes(u8, strlen(u8), NULL);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "第一行\n創新\n");
    size_t seen = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        memset(&ed, 0, sizeof ed);
        ed.struct_size = sizeof ed;
        ck_assert_int_eq(govtext_doc_edit_get(doc, i, &ed), GOVTEXT_OK);
        if (ed.kind != GOVTEXT_EDIT_PINYIN)
            continue;
        if (seen++ == 0) {
            ck_assert_uint_eq(ed.src_start, 17); /* BOM 3 + 第一行\r\n 11 + 創 3 */
            ck_assert_uint_eq(ed.src_end, 26);
            ck_assert_uint_eq(ed.text_start, 13);
            ck_assert(ed.old_len == 9 && memcmp(ed.old_text, "(chuàng)", 9) == 0);
        } else {
            ck_assert_uint_eq(ed.src_start, 29);
            ck_assert_uint_eq(ed.src_end, 29 + strlen("（xīn）"));
            ck_assert_uint_eq(ed.text_start, 16);
        }
        ck_assert_uint_eq(ed.text_end, ed.text_start);
        ck_assert_uint_eq(ed.src_end - ed.src_start, ed.old_len);
        ck_assert(memcmp(u8 + ed.src_start, ed.old_text, ed.old_len) == 0);
    }
    ck_assert_uint_eq(seen, 2);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(pinyin_changes_nothing_without_glosses)
{
    size_t len;
    char *in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    govtext_doc *doc = repair_bytes(in, len, NULL);
    ck_assert_uint_eq(pinyin_edits(doc), 0);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PINYIN), 0);
    size_t out_len;
    const char *t = govtext_doc_text(doc, &out_len);
    ck_assert(out_len == len && memcmp(t, in, len) == 0);
    govtext_doc_free(doc);
    free(in);
    check_case("", "", 0);
    check_case("(", "(", 0);
    check_case("(zhong)", "(zhong)", 0);
}
END_TEST

/* Adversarial input must stay linear: a megabyte of '(', of "(a)", of a gloss
 * that never closes, of doubled glosses.  Time is not asserted (machines
 * differ); the suite's timeout catches a quadratic blow-up. */
#define MEG (1u << 20)

/* unit repeated to about total bytes; room for 4 more bytes at the end */
static char *repeat(const char *unit, size_t total, size_t *len)
{
    size_t u = strlen(unit), n = total / u;
    char *s = malloc(n * u + 5);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[n * u] = '\0';
    *len = n * u;
    return s;
}

START_TEST(pinyin_is_linear_on_adversarial_input)
{
    static const char *units[] = {"(", "(a)", "中(", "中(zhōng", "中(a)", "中(zhongzhongzhong"};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t len, out_len;
        char *s = repeat(units[k], MEG, &len);
        govtext_doc *doc = repair_str_len(s, len);
        const char *t = govtext_doc_text(doc, &out_len);
        ck_assert_msg(out_len == len && memcmp(t, s, len) == 0, "unit %s changed", units[k]);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PINYIN), 0);
        govtext_doc_free(doc);
        free(s);
    }
    /* one character glossed a hundred thousand times over: all removed */
    size_t len;
    char *s = repeat("(zhong)", MEG, &len);
    size_t n = len / 7;
    memmove(s + 3, s, len + 1);
    memcpy(s, "中", 3);
    govtext_doc *doc = repair_str_len(s, len + 3);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "中");
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PINYIN), n);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), n);
    govtext_doc_free(doc);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_pinyin");
    TCase *tc = tcase_create("pinyin");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pinyin_removes_every_gloss_of_the_seed_page);
    tcase_add_test(tc, pinyin_removes_icu_converter_glosses_in_every_style);
    tcase_add_test(tc, pinyin_removes_tone_marks_digits_and_toneless_glosses);
    tcase_add_test(tc, pinyin_removes_full_width_and_mixed_parentheses);
    tcase_add_test(tc, pinyin_removes_doubled_glosses_and_glosses_in_names);
    tcase_add_test(tc, pinyin_accepts_every_spelling_of_u_umlaut);
    tcase_add_test(tc, pinyin_keeps_legitimate_parentheses);
    tcase_add_test(tc, pinyin_edit_maps_to_the_source_bytes_of_the_gloss);
    tcase_add_test(tc, pinyin_changes_nothing_without_glosses);
    tcase_add_test(tc, pinyin_is_linear_on_adversarial_input);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
