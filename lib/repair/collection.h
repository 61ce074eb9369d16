/* The collection: evidence gathered over many documents, read by the
 * duplicate, spam and mask passes.
 *
 * What one document adds (govtext_collection_add):
 *  - boilerplate: a count per distinct short line (blanks removed, at most
 *    GT_COLL_LINE_MAX bytes) of the documents that hold it;
 *  - near-duplicates: a MinHash signature (GT_COLL_SIG one-permutation
 *    minima over 5-character shingles of its Han, letters and digits) and
 *    GT_COLL_BANDS locality-sensitive band keys; documents whose signatures
 *    agree on at least GT_COLL_NEAR of the slots are joined in a group;
 *  - mask evidence: counts of the contexts of the mask model's candidate
 *    words (mask_lm.c, gt_mask_collect).
 * The document is analysed in the form the evidence is used in: a copy of it
 * goes through the passes that run before the duplicate pass and through
 * the duplicate pass itself (so that a page saved six times counts once).
 *
 * Memory: per document 4 * GT_COLL_SIG bytes of signature, 4 bytes of group
 * and up to GT_COLL_BANDS band entries; plus 12 bytes per hash slot (slots
 * are at most half full) for each distinct line and each distinct context
 * key, both shared by all documents that repeat them.  A document adds
 * about 1.3 context keys per character when its wording is new, far fewer
 * when the collection has seen it: the 98 documents of the governance
 * corpus (1.7M characters) take 25 MB.  The context map stops taking new
 * keys at GT_COLL_CTX_MAX (about 100 MB); later documents then only count
 * the contexts it has.
 */
#ifndef GT_COLLECTION_H
#define GT_COLLECTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/doc.h"
#include "govtext.h"
#include "repair/dup_hmap.h"

#define GT_COLL_LINE_MAX 300 /* longer lines are content, not boilerplate */
#define GT_COLL_SIG 64       /* MinHash slots */
#define GT_COLL_BANDS 16     /* LSH bands of GT_COLL_SIG / GT_COLL_BANDS slots */
#define GT_COLL_NEAR 0.8     /* agreeing slots for a near-duplicate */
#define GT_COLL_CTX_MAX (4u << 20) /* distinct mask context keys kept (about 100 MB) */

struct govtext_collection {
    size_t docs;
    char errmsg[GT_ERRMSG_MAX];
    gt_hmap lines;    /* line key -> documents holding the line */
    gt_hmap ctx;      /* mask context key -> count */
    gt_hmap bands;    /* band key -> first document with it, + 1 */
    uint32_t *sig;    /* GT_COLL_SIG per document */
    uint32_t *parent; /* union-find over documents (groups of near-duplicates) */
    size_t cap;       /* documents sig and parent have room for */
};

/* The key a line is counted under: its bytes without blanks (ASCII space,
 * tab, U+3000, U+00A0).  Returns 0 for a line that is all blanks. */
uint64_t gt_collection_line_key(const char *line, size_t len);

/* The number of documents of c that hold the line (0 when c is NULL). */
size_t gt_collection_line_docs(const govtext_collection *c, const char *line, size_t len);

/* The count of a mask context key (mask_lm.h); 0 when c is NULL. */
uint32_t gt_collection_ctx(const govtext_collection *c, uint64_t key);

/* The near-duplicate group of document i (in the order documents were
 * added): the index of the group's first document.  A document without
 * near-duplicates is its own group.  Returns i for i out of range. */
size_t gt_collection_group(const govtext_collection *c, size_t i);

/* The estimated resemblance (Jaccard similarity of shingle sets) of
 * documents i and j in [0, 1]; 0 when either is out of range. */
double gt_collection_resemblance(const govtext_collection *c, size_t i, size_t j);

#endif
