/* The punctuation repair pass (lib/repair/punct.c), through the public API:
 * load, repair with every other pass skipped, look at the text, the edits
 * and the counters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

static govtext_doc *repair_bytes(const void *bytes, size_t len, const govtext_load_options *lo)
{
    return repair_only(bytes, len, lo, GOVTEXT_REPAIR_PUNCT);
}

static govtext_doc *repair_utf8(const char *s, size_t len)
{
    return repair_only_as(s, len, GOVTEXT_ENC_UTF8, GOVTEXT_REPAIR_PUNCT);
}

static void check_case(const char *in, const char *want)
{
    govtext_doc *doc = repair_utf8(in, strlen(in));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    govtext_doc_free(doc);
}

/* A paragraph whose full stops and commas were all written half-width: the
 * evidence of damage that the context-dependent repairs wait for. */
#define DAMAGED "过去一年,我国经济运行总体平稳.就业形势保持稳定,物价水平基本稳定.\n"
#define REPAIRED "过去一年，我国经济运行总体平稳。就业形势保持稳定，物价水平基本稳定。\n"

/* Writes the full-width marks of `kinds` (UTF-8 of ，。；：！？（）) as their
 * half-width forms, as the damaged pages had them; *n gets the count. */
static char *damage(const char *in, size_t len, const char *const *kinds, size_t nk,
                    size_t *out_len, size_t *n)
{
    static const char *full[] = {"，", "。", "；", "：", "！", "？", "（", "）"};
    static const char half[] = {',', '.', ';', ':', '!', '?', '(', ')'};
    char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    size_t o = 0;
    *n = 0;
    for (size_t i = 0; i < len;) {
        int done = 0;
        for (size_t k = 0; k < nk && !done; k++) {
            for (size_t f = 0; f < 8; f++) {
                if (strcmp(kinds[k], full[f]) != 0 || strncmp(in + i, full[f], 3) != 0)
                    continue;
                out[o++] = half[f];
                i += 3;
                (*n)++;
                done = 1;
                break;
            }
        }
        if (!done)
            out[o++] = in[i++];
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

START_TEST(punct_restores_every_mark_of_a_damaged_report)
{
    size_t len;
    char *in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    static const char *all[] = {"，", "。", "；", "：", "！", "？", "（", "）"};
    static const char *stops[] = {"。"};
    static const char *commas_parens[] = {"，", "（", "）"};
    static const struct {
        const char *const *kinds;
        size_t n;
    } sets[] = {{all, 8}, {stops, 1}, {commas_parens, 3}};
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        size_t dl, n;
        char *d = damage(in, len, sets[s].kinds, sets[s].n, &dl, &n);
        ck_assert_uint_gt(n, 20);
        govtext_doc *doc = repair_utf8(d, dl);
        size_t out_len;
        const char *out = govtext_doc_text(doc, &out_len);
        ck_assert_msg(out_len == len && memcmp(out, in, len) == 0, "set %zu:\n%s", s, out);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PUNCT), n);
        ck_assert_uint_eq(govtext_doc_edit_count(doc), n);
        for (size_t i = 0; i < n; i++) {
            govtext_edit ed = get_edit(doc, i);
            ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_PUNCT);
            ck_assert_str_eq(govtext_edit_kind_name(ed.kind), "punct");
            /* one half-width source byte became three text bytes */
            ck_assert_uint_eq(ed.src_end - ed.src_start, 1);
            ck_assert_uint_eq(ed.old_len, 1);
            ck_assert_int_eq(d[ed.src_start], ed.old_text[0]);
            ck_assert_uint_eq(ed.text_end - ed.text_start, 3);
            ck_assert(memcmp(out + ed.text_start, ed.new_text, 3) == 0);
            ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
        }
        govtext_doc_free(doc);
        free(d);
    }
    free(in);
}
END_TEST

