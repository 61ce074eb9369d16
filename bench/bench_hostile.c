/* Hostile and extreme input: does every stage stay linear in time, bounded
 * in memory, and end with a clear status?
 *
 * For each kind of input, generated in memory (a single 100 MB line of
 * Chinese, Han text with no punctuation at all, '*', '(' and ')' runs,
 * nested parentheses, all-pinyin text, invalid UTF-8 soup, GBK byte soup,
 * text full of NUL bytes), and each stage (load, repair, segment,
 * index-add), it prints the seconds at 1, 10 and 100 MB (repair and
 * index-add: 1, 4 and 16), the ratios t(10)/t(1) and t(100)/t(10) (linear:
 * about 10), the largest peak-RSS
 * growth over the three sizes, and the status.  A ratio above 2 times the
 * size ratio is flagged SUPERLINEAR.  Then a lexicon text of 10k, 100k and
 * 1M entries with duplicates and malformed lines; queries of 100k terms
 * and of 65 nested parentheses against an index; a 4 GB sparse file and an
 * endless reader against max_bytes.
 *
 * Every measurement runs in its own child process (fork), so that a peak
 * RSS is its own, a crash is a reported result rather than the end of the
 * benchmark, and a runaway case is stopped (-t seconds, default 60) and
 * reported as a timeout.  The child's address space is capped (-M MB,
 * default 4096) so that an unbounded allocation shows as
 * GOVTEXT_ERR_NOMEM instead of taking the machine's memory.
 *
 *   bench_hostile [-s SIZES] [-r REPAIR_SIZES] [-t SECONDS] [-M MB] [-k KIND]
 *   SIZES: comma-separated MB (default 1,10,100); REPAIR_SIZES the sizes
 *   for repair and index-add, the slow stages (default 1,4,16: at 100 MB
 *   the invalid-byte soups alone would take minutes to repair). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"
#include "govtext.h"

#define MB (1000u * 1000u)
#define MAX_SIZES 4

/* ---- inputs -------------------------------------------------------------- */

/* A passage of the 2018 Government Work Report's opening, one line. */
static const char passage[] =
    "过去五年，我国经济实力跃上新台阶。国内生产总值从五十四万亿元增加到八十二点七万亿元，"
    "年均增长百分之七点一，占世界经济比重从百分之十一点四提高到百分之十五左右，"
    "对世界经济增长贡献率超过百分之三十。财政收入从十一点七万亿元增加到十七点三万亿元。"
    "深入推进供给侧结构性改革，坚持全面深化改革，推进国家治理体系和治理能力现代化。";

/* Copies unit over b until fewer than its length is left, then pads with
 * pad (one byte) so that every kind is exactly n bytes and stays valid
 * where it is meant to be. */
static void fill_units(char *b, size_t n, const char *unit, size_t ul, char pad)
{
    size_t i = 0;
    for (; i + ul <= n; i += ul)
        memcpy(b + i, unit, ul);
    memset(b + i, pad, n - i);
}

static void gen_han_line(char *b, size_t n, bench_rng *r)
{
    (void)r;
    fill_units(b, n, passage, sizeof passage - 1, ' ');
}

/* Han characters only: no space, no punctuation, so the segmenter meets
 * one unbroken run (it cuts runs at 4,096 characters). */
static void gen_han_nopunct(char *b, size_t n, bench_rng *r)
{
    static const char unit[] = "国家治理体系和治理能力现代化深入推进供给侧结构性改革";
    (void)r;
    fill_units(b, n, unit, sizeof unit - 1, 'x');
}

static void gen_stars(char *b, size_t n, bench_rng *r)
{
    (void)r;
    memset(b, '*', n);
}

static void gen_open(char *b, size_t n, bench_rng *r)
{
    (void)r;
    memset(b, '(', n);
}

static void gen_close(char *b, size_t n, bench_rng *r)
{
    (void)r;
    memset(b, ')', n);
}

/* (((( ... 中 ... )))) : one nesting n/2 deep. */
static void gen_nested(char *b, size_t n, bench_rng *r)
{
    (void)r;
    memset(b, '(', n / 2);
    memset(b + n / 2, ')', n - n / 2);
}

