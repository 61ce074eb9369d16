/* Repair pass: duplicate paragraphs and documents.
 *
 * Scrapers leave two kinds of copies, and both are removed (one edit of kind
 * GOVTEXT_EDIT_DUPLICATE each, the old text being the dropped lines with
 * their newlines):
 *
 *  1. A truncated or near copy of a paragraph right next to it (within
 *     NEAR_WINDOW lines): a page's teaser or a half-saved paragraph.  The
 *     shorter line goes, the fuller one stays.  The dropped copy is appended
 *     to ctx->dropped: it often still has the words the kept one has masked
 *     (the mask pass aligns the two) and the quotation marks it lost.
 *  2. Repeated blocks: a page saved several times over into one file.  A run
 *     of consecutive lines that each repeat an earlier line exactly is
 *     removed when it is substantial (BLOCK_MIN_CHARS content characters
 *     over BLOCK_MIN_LINES lines), and so is a single repeated line of
 *     LONG_PARAGRAPH characters (a page whose paragraph breaks were lost,
 *     saved twice).  A repeated line on its own otherwise stays: "各位代表！",
 *     section titles, photo captions and a news page's summary paragraph
 *     repeated in its body are all legitimate.
 *
 * Lines are compared by their content: Han characters, letters and digits.
 * Punctuation and quotation marks are ignored (the copy often lost “ ”), a
 * mask (** ＊＊ ×× □□ XX) becomes a wildcard that stands for up to
 * MASK_SPAN characters, and spliced SEO phrases (spam_match.c) are skipped,
 * because the spam pass, which runs later, would remove them anyway.
 *
 * A near copy must align with the START of the fuller line (a truncated copy
 * is a prefix) and all the way to its own end; a line that ends in a clause
 * mark (， 、 ； ：) is a cut copy and may be short, any other line must be at
 * least MIN_FULL_CHARS long and MIN_FULL_RATIO of the fuller one.  These rules
 * keep headings and titles that a news paragraph repeats ("…全体会议公报"
 * above "…全体会议，于…举行"), which otherwise look like truncated copies.
 *
 * Time: each line is hashed once and compared with at most NEAR_WINDOW
 * neighbours by a greedy alignment that gives up after a bounded number of
 * misses, so the pass is linear in the text.
 */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/dup_hmap.h"
#include "repair/repair.h"
#include "repair/spam_data.h"
#include "repair/spam_match.h"

#define NEAR_WINDOW 2      /* lines: a copy stands next to its original */
#define MIN_COPY_CHARS 8   /* content characters of a cut copy */
#define MIN_FULL_CHARS 20  /* ... of a copy that does not end in a clause mark */
#define MIN_CUT_RATIO 0.15 /* length of a cut copy over the fuller line */
#define MIN_FULL_RATIO 0.3 /* ... of any other copy */
#define START_SLACK 4      /* content characters the fuller line may have before the copy starts */
#define ANCHOR 3           /* characters that must agree to resume an alignment */
#define MAX_SKIP 8         /* characters skipped on one side to resume */
#define MASK_SPAN 6        /* characters a mask may stand for */
#define BLOCK_MIN_CHARS 200
#define BLOCK_MIN_LINES 3
#define LONG_PARAGRAPH 500 /* a lone repeated line this long is a saved copy */

#define WILD 1u /* a mask in the content sequence (U+0001 never is content) */

typedef struct {
    size_t start, end, next; /* bytes: the line, its end, the next line */
    size_t c0, c1;           /* its content in the content array */
    size_t chars;            /* code points of the line (blanks excluded) */
    uint32_t last;           /* its last non-blank code point */
    uint32_t masks;          /* masks in the line */
    int drop;                /* 0 keep, 1 near copy, 2 repeated block */
    size_t keeper;           /* for a near copy: the fuller line kept */
} line_t;

/* A quotation mark the kept line lost and its dropped copy still has. */
typedef struct {
    size_t at;   /* byte offset in the text: inserted before it */
    uint32_t cp; /* “ ” ‘ ’ */
} quote_t;

static int is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static uint32_t content_cp(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF5A) /* full-width digits and letters */
        cp -= 0xFEE0;
    if (is_han(cp) || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
        (cp >= 'A' && cp <= 'Z'))
        return cp;
    return 0;
}

