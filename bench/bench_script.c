/* bench_script: round-trip accuracy and speed of the script pass against
 * OpenCC and ICU, on the governance corpus.
 *
 * Every document is converted to traditional characters by four forward
 * converters:
 *   (a) OpenCC s2t            (`opencc -c s2t.json`)
 *   (b) OpenCC s2tw           (`opencc -c s2tw.json`, Taiwan forms: 着 -> 著)
 *   (c) ICU Simplified-Traditional (utrans, in-process; also “” -> 「」)
 *   (d) a plain character table (OpenCC STCharacters, first candidate)
 * and back to simplified by three backward converters:
 *   ours       govtext_doc_load_bytes + govtext_doc_repair, every pass but
 *              script skipped, script = GOVTEXT_SCRIPT_HANS, one document
 *              at a time (the pass reads its evidence per document);
 *   opencc t2s `opencc -c t2s.json` over all documents at once;
 *   ICU T-S    ICU's Traditional-Simplified transliterator, in-process.
 * The character error rate is the edit distance between the result and
 * the original, both loaded through govtext_doc_load_bytes (so that
 * normalisation is the same), over the characters of the original.
 *
 * Speed is MB (10^6 bytes) of traditional input per second: the sum over
 * documents of each document's best time in RUNS runs (ours, ICU) or the
 * best of RUNS runs over all documents at once (OpenCC's command).  Ours is
 * timed twice: the repair call alone and load + repair.  ICU's
 * transliterator is opened once outside the timing; its time includes the
 * UTF-8 <-> UTF-16 conversions it needs.  OpenCC runs as a child process
 * over one file holding every document; the time of the same command on an
 * empty file (process start, dictionary loading) is subtracted and also
 * shown.
 *
 * usage: bench_script [-r RUNS] [-v] [DATA_DIR]
 * Without the corpus it says so and exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "bench_common.h"
#include "govtext.h"

#ifndef GT_BENCH_DEFAULT_DATA
#define GT_BENCH_DEFAULT_DATA "../shared/data/gov"
#endif

extern char **environ;

/* Documents travel through the OpenCC commands as one file, split again at
 * this line (ASCII: every converter leaves it alone). */
static const char SEP[] = "\n@@GOVTEXT-BENCH-SPLIT@@\n";

enum { F_S2T, F_S2TW, F_ICU, F_TABLE, NFWD };
enum { B_OURS, B_OPENCC, B_ICU, NBACK };
static const char *fwd_names[NFWD] = {"OpenCC s2t", "OpenCC s2tw", "ICU S-T", "char table"};
static const char *back_names[NBACK] = {"ours", "OpenCC t2s", "ICU T-S"};

typedef struct text {
    char *s;
    size_t len;
} text;

/* one set of documents: docs[i] is document i */
typedef struct docset {
    text *docs;
    size_t n;
    int ok;
} docset;

static int runs = 3;
static int verbose;
static char tmpdir[64];

static void die_nomem(void)
{
    fprintf(stderr, "bench_script: out of memory\n");
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_nomem();
    return p;
}

static void docset_free(docset *d)
{
    if (!d->docs)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->docs[i].s);
    free(d->docs);
    d->docs = NULL;
}

/* ------------------------------------------------------------------------
 * Files and child processes
 * ---------------------------------------------------------------------- */
