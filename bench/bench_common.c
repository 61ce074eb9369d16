#include "bench_common.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/ustring.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *bench_data_dir(const char *arg)
{
    size_t n = strlen(arg);
    char *sub = malloc(n + sizeof "/gov");
    if (!sub)
        return NULL;
    memcpy(sub, arg, n);
    memcpy(sub + n, "/gov", sizeof "/gov");
    if (is_dir(sub))
        return sub;
    free(sub);
    return is_dir(arg) ? strdup(arg) : NULL;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const bench_file *)a)->name, ((const bench_file *)b)->name);
}

/* Reads path whole; NULL on failure (errno set). */
static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, 2 * cap + 1);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int valid_utf8(const char *s, size_t len)
{
    if (len > INT32_MAX)
        return 0;
    UErrorCode e = U_ZERO_ERROR;
    int32_t need = 0;
    u_strFromUTF8(NULL, 0, &need, s, (int32_t)len, &e);
    return e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING ||
           (U_SUCCESS(e) && len == 0);
}

int bench_corpus_load(const char *dir, bench_corpus *c)
{
    memset(c, 0, sizeof *c);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s: %s\n", dir, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *ent;
    size_t dlen = strlen(dir);
    while ((ent = readdir(d)) != NULL) {
        const char *nm = ent->d_name;
        if (!has_suffix(nm, ".txt") && !has_suffix(nm, ".utf8"))
            continue;
        size_t nlen = strlen(nm);
        char *path = malloc(dlen + nlen + 2);
        if (!path)
            goto nomem;
        memcpy(path, dir, dlen);
        path[dlen] = '/';
        memcpy(path + dlen + 1, nm, nlen + 1);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        size_t len = 0;
        char *bytes = read_whole(path, &len);
        if (!bytes) {
            fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
            free(path);
            continue;
        }
        free(path);
        if (len == 0 || !valid_utf8(bytes, len)) {
            free(bytes);
            c->skipped++;
            continue;
        }
        if (c->n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            bench_file *nf = realloc(c->files, ncap * sizeof *nf);
            if (!nf) {
                free(bytes);
                goto nomem;
            }
            c->files = nf;
            cap = ncap;
        }
        c->files[c->n].name = strdup(nm);
        c->files[c->n].bytes = bytes;
        c->files[c->n].len = len;
        if (!c->files[c->n].name) {
            free(bytes);
            goto nomem;
        }
        c->n++;
        c->bytes += len;
    }
    closedir(d);
    if (c->n)
        qsort(c->files, c->n, sizeof *c->files, by_name);
    return 0;
nomem:
    closedir(d);
    fprintf(stderr, "out of memory reading %s\n", dir);
    bench_corpus_free(c);
    return -1;
}

void bench_corpus_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->files[i].name);
        free(c->files[i].bytes);
    }
    free(c->files);
    memset(c, 0, sizeof *c);
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t bench_rng_next(bench_rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

size_t bench_rng_below(bench_rng *r, size_t n)
{
    return (size_t)(bench_rng_next(r) % n); /* bias < n / 2^64: negligible */
}