/* zhong(zhōng)guo(guó)... : pinyin glosses after pinyin, no Han at all. */
static void gen_pinyin(char *b, size_t n, bench_rng *r)
{
    static const char *const syl[] = {"zhong(zhōng)", "guo(guó)", "zheng(zhèng)", "fu(fǔ)",
                                      "zhi(zhì)",     "li(lǐ)",   "gai(gǎi)",     "ge(gé)",
                                      "fa(fā)",       "zhan(zhǎn)"};
    size_t i = 0;
    for (;;) {
        const char *s = syl[bench_rng_below(r, 10)];
        size_t l = strlen(s);
        if (i + l > n)
            break;
        memcpy(b + i, s, l);
        i += l;
    }
    memset(b + i, ' ', n - i);
}

/* Random bytes, most of them high: invalid UTF-8 nearly everywhere. */
static void gen_utf8_soup(char *b, size_t n, bench_rng *r)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t v = bench_rng_next(r);
        b[i] = (char)((v & 7) ? (0x80 | (v >> 8)) : (v >> 16));
    }
}

/* GBK lead bytes followed by trail bytes that are sometimes invalid. */
static void gen_gbk_soup(char *b, size_t n, bench_rng *r)
{
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        uint64_t v = bench_rng_next(r);
        b[i] = (char)(0x81 + (v % 0x7e));
        b[i + 1] = (char)((v >> 16) & 1 ? 0x40 + ((v >> 24) % 0xbf) : (v >> 32));
    }
    if (i < n)
        b[i] = 'a';
}

/* The passage with a NUL byte between every two characters. */
static void gen_nuls(char *b, size_t n, bench_rng *r)
{
    static const char unit[] = "治\0理\0体\0系\0，\0现\0代\0化\0。\0";
    (void)r;
    fill_units(b, n, unit, sizeof unit - 1, '\0');
}

typedef struct kind {
    const char *name;
    void (*gen)(char *b, size_t n, bench_rng *r);
} kind;

static const kind kinds[] = {
    {"han-line", gen_han_line},   {"han-no-punct", gen_han_nopunct},
    {"stars", gen_stars},         {"open-parens", gen_open},
    {"close-parens", gen_close},  {"nested-parens", gen_nested},
    {"pinyin", gen_pinyin},       {"utf8-soup", gen_utf8_soup},
    {"gbk-soup", gen_gbk_soup},   {"nuls", gen_nuls},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* ---- measuring in a child ------------------------------------------------ */

typedef struct result {
    int ran;          /* 0: the child died (sig) or timed out */
    int sig;
    govtext_status status;
    double seconds;
    long rss_kb;      /* peak RSS growth during the timed part */
    size_t out;       /* a count that shows the work was done */
} result;

static unsigned timeout_s = 60;
static size_t mem_cap_mb = 4096;

static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t fl = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0)
            v = strtol(line + fl, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

/* Resets the peak RSS to the current RSS (Linux: clear_refs 5) and returns
 * the current RSS in kB. */
static long rss_mark(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "5", 1) != 1) {
            /* an old kernel: the peak then includes the set-up */
        }
        close(fd);
    }
    return status_kb("VmRSS:");
}

typedef struct timer {
    long rss0;
    double t0;
} timer;

static void timer_start(timer *t)
{
    t->rss0 = rss_mark();
    t->t0 = bench_now();
}

static void timer_stop(const timer *t, result *r)
{
    r->seconds = bench_now() - t->t0;
    r->rss_kb = status_kb("VmHWM:") - t->rss0;
}

/* Runs fn(arg, &result) in a child with the time and memory caps. */
static result measure(void (*fn)(const void *, result *), const void *arg)
{
    result res = {0};
    int p[2];
    if (pipe(p) != 0)
        return res;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        struct rlimit rl = {(rlim_t)mem_cap_mb << 20, (rlim_t)mem_cap_mb << 20};
        setrlimit(RLIMIT_AS, &rl);
        alarm(timeout_s);
        result r = {.ran = 1};
        fn(arg, &r);
        if (write(p[1], &r, sizeof r) != (ssize_t)sizeof r)
            _exit(1);
        _exit(0);
    }
    close(p[1]);
    ssize_t got = pid > 0 ? read(p[0], &res, sizeof res) : -1;
    close(p[0]);
    int ws = 0;
    if (pid > 0)
        waitpid(pid, &ws, 0);
    if (got != (ssize_t)sizeof res) {
        memset(&res, 0, sizeof res);
        res.sig = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
    }
    return res;
}

