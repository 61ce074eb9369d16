#include "common/xxh64.h"

#include <string.h>

#define P1 UINT64_C(11400714785074694791)
#define P2 UINT64_C(14029467366897019727)
#define P3 UINT64_C(1609587929392839161)
#define P4 UINT64_C(9650029242287828579)
#define P5 UINT64_C(2870177450012600261)

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static uint64_t round64(uint64_t acc, uint64_t in)
{
    acc += in * P2;
    acc = rotl(acc, 31);
    return acc * P1;
}

static uint64_t merge(uint64_t acc, uint64_t v)
{
    acc ^= round64(0, v);
    return acc * P1 + P4;
}

void gt_xxh64_init(gt_xxh64_state *st)
{
    memset(st, 0, sizeof *st);
    st->v[0] = P1 + P2;
    st->v[1] = P2;
    st->v[2] = 0;
    st->v[3] = (uint64_t)0 - P1;
}

static void stripe(uint64_t v[4], const unsigned char *p)
{
    v[0] = round64(v[0], rd64(p));
    v[1] = round64(v[1], rd64(p + 8));
    v[2] = round64(v[2], rd64(p + 16));
    v[3] = round64(v[3], rd64(p + 24));
}

void gt_xxh64_update(gt_xxh64_state *st, const void *data, size_t len)
{
    if (len == 0)
        return; /* data may be NULL: no arithmetic on it */
    const unsigned char *p = data, *end = p + len;
    st->total += len;
    if (st->memlen + len < 32) {
        if (len)
            memcpy(st->mem + st->memlen, p, len);
        st->memlen += len;
        return;
    }
    if (st->memlen) {
        size_t take = 32 - st->memlen;
        memcpy(st->mem + st->memlen, p, take);
        stripe(st->v, st->mem);
        p += take;
        st->memlen = 0;
    }
    while (end - p >= 32) {
        stripe(st->v, p);
        p += 32;
    }
    st->memlen = (size_t)(end - p);
    if (st->memlen)
        memcpy(st->mem, p, st->memlen);
}

uint64_t gt_xxh64_digest(const gt_xxh64_state *st)
{
    uint64_t h;
    if (st->total >= 32) {
        const uint64_t *v = st->v;
        h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
        for (int i = 0; i < 4; i++)
            h = merge(h, v[i]);
    } else {
        h = P5;
    }
    h += st->total;
    const unsigned char *p = st->mem, *end = p + st->memlen;
    while (p + 8 <= end) {
        h ^= round64(0, rd64(p));
        h = rotl(h, 27) * P1 + P4;
        p += 8;
    }
    if (p + 4 <= end) {
        h ^= (uint64_t)rd32(p) * P1;
        h = rotl(h, 23) * P2 + P3;
        p += 4;
    }
    while (p < end) {
        h ^= (*p) * P5;
        h = rotl(h, 11) * P1;
        p++;
    }
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}
