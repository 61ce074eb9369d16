/* The mojibake pass (mojibake.c): choosing the value of a damaged
 * character that lost bytes, by context.  The candidates (mojibake_holes.c)
 * are ranked by a bigram model of the document itself (pairs of characters
 * that came out certain in a dry pass), backed off to the unigram model,
 * with candidates of the wrong script made unlikely and a pinyin gloss
 * after the character, if any, consulted. */
#include <stdlib.h>
#include <string.h>

#include "repair/mojibake.h"
#include "repair/pinyin_readings.h"

#define EMPTY_KEY UINT64_MAX

static size_t cache_slot(const mb_cache *c, uint64_t key)
{
    /* Fibonacci hashing: the top bits of the product mix every key bit. */
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> c->shift);
    while (c->keys[i] != key && c->keys[i] != EMPTY_KEY)
        i = (i + 1) & (c->cap - 1);
    return i;
}

uint32_t gt_mb_cache_get(const mb_cache *c, uint32_t a, uint32_t b)
{
    if (!c->cap)
        return 0;
    size_t i = cache_slot(c, (uint64_t)a << 32 | b);
    return c->keys[i] == EMPTY_KEY ? 0 : c->vals[i];
}

int gt_mb_cache_add(mb_cache *c, uint32_t a, uint32_t b)
{
    if (2 * (c->n + 1) > c->cap) {
        size_t ncap = c->cap ? 2 * c->cap : 1024;
        unsigned shift = 64;
        for (size_t k = ncap; k > 1; k >>= 1)
            shift--;
        mb_cache g = {malloc(ncap * sizeof *g.keys), malloc(ncap * sizeof *g.vals), ncap, c->n,
                      shift};
        if (!g.keys || !g.vals) {
            free(g.keys);
            free(g.vals);
            return -1;
        }
        memset(g.keys, 0xFF, ncap * sizeof *g.keys);
        for (size_t i = 0; i < c->cap; i++)
            if (c->keys[i] != EMPTY_KEY) {
                size_t j = cache_slot(&g, c->keys[i]);
                g.keys[j] = c->keys[i];
                g.vals[j] = c->vals[i];
            }
        free(c->keys);
        free(c->vals);
        *c = g;
    }
    uint64_t key = (uint64_t)a << 32 | b;
    size_t i = cache_slot(c, key);
    if (c->keys[i] == EMPTY_KEY) {
        c->keys[i] = key;
        c->vals[i] = 0;
        c->n++;
    }
    if (c->vals[i] < UINT32_MAX)
        c->vals[i]++;
    return 0;
}

static int certain(const mb_unit *x)
{
    return x->kind == U_ASCII || (x->kind == U_CHAR && !x->holes);
}

/* The letter a toned pinyin vowel is written on, in Unihan's spelling
 * (u-umlaut 'v'); 0 for anything else. */
static char toneless(uint32_t c)
{
    switch (c) {
    case 0x00E0: case 0x00E1: case 0x0101: case 0x01CE:
        return 'a';
    case 0x00E8: case 0x00E9: case 0x0113: case 0x011B: case 0x00EA:
        return 'e';
    case 0x00EC: case 0x00ED: case 0x012B: case 0x01D0:
        return 'i';
    case 0x00F2: case 0x00F3: case 0x014D: case 0x01D2:
        return 'o';
    case 0x00F9: case 0x00FA: case 0x016B: case 0x01D4:
        return 'u';
    case 0x00FC: case 0x01D6: case 0x01D8: case 0x01DA: case 0x01DC:
        return 'v';
    case 0x0144: case 0x0148: case 0x01F9:
        return 'n';
    default:
        return 0;
    }
}

/* The pinyin gloss right after unit u ("(guī)", "(gui1)", "（guī）") as a
 * toneless syllable, '?' for a letter that is itself damaged.  Returns its
 * length, or 0 if no gloss follows. */
