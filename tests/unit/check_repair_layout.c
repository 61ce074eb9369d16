/* The layout repair pass (lib/repair/layout.c), through the public API: load,
 * repair with every other pass skipped, look at the text, the edits and the
 * counters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

/* Loads bytes (load options lo, may be NULL) and runs only the layout pass. */
static govtext_doc *repair_bytes(const void *bytes, size_t len, const govtext_load_options *lo)
{
    return repair_only(bytes, len, lo, GOVTEXT_REPAIR_LAYOUT);
}

/* UTF-8 forced: detection is not under test. */
static govtext_doc *repair_utf8(const char *s, size_t len)
{
    return repair_only_as(s, len, GOVTEXT_ENC_UTF8, GOVTEXT_REPAIR_LAYOUT);
}

static void check_case(const char *in, const char *want)
{
    govtext_doc *doc = repair_utf8(in, strlen(in));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), want);
    govtext_doc_free(doc);
}

static size_t edits_of(const govtext_doc *doc, uint32_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++)
        n += get_edit(doc, i).kind == kind;
    return n;
}

/* Number of characters (code points) in valid UTF-8. */
static size_t chars_of(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Hard-wraps text the way the scraped pages were: each line (paragraph),
 * after indent, cut into lines of width characters; blank_sep puts an empty
 * line between paragraphs.  Returns a malloc'd string. */
static char *hard_wrap(const char *in, size_t len, size_t width, int blank_sep,
                       const char *indent, size_t *out_len)
{
    size_t ilen = strlen(indent);
    size_t cap = len * 3 + 64 + len / width * 4 + len * ilen;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    size_t o = 0, p = 0;
    int first_para = 1;
    while (p < len) {
        const char *nl = memchr(in + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - in) : len;
        if (!first_para && blank_sep)
            out[o++] = '\n';
        first_para = 0;
        memcpy(out + o, indent, ilen);
        o += ilen;
        size_t col = chars_of(indent, ilen);
        for (size_t i = p; i < e; i++) {
            int starts = ((unsigned char)in[i] & 0xC0) != 0x80;
            if (starts && col == width) {
                out[o++] = '\n';
                col = 0;
            }
            out[o++] = in[i];
            col += starts;
        }
        out[o++] = '\n';
        p = nl ? e + 1 : len;
    }
    ck_assert(o <= cap);
    *out_len = o;
    return out;
}

/* Some paragraph of text (with indent) is an exact multiple of width long:
 * then its last line is as long as the cut ones, and the pass joins it to
 * the next paragraph unless an empty line or an indent separates them. */
static int has_exact_paragraph(const char *in, size_t len, size_t width, size_t indent_chars)
{
    size_t p = 0;
    while (p < len) {
        const char *nl = memchr(in + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - in) : len;
        if ((chars_of(in + p, e - p) + indent_chars) % width == 0)
            return 1;
        p = nl ? e + 1 : len;
    }
    return 0;
}

START_TEST(layout_joins_hard_wrapped_report_excerpt)
{
    size_t len;
    char *in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    /* What the pass makes of the clean excerpt is what it must make of any
     * wrapping of it (the excerpt has spaces between Han in two lines). */
    govtext_doc *ref = repair_utf8(in, len);
    size_t want_len;
    const char *want = govtext_doc_text(ref, &want_len);
    static const size_t widths[] = {20, 23, 27, 33, 38, 41, 48, 52, 55, 60};
    static const char *indents[] = {"", "\xE3\x80\x80\xE3\x80\x80", "    "};
    size_t tried = 0;
    for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
        for (size_t d = 0; d < 3; d++) {
            for (int sep = 0; sep <= 1; sep++) {
                size_t ic = chars_of(indents[d], strlen(indents[d]));
                if (!sep && !*indents[d] && has_exact_paragraph(in, len, widths[k], ic))
                    continue;
                size_t wl;
                char *wrapped = hard_wrap(in, len, widths[k], sep, indents[d], &wl);
                govtext_doc *doc = repair_utf8(wrapped, wl);
                size_t got_len;
                const char *got = govtext_doc_text(doc, &got_len);
                ck_assert_msg(got_len == want_len && memcmp(got, want, want_len) == 0,
                              "width %zu, indent %zu, separators %d:\n%s", widths[k], d, sep, got);
                ck_assert_uint_gt(govtext_doc_count(doc, GOVTEXT_COUNT_LAYOUT), 0);
                govtext_doc_free(doc);
                free(wrapped);
                tried++;
            }
        }
    }
    ck_assert_uint_gt(tried, 40);
    govtext_doc_free(ref);
    free(in);
}
END_TEST

