/* Threads: what the header promises is shareable is shared, and every
 * thread gets exactly what one thread alone gets.
 *   - 8 segmenters over one lexicon (the default one, one with a
 *     user-loaded layer on top, one with only a user word list);
 *   - 8 threads creating the first segmenters of a fresh lexicon at once
 *     (the freeze runs once, the others wait for it);
 *   - 8 threads loading and repairing their own documents, with one shared,
 *     fed collection;
 *   - 8 threads searching one open index and asking it for term statistics,
 *     each with its own govtext_results.
 * Built like every suite and also under ThreadSanitizer (scripts/test.sh,
 * build-tsan), which is where a data race shows.  Threads only record what
 * they saw; all assertions run on the main thread (Check's assertions are
 * not made for other threads). */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "govtext.h"
#include "test_util.h"

#define NTHREADS 8
#define ROUNDS 3

/* Eight different texts of tests/data, all valid UTF-8. */
static const char *const utf8_texts[NTHREADS] = {
    "gwr-2018-excerpt.utf8.txt",      "gwr-2018-excerpt-hant.utf8.txt",
    "gwr-2018-excerpt-s2tw.txt",      "gov-structure-excerpt.txt",
    "gov-headings-excerpt.txt",       "seed-excerpt.txt",
    "seed-excerpt-hans.txt",          "gwr-2018-excerpt-hant-pinyin.txt",
};

typedef struct text {
    char *bytes;
    size_t len;
} text;

static void load_texts(const char *const *names, text *out)
{
    for (int i = 0; i < NTHREADS; i++)
        out[i].bytes = slurp(names[i], &out[i].len);
}

static void free_texts(text *t)
{
    for (int i = 0; i < NTHREADS; i++)
        free(t[i].bytes);
}

/* Starts fn on NTHREADS threads with args[i] and joins them. */
static void run_threads(void *(*fn)(void *), void *args, size_t arg_size)
{
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, fn, (char *)args + (size_t)i * arg_size), 0);
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
}

/* ---- segmentation ---------------------------------------------------------- */

/* A token list, as one thread saw it. */
typedef struct tokens {
    govtext_token *t;
    size_t n;
} tokens;

static govtext_status segment(govtext_segmenter *s, const text *tx, uint32_t mode, tokens *out)
{
    govtext_segment_options o;
    govtext_segment_options_init(&o, sizeof o);
    o.mode = mode;
    /* A token is at least one byte. */
    out->t = malloc((tx->len + 1) * sizeof *out->t);
    if (!out->t)
        return GOVTEXT_ERR_NOMEM;
    return govtext_segmenter_words(s, tx->bytes, tx->len, &o, out->t, tx->len + 1, &out->n);
}

static int same_tokens(const tokens *a, const tokens *b)
{
    return a->n == b->n && memcmp(a->t, b->t, a->n * sizeof *a->t) == 0;
}

/* What every thread compares against: each text segmented in precise and
 * index mode by one segmenter, on the main thread. */
typedef struct seg_ref {
    text texts[NTHREADS];
    tokens precise[NTHREADS], index[NTHREADS];
} seg_ref;

static void seg_ref_make(seg_ref *r, govtext_lexicon *lex)
{
    load_texts(utf8_texts, r->texts);
    govtext_segmenter *s = govtext_segmenter_new(lex);
    ck_assert_ptr_nonnull(s);
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(segment(s, &r->texts[i], GOVTEXT_SEG_PRECISE, &r->precise[i]), GOVTEXT_OK);
        ck_assert_int_eq(segment(s, &r->texts[i], GOVTEXT_SEG_INDEX, &r->index[i]), GOVTEXT_OK);
        ck_assert_uint_gt(r->precise[i].n, 100);
        ck_assert_uint_ge(r->index[i].n, r->precise[i].n);
    }
    govtext_segmenter_free(s);
}

static void seg_ref_free(seg_ref *r)
{
    for (int i = 0; i < NTHREADS; i++) {
        free(r->precise[i].t);
        free(r->index[i].t);
    }
    free_texts(r->texts);
}

