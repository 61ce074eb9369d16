/* Repair pass: masks.
 *
 * A censor replaced a word by ** (or ＊＊, ××, □□, XX); the number of mask
 * characters says nothing about the word's length.  For every mask the pass
 * weighs candidate words by four kinds of evidence, strongest first:
 *
 *  1. the dropped copies of the duplicate pass (ctx->dropped): a truncated
 *     copy usually still has the word, so a copy whose text around a filler
 *     equals the mask's context settles it;
 *  2. the rest of the document: the same context with the word unmasked;
 *  3. the collection: the same context in other documents, and the counts of
 *     the candidates' contexts there (added to the model's);
 *  4. the language model (mask_model.c, from the governance corpus): for
 *     each candidate word w, P(w | left, right) is taken proportional to
 *     count(w)^WORD_PRIOR * P(left | w) * P(right | w), where P(left | w) is a
 *     Witten-Bell interpolation of the two characters before w, the one
 *     before w and the corpus frequency of characters (likewise right).
 *
 * A word the document shows unmasked again and again is unlikely to be the
 * one the censor hid (UNMASKED_PENALTY).  Then the masks of a document
 * support each other, since a censor masks the same few words again and
 * again: in EM_ROUNDS rounds each mask's candidates get a prior from the
 * other masks' posteriors (the mask itself left out, masks that share its
 * context counted).  A mask lends its word the square of its posterior and
 * every word gets a floor (BELIEF_FLOOR), so that confident restorations
 * carry the others while many weak beliefs in a generic word do not add up
 * to a false consensus (a template's "关于××同志任职的通知 / ××县××乡" would
 * otherwise all become 发展).  The posterior of the best candidate, with
 * scores divided by TEMPERATURE, is the edit's confidence; the constants
 * were set on the dev set with a model that had not seen its documents
 * (restorations at 0.9 or more were right 96 times in 100, at 0.5 to 0.9
 * about two times in three).  At or above ctx->mask_threshold the mask
 * becomes the word (GOVTEXT_EDIT_MASK); below it the text keeps the mask
 * and an edit of kind GOVTEXT_EDIT_MASK_UNRESOLVED, old and new text both
 * the mask, reports it.
 *
 * Which runs of those characters are masks is mask_find.c's business.
 *
 * Time: the evidence index is built once (a hash of character pairs);
 * each mask looks at a bounded number of positions and candidates, and the
 * EM keeps at most MAX_CANDS candidates per mask, so the pass is linear.
 */
#include "repair/mask_restore.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/collection.h"
#include "repair/mask_lm.h"
#include "repair/mask_model.h"

#define MAX_CANDS 48         /* candidates kept per mask */
#define WORD_PRIOR 2.0       /* exponent of count(w) */
#define TEMPERATURE 2.0      /* posterior flattening */
#define CONSISTENCY 3.0      /* weight of the other masks' belief (nats per nat) */
#define BELIEF_POWER 2       /* a mask lends its word the square of its posterior */
#define BELIEF_FLOOR 0.25    /* pseudo-belief every word has: weak beliefs add little */
#define EM_ROUNDS 5
#define KEEP_NATS 14.0       /* candidates further below the best are dropped */
#define UNKNOWN_BELOW 8.0    /* a filler outside the model starts this far below the best word */
#define BONUS_DROPPED 20.0   /* a dropped copy has the filler in the mask's context */
#define BONUS_DOC 6.0        /* ... the document elsewhere (per occurrence, at most 3) */
#define BONUS_COLL 4.0       /* ... another document of the collection (at most 3) */
#define BONUS_PER_CHAR 1.0   /* each further agreeing context character */
#define UNMASKED_PENALTY 0.5 /* per nat of log(1 + unmasked occurrences in the document) */
#define MAX_VISITS 4096      /* positions of a context pair looked at per mask */
#define MAX_CONTEXTS 5000    /* distinct mask contexts scored per document; the rest stay, reported */
#define BESIDE_MAX 300       /* words taken from the model's list beside a context character */
#define MAX_FILL GT_MASK_WORD_MAX

