/* The offset map and the small helpers under lib/common. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "core/offset_map.h"

static void range(const gt_map *m, size_t a, size_t b, size_t ea, size_t eb)
{
    size_t sa, sb;
    gt_map_range(m, a, b, &sa, &sb);
    ck_assert_msg(sa == ea && sb == eb, "[%zu,%zu) -> [%zu,%zu), expected [%zu,%zu)", a, b, sa,
                  sb, ea, eb);
}

START_TEST(map_identity_maps_every_range_to_itself)
{
    gt_map m;
    gt_map_init(&m);
    ck_assert_int_eq(gt_map_identity(&m, 10), 0);
    range(&m, 0, 10, 0, 10);
    range(&m, 3, 7, 3, 7);
    range(&m, 4, 4, 4, 4);
    range(&m, 10, 10, 10, 10);
    gt_map_release(&m);
}
END_TEST

START_TEST(map_units_map_whole_characters)
{
    /* "ab" (1:1) then three Han characters from GBK (3 text : 2 source). */
    gt_map m;
    gt_map_init(&m);
    ck_assert_int_eq(gt_map_add(&m, 0, 1, 1, 2), 0);
    ck_assert_int_eq(gt_map_add(&m, 2, 3, 2, 1), 0);
    ck_assert_int_eq(gt_map_add(&m, 4, 3, 2, 2), 0); /* merges with the previous */
    m.src_len = 8;
    ck_assert_uint_eq(m.n, 2);
    ck_assert_uint_eq(m.text_len, 11);
    range(&m, 2, 5, 2, 4);
    range(&m, 5, 11, 4, 8);
    range(&m, 3, 4, 2, 4); /* inside a character: the whole character */
    range(&m, 1, 8, 1, 6);
    gt_map_release(&m);
}
END_TEST

START_TEST(map_removal_leaves_a_gap_and_insertion_maps_to_a_point)
{
    /* source "a\r\nb" -> text "a\nb" as: a (1:1), "\n" from "\r\n" (1:2), b. */
    gt_map m;
    gt_map_init(&m);
    gt_map_add(&m, 0, 1, 1, 1);
    gt_map_add(&m, 1, 1, 2, 1);
    gt_map_add(&m, 3, 1, 1, 1);
    m.src_len = 4;
    range(&m, 1, 2, 1, 3);
    range(&m, 2, 3, 3, 4);
    gt_map_release(&m);

    /* An inserted "XY" (su = 0) between "a" and "b". */
    gt_map_init(&m);
    gt_map_add(&m, 0, 1, 1, 1);
    gt_map_add(&m, 1, 2, 0, 1);
    gt_map_add(&m, 1, 1, 1, 1);
    m.src_len = 2;
    range(&m, 1, 3, 1, 1);
    range(&m, 0, 4, 0, 2);
    gt_map_release(&m);
}
END_TEST

START_TEST(map_compose_follows_both_maps)
{
    /* inner: GBK "中" (2 bytes) + "\r\n" + "国": text "中\r\n国" = 3+2+3 */
    gt_map inner, outer, out;
    gt_map_init(&inner);
    gt_map_init(&outer);
    gt_map_init(&out);
    gt_map_add(&inner, 0, 3, 2, 1);
    gt_map_add(&inner, 2, 1, 1, 2);
    gt_map_add(&inner, 4, 3, 2, 1);
    inner.src_len = 6;
    /* outer: CRLF -> LF over the text: "中" copy, "\n" from "\r\n", "国" copy */
    gt_map_add(&outer, 0, 1, 1, 3);
    gt_map_add(&outer, 3, 1, 2, 1);
    gt_map_add(&outer, 5, 1, 1, 3);
    outer.src_len = inner.text_len;
    ck_assert_int_eq(gt_map_compose(&out, &outer, &inner), 0);
    ck_assert_uint_eq(out.text_len, 7);
    range(&out, 0, 3, 0, 2);
    range(&out, 3, 4, 2, 4);
    range(&out, 4, 7, 4, 6);
    range(&out, 1, 2, 0, 2); /* a byte inside 中 still maps to all of it */
    gt_map_release(&inner);
    gt_map_release(&outer);
    gt_map_release(&out);
}
END_TEST

START_TEST(map_compose_of_a_copy_inside_a_unit_keeps_the_unit)
{
    /* inner: one replaced unit of 6 text bytes from 2 source bytes; the
     * outer pass copies only bytes 2..4 of it. */
    gt_map inner, outer, out;
    gt_map_init(&inner);
    gt_map_init(&outer);
    gt_map_init(&out);
    gt_map_add(&inner, 10, 6, 2, 1);
    inner.src_len = 12;
    gt_map_add(&outer, 2, 1, 1, 2);
    outer.src_len = 6;
    ck_assert_int_eq(gt_map_compose(&out, &outer, &inner), 0);
    range(&out, 0, 2, 10, 12);
    range(&out, 1, 2, 10, 12);
    gt_map_release(&inner);
    gt_map_release(&outer);
    gt_map_release(&out);
}
END_TEST

START_TEST(map_inverse_finds_the_output_position)
{
    gt_map m;
    gt_map_init(&m);
    gt_map_add(&m, 0, 1, 1, 3);  /* text 0..3 <- input 0..3 */
    gt_map_add(&m, 5, 1, 1, 4);  /* input 3..5 removed; text 3..7 <- 5..9 */
    m.src_len = 9;
    ck_assert_uint_eq(gt_map_inverse(&m, 0), 0);
    ck_assert_uint_eq(gt_map_inverse(&m, 2), 2);
    ck_assert_uint_eq(gt_map_inverse(&m, 4), 3);
    ck_assert_uint_eq(gt_map_inverse(&m, 6), 4);
    ck_assert_uint_eq(gt_map_inverse(&m, 9), 7);
    gt_map_release(&m);
}
END_TEST

