/* The index suites' corpus, brute-force search and helpers (see the
 * header).  The brute force is written from the header's description of
 * the matching rules, not from lib/index, so that the two can disagree. */
#include "check_index_corpus.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* The excerpts, one document per line, and what metadata each gets: a
 * date to take the year from, an explicit year, or neither (unknown). */
static const struct {
    const char *file, *prefix, *title, *date, *source;
    int32_t year, eff_year;
} FILES[] = {
    {"gwr-2018-excerpt.utf8.txt", "gwr", "政府工作报告", "2018-03-05", "国务院", 0, 2018},
    {"gwr-2018-excerpt-hant.utf8.txt", "hant", "政府工作報告", NULL, "國務院", 0, 0},
    {"gov-headings-excerpt.txt", "head", NULL, "2019年1月", "人民日报", 2019, 2019},
    {"gov-structure-excerpt.txt", "struct", "条例", "2024年7月", "中共中央", 0, 2024},
    {"seed-excerpt-hans.txt", "seed", NULL, "20151030", "seed", 2015, 2015},
};

/* Synthetic documents: what the excerpts lack. */
static const char *const SYNTH[] = {
    "GDP增长6.9%，Gdp gdp gDP。CPI上涨1.6%",
    "依法 治国，依法\t治国，依法　治国，依法\n治国。依法治国",
    "哈哈哈哈哈",
    "推进国家治理体系和治理能力现代化",
    "政治理论学习",
    "全面依法治国",
    "治",
    "结尾是治",
    "ABC abc AbC aBc",
    "line one\nline two\r\nline three",
    "Ａｂｃ全角abc",
    "治理 体系 治理体系",
    "",
};

void corpus_add(tcorpus *c, const char *id, const char *text, size_t len, const char *source,
                int32_t year)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->docs = realloc(c->docs, c->cap * sizeof *c->docs);
        ck_assert_ptr_nonnull(c->docs);
    }
    tdoc *d = &c->docs[c->n++];
    memset(d, 0, sizeof *d);
    snprintf(d->id, sizeof d->id, "%s", id);
    d->text = malloc(len + 1);
    ck_assert_ptr_nonnull(d->text);
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->len = len;
    d->source = source;
    d->year = d->eff_year = year;
}