/* -------------------------------------------------------------- evidence */

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return gt_hkey(gt_hmix(((uint64_t)a << 32) ^ b ^ 0x6a09e667f3bcc909ull));
}

static int ev_add(state *S, const char *t, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += gt_utf8_next(t, len, i, &cp);
        void *p = S->ev;
        if (gt_grow_array(&p, &S->capev, S->nev + 1, sizeof *S->ev) != 0)
            return -1;
        S->ev = p;
        S->ev[S->nev++] = cp;
    }
    void *p = S->ev;
    if (gt_grow_array(&p, &S->capev, S->nev + 1, sizeof *S->ev) != 0)
        return -1;
    S->ev = p;
    S->ev[S->nev++] = '\n';
    return 0;
}

/* The evidence text (dropped copies, then the document) and an index of
 * its character pairs.  Positions are uint32_t: evidence beyond 4G code
 * points is not indexed. */
static int build_evidence(state *S)
{
    if (ev_add(S, S->ctx->dropped.data ? S->ctx->dropped.data : "", S->ctx->dropped.len) != 0)
        return -1;
    S->ndropped = S->nev;
    if (ev_add(S, S->text, S->len) != 0)
        return -1;
    size_t n = S->nev < UINT32_MAX ? S->nev : UINT32_MAX - 1;
    S->next = malloc((n ? n : 1) * sizeof *S->next);
    if (!S->next)
        return -1;
    for (size_t i = n; i-- > 1;) {
        uint32_t *h = gt_hmap_get(&S->heads, pair_key(S->ev[i - 1], S->ev[i]));
        if (!h)
            return -1;
        S->next[i] = *h; /* positions are stored + 1; 0 ends the chain */
        *h = (uint32_t)i + 1;
    }
    return 0;
}

/* ----------------------------------------------------------- candidates */

/* The candidate with this key among the current mask's (a linear search:
 * only fillers from outside the model come here, and they are few). */
static size_t find_cand(const state *S, const mask_t *m, uint64_t key)
{
    for (size_t k = m->c0; k < S->nc; k++)
        if (S->c[k].key == key)
            return k;
    return (size_t)-1;
}

static cand_t *add_cand(state *S, mask_t *m, uint64_t key, long word, const uint32_t *fill,
                        size_t flen)
{
    if (word >= 0) {
        if (S->stamp[word] == S->cur)
            return &S->c[S->where[word]];
    } else {
        size_t k = find_cand(S, m, key);
        if (k != (size_t)-1)
            return &S->c[k];
    }
    void *p = S->c;
    if (gt_grow_array(&p, &S->capc, S->nc + 1, sizeof *S->c) != 0)
        return NULL;
    S->c = p;
    cand_t *c = &S->c[S->nc++];
    memset(c, 0, sizeof *c);
    c->key = key;
    c->word = word;
    c->score = NAN; /* not scored yet */
    if (word >= 0) {
        S->stamp[word] = S->cur;
        S->where[word] = (uint32_t)(S->nc - 1);
    }
    if (word < 0) {
        c->foff = S->fill.len;
        char u[4];
        for (size_t i = 0; i < flen; i++)
            if (gt_buf_append(&S->fill, u, gt_utf8_encode(fill[i], u)) != 0)
                return NULL;
        c->flen = S->fill.len - c->foff;
    }
    m->nc = S->nc - m->c0;
    return c;
}

static uint64_t word_key(const char *s, size_t n)
{
    return gt_hkey(gt_hbytes(s, n, 0x5bd1e995u));
}

static cand_t *add_word(state *S, mask_t *m, uint32_t w)
{
    size_t n;
    const char *s = gt_mask_word(w, &n);
    return add_cand(S, m, word_key(s, n), (long)w, NULL, 0);
}

/* A filler of the evidence text: a model word or a string of its own. */
static cand_t *add_filler(state *S, mask_t *m, const uint32_t *f, size_t n)
{
    char buf[4 * MAX_FILL];
    size_t bl = 0;
    for (size_t i = 0; i < n; i++)
        bl += gt_utf8_encode(f[i], buf + bl);
    long w = gt_mask_word_find(buf, bl);
    if (w >= 0)
        return add_word(S, m, (uint32_t)w);
    return add_cand(S, m, word_key(buf, bl), -1, f, n);
}

