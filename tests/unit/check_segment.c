/* Segmentation: lexicons (text, compiled, default, user words), words
 * (precise and index mode), sentences, paragraphs, the buffer protocol,
 * errors, and sharing one lexicon between threads. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "govtext.h"

#define DATA GOVTEXT_TEST_DATA

/* ---- helpers ------------------------------------------------------------- */

static govtext_lexicon *default_lexicon(void)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    ck_assert_ptr_nonnull(lex);
    ck_assert_int_eq(govtext_lexicon_load_default(lex), GOVTEXT_OK);
    return lex;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Segments text and joins the words with '|' into out (for readable
 * assertions); returns the token count. */
static size_t seg_join(govtext_segmenter *s, const char *text, uint32_t mode, char *out,
                       size_t out_cap, govtext_token *toks, size_t cap)
{
    govtext_segment_options o;
    ck_assert_int_eq(govtext_segment_options_init(&o, sizeof o), GOVTEXT_OK);
    o.mode = mode;
    size_t n = 0;
    govtext_status st = govtext_segmenter_words(s, text, strlen(text), &o, toks, cap, &n);
    ck_assert_msg(st == GOVTEXT_OK, "segment: %s", govtext_segmenter_errmsg(s));
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t wl = toks[i].end - toks[i].start;
        ck_assert_uint_lt(at + wl + 2, out_cap);
        if (i)
            out[at++] = '|';
        memcpy(out + at, text + toks[i].start, wl);
        at += wl;
        out[at] = '\0';
    }
    return n;
}

#define SEG(s, text, expect)                                                               \
    do {                                                                                   \
        char joined_[4096];                                                                \
        govtext_token toks_[512];                                                          \
        seg_join((s), (text), GOVTEXT_SEG_PRECISE, joined_, sizeof joined_, toks_, 512);   \
        ck_assert_str_eq(joined_, (expect));                                               \
    } while (0)

/* The token whose text is word, or NULL. */
static const govtext_token *find_token(const char *text, const govtext_token *t, size_t n,
                                       const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].end - t[i].start == strlen(word) &&
            memcmp(text + t[i].start, word, strlen(word)) == 0)
            return &t[i];
    return NULL;
}

/* ---- words with the default lexicon -------------------------------------- */