typedef struct seg_arg {
    govtext_lexicon *lex;
    const seg_ref *ref;
    int id;
    pthread_barrier_t *start;   /* waited on before creating the segmenter */
    pthread_barrier_t *created; /* and after (both may be NULL) */
    int segmenter_ok;
    size_t runs, mismatches, failures;
} seg_arg;

/* Thread id segments every text, its own first and the others after
 * it (so that at any moment the threads read different texts through the
 * same lexicon pages), ROUNDS times, in both modes. */
static void *seg_thread(void *p)
{
    seg_arg *a = p;
    if (a->start)
        pthread_barrier_wait(a->start);
    govtext_segmenter *s = govtext_segmenter_new(a->lex);
    a->segmenter_ok = s != NULL;
    if (a->created)
        pthread_barrier_wait(a->created);
    for (int r = 0; s && r < ROUNDS; r++)
        for (int k = 0; k < NTHREADS; k++) {
            int i = (a->id + k) % NTHREADS;
            for (int m = 0; m < 2; m++) {
                tokens got = {0};
                uint32_t mode = m ? GOVTEXT_SEG_INDEX : GOVTEXT_SEG_PRECISE;
                a->runs++;
                if (segment(s, &a->ref->texts[i], mode, &got) != GOVTEXT_OK)
                    a->failures++;
                else if (!same_tokens(&got, m ? &a->ref->index[i] : &a->ref->precise[i]))
                    a->mismatches++;
                free(got.t);
            }
        }
    govtext_segmenter_free(s);
    return NULL;
}

static void check_seg_args(const seg_arg *args)
{
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_msg(args[i].segmenter_ok, "thread %d: no segmenter", i);
        ck_assert_uint_eq(args[i].runs, (size_t)ROUNDS * NTHREADS * 2);
        ck_assert_msg(args[i].failures == 0, "thread %d: %zu calls failed", i, args[i].failures);
        ck_assert_msg(args[i].mismatches == 0, "thread %d: %zu results differ from one thread's",
                      i, args[i].mismatches);
    }
}

static void segment_in_threads(govtext_lexicon *lex)
{
    seg_ref ref;
    seg_ref_make(&ref, lex);
    seg_arg args[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        args[i] = (seg_arg){.lex = lex, .ref = &ref, .id = i};
    run_threads(seg_thread, args, sizeof args[0]);
    check_seg_args(args);
    seg_ref_free(&ref);
}

/* A user word list in the jieba format: words with and without frequency
 * and tag, a word that overrides a default entry, a duplicate (the later
 * line wins) and malformed lines (skipped). */
static const char user_words[] =
    "国家治理体系 5000 n\n"
    "治理能力现代化 3000 n\n"
    "政府工作报告 8000 n\n"
    "供给侧结构性改革\n"
    "高质量发展 2000\n"
    "脱贫攻坚 4000 v\n"
    "脱贫攻坚 4500 vn\n"
    "一带一路 6000 nz\n"
    "too many fields here\n"
    "坏频率 99999999999 n\n"
    "\xff\xfe\n"
    "放管服 700 j\n";

static govtext_lexicon *user_lexicon(int with_default)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    ck_assert_ptr_nonnull(lex);
    if (with_default)
        ck_assert_int_eq(govtext_lexicon_load_default(lex), GOVTEXT_OK);
    ck_assert_int_eq(govtext_lexicon_load_text(lex, user_words, sizeof user_words - 1),
                     GOVTEXT_OK);
    ck_assert_uint_eq(govtext_lexicon_skipped_lines(lex), 3);
    return lex;
}

START_TEST(segmenters_in_threads_share_the_default_lexicon)
{
    govtext_lexicon *lex = govtext_lexicon_new();
    ck_assert_int_eq(govtext_lexicon_load_default(lex), GOVTEXT_OK);
    segment_in_threads(lex);
    govtext_lexicon_free(lex);
}
END_TEST

