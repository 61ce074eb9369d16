/* Repair pass: punct (runs last).
 *
 * Writes half-width punctuation in Chinese text full-width.  Two sources of
 * half-width marks need it:
 *
 *  - The canonical form itself: a half-width , ; : ? ! between Chinese
 *    characters (Han or CJK punctuation on both sides), a "(" before a Han
 *    character and after Chinese or the line start, a ")" after a Han
 *    character and before Chinese or the line end, are written
 *    full-width.  This is a documented normalisation and always applied.
 *
 *  - Scraping damage: a page (or its converter) wrote some kinds of
 *    full-width marks half-width, "。" as ".", "，" as ",", including where a
 *    neighbour is a digit, a % or the line end, which the canonical rule
 *    leaves alone.  Those are repaired only where the document shows the
 *    damage: several half-width marks standing between Chinese characters,
 *    and they are a real share of its punctuation.  Clean text has next to
 *    none, so a "1." list label, a "3.5", a "10:30", a URL or an English
 *    sentence stays as it is.
 *
 * Two more repairs need no such evidence, because clean text never has
 * them: a "." between Han characters (an ellipsis "..." excepted) is a "。",
 * and a ")" whose partner is "（" takes its width ("（详见附件1)").  A "("
 * before a "）" does so only in damaged text: the canonical rule itself
 * writes "(2010-2020年)" as "(2010-2020年）".  Quotation marks are not
 * touched here.
 */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/layout_chars.h"
#include "repair/repair.h"

#define NO_CHAR 0xFFFFFFFFu /* before the line start, after the line end */
#define NO_PAREN SIZE_MAX

/* Why a mark was converted, and how sure that is. */
enum { WHY_CANON = 1, WHY_PAIR, WHY_STOP, WHY_EVIDENCE };

static double why_confidence(unsigned why)
{
    switch (why) {
    case WHY_CANON:
        return 1.0;
    case WHY_PAIR:
        return 0.95;
    case WHY_STOP:
        return 0.9;
    default:
        return 0.8;
    }
}

static int is_cjk_punct(uint32_t c)
{
    switch (c) {
    case 0xFF0C: /* ， */ case 0x3002: /* 。 */ case 0x3001: /* 、 */ case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */ case 0xFF1F: /* ？ */ case 0xFF01: /* ！ */ case 0x201C: /* “ */
    case 0x201D: /* ” */ case 0x2018: /* ‘ */ case 0x2019: /* ’ */ case 0xFF08: /* （ */
    case 0xFF09: /* ） */ case 0x300A: /* 《 */ case 0x300B: /* 》 */ case 0x3008: /* 〈 */
    case 0x3009: /* 〉 */ case 0x3010: /* 【 */ case 0x3011: /* 】 */ case 0x300C: /* 「 */
    case 0x300D: /* 」 */ case 0x300E: /* 『 */ case 0x300F: /* 』 */ case 0x2026: /* … */
    case 0x2014: /* — */ case 0xFF5E: /* ～ */ case 0x00B7: /* · */
        return 1;
    default:
        return 0;
    }
}

/* Chinese: a Han character or CJK punctuation (not the line ends). */
static int is_cjk(uint32_t c)
{
    return c != NO_CHAR && (gt_lay_is_han(c) || is_cjk_punct(c));
}

static int is_cjk_open(uint32_t c)
{
    return c == 0x201C || c == 0x2018 || c == 0xFF08 || c == 0x300A || c == 0x3008 ||
           c == 0x3010 || c == 0x300C || c == 0x300E;
}

static int is_cjk_close(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == 0xFF09 || c == 0x300B || c == 0x3009 ||
           c == 0x3011 || c == 0x300D || c == 0x300F;
}

static int is_percent(uint32_t c)
{
    return c == '%' || c == 0xFF05;
}

/* A stand-in for Chinese: a mask over a censored word (××, □□, ＊＊) or
 * the replacement character where a Chinese character was lost.  It counts
 * as Chinese next to a mark in damaged text. */
static int is_stand_in(uint32_t c)
{
    return c == 0xD7 || c == 0x25A1 || c == 0xFF0A || c == 0xFFFD;
}

/* The full-width form of a mark this pass handles, or 0. */
static uint32_t full_form(uint32_t c)
{
    switch (c) {
    case ',': return 0xFF0C;
    case ';': return 0xFF1B;
    case ':': return 0xFF1A;
    case '?': return 0xFF1F;
    case '!': return 0xFF01;
    case '(': return 0xFF08;
    case ')': return 0xFF09;
    case '.': return 0x3002;
    default: return 0;
    }
}

static uint32_t next_char(const char *text, size_t end, size_t *i)
{
    if (*i >= end)
        return NO_CHAR;
    uint32_t c;
    *i += gt_utf8_next(text, end, *i, &c);
    return c;
}

/* Counts, in the line [ls, le), half-width marks standing between Chinese
 * characters (a "." between Han) and full-width marks of the same kinds. */
