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

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t gt_utf8_encode(uint32_t cp, char *out);
/* Returns len if s is valid UTF-8 (no surrogates, no overlongs, <= U+10FFFF),
 * else the offset of the first invalid byte. */
size_t gt_utf8_validate(const char *s, size_t len);

#endif