START_TEST(segmenters_in_threads_share_a_user_loaded_lexicon)
{
    govtext_lexicon *both = user_lexicon(1);
    segment_in_threads(both);
    govtext_lexicon_free(both);
    govtext_lexicon *words_only = user_lexicon(0);
    segment_in_threads(words_only);
    govtext_lexicon_free(words_only);
}
END_TEST

/* Runs seg_thread on NTHREADS threads held at a barrier: before they
 * create their segmenters (they then race to freeze lex), or after (and
 * the caller drops its reference to lex right then, so that the last one
 * goes away in some thread). */
enum { RACE_FREEZE, DROP_LEXICON };

static void segment_at_barrier(govtext_lexicon *lex, const seg_ref *ref, int what)
{
    pthread_barrier_t b;
    unsigned parties = NTHREADS + (what == DROP_LEXICON);
    ck_assert_int_eq(pthread_barrier_init(&b, NULL, parties), 0);
    seg_arg args[NTHREADS];
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        args[i] = (seg_arg){.lex = lex, .ref = ref, .id = i};
        if (what == RACE_FREEZE)
            args[i].start = &b;
        else
            args[i].created = &b;
        ck_assert_int_eq(pthread_create(&th[i], NULL, seg_thread, &args[i]), 0);
    }
    if (what == DROP_LEXICON) {
        pthread_barrier_wait(&b);
        govtext_lexicon_free(lex);
    }
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    pthread_barrier_destroy(&b);
    check_seg_args(args);
}

/* The threads all create the first segmenters of a lexicon nobody has used
 * yet, released together: one freezes it, the others wait, and everyone
 * then segments as with a lexicon frozen by one thread.  Repeated on fresh
 * lexicons to give the race its chances. */
START_TEST(first_segmenters_of_a_fresh_lexicon_freeze_it_once)
{
    govtext_lexicon *frozen_alone = user_lexicon(1);
    seg_ref ref;
    seg_ref_make(&ref, frozen_alone);
    for (int round = 0; round < 4; round++) {
        govtext_lexicon *fresh = user_lexicon(1);
        segment_at_barrier(fresh, &ref, RACE_FREEZE);
        /* Frozen now: no more layers. */
        ck_assert_int_eq(govtext_lexicon_load_text(fresh, "新词 1\n", 7), GOVTEXT_ERR_INVALID_ARG);
        govtext_lexicon_free(fresh);
    }
    seg_ref_free(&ref);
    govtext_lexicon_free(frozen_alone);
}
END_TEST

/* The lexicon's last reference may go away in any thread: each thread's
 * segmenter holds one, and the caller drops its own while they segment. */
START_TEST(lexicon_freed_by_the_caller_while_threads_segment)
{
    govtext_lexicon *lex = user_lexicon(1);
    seg_ref ref;
    seg_ref_make(&ref, lex);
    segment_at_barrier(lex, &ref, DROP_LEXICON);
    seg_ref_free(&ref);
}
END_TEST

/* ---- loading and repairing ------------------------------------------------- */

/* Eight documents that exercise different loaders and passes: GB18030,
 * Big5, UTF-16LE/BE, mojibake, pinyin, OpenCC traditional, a scraped page. */
static const char *const raw_docs[NTHREADS] = {
    "gwr-2018-excerpt.gbk.txt",         "gwr-2018-excerpt-hant.big5.txt",
    "gwr-2018-excerpt.utf16le.txt",     "gwr-2018-excerpt.utf16be.txt",
    "gwr-2018-excerpt.moji-mixed.txt",  "gwr-2018-excerpt-hant-pinyin.txt",
    "gwr-2018-excerpt-s2tw.txt",        "seed-excerpt.txt",
};

/* What a repaired document looks like, for comparison. */
typedef struct repaired {
    govtext_status load, repair;
    char *text;
    size_t len, edits;
    uint64_t edits_hash;
    govtext_encoding enc;
} repaired;

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ull;
}