START_TEST(default_lexicon_keeps_governance_terms_whole)
{
    govtext_lexicon *lex = default_lexicon();
    ck_assert_uint_gt(govtext_lexicon_size(lex), 300000);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    ck_assert_ptr_nonnull(s);
    SEG(s, "推进国家治理体系和治理能力现代化",
        "推进|国家治理体系|和|治理能力现代化");
    SEG(s, "党的十九届四中全会研究了坚持和完善中国特色社会主义制度的若干重大问题",
        "党|的|十九届四中全会|研究|了|坚持|和|完善|中国特色社会主义|制度|的|若干|重大|问题");
    SEG(s, "深化供给侧结构性改革，推动共建一带一路高质量发展",
        "深化|供给侧结构性改革|，|推动|共建|一带一路|高质量发展");
    SEG(s, "坚持全面从严治党，贯彻党的群众路线", "坚持|全面从严治党|，|贯彻|党|的|群众路线");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(traditional_text_is_read_through_the_simplified_lexicon)
{
    /* The same sentences as scraped after a simplified-to-traditional
     * converter: the default (simplified) lexicon reads 體 as 体, and the
     * tokens are the traditional text's own bytes. */
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    SEG(s, "推進國家治理體系和治理能力現代化",
        "推進|國家治理體系|和|治理能力現代化");
    SEG(s, "黨的十九屆四中全會研究了堅持和完善中國特色社會主義制度的若干重大問題",
        "黨|的|十九屆四中全會|研究|了|堅持|和|完善|中國特色社會主義|制度|的|若干|重大|問題");
    /* Simplified text is read as before. */
    SEG(s, "推进国家治理体系和治理能力现代化", "推进|国家治理体系|和|治理能力现代化");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(a_traditional_lexicon_reads_simplified_text)
{
    /* And the other way: a word list in traditional characters (as the
     * bakeoff's AS and CityU lists are) reads simplified text. */
    govtext_lexicon *lex = govtext_lexicon_new();
    const char list[] = "發展\n經濟\n發展經濟\n國家\n治理\n體系\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, list, sizeof list - 1), GOVTEXT_OK);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    SEG(s, "国家治理体系", "国家|治理|体系");
    SEG(s, "國家治理體系", "國家|治理|體系");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
    /* A list with no Han at all leans to neither script: nothing changes. */
    lex = govtext_lexicon_new();
    const char latin[] = "WTO\nGDP\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, latin, sizeof latin - 1), GOVTEXT_OK);
    s = govtext_segmenter_new(lex);
    SEG(s, "GDP体系", "GDP|体|系");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(numbers_dates_percentages_and_latin_are_single_tokens)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "2019年3月5日，GDP增长6.1%，达到99.1万亿元，"
                       "二〇二〇年排名第三十七位，5G网络百分之二十六点八，气温－9℃";
    govtext_token t[64];
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, t, 64, &n), GOVTEXT_OK);
    static const struct {
        const char *word;
        uint32_t kind;
    } expect[] = {
        {"2019年", GOVTEXT_TOKEN_DATE},   {"3月", GOVTEXT_TOKEN_DATE},
        {"5日", GOVTEXT_TOKEN_DATE},      {"GDP", GOVTEXT_TOKEN_LATIN},
        {"6.1%", GOVTEXT_TOKEN_NUMBER},   {"99.1万亿", GOVTEXT_TOKEN_NUMBER},
        {"二〇二〇年", GOVTEXT_TOKEN_DATE}, {"第三十七", GOVTEXT_TOKEN_NUMBER},
        {"5G", GOVTEXT_TOKEN_LATIN},      {"百分之二十六点八", GOVTEXT_TOKEN_NUMBER},
        {"－9", GOVTEXT_TOKEN_NUMBER},    {"，", GOVTEXT_TOKEN_PUNCT},
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        const govtext_token *k = find_token(text, t, n, expect[i].word);
        ck_assert_msg(k != NULL, "no token %s", expect[i].word);
        ck_assert_msg(k->kind == expect[i].kind, "%s: kind %u, expected %u", expect[i].word,
                      (unsigned)k->kind, (unsigned)expect[i].kind);
    }
    /* Tokens cover the text in order, without gaps (no white space here). */
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(t[i].start, at);
        ck_assert_uint_gt(t[i].end, t[i].start);
        at = t[i].end;
    }
    ck_assert_uint_eq(at, strlen(text));
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(words_have_tags_from_the_lexicon)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "我们坚持改革";
    govtext_token t[8];
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, t, 8, &n), GOVTEXT_OK);
    const govtext_token *k = find_token(text, t, n, "坚持");
    ck_assert_ptr_nonnull(k);
    ck_assert_uint_eq(k->kind, GOVTEXT_TOKEN_WORD);
    ck_assert_str_eq(govtext_lexicon_tag_name(lex, k->tag), "v");
    ck_assert_str_eq(govtext_segmenter_tag_name(s, k->tag), "v");
    ck_assert_str_eq(govtext_lexicon_tag_name(lex, 0), "");
    ck_assert_str_eq(govtext_lexicon_tag_name(lex, 99999), "");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(white_space_is_dropped_or_kept_as_tokens)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "改革 开放\n  发展";
    govtext_token t[16];
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, t, 16, &n), GOVTEXT_OK);
    ck_assert_uint_eq(n, 3);
    govtext_segment_options o;
    govtext_segment_options_init(&o, sizeof o);
    o.flags = GOVTEXT_SEG_KEEP_SPACE;
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), &o, t, 16, &n), GOVTEXT_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(t[1].kind, GOVTEXT_TOKEN_SPACE);
    ck_assert_uint_eq(t[3].kind, GOVTEXT_TOKEN_SPACE);
    ck_assert_uint_eq(t[3].end - t[3].start, 3); /* "\n  " is one token */
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(index_mode_adds_the_words_inside_long_words)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "深化供给侧结构性改革";
    char joined[1024];
    govtext_token t[64];
    size_t n = seg_join(s, text, GOVTEXT_SEG_INDEX, joined, sizeof joined, t, 64);
    ck_assert_str_eq(joined, "深化|供给侧结构性改革|供给|供给侧|结构|结构性|结构性改革|改革");
    /* The inner words nest inside the long word and follow it. */
    ck_assert_uint_eq(n, 8);
    for (size_t i = 2; i < n; i++) {
        ck_assert_uint_ge(t[i].start, t[1].start);
        ck_assert_uint_le(t[i].end, t[1].end);
    }
    /* Precise mode has only the long word. */
    n = seg_join(s, text, GOVTEXT_SEG_PRECISE, joined, sizeof joined, t, 64);
    ck_assert_str_eq(joined, "深化|供给侧结构性改革");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

/* ---- buffer protocol and errors ------------------------------------------ */

