/* Word sets and the layers built from them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "segment/lexicon.h"
#include "segment/script_fold.h"

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void gt_wordset_init(gt_wordset *ws)
{
    memset(ws, 0, sizeof *ws);
}

void gt_wordset_release(gt_wordset *ws)
{
    free(ws->arena);
    free(ws->e);
    free(ws->table);
    free(ws->tags);
    memset(ws, 0, sizeof *ws);
}

static long lookup(const gt_wordset *ws, const char *word, size_t len, uint32_t h, size_t *slot)
{
    if (ws->table_cap == 0) {
        *slot = 0;
        return -1;
    }
    size_t mask = ws->table_cap - 1, i = h & mask;
    for (;;) {
        uint32_t v = ws->table[i];
        if (v == 0) {
            *slot = i;
            return -1;
        }
        const struct gt_ws_entry *e = &ws->e[v - 1];
        if (e->hash == h && e->len == len && memcmp(ws->arena + e->off, word, len) == 0) {
            *slot = i;
            return (long)(v - 1);
        }
        i = (i + 1) & mask;
    }
}

long gt_wordset_find(const gt_wordset *ws, const char *word, size_t len)
{
    size_t slot;
    return lookup(ws, word, len, hash_bytes(word, len), &slot);
}

static int rehash(gt_wordset *ws)
{
    size_t ncap = ws->table_cap ? ws->table_cap * 2 : 1024;
    uint32_t *t = calloc(ncap, sizeof *t);
    if (!t)
        return -1;
    for (size_t k = 0; k < ws->n; k++) {
        size_t i = ws->e[k].hash & (ncap - 1);
        while (t[i])
            i = (i + 1) & (ncap - 1);
        t[i] = (uint32_t)k + 1;
    }
    free(ws->table);
    ws->table = t;
    ws->table_cap = ncap;
    return 0;
}

static uint32_t tag_index(gt_wordset *ws, const char *tag)
{
    if (!tag || !tag[0])
        return 0;
    for (size_t i = 0; i < ws->n_tags; i++)
        if (strcmp(ws->tags[i], tag) == 0)
            return (uint32_t)i + 1;
    if (ws->n_tags >= 0xFFFE)
        return 0;
    if (gt_grow_array((void **)&ws->tags, &ws->cap_tags, ws->n_tags + 1, sizeof *ws->tags) != 0)
        return UINT32_MAX;
    gt_tag_copy(ws->tags[ws->n_tags], tag);
    return (uint32_t)++ws->n_tags;
}

int gt_wordset_put(gt_wordset *ws, const char *word, size_t len, uint32_t freq, const char *tag)
{
    if (len == 0 || len > UINT32_MAX / 2)
        return -1;
    uint32_t t = tag_index(ws, tag);
    if (t == UINT32_MAX)
        return -1;
    uint32_t h = hash_bytes(word, len);
    size_t slot;
    long k = lookup(ws, word, len, h, &slot);
    if (k >= 0) {
        ws->e[k].freq = freq;
        ws->e[k].tag = t;
        return 0;
    }
    if ((ws->n + 1) * 2 > ws->table_cap) {
        if (rehash(ws) != 0)
            return -1;
        lookup(ws, word, len, h, &slot);
    }
    if (ws->arena_len + len > UINT32_MAX)
        return -1;
    if (gt_grow_array((void **)&ws->arena, &ws->arena_cap, ws->arena_len + len, 1) != 0 ||
        gt_grow_array((void **)&ws->e, &ws->cap, ws->n + 1, sizeof *ws->e) != 0)
        return -1;
    memcpy(ws->arena + ws->arena_len, word, len);
    struct gt_ws_entry *e = &ws->e[ws->n];
    e->off = (uint32_t)ws->arena_len;
    e->len = (uint32_t)len;
    e->freq = freq;
    e->tag = t;
    e->hash = h;
    ws->arena_len += len;
    ws->table[slot] = (uint32_t)++ws->n;
    return 0;
}

/* ---- wordset -> layer -------------------------------------------------- */

/* A key carries its own pointer, because qsort has no context argument. */
typedef struct key_ref {
    const uint32_t *ids;
    uint32_t len;
    uint32_t entry;
} key_ref;

