/* The spam repair pass (lib/repair/spam_filter.c), through the public API:
 * load, repair with only the spam pass, look at the text, the edits and the
 * counters; and the collection's boilerplate evidence. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define ALL_PASSES 0x1FFu
#define ONLY_SPAM (ALL_PASSES & ~(uint32_t)GOVTEXT_REPAIR_SPAM)

static govtext_doc *load(const char *s)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    govtext_status st = govtext_doc_load_bytes(doc, s, strlen(s), &lo);
    ck_assert_msg(st == GOVTEXT_OK, "load: %s", govtext_doc_errmsg(doc));
    return doc;
}

static govtext_doc *spam_only_with(const char *s, const govtext_collection *coll)
{
    govtext_doc *doc = load(s);
    govtext_repair_options ro;
    ck_assert_int_eq(govtext_repair_options_init(&ro, sizeof ro), GOVTEXT_OK);
    ro.skip = ONLY_SPAM;
    govtext_status st = govtext_doc_repair(doc, coll, &ro);
    ck_assert_msg(st == GOVTEXT_OK, "repair: %s", govtext_doc_errmsg(doc));
    return doc;
}

static void check_case(const char *in, const char *want, uint64_t removals)
{
    govtext_doc *doc = spam_only_with(in, NULL);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SPAM), removals);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), removals);
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed = get_edit(doc, i);
        ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_SPAM);
        ck_assert_uint_eq(ed.new_len, 0);
        ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
    }
    govtext_doc_free(doc);
}

#define BODY "面对互联网空间内各种复杂性社会问题和群众的多元化需求，领导干部需要培养融合、连接以及有效判定各种社会利益冲突的能力。\n"

/* The seed's phrase, simplified and as scraped (traditional). */
START_TEST(spam_removes_seo_phrase_at_paragraph_start)
{
    check_case("石家庄网站建设消息" BODY, BODY, 1);
    check_case("石家莊網站建設消息" BODY, BODY, 1);
    govtext_doc *doc = spam_only_with("石家庄网站建设消息" BODY, NULL);
    govtext_edit ed = get_edit(doc, 0);
    ck_assert_uint_eq(ed.src_start, 0);
    ck_assert_uint_eq(ed.src_end, strlen("石家庄网站建设消息"));
    ck_assert_uint_eq(ed.old_len, strlen("石家庄网站建设消息"));
    ck_assert(memcmp(ed.old_text, "石家庄网站建设消息", ed.old_len) == 0);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(spam_removes_phrases_after_a_clause_and_of_every_kind)
{
    check_case("信息技术在传统产业中得到广泛的应用，海口SEO优化动态这是与政府和企业的努力分不开的。\n",
               "信息技术在传统产业中得到广泛的应用，这是与政府和企业的努力分不开的。\n", 1);
    check_case("要靠改革，深圳ＳＥＯ優化要靠开放。\n", "要靠改革，要靠开放。\n", 1);
    check_case("呼和浩特响应式网站知识加快建设。\n", "加快建设。\n", 1);
    check_case("保定小程序开发资讯推进改革。南充APP开发继续推进。\n", "推进改革。继续推进。\n", 2);
    check_case("泉州做网站行业新闻深化改革。\n", "深化改革。\n", 1);
}
END_TEST

START_TEST(spam_removes_advertising_contact_and_share_lines)
{
    check_case("第一段。\n【保定APP开发】星辰建站为您提供一站式服务\n第二段。\n", "第一段。\n第二段。\n", 1);
    check_case("第一段。\n分享到：微信 微博 QQ空间\n", "第一段。\n", 1);
    check_case("第一段。\n本文来源：常州网页设计公司，转载请注明出处。\n", "第一段。\n", 1);
    check_case("第一段。\n中山网络推广找云端网络,专业网络推广十年,咨询热线:354-83864729\n", "第一段。\n", 1);
    check_case("第一段。\n上一篇：深圳网站建设需要注意哪些问题 下一篇：深圳网站建设的流程\n", "第一段。\n", 1);
    check_case("第一段。\n文章来源：易网信息（深圳网站建设）\n", "第一段。\n", 1);
    check_case("杭州网站制作新闻\n第一段。\n", "第一段。\n", 1);
    check_case("第一段。\n【字体：大 中 小】\n（责任编辑： 郭桢 ）\n", "第一段。\n", 2);
}
END_TEST

/* Place names, 网络 and source lines in clean official text stay. */
START_TEST(spam_keeps_legitimate_text)
{
    const char *clean[] = {
        "北京市人民政府关于加强网络安全工作的通知\n",
        "石家庄市、保定市要加快推进政府网站建设，提升网络推广政务服务的能力。\n",
        "（来源：新华社）\n",
        "来源：人民网\n",
        "2019年11月01日07:20 来源：人民网－人民日报\n",
        "加强上海网络安全保障，推进中山大学附属医院建设。\n",
        "互联网时代的网民，也不再是过去处于某一特定组织的“人民”。网络对社会成员进行了“再组织化”。\n",
        "周咏南：我很高兴接受中央党校的采访，很愿意分享参与习书记活动报道的珍贵片段。\n",
        "时间：2026-02-09\n",
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++)
        check_case(clean[i], clean[i], 0);
}
END_TEST

static void add_doc(govtext_collection *c, const char *s)
{
    govtext_doc *doc = load(s);
    ck_assert_int_eq(govtext_collection_add(c, doc), GOVTEXT_OK);
    govtext_doc_free(doc);
}

/* Navigation that repeats across a collection goes; a salutation and a
 * title that also repeat stay. */
START_TEST(spam_removes_collection_boilerplate_but_keeps_repeated_content)
{
    govtext_collection *c = govtext_collection_new();
    ck_assert_ptr_nonnull(c);
    const char *nav = "首页 | 新闻中心 | 政务公开 | 办事服务\n";
    const char *foot = "版权所有：某某市人民政府办公室 地址：某某路1号\n";
    const char *bodies[] = {"过去一年，我国经济运行总体平稳。\n", "今年发展的主要预期目标是：国内生产总值增长5%左右。\n",
                            "坚持以人民为中心的发展思想。\n", "深化重点领域改革。\n"};
    for (size_t i = 0; i < 4; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s政府工作报告\n各位代表！\n%s%s", nav, bodies[i], foot);
        add_doc(c, buf);
    }
    ck_assert_uint_eq(govtext_collection_size(c), 4);
    ck_assert_str_eq(govtext_collection_errmsg(c), "");
    char in[1024];
    snprintf(in, sizeof in, "%s政府工作报告\n各位代表！\n%s%s", nav, bodies[0], foot);
    govtext_doc *doc = spam_only_with(in, c);
    char want[1024];
    snprintf(want, sizeof want, "政府工作报告\n各位代表！\n%s", bodies[0]);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SPAM), 2);
    govtext_doc_free(doc);
    /* without the collection the navigation is not known to be boilerplate */
    doc = spam_only_with(in, NULL);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), in);
    govtext_doc_free(doc);
    govtext_collection_free(c);
}
END_TEST

