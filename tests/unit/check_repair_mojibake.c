/* The mojibake repair pass (lib/repair/mojibake*.c), through the public API:
 * load, repair with every other pass skipped, look at the text, the edits
 * and the counters.  The damaged documents are the 2018 report excerpt read
 * as GBK and as windows-1252 (tests/data/make_mojibake.py). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"
#define ONLY_MOJIBAKE (0x1FFu & ~GOVTEXT_REPAIR_MOJIBAKE)

/* Loads bytes as UTF-8 (detection is not under test: mojibake in UTF-8 can
 * look like GB18030 to it) and runs only the mojibake pass. */
static govtext_doc *repair_bytes(const void *bytes, size_t len, govtext_encoding enc)
{
    return repair_only_as(bytes, len, enc, GOVTEXT_REPAIR_MOJIBAKE);
}

static govtext_doc *repair_str(const char *s)
{
    return repair_bytes(s, strlen(s), GOVTEXT_ENC_UTF8);
}

static govtext_doc *repair_file(const char *name)
{
    size_t len;
    char *bytes = slurp(name, &len);
    govtext_doc *doc = repair_bytes(bytes, len, GOVTEXT_ENC_UTF8);
    free(bytes);
    return doc;
}

static size_t mojibake_edits(const govtext_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++)
        n += get_edit(doc, i).kind == GOVTEXT_EDIT_MOJIBAKE;
    return n;
}

static void assert_text(const govtext_doc *doc, const char *expect)
{
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(len == strlen(expect) && memcmp(t, expect, len) == 0, "got '%s', want '%s'", t,
                  expect);
}

static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c = p[*i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (*i + n > len)
        n = len - *i;
    if (n > 1)
        c &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
    for (size_t k = 1; k < n; k++)
        c = c << 6 | (p[*i + k] & 0x3F);
    *i += n;
    return c;
}

typedef struct cmp {
    size_t chars, same, fffd, lines, lines_equal_len;
} cmp;

/* Compares the repaired text with the original line by line and character
 * by character: a repaired line must have exactly the original's number of
 * characters (every damaged character comes back as one character). */
static cmp compare_lines(const char *got, size_t glen, const char *want, size_t wlen)
{
    cmp r = {0, 0, 0, 0, 0};
    size_t gi = 0, wi = 0;
    while (wi < wlen && gi < glen) {
        const char *ge = memchr(got + gi, '\n', glen - gi);
        const char *we = memchr(want + wi, '\n', wlen - wi);
        size_t gend = ge ? (size_t)(ge - got) : glen, wend = we ? (size_t)(we - want) : wlen;
        size_t gcount = 0, wcount = 0;
        for (size_t k = gi; k < gend; gcount++)
            next_cp(got, gend, &k);
        for (size_t k = wi; k < wend; wcount++)
            next_cp(want, wend, &k);
        r.lines++;
        if (gcount == wcount) {
            r.lines_equal_len++;
            while (wi < wend) {
                uint32_t a = next_cp(got, gend, &gi), b = next_cp(want, wend, &wi);
                r.chars++;
                r.same += a == b;
                r.fffd += a == 0xFFFD;
            }
        }
        gi = gend + 1;
        wi = wend + 1;
    }
    return r;
}

