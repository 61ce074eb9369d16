#include "repair/dup_hmap.h"

#include <stdlib.h>

void gt_hmap_init(gt_hmap *m)
{
    m->keys = NULL;
    m->vals = NULL;
    m->cap = 0;
    m->n = 0;
}

void gt_hmap_release(gt_hmap *m)
{
    free(m->keys);
    free(m->vals);
    gt_hmap_init(m);
}

uint32_t *gt_hmap_find(const gt_hmap *m, uint64_t key)
{
    if (m->cap == 0)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = gt_hmix(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key)
            return &m->vals[i];
        if (m->keys[i] == 0)
            return NULL;
    }
}

static int grow(gt_hmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    if (ncap < m->cap || ncap > SIZE_MAX / sizeof(uint64_t))
        return -1;
    uint64_t *nk = calloc(ncap, sizeof *nk);
    uint32_t *nv = calloc(ncap, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    size_t mask = ncap - 1;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == 0)
            continue;
        size_t j = gt_hmix(m->keys[i]) & mask;
        while (nk[j] != 0)
            j = (j + 1) & mask;
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

uint32_t *gt_hmap_get(gt_hmap *m, uint64_t key)
{
    uint32_t *v = gt_hmap_find(m, key);
    if (v)
        return v;
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = gt_hmix(key) & mask;
    while (m->keys[i] != 0)
        i = (i + 1) & mask;
    m->keys[i] = key;
    m->vals[i] = 0;
    m->n++;
    return &m->vals[i];
}
