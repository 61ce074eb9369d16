/* Lookups in the generated mask model and the context counting that the
 * collection shares with the mask pass. */
#include "repair/mask_lm.h"

#include <stdlib.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "repair/mask_model.h"

#define QMASK ((1u << GT_MASK_Q_BITS) - 1u)

uint32_t gt_mask_char_index(uint32_t cp)
{
    size_t lo = 0, hi = gt_mask_nchars;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gt_mask_chars[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < gt_mask_nchars && gt_mask_chars[lo] == cp ? (uint32_t)lo + 1 : 0;
}

uint32_t gt_mask_char_freq(uint32_t cp)
{
    uint32_t i = gt_mask_char_index(cp);
    return i ? gt_mask_char_count[i - 1] : 0;
}

long gt_mask_word_find(const char *s, size_t n)
{
    return gt_mask_word_find_hashed(gt_hbytes(s, n, 0), s, n);
}

long gt_mask_word_find_hashed(uint64_t h, const char *s, size_t n)
{
    size_t lo = 0, hi = gt_mask_nwords;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gt_mask_word_hash[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= gt_mask_nwords || gt_mask_word_hash[lo] != h)
        return -1;
    /* The generator checked that the words' hashes are distinct; a text
     * string with the same hash as a word is told apart by its bytes. */
    size_t wl = gt_mask_word_off[lo + 1] - gt_mask_word_off[lo];
    const char *w = gt_mask_word_text + gt_mask_word_off[lo];
    if (wl != n)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (w[i] != s[i])
            return -1;
    return (long)lo;
}

const char *gt_mask_word(uint32_t id, size_t *len)
{
    *len = gt_mask_word_off[id + 1] - gt_mask_word_off[id];
    return gt_mask_word_text + gt_mask_word_off[id];
}

/* The count of the entry of v[lo, hi) whose key (entry >> Q_BITS) is key,
 * or 0. */
static uint32_t lookup(const uint32_t *v, size_t lo, size_t hi, uint32_t key)
{
    size_t a = lo, b = hi;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if ((v[mid] >> GT_MASK_Q_BITS) < key)
            a = mid + 1;
        else
            b = mid;
    }
    if (a < hi && (v[a] >> GT_MASK_Q_BITS) == key)
        return gt_mask_qcount[v[a] & QMASK];
    return 0;
}

void gt_mask_words_beside(uint32_t cp, int left, uint32_t *first, uint32_t *end)
{
    const uint32_t *v = left ? gt_mask_l1 : gt_mask_r1;
    size_t n = left ? gt_mask_n_l1 : gt_mask_n_r1;
    uint32_t c = gt_mask_char_index(cp);
    *first = *end = 0;
    if (!c)
        return;
    /* entries of character c: keys in [c << WORD_BITS, (c + 1) << WORD_BITS) */
    uint32_t shift = GT_MASK_WORD_BITS + GT_MASK_Q_BITS;
    size_t a = 0, b = n;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if ((v[mid] >> shift) < c)
            a = mid + 1;
        else
            b = mid;
    }
    size_t e = a;
    b = n;
    while (e < b) {
        size_t mid = e + (b - e) / 2;
        if ((v[mid] >> shift) <= c)
            e = mid + 1;
        else
            b = mid;
    }
    *first = (uint32_t)a;
    *end = (uint32_t)e;
}

void gt_mask_side_init(gt_mask_side *s, int left, uint32_t near_cp, uint32_t far_cp)
{
    s->left = left;
    s->near = gt_mask_char_index(near_cp);
    s->far = gt_mask_char_index(far_cp);
    gt_mask_words_beside(near_cp, left, &s->first, &s->end);
}

/* The near character's entries are all its l1 / r1 entries, so the search
 * can stay inside them. */
uint32_t gt_mask_side_count1(const gt_mask_side *s, uint32_t w)
{
    if (!s->near || w >= gt_mask_nwords)
        return 0;
    return lookup(s->left ? gt_mask_l1 : gt_mask_r1, s->first, s->end,
                  (s->near << GT_MASK_WORD_BITS) | w);
}

