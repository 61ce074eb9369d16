/* LEB128 varints (7 bits per byte, low first) for postings.  Decoding is
 * bounds-checked: a damaged index gives an error, never a read past the
 * section. */
#ifndef GT_INDEX_VARINT_H
#define GT_INDEX_VARINT_H

#include <stddef.h>
#include <stdint.h>

static inline size_t gt_varint_put(unsigned char *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (unsigned char)v;
    return n;
}

/* Reads one varint at *p (< end); returns 0 and advances *p, or -1 on a
 * varint that runs past end or over 64 bits. */
static inline int gt_varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    const unsigned char *q = *p;
    if (q < end && *q < 0x80) { /* most deltas are one byte */
        *v = *q;
        *p = q + 1;
        return 0;
    }
    uint64_t r = 0;
    for (unsigned shift = 0; q < end && shift < 64; shift += 7) {
        unsigned char c = *q++;
        r |= (uint64_t)(c & 0x7F) << shift;
        if (c < 0x80) {
            *v = r;
            *p = q;
            return 0;
        }
    }
    return -1;
}

/* Skips n varints; -1 if they run past end. */
static inline int gt_varint_skip(const unsigned char **p, const unsigned char *end, uint64_t n)
{
    const unsigned char *q = *p;
    while (n > 0) {
        if (q >= end)
            return -1;
        if (*q++ < 0x80)
            n--;
    }
    *p = q;
    return 0;
}

/* A posting's document entry: the document-number delta with a low bit
 * that says tf == 1 (seven entries in ten), else the delta and then tf - 2. */
static inline size_t gt_doc_put(unsigned char *out, uint64_t delta, uint64_t tf)
{
    if (tf == 1)
        return gt_varint_put(out, delta << 1 | 1);
    size_t n = gt_varint_put(out, delta << 1);
    return n + gt_varint_put(out + n, tf - 2);
}

static inline int gt_doc_get(const unsigned char **p, const unsigned char *end, uint64_t *delta,
                             uint64_t *tf)
{
    uint64_t v;
    if (gt_varint_get(p, end, &v))
        return -1;
    *delta = v >> 1;
    if (v & 1) {
        *tf = 1;
        return 0;
    }
    if (gt_varint_get(p, end, tf) || *tf > UINT64_MAX - 2)
        return -1;
    *tf += 2;
    return 0;
}

#endif
