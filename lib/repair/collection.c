/* The collection: cross-document evidence (see collection.h). */
#include "repair/collection.h"

#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "repair/mask_lm.h"

#define SHINGLE 5 /* characters per shingle of the near-duplicate signature */
#define ROWS (GT_COLL_SIG / GT_COLL_BANDS)
#define EMPTY_SLOT UINT32_MAX

govtext_collection *govtext_collection_new(void)
{
    govtext_collection *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    gt_hmap_init(&c->lines);
    gt_hmap_init(&c->ctx);
    gt_hmap_init(&c->bands);
    return c;
}

void govtext_collection_free(govtext_collection *c)
{
    if (!c)
        return;
    gt_hmap_release(&c->lines);
    gt_hmap_release(&c->ctx);
    gt_hmap_release(&c->bands);
    free(c->sig);
    free(c->parent);
    free(c);
}

const char *govtext_collection_errmsg(const govtext_collection *c)
{
    return c ? c->errmsg : "NULL collection handle";
}

size_t govtext_collection_size(const govtext_collection *c)
{
    return c ? c->docs : 0;
}

static int is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

uint64_t gt_collection_line_key(const char *line, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    int any = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = gt_utf8_next(line, len, i, &cp);
        if (!is_blank(cp)) {
            for (size_t k = 0; k < n; k++) {
                h ^= (unsigned char)line[i + k];
                h *= 0x100000001b3ull;
            }
            any = 1;
        }
        i += n;
    }
    return any ? gt_hkey(gt_hmix(h)) : 0;
}

size_t gt_collection_line_docs(const govtext_collection *c, const char *line, size_t len)
{
    if (!c)
        return 0;
    uint64_t k = gt_collection_line_key(line, len);
    const uint32_t *v = k ? gt_hmap_find(&c->lines, k) : NULL;
    return v ? *v : 0;
}

uint32_t gt_collection_ctx(const govtext_collection *c, uint64_t key)
{
    if (!c)
        return 0;
    const uint32_t *v = gt_hmap_find(&c->ctx, key);
    return v ? *v : 0;
}

/* Union-find without path compression for readers (the collection is
 * read-only once fed); add compresses paths as it goes. */
static size_t root_of(const govtext_collection *c, size_t i)
{
    while (c->parent[i] != i)
        i = c->parent[i];
    return i;
}

size_t gt_collection_group(const govtext_collection *c, size_t i)
{
    if (!c || i >= c->docs)
        return i;
    return root_of(c, i);
}

static double resemble(const uint32_t *a, const uint32_t *b)
{
    size_t same = 0, used = 0;
    for (size_t k = 0; k < GT_COLL_SIG; k++) {
        if (a[k] == EMPTY_SLOT && b[k] == EMPTY_SLOT)
            continue;
        used++;
        same += a[k] == b[k];
    }
    return used ? (double)same / (double)used : 0.0;
}

double gt_collection_resemblance(const govtext_collection *c, size_t i, size_t j)
{
    if (!c || i >= c->docs || j >= c->docs)
        return 0.0;
    return resemble(c->sig + i * GT_COLL_SIG, c->sig + j * GT_COLL_SIG);
}

static int is_content(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* One-permutation MinHash: each shingle's hash goes to slot h % SIG and the
 * slot keeps the least h / SIG; empty slots stay EMPTY_SLOT (short texts). */
static void signature(const char *t, size_t len, uint32_t *sig)
{
    uint32_t win[SHINGLE];
    size_t have = 0;
    for (size_t k = 0; k < GT_COLL_SIG; k++)
        sig[k] = EMPTY_SLOT;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += gt_utf8_next(t, len, i, &cp);
        if (!is_content(cp))
            continue;
        memmove(win, win + 1, (SHINGLE - 1) * sizeof *win);
        win[SHINGLE - 1] = cp;
        if (++have < SHINGLE)
            continue;
        uint64_t h = 0x51ed270b27ef4c1dull;
        for (size_t k = 0; k < SHINGLE; k++)
            h = gt_hmix(h ^ win[k]);
        size_t slot = (size_t)(h % GT_COLL_SIG);
        uint32_t v = (uint32_t)((h / GT_COLL_SIG) & 0xFFFFFFFEu); /* never EMPTY_SLOT */
        if (v < sig[slot])
            sig[slot] = v;
    }
}

static size_t find_compress(govtext_collection *c, size_t i)
{
    size_t r = root_of(c, i);
    while (c->parent[i] != r) {
        size_t next = c->parent[i];
        c->parent[i] = (uint32_t)r;
        i = next;
    }
    return r;
}

/* Joins document d with the earlier documents that share a band with it
 * and resemble it.  The group's root is its first document. */
static int group_document(govtext_collection *c, size_t d)
{
    const uint32_t *s = c->sig + d * GT_COLL_SIG;
    for (size_t b = 0; b < GT_COLL_BANDS; b++) {
        uint64_t h = gt_hmix(0xb5ad4eceda1ce2a9ull ^ b);
        int empty = 0;
        for (size_t r = 0; r < ROWS; r++) {
            uint32_t v = s[b * ROWS + r];
            empty |= v == EMPTY_SLOT;
            h = gt_hmix(h ^ v);
        }
        if (empty)
            continue;
        uint32_t *first = gt_hmap_get(&c->bands, gt_hkey(h));
        if (!first)
            return -1;
        if (*first == 0) {
            *first = (uint32_t)d + 1;
            continue;
        }
        size_t e = *first - 1;
        if (resemble(s, c->sig + e * GT_COLL_SIG) < GT_COLL_NEAR)
            continue;
        size_t ra = find_compress(c, d), rb = find_compress(c, e);
        if (ra != rb) {
            if (ra < rb)
                c->parent[rb] = (uint32_t)ra;
            else
                c->parent[ra] = (uint32_t)rb;
        }
    }
    return 0;
}