START_TEST(utf8_validate_rejects_overlongs_surrogates_and_truncation)
{
    ck_assert_uint_eq(gt_utf8_validate("abc", 3), 3);
    ck_assert_uint_eq(gt_utf8_validate("\xE4\xB8\xAD", 3), 3);
    ck_assert_uint_eq(gt_utf8_validate("a\xC0\x80", 3), 1);     /* overlong NUL */
    ck_assert_uint_eq(gt_utf8_validate("\xED\xA0\x80", 3), 0);  /* surrogate */
    ck_assert_uint_eq(gt_utf8_validate("ab\xE4\xB8", 4), 2);    /* truncated */
    ck_assert_uint_eq(gt_utf8_validate("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    ck_assert_uint_eq(gt_utf8_validate("\xF0\x9F\x98\x80", 4), 4);
    char out[4];
    ck_assert_uint_eq(gt_utf8_encode(0x4E2D, out), 3);
    ck_assert_mem_eq(out, "\xE4\xB8\xAD", 3);
    uint32_t cp;
    ck_assert_uint_eq(gt_utf8_next("\xF0\x9F\x98\x80", 4, 0, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
}
END_TEST

/* The first ill-formed offset by Unicode's table 3-7 of well-formed
 * byte sequences, byte by byte: the reference the fast paths of
 * gt_utf8_validate are held to. */
static size_t table_3_7(const unsigned char *s, size_t len)
{
    static const struct {
        unsigned char lead_lo, lead_hi, n, lo, hi;
    } rows[] = {{0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF},
                {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
                {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
                {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF},
                {0xF4, 0xF4, 4, 0x80, 0x8F}};
    size_t i = 0;
    while (i < len) {
        size_t r = 0;
        while (r < sizeof rows / sizeof rows[0] && !(s[i] >= rows[r].lead_lo && s[i] <= rows[r].lead_hi))
            r++;
        if (r == sizeof rows / sizeof rows[0] || len - i < rows[r].n)
            return i;
        if (rows[r].n > 1 && (s[i + 1] < rows[r].lo || s[i + 1] > rows[r].hi))
            return i;
        for (size_t k = 2; k < rows[r].n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += rows[r].n;
    }
    return len;
}

START_TEST(utf8_validate_fast_paths_agree_with_the_table)
{
    /* Every three-byte lead with boundary second and third bytes, after
     * 0..9 ASCII bytes (so that it meets the eight-byte ASCII step at
     * every alignment), then random byte strings biased to leads and
     * continuation bytes. */
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                         0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF};
    unsigned char buf[64];
    for (size_t pre = 0; pre < 10; pre++)
        for (unsigned lead = 0xC0; lead <= 0xFF; lead++)
            for (size_t a = 0; a < sizeof edge; a++)
                for (size_t b = 0; b < sizeof edge; b++) {
                    memset(buf, 'x', pre);
                    buf[pre] = (unsigned char)lead;
                    buf[pre + 1] = edge[a];
                    buf[pre + 2] = edge[b];
                    for (size_t n = pre + 1; n <= pre + 3; n++)
                        ck_assert_uint_eq(gt_utf8_validate((const char *)buf, n),
                                          table_3_7(buf, n));
                }
    static const unsigned char pool[] = {'a', ' ', 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF,
                                         0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xB8};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int t = 0; t < 200000; t++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = (size_t)(x % sizeof buf);
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* Mostly whole CJK characters and ASCII, so that failures
             * come late in the string as well as early. */
            if ((x & 3) != 0 && k + 3 <= n) {
                buf[k] = 0xE4, buf[k + 1] = (unsigned char)(0x80 | (x >> 8 & 0x3F));
                buf[k + 2] = (unsigned char)(0x80 | (x >> 16 & 0x3F));
                k += 2;
            } else {
                buf[k] = pool[(x >> 24) % sizeof pool];
            }
        }
        ck_assert_uint_eq(gt_utf8_validate((const char *)buf, n), table_3_7(buf, n));
    }
}
END_TEST

START_TEST(buf_grows_and_detaches_terminated)
{
    gt_buf b;
    gt_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(gt_buf_append(&b, "xy", 2), 0);
    size_t len;
    char *p = gt_buf_detach(&b, &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, 2000);
    ck_assert_int_eq(p[2000], '\0');
    ck_assert_ptr_null(b.data);
    free(p);
    /* An impossible reservation fails cleanly. */
    ck_assert_int_eq(gt_buf_reserve(&b, SIZE_MAX - 1), -1);
    gt_buf_release(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, map_identity_maps_every_range_to_itself);
    tcase_add_test(tc, map_units_map_whole_characters);
    tcase_add_test(tc, map_removal_leaves_a_gap_and_insertion_maps_to_a_point);
    tcase_add_test(tc, map_compose_follows_both_maps);
    tcase_add_test(tc, map_compose_of_a_copy_inside_a_unit_keeps_the_unit);
    tcase_add_test(tc, map_inverse_finds_the_output_position);
    tcase_add_test(tc, utf8_validate_rejects_overlongs_surrogates_and_truncation);
    tcase_add_test(tc, utf8_validate_fast_paths_agree_with_the_table);
    tcase_add_test(tc, buf_grows_and_detaches_terminated);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
