/* Double-array trie: character map, lookup, construction, enumeration. */
#include "segment/trie.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

#define N_PAGES_MAX (0x110000 >> 8)

int gt_trie_init_charmap(gt_trie *t)
{
    t->page_of = NULL;
    t->page_ids = NULL;
    uint16_t *page_of = calloc(N_PAGES_MAX, sizeof *page_of);
    if (!page_of)
        return -1;
    /* Count the pages used first, so that one allocation holds them. */
    uint32_t n_pages = 1;
    for (uint32_t i = 0; i < t->n_chars; i++) {
        uint32_t cp = t->alphabet[i];
        if (cp == 0 || cp >= 0x110000) {
            free(page_of);
            return -2;
        }
        if (page_of[cp >> 8] == 0) {
            if (n_pages >= 0xFFFF) {
                free(page_of);
                return -1;
            }
            page_of[cp >> 8] = (uint16_t)n_pages++;
        }
    }
    uint32_t *ids = calloc((size_t)n_pages * 256, sizeof *ids);
    if (!ids) {
        free(page_of);
        return -1;
    }
    for (uint32_t i = 0; i < t->n_chars; i++) {
        uint32_t cp = t->alphabet[i];
        uint32_t *slot = &ids[((uint32_t)page_of[cp >> 8] << 8) | (cp & 0xFF)];
        if (*slot != 0) { /* a repeated code point */
            free(ids);
            free(page_of);
            return -2;
        }
        *slot = i + 1;
    }
    t->page_of = page_of;
    t->page_ids = ids;
    return 0;
}

void gt_trie_release_charmap(gt_trie *t)
{
    free(t->page_of);
    free(t->page_ids);
    t->page_of = NULL;
    t->page_ids = NULL;
}

int32_t gt_trie_find(const gt_trie *t, const uint32_t *cps, size_t n)
{
    if (t->n_nodes == 0 || n == 0)
        return -1;
    int32_t s = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = cps[i] < 0x110000 ? gt_trie_char_id(t, cps[i]) : 0;
        if (id == 0 || (s = gt_trie_step(t, s, id)) < 0)
            return -1;
    }
    return gt_trie_word(t, s);
}

/* ---- construction ------------------------------------------------------
 * The children of a node are placed at the first base where all their
 * slots are free, found by walking a doubly linked list of free slots (as
 * in darts); the array grows as needed.
 *
 * Nodes are placed heaviest first, not depth-first: a node's weight is the
 * total frequency of the words below it, and a priority queue hands out
 * the heaviest node whose children are still unplaced.  First-fit then
 * packs the nodes that text walks through most often (the common
 * characters and their common continuations) into the front of the array,
 * a few hundred kilobytes that stay in cache, instead of scattering them
 * over all of it; each lookup's second step was a cache miss in a 12 MB
 * array before.  The trie is the same either way, only where its nodes
 * lie changes.
 *
 * Without any weight (a word list without frequencies) the queue is a
 * stack, children pushed last to first: depth-first order, as before.  In
 * weight order such a list would go breadth first, which leaves the front
 * of the array full of small holes that first-fit then walks through for
 * every node (an 88,000-word list built six times slower). */

typedef struct pending {
    uint64_t weight;
    uint32_t seq; /* ties go to the earlier node: the build is deterministic */
    int32_t slot;
    uint32_t lo, hi, depth; /* its keys, and their depth */
} pending;

typedef struct builder {
    gt_da_node *nodes;
    int32_t *next, *prev; /* free list; -1 ends it; RETIRED: free, off the list */
    uint8_t *fails;       /* times a free slot was tried as a base and failed */
    int retire;           /* retire slots that keep failing (big lexicons) */
    size_t cap;           /* slots allocated */
    int32_t head;         /* first free slot, or -1 */
    int32_t tail;
    uint32_t used_end;    /* one past the last used slot */
    const uint32_t *keys, *start;
    const uint64_t *wsum; /* wsum[k]: total weight of keys before k */
    uint32_t *labels;     /* the label set of the node being placed */
    uint32_t *firsts;     /* first key of each label, parallel to labels */
    size_t labels_cap;
    pending *heap;        /* max-heap by weight, then seq */
    size_t n_heap, heap_cap;
    uint32_t seq;
    int depth_first;      /* no weights: last in, first out */
} builder;