/* Appends s to the buffer at *o. */
static void put(char *buf, size_t *o, const char *s, size_t n)
{
    memcpy(buf + *o, s, n);
    *o += n;
}

START_TEST(layout_joins_a_paragraph_cut_short_after_its_copy)
{
    /* A scraped page repeated the opening of a paragraph, up to a clause
     * boundary, as a line of its own; the wrapper's count ran on from that
     * copy, so the paragraph's first line is cut short.  The copy shows that
     * the paragraph goes on; and the copy itself, as long as a cut line, is
     * not joined to the paragraph it repeats. */
    size_t len;
    char *in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    govtext_doc *ref = repair_utf8(in, len);
    const char *want_all = govtext_doc_text(ref, NULL);
    /* the paragraph: the excerpt's longest line */
    size_t best = 0, best_len = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(in + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - in) : len;
        if (e - p > best_len) {
            best = p;
            best_len = e - p;
        }
        p = nl ? e + 1 : len;
    }
    const char *para = in + best;
    /* its copy: up to the comma after the 24th character */
    size_t c = 0, chars = 0;
    while (c < best_len && !(chars >= 24 && memcmp(para + c, "，", 3) == 0)) {
        chars += ((unsigned char)para[c] & 0xC0) != 0x80;
        c++;
    }
    ck_assert_uint_lt(c, best_len);
    size_t copy_len = c + 3, copy_chars = chars + 1;
    for (size_t width = 26; width <= 40; width += 7) {
        size_t wl;
        char *wrapped = hard_wrap(in, len, width, 0, "", &wl);
        /* cut the paragraph's wrapped lines out, put in the copy and the
         * paragraph wrapped with the count running on from the copy */
        char *first = NULL;
        for (size_t k = 0; k + 60 <= wl; k++)
            if ((k == 0 || wrapped[k - 1] == '\n') && memcmp(wrapped + k, para, 60) == 0) {
                first = wrapped + k;
                break;
            }
        ck_assert_ptr_nonnull(first);
        char *buf = malloc(wl + 2 * best_len + 64);
        ck_assert_ptr_nonnull(buf);
        size_t o = 0;
        put(buf, &o, wrapped, (size_t)(first - wrapped));
        put(buf, &o, para, copy_len);
        buf[o++] = '\n';
        size_t col = (copy_chars + 1) % width; /* the newline counted too */
        for (size_t i = 0; i < best_len; i++) {
            int starts = ((unsigned char)para[i] & 0xC0) != 0x80;
            if (starts && col == width) {
                buf[o++] = '\n';
                col = 0;
            }
            buf[o++] = para[i];
            col += starts;
        }
        buf[o++] = '\n';
        /* the rest of the wrapped excerpt */
        const char *after = first;
        size_t seen = 0;
        while (seen < best_len) {
            const char *nl = memchr(after, '\n', (size_t)(wrapped + wl - after));
            ck_assert_ptr_nonnull(nl);
            seen += (size_t)(nl - after);
            after = nl + 1;
        }
        put(buf, &o, after, (size_t)(wrapped + wl - after));
        govtext_doc *d = repair_utf8(buf, o);
        const char *got = govtext_doc_text(d, NULL);
        /* want: the reference with the copy on a line before the
         * paragraph, which starts a line of the reference */
        char *want = malloc(strlen(want_all) + copy_len + 2);
        ck_assert_ptr_nonnull(want);
        char key[64];
        memcpy(key, para, 60);
        key[60] = '\0';
        const char *pstart = strstr(want_all, key);
        ck_assert_ptr_nonnull(pstart);
        size_t h = (size_t)(pstart - want_all);
        memcpy(want, want_all, h);
        memcpy(want + h, para, copy_len);
        want[h + copy_len] = '\n';
        strcpy(want + h + copy_len + 1, pstart);
        ck_assert_msg(strcmp(got, want) == 0, "width %zu:\n%s", width, got);
        govtext_doc_free(d);
        free(want);
        free(buf);
        free(wrapped);
    }
    govtext_doc_free(ref);
    free(in);
}
END_TEST