/* Sandwich evidence from the dropped copies and the document: the two
 * characters before the mask, 1..MAX_FILL Han characters, the two after. */
static int sandwich(state *S, mask_t *m)
{
    if (m->nl < 2 || m->nr < 2)
        return 0;
    uint32_t lf = m->l[CTX - 2], ln = m->l[CTX - 1], r1 = m->r[0], r2 = m->r[1];
    const uint32_t *h = gt_hmap_find(&S->heads, pair_key(lf, ln));
    size_t visits = 0;
    for (uint32_t p = h ? *h : 0; p && visits < MAX_VISITS; p = S->next[p - 1], visits++) {
        size_t s = p; /* p - 1 is the near left character, so the filler starts at p */
        for (size_t f = 1; f <= MAX_FILL && s + f + 1 < S->nev; f++) {
            if (!gt_mask_is_han(S->ev[s + f - 1]))
                break;
            if (S->ev[s + f] != r1 || S->ev[s + f + 1] != r2)
                continue;
            /* further agreeing context on either side */
            size_t extra = 0;
            for (int k = 3; k <= m->nl && p >= (size_t)k; k++) {
                if (S->ev[p - k] != m->l[CTX - k])
                    break;
                extra++;
            }
            for (int k = 2; k < m->nr && s + f + k < S->nev; k++) {
                if (S->ev[s + f + k] != m->r[k])
                    break;
                extra++;
            }
            cand_t *c = add_filler(S, m, S->ev + s, f);
            if (!c)
                return -1;
            double b = (p < S->ndropped ? BONUS_DROPPED : BONUS_DOC) + BONUS_PER_CHAR * extra;
            /* the document's own occurrences count up to three times */
            if (p >= S->ndropped && c->post >= 3 * BONUS_DOC)
                b = 0;
            c->post += b; /* post holds the bonus until scoring */
        }
    }
    return 0;
}

/* ------------------------------------------------------------- scoring */

static double pchar(uint32_t cp)
{
    return ((double)gt_mask_char_freq(cp) + 0.5) / ((double)gt_mask_char_total + 2000.0);
}

static uint32_t coll(const state *S, unsigned kind, uint32_t a, uint32_t b, uint32_t c,
                     uint32_t d, uint32_t w)
{
    if (!S->ctx->coll)
        return 0;
    return gt_collection_ctx(S->ctx->coll, gt_mask_ctx_key(kind, a, b, c, d, w));
}

/* What scoring a word in a mask's context needs of that context, found
 * once per mask rather than once per candidate word. */
typedef struct side_ctx {
    int n;                  /* context characters on this side */
    uint32_t near, far;     /* code points */
    double pnear, pfar;     /* pchar() of them */
    gt_mask_side model;     /* their model indices and entries */
} side_ctx;

static void side_init(side_ctx *sc, const mask_t *m, int left)
{
    sc->n = left ? m->nl : m->nr;
    sc->near = sc->far = 0;
    if (sc->n == 0)
        return;
    sc->near = left ? m->l[CTX - 1] : m->r[0];
    sc->far = sc->n >= 2 ? (left ? m->l[CTX - 2] : m->r[1]) : 0;
    sc->pnear = pchar(sc->near);
    sc->pfar = pchar(sc->far);
    gt_mask_side_init(&sc->model, left, sc->near, sc->far);
}

/* log P(side | w): Witten-Bell over the two nearest characters. */
static double side(const state *S, const side_ctx *sc, uint32_t w, double cw, int left)
{
    if (sc->n == 0)
        return 0.0;
    uint32_t near = sc->near;
    double t1 = gt_mask_word_types[w][left ? 0 : 2], t2 = gt_mask_word_types[w][left ? 1 : 3];
    double c1 = gt_mask_side_count1(&sc->model, w) +
                coll(S, left ? GT_MCTX_L1 : GT_MCTX_R1, near, 0, 0, 0, w);
    double a1 = cw / (cw + (t1 > 1 ? t1 : 1));
    double p1 = a1 * c1 / cw + (1 - a1) * sc->pnear;
    if (sc->n < 2 || near == '\n')
        return log(p1);
    double c2 = gt_mask_side_count2(&sc->model, w);
    double a2 = cw / (cw + (t2 > 1 ? t2 : 1));
    double p2 = a2 * c2 / cw + (1 - a2) * p1 * sc->pfar;
    return log(p2);
}

