/* bench_segment: word segmentation speed of libgovtext beside ICU's word
 * break iterator, friso and jieba, on ~20 MB of governance text; the load
 * time and resident memory of the default lexicon.
 *
 * Speed is input bytes of UTF-8 per second (MB = 10^6 bytes), one thread,
 * the best of R runs for the in-process tools (ours and ICU round-robin,
 * each run timing each once, so that load from elsewhere hits both):
 *  - govtext precise / index: govtext_segmenter_words line by line into a
 *    reused token array (how the CLI and an indexer use it);
 *  - ICU: ubrk_open(UBRK_WORD, "zh") over the text as UTF-16 (converted
 *    before timing, ICU's fastest input), counting boundaries; and the
 *    same over the UTF-8 text itself through utext_openUTF8, the input
 *    the other tools get (ICU reads it through UText, no copy);
 *  - friso (Debian's libfriso, its /etc/friso/friso.ini and dictionaries),
 *    complex (MMSEG) mode, line by line;
 *  - jieba (python3-jieba), jieba.lcut with its defaults (HMM on) over the
 *    same file in a child process; its start-up and dictionary load are
 *    timed separately and not counted.
 * Memory: resident set (/proc/self/statm) before and after loading the
 * default lexicon and creating a segmenter, and after segmenting the whole
 * input once (the lexicon pages actually touched); friso's dictionary the
 * same way; jieba's whole process (ru_maxrss).
 *
 * usage: bench_segment [-m MB] [-r RUNS] [--no-jieba] [DATA_DIR] */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "bench_common.h"
#include "govtext.h"

#ifdef GT_BENCH_HAVE_FRISO
#include <friso.h>
#endif

#ifndef GT_BENCH_DEFAULT_DATA
#define GT_BENCH_DEFAULT_DATA "../shared/data/gov"
#endif

extern char **environ;

static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / 1e6;
}

/* ---- libgovtext -------------------------------------------------------- */

static size_t run_govtext(govtext_segmenter *seg, const char *text, size_t len, uint32_t mode)
{
    static govtext_token *toks;
    static size_t cap;
    govtext_segment_options o;
    govtext_segment_options_init(&o, sizeof o);
    o.mode = mode;
    size_t total = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, n = 0;
        for (;;) {
            govtext_status st = govtext_segmenter_words(seg, text + pos, end - pos, &o, toks, cap,
                                                        &n);
            if (st == GOVTEXT_OK)
                break;
            if (st != GOVTEXT_ERR_BUFFER_TOO_SMALL) {
                fprintf(stderr, "bench_segment: %s\n", govtext_segmenter_errmsg(seg));
                exit(1);
            }
            cap = n + 1024;
            toks = realloc(toks, cap * sizeof *toks);
            if (!toks)
                exit(1);
        }
        total += n;
        pos = end + 1;
    }
    return total;
}

/* ---- ICU ---------------------------------------------------------------- */

static size_t run_icu(UBreakIterator *bi, const UChar *u, int32_t ulen)
{
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(bi, u, ulen, &err);
    if (U_FAILURE(err))
        return 0;
    size_t n = 0;
    int32_t prev = ubrk_first(bi), b;
    while ((b = ubrk_next(bi)) != UBRK_DONE) {
        if (ubrk_getRuleStatus(bi) != UBRK_WORD_NONE)
            n++; /* words, not the spaces and punctuation between them */
        prev = b;
    }
    (void)prev;
    return n;
}

/* ICU over UTF-8, as a caller holding UTF-8 text would run it. */
static size_t run_icu_utf8(UBreakIterator *bi, const char *text, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &err);
    if (U_FAILURE(err))
        return 0;
    ubrk_setUText(bi, ut, &err);
    size_t n = 0;
    if (U_SUCCESS(err)) {
        ubrk_first(bi);
        while (ubrk_next(bi) != UBRK_DONE)
            if (ubrk_getRuleStatus(bi) != UBRK_WORD_NONE)
                n++;
    }
    utext_close(ut);
    return n;
}

/* ---- friso -------------------------------------------------------------- */

#ifdef GT_BENCH_HAVE_FRISO
static size_t run_friso(friso_t f, friso_config_t cfg, const char *text, size_t len)
{
    friso_task_t task = friso_new_task();
    char *line = NULL;
    size_t cap = 0, n = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end - pos + 1 > cap) {
            cap = end - pos + 1;
            line = realloc(line, cap);
        }
        memcpy(line, text + pos, end - pos);
        line[end - pos] = '\0';
        friso_set_text(task, line);
        while (cfg->next_token(f, cfg, task) != NULL)
            n++;
        pos = end + 1;
    }
    free(line);
    friso_free_task(task);
    return n;
}
#endif

/* ---- jieba (child process) ---------------------------------------------- */

