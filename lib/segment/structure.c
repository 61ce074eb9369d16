/* Numbered markers and end punctuation (structure.h). */
#include "segment/structure.h"

#include "common/utf8.h"
#include "segment/char_class.h"

int gt_is_sentence_end(uint32_t cp)
{
    switch (cp) {
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case '!':
    case '?':
    case 0xFF1B: /* ； */
    case 0x2026: /* … */
    case 0x2025: /* ‥ */
    case 0xFF61: /* ｡ */
    case 0x203C: /* ‼ */
    case 0x2047: /* ⁇ */
    case 0x2048: /* ⁈ */
    case 0x2049: /* ⁉ */
        return 1;
    default:
        return 0;
    }
}

int gt_is_closer(uint32_t cp)
{
    switch (cp) {
    case 0x201D: /* ” */
    case 0x2019: /* ’ */
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
    case 0xFF09: /* ） */
    case ')':
    case 0x3011: /* 】 */
    case 0x300B: /* 》 */
    case 0x3009: /* 〉 */
    case '"':
    case '\'':
    case 0xFF3D: /* ］ */
    case ']':
    case 0x3015: /* 〕 */
    case 0x3017: /* 〗 */
    case 0xFF63: /* ｣ */
    case 0x00BB: /* » */
        return 1;
    default:
        return 0;
    }
}

static uint32_t at(const char *t, size_t len, size_t pos, size_t *w)
{
    uint32_t cp = 0;
    *w = pos < len ? gt_utf8_next(t, len, pos, &cp) : 0;
    return cp;
}

/* The end of a run of Chinese numerals (or digits, if digits) at pos. */
static size_t numeral_end(const char *t, size_t len, size_t pos, int digits)
{
    size_t w;
    while (pos < len) {
        uint32_t cp = at(t, len, pos, &w);
        unsigned c = gt_char_class(cp);
        if (digits ? !(c & GT_CC_DIGIT) : !(c & GT_CC_CNUM))
            break;
        pos += w;
    }
    return pos;
}

/* Something other than the end of the line must follow a marker. */
static int has_text_after(const char *t, size_t len, size_t pos)
{
    size_t w;
    if (pos >= len)
        return 0;
    uint32_t cp = at(t, len, pos, &w);
    return cp != '\n';
}

size_t gt_numbered_marker(const char *t, size_t len, size_t pos)
{
    size_t w;
    uint32_t cp = at(t, len, pos, &w);
    if (pos >= len)
        return 0;
    unsigned c = gt_char_class(cp);
    /* ① .. ⑳, ⑴ .. ⒇, ⒈ .. ⒛ */
    if (cp >= 0x2460 && cp <= 0x249B)
        return has_text_after(t, len, pos + w) ? w : 0;
    /* （二） (3) （3） */
    if (cp == 0xFF08 || cp == '(') {
        size_t p = pos + w, w2;
        uint32_t c2 = at(t, len, p, &w2);
        if (p >= len)
            return 0;
        int digits = (gt_char_class(c2) & GT_CC_DIGIT) != 0;
        if (!digits && !(gt_char_class(c2) & GT_CC_CNUM))
            return 0;
        size_t e = numeral_end(t, len, p, digits);
        if (e - p > 9)
            return 0;
        uint32_t close = at(t, len, e, &w2);
        if (e < len && (close == 0xFF09 || close == ')') && has_text_after(t, len, e + w2))
            return e + w2 - pos;
        return 0;
    }
    /* 第四条 第一章 第二节 第三款 第一部分 第一编 */
    if (cp == 0x7B2C) {
        size_t p = pos + w, w2;
        size_t e = numeral_end(t, len, p, 0);
        if (e == p)
            e = numeral_end(t, len, p, 1);
        if (e == p || e - p > 18)
            return 0;
        uint32_t unit = at(t, len, e, &w2);
        if (e >= len)
            return 0;
        if (unit == 0x6761 /* 条 */ || unit == 0x7AE0 /* 章 */ || unit == 0x8282 /* 节 */ ||
            unit == 0x6B3E /* 款 */ || unit == 0x7F16 /* 编 */)
            return has_text_after(t, len, e + w2) ? e + w2 - pos : 0;
        if (unit == 0x90E8 /* 部 */) {
            size_t w3;
            if (at(t, len, e + w2, &w3) == 0x5206 /* 分 */ && has_text_after(t, len, e + w2 + w3))
                return e + w2 + w3 - pos;
        }
        return 0;
    }
    /* 一、 十二、 and 3. 3、 3．(not 3.5) */
    if (c & (GT_CC_CNUM | GT_CC_DIGIT)) {
        int digits = (c & GT_CC_DIGIT) != 0;
        size_t e = numeral_end(t, len, pos, digits);
        if (e - pos > (digits ? 3 : 9) || e >= len)
            return 0;
        size_t w2;
        uint32_t sep = at(t, len, e, &w2);
        if (sep == 0x3001 /* 、 */)
            return has_text_after(t, len, e + w2) ? e + w2 - pos : 0;
        if (digits && (sep == '.' || sep == 0xFF0E)) {
            size_t w3;
            uint32_t next = at(t, len, e + w2, &w3);
            if (e + w2 >= len || (gt_char_class(next) & GT_CC_DIGIT) || next == '\n')
                return 0;
            return e + w2 - pos;
        }
    }
    return 0;
}