/* ---- stages -------------------------------------------------------------- */

enum { ST_LOAD, ST_REPAIR, ST_SEGMENT, ST_INDEX, NSTAGES };
static const char *const stage_names[NSTAGES] = {"load", "repair", "segment", "index-add"};

typedef struct job {
    const kind *k;
    int stage;
    size_t bytes;
} job;

/* Segments text the way a caller with a huge document does: slices of
 * about 1 MB cut at a character boundary (after a line end when there is
 * one), into one reused token array. */
static govtext_status segment_all(govtext_segmenter *s, const char *t, size_t len, size_t *tokens)
{
    const size_t slice = MB;
    govtext_token *tok = malloc((slice + 1) * sizeof *tok);
    if (!tok)
        return GOVTEXT_ERR_NOMEM;
    govtext_status st = GOVTEXT_OK;
    *tokens = 0;
    for (size_t at = 0; at < len && st == GOVTEXT_OK;) {
        size_t end = at + slice < len ? at + slice : len;
        if (end < len) {
            size_t nl = end;
            while (nl > at && t[nl - 1] != '\n')
                nl--;
            if (nl > at)
                end = nl;
            else
                while (end > at && ((unsigned char)t[end] & 0xc0) == 0x80)
                    end--;
        }
        size_t n = 0;
        st = govtext_segmenter_words(s, t + at, end - at, NULL, tok, slice + 1, &n);
        *tokens += n;
        at = end;
    }
    free(tok);
    return st;
}

static void run_job(const void *arg, result *r)
{
    const job *j = arg;
    bench_rng rng = {0x686f7374696c65ull};
    char *in = malloc(j->bytes);
    if (!in) {
        r->status = GOVTEXT_ERR_NOMEM;
        return;
    }
    j->k->gen(in, j->bytes, &rng);
    govtext_doc *doc = govtext_doc_new();
    timer tm;
    if (j->stage == ST_LOAD) {
        timer_start(&tm);
        r->status = govtext_doc_load_bytes(doc, in, j->bytes, NULL);
        timer_stop(&tm, r);
        r->out = govtext_doc_edit_count(doc);
        free(in);
        govtext_doc_free(doc);
        return;
    }
    r->status = govtext_doc_load_bytes(doc, in, j->bytes, NULL);
    free(in);
    if (r->status != GOVTEXT_OK) {
        govtext_doc_free(doc);
        return;
    }
    size_t len;
    const char *text = govtext_doc_text(doc, &len);
    if (j->stage == ST_REPAIR) {
        size_t before = govtext_doc_edit_count(doc);
        timer_start(&tm);
        r->status = govtext_doc_repair(doc, NULL, NULL);
        timer_stop(&tm, r);
        r->out = govtext_doc_edit_count(doc) - before;
    } else if (j->stage == ST_SEGMENT) {
        govtext_lexicon *lex = govtext_lexicon_new();
        govtext_lexicon_load_default(lex);
        govtext_segmenter *s = govtext_segmenter_new(lex);
        timer_start(&tm);
        r->status = s ? segment_all(s, text, len, &r->out) : GOVTEXT_ERR_NOMEM;
        timer_stop(&tm, r);
        govtext_segmenter_free(s);
        govtext_lexicon_free(lex);
    } else {
        govtext_index_writer *w = NULL;
        r->status = govtext_index_writer_new(NULL, &w);
        if (r->status == GOVTEXT_OK) {
            timer_start(&tm);
            r->status = govtext_index_writer_add(w, "hostile", 7, text, len, NULL);
            timer_stop(&tm, r);
            r->out = govtext_index_writer_count(w);
        }
        govtext_index_writer_free(w);
    }
    govtext_doc_free(doc);
}

/* ---- reporting ----------------------------------------------------------- */

static int flagged;

static void print_cell(const result *r)
{
    if (r->ran)
        printf(" %8.3f", r->seconds);
    else if (r->sig == SIGALRM)
        printf(" %8s", "timeout");
    else
        printf(" %5s%3d", "sig", r->sig);
}

/* t(b)/t(a) beside the size ratio; flags ('!') a ratio above twice it.
 * Below 20 ms the smaller time is mostly start-up and page faults on a busy
 * machine: such a ratio is printed with '~' and not judged. */
