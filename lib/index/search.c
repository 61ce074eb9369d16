/* Evaluating a parsed query: every node becomes a list of documents
 * (ascending) with occurrences and BM25 scores; AND intersects (and
 * subtracts its NOT children, and filters by its field children), OR
 * unites, a NOT elsewhere is a complement.  Then the best hits are picked
 * with a heap, and snippets are cut around each hit's first match. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/versioned.h"
#include "index/chars.h"
#include "index/match.h"
#include "index/query.h"

#define BM25_K1 1.2
#define BM25_B 0.75
#define HIT_V1_SIZE (offsetof(govtext_hit, match_end) + sizeof(size_t))
#define SEARCH_OPTS_V1_SIZE (offsetof(govtext_search_options, snippet_chars) + sizeof(uint32_t))

struct govtext_results {
    char errmsg[GT_IDX_ERRMSG_MAX];
    gt_hits all;
    size_t total;
    govtext_hit *hits;
    size_t nhits, cap;
    size_t *snip_off; /* hit i's snippet in snips */
    gt_buf snips;
    gt_match_scratch scratch;
};

govtext_results *govtext_results_new(void)
{
    return calloc(1, sizeof(govtext_results));
}

void govtext_results_free(govtext_results *r)
{
    if (!r)
        return;
    free(r->all.v);
    free(r->hits);
    free(r->snip_off);
    gt_buf_release(&r->snips);
    gt_match_scratch_release(&r->scratch);
    free(r);
}

const char *govtext_results_errmsg(const govtext_results *r)
{
    return r ? r->errmsg : "no results (NULL)";
}

size_t govtext_results_total(const govtext_results *r)
{
    return r ? r->total : 0;
}

size_t govtext_results_count(const govtext_results *r)
{
    return r ? r->nhits : 0;
}

govtext_status govtext_results_get(const govtext_results *r, size_t i, govtext_hit *hit)
{
    if (!r || !hit || hit->struct_size < HIT_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    if (i >= r->nhits)
        return GOVTEXT_ERR_NOT_FOUND;
    size_t n = hit->struct_size < sizeof *hit ? hit->struct_size : sizeof *hit;
    size_t keep = hit->struct_size;
    memcpy(hit, &r->hits[i], n);
    hit->struct_size = keep;
    return GOVTEXT_OK;
}

const char *govtext_results_snippet(const govtext_results *r, size_t i, size_t *len)
{
    if (len)
        *len = 0;
    if (!r || i >= r->nhits || r->hits[i].snippet_end == 0)
        return NULL;
    if (len)
        *len = r->hits[i].snippet_end - r->hits[i].snippet_start;
    return r->snips.data + r->snip_off[i];
}

govtext_status govtext_search_options_init(govtext_search_options *o, size_t size)
{
    if (!o || size < SEARCH_OPTS_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(o, 0, size);
    o->struct_size = size;
    return GOVTEXT_OK;
}

/* --- lists ---------------------------------------------------------------- */

typedef struct ctx {
    const govtext_index *idx;
    const gt_query *q;
    gt_match_scratch *scratch;
    char *err;
} ctx;

static void bm25(const govtext_index *idx, gt_hits *h)
{
    double N = (double)idx->ndocs, df = (double)h->n;
    double idf = log(1.0 + (N - df + 0.5) / (df + 0.5));
    for (size_t i = 0; i < h->n; i++) {
        double tf = h->v[i].occ, dl = idx->docs[h->v[i].doc].nchars;
        h->v[i].score =
            idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * dl / idx->avgdl));
    }
}