static const char JIEBA_SCRIPT[] =
    "import sys, time\n"
    "t0 = time.time()\n"
    "import jieba\n"
    "jieba.setLogLevel(60)\n"
    "jieba.initialize()\n"
    "t1 = time.time()\n"
    "n = 0\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    for line in f:\n"
    "        n += len(jieba.lcut(line.rstrip('\\n')))\n"
    "t2 = time.time()\n"
    "import resource\n"
    "print('%f %f %d %d' % (t1 - t0, t2 - t1, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n";

/* Runs jieba over path; returns 0 and its figures, or -1 (n/a). */
static int run_jieba(const char *path, double *load_s, double *seg_s, long *tokens, long *rss_kb)
{
    char out_path[] = "/tmp/bench_segment_jieba.XXXXXX";
    int fd = mkstemp(out_path);
    if (fd < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 0, 0);
    /* Debian's python3-jieba is in the system Python's dist-packages; a
     * python3 earlier in PATH (pyenv, a venv) may not see it. */
    const char *py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    char *argv[] = {(char *)py, "-c", (char *)JIEBA_SCRIPT, (char *)path, NULL};
    pid_t pid;
    int rc = -1, status = 0;
    if (posix_spawnp(&pid, py, &fa, NULL, argv, environ) == 0 &&
        waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        FILE *f = fopen(out_path, "r");
        if (f && fscanf(f, "%lf %lf %ld %ld", load_s, seg_s, tokens, rss_kb) == 4)
            rc = 0;
        if (f)
            fclose(f);
    }
    posix_spawn_file_actions_destroy(&fa);
    close(fd);
    unlink(out_path);
    return rc;
}

static void row(const char *tool, double mb, double secs, size_t tokens, double ours,
                const char *note)
{
    if (secs <= 0) {
        printf("%-28s %9s %9s %12s  %s\n", tool, "n/a", "", "", note ? note : "");
        return;
    }
    double mbps = mb / secs;
    printf("%-28s %9.1f %8.2fx %12zu  %s\n", tool, mbps, ours > 0 ? mbps / ours : 1.0, tokens,
           note ? note : "");
}

int main(int argc, char **argv)
{
    double target_mb = 20;
    int runs = 3, jieba = 1;
    const char *dir_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
            target_mb = atof(argv[++i]);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-jieba") == 0)
            jieba = 0;
        else
            dir_arg = argv[i];
    }
    if (runs < 1)
        runs = 1;
    char *dir = bench_data_dir(dir_arg ? dir_arg : GT_BENCH_DEFAULT_DATA);
    if (!dir) {
        printf("bench_segment: no data directory (%s), skipped\n",
               dir_arg ? dir_arg : GT_BENCH_DEFAULT_DATA);
        return 0;
    }
    bench_corpus c;
    if (bench_corpus_load(dir, &c) != 0 || c.n == 0) {
        printf("bench_segment: no texts in %s, skipped\n", dir);
        return 0;
    }
    /* Whole files in name order, repeated, to the target size. */
    size_t want = (size_t)(target_mb * 1e6), len = 0;
    char *text = malloc(want + ((size_t)1 << 20) + 2);
    for (size_t i = 0; len < want; i = (i + 1) % c.n) {
        if (len + c.files[i].len + 1 > want + ((size_t)1 << 20))
            break;
        memcpy(text + len, c.files[i].bytes, c.files[i].len);
        len += c.files[i].len;
        if (len && text[len - 1] != '\n')
            text[len++] = '\n';
    }
    text[len] = '\0';
    double mb = (double)len / 1e6;
    printf("Word segmentation, %.1f MB of UTF-8 (%zu governance texts from %s, repeated), one thread;\n"
           "MB/s = input MB (10^6 bytes) per second, best of %d (jieba: one run)\n\n",
           mb, c.n, dir, runs);

    /* Lexicon load and memory. */
    double rss0 = rss_mb(), t0 = bench_now();
    govtext_lexicon *lex = govtext_lexicon_new();
    if (!lex || govtext_lexicon_load_default(lex) != GOVTEXT_OK) {
        fprintf(stderr, "bench_segment: %s\n", lex ? govtext_lexicon_errmsg(lex) : "no memory");
        return 1;
    }
    govtext_segmenter *seg = govtext_segmenter_new(lex);
    double load_ms = (bench_now() - t0) * 1e3, rss1 = rss_mb();
    if (!seg)
        return 1;

    /* One untimed pass first: it faults in the lexicon pages that the
     * text uses (measured as resident memory just below). */
    run_govtext(seg, text, len, GOVTEXT_SEG_PRECISE);
    double rss2 = rss_mb();
    /* ICU's input, UTF-16, converted before timing. */
    UErrorCode err = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, text, (int32_t)len, &err);
    err = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
    if (u)
        u_strFromUTF8(u, ulen + 1, &ulen, text, (int32_t)len, &err);
    UBreakIterator *bi = u && U_SUCCESS(err) ? ubrk_open(UBRK_WORD, "zh", NULL, 0, &err) : NULL;
    if (bi && U_FAILURE(err))
        bi = NULL;

    /* Round-robin: each run times ours (precise, index) and ICU once, so
     * that a burst of load from elsewhere on the machine hits all alike. */
    double best_p = 0, best_i = 0, best_icu = 0, best_icu8 = 0;
    size_t tok_p = 0, tok_i = 0, tok_icu = 0, tok_icu8 = 0;
    for (int r = 0; r < runs; r++) {
        double a = bench_now();
        tok_p = run_govtext(seg, text, len, GOVTEXT_SEG_PRECISE);
        double b = bench_now();
        if (!best_p || b - a < best_p)
            best_p = b - a;
        a = bench_now();
        tok_i = run_govtext(seg, text, len, GOVTEXT_SEG_INDEX);
        b = bench_now();
        if (!best_i || b - a < best_i)
            best_i = b - a;
        if (bi) {
            a = bench_now();
            tok_icu = run_icu(bi, u, ulen);
            b = bench_now();
            if (!best_icu || b - a < best_icu)
                best_icu = b - a;
            a = bench_now();
            tok_icu8 = run_icu_utf8(bi, text, len);
            b = bench_now();
            if (!best_icu8 || b - a < best_icu8)
                best_icu8 = b - a;
        }
    }
    double ours = mb / best_p;
    if (bi)
        ubrk_close(bi);
    free(u);

    /* friso. */
    double best_friso = 0, friso_mb = -1, friso_load_ms = 0;
    size_t tok_friso = 0;
