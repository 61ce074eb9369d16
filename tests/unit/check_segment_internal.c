/* Internals of segmentation that the public API cannot see: the lookup
 * tables of character classes agree with the functions they stand in for,
 * and the trie placed by weight finds every word and nothing else. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "segment/char_class.h"
#include "segment/trie.h"

START_TEST(class_table_agrees_with_char_class_everywhere)
{
    gt_class_table *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    gt_class_table_init(t);
    /* One assertion per disagreement, not per code point: Check reports
     * each assertion to its parent process. */
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue; /* surrogates never reach the segmenter */
        if (gt_class_of(t, cp) != gt_char_class(cp))
            ck_abort_msg("class of U+%04X", cp);
        if (gt_class_translit(t, cp) != gt_char_is_transliteration(cp))
            ck_abort_msg("transliteration flag of U+%04X", cp);
        if (gt_class_function_word(t, cp) != gt_char_is_function_word(cp))
            ck_abort_msg("function word flag of U+%04X", cp);
    }
    /* Spot checks that the tables are not all empty. */
    ck_assert_uint_eq(gt_class_of(t, 0x4E09 /* 三 */), GT_CC_HAN | GT_CC_CNUM);
    ck_assert_uint_eq(gt_class_of(t, 0x653F /* 政 */), GT_CC_HAN);
    ck_assert(gt_class_translit(t, 0x65AF /* 斯 */));
    ck_assert(gt_class_function_word(t, 0x7684 /* 的 */));
    ck_assert(gt_class_of(t, 0x3002 /* 。 */) & GT_CC_HARD);
    ck_assert(gt_class_of(t, 0xFF0C /* ， */) & GT_CC_HARD);
    free(t);
}
END_TEST

/* Keys as id sequences, sorted: 1, 1 2, 1 2 3, 2, 2 5, 3 1, 7. */
static const uint32_t keys[] = {1, 1, 2, 1, 2, 3, 2, 2, 5, 3, 1, 7};
static const uint32_t starts[] = {0, 1, 3, 6, 7, 9, 11, 12};
#define N_KEYS 7

static int32_t find_ids(const gt_trie *t, const uint32_t *ids, size_t n)
{
    int32_t s = 0;
    for (size_t i = 0; i < n; i++)
        if ((s = gt_trie_step(t, s, ids[i])) < 0)
            return -1;
    return gt_trie_word(t, s);
}

START_TEST(trie_placed_by_weight_finds_every_key_and_no_other)
{
    /* The light keys first, then the same keys with the last ones
     * heaviest: both arrays must answer alike. */
    const uint32_t none[N_KEYS] = {0};
    const uint32_t heavy_last[N_KEYS] = {0, 0, 0, 0, 0, 1000, 100000};
    const uint32_t *weights[] = {NULL, none, heavy_last};
    int32_t front[3];
    for (int v = 0; v < 3; v++) {
        gt_da_node *nodes;
        uint32_t n_nodes;
        ck_assert_int_eq(gt_trie_build(keys, starts, weights[v], N_KEYS, &nodes, &n_nodes), 0);
        gt_trie t = {0};
        t.nodes = nodes;
        t.n_nodes = n_nodes;
        t.n_words = N_KEYS;
        for (uint32_t k = 0; k < N_KEYS; k++)
            ck_assert_int_eq(find_ids(&t, keys + starts[k], starts[k + 1] - starts[k]), (int32_t)k);
        const uint32_t absent[][3] = {{1, 3, 0}, {2, 1, 0}, {3, 0, 0}, {1, 2, 4}, {7, 7, 0}};
        const size_t absent_len[] = {2, 2, 1, 3, 2};
        for (size_t a = 0; a < 5; a++)
            ck_assert_int_eq(find_ids(&t, absent[a], absent_len[a]), -1);
        ck_assert_int_eq(find_ids(&t, (const uint32_t[]){1, 2, 3, 1}, 4), -1);
        /* Where the children of key "3" (that is, "3 1") went. */
        front[v] = gt_trie_step(&t, gt_trie_step(&t, 0, 3), 1);
        free(nodes);
    }
    /* Weighted, the heavy key's node is placed before its weightless place. */
    ck_assert_int_lt(front[2], front[1]);
    ck_assert_int_eq(front[0], front[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("segment_internal");
    TCase *tc = tcase_create("all");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, class_table_agrees_with_char_class_everywhere);
    tcase_add_test(tc, trie_placed_by_weight_finds_every_key_and_no_other);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
