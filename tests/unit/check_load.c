/* Loading: detection, decoding, normalisation, the offset map and every
 * error path of the load API. */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/ucnv.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

static govtext_edit edit_init(void)
{
    govtext_edit ed;
    memset(&ed, 0, sizeof ed);
    ed.struct_size = sizeof ed;
    return ed;
}

static govtext_doc *load(const void *bytes, size_t len, const govtext_load_options *o)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_ptr_nonnull(doc);
    govtext_status st = govtext_doc_load_bytes(doc, bytes, len, o);
    ck_assert_msg(st == GOVTEXT_OK, "load failed: %s: %s", govtext_status_name(st),
                  govtext_doc_errmsg(doc));
    ck_assert_str_eq(govtext_doc_errmsg(doc), "");
    return doc;
}

static void assert_text(const govtext_doc *doc, const char *expect, size_t expect_len)
{
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(len == expect_len && memcmp(t, expect, len) == 0,
                  "text differs (%zu vs %zu bytes): got '%.*s'", len, expect_len,
                  (int)(len < 200 ? len : 200), t);
    ck_assert_int_eq(t[len], '\0');
}

/* Every character of the text maps to source bytes that decode, in enc, to
 * that same character. */
static void assert_map_exact(const govtext_doc *doc, const char *icu_name)
{
    size_t len, slen;
    const char *t = govtext_doc_text(doc, &len);
    const char *src = govtext_doc_source(doc, &slen);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(icu_name, &e);
    ck_assert(U_SUCCESS(e));
    size_t i = 0, prev_end = 0;
    while (i < len) {
        size_t n = 1;
        unsigned char c = (unsigned char)t[i];
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0xC0)
            n = 2;
        size_t a, b;
        ck_assert_int_eq(govtext_doc_map_to_source(doc, i, i + n, &a, &b), GOVTEXT_OK);
        ck_assert_uint_le(prev_end, a);
        ck_assert_uint_le(b, slen);
        char u8[16];
        e = U_ZERO_ERROR;
        ucnv_reset(cnv);
        int32_t m = ucnv_toAlgorithmic(UCNV_UTF8, cnv, u8, sizeof u8, src + a, (int32_t)(b - a), &e);
        ck_assert_msg(U_SUCCESS(e) && (size_t)m == n && memcmp(u8, t + i, n) == 0,
                      "text byte %zu maps to source [%zu,%zu) which does not decode to it", i, a,
                      b);
        prev_end = b;
        i += n;
    }
    ucnv_close(cnv);
}

START_TEST(load_utf8_keeps_text_and_identity_map)
{
    size_t len;
    char *u8 = slurp("gwr-2018-excerpt.utf8.txt", &len);
    govtext_doc *doc = load(u8, len, NULL);
    assert_text(doc, u8, len);
    ck_assert_int_eq(govtext_doc_encoding(doc), GOVTEXT_ENC_UTF8);
    ck_assert(govtext_doc_confidence(doc) > 0.99);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 3, 9, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, 3);
    ck_assert_uint_eq(b, 9);
    govtext_doc_free(doc);
    free(u8);
}
END_TEST

static void check_twin(const char *file, const char *twin, govtext_encoding enc, const char *icu)
{
    size_t len, tlen;
    char *bytes = slurp(file, &len);
    char *u8 = slurp(twin, &tlen);
    govtext_doc *doc = load(bytes, len, NULL);
    ck_assert_msg(govtext_doc_encoding(doc) == enc, "%s detected as %s", file,
                  govtext_encoding_name(govtext_doc_encoding(doc)));
    ck_assert(govtext_doc_confidence(doc) > 0.99);
    assert_text(doc, u8, tlen);
    assert_map_exact(doc, icu);
    size_t slen;
    ck_assert_mem_eq(govtext_doc_source(doc, &slen), bytes, len);
    ck_assert_uint_eq(slen, len);
    govtext_doc_free(doc);
    free(bytes);
    free(u8);
}

