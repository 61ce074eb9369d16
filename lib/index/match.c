/* A string of two or more characters is a chain of pairs at fixed
 * distances: the documents in every pair's list (a leapfrog intersection,
 * rarest list first), then the positions where all the pairs line up.  A
 * character before white space pairs with an end marker, so "依法 治国" is
 * the chain 依法 法·end 治国 with the gap counted (each white-space character
 * of a phrase is one position).  A lone last character after white space
 * has no pair of its own; the few documents that pass the rest are checked
 * in their text.  A single character is the union of the pairs it begins
 * (one key range). */
#include "index/match.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "index/chars.h"
#include "index/varint.h"

void gt_match_scratch_release(gt_match_scratch *s)
{
    free(s->cand);
    free(s->tmp);
    free(s->pos);
    free(s->dense);
    free(s->text.data);
    memset(s, 0, sizeof *s);
}

int gt_hits_push(gt_hits *h, uint32_t doc, uint32_t occ)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        gt_hitrec *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (gt_hitrec){doc, occ, 0.0};
    return 0;
}

/* A cursor over one pair's postings. */
typedef struct cursor {
    gt_postings p;
    const unsigned char *d, *pos;
    uint64_t read;   /* documents decoded */
    uint64_t doc;    /* current document */
    uint64_t tf;
    uint64_t skip;   /* position varints to skip before the current doc's */
    int loaded;      /* the current doc's positions were read */
    uint32_t offset; /* the pair's place in the pattern */
    uint64_t ndocs;
} cursor;

/* 1 = moved to the next document, 0 = at the end, -1 = damaged. */
static int next(cursor *c)
{
    if (c->read == c->p.df)
        return 0;
    if (c->read > 0 && !c->loaded)
        c->skip += c->tf;
    uint64_t delta, tf;
    if (gt_doc_get(&c->d, c->p.docs_end, &delta, &tf) || delta == 0)
        return -1;
    c->doc = c->read == 0 ? delta - 1 : c->doc + delta;
    if (c->doc >= c->ndocs)
        return -1;
    c->tf = tf;
    c->read++;
    c->loaded = 0;
    return 1;
}

static int advance(cursor *c, uint64_t target)
{
    while (c->doc < target) {
        int r = next(c);
        if (r <= 0)
            return r;
    }
    return 1;
}

static int grow(uint32_t **a, size_t *cap, size_t need)
{
    return gt_grow_array((void **)a, cap, need, sizeof **a);
}

/* Reads the current document's positions into s->pos (absolute). */
static int load_positions(cursor *c, gt_match_scratch *s)
{
    if (gt_varint_skip(&c->pos, c->p.pos_end, c->skip))
        return -1;
    c->skip = 0;
    if (grow(&s->pos, &s->pos_cap, (size_t)c->tf))
        return -2;
    uint64_t at = 0;
    for (uint64_t i = 0; i < c->tf; i++) {
        uint64_t delta;
        if (gt_varint_get(&c->pos, c->p.pos_end, &delta))
            return -1;
        at = i == 0 ? delta : at + delta;
        if (at > UINT32_MAX || (i > 0 && delta == 0))
            return -1;
        s->pos[i] = (uint32_t)at;
    }
    c->loaded = 1;
    return 0;
}

typedef struct pair_ref {
    uint64_t key;
    uint32_t offset;
    gt_postings p;
} pair_ref;

static int cmp_df(const void *a, const void *b)
{
    const pair_ref *x = a, *y = b;
    return (x->p.df > y->p.df) - (x->p.df < y->p.df);
}

