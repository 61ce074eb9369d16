/* The mask repair pass (lib/repair/mask_restore.c), through the public API:
 * load, repair with the mask pass (and the duplicate pass, whose dropped
 * copies are the mask pass's best evidence), look at the text, the edits,
 * their confidences and the counters; and the collection's evidence. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"
#define ALL_PASSES 0x1FFu
#define ONLY_MASK (ALL_PASSES & ~(uint32_t)GOVTEXT_REPAIR_MASK)
#define DUP_AND_MASK (ALL_PASSES & ~(uint32_t)(GOVTEXT_REPAIR_MASK | GOVTEXT_REPAIR_DUPLICATE))

static govtext_doc *load(const char *s, size_t len)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    govtext_status st = govtext_doc_load_bytes(doc, s, len, &lo);
    ck_assert_msg(st == GOVTEXT_OK, "load: %s", govtext_doc_errmsg(doc));
    return doc;
}

static govtext_doc *repair_full(const char *s, size_t len, uint32_t skip, double threshold,
                                const govtext_collection *coll)
{
    govtext_doc *doc = load(s, len);
    govtext_repair_options ro;
    ck_assert_int_eq(govtext_repair_options_init(&ro, sizeof ro), GOVTEXT_OK);
    ro.skip = skip;
    ro.mask_threshold = threshold;
    govtext_status st = govtext_doc_repair(doc, coll, &ro);
    ck_assert_msg(st == GOVTEXT_OK, "repair: %s", govtext_doc_errmsg(doc));
    return doc;
}

static govtext_doc *mask_only(const char *s)
{
    return repair_full(s, strlen(s), ONLY_MASK, 0.0, NULL);
}

/* The i-th edit of one of the two mask kinds. */
static govtext_edit mask_edit(const govtext_doc *doc, size_t i)
{
    for (size_t k = 0; k < govtext_doc_edit_count(doc); k++) {
        govtext_edit ed = get_edit(doc, k);
        if (ed.kind != GOVTEXT_EDIT_MASK && ed.kind != GOVTEXT_EDIT_MASK_UNRESOLVED)
            continue;
        if (i-- == 0)
            return ed;
    }
    ck_abort_msg("no mask edit %zu", i);
    govtext_edit none;
    memset(&none, 0, sizeof none);
    return none;
}

/* The simplified seed: the dropped truncated copy has 国家 where the full
 * paragraph has **; the third ** has no copy and rests on the model and on
 * the other two. */
START_TEST(mask_restores_seed_from_the_dropped_copy)
{
    size_t len;
    char *s = slurp("seed-excerpt-hans.txt", &len);
    govtext_doc *doc = repair_full(s, len, DUP_AND_MASK, 0.0, NULL);
    const char *t = govtext_doc_text(doc, NULL);
    ck_assert_ptr_null(strstr(t, "**"));
    ck_assert_ptr_nonnull(strstr(t, "制度 推进国家治理体系"));
    ck_assert_ptr_nonnull(strstr(t, "互联网时代国家和社会治理"));
    ck_assert_ptr_nonnull(strstr(t, "保障人民在国家治理中"));
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK), 3);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK_UNRESOLVED), 0);
    govtext_edit ed = mask_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MASK);
    ck_assert_uint_eq(ed.old_len, 2);
    ck_assert(memcmp(ed.old_text, "**", 2) == 0);
    ck_assert_uint_eq(ed.new_len, strlen("国家"));
    ck_assert(memcmp(ed.new_text, "国家", ed.new_len) == 0);
    ck_assert_uint_eq(ed.text_end - ed.text_start, strlen("国家"));
    ck_assert(memcmp(t + ed.text_start, "国家", ed.new_len) == 0);
    ck_assert(memcmp(s + ed.src_start, "**", 2) == 0);
    ck_assert_uint_eq(ed.src_end - ed.src_start, 2);
    /* the copy settles the first two */
    ck_assert(ed.confidence >= 0.9);
    ck_assert(mask_edit(doc, 1).confidence >= 0.9);
    double with_copy = ed.confidence;
    govtext_doc_free(doc);

    /* without the duplicate pass the copy is no evidence: less sure */
    doc = repair_full(s, len, ONLY_MASK, 0.0, NULL);
    ck_assert(mask_edit(doc, 0).confidence < with_copy);
    govtext_doc_free(doc);
    free(s);
}
END_TEST