uint32_t gt_mask_side_count2(const gt_mask_side *s, uint32_t w)
{
    if (!s->near || !s->far || w >= gt_mask_nwords)
        return 0;
    const uint32_t *v = s->left ? gt_mask_l2 : gt_mask_r2;
    const uint32_t *off = s->left ? gt_mask_l2_off : gt_mask_r2_off;
    return lookup(v, off[w], off[w + 1], (s->near << GT_MASK_CHAR_BITS) | s->far);
}

uint32_t gt_mask_entry_word(uint32_t e)
{
    return (e >> GT_MASK_Q_BITS) & ((1u << GT_MASK_WORD_BITS) - 1u);
}

uint64_t gt_mask_ctx_key(unsigned kind, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
                         uint32_t w)
{
    uint64_t h = gt_hmix(((uint64_t)kind << 32) ^ w);
    h = gt_hmix(h ^ (((uint64_t)a << 32) | b));
    h = gt_hmix(h ^ (((uint64_t)c << 32) | d) ^ 0x9e3779b97f4a7c15ull);
    return gt_hkey(h);
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* Counts key; once the map holds max keys, only keys it has are counted. */
static int bump(gt_hmap *map, uint64_t key, size_t max)
{
    uint32_t *v = map->n < max ? gt_hmap_get(map, key) : gt_hmap_find(map, key);
    if (!v)
        return map->n < max ? -1 : 0;
    if (*v < UINT32_MAX)
        (*v)++;
    return 0;
}

int gt_mask_collect(const char *text, size_t len, gt_hmap *map, size_t max)
{
    uint32_t *cp = NULL;
    size_t *off = NULL, cap = 0, cap2 = 0;
    int rc = -1;
    for (size_t ls = 0; ls < len;) {
        size_t le = ls;
        while (le < len && text[le] != '\n')
            le++;
        /* the line's code points and their byte offsets (+1 for the end) */
        size_t n = 0;
        for (size_t i = ls; i < le; n++) {
            void *p = cp, *q = off;
            if (gt_grow_array(&p, &cap, n + 2, sizeof *cp) != 0)
                goto done;
            cp = p;
            if (gt_grow_array(&q, &cap2, n + 2, sizeof *off) != 0)
                goto done;
            off = q;
            off[n] = i;
            i += gt_utf8_next(text, le, i, &cp[n]);
        }
        if (n > 0)
            off[n] = le;
        for (size_t i = 0; i < n; i++) {
            if (!is_han(cp[i]))
                continue;
            for (size_t j = i + GT_MASK_WORD_MIN; j <= n && j <= i + GT_MASK_WORD_MAX; j++) {
                if (!is_han(cp[j - 1]))
                    break;
                long w = gt_mask_word_find(text + off[i], off[j] - off[i]);
                if (w < 0)
                    continue;
                uint32_t id = (uint32_t)w;
                uint32_t l1 = i > 0 ? cp[i - 1] : '\n';
                uint32_t r1 = j < n ? cp[j] : '\n';
                if (bump(map, gt_mask_ctx_key(GT_MCTX_WORD, 0, 0, 0, 0, id), max) != 0 ||
                    bump(map, gt_mask_ctx_key(GT_MCTX_L1, l1, 0, 0, 0, id), max) != 0 ||
                    bump(map, gt_mask_ctx_key(GT_MCTX_R1, r1, 0, 0, 0, id), max) != 0)
                    goto done;
                /* the sandwich: two characters either side, both on the line */
                if (i >= 2 && j + 2 <= n &&
                    bump(map, gt_mask_ctx_key(GT_MCTX_SANDWICH, cp[i - 2], l1, r1, cp[j + 1], id),
                         max) != 0)
                    goto done;
            }
        }
        ls = le < len ? le + 1 : len;
    }
    rc = 0;
done:
    free(cp);
    free(off);
    return rc;
}
