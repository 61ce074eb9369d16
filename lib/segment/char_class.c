/* Character classes by code point ranges, with utf8proc's general category
 * for whatever the ranges do not settle. */
#include "segment/char_class.h"

#include <string.h>

#include <utf8proc.h>

int gt_cnum_value(uint32_t cp)
{
    switch (cp) {
    case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */
    case 0x25CB: /* ○ (the white circle printed as a zero in dates) */
        return 0;
    case 0x4E00: /* 一 */
    case 0x58F9: /* 壹 */
        return 1;
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
    case 0x8D30: /* 贰 */
        return 2;
    case 0x4E09: /* 三 */
    case 0x53C1: /* 叁 */
        return 3;
    case 0x56DB: /* 四 */
    case 0x8086: /* 肆 */
        return 4;
    case 0x4E94: /* 五 */
    case 0x4F0D: /* 伍 */
        return 5;
    case 0x516D: /* 六 */
    case 0x9646: /* 陆 */
        return 6;
    case 0x4E03: /* 七 */
    case 0x67D2: /* 柒 */
        return 7;
    case 0x516B: /* 八 */
    case 0x634C: /* 捌 */
        return 8;
    case 0x4E5D: /* 九 */
    case 0x7396: /* 玖 */
        return 9;
    case 0x5341: /* 十 */
    case 0x62FE: /* 拾 */
        return 10;
    case 0x767E: /* 百 */
    case 0x4F70: /* 佰 */
        return 100;
    case 0x5343: /* 千 */
    case 0x4EDF: /* 仟 */
        return 1000;
    case 0x4E07: /* 万 */
        return 10000;
    case 0x4EBF: /* 亿 */
        return 100000000;
    default:
        return -1;
    }
}

int gt_char_is_connector(uint32_t cp)
{
    switch (gt_fold_width(cp)) {
    case '.':
    case '-':
    case '_':
    case '@':
    case '/':
    case ':':
    case '&':
    case '+':
    case '\'':
        return 1;
    default:
        return 0;
    }
}

/* Punctuation that ends a run of word characters: sentence and clause
 * marks, brackets, quotes, dashes and ellipses.  Characters that can sit
 * inside a token (. - / : @ % and their full-width forms, the middle dot of
 * foreign names) are not here. */
static int hard_punct(uint32_t cp)
{
    if (cp < 0x80) {
        switch (cp) {
        case '!': case '"': case '(': case ')': case ',': case ';': case '?':
        case '[': case ']': case '{': case '}': case '<': case '>': case '`':
        case '|': case '~': case '=': case '*': case '\\': case '^': case '$':
            return 1;
        default:
            return 0;
        }
    }
    if (cp >= 0x3000 && cp <= 0x303F)
        return cp != 0x3007 && cp != 0x3005; /* 〇 is a numeral, 々 a repeat mark */
    if (cp >= 0x2010 && cp <= 0x2027)
        return 1; /* dashes, quotes, bullets, ellipsis */
    if (cp >= 0x2032 && cp <= 0x205E)
        return 1;
    if (cp >= 0xFE10 && cp <= 0xFE6F)
        return 1; /* vertical and small forms */
    if (cp >= 0xFF01 && cp <= 0xFF65) {
        uint32_t a = cp - 0xFEE0;
        if (cp >= 0xFF5F)
            return 1; /* ｟ ｠ ｡ ｢ ｣ ､ ･ */
        return hard_punct(a) || a == '#';
    }
    return cp == 0x00AB || cp == 0x00BB || cp == 0x00A7 || cp == 0x00B6;
}

unsigned gt_char_class_by_ranges(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9')
            return GT_CC_DIGIT;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return GT_CC_ALPHA;
        if (cp == '\n')
            return GT_CC_SPACE | GT_CC_NEWLINE;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f')
            return GT_CC_SPACE;
        if (cp < 0x20 || cp == 0x7F)
            return GT_CC_HARD;
        return hard_punct(cp) ? GT_CC_HARD : GT_CC_PUNCT;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007 ||
        cp == 0x3005) {
        return gt_cnum_value(cp) >= 0 ? (GT_CC_HAN | GT_CC_CNUM) : GT_CC_HAN;
    }
    if (cp == 0x25CB) /* ○ as a zero in 二○○一年 */
        return GT_CC_HAN | GT_CC_CNUM;
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return GT_CC_DIGIT;
    if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return GT_CC_ALPHA;
    if (cp == 0x3000 || cp == 0x00A0 || cp == 0x2028 || cp == 0x2029 || cp == 0x85)
        return (cp == 0x2028 || cp == 0x2029 || cp == 0x85) ? (GT_CC_SPACE | GT_CC_NEWLINE)
                                                             : GT_CC_SPACE;
    if (hard_punct(cp))
        return GT_CC_HARD;
    return GT_CC_ASK;
}