static void load_and_repair(const text *raw, const govtext_collection *coll, repaired *out)
{
    memset(out, 0, sizeof *out);
    govtext_doc *doc = govtext_doc_new();
    if (!doc) {
        out->load = GOVTEXT_ERR_NOMEM;
        return;
    }
    out->load = govtext_doc_load_bytes(doc, raw->bytes, raw->len, NULL);
    out->enc = govtext_doc_encoding(doc);
    if (out->load == GOVTEXT_OK)
        out->repair = govtext_doc_repair(doc, coll, NULL);
    const char *t = govtext_doc_text(doc, &out->len);
    out->text = malloc(out->len + 1);
    if (out->text)
        memcpy(out->text, t, out->len + 1);
    out->edits = govtext_doc_edit_count(doc);
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < out->edits; i++) {
        govtext_edit e = {.struct_size = sizeof e};
        if (govtext_doc_edit_get(doc, i, &e) != GOVTEXT_OK)
            break;
        h = mix(h, e.kind);
        h = mix(h, e.src_start);
        h = mix(h, e.src_end);
        h = mix(h, e.text_start);
        h = mix(h, e.text_end);
        for (size_t k = 0; k < e.new_len; k++)
            h = mix(h, (unsigned char)e.new_text[k]);
    }
    out->edits_hash = h;
    govtext_doc_free(doc);
}

static int same_repaired(const repaired *a, const repaired *b)
{
    return a->load == b->load && a->repair == b->repair && a->enc == b->enc && a->len == b->len &&
           a->text && b->text && memcmp(a->text, b->text, a->len) == 0 && a->edits == b->edits &&
           a->edits_hash == b->edits_hash;
}

typedef struct repair_arg {
    const text *raws;
    const repaired *ref; /* [NTHREADS] */
    const govtext_collection *coll;
    int id;
    size_t runs, mismatches;
} repair_arg;

static void *repair_thread(void *p)
{
    repair_arg *a = p;
    for (int r = 0; r < ROUNDS; r++) {
        /* Its own document first, then the next one, so that two threads
         * never hold the same govtext_doc but do run the same passes. */
        for (int k = 0; k < 2; k++) {
            int i = (a->id + k) % NTHREADS;
            repaired got;
            load_and_repair(&a->raws[i], a->coll, &got);
            a->runs++;
            if (!same_repaired(&got, &a->ref[i]))
                a->mismatches++;
            free(got.text);
        }
    }
    return NULL;
}

static void repair_in_threads(const govtext_collection *coll)
{
    text raws[NTHREADS];
    load_texts(raw_docs, raws);
    repaired ref[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        load_and_repair(&raws[i], coll, &ref[i]);
        ck_assert_int_eq(ref[i].load, GOVTEXT_OK);
        ck_assert_int_eq(ref[i].repair, GOVTEXT_OK);
        ck_assert_uint_gt(ref[i].len, 500);
        ck_assert_uint_gt(ref[i].edits, 0);
    }
    repair_arg args[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        args[i] = (repair_arg){.raws = raws, .ref = ref, .coll = coll, .id = i};
    run_threads(repair_thread, args, sizeof args[0]);
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_uint_eq(args[i].runs, (size_t)ROUNDS * 2);
        ck_assert_msg(args[i].mismatches == 0, "thread %d: %zu repairs differ from one thread's",
                      i, args[i].mismatches);
    }
    for (int i = 0; i < NTHREADS; i++)
        free(ref[i].text);
    free_texts(raws);
}

START_TEST(threads_load_and_repair_their_own_documents)
{
    repair_in_threads(NULL);
}
END_TEST

/* A fed collection is read-only and shared by every thread's repair. */
START_TEST(threads_repair_with_one_shared_collection)
{
    text raws[NTHREADS];
    load_texts(raw_docs, raws);
    govtext_collection *coll = govtext_collection_new();
    ck_assert_ptr_nonnull(coll);
    govtext_doc *doc = govtext_doc_new();
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(govtext_doc_load_bytes(doc, raws[i].bytes, raws[i].len, NULL), GOVTEXT_OK);
        ck_assert_int_eq(govtext_collection_add(coll, doc), GOVTEXT_OK);
    }
    govtext_doc_free(doc);
    free_texts(raws);
    ck_assert_uint_eq(govtext_collection_size(coll), NTHREADS);
    repair_in_threads(coll);
    govtext_collection_free(coll);
}
END_TEST

