#include "repair/spam_match.h"

#include <string.h>

#include "common/utf8.h"
#include "repair/spam_data.h"

uint32_t gt_spam_fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
        cp -= 0xFEE0;
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    if (cp < 0x3400)
        return cp;
    size_t lo = 0, hi = gt_spam_nfolds;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gt_spam_folds[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < gt_spam_nfolds && gt_spam_folds[lo].from == cp ? gt_spam_folds[lo].to : cp;
}

/* gt_spam_fold, with most Han characters (those the filter says the fold
 * table lacks) answered without a search. */
static inline uint32_t fold(const gt_spam_starts *st, uint32_t cp)
{
    if (cp >= 0x3400 && cp < 0xFF01 && !((st->folds[(cp & 0xFFF) >> 3] >> (cp & 7)) & 1))
        return cp;
    return gt_spam_fold(cp);
}

/* The child for code point cp among the edges [lo, hi), or 0. */
static uint32_t child_in(size_t lo, size_t hi, uint32_t cp)
{
    size_t end = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gt_spam_edges[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && gt_spam_edges[lo].cp == cp ? gt_spam_edges[lo].child : 0;
}

/* The child of node for code point cp, or 0 (the root of the first trie is
 * node 0 and is never a child). */
static uint32_t child(uint32_t node, uint32_t cp)
{
    const gt_spam_node *n = &gt_spam_nodes[node];
    return child_in(n->first, (size_t)n->first + n->n, cp);
}

/* child() of trie's root, through st's index when st is that trie's. */
static uint32_t root_child(const gt_spam_starts *st, int trie, uint32_t cp)
{
    uint32_t root = gt_spam_roots[trie];
    if (st->trie != trie || cp >= 0x10000)
        return child(root, cp);
    size_t first = gt_spam_nodes[root].first;
    return child_in(first + st->root_at[cp >> 8], first + st->root_at[(cp >> 8) + 1], cp);
}

size_t gt_spam_longest(const gt_spam_starts *st, int trie, const char *s, size_t len, size_t i,
                       unsigned *value)
{
    uint32_t root = gt_spam_roots[trie], node = root;
    size_t best = i;
    unsigned best_value = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = gt_utf8_next(s, len, i, &cp);
        if (cp == '\n')
            break;
        /* (a root is no node's child: node == root only at the first step) */
        node = node == root ? root_child(st, trie, fold(st, cp)) : child(node, fold(st, cp));
        if (node == 0)
            break;
        i += n;
        if (gt_spam_nodes[node].value) {
            best = i;
            best_value = gt_spam_nodes[node].value;
        }
    }
    if (value)
        *value = best_value;
    return best;
}

/* Every end of a key of trie that starts at i, longest first, into ends[];
 * returns how many (at most cap). */
static size_t all_ends(const gt_spam_starts *st, int trie, const char *s, size_t len, size_t i,
                       size_t *ends, size_t cap)
{
    uint32_t root = gt_spam_roots[trie], node = root;
    size_t n_ends = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = gt_utf8_next(s, len, i, &cp);
        if (cp == '\n')
            break;
        /* (a root is no node's child: node == root only at the first step) */
        node = node == root ? root_child(st, trie, fold(st, cp)) : child(node, fold(st, cp));
        if (node == 0)
            break;
        i += n;
        if (gt_spam_nodes[node].value && n_ends < cap)
            ends[n_ends++] = i;
    }
    for (size_t a = 0, b = n_ends; a + 1 < b; a++, b--) {
        size_t t = ends[a];
        ends[a] = ends[b - 1];
        ends[b - 1] = t;
    }
    return n_ends;
}

static uint32_t pair_bit(uint32_t a, uint32_t b)
{
    uint64_t h = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 52); /* 12 bits */
}

/* Whether a key of st's trie may start with the characters at byte i: no
 * when the filter lacks the first two (folded), or the line ends after the
 * first, since every key has two characters or more. */