unsigned gt_char_class(uint32_t cp)
{
    unsigned c = gt_char_class_by_ranges(cp);
    if (c != GT_CC_ASK)
        return c;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return GT_CC_ALPHA;
    case UTF8PROC_CATEGORY_ND:
        return GT_CC_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return GT_CC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return GT_CC_SPACE | GT_CC_NEWLINE;
    case UTF8PROC_CATEGORY_CC:
        return GT_CC_HARD;
    default:
        return GT_CC_PUNCT;
    }
}

int gt_char_is_punct_category(uint32_t cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return 1;
    default:
        return 0;
    }
}

/* Membership in a sorted table of code points. */
static int in_table(const uint16_t *t, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid] == cp)
            return 1;
        if (t[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* 的 了 是 在 和 与 及 或 而 并 也 都 就 才 又 再 还 很 更 最 不 没 把 被 对 从 向 以 为 于 由 给 让 使 将 着 过 地 得 之 其 这 那 此 各 每 个 等 吗 呢 吧 啊 */
static const uint16_t function_chars[] = {
    0x4E0D, 0x4E0E, 0x4E2A, 0x4E3A, 0x4E4B, 0x4E5F, 0x4E86, 0x4E8E, 0x4ECE, 0x4EE5,
    0x4F7F, 0x5176, 0x518D, 0x53C8, 0x53CA, 0x5404, 0x5411, 0x5417, 0x5427, 0x5462,
    0x548C, 0x554A, 0x5728, 0x5730, 0x5BF9, 0x5C06, 0x5C31, 0x5E76, 0x5F88, 0x5F97,
    0x6216, 0x624D, 0x628A, 0x662F, 0x66F4, 0x6700, 0x6B64, 0x6BCF, 0x6CA1, 0x7531,
    0x7684, 0x7740, 0x7B49, 0x7ED9, 0x800C, 0x88AB, 0x8BA9, 0x8FC7, 0x8FD8, 0x8FD9,
    0x90A3, 0x90FD,
};

int gt_char_is_function_word(uint32_t cp)
{
    return cp <= 0xFFFF &&
           in_table(function_chars, sizeof function_chars / sizeof function_chars[0], cp);
}

/* The characters of the usual transliteration tables of foreign personal
 * and place names, sorted:
 * 阿埃艾安奥巴拜班邦贝本比彼宾波伯博布查达戴丹德登迪蒂丁杜多厄恩尔法菲费芬弗福盖甘冈戈格圭哈汉赫亨胡霍基吉贾杰捷卡凯坎康柯
 * 科克肯库夸拉莱赖兰朗劳勒雷里利莉列琳卢鲁伦罗洛玛迈麦曼梅蒙米密莫姆穆纳娜奈内尼妮努诺欧帕佩彭皮普齐奇乔切丘萨塞桑森沙莎舍施什斯丝松苏索塔泰坦汤特提图托瓦威韦维温沃乌西希辛休亚扬耶伊因尤约扎詹泽兹 */
static const uint16_t translit_chars[] = {
    0x4E01, 0x4E18, 0x4E1D, 0x4E39, 0x4E4C, 0x4E54, 0x4E9A, 0x4EA8, 0x4EC0, 0x4F0A,
    0x4F11, 0x4F26, 0x4F2F, 0x4F69, 0x514B, 0x5170, 0x5179, 0x5185, 0x5188, 0x51EF,
    0x5207, 0x5217, 0x5229, 0x52AA, 0x52B3, 0x52D2, 0x535A, 0x5361, 0x5362, 0x5384,
    0x5409, 0x54C8, 0x56E0, 0x56FE, 0x572D, 0x574E, 0x5766, 0x57C3, 0x57FA, 0x5854,
    0x585E, 0x591A, 0x5938, 0x5947, 0x5948, 0x5965, 0x59AE, 0x59C6, 0x5A01, 0x5A1C,
    0x5B89, 0x5BBE, 0x5BC6, 0x5C14, 0x5C24, 0x5C3C, 0x5DF4, 0x5E03, 0x5E0C, 0x5E15,
    0x5E93, 0x5EB7, 0x5F17, 0x5F6D, 0x5F7C, 0x5FB7, 0x6069, 0x6208, 0x6234, 0x624E,
    0x6258, 0x626C, 0x62C9, 0x62DC, 0x6377, 0x63D0, 0x65AF, 0x65BD, 0x666E, 0x66FC,
    0x6717, 0x672C, 0x675C, 0x6770, 0x677E, 0x67E5, 0x67EF, 0x683C, 0x6851, 0x6885,
    0x68EE, 0x6B27, 0x6BD4, 0x6C49, 0x6C64, 0x6C83, 0x6C99, 0x6CD5, 0x6CE2, 0x6CF0,
    0x6CFD, 0x6D1B, 0x6E29, 0x7279, 0x739B, 0x73ED, 0x7433, 0x74E6, 0x7518, 0x767B,
    0x76AE, 0x76D6, 0x798F, 0x79D1, 0x7A46, 0x7C73, 0x7D22, 0x7EA6, 0x7EB3, 0x7EF4,
    0x7F57, 0x8036, 0x80AF, 0x80E1, 0x820D, 0x827E, 0x82AC, 0x82CF, 0x8389, 0x838E,
    0x83AB, 0x83B1, 0x83F2, 0x8428, 0x8482, 0x8499, 0x897F, 0x8A79, 0x8BFA, 0x8D1D,
    0x8D39, 0x8D3E, 0x8D56, 0x8D6B, 0x8F9B, 0x8FBE, 0x8FC8, 0x8FEA, 0x90A6, 0x91CC,
    0x963F, 0x96F7, 0x970D, 0x97E6, 0x9C81, 0x9EA6, 0x9F50,
};

int gt_char_is_transliteration(uint32_t cp)
{
    return cp <= 0xFFFF &&
           in_table(translit_chars, sizeof translit_chars / sizeof translit_chars[0], cp);
}

/* Classes by ranges only: asking utf8proc for them here would fault in
 * pages of its tables in every process that makes a segmenter, for
 * characters that most texts never use; GT_CC_ASK defers them to lookup.
 * Whether a character is punctuation is asked, though: the punctuation of
 * nearly every Chinese text is in these four blocks, whose pages the
 * first text would fault in anyway, and a token of it needs the answer. */
static void fill_block(uint8_t *cls, uint8_t *is_p, uint32_t first, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        cls[i] = (uint8_t)gt_char_class_by_ranges(first + i);
        is_p[i] = (uint8_t)gt_char_is_punct_category(first + i);
    }
}

void gt_class_table_init(gt_class_table *t)
{
    fill_block(t->ascii, t->ascii_p, 0, sizeof t->ascii);
    fill_block(t->punct, t->punct_p, 0x2000, sizeof t->punct);
    fill_block(t->cjk_punct, t->cjk_punct_p, 0x3000, sizeof t->cjk_punct);
    fill_block(t->fullwidth, t->fullwidth_p, 0xFF00, sizeof t->fullwidth);
    /* Every ideograph of the block is GT_CC_HAN; the flags are rare, so
     * ask only for the code points the tables name (and the numerals). */
    memset(t->han, 0, sizeof t->han);
    for (size_t i = 0; i < sizeof translit_chars / sizeof translit_chars[0]; i++)
        if (translit_chars[i] - GT_HAN_FIRST < GT_HAN_SPAN)
            t->han[translit_chars[i] - GT_HAN_FIRST] |= GT_HF_TRANSLIT;
    for (size_t i = 0; i < sizeof function_chars / sizeof function_chars[0]; i++)
        if (function_chars[i] - GT_HAN_FIRST < GT_HAN_SPAN)
            t->han[function_chars[i] - GT_HAN_FIRST] |= GT_HF_FUNCTION;
    for (uint32_t i = 0; i < GT_HAN_SPAN; i++)
        if (gt_cnum_value(GT_HAN_FIRST + i) >= 0)
            t->han[i] |= GT_HF_CNUM;
}