START_TEST(layout_keeps_clean_text_with_headings_lists_and_contents)
{
    /* Clean governance text: headline blocks, chapter and article labels,
     * numbered items, equally long parallel headings, a table of contents.
     * Nothing may be joined; the file is in canonical form already. */
    size_t len, out_len;
    char *in = slurp("gov-headings-excerpt.txt", &len);
    govtext_doc *doc = repair_utf8(in, len);
    const char *out = govtext_doc_text(doc, &out_len);
    ck_assert_msg(out_len == len && memcmp(out, in, len) == 0, "changed:\n%s", out);
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_LAYOUT), 0);
    govtext_doc_free(doc);
    free(in);
    /* The same, with an empty line between paragraphs and "　　" indents:
     * only those go. */
    size_t wl;
    in = slurp("gov-headings-excerpt.txt", &len);
    char *spaced = hard_wrap(in, len, 100000, 1, "\xE3\x80\x80\xE3\x80\x80", &wl);
    doc = repair_utf8(spaced, wl);
    out = govtext_doc_text(doc, &out_len);
    ck_assert_msg(out_len == len && memcmp(out, in, len) == 0, "changed:\n%s", out);
    govtext_doc_free(doc);
    free(spaced);
    free(in);
    /* The report excerpt: only the spaces between Han go. */
    in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    doc = repair_utf8(in, len);
    out = govtext_doc_text(doc, NULL);
    ck_assert_ptr_nonnull(strstr(out, "国务院总理李克强\n"));
    ck_assert_ptr_nonnull(strstr(out, "新华社记者姚大伟摄\n"));
    ck_assert_uint_eq(govtext_doc_edit_count(doc), 3);
    govtext_doc_free(doc);
    free(in);
}
END_TEST

START_TEST(layout_removes_indents_blank_lines_and_trailing_blanks)
{
    check_case("\xE3\x80\x80\xE3\x80\x80第一段。  \n\n\n\t第二段。\xE3\x80\x80\n    第三段。",
               "第一段。\n第二段。\n第三段。\n");
    check_case("\n\n  \n一、总体要求\n\n", "一、总体要求\n");
    check_case("", "");
    check_case(" \n\t\n\xE3\x80\x80\n", "");
    check_case("没有换行", "没有换行\n");
    /* a no-break space (&nbsp;) is a blank; inside Latin text it is a space */
    check_case("\xC2\xA0\xC2\xA0第一段 A\xC2\xA0" "B\xC2\xA0\n", "第一段 A B\n");
    /* line ends other than LF, when loading kept them */
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8;
    lo.flags = GOVTEXT_LOAD_KEEP_NEWLINES;
    const char *crlf = "第一段。\r\n\r\n第二段。\r第三段。\xE2\x80\xA8第四段。\r\n";
    govtext_doc *doc = repair_bytes(crlf, strlen(crlf), &lo);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "第一段。\n第二段。\n第三段。\n第四段。\n");
    govtext_doc_free(doc);
}
END_TEST

