/* bench_load: load throughput of govtext_doc_load_bytes against plain
 * converters, on ~20 MB of governance text as UTF-8 and as GB18030.
 *
 * Speed is input bytes per second (MB = 10^6 bytes), the best of R runs.
 * Every run includes allocating and freeing the output.  The library does
 * more than a converter (detection, NFC, newline and control clean-up, an
 * offset map, an edit list), so the peers give an upper bound, not a like
 * for like.  The command-line peers run as child processes reading a
 * temporary file, writing to /dev/null; their time includes process start.
 *
 * usage: bench_load [-m MB] [-r RUNS] [DATA_DIR] */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicode/ucnv.h>

#include "bench_common.h"
#include "govtext.h"

#ifndef GT_BENCH_DEFAULT_DATA
#define GT_BENCH_DEFAULT_DATA "../shared/data/gov"
#endif

extern char **environ;

typedef struct input {
    const char *name; /* "UTF-8" or "GB18030" */
    const char *iconv_name;
    const char *icu_name;
    char *bytes;
    size_t len;
    char *path; /* temporary file with the same bytes, for the commands */
} input;

typedef struct result {
    const char *input;
    char tool[64];
    double mbps; /* < 0: failed or not available */
    const char *note;
} result;

static result results[32];
static size_t nresults;
static int runs = 3;

static void add_result(const char *in, const char *tool, double mbps, const char *note)
{
    if (nresults == sizeof results / sizeof results[0])
        return;
    result *r = &results[nresults++];
    r->input = in;
    snprintf(r->tool, sizeof r->tool, "%s", tool);
    r->mbps = mbps;
    r->note = note;
}

/* ------------------------------------------------------------------------
 * One timed run of each tool; each returns seconds, or < 0 on failure.
 * ---------------------------------------------------------------------- */
static govtext_doc *doc;
static const char *fail_note;

static double run_ours(const input *in, uint32_t encoding)
{
    govtext_load_options o;
    govtext_load_options_init(&o, sizeof o);
    o.encoding = encoding;
    double t0 = bench_now();
    govtext_status s = govtext_doc_load_bytes(doc, in->bytes, in->len, &o);
    double t = bench_now() - t0;
    if (s != GOVTEXT_OK) {
        fprintf(stderr, "bench_load: govtext_doc_load_bytes (%s): %s: %s\n", in->name,
                govtext_status_name(s), govtext_doc_errmsg(doc));
        fail_note = "load failed";
        return -1;
    }
    return t;
}

static double run_iconv(const input *in)
{
    double t0 = bench_now();
    iconv_t cd = iconv_open("UTF-8", in->iconv_name);
    if (cd == (iconv_t)-1) {
        fail_note = "iconv_open failed";
        return -1;
    }
    size_t cap = 2 * in->len + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        fail_note = "out of memory";
        return -1;
    }
    char *src = in->bytes, *dst = out;
    size_t left = in->len, room = cap;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    int err = errno;
    free(out);
    iconv_close(cd);
    double t = bench_now() - t0;
    if (r == (size_t)-1) {
        fprintf(stderr, "bench_load: iconv %s: %s at byte %zu\n", in->iconv_name, strerror(err),
                in->len - left);
        fail_note = "iconv failed";
        return -1;
    }
    return t;
}

static double run_icu(const input *in)
{
    double t0 = bench_now();
    size_t cap = 2 * in->len + 16;
    char *out = malloc(cap);
    if (!out || cap > INT32_MAX) {
        free(out);
        fail_note = "too large";
        return -1;
    }
    UErrorCode e = U_ZERO_ERROR;
    ucnv_convert("UTF-8", in->icu_name, out, (int32_t)cap, in->bytes, (int32_t)in->len, &e);
    free(out);
    double t = bench_now() - t0;
    if (U_FAILURE(e)) {
        fprintf(stderr, "bench_load: ucnv_convert %s: %s\n", in->icu_name, u_errorName(e));
        fail_note = "ucnv_convert failed";
        return -1;
    }
    return t;
}

/* Runs argv with stdout to /dev/null; seconds from spawn to exit. */
static double run_command(char *const argv[])
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    double t0 = bench_now();
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fail_note = "not installed";
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fail_note = "waitpid failed";
            return -1;
        }
    }
    double t = bench_now() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail_note = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "not installed"
                                                                     : "command failed";
        return -1;
    }
    return t;
}

static double run_uconv(const input *in)
{
    char *argv[] = {"uconv", "-f", (char *)in->icu_name, "-t", "utf-8", in->path, NULL};
    return run_command(argv);
}

static double run_iconv_cli(const input *in)
{
    char *argv[] = {"iconv", "-f", (char *)in->iconv_name, "-t", "UTF-8", in->path, NULL};
    return run_command(argv);
}

