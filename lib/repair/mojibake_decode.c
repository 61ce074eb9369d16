/* The mojibake pass (mojibake.c): decoding the bytes a stretch of damaged
 * characters came from as UTF-8, into units: ASCII characters, characters
 * (some with lost bytes, whose candidates mojibake_holes.c finds),
 * undecodable bytes.  Most units have all their bytes known and are decoded
 * directly; and most stretches of clean text are first checked, without
 * storing anything, for whether they can hold a run at all. */
#include <string.h>

#include "repair/mojibake.h"

/* Vowels (and syllabic consonants) with tone marks that pinyin writes. */
static int pinyin_letter(uint32_t c)
{
    switch (c) {
    case 0x00E0: case 0x00E1: case 0x00E8: case 0x00E9: case 0x00EA: case 0x00EC:
    case 0x00ED: case 0x00F2: case 0x00F3: case 0x00F9: case 0x00FA: case 0x00FC:
    case 0x0101: case 0x0113: case 0x011B: case 0x012B: case 0x0144: case 0x0148:
    case 0x014D: case 0x016B: case 0x01CE: case 0x01D0: case 0x01D2: case 0x01D4:
    case 0x01D6: case 0x01D8: case 0x01DA: case 0x01DC: case 0x01F9:
        return 1;
    default:
        return 0;
    }
}

/* The model charges a toned vowel like a rare symbol; next to ASCII
 * letters (a pinyin gloss, "(guó)") it is an ordinary letter. */
unsigned gt_mb_decoded_cost(uint32_t cp, int letter_ctx)
{
    if (letter_ctx && pinyin_letter(cp))
        return gt_char_cost('a');
    return gt_char_cost(cp);
}

static inline void set_unit(mb_unit *u, size_t b0, size_t b1, uint8_t kind, uint32_t cp,
                            int32_t cost)
{
    u->b0 = (uint32_t)b0;
    u->b1 = (uint32_t)b1;
    u->cp = cp;
    u->cost = cost;
    u->kind = kind;
    u->holes = 0;
    u->cand_off = u->cand_n = 0;
}

/* Makes u the one undecodable byte at p. */
static inline void undecodable(mb_unit *u, size_t p)
{
    set_unit(u, p, p + 1, U_ERROR, 0, (int32_t)GT_ERROR_COST);
}

/* Whether an ASCII letter stands just before the unit at byte p or just
 * after it (y_after: the byte after, -1 if none or lost). */
static inline int letter_beside(const mb_byte *B, size_t p, int y_after)
{
    return (p > 0 && B[p - 1].kind != B_HOLE && ascii_letter(B[p - 1].val)) ||
           (y_after >= 0 && ascii_letter((unsigned)y_after));
}

/* What decoding the unit at a lead byte found out about its bytes. */
typedef struct unit_bytes {
    unsigned need;  /* continuation bytes the lead needs */
    unsigned got;   /* continuation bytes and visible holes after it */
    unsigned vis;   /* visible holes among them */
    size_t q;       /* the byte after them */
    int y_after;    /* that byte's value, -1 if none or lost */
    int letter_ctx; /* an ASCII letter stands just before or after */
} unit_bytes;

/* Decodes the unit at byte p of the stretch (w->bytes[0, nb)) into *u when
 * no lost byte is involved: an ASCII character, a character whose bytes are
 * all known, or an undecodable byte.  Returns 1 if it did; 0 if the unit
 * needs the candidates of lost bytes (decode_unit), *ub then filled. */
static inline int decode_plain(const mb_work *w, int h, size_t nb, size_t p, mb_unit *u,
                               unit_bytes *ub)
{
    const mb_byte *B = w->bytes;
    const mb_byte *b = &B[p];
    if (b->kind == B_HOLE) {
        /* A lost byte where a character starts: nothing to decode. */
        set_unit(u, p, p + 1, U_FFFD, 0xFFFD, (int32_t)gt_char_cost(0xFFFD));
        return 1;
    }
    if (b->val < 0x80) {
        set_unit(u, p, p + 1, U_ASCII, b->val, (int32_t)gt_char_cost(b->val));
        return 1;
    }
    unsigned need = lead_need(b->val);
    if (!need) {
        /* A byte that cannot start a character: what the general path
         * finds too, without enumerating. */
        undecodable(u, p);
        return 1;
    }
    /* The continuation bytes and visible holes that follow. */
    size_t q = p + 1;
    unsigned got = 0, vis = 0;
    while (got < need && q < nb && (B[q].kind != B_KNOWN || is_cont(B[q].val))) {
        vis += B[q].kind != B_KNOWN;
        got++;
        q++;
    }
    int y_after = q < nb && B[q].kind != B_HOLE ? B[q].val : -1;
    if (got == need && vis == 0) {
        /* Every byte known (the usual case): one candidate, exactly what
         * enumerate() would find, and the cost it would get. */
        uint8_t cont[3];
        for (unsigned i = 0; i < need; i++)
            cont[i] = B[p + 1 + i].val;
        int64_t cp = utf8_value(b->val, cont, need);
        if (cp < 0)
            undecodable(u, p);
        else /* the letters beside matter only to a toned vowel: looked at then */
            set_unit(u, p, q, U_CHAR, (uint32_t)cp,
                     w->one_cost[pinyin_letter((uint32_t)cp)
                                     ? gt_mb_decoded_cost((uint32_t)cp,
                                                          letter_beside(B, p, y_after))
                                     : gt_char_cost((uint32_t)cp)]);
        return 1;
    }
    if (need - got && !(h == HYP_CP1252 && vis == 0 && need - got <= 2)) {
        /* Too few bytes, and no decoder that could have lost them
         * silently: one undecodable byte, as the general path finds. */
        undecodable(u, p);
        return 1;
    }
    *ub = (unit_bytes){need, got, vis, q, y_after, letter_beside(B, p, y_after)};
    return 0;
}