static size_t gloss_after(const mb_work *w, size_t u, char *syl)
{
    size_t k = u + 1;
    if (k >= w->nu || (w->units[k].cp != '(' && w->units[k].cp != 0xFF08))
        return 0;
    size_t n = 0;
    for (k++; k < w->nu && n <= GT_PINYIN_SYL_MAX; k++) {
        const mb_unit *x = &w->units[k];
        uint32_t c = x->cp >= 'A' && x->cp <= 'Z' ? x->cp + 32 : x->cp;
        char base = x->holes ? '?' : (c >= 'a' && c <= 'z') ? (char)c : toneless(c);
        if (!base)
            break;
        syl[n++] = base;
    }
    if (k < w->nu && w->units[k].cp >= '1' && w->units[k].cp <= '5')
        k++; /* a tone digit */
    if (n == 0 || n > GT_PINYIN_SYL_MAX || k >= w->nu ||
        (w->units[k].cp != ')' && w->units[k].cp != 0xFF09))
        return 0;
    syl[n] = '\0';
    return n;
}

/* Whether cp has a reading spelled syl ('?' matches any letter). */
static int has_reading(uint32_t cp, const char *syl, size_t n)
{
    const uint16_t *r;
    size_t nr = gt_pinyin_readings(cp, &r);
    for (size_t i = 0; i < nr; i++) {
        const char *s = gt_pinyin_syllables[GT_PINYIN_SYL(r[i])];
        size_t k = 0;
        while (k < n && s[k] && (syl[k] == '?' || syl[k] == s[k]))
            k++;
        if (k == n && !s[k])
            return 1;
    }
    return 0;
}

/* The most likely candidate of damaged unit u given its certain neighbours:
 * P(c | left) P(right | c) from the document's bigram counts, smoothed
 * with the unigram model, and the reading of a pinyin gloss after it; U+FFFD
 * if none holds GUESS_MIN.  *risk gets the probability that the choice is
 * wrong. */
uint32_t gt_mb_resolve(const mb_work *w, size_t u, double *risk)
{
    const mb_unit *x = &w->units[u];
    *risk = 0.0;
    if (w->dry || x->cand_n == 0)
        return 0xFFFD;
    const mb_cand *cand = w->cands + x->cand_off;
    int has_l = u > 0 ? certain(&w->units[u - 1]) : w->at_start;
    int has_r = u + 1 < w->nu ? certain(&w->units[u + 1]) : w->at_end;
    uint32_t l = !has_l ? 0 : u > 0 ? w->units[u - 1].cp : LINE_START;
    uint32_t rr = !has_r ? 0 : u + 1 < w->nu ? w->units[u + 1].cp : LINE_END;
    double nl = has_l ? (double)gt_mb_cache_get(&w->cache, l, UNIGRAM) : 0.0;
    double pr_uni = has_r ? pow2_quarter_neg(gt_char_cost(rr == LINE_END ? '\n' : rr)) : 0.0;
    char syl[GT_PINYIN_SYL_MAX + 2];
    size_t sl = gloss_after(w, u, syl);
    double sum = 0.0, best = 0.0;
    uint32_t best_cp = 0xFFFD;
    for (uint32_t i = 0; i < x->cand_n; i++) {
        uint32_t c = cand[i].cp;
        int64_t cost = cand[i].cost;
        if (c >= 0x3400 && c <= 0x9FFF &&
            ((w->prefer_gb2312 && !gb2312_han(c)) ||
             (w->big5 && !((w->big5[c >> 3] >> (c & 7)) & 1))))
            cost += SCRIPT_COST;
        double p = pow2_quarter_neg(cost);
        if (has_l)
            p = ((double)gt_mb_cache_get(&w->cache, l, c) + CACHE_PRIOR * p) / (nl + CACHE_PRIOR);
        if (has_r)
            p *= ((double)gt_mb_cache_get(&w->cache, c, rr) + CACHE_PRIOR * pr_uni) /
                 ((double)gt_mb_cache_get(&w->cache, c, UNIGRAM) + CACHE_PRIOR);
        if (sl && has_reading(c, syl, sl))
            p *= GLOSS_BOOST;
        sum += p;
        if (p > best) {
            best = p;
            best_cp = c;
        }
    }
    if (!(sum > 0.0) || best / sum < GUESS_MIN)
        return 0xFFFD;
    *risk = 1.0 - best / sum;
    return best_cp;
}