static void print_ratio(const result *a, const result *b, double size_ratio)
{
    if (a->ran && !b->ran && b->sig == SIGALRM && a->seconds >= 0.02) {
        /* Timed out where the smaller size took a fraction of that: at
         * least this ratio. */
        double q = timeout_s / a->seconds;
        int bad = q > 2 * size_ratio;
        printf(" >%5.0f%s", q, bad ? "!" : " ");
        flagged += bad;
        return;
    }
    if (!a->ran || !b->ran || a->seconds <= 0) {
        printf(" %7s", "-");
        return;
    }
    double q = b->seconds / a->seconds;
    int judged = a->seconds >= 0.02;
    int bad = judged && q > 2 * size_ratio;
    printf(" %6.1f%s", q, bad ? "!" : judged ? " " : "~");
    flagged += bad;
}

static const char *status_text(const result *r, char *buf, size_t cap)
{
    if (!r->ran) {
        snprintf(buf, cap, r->sig == SIGALRM ? "TIMEOUT (>%us)" : "CRASH (signal %d)",
                 r->sig == SIGALRM ? timeout_s : (unsigned)r->sig);
        return buf;
    }
    return govtext_status_name(r->status);
}

static void print_header(const char *what, const size_t *mb, size_t nsizes)
{
    printf("\n%-14s %-9s", what, "stage");
    for (size_t i = 0; i < nsizes; i++)
        printf(" %5zu MB ", mb[i]);
    for (size_t i = 1; i < nsizes; i++)
        printf(" t%zu/t%zu ", mb[i], mb[i - 1]);
    printf(" %9s  %s\n", "peak RSS+", "status (worst), count at the largest size");
}

static void report_row(const char *name, const char *stage, const size_t *mb, size_t nsizes,
                       const result *res)
{
    printf("%-14s %-9s", name, stage);
    for (size_t i = 0; i < nsizes; i++)
        print_cell(&res[i]);
    for (size_t i = 1; i < nsizes; i++)
        print_ratio(&res[i - 1], &res[i], (double)mb[i] / (double)mb[i - 1]);
    long peak = 0;
    size_t worst = 0;
    for (size_t i = 0; i < nsizes; i++) {
        if (res[i].rss_kb > peak)
            peak = res[i].rss_kb;
        if (!res[i].ran || res[i].status != GOVTEXT_OK)
            worst = i;
    }
    char buf[64];
    printf(" %7.1f MB  %s, %zu\n", (double)peak / 1024, status_text(&res[worst], buf, sizeof buf),
           res[nsizes - 1].out);
    fflush(stdout);
}

/* ---- lexicon, queries, limits -------------------------------------------- */

/* A lexicon text of n entries: random 2-4 character words (with a
 * frequency and a tag most of the time), every 10th line a duplicate of
 * an earlier word, every 20th malformed (four fields, a frequency over 32
 * bits, invalid UTF-8, a word of 70 characters). */
static char *make_lexicon(size_t n, size_t *len)
{
    static const char *const tags[] = {"n", "v", "vn", "nz", "a", "d"};
    size_t cap = n * 48 + 256, at = 0;
    char *b = malloc(cap);
    bench_rng r = {0x6c657869636f6eull};
    char last[64] = "治理";
    for (size_t i = 0; b && i < n; i++) {
        char w[64];
        size_t wl = 0, chars = 2 + bench_rng_below(&r, 3);
        for (size_t c = 0; c < chars; c++) {
            unsigned cp = 0x4e00 + (unsigned)bench_rng_below(&r, 0x51a5);
            w[wl++] = (char)(0xe0 | (cp >> 12));
            w[wl++] = (char)(0x80 | ((cp >> 6) & 0x3f));
            w[wl++] = (char)(0x80 | (cp & 0x3f));
        }
        w[wl] = '\0';
        if (i % 20 == 19) {
            switch ((i / 20) % 4) {
            case 0: at += (size_t)sprintf(b + at, "%s 12 n extra\n", w); break;
            case 1: at += (size_t)sprintf(b + at, "%s 99999999999 n\n", w); break;
            case 2: at += (size_t)sprintf(b + at, "%s\xff\xfe 3\n", w); break;
            default:
                for (int k = 0; k < 33; k++)
                    at += (size_t)sprintf(b + at, "%s", w);
                at += (size_t)sprintf(b + at, " 5\n");
            }
        } else if (i % 10 == 9) {
            at += (size_t)sprintf(b + at, "%s %u v\n", last, (unsigned)bench_rng_below(&r, 1000));
        } else if (i % 3 == 0) {
            at += (size_t)sprintf(b + at, "%s\n", w);
        } else {
            at += (size_t)sprintf(b + at, "%s %u %s\n", w, 1 + (unsigned)bench_rng_below(&r, 100000),
                                  tags[bench_rng_below(&r, 6)]);
        }
        if (i % 7 == 0)
            memcpy(last, w, wl + 1);
    }
    *len = at;
    return b;
}