static int cmp_keys(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    for (uint32_t i = 0; i < n; i++)
        if (x->ids[i] != y->ids[i])
            return x->ids[i] < y->ids[i] ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct char_count {
    uint32_t cp;
    uint32_t count;
} char_count;

static int cmp_chars_by_count(const void *a, const void *b)
{
    const char_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static uint16_t quantize_cost(uint64_t total, uint32_t freq)
{
    if (freq == 0)
        return GT_COST_NONE;
    double c = log((double)total / (double)freq) * GT_COST_SCALE;
    if (c < 0)
        c = 0;
    if (c > GT_COST_NONE - 1)
        c = GT_COST_NONE - 1;
    return (uint16_t)(c + 0.5);
}

int gt_wordset_to_layer(const gt_wordset *ws, gt_layer *out)
{
    memset(out, 0, sizeof *out);
    int rc = -1;
    size_t n = ws->n;
    uint32_t *cps = NULL, *start = NULL, *ids = NULL, *sorted_start = NULL;
    key_ref *refs = NULL;
    char_count *counts = NULL;
    uint32_t *alphabet = NULL;
    gt_lex_word *words = NULL;
    char(*tags)[GT_TAG_MAX] = NULL;
    gt_da_node *nodes = NULL;
    uint32_t n_nodes = 0;

    /* 1. Decode every word into code points. */
    size_t total_chars = 0;
    start = malloc((n + 1) * sizeof *start);
    cps = malloc((ws->arena_len + 1) * sizeof *cps);
    if (!start || !cps)
        goto out;
    uint32_t max_chars = 0;
    for (size_t k = 0; k < n; k++) {
        const struct gt_ws_entry *e = &ws->e[k];
        start[k] = (uint32_t)total_chars;
        for (size_t i = 0; i < e->len;) {
            uint32_t cp;
            i += gt_utf8_next(ws->arena + e->off, e->len, i, &cp);
            cps[total_chars++] = cp;
        }
        uint32_t nc = (uint32_t)(total_chars - start[k]);
        if (nc > max_chars)
            max_chars = nc;
    }
    start[n] = (uint32_t)total_chars;

    /* 2. The alphabet, most frequent characters first. */
    uint32_t n_chars = 0;
    {
        uint32_t *sorted = malloc((total_chars + 1) * sizeof *sorted);
        if (!sorted)
            goto out;
        memcpy(sorted, cps, total_chars * sizeof *sorted);
        /* Sorting the code points groups equal ones. */
        qsort(sorted, total_chars, sizeof *sorted, cmp_u32);
        counts = malloc((total_chars + 1) * sizeof *counts);
        if (!counts) {
            free(sorted);
            goto out;
        }
        for (size_t i = 0; i < total_chars;) {
            size_t j = i;
            while (j < total_chars && sorted[j] == sorted[i])
                j++;
            counts[n_chars].cp = sorted[i];
            counts[n_chars].count = (uint32_t)(j - i);
            n_chars++;
            i = j;
        }
        free(sorted);
        qsort(counts, n_chars, sizeof *counts, cmp_chars_by_count);
        alphabet = malloc((n_chars + 1) * sizeof *alphabet);
        if (!alphabet)
            goto out;
        for (uint32_t i = 0; i < n_chars; i++)
            alphabet[i] = counts[i].cp;
    }
    out->trie.alphabet = alphabet;
    out->trie.n_chars = n_chars;
    if (gt_trie_init_charmap(&out->trie) != 0)
        goto out;

    /* 3. Keys as id sequences, sorted. */
    ids = malloc((total_chars + 1) * sizeof *ids);
    refs = malloc((n + 1) * sizeof *refs);
    if (!ids || !refs)
        goto out;
    for (size_t i = 0; i < total_chars; i++)
        ids[i] = gt_trie_char_id(&out->trie, cps[i]);
    for (size_t k = 0; k < n; k++) {
        refs[k].ids = ids + start[k];
        refs[k].len = start[k + 1] - start[k];
        refs[k].entry = (uint32_t)k;
    }
    qsort(refs, n, sizeof *refs, cmp_keys);
    /* Flatten in sorted order for the builder. */
    sorted_start = malloc((n + 1) * sizeof *sorted_start);
    uint32_t *flat = malloc((total_chars + 1) * sizeof *flat);
    if (!sorted_start || !flat) {
        free(flat);
        goto out;
    }
    size_t pos = 0;
    for (size_t k = 0; k < n; k++) {
        sorted_start[k] = (uint32_t)pos;
        memcpy(flat + pos, refs[k].ids, refs[k].len * sizeof *flat);
        pos += refs[k].len;
    }
    sorted_start[n] = (uint32_t)pos;
    /* The words' frequencies, in key order, say where nodes go. */
    uint32_t *weights = malloc((n + 1) * sizeof *weights);
    if (!weights) {
        free(flat);
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        weights[k] = ws->e[refs[k].entry].freq;
    int brc = gt_trie_build(flat, sorted_start, weights, (uint32_t)n, &nodes, &n_nodes);
    free(weights);
    free(flat);
    if (brc != 0)
        goto out;

    /* 4. Word records in key order. */
    uint64_t total = 0;
    for (size_t k = 0; k < n; k++) {
        total += ws->e[k].freq;
        out->freqless |= ws->e[k].freq == 0;
    }
    words = malloc((n + 1) * sizeof *words);
    tags = calloc(ws->n_tags + 1, sizeof *tags);
    if (!words || !tags)
        goto out;
    for (size_t k = 0; k < n; k++) {
        const struct gt_ws_entry *e = &ws->e[refs[k].entry];
        words[k].freq = e->freq;
        words[k].cost = quantize_cost(total, e->freq);
        words[k].tag = (uint16_t)e->tag;
    }
    /* Each word's node carries its cost and tag (trie.h). */
    for (uint32_t i = 0; i < n_nodes; i++) {
        int32_t w = nodes[i].word;
        if (w >= 0 && (size_t)w < n) {
            nodes[i].cost = words[w].cost;
            nodes[i].tag = words[w].tag;
        }
    }
    if (ws->n_tags)
        memcpy(tags, ws->tags, ws->n_tags * sizeof *tags);

    /* Only now: the keys above were read through the plain map. */
    if (gt_trie_fold_script(&out->trie) != 0)
        goto out;
    out->trie.nodes = nodes;
    out->trie.n_nodes = n_nodes;
    out->trie.n_words = (uint32_t)n;
    out->words = words;
    out->total = total;
    out->max_chars = max_chars;
    out->n_tags = (uint32_t)ws->n_tags;
    out->tags = (const char(*)[GT_TAG_MAX])tags;
    out->heap[0] = nodes;
    out->heap[1] = alphabet;
    out->heap[2] = words;
    out->heap[3] = tags;
    nodes = NULL;
    alphabet = NULL;
    words = NULL;
    tags = NULL;
    rc = 0;
out:
    if (rc != 0)
        gt_trie_release_charmap(&out->trie);
    free(nodes);
    free(alphabet);
    free(words);
    free(tags);
    free(cps);
    free(start);
    free(ids);
    free(refs);
    free(sorted_start);
    free(counts);
    return rc;
}

/* ---- layer -> wordset --------------------------------------------------- */

typedef struct add_ctx {
    gt_wordset *ws;
    const gt_layer *L;
    char buf[GT_LEX_MAX_CHARS * 4 + 4];
} add_ctx;

static int add_word(uint32_t w, const gt_da_node *node, const uint32_t *cps, size_t n, void *ud)
{
    (void)node;
    add_ctx *c = ud;
    size_t len = 0;
    for (size_t i = 0; i < n && i < GT_LEX_MAX_CHARS; i++)
        len += gt_utf8_encode(cps[i], c->buf + len);
    const gt_lex_word *rec = &c->L->words[w];
    const char *tag = rec->tag >= 1 && rec->tag <= c->L->n_tags ? c->L->tags[rec->tag - 1] : NULL;
    char tagbuf[GT_TAG_MAX];
    if (tag) {
        memcpy(tagbuf, tag, GT_TAG_MAX);
        tagbuf[GT_TAG_MAX - 1] = '\0';
        tag = tagbuf;
    }
    return gt_wordset_put(c->ws, c->buf, len, rec->freq, tag) != 0 ? -1 : 0;
}

int gt_wordset_add_layer(gt_wordset *ws, const gt_layer *L)
{
    add_ctx c;
    c.ws = ws;
    c.L = L;
    return gt_trie_each_word(&L->trie, GT_LEX_MAX_CHARS, add_word, &c) != 0 ? -1 : 0;
}
