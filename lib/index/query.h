/* A parsed query: a tree of nodes in one array (children by index). */
#ifndef GT_INDEX_QUERY_H
#define GT_INDEX_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"

#define GT_QUERY_MAX_TERMS 1024
#define GT_QUERY_MAX_CHARS 1024
#define GT_QUERY_MAX_DEPTH 64

typedef enum gt_qkind {
    GT_Q_TERM,   /* a string: cps (folded, GT_IDX_GAP for white space) */
    GT_Q_WORD,   /* word:  bytes (ASCII folded) */
    GT_Q_YEAR,   /* year:  [y0, y1] */
    GT_Q_SOURCE, /* source: bytes, exact */
    GT_Q_ID,     /* id: bytes, exact */
    GT_Q_AND,
    GT_Q_OR,
    GT_Q_NOT
} gt_qkind;

typedef struct gt_qnode {
    gt_qkind kind;
    uint32_t *cps; /* TERM; also WORD's characters, for snippets */
    size_t ncps;
    char *str;     /* WORD, SOURCE, ID */
    size_t len;
    int32_t y0, y1;
    size_t *kids;  /* AND, OR, NOT (one) */
    size_t nkids;
} gt_qnode;

typedef struct gt_query {
    gt_qnode *nodes;
    size_t n, cap;
    size_t root;
    size_t nterms;
} gt_query;

/* Parses q[0..len) (valid UTF-8 is checked).  On failure err (at least
 * 256 bytes) says what and where. */
govtext_status gt_query_parse(const char *q, size_t len, gt_query *out, char *err);
void gt_query_free(gt_query *q);

#endif
