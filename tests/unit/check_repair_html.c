/* The HTML leftovers pass (lib/repair/html_leftovers.c), through the public
 * API: load, repair with every other pass skipped, look at the text, the
 * edits and the counters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "govtext.h"
#include "test_util.h"

#define DATA GOVTEXT_TEST_DATA "/"

static govtext_doc *repair_bytes(const void *bytes, size_t len, govtext_encoding enc)
{
    return repair_only_as(bytes, len, enc, GOVTEXT_REPAIR_HTML);
}

static govtext_doc *repair_str(const char *s)
{
    return repair_bytes(s, strlen(s), GOVTEXT_ENC_UTF8);
}

static size_t html_edits(const govtext_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < govtext_doc_edit_count(doc); i++)
        n += get_edit(doc, i).kind == GOVTEXT_EDIT_HTML;
    return n;
}

static void assert_text(const govtext_doc *doc, const char *expect)
{
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert_msg(len == strlen(expect) && memcmp(t, expect, len) == 0, "got '%s', want '%s'", t,
                  expect);
}

/* Repairs in and expects out. */
static void check(const char *in, const char *out)
{
    govtext_doc *doc = repair_str(in);
    assert_text(doc, out);
    govtext_doc_free(doc);
}

START_TEST(html_decodes_named_and_numeric_references)
{
    check("&ldquo;中国&rdquo;&amp;&mdash;&#20013;&#x4e2d;&#X4E2D;&hellip;&middot;&lt;&gt;\n",
          "“中国”&—中中中…·<>\n");
    check("&quot;x&quot; &apos;y&apos; &copy; &reg; &trade; &times; &divide; &deg; &yen;\n",
          "\"x\" 'y' © ® ™ × ÷ ° ¥\n");
    check("&Agrave;&agrave;&Omega;&omega;&rarr;&le;&ne;&sup2;&frac12;&euro;\n",
          "ÀàΩω→≤≠²½€\n");
    /* The text stays NFC: U+2329 is U+3008, U+F900 is U+8C48. */
    check("&#x2329;&#xF900;&lang;\n", "〈豈⟨\n");
    /* Without ';' only the legacy names, and numbers. */
    check("&nbsp中国 &amp R&D AT&T &copy2024 &#20013国\n", " 中国 & R&D AT&T &copy2024 中国\n");
    /* Escaped twice by the page generator. */
    check("&amp;ldquo;中国&amp;rdquo;&amp;nbsp;&amp;#20013;\n", "“中国” 中\n");
}
END_TEST

START_TEST(html_rejects_invalid_numeric_references)
{
    check("a&#0;b&#xD800;c&#x110000;d&#99999999999999999999;e\n",
          "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e\n");
    /* 80-9F are windows-1252 in HTML; controls go; whitespace is a space. */
    check("&#150;&#151;&#153;|&#1;&#127;&#x81;|&#9;&#10;&#13;|\n", "–—™||   |\n");
    check("&#; &#x; &#xg; &nosuch; &NBSP; & &&\n", "&#; &#x; &#xg; &nosuch; &NBSP; & &&\n");
}
END_TEST

START_TEST(html_nbsp_is_a_space_and_tags_around_lines_go)
{
    govtext_doc *doc = repair_str("<p style=\"text-indent:2em\">&nbsp;&nbsp;&nbsp;&nbsp;政府工作报告</p>\n"
                                  "&nbsp;&nbsp;各位代表：<br />\n"
                                  "<P>第1&nbsp;版</P>\n");
    assert_text(doc, "    政府工作报告\n  各位代表：\n第1 版\n");
    /* One edit per run of adjacent markup; the counter counts every item. */
    ck_assert_uint_eq(html_edits(doc), 7);
    ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_HTML), 12);
    govtext_edit ed = get_edit(doc, 0);
    ck_assert_uint_eq(ed.kind, GOVTEXT_EDIT_HTML);
    ck_assert_uint_eq(ed.src_start, 0);
    ck_assert_uint_eq(ed.src_end, strlen("<p style=\"text-indent:2em\">&nbsp;&nbsp;&nbsp;&nbsp;"));
    ck_assert_uint_eq(ed.text_start, 0);
    ck_assert_uint_eq(ed.text_end, 4);
    ck_assert(memcmp(ed.new_text, "    ", 4) == 0);
    ck_assert(ed.confidence > 0.9);
    govtext_doc_free(doc);
}
END_TEST

START_TEST(html_block_markup_between_text_breaks_the_line)
{
    check("<p>第一段。</p><p>第二段。</p>\n", "第一段。\n第二段。\n");
    check("第一行<br>第二行<br/>第三行<BR />\n", "第一行\n第二行\n第三行\n");
    check("<div class=\"a\"><p>甲</p></div><div>乙</div>\n", "甲\n乙\n");
    /* Inline markup simply goes. */
    check("<span class=\"x\">人民</span><a href=\"http://www.gov.cn/\">政府</a><b>网</b>"
          "<font color=red>站</font><img src=\"a.png\" alt=\"图\"><o:p></o:p>\n",
          "人民政府网站\n");
    check("<strong>加强</strong>和<em>改进</em>\n", "加强和改进\n");
}
END_TEST