/* Word w's terms, computed the first time a mask of the document asks. */
static const word_terms *terms(state *S, uint32_t w)
{
    word_terms *t = &S->wt[w];
    if (!S->wt_done[w]) {
        t->cw = (double)gt_mask_word_count[w] + coll(S, GT_MCTX_WORD, 0, 0, 0, 0, w);
        t->prior = WORD_PRIOR * log(t->cw);
        /* A censor masks a word wherever it stands; a word the document
         * shows unmasked again and again is unlikely to be the one it hid. */
        t->penalty = UNMASKED_PENALTY * log(1.0 + S->seen[w]);
        S->wt_done[w] = 1;
    }
    return t;
}

static double lm_score(state *S, const mask_t *m, const side_ctx sides[2], uint32_t w)
{
    const word_terms *t = terms(S, w);
    double cw = t->cw;
    double s = t->prior + side(S, &sides[0], w, cw, 1) + side(S, &sides[1], w, cw, 0);
    s -= t->penalty;
    if (S->ctx->coll && m->nl >= 2 && m->nr >= 2) {
        uint32_t n = coll(S, GT_MCTX_SANDWICH, m->l[CTX - 2], m->l[CTX - 1], m->r[0], m->r[1], w);
        s += BONUS_COLL * (n < 3 ? n : 3);
    }
    return s;
}