START_TEST(load_gbk_is_detected_and_decoded_to_its_utf8_twin)
{
    check_twin("gwr-2018-excerpt.gbk.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_GB18030,
               "GB18030");
}
END_TEST

START_TEST(load_big5_is_detected_and_decoded_to_its_utf8_twin)
{
    check_twin("gwr-2018-excerpt-hant.big5.txt", "gwr-2018-excerpt-hant.utf8.txt",
               GOVTEXT_ENC_BIG5, "windows-950-2000");
}
END_TEST

START_TEST(load_utf16_without_bom_is_detected_by_byte_order)
{
    check_twin("gwr-2018-excerpt.utf16le.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_UTF16LE,
               "UTF-16LE");
    check_twin("gwr-2018-excerpt.utf16be.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_UTF16BE,
               "UTF-16BE");
}
END_TEST

START_TEST(load_bom_selects_encoding_and_is_reported)
{
    size_t len, tlen;
    char *le = slurp("gwr-2018-excerpt.utf16le.txt", &len);
    char *u8 = slurp("gwr-2018-excerpt.utf8.txt", &tlen);
    char *with = malloc(len + 2);
    memcpy(with, "\xFF\xFE", 2);
    memcpy(with + 2, le, len);
    govtext_doc *doc = load(with, len + 2, NULL);
    ck_assert_int_eq(govtext_doc_encoding(doc), GOVTEXT_ENC_UTF16LE);
    ck_assert(govtext_doc_confidence(doc) == 1.0);
    assert_text(doc, u8, tlen);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_BOM), 1);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 1);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_BOM);
    ck_assert_uint_eq(ed.src_start, 0);
    ck_assert_uint_eq(ed.src_end, 2);
    ck_assert_str_eq(govtext_edit_kind_name(ed.kind), "bom");
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 0, 3, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, 2);
    ck_assert_uint_eq(b, 4);
    govtext_doc_free(doc);
    /* A UTF-8 BOM, forced encoding agreeing with it. */
    char *u8bom = malloc(tlen + 3);
    memcpy(u8bom, "\xEF\xBB\xBF", 3);
    memcpy(u8bom + 3, u8, tlen);
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = GOVTEXT_ENC_UTF8;
    doc = load(u8bom, tlen + 3, &o);
    assert_text(doc, u8, tlen);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_BOM), 1);
    govtext_doc_free(doc);
    free(u8bom);
    free(with);
    free(le);
    free(u8);
}
END_TEST

/* Cuts n-byte excerpts at pseudo-random offsets (characters split at both
 * ends) and counts those whose detected encoding decodes to the right text. */
static double excerpt_accuracy(const char *file, const char *twin, govtext_encoding enc,
                               size_t n, int trials)
{
    size_t len, tlen;
    char *bytes = slurp(file, &len);
    char *u8 = slurp(twin, &tlen);
    uint32_t x = 12345;
    int right = 0;
    for (int k = 0; k < trials; k++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        size_t off = x % (len - n);
        govtext_encoding got;
        double conf;
        ck_assert_int_eq(govtext_detect_encoding(bytes + off, n, &got, &conf), GOVTEXT_OK);
        ck_assert(conf >= 0.0 && conf <= 1.0);
        if (got != enc)
            continue;
        /* The decoded excerpt, but for a character at either end that the
         * cut may have garbled, must be true text, and most of it. */
        govtext_doc *doc = load(bytes + off, n, NULL);
        size_t dl;
        const char *d = govtext_doc_text(doc, &dl);
        size_t a = 1, b = dl;
        while (a < dl && ((unsigned char)d[a] & 0xC0) == 0x80)
            a++;
        while (b > a && ((unsigned char)d[b - 1] & 0xC0) == 0x80)
            b--;
        if (b > a)
            b--;
        if (b > a && b - a >= n / 2 && memmem(u8, tlen, d + a, b - a) != NULL)
            right++;
        govtext_doc_free(doc);
    }
    free(bytes);
    free(u8);
    return (double)right / trials;
}

