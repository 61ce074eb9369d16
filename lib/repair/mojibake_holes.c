/* The mojibake pass (mojibake.c): lossy-hole recovery.  A damaged
 * character whose bytes were lost (a U+FFFD or '?' in a continuation slot,
 * or a C1 control the loader removed) has at most 64 candidates per lost
 * byte, fewer under GBK, where the lost byte is one that could not start a
 * pair with the byte after it.  They are enumerated here, the TOPK most
 * likely kept for the ranking by context (mojibake_guess.c). */
#include <stdlib.h>
#include <string.h>

#include "repair/mojibake.h"

/* One continuation slot of a character being decoded: a known byte, or the
 * values a lost byte may have had. */
typedef struct slot {
    uint8_t vals[64];
    unsigned n;
    int gbk_hole; /* lost by a GBK decoder: it did not pair with the next byte */
} slot;

static void slot_known(slot *s, uint8_t v)
{
    s->vals[0] = v;
    s->n = 1;
    s->gbk_hole = 0;
}

static void slot_values(slot *s, unsigned lo, unsigned hi)
{
    s->n = 0;
    for (unsigned x = lo; x <= hi; x++)
        s->vals[s->n++] = (uint8_t)x;
}

/* The values a visible hole (U+FFFD or '?') may have had. */
static void slot_visible(int h, int kind, slot *s)
{
    s->gbk_hole = h == HYP_GBK;
    if (h == HYP_GBK) {
        slot_values(s, 0x80, 0xBF);
    } else if (kind == B_HOLE) {
        s->n = 0;
        for (unsigned i = 0; i < sizeof gt_mb_cp1252_lost; i++)
            s->vals[s->n++] = gt_mb_cp1252_lost[i];
    } else {
        /* '?': a character that a later Latin-1 save could not write. */
        slot_values(s, 0x80, 0x9F);
    }
}

static void top_insert(cand_result *r, uint32_t cp, int32_t cost)
{
    unsigned i;
    if (r->ntop < TOPK) {
        i = r->ntop++;
    } else {
        if (r->top[TOPK - 1].cost <= cost)
            return; /* no better than the worst kept */
        i = TOPK - 1;
    }
    while (i > 0 && r->top[i - 1].cost > cost) {
        r->top[i] = r->top[i - 1];
        i--;
    }
    r->top[i] = (mb_cand){cp, cost};
}

/* Tries every combination of the slots' values (at most cap).  y_after is
 * the byte after the character (-1: unknown); a GBK hole must be a byte
 * that does not pair with the byte after it. */
static void enumerate(unsigned lead, const slot *slots, unsigned need,
                      int y_after, int letter_ctx, size_t cap, cand_result *r)
{
    memset(r, 0, sizeof *r);
    size_t combos = 1;
    for (unsigned i = 0; i < need; i++) {
        combos *= slots[i].n;
        if (combos > cap)
            return;
    }
    for (int constrained = 1; constrained >= 0 && !r->found; constrained--) {
        unsigned idx[3] = {0, 0, 0};
        for (size_t k = 0; k < combos; k++) {
            uint8_t cont[3] = {0, 0, 0};
            for (unsigned i = 0; i < need; i++)
                cont[i] = slots[i].vals[idx[i]];
            for (unsigned i = need; i-- > 0;) {
                if (++idx[i] < slots[i].n)
                    break;
                idx[i] = 0;
            }
            int ok = 1;
            for (unsigned i = 0; constrained && i < need && ok; i++) {
                if (!slots[i].gbk_hole)
                    continue;
                int y = i + 1 < need ? cont[i + 1] : y_after;
                if (y >= 0 && !bad_pair(cont[i], (unsigned)y))
                    ok = 0;
            }
            int64_t cp = ok ? utf8_value(lead, cont, need) : -1;
            if (cp < 0)
                continue;
            int32_t c = (int32_t)gt_mb_decoded_cost((uint32_t)cp, letter_ctx);
            r->found = 1;
            r->mass += pow2_quarter_neg(c);
            top_insert(r, (uint32_t)cp, c);
        }
        /* A decoder we do not know lost the byte: try without the rule. */
        int any_gbk = 0;
        for (unsigned i = 0; i < need; i++)
            any_gbk |= slots[i].gbk_hole;
        if (!any_gbk)
            break;
    }
}

