/* The writer's in-memory inverted lists: one growable byte stream per term,
 * in the interleaved form (per document: doc delta, tf, then for pairs tf
 * position deltas), found through an open-addressing hash table.  Pairs
 * are keyed by their 64-bit key; words by their bytes (kept in an arena). */
#ifndef GT_INDEX_TERMS_H
#define GT_INDEX_TERMS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
    uint64_t *slots;    /* the hash's high half << 32 | term index + 1; 0 =
                           empty.  The high half screens probes without
                           touching the term (a cache miss each). */
    size_t nslots;      /* a power of two */
    int words;          /* keyed by string */
    char *arena;        /* words' bytes */
    size_t arena_len, arena_cap;
} gt_term_table;

void gt_terms_init(gt_term_table *t, int words);
void gt_terms_release(gt_term_table *t);
static inline uint64_t gt_terms_mix(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return k;
}

/* Index of the term, inserted if new; -1 when memory runs out. */
int64_t gt_terms_pair_slow(gt_term_table *t, uint64_t key);
static inline int64_t gt_terms_pair(gt_term_table *t, uint64_t key)
{
    if ((t->nterms + 1) * 4 < t->nslots * 3) { /* found without growing */
        uint64_t m = gt_terms_mix(key), tag = m >> 32 << 32;
        size_t mask = t->nslots - 1, h = (size_t)m & mask;
        for (uint64_t s; (s = t->slots[h]) != 0; h = (h + 1) & mask)
            if ((s & ~UINT64_C(0xFFFFFFFF)) == tag && t->terms[(uint32_t)s - 1].key == key)
                return (uint32_t)s - 1;
    }
    return gt_terms_pair_slow(t, key);
}

/* Hints the cache that key will be looked up soon. */
static inline void gt_terms_prefetch(const gt_term_table *t, uint64_t key)
{
#if defined(__GNUC__)
    if (t->nslots)
        __builtin_prefetch(&t->slots[(size_t)gt_terms_mix(key) & (t->nslots - 1)]);
#else
    (void)t;
    (void)key;
#endif
}

/* The hash of a word's bytes: eight at a time (words are UTF-8 runs of
 * 2-20 bytes, so a byte loop was a tenth of a build). */
static inline uint64_t gt_terms_hash(const char *w, size_t len)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, w + i, 8);
        h = gt_terms_mix(h ^ v) * UINT64_C(0x9E3779B97F4A7C15);
    }
    uint64_t v = 0;
    memcpy(&v, w + i, len - i);
    return gt_terms_mix(h ^ v);
}

/* Index of the word whose hash is hash (gt_terms_hash), inserted if new;
 * -1 when memory runs out. */
/* The second stage: once key's slot is in the cache, fetch its term. */
static inline void gt_terms_prefetch_term(const gt_term_table *t, uint64_t key)
{
#if defined(__GNUC__)
    if (t->nslots) {
        uint64_t s = t->slots[(size_t)gt_terms_mix(key) & (t->nslots - 1)];
        if (s)
            __builtin_prefetch(&t->terms[(uint32_t)s - 1]);
    }
#else
    (void)t;
    (void)key;
#endif
}

int64_t gt_terms_word(gt_term_table *t, const char *w, size_t len, uint64_t hash);
/* Appends bytes to a term's stream; -1 when memory runs out.  Inline for
 * the common case of a few bytes that fit. */
int gt_term_append_slow(gt_term *term, const unsigned char *p, size_t n);
static inline int gt_term_append(gt_term *term, const unsigned char *p, size_t n)
{
    if ((size_t)term->cap - term->len >= n) {
        unsigned char *d = term->data + term->len;
        for (size_t i = 0; i < n; i++)
            d[i] = p[i];
        term->len += (uint32_t)n;
        return 0;
    }
    return gt_term_append_slow(term, p, n);
}
/* The term indexes sorted by key (pairs) or bytes (words); caller frees. */
uint32_t *gt_terms_sorted(const gt_term_table *t);

#endif