START_TEST(mojibake_reports_the_run_with_old_new_and_source_offsets)
{
    /* 发展 read as GBK: E58F 91E5 B195. */
    govtext_doc *doc = repair_str("标题：鍙戝睍\n");
    assert_text(doc, "标题：发展\n");
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 1);
    govtext_edit ed = get_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MOJIBAKE);
    ck_assert_uint_eq(ed.src_start, 9);
    ck_assert_uint_eq(ed.src_end, 18);
    ck_assert_uint_eq(ed.text_start, 9);
    ck_assert_uint_eq(ed.text_end, 15);
    ck_assert_uint_eq(ed.old_len, 9);
    ck_assert(memcmp(ed.old_text, "鍙戝睍", 9) == 0);
    ck_assert_uint_eq(ed.new_len, 6);
    ck_assert(memcmp(ed.new_text, "发展", 6) == 0);
    ck_assert(ed.confidence > 0.9 && ed.confidence <= 1.0);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MOJIBAKE), 1);
    size_t s0, s1;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 9, 12, &s0, &s1), GOVTEXT_OK);
    ck_assert_uint_eq(s0, 9);
    ck_assert_uint_eq(s1, 18);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_repairs_a_whole_document_read_as_gbk)
{
    size_t wlen;
    char *want = slurp("gwr-2018-excerpt.utf8.txt", &wlen);
    govtext_doc *doc = repair_file("gwr-2018-excerpt.moji-gbk.txt");
    size_t glen;
    const char *got = govtext_doc_text(doc, &glen);
    cmp c = compare_lines(got, glen, want, wlen);
    /* One run per line, every line back to its length.  The GBK decoder
     * lost a byte of about one character in seven (196 U+FFFD); only those
     * characters may differ, and most come back. */
    ck_assert_uint_eq(c.lines, 12);
    ck_assert_uint_eq(c.lines_equal_len, 12);
    ck_assert_uint_eq(mojibake_edits(doc), 12);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MOJIBAKE), 12);
    ck_assert_msg(c.same * 100 >= c.chars * 94, "%zu of %zu characters right", c.same, c.chars);
    ck_assert_msg(c.fffd < 60, "%zu holes left", c.fffd);
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed = get_edit(doc, i);
        if (ed.kind == GOVTEXT_EDIT_MOJIBAKE)
            ck_assert(ed.confidence > 0.5 && ed.confidence <= 1.0);
    }
    govtext_doc_free(doc);
    free(want);
}
END_TEST

START_TEST(mojibake_repairs_windows_1252_whose_c1_bytes_the_loader_removed)
{
    size_t wlen;
    char *want = slurp("gwr-2018-excerpt.utf8.txt", &wlen);
    govtext_doc *doc = repair_file("gwr-2018-excerpt.moji-cp1252.txt");
    /* The loader removed the bytes 81 8D 8F 90 9D (as C1 controls). */
    ck_assert(govtext_doc_count(doc, GOVTEXT_COUNT_CONTROLS) > 50);
    size_t glen;
    const char *got = govtext_doc_text(doc, &glen);
    cmp c = compare_lines(got, glen, want, wlen);
    ck_assert_uint_eq(c.lines_equal_len, 12);
    ck_assert_uint_eq(mojibake_edits(doc), 12);
    ck_assert_msg(c.same * 100 >= c.chars * 97, "%zu of %zu characters right", c.same, c.chars);
    govtext_doc_free(doc);
    free(want);
}
END_TEST