/* Adds r2's candidates (another arrangement of lost bytes) to r. */
static void merge_result(cand_result *r, const cand_result *r2)
{
    if (!r2->found)
        return;
    r->found = 1;
    r->mass += r2->mass;
    for (unsigned i = 0; i < r2->ntop; i++)
        top_insert(r, r2->top[i].cp, r2->top[i].cost);
}

/* Two bytes lost after a lead E0-EF under GBK: the same candidates for
 * every (lead, next byte), so they are enumerated once. */
static int memo_two_holes(mb_work *w, unsigned lead, int y_after, const slot *slots,
                          cand_result *r)
{
    if (!w->memo) {
        w->memo = malloc(16 * 257 * sizeof *w->memo);
        w->memo_done = calloc(16 * 257, 1);
        if (!w->memo || !w->memo_done)
            return -1;
    }
    size_t key = (size_t)(lead - 0xE0) * 257 + (size_t)(y_after + 1);
    if (!w->memo_done[key]) {
        enumerate(lead, slots, 2, y_after, 0, 64 * 64, &w->memo[key]);
        w->memo_done[key] = 1;
    }
    *r = w->memo[key];
    return 0;
}

int gt_mb_hole_candidates(mb_work *w, int h, int special, size_t p, unsigned need, unsigned got,
                          unsigned vis, int y_after, int letter_ctx, cand_result *rp,
                          int *unknownp)
{
    const mb_byte *B = w->bytes;
    const mb_byte *b = &B[p];
    unsigned missing = need - got;
    cand_result r;
    memset(&r, 0, sizeof r);
    int unknown = 0;
    if (need && missing == 0) {
        slot slots[3];
        for (unsigned i = 0; i < need; i++) {
            const mb_byte *x = &B[p + 1 + i];
            if (x->kind == B_KNOWN)
                slot_known(&slots[i], x->val);
            else
                slot_visible(h, x->kind, &slots[i]);
        }
        if (h == HYP_GBK && need == 2 && vis == 2) {
            if (memo_two_holes(w, b->val, y_after, slots, &r) != 0)
                return -1;
        } else {
            enumerate(b->val, slots, need, y_after, letter_ctx, ENUM_CAP, &r);
            unknown = !r.found && vis >= 2;
        }
    } else if (need && h == HYP_CP1252 && vis == 0 && missing <= 2) {
        /* Bytes the loader removed as C1 controls: every arrangement of
         * the known bytes and the lost ones. */
        slot lost;
        lost.gbk_hole = 0;
        lost.n = 0;
        if (special)
            for (unsigned i = 0; i < sizeof gt_mb_cp1252_lost; i++)
                lost.vals[lost.n++] = gt_mb_cp1252_lost[i];
        else /* Latin-1: every C1 control was removed */
            slot_values(&lost, 0x80, 0x9F);
        for (unsigned mask = 0; mask < (1u << need); mask++) {
            unsigned bits = 0;
            for (unsigned i = 0; i < need; i++)
                bits += (mask >> i) & 1u;
            if (bits != missing)
                continue;
            slot slots[3];
            for (unsigned i = 0, k = 0; i < need; i++) {
                if (mask & (1u << i))
                    slots[i] = lost;
                else
                    slot_known(&slots[i], B[p + 1 + k++].val);
            }
            cand_result r2;
            enumerate(b->val, slots, need, y_after, letter_ctx, ENUM_CAP, &r2);
            merge_result(&r, &r2);
        }
        unknown = !r.found && missing * lost.n > 16;
    }
    *rp = r;
    *unknownp = unknown;
    return 0;
}