START_TEST(detect_short_excerpts_cut_inside_characters)
{
    const struct {
        const char *file, *twin;
        govtext_encoding enc;
    } cases[] = {
        {"gwr-2018-excerpt.utf8.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_UTF8},
        {"gwr-2018-excerpt.gbk.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_GB18030},
        {"gwr-2018-excerpt-hant.big5.txt", "gwr-2018-excerpt-hant.utf8.txt", GOVTEXT_ENC_BIG5},
        {"gwr-2018-excerpt.utf16le.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_UTF16LE},
        {"gwr-2018-excerpt.utf16be.txt", "gwr-2018-excerpt.utf8.txt", GOVTEXT_ENC_UTF16BE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double a50 = excerpt_accuracy(cases[i].file, cases[i].twin, cases[i].enc, 50, 200);
        double a20 = excerpt_accuracy(cases[i].file, cases[i].twin, cases[i].enc, 20, 200);
        ck_assert_msg(a50 >= 0.95, "%s at 50 bytes: %.3f", cases[i].file, a50);
        ck_assert_msg(a20 >= 0.85, "%s at 20 bytes: %.3f", cases[i].file, a20);
    }
}
END_TEST

START_TEST(detect_tiny_ascii_stays_utf8)
{
    /* A cut character must not be cheaper than text: "(" is not half a
     * UTF-16 unit, "ab" not U+6162, "(a)" not a cut UTF-32 unit. */
    const char *tiny[] = {"(", "ab", "(a)", "chu\xC3\xA0ng", "GDP", "1998"};
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
        govtext_encoding e;
        ck_assert_int_eq(govtext_detect_encoding(tiny[i], strlen(tiny[i]), &e, NULL), GOVTEXT_OK);
        ck_assert_msg(e == GOVTEXT_ENC_UTF8, "'%s' detected as %s", tiny[i],
                      govtext_encoding_name(e));
    }
}
END_TEST

START_TEST(load_invalid_utf8_replaces_and_reports_each_hole)
{
    const char in[] = "\xE4\xB8\xAD\xFF\xE5\x9B\xBD\xC0\xAF\xE4\xBA\xBA\xE6\xB0\x91";
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = GOVTEXT_ENC_UTF8;
    govtext_doc *doc = load(in, sizeof in - 1, &o);
    const char expect[] = "中\xEF\xBF\xBD国\xEF\xBF\xBD\xEF\xBF\xBD人民";
    assert_text(doc, expect, sizeof expect - 1);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_INVALID_BYTES), 3);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 3);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_DECODE);
    ck_assert_uint_eq(ed.src_start, 3);
    ck_assert_uint_eq(ed.src_end, 4);
    ck_assert_uint_eq(ed.text_start, 3);
    ck_assert_uint_eq(ed.text_end, 6);
    ck_assert_str_eq(ed.new_text, "\xEF\xBF\xBD");
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 6, 9, &a, &b), GOVTEXT_OK); /* 国 */
    ck_assert_uint_eq(a, 4);
    ck_assert_uint_eq(b, 7);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_strict_fails_with_the_byte_offset_and_keeps_the_doc)
{
    govtext_doc *doc = load("\xD6\xD0\xB9\xFA", 4, NULL); /* 中国 in GBK */
    assert_text(doc, "中国", 6);
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = GOVTEXT_ENC_GB18030;
    o.flags = GOVTEXT_LOAD_STRICT;
    const char bad[] = "\xD6\xD0\xB9\xFA" "abc\xFF" "d";
    ck_assert_int_eq(govtext_doc_load_bytes(doc, bad, sizeof bad - 1, &o), GOVTEXT_ERR_ENCODING);
    ck_assert_str_eq(govtext_doc_errmsg(doc), "invalid GB18030 byte sequence at byte 7");
    assert_text(doc, "中国", 6); /* unchanged */
    /* A truncated final character is an error when strict... */
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "\xD6\xD0\xB9", 3, &o), GOVTEXT_ERR_ENCODING);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "at byte 2"));
    /* ...and a reported partial character otherwise. */
    o.flags = 0;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "\xD6\xD0\xB9", 3, &o), GOVTEXT_OK);
    assert_text(doc, "中", 3);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_PARTIAL), 1);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_PARTIAL);
    ck_assert_uint_eq(ed.src_start, 2);
    ck_assert_uint_eq(ed.src_end, 3);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_empty_and_tiny_inputs)
{
    govtext_doc *doc = load("", 0, NULL);
    assert_text(doc, "", 0);
    ck_assert_int_eq(govtext_doc_encoding(doc), GOVTEXT_ENC_UTF8);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 0, 0, &a, &b), GOVTEXT_OK);
    ck_assert_uint_eq(a, 0);
    govtext_doc_free(doc);
    doc = load(NULL, 0, NULL);
    assert_text(doc, "", 0);
    govtext_doc_free(doc);
    /* Every single byte loads to something, with no crash. */
    for (int c = 0; c < 256; c++) {
        char byte = (char)c;
        doc = load(&byte, 1, NULL);
        govtext_doc_free(doc);
    }
    /* A BOM alone. */
    doc = load("\xFE\xFF", 2, NULL);
    assert_text(doc, "", 0);
    ck_assert_int_eq(govtext_doc_encoding(doc), GOVTEXT_ENC_UTF16BE);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_normalises_newlines_and_maps_back)
{
    const char in[] = "第一行\r\n第二行\r第三行\xE2\x80\xA8末";
    govtext_doc *doc = load(in, sizeof in - 1, NULL);
    const char expect[] = "第一行\n第二行\n第三行\n末";
    assert_text(doc, expect, sizeof expect - 1);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_NEWLINES), 3);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 3);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 10, 19, &a, &b), GOVTEXT_OK); /* 第二行 */
    ck_assert_uint_eq(a, 11);
    ck_assert_uint_eq(b, 20);
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 9, 10, &a, &b), GOVTEXT_OK); /* the LF */
    ck_assert_uint_eq(a, 9);
    ck_assert_uint_eq(b, 11);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_NEWLINE);
    ck_assert_uint_eq(ed.old_len, 2);
    ck_assert_mem_eq(ed.old_text, "\r\n", 2);
    ck_assert_uint_eq(ed.text_start, 9);
    ck_assert_uint_eq(ed.text_end, 10);
    govtext_doc_free(doc);

    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.flags = GOVTEXT_LOAD_KEEP_NEWLINES;
    doc = load(in, sizeof in - 1, &o);
    assert_text(doc, in, sizeof in - 1);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_removes_zero_width_and_controls_with_edits)
{
    const char in[] = "治理\xE2\x80\x8B体系\x00现代化\x07\xEF\xBB\xBF。";
    govtext_doc *doc = load(in, sizeof in - 1, NULL);
    assert_text(doc, "治理体系现代化。", strlen("治理体系现代化。"));
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_ZERO_WIDTH), 2);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_CONTROLS), 2);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 4);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 1, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_CONTROL);
    ck_assert_uint_eq(ed.src_start, 15);
    ck_assert_uint_eq(ed.src_end, 16);
    ck_assert_uint_eq(ed.text_start, 12);
    ck_assert_uint_eq(ed.text_end, 12);
    ck_assert_uint_eq(ed.old_len, 1);
    ck_assert_int_eq(ed.old_text[0], '\0');
    govtext_doc_free(doc);

    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.flags = GOVTEXT_LOAD_KEEP_ZERO_WIDTH | GOVTEXT_LOAD_KEEP_CONTROLS;
    doc = load(in, sizeof in - 1, &o);
    assert_text(doc, in, sizeof in - 1);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_applies_nfc_and_optional_width_folding)
{
    /* e + combining acute; a CJK compatibility ideograph (U+F900 -> U+8C48);
     * full-width letters and digits, full-width punctuation kept. */
    const char in[] = "Re\xCC\x81sume\xCC\x81 \xEF\xA4\x80 ＧＤＰ增长６．９％，";
    govtext_doc *doc = load(in, sizeof in - 1, NULL);
    const char nfc[] = "R\xC3\xA9sum\xC3\xA9 \xE8\xB1\x88 ＧＤＰ增长６．９％，";
    assert_text(doc, nfc, sizeof nfc - 1);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_NFC), 3);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 1, 3, &a, &b), GOVTEXT_OK); /* é */
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 4);
    govtext_doc_free(doc);

    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.flags = GOVTEXT_LOAD_FOLD_WIDTH;
    doc = load(in, sizeof in - 1, &o);
    const char folded[] = "R\xC3\xA9sum\xC3\xA9 \xE8\xB1\x88 GDP增长6．9％，";
    assert_text(doc, folded, sizeof folded - 1);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_WIDTH), 5);
    govtext_doc_free(doc);

    o.flags = GOVTEXT_LOAD_NO_NFC;
    doc = load(in, sizeof in - 1, &o);
    assert_text(doc, in, sizeof in - 1);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_gbk_with_crlf_maps_every_character_to_its_bytes)
{
    /* Decoding and normalisation maps composed. */
    const char in[] = "\xD6\xD0\xB9\xFA\r\n\xC8\xCB\xC3\xF1\r\nabc";
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = GOVTEXT_ENC_GB18030;
    govtext_doc *doc = load(in, sizeof in - 1, &o);
    assert_text(doc, "中国\n人民\nabc", strlen("中国\n人民\nabc"));
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 7, 13, &a, &b), GOVTEXT_OK); /* 人民 */
    ck_assert_uint_eq(a, 6);
    ck_assert_uint_eq(b, 10);
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 6, 7, &a, &b), GOVTEXT_OK); /* LF */
    ck_assert_uint_eq(a, 4);
    ck_assert_uint_eq(b, 6);
    /* An offset inside 国 is refused, not rounded. */
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 4, 6, &a, &b), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "inside a UTF-8 character"));
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 3, 5, &a, &b), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 14, 17, &a, &b), GOVTEXT_OK); /* abc */
    ck_assert_uint_eq(a, 12);
    ck_assert_uint_eq(b, 15);
    /* The newline edits give source offsets, not decoded-text offsets. */
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 1, &ed), GOVTEXT_OK);
    ck_assert_uint_eq(ed.src_start, 10);
    ck_assert_uint_eq(ed.src_end, 12);
    ck_assert_uint_eq(ed.text_start, 13);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_odd_utf16_fragment_skips_the_cut_unit)
{
    size_t len, tlen;
    char *le = slurp("gwr-2018-excerpt.utf16le.txt", &len);
    char *u8 = slurp("gwr-2018-excerpt.utf8.txt", &tlen);
    govtext_doc *doc = load(le + 101, 301, NULL);
    ck_assert_int_eq(govtext_doc_encoding(doc), GOVTEXT_ENC_UTF16LE);
    size_t dl;
    const char *d = govtext_doc_text(doc, &dl);
    ck_assert_uint_gt(dl, 100);
    ck_assert_ptr_nonnull(memmem(u8, tlen, d, dl));
    ck_assert_uint_ge(govtext_doc_count(doc, GOVTEXT_COUNT_PARTIAL), 1);
    govtext_doc_free(doc);
    free(le);
    free(u8);
}
END_TEST

