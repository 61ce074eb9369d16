/* The duplicate repair pass (lib/repair/duplicates.c), through the public
 * API: load, repair with only the duplicate pass (or the whole repair), look
 * at the text, the edits and the counters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"
#define ALL_PASSES 0x1FFu
#define ONLY(bits) (ALL_PASSES & ~(uint32_t)(bits))

static govtext_doc *repair(const char *s, size_t len, uint32_t skip)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    govtext_status st = govtext_doc_load_bytes(doc, s, len, &lo);
    ck_assert_msg(st == GOVTEXT_OK, "load: %s", govtext_doc_errmsg(doc));
    govtext_repair_options ro;
    ck_assert_int_eq(govtext_repair_options_init(&ro, sizeof ro), GOVTEXT_OK);
    ro.skip = skip;
    st = govtext_doc_repair(doc, NULL, &ro);
    ck_assert_msg(st == GOVTEXT_OK, "repair: %s", govtext_doc_errmsg(doc));
    return doc;
}

static govtext_doc *dup_only(const char *s)
{
    return repair(s, strlen(s), ONLY(GOVTEXT_REPAIR_DUPLICATE));
}

static size_t count_kind(const govtext_doc *doc, uint32_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++)
        n += get_edit(doc, i).kind == kind;
    return n;
}

/* Text unchanged and no edit. */
static void check_untouched(const char *s)
{
    govtext_doc *doc = dup_only(s);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), s);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_DUPLICATE), 0);
    govtext_doc_free(doc);
}

/* The simplified seed: line 1 is a truncated copy of line 2, without its
 * quotation marks and with 国家 where line 2 has **. */
START_TEST(duplicate_drops_truncated_copy_of_seed_and_keeps_full_paragraph)
{
    size_t len;
    char *s = slurp("seed-excerpt-hans.txt", &len);
    const char *l2 = strchr(s, '\n') + 1;
    govtext_doc *doc = repair(s, len, ONLY(GOVTEXT_REPAIR_DUPLICATE));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), l2);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_DUPLICATE), 1);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 1);
    govtext_edit ed = get_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_DUPLICATE);
    /* the old text is the dropped copy with its newline, in source bytes too */
    ck_assert_uint_eq(ed.old_len, (size_t)(l2 - s));
    ck_assert(memcmp(ed.old_text, s, ed.old_len) == 0);
    ck_assert_uint_eq(ed.src_start, 0);
    ck_assert_uint_eq(ed.src_end, (size_t)(l2 - s));
    ck_assert_uint_eq(ed.text_start, 0);
    ck_assert_uint_eq(ed.text_end, 0);
    ck_assert_uint_eq(ed.new_len, 0);
    ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
    /* the kept text still maps to its source bytes */
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 0, 3, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, (size_t)(l2 - s));
    ck_assert_uint_eq(b, (size_t)(l2 - s) + 3);
    govtext_doc_free(doc);
    free(s);
}
END_TEST

/* The whole repair of the real scraped excerpt (traditional, pinyin, masks):
 * one copy of the first paragraph, the full one with its quotation marks,
 * and ** restored to 国家 from the dropped copy. */
START_TEST(duplicate_whole_repair_of_seed_keeps_quoted_paragraph_and_restores_masks)
{
    size_t len;
    char *s = slurp("seed-excerpt.txt", &len);
    govtext_doc *doc = repair(s, len, 0);
    const char *t = govtext_doc_text(doc, NULL);
    const char *head = "党的十九届四中全会将“创新互联网时代群众工作机制”写入";
    ck_assert_msg(strncmp(t, head, strlen(head)) == 0, "got: %.200s", t);
    ck_assert_ptr_null(strstr(t + 1, "党的十九届四中全会"));
    ck_assert_ptr_null(strstr(t, "**"));
    ck_assert_ptr_nonnull(strstr(t, "推进国家治理体系"));
    ck_assert_ptr_nonnull(strstr(t, "互联网时代国家和社会治理"));
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_DUPLICATE), 1);
    govtext_doc_free(doc);
    free(s);
}
END_TEST

