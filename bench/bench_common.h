/* Shared by the benchmarks: finding the data directory, reading the corpus,
 * a monotonic clock and a fixed-seed PRNG. */
#ifndef GT_BENCH_COMMON_H
#define GT_BENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_file {
    char *name;  /* file name inside the data directory */
    char *bytes; /* its contents, valid UTF-8, NUL-terminated */
    size_t len;
} bench_file;

typedef struct bench_corpus {
    bench_file *files; /* sorted by name, so a run is reproducible */
    size_t n;
    size_t skipped;    /* *.txt / *.utf8 files that are not valid UTF-8 */
    size_t bytes;      /* total of files[i].len */
} bench_corpus;

/* The directory holding the texts: arg/gov if that is a directory (arg is
 * the data root), else arg itself.  Returns a malloc'd path, or NULL if
 * neither is a directory. */
char *bench_data_dir(const char *arg);

/* Reads every regular *.txt and *.utf8 file of dir that is valid UTF-8
 * (others are counted in skipped).  Returns 0, or -1 after printing why. */
int bench_corpus_load(const char *dir, bench_corpus *c);
void bench_corpus_free(bench_corpus *c);

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* xorshift64*: the same sequence on every machine. */
typedef struct bench_rng {
    uint64_t s;
} bench_rng;
uint64_t bench_rng_next(bench_rng *r);
/* Uniform in [0, n); n > 0. */
size_t bench_rng_below(bench_rng *r, size_t n);

#endif
