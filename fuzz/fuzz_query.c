/* Fuzz target: the query language.  A small index is built once; the input
 * is a query.  Any query gets a status (with a message when it is not OK),
 * hits within the limit and snippets inside their documents, and term
 * statistics that agree with the search.  When the input is a plain string
 * (no operator characters), it is also searched as a phrase and compared
 * with a brute-force substring search: the index must find exactly the
 * documents that contain it, with the same number of occurrences. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "govtext.h"

#include "fuzz_index_util.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const char *id, *text, *source;
    int32_t year;
} DOCS[] = {
    {"gwr-2018", "推进国家治理体系和治理能力现代化，坚持依法治国。", "国务院", 2018},
    {"gwr-2019", "依法 治国，依法\t治国，依法　治国。GDP增长6.6%", "国务院", 2019},
    {"rmrb-1", "政治理论学习，全面从严治党。", "人民日报", 2019},
    {"rmrb-2", "哈哈哈哈哈 abc ABC aBc", "人民日报", 2020},
    {"ascii", "line one\nline two\r\nline three OR - ( ) \" word: year:", "test", 0},
    {"empty", "", "test", 2021},
    {"one", "治", "test", 2021},
    {"end", "结尾是治", "test", 2015},
    {"emoji", "\xF0\x9F\x98\x80治理\xF0\x9F\x98\x80 Ａｂｃ", "test", 2015},
};
#define NDOCS (sizeof DOCS / sizeof DOCS[0])

static govtext_index *idx;
static govtext_results *res;

static void init(void)
{
    if (idx)
        return;
    char dir[] = "/tmp/fuzz_query-XXXXXX", path[64];
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/q.idx", dir);
    govtext_index_writer *w = NULL;
    if (govtext_index_writer_new(NULL, &w) != GOVTEXT_OK)
        abort();
    for (size_t i = 0; i < NDOCS; i++) {
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        m.source = DOCS[i].source;
        m.source_len = strlen(DOCS[i].source);
        m.year = DOCS[i].year;
        if (govtext_index_writer_add(w, DOCS[i].id, strlen(DOCS[i].id), DOCS[i].text,
                                     strlen(DOCS[i].text), &m) != GOVTEXT_OK)
            abort();
    }
    idx = govtext_index_new();
    if (govtext_index_writer_save(w, path) != GOVTEXT_OK || govtext_index_open(idx, path))
        abort();
    govtext_index_writer_free(w);
    unlink(path); /* the mapping keeps it */
    rmdir(dir);
    res = govtext_results_new();
}

static int is_space(uint32_t c) /* Unicode White_Space */
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

static size_t decode(const unsigned char *s, size_t left, uint32_t *c)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (n > left)
        n = left;
    uint32_t v = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7F >> n));
    for (size_t i = 1; i < n; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *c = v;
    return n;
}

static unsigned char fold(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
}

/* Overlapping matches of q in t: bytes with ASCII case folded, each white
 * space character of q matching one of t. */
static uint64_t brute(const unsigned char *t, size_t len, const unsigned char *q, size_t qlen)
{
    uint64_t n = 0;
    for (size_t s = 0; s < len; s++) {
        if ((t[s] & 0xC0) == 0x80)
            continue;
        size_t i = s, k = 0;
        int ok = 1;
        while (ok && k < qlen) {
            uint32_t qc, tc;
            size_t qn = decode(q + k, qlen - k, &qc);
            if (i >= len) {
                ok = 0;
            } else if (is_space(qc)) {
                size_t tn = decode(t + i, len - i, &tc);
                ok = is_space(tc);
                i += tn;
            } else {
                for (size_t j = 0; j < qn && ok; j++, i++)
                    ok = i < len && fold(t[i]) == fold(q[k + j]);
            }
            k += qn;
        }
        n += ok;
    }
    return n;
}

/* A plain string: valid for a phrase and free of the cases the oracle
 * leaves out (a '"', white space at an end or in a run, U+0000: see the
 * bug_* tests in tests/unit/check_index.c). */
static int plain(const unsigned char *q, size_t n)
{
    if (n == 0 || n > 200 || memchr(q, '"', n) || memchr(q, 0, n))
        return 0;
    int prev = 1; /* a space "before" the start */
    uint32_t c = 0;
    for (size_t i = 0; i < n;) {
        if (q[i] >= 0x80 && (q[i] < 0xC2 || q[i] > 0xF4))
            return 0; /* the library checks the rest of UTF-8 */
        i += decode(q + i, n - i, &c);
        int sp = is_space(c);
        if (sp && prev)
            return 0;
        prev = sp;
    }
    return !prev;
}