START_TEST(html_removes_script_style_comments_and_code_lines)
{
    /* A line that held only markup is emptied; its newline stays for the
     * layout pass, which removes empty lines. */
    check("正文一\n<script type=\"text/javascript\">var _hmt = _hmt || [];</script>\n正文二\n",
          "正文一\n\n正文二\n");
    check("正文一\n<script>\nvar a = 1;\nif (a < 2) { b(); }\n</script>\n正文二\n",
          "正文一\n\n正文二\n");
    check("<style type=\"text/css\">\n.TRS_Editor P{margin-top:5px;}\n</style>正文\n", "正文\n");
    check("正文<!-- 评论 <p> -->继续<!DOCTYPE html>\n", "正文继续\n");
    check("<div class=\"share\">\n正文\n</div>\n", "\n正文\n\n");
    /* Script code that lost its tags. */
    check("正文\nvar _hmt = _hmt || [];\n(function() { var hm = document.createElement(\"script\"); })();\n"
          ".content p { font-size: 14px; margin: 0 }\n正文\n",
          "正文\n\n\n\n正文\n");
    /* An unclosed <script>: the rest of its line is code. */
    check("正文<script>var x = 1;\n正文\n", "正文\n正文\n");
}
END_TEST

START_TEST(html_keeps_text_that_only_looks_like_markup)
{
    static const char *const texts[] = {
        "如果 x < y 且 a<b，则 <<中国>> 与 <中国> 不同。\n",
        "价格1<2>0；《人民日报》；< p >不是标签；<3 爱心；a < b > c\n",
        "R&D 投入与 AT&T 公司、&copy2024 和 & 符号；a&b&c；&#; &nosuch;\n",
        "<unknown>标签</unknown> 与 <P1> 和 <x y>\n",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        govtext_doc *doc = repair_str(texts[i]);
        assert_text(doc, texts[i]);
        ck_assert_uint_eq(govtext_doc_edit_count(doc), 0);
        ck_assert_uint_eq(govtext_doc_count(doc, GOVTEXT_COUNT_HTML), 0);
        govtext_doc_free(doc);
    }
    static const char *const files[] = {"gwr-2018-excerpt.utf8.txt",
                                        "gwr-2018-excerpt-hant.utf8.txt", "seed-excerpt.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *b = slurp(files[i], &len);
        govtext_doc *doc = repair_bytes(b, len, GOVTEXT_ENC_UTF8);
        ck_assert_msg(html_edits(doc) == 0, "%s", files[i]);
        govtext_doc_free(doc);
        free(b);
    }
}
END_TEST

START_TEST(html_edits_map_to_the_source_bytes)
{
    /* GB18030 source: 中 = D6 D0, then "&nbsp;" (6 bytes), then 国, then
     * "<br>" and 家. */
    const char src[] = "\xD6\xD0&nbsp;\xB9\xFA<br>\xBC\xD2";
    govtext_doc *doc = repair_bytes(src, sizeof src - 1, GOVTEXT_ENC_GB18030);
    assert_text(doc, "中 国\n家");
    ck_assert_uint_eq(html_edits(doc), 2);
    govtext_edit a = get_edit(doc, 0), b = get_edit(doc, 1);
    ck_assert_uint_eq(a.src_start, 2);
    ck_assert_uint_eq(a.src_end, 8);
    ck_assert_uint_eq(a.text_start, 3);
    ck_assert_uint_eq(a.text_end, 4);
    ck_assert_uint_eq(b.src_start, 10);
    ck_assert_uint_eq(b.src_end, 14);
    ck_assert(b.new_len == 1 && b.new_text[0] == '\n');
    size_t s0, s1;
    ck_assert_int_eq(govtext_doc_map_to_source(doc, 7, 8, &s0, &s1), GOVTEXT_OK);
    ck_assert_uint_eq(s0, 10);
    ck_assert_uint_eq(s1, 14);
    govtext_doc_free(doc);
}
END_TEST

/* Appends s, writing “ ” — 中 国 as references. */
static void append_escaped(char **buf, size_t *n, size_t *cap, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        const char *rep = NULL;
        size_t skip = 1;
        if (len - i < 3)
            ; /* too short for a three-byte character */
        else if (memcmp(s + i, "“", 3) == 0)
            rep = "&ldquo;", skip = 3;
        else if (memcmp(s + i, "”", 3) == 0)
            rep = "&rdquo;", skip = 3;
        else if (memcmp(s + i, "—", 3) == 0)
            rep = "&mdash;", skip = 3;
        else if (memcmp(s + i, "中", 3) == 0)
            rep = "&#20013;", skip = 3;
        else if (memcmp(s + i, "国", 3) == 0)
            rep = "&#x56fd;", skip = 3;
        size_t add = rep ? strlen(rep) : 1;
        if (*n + add + 1 > *cap) {
            *cap = (*n + add + 1) * 2;
            *buf = realloc(*buf, *cap);
            ck_assert_ptr_nonnull(*buf);
        }
        memcpy(*buf + *n, rep ? rep : s + i, add);
        *n += add;
        i += skip;
    }
}

