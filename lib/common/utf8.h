/* Small UTF-8 helpers for text that is already known to be valid (the
 * library's own text); validation of outside bytes goes through
 * gt_utf8_validate. */
#ifndef GT_UTF8_H
#define GT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s[i] (valid UTF-8 assumed, i < len) and returns
 * its length in bytes; *cp gets the code point. */
size_t gt_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t gt_utf8_encode(uint32_t cp, char *out);
/* Returns len if s is valid UTF-8 (no surrogates, no overlongs, <= U+10FFFF),
 * else the offset of the first invalid byte. */
size_t gt_utf8_validate(const char *s, size_t len);

#endif
