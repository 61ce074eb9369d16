/* Small UTF-8 helpers for text that is already known to be valid (the
 * library's own text); validation of outside bytes goes through
 * gt_utf8_validate. */
#ifndef GT_UTF8_H
#define GT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s[i] (valid UTF-8 assumed, i < len) and returns
 * its length in bytes; *cp gets the code point.  Inline: the repair passes
 * call it for every character of the text, several times over. */
static inline size_t gt_utf8_next(const char *str, size_t len, size_t i, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str + i;
    size_t avail = len - i;
    unsigned c = s[0];
    if (c < 0x80 || avail < 2) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0 || avail < 4) {
        if (avail < 3) {
            *cp = c;
            return 1;
        }
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    *cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

/* Decodes the character at s[0], with avail > 0 bytes there, if it is
 * valid UTF-8 (Unicode's table 3-7: no surrogates, no overlongs, <=
 * U+10FFFF, not cut short): returns its length and sets *cp; else returns
 * 0.  gt_utf8_validate decides by it, and the segmenter, which validates
 * as it decodes. */
static inline size_t gt_utf8_decode_checked(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned c = s[0];
    /* Three bytes first: nearly every character of Chinese text. */
    if ((c & 0xF0u) == 0xE0u && avail >= 3 &&
        ((s[1] & 0xC0u) == 0x80u) & ((s[2] & 0xC0u) == 0x80u)) {
        uint32_t v = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (v < 0x800 || (v & 0xF800u) == 0xD800u)
            return 0; /* overlong, or a surrogate */
        *cp = v;
        return 3;
    }
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    uint32_t v = c & (0x7Fu >> n);
    v = (v << 6) | (s[1] & 0x3Fu);
    for (size_t k = 2; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    *cp = v;
    return n;
}

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t gt_utf8_encode(uint32_t cp, char *out);
/* Returns len if s is valid UTF-8 (no surrogates, no overlongs, <= U+10FFFF),
 * else the offset of the first invalid byte. */
size_t gt_utf8_validate(const char *s, size_t len);

#endif
