/* Reading text of the other script through a layer's character map
 * (script_fold.h). */
#include "segment/script_fold.h"

#include <stdlib.h>

#include "repair/script_tables.h"

/* Every character of d's BMP pages and supplement that has an entry. */
static int each_entry(const gt_script_dir *d, int (*fn)(uint32_t cp, uint32_t e, void *ud),
                      void *ud)
{
    for (uint32_t hi = 0; hi < 256; hi++) {
        if (d->index[hi] == 0)
            continue;
        const uint32_t *page = d->pages[d->index[hi]];
        for (uint32_t lo = 0; lo < 256; lo++)
            if (page[lo] != 0) {
                int rc = fn(hi << 8 | lo, page[lo], ud);
                if (rc)
                    return rc;
            }
    }
    for (size_t i = 0; i < d->sup_n; i++) {
        int rc = fn(d->sup[i].cp, d->sup[i].entry, ud);
        if (rc)
            return rc;
    }
    return 0;
}

/* How many characters of the alphabet belong to one script alone. */
typedef struct script_count {
    const gt_trie *t;
    size_t s_only, t_only;
} script_count;

static int count_only(uint32_t cp, uint32_t e, void *ud)
{
    script_count *c = ud;
    if ((e & (GT_SCRIPT_F_SONLY | GT_SCRIPT_F_TONLY)) && gt_trie_char_id(c->t, cp) != 0) {
        c->s_only += (e & GT_SCRIPT_F_SONLY) != 0;
        c->t_only += (e & GT_SCRIPT_F_TONLY) != 0;
    }
    return 0;
}

typedef struct fold_ctx {
    const gt_trie *t;
    uint32_t only;        /* the flag of the other script's characters */
    uint32_t (*pairs)[2]; /* code point -> id to add */
    size_t n_pairs, cap_pairs;
} fold_ctx;

static int collect(uint32_t cp, uint32_t e, void *ud)
{
    fold_ctx *c = ud;
    /* Every flag is in the t2s table; a simplified character's usual
     * traditional form is in s2t. */
    uint32_t target = (c->only == GT_SCRIPT_F_SONLY ? gt_script_entry(&gt_script_s2t, cp) : e) &
                      GT_SCRIPT_CP_MASK;
    if (!(e & c->only) || target == 0 || target >= 0x110000 || cp >= 0x110000)
        return 0;
    uint32_t id = gt_trie_char_id(c->t, target);
    if (id == 0 || gt_trie_char_id(c->t, cp) == id)
        return 0;
    if (c->n_pairs == c->cap_pairs) {
        size_t cap = c->cap_pairs ? 2 * c->cap_pairs : 1024;
        void *p = realloc(c->pairs, cap * sizeof *c->pairs);
        if (!p)
            return -1;
        c->pairs = p;
        c->cap_pairs = cap;
    }
    c->pairs[c->n_pairs][0] = cp;
    c->pairs[c->n_pairs][1] = id;
    c->n_pairs++;
    return 0;
}

int gt_trie_fold_script(gt_trie *t)
{
    if (!t->page_of || t->n_chars == 0)
        return 0;
    /* The layer's script: the one more of its characters belong to alone
     * (every flag is in the t2s table). */
    script_count n = {t, 0, 0};
    each_entry(&gt_script_t2s, count_only, &n);
    if (n.s_only == n.t_only)
        return 0; /* no script to lean to (no Han at all, say) */
    int simplified = n.s_only > n.t_only;
    fold_ctx c = {t, simplified ? GT_SCRIPT_F_TONLY : GT_SCRIPT_F_SONLY, NULL, 0, 0};
    if (each_entry(&gt_script_t2s, collect, &c) != 0) {
        free(c.pairs);
        return -1;
    }
    if (c.n_pairs == 0)
        return 0;

    /* New pages go after the ones in use; page numbers already given stay. */
    uint32_t n_pages = 0;
    for (uint32_t p = 0; p < 0x1100; p++)
        if (t->page_of[p] > n_pages)
            n_pages = t->page_of[p];
    n_pages++;
    uint32_t more = 0;
    for (size_t i = 0; i < c.n_pairs; i++) {
        uint32_t p = c.pairs[i][0] >> 8;
        if (t->page_of[p] == 0) {
            if (n_pages + more >= 0xFFFF) {
                free(c.pairs);
                return -1;
            }
            t->page_of[p] = (uint16_t)(n_pages + more++);
        }
    }
    if (more) {
        uint32_t *ids = realloc(t->page_ids, (size_t)(n_pages + more) * 256 * sizeof *ids);
        if (!ids) {
            /* Undo the page numbers that have no page behind them. */
            for (uint32_t p = 0; p < 0x1100; p++)
                if (t->page_of[p] >= n_pages)
                    t->page_of[p] = 0;
            free(c.pairs);
            return -1;
        }
        for (size_t k = (size_t)n_pages * 256; k < (size_t)(n_pages + more) * 256; k++)
            ids[k] = 0;
        t->page_ids = ids;
    }
    for (size_t i = 0; i < c.n_pairs; i++) {
        uint32_t cp = c.pairs[i][0];
        t->page_ids[((uint32_t)t->page_of[cp >> 8] << 8) | (cp & 0xFF)] = c.pairs[i][1];
    }
    free(c.pairs);
    return 0;
}