static int grow(builder *b, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 1024;
    while (ncap < need)
        ncap *= 2;
    if (need > (size_t)INT32_MAX)
        return -1;
    if (ncap > (size_t)INT32_MAX)
        ncap = (size_t)INT32_MAX;
    gt_da_node *n = realloc(b->nodes, ncap * sizeof *n);
    if (!n)
        return -1;
    b->nodes = n;
    int32_t *nx = realloc(b->next, ncap * sizeof *nx);
    if (!nx)
        return -1;
    b->next = nx;
    int32_t *pv = realloc(b->prev, ncap * sizeof *pv);
    if (!pv)
        return -1;
    b->prev = pv;
    uint8_t *fl = realloc(b->fails, ncap);
    if (!fl)
        return -1;
    b->fails = fl;
    memset(b->fails + b->cap, 0, ncap - b->cap);
    /* Append the new slots to the free list. */
    for (size_t i = b->cap; i < ncap; i++) {
        b->nodes[i].base = -1;
        b->nodes[i].check = -1;
        b->nodes[i].word = -1;
        b->nodes[i].cost = 0;
        b->nodes[i].tag = 0;
        b->next[i] = i + 1 < ncap ? (int32_t)(i + 1) : -1;
        b->prev[i] = i > b->cap ? (int32_t)(i - 1) : b->tail;
    }
    if (b->tail >= 0)
        b->next[b->tail] = (int32_t)b->cap;
    else
        b->head = (int32_t)b->cap;
    b->tail = (int32_t)(ncap - 1);
    b->cap = ncap;
    return 0;
}

/* A free slot that failed this often as the first label's place leaves the
 * free list (it stays free for other labels).  Without it, a wide alphabet
 * (a million random words over 20,000 characters) kept thousands of
 * hopeless slots at the head of the list and every placement walked them
 * all: quadratic.  With it each slot costs at most this many failed tries. */
#define MAX_FAILS 32
#define RETIRED (-2)
/* Exact first fit packs densest, and the default lexicon (350,000 words)
 * is built that way; from here on build time wins over a third more nodes. */
#define RETIRE_ABOVE 400000u

static void unlink_slot(builder *b, int32_t i)
{
    int32_t p = b->prev[i], n = b->next[i];
    if (p >= 0)
        b->next[p] = n;
    else
        b->head = n;
    if (n >= 0)
        b->prev[n] = p;
    else
        b->tail = p;
}

static void take(builder *b, int32_t i)
{
    if (b->next[i] != RETIRED) /* a retired slot is already off the list */
        unlink_slot(b, i);
    if ((uint32_t)i + 1 > b->used_end)
        b->used_end = (uint32_t)i + 1;
}

static int fits(const builder *b, int64_t base, const uint32_t *labels, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int64_t t = base + labels[k];
        if (t <= 0 || t > INT32_MAX)
            return 0;
        if ((size_t)t < b->cap && b->nodes[t].check != -1)
            return 0;
    }
    return 1;
}

/* Finds a base for the label set: the first free slot p with base =
 * p - labels[0] >= 0 and every other slot free.  (Skipping the dense front
 * for wide nodes, as darts does, builds no faster here and leaves the array
 * a third larger: a 12,000-character alphabet spreads children widely.) */
static int64_t find_base(builder *b, const uint32_t *labels, size_t n)
{
    int32_t p = b->head;
    while (p >= 0) {
        int64_t base = (int64_t)p - labels[0];
        if (base >= 0 && fits(b, base, labels, n))
            return base;
        int32_t next = b->next[p];
        /* In a big lexicon, a slot that keeps failing is retired. */
        if (base >= 0 && b->retire && ++b->fails[p] >= MAX_FAILS) {
            unlink_slot(b, p);
            b->next[p] = b->prev[p] = RETIRED;
        }
        p = next;
    }
    /* Past the end: everything there is free. */
    int64_t base = (int64_t)b->cap - labels[0];
    return base < 0 ? (int64_t)b->cap : base;
}

static uint32_t key_len(const builder *b, uint32_t k)
{
    return b->start[k + 1] - b->start[k];
}

static int heavier(const builder *b, const pending *x, const pending *y)
{
    if (b->depth_first)
        return x->seq > y->seq;
    return x->weight != y->weight ? x->weight > y->weight : x->seq < y->seq;
}

static int push(builder *b, int32_t slot, uint32_t lo, uint32_t hi, uint32_t depth)
{
    if (gt_grow_array((void **)&b->heap, &b->heap_cap, b->n_heap + 1, sizeof *b->heap) != 0)
        return -1;
    pending p = {b->wsum[hi] - b->wsum[lo], b->seq++, slot, lo, hi, depth};
    size_t i = b->n_heap++;
    while (i > 0 && heavier(b, &p, &b->heap[(i - 1) / 2])) {
        b->heap[i] = b->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    b->heap[i] = p;
    return 0;
}

static pending pop(builder *b)
{
    pending top = b->heap[0], last = b->heap[--b->n_heap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= b->n_heap)
            break;
        if (c + 1 < b->n_heap && heavier(b, &b->heap[c + 1], &b->heap[c]))
            c++;
        if (!heavier(b, &b->heap[c], &last))
            break;
        b->heap[i] = b->heap[c];
        i = c;
    }
    if (b->n_heap > 0)
        b->heap[i] = last;
    return top;
}

/* Places the children of node p.slot (keys lo..hi at depth) and queues
 * them. */
