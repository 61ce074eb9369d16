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
    int32_t *steps;   /* first trie nodes from each position, 3 rows per row of ids */
    int32_t *best;    /* best path cost to each position */
    uint16_t *blen;   /* length (characters) of the last token of that path */
    uint16_t *bkind;  /* its kind (not a byte: byte stores alias everything) */
    uint16_t *btag;
    uint32_t *path;   /* token ends, backwards */
    const uint32_t *zeros; /* GT_SEG_MAX + 1 zeros: no alphanumeric run ends (mark_runs) */
    size_t n_rows;    /* rows of ids */
    gt_class_table *cc; /* character classes by lookup */
    /* For each ideograph U+4E00 + i of the CJK block: its class << 24 |
     * its id in the lexicon's first layer, both in one read for the
     * character nearly every run is made of.  NULL without layers (the
     * overlay, which changes, is never first then). */
    uint32_t *han;
    char errmsg[GT_SEG_ERRMSG_MAX];
};

govtext_status gt_seg_fail(govtext_segmenter *s, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Builds the overlay layer if user words changed.  Returns 0 or -1. */
int gt_seg_prepare_overlay(govtext_segmenter *s);

#endif