static int combine(gt_hits *a, const gt_hits *b, int op) /* 0 and, 1 or, 2 minus */
{
    gt_hits out = {0};
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        int take_a = j >= b->n || (i < a->n && a->v[i].doc < b->v[j].doc);
        int take_b = i >= a->n || (j < b->n && b->v[j].doc < a->v[i].doc);
        gt_hitrec r;
        if (take_a) {
            r = a->v[i++];
            if (op == 0)
                continue;
        } else if (take_b) {
            r = b->v[j++];
            if (op != 1)
                continue;
        } else { /* both */
            r = a->v[i++];
            const gt_hitrec *s = &b->v[j++];
            if (op == 2)
                continue;
            uint64_t occ = (uint64_t)r.occ + s->occ;
            r.occ = occ > UINT32_MAX ? UINT32_MAX : (uint32_t)occ;
            r.score += s->score;
        }
        if (out.n == out.cap) {
            size_t cap = out.cap ? out.cap * 2 : 64;
            gt_hitrec *v = realloc(out.v, cap * sizeof *v);
            if (!v) {
                free(out.v);
                return -1;
            }
            out.v = v;
            out.cap = cap;
        }
        out.v[out.n++] = r;
    }
    free(a->v);
    *a = out;
    return 0;
}

static int universe(const govtext_index *idx, gt_hits *out)
{
    out->n = 0;
    for (uint64_t d = 0; d < idx->ndocs; d++)
        if (gt_hits_push(out, (uint32_t)d, 0))
            return -1;
    return 0;
}

static int is_filter(gt_qkind k)
{
    return k == GT_Q_YEAR || k == GT_Q_SOURCE || k == GT_Q_ID;
}

static int passes(const govtext_index *idx, const gt_qnode *f, uint32_t doc)
{
    size_t n;
    const char *s;
    switch (f->kind) {
    case GT_Q_YEAR:
        /* year 0 is "unknown": inside no range */
        return idx->docs[doc].year != 0 && idx->docs[doc].year >= f->y0 &&
               idx->docs[doc].year <= f->y1;
    case GT_Q_SOURCE:
        s = gt_idx_doc_str(idx, doc, GT_STR_SOURCE, &n);
        return n == f->len && memcmp(s, f->str, n) == 0;
    case GT_Q_ID:
        s = gt_idx_doc_str(idx, doc, GT_STR_ID, &n);
        return n == f->len && memcmp(s, f->str, n) == 0;
    default:
        return 1;
    }
}

static void apply_filter(const govtext_index *idx, const gt_qnode *f, gt_hits *h)
{
    size_t k = 0;
    for (size_t i = 0; i < h->n; i++)
        if (passes(idx, f, h->v[i].doc))
            h->v[k++] = h->v[i];
    h->n = k;
}

static govtext_status eval(ctx *c, size_t node, gt_hits *out);

static govtext_status nomem(ctx *c)
{
    return gt_idx_fail(c->err, GOVTEXT_ERR_NOMEM, "search: out of memory");
}

static govtext_status eval_and(ctx *c, const gt_qnode *n, gt_hits *out)
{
    int have = 0;
    govtext_status st = GOVTEXT_OK;
    gt_hits tmp = {0};
    /* Positive children first, intersected. */
    for (size_t i = 0; i < n->nkids && st == GOVTEXT_OK; i++) {
        const gt_qnode *k = &c->q->nodes[n->kids[i]];
        if (k->kind == GT_Q_NOT || is_filter(k->kind))
            continue;
        if (!have) {
            st = eval(c, n->kids[i], out);
            have = 1;
        } else if ((st = eval(c, n->kids[i], &tmp)) == GOVTEXT_OK && combine(out, &tmp, 0)) {
            st = nomem(c);
        }
        if (have && out->n == 0)
            break; /* nothing left to intersect */
    }
    if (st == GOVTEXT_OK && !have && universe(c->idx, out))
        st = nomem(c);
    for (size_t i = 0; i < n->nkids && st == GOVTEXT_OK && out->n > 0; i++) {
        const gt_qnode *k = &c->q->nodes[n->kids[i]];
        if (is_filter(k->kind)) {
            apply_filter(c->idx, k, out);
        } else if (k->kind == GT_Q_NOT) {
            const gt_qnode *inner = &c->q->nodes[k->kids[0]];
            if (is_filter(inner->kind)) {
                size_t m = 0;
                for (size_t j = 0; j < out->n; j++)
                    if (!passes(c->idx, inner, out->v[j].doc))
                        out->v[m++] = out->v[j];
                out->n = m;
            } else if ((st = eval(c, k->kids[0], &tmp)) == GOVTEXT_OK && combine(out, &tmp, 2)) {
                st = nomem(c);
            }
        }
    }
    free(tmp.v);
    return st;
}