START_TEST(duplicate_drops_copy_after_the_full_paragraph_too)
{
    const char *full = "要继续贯彻对外开放的基本国策，努力开拓国际市场，力争对外贸易和利用外资有所增长。\n";
    const char *cut = "要继续贯彻对外开放的基本国策，努力开拓国际市场，\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s其他段落。\n", full, cut);
    govtext_doc *doc = dup_only(buf);
    char want[1024];
    snprintf(want, sizeof want, "%s其他段落。\n", full);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    ck_assert_uint_eq(count_kind(doc, GOVTEXT_EDIT_DUPLICATE), 1);
    govtext_doc_free(doc);
}
END_TEST

/* A copy that lost its quotation marks and keeps a word the full line
 * masks, with a spliced SEO phrase: still a copy. */
START_TEST(duplicate_ignores_quotes_masks_and_spliced_spam_when_comparing)
{
    const char *in = "石家庄网站建设消息有人说，人大代表的活动是一年等一回，几天人代会，\n"
                     "有人说，人大代表的活动是“一年等一回，几天**会”，“人大代表，会完就了。”意思是说，代表只在开会时才有作用。\n";
    govtext_doc *doc = dup_only(in);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), strchr(in, '\n') + 1);
    govtext_doc_free(doc);
}
END_TEST

/* The kept line lost quotation marks that its dropped copy still has: they
 * come back, each an edit of kind GOVTEXT_EDIT_QUOTE. */
START_TEST(duplicate_restores_quotes_the_kept_line_lost)
{
    const char *in = "有人说，人大代表的活动是“一年等一回，几天人代会”，意思是说，\n"
                     "有人说，人大代表的活动是一年等一回，几天人代会，意思是说，代表只在开会时才有作用。\n";
    govtext_doc *doc = dup_only(in);
    ck_assert_str_eq(govtext_doc_text(doc, NULL),
                     "有人说，人大代表的活动是“一年等一回，几天人代会”，意思是说，代表只在开会时才有作用。\n");
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_DUPLICATE), 1);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_QUOTE), 2);
    ck_assert_uint_eq(count_kind(doc, GOVTEXT_EDIT_QUOTE), 2);
    govtext_edit ed = get_edit(doc, 1);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_QUOTE);
    ck_assert_uint_eq(ed.old_len, 0);
    ck_assert_uint_eq(ed.new_len, 3);
    ck_assert(memcmp(ed.new_text, "“", 3) == 0);
    ck_assert_uint_eq(ed.src_start, ed.src_end);
    govtext_doc_free(doc);
}
END_TEST

/* Legitimate repetition in clean official text stays. */
START_TEST(duplicate_keeps_titles_headings_and_salutations)
{
    /* a communique's title above its first paragraph */
    check_untouched("中国共产党第二十届中央委员会第三次全体会议公报\n"
                    "（2024年7月18日中国共产党第二十届中央委员会第三次全体会议通过）\n"
                    "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。\n");
    /* a title repeated as a heading */
    check_untouched("1955年国务院政府工作报告\n1955年国务院政府工作报告\n各位代表：\n");
    /* a heading that the next paragraph begins with */
    check_untouched("“孩子们成长得更好，是我们最大的心愿”\n"
                    "“孩子们成长得更好，是我们最大的心愿。党和政府要始终关心各族少年儿童，努力为他们提供良好的条件。”\n");
    /* salutations between paragraphs */
    check_untouched("各位代表！\n过去一年，我国经济运行总体平稳。\n各位代表！\n今年是全面贯彻落实党的二十大精神的关键一年。\n各位代表！\n");
    /* rows of a list that differ in a number */
    check_untouched("gwr-1954.txt 1954年国务院政府工作报告 1954 decoded from GBK; the page was saved six times\n"
                    "gwr-1955.txt 1955年国务院政府工作报告 1955 decoded from GBK; the page was saved six times\n");
    /* a photo caption repeated further down */
    check_untouched("12月25日至26日，中共中央政治局召开民主生活会，中共中央总书记习近平主持会议并发表重要讲话。\n"
                    "中共中央政治局于12月25日至26日召开民主生活会。\n会议认为，一年来中央政治局坚持以习近平新时代中国特色社会主义思想为指导。\n"
                    "会议强调，要坚持不懈用党的创新理论武装头脑。\n"
                    "12月25日至26日，中共中央政治局召开民主生活会，中共中央总书记习近平主持会议并发表重要讲话。\n");
}
END_TEST

