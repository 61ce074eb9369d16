/* Repair pass: mojibake.
 *
 * Scraped text is often UTF-8 that some program read as GBK (or as
 * windows-1252) and saved again as UTF-8: 发展 (E5 8F 91 E5 B1 95) becomes
 * 鍙戝睍 (the GBK pairs E58F 91E5 B195), or "å\u008f‘å±•" read as
 * windows-1252.  Turning the damaged characters back into the bytes they
 * came from and decoding those as UTF-8 undoes it.
 *
 * The hard part is deciding where that is right.  Each line is tried under
 * each hypothesis (GBK, windows-1252): the characters that the hypothesis'
 * decoder can produce are turned back into bytes, the bytes are decoded as
 * UTF-8, and the result is cut into blocks where a boundary between damaged
 * characters is also a boundary between decoded ones.  A block gains what
 * the unigram model (load/char_model.h) charges for its damaged characters
 * minus what it charges for the decoded ones: mojibake is made of rare
 * characters (涓 鍙 戝 ...) that decode to common ones, while clean Chinese
 * read back as GBK bytes is not UTF-8 at all.  A small dynamic programme
 * then picks the runs of blocks whose gain pays for the prior cost of a run
 * (RUN_COST) and, where a run stops inside text that still decodes cleanly,
 * for that edge (EDGE_COST).  Everything is in quarter bits, like the model,
 * so a run's margin is a log-likelihood ratio and gives the confidence.
 *
 * Lossy mojibake.  A GBK decoder that meets a byte that cannot start a pair
 * with the byte after it emits U+FFFD for that one byte and goes on with the
 * next; windows-1252 decoders emit U+FFFD for the five bytes it leaves
 * undefined (81 8D 8F 90 9D) or, like browsers, pass them through as C1
 * controls, which the loader then removes.  A UTF-8 lead byte is never lost
 * that way (a lead followed by a continuation byte is always a valid GBK
 * pair, and no lead byte is undefined in windows-1252), so every hole is
 * one lost continuation byte: visible where U+FFFD or '?' stands in a
 * continuation slot, invisible where a lead byte has too few continuation
 * bytes.  The characters around a hole decode exactly.  The character with
 * the hole has at most 64 candidates per lost byte, fewer under GBK, where
 * the lost byte is one that could not start a pair with the byte after it.
 * The candidates are ranked by a bigram model of the document itself (pairs
 * of characters that came out certain in a first, dry pass: a long report
 * repeats its phrases, and the same word loses different bytes in different
 * places), backed off to the unigram model, with candidates of the wrong
 * script made unlikely (the dry pass tells simplified from traditional
 * text) and a pinyin gloss after the character, if any, consulted; the best
 * is kept when it holds at least GUESS_MIN of the probability, and U+FFFD is
 * written otherwise.
 *
 * The work is linear: a bounded amount of work per byte of each line, with
 * GBK from constant tables (gbk_table.h, generated from ICU's GBK converter,
 * which accepts exactly the pairs that Python's and glibc's GBK decoders
 * accept).
 *
 * The pass is split by what each part does; mojibake.h lists the files. */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/mojibake.h"
#include "repair/repair.h"

/* Latin-1 and Latin Extended letters. */
static int latin_letter(uint32_t c)
{
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xBA;
}

/* Dry pass: counts the character pairs of the line as it will read, with
 * every character that is not certain left out. */