/* ---- searching one open index -------------------------------------------- */

/* Queries of every kind the language has; each matches something in the
 * eight texts but the last two (no match, and a filter with no document). */
static const char *const queries[] = {
    "政府",
    "改革 发展",
    "经济 OR 社会",
    "\"依法 治教\" OR 依法治教",
    "政府 -腐败",
    "word:改革",
    "year:2015 政府",
    "year:2015..2017 (改革 OR 创新) 发展",
    "source:测试 治理",
    "id:gwr-2018-excerpt.utf8.txt 人民",
    "脱贫攻坚",
    "四中全会",
    "不在这些文本里的词语组合",
    "year:1900 政府",
};
#define NQUERIES (sizeof queries / sizeof queries[0])

/* One search's outcome: status, totals and every hit with its snippet. */
typedef struct search_out {
    govtext_status status;
    size_t total, count;
    govtext_hit hits[16];
    uint64_t snippet_hash[16];
    /* term statistics of the same query */
    govtext_status stats_status;
    uint64_t docs, occ;
    size_t nyears;
    govtext_year_count years[16];
} search_out;

static void search_once(const govtext_index *idx, govtext_results *r, const char *q,
                        search_out *out)
{
    memset(out, 0, sizeof *out);
    govtext_search_options so;
    govtext_search_options_init(&so, sizeof so);
    so.limit = 16;
    so.flags = GOVTEXT_SEARCH_SNIPPETS;
    out->status = govtext_index_search(idx, q, strlen(q), &so, r);
    if (out->status == GOVTEXT_OK) {
        out->total = govtext_results_total(r);
        out->count = govtext_results_count(r);
        for (size_t i = 0; i < out->count && i < 16; i++) {
            out->hits[i].struct_size = sizeof out->hits[i];
            govtext_results_get(r, i, &out->hits[i]);
            size_t n = 0;
            const char *s = govtext_results_snippet(r, i, &n);
            uint64_t h = 0xcbf29ce484222325ull;
            for (size_t k = 0; s && k < n; k++)
                h = mix(h, (unsigned char)s[k]);
            out->snippet_hash[i] = h;
        }
    }
    out->stats_status = govtext_index_term_stats(idx, q, strlen(q), r, &out->docs, &out->occ,
                                                 out->years, 16, &out->nyears);
}

static int same_search(const search_out *a, const search_out *b)
{
    if (a->status != b->status || a->total != b->total || a->count != b->count ||
        a->stats_status != b->stats_status || a->docs != b->docs || a->occ != b->occ ||
        a->nyears != b->nyears)
        return 0;
    for (size_t i = 0; i < a->count && i < 16; i++) {
        const govtext_hit *x = &a->hits[i], *y = &b->hits[i];
        if (x->doc != y->doc || x->score != y->score || x->occurrences != y->occurrences ||
            x->snippet_start != y->snippet_start || x->snippet_end != y->snippet_end ||
            x->match_start != y->match_start || x->match_end != y->match_end ||
            a->snippet_hash[i] != b->snippet_hash[i])
            return 0;
    }
    for (size_t i = 0; i < a->nyears && i < 16; i++)
        if (a->years[i].year != b->years[i].year || a->years[i].docs != b->years[i].docs ||
            a->years[i].occurrences != b->years[i].occurrences)
            return 0;
    return 1;
}

/* Builds an index of the eight texts (years 2015-2022, a source on some)
 * in a temporary directory and opens it. */
