/* The mojibake pass (mojibake.c): detection and scoring.  Under each
 * hypothesis a line is cut into stretches of characters its decoder can
 * produce; the units that the stretch's bytes decode to are cut into blocks
 * where a boundary between damaged characters is also one between units;
 * each block gains what the model charges for its damaged characters minus
 * what it charges for the units; and a small dynamic programme picks the
 * runs of blocks whose gain pays for RUN_COST and their EDGE_COSTs. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "repair/mojibake.h"

/* Cuts the units into blocks at the boundaries they share with the damaged
 * characters.  Returns the number of blocks, or -1 (memory). */
static long make_blocks(mb_work *w, size_t nb)
{
    const mb_byte *B = w->bytes;
    size_t nk = 0, u0 = 0;
    int64_t dec = 0;
    int err = 0, ascii = 1;
    for (size_t u = 0; u < w->nu; u++) {
        const mb_unit *x = &w->units[u];
        dec += x->cost;
        err |= x->kind == U_ERROR;
        ascii &= x->kind == U_ASCII;
        size_t e = x->b1;
        if (e < nb && B[e].ci == B[e - 1].ci)
            continue; /* inside a damaged character */
        if (grow(&w->blocks, &w->kcap, nk + 1, sizeof *w->blocks) != 0)
            return -1;
        mb_block *k = &w->blocks[nk++];
        k->u0 = (uint32_t)u0;
        k->u1 = (uint32_t)(u + 1);
        k->c0 = B[w->units[u0].b0].ci;
        k->c1 = B[e - 1].ci + 1;
        k->gain = chars_cost(w, k->c0, k->c1) - dec;
        k->error = (uint8_t)err;
        k->ascii = (uint8_t)ascii;
        u0 = u + 1;
        dec = 0;
        err = 0;
        ascii = 1;
    }
    return (long)nk;
}

/* Appends the decoded text of units [u0, u1) to w->reps, dropping what the
 * loader would have dropped (zero-width characters, controls) and composing
 * to NFC.  *risk gets the expected number of wrong guesses, *nchars the
 * number of characters. */
static int write_decoded(mb_work *w, size_t u0, size_t u1, double *risk, size_t *nchars)
{
    gt_buf tmp;
    gt_buf_init(&tmp);
    *risk = 0.0;
    *nchars = 0;
    for (size_t u = u0; u < u1; u++) {
        const mb_unit *x = &w->units[u];
        uint32_t c = x->cp;
        if (x->holes) {
            double r;
            c = gt_mb_resolve(w, u, &r);
            *risk += r;
        }
        if (c == 0x2028 || c == 0x2029 || c == 0x85)
            c = '\n';
        if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
            c == 0x180E || (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F))
            continue;
        char enc[4];
        size_t n = gt_utf8_encode(c, enc);
        if (gt_buf_append(&tmp, enc, n) != 0) {
            gt_buf_release(&tmp);
            return -1;
        }
        ++*nchars;
    }
    int rc = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = 0;
    if (tmp.len)
        r = utf8proc_map((const utf8proc_uint8_t *)tmp.data, (utf8proc_ssize_t)tmp.len, &nfc,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r == UTF8PROC_ERROR_NOMEM)
        rc = -1;
    else if (r > 0)
        rc = gt_buf_append(&w->reps, nfc, (size_t)r);
    else
        rc = gt_buf_append(&w->reps, tmp.data, tmp.len);
    free(nfc);
    gt_buf_release(&tmp);
    return rc;
}

/* Records the run of blocks [k, e], ASCII blocks at its ends trimmed (they
 * decode to themselves). */
