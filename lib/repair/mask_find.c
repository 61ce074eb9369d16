/* The mask pass: finding the masks.  A run of *, ＊, ×, □ or X is a mask
 * only where it can be one: not "XX" inside Latin text, not "××" between
 * digits (a product), not a "**…**" markdown heading or a line of separator
 * stars, and it must touch a Han character or Chinese punctuation.  Each
 * mask keeps CTX characters of context on each side. */
#include "repair/mask_restore.h"

#include "common/utf8.h"

int gt_mask_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static int is_cjk_punct(uint32_t cp)
{
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026 ||
           cp == 0x2014 || cp == 0xFF5E;
}

static int is_latin_or_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static int is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int is_mask_cp(uint32_t cp)
{
    return cp == '*' || cp == 0xFF0A || cp == 0xD7 || cp == 0x25A1 || cp == 'X';
}

/* The code point before byte i (i > lo), and where it starts. */
static uint32_t prev_cp(const char *t, size_t lo, size_t i, size_t *start)
{
    size_t s = i - 1;
    while (s > lo && ((unsigned char)t[s] & 0xC0) == 0x80)
        s--;
    uint32_t cp;
    gt_utf8_next(t, i, s, &cp);
    *start = s;
    return cp;
}

/* The end of the run of code point cp that starts at i (within [i, le)). */
static size_t run_end(const char *t, size_t le, size_t i, uint32_t cp, size_t *count)
{
    size_t n = 0;
    while (i < le) {
        uint32_t c;
        size_t k = gt_utf8_next(t, le, i, &c);
        if (c != cp)
            break;
        i += k;
        n++;
    }
    *count = n;
    return i;
}

/* Fills the mask's context: up to CTX code points either side on its line,
 * stopping at another mask; a line start or end is '\n' (and ends it). */
static void context(const char *t, size_t ls, size_t le, mask_t *m)
{
    m->nl = m->nr = 0;
    size_t i = m->a;
    while (m->nl < CTX) {
        if (i <= ls) {
            m->l[CTX - 1 - m->nl++] = '\n';
            break;
        }
        size_t s;
        uint32_t cp = prev_cp(t, ls, i, &s);
        if (is_mask_cp(cp) && cp != 'X')
            break;
        m->l[CTX - 1 - m->nl++] = cp;
        i = s;
    }
    i = m->b;
    while (m->nr < CTX) {
        if (i >= le) {
            m->r[m->nr++] = '\n';
            break;
        }
        uint32_t cp;
        size_t k = gt_utf8_next(t, le, i, &cp);
        if (is_mask_cp(cp) && cp != 'X')
            break;
        m->r[m->nr++] = cp;
        i += k;
    }
}

/* Whether the line s[0, n) has a mask character at all (* X ＊ × □), by
 * its bytes: most lines have none and need not be decoded. */
int gt_mask_line_may_hold(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        switch (u[i]) {
        case '*': case 'X': case 0xC3: /* × is C3 97 */
            return 1;
        case 0xEF: /* ＊ is EF BC 8A */
            if (i + 2 < n && u[i + 1] == 0xBC && u[i + 2] == 0x8A)
                return 1;
            break;
        case 0xE2: /* □ is E2 96 A1 */
            if (i + 2 < n && u[i + 1] == 0x96 && u[i + 2] == 0xA1)
                return 1;
            break;
        default:
            break;
        }
    }
    return 0;
}

/* Whether the bytes a b c occur in s[0, n) (found by c, the rarest). */
static int has_seq(const char *s, size_t n, unsigned char a, unsigned char b, unsigned char c)
{
    if (n < 3)
        return 0;
    for (const char *p = s + 2; p < s + n; p++) {
        p = memchr(p, c, (size_t)(s + n - p));
        if (!p)
            return 0;
        if ((unsigned char)p[-2] == a && (unsigned char)p[-1] == b)
            return 1;
    }
    return 0;
}

/* gt_mask_line_may_hold() of the whole text, with memchr: most documents have no
 * mask character anywhere. */
int gt_mask_text_may_hold(const char *s, size_t n)
{
    return memchr(s, '*', n) || memchr(s, 'X', n) || memchr(s, 0xC3, n) ||
           has_seq(s, n, 0xEF, 0xBC, 0x8A) || has_seq(s, n, 0xE2, 0x96, 0xA1);
}

/* The masks of line [ls, le). */
int gt_mask_find(state *S, size_t ls, size_t le)
{
    const char *t = S->text;
    size_t found0 = S->nm;
    int only_masks = 1; /* a line of nothing but mask characters is a separator */
    size_t stars_runs = 0, first_star_at = (size_t)-1, last_star_end = 0;
    for (size_t i = ls; i < le;) {
        uint32_t cp;
        size_t k = gt_utf8_next(t, le, i, &cp);
        if (!is_mask_cp(cp)) {
            if (cp != ' ' && cp != 0x3000 && cp != '\t')
                only_masks = 0;
            i += k;
            continue;
        }
        size_t count;
        size_t e = run_end(t, le, i, cp, &count);
        int ok = count >= 2;
        uint32_t before = 0, after = 0;
        size_t s;
        if (i > ls)
            before = prev_cp(t, ls, i, &s);
        if (e < le)
            gt_utf8_next(t, le, e, &after);
        if (cp == 'X') /* XX, but not XXL or MAXX */
            ok = count == 2 && !is_latin_or_digit(before) && !is_latin_or_digit(after);
        if (cp == 0xD7 && is_digit(before) && is_digit(after)) /* 3××4 */
            ok = 0;
        /* a mask stands where a Chinese word stood */
        if (ok && !(gt_mask_is_han(before) || is_cjk_punct(before) || gt_mask_is_han(after) || is_cjk_punct(after)))
            ok = 0;
        if (cp == '*' && count >= 2) {
            if (stars_runs == 0)
                first_star_at = i;
            last_star_end = e;
            stars_runs++;
        }
        if (ok) {
            void *p = S->m;
            if (gt_grow_array(&p, &S->capm, S->nm + 1, sizeof *S->m) != 0)
                return -1;
            S->m = p;
            mask_t *m = &S->m[S->nm++];
            memset(m, 0, sizeof *m);
            m->a = i;
            m->b = e;
            context(t, ls, le, m);
        }
        i = e;
    }
    /* "**一、总体要求**": a markdown heading, not two masks (the stars open
     * the line and close it, but for blanks or a colon) */
    int heading = 0;
    if (stars_runs == 2) {
        size_t f = ls, l = le;
        while (f < l && (t[f] == ' ' || t[f] == '\t'))
            f++;
        while (l > f && (t[l - 1] == ' ' || t[l - 1] == '\t' || t[l - 1] == ':'))
            l--;
        if (l >= f + 3 && memcmp(t + l - 3, "\xEF\xBC\x9A", 3) == 0) /* ： */
            l -= 3;
        heading = first_star_at == f && last_star_end == l;
    }
    if (only_masks || heading) {
        size_t keep = found0;
        for (size_t k = found0; k < S->nm; k++) {
            uint32_t cp;
            gt_utf8_next(t, le, S->m[k].a, &cp);
            if (cp != '*' && !only_masks)
                S->m[keep++] = S->m[k];
        }
        S->nm = keep;
    }
    return 0;
}