START_TEST(buffer_too_small_reports_the_size_needed)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "中国人民进入新世纪的主要任务";
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, NULL, 0, &n),
                     GOVTEXT_ERR_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(n, 3);
    size_t need = n;
    govtext_token small[2];
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, small, 2, &n),
                     GOVTEXT_ERR_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(n, need);
    ck_assert_str_ne(govtext_segmenter_errmsg(s), "");
    govtext_token *t = malloc(need * sizeof *t);
    ck_assert_int_eq(govtext_segmenter_words(s, text, strlen(text), NULL, t, need, &n), GOVTEXT_OK);
    ck_assert_uint_eq(n, need);
    ck_assert_str_eq(govtext_segmenter_errmsg(s), "");
    /* The two tokens that fit are the first two of the whole answer. */
    ck_assert_uint_eq(small[0].end, t[0].end);
    ck_assert_uint_eq(small[1].end, t[1].end);
    free(t);
    /* Sentences and paragraphs follow the same protocol. */
    ck_assert_int_eq(govtext_segmenter_sentences(s, "一。二。", strlen("一。二。"), NULL, 0, &n),
                     GOVTEXT_ERR_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(govtext_segmenter_paragraphs(s, "一\n\n二\n", 9, NULL, 0, &n),
                     GOVTEXT_ERR_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(n, 2);
    /* Empty text: no tokens, success. */
    ck_assert_int_eq(govtext_segmenter_words(s, "", 0, NULL, NULL, 0, &n), GOVTEXT_OK);
    ck_assert_uint_eq(n, 0);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

/* A run without space or punctuation longer than the segmenter's scratch
 * (a few thousand characters) is cut, and nothing is lost: the tokens
 * tile the text, each of the kind its characters call for.  A Latin run
 * that long is one token per piece, as long as the path search allows
 * (its length is packed into the search's cells). */
static void assert_tiles(govtext_segmenter *s, const char *text, size_t len, uint32_t kind,
                         size_t min_tokens, size_t max_tokens)
{
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, text, len, NULL, NULL, 0, &n),
                     GOVTEXT_ERR_BUFFER_TOO_SMALL);
    govtext_token *t = malloc(n * sizeof *t);
    ck_assert_int_eq(govtext_segmenter_words(s, text, len, NULL, t, n, &n), GOVTEXT_OK);
    ck_assert_uint_ge(n, min_tokens);
    ck_assert_uint_le(n, max_tokens);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(t[i].start, at);
        ck_assert_uint_gt(t[i].end, t[i].start);
        ck_assert_uint_eq(t[i].kind, kind);
        at = t[i].end;
    }
    ck_assert_uint_eq(at, len);
    free(t);
}

START_TEST(runs_longer_than_the_scratch_are_cut_and_lose_nothing)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    size_t len = 20000;
    char *text = malloc(len + 1);
    memset(text, 'x', len);
    text[len] = '\0';
    /* 20,000 letters: a handful of pieces, not one token per letter. */
    assert_tiles(s, text, len, GOVTEXT_TOKEN_LATIN, 2, 10);
    /* 国家 3,333 times: words, cut where the scratch ends. */
    const char *w = "国家";
    len -= len % 6;
    for (size_t i = 0; i < len; i++)
        text[i] = w[i % 6];
    assert_tiles(s, text, len, GOVTEXT_TOKEN_WORD, len / 6, len / 3);
    free(text);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

/* Words are checked for valid UTF-8 as they are segmented, not in a pass
 * before: every way a character is read (inside a run of ideographs, after
 * white space, in repeated punctuation, at the end) reports the first
 * invalid byte, as the validation of the other calls does. */