START_TEST(layout_removes_blanks_between_han_only)
{
    check_case("国务院总理 李克强", "国务院总理李克强\n");
    check_case("干部种  试验田，\xE3\x80\x80干部\t下放", "干部种试验田，\xE3\x80\x80干部下放\n");
    /* beside Latin letters and digits, and inside Latin text, blanks stay */
    check_case("加入 WTO 以后，增长 8% 左右", "加入 WTO 以后，增长 8% 左右\n");
    check_case("The State Council said: growth is 5 percent.",
               "The State Council said: growth is 5 percent.\n");
    /* a blank between Han and punctuation is not between two Han */
    check_case("发展 。", "发展 。\n");
    /* regulations put an ideographic space after the article label */
    check_case("第一章\xE3\x80\x80总则\n第十二条\xE3\x80\x80党组织应当\n",
               "第一章\xE3\x80\x80总则\n第十二条\xE3\x80\x80党组织应当\n");
    /* but not an ASCII space, and not elsewhere */
    check_case("第一章 总则\n对非共产党人士的职权\xE3\x80\x80不够尊重\n",
               "第一章总则\n对非共产党人士的职权不够尊重\n");
}
END_TEST

START_TEST(layout_folds_full_width_letters_and_digits)
{
    const char *in = "２０２６年ＧＤＰ增长５％，ｐｈ值";
    govtext_doc *doc = repair_utf8(in, strlen(in));
    ck_assert_str_eq(govtext_doc_text(doc, NULL), "2026年GDP增长5％，ph值\n");
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_WIDTH), 10);
    ck_assert_uint_eq(edits_of(doc, GOVTEXT_EDIT_WIDTH), 10);
    ck_assert_uint_eq(edits_of(doc, GOVTEXT_EDIT_LAYOUT), 1); /* the final newline */
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_LAYOUT), 1);
    govtext_doc_free(doc);
}
END_TEST

