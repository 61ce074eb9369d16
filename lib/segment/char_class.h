/* Character classes for segmentation.  The segmenter needs to know, for
 * each code point, whether it can be part of a Han word, an alphanumeric
 * run (Latin letters and digits, also full-width and other alphabets), a
 * Chinese numeral, punctuation that always ends a word run, or white
 * space.  Never the C locale: ranges and utf8proc categories only. */
#ifndef GT_SEG_CHAR_CLASS_H
#define GT_SEG_CHAR_CLASS_H

#include <stdint.h>

enum {
    GT_CC_HAN = 0x01,     /* CJK ideograph (and 〇) */
    GT_CC_DIGIT = 0x02,   /* 0-9, full-width ０-９ */
    GT_CC_ALPHA = 0x04,   /* a letter of an alphabet (Latin, Greek, Cyrillic, kana, Hangul...) */
    GT_CC_CNUM = 0x08,    /* Chinese numeral character (also GT_CC_HAN) */
    GT_CC_SPACE = 0x10,   /* white space, including U+3000 */
    GT_CC_NEWLINE = 0x20, /* LF (also GT_CC_SPACE) */
    GT_CC_HARD = 0x40,    /* punctuation that never sits inside a word: ends a run */
    GT_CC_PUNCT = 0x80    /* any other punctuation or symbol */
};

/* The GT_CC_* bits of cp. */
unsigned gt_char_class(uint32_t cp);
/* The same where ranges settle it, without asking utf8proc; else
 * GT_CC_ASK (never a class: no character has every bit). */
#define GT_CC_ASK 0xFFu
unsigned gt_char_class_by_ranges(uint32_t cp);

/* Full-width ASCII (U+FF01..U+FF5E) to ASCII; other code points unchanged. */
static inline uint32_t gt_fold_width(uint32_t cp)
{
    return (cp >= 0xFF01 && cp <= 0xFF5E) ? cp - 0xFEE0 : cp;
}

/* A connector that joins two alphanumerics into one run: 6.16, www.a.cn,
 * e-mail, a@b, 1/2, 10:30, AT&T. */
int gt_char_is_connector(uint32_t cp);

/* The value of a Chinese numeral digit (零〇○一二...九 两), 10/100/1000 for
 * 十百千, 10^4 and 10^8 for 万亿, or -1. */
int gt_cnum_value(uint32_t cp);

/* Characters that stand alone as function words (的 了 在 和 ...): a
 * one-character word made of one of them is likelier than another
 * one-character word.  Used where the lexicon gives no frequencies. */
int gt_char_is_function_word(uint32_t cp);

/* Characters used to write foreign names phonetically (斯 尔 德 拉 ...):
 * a run of them that the lexicon could only split into single characters
 * is one foreign name (拉姆斯菲尔德). */
int gt_char_is_transliteration(uint32_t cp);

/* The same answers by table lookup, for the segmenter's inner loops: the
 * classes of ASCII, of the general punctuation, CJK punctuation and
 * full-width blocks (the marks of Chinese text), and three flags for each
 * ideograph of the CJK Unified Ideographs block (U+4E00..U+9FFF, the
 * characters of nearly all Chinese text).  Filled from the functions above by gt_class_table_init, so the
 * two never disagree; each segmenter has its own (22 kB, filled in a few
 * microseconds), as the library keeps no global state. */
#define GT_HAN_FIRST 0x4E00u
#define GT_HAN_SPAN 0x5200u
enum { GT_HF_CNUM = 0x01, GT_HF_TRANSLIT = 0x02, GT_HF_FUNCTION = 0x04 };

typedef struct gt_class_table {
    uint8_t ascii[128];         /* gt_char_class_by_ranges of 0..127 */
    uint8_t punct[0x70];        /* of U+2000..U+206F */
    uint8_t cjk_punct[0x40];    /* of U+3000..U+303F */
    uint8_t fullwidth[0xF0];    /* of U+FF00..U+FFEF */
    uint8_t han[GT_HAN_SPAN];   /* GT_HF_* bits of U+4E00 + i */
    /* 1 where the general category is punctuation (P*), for the same four
     * blocks: the kind of a punctuation token, asked once per comma. */
    uint8_t ascii_p[128], punct_p[0x70], cjk_punct_p[0x40], fullwidth_p[0xF0];
} gt_class_table;

void gt_class_table_init(gt_class_table *t);

/* gt_char_class(cp). */
static inline unsigned gt_class_of(const gt_class_table *t, uint32_t cp)
{
    if (cp - GT_HAN_FIRST < GT_HAN_SPAN)
        return (t->han[cp - GT_HAN_FIRST] & GT_HF_CNUM) ? (GT_CC_HAN | GT_CC_CNUM) : GT_CC_HAN;
    unsigned c = GT_CC_ASK;
    if (cp < 0x80)
        c = t->ascii[cp];
    else if (cp - 0x3000u < 0x40)
        c = t->cjk_punct[cp - 0x3000];
    else if (cp - 0xFF00u < 0xF0)
        c = t->fullwidth[cp - 0xFF00];
    else if (cp - 0x2000u < 0x70)
        c = t->punct[cp - 0x2000];
    return c != GT_CC_ASK ? c : gt_char_class(cp);
}

/* Whether utf8proc's general category of cp is punctuation (P*). */
int gt_char_is_punct_category(uint32_t cp);

/* gt_char_is_punct_category(cp). */
static inline int gt_class_punct_category(const gt_class_table *t, uint32_t cp)
{
    if (cp < 0x80)
        return t->ascii_p[cp];
    if (cp - 0x3000u < 0x40)
        return t->cjk_punct_p[cp - 0x3000];
    if (cp - 0xFF00u < 0xF0)
        return t->fullwidth_p[cp - 0xFF00];
    if (cp - 0x2000u < 0x70)
        return t->punct_p[cp - 0x2000];
    return gt_char_is_punct_category(cp);
}

/* gt_char_is_transliteration(cp). */
static inline int gt_class_translit(const gt_class_table *t, uint32_t cp)
{
    if (cp - GT_HAN_FIRST < GT_HAN_SPAN)
        return (t->han[cp - GT_HAN_FIRST] & GT_HF_TRANSLIT) != 0;
    return gt_char_is_transliteration(cp);
}

/* gt_char_is_function_word(cp). */
static inline int gt_class_function_word(const gt_class_table *t, uint32_t cp)
{
    if (cp - GT_HAN_FIRST < GT_HAN_SPAN)
        return (t->han[cp - GT_HAN_FIRST] & GT_HF_FUNCTION) != 0;
    return gt_char_is_function_word(cp);
}

#endif
