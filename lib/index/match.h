/* Matching one term against the index: the documents that contain a
 * string (through its character pairs and their positions) or a word, with
 * the number of occurrences in each. */
#ifndef GT_INDEX_MATCH_H
#define GT_INDEX_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "index/index.h"

typedef struct gt_hitrec {
    uint32_t doc;
    uint32_t occ;
    double score;
} gt_hitrec;

typedef struct gt_hits {
    gt_hitrec *v;
    size_t n, cap;
} gt_hits;

/* Scratch that a search reuses between its terms. */
typedef struct gt_match_scratch {
    uint32_t *cand, *tmp, *pos;
    size_t cand_cap, tmp_cap, pos_cap;
    uint32_t *dense; /* ndocs counters for one-character terms */
    size_t dense_cap;
    gt_textbuf text; /* a document's text, to check a phrase in it */
} gt_match_scratch;

void gt_match_scratch_release(gt_match_scratch *s);
int gt_hits_push(gt_hits *h, uint32_t doc, uint32_t occ);

/* The documents containing pat (npat folded code points, GT_IDX_GAP = one
 * white-space character), ascending, with occurrences.  Returns
 * GOVTEXT_OK, GOVTEXT_ERR_NOMEM or GOVTEXT_ERR_CORRUPT. */
govtext_status gt_match_string(const govtext_index *idx, const uint32_t *pat, size_t npat,
                               gt_match_scratch *s, gt_hits *out);
/* The documents where the segmenter found word w. */
govtext_status gt_match_word(const govtext_index *idx, const char *w, size_t len, gt_hits *out);

#endif