static char *path_in_tmp(const char *name)
{
    size_t n = strlen(tmpdir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", tmpdir, name);
    return p;
}

static int write_file(const char *path, const char *s, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(s, 1, len, f);
    int bad = fclose(f) != 0 || w != len;
    return bad ? -1 : 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *b = realloc(buf, 2 * cap + 1);
        if (!b)
            die_nomem();
        buf = b;
        cap *= 2;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Runs argv (stdout to /dev/null); seconds from spawn to exit, < 0 if it
 * could not run or failed. */
static double run_command(char *const argv[])
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    double t0 = bench_now();
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    double t = bench_now() - t0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

/* Joins the documents with SEP. */
static text join(const docset *d)
{
    size_t total = 0;
    for (size_t i = 0; i < d->n; i++)
        total += d->docs[i].len + sizeof SEP - 1;
    text t = {xmalloc(total + 1), 0};
    for (size_t i = 0; i < d->n; i++) {
        if (i > 0) {
            memcpy(t.s + t.len, SEP, sizeof SEP - 1);
            t.len += sizeof SEP - 1;
        }
        memcpy(t.s + t.len, d->docs[i].s, d->docs[i].len);
        t.len += d->docs[i].len;
    }
    t.s[t.len] = '\0';
    return t;
}

/* Splits s at SEP into exactly n documents; 0, or -1 if the count differs. */
static int split(const char *s, size_t len, size_t n, docset *out)
{
    out->docs = calloc(n ? n : 1, sizeof *out->docs);
    if (!out->docs)
        die_nomem();
    out->n = n;
    size_t k = 0, start = 0;
    const size_t seplen = sizeof SEP - 1;
    for (size_t i = 0; i + seplen <= len && k + 1 < n;) {
        if (memcmp(s + i, SEP, seplen) == 0) {
            out->docs[k].len = i - start;
            out->docs[k].s = xmalloc(i - start + 1);
            memcpy(out->docs[k].s, s + start, i - start);
            out->docs[k].s[i - start] = '\0';
            k++;
            i += seplen;
            start = i;
        } else {
            i++;
        }
    }
    if (k + 1 != n)
        return -1;
    out->docs[k].len = len - start;
    out->docs[k].s = xmalloc(len - start + 1);
    memcpy(out->docs[k].s, s + start, len - start);
    out->docs[k].s[len - start] = '\0';
    out->ok = 1;
    return 0;
}

/* Runs `opencc -c CONFIG` over the joined documents.  *secs gets the best
 * time of `runs` runs (if secs is not NULL). */
static int opencc_docs(const char *config, const docset *in, docset *out, double *secs)
{
    text j = join(in);
    char *ip = path_in_tmp("opencc-in.txt"), *op = path_in_tmp("opencc-out.txt");
    int rc = -1;
    if (write_file(ip, j.s, j.len) == 0) {
        char *argv[] = {"opencc", "-c", (char *)config, "-i", ip, "-o", op, NULL};
        double best = -1;
        int n = secs ? runs : 1;
        for (int r = 0; r < n; r++) {
            double t = run_command(argv);
            if (t < 0) {
                best = -1;
                break;
            }
            if (best < 0 || t < best)
                best = t;
        }
        if (best >= 0) {
            size_t len;
            char *s = read_file(op, &len);
            if (s) {
                rc = split(s, len, in->n, out);
                if (rc != 0)
                    fprintf(stderr, "bench_script: opencc %s changed the document count\n",
                            config);
                free(s);
            }
            if (secs)
                *secs = best;
        }
    }
    remove(ip);
    remove(op);
    free(ip);
    free(op);
    free(j.s);
    return rc;
}

/* The start-up cost of `opencc -c CONFIG` (an empty input), best of runs. */
static double opencc_startup(const char *config)
{
    char *ip = path_in_tmp("opencc-empty.txt"), *op = path_in_tmp("opencc-empty-out.txt");
    double best = -1;
    if (write_file(ip, "", 0) == 0) {
        char *argv[] = {"opencc", "-c", (char *)config, "-i", ip, "-o", op, NULL};
        for (int r = 0; r < runs; r++) {
            double t = run_command(argv);
            if (t >= 0 && (best < 0 || t < best))
                best = t;
        }
    }
    remove(ip);
    remove(op);
    free(ip);
    free(op);
    return best;
}

/* ------------------------------------------------------------------------
 * ICU transliterators
 * ---------------------------------------------------------------------- */
static UTransliterator *icu_open(const char *id)
{
    UChar uid[64];
    int32_t n = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(uid, 64, &n, id, -1, &e);
    UParseError pe;
    UTransliterator *t = U_SUCCESS(e) ? utrans_openU(uid, n, UTRANS_FORWARD, NULL, 0, &pe, &e)
                                      : NULL;
    if (U_FAILURE(e)) {
        fprintf(stderr, "bench_script: ICU transliterator %s: %s\n", id, u_errorName(e));
        return NULL;
    }
    return t;
}

static int icu_trans(UTransliterator *tr, const char *s, size_t len, text *out)
{
    if (len > INT32_MAX / 4)
        return -1;
    UErrorCode e = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(NULL, 0, &n16, s, (int32_t)len, &e);
    e = U_ZERO_ERROR;
    int32_t cap = 2 * n16 + 64;
    UChar *u = xmalloc((size_t)cap * sizeof *u);
    u_strFromUTF8(u, cap, &n16, s, (int32_t)len, &e);
    int32_t tlen = n16, limit = n16;
    if (U_SUCCESS(e))
        utrans_transUChars(tr, u, &tlen, cap, 0, &limit, &e);
    int32_t n8 = 0;
    if (U_SUCCESS(e)) {
        u_strToUTF8(NULL, 0, &n8, u, tlen, &e);
        if (e == U_BUFFER_OVERFLOW_ERROR)
            e = U_ZERO_ERROR;
    }
    if (U_FAILURE(e)) {
        free(u);
        return -1;
    }
    out->s = xmalloc((size_t)n8 + 1);
    u_strToUTF8(out->s, n8 + 1, &n8, u, tlen, &e);
    out->len = (size_t)n8;
    free(u);
    return U_SUCCESS(e) ? 0 : -1;
}

static int icu_docs(const char *id, const docset *in, docset *out, double *secs)
{
    UTransliterator *tr = icu_open(id);
    if (!tr)
        return -1;
    out->docs = calloc(in->n ? in->n : 1, sizeof *out->docs);
    if (!out->docs)
        die_nomem();
    out->n = in->n;
    double total = 0;
    int n = secs ? runs : 1;
    for (size_t i = 0; i < in->n; i++) {
        double best = -1;
        for (int r = 0; r < n; r++) {
            text t;
            double t0 = bench_now();
            int rc = icu_trans(tr, in->docs[i].s, in->docs[i].len, &t);
            double dt = bench_now() - t0;
            if (rc != 0) {
                utrans_close(tr);
                return -1;
            }
            if (best < 0 || dt < best)
                best = dt;
            if (r == 0)
                out->docs[i] = t;
            else
                free(t.s);
        }
        total += best;
    }
    out->ok = 1;
    utrans_close(tr);
    if (secs)
        *secs = total;
    return 0;
}

/* ------------------------------------------------------------------------
 * A plain character table: STCharacters, first candidate
 * ---------------------------------------------------------------------- */
#define TABLE_CPS 0x40000u

static uint32_t *table_load(void)
{
    char *op = path_in_tmp("STCharacters.txt");
    char *argv[] = {"opencc_dict", "-i", "/usr/share/opencc/STCharacters.ocd2", "-o", op,
                    "-f", "ocd2", "-t", "text", NULL};
    uint32_t *tab = NULL;
    if (run_command(argv) >= 0) {
        size_t len;
        char *s = read_file(op, &len);
        if (s) {
            tab = calloc(TABLE_CPS, sizeof *tab);
            if (!tab)
                die_nomem();
            /* lines "K\tV1 V2 ...": K and V1 single characters */
            for (char *line = s; line < s + len;) {
                char *nl = memchr(line, '\n', (size_t)(s + len - line));
                char *end = nl ? nl : s + len;
                char *tab_ = memchr(line, '\t', (size_t)(end - line));
                if (tab_) {
                    UChar32 k, v;
                    int32_t i = 0, j = 0;
                    U8_NEXT(line, i, tab_ - line, k);
                    U8_NEXT(tab_ + 1, j, end - tab_ - 1, v);
                    if (i == tab_ - line && k >= 0 && v > 0 && (uint32_t)k < TABLE_CPS &&
                        (tab_[1 + j] == ' ' || tab_ + 1 + j == end))
                        tab[k] = (uint32_t)v;
                }
                line = end + 1;
            }
            free(s);
        }
    }
    remove(op);
    free(op);
    return tab;
}

static void table_docs(const uint32_t *tab, const docset *in, docset *out)
{
    out->docs = calloc(in->n ? in->n : 1, sizeof *out->docs);
    if (!out->docs)
        die_nomem();
    out->n = in->n;
    for (size_t d = 0; d < in->n; d++) {
        const char *s = in->docs[d].s;
        int32_t len = (int32_t)in->docs[d].len, i = 0, o = 0;
        char *buf = xmalloc((size_t)len * 2 + 4);
        while (i < len) {
            UChar32 c;
            U8_NEXT(s, i, len, c);
            if (c >= 0 && (uint32_t)c < TABLE_CPS && tab[c])
                c = (UChar32)tab[c];
            if (c < 0)
                c = 0xFFFD;
            U8_APPEND_UNSAFE(buf, o, c);
        }
        buf[o] = '\0';
        out->docs[d].s = buf;
        out->docs[d].len = (size_t)o;
    }
    out->ok = 1;
}

/* ------------------------------------------------------------------------
 * Ours
 * ---------------------------------------------------------------------- */
static int ours_docs(const docset *in, docset *out, double *repair_secs, double *all_secs)
{
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        die_nomem();
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    ro.skip = GOVTEXT_REPAIR_MOJIBAKE | GOVTEXT_REPAIR_HTML | GOVTEXT_REPAIR_LAYOUT |
              GOVTEXT_REPAIR_PINYIN | GOVTEXT_REPAIR_DUPLICATE | GOVTEXT_REPAIR_SPAM |
              GOVTEXT_REPAIR_MASK | GOVTEXT_REPAIR_PUNCT;
    ro.script = GOVTEXT_SCRIPT_HANS;
    out->docs = calloc(in->n ? in->n : 1, sizeof *out->docs);
    if (!out->docs)
        die_nomem();
    out->n = in->n;
    /* Each document's best time over the runs: a machine shared with other
     * work preempts some runs, and the minimum filters that out. */
    double rep_total = 0, all_total = 0;
    for (size_t i = 0; i < in->n; i++) {
        double best_rep = -1, best_all = -1;
        for (int r = 0; r < runs; r++) {
            double t0 = bench_now();
            govtext_status s = govtext_doc_load_bytes(doc, in->docs[i].s, in->docs[i].len, NULL);
            double t1 = bench_now();
            if (s == GOVTEXT_OK)
                s = govtext_doc_repair(doc, NULL, &ro);
            double t2 = bench_now();
            if (s != GOVTEXT_OK) {
                fprintf(stderr, "bench_script: %s: %s\n", govtext_status_name(s),
                        govtext_doc_errmsg(doc));
                govtext_doc_free(doc);
                return -1;
            }
            if (best_rep < 0 || t2 - t1 < best_rep)
                best_rep = t2 - t1;
            if (best_all < 0 || t2 - t0 < best_all)
                best_all = t2 - t0;
        }
        rep_total += best_rep;
        all_total += best_all;
        size_t len;
        const char *t = govtext_doc_text(doc, &len);
        out->docs[i].s = xmalloc(len + 1);
        memcpy(out->docs[i].s, t, len + 1);
        out->docs[i].len = len;
    }
    out->ok = 1;
    govtext_doc_free(doc);
    *repair_secs = rep_total;
    *all_secs = all_total;
    return 0;
}

/* ------------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */
/* The document as the library loads it: the reference form both sides are
 * compared in, as code points. */
static UChar32 *to_cps(const char *s, size_t len, size_t *n)
{
    govtext_doc *doc = govtext_doc_new();
    if (!doc)
        die_nomem();
    const char *t = s;
    size_t tl = len;
    if (govtext_doc_load_bytes(doc, s, len, NULL) == GOVTEXT_OK)
        t = govtext_doc_text(doc, &tl);
    UChar32 *cp = xmalloc((tl + 1) * sizeof *cp);
    size_t k = 0;
    int32_t i = 0;
    while ((size_t)i < tl) {
        UChar32 c;
        U8_NEXT(t, i, (int32_t)tl, c);
        cp[k++] = c;
    }
    *n = k;
    govtext_doc_free(doc);
    return cp;
}

/* Edit distance: Hamming when the lengths agree (the converters map
 * character for character), else a banded Levenshtein. */
static size_t distance(const UChar32 *a, size_t n, const UChar32 *b, size_t m)
{
    if (n == m) {
        size_t d = 0;
        for (size_t i = 0; i < n; i++)
            d += a[i] != b[i];
        return d;
    }
    size_t band = (n > m ? n - m : m - n) + 64;
    size_t w = 2 * band + 1;
    size_t *prev = xmalloc(w * sizeof *prev), *cur = xmalloc(w * sizeof *cur);
    const size_t INF = (size_t)-1 / 2;
    /* cell (i, j) lives at index j - i + band */
    for (size_t k = 0; k < w; k++) {
        size_t j = k >= band ? k - band : (size_t)-1;
        prev[k] = j <= m ? j : INF;
    }
    for (size_t i = 1; i <= n; i++) {
        for (size_t k = 0; k < w; k++) {
            cur[k] = INF;
            if (k + i < band)
                continue;
            size_t j = k + i - band;
            if (j > m)
                continue;
            size_t best = INF;
            if (j == 0) {
                best = i;
            } else {
                if (prev[k] != INF)
                    best = prev[k] + (a[i - 1] != b[j - 1]);
                if (k > 0 && cur[k - 1] != INF && cur[k - 1] + 1 < best)
                    best = cur[k - 1] + 1;
            }
            if (k + 1 < w && prev[k + 1] != INF && prev[k + 1] + 1 < best)
                best = prev[k + 1] + 1;
            cur[k] = best;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t k = m + band - n;
    size_t d = k < w ? prev[k] : INF;
    free(prev);
    free(cur);
    return d == INF ? (n > m ? n : m) : d;
}

typedef struct score {
    size_t errors, chars;
} score;

static score score_docs(const docset *ref, const docset *got, int show, const char *label)
{
    score sc = {0, 0};
    size_t shown = 0;
    for (size_t i = 0; i < ref->n; i++) {
        size_t n, m;
        UChar32 *a = to_cps(ref->docs[i].s, ref->docs[i].len, &n);
        UChar32 *b = to_cps(got->docs[i].s, got->docs[i].len, &m);
        sc.errors += distance(a, n, b, m);
        sc.chars += n;
        if (show && n == m) {
            for (size_t k = 0; k < n && shown < 12; k++) {
                if (a[k] == b[k])
                    continue;
                char ctx[64], o[8], g[8];
                int32_t ci = 0, oi = 0, gi = 0;
                size_t lo = k >= 4 ? k - 4 : 0;
                for (size_t x = lo; x < n && x < k + 5 && ci < 56; x++)
                    U8_APPEND_UNSAFE(ctx, ci, a[x]);
                ctx[ci] = '\0';
                U8_APPEND_UNSAFE(o, oi, a[k]);
                o[oi] = '\0';
                U8_APPEND_UNSAFE(g, gi, b[k]);
                g[gi] = '\0';
                printf("    %s: %s -> %s in %s\n", label, o, g, ctx);
                shown++;
            }
        }
        free(a);
        free(b);
    }
    return sc;
}

/* Documents whose forward text had 「 and whose result has none. */
static size_t quotes_restored(const docset *fwd, const docset *back)
{
    size_t n = 0;
    for (size_t i = 0; i < fwd->n; i++)
        if (strstr(fwd->docs[i].s, "\xE3\x80\x8C") && !strstr(back->docs[i].s, "\xE3\x80\x8C"))
            n++;
    return n;
}

static size_t docs_with(const docset *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += strstr(d->docs[i].s, needle) != NULL;
    return n;
}

static void print_rate(score s)
{
    if (s.chars == 0)
        printf(" %13s", "n/a");
    else
        printf(" %13.1e", (double)s.errors / (double)s.chars);
}

int main(int argc, char **argv)
{
    const char *arg = GT_BENCH_DEFAULT_DATA;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
            if (runs < 1)
                runs = 1;
        } else if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: bench_script [-r RUNS] [-v] [DATA_DIR]\n");
            return 2;
        } else {
            arg = argv[i];
        }
    }
    char *dir = bench_data_dir(arg);
    if (!dir) {
        printf("bench_script: no governance corpus at %s; nothing to measure\n", arg);
        return 0;
    }
    bench_corpus corpus;
    if (bench_corpus_load(dir, &corpus) != 0 || corpus.n == 0) {
        printf("bench_script: no UTF-8 documents in %s; nothing to measure\n", dir);
        free(dir);
        return 0;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bench_script.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "bench_script: mkdtemp: %s\n", strerror(errno));
        return 1;
    }

    docset orig = {calloc(corpus.n, sizeof(text)), corpus.n, 1};
    if (!orig.docs)
        die_nomem();
    size_t orig_bytes = 0;
    for (size_t i = 0; i < corpus.n; i++) {
        orig.docs[i].s = xmalloc(corpus.files[i].len + 1);
        memcpy(orig.docs[i].s, corpus.files[i].bytes, corpus.files[i].len + 1);
        orig.docs[i].len = corpus.files[i].len;
        orig_bytes += corpus.files[i].len;
    }
    printf("bench_script: %zu documents, %.2f MB, from %s; best of %d runs\n", orig.n,
           (double)orig_bytes / 1e6, dir, runs);

    /* forward */
    docset fwd[NFWD];
    memset(fwd, 0, sizeof fwd);
    if (opencc_docs("s2t.json", &orig, &fwd[F_S2T], NULL) != 0)
        printf("  OpenCC s2t: not available (opencc not installed?)\n");
    if (opencc_docs("s2tw.json", &orig, &fwd[F_S2TW], NULL) != 0)
        printf("  OpenCC s2tw: not available\n");
    if (icu_docs("Simplified-Traditional", &orig, &fwd[F_ICU], NULL) != 0)
        printf("  ICU Simplified-Traditional: not available\n");
    uint32_t *tab = table_load();
    if (tab)
        table_docs(tab, &orig, &fwd[F_TABLE]);
    else
        printf("  char table: not available (opencc_dict not installed?)\n");
    free(tab);

    /* backward */
    score sc[NFWD][NBACK];
    double secs[NFWD][NBACK], secs_all[NFWD];
    size_t in_bytes[NFWD];
    docset back[NFWD][NBACK];
    memset(sc, 0, sizeof sc);
    memset(back, 0, sizeof back);
    double opencc_start = opencc_startup("t2s.json");
    for (int f = 0; f < NFWD; f++) {
        in_bytes[f] = 0;
        for (int b = 0; b < NBACK; b++)
            secs[f][b] = -1;
        secs_all[f] = -1;
        if (!fwd[f].ok)
            continue;
        for (size_t i = 0; i < fwd[f].n; i++)
            in_bytes[f] += fwd[f].docs[i].len;
        if (ours_docs(&fwd[f], &back[f][B_OURS], &secs[f][B_OURS], &secs_all[f]) != 0)
            back[f][B_OURS].ok = 0;
        if (opencc_docs("t2s.json", &fwd[f], &back[f][B_OPENCC], &secs[f][B_OPENCC]) != 0)
            back[f][B_OPENCC].ok = 0;
        if (icu_docs("Traditional-Simplified", &fwd[f], &back[f][B_ICU], &secs[f][B_ICU]) != 0)
            back[f][B_ICU].ok = 0;
        for (int b = 0; b < NBACK; b++)
            if (back[f][b].ok)
                sc[f][b] = score_docs(&orig, &back[f][b], verbose && b == B_OURS,
                                      fwd_names[f]);
    }

    printf("\nround-trip character error rate (edit distance / characters of the original)\n");
    printf("%-14s", "forward");
    for (int b = 0; b < NBACK; b++)
        printf(" %13s", back_names[b]);
    printf("\n");
    for (int f = 0; f < NFWD; f++) {
        printf("%-14s", fwd_names[f]);
        for (int b = 0; b < NBACK; b++)
            print_rate(back[f][b].ok ? sc[f][b] : (score){0, 0});
        printf("\n");
    }
    if (fwd[F_ICU].ok && back[F_ICU][B_OURS].ok)
        printf("ICU S-T wrote 「」 in %zu of %zu documents; ours mapped them back to “” in %zu "
               "(a converted document with no “” of its own)\n",
               docs_with(&fwd[F_ICU], "\xE3\x80\x8C"), fwd[F_ICU].n,
               quotes_restored(&fwd[F_ICU], &back[F_ICU][B_OURS]));

    printf("\nbackward speed, MB/s of traditional input\n");
    printf("%-14s %13s %13s %13s %13s\n", "forward", "ours (pass)", "ours (+load)", "OpenCC t2s",
           "ICU T-S");
    for (int f = 0; f < NFWD; f++) {
        if (!fwd[f].ok)
            continue;
        double mb = (double)in_bytes[f] / 1e6;
        printf("%-14s", fwd_names[f]);
        double o = secs[f][B_OPENCC];
        if (o >= 0 && opencc_start >= 0)
            o -= opencc_start;
        double v[4] = {secs[f][B_OURS], secs_all[f], o, secs[f][B_ICU]};
        for (int k = 0; k < 4; k++) {
            if (v[k] > 0)
                printf(" %13.1f", mb / v[k]);
            else
                printf(" %13s", "n/a");
        }
        printf("\n");
    }
    if (opencc_start >= 0)
        printf("(OpenCC: process start-up and dictionary loading, %.3f s, subtracted)\n",
               opencc_start);

    for (int f = 0; f < NFWD; f++) {
        docset_free(&fwd[f]);
        for (int b = 0; b < NBACK; b++)
            docset_free(&back[f][b]);
    }
    docset_free(&orig);
    bench_corpus_free(&corpus);
    rmdir(tmpdir);
    free(dir);
    return 0;
}