START_TEST(load_options_versioning)
{
    govtext_load_options o;
    ck_assert_int_eq(govtext_load_options_init(NULL, sizeof o), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_load_options_init(&o, 4), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_load_options_init(&o, sizeof o), GOVTEXT_OK);
    ck_assert_uint_eq(o.struct_size, sizeof o);
    ck_assert_uint_eq(o.encoding, 0);
    govtext_doc *doc = govtext_doc_new();
    /* Too small a struct_size. */
    o.struct_size = 4;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "a", 1, &o), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "struct_size"));
    /* A newer caller's larger struct: accepted with a zero tail... */
    struct {
        govtext_load_options base;
        uint64_t future;
    } big;
    ck_assert_int_eq(govtext_load_options_init(&big.base, sizeof big), GOVTEXT_OK);
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "a", 1, &big.base), GOVTEXT_OK);
    /* ...refused with a non-zero one, naming the offset. */
    big.future = 1;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "a", 1, &big.base), GOVTEXT_ERR_UNSUPPORTED);
    char want[64];
    snprintf(want, sizeof want, "offset %zu", offsetof(__typeof__(big), future));
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), want));
    /* Unknown flag bits and encodings. */
    govtext_load_options_init(&o, sizeof o);
    o.flags = 0x80000000u;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "a", 1, &o), GOVTEXT_ERR_UNSUPPORTED);
    govtext_load_options_init(&o, sizeof o);
    o.encoding = 99;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "a", 1, &o), GOVTEXT_ERR_INVALID_ARG);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_limits_are_checked_before_reading)
{
    govtext_doc *doc = govtext_doc_new();
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.max_bytes = 10;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "0123456789a", 11, &o), GOVTEXT_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "limit"));
    /* A 2 GB size claim over a small buffer is refused by the default limit
     * before the buffer is touched. */
    ck_assert_int_eq(govtext_doc_load_bytes(doc, "x", (size_t)2 << 30, NULL), GOVTEXT_ERR_LIMIT);
    char path[512];
    snprintf(path, sizeof path, "%s%s", DATA, "gwr-2018-excerpt.gbk.txt");
    ck_assert_int_eq(govtext_doc_load_file(doc, path, &o), GOVTEXT_ERR_LIMIT);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(load_file_fd_and_reader_agree)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", DATA, "gwr-2018-excerpt.gbk.txt");
    size_t tlen;
    char *u8 = slurp("gwr-2018-excerpt.utf8.txt", &tlen);
    govtext_doc *doc = govtext_doc_new();
    ck_assert_int_eq(govtext_doc_load_file(doc, path, NULL), GOVTEXT_OK);
    assert_text(doc, u8, tlen);

    FILE *f = fopen(path, "rb");
    ck_assert_int_eq(govtext_doc_load_fd(doc, fileno(f), NULL), GOVTEXT_OK);
    assert_text(doc, u8, tlen);
    fclose(f);

    /* A pipe: no size known in advance. */
    size_t glen;
    char *gbk = slurp("gwr-2018-excerpt.gbk.txt", &glen);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], gbk, glen), (ssize_t)glen);
    close(fds[1]);
    ck_assert_int_eq(govtext_doc_load_fd(doc, fds[0], NULL), GOVTEXT_OK);
    close(fds[0]);
    assert_text(doc, u8, tlen);
    free(gbk);
    govtext_doc_free(doc);
    free(u8);
}
END_TEST