static govtext_status eval(ctx *c, size_t node, gt_hits *out)
{
    const gt_qnode *n = &c->q->nodes[node];
    govtext_status st = GOVTEXT_OK;
    gt_hits tmp = {0};
    out->n = 0;
    switch (n->kind) {
    case GT_Q_TERM:
        st = gt_match_string(c->idx, n->cps, n->ncps, c->scratch, out);
        if (st == GOVTEXT_OK)
            bm25(c->idx, out);
        break;
    case GT_Q_WORD:
        if (c->idx->flags & GOVTEXT_INDEX_NO_WORDS)
            return gt_idx_fail(c->err, GOVTEXT_ERR_UNSUPPORTED,
                               "search: this index was built without words (word: needs them)");
        st = gt_match_word(c->idx, n->str, n->len, out);
        if (st == GOVTEXT_OK)
            bm25(c->idx, out);
        break;
    case GT_Q_YEAR:
    case GT_Q_SOURCE:
    case GT_Q_ID:
        if (universe(c->idx, out))
            return nomem(c);
        apply_filter(c->idx, n, out);
        break;
    case GT_Q_AND:
        return eval_and(c, n, out);
    case GT_Q_OR:
        for (size_t i = 0; i < n->nkids && st == GOVTEXT_OK; i++) {
            if (i == 0)
                st = eval(c, n->kids[0], out);
            else if ((st = eval(c, n->kids[i], &tmp)) == GOVTEXT_OK && combine(out, &tmp, 1))
                st = nomem(c);
        }
        break;
    case GT_Q_NOT:
        if (universe(c->idx, out))
            return nomem(c);
        if ((st = eval(c, n->kids[0], &tmp)) == GOVTEXT_OK && combine(out, &tmp, 2))
            st = nomem(c);
        break;
    }
    free(tmp.v);
    if (st == GOVTEXT_ERR_CORRUPT)
        return gt_idx_fail(c->err, st, "search: damaged postings in the index");
    if (st == GOVTEXT_ERR_NOMEM)
        return nomem(c);
    return st;
}

/* --- best hits ----------------------------------------------------------- */

/* a ranks before b: higher score, then lower document number. */
static int before(const gt_hitrec *a, const gt_hitrec *b)
{
    return a->score > b->score || (a->score == b->score && a->doc < b->doc);
}

static int cmp_rank(const void *x, const void *y)
{
    const gt_hitrec *a = x, *b = y;
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* Moves the k best of h to its front, best first. */
static void best(gt_hits *h, size_t k)
{
    if (h->n == 0)
        return; /* h->v may be NULL: qsort's argument is nonnull */
    if (k >= h->n) {
        qsort(h->v, h->n, sizeof *h->v, cmp_rank);
        return;
    }
    /* A heap of the k best so far, worst at the root. */
    gt_hitrec *v = h->v;
    for (size_t i = 0; i < h->n; i++) {
        gt_hitrec x = v[i];
        size_t j;
        if (i < k) {
            j = i;
            while (j > 0 && before(&v[(j - 1) / 2], &x)) {
                v[j] = v[(j - 1) / 2];
                j = (j - 1) / 2;
            }
            v[j] = x;
            continue;
        }
        if (!before(&x, &v[0]))
            continue;
        j = 0;
        for (;;) {
            size_t l = 2 * j + 1, r = l + 1, m = j;
            const gt_hitrec *worst = &x;
            if (l < k && before(worst, &v[l]))
                m = l, worst = &v[l];
            if (r < k && before(worst, &v[r]))
                m = r;
            if (m == j)
                break;
            v[j] = v[m];
            j = m;
        }
        v[j] = x;
    }
    qsort(v, k, sizeof *v, cmp_rank);
}

/* --- snippets ------------------------------------------------------------- */

/* The positive terms of the query (not under a NOT), in query order, for
 * snippets: a hit through any of them gets one. */
static size_t positive_terms(const gt_query *q, size_t node, const gt_qnode **out, size_t n,
                             size_t cap)
{
    const gt_qnode *nd = &q->nodes[node];
    if (nd->kind == GT_Q_TERM || nd->kind == GT_Q_WORD) {
        if (n < cap)
            out[n++] = nd;
    } else if (nd->kind == GT_Q_AND || nd->kind == GT_Q_OR) {
        for (size_t i = 0; i < nd->nkids; i++)
            n = positive_terms(q, nd->kids[i], out, n, cap);
    }
    return n;
}

/* Cuts hit h's snippet into r->snips; 0, -1 (damaged), -2 (no memory). */
static int snippet(const govtext_index *idx, const gt_qnode *const *terms, size_t nterms,
                   uint32_t chars, govtext_results *r, size_t i)
{
    govtext_hit *h = &r->hits[i];
    int rc = gt_idx_load_text(idx, h->doc, &r->scratch.text);
    if (rc)
        return rc;
    const char *text = r->scratch.text.data;
    size_t len = r->scratch.text.len;
    size_t ms = 0, me = 0, t = 0;
    while (t < nterms &&
           !gt_idx_text_matches(text, len, terms[t]->cps, terms[t]->ncps, 1, &ms, &me))
        t++;
    if (t == nterms)
        return 0;
    size_t s = ms, e = me;
    for (uint32_t k = 0; k < chars && s > 0; k++) {
        do
            s--;
        while (s > 0 && ((unsigned char)text[s] & 0xC0) == 0x80);
    }
    for (uint32_t k = 0; k < chars && e < len; k++) {
        do
            e++;
        while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80);
    }
    h->snippet_start = s;
    h->snippet_end = e;
    h->match_start = ms;
    h->match_end = me;
    r->snip_off[i] = r->snips.len;
    return gt_buf_append(&r->snips, text + s, e - s) ? -2 : 0;
}