/* A page saved three times over into one file comes out once. */
START_TEST(duplicate_reduces_a_document_saved_several_times_to_one_copy)
{
    size_t len;
    char *s = slurp("gwr-2018-excerpt.utf8.txt", &len);
    govtext_doc *once = repair(s, len, ONLY(GOVTEXT_REPAIR_DUPLICATE));
    size_t once_len;
    char *want = strdup(govtext_doc_text(once, &once_len));
    govtext_doc_free(once);
    char *triple = malloc(3 * once_len + 1);
    ck_assert_ptr_nonnull(triple);
    for (int k = 0; k < 3; k++)
        memcpy(triple + k * once_len, want, once_len);
    triple[3 * once_len] = '\0';
    govtext_doc *doc = repair(triple, 3 * once_len, ONLY(GOVTEXT_REPAIR_DUPLICATE));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    /* the repeated copies follow each other: one edit removes both */
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_DUPLICATE), 1);
    govtext_edit ed = get_edit(doc, govtext_doc_edit_count(doc) - 1);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_DUPLICATE);
    ck_assert_uint_eq(ed.old_len, 2 * once_len);
    ck_assert_uint_eq(ed.src_start, once_len);
    ck_assert_uint_eq(ed.src_end, 3 * once_len);
    govtext_doc_free(doc);
    free(triple);
    free(want);
    free(s);
}
END_TEST

START_TEST(duplicate_handles_empty_and_unterminated_text)
{
    check_untouched("");
    check_untouched("一行没有换行符的文字");
    govtext_doc *doc = dup_only("继续保持人民币汇率稳定，加强外汇收支管理，\n继续保持人民币汇率稳定，加强外汇收支管理，保持国际收支平衡。");
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "继续保持人民币汇率稳定，加强外汇收支管理，保持国际收支平衡。");
    govtext_doc_free(doc);
}
END_TEST

/* Ten megabytes of the same paragraphs, and a megabyte-long line: linear. */
START_TEST(duplicate_is_linear_on_repeated_paragraphs)
{
    const char *para = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。\n"
                       "着力推动高质量发展，更好统筹发展和安全。\n";
    size_t pl = strlen(para), reps = (10u << 20) / pl;
    char *big = malloc(reps * pl + 1);
    ck_assert_ptr_nonnull(big);
    for (size_t k = 0; k < reps; k++)
        memcpy(big + k * pl, para, pl);
    big[reps * pl] = '\0';
    govtext_doc *doc = repair(big, reps * pl, ONLY(GOVTEXT_REPAIR_DUPLICATE));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), para);
    govtext_doc_free(doc);
    /* one long line of Han text, then the same line cut */
    size_t n = 1u << 20;
    memset(big, 0, n);
    for (size_t k = 0; k + 3 <= n - 4; k += 3)
        memcpy(big + k, "国", 3);
    size_t l = strlen(big);
    big[l] = '\n';
    memcpy(big + l + 1, big, l / 2);
    big[l + 1 + l / 2] = '\0';
    doc = repair(big, strlen(big), ONLY(GOVTEXT_REPAIR_DUPLICATE));
    govtext_doc_free(doc);
    free(big);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("repair_duplicate");
    TCase *tc = tcase_create("duplicate");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, duplicate_drops_truncated_copy_of_seed_and_keeps_full_paragraph);
    tcase_add_test(tc, duplicate_whole_repair_of_seed_keeps_quoted_paragraph_and_restores_masks);
    tcase_add_test(tc, duplicate_drops_copy_after_the_full_paragraph_too);
    tcase_add_test(tc, duplicate_ignores_quotes_masks_and_spliced_spam_when_comparing);
    tcase_add_test(tc, duplicate_restores_quotes_the_kept_line_lost);
    tcase_add_test(tc, duplicate_keeps_titles_headings_and_salutations);
    tcase_add_test(tc, duplicate_reduces_a_document_saved_several_times_to_one_copy);
    tcase_add_test(tc, duplicate_handles_empty_and_unterminated_text);
    tcase_add_test(tc, duplicate_is_linear_on_repeated_paragraphs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