START_TEST(spam_collection_api_errors)
{
    govtext_collection_free(NULL);
    ck_assert_uint_eq(govtext_collection_size(NULL), 0);
    ck_assert_ptr_nonnull(govtext_collection_errmsg(NULL));
    govtext_collection *c = govtext_collection_new();
    ck_assert_int_eq(govtext_collection_add(NULL, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_collection_add(c, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_str_ne(govtext_collection_errmsg(c), "");
    govtext_doc *empty = govtext_doc_new();
    ck_assert_int_eq(govtext_collection_add(c, empty), GOVTEXT_OK);
    ck_assert_str_eq(govtext_collection_errmsg(c), "");
    ck_assert_uint_eq(govtext_collection_size(c), 1);
    govtext_doc_free(empty);
    govtext_collection_free(c);
}
END_TEST

START_TEST(spam_is_linear_on_long_lines)
{
    /* a megabyte of place names that never complete a phrase, and one line
     * of phrases */
    size_t n = 1u << 20;
    char *big = malloc(n + 64);
    ck_assert_ptr_nonnull(big);
    size_t k = 0;
    while (k + 9 <= n) {
        memcpy(big + k, "石家庄", 9);
        k += 9;
    }
    big[k++] = '\n';
    big[k] = '\0';
    govtext_doc *doc = spam_only_with(big, NULL);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_SPAM), 0);
    govtext_doc_free(doc);
    k = 0;
    while (k + 27 <= n) {
        memcpy(big + k, "石家庄网站建设消息", 27);
        k += 27;
    }
    big[k++] = '\n';
    big[k] = '\0';
    doc = spam_only_with(big, NULL);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "");
    govtext_doc_free(doc);
    free(big);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("repair_spam");
    TCase *tc = tcase_create("spam");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, spam_removes_seo_phrase_at_paragraph_start);
    tcase_add_test(tc, spam_removes_phrases_after_a_clause_and_of_every_kind);
    tcase_add_test(tc, spam_removes_advertising_contact_and_share_lines);
    tcase_add_test(tc, spam_keeps_legitimate_text);
    tcase_add_test(tc, spam_removes_collection_boilerplate_but_keeps_repeated_content);
    tcase_add_test(tc, spam_collection_api_errors);
    tcase_add_test(tc, spam_is_linear_on_long_lines);
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
