/* The collection's near-duplicate grouping, through the public API. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

static void feed(govtext_collection *c, const char *text, size_t len)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_int_eq(govtext_doc_load_bytes(doc, text, len, NULL), GOVTEXT_OK);
    ck_assert_int_eq(govtext_collection_add(c, doc), GOVTEXT_OK);
    govtext_doc_free(doc);
}

START_TEST(collection_groups_near_duplicate_documents)
{
    size_t len, hlen;
    char *report = slurp("gwr-2018-excerpt.utf8.txt", &len);
    char *headings = slurp("gov-headings-excerpt.txt", &hlen);
    /* A near copy: the same report with its first line dropped and one
     * sentence changed. */
    char *copy = malloc(len + 64);
    const char *second = strchr(report, '\n') + 1;
    size_t clen = len - (size_t)(second - report);
    memcpy(copy, second, clen);
    memcpy(copy + clen / 2, "（此处有改动）", strlen("（此处有改动）"));

    govtext_collection *c = govtext_collection_new();
    ck_assert_ptr_nonnull(c);
    feed(c, report, len);
    feed(c, headings, hlen);
    feed(c, copy, clen);
    ck_assert_uint_eq(govtext_collection_size(c), 3);

    size_t g;
    ck_assert_int_eq(govtext_collection_group(c, 0, &g), GOVTEXT_OK);
    ck_assert_uint_eq(g, 0);
    ck_assert_int_eq(govtext_collection_group(c, 1, &g), GOVTEXT_OK);
    ck_assert_uint_eq(g, 1); /* a different document: its own group */
    ck_assert_int_eq(govtext_collection_group(c, 2, &g), GOVTEXT_OK);
    ck_assert_uint_eq(g, 0); /* the near copy joins the report's group */

    double r;
    ck_assert_int_eq(govtext_collection_resemblance(c, 0, 2, &r), GOVTEXT_OK);
    ck_assert_msg(r > 0.7 && r <= 1.0, "near copy resemblance %.3f", r);
    ck_assert_int_eq(govtext_collection_resemblance(c, 0, 1, &r), GOVTEXT_OK);
    ck_assert_msg(r < 0.3, "unrelated resemblance %.3f", r);
    ck_assert_int_eq(govtext_collection_resemblance(c, 2, 2, &r), GOVTEXT_OK);
    ck_assert(r == 1.0);

    /* Errors. */
    ck_assert_int_eq(govtext_collection_group(c, 3, &g), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_collection_group(NULL, 0, &g), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_collection_group(c, 0, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_collection_resemblance(c, 0, 9, &r), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_collection_resemblance(c, 0, 1, NULL), GOVTEXT_ERR_INVALID_ARG);

    govtext_collection_free(c);
    free(copy);
    free(report);
    free(headings);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_collection");
    TCase *tc = tcase_create("collection");
    tcase_add_test(tc, collection_groups_near_duplicate_documents);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