START_TEST(mask_restores_every_mask_form_from_the_model)
{
    const char *cases[][2] = {
        {"全心全意为**服务。\n", "全心全意为人民服务。\n"},
        {"坚定不移走中国特色××主义道路。\n", "坚定不移走中国特色社会主义道路。\n"},
        {"十四届全国＊＊二次会议在北京召开。\n", "十四届全国人大二次会议在北京召开。\n"},
        {"深化XX开放，推动高质量发展。\n", "深化改革开放，推动高质量发展。\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        govtext_doc *doc = mask_only(cases[i][0]);
        ck_assert_str_eq(govtext_doc_text(doc, NULL), cases[i][1]);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK), 1);
        govtext_edit ed = mask_edit(doc, 0);
        ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MASK);
        ck_assert(ed.confidence >= 0.5 && ed.confidence <= 1.0);
        govtext_doc_free(doc);
    }
}
END_TEST

/* Below the threshold the mask stays and is reported: old and new text are
 * both the mask. */
START_TEST(mask_below_threshold_is_reported_unresolved_and_text_kept)
{
    const char *in = "必须坚持□□的全面领导。\n";
    govtext_doc *doc = mask_only(in);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), in);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK), 0);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK_UNRESOLVED), 1);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 1);
    govtext_edit ed = mask_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MASK_UNRESOLVED);
    ck_assert_uint_eq(ed.old_len, strlen("□□"));
    ck_assert_uint_eq(ed.new_len, strlen("□□"));
    ck_assert(memcmp(ed.old_text, "□□", ed.old_len) == 0);
    ck_assert(memcmp(ed.new_text, "□□", ed.new_len) == 0);
    ck_assert_uint_eq(ed.text_start, strlen("必须坚持"));
    ck_assert_uint_eq(ed.text_end, strlen("必须坚持□□"));
    ck_assert_uint_eq(ed.src_start, strlen("必须坚持"));
    ck_assert_uint_eq(ed.src_end, strlen("必须坚持□□"));
    ck_assert(ed.confidence < 0.5);
    /* the text around it still maps one to one */
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 0, 3, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(b, 3);
    govtext_doc_free(doc);

    /* the option decides: a restoration at 0.5..0.9 is left at 0.95 */
    const char *mid = "坚持以XX为中心的发展思想。\n";
    doc = repair_full(mid, strlen(mid), ONLY_MASK, 0.0, NULL);
    double conf = mask_edit(doc, 0).confidence;
    govtext_doc_free(doc);
    ck_assert(conf >= 0.5 && conf < 0.95);
    doc = repair_full(mid, strlen(mid), ONLY_MASK, 0.95, NULL);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), mid);
    ck_assert_uint_eq(mask_edit(doc, 0).kind, GOVTEXT_EDIT_MASK_UNRESOLVED);
    govtext_doc_free(doc);
}
END_TEST

/* Runs of those characters that are not masks. */
START_TEST(mask_leaves_false_masks_alone)
{
    const char *clean[] = {
        "不断壮大“4×4”现代化产业体系。\n",
        "深入实施“数据要素×”行动。\n",
        "尺码XXL的服装，MAXX品牌。\n",
        "计算3××4的结果。\n",
        "**一、总体要求**\n",
        "******\n",
        "* * *\n",
        "□是 □否\n",
        "a ** b = c\n",
        "字库未存字注释：\n＠①原字石右加安\n",
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        govtext_doc *doc = mask_only(clean[i]);
        ck_assert_str_eq(govtext_doc_text(doc, NULL), clean[i]);
        ck_assert_msg(govtext_doc_edit_count(doc) == 0, "edits in %s", clean[i]);
        govtext_doc_free(doc);
    }
}
END_TEST

/* The rest of the document: the same context with the word unmasked. */
START_TEST(mask_uses_an_unmasked_occurrence_elsewhere_in_the_document)
{
    const char *alone = "推进□□治理体系和治理能力现代化。\n";
    govtext_doc *doc = mask_only(alone);
    double before = mask_edit(doc, 0).confidence;
    govtext_doc_free(doc);
    const char *in = "推进□□治理体系和治理能力现代化。\n"
                     "全会提出，推进国家治理体系和治理能力现代化，是全面深化改革的总目标。\n";
    doc = mask_only(in);
    ck_assert_ptr_nonnull(strstr(govtext_doc_text(doc, NULL), "推进国家治理体系和治理能力现代化。\n全会"));
    ck_assert(mask_edit(doc, 0).confidence > before);
    govtext_doc_free(doc);
}
END_TEST