/* windows-1252 bytes 80-9F (0: undefined, passed through as a C1 control,
 * as browsers do). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

START_TEST(mojibake_repairs_traditional_text_read_as_windows_1252)
{
    /* The traditional excerpt, read as windows-1252 here: in traditional
     * text the candidates of a damaged character that only simplified text
     * uses are the unlikely ones. */
    size_t len;
    char *want = slurp("gwr-2018-excerpt-hant.utf8.txt", &len);
    char *moji = malloc(3 * len);
    ck_assert_ptr_nonnull(moji);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)want[i];
        uint32_t cp = b >= 0x80 && b <= 0x9F && cp1252_high[b - 0x80] ? cp1252_high[b - 0x80] : b;
        if (cp < 0x80) {
            moji[n++] = (char)cp;
        } else if (cp < 0x800) {
            moji[n++] = (char)(0xC0 | cp >> 6);
            moji[n++] = (char)(0x80 | (cp & 0x3F));
        } else {
            moji[n++] = (char)(0xE0 | cp >> 12);
            moji[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            moji[n++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    govtext_doc *doc = repair_bytes(moji, n, GOVTEXT_ENC_UTF8);
    size_t glen;
    const char *got = govtext_doc_text(doc, &glen);
    cmp c = compare_lines(got, glen, want, len);
    ck_assert_uint_eq(c.lines_equal_len, 12);
    ck_assert_uint_eq(mojibake_edits(doc), 12);
    ck_assert_msg(c.same * 100 >= c.chars * 96, "%zu of %zu characters right", c.same, c.chars);
    govtext_doc_free(doc);
    free(moji);
    free(want);
}
END_TEST

START_TEST(mojibake_repairs_latin1_exactly_when_the_loader_kept_controls)
{
    /* Every byte read as Latin-1: bytes 80-9F become C1 controls, which the
     * loader normally removes (and 85 would become a line break); kept,
     * they make the repair exact. */
    size_t len;
    char *want = slurp("gwr-2018-excerpt.utf8.txt", &len);
    char *latin1 = malloc(2 * len);
    ck_assert_ptr_nonnull(latin1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)want[i];
        if (b < 0x80) {
            latin1[n++] = (char)b;
        } else {
            latin1[n++] = (char)(0xC0 | b >> 6);
            latin1[n++] = (char)(0x80 | (b & 0x3F));
        }
    }
    govtext_doc *doc = govtext_doc_new();
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    lo.flags = GOVTEXT_LOAD_KEEP_CONTROLS | GOVTEXT_LOAD_KEEP_NEWLINES;
    ck_assert_int_eq(govtext_doc_load_bytes(doc, latin1, n, &lo), GOVTEXT_OK);
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    ro.skip = ONLY_MOJIBAKE;
    ck_assert_int_eq(govtext_doc_repair(doc, NULL, &ro), GOVTEXT_OK);
    size_t glen;
    const char *got = govtext_doc_text(doc, &glen);
    ck_assert_msg(glen == len && memcmp(got, want, len) == 0, "got %.*s", (int)glen, got);
    ck_assert_uint_eq(mojibake_edits(doc), 12);
    govtext_doc_free(doc);
    free(latin1);
    free(want);
}
END_TEST

START_TEST(mojibake_repairs_only_the_damaged_lines_of_a_mixed_document)
{
    size_t wlen, mlen;
    char *want = slurp("gwr-2018-excerpt.utf8.txt", &wlen);
    char *mixed = slurp("gwr-2018-excerpt.moji-mixed.txt", &mlen);
    govtext_doc *doc = repair_bytes(mixed, mlen, GOVTEXT_ENC_UTF8);
    size_t glen;
    const char *got = govtext_doc_text(doc, &glen);
    cmp c = compare_lines(got, glen, want, wlen);
    ck_assert_uint_eq(c.lines_equal_len, 12);
    ck_assert_uint_eq(mojibake_edits(doc), 6);
    ck_assert_msg(c.same * 100 >= c.chars * 98, "%zu of %zu characters right", c.same, c.chars);
    /* Each edit covers the source bytes of one damaged (odd) line, and the
     * clean lines are not touched. */
    size_t line_start[16], nlines = 0;
    line_start[nlines++] = 0;
    for (size_t i = 0; i < mlen && nlines < 16; i++)
        if (mixed[i] == '\n')
            line_start[nlines++] = i + 1;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed = get_edit(doc, i);
        ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_MOJIBAKE);
        size_t k = 0;
        while (k + 1 < nlines && line_start[k + 1] <= ed.src_start)
            k++;
        ck_assert_msg(k % 2 == 0, "edit in clean line %zu", k + 1);
        ck_assert(ed.src_end <= (k + 1 < nlines ? line_start[k + 1] - 1 : mlen));
        ck_assert(memcmp(mixed + ed.src_start, ed.old_text, ed.old_len) == 0);
    }
    govtext_doc_free(doc);
    free(mixed);
    free(want);
}
END_TEST