static int is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

static int is_mask_cp(uint32_t cp)
{
    return cp == '*' || cp == 0xFF0A || cp == 0xD7 || cp == 0x25A1;
}

static int is_clause_mark(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A || cp == ',' ||
           cp == ';' || cp == ':';
}

/* Appends the content of line [s, e) to *cv; fills the line's counters. */
static int line_content(const char *t, line_t *ln, const gt_spam_starts *st, uint32_t **cv,
                        size_t *n, size_t *cap)
{
    size_t s = ln->start, e = ln->end;
    ln->c0 = *n;
    ln->chars = 0;
    ln->last = 0;
    ln->masks = 0;
    for (size_t i = s; i < e;) {
        uint32_t cp;
        size_t k = gt_utf8_next(t, e, i, &cp);
        size_t sp = gt_spam_may_start(st, cp) ? gt_spam_phrase(st, t, e, i) : i;
        if (sp > i) {
            i = sp;
            continue;
        }
        uint32_t add = 0;
        if (is_mask_cp(cp) || (cp == 'X' && i + 1 < e && t[i + 1] == 'X')) {
            /* a run of two or more mask characters is one wildcard */
            size_t j = i + k;
            uint32_t c2;
            size_t run = 1;
            while (j < e) {
                size_t k2 = gt_utf8_next(t, e, j, &c2);
                if (c2 != cp)
                    break;
                j += k2;
                run++;
            }
            if (run >= 2) {
                add = WILD;
                ln->masks++;
                ln->chars += run;
                ln->last = cp;
                i = j;
            } else {
                i += k;
                ln->chars++;
                ln->last = cp;
                continue;
            }
        } else {
            i += k;
            if (!is_blank(cp)) {
                ln->chars++;
                ln->last = cp;
            }
            add = content_cp(cp);
        }
        if (add) {
            if (*n + 1 > *cap) {
                void *p = *cv;
                if (gt_grow_array(&p, cap, *n + 1, sizeof **cv) != 0)
                    return -1;
                *cv = p;
            }
            (*cv)[(*n)++] = add;
        }
    }
    ln->c1 = *n;
    return 0;
}

static uint64_t content_hash(const uint32_t *c, size_t n)
{
    uint64_t h = 0x243f6a8885a308d3ull ^ n;
    for (size_t i = 0; i < n; i++)
        h = gt_hmix(h ^ c[i]);
    return gt_hkey(h);
}

static int same(const uint32_t *a, size_t an, size_t i, const uint32_t *b, size_t bn, size_t j,
                size_t k)
{
    if (i + k > an || j + k > bn)
        return 0;
    for (size_t x = 0; x < k; x++)
        if (a[i + x] != b[j + x] || a[i + x] == WILD)
            return 0;
    return 1;
}

/* The smallest skip (da, db), da <= maxa, db <= maxb, after which ANCHOR
 * characters agree; 0 if there is none.  With tail, fewer characters do at
 * the end of a (a copy that ends right after a masked word), and skipping
 * all of the rest of a is a match. */
static int resync(const uint32_t *a, size_t an, size_t i, const uint32_t *b, size_t bn, size_t j,
                  size_t maxa, size_t maxb, int tail, size_t *da, size_t *db)
{
    for (size_t s = 0; s <= maxa + maxb; s++)
        for (size_t x = 0; x <= s && x <= maxa; x++) {
            size_t y = s - x;
            if (y > maxb || (s == 0 && !tail))
                continue;
            size_t k = ANCHOR;
            if (tail && i + x <= an && an - (i + x) < ANCHOR)
                k = an - (i + x);
            if (i + x > an || (k == 0 && !tail))
                continue;
            if (k == 0 || same(a, an, i + x, b, bn, j + y, k)) {
                *da = x;
                *db = y;
                return 1;
            }
        }
    return 0;
}

/* Does a (the shorter line's content) align with the start of b and to its
 * own end?  Masks on either side may stand for up to MASK_SPAN characters of
 * the other; other differences are allowed for up to a twentieth of a. */