static int place_children(builder *b, pending p)
{
    int32_t s = p.slot;
    uint32_t lo = p.lo, hi = p.hi, depth = p.depth;
    /* The key that ends here (sorted first) makes s a word. */
    if (lo < hi && key_len(b, lo) == depth) {
        b->nodes[s].word = (int32_t)lo;
        lo++;
    }
    if (lo == hi) {
        b->nodes[s].base = -1; /* a leaf */
        return 0;
    }
    /* Collect the distinct labels of keys lo..hi at this depth. */
    size_t n = 0;
    for (uint32_t k = lo; k < hi; k++) {
        uint32_t label = b->keys[b->start[k] + depth];
        if (n > 0 && b->labels[n - 1] == label)
            continue;
        if (n + 1 > b->labels_cap) {
            size_t c1 = b->labels_cap, c2 = b->labels_cap;
            if (gt_grow_array((void **)&b->labels, &c1, n + 1, sizeof *b->labels) != 0 ||
                gt_grow_array((void **)&b->firsts, &c2, n + 1, sizeof *b->firsts) != 0)
                return -1;
            b->labels_cap = c1 < c2 ? c1 : c2;
        }
        b->labels[n] = label;
        b->firsts[n] = k;
        n++;
    }
    int64_t base = find_base(b, b->labels, n);
    int64_t top = base + b->labels[n - 1];
    if (top >= INT32_MAX || grow(b, (size_t)top + 1) != 0)
        return -1;
    b->nodes[s].base = (int32_t)base;
    for (size_t i = 0; i < n; i++) {
        int32_t t = (int32_t)(base + b->labels[i]);
        take(b, t);
        b->nodes[t].check = s;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = b->depth_first ? n - 1 - k : k; /* a stack pops the first label first */
        uint32_t last = i + 1 < n ? b->firsts[i + 1] : hi;
        if (push(b, (int32_t)(base + b->labels[i]), b->firsts[i], last, depth + 1) != 0)
            return -1;
    }
    return 0;
}

int gt_trie_build(const uint32_t *keys, const uint32_t *start, const uint32_t *weights,
                  uint32_t n, gt_da_node **nodes, uint32_t *n_nodes)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.head = b.tail = -1;
    b.keys = keys;
    b.start = start;
    *nodes = NULL;
    *n_nodes = 0;
    if (n >= (uint32_t)INT32_MAX)
        return -1;
    int rc = -1;
    uint64_t *wsum = malloc(((size_t)n + 1) * sizeof *wsum);
    if (!wsum || grow(&b, 1024) != 0)
        goto out;
    /* Every key weighs at least 1, so that among keys without frequency
     * the node with more words below it goes first. */
    wsum[0] = 0;
    for (uint32_t k = 0; k < n; k++)
        wsum[k + 1] = wsum[k] + (weights ? weights[k] : 0) + 1;
    b.wsum = wsum;
    b.depth_first = wsum[n] == n;
    b.retire = n > RETIRE_ABOVE;
    take(&b, 0); /* the root */
    b.nodes[0].check = -1;
    if (n > 0 && push(&b, 0, 0, n, 0) != 0)
        goto out;
    while (b.n_heap > 0)
        if (place_children(&b, pop(&b)) != 0)
            goto out;
    /* Trim the free tail; lookups check bounds against n_nodes. */
    uint32_t used = b.used_end ? b.used_end : 1;
    gt_da_node *shrunk = realloc(b.nodes, used * sizeof *shrunk);
    if (shrunk)
        b.nodes = shrunk;
    *nodes = b.nodes;
    *n_nodes = used;
    b.nodes = NULL;
    rc = 0;
out:
    free(wsum);
    free(b.nodes);
    free(b.next);
    free(b.prev);
    free(b.fails);
    free(b.labels);
    free(b.firsts);
    free(b.heap);
    return rc;
}

/* ---- enumeration ------------------------------------------------------- */

int gt_trie_each_word(const gt_trie *t, uint32_t max_chars,
                      int (*fn)(uint32_t word, const gt_da_node *node, const uint32_t *cps,
                                size_t n, void *ud),
                      void *ud)
{
    uint32_t buf[256];
    if (max_chars > 256)
        max_chars = 256;
    for (uint32_t u = 1; u < t->n_nodes; u++) {
        const gt_da_node *nu = &t->nodes[u];
        if (nu->word < 0 || (uint32_t)nu->word >= t->n_words || nu->check < 0 ||
            (uint32_t)nu->check >= t->n_nodes)
            continue;
        /* Climb to the root, filling buf from the end. */
        size_t len = 0;
        int ok = 1;
        int32_t s = (int32_t)u;
        while (s != 0) {
            int32_t p = t->nodes[s].check;
            if (p < 0 || (uint32_t)p >= t->n_nodes || len >= max_chars) {
                ok = 0;
                break;
            }
            int64_t label = (int64_t)s - t->nodes[p].base;
            if (t->nodes[p].base < 0 || label < 1 || label > t->n_chars) {
                ok = 0;
                break;
            }
            buf[max_chars - 1 - len++] = t->alphabet[label - 1];
            s = p;
        }
        if (!ok || len == 0)
            continue;
        int r = fn((uint32_t)nu->word, nu, buf + max_chars - len, len, ud);
        if (r)
            return r;
    }
    return 0;
}
