/* The mask pass's shared state (mask_restore.c): the masks of a document,
 * their candidates and the evidence; mask_find.c finds the masks. */
#ifndef GT_REPAIR_MASK_RESTORE_H
#define GT_REPAIR_MASK_RESTORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "repair/dup_hmap.h"
#include "repair/repair.h"

#define CTX 4                /* context characters kept on each side */
#define TOP_WORDS 200        /* the most frequent words are always candidates */

typedef struct {
    size_t a, b;         /* bytes of the mask */
    uint32_t l[CTX];     /* context before, nearest last; l[CTX - nl ..] used */
    uint32_t r[CTX];     /* context after, nearest first */
    int nl, nr;
    size_t c0, nc;       /* its candidates (a mask whose context repeats an
                            earlier one's shares that one's candidates) */
    size_t rep;          /* the first mask with the same context */
    uint32_t mult;       /* on a representative: the masks that share it */
} mask_t;

typedef struct {
    uint64_t key;    /* hash of the word's UTF-8 (the EM prior is per word) */
    long word;       /* model id, or -1 for a filler outside the model */
    size_t foff, flen; /* the word's UTF-8 in the filler arena (fillers) */
    double score;    /* log-likelihood of the context given the word */
    double post;
    size_t seq;      /* its place among the mask's candidates before sorting */
} cand_t;

/* The terms of a word's score that do not depend on the mask's context. */
typedef struct {
    double cw;      /* its count, the model's and the collection's */
    double prior;   /* WORD_PRIOR * log(cw) */
    double penalty; /* UNMASKED_PENALTY * log(1 + its unmasked occurrences) */
} word_terms;

typedef struct {
    const char *text;
    size_t len;
    gt_repair_ctx *ctx;
    mask_t *m;
    size_t nm, capm;
    cand_t *c;
    size_t nc, capc;
    gt_buf fill;     /* UTF-8 of fillers outside the model */
    /* evidence: dropped copies then the document, as code points */
    uint32_t *ev;
    size_t nev, capev, ndropped;
    uint32_t *next;  /* chain of positions with the same character pair */
    gt_hmap heads;   /* pair -> first position + 1 */
    uint32_t top[TOP_WORDS];
    size_t ntop;
    uint32_t *stamp; /* per model word: 1 + the mask that has it as a candidate */
    uint32_t *where; /* ... and at which candidate */
    uint32_t cur;    /* 1 + the mask being gathered */
    uint32_t *seen;  /* per model word: its unmasked occurrences in the document */
    word_terms *wt;  /* per model word: its terms of lm_score, once computed */
    uint8_t *wt_done;
} state;

/* Han characters (the CJK blocks the pass treats as words' characters). */
int gt_mask_is_han(uint32_t cp);
/* Cheap tests that a line / a text may hold a mask character at all. */
int gt_mask_line_may_hold(const char *s, size_t n);
int gt_mask_text_may_hold(const char *s, size_t n);
/* Appends the masks of the line [ls, le) of S->text to S->m, with their
 * contexts; -1 when memory runs out. */
int gt_mask_find(state *S, size_t ls, size_t le);

#endif