void corpus_load(tcorpus *c)
{
    memset(c, 0, sizeof *c);
    for (size_t f = 0; f < sizeof FILES / sizeof FILES[0]; f++) {
        size_t len;
        char *all = slurp(FILES[f].file, &len);
        size_t line = 0;
        for (char *p = all; p < all + len;) {
            char *nl = memchr(p, '\n', (size_t)(all + len - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(all + len - p);
            line++;
            if (n > 0) {
                char id[64];
                snprintf(id, sizeof id, "%s:%zu", FILES[f].prefix, line);
                corpus_add(c, id, p, n, FILES[f].source, FILES[f].year);
                tdoc *d = &c->docs[c->n - 1];
                d->title = FILES[f].title;
                d->date = FILES[f].date;
                d->eff_year = FILES[f].eff_year;
            }
            p += n + 1;
        }
        free(all);
    }
    for (size_t i = 0; i < sizeof SYNTH / sizeof SYNTH[0]; i++) {
        char id[64];
        snprintf(id, sizeof id, "syn:%zu", i);
        corpus_add(c, id, SYNTH[i], strlen(SYNTH[i]), "test", 2020 + (int32_t)(i % 3));
    }
}

void corpus_free(tcorpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->docs[i].text);
    free(c->docs);
    memset(c, 0, sizeof *c);
}

int bf_is_space(uint32_t c)
{
    /* PropList.txt, White_Space */
    static const uint32_t ws[] = {0x20,   0x85,   0xA0,   0x1680, 0x2028,
                                  0x2029, 0x202F, 0x205F, 0x3000};
    if (c >= 0x09 && c <= 0x0D)
        return 1;
    if (c >= 0x2000 && c <= 0x200A)
        return 1;
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
        if (c == ws[i])
            return 1;
    return 0;
}

/* Decodes the (valid) UTF-8 character at s; its length. */
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

/* Does q match text at byte i? */
static int match_here(const unsigned char *t, size_t len, size_t i, const unsigned char *q,
                      size_t qlen)
{
    size_t k = 0;
    while (k < qlen) {
        uint32_t qc, tc;
        size_t qn = decode(q + k, qlen - k, &qc);
        if (i >= len)
            return 0;
        if (bf_is_space(qc)) {
            size_t tn = decode(t + i, len - i, &tc);
            if (!bf_is_space(tc))
                return 0;
            i += tn;
        } else {
            for (size_t j = 0; j < qn; j++, i++)
                if (i >= len || fold(t[i]) != fold(q[k + j]))
                    return 0;
        }
        k += qn;
    }
    return 1;
}

uint64_t bf_count(const char *text, size_t len, const char *q, size_t qlen, size_t *first)
{
    const unsigned char *t = (const unsigned char *)text, *p = (const unsigned char *)q;
    uint64_t n = 0;
    if (qlen == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if ((t[i] & 0xC0) == 0x80)
            continue; /* matches start on characters */
        if (match_here(t, len, i, p, qlen)) {
            if (n == 0 && first)
                *first = i;
            n++;
        }
    }
    return n;
}

char *tmpdir_new(void)
{
    char *d = strdup("/tmp/govtext-index-XXXXXX");
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

void rm_rf(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

govtext_index_writer *writer_with(const tcorpus *c, size_t from, size_t to, size_t step,
                                  uint32_t flags)
{
    govtext_index_options o;
    ck_assert_int_eq(govtext_index_options_init(&o, sizeof o), GOVTEXT_OK);
    o.flags = flags;
    govtext_index_writer *w = NULL;
    ck_assert_int_eq(govtext_index_writer_new(&o, &w), GOVTEXT_OK);
    for (size_t i = from; i < to && i < c->n; i += step) {
        const tdoc *d = &c->docs[i];
        govtext_doc_meta m;
        ck_assert_int_eq(govtext_doc_meta_init(&m, sizeof m), GOVTEXT_OK);
        m.title = d->title;
        m.title_len = d->title ? strlen(d->title) : 0;
        m.date = d->date;
        m.date_len = d->date ? strlen(d->date) : 0;
        m.source = d->source;
        m.source_len = d->source ? strlen(d->source) : 0;
        m.year = d->year;
        govtext_status st = govtext_index_writer_add(w, d->id, strlen(d->id), d->text, d->len, &m);
        ck_assert_msg(st == GOVTEXT_OK, "add %s: %s", d->id, govtext_index_writer_errmsg(w));
    }
    return w;
}

void save_small(const char *path, const tsmall *docs, size_t n)
{
    govtext_index_writer *w = NULL;
    ck_assert_int_eq(govtext_index_writer_new(NULL, &w), GOVTEXT_OK);
    for (size_t i = 0; i < n; i++) {
        size_t len = docs[i].len ? docs[i].len : strlen(docs[i].text);
        ck_assert_int_eq(govtext_index_writer_add(w, docs[i].id, strlen(docs[i].id), docs[i].text,
                                                  len, NULL),
                         GOVTEXT_OK);
    }
    ck_assert_int_eq(govtext_index_writer_save(w, path), GOVTEXT_OK);
    govtext_index_writer_free(w);
}

govtext_index *open_index(const char *path)
{
    govtext_index *idx = govtext_index_new();
    ck_assert_ptr_nonnull(idx);
    govtext_status st = govtext_index_open(idx, path);
    ck_assert_msg(st == GOVTEXT_OK, "open %s: %s", path, govtext_index_errmsg(idx));
    return idx;
}

govtext_index *save_and_open(govtext_index_writer *w, const char *path)
{
    govtext_status st = govtext_index_writer_save(w, path);
    ck_assert_msg(st == GOVTEXT_OK, "save %s: %s", path, govtext_index_writer_errmsg(w));
    return open_index(path);
}

size_t search_all(const govtext_index *idx, govtext_results *r, const char *q, size_t qlen,
                  uint64_t *occ)
{
    govtext_search_options so;
    ck_assert_int_eq(govtext_search_options_init(&so, sizeof so), GOVTEXT_OK);
    so.limit = GOVTEXT_SEARCH_ALL;
    govtext_status st = govtext_index_search(idx, q, qlen, &so, r);
    ck_assert_msg(st == GOVTEXT_OK, "search '%.*s': %s (%s)", (int)qlen, q,
                  govtext_status_name(st), govtext_results_errmsg(r));
    size_t n = govtext_index_doc_count(idx);
    memset(occ, 0, n * sizeof *occ);
    ck_assert_uint_eq(govtext_results_count(r), govtext_results_total(r));
    for (size_t i = 0; i < govtext_results_count(r); i++) {
        govtext_hit h;
        h.struct_size = sizeof h;
        ck_assert_int_eq(govtext_results_get(r, i, &h), GOVTEXT_OK);
        ck_assert_uint_lt(h.doc, n);
        ck_assert_msg(occ[h.doc] == 0, "'%.*s': document %zu listed twice", (int)qlen, q, h.doc);
        /* a hit without occurrences is possible for filters only */
        occ[h.doc] = h.occurrences ? h.occurrences : UINT64_MAX;
    }
    return govtext_results_total(r);
}

unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    *len = n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    return buf;
}

void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

char *doc_text_copy(const govtext_index *idx, size_t d, size_t *len)
{
    size_t n = 0;
    *len = 0;
    govtext_status st = govtext_index_doc_text(idx, d, NULL, 0, &n);
    if (st != GOVTEXT_OK && st != GOVTEXT_ERR_BUFFER_TOO_SMALL)
        return NULL;
    char *t = malloc(n + 1);
    if (!t || govtext_index_doc_text(idx, d, t, n + 1, &n) != GOVTEXT_OK) {
        free(t);
        return NULL;
    }
    t[n] = '\0';
    *len = n;
    return t;
}
