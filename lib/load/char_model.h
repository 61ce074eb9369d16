/* A unigram cost model of characters in Chinese text, used to tell which
 * decoding of a byte string is the real one: the right decoding reads as
 * common characters, a wrong one as rare characters, private-use code
 * points, controls or errors. */
#ifndef GT_CHAR_MODEL_H
#define GT_CHAR_MODEL_H

#include <stdint.h>

/* Generated table (char_model_table.c): cost in quarter bits. */
extern const unsigned char gt_char_cost_bmp[65536];

/* Cost in quarter bits of one code point. */
static inline unsigned gt_char_cost(uint32_t cp)
{
    if (cp < 0x10000)
        return gt_char_cost_bmp[cp];
    if (cp >= 0x20000 && cp <= 0x3134F)
        return 120; /* CJK extensions B-G: real but rare */
    return 160;
}

/* Cost of each byte of an undecodable sequence. */
#define GT_ERROR_COST 160u

#endif