static int pair_may_start(const gt_spam_starts *st, const char *s, size_t len, size_t i)
{
    uint32_t a, b;
    size_t k = gt_utf8_next(s, len, i, &a);
    if (i + k >= len)
        return 0;
    gt_utf8_next(s, len, i + k, &b);
    if (b == '\n')
        return 0;
    uint32_t bit = pair_bit(fold(st, a), fold(st, b));
    return (st->pairs[bit >> 3] >> (bit & 7)) & 1;
}

size_t gt_spam_phrase(const gt_spam_starts *st, const char *s, size_t len, size_t i)
{
    if (st->trie == GT_SPAM_CITY && st->pairs_ok && !pair_may_start(st, s, len, i))
        return i;
    /* Place names nest (吉林 / 吉林市 is not listed, but 海南 / 海南藏...):
     * try each place-name end, longest first, for a term after it. */
    size_t ends[8];
    size_t n = all_ends(st, GT_SPAM_CITY, s, len, i, ends, sizeof ends / sizeof ends[0]);
    for (size_t k = 0; k < n; k++) {
        size_t t = gt_spam_longest(st, GT_SPAM_TERM, s, len, ends[k], NULL);
        if (t == ends[k])
            continue;
        size_t e = gt_spam_longest(st, GT_SPAM_SUFFIX, s, len, t, NULL);
        return e;
    }
    return i;
}

static void set_bit(gt_spam_starts *st, uint32_t cp)
{
    st->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

void gt_spam_starts_init(gt_spam_starts *st, int trie)
{
    memset(st->bits, 0, sizeof st->bits);
    memset(st->pairs, 0, sizeof st->pairs);
    st->trie = trie;
    st->pairs_ok = 1;
    {
        const gt_spam_node *r = &gt_spam_nodes[gt_spam_roots[trie]];
        for (size_t e = r->first; e < (size_t)r->first + r->n; e++) {
            const gt_spam_node *n1 = &gt_spam_nodes[gt_spam_edges[e].child];
            if (n1->value)
                st->pairs_ok = 0; /* a one-character key */
            for (size_t f = n1->first; f < (size_t)n1->first + n1->n; f++) {
                uint32_t bit = pair_bit(gt_spam_edges[e].cp, gt_spam_edges[f].cp);
                st->pairs[bit >> 3] |= (uint8_t)(1u << (bit & 7));
            }
        }
    }
    {
        const gt_spam_node *r = &gt_spam_nodes[gt_spam_roots[trie]];
        size_t e = 0;
        for (unsigned b = 0; b <= 256; b++) {
            while (e < r->n && gt_spam_edges[r->first + e].cp < ((uint32_t)b << 8))
                e++;
            st->root_at[b] = (uint16_t)e;
        }
    }
    memset(st->folds, 0, sizeof st->folds);
    for (size_t i = 0; i < gt_spam_nfolds; i++) {
        uint32_t k = gt_spam_folds[i].from & 0xFFF;
        st->folds[k >> 3] |= (uint8_t)(1u << (k & 7));
    }
    const gt_spam_node *root = &gt_spam_nodes[gt_spam_roots[trie]];
    for (size_t e = root->first; e < (size_t)root->first + root->n; e++) {
        uint32_t cp = gt_spam_edges[e].cp;
        if (cp >= 0x10000)
            continue;
        set_bit(st, cp);
        /* what gt_spam_fold maps to cp: upper case, full width */
        if (cp >= 'a' && cp <= 'z') {
            set_bit(st, cp - 'a' + 'A');
            set_bit(st, cp - 'a' + 'A' + 0xFEE0);
        }
        if (cp >= 0x21 && cp <= 0x7E)
            set_bit(st, cp + 0xFEE0);
    }
    /* ... and traditional forms (the fold table) */
    for (size_t i = 0; i < gt_spam_nfolds; i++) {
        uint32_t from = gt_spam_folds[i].from, to = gt_spam_folds[i].to;
        if (from < 0x10000 && to < 0x10000 && (st->bits[to >> 3] >> (to & 7) & 1))
            set_bit(st, from);
    }
}