static int aligns(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
    size_t j = (size_t)-1;
    for (size_t s = 0; s <= START_SLACK; s++)
        if (same(a, an, 0, b, bn, s, ANCHOR)) {
            j = s;
            break;
        }
    if (j == (size_t)-1)
        return 0;
    size_t i = 0, miss_a = 0, miss_b = 0, limit = an / 20 + 1;
    while (i < an && j < bn) {
        if (a[i] == b[j] && a[i] != WILD) {
            i++;
            j++;
            continue;
        }
        size_t da, db;
        if (a[i] == WILD && b[j] == WILD) {
            i++;
            j++;
        } else if (b[j] == WILD) {
            /* the fuller line masks what the copy still has */
            j++;
            if (j >= bn)
                return an - i <= MASK_SPAN; /* the copy ends with the masked word */
            if (!resync(a, an, i, b, bn, j, MASK_SPAN, 0, 1, &da, &db))
                return 0;
            i += da;
        } else if (a[i] == WILD) {
            i++;
            if (i >= an)
                return 1;
            if (!resync(a, an, i, b, bn, j, 0, MASK_SPAN, 1, &da, &db))
                return 0;
            j += db;
        } else {
            if (!resync(a, an, i, b, bn, j, MAX_SKIP, MAX_SKIP, 0, &da, &db))
                return 0;
            /* A copy never changes a number: lines that differ in digits
             * are rows of a table or items of a list. */
            for (size_t k = 0; k < da; k++)
                if (a[i + k] >= '0' && a[i + k] <= '9')
                    return 0;
            for (size_t k = 0; k < db; k++)
                if (b[j + k] >= '0' && b[j + k] <= '9')
                    return 0;
            miss_a += da;
            miss_b += db;
            if (miss_a > limit || miss_b > limit)
                return 0;
            i += da;
            j += db;
        }
    }
    if (i >= an)
        return 1;
    /* b ran out first: only a masked tail of b may end the copy */
    return 0;
}

static size_t plain_chars(const uint32_t *c, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += c[i] != WILD;
    return k;
}

/* Is line x a truncated or near copy of the fuller line y? */
static int near_copy(const line_t *x, const line_t *y, const uint32_t *cv)
{
    if (!cv) /* no line has content characters (fuzz: lines of blanks) */
        return 0;
    const uint32_t *a = cv + x->c0, *b = cv + y->c0;
    size_t an = x->c1 - x->c0, bn = y->c1 - y->c0;
    size_t plain = plain_chars(a, an);
    if (plain < MIN_COPY_CHARS || y->chars == 0)
        return 0;
    double ratio = (double)x->chars / (double)y->chars;
    if (is_clause_mark(x->last)) {
        if (ratio < MIN_CUT_RATIO)
            return 0;
    } else if (plain < MIN_FULL_CHARS || ratio < MIN_FULL_RATIO) {
        return 0;
    }
    return aligns(a, an, b, bn);
}

/* Which of two near lines is the copy: the shorter; for equal lengths the
 * one with more masks, else the later one. */
static void pair(line_t *L, size_t i, size_t j, const uint32_t *cv)
{
    line_t *p = &L[i], *q = &L[j];
    line_t *copy, *full;
    if (p->chars < q->chars || (p->chars == q->chars && p->masks > q->masks)) {
        copy = p;
        full = q;
    } else {
        copy = q;
        full = p;
    }
    if (near_copy(copy, full, cv)) {
        copy->drop = 1;
        copy->keeper = (size_t)(full - L);
    }
}

/* ------------------------------------------------- lost quotation marks */

static int is_quote(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019;
}

/* Punctuation compared loosely: the copy and the kept line may differ in
 * half- and full-width forms. */
static uint32_t fold_punct(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    if (cp == 0x3002)
        return '.';
    if (cp == 0x3001)
        return ',';
    return cp;
}

typedef struct {
    uint32_t *cp;
    size_t *at;
    size_t n, cap, cap2;
} cps_t;