/* Decodes the unit of the stretch's bytes (w->bytes[0, nb)) that starts at
 * byte p into *u (u->b1 is where the next starts).  Returns 0, or -1 when
 * memory ran out. */
static int decode_unit(mb_work *w, int h, size_t nb, int special, size_t p, mb_unit *u)
{
    unit_bytes ub;
    if (decode_plain(w, h, nb, p, u, &ub))
        return 0;
    unsigned need = ub.need, got = ub.got, vis = ub.vis, missing = need - got;
    size_t q = ub.q;
    int y_after = ub.y_after, letter_ctx = ub.letter_ctx;
    memset(u, 0, sizeof *u);
    u->b0 = (uint32_t)p;
    cand_result r;
    int unknown;
    if (gt_mb_hole_candidates(w, h, special, p, need, got, vis, y_after, letter_ctx, &r,
                              &unknown) != 0)
        return -1;
    if (!r.found && !unknown) {
        /* Not UTF-8 here: one undecodable byte. */
        undecodable(u, p);
        return 0;
    }
    u->kind = U_CHAR;
    u->b1 = (uint32_t)q;
    u->holes = (uint8_t)(vis + missing);
    if (unknown) {
        /* Too many lost bytes to enumerate: some character. */
        u->cp = 0xFFFD;
        u->cost = UNKNOWN_COST;
    } else {
        u->cost = (int32_t)quarter_cost(r.mass);
        u->cp = u->holes ? 0xFFFD : r.top[0].cp;
        if (u->holes) {
            if (grow(&w->cands, &w->cndcap, w->ncands + r.ntop, sizeof *w->cands) != 0)
                return -1;
            u->cand_off = (uint32_t)w->ncands;
            u->cand_n = r.ntop;
            memcpy(w->cands + w->ncands, r.top, r.ntop * sizeof *r.top);
            w->ncands += r.ntop;
        }
    }
    if (missing)
        u->cost += (int32_t)(HOLE_COST * missing);
    return 0;
}

/* Decodes the bytes of one stretch as UTF-8 into units (w->units, w->nu).
 * Returns 0, or -1 when memory ran out. */
int gt_mb_decode_units(mb_work *w, int h, size_t nb, int special)
{
    w->nu = 0;
    w->ncands = 0;
    /* A unit takes at least one byte. */
    if (grow(&w->units, &w->ucap, nb, sizeof *w->units) != 0)
        return -1;
    for (size_t p = 0; p < nb; p = w->units[w->nu++].b1)
        if (decode_unit(w, h, nb, special, p, &w->units[w->nu]) != 0)
            return -1;
    return 0;
}

/* Whether choose_runs() could find a run in the stretch's bytes
 * (w->bytes[0, nb), none of them lost): the forward half of the programme
 * over the blocks that make_blocks() would cut, without storing units,
 * blocks or steps.  Scores never fall below 0 outside a run, and a run is
 * walked back to only from a step whose score rose above the one before,
 * so when neither final score is above 0 there is none.  Clean text ends
 * here, which is most of the work on it. */
int gt_mb_may_hold_run(mb_work *w, int h, size_t nb, int special)
{
    const mb_byte *B = w->bytes;
    w->ncands = 0;
    int64_t in = NEG_INF, out = 0, dec = 0;
    int err = 0, prev_error = 1;
    size_t b0 = 0;
    mb_unit u;
    for (size_t p = 0; p < nb; p = u.b1) {
        /* The commonest units, as decode_plain() finds them, without the
         * call: an ASCII byte, a byte that cannot start a character, a lead
         * byte whose next byte does not continue it. */
        unsigned v = B[p].val;
        unsigned need = v >= 0x80 ? lead_need(v) : 0;
        if (B[p].kind == B_KNOWN && v < 0x80 && v != '?') {
            set_unit(&u, p, p + 1, U_ASCII, v, (int32_t)gt_char_cost(v));
        } else if (B[p].kind == B_KNOWN && v >= 0x80 &&
                   (!need || (h == HYP_GBK && p + 1 < nb && B[p + 1].kind == B_KNOWN &&
                              !is_cont(B[p + 1].val)))) {
            undecodable(&u, p);
        } else {
            unit_bytes ub;
            if (!decode_plain(w, h, nb, p, &u, &ub) &&
                decode_unit(w, h, nb, special, p, &u) != 0)
                return 1; /* the full path will meet it again and report it */
        }
        dec += u.cost;
        err |= u.kind == U_ERROR;
        size_t e = u.b1;
        if (e < nb && B[e].ci == B[e - 1].ci)
            continue; /* inside a damaged character */
        /* (an undecodable block's gain does not count: not computed) */
        int64_t gain = err ? 0 : chars_cost(w, B[b0].ci, B[e - 1].ci + 1) - dec;
        mb_dp d;
        dp_step(&d, in, out, prev_error, err, gain);
        in = d.in;
        out = d.out;
        prev_error = err;
        b0 = e;
        dec = 0;
        err = 0;
    }
    return out > 0 || in > out;
}