START_TEST(mojibake_resynchronises_after_lost_bytes)
{
    /* 政府工作报告 read as GBK keeps every byte. */
    govtext_doc *doc = repair_str("鏀垮簻宸ヤ綔鎶ュ憡\n");
    assert_text(doc, "政府工作报告\n");
    govtext_doc_free(doc);

    /* 国务院总理李克强作政府工作报告。 read as GBK: the decoder could not
     * pair 总's middle byte 80 (it gave U+FFFD for it and went on with BB)
     * nor the last byte of 。 at the end.  Every character around the holes
     * comes back exactly. */
    doc = repair_str("鍥藉姟闄㈡�荤悊鏉庡厠寮轰綔鏀垮簻宸ヤ綔鎶ュ憡銆�\n");
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_uint_eq(mojibake_edits(doc), 1);
    /* 国务院总理李克强作政府工作报告。 */
    ck_assert_msg(strstr(t, "国务院") == t, "got %s", t);
    ck_assert_msg(strstr(t, "理李克强作政府工作报告") != NULL, "got %s", t);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_finds_a_damaged_word_inside_a_clean_paragraph)
{
    /* Most stretches of clean text are dismissed by a quick check before
     * they are decoded in full; one damaged word (发展 read as GBK) between
     * long clean clauses must still be found, and nothing else touched. */
    govtext_doc *doc = repair_str("我们要坚持以人民为中心的鍙戝睍思想，不断促进人的全面发展、"
                                  "全体人民共同富裕，推动经济社会持续健康发展。\n");
    assert_text(doc, "我们要坚持以人民为中心的发展思想，不断促进人的全面发展、"
                     "全体人民共同富裕，推动经济社会持续健康发展。\n");
    ck_assert_uint_eq(mojibake_edits(doc), 1);
    govtext_edit e = get_edit(doc, 0);
    ck_assert(e.old_len == strlen("鍙戝睍") && memcmp(e.old_text, "鍙戝睍", e.old_len) == 0);
    ck_assert(e.new_len == strlen("发展") && memcmp(e.new_text, "发展", e.new_len) == 0);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_question_marks_are_holes_too)
{
    /* Some converters write '?' where the GBK decoder gave up: the same
     * line as above with '?' for U+FFFD. */
    govtext_doc *doc = repair_str("鍥藉姟闄㈡?荤悊鏉庡厠寮轰綔鏀垮簻宸ヤ綔鎶ュ憡銆?\n");
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(strstr(t, "国务院") == t, "got %s", t);
    ck_assert_msg(strstr(t, "理李克强作政府工作报告") != NULL, "got %s", t);
    ck_assert(strchr(t, '?') == NULL);
    govtext_doc_free(doc);

    /* A real question mark stays. */
    doc = repair_str("你好吗?鍙戝睍?\n");
    assert_text(doc, "你好吗?发展?\n");
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_repairs_windows_1252_with_replacement_characters)
{
    /* 发展 read as windows-1252 by a decoder that writes U+FFFD for the
     * undefined byte 8F. */
    govtext_doc *doc = repair_str("新华社北京3月22日电 å\xEF\xBF\xBD‘å±•\n");
    assert_text(doc, "新华社北京3月22日电 发展\n");
    ck_assert_uint_eq(mojibake_edits(doc), 1);
    govtext_edit ed = get_edit(doc, 0);
    ck_assert_uint_eq(ed.src_start, 28);
    ck_assert(ed.confidence > 0.5 && ed.confidence < 1.0); /* a guessed byte */
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_repairs_latin_text_and_pinyin_inside_mojibake)
{
    govtext_doc *doc = repair_str("cafÃ© crÃ¨me brÃ»lÃ©e\n");
    assert_text(doc, "café crème brûlée\n");
    govtext_doc_free(doc);

    /* 我国(guó)经济发展 read as GBK: ó (C3 B3) became 贸. */
    doc = repair_str("鎴戝浗(gu贸)缁忔祹鍙戝睍\n");
    assert_text(doc, "我国(guó)经济发展\n");
    ck_assert_uint_eq(mojibake_edits(doc), 1);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_pinyin_gloss_tells_the_damaged_character)
{
    /* 國債規(guī)模 read as windows-1252: 規 is E8 A6 8F, and its 8F went with
     * the C1 controls.  E8 A6 81 (要) is far more common, but the gloss
     * reads guī. */
    govtext_doc *doc = repair_str("åœ‹å‚µè¦\xC2\x8F(guÄ«)æ¨¡ï¼Œ\n");
    assert_text(doc, "國債規(guī)模，\n");
    ck_assert_uint_eq(mojibake_edits(doc), 1);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(mojibake_leaves_clean_text_alone)
{
    static const char *const files[] = {"gwr-2018-excerpt.utf8.txt",
                                        "gwr-2018-excerpt-hant.utf8.txt", "seed-excerpt.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        govtext_doc *doc = repair_file(files[i]);
        ck_assert_msg(mojibake_edits(doc) == 0, "%s: %zu edits", files[i], mojibake_edits(doc));
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_MOJIBAKE), 0);
        govtext_doc_free(doc);
    }
    /* GBK bytes decoded right. */
    size_t len;
    char *gbk = slurp("gwr-2018-excerpt.gbk.txt", &len);
    govtext_doc *doc = repair_bytes(gbk, len, GOVTEXT_ENC_GB18030);
    ck_assert_uint_eq(mojibake_edits(doc), 0);
    govtext_doc_free(doc);
    free(gbk);

    /* Accented Latin, Greek, Cyrillic, kana, symbols, pinyin. */
    static const char *const texts[] = {
        "Le café est très bon à Paris, où l'été est chaud. Ça va? Œuvre, naïve.\n",
        "Straße, Müller, Größe, Ärger; São Paulo, não, irmã; señor Ibáñez.\n",
        "Привет, как дела? Ελληνικά, αβγδε. 日本語のテキスト：ひらがな、カタカナ。\n",
        "①②③ ※ ℃ § № ☆★○●◎◇◆□■△▲ →←↑↓ ‰ ‖ ‘’“” …… —— · ¥100 £50 €20 ©2024\n",
        "中国(Zhōngguó) 人民(rénmín) 绿色(lǜsè) 女人(nǚrén)\n",
        "",
        "ASCII only\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        doc = repair_str(texts[i]);
        assert_text(doc, texts[i]);
        ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
        govtext_doc_free(doc);
    }
}
END_TEST

