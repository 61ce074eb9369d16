/* The writer's in-memory inverted lists: one growable byte stream per term,
 * in the interleaved form (per document: doc delta, tf, then for pairs tf
 * position deltas), found through an open-addressing hash table.  Pairs
 * are keyed by their 64-bit key; words by their bytes (kept in an arena). */
#ifndef GT_INDEX_TERMS_H
#define GT_INDEX_TERMS_H

#include <stddef.h>
#include <stdint.h>

typedef struct gt_term {
    uint64_t key;       /* pair key, or the word's hash */
    unsigned char *data;
    uint32_t len, cap;
    uint32_t last_doc;  /* last document + 1 (0 = none yet) */
    uint32_t df;
    uint32_t cur_tf;    /* while adding a document */
    uint32_t last_pos;  /* while adding a document */
    uint32_t str_off;   /* words: into the arena */
    uint32_t str_len;
} gt_term;

typedef struct gt_term_table {
    gt_term *terms;
    size_t nterms, cap;
    uint32_t *slots;    /* term index + 1; 0 = empty */
    size_t nslots;      /* a power of two */
    int words;          /* keyed by string */
    char *arena;        /* words' bytes */
    size_t arena_len, arena_cap;
} gt_term_table;

void gt_terms_init(gt_term_table *t, int words);
void gt_terms_release(gt_term_table *t);
/* Index of the term, inserted if new; -1 when memory runs out. */
int64_t gt_terms_pair(gt_term_table *t, uint64_t key);
int64_t gt_terms_word(gt_term_table *t, const char *w, size_t len);
/* Appends bytes to a term's stream; -1 when memory runs out. */
int gt_term_append(gt_term *term, const unsigned char *p, size_t n);
/* The term indexes sorted by key (pairs) or bytes (words); caller frees. */
uint32_t *gt_terms_sorted(const gt_term_table *t);

#endif