static int count_line(mb_work *w, size_t n, size_t kept)
{
    uint32_t prev = LINE_START;
    size_t c = 0;
    for (size_t r = 0; r <= kept; r++) {
        size_t upto = r < kept ? w->sel[r].c0 : n;
        for (int phase = 0; phase < 2; phase++) {
            const char *s = NULL;
            size_t len = 0, i = 0;
            if (phase == 1) {
                if (r == kept)
                    break;
                s = w->reps.data ? w->reps.data + w->sel[r].rep_off : "";
                len = w->sel[r].rep_len;
            }
            for (;;) {
                uint32_t cp;
                if (phase == 0) {
                    if (c >= upto)
                        break;
                    cp = w->chars[c++].cp;
                } else {
                    if (i >= len)
                        break;
                    i += gt_utf8_next(s, len, i, &cp);
                }
                if (cp >= 0x3400 && cp <= 0x9FFF) {
                    w->han++;
                    w->han_non_gb += !gb2312_han(cp);
                }
                if (cp != 0xFFFD && prev != 0xFFFD &&
                    (gt_mb_cache_add(&w->cache, prev, cp) != 0 ||
                     gt_mb_cache_add(&w->cache, prev, UNIGRAM) != 0))
                    return -1;
                prev = cp;
            }
        }
        if (r < kept)
            c = w->sel[r].c1;
    }
    /* How lines end matters: "：" ends them, "，" does not. */
    if (prev != 0xFFFD &&
        (gt_mb_cache_add(&w->cache, prev, LINE_END) != 0 ||
         gt_mb_cache_add(&w->cache, prev, UNIGRAM) != 0))
        return -1;
    return 0;
}

/* Repairs the line text[ls, le). */
static int process_line(mb_work *w, gt_writer *wr, const char *text, size_t ls, size_t le,
                        gt_pass_out *out)
{
    size_t n = 0;
    for (size_t p = ls; p < le; n++) {
        if (grow(&w->chars, &w->ccap, n + 2, sizeof *w->chars) != 0)
            return -1;
        uint32_t c;
        size_t k = gt_utf8_next(text, le, p, &c);
        w->chars[n] = (mb_char){c, gt_char_cost(c), p};
        p += k;
    }
    w->chars[n] = (mb_char){0, 0, le};
    /* A Latin letter inside a word of ASCII letters ("være", "São") is an
     * ordinary letter, however rare the model finds it in Chinese text:
     * otherwise European words would look like damaged Chinese. */
    for (size_t i = 0; i < n; i++)
        if (latin_letter(w->chars[i].cp) &&
            ((i > 0 && ascii_letter(w->chars[i - 1].cp)) ||
             (i + 1 < n && ascii_letter(w->chars[i + 1].cp))))
            w->chars[i].cost = gt_char_cost('a');
    w->nruns = 0;
    w->reps.len = 0;
    if (gt_mb_line_hypothesis(w, HYP_GBK, n) != 0)
        return -1;
    size_t n_gbk = w->nruns;
    if (gt_mb_line_hypothesis(w, HYP_CP1252, n) != 0)
        return -1;

    /* Merge the two sorted lists; where runs overlap the larger gain wins. */
    const mb_run *R = w->runs;
    size_t a = 0, b = n_gbk, kept = 0;
    if (grow(&w->sel, &w->scap, w->nruns + 1, sizeof *w->sel) != 0)
        return -1;
    while (a < n_gbk || b < w->nruns) {
        const mb_run *x = (b >= w->nruns || (a < n_gbk && R[a].c0 <= R[b].c0)) ? &R[a++] : &R[b++];
        if (kept && x->c0 < w->sel[kept - 1].c1) {
            if (x->gain > w->sel[kept - 1].gain)
                w->sel[kept - 1] = *x;
            continue;
        }
        w->sel[kept++] = *x;
    }
    w->runs_found += kept;
    if (w->dry)
        return w->count ? count_line(w, n, kept) : 0;
    for (size_t i = 0; i < kept; i++) {
        const mb_run *r = &w->sel[i];
        size_t a0 = w->chars[r->c0].off, a1 = w->chars[r->c1].off;
        const char *rep = w->reps.data ? w->reps.data + r->rep_off : "";
        if (r->rep_len == a1 - a0 && memcmp(rep, text + a0, r->rep_len) == 0)
            continue;
        if (gt_writer_replace(wr, a0, a1, rep, r->rep_len, GOVTEXT_EDIT_MOJIBAKE,
                              r->confidence) != 0)
            return -1;
        out->counts[GOVTEXT_COUNT_MOJIBAKE]++;
    }
    return 0;
}