static void check_phrase(const unsigned char *q, size_t n)
{
    char *quoted = malloc(n + 2);
    quoted[0] = '"';
    memcpy(quoted + 1, q, n);
    quoted[n + 1] = '"';
    govtext_search_options so;
    govtext_search_options_init(&so, sizeof so);
    so.limit = GOVTEXT_SEARCH_ALL;
    govtext_status st = govtext_index_search(idx, quoted, n + 2, &so, res);
    free(quoted);
    if (st != GOVTEXT_OK)
        return; /* invalid UTF-8, a term over the limit */
    uint64_t want[NDOCS] = {0}, got[NDOCS] = {0};
    size_t total = 0;
    for (size_t d = 0; d < NDOCS; d++) {
        size_t len;
        const char *t = fuzz_doc_text(idx, d, &len);
        want[d] = brute((const unsigned char *)t, len, q, n);
        total += want[d] > 0;
    }
    if (govtext_results_total(res) != total)
        abort();
    for (size_t i = 0; i < govtext_results_count(res); i++) {
        govtext_hit h;
        h.struct_size = sizeof h;
        govtext_results_get(res, i, &h);
        got[h.doc] = h.occurrences;
    }
    if (memcmp(got, want, sizeof got) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    const char *q = (const char *)data;
    static const struct {
        size_t limit;
        uint32_t flags, chars;
    } OPTS[] = {{3, GOVTEXT_SEARCH_SNIPPETS, 2}, {GOVTEXT_SEARCH_ALL, 0, 0},
                {0, GOVTEXT_SEARCH_COUNT_ONLY, 0}};
    size_t total = 0;
    for (size_t o = 0; o < 3; o++) {
        govtext_search_options so;
        govtext_search_options_init(&so, sizeof so);
        so.limit = OPTS[o].limit;
        so.flags = OPTS[o].flags;
        so.snippet_chars = OPTS[o].chars;
        govtext_status st = govtext_index_search(idx, q, size, &so, res);
        if (st != GOVTEXT_OK) {
            if (govtext_results_errmsg(res)[0] == '\0' ||
                (st != GOVTEXT_ERR_INVALID_ARG && st != GOVTEXT_ERR_INVALID_UTF8 &&
                 st != GOVTEXT_ERR_LIMIT && st != GOVTEXT_ERR_UNSUPPORTED))
                abort();
            return 0;
        }
        size_t n = govtext_results_count(res), t = govtext_results_total(res);
        if (t > NDOCS || n > t || (o == 0 && n > 3) || (o == 1 && n != t) || (o == 2 && n) ||
            (o > 0 && t != total))
            abort();
        total = t;
        for (size_t i = 0; i < n; i++) {
            govtext_hit h;
            h.struct_size = sizeof h;
            size_t len;
            if (govtext_results_get(res, i, &h) != GOVTEXT_OK || h.doc >= NDOCS)
                abort();
            govtext_index_doc_text(idx, h.doc, NULL, 0, &len);
            if (h.snippet_end > len || h.match_end > h.snippet_end ||
                h.match_start < h.snippet_start || h.match_start > h.match_end)
                abort();
            if (o == 1 && (h.snippet_end | h.match_end))
                abort(); /* no snippets asked */
        }
    }
    /* Statistics of the same query: the same documents, split by year. */
    govtext_year_count y[NDOCS];
    size_t count = 0;
    uint64_t docs = 0, occ = 0;
    govtext_status st = govtext_index_term_stats(idx, q, size, res, &docs, &occ, y, 1, &count);
    if (st == GOVTEXT_ERR_BUFFER_TOO_SMALL)
        st = govtext_index_term_stats(idx, q, size, res, &docs, &occ, y, NDOCS, &count);
    if (st != GOVTEXT_OK || docs != total || count > NDOCS)
        abort();
    uint64_t sum = 0;
    for (size_t i = 0; i < count; i++) {
        sum += y[i].docs;
        if (i > 0 && y[i].year <= y[i - 1].year)
            abort();
    }
    if (sum != docs)
        abort();
    if (plain(data, size))
        check_phrase(data, size);
    return 0;
}