/* --- entry points ------------------------------------------------------- */

static govtext_status run(const govtext_index *idx, const char *query, size_t len,
                          govtext_results *r, gt_query *q)
{
    r->total = 0;
    r->nhits = 0;
    r->all.n = 0;
    if (!idx || !idx->open)
        return gt_idx_fail(r->errmsg, GOVTEXT_ERR_INVALID_ARG, "search: the index is not open");
    if (!query && len)
        return gt_idx_fail(r->errmsg, GOVTEXT_ERR_INVALID_ARG, "search: NULL query");
    govtext_status st = gt_query_parse(query ? query : "", len, q, r->errmsg);
    if (st != GOVTEXT_OK)
        return st;
    ctx c = {idx, q, &r->scratch, r->errmsg};
    st = eval(&c, q->root, &r->all);
    if (st != GOVTEXT_OK) {
        gt_query_free(q);
        r->all.n = 0;
        return st;
    }
    r->total = r->all.n;
    return GOVTEXT_OK;
}

govtext_status govtext_index_search(const govtext_index *idx, const char *query, size_t len,
                                    const govtext_search_options *opts, govtext_results *r)
{
    if (!r)
        return GOVTEXT_ERR_INVALID_ARG;
    r->total = r->nhits = 0; /* a refused search leaves no stale hits */
    govtext_search_options o;
    memset(&o, 0, sizeof o);
    if (opts) {
        govtext_status st = gt_read_versioned(r->errmsg, sizeof r->errmsg, "search options",
                                              "govtext_search_options_init", &o, sizeof o, opts,
                                              SEARCH_OPTS_V1_SIZE);
        if (st != GOVTEXT_OK)
            return st;
    }
    if (o.flags & ~(GOVTEXT_SEARCH_COUNT_ONLY | GOVTEXT_SEARCH_SNIPPETS))
        return gt_idx_fail(r->errmsg, GOVTEXT_ERR_UNSUPPORTED, "search options: unknown flags");
    size_t limit = o.limit ? o.limit : 10;
    uint32_t chars = o.snippet_chars ? o.snippet_chars : 30;
    gt_query q;
    govtext_status st = run(idx, query, len, r, &q);
    if (st != GOVTEXT_OK)
        return st;
    if (!(o.flags & GOVTEXT_SEARCH_COUNT_ONLY)) {
        size_t k = limit < r->all.n ? limit : r->all.n;
        best(&r->all, k);
        if (k > r->cap) {
            govtext_hit *h = realloc(r->hits, k * sizeof *h);
            if (h)
                r->hits = h;
            size_t *so = h ? realloc(r->snip_off, k * sizeof *so) : NULL;
            if (!so) {
                gt_query_free(&q);
                r->total = 0;
                return gt_idx_fail(r->errmsg, GOVTEXT_ERR_NOMEM, "search: out of memory");
            }
            r->snip_off = so;
            r->cap = k;
        }
        r->snips.len = 0;
        const gt_qnode **terms = NULL;
        size_t nterms = 0;
        if (o.flags & GOVTEXT_SEARCH_SNIPPETS) {
            terms = malloc((q.nterms + 1) * sizeof *terms);
            if (!terms) {
                gt_query_free(&q);
                r->total = 0;
                return gt_idx_fail(r->errmsg, GOVTEXT_ERR_NOMEM, "search: out of memory");
            }
            nterms = positive_terms(&q, q.root, terms, 0, q.nterms + 1);
        }
        for (size_t i = 0; i < k; i++) {
            govtext_hit *h = &r->hits[i];
            memset(h, 0, sizeof *h);
            h->struct_size = sizeof *h;
            h->doc = r->all.v[i].doc;
            h->score = r->all.v[i].score;
            h->occurrences = r->all.v[i].occ;
            int rc = nterms ? snippet(idx, terms, nterms, chars, r, i) : 0;
            if (rc) {
                free(terms);
                gt_query_free(&q);
                r->total = r->nhits = 0;
                return rc == -2 ? gt_idx_fail(r->errmsg, GOVTEXT_ERR_NOMEM, "search: out of memory")
                                : gt_idx_fail(r->errmsg, GOVTEXT_ERR_CORRUPT,
                                              "search: a damaged text in the index");
            }
        }
        r->nhits = k;
        free(terms);
    }
    gt_query_free(&q);
    r->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

static int cmp_year(const void *x, const void *y)
{
    const govtext_year_count *a = x, *b = y;
    return (a->year > b->year) - (a->year < b->year);
}

govtext_status govtext_index_term_stats(const govtext_index *idx, const char *query, size_t len,
                                        govtext_results *r, uint64_t *docs,
                                        uint64_t *occurrences, govtext_year_count *years,
                                        size_t cap, size_t *count)
{
    if (!r || !count || (!years && cap))
        return GOVTEXT_ERR_INVALID_ARG;
    gt_query q;
    govtext_status st = run(idx, query, len, r, &q);
    if (st != GOVTEXT_OK)
        return st;
    gt_query_free(&q);
    govtext_year_count *ys = NULL;
    size_t ny = 0, ycap = 0;
    uint64_t total_occ = 0;
    /* Documents are in number order, not year order: count in a small
     * table, found by a linear probe from the last year seen. */
    for (size_t i = 0; i < r->all.n; i++) {
        const gt_hitrec *h = &r->all.v[i];
        int32_t y = idx->docs[h->doc].year;
        total_occ += h->occ;
        size_t j;
        for (j = 0; j < ny && ys[j].year != y; j++)
            ;
        if (j == ny) {
            if (gt_grow_array((void **)&ys, &ycap, ny + 1, sizeof *ys)) {
                free(ys);
                return gt_idx_fail(r->errmsg, GOVTEXT_ERR_NOMEM, "stats: out of memory");
            }
            memset(&ys[ny], 0, sizeof ys[ny]);
            ys[ny++].year = y;
        }
        ys[j].docs++;
        ys[j].occurrences += h->occ;
    }
    if (ny)
        qsort(ys, ny, sizeof *ys, cmp_year);
    if (docs)
        *docs = r->all.n;
    if (occurrences)
        *occurrences = total_occ;
    *count = ny;
    size_t n = ny < cap ? ny : cap;
    if (n)
        memcpy(years, ys, n * sizeof *ys);
    free(ys);
    if (ny > cap)
        return gt_idx_fail(r->errmsg, GOVTEXT_ERR_BUFFER_TOO_SMALL,
                           "stats: %zu years, room for %zu", ny, cap);
    r->errmsg[0] = '\0';
    return GOVTEXT_OK;
}