static govtext_index *build_index(char *dir, char *path, size_t path_cap)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, path_cap, "%s/threads.gtx", dir);
    govtext_index_writer *w = NULL;
    ck_assert_int_eq(govtext_index_writer_new(NULL, &w), GOVTEXT_OK);
    text t[NTHREADS];
    load_texts(utf8_texts, t);
    for (int i = 0; i < NTHREADS; i++) {
        govtext_doc_meta m;
        govtext_doc_meta_init(&m, sizeof m);
        m.year = 2015 + i;
        m.title = utf8_texts[i];
        m.title_len = strlen(utf8_texts[i]);
        if (i % 2) {
            m.source = "测试";
            m.source_len = strlen("测试");
        }
        govtext_status st = govtext_index_writer_add(w, utf8_texts[i], strlen(utf8_texts[i]),
                                                     t[i].bytes, t[i].len, &m);
        ck_assert_msg(st == GOVTEXT_OK, "add: %s", govtext_index_writer_errmsg(w));
    }
    free_texts(t);
    ck_assert_int_eq(govtext_index_writer_save(w, path), GOVTEXT_OK);
    govtext_index_writer_free(w);
    govtext_index *idx = govtext_index_new();
    ck_assert_int_eq(govtext_index_open(idx, path), GOVTEXT_OK);
    ck_assert_uint_eq(govtext_index_doc_count(idx), NTHREADS);
    return idx;
}

typedef struct search_arg {
    const govtext_index *idx;
    const search_out *ref; /* [NQUERIES] */
    int id;
    size_t runs, mismatches;
} search_arg;

static void *search_thread(void *p)
{
    search_arg *a = p;
    govtext_results *r = govtext_results_new();
    for (int round = 0; r && round < ROUNDS; round++)
        for (size_t k = 0; k < NQUERIES; k++) {
            size_t q = (a->id + k) % NQUERIES;
            search_out got;
            search_once(a->idx, r, queries[q], &got);
            a->runs++;
            if (!same_search(&got, &a->ref[q]))
                a->mismatches++;
        }
    govtext_results_free(r);
    return NULL;
}

START_TEST(threads_search_one_open_index_with_their_own_results)
{
    char dir[] = "/tmp/govtext-threads-XXXXXX", path[256];
    govtext_index *idx = build_index(dir, path, sizeof path);
    search_out ref[NQUERIES];
    govtext_results *r = govtext_results_new();
    size_t matched = 0, with_stats = 0;
    for (size_t q = 0; q < NQUERIES; q++) {
        search_once(idx, r, queries[q], &ref[q]);
        ck_assert_msg(ref[q].status == GOVTEXT_OK, "%s: %s", queries[q], govtext_results_errmsg(r));
        ck_assert_msg(ref[q].stats_status == GOVTEXT_OK, "%s: stats %s", queries[q],
                      govtext_results_errmsg(r));
        matched += ref[q].total > 0;
        with_stats += ref[q].nyears > 0;
        /* term_stats and search agree on how many documents match. */
        ck_assert_uint_eq(ref[q].docs, ref[q].total);
    }
    govtext_results_free(r);
    /* The last two queries match nothing; all the others something. */
    ck_assert_uint_eq(matched, NQUERIES - 2);
    ck_assert_uint_eq(with_stats, NQUERIES - 2);
    ck_assert_uint_eq(ref[NQUERIES - 1].total, 0);

    search_arg args[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        args[i] = (search_arg){.idx = idx, .ref = ref, .id = i};
    run_threads(search_thread, args, sizeof args[0]);
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_uint_eq(args[i].runs, (size_t)ROUNDS * NQUERIES);
        ck_assert_msg(args[i].mismatches == 0, "thread %d: %zu searches differ from one thread's",
                      i, args[i].mismatches);
    }
    govtext_index_free(idx);
    unlink(path);
    rmdir(dir);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    /* Under ThreadSanitizer everything runs 5-15 times slower. */
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, segmenters_in_threads_share_the_default_lexicon);
    tcase_add_test(tc, segmenters_in_threads_share_a_user_loaded_lexicon);
    tcase_add_test(tc, first_segmenters_of_a_fresh_lexicon_freeze_it_once);
    tcase_add_test(tc, lexicon_freed_by_the_caller_while_threads_segment);
    tcase_add_test(tc, threads_load_and_repair_their_own_documents);
    tcase_add_test(tc, threads_repair_with_one_shared_collection);
    tcase_add_test(tc, threads_search_one_open_index_with_their_own_results);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(threads_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