/* A megabyte of text that is all candidate mojibake, or almost: linear time
 * (the suite's timeout catches a blow-up) and a sane result. */
START_TEST(mojibake_is_linear_on_adversarial_input)
{
    static const char *const units[] = {"涓\xEF\xBF\xBD", "æ", "鍙戝睍", "Ã", "\xEF\xBF\xBD",
                                        "鈥\xEF\xBF\xBD\xEF\xBF\xBD", "?", "äºº"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]), n = (1u << 20) / ul;
        char *buf = malloc(n * ul + 1);
        ck_assert_ptr_nonnull(buf);
        for (size_t i = 0; i < n; i++)
            memcpy(buf + i * ul, units[u], ul);
        govtext_doc *doc = repair_bytes(buf, n * ul, GOVTEXT_ENC_UTF8);
        size_t len;
        govtext_doc_text(doc, &len);
        ck_assert(len > 0);
        govtext_doc_free(doc);
        free(buf);
    }
    /* "äºº" is 人 read as windows-1252: a million of them are all repaired. */
    size_t n = 100000;
    char *buf = malloc(n * 6 + 2);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * 6, "äºº", 6);
    buf[n * 6] = '\n';
    govtext_doc *doc = repair_bytes(buf, n * 6 + 1, GOVTEXT_ENC_UTF8);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_uint_eq(len, n * 3 + 1);
    ck_assert(memcmp(t, "人人", 6) == 0);
    govtext_doc_free(doc);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_mojibake");
    TCase *tc = tcase_create("mojibake");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mojibake_reports_the_run_with_old_new_and_source_offsets);
    tcase_add_test(tc, mojibake_repairs_a_whole_document_read_as_gbk);
    tcase_add_test(tc, mojibake_repairs_windows_1252_whose_c1_bytes_the_loader_removed);
    tcase_add_test(tc, mojibake_repairs_traditional_text_read_as_windows_1252);
    tcase_add_test(tc, mojibake_repairs_latin1_exactly_when_the_loader_kept_controls);
    tcase_add_test(tc, mojibake_repairs_only_the_damaged_lines_of_a_mixed_document);
    tcase_add_test(tc, mojibake_resynchronises_after_lost_bytes);
    tcase_add_test(tc, mojibake_finds_a_damaged_word_inside_a_clean_paragraph);
    tcase_add_test(tc, mojibake_question_marks_are_holes_too);
    tcase_add_test(tc, mojibake_repairs_windows_1252_with_replacement_characters);
    tcase_add_test(tc, mojibake_repairs_latin_text_and_pinyin_inside_mojibake);
    tcase_add_test(tc, mojibake_pinyin_gloss_tells_the_damaged_character);
    tcase_add_test(tc, mojibake_leaves_clean_text_alone);
    tcase_add_test(tc, mojibake_is_linear_on_adversarial_input);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