static govtext_status single_char(const govtext_index *idx, uint32_t c, gt_match_scratch *s,
                                  gt_hits *out)
{
    gt_pair_iter it;
    uint64_t last = gt_pair_key(c, 0x1FFFFF);
    int more = gt_idx_pair_seek(idx, gt_pair_key(c, 0), &it); /* the whole range of c */
    if (more < 0)
        return GOVTEXT_ERR_CORRUPT;
    if (more == 0 || it.key > last)
        return GOVTEXT_OK;
    if (s->dense_cap < idx->ndocs) {
        free(s->dense);
        s->dense = calloc((size_t)idx->ndocs, sizeof *s->dense);
        if (!s->dense) {
            s->dense_cap = 0;
            return GOVTEXT_ERR_NOMEM;
        }
        s->dense_cap = (size_t)idx->ndocs;
    }
    govtext_status st = GOVTEXT_OK;
    for (; more > 0 && it.key <= last && st == GOVTEXT_OK; more = gt_idx_pair_next(&it)) {
        cursor cu;
        memset(&cu, 0, sizeof cu);
        cu.ndocs = idx->ndocs;
        if (gt_idx_pair_iter_postings(&it, &cu.p)) {
            st = GOVTEXT_ERR_CORRUPT;
            break;
        }
        cu.d = cu.p.docs;
        int r;
        while ((r = next(&cu)) > 0) {
            uint64_t v = (uint64_t)s->dense[cu.doc] + cu.tf;
            s->dense[cu.doc] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
        }
        if (r < 0)
            st = GOVTEXT_ERR_CORRUPT;
    }
    if (more < 0)
        st = GOVTEXT_ERR_CORRUPT;
    /* Collect in document order, clearing the counters for the next use. */
    for (uint64_t d = 0; d < idx->ndocs; d++) {
        if (!s->dense[d])
            continue;
        if (st == GOVTEXT_OK && gt_hits_push(out, (uint32_t)d, s->dense[d]))
            st = GOVTEXT_ERR_NOMEM;
        s->dense[d] = 0;
    }
    return st;
}

/* The pairs of a pattern and their offsets; *verify when a lone last
 * character needs a look at the text. */
static size_t pattern_pairs(const uint32_t *pat, size_t n, pair_ref *refs, int *verify)
{
    size_t k = 0;
    *verify = 0;
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == GT_IDX_GAP)
            continue;
        if (i + 1 < n) {
            refs[k].key =
                gt_pair_key(pat[i], pat[i + 1] == GT_IDX_GAP ? GT_PAIR_END : pat[i + 1]);
            refs[k++].offset = (uint32_t)i;
        } else if (i == 0 || pat[i - 1] == GT_IDX_GAP) {
            *verify = 1; /* a last character standing alone */
        }
    }
    return k;
}

/* Keeps the candidate starts c for which c + off is a position in pos. */
static size_t filter(uint32_t *cand, size_t n, const uint32_t *pos, size_t npos, uint32_t off)
{
    size_t k = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t want = (uint64_t)cand[i] + off;
        while (j < npos && pos[j] < want)
            j++;
        if (j < npos && pos[j] == want)
            cand[k++] = cand[i];
    }
    return k;
}

/* Occurrences in the current document (all cursors on it); <0 on error. */
static int64_t occurrences(const govtext_index *idx, cursor *cs, size_t nc, int verify,
                           const uint32_t *pat, size_t npat, gt_match_scratch *s)
{
    if (nc == 1 && !verify && cs[0].offset == 0)
        return (int64_t)cs[0].tf; /* a two-character string: its pair's count */
    int r = load_positions(&cs[0], s);
    if (r)
        return r;
    if (grow(&s->cand, &s->cand_cap, (size_t)cs[0].tf))
        return -2;
    size_t n = 0;
    for (uint64_t i = 0; i < cs[0].tf; i++)
        if (s->pos[i] >= cs[0].offset)
            s->cand[n++] = s->pos[i] - cs[0].offset;
    for (size_t k = 1; k < nc && n > 0; k++) {
        if ((r = load_positions(&cs[k], s)))
            return r;
        n = filter(s->cand, n, s->pos, (size_t)cs[k].tf, cs[k].offset);
    }
    if (n == 0 || !verify)
        return (int64_t)n;
    if ((r = gt_idx_load_text(idx, cs[0].doc, &s->text)))
        return r;
    return (int64_t)gt_idx_text_matches(s->text.data, s->text.len, pat, npat, UINT64_MAX, NULL,
                                        NULL);
}