/* Counts each distinct short line of the text once for this document. */
static int count_lines(govtext_collection *c, const char *t, size_t len)
{
    gt_hmap seen;
    gt_hmap_init(&seen);
    int rc = -1;
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(t + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - t) : len;
        if (le - ls <= GT_COLL_LINE_MAX) {
            uint64_t k = gt_collection_line_key(t + ls, le - ls);
            if (k) {
                uint32_t *s = gt_hmap_get(&seen, k);
                if (!s)
                    goto done;
                if (*s == 0) {
                    *s = 1;
                    uint32_t *v = gt_hmap_get(&c->lines, k);
                    if (!v)
                        goto done;
                    if (*v < UINT32_MAX)
                        (*v)++;
                }
            }
        }
        ls = nl ? le + 1 : len;
    }
    rc = 0;
done:
    gt_hmap_release(&seen);
    return rc;
}

/* The document's text in the form the duplicate, spam and mask passes see:
 * the passes before them (and the duplicate pass) run on a copy. */
static govtext_status prepare(const govtext_doc *doc, govtext_doc **out)
{
    size_t len;
    const char *text = govtext_doc_text(doc, &len);
    govtext_doc *tmp = govtext_doc_new();
    if (!tmp)
        return GOVTEXT_ERR_NOMEM;
    govtext_load_options lo;
    govtext_load_options_init(&lo, sizeof lo);
    lo.encoding = GOVTEXT_ENC_UTF8; /* the text is UTF-8 already; never re-detect */
    govtext_repair_options ro;
    govtext_repair_options_init(&ro, sizeof ro);
    ro.skip = GOVTEXT_REPAIR_SPAM | GOVTEXT_REPAIR_MASK | GOVTEXT_REPAIR_PUNCT;
    govtext_status st = govtext_doc_load_bytes(tmp, text, len, &lo);
    if (st == GOVTEXT_OK)
        st = govtext_doc_repair(tmp, NULL, &ro);
    if (st != GOVTEXT_OK) {
        govtext_doc_free(tmp);
        return st;
    }
    *out = tmp;
    return GOVTEXT_OK;
}

static govtext_status fail(govtext_collection *c, govtext_status st, const char *msg)
{
    size_t n = strlen(msg);
    if (n >= sizeof c->errmsg)
        n = sizeof c->errmsg - 1;
    memcpy(c->errmsg, msg, n);
    c->errmsg[n] = '\0';
    return st;
}

govtext_status govtext_collection_add(govtext_collection *c, const govtext_doc *doc)
{
    if (!c)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!doc)
        return fail(c, GOVTEXT_ERR_INVALID_ARG, "collection add: NULL document");
    if (c->docs >= UINT32_MAX - 1)
        return fail(c, GOVTEXT_ERR_LIMIT, "collection add: too many documents");
    size_t d = c->docs;
    if (d >= c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        if (ncap > SIZE_MAX / (GT_COLL_SIG * sizeof(uint32_t)))
            return fail(c, GOVTEXT_ERR_NOMEM, "collection add: out of memory");
        uint32_t *s = realloc(c->sig, ncap * GT_COLL_SIG * sizeof *s);
        if (!s)
            return fail(c, GOVTEXT_ERR_NOMEM, "collection add: out of memory");
        c->sig = s;
        uint32_t *p = realloc(c->parent, ncap * sizeof *p);
        if (!p)
            return fail(c, GOVTEXT_ERR_NOMEM, "collection add: out of memory");
        c->parent = p;
        c->cap = ncap;
    }
    govtext_doc *tmp = NULL;
    govtext_status st = prepare(doc, &tmp);
    if (st != GOVTEXT_OK)
        return fail(c, st, st == GOVTEXT_ERR_NOMEM ? "collection add: out of memory"
                                                   : "collection add: the text could not be prepared");
    size_t len;
    const char *t = govtext_doc_text(tmp, &len);
    signature(t, len, c->sig + d * GT_COLL_SIG);
    c->parent[d] = (uint32_t)d;
    /* The maps may have grown by part of this document when memory runs out
     * midway; the counts then include part of it, which skews the evidence
     * slightly but never breaks the structure. */
    if (count_lines(c, t, len) != 0 || gt_mask_collect(t, len, &c->ctx, GT_COLL_CTX_MAX) != 0 ||
        group_document(c, d) != 0) {
        govtext_doc_free(tmp);
        return fail(c, GOVTEXT_ERR_NOMEM, "collection add: out of memory");
    }
    govtext_doc_free(tmp);
    c->docs++;
    c->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

govtext_status govtext_collection_group(const govtext_collection *c, size_t i, size_t *group)
{
    if (!c || !group || i >= c->docs)
        return GOVTEXT_ERR_INVALID_ARG;
    *group = gt_collection_group(c, i);
    return GOVTEXT_OK;
}

govtext_status govtext_collection_resemblance(const govtext_collection *c, size_t i, size_t j,
                                              double *out)
{
    if (!c || !out || i >= c->docs || j >= c->docs)
        return GOVTEXT_ERR_INVALID_ARG;
    *out = gt_collection_resemblance(c, i, j);
    return GOVTEXT_OK;
}