static void count_marks(const char *text, size_t ls, size_t le, size_t *strong, size_t *full)
{
    size_t i = ls;
    uint32_t p = NO_CHAR;
    uint32_t c = next_char(text, le, &i);
    while (c != NO_CHAR) {
        uint32_t q = next_char(text, le, &i);
        if (c == '.') {
            if (p != NO_CHAR && q != NO_CHAR && gt_lay_is_han(p) && gt_lay_is_han(q))
                (*strong)++;
        } else if (c == ',' || c == ';' || c == ':' || c == '?' || c == '!') {
            if (is_cjk(p) && is_cjk(q))
                (*strong)++;
        } else if (c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0xFF1F ||
                   c == 0xFF01) {
            (*full)++;
        }
        p = c;
        c = q;
    }
}

/* Evidence of damage: several half-width marks between Chinese characters,
 * and a real share (a tenth) of the document's marks of those kinds. */
static int has_damage(const char *text, size_t len)
{
    size_t strong = 0, full = 0;
    size_t ls = 0;
    while (ls < len) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        count_marks(text, ls, le, &strong, &full);
        ls = nl ? le + 1 : len;
    }
    return strong >= 3 && strong * 10 >= strong + full;
}

typedef struct paren {
    size_t off;       /* byte offset in the text */
    uint32_t orig;    /* ( ) （ ） as found */
    uint32_t now;     /* as decided */
    uint32_t prev;    /* the character before it, as decided */
    size_t partner;   /* the matching paren, or NO_PAREN */
} paren;

typedef struct decision {
    size_t off;
    uint32_t to;
    unsigned why;
} decision;

typedef struct punct_work {
    paren *pv;
    size_t pn, pcap;
    decision *dv;
    size_t dn, dcap;
} punct_work;

static int add_decision(punct_work *wk, size_t off, uint32_t to, unsigned why)
{
    void *grown = wk->dv;
    if (gt_grow_array(&grown, &wk->dcap, wk->dn + 1, sizeof *wk->dv) != 0)
        return -1;
    wk->dv = grown;
    wk->dv[wk->dn++] = (decision){off, to, why};
    return 0;
}

/* Collects the line's parentheses and pairs them, any opener with any
 * closer, so that a pair of mixed widths shows.  The open ones awaiting
 * their closer are chained through `partner`, so pairing needs no stack of
 * its own. */
static int pair_parens(const char *text, size_t ls, size_t le, punct_work *wk)
{
    wk->pn = 0;
    size_t top = NO_PAREN;
    for (size_t i = ls; i < le;) {
        size_t at = i;
        uint32_t c = next_char(text, le, &i);
        int open = c == '(' || c == 0xFF08, close = c == ')' || c == 0xFF09;
        if (!open && !close)
            continue;
        void *grown = wk->pv;
        if (gt_grow_array(&grown, &wk->pcap, wk->pn + 1, sizeof *wk->pv) != 0)
            return -1;
        wk->pv = grown;
        size_t k = wk->pn++;
        paren *pp = &wk->pv[k];
        pp->off = at;
        pp->orig = pp->now = c;
        pp->prev = NO_CHAR;
        if (open) {
            pp->partner = top;
            top = k;
        } else if (top != NO_PAREN) {
            size_t j = top;
            top = wk->pv[j].partner;
            wk->pv[j].partner = k;
            pp->partner = j;
        } else {
            pp->partner = NO_PAREN;
        }
    }
    while (top != NO_PAREN) {
        size_t below = wk->pv[top].partner;
        wk->pv[top].partner = NO_PAREN;
        top = below;
    }
    return 0;
}

