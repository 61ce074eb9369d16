#include "segment/checksum.h"

#include "common/xxh64.h"

uint64_t gt_xxh64(const void *data, size_t len)
{
    gt_xxh64_state st;
    gt_xxh64_init(&st);
    gt_xxh64_update(&st, data, len);
    return gt_xxh64_digest(&st);
}