/* A censor masks the same word again and again: each mask supports the
 * others. */
START_TEST(mask_masks_of_a_document_support_each_other)
{
    const char *one = "坚持以XX为中心的发展思想。\n";
    govtext_doc *doc = mask_only(one);
    double alone = mask_edit(doc, 0).confidence;
    govtext_doc_free(doc);
    const char *many = "坚持以XX为中心的发展思想。\n全心全意为XX服务。\n"
                       "XX代表大会制度是根本政治制度。\n尊重XX主体地位。\n";
    doc = mask_only(many);
    govtext_edit ed = mask_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MASK);
    ck_assert(memcmp(ed.new_text, "人民", ed.new_len) == 0);
    ck_assert(ed.confidence > alone);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK) +
                          govtext_doc_count(doc, GOVTEXT_COUNT_MASK_UNRESOLVED),
                      4);
    govtext_doc_free(doc);
}
END_TEST

/* Other documents of the collection show the word in the mask's context. */
START_TEST(mask_uses_collection_evidence)
{
    const char *in = "据悉，甲乙丙丁□□戊己庚辛都参加了会议。\n";
    govtext_doc *doc = mask_only(in);
    govtext_edit ed = mask_edit(doc, 0);
    int had = ed.kind == GOVTEXT_EDIT_MASK && memcmp(ed.new_text, "群众", 6) == 0;
    govtext_doc_free(doc);
    ck_assert(!had);

    govtext_collection *c = govtext_collection_new();
    ck_assert_ptr_nonnull(c);
    const char *others[] = {"报道说，甲乙丙丁群众戊己庚辛都很满意。\n", "会上，甲乙丙丁群众戊己庚辛发了言。\n",
                            "此前甲乙丙丁群众戊己庚辛提出了建议。\n"};
    for (size_t i = 0; i < 3; i++) {
        govtext_doc *o = load(others[i], strlen(others[i]));
        ck_assert_int_eq(govtext_collection_add(c, o), GOVTEXT_OK);
        govtext_doc_free(o);
    }
    doc = repair_full(in, strlen(in), ONLY_MASK, 0.0, c);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "据悉，甲乙丙丁群众戊己庚辛都参加了会议。\n");
    govtext_doc_free(doc);
    govtext_collection_free(c);
}
END_TEST

/* A megabyte of '*' and a document that repeats masked sentences: linear. */
START_TEST(mask_is_linear_on_adversarial_input)
{
    size_t n = 1u << 20;
    char *big = malloc(4 * n + 64);
    ck_assert_ptr_nonnull(big);
    strcpy(big, "坚持");
    memset(big + strlen(big), '*', n);
    strcpy(big + strlen("坚持") + n, "领导。\n");
    govtext_doc *doc = mask_only(big);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MASK) +
                          govtext_doc_count(doc, GOVTEXT_COUNT_MASK_UNRESOLVED),
                      1);
    govtext_doc_free(doc);

    const char *sent = "全心全意为**服务。";
    size_t sl = strlen(sent), k = 0;
    while (k + sl + 1 <= 4 * n) {
        memcpy(big + k, sent, sl);
        k += sl;
        if ((k / sl) % 10 == 0)
            big[k++] = '\n';
    }
    big[k++] = '\n';
    big[k] = '\0';
    doc = mask_only(big);
    ck_assert_ptr_null(strstr(govtext_doc_text(doc, NULL), "**"));
    govtext_doc_free(doc);
    free(big);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("repair_mask");
    TCase *tc = tcase_create("mask");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mask_restores_seed_from_the_dropped_copy);
    tcase_add_test(tc, mask_restores_every_mask_form_from_the_model);
    tcase_add_test(tc, mask_below_threshold_is_reported_unresolved_and_text_kept);
    tcase_add_test(tc, mask_leaves_false_masks_alone);
    tcase_add_test(tc, mask_uses_an_unmasked_occurrence_elsewhere_in_the_document);
    tcase_add_test(tc, mask_masks_of_a_document_support_each_other);
    tcase_add_test(tc, mask_uses_collection_evidence);
    tcase_add_test(tc, mask_is_linear_on_adversarial_input);
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