typedef struct lex_job {
    size_t entries;
    int freeze; /* also time the first segmenter (the freeze) */
} lex_job;

static void run_lex(const void *arg, result *r)
{
    const lex_job *j = arg;
    size_t len;
    char *t = make_lexicon(j->entries, &len);
    govtext_lexicon *lex = govtext_lexicon_new();
    timer tm;
    timer_start(&tm);
    r->status = t ? govtext_lexicon_load_text(lex, t, len) : GOVTEXT_ERR_NOMEM;
    timer_stop(&tm, r);
    free(t);
    if (j->freeze && r->status == GOVTEXT_OK) {
        timer_start(&tm);
        govtext_segmenter *s = govtext_segmenter_new(lex);
        timer_stop(&tm, r);
        r->status = s ? GOVTEXT_OK : GOVTEXT_ERR_NOMEM;
        govtext_segmenter_free(s);
    }
    r->out = govtext_lexicon_skipped_lines(lex) * 1000000000ull + govtext_lexicon_size(lex);
    govtext_lexicon_free(lex);
}

static void lexicon_rows(void)
{
    static const size_t entries[] = {10000, 100000, 1000000};
    static const size_t as_mb[] = {1, 10, 100}; /* for the ratio columns: x10 */
    printf("\nlexicon text with duplicate and malformed lines (10k, 100k, 1M entries; 1M = about "
           "33 MB)\n");
    print_header("entries", as_mb, 3);
    result loaded[3];
    for (int freeze = 0; freeze < 2; freeze++) {
        result res[3];
        for (size_t i = 0; i < 3; i++) {
            lex_job j = {entries[i], freeze};
            /* The freeze needs the load first: where that did not finish,
             * neither would this (and it would cost another timeout). */
            res[i] = freeze && !loaded[i].ran ? loaded[i] : measure(run_lex, &j);
            if (!freeze)
                loaded[i] = res[i];
        }
        report_row("10k/100k/1M", freeze ? "freeze" : "load", as_mb, 3, res);
        if (!freeze && res[2].ran)
            printf("%26s(1M: %zu entries kept, %zu malformed lines skipped)\n", "",
                   (size_t)(res[2].out % 1000000000ull), (size_t)(res[2].out / 1000000000ull));
    }
}

typedef struct query_job {
    const char *label;
    char *(*make)(size_t *len);
} query_job;

/* n copies of unit separated by spaces. */
static char *repeat_terms(const char *unit, size_t n, size_t *len)
{
    size_t ul = strlen(unit);
    char *q = malloc(n * (ul + 1) + 1);
    size_t at = 0;
    for (size_t i = 0; q && i < n; i++) {
        memcpy(q + at, unit, ul);
        at += ul;
        q[at++] = ' ';
    }
    *len = at;
    return q;
}

static char *q_100k(size_t *len) { return repeat_terms("治理", 100000, len); }
static char *q_1024(size_t *len) { return repeat_terms("治理", 1024, len); }
static char *q_1025(size_t *len) { return repeat_terms("治理", 1025, len); }

static char *nested(size_t depth, size_t *len)
{
    char *q = malloc(2 * depth + 8);
    memset(q, '(', depth);
    memcpy(q + depth, "治理", 6);
    memset(q + depth + 6, ')', depth);
    *len = 2 * depth + 6;
    return q;
}

static char *q_nest64(size_t *len) { return nested(64, len); }
static char *q_nest65(size_t *len) { return nested(65, len); }
static char *q_nest100k(size_t *len) { return nested(100000, len); }

static char *q_unbalanced(size_t *len)
{
    char *q = malloc(100000);
    memset(q, '(', 50000);
    memset(q + 50000, ')', 49999);
    q[49999] = 'x';
    *len = 100000;
    return q;
}