START_TEST(invalid_utf8_is_found_where_words_read_it)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    govtext_token t[16];
    static const struct {
        const char *text;
        size_t at;
    } cases[] = {
        {"中国\xED\xA0\x80治理", 6},     /* a surrogate inside a run */
        {"中国 \xE0\x80\x80", 7},        /* an overlong after a space */
        {"\xE2\x80\x94\xE2\x80\x94\xFF", 6}, /* after a dash repeated */
        {"治理\xC0\xAF", 6},              /* an overlong of two bytes */
        {"abc\xF4\x90\x80\x80", 3},     /* above U+10FFFF */
        {"国家治理体系\xE4\xB8", 18},     /* cut short at the end */
        {"国\xE4\xB8\x41体系", 3},       /* a continuation byte missing */
        {"\x80中国", 0},                   /* a lone continuation byte */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = 99, len = strlen(cases[k].text);
        char want[64];
        snprintf(want, sizeof want, "byte %zu", cases[k].at);
        ck_assert_int_eq(govtext_segmenter_words(s, cases[k].text, len, NULL, t, 16, &n),
                         GOVTEXT_ERR_INVALID_UTF8);
        ck_assert_uint_eq(n, 0);
        ck_assert_msg(strstr(govtext_segmenter_errmsg(s), want) != NULL, "case %zu: %s", k,
                      govtext_segmenter_errmsg(s));
    }
    /* Valid four-byte and two-byte characters beside ideographs pass. */
    size_t n = 0;
    const char ok[] = "\xF0\x9F\x98\x80中国\xC3\xA9";
    ck_assert_int_eq(govtext_segmenter_words(s, ok, sizeof ok - 1, NULL, t, 16, &n), GOVTEXT_OK);
    ck_assert_uint_ge(n, 2);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(invalid_utf8_and_bad_arguments_are_refused)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    govtext_token t[8];
    size_t n = 99;
    const char bad[] = "中国\xE4\xB8";
    ck_assert_int_eq(govtext_segmenter_words(s, bad, sizeof bad - 1, NULL, t, 8, &n),
                     GOVTEXT_ERR_INVALID_UTF8);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_nonnull(strstr(govtext_segmenter_errmsg(s), "byte 6"));
    ck_assert_int_eq(govtext_segmenter_sentences(s, "\xFF", 1, t, 8, &n), GOVTEXT_ERR_INVALID_UTF8);
    ck_assert_int_eq(govtext_segmenter_paragraphs(s, "a\xC0\x80", 3, t, 8, &n),
                     GOVTEXT_ERR_INVALID_UTF8);
    ck_assert_int_eq(govtext_segmenter_words(NULL, "a", 1, NULL, t, 8, &n), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, NULL, t, 8, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_words(s, NULL, 1, NULL, t, 8, &n), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, NULL, NULL, 8, &n),
                     GOVTEXT_ERR_INVALID_ARG);
    /* Options: too small, a newer struct with unknown members, bad values. */
    govtext_segment_options o;
    ck_assert_int_eq(govtext_segment_options_init(&o, 4), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segment_options_init(NULL, sizeof o), GOVTEXT_ERR_INVALID_ARG);
    govtext_segment_options_init(&o, sizeof o);
    o.struct_size = 4;
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, &o, t, 8, &n), GOVTEXT_ERR_INVALID_ARG);
    struct {
        govtext_segment_options o;
        uint64_t future;
    } big;
    govtext_segment_options_init(&big.o, sizeof big);
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, &big.o, t, 8, &n), GOVTEXT_OK);
    big.future = 1;
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, &big.o, t, 8, &n),
                     GOVTEXT_ERR_UNSUPPORTED);
    govtext_segment_options_init(&o, sizeof o);
    o.mode = 7;
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, &o, t, 8, &n), GOVTEXT_ERR_INVALID_ARG);
    o.mode = 0;
    o.flags = 0x100;
    ck_assert_int_eq(govtext_segmenter_words(s, "a", 1, &o, t, 8, &n), GOVTEXT_ERR_UNSUPPORTED);
    /* NULL handles. */
    ck_assert_ptr_null(govtext_segmenter_new(NULL));
    ck_assert_str_ne(govtext_segmenter_errmsg(NULL), "");
    ck_assert_str_ne(govtext_lexicon_errmsg(NULL), "");
    ck_assert_int_eq(govtext_lexicon_load_default(NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_lexicon_load_file(NULL, "x"), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_uint_eq(govtext_lexicon_size(NULL), 0);
    govtext_segmenter_free(NULL);
    govtext_lexicon_free(NULL);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

/* ---- lexicons ----------------------------------------------------------- */

START_TEST(text_lexicon_skips_malformed_lines_and_merges_duplicates)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    const char text[] = "\xEF\xBB\xBF# a comment\n"
                        "治理体系 100 n\r\n"
                        "\n"
                        "群众路线\tl\n"
                        "治理体系 300 nz\n"         /* duplicate: the later line wins */
                        "一带一路 12\n"
                        "bad 12 n extra\n"          /* four fields */
                        "坏\xFF 3\n"                /* invalid UTF-8 */
                        "数字 abc!\n"               /* not a frequency nor a tag */
                        "频率 99999999999 n\n"      /* frequency overflows 32 bits */
                        "  供给侧   5   n  \n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, text, sizeof text - 1), GOVTEXT_OK);
    ck_assert_uint_eq(govtext_lexicon_size(lex), 4);
    ck_assert_uint_eq(govtext_lexicon_skipped_lines(lex), 4);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *in = "治理体系";
    govtext_token t[4];
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(s, in, strlen(in), NULL, t, 4, &n), GOVTEXT_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(govtext_lexicon_tag_name(lex, t[0].tag), "nz");
    /* Once a segmenter uses it, the lexicon is frozen. */
    ck_assert_int_eq(govtext_lexicon_load_text(lex, "新词 1\n", 8), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_ptr_nonnull(strstr(govtext_lexicon_errmsg(lex), "segmenter"));
    ck_assert_int_eq(govtext_lexicon_load_default(lex), GOVTEXT_ERR_INVALID_ARG);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(plain_word_list_segments_by_fewest_words)
{
    /* No frequencies at all (a bakeoff word list): costs by words. */
    govtext_lexicon *lex = govtext_lexicon_new();
    const char list[] = "中国\n人民\n中国人\n民进\n进入\n新\n世纪\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, list, sizeof list - 1), GOVTEXT_OK);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    SEG(s, "中国人民进入新世纪", "中国|人民|进入|新|世纪");
    SEG(s, "1998年", "1998年");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(user_words_overlay_the_shared_lexicon)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *a = govtext_segmenter_new(lex);
    govtext_segmenter *b = govtext_segmenter_new(lex);
    const char *text = "推进枫桥经验在基层落地";
    SEG(a, text, "推进|枫桥|经验|在|基层|落地");
    ck_assert_int_eq(govtext_segmenter_add_word(a, "枫桥经验", strlen("枫桥经验"), 0, "nzz"),
                     GOVTEXT_OK);
    SEG(a, text, "推进|枫桥经验|在|基层|落地");
    /* Another segmenter over the same lexicon does not see a's words. */
    SEG(b, text, "推进|枫桥|经验|在|基层|落地");
    /* The tag, unknown to the lexicon, is the segmenter's own. */
    govtext_token t[16];
    size_t n = 0;
    ck_assert_int_eq(govtext_segmenter_words(a, text, strlen(text), NULL, t, 16, &n), GOVTEXT_OK);
    ck_assert_str_eq(govtext_segmenter_tag_name(a, t[1].tag), "nzz");
    ck_assert_str_eq(govtext_lexicon_tag_name(lex, t[1].tag), "");
    /* A frequency can also make a word lose: a tiny one keeps the split. */
    ck_assert_int_eq(govtext_segmenter_add_word(b, "在基层", strlen("在基层"), 1, NULL),
                     GOVTEXT_OK);
    SEG(b, text, "推进|枫桥|经验|在|基层|落地");
    ck_assert_int_eq(govtext_segmenter_add_word(b, "在基层", strlen("在基层"), 10000000, "x"),
                     GOVTEXT_OK);
    SEG(b, text, "推进|枫桥|经验|在基层|落地");
    /* Bad words. */
    ck_assert_int_eq(govtext_segmenter_add_word(a, "", 0, 0, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_add_word(a, "a b", 3, 0, NULL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_add_word(a, "\xFF", 1, 0, NULL), GOVTEXT_ERR_INVALID_UTF8);
    ck_assert_int_eq(govtext_segmenter_add_word(a, "ab", 2, 0, "a-tag-far-too-long"),
                     GOVTEXT_ERR_INVALID_ARG);
    ck_assert_int_eq(govtext_segmenter_add_word(NULL, "ab", 2, 0, NULL), GOVTEXT_ERR_INVALID_ARG);
    govtext_segmenter_free(a);
    govtext_segmenter_free(b);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(user_words_on_a_word_list_win_over_their_parts)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    const char list[] = "枫桥\n经验\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, list, sizeof list - 1), GOVTEXT_OK);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    SEG(s, "枫桥经验", "枫桥|经验");
    ck_assert_int_eq(govtext_segmenter_add_word(s, "枫桥经验", strlen("枫桥经验"), 0, NULL),
                     GOVTEXT_OK);
    SEG(s, "枫桥经验", "枫桥经验");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(later_lexicons_override_earlier_ones)
{
    govtext_lexicon *lex = default_lexicon();
    /* A user dictionary in jieba's format adds words and re-weighs one. */
    const char user[] = "枫桥经验 5000 nz\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, user, sizeof user - 1), GOVTEXT_OK);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    SEG(s, "推进枫桥经验在基层落地", "推进|枫桥经验|在|基层|落地");
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

static char tmp_path[256];

static void make_tmp(const char *name)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/check_segment_%ld_%s", (long)getpid(), name);
}

START_TEST(compiled_lexicon_round_trips)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    const char text[] = "治理体系 100 n\n群众路线 20 l\n一带一路 12\n治理 50 v\n体系 40 n\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, text, sizeof text - 1), GOVTEXT_OK);
    make_tmp("rt.lex");
    ck_assert_int_eq(govtext_lexicon_save(lex, tmp_path), GOVTEXT_OK);
    govtext_lexicon *back = govtext_lexicon_new();
    ck_assert_int_eq(govtext_lexicon_load_file(back, tmp_path), GOVTEXT_OK);
    ck_assert_uint_eq(govtext_lexicon_size(back), 5);
    ck_assert_uint_eq(govtext_lexicon_skipped_lines(back), 0);
    /* The same words, frequencies and tags: the same segmentation. */
    govtext_segmenter *s1 = govtext_segmenter_new(lex), *s2 = govtext_segmenter_new(back);
    const char *in = "治理体系群众路线一带一路治理";
    govtext_token t1[16], t2[16];
    size_t n1 = 0, n2 = 0;
    ck_assert_int_eq(govtext_segmenter_words(s1, in, strlen(in), NULL, t1, 16, &n1), GOVTEXT_OK);
    ck_assert_int_eq(govtext_segmenter_words(s2, in, strlen(in), NULL, t2, 16, &n2), GOVTEXT_OK);
    ck_assert_uint_eq(n1, n2);
    for (size_t i = 0; i < n1; i++) {
        ck_assert_uint_eq(t1[i].start, t2[i].start);
        ck_assert_uint_eq(t1[i].end, t2[i].end);
        ck_assert_str_eq(govtext_lexicon_tag_name(lex, t1[i].tag),
                         govtext_lexicon_tag_name(back, t2[i].tag));
    }
    /* Saving the loaded compiled lexicon gives the same bytes. */
    char path2[300];
    snprintf(path2, sizeof path2, "%s.2", tmp_path);
    ck_assert_int_eq(govtext_lexicon_save(back, path2), GOVTEXT_OK);
    size_t la, lb;
    char *a = read_file(tmp_path, &la), *b = read_file(path2, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    /* The same bytes also load from memory. */
    govtext_lexicon *mem = govtext_lexicon_new();
    ck_assert_int_eq(govtext_lexicon_load_text(mem, a, la), GOVTEXT_OK);
    ck_assert_uint_eq(govtext_lexicon_size(mem), 5);
    govtext_lexicon_free(mem);
    free(a);
    free(b);
    unlink(tmp_path);
    unlink(path2);
    govtext_segmenter_free(s1);
    govtext_segmenter_free(s2);
    govtext_lexicon_free(lex);
    govtext_lexicon_free(back);
}
END_TEST

START_TEST(corrupt_compiled_lexicon_is_refused)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    const char text[] = "治理体系 100 n\n群众路线 20 l\n一带一路 12\n";
    ck_assert_int_eq(govtext_lexicon_load_text(lex, text, sizeof text - 1), GOVTEXT_OK);
    make_tmp("good.lex");
    ck_assert_int_eq(govtext_lexicon_save(lex, tmp_path), GOVTEXT_OK);
    govtext_lexicon_free(lex);
    size_t len;
    char *good = read_file(tmp_path, &len);
    unlink(tmp_path);
    char *bad = malloc(len);
    /* Every truncation, and a flipped bit at every 8th byte. */
    for (size_t cut = 8; cut < len; cut += 1 + cut / 4) {
        govtext_lexicon *l = govtext_lexicon_new();
        ck_assert_int_eq(govtext_lexicon_load_text(l, good, cut), GOVTEXT_ERR_CORRUPT);
        ck_assert_str_ne(govtext_lexicon_errmsg(l), "");
        ck_assert_uint_eq(govtext_lexicon_size(l), 0);
        govtext_lexicon_free(l);
    }
    for (size_t i = 8; i < len; i += 8) {
        memcpy(bad, good, len);
        bad[i] ^= 0x10;
        govtext_lexicon *l = govtext_lexicon_new();
        govtext_status st = govtext_lexicon_load_text(l, bad, len);
        ck_assert_msg(st == GOVTEXT_ERR_CORRUPT || st == GOVTEXT_ERR_UNSUPPORTED,
                      "bit flip at %zu: %s", i, govtext_status_name(st));
        govtext_lexicon_free(l);
    }
    /* A damaged file on disk, too. */
    memcpy(bad, good, len);
    bad[len - 3] ^= 1;
    make_tmp("bad.lex");
    FILE *f = fopen(tmp_path, "wb");
    fwrite(bad, 1, len, f);
    fclose(f);
    govtext_lexicon *l = govtext_lexicon_new();
    ck_assert_int_eq(govtext_lexicon_load_file(l, tmp_path), GOVTEXT_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(govtext_lexicon_errmsg(l), "checksum"));
    ck_assert_int_eq(govtext_lexicon_load_file(l, "/nonexistent/x.lex"), GOVTEXT_ERR_IO);
    govtext_lexicon_free(l);
    unlink(tmp_path);
    free(bad);
    free(good);
}
END_TEST

START_TEST(lexicon_may_be_freed_before_its_segmenters)
{
    govtext_lexicon *lex = default_lexicon();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    govtext_lexicon_free(lex); /* the segmenter keeps it alive */
    SEG(s, "推进国家治理体系和治理能力现代化", "推进|国家治理体系|和|治理能力现代化");
    govtext_segmenter_free(s);
}
END_TEST

/* ---- threads -------------------------------------------------------------- */

typedef struct thread_arg {
    govtext_lexicon *lex;
    const char *text;
    size_t len;
    size_t count;
    size_t checksum;
    int ok;
} thread_arg;

static void *segment_thread(void *p)
{
    thread_arg *a = p;
    govtext_segmenter *s = govtext_segmenter_new(a->lex);
    size_t cap = a->len + 1;
    govtext_token *t = malloc(cap * sizeof *t);
    a->ok = s && t;
    for (int round = 0; round < 3 && a->ok; round++) {
        size_t n = 0;
        a->ok = govtext_segmenter_words(s, a->text, a->len, NULL, t, cap, &n) == GOVTEXT_OK;
        size_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum = sum * 31 + t[i].end;
        a->count = n;
        a->checksum = sum;
    }
    free(t);
    govtext_segmenter_free(s);
    return NULL;
}

START_TEST(segmenters_in_threads_share_one_lexicon)
{
    size_t len;
    char *text = read_file(DATA "/gwr-2018-excerpt.utf8.txt", &len);
    govtext_lexicon *lex = default_lexicon();
    thread_arg args[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (thread_arg){lex, text, len, 0, 0, 0};
        ck_assert_int_eq(pthread_create(&th[i], NULL, segment_thread, &args[i]), 0);
    }
    /* (The threads freeze the lexicon together, each creating its
     * segmenter.) */
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert(args[i].ok);
        ck_assert_uint_gt(args[i].count, 500);
        ck_assert_uint_eq(args[i].count, args[0].count);
        ck_assert_uint_eq(args[i].checksum, args[0].checksum);
    }
    govtext_lexicon_free(lex);
    free(text);
}
END_TEST

/* ---- sentences and paragraphs ------------------------------------------- */

static size_t spans_of(govtext_status (*fn)(govtext_segmenter *, const char *, size_t,
                                            govtext_token *, size_t, size_t *),
                       govtext_segmenter *s, const char *text, size_t len, govtext_token *t,
                       size_t cap)
{
    size_t n = 0;
    ck_assert_int_eq(fn(s, text, len, t, cap, &n), GOVTEXT_OK);
    return n;
}

static int span_is(const char *text, const govtext_token *t, const char *expect)
{
    return t->end - t->start == strlen(expect) && memcmp(text + t->start, expect, strlen(expect)) == 0;
}

START_TEST(sentences_follow_end_punctuation_and_numbered_headings)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    const char *text = "第四条　党员教育管理工作遵循以下原则：（一）坚持党要管党；（二）坚持以党的"
                       "政治建设为统领。3. 经济增长6.5%。他说：“改革是法宝！”  我们同意……\n"
                       "一、总体要求\n根据第一条规定，Mr. Smith arrived at 3 p.m. today. Done";
    govtext_token t[32];
    size_t n = spans_of(govtext_segmenter_sentences, s, text, strlen(text), t, 32);
    static const char *const expect[] = {
        "第四条　党员教育管理工作遵循以下原则：",
        "（一）坚持党要管党；",
        "（二）坚持以党的政治建设为统领。",
        "3. 经济增长6.5%。",
        "他说：“改革是法宝！”",
        "我们同意……",
        "一、总体要求",
        "根据第一条规定，Mr. Smith arrived at 3 p.m. today.",
        "Done",
    };
    ck_assert_uint_eq(n, sizeof expect / sizeof expect[0]);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(t[i].kind, GOVTEXT_TOKEN_SENTENCE);
        ck_assert_msg(span_is(text, &t[i], expect[i]), "sentence %zu is '%.*s'", i,
                      (int)(t[i].end - t[i].start), text + t[i].start);
    }
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(sentences_of_a_real_regulation)
{
    size_t len;
    char *text = read_file(DATA "/gov-structure-excerpt.txt", &len);
    govtext_lexicon *lex = govtext_lexicon_new();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    govtext_token t[256];
    size_t n = spans_of(govtext_segmenter_sentences, s, text, len, t, 256);
    ck_assert_uint_eq(n, 28);
    int chapter = 0, article = 0, item = 0, decision = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = text + t[i].start;
        size_t l = t[i].end - t[i].start;
        /* No sentence starts or ends with white space or crosses a line. */
        ck_assert(p[0] != ' ' && p[0] != '\n' && p[l - 1] != '\n' && p[l - 1] != ' ');
        ck_assert_ptr_null(memchr(p, '\n', l));
        if (span_is(text, &t[i], "第一章　总则"))
            chapter = 1;
        if (span_is(text, &t[i], "第四条　党员教育管理工作遵循以下原则："))
            article = 1;
        if (l > 9 && memcmp(p, "（四）坚持从实际出发", 30) == 0 &&
            memcmp(p + l - 3, "。", 3) == 0)
            item = 1;
        if (span_is(text, &t[i], "（1）进一步全面深化改革的重要性和必要性。"))
            decision = 1;
    }
    ck_assert(chapter && article && item && decision);
    free(text);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(paragraphs_from_lines_blank_lines_and_indentation)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    govtext_segmenter *s = govtext_segmenter_new(lex);
    govtext_token t[32];
    /* One paragraph per line (the repaired form). */
    size_t len;
    char *text = read_file(DATA "/gov-structure-excerpt.txt", &len);
    size_t n = spans_of(govtext_segmenter_paragraphs, s, text, len, t, 32);
    ck_assert_uint_eq(n, 18);
    ck_assert(span_is(text, &t[5], "第一章　总则"));
    ck_assert_uint_eq(t[0].kind, GOVTEXT_TOKEN_PARAGRAPH);
    free(text);
    /* Indented paragraphs with hard-wrapped lines. */
    const char *wrapped = "    第一段第一行的文字很长很长很长很长很长很长\n"
                          "第一段第二行，结束。\n"
                          "    第二段只有一行。\n"
                          "\n"
                          "第三段在空行之后\n"
                          "    第四段\n";
    n = spans_of(govtext_segmenter_paragraphs, s, wrapped, strlen(wrapped), t, 32);
    ck_assert_uint_eq(n, 4);
    ck_assert(span_is(wrapped, &t[0], "第一段第一行的文字很长很长很长很长很长很长\n"
                                       "第一段第二行，结束。"));
    ck_assert(span_is(wrapped, &t[1], "第二段只有一行。"));
    ck_assert(span_is(wrapped, &t[2], "第三段在空行之后"));
    ck_assert(span_is(wrapped, &t[3], "第四段"));
    /* Blank lines around, white space only, nothing. */
    n = spans_of(govtext_segmenter_paragraphs, s, "\n \n\t\n", 5, t, 32);
    ck_assert_uint_eq(n, 0);
    govtext_segmenter_free(s);
    govtext_lexicon_free(lex);
}
END_TEST

static Suite *segment_suite(void)
{
    Suite *su = suite_create("segment");
    TCase *tc = tcase_create("words");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, default_lexicon_keeps_governance_terms_whole);
    tcase_add_test(tc, traditional_text_is_read_through_the_simplified_lexicon);
    tcase_add_test(tc, a_traditional_lexicon_reads_simplified_text);
    tcase_add_test(tc, numbers_dates_percentages_and_latin_are_single_tokens);
    tcase_add_test(tc, words_have_tags_from_the_lexicon);
    tcase_add_test(tc, white_space_is_dropped_or_kept_as_tokens);
    tcase_add_test(tc, index_mode_adds_the_words_inside_long_words);
    tcase_add_test(tc, buffer_too_small_reports_the_size_needed);
    tcase_add_test(tc, invalid_utf8_and_bad_arguments_are_refused);
    tcase_add_test(tc, invalid_utf8_is_found_where_words_read_it);
    tcase_add_test(tc, runs_longer_than_the_scratch_are_cut_and_lose_nothing);
    suite_add_tcase(su, tc);
    tc = tcase_create("lexicon");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, text_lexicon_skips_malformed_lines_and_merges_duplicates);
    tcase_add_test(tc, plain_word_list_segments_by_fewest_words);
    tcase_add_test(tc, user_words_overlay_the_shared_lexicon);
    tcase_add_test(tc, user_words_on_a_word_list_win_over_their_parts);
    tcase_add_test(tc, later_lexicons_override_earlier_ones);
    tcase_add_test(tc, compiled_lexicon_round_trips);
    tcase_add_test(tc, corrupt_compiled_lexicon_is_refused);
    tcase_add_test(tc, lexicon_may_be_freed_before_its_segmenters);
    tcase_add_test(tc, segmenters_in_threads_share_one_lexicon);
    suite_add_tcase(su, tc);
    tc = tcase_create("structure");
    tcase_add_test(tc, sentences_follow_end_punctuation_and_numbered_headings);
    tcase_add_test(tc, sentences_of_a_real_regulation);
    tcase_add_test(tc, paragraphs_from_lines_blank_lines_and_indentation);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(segment_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