/* The code points of [s, e) without spliced SEO phrases, with offsets. */
static int line_cps(const char *t, size_t s, size_t e, const gt_spam_starts *st, cps_t *o)
{
    o->n = 0;
    for (size_t i = s; i < e;) {
        uint32_t first;
        gt_utf8_next(t, e, i, &first);
        size_t sp = gt_spam_may_start(st, first) ? gt_spam_phrase(st, t, e, i) : i;
        if (sp > i) {
            i = sp;
            continue;
        }
        void *p = o->cp, *q = o->at;
        if (gt_grow_array(&p, &o->cap, o->n + 1, sizeof *o->cp) != 0)
            return -1;
        o->cp = p;
        if (gt_grow_array(&q, &o->cap2, o->n + 1, sizeof *o->at) != 0)
            return -1;
        o->at = q;
        o->at[o->n] = i;
        i += gt_utf8_next(t, e, i, &o->cp[o->n]);
        o->n++;
    }
    return 0;
}

static int raw_same(const cps_t *a, size_t i, const cps_t *b, size_t j, size_t k)
{
    if (i + k > a->n || j + k > b->n)
        return 0;
    for (size_t x = 0; x < k; x++)
        if (fold_punct(a->cp[i + x]) != fold_punct(b->cp[j + x]))
            return 0;
    return 1;
}

/* Walks the dropped copy a along the kept line b and records every
 * quotation mark of a that b lacks between two characters that agree on
 * both sides.  Other differences (a masked word, a lost comma) are stepped
 * over; the walk stops where the two cannot be realigned. */
static int lost_quotes(const cps_t *a, const cps_t *b, quote_t **q, size_t *nq, size_t *capq)
{
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        uint32_t x = fold_punct(a->cp[i]), y = fold_punct(b->cp[j]);
        if (x == y) {
            i++;
            j++;
            continue;
        }
        if (is_quote(a->cp[i]) && !is_quote(b->cp[j]) && i + 1 < a->n &&
            fold_punct(a->cp[i + 1]) == y &&
            ((i == 0 && j == 0) ||
             (i > 0 && j > 0 && fold_punct(a->cp[i - 1]) == fold_punct(b->cp[j - 1])))) {
            void *p = *q;
            if (gt_grow_array(&p, capq, *nq + 1, sizeof **q) != 0)
                return -1;
            *q = p;
            (*q)[(*nq)++] = (quote_t){b->at[j], a->cp[i]};
            i++;
            continue;
        }
        if (is_quote(b->cp[j])) {
            j++;
            continue;
        }
        int found = 0;
        for (size_t st = 1; st <= 2 * MAX_SKIP && !found; st++)
            for (size_t da = 0; da <= st && da <= MAX_SKIP; da++) {
                size_t db = st - da;
                if (db <= MAX_SKIP && raw_same(a, i + da, b, j + db, ANCHOR)) {
                    i += da;
                    j += db;
                    found = 1;
                    break;
                }
            }
        if (!found)
            break;
    }
    return 0;
}

static int cmp_quote(const void *x, const void *y)
{
    size_t a = ((const quote_t *)x)->at, b = ((const quote_t *)y)->at;
    return a < b ? -1 : a > b;
}

static int append_dropped(gt_repair_ctx *ctx, const char *t, size_t a, size_t b)
{
    if (gt_buf_append(&ctx->dropped, t + a, b - a) != 0)
        return -1;
    if (b == a || t[b - 1] != '\n')
        return gt_buf_putc(&ctx->dropped, '\n');
    return 0;
}

