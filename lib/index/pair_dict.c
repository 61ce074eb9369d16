/* The pair dictionary (format.h, gt_idx_pblock): a binary search over the
 * blocks' first keys, then a walk of at most 64 delta-coded entries.  The
 * whole dictionary is checked once at open; the walk still bounds-checks
 * every varint, so a damaged entry is an error, never a bad read. */
#include "index/index.h"
#include "index/varint.h"

static uint32_t block_size(const govtext_index *idx, uint64_t b)
{
    uint64_t left = idx->npairs - b * GT_IDX_PBLOCK;
    return left < GT_IDX_PBLOCK ? (uint32_t)left : GT_IDX_PBLOCK;
}

/* Enters block b at its first entry: 1, or -1 when damaged. */
static int enter(const govtext_index *idx, uint64_t b, gt_pair_iter *it)
{
    const gt_idx_pblock *blk = &idx->pblocks[b];
    uint64_t end = b + 1 < idx->nblocks ? idx->pblocks[b + 1].dict_off : idx->pdict_len;
    if (blk->dict_off > end || end > idx->pdict_len)
        return -1;
    it->block = b;
    it->i = 0;
    it->p = idx->pdict + blk->dict_off;
    it->end = idx->pdict + end;
    it->key = blk->first_key;
    it->off = blk->post_off;
    if (gt_varint_get(&it->p, it->end, &it->len) || it->len == 0 ||
        it->off > idx->ppost_len || it->len > idx->ppost_len - it->off)
        return -1;
    return 1;
}

int gt_idx_pair_next(gt_pair_iter *it)
{
    const govtext_index *idx = it->idx;
    if (it->i + 1 >= block_size(idx, it->block)) {
        if (it->block + 1 >= idx->nblocks)
            return 0;
        return enter(idx, it->block + 1, it);
    }
    uint64_t delta;
    it->off += it->len;
    if (gt_varint_get(&it->p, it->end, &delta) || delta == 0 ||
        gt_varint_get(&it->p, it->end, &it->len) || it->len == 0 ||
        it->off > idx->ppost_len || it->len > idx->ppost_len - it->off)
        return -1;
    it->key += delta;
    it->i++;
    return 1;
}

int gt_idx_pair_seek(const govtext_index *idx, uint64_t key, gt_pair_iter *it)
{
    it->idx = idx;
    if (idx->nblocks == 0)
        return 0;
    /* The last block whose first key is <= key (or the first block). */
    uint64_t lo = 0, hi = idx->nblocks;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (idx->pblocks[mid].first_key <= key)
            lo = mid;
        else
            hi = mid;
    }
    int r = enter(idx, lo, it);
    while (r > 0 && it->key < key)
        r = gt_idx_pair_next(it);
    return r;
}

int gt_idx_pair_iter_postings(const gt_pair_iter *it, gt_postings *p)
{
    const unsigned char *s = it->idx->ppost + it->off;
    return gt_idx_slice_postings(s, s + it->len, 1, p);
}

int gt_idx_pair_find(const govtext_index *idx, uint64_t key, gt_postings *p)
{
    gt_pair_iter it;
    int r = gt_idx_pair_seek(idx, key, &it);
    if (r <= 0 || it.key != key)
        return r < 0 ? -1 : 0;
    return gt_idx_pair_iter_postings(&it, p) ? -1 : 1;
}

int gt_idx_pair_check(const govtext_index *idx, const char **why)
{
    uint64_t expect_blocks = (idx->npairs + GT_IDX_PBLOCK - 1) / GT_IDX_PBLOCK;
    if (idx->nblocks != expect_blocks) {
        *why = "the number of pair blocks disagrees with the count";
        return -1;
    }
    if (idx->npairs == 0) {
        *why = "no postings expected";
        return idx->ppost_len == 0 && idx->pdict_len == 0 ? 0 : -1;
    }
    gt_pair_iter it;
    it.idx = idx;
    int r = enter(idx, 0, &it);
    uint64_t n = 0, prev = 0, next_off = 0;
    while (r > 0) {
        if ((n > 0 && it.key <= prev) || it.off != next_off || it.key >> 42) {
            *why = "pair keys or postings out of order";
            return -1;
        }
        gt_postings p;
        if (gt_idx_pair_iter_postings(&it, &p)) {
            *why = "a damaged posting list header";
            return -1;
        }
        prev = it.key;
        next_off = it.off + it.len;
        n++;
        /* Each block must end exactly where the next begins. */
        if (it.i + 1 == block_size(idx, it.block) && it.p != it.end) {
            *why = "a pair block with trailing bytes";
            return -1;
        }
        r = gt_idx_pair_next(&it);
    }
    if (r < 0 || n != idx->npairs || next_off != idx->ppost_len) {
        *why = "the pair dictionary does not cover the postings";
        return -1;
    }
    return 0;
}