static int emit_run(mb_work *w, size_t nk, size_t k, size_t e)
{
    const mb_block *K = w->blocks;
    size_t a = k, z = e;
    while (a <= z && K[a].ascii)
        a++;
    while (z > a && K[z].ascii)
        z--;
    if (a > z)
        return 0;
    int64_t gain = 0;
    for (size_t i = a; i <= z; i++)
        gain += K[i].gain;
    int64_t margin = gain - RUN_COST;
    if (k > 0 && !K[k - 1].error)
        margin -= EDGE_COST;
    if (e + 1 < nk && !K[e + 1].error)
        margin -= EDGE_COST;
    if (grow(&w->runs, &w->rcap, w->nruns + 1, sizeof *w->runs) != 0)
        return -1;
    mb_run *r = &w->runs[w->nruns];
    r->c0 = K[a].c0;
    r->c1 = K[z].c1;
    r->gain = gain;
    r->rep_off = w->reps.len;
    double risk;
    size_t nchars;
    if (write_decoded(w, K[a].u0, K[z].u1, &risk, &nchars) != 0)
        return -1;
    r->rep_len = w->reps.len - r->rep_off;
    /* The margin is the log-odds in quarter bits; wrong guesses at holes
     * lower the share of the run that is right. */
    r->confidence = margin > 0 ? 1.0 / (1.0 + pow2_quarter_neg(margin)) : 0.5;
    if (nchars)
        r->confidence *= 1.0 - risk / (double)nchars;
    w->nruns++;
    return 0;
}

/* Picks the runs of one stretch (blocks [0, nk)) that maximise the total
 * gain less RUN_COST per run and EDGE_COST per edge inside clean decoding,
 * and records them in text order. */
static int choose_runs(mb_work *w, size_t nk)
{
    if (nk == 0)
        return 0;
    if (grow(&w->dp, &w->dcap, nk, sizeof *w->dp) != 0)
        return -1;
    const mb_block *K = w->blocks;
    mb_dp *D = w->dp;
    int64_t in_prev = NEG_INF, out_prev = 0;
    for (size_t k = 0; k < nk; k++) {
        dp_step(&D[k], in_prev, out_prev, k == 0 || K[k - 1].error, K[k].error, K[k].gain);
        in_prev = D[k].in;
        out_prev = D[k].out;
    }
    /* Walk back from the better final state (the end of the stretch is a
     * natural edge). */
    size_t first = w->nruns;
    int inside = in_prev > out_prev;
    size_t run_end = nk - 1;
    for (size_t k = nk; k-- > 0;) {
        if (inside) {
            if (!D[k].in_from) {
                if (emit_run(w, nk, k, run_end) != 0)
                    return -1;
                inside = 0;
            }
        } else if (D[k].out_from) {
            inside = 1;
            run_end = k - 1;
        }
    }
    for (size_t i = first, j = w->nruns; i + 1 < j; i++, j--) {
        mb_run t = w->runs[i];
        w->runs[i] = w->runs[j - 1];
        w->runs[j - 1] = t;
    }
    return 0;
}

/* Finds the runs of one line (w->chars[0, n)) under hypothesis h. */
int gt_mb_line_hypothesis(mb_work *w, int h, size_t n)
{
    /* A character reads back as at most two bytes. */
    if (grow(&w->bytes, &w->bcap, 2 * n + 2, sizeof *w->bytes) != 0)
        return -1;
    size_t i = 0, s, nb;
    int special, lost;
    while (gt_mb_next_stretch(w, h, &i, n, &s, &nb, &special, &lost)) {
        /* Most stretches of clean text hold no run; checking first costs
         * little where nothing is lost.  (Where bytes are lost, and so in
         * damaged text, the check would mostly repeat the work.) */
        if (h == HYP_GBK && !lost && !gt_mb_may_hold_run(w, h, nb, special))
            continue;
        w->at_start = s == 0;
        w->at_end = i == n;
        if (gt_mb_decode_units(w, h, nb, special) != 0)
            return -1;
        long nk = make_blocks(w, nb);
        if (nk < 0 || choose_runs(w, (size_t)nk) != 0)
            return -1;
    }
    return 0;
}
