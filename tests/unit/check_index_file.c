/* The index file: damage (truncation at every section boundary, bit flips)
 * is refused on open, saves that fail or are killed never replace the
 * index at the target, and one open index serves several threads. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_index_corpus.h"
#include "common/xxh64.h"

static tcorpus C;
static char *DIR_, *PATH, *SMALL;

static void suite_setup(void)
{
    corpus_load(&C);
    DIR_ = tmpdir_new();
    PATH = path_join(DIR_, "corpus.idx");
    SMALL = path_join(DIR_, "small.idx");
    govtext_index_writer *w = writer_with(&C, 0, C.n, 1, 0);
    ck_assert_int_eq(govtext_index_writer_save(w, PATH), GOVTEXT_OK);
    govtext_index_writer_free(w);
    /* Small enough to damage at many offsets: 12 documents. */
    w = writer_with(&C, 0, C.n, C.n / 12, 0);
    ck_assert_int_eq(govtext_index_writer_save(w, SMALL), GOVTEXT_OK);
    govtext_index_writer_free(w);
}

static void suite_teardown(void)
{
    rm_rf(DIR_);
    free(DIR_);
    free(PATH);
    free(SMALL);
    corpus_free(&C);
}

static const char *const QUERIES[] = {
    "治理", "的", "依法", "\"依法 治国\"", "gdp", "哈哈", "治理体系", "发展 OR 改革",
    "国家 -治理", "word:治理", "word:发展", "year:2018", "source:人民日报", "id:syn:3",
    "治", "量子引力", "中国特色社会主义", "(治理 OR 依法) year:2015..2020", "全面", "Abc"};
#define NQUERIES (sizeof QUERIES / sizeof QUERIES[0])

/* A digest of a query's answer: total, and every hit's document,
 * occurrences and score (limit ALL, best first). */
static uint64_t answer_digest(const govtext_index *idx, govtext_results *r, const char *q)
{
    govtext_search_options so;
    govtext_search_options_init(&so, sizeof so);
    so.limit = GOVTEXT_SEARCH_ALL;
    so.flags = GOVTEXT_SEARCH_SNIPPETS;
    if (govtext_index_search(idx, q, strlen(q), &so, r) != GOVTEXT_OK)
        return 1;
    uint64_t h = UINT64_C(1469598103934665603) ^ govtext_results_total(r);
    for (size_t i = 0; i < govtext_results_count(r); i++) {
        govtext_hit hit;
        hit.struct_size = sizeof hit;
        govtext_results_get(r, i, &hit);
        uint64_t score;
        memcpy(&score, &hit.score, sizeof score);
        uint64_t v[] = {hit.doc, hit.occurrences, score, hit.match_start, hit.snippet_end};
        for (size_t k = 0; k < 5; k++)
            h = (h ^ v[k]) * UINT64_C(1099511628211);
    }
    return h;
}

/* --- the header, read as lib/index/format.h documents it ------------------ */

typedef struct layout {
    uint32_t header_size, nsections;
    uint64_t off[16], len[16];
    uint32_t kind[16];
} layout;

