/* Repair throughput: MB/s of load + repair on clean governance text and on
 * the corrupted documents of the repair dev set, beside load alone on the
 * same bytes in the same run (the yardstick: repair should cost a
 * small multiple of loading), and the time curve on adversarial input
 * (a megabyte, then 4 and 16, of '*', '(' and pinyin-like text) to show
 * that it is linear.
 *   bench_repair [DATA_ROOT]   (the folder holding gov/ and repair/dev/) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "govtext.h"

/* Concatenates the inputs, repeated, to about target bytes; documents stay
 * whole and separate (each is loaded and repaired on its own). */
typedef struct docset {
    char **bytes;
    size_t *len;
    size_t n, total;
} docset;

static void docset_add(docset *d, const char *b, size_t n)
{
    d->bytes = realloc(d->bytes, (d->n + 1) * sizeof *d->bytes);
    d->len = realloc(d->len, (d->n + 1) * sizeof *d->len);
    d->bytes[d->n] = malloc(n ? n : 1);
    memcpy(d->bytes[d->n], b, n);
    d->len[d->n++] = n;
    d->total += n;
}

static void docset_free(docset *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->bytes[i]);
    free(d->bytes);
    free(d->len);
}

/* Seconds for one pass over the set: load only, or load + repair. */
static double run(const docset *d, int repair)
{
    govtext_doc *doc = govtext_doc_new();
    double t0 = bench_now();
    for (size_t i = 0; i < d->n; i++) {
        if (govtext_doc_load_bytes(doc, d->bytes[i], d->len[i], NULL) != GOVTEXT_OK ||
            (repair && govtext_doc_repair(doc, NULL, NULL) != GOVTEXT_OK)) {
            fprintf(stderr, "bench_repair: %s\n", govtext_doc_errmsg(doc));
            exit(1);
        }
    }
    double t = bench_now() - t0;
    govtext_doc_free(doc);
    return t;
}

static void report(const char *name, const docset *d)
{
    double best_load = 1e9, best_rep = 1e9;
    for (int r = 0; r < 3; r++) {
        double a = run(d, 0), b = run(d, 1);
        if (a < best_load)
            best_load = a;
        if (b < best_rep)
            best_rep = b;
    }
    double mb = (double)d->total / 1e6;
    printf("%-34s %7.1f MB %9.1f %9.1f %8.2fx\n", name, mb, mb / best_load, mb / best_rep,
           best_rep / best_load);
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)sz + 1);
    *n = fread(b, 1, (size_t)sz, f);
    fclose(f);
    return b;
}

static void adversarial(void)
{
    static const char *const units[] = {"*", "(", "zhong(zhong)", "創(chuàng)", "**治理"};
    printf("\nadversarial input, seconds for load + repair (linear: x4 size, about x4 time)\n");
    printf("%-16s %10s %10s %10s\n", "unit", "1 MB", "4 MB", "16 MB");
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        printf("%-16s", units[u]);
        for (size_t mb = 1; mb <= 16; mb *= 4) {
            size_t want = mb << 20, ul = strlen(units[u]), n = 0;
            char *b = malloc(want + ul);
            while (n + ul <= want) {
                memcpy(b + n, units[u], ul);
                n += ul;
            }
            docset d = {0};
            docset_add(&d, b, n);
            free(b);
            printf(" %10.3f", run(&d, 1));
            docset_free(&d);
        }
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    const char *root = argc > 1 ? argv[1] : "../shared/data";
    char *gov = bench_data_dir(root);
    char dev[4096];
    snprintf(dev, sizeof dev, "%s/repair/dev", root);
    if (!gov) {
        printf("bench_repair: data not found at %s, skipped\n", root);
        return 0;
    }
    bench_corpus c;
    if (bench_corpus_load(gov, &c) != 0)
        return 1;
    printf("%-34s %10s %9s %9s %9s\n", "input", "size", "load MB/s", "+repair", "ratio");
    docset clean = {0};
    while (clean.total < 20u * 1000 * 1000)
        for (size_t i = 0; i < c.n; i++)
            docset_add(&clean, c.files[i].bytes, c.files[i].len);
    report("clean governance text", &clean);
    docset_free(&clean);

    docset bad = {0};
    DIR *dir = opendir(dev);
    if (dir) {
        struct dirent *e;
        docset once = {0};
        while ((e = readdir(dir)) != NULL) {
            size_t l = strlen(e->d_name);
            if (l < 3 || strcmp(e->d_name + l - 3, ".in") != 0)
                continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dev, e->d_name);
            size_t n;
            char *b = read_file(path, &n);
            if (b)
                docset_add(&once, b, n);
            free(b);
        }
        closedir(dir);
        while (once.n && bad.total < 10u * 1000 * 1000)
            for (size_t i = 0; i < once.n; i++)
                docset_add(&bad, once.bytes[i], once.len[i]);
        report("corrupted (repair dev set inputs)", &bad);
        docset_free(&once);
        docset_free(&bad);
    } else {
        printf("corrupted: %s not found, skipped\n", dev);
    }
    adversarial();
    bench_corpus_free(&c);
    free(gov);
    return 0;
}