START_TEST(punct_changes_nothing_in_clean_text)
{
    static const char *files[] = {"gwr-2018-excerpt.utf8.txt", "gov-headings-excerpt.txt"};
    for (size_t f = 0; f < 2; f++) {
        size_t len, out_len;
        char *in = slurp(files[f], &len);
        govtext_doc *doc = repair_utf8(in, len);
        const char *out = govtext_doc_text(doc, &out_len);
        ck_assert_msg(out_len == len && memcmp(out, in, len) == 0, "%s changed", files[f]);
        ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PUNCT), 0);
        govtext_doc_free(doc);
        free(in);
    }
    check_case("", "");
}
END_TEST

START_TEST(punct_writes_marks_between_chinese_full_width)
{
    /* the canonical form, without any sign of damage */
    check_case("中国,美国;日本:英国?法国!德国", "中国，美国；日本：英国？法国！德国");
    check_case("“十二五”,“十三五”", "“十二五”，“十三五”");
    check_case("(一)指导思想\n县(处)级以上\n(公开征求意见稿)",
               "（一）指导思想\n县（处）级以上\n（公开征求意见稿）");
    /* "(" needs Han after it, ")" Han before it: the canonical form leaves
     * "(2010-" alone, and so does the pass, lacking damage */
    check_case("(2010-2020年)", "(2010-2020年）");
    /* at a line end, a "!" after Han is no evidence of anything */
    check_case("表示诚挚的感谢!\n各位代表:\n", "表示诚挚的感谢!\n各位代表:\n");
    /* a "." between Han is never a decimal point or an abbreviation */
    check_case("取得新进展.新的一年", "取得新进展。新的一年");
    check_case("故土难离.”驻守在此", "故土难离。”驻守在此");
    check_case("亲人问候.(新华社记者赵亮摄)", "亲人问候。（新华社记者赵亮摄）");
    /* a parenthesis takes the width of its partner */
    check_case("（详见附件1)", "（详见附件1）");
    /* but an opener before a full-width closer only in damaged text: the
     * canonical form of "(2010-2020年)" must stay as it is */
    check_case("(2024年7月18日）", "(2024年7月18日）");
    check_case(DAMAGED "(2024年7月18日）", REPAIRED "（2024年7月18日）");
}
END_TEST

START_TEST(punct_repairs_damage_next_to_digits_and_line_ends)
{
    check_case(DAMAGED "国内生产总值增长10.3%,居民消费价格涨幅3.3%.城镇新增"
                       "就业1168万人,达到2.12.下一步\n"
                       "各位代表!\n(2024年7月18日)\n",
               REPAIRED "国内生产总值增长10.3%，居民消费价格涨幅3.3%。城镇新增"
                        "就业1168万人，达到2.12。下一步\n"
                        "各位代表！\n（2024年7月18日）\n");
    /* a mask or a lost character stands for Chinese */
    check_case(DAMAGED "改革××,健全机制;感谢\xEF\xBF\xBD!向\n",
               REPAIRED "改革××，健全机制；感谢\xEF\xBF\xBD！向\n");
}
END_TEST

START_TEST(punct_keeps_numbers_urls_latin_and_lists)
{
    /* Even in a damaged document. */
    const char *keep = "增长3.5%,10:30召开\n"
                       "详见www.gov.cn/zhengce/index.htm?id=1\n"
                       "He said: \"Hello, world!\" (really).\n"
                       "1.坚持党的领导\n2.坚持优先发展\n"
                       "第1.5节,等等...还有\n"
                       "注:(a)和(b)\n"
                       "比例为1:2\n";
    const char *want = "增长3.5%，10:30召开\n"
                       "详见www.gov.cn/zhengce/index.htm?id=1\n"
                       "He said: \"Hello, world!\" (really).\n"
                       "1.坚持党的领导\n2.坚持优先发展\n"
                       "第1.5节，等等...还有\n"
                       "注：(a)和(b)\n"
                       "比例为1:2\n";
    size_t n = strlen(DAMAGED) + strlen(keep);
    char *in = malloc(n + 1), *out = malloc(strlen(DAMAGED) + strlen(want) + 1);
    ck_assert(in && out);
    strcpy(in, DAMAGED);
    strcat(in, keep);
    govtext_doc *doc = repair_utf8(in, n);
    const char *t = govtext_doc_text(doc, NULL);
    const char *tail = strchr(t, '\n');
    ck_assert_ptr_nonnull(tail);
    ck_assert_str_eq(tail + 1, want);
    govtext_doc_free(doc);
    free(in);
    free(out);
    /* quotation marks are not this pass's business, balanced or not */
    check_case("他说:“要加强\n“十二五\"规划", "他说：“要加强\n“十二五\"规划");
}
END_TEST

