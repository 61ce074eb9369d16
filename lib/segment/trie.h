/* A double-array trie over character ids.
 *
 * Each slot is a node: from node s, the child labelled id (1..n_chars) is
 * slot t = base[s] + id if check[t] == s.  A node that ends a word holds
 * the word's index, its cost and its tag itself, so that a lookup touches
 * one 16-byte node per character (one cache line) and nothing else; a leaf
 * has base -1 and costs no probe at all.  The root is slot 0.  Free slots
 * have check = -1.
 *
 * Character ids are dense, 1..n_chars, given in order of frequency so that
 * the children of a node are close together; alphabet[id - 1] is the code
 * point of id.  A two-level table maps code points to ids.
 *
 * The arrays may come from a file: every step is bounds-checked, so damaged
 * arrays give wrong words, never a read outside them. */
#ifndef GT_SEG_TRIE_H
#define GT_SEG_TRIE_H

#include <stddef.h>
#include <stdint.h>

typedef struct gt_da_node {
    int32_t base;  /* -1: no children */
    int32_t check; /* the parent; -1: free slot */
    int32_t word;  /* the word ending here, or -1 */
    uint16_t cost; /* the word's stored cost (lexicon.h) */
    uint16_t tag;  /* the word's tag, in its layer */
} gt_da_node;

typedef struct gt_trie {
    const gt_da_node *nodes;
    uint32_t n_nodes;
    const uint32_t *alphabet; /* n_chars code points, by id - 1 */
    uint32_t n_chars;
    uint32_t n_words;
    /* cp -> id: page_of[cp >> 8] picks a page of 256 ids in page_ids. */
    uint16_t *page_of;  /* 0x1100 entries, owned */
    uint32_t *page_ids; /* owned; page 0 is all zero (no id) */
} gt_trie;

/* The character id of cp, 0 if no word of the trie uses it.  cp must be a
 * valid code point (< 0x110000). */
static inline uint32_t gt_trie_char_id(const gt_trie *t, uint32_t cp)
{
    return t->page_ids[((uint32_t)t->page_of[cp >> 8] << 8) | (cp & 0xFF)];
}

/* The child of s labelled id (>= 1), or -1. */
static inline int32_t gt_trie_step(const gt_trie *t, int32_t s, uint32_t id)
{
    int32_t b = t->nodes[s].base;
    if (b < 0)
        return -1;
    uint64_t u = (uint64_t)(uint32_t)b + id;
    if (u >= t->n_nodes || t->nodes[u].check != s)
        return -1;
    return (int32_t)u;
}

#define GT_TRIE_NO_CHILD (-2)

/* The base of the root's child labelled id (where the children of the
 * words' first character lie): -1 if that node has no children,
 * GT_TRIE_NO_CHILD if there is no such node (no word starts with id, or id
 * is 0). */
static inline int32_t gt_trie_first_base(const gt_trie *t, uint32_t id)
{
    int32_t b0 = t->n_nodes ? t->nodes[0].base : -1;
    uint64_t u = (uint64_t)(uint32_t)b0 + id;
    if (id == 0 || b0 < 0 || u >= t->n_nodes || t->nodes[u].check != 0)
        return GT_TRIE_NO_CHILD;
    return t->nodes[u].base < 0 ? -1 : t->nodes[u].base;
}

/* The index of the word that ends at node s, or -1. */
static inline int32_t gt_trie_word(const gt_trie *t, int32_t s)
{
    int32_t w = t->nodes[s].word;
    return (w >= 0 && (uint32_t)w < t->n_words) ? w : -1;
}

/* Builds the code point -> id table from the alphabet.  Returns 0, -1 when
 * memory ran out, -2 when the alphabet is invalid (a code point out of
 * range, 0, or repeated). */
int gt_trie_init_charmap(gt_trie *t);
void gt_trie_release_charmap(gt_trie *t);

/* Finds the word cps[0..n) and returns its index, or -1. */
int32_t gt_trie_find(const gt_trie *t, const uint32_t *cps, size_t n);

/* Builds the node array of n keys, given as id sequences keys[start[i] ..
 * start[i+1]), sorted (a prefix before its extensions) and unique; key i
 * becomes word i (cost and tag are left 0 for the caller to fill).
 * weights[i] (NULL: all 0) is how often key i is expected in text: the
 * nodes over heavy keys are packed into the front of the array, where
 * lookups find them in cache.  *nodes is malloc'd.  Returns 0 or -1 (out
 * of memory, or more than 2^31 slots). */
int gt_trie_build(const uint32_t *keys, const uint32_t *start, const uint32_t *weights,
                  uint32_t n, gt_da_node **nodes, uint32_t *n_nodes);

/* Calls fn(word index, node, code points, length, ud) for every word,
 * reading words back from the node array (through check, the parent link),
 * in slot order.  Stops when fn returns non-zero (and returns that).  A damaged
 * array may give wrong words or skip some, never loop: each word is at
 * most max_chars long. */
int gt_trie_each_word(const gt_trie *t, uint32_t max_chars,
                      int (*fn)(uint32_t word, const gt_da_node *node, const uint32_t *cps,
                                size_t n, void *ud),
                      void *ud);

#endif
