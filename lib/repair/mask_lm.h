/* Lookups in the mask model (mask_model.h) and the context counting the
 * collection shares with the mask pass. */
#ifndef GT_MASK_LM_H
#define GT_MASK_LM_H

#include <stddef.h>
#include <stdint.h>

#include "repair/dup_hmap.h"

#define GT_MASK_WORD_MIN 2 /* characters of a candidate word */
#define GT_MASK_WORD_MAX 6

/* Context kinds of the collection's keys.  The collection counts each
 * candidate word, its l1 and r1 contexts and its sandwich (two characters
 * either side); the two-character contexts on one side, which would double
 * its size, come from the model alone. */
enum { GT_MCTX_WORD = 1, GT_MCTX_L1, GT_MCTX_R1, GT_MCTX_SANDWICH };

/* The model index of a context code point, 0 when the model has none. */
uint32_t gt_mask_char_index(uint32_t cp);
/* Corpus count of a context code point (0 when unknown). */
uint32_t gt_mask_char_freq(uint32_t cp);
/* The id of the word with these UTF-8 bytes, or -1. */
long gt_mask_word_find(const char *s, size_t n);
/* The same, given h = gt_hbytes(s, n, 0). */
long gt_mask_word_find_hashed(uint64_t h, const char *s, size_t n);
/* A word's UTF-8 bytes (not terminated) and length. */
const char *gt_mask_word(uint32_t id, size_t *len);

/* One side of a context, looked up once for all the candidate words
 * scored in it: the model indices of the nearest character and the one
 * beyond it (0 when unknown), and the range of the l1 (left) or r1 (right)
 * entries of the nearest character. */
typedef struct gt_mask_side {
    int left;
    uint32_t near, far;
    uint32_t first, end;
} gt_mask_side;

void gt_mask_side_init(gt_mask_side *s, int left, uint32_t near_cp, uint32_t far_cp);
/* Model counts (0 when absent or pruned) of word w beside the side's
 * characters: the near one alone (count1), near and far (count2). */
uint32_t gt_mask_side_count1(const gt_mask_side *s, uint32_t w);
uint32_t gt_mask_side_count2(const gt_mask_side *s, uint32_t w);

/* The words seen right after (left = 1) or right before (left = 0) the
 * character: a range [*first, *end) of gt_mask_l1 / gt_mask_r1 entries;
 * the word of entry e is gt_mask_entry_word(e). */
void gt_mask_words_beside(uint32_t cp, int left, uint32_t *first, uint32_t *end);
uint32_t gt_mask_entry_word(uint32_t e);

/* A collection key for context kind and up to four code points (0 where
 * the kind has fewer) and a word id. */
uint64_t gt_mask_ctx_key(unsigned kind, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                         uint32_t w);

/* Adds the context counts of every candidate word in text (valid UTF-8,
 * LF lines) to map: the word, its l1 and r1 contexts and its sandwich.  Once
 * the map holds max keys, new keys are no longer added (known ones are still
 * counted).  Returns 0, or -1 when memory ran out. */
int gt_mask_collect(const char *text, size_t len, gt_hmap *map, size_t max);

#endif