/* A term of 1,025 characters. */
static char *q_longterm(size_t *len)
{
    char *q = malloc(1025 * 3);
    fill_units(q, 1025 * 3, "治", 3, ' ');
    *len = 1025 * 3;
    return q;
}

static const char *index_path;

static void run_query(const void *arg, result *r)
{
    const query_job *j = arg;
    size_t len;
    char *q = j->make(&len);
    govtext_index *idx = govtext_index_new();
    govtext_results *res = govtext_results_new();
    r->status = govtext_index_open(idx, index_path);
    if (r->status == GOVTEXT_OK && q) {
        timer tm;
        timer_start(&tm);
        r->status = govtext_index_search(idx, q, len, NULL, res);
        timer_stop(&tm, r);
        r->out = r->status == GOVTEXT_OK ? govtext_results_total(res) : 0;
    }
    free(q);
    govtext_results_free(res);
    govtext_index_free(idx);
}

static int build_query_index(const char *path)
{
    govtext_index_writer *w = NULL;
    if (govtext_index_writer_new(NULL, &w) != GOVTEXT_OK)
        return -1;
    size_t n = 200 * 1000;
    char *t = malloc(n);
    gen_han_line(t, n, NULL);
    govtext_status st = GOVTEXT_OK;
    for (int d = 0; d < 20 && st == GOVTEXT_OK; d++) {
        char id[16];
        int il = snprintf(id, sizeof id, "doc-%d", d);
        st = govtext_index_writer_add(w, id, (size_t)il, t + d * 3, n - (size_t)d * 3, NULL);
    }
    free(t);
    if (st == GOVTEXT_OK)
        st = govtext_index_writer_save(w, path);
    govtext_index_writer_free(w);
    return st == GOVTEXT_OK ? 0 : -1;
}

static void query_rows(const char *dir)
{
    static const query_job qs[] = {
        {"1,024 terms", q_1024},
        {"1,025 terms", q_1025},
        {"100k terms", q_100k},
        {"a 1,025-char term", q_longterm},
        {"64 nested ( )", q_nest64},
        {"65 nested ( )", q_nest65},
        {"100k nested ( )", q_nest100k},
        {"50k ( then ) x", q_unbalanced},
    };
    char path[4096];
    snprintf(path, sizeof path, "%s/q.gtx", dir);
    index_path = path;
    printf("\nqueries against an index of 20 documents of 200 kB\n");
    if (build_query_index(path) != 0) {
        printf("  could not build the index, skipped\n");
        return;
    }
    printf("%-20s %9s %9s  %s\n", "query", "seconds", "peak RSS+", "status, hits");
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        result r = measure(run_query, &qs[i]);
        char buf[64];
        printf("%-20s %9.4f %6.1f MB  %s, %zu\n", qs[i].label, r.seconds, (double)r.rss_kb / 1024,
               status_text(&r, buf, sizeof buf), r.out);
    }
    unlink(path);
}

/* A 4 GB sparse file against the default max_bytes (1 GiB): refused
 * from its size, nothing read.  load_fd and load_file both. */
static const char *big_path;

static void run_big_file(const void *arg, result *r)
{
    int use_fd = *(const int *)arg;
    govtext_doc *doc = govtext_doc_new();
    timer tm;
    timer_start(&tm);
    if (use_fd) {
        int fd = open(big_path, O_RDONLY);
        r->status = govtext_doc_load_fd(doc, fd, NULL);
        close(fd);
    } else {
        r->status = govtext_doc_load_file(doc, big_path, NULL);
    }
    timer_stop(&tm, r);
    govtext_doc_free(doc);
}

/* An endless reader (a stream that never ends) with max_bytes 64 MB: must
 * stop after 64 MB with GOVTEXT_ERR_LIMIT. */
static int endless(void *buf, size_t cap, size_t *got, void *user)
{
    size_t *total = user;
    memset(buf, 'a', cap);
    *got = cap;
    *total += cap;
    return 0;
}

static void run_endless(const void *arg, result *r)
{
    (void)arg;
    govtext_doc *doc = govtext_doc_new();
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.max_bytes = 64ull * MB;
    size_t total = 0;
    timer tm;
    timer_start(&tm);
    r->status = govtext_doc_load_reader(doc, endless, &total, &o);
    timer_stop(&tm, r);
    r->out = total;
    govtext_doc_free(doc);
}