static uint32_t u32_at(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t u64_at(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* magic[8], version, byte_order, file_size(8), header_size, nsections,
 * flags, reserved, then sections of {kind, reserved, offset, length,
 * xxh64}: 32 bytes each from byte 40. */
static layout read_layout(const unsigned char *f, size_t n)
{
    layout l;
    memset(&l, 0, sizeof l);
    ck_assert_uint_ge(n, 40);
    ck_assert_mem_eq(f, "GOVTIDX\n", 8);
    ck_assert_uint_eq(u64_at(f + 16), n);
    l.header_size = u32_at(f + 24);
    l.nsections = u32_at(f + 28);
    ck_assert_uint_le(l.nsections, 16);
    ck_assert_uint_ge(l.header_size, 40 + 32 * l.nsections);
    ck_assert_uint_le(l.header_size, n);
    for (uint32_t i = 0; i < l.nsections; i++) {
        const unsigned char *s = f + 40 + 32 * i;
        l.kind[i] = u32_at(s);
        l.off[i] = u64_at(s + 8);
        l.len[i] = u64_at(s + 16);
        ck_assert_uint_ge(l.off[i], l.header_size);
        ck_assert_uint_le(l.off[i] + l.len[i], n);
    }
    return l;
}

/* Is byte k checked (in the header or a section)? */
static int covered(const layout *l, uint64_t k)
{
    if (k < l->header_size)
        return 1;
    for (uint32_t i = 0; i < l->nsections; i++)
        if (k >= l->off[i] && k < l->off[i] + l->len[i])
            return 1;
    return 0;
}

static govtext_status try_open(const char *path, govtext_index **out)
{
    govtext_index *idx = govtext_index_new();
    ck_assert_ptr_nonnull(idx);
    govtext_status st = govtext_index_open(idx, path);
    if (st != GOVTEXT_OK)
        ck_assert_msg(govtext_index_errmsg(idx)[0] != '\0', "a refusal without a message");
    if (out && st == GOVTEXT_OK) {
        *out = idx;
    } else {
        govtext_index_free(idx);
        if (out)
            *out = NULL;
    }
    return st;
}

/* Reads every document and runs every query: a damaged index that opens
 * must still be safe to use. */
static void use_everything(const govtext_index *idx)
{
    govtext_results *r = govtext_results_new();
    for (size_t d = 0; d < govtext_index_doc_count(idx); d++) {
        size_t len;
        char *t = doc_text_copy(idx, d, &len); /* NULL for a damaged text */
        volatile unsigned char sum = 0;
        for (size_t i = 0; t && i < len; i++)
            sum ^= (unsigned char)t[i];
        (void)sum;
        free(t);
        govtext_index_doc_id(idx, d, &len);
    }
    for (size_t q = 0; q < NQUERIES; q++) {
        answer_digest(idx, r, QUERIES[q]);
        for (size_t i = 0; i < govtext_results_count(r); i++) {
            govtext_hit h;
            h.struct_size = sizeof h;
            ck_assert_int_eq(govtext_results_get(r, i, &h), GOVTEXT_OK);
            size_t len;
            govtext_status st = govtext_index_doc_text(idx, h.doc, NULL, 0, &len);
            ck_assert(st == GOVTEXT_OK || st == GOVTEXT_ERR_BUFFER_TOO_SMALL);
            ck_assert(h.match_end <= len && h.snippet_end <= len);
        }
    }
    govtext_results_free(r);
}

START_TEST(index_truncated_at_any_section_boundary_is_refused)
{
    size_t n;
    unsigned char *f = read_file(SMALL, &n);
    ck_assert_ptr_nonnull(f);
    layout l = read_layout(f, n);
    ck_assert_uint_ge(l.nsections, 11);
    uint64_t cuts[256];
    size_t nc = 0;
    uint64_t fixed[] = {0, 1, 8, 39, 40, l.header_size - 8, l.header_size - 1, l.header_size,
                        n - 8, n - 1};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        cuts[nc++] = fixed[i];
    for (uint32_t i = 0; i < l.nsections; i++) {
        uint64_t b[] = {l.off[i], l.off[i] + 1, l.off[i] + l.len[i] - 1, l.off[i] + l.len[i]};
        for (size_t k = 0; k < 4; k++)
            if (b[k] < n)
                cuts[nc++] = b[k];
    }
    uint64_t x = 88172645463325252ull; /* xorshift: reproducible "random" offsets */
    for (int i = 0; i < 24; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        cuts[nc++] = x % n;
    }
    char *p = path_join(DIR_, "truncated.idx");
    for (size_t i = 0; i < nc; i++) {
        write_file(p, f, cuts[i]);
        govtext_status st = try_open(p, NULL);
        ck_assert_msg(st == GOVTEXT_ERR_CORRUPT, "truncated to %llu of %zu bytes: %s",
                      (unsigned long long)cuts[i], n, govtext_status_name(st));
    }
    /* Longer than the header says, and not an index at all. */
    unsigned char *g = malloc(n + 8);
    memcpy(g, f, n);
    memset(g + n, 0, 8);
    write_file(p, g, n + 8);
    ck_assert_int_eq(try_open(p, NULL), GOVTEXT_ERR_CORRUPT);
    size_t tl;
    char *text = (char *)read_file(GOVTEXT_TEST_DATA "/gwr-2018-excerpt.utf8.txt", &tl);
    write_file(p, text, tl);
    ck_assert_int_eq(try_open(p, NULL), GOVTEXT_ERR_CORRUPT);
    free(text);
    free(g);
    free(p);
    free(f);
}
END_TEST

START_TEST(index_with_a_flipped_bit_is_refused_or_unharmed)
{
    size_t n;
    unsigned char *f = read_file(SMALL, &n);
    layout l = read_layout(f, n);
    char *p = path_join(DIR_, "flipped.idx");
    write_file(p, f, n);
    govtext_index *orig = open_index(SMALL);
    govtext_results *r = govtext_results_new();
    uint64_t want[NQUERIES];
    for (size_t q = 0; q < NQUERIES; q++)
        want[q] = answer_digest(orig, r, QUERIES[q]);
    FILE *fp = fopen(p, "r+b");
    ck_assert_ptr_nonnull(fp);
    size_t tried = 0, refused = 0, unsupported = 0, harmless = 0;
    /* Every byte of the header, then every 3rd byte; the bit varies. */
    for (uint64_t k = 0; k < n; k += k < l.header_size ? 1 : 3) {
        unsigned char b = f[k] ^ (unsigned char)(1u << (k * 5 % 8));
        fseek(fp, (long)k, SEEK_SET);
        fputc(b, fp);
        fflush(fp);
        govtext_index *idx;
        govtext_status st = try_open(p, &idx);
        tried++;
        if (st == GOVTEXT_OK) {
            /* only bytes no checksum covers (alignment padding) may pass,
             * and then the index answers as before */
            ck_assert_msg(!covered(&l, k), "a flipped bit at byte %llu was not noticed",
                          (unsigned long long)k);
            use_everything(idx);
            for (size_t q = 0; q < NQUERIES; q++)
                ck_assert_uint_eq(answer_digest(idx, r, QUERIES[q]), want[q]);
            govtext_index_free(idx);
            harmless++;
        } else {
            ck_assert_msg(st == GOVTEXT_ERR_CORRUPT || st == GOVTEXT_ERR_UNSUPPORTED,
                          "flipped bit at byte %llu: %s", (unsigned long long)k,
                          govtext_status_name(st));
            refused += st == GOVTEXT_ERR_CORRUPT;
            unsupported += st == GOVTEXT_ERR_UNSUPPORTED;
        }
        fseek(fp, (long)k, SEEK_SET);
        fputc(f[k], fp);
        fflush(fp);
    }
    fclose(fp);
    printf("bit flips: %zu offsets of %zu bytes: %zu corrupt, %zu unsupported, %zu in padding "
           "(unharmed)\n",
           tried, n, refused, unsupported, harmless);
    ck_assert_uint_gt(refused, tried / 2);
    govtext_results_free(r);
    govtext_index_free(orig);
    free(p);
    free(f);
}
END_TEST

START_TEST(index_opened_twice_is_refused_and_stays_usable)
{
    govtext_index *idx = open_index(PATH);
    size_t n = govtext_index_doc_count(idx);
    ck_assert_int_eq(govtext_index_open(idx, PATH), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_str_ne(govtext_index_errmsg(idx), "");
    ck_assert_int_eq(govtext_index_open(idx, SMALL), GOVTEXT_ERR_INVALID_ARG);
    ck_assert_uint_eq(govtext_index_doc_count(idx), n);
    govtext_results *r = govtext_results_new();
    ck_assert_int_eq(govtext_index_search(idx, "治理", 6, NULL, r), GOVTEXT_OK);
    ck_assert_uint_gt(govtext_results_total(r), 0);
    govtext_results_free(r);
    /* A failed open leaves a handle that can open later. */
    govtext_index *other = govtext_index_new();
    ck_assert_int_eq(govtext_index_open(other, "/nonexistent.idx"), GOVTEXT_ERR_IO);
    ck_assert_int_eq(govtext_index_open(other, PATH), GOVTEXT_OK);
    ck_assert_uint_eq(govtext_index_doc_count(other), n);
    govtext_index_free(other);
    govtext_index_free(idx);
}
END_TEST

/* --- saving --------------------------------------------------------------- */

/* Stray temporary files (NAME.tmp.*) beside path; removes them. */
static size_t stray_tmp(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0, nl = strlen(name);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, name, nl) == 0 && strncmp(e->d_name + nl, ".tmp.", 5) == 0) {
            char *p = path_join(dir, e->d_name);
            unlink(p);
            free(p);
            n++;
        }
    closedir(d);
    return n;
}

START_TEST(index_save_that_fails_leaves_the_old_index_intact)
{
    char *dir = tmpdir_new();
    /* A directory that does not exist: IO, and the writer stays usable. */
    char *missing = path_join(dir, "missing/sub/x.idx"), *target = path_join(dir, "t.idx");
    govtext_index_writer *w = writer_with(&C, 0, C.n, 1, 0);
    ck_assert_int_eq(govtext_index_writer_save(w, missing), GOVTEXT_ERR_IO);
    ck_assert_ptr_nonnull(strstr(govtext_index_writer_errmsg(w), "missing/sub/x.idx"));
    /* An existing index at the target; the new one cannot be written in
     * full (the file size limit stands in for a full disk: root ignores
     * permissions). */
    size_t old_n, big_n;
    unsigned char *old = read_file(SMALL, &old_n), *big = read_file(PATH, &big_n);
    free(big);
    write_file(target, old, old_n);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {big_n / 2, big_n / 2};
        setrlimit(RLIMIT_FSIZE, &rl);
        _exit(govtext_index_writer_save(w, target));
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert(WIFEXITED(ws));
    ck_assert_int_eq(WEXITSTATUS(ws), GOVTEXT_ERR_IO);
    size_t now_n;
    unsigned char *now = read_file(target, &now_n);
    ck_assert_uint_eq(now_n, old_n);
    ck_assert_mem_eq(now, old, old_n);
    ck_assert_uint_eq(stray_tmp(dir, "t.idx"), 0); /* a failed save cleans up */
    govtext_index *idx = open_index(target);
    govtext_index *small = open_index(SMALL);
    ck_assert_uint_eq(govtext_index_doc_count(idx), govtext_index_doc_count(small));
    govtext_index_free(small);
    govtext_index_free(idx);
    /* And then a save that works replaces it, keeping its mode. */
    ck_assert_int_eq(govtext_index_writer_save(w, target), GOVTEXT_OK);
    idx = open_index(target);
    ck_assert_uint_eq(govtext_index_doc_count(idx), C.n);
    govtext_index_free(idx);
    free(now);
    free(old);
    govtext_index_writer_free(w);
    rm_rf(dir);
    free(dir);
    free(missing);
    free(target);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A writer big enough that saving takes a while: the corpus many times,
 * each copy a little different. */
static govtext_index_writer *big_writer(size_t copies)
{
    govtext_index_options o;
    govtext_index_options_init(&o, sizeof o);
    o.flags = GOVTEXT_INDEX_NO_WORDS;
    govtext_index_writer *w = NULL;
    ck_assert_int_eq(govtext_index_writer_new(&o, &w), GOVTEXT_OK);
    char *buf = malloc(1 << 16);
    for (size_t k = 0; k < copies; k++)
        for (size_t i = 0; i < C.n; i++) {
            char id[96];
            snprintf(id, sizeof id, "%s#%zu", C.docs[i].id, k);
            int n = snprintf(buf, 1 << 16, "%s 第%zu份", C.docs[i].text, k);
            ck_assert_int_eq(govtext_index_writer_add(w, id, strlen(id), buf, (size_t)n, NULL),
                             GOVTEXT_OK);
        }
    free(buf);
    return w;
}

/* Saves in a child; SIGKILLs it after `delay` seconds (< 0: lets it
 * finish).  Returns the seconds it ran. */
static double save_in_child(govtext_index_writer *w, const char *path, double delay)
{
    double t0 = now_s();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(govtext_index_writer_save(w, path) == GOVTEXT_OK ? 0 : 1);
    if (delay >= 0) {
        struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    if (delay < 0)
        ck_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    return now_s() - t0;
}

START_TEST(index_save_killed_midway_never_replaces_the_old_index)
{
    char *dir = tmpdir_new(), *target = path_join(dir, "t.idx"), *probe = path_join(dir, "p.idx");
    govtext_index_writer *w = big_writer(120);
    size_t newcount = govtext_index_writer_count(w);
    size_t old_n;
    unsigned char *old = read_file(PATH, &old_n);
    write_file(target, old, old_n);
    govtext_index *idx = open_index(target);
    govtext_results *r = govtext_results_new();
    uint64_t want[NQUERIES];
    for (size_t q = 0; q < NQUERIES; q++)
        want[q] = answer_digest(idx, r, QUERIES[q]);
    govtext_index_free(idx);
    /* How long a whole save takes; then kills at fractions of it. */
    double full = save_in_child(w, probe, -1);
    unlink(probe);
    static const double frac[] = {0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 1.5};
    size_t kept = 0, replaced = 0, strays = 0;
    for (size_t i = 0; i < sizeof frac / sizeof frac[0]; i++) {
        save_in_child(w, target, frac[i] * full);
        size_t now_n;
        unsigned char *now = read_file(target, &now_n);
        ck_assert_ptr_nonnull(now);
        idx = open_index(target); /* whatever is there opens */
        if (now_n == old_n && memcmp(now, old, old_n) == 0) {
            kept++;
            for (size_t q = 0; q < NQUERIES; q++)
                ck_assert_uint_eq(answer_digest(idx, r, QUERIES[q]), want[q]);
        } else {
            /* the save finished before the kill: all of the new index */
            replaced++;
            ck_assert_uint_eq(govtext_index_doc_count(idx), newcount);
            govtext_index_free(idx);
            write_file(target, old, old_n); /* the old one again for the next round */
            idx = NULL;
        }
        govtext_index_free(idx);
        free(now);
        strays += stray_tmp(dir, "t.idx");
    }
    printf("killed saves: a whole save took %.3f s; %zu kills left the old index, %zu came after "
           "the save had finished; %zu stray temporary files left behind\n",
           full, kept, replaced, strays);
    ck_assert_uint_gt(kept, 0);
    free(old);
    govtext_results_free(r);
    govtext_index_writer_free(w);
    rm_rf(dir);
    free(dir);
    free(target);
    free(probe);
}
END_TEST

/* --- threads --------------------------------------------------------------------- */

typedef struct worker {
    pthread_t t;
    const govtext_index *idx;
    uint64_t got[NQUERIES];
    uint64_t stats[NQUERIES];
    int rounds;
    size_t id;
} worker;

static uint64_t stats_digest(const govtext_index *idx, govtext_results *r, const char *q)
{
    govtext_year_count y[32];
    uint64_t docs = 0, occ = 0;
    size_t n = 0;
    if (govtext_index_term_stats(idx, q, strlen(q), r, &docs, &occ, y, 32, &n) != GOVTEXT_OK)
        return 1;
    uint64_t h = docs * 31 + occ;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint64_t)(uint32_t)y[i].year ^ (y[i].docs << 20) ^ (y[i].occurrences << 40)) *
            UINT64_C(1099511628211);
    return h;
}

static void *work(void *arg)
{
    worker *k = arg;
    govtext_results *r = govtext_results_new();
    for (int round = 0; round < k->rounds; round++)
        for (size_t q = 0; q < NQUERIES; q++) {
            /* start at a different query in each thread */
            size_t i = (q + (size_t)round * 7 + k->id) % NQUERIES;
            uint64_t d = answer_digest(k->idx, r, QUERIES[i]);
            uint64_t s = stats_digest(k->idx, r, QUERIES[i]);
            if (round == 0 || k->got[i] == d)
                k->got[i] = d;
            else
                k->got[i] = 0; /* answers changed between rounds */
            if (round == 0 || k->stats[i] == s)
                k->stats[i] = s;
            else
                k->stats[i] = 0;
        }
    govtext_results_free(r);
    return NULL;
}

START_TEST(index_one_open_index_serves_four_threads)
{
    govtext_index *idx = open_index(PATH);
    govtext_results *r = govtext_results_new();
    uint64_t want[NQUERIES], wstats[NQUERIES];
    for (size_t q = 0; q < NQUERIES; q++) {
        want[q] = answer_digest(idx, r, QUERIES[q]);
        wstats[q] = stats_digest(idx, r, QUERIES[q]);
        ck_assert_uint_ne(want[q], 1);
    }
    govtext_results_free(r);
    worker ws[4];
    memset(ws, 0, sizeof ws);
    for (int i = 0; i < 4; i++) {
        ws[i].idx = idx;
        ws[i].rounds = 3;
        ws[i].id = (size_t)i;
        ck_assert_int_eq(pthread_create(&ws[i].t, NULL, work, &ws[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_join(ws[i].t, NULL), 0);
    for (int i = 0; i < 4; i++)
        for (size_t q = 0; q < NQUERIES; q++) {
            ck_assert_msg(ws[i].got[q] == want[q], "thread %d, query '%s'", i, QUERIES[q]);
            ck_assert_msg(ws[i].stats[q] == wstats[q], "thread %d, stats of '%s'", i,
                          QUERIES[q]);
        }
    govtext_index_free(idx);
}
END_TEST

/* Recomputes the checksums of a file changed on purpose (and the header's
 * own), so that what is behind them gets checked. */
static void reseal(unsigned char *f, size_t n)
{
    layout l = read_layout(f, n);
    for (uint32_t i = 0; i < l.nsections; i++) {
        gt_xxh64_state st;
        gt_xxh64_init(&st);
        gt_xxh64_update(&st, f + l.off[i], (size_t)l.len[i]);
        uint64_t h = gt_xxh64_digest(&st);
        memcpy(f + 40 + 32 * i + 24, &h, 8);
    }
    gt_xxh64_state st;
    gt_xxh64_init(&st);
    gt_xxh64_update(&st, f, l.header_size - 8);
    uint64_t h = gt_xxh64_digest(&st);
    memcpy(f + l.header_size - 8, &h, 8);
}

/* BUG (lib/index/reader.c check_docs(): texts are not checked as UTF-8;
 * lib/index/chars.h gt_idx_next() and chars.c match_at() then decode past
 * a document's end).  Found by fuzz_index
 * (fuzz/corpus/index/crash-doc-text-not-utf8).  An index whose checksums
 * are right but whose first document starts one byte into a character (its
 * text offset, the first member of a document record in the docs section,
 * moved by one) opens; a search for 治 then reports a match ending two
 * bytes past the end of the document's text, and the CLI prints the bytes
 * there.  The open should refuse it (GOVTEXT_ERR_CORRUPT), or at least
 * every offset should stay inside the text. */
/* Damage behind the checksums (resealed): the structural checks refuse
 * it, or the index is still safe to read and search.  The docs and text
 * sections are left to bug_index_with_a_document_text_that_is_not_utf8:
 * texts are not checked as UTF-8. */
START_TEST(index_damaged_behind_its_checksums_is_refused_or_safe)
{
    size_t n;
    unsigned char *f = read_file(SMALL, &n);
    layout l = read_layout(f, n);
    unsigned char *g = malloc(n);
    char *p = path_join(DIR_, "resealed.idx");
    size_t tried = 0, refused = 0;
    for (uint32_t i = 0; i < l.nsections; i++) {
        if (l.kind[i] == 2 || l.kind[i] == 4 || l.len[i] == 0)
            continue;
        for (uint64_t k = 0; k < 24; k++) {
            uint64_t at = l.off[i] + (k * 7919 + k * k) % l.len[i];
            memcpy(g, f, n);
            g[at] ^= (unsigned char)(1u << (k % 8));
            if (k % 3 == 0)
                g[at] = 0xFF; /* large varints and counts */
            reseal(g, n);
            write_file(p, g, n);
            govtext_index *idx;
            govtext_status st = try_open(p, &idx);
            tried++;
            if (st == GOVTEXT_OK) {
                use_everything(idx);
                govtext_index_free(idx);
            } else {
                ck_assert_msg(st == GOVTEXT_ERR_CORRUPT, "section kind %u byte %llu: %s",
                              (unsigned)l.kind[i], (unsigned long long)at,
                              govtext_status_name(st));
                refused++;
            }
        }
    }
    printf("resealed damage: %zu changes, %zu refused on open, %zu opened and were searched "
           "safely\n",
           tried, refused, tried - refused);
    free(p);
    free(g);
    free(f);
}
END_TEST

/* The header's promises on versions: a newer format version or the other
 * byte order is UNSUPPORTED, version 0 is CORRUPT, and a section of a kind
 * this library does not know is ignored ("sections can be added without a
 * format bump"). */
START_TEST(index_versions_and_unknown_sections)
{
    size_t n;
    unsigned char *f = read_file(SMALL, &n);
    layout l = read_layout(f, n);
    char *p = path_join(DIR_, "version.idx");
    unsigned char *g = malloc(n + 64);
    struct {
        size_t at;
        uint32_t value;
        govtext_status want;
    } cases[] = {{8, 2, GOVTEXT_ERR_UNSUPPORTED},
                 {8, 0, GOVTEXT_ERR_CORRUPT},
                 {12, 0x04030201u, GOVTEXT_ERR_UNSUPPORTED}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(g, f, n);
        memcpy(g + cases[i].at, &cases[i].value, 4);
        reseal(g, n);
        write_file(p, g, n);
        ck_assert_int_eq(try_open(p, NULL), cases[i].want);
    }
    /* A new section appended: 64 bytes of kind 99, one more header entry. */
    if (l.nsections < 16) {
        memcpy(g, f, n);
        memset(g + n, 0x5A, 64);
        unsigned char *e = g + 40 + 32 * l.nsections;
        uint32_t kind = 99, zero = 0, count = l.nsections + 1;
        uint64_t off = n, len = 64, size = n + 64;
        ck_assert_uint_eq(n % 8, 0);
        memcpy(e, &kind, 4);
        memcpy(e + 4, &zero, 4);
        memcpy(e + 8, &off, 8);
        memcpy(e + 16, &len, 8);
        memcpy(g + 28, &count, 4);
        memcpy(g + 16, &size, 8);
        reseal(g, n + 64);
        write_file(p, g, n + 64);
        govtext_index *idx, *orig = open_index(SMALL);
        govtext_status st = try_open(p, &idx);
        ck_assert_msg(st == GOVTEXT_OK, "an unknown section kind is refused: %s",
                      govtext_status_name(st));
        govtext_results *r = govtext_results_new();
        for (size_t q = 0; q < NQUERIES; q++)
            ck_assert_uint_eq(answer_digest(idx, r, QUERIES[q]), answer_digest(orig, r, QUERIES[q]));
        govtext_results_free(r);
        govtext_index_free(idx);
        govtext_index_free(orig);
    }
    free(g);
    free(p);
    free(f);
}
END_TEST

START_TEST(bug_index_with_a_document_text_that_is_not_utf8)
{
    char *dir = tmpdir_new(), *p = path_join(dir, "bad-text.idx");
    static const tsmall docs[] = {{"a", "治理", 0}, {"b", "治理", 0}};
    save_small(p, docs, 2);
    size_t n;
    unsigned char *f = read_file(p, &n);
    layout l = read_layout(f, n);
    int moved = 0;
    for (uint32_t i = 0; i < l.nsections; i++)
        if (l.kind[i] == 2) { /* GT_SEC_DOCS: records that begin with a uint64 text offset */
            uint64_t off;
            memcpy(&off, f + l.off[i], 8);
            ck_assert_uint_eq(off, 0);
            off = 1;
            memcpy(f + l.off[i], &off, 8);
            moved = 1;
        }
    ck_assert(moved);
    reseal(f, n);
    write_file(p, f, n);
    govtext_index *idx;
    govtext_status st = try_open(p, &idx);
    if (st != GOVTEXT_OK) {
        ck_assert_int_eq(st, GOVTEXT_ERR_CORRUPT); /* refused: the fix we hope for */
    } else {
        govtext_results *r = govtext_results_new();
        govtext_search_options so;
        govtext_search_options_init(&so, sizeof so);
        so.flags = GOVTEXT_SEARCH_SNIPPETS;
        so.limit = GOVTEXT_SEARCH_ALL;
        static const char *const qs[] = {"治", "理", "治理", "理治"};
        for (size_t q = 0; q < 4; q++) {
            if (govtext_index_search(idx, qs[q], strlen(qs[q]), &so, r) != GOVTEXT_OK)
                continue;
            for (size_t i = 0; i < govtext_results_count(r); i++) {
                govtext_hit h;
                h.struct_size = sizeof h;
                ck_assert_int_eq(govtext_results_get(r, i, &h), GOVTEXT_OK);
                size_t len;
                govtext_index_doc_text(idx, h.doc, NULL, 0, &len);
                ck_assert_msg(h.match_end <= len && h.snippet_end <= len,
                              "'%s' in a %zu-byte document: match [%zu, %zu), snippet [%zu, %zu)",
                              qs[q], len, h.match_start, h.match_end, h.snippet_start,
                              h.snippet_end);
            }
        }
        govtext_results_free(r);
        govtext_index_free(idx);
    }
    free(f);
    rm_rf(dir);
    free(dir);
    free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("index_file");
    TCase *tc = tcase_create("index_file");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, suite_setup, suite_teardown);
    tcase_add_test(tc, index_truncated_at_any_section_boundary_is_refused);
    tcase_add_test(tc, index_with_a_flipped_bit_is_refused_or_unharmed);
    tcase_add_test(tc, index_opened_twice_is_refused_and_stays_usable);
    tcase_add_test(tc, index_save_that_fails_leaves_the_old_index_intact);
    tcase_add_test(tc, index_save_killed_midway_never_replaces_the_old_index);
    tcase_add_test(tc, index_one_open_index_serves_four_threads);
    tcase_add_test(tc, index_damaged_behind_its_checksums_is_refused_or_safe);
    tcase_add_test(tc, index_versions_and_unknown_sections);
    suite_add_tcase(s, tc);
    /* Defects found by this suite or the fuzzers, left enabled for the fix. */
    TCase *bugs = tcase_create("fixed_bugs");
    tcase_add_unchecked_fixture(bugs, suite_setup, suite_teardown);
    tcase_add_test(bugs, bug_index_with_a_document_text_that_is_not_utf8);
    suite_add_tcase(s, bugs);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
