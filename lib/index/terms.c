#include "index/terms.h"

#include <stdlib.h>
#include <string.h>

#include "index/index.h"

void gt_terms_init(gt_term_table *t, int words)
{
    memset(t, 0, sizeof *t);
    t->words = words;
}

void gt_terms_release(gt_term_table *t)
{
    for (size_t i = 0; i < t->nterms; i++)
        free(t->terms[i].data);
    free(t->terms);
    free(t->slots);
    free(t->arena);
    memset(t, 0, sizeof *t);
}

#define mix gt_terms_mix

static int rehash(gt_term_table *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 1024;
    uint64_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->nterms; i++) {
        uint64_t m = mix(t->terms[i].key);
        size_t h = (size_t)m & (n - 1);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = (m >> 32 << 32) | ((uint64_t)i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

static int64_t insert(gt_term_table *t, uint64_t key, size_t slot)
{
    if (t->nterms >= UINT32_MAX - 1)
        return -1;
    if (t->nterms == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        gt_term *terms = realloc(t->terms, cap * sizeof *terms);
        if (!terms)
            return -1;
        t->terms = terms;
        t->cap = cap;
    }
    gt_term *term = &t->terms[t->nterms];
    memset(term, 0, sizeof *term);
    term->key = key;
    t->slots[slot] = (mix(key) >> 32 << 32) | (uint64_t)++t->nterms;
    return (int64_t)t->nterms - 1;
}

/* Grows the table before it is 3/4 full; -1 on no memory. */
static int ensure_room(gt_term_table *t)
{
    if ((t->nterms + 1) * 4 >= t->nslots * 3)
        return rehash(t);
    return 0;
}

int64_t gt_terms_pair_slow(gt_term_table *t, uint64_t key)
{
    if (ensure_room(t))
        return -1;
    uint64_t m = mix(key), tag = m >> 32 << 32;
    size_t mask = t->nslots - 1, h = (size_t)m & mask;
    for (;;) {
        uint64_t s = t->slots[h];
        if (!s)
            return insert(t, key, h);
        if ((s & ~UINT64_C(0xFFFFFFFF)) == tag && t->terms[(uint32_t)s - 1].key == key)
            return (uint32_t)s - 1;
        h = (h + 1) & mask;
    }
}

int64_t gt_terms_word(gt_term_table *t, const char *w, size_t len, uint64_t key)
{
    if (ensure_room(t))
        return -1;
    uint64_t m = mix(key), tag = m >> 32 << 32;
    size_t mask = t->nslots - 1, h = (size_t)m & mask;
    for (;;) {
        uint64_t s = t->slots[h];
        if (!s)
            break;
        const gt_term *e = &t->terms[(uint32_t)s - 1];
        if ((s & ~UINT64_C(0xFFFFFFFF)) == tag && e->key == key && e->str_len == len &&
            memcmp(t->arena + e->str_off, w, len) == 0)
            return (uint32_t)s - 1;
        h = (h + 1) & mask;
    }
    if (len > UINT32_MAX || t->arena_len + len > UINT32_MAX)
        return -1;
    if (t->arena_len + len > t->arena_cap) {
        size_t cap = t->arena_cap ? t->arena_cap : 65536;
        while (cap < t->arena_len + len)
            cap *= 2;
        char *a = realloc(t->arena, cap);
        if (!a)
            return -1;
        t->arena = a;
        t->arena_cap = cap;
    }
    int64_t i = insert(t, key, h);
    if (i < 0)
        return -1;
    memcpy(t->arena + t->arena_len, w, len);
    t->terms[i].str_off = (uint32_t)t->arena_len;
    t->terms[i].str_len = (uint32_t)len;
    t->arena_len += len;
    return i;
}

int gt_term_append_slow(gt_term *term, const unsigned char *p, size_t n)
{
    if ((size_t)term->cap - term->len < n) {
        size_t need = (size_t)term->len + n;
        if (need > UINT32_MAX)
            return -1;
        size_t cap = term->cap ? term->cap : 16;
        while (cap < need)
            cap *= 2;
        if (cap > UINT32_MAX)
            cap = UINT32_MAX;
        unsigned char *d = realloc(term->data, cap);
        if (!d)
            return -1;
        term->data = d;
        term->cap = (uint32_t)cap;
    }
    memcpy(term->data + term->len, p, n);
    term->len += (uint32_t)n;
    return 0;
}

/* qsort has no context argument in C11: sort (key, index) pairs, or for
 * words (pointer, length, index) triples. */
typedef struct {
    uint64_t key;
    uint32_t i;
} key_ix;

static int cmp_key(const void *a, const void *b)
{
    const key_ix *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

typedef struct {
    const char *s;
    uint32_t n, i;
} str_ix;

static int cmp_str(const void *a, const void *b)
{
    const str_ix *x = a, *y = b;
    return gt_idx_cmp_bytes(x->s, x->n, y->s, y->n);
}

uint32_t *gt_terms_sorted(const gt_term_table *t)
{
    size_t n = t->nterms;
    uint32_t *out = malloc((n ? n : 1) * sizeof *out);
    if (!out)
        return NULL;
    if (!t->words) {
        key_ix *v = malloc((n ? n : 1) * sizeof *v);
        if (!v) {
            free(out);
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            v[i] = (key_ix){t->terms[i].key, (uint32_t)i};
        qsort(v, n, sizeof *v, cmp_key);
        for (size_t i = 0; i < n; i++)
            out[i] = v[i].i;
        free(v);
    } else {
        str_ix *v = malloc((n ? n : 1) * sizeof *v);
        if (!v) {
            free(out);
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            v[i] = (str_ix){t->arena + t->terms[i].str_off, t->terms[i].str_len, (uint32_t)i};
        qsort(v, n, sizeof *v, cmp_str);
        for (size_t i = 0; i < n; i++)
            out[i] = v[i].i;
        free(v);
    }
    return out;
}
