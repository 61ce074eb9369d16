/* XXH64 (Yann Collet's xxHash, 64-bit, seed 0), written from its
 * specification: the checksum of compiled lexicons and index sections.
 * Fed in pieces, so that index sections are hashed as they are written;
 * gt_xxh64 (segment/checksum.h) is the one-call form. */
#ifndef GT_COMMON_XXH64_H
#define GT_COMMON_XXH64_H

#include <stddef.h>
#include <stdint.h>

typedef struct gt_xxh64_state {
    uint64_t v[4];
    uint64_t total;
    unsigned char mem[32];
    size_t memlen;
} gt_xxh64_state;

void gt_xxh64_init(gt_xxh64_state *st);
void gt_xxh64_update(gt_xxh64_state *st, const void *data, size_t len);
uint64_t gt_xxh64_digest(const gt_xxh64_state *st);

#endif
