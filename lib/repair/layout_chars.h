/* Character classes shared by the layout and punctuation passes.
 *
 * The canonical form (docs: "the gold form") is defined in terms of Han
 * characters, blanks and full-width ASCII, so both passes must agree on
 * exactly which code points those are.  Han is a script, which utf8proc does
 * not report, hence the block ranges; everything else that is a Unicode
 * property goes through utf8proc. */
#ifndef GT_LAYOUT_CHARS_H
#define GT_LAYOUT_CHARS_H

#include <stdint.h>
#include <utf8proc.h>

/* CJK unified ideographs (BMP, extension A, the supplementary extensions),
 * compatibility ideographs, and the ideographic zero 〇 that dates are
 * written with (一九五〇年). */
static inline int gt_lay_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

/* What the gold form strips at line ends and removes between Han: ASCII
 * space, tab, no-break space (what &nbsp; decodes to) and the ideographic
 * space used for paragraph indents. */
static inline int gt_lay_is_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000;
}

/* Full-width ASCII letters and digits (ＡＢＣ１２３), which the gold form
 * writes as ASCII; full-width punctuation and ％ stay. */
static inline int gt_lay_is_fw_alnum(uint32_t c)
{
    return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A);
}

/* A decimal digit, ASCII or full-width (the layout pass folds the latter,
 * but the punctuation pass may run without it). */
static inline int gt_lay_is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* An ASCII letter (A-Z, a-z). */
static inline int gt_lay_is_ascii_letter(uint32_t c)
{
    if (c >= 0x80)
        return 0;
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL;
}

/* An ASCII letter or digit: a line break between two of them cut a word or a
 * number ("到2\n050年"). */
static inline int gt_lay_is_ascii_alnum(uint32_t c)
{
    return gt_lay_is_ascii_letter(c) || (c >= '0' && c <= '9');
}

/* A CJK numeral as used in headings and list labels (一、 （二） 第十三条). */
static inline int gt_lay_is_cjk_numeral(uint32_t c)
{
    switch (c) {
    case 0x4E00: /* 一 */ case 0x4E8C: /* 二 */ case 0x4E09: /* 三 */ case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */ case 0x516D: /* 六 */ case 0x4E03: /* 七 */ case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */ case 0x5341: /* 十 */ case 0x767E: /* 百 */ case 0x5343: /* 千 */
    case 0x96F6: /* 零 */ case 0x3007: /* 〇 */
        return 1;
    default:
        return 0;
    }
}

#endif