START_TEST(html_repairs_a_page_made_from_the_excerpt)
{
    size_t len;
    char *plain = slurp("gwr-2018-excerpt.utf8.txt", &len);
    char *page = NULL;
    size_t n = 0, cap = 0;
    static const char *const before[] = {"<p style=\"text-indent:2em\">&nbsp;&nbsp;",
                                         "&nbsp;&nbsp;&nbsp;&nbsp;", "<p>"};
    static const char *const after[] = {"</p>", "<br />", "</p>"};
    size_t line = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(plain + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - plain) : len;
        append_escaped(&page, &n, &cap, before[line % 3], strlen(before[line % 3]));
        append_escaped(&page, &n, &cap, plain + i, e - i);
        append_escaped(&page, &n, &cap, after[line % 3], strlen(after[line % 3]));
        append_escaped(&page, &n, &cap, "\n", 1);
        if (line == 3) {
            static const char junk[] =
                "<script type=\"text/javascript\">var _hmt = _hmt || [];</script>\n"
                "<div class=\"share\">\n<style>\n.a { color: red; }\n</style>\n";
            append_escaped(&page, &n, &cap, junk, strlen(junk));
        }
        line++;
        i = e + 1;
    }
    govtext_doc *doc = repair_bytes(page, n, GOVTEXT_ENC_UTF8);
    size_t tlen;
    const char *t = govtext_doc_text(doc, &tlen);
    /* Without indents and empty lines, the page reads as the excerpt. */
    char *flat = malloc(tlen + 1);
    size_t m = 0;
    for (size_t i = 0; i < tlen;) {
        const char *nl = memchr(t + i, '\n', tlen - i);
        size_t e = nl ? (size_t)(nl - t) : tlen;
        size_t a = i;
        while (a < e && t[a] == ' ')
            a++;
        if (a < e) {
            memcpy(flat + m, t + a, e - a);
            m += e - a;
            flat[m++] = '\n';
        }
        i = e + 1;
    }
    ck_assert_msg(m == len && memcmp(flat, plain, len) == 0, "got:\n%.*s", (int)m, flat);
    ck_assert(govtext_doc_count(doc, GOVTEXT_COUNT_HTML) > 40);
    govtext_doc_free(doc);
    free(flat);
    free(page);
    free(plain);
}
END_TEST

/* A megabyte of markup-like bytes: linear time (the suite's timeout catches
 * a blow-up) and a sane result. */
START_TEST(html_is_linear_on_adversarial_input)
{
    static const char *const units[] = {"&", "<", "<a ", "<script>", "<!--", "&#", "&amp;",
                                        "<p>", "</style", "&#99999999999"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]), n = (1u << 20) / ul;
        char *buf = malloc(n * ul + 1);
        ck_assert_ptr_nonnull(buf);
        for (size_t i = 0; i < n; i++)
            memcpy(buf + i * ul, units[u], ul);
        govtext_doc *doc = repair_bytes(buf, n * ul, GOVTEXT_ENC_UTF8);
        size_t len;
        govtext_doc_text(doc, &len);
        ck_assert(len <= n * ul);
        govtext_doc_free(doc);
        free(buf);
    }
    /* One long line with a tag that never closes, then many that do. */
    size_t n = 1u << 20;
    char *buf = malloc(n + 16);
    buf[0] = '<';
    buf[1] = 'p';
    memset(buf + 2, ' ', n - 2);
    memcpy(buf + n, "<br>x<br>\n", 10);
    govtext_doc *doc = repair_bytes(buf, n + 10, GOVTEXT_ENC_UTF8);
    size_t len;
    const char *t = govtext_doc_text(doc, &len);
    ck_assert(len >= 3 && memcmp(t + len - 3, "\nx\n", 3) == 0);
    govtext_doc_free(doc);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("repair_html");
    TCase *tc = tcase_create("html");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, html_decodes_named_and_numeric_references);
    tcase_add_test(tc, html_rejects_invalid_numeric_references);
    tcase_add_test(tc, html_nbsp_is_a_space_and_tags_around_lines_go);
    tcase_add_test(tc, html_block_markup_between_text_breaks_the_line);
    tcase_add_test(tc, html_removes_script_style_comments_and_code_lines);
    tcase_add_test(tc, html_keeps_text_that_only_looks_like_markup);
    tcase_add_test(tc, html_edits_map_to_the_source_bytes);
    tcase_add_test(tc, html_repairs_a_page_made_from_the_excerpt);
    tcase_add_test(tc, html_is_linear_on_adversarial_input);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
