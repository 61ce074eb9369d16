/* The segmenter: one thread's working state over a shared, frozen
 * lexicon, plus its own overlay of user words. */
#ifndef GT_SEG_SEGMENTER_H
#define GT_SEG_SEGMENTER_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"
#include "segment/char_class.h"
#include "segment/lexicon.h"

/* Words are found in runs of at most this many characters (a longer run
 * with no punctuation or space is cut); it bounds the scratch memory. */
#define GT_SEG_MAX 4096
#define GT_SEG_ERRMSG_MAX 256
/* A row of character ids: a run and two sentinels. */
#define GT_SEG_ID_ROW (GT_SEG_MAX + 2)

struct govtext_segmenter {
    govtext_lexicon *lex; /* a reference */
    /* User words: the set as added, and the layer built from it on the
     * next segmentation after a change. */
    gt_wordset user;
    gt_layer overlay;
    int overlay_built;
    int overlay_dirty;
    char (*extra_tags)[GT_TAG_MAX]; /* tags the lexicon does not know */
    size_t n_extra_tags, cap_extra_tags;
    /* Scratch for one run of characters (GT_SEG_MAX + 1 each). */
    uint32_t *cp;
    uint32_t *off;    /* byte offset of each character from the run start */
    uint8_t *cls;     /* GT_CC_* bits */
    uint8_t *bok;     /* 1 if a token may start/end before this character */
    uint32_t *ids;    /* character ids, (n_layers + 1) rows of GT_SEG_ID_ROW */
    int32_t *bases;   /* gt_trie_first_base of each id, rows as ids */
    int32_t *steps;   /* first trie nodes from each position, 3 rows per row of ids */
    uint64_t *best;   /* the best path to each position: gt_cell */
    uint32_t *path;   /* token ends, backwards */
    const uint32_t *zeros; /* GT_SEG_MAX + 1 zeros: no alphanumeric run ends (mark_runs) */
    size_t n_rows;    /* rows of ids */
    gt_class_table *cc; /* character classes by lookup */
    const uint64_t *han; /* the lexicon's table of the CJK block (lexicon.h) */
    char errmsg[GT_SEG_ERRMSG_MAX];
};

/* A position of the path search: the cost of the best path to it and the
 * last token of that path (its length in characters, kind and tag), in one
 * 64-bit word, so that an edge that improves the path is one select and
 * one store instead of a branch and four stores.  The comparison is a coin
 * toss (does this word beat the best path so far?) and was the branch
 * mispredicted most often; packed and selected without a branch, the
 * segmenter ran 0.6-2.5% faster in paired runs.  Bits 0-31 cost, 32-47 tag, 48-50 kind - 1,
 * 51-63 length. */
#define GT_CELL_LEN_MAX 8191u
_Static_assert(GT_SEG_MAX <= GT_CELL_LEN_MAX, "a token's length fits 13 bits");
_Static_assert(GOVTEXT_TOKEN_OTHER - 1 <= 7, "a path token's kind fits 3 bits");

static inline uint64_t gt_cell(int32_t cost, size_t len, uint32_t kind, uint32_t tag)
{
    return (uint64_t)(uint32_t)cost | (uint64_t)(tag & 0xFFFFu) << 32 |
           (uint64_t)((kind - 1) & 7u) << 48 | (uint64_t)len << 51;
}
static inline int32_t gt_cell_cost(uint64_t c)
{
    return (int32_t)(uint32_t)c;
}
static inline uint32_t gt_cell_tag(uint64_t c)
{
    return (uint32_t)(c >> 32) & 0xFFFFu;
}
static inline uint32_t gt_cell_kind(uint64_t c)
{
    return ((uint32_t)(c >> 48) & 7u) + 1;
}
static inline size_t gt_cell_len(uint64_t c)
{
    return (size_t)(c >> 51);
}

govtext_status gt_seg_fail(govtext_segmenter *s, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Builds the overlay layer if user words changed.  Returns 0 or -1. */
int gt_seg_prepare_overlay(govtext_segmenter *s);

#endif