START_TEST(punct_edit_maps_to_the_source_byte)
{
    /* GB18030 "中,国(一)": 中 is 2 bytes, "," 1 */
    static const unsigned char gb[] = {0xd6, 0xd0, ',', 0xb9, 0xfa, '(', 0xd2, 0xbb, ')'};
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_GB18030;
    govtext_doc *doc = repair_bytes(gb, sizeof gb, &lo);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "中，国（一）");
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 3);
    static const size_t src[] = {2, 5, 8}, txt[] = {3, 9, 15};
    for (size_t i = 0; i < 3; i++) {
        govtext_edit ed = get_edit(doc, i);
        ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_PUNCT);
        ck_assert_uint_eq(ed.src_start, src[i]);
        ck_assert_uint_eq(ed.src_end, src[i] + 1);
        ck_assert_uint_eq(ed.text_start, txt[i]);
        ck_assert_uint_eq(ed.text_end, txt[i] + 3);
        ck_assert(ed.confidence == 1.0);
    }
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 3, 6, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, 2);
    ck_assert_uint_eq(b, 3);
    govtext_doc_free(doc);
}
END_TEST

#define MEG (1u << 20)

static char *repeat(const char *unit, size_t total, size_t *len)
{
    size_t u = strlen(unit), n = total / u;
    char *s = malloc(n * u + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[n * u] = '\0';
    *len = n * u;
    return s;
}

/* Adversarial input must stay linear: the suite's timeout catches a
 * quadratic blow-up. */
START_TEST(punct_is_linear_on_adversarial_input)
{
    static const struct {
        const char *unit;
        size_t converted_per_unit; /* 0: nothing, 9: not checked */
    } cases[] = {
        {"(", 0},        {")", 0},      {"((((((((((中", 9}, {"中)", 9}, {"（)", 1},
        {"(）", 0},      {"中,", 1},    {"中.", 1},           {"1.", 0}, {"1.1.1.1中.", 9},
        {"...", 0},      {",,", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len;
        char *s = repeat(cases[k].unit, MEG, &len);
        govtext_doc *doc = repair_utf8(s, len);
        uint64_t n = govtext_doc_count(doc, GOVTEXT_COUNT_PUNCT);
        if (cases[k].converted_per_unit != 9)
            ck_assert_msg(n == cases[k].converted_per_unit * (len / strlen(cases[k].unit)) ||
                              n + 1 == cases[k].converted_per_unit * (len / strlen(cases[k].unit)),
                          "unit %s: %llu", cases[k].unit, (unsigned long long)n);
        govtext_doc_free(doc);
        free(s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_punct");
    TCase *tc = tcase_create("punct");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, punct_restores_every_mark_of_a_damaged_report);
    tcase_add_test(tc, punct_changes_nothing_in_clean_text);
    tcase_add_test(tc, punct_writes_marks_between_chinese_full_width);
    tcase_add_test(tc, punct_repairs_damage_next_to_digits_and_line_ends);
    tcase_add_test(tc, punct_keeps_numbers_urls_latin_and_lists);
    tcase_add_test(tc, punct_edit_maps_to_the_source_byte);
    tcase_add_test(tc, punct_is_linear_on_adversarial_input);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
