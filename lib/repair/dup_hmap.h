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
 * bytes; gt_hkey folds a hash into a valid (non-zero) key.  Inline: the
 * passes hash every character of a text. */
static inline uint64_t gt_hmix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* FNV-1a of more bytes after those that gave h, so that a caller growing a
 * string hashes each byte once. */
static inline uint64_t gt_hbytes_more(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static inline uint64_t gt_hbytes(const void *p, size_t n, uint64_t seed)
{
    return gt_hbytes_more(0xcbf29ce484222325ull ^ seed, p, n);
}

static inline uint64_t gt_hkey(uint64_t h)
{
    return h ? h : 1;
}

#endif