static int read_file_cb(void *buf, size_t cap, size_t *got, void *ud)
{
    FILE *fp = ud;
    *got = fread(buf, 1, cap < 7 ? cap : 7, fp); /* small reads on purpose */
    return ferror(fp);
}

static int read_fail_cb(void *buf, size_t cap, size_t *got, void *ud)
{
    (void)buf, (void)cap, (void)ud;
    *got = 0;
    return 1;
}

static int read_liar_cb(void *buf, size_t cap, size_t *got, void *ud)
{
    (void)buf, (void)ud;
    *got = cap + 1;
    return 0;
}

START_TEST(load_reader_callback_and_its_errors)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", DATA, "gwr-2018-excerpt-hant.big5.txt");
    size_t tlen;
    char *u8 = slurp("gwr-2018-excerpt-hant.utf8.txt", &tlen);
    govtext_doc *doc = govtext_doc_new();
    FILE *fp = fopen(path, "rb");
    ck_assert_int_eq(govtext_doc_load_reader(doc, read_file_cb, fp, NULL), GOVTEXT_OK);
    fclose(fp);
    assert_text(doc, u8, tlen);
    ck_assert_int_eq(govtext_doc_load_reader(doc, read_fail_cb, NULL, NULL), GOVTEXT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "read error"));
    ck_assert_int_eq(govtext_doc_load_reader(doc, read_liar_cb, NULL, NULL),
                     GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_load_reader(doc, NULL, NULL, NULL), GOVTEXT_ERR_INVALID_ARG);
    assert_text(doc, u8, tlen); /* failures left the document as it was */
    govtext_doc_free(doc);
    free(u8);
}
END_TEST

