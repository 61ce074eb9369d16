#include "common/utf8.h"

#include <string.h>

size_t gt_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Validation runs over every text the library is given, before anything
 * else, so the two common cases have fast paths that decide exactly as the
 * general code below: eight ASCII bytes at a time, and a three-byte
 * sequence whose lead is neither E0 nor ED (the only leads with a narrower
 * second byte), which is nearly every CJK character. */
static inline int ascii8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return (w & 0x8080808080808080ull) == 0;
}

size_t gt_utf8_validate(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            while (len - i >= 8 && ascii8(s + i))
                i += 8;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && len - i >= 3 &&
            ((s[i + 1] & 0xC0) == 0x80) & ((s[i + 2] & 0xC0) == 0x80)) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t n = gt_utf8_decode_checked(s + i, len - i, &cp);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}