enum tool { T_OURS_AUTO, T_OURS_FORCED, T_ICONV, T_ICU, T_UCONV, T_ICONV_CLI };

static double run_tool(enum tool t, const input *in, uint32_t forced)
{
    switch (t) {
    case T_OURS_AUTO:
        return run_ours(in, GOVTEXT_ENC_AUTO);
    case T_OURS_FORCED:
        return run_ours(in, forced);
    case T_ICONV:
        return run_iconv(in);
    case T_ICU:
        return run_icu(in);
    case T_UCONV:
        return run_uconv(in);
    case T_ICONV_CLI:
        return run_iconv_cli(in);
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
static char *write_temp(const char *bytes, size_t len, const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    size_t n = strlen(tmp) + strlen(tag) + 32;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/bench_load-%s-XXXXXX", tmp, tag);
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            free(path);
            return NULL;
        }
        done += (size_t)w;
    }
    close(fd);
    return path;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_load [-m MB] [-r RUNS] [DATA_DIR]\n"
            "  MB of UTF-8 input to build from the corpus (default 20), best of RUNS\n"
            "  (default 3); DATA_DIR holds the UTF-8 texts or a gov/ folder of them\n"
            "  (default %s)\n",
            GT_BENCH_DEFAULT_DATA);
}

int main(int argc, char **argv)
{
    double target_mb = 20;
    int opt;
    while ((opt = getopt(argc, argv, "m:r:h")) != -1) {
        switch (opt) {
        case 'm':
            target_mb = strtod(optarg, NULL);
            break;
        case 'r':
            runs = atoi(optarg);
            break;
        default:
            usage(opt == 'h' ? stdout : stderr);
            return opt == 'h' ? 0 : 2;
        }
    }
    if (target_mb <= 0 || target_mb > 500 || runs <= 0 || argc - optind > 1) {
        usage(stderr);
        return 2;
    }
    const char *arg = optind < argc ? argv[optind] : GT_BENCH_DEFAULT_DATA;
    char *dir = bench_data_dir(arg);
    if (!dir) {
        printf("bench_load: data not found at %s, skipped\n", arg);
        return 0;
    }
    bench_corpus corpus;
    if (bench_corpus_load(dir, &corpus) != 0)
        return 2;
    if (corpus.n == 0) {
        printf("bench_load: no UTF-8 *.txt or *.utf8 files in %s, skipped\n", dir);
        free(dir);
        return 0;
    }

    /* The UTF-8 input: whole files in name order, repeated, up to the
     * target size. */
    size_t target = (size_t)(target_mb * 1e6);
    input in[2];
    memset(in, 0, sizeof in);
    in[0].name = "UTF-8";
    in[0].iconv_name = "UTF-8";
    in[0].icu_name = "utf-8";
    in[1].name = "GB18030";
    in[1].iconv_name = "GB18030";
    in[1].icu_name = "gb18030";
    size_t cap = target + corpus.bytes + 1;
    in[0].bytes = malloc(cap);
    if (!in[0].bytes) {
        fprintf(stderr, "bench_load: out of memory\n");
        return 2;
    }
    for (size_t i = 0; in[0].len < target; i = (i + 1) % corpus.n) {
        memcpy(in[0].bytes + in[0].len, corpus.files[i].bytes, corpus.files[i].len);
        in[0].len += corpus.files[i].len;
    }
    /* The GB18030 twin. */
    {
        UErrorCode e = U_ZERO_ERROR;
        size_t gcap = 2 * in[0].len + 16; /* U+0080..U+07FF can take 4 bytes */
        in[1].bytes = malloc(gcap);
        int32_t n = in[1].bytes ? ucnv_convert("gb18030", "utf-8", in[1].bytes, (int32_t)gcap,
                                               in[0].bytes, (int32_t)in[0].len, &e)
                                : -1;
        if (n < 0 || U_FAILURE(e)) {
            fprintf(stderr, "bench_load: cannot make the GB18030 input: %s\n", u_errorName(e));
            return 2;
        }
        in[1].len = (size_t)n;
    }
    for (int i = 0; i < 2; i++) {
        in[i].path = write_temp(in[i].bytes, in[i].len, in[i].name);
        if (!in[i].path)
            fprintf(stderr, "bench_load: cannot write a temporary file: %s\n", strerror(errno));
    }

    doc = govtext_doc_new();
    if (!doc) {
        fprintf(stderr, "bench_load: out of memory\n");
        return 2;
    }

    /* Sanity: what the library makes of each input. */
    char *utf8_text = NULL;
    size_t utf8_text_len = 0;
    for (int i = 0; i < 2; i++) {
        if (run_ours(&in[i], GOVTEXT_ENC_AUTO) < 0)
            continue;
        size_t tlen;
        const char *text = govtext_doc_text(doc, &tlen);
        govtext_encoding want = i == 0 ? GOVTEXT_ENC_UTF8 : GOVTEXT_ENC_GB18030;
        if (govtext_doc_encoding(doc) != want)
            printf("warning: %s input detected as %s\n", in[i].name,
                   govtext_encoding_name(govtext_doc_encoding(doc)));
        if (govtext_doc_count(doc, GOVTEXT_COUNT_INVALID_BYTES))
            printf("warning: %s input: %llu invalid bytes\n", in[i].name,
                   (unsigned long long)govtext_doc_count(doc, GOVTEXT_COUNT_INVALID_BYTES));
        if (i == 0) {
            utf8_text = malloc(tlen + 1);
            if (utf8_text) {
                memcpy(utf8_text, text, tlen + 1);
                utf8_text_len = tlen;
            }
        } else if (utf8_text && (tlen != utf8_text_len || memcmp(text, utf8_text, tlen) != 0)) {
            printf("warning: the GB18030 input loads to a different text than the UTF-8 one\n");
        }
    }
    free(utf8_text);

    static const struct {
        enum tool t;
        const char *label;
    } tools[] = {
        {T_OURS_AUTO, "govtext load (auto)"}, {T_OURS_FORCED, "govtext load (forced)"},
        {T_ICONV, "iconv(3) glibc"},          {T_ICU, "ICU ucnv_convert"},
        {T_UCONV, "uconv (command)"},         {T_ICONV_CLI, "iconv (command)"},
    };
    /* Round-robin: every run times each tool once, so a burst of load
     * from elsewhere on the machine hits all tools alike; best of runs. */
    enum { NTOOLS = sizeof tools / sizeof tools[0] };
    uint32_t forced[2] = {GOVTEXT_ENC_UTF8, GOVTEXT_ENC_GB18030};
    for (int i = 0; i < 2; i++) {
        double best[NTOOLS];
        const char *note[NTOOLS];
        for (size_t k = 0; k < NTOOLS; k++) {
            best[k] = -1;
            note[k] = NULL;
            if ((tools[k].t == T_UCONV || tools[k].t == T_ICONV_CLI) && !in[i].path)
                note[k] = "no temp file";
        }
        for (int r = 0; r < runs; r++)
            for (size_t k = 0; k < NTOOLS; k++) {
                if (note[k])
                    continue; /* failed before */
                fail_note = NULL;
                double sec = run_tool(tools[k].t, &in[i], forced[i]);
                if (sec <= 0) {
                    note[k] = fail_note ? fail_note : "failed";
                    best[k] = -1;
                } else if (best[k] < 0 || sec < best[k]) {
                    best[k] = sec;
                }
            }
        for (size_t k = 0; k < NTOOLS; k++)
            add_result(in[i].name, tools[k].label,
                       best[k] > 0 && !note[k] ? (double)in[i].len / 1e6 / best[k] : -1, note[k]);
    }

    printf("Load throughput, input built from %zu texts in %s\n", corpus.n, dir);
    printf("UTF-8 input %.1f MB, GB18030 input %.1f MB; MB/s = input MB (10^6 bytes) per second,"
           " best of %d\n\n",
           (double)in[0].len / 1e6, (double)in[1].len / 1e6, runs);
    printf("%-8s  %-22s %9s %9s\n", "input", "tool", "MB/s", "vs ours");
    printf("%-8s  %-22s %9s %9s\n", "--------", "----------------------", "---------",
           "---------");
    double ours = -1;
    for (size_t r = 0; r < nresults; r++) {
        const result *x = &results[r];
        if (strcmp(x->tool, "govtext load (auto)") == 0)
            ours = x->mbps;
        char mb[32], ratio[32];
        if (x->mbps < 0) {
            snprintf(mb, sizeof mb, "n/a");
            snprintf(ratio, sizeof ratio, "%s", x->note ? x->note : "failed");
        } else {
            snprintf(mb, sizeof mb, "%.1f", x->mbps);
            if (ours > 0)
                snprintf(ratio, sizeof ratio, "%.2fx", x->mbps / ours);
            else
                snprintf(ratio, sizeof ratio, "-");
        }
        printf("%-8s  %-22s %9s %9s\n", x->input, x->tool, mb, ratio);
    }
    printf("\nvs ours = tool MB/s / govtext load (auto) MB/s on the same input.\n");

    govtext_doc_free(doc);
    for (int i = 0; i < 2; i++) {
        if (in[i].path) {
            unlink(in[i].path);
            free(in[i].path);
        }
        free(in[i].bytes);
    }
    bench_corpus_free(&corpus);
    free(dir);
    return 0;
}