START_TEST(load_file_errors_name_the_path)
{
    govtext_doc *doc = govtext_doc_new();
    ck_assert_int_eq(govtext_doc_load_file(doc, "/nonexistent/dir/x.txt", NULL), GOVTEXT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "/nonexistent/dir/x.txt"));
    ck_assert_int_eq(govtext_doc_load_file(doc, GOVTEXT_TEST_DATA, NULL), GOVTEXT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(govtext_doc_errmsg(doc), "directory"));
    ck_assert_int_eq(govtext_doc_load_file(doc, NULL, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_load_fd(doc, -1, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_load_bytes(doc, NULL, 5, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_load_bytes(NULL, "a", 1, NULL), GOVTEXT_ERR_INVALID_ARG);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(null_handles_and_accessors_are_safe)
{
    govtext_doc_free(NULL);
    ck_assert_ptr_nonnull(govtext_doc_errmsg(NULL));
    size_t len = 99;
    ck_assert_str_eq(govtext_doc_text(NULL, &len), "");
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(govtext_doc_edit_count(NULL), 0);
    ck_assert_uint_eq(govtext_doc_count(NULL, GOVTEXT_COUNT_NFC), 0);
    govtext_free(NULL);
    govtext_doc *doc = govtext_doc_new();
    ck_assert_str_eq(govtext_doc_text(doc, &len), "");
    ck_assert_uint_eq(govtext_doc_count(doc, (govtext_counter)999), 0);
    size_t a, b;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 0, 1, &a, &b), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_doc_map_to_source(NULL, 0, 0, &a, &b), GOVTEXT_ERR_INVALID_ARG);
    govtext_edit ed = edit_init();
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_ERR_INVALID_ARG);
    ed.struct_size = 8;
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, &ed), GOVTEXT_ERR_INVALID_ARG);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(edit_get_fills_only_the_callers_struct)
{
    govtext_doc *doc = load("a\r\nb", 4, NULL);
    unsigned char raw[sizeof(govtext_edit) + 16];
    memset(raw, 0xAB, sizeof raw);
    govtext_edit *ed = (govtext_edit *)raw;
    ed->struct_size = sizeof(govtext_edit);
    ck_assert_int_eq(govtext_doc_edit_get(doc, 0, ed), GOVTEXT_OK);
    for (size_t k = sizeof(govtext_edit); k < sizeof raw; k++)
        ck_assert_int_eq(raw[k], 0xAB);
    ck_assert_uint_eq(ed->kind, GOVTEXT_EDIT_NEWLINE);
    ck_assert(ed->confidence == 1.0);
    ck_assert_int_eq(govtext_doc_edit_get(doc, 1, ed), GOVTEXT_ERR_INVALID_ARG);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(encoding_names_and_aliases)
{
    const struct {
        const char *label;
        govtext_encoding enc;
    } t[] = {{"utf-8", GOVTEXT_ENC_UTF8},         {"UTF8", GOVTEXT_ENC_UTF8},
             {"GBK", GOVTEXT_ENC_GB18030},        {"gb2312", GOVTEXT_ENC_GB18030},
             {"CP936", GOVTEXT_ENC_GB18030},      {"EUC-CN", GOVTEXT_ENC_GB18030},
             {"big5", GOVTEXT_ENC_BIG5},          {"Big5-HKSCS", GOVTEXT_ENC_BIG5_HKSCS},
             {"utf_16le", GOVTEXT_ENC_UTF16LE},   {"UTF-16BE", GOVTEXT_ENC_UTF16BE},
             {"utf-32le", GOVTEXT_ENC_UTF32LE},   {"auto", GOVTEXT_ENC_AUTO}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        govtext_encoding e = (govtext_encoding)-1;
        ck_assert_int_eq(govtext_encoding_from_name(t[i].label, &e), GOVTEXT_OK);
        ck_assert_int_eq(e, t[i].enc);
    }
    govtext_encoding e;
    ck_assert_int_eq(govtext_encoding_from_name("ebcdic", &e), GOVTEXT_ERR_NOT_FOUND);
    ck_assert_int_eq(govtext_encoding_from_name("", &e), GOVTEXT_ERR_NOT_FOUND);
    ck_assert_int_eq(govtext_encoding_from_name(NULL, &e), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_str_eq(govtext_encoding_name(GOVTEXT_ENC_GB18030), "GB18030");
    ck_assert_str_eq(govtext_encoding_name(GOVTEXT_ENC_BIG5_HKSCS), "Big5-HKSCS");
    ck_assert_str_eq(govtext_encoding_name((govtext_encoding)77), "unknown");
}
END_TEST

START_TEST(status_strings_and_version)
{
    ck_assert_str_eq(govtext_status_string(GOVTEXT_OK), "success");
    ck_assert_str_eq(govtext_status_name(GOVTEXT_ERR_LIMIT), "GOVTEXT_ERR_LIMIT");
    ck_assert_str_eq(govtext_status_string((govtext_status)1234), "unknown error");
    ck_assert_uint_eq(govtext_version(), GOVTEXT_VERSION_NUMBER);
    ck_assert_str_eq(govtext_version_string(), GOVTEXT_VERSION_STRING);
    ck_assert_int_eq(govtext_detect_encoding(NULL, 3, NULL, NULL), GOVTEXT_ERR_INVALID_ARG);
    govtext_encoding e;
    double c = -1;
    ck_assert_int_eq(govtext_detect_encoding(NULL, 0, &e, &c), GOVTEXT_OK);
    ck_assert_int_eq(e, GOVTEXT_ENC_UTF8);
    ck_assert(c == 0.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, load_utf8_keeps_text_and_identity_map);
    tcase_add_test(tc, load_gbk_is_detected_and_decoded_to_its_utf8_twin);
    tcase_add_test(tc, load_big5_is_detected_and_decoded_to_its_utf8_twin);
    tcase_add_test(tc, load_utf16_without_bom_is_detected_by_byte_order);
    tcase_add_test(tc, load_bom_selects_encoding_and_is_reported);
    tcase_add_test(tc, detect_short_excerpts_cut_inside_characters);
    tcase_add_test(tc, detect_tiny_ascii_stays_utf8);
    tcase_add_test(tc, load_invalid_utf8_replaces_and_reports_each_hole);
    tcase_add_test(tc, load_strict_fails_with_the_byte_offset_and_keeps_the_doc);
    tcase_add_test(tc, load_empty_and_tiny_inputs);
    tcase_add_test(tc, load_normalises_newlines_and_maps_back);
    tcase_add_test(tc, load_removes_zero_width_and_controls_with_edits);
    tcase_add_test(tc, load_applies_nfc_and_optional_width_folding);
    tcase_add_test(tc, load_gbk_with_crlf_maps_every_character_to_its_bytes);
    tcase_add_test(tc, load_odd_utf16_fragment_skips_the_cut_unit);
    tcase_add_test(tc, load_options_versioning);
    tcase_add_test(tc, load_limits_are_checked_before_reading);
    tcase_add_test(tc, load_file_fd_and_reader_agree);
    tcase_add_test(tc, load_reader_callback_and_its_errors);
    tcase_add_test(tc, load_file_errors_name_the_path);
    tcase_add_test(tc, null_handles_and_accessors_are_safe);
    tcase_add_test(tc, edit_get_fills_only_the_callers_struct);
    tcase_add_test(tc, encoding_names_and_aliases);
    tcase_add_test(tc, status_strings_and_version);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