govtext_status gt_match_string(const govtext_index *idx, const uint32_t *pat, size_t npat,
                               gt_match_scratch *s, gt_hits *out)
{
    out->n = 0;
    if (npat == 0)
        return GOVTEXT_OK;
    if (npat == 1)
        return single_char(idx, pat[0], s, out);
    pair_ref *refs = malloc(npat * sizeof *refs);
    cursor *cs = malloc(npat * sizeof *cs);
    govtext_status st = GOVTEXT_OK;
    if (!refs || !cs) {
        st = GOVTEXT_ERR_NOMEM;
        goto done;
    }
    int verify;
    size_t nc = pattern_pairs(pat, npat, refs, &verify);
    for (size_t i = 0; i < nc; i++) {
        int f = gt_idx_pair_find(idx, refs[i].key, &refs[i].p);
        if (f < 0) {
            st = GOVTEXT_ERR_CORRUPT;
            goto done;
        }
        if (f == 0)
            goto done; /* a pair that occurs nowhere: no document */
    }
    qsort(refs, nc, sizeof *refs, cmp_df);
    for (size_t i = 0; i < nc; i++) {
        cursor *c = &cs[i];
        memset(c, 0, sizeof *c);
        c->p = refs[i].p;
        c->d = c->p.docs;
        c->pos = c->p.pos;
        c->offset = refs[i].offset;
        c->ndocs = idx->ndocs;
    }
    int r = next(&cs[0]);
    for (size_t i = 1; i < nc && r > 0; i++)
        r = next(&cs[i]);
    uint64_t target = cs[0].doc;
    while (r > 0) {
        size_t k;
        for (k = 0; k < nc; k++) {
            r = advance(&cs[k], target);
            if (r <= 0)
                break;
            if (cs[k].doc > target) {
                target = cs[k].doc;
                break;
            }
        }
        if (r <= 0)
            break;
        if (k < nc)
            continue; /* someone jumped ahead: realign everyone */
        int64_t occ = occurrences(idx, cs, nc, verify, pat, npat, s);
        if (occ < 0) {
            st = occ == -2 ? GOVTEXT_ERR_NOMEM : GOVTEXT_ERR_CORRUPT;
            goto done;
        }
        if (occ > 0 && gt_hits_push(out, (uint32_t)target, occ > UINT32_MAX ? UINT32_MAX
                                                                           : (uint32_t)occ)) {
            st = GOVTEXT_ERR_NOMEM;
            goto done;
        }
        r = next(&cs[0]);
        target = cs[0].doc;
    }
    if (r < 0)
        st = GOVTEXT_ERR_CORRUPT;
done:
    free(refs);
    free(cs);
    return st;
}

govtext_status gt_match_word(const govtext_index *idx, const char *w, size_t len, gt_hits *out)
{
    out->n = 0;
    int64_t slot = gt_idx_find_word(idx, w, len);
    if (slot < 0)
        return GOVTEXT_OK;
    cursor c;
    memset(&c, 0, sizeof c);
    c.ndocs = idx->ndocs;
    if (gt_idx_word_postings(idx, (uint64_t)slot, &c.p))
        return GOVTEXT_ERR_CORRUPT;
    c.d = c.p.docs;
    int r;
    while ((r = next(&c)) > 0)
        if (gt_hits_push(out, (uint32_t)c.doc, c.tf > UINT32_MAX ? UINT32_MAX : (uint32_t)c.tf))
            return GOVTEXT_ERR_NOMEM;
    return r < 0 ? GOVTEXT_ERR_CORRUPT : GOVTEXT_OK;
}
