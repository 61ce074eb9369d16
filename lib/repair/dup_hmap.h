/* A map from 64-bit keys (hashes) to 32-bit values: open addressing, linear
 * probing, power-of-two capacity kept at most half full.  Used by the
 * duplicate pass (line hashes), the collection (lines, signatures, contexts)
 * and the mask pass (evidence index).  Key 0 is reserved for empty slots, so
 * gt_hkey never returns it. */
#ifndef GT_DUP_HMAP_H
#define GT_DUP_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct gt_hmap {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap; /* 0 or a power of two */
    size_t n;
} gt_hmap;

void gt_hmap_init(gt_hmap *m);
void gt_hmap_release(gt_hmap *m);
/* Pointer to key's value, or NULL if absent.  Valid until the next insert. */
uint32_t *gt_hmap_find(const gt_hmap *m, uint64_t key);
/* Pointer to key's value, inserting it with value 0 when absent; NULL when
 * memory ran out (the map is unchanged then). */
uint32_t *gt_hmap_get(gt_hmap *m, uint64_t key);

/* Hashing helpers: a 64-bit mix (splitmix64's finaliser) and FNV-1a over
 * bytes; gt_hkey folds a hash into a valid (non-zero) key. */
uint64_t gt_hmix(uint64_t x);
uint64_t gt_hbytes(const void *p, size_t n, uint64_t seed);
uint64_t gt_hkey(uint64_t h);

#endif
