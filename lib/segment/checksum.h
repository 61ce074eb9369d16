/* The checksum of compiled lexicon files: XXH64 (Yann Collet's xxHash,
 * 64-bit variant, seed 0), written from its specification.  Fast enough
 * (several GB/s) that verifying a 10 MB file costs a few milliseconds. */
#ifndef GT_SEG_CHECKSUM_H
#define GT_SEG_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

uint64_t gt_xxh64(const void *data, size_t len);

#endif