static void limit_rows(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/4gb.txt", dir);
    big_path = path;
    printf("\nlimits\n");
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, 4ll << 30) != 0) {
        printf("  a 4 GB sparse file cannot be made here (%s), skipped\n", strerror(errno));
    } else {
        for (int use_fd = 0; use_fd < 2; use_fd++) {
            result r = measure(run_big_file, &use_fd);
            char buf[64];
            printf("%-34s %9.4f s %6.1f MB  %s\n",
                   use_fd ? "4 GB sparse file, load_fd" : "4 GB sparse file, load_file", r.seconds,
                   (double)r.rss_kb / 1024, status_text(&r, buf, sizeof buf));
        }
    }
    if (fd >= 0)
        close(fd);
    unlink(path);
    result r = measure(run_endless, NULL);
    char buf[64];
    printf("%-34s %9.4f s %6.1f MB  %s after %.1f MB read\n", "endless reader, max_bytes 64 MB",
           r.seconds, (double)r.rss_kb / 1024, status_text(&r, buf, sizeof buf),
           (double)r.out / MB);
}

/* ---- main ---------------------------------------------------------------- */

static size_t parse_sizes(const char *s, size_t *mb)
{
    size_t n = 0;
    while (*s && n < MAX_SIZES) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || v == 0)
            break;
        mb[n++] = v;
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}

int main(int argc, char **argv)
{
    size_t sizes[MAX_SIZES] = {1, 10, 100}, nsizes = 3;
    size_t slow[MAX_SIZES] = {1, 4, 16}, nslow = 3;
    const char *only = NULL;
    int c;
    while ((c = getopt(argc, argv, "s:r:t:M:k:")) != -1) {
        if (c == 's')
            nsizes = parse_sizes(optarg, sizes);
        else if (c == 'r')
            nslow = parse_sizes(optarg, slow);
        else if (c == 't')
            timeout_s = (unsigned)atoi(optarg);
        else if (c == 'M')
            mem_cap_mb = (size_t)atol(optarg);
        else if (c == 'k')
            only = optarg;
        else {
            fprintf(stderr, "usage: bench_hostile [-s MB,MB,MB] [-r MB,MB,MB] [-t SECONDS] "
                            "[-M MB] [-k KIND]\n");
            return 2;
        }
    }
    if (nsizes < 2 || nslow < 2) {
        fprintf(stderr, "bench_hostile: give at least two sizes\n");
        return 2;
    }
    double t0 = bench_now();
    printf("Hostile input: seconds per stage (each in its own process, capped at %us and %zu MB "
           "of address space);\nratio columns: t(larger)/t(smaller), linear = the size ratio; "
           "'!' = more than twice that (SUPERLINEAR),\n'~' = the smaller time is under 20 ms, too "
           "short to judge\nrepair and index-add at",
           timeout_s, mem_cap_mb);
    for (size_t i = 0; i < nslow; i++)
        printf(" %zu", slow[i]);
    printf(" MB, the other stages at");
    for (size_t i = 0; i < nsizes; i++)
        printf(" %zu", sizes[i]);
    printf(" MB\n");
    for (int st = 0; st < NSTAGES; st++) {
        int is_slow = st == ST_REPAIR || st == ST_INDEX;
        const size_t *mb = is_slow ? slow : sizes;
        size_t n = is_slow ? nslow : nsizes;
        print_header("input", mb, n);
        for (size_t k = 0; k < NKINDS; k++) {
            if (only && strcmp(only, kinds[k].name) != 0)
                continue;
            result res[MAX_SIZES];
            for (size_t i = 0; i < n; i++) {
                job j = {&kinds[k], st, mb[i] * MB};
                res[i] = measure(run_job, &j);
            }
            report_row(kinds[k].name, stage_names[st], mb, n, res);
        }
    }
    char dir[] = "/tmp/govtext-hostile-XXXXXX";
    if (!only) {
        lexicon_rows();
        if (mkdtemp(dir)) {
            query_rows(dir);
            limit_rows(dir);
            rmdir(dir);
        }
    }
    printf("\n%s (%.0f s in all)\n",
           flagged ? "SUPERLINEAR: see the rows marked '!'" : "no superlinear stage",
           bench_now() - t0);
    return 0;
}