static int cmp_decision(const void *a, const void *b)
{
    const decision *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Decides the marks of one line [ls, le) and writes them. */
static int repair_line(gt_writer *w, const char *text, size_t ls, size_t le, int damaged,
                       punct_work *wk)
{
    if (pair_parens(text, ls, le, wk) != 0)
        return -1;
    wk->dn = 0;
    size_t k = 0; /* the next paren */
    /* A window over the line: p (as decided), c at `at`, q and q2 as found. */
    uint32_t p = NO_CHAR;
    size_t i = ls;
    size_t at = i;
    uint32_t c = next_char(text, le, &i);
    size_t at_q = i;
    uint32_t q = next_char(text, le, &i);
    size_t at_q2 = i;
    uint32_t q2 = next_char(text, le, &i);
    /* the character before the run of digits and "." that ends just
     * before c, for "2.12." ending a sentence */
    uint32_t before_run = NO_CHAR;
    int in_run = 0;
    while (c != NO_CHAR) {
        uint32_t to = 0;
        unsigned why = 0;
        paren *pp = NULL;
        if (c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09) {
            pp = &wk->pv[k++];
            pp->prev = p;
        }
        if (c == '(') {
            if (gt_lay_is_han(q) && (p == NO_CHAR || is_cjk(p)))
                why = WHY_CANON;
            else if (damaged && pp->partner != NO_PAREN && wk->pv[pp->partner].orig == 0xFF09)
                /* only in damaged text: the canonical form itself leaves
                 * "(2010-2020年）" mixed, and must stay as it is */
                why = WHY_PAIR;
        } else if (c == ')') {
            if (p != NO_CHAR && gt_lay_is_han(p) && (q == NO_CHAR || is_cjk(q)))
                why = WHY_CANON;
            else if (pp->partner != NO_PAREN && wk->pv[pp->partner].now == 0xFF08)
                why = WHY_PAIR;
        } else if (c == '.') {
            /* "..." is an ellipsis, never a full stop */
            if (p != '.' && q != '.' && p != NO_CHAR) {
                int q_open = is_cjk_open(q) || (q == '(' && gt_lay_is_han(q2));
                int p_han = gt_lay_is_han(p);
                if (q != NO_CHAR && ((p_han && (gt_lay_is_han(q) || q_open || is_cjk_close(q))) ||
                                     (is_cjk_close(p) && (gt_lay_is_han(q) || q_open))))
                    why = WHY_STOP;
                else if (damaged &&
                         (p_han || is_cjk_close(p) || is_percent(p) || is_stand_in(p)) &&
                         (q == NO_CHAR || gt_lay_is_han(q) || is_cjk_open(q) ||
                          (gt_lay_is_digit(q) && p_han)))
                    why = WHY_EVIDENCE;
                else if (damaged && gt_lay_is_digit(p) && gt_lay_is_han(q) && in_run &&
                         before_run != NO_CHAR && is_cjk(before_run))
                    /* "...增长2.12.开放..." but not a "1." list label */
                    why = WHY_EVIDENCE;
            }
        } else if (full_form(c)) { /* , ; : ? ! */
            if (is_cjk(p) && is_cjk(q)) {
                why = WHY_CANON;
            } else if (damaged && !(c == ':' && gt_lay_is_digit(p) && gt_lay_is_digit(q))) {
                int p_ok = p != NO_CHAR && (is_cjk(p) || is_percent(p) || is_stand_in(p) ||
                                            (gt_lay_is_digit(p) && gt_lay_is_han(q)));
                int q_ok = q == NO_CHAR || is_cjk(q) || gt_lay_is_digit(q) ||
                           gt_lay_is_ascii_letter(q) || q == '(';
                if (p_ok && q_ok)
                    why = WHY_EVIDENCE;
            }
        }
        if (why) {
            to = full_form(c);
            if (add_decision(wk, at, to, why) != 0)
                return -1;
            if (pp)
                pp->now = to;
        }
        /* slide the window */
        uint32_t decided = to ? to : c;
        int digitish = gt_lay_is_digit(c) || c == '.';
        if (digitish && !in_run) {
            before_run = p;
            in_run = 1;
        } else if (!digitish) {
            in_run = 0;
        }
        p = decided;
        at = at_q;
        c = q;
        at_q = at_q2;
        q = q2;
        at_q2 = i;
        q2 = next_char(text, le, &i);
    }
    /* Where the text is damaged, an opener whose closer was converted goes
     * with it: "(2024年7月18日）". */
    size_t before = wk->dn;
    if (damaged) {
        for (size_t j = 0; j < wk->pn; j++) {
            paren *pp = &wk->pv[j];
            if (pp->orig == '(' && pp->now == '(' && pp->partner != NO_PAREN &&
                wk->pv[pp->partner].now == 0xFF09 && (pp->prev == NO_CHAR || is_cjk(pp->prev))) {
                pp->now = 0xFF08;
                if (add_decision(wk, pp->off, 0xFF08, WHY_PAIR) != 0)
                    return -1;
            }
        }
    }
    if (wk->dn > before)
        qsort(wk->dv, wk->dn, sizeof *wk->dv, cmp_decision);
    for (size_t j = 0; j < wk->dn; j++) {
        char buf[4];
        size_t n = gt_utf8_encode(wk->dv[j].to, buf);
        /* every mark handled here is one ASCII byte */
        if (gt_writer_replace(w, wk->dv[j].off, wk->dv[j].off + 1, buf, n, GOVTEXT_EDIT_PUNCT,
                              why_confidence(wk->dv[j].why)) != 0)
            return -1;
        w->out->counts[GOVTEXT_COUNT_PUNCT]++;
    }
    return 0;
}

/* Bytes that can start a mark this pass converts: lines without any are
 * skipped unread. */
static int has_candidate(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char b = s[i];
        if (b == ',' || b == ';' || b == ':' || b == '?' || b == '!' || b == '(' || b == ')' ||
            b == '.')
            return 1;
    }
    return 0;
}

int gt_repair_punct(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    (void)ctx;
    int damaged = has_damage(text, len);
    punct_work wk;
    memset(&wk, 0, sizeof wk);
    gt_writer w;
    gt_writer_init(&w, text, out);
    int rc = -1;
    size_t ls = 0;
    while (ls < len) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        if (has_candidate(text + ls, le - ls) && repair_line(&w, text, ls, le, damaged, &wk) != 0)
            goto done;
        ls = nl ? le + 1 : len;
    }
    rc = gt_writer_finish(&w, len);
done:
    free(wk.pv);
    free(wk.dv);
    return rc;
}