static int cmp_score(const void *x, const void *y)
{
    double a = ((const cand_t *)x)->score, b = ((const cand_t *)y)->score;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* Best score first, ties in their order before sorting: what the stable
 * sort of cmp_score gives (glibc's qsort is a merge sort), for any sort. */
static int cmp_score_seq(const void *x, const void *y)
{
    int r = cmp_score(x, y);
    if (r)
        return r;
    size_t a = ((const cand_t *)x)->seq, b = ((const cand_t *)y)->seq;
    return a < b ? -1 : a > b;
}

/* Sorts the mask's candidates best first and keeps those within KEEP_NATS
 * of the best, at most MAX_CANDS (returns how many; the others, which the
 * caller drops, are left in any state).  Only those are sorted: the others
 * can only follow them.  (A NaN score, which no candidate should get, sorts
 * them all as before.) */
static size_t sort_and_keep(cand_t *c, size_t n)
{
    double best = -INFINITY;
    int nan = 0;
    for (size_t k = 0; k < n; k++) {
        c[k].seq = k;
        nan |= isnan(c[k].score);
        if (c[k].score > best)
            best = c[k].score;
    }
    size_t m = n;
    if (!nan && n > 0) {
        m = 0; /* the candidates that may be kept, in their order */
        for (size_t k = 0; k < n; k++)
            if (c[k].score >= best - KEEP_NATS)
                c[m++] = c[k];
        qsort(c, m, sizeof *c, cmp_score_seq);
    } else {
        qsort(c, n, sizeof *c, cmp_score);
    }
    size_t keep = 0;
    while (keep < m && keep < MAX_CANDS && c[keep].score >= c[0].score - KEEP_NATS)
        keep++;
    return keep;
}

static int gather(state *S, mask_t *m)
{
    m->c0 = S->nc;
    m->nc = 0;
    if (sandwich(S, m) != 0)
        return -1;
    for (int side_ = 0; side_ < 2; side_++) {
        int n = side_ ? m->nr : m->nl;
        if (n == 0)
            continue;
        uint32_t first, end;
        gt_mask_words_beside(side_ ? m->r[0] : m->l[CTX - 1], !side_, &first, &end);
        const uint32_t *v = side_ ? gt_mask_r1 : gt_mask_l1;
        /* the BESIDE_MAX words seen most often beside the character: a
         * histogram of the quantised counts gives the cut; all entries at
         * or above it are taken, and those just below it while room lasts */
        uint32_t qmask = (1u << GT_MASK_Q_BITS) - 1u, hist[1u << GT_MASK_Q_BITS] = {0};
        for (uint32_t e = first; e < end; e++)
            hist[v[e] & qmask]++;
        uint32_t cut = qmask + 1, above = 0;
        for (uint32_t q = qmask + 1; q-- > 0;) {
            if (above + hist[q] > BESIDE_MAX)
                break;
            above += hist[q];
            cut = q;
        }
        uint32_t room = BESIDE_MAX - above;
        for (uint32_t e = first; e < end; e++) {
            uint32_t q = v[e] & qmask;
            if (q < cut) {
                if (q + 1 != cut || room == 0)
                    continue;
                room--;
            }
            if (!add_word(S, m, gt_mask_entry_word(v[e])))
                return -1;
        }
    }
    for (size_t k = 0; k < S->ntop; k++)
        if (!add_word(S, m, S->top[k]))
            return -1;
    /* score; a filler outside the model starts below the best model word */
    double best = -INFINITY;
    side_ctx sides[2];
    side_init(&sides[0], m, 1);
    side_init(&sides[1], m, 0);
    for (size_t k = m->c0; k < S->nc; k++) {
        cand_t *c = &S->c[k];
        if (c->word >= 0) {
            c->score = lm_score(S, m, sides, (uint32_t)c->word);
            if (c->score > best)
                best = c->score;
        }
    }
    for (size_t k = m->c0; k < S->nc; k++) {
        cand_t *c = &S->c[k];
        if (c->word < 0)
            c->score = (isfinite(best) ? best : 0.0) - UNKNOWN_BELOW;
        c->score += c->post; /* the evidence bonus */
        c->post = 0;
    }
    size_t keep = sort_and_keep(S->c + m->c0, m->nc);
    S->nc = m->c0 + keep;
    m->nc = keep;
    return 0;
}

/* --------------------------------------------------------------- the EM */

static int em(state *S)
{
    gt_hmap ids; /* word key -> index into prior */
    gt_hmap_init(&ids);
    double *prior = NULL, *nprior = NULL;
    uint32_t *slot = malloc((S->nc ? S->nc : 1) * sizeof *slot);
    int rc = -1;
    if (!slot)
        goto done;
    size_t nw = 0;
    for (size_t k = 0; k < S->nc; k++) {
        uint32_t *v = gt_hmap_get(&ids, S->c[k].key);
        if (!v)
            goto done;
        if (*v == 0)
            *v = (uint32_t)++nw;
        slot[k] = *v - 1;
    }
    prior = calloc(nw ? nw : 1, sizeof *prior);
    nprior = calloc(nw ? nw : 1, sizeof *nprior);
    if (!prior || !nprior)
        goto done;
    for (int round = 0; round <= EM_ROUNDS; round++) {
        memset(nprior, 0, (nw ? nw : 1) * sizeof *nprior);
        for (size_t i = 0; i < S->nm; i++) {
            mask_t *m = &S->m[i];
            if (m->rep != i || m->nc == 0)
                continue;
            double mx = -INFINITY;
            for (size_t k = m->c0; k < m->c0 + m->nc; k++) {
                cand_t *c = &S->c[k];
                double x = c->score;
                if (round > 0) {
                    /* the other masks' belief in this word (this one left
                     * out; masks that share its context count) */
                    double own = BELIEF_POWER == 2 ? c->post * c->post : c->post;
                    double o = prior[slot[k]] - own;
                    x += CONSISTENCY * log((o > 0 ? o : 0) + BELIEF_FLOOR);
                }
                x /= TEMPERATURE;
                c->post = x; /* temporarily the log-weight */
                if (x > mx)
                    mx = x;
            }
            double z = 0;
            for (size_t k = m->c0; k < m->c0 + m->nc; k++)
                z += exp(S->c[k].post - mx);
            for (size_t k = m->c0; k < m->c0 + m->nc; k++) {
                cand_t *c = &S->c[k];
                c->post = exp(c->post - mx) / z;
                nprior[slot[k]] += (BELIEF_POWER == 2 ? c->post * c->post : c->post) * m->mult;
            }
        }
        double *t = prior;
        prior = nprior;
        nprior = t;
    }
    rc = 0;
done:
    free(slot);
    free(prior);
    free(nprior);
    gt_hmap_release(&ids);
    return rc;
}

/* ------------------------------------------------------------- the pass */

/* Masks with the same context get the same candidates and scores: the
 * first of them stands for all (mult), so that a document that repeats a
 * masked phrase ten thousand times costs one scoring. */
static int group_contexts(state *S)
{
    gt_hmap seen;
    gt_hmap_init(&seen);
    for (size_t i = 0; i < S->nm; i++) {
        mask_t *m = &S->m[i];
        uint64_t h = gt_hmix(0x3c6ef372fe94f82bull ^ ((uint64_t)m->nl << 8) ^ (uint64_t)m->nr);
        for (int k = 0; k < CTX; k++)
            h = gt_hmix(h ^ ((uint64_t)(k < m->nl ? m->l[CTX - 1 - k] : 0) << 32 |
                             (k < m->nr ? m->r[k] : 0)));
        uint32_t *v = gt_hmap_get(&seen, gt_hkey(h));
        if (!v) {
            gt_hmap_release(&seen);
            return -1;
        }
        if (*v == 0 || i >= UINT32_MAX - 1) {
            if (*v == 0)
                *v = (uint32_t)i + 1;
            m->rep = i;
            m->mult = 1;
        } else {
            m->rep = *v - 1;
            S->m[m->rep].mult++;
        }
    }
    gt_hmap_release(&seen);
    return 0;
}

/* The unmasked occurrences of each model word in the document (the
 * evidence index holds its code points after the dropped copies). */
static uint32_t pair_bit(uint32_t a, uint32_t b)
{
    return (uint32_t)(gt_hmix((uint64_t)a << 32 | b) & 0xFFFF);
}

static int count_words(state *S)
{
    /* A filter of the model words' first two characters: where the pair
     * at i is not in it, no word starts at i. */
    uint8_t *starts = calloc(0x10000 / 8, 1);
    if (!starts)
        return -1;
    for (uint32_t w = 0; w < gt_mask_nwords; w++) {
        size_t n;
        const char *t = gt_mask_word(w, &n);
        uint32_t a, b;
        size_t k = gt_utf8_next(t, n, 0, &a);
        if (k >= n)
            continue; /* (every word has two characters or more) */
        gt_utf8_next(t, n, k, &b);
        uint32_t bit = pair_bit(a, b);
        starts[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    }
    char buf[4 * GT_MASK_WORD_MAX];
    for (size_t i = S->ndropped; i < S->nev; i++) {
        if (!gt_mask_is_han(S->ev[i]))
            continue;
        if (i + 1 < S->nev) {
            uint32_t bit = pair_bit(S->ev[i], S->ev[i + 1]);
            if (!((starts[bit >> 3] >> (bit & 7)) & 1))
                continue;
        }
        size_t bl = 0;
        uint64_t h = gt_hbytes(buf, 0, 0);
        for (size_t j = i; j < S->nev && j < i + GT_MASK_WORD_MAX && gt_mask_is_han(S->ev[j]); j++) {
            size_t k = gt_utf8_encode(S->ev[j], buf + bl);
            h = gt_hbytes_more(h, buf + bl, k); /* the hash of buf[0, bl + k) */
            bl += k;
            if (j == i)
                continue;
            long w = gt_mask_word_find_hashed(h, buf, bl);
            if (w >= 0 && S->seen[w] < UINT32_MAX)
                S->seen[w]++;
        }
    }
    free(starts);
    return 0;
}

static int cmp_top(const void *x, const void *y)
{
    uint32_t a = gt_mask_word_count[*(const uint32_t *)x], b = gt_mask_word_count[*(const uint32_t *)y];
    return a < b ? 1 : a > b ? -1 : 0;
}

static void top_words(state *S)
{
    /* the TOP_WORDS most frequent words: a partial selection over the table */
    S->ntop = 0;
    for (uint32_t w = 0; w < gt_mask_nwords; w++) {
        if (S->ntop < TOP_WORDS) {
            S->top[S->ntop++] = w;
            if (S->ntop == TOP_WORDS)
                qsort(S->top, S->ntop, sizeof *S->top, cmp_top);
            continue;
        }
        if (gt_mask_word_count[w] <= gt_mask_word_count[S->top[TOP_WORDS - 1]])
            continue;
        size_t k = TOP_WORDS - 1;
        while (k > 0 && gt_mask_word_count[S->top[k - 1]] < gt_mask_word_count[w]) {
            S->top[k] = S->top[k - 1];
            k--;
        }
        S->top[k] = w;
    }
}

static void release(state *S)
{
    free(S->m);
    free(S->c);
    free(S->ev);
    free(S->next);
    free(S->stamp);
    free(S->where);
    free(S->seen);
    free(S->wt);
    free(S->wt_done);
    gt_buf_release(&S->fill);
    gt_hmap_release(&S->heads);
}

int gt_repair_mask(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out)
{
    state S;
    memset(&S, 0, sizeof S);
    S.text = text;
    S.len = len;
    S.ctx = ctx;
    gt_buf_init(&S.fill);
    gt_hmap_init(&S.heads);
    int rc = -1;

    size_t end = gt_mask_text_may_hold(text, len) ? len : 0;
    for (size_t ls = 0; ls < end;) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len;
        if (gt_mask_line_may_hold(text + ls, le - ls) && gt_mask_find(&S, ls, le) != 0)
            goto done;
        ls = nl ? le + 1 : len;
    }
    if (S.nm > 0) {
        top_words(&S);
        if (build_evidence(&S) != 0)
            goto done;
        S.seen = calloc(gt_mask_nwords, sizeof *S.seen);
        S.wt = malloc(gt_mask_nwords * sizeof *S.wt);
        S.wt_done = calloc(gt_mask_nwords, 1);
        if (!S.seen || !S.wt || !S.wt_done || count_words(&S) != 0)
            goto done;
        S.stamp = calloc(gt_mask_nwords, sizeof *S.stamp);
        S.where = calloc(gt_mask_nwords, sizeof *S.where);
        if (!S.stamp || !S.where)
            goto done;
        if (group_contexts(&S) != 0)
            goto done;
        size_t scored = 0;
        for (size_t i = 0; i < S.nm; i++) {
            mask_t *m = &S.m[i];
            if (m->rep != i) {
                m->c0 = S.m[m->rep].c0;
                m->nc = S.m[m->rep].nc;
                continue;
            }
            if (scored++ >= MAX_CONTEXTS) {
                m->nc = 0;
                continue;
            }
            S.cur = (uint32_t)i + 1;
            if (gather(&S, m) != 0)
                goto done;
        }
        if (em(&S) != 0)
            goto done;
    }

    gt_writer w;
    gt_writer_init(&w, text, out);
    for (size_t i = 0; i < S.nm; i++) {
        mask_t *m = &S.m[i];
        const cand_t *best = NULL;
        for (size_t k = m->c0; k < m->c0 + m->nc; k++)
            if (!best || S.c[k].post > best->post)
                best = &S.c[k];
        if (best && best->post >= ctx->mask_threshold) {
            const char *s;
            size_t n;
            if (best->word >= 0)
                s = gt_mask_word((uint32_t)best->word, &n);
            else {
                s = S.fill.data + best->foff;
                n = best->flen;
            }
            if (gt_writer_replace(&w, m->a, m->b, s, n, GOVTEXT_EDIT_MASK, best->post) != 0)
                goto done;
            out->counts[GOVTEXT_COUNT_MASK]++;
        } else {
            /* reported, text unchanged: old and new text are both the mask */
            if (gt_writer_replace(&w, m->a, m->b, text + m->a, m->b - m->a,
                                  GOVTEXT_EDIT_MASK_UNRESOLVED, best ? best->post : 0.0) != 0)
                goto done;
            out->counts[GOVTEXT_COUNT_MASK_UNRESOLVED]++;
        }
    }
    rc = gt_writer_finish(&w, len);
done:
    release(&S);
    return rc;
}