int gt_repair_duplicate(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    line_t *L = NULL;
    size_t nl = 0, capl = 0;
    uint32_t *cv = NULL;
    size_t ncv = 0, capcv = 0;
    gt_hmap seen;
    gt_hmap_init(&seen);
    cps_t ca = {0}, cb = {0};
    quote_t *qs = NULL;
    /* 8 KiB: on the heap, as the pass may run on a small thread stack */
    gt_spam_starts *starts = malloc(sizeof *starts);
    size_t nq = 0, capq = 0;
    int rc = -1;
    if (!starts)
        goto done;
    gt_spam_starts_init(starts, GT_SPAM_CITY);

    for (size_t s = 0; s < len;) {
        const char *p = memchr(text + s, '\n', len - s);
        size_t e = p ? (size_t)(p - text) : len;
        void *q = L;
        if (gt_grow_array(&q, &capl, nl + 1, sizeof *L) != 0)
            goto done;
        L = q;
        memset(&L[nl], 0, sizeof *L);
        L[nl].start = s;
        L[nl].end = e;
        L[nl].next = p ? e + 1 : len;
        if (line_content(text, &L[nl], starts, &cv, &ncv, &capcv) != 0)
            goto done;
        nl++;
        s = p ? e + 1 : len;
    }

    /* Near copies: each line against the next NEAR_WINDOW lines. */
    for (size_t i = 0; i < nl; i++)
        for (size_t j = i + 1; j < nl && j <= i + NEAR_WINDOW; j++)
            if (!L[i].drop && !L[j].drop)
                pair(L, i, j, cv);

    /* Repeated lines, then the runs of them that are substantial. */
    uint8_t *rep = calloc(nl ? nl : 1, 1);
    if (!rep)
        goto done;
    for (size_t i = 0; i < nl; i++) {
        size_t n = L[i].c1 - L[i].c0;
        if (n == 0 || L[i].drop)
            continue;
        uint32_t *v = gt_hmap_get(&seen, content_hash(cv + L[i].c0, n));
        if (!v) {
            free(rep);
            goto done;
        }
        if (*v)
            rep[i] = 1;
        else
            *v = 1;
    }
    for (size_t i = 0; i < nl;) {
        if (!rep[i]) {
            i++;
            continue;
        }
        size_t j = i, chars = 0, lines = 0, longest = 0;
        /* a run may step over lines already dropped as near copies and over
         * empty lines */
        while (j < nl && (rep[j] || L[j].drop || L[j].c1 == L[j].c0)) {
            size_t n = L[j].c1 - L[j].c0;
            if (rep[j]) {
                chars += n;
                lines++;
                if (n > longest)
                    longest = n;
            }
            j++;
        }
        if ((chars >= BLOCK_MIN_CHARS && lines >= BLOCK_MIN_LINES) || longest >= LONG_PARAGRAPH)
            for (size_t k = i; k < j; k++)
                if (rep[k] || (L[k].c1 == L[k].c0 && k > i && k + 1 < j))
                    L[k].drop = 2;
        i = j;
    }
    free(rep);

    /* Quotation marks the kept line lost and a dropped copy of it has. */
    for (size_t i = 0; i < nl; i++) {
        if (L[i].drop != 1 || L[L[i].keeper].drop)
            continue;
        const line_t *k = &L[L[i].keeper];
        if (line_cps(text, L[i].start, L[i].end, starts, &ca) != 0 ||
            line_cps(text, k->start, k->end, starts, &cb) != 0 || lost_quotes(&ca, &cb, &qs, &nq, &capq) != 0)
            goto done;
    }
    if (nq > 1)
        qsort(qs, nq, sizeof *qs, cmp_quote);

    gt_writer w;
    gt_writer_init(&w, text, out);
    size_t qi = 0;
    for (size_t i = 0; i < nl;) {
        if (!L[i].drop) {
            for (; qi < nq && qs[qi].at < L[i].next; qi++) {
                if (qi > 0 && qs[qi].at == qs[qi - 1].at)
                    continue; /* two copies lent the same mark */
                char u[4];
                size_t n = gt_utf8_encode(qs[qi].cp, u);
                if (gt_writer_replace(&w, qs[qi].at, qs[qi].at, u, n, GOVTEXT_EDIT_QUOTE, 0.8) != 0)
                    goto done;
                out->counts[GOVTEXT_COUNT_QUOTE]++;
            }
            i++;
            continue;
        }
        /* consecutive dropped lines of the same kind make one edit */
        size_t j = i + 1;
        while (j < nl && L[j].drop == L[i].drop && L[i].drop == 2)
            j++;
        size_t a = L[i].start, b = L[j - 1].next;
        double conf = L[i].drop == 2 ? 0.95 : 0.9;
        if (append_dropped(ctx, text, a, b) != 0 ||
            gt_writer_replace(&w, a, b, "", 0, GOVTEXT_EDIT_DUPLICATE, conf) != 0)
            goto done;
        out->counts[GOVTEXT_COUNT_DUPLICATE]++;
        i = j;
    }
    rc = gt_writer_finish(&w, len);
done:
    free(starts);
    free(L);
    free(cv);
    free(ca.cp);
    free(ca.at);
    free(cb.cp);
    free(cb.at);
    free(qs);
    gt_hmap_release(&seen);
    return rc;
}