/* UTF-16LE bytes of BMP-only UTF-8 text. */
static unsigned char *to_utf16le(const char *s, size_t len, size_t *out_len)
{
    unsigned char *o = malloc(len * 2 + 2);
    ck_assert_ptr_nonnull(o);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        unsigned cp;
        if (b < 0x80) {
            cp = b;
            i += 1;
        } else if (b < 0xE0) {
            cp = ((b & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
            i += 2;
        } else {
            cp = ((b & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                 ((unsigned char)s[i + 2] & 0x3Fu);
            i += 3;
        }
        o[n++] = (unsigned char)(cp & 0xFF);
        o[n++] = (unsigned char)(cp >> 8);
    }
    *out_len = n;
    return o;
}

START_TEST(layout_edits_map_to_source_bytes)
{
    /* The excerpt, wrapped at 31 characters with paragraph indents, saved as
     * UTF-16LE: every layout edit must name the source bytes it replaced. */
    size_t len;
    char *in = slurp("gwr-2018-excerpt.utf8.txt", &len);
    size_t wl, sl;
    char *wrapped = hard_wrap(in, len, 31, 0, "\xE3\x80\x80\xE3\x80\x80", &wl);
    unsigned char *src = to_utf16le(wrapped, wl, &sl);
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF16LE;
    govtext_doc *doc = repair_bytes(src, sl, &lo);
    govtext_doc *ref = repair_utf8(in, len);
    ck_assert_str_eq(govtext_doc_text(doc, NULL), govtext_doc_text(ref, NULL));
    size_t joins = 0, indents = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++) {
        govtext_edit ed = get_edit(doc, i);
        if (ed.kind != GOVTEXT_EDIT_LAYOUT)
            continue;
        /* the source holds the old text, two bytes a character */
        ck_assert_uint_eq(ed.src_end - ed.src_start, 2 * chars_of(ed.old_text, ed.old_len));
        if (ed.old_len > 0) {
            /* the first source code unit is the old text's first character
             * (LF, a space, the U+3000 of an indent) */
            size_t one;
            unsigned char *first = to_utf16le(ed.old_text, ed.old_text[0] & 0x80 ? 3 : 1, &one);
            ck_assert(memcmp(src + ed.src_start, first, 2) == 0);
            free(first);
        }
        if (ed.old_len == 1 && ed.old_text[0] == '\n' && ed.new_len == 0) {
            joins++;
            ck_assert(ed.confidence > 0.5 && ed.confidence < 1.0);
            /* the join removed the LF between two characters that now touch */
            const char *t = govtext_doc_text(doc, NULL);
            unsigned char lead = (unsigned char)t[ed.text_start];
            size_t clen = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : 3;
            size_t a, b;
            ck_assert_int_eq(
                govtext_doc_map_to_source(doc, ed.text_start, ed.text_start + clen, &a, &b),
                GOVTEXT_OK);
            ck_assert_uint_eq(a, ed.src_end);
            ck_assert_uint_eq(b, ed.src_end + 2);
        }
        if (ed.old_len == 7 && ed.old_text[0] == '\n' && ed.new_len == 1)
            indents++; /* LF + "　　" -> LF */
        ck_assert(ed.text_end - ed.text_start == ed.new_len);
    }
    ck_assert_uint_gt(joins, 30);
    ck_assert_uint_gt(indents, 5);
    ck_assert_uint_eq(edits_of(doc, GOVTEXT_EDIT_LAYOUT),
                      govtext_doc_count(doc, GOVTEXT_COUNT_LAYOUT));
    govtext_doc_free(ref);
    govtext_doc_free(doc);
    free(src);
    free(wrapped);
    free(in);
}
END_TEST

/* Adversarial input must stay linear: the suite's timeout catches a
 * quadratic blow-up (time is not asserted, machines differ). */
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

START_TEST(layout_is_linear_on_adversarial_input)
{
    static const struct {
        const char *unit;
        const char *want_start;
    } cases[] = {
        {"\n", ""},
        {" ", ""},
        {"中 ", "中中中"},
        {"中\xE3\x80\x80\t", "中中中"},
        /* lines of 20: taken as wrapped */
        {"一二三四五六七八九十一二三四五六七八九十\n二三四五六七八九十一二三四五六七八九十一\n",
         "一二三四五六七八九十一二三四五六七八九十二三四五六七八九十一"},
        /* but a line that repeats the one before is not its continuation */
        {"一二三四五六七八九十一二三四五六七八九十\n",
         "一二三四五六七八九十一二三四五六七八九十\n一"},
        /* separated by empty lines: never joined */
        {"一二三四五六七八九十一二三四五六七八九十，\n\n",
         "一二三四五六七八九十一二三四五六七八九十，\n一"},
        /* the space after the first label belongs to it */
        {"\xE3\x80\x80\xE3\x80\x80第一条", "第一条\xE3\x80\x80\xE3\x80\x80第一条第一条"},
        {"\xEF\xBC\xA1", "AAA"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len;
        char *s = repeat(cases[k].unit, MEG, &len);
        govtext_doc *doc = repair_utf8(s, len);
        size_t out_len;
        const char *t = govtext_doc_text(doc, &out_len);
        size_t wl = strlen(cases[k].want_start);
        ck_assert_msg(out_len >= wl && memcmp(t, cases[k].want_start, wl) == 0, "case %zu: %.60s",
                      k, t);
        govtext_doc_free(doc);
        free(s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_layout");
    TCase *tc = tcase_create("layout");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, layout_joins_hard_wrapped_report_excerpt);
    tcase_add_test(tc, layout_joins_a_paragraph_cut_short_after_its_copy);
    tcase_add_test(tc, layout_keeps_clean_text_with_headings_lists_and_contents);
    tcase_add_test(tc, layout_removes_indents_blank_lines_and_trailing_blanks);
    tcase_add_test(tc, layout_removes_blanks_between_han_only);
    tcase_add_test(tc, layout_folds_full_width_letters_and_digits);
    tcase_add_test(tc, layout_edits_map_to_source_bytes);
    tcase_add_test(tc, layout_is_linear_on_adversarial_input);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