/* The end of the piece of line [a, le) to work on at once: all of it, or
 * for a very long line about WINDOW bytes (the working arrays cost some
 * hundred bytes per character; this bounds them).  The cut goes before an
 * ASCII byte if one is near, where every decoding agrees, else before a
 * character that windows-1252 reads from a UTF-8 lead byte (Â-ô), else
 * between any two characters. */
#define WINDOW (1u << 16)
static size_t piece_end(const char *text, size_t a, size_t le)
{
    if (le - a <= WINDOW)
        return le;
    size_t b = a + WINDOW;
    for (size_t c = b; c < le && c < b + 1024; c++)
        if ((unsigned char)text[c] < 0x80)
            return c;
    while ((text[b] & 0xC0) == 0x80)
        b--;
    for (size_t c = b; c > b - 256; c--)
        /* U+00C2-U+00F4 is C3 82 - C3 B4 in UTF-8. */
        if ((unsigned char)text[c] == 0xC3 && c + 1 < le && (unsigned char)text[c + 1] >= 0x82 &&
            (unsigned char)text[c + 1] <= 0xB4)
            return c;
    return b;
}

/* One pass over every line that is not pure ASCII. */
static int run_lines(mb_work *w, gt_writer *wr, const char *text, size_t len, gt_pass_out *out)
{
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        for (size_t a = ls; a < le;) {
            size_t b = piece_end(text, a, le);
            size_t p = a;
            while (p < b && (unsigned char)text[p] < 0x80)
                p++;
            if (p < b && process_line(w, wr, text, a, b, out) != 0)
                return -1;
            a = b;
        }
        ls = le + 1;
    }
    return 0;
}

int gt_repair_mojibake(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    (void)ctx;
    gt_writer wr;
    gt_writer_init(&wr, text, out);

    /* Pure ASCII is nobody's mojibake. */
    size_t first = 0;
    while (first < len && (unsigned char)text[first] < 0x80)
        first++;
    if (first == len)
        return gt_writer_finish(&wr, len);

    mb_work w;
    memset(&w, 0, sizeof w);
    gt_buf_init(&w.reps);
    for (int c = 0; c < 256; c++)
        w.one_cost[c] = (int32_t)quarter_cost(pow2_quarter_neg(c));

    /* A dry pass looks for runs.  Clean text (the usual case) ends here.
     * Otherwise a second dry pass counts the certain character pairs of the
     * text as it will read, and the third repairs, guessing holes with
     * those counts. */
    w.dry = 1;
    int rc = run_lines(&w, NULL, text, len, out);
    if (rc == 0 && w.runs_found) {
        w.count = 1;
        rc = run_lines(&w, NULL, text, len, out);
    }
    if (rc == 0 && w.runs_found) {
        w.dry = 0;
        /* Simplified text has almost no Han character outside GB 2312,
         * traditional text a good part. */
        w.prefer_gb2312 = w.han >= 50 && w.han_non_gb * 50 < w.han;
        if (w.han >= 50 && w.han_non_gb * 5 > w.han && gt_mb_big5_build(&w.big5) < 0)
            rc = -1;
    }
    if (rc == 0 && w.runs_found)
        rc = run_lines(&w, &wr, text, len, out);
    if (rc == 0)
        rc = gt_writer_finish(&wr, len);

    free(w.cache.keys);
    free(w.cache.vals);
    free(w.chars);
    free(w.bytes);
    free(w.units);
    free(w.cands);
    free(w.blocks);
    free(w.dp);
    free(w.runs);
    free(w.sel);
    free(w.memo);
    free(w.memo_done);
    free(w.big5);
    gt_buf_release(&w.reps);
    return rc;
}
