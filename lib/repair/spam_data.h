/* The generated tables of the spam pass (scripts/gen_spam_data.py writes
 * spam_data.c from data/spam/ lists): four tries over code points and a fold
 * of traditional characters to the simplified forms the keys are written in. */
#ifndef GT_SPAM_DATA_H
#define GT_SPAM_DATA_H

#include <stddef.h>
#include <stdint.h>

enum { GT_SPAM_CITY = 0, GT_SPAM_TERM = 1, GT_SPAM_SUFFIX = 2, GT_SPAM_MARKER = 3, GT_SPAM_TRIES = 4 };

/* Marker classes (the value of a marker key). */
enum { GT_SPAM_MARK_AD = 1, GT_SPAM_MARK_SHARE = 2, GT_SPAM_MARK_CHROME = 3 };

typedef struct gt_spam_edge {
    uint32_t cp;    /* folded code point */
    uint32_t child; /* node index */
} gt_spam_edge;

typedef struct gt_spam_node {
    uint32_t first; /* first edge; edges of a node are sorted by cp */
    uint16_t n;     /* number of edges */
    uint16_t value; /* 0: no key ends here; else the key's class (1 for plain lists) */
} gt_spam_node;

typedef struct gt_spam_fold_row {
    uint32_t from, to; /* traditional -> simplified, sorted by from */
} gt_spam_fold_row;

extern const gt_spam_edge gt_spam_edges[];
extern const gt_spam_node gt_spam_nodes[];
extern const uint32_t gt_spam_roots[GT_SPAM_TRIES];
extern const gt_spam_fold_row gt_spam_folds[];
extern const size_t gt_spam_nfolds;

#endif