#ifdef GT_BENCH_HAVE_FRISO
    {
        double r0 = rss_mb(), a = bench_now();
        friso_t f = friso_new();
        friso_config_t cfg = friso_new_config();
        if (friso_init_from_ifile(f, cfg, (fstring) "/etc/friso/friso.ini") == 1) {
            friso_set_mode(cfg, __FRISO_COMPLEX_MODE__);
            friso_load_ms = (bench_now() - a) * 1e3;
            friso_mb = rss_mb() - r0;
            double s0 = bench_now();
            tok_friso = run_friso(f, cfg, text, len);
            best_friso = bench_now() - s0;
        }
        friso_free_config(cfg);
        friso_free(f);
    }
#endif

    /* jieba. */
    double jl = 0, js = 0;
    long jt = 0, jrss = 0;
    int have_jieba = 0;
    if (jieba) {
        char path[] = "/tmp/bench_segment_text.XXXXXX";
        int fd = mkstemp(path);
        if (fd >= 0 && write(fd, text, len) == (ssize_t)len) {
            close(fd);
            have_jieba = run_jieba(path, &jl, &js, &jt, &jrss) == 0;
        } else if (fd >= 0) {
            close(fd);
        }
        unlink(path);
    }

    printf("%-28s %9s %9s %12s  %s\n", "tool", "MB/s", "vs ours", "tokens", "");
    printf("%-28s %9s %9s %12s\n", "----------------------------", "---------", "---------",
           "------------");
    row("govtext precise", mb, best_p, tok_p, ours, NULL);
    row("govtext index", mb, best_i, tok_i, ours, "(also the words inside long words)");
    row("ICU 72 word break (zh)", mb, best_icu, tok_icu, ours, "(UTF-16 input; words only)");
    row("ICU 72 word break, UTF-8", mb, best_icu8, tok_icu8, ours, "(UTF-8 input via UText)");
#ifdef GT_BENCH_HAVE_FRISO
    row("friso 1.6 complex", mb, best_friso, tok_friso, ours, NULL);
#else
    row("friso 1.6 complex", mb, 0, 0, ours, "(libfriso-dev not found)");
#endif
    row("jieba 0.42 (python3)", mb, have_jieba ? js : 0, (size_t)jt, ours,
        have_jieba ? "(lcut, HMM on)" : "(python3-jieba not found)");

    printf("\nLexicon load (new + load_default + first segmenter): %.2f ms\n", load_ms);
    printf("Resident memory of the default lexicon: %.1f MB after load, %.1f MB after "
           "segmenting %.0f MB (pages touched; %.1f MB process total)\n",
           rss1 - rss0, rss2 - rss0, mb, rss2);
    if (friso_mb >= 0)
        printf("friso dictionary: load %.0f ms, %.1f MB resident\n", friso_load_ms, friso_mb);
    if (have_jieba)
        printf("jieba: start-up and dictionary %.0f ms, process peak %.1f MB resident\n",
               jl * 1e3, (double)jrss / 1e3);
    govtext_segmenter_free(seg);
    govtext_lexicon_free(lex);
    free(text);
    bench_corpus_free(&c);
    free(dir);
    return 0;
}
