/* Saving: the writer's documents (merged indexes first, then the ones added
 * in memory, deleted ones dropped) renumbered 0..n-1, and every term's
 * postings merged across the sources in key order, streamed into a
 * temporary file that is synced and renamed over the target.  Positions are
 * relative within a document, so they are copied as bytes; only document
 * numbers are re-encoded. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index/varint.h"
#include "index/writer.h"
#include "common/xxh64.h"

#define DELETED UINT32_MAX

typedef struct out {
    int fd;
    unsigned char *buf;
    size_t len, cap;
    uint64_t off;
    gt_xxh64_state h;
    uint64_t sec_start;
    int err; /* errno of the first failed write */
    gt_idx_header hdr;
} out_t;

static void out_flush(out_t *o)
{
    size_t done = 0;
    while (done < o->len && !o->err) {
        ssize_t k = write(o->fd, o->buf + done, o->len - done);
        if (k < 0) {
            if (errno != EINTR)
                o->err = errno;
        } else {
            done += (size_t)k;
        }
    }
    o->len = 0;
}

static void out_raw(out_t *o, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n > 0 && !o->err) {
        size_t k = o->cap - o->len < n ? o->cap - o->len : n;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
        o->off += k;
        if (o->len == o->cap)
            out_flush(o);
    }
}

static void out_put(out_t *o, const void *p, size_t n)
{
    gt_xxh64_update(&o->h, p, n);
    out_raw(o, p, n);
}

static void sec_begin(out_t *o)
{
    static const unsigned char zeros[8];
    if (o->off % 8)
        out_raw(o, zeros, 8 - o->off % 8);
    o->sec_start = o->off;
    gt_xxh64_init(&o->h);
}

static void sec_end(out_t *o, uint32_t kind)
{
    gt_idx_section *s = &o->hdr.sections[o->hdr.nsections++];
    s->kind = kind;
    s->offset = o->sec_start;
    s->length = o->off - o->sec_start;
    s->xxh64 = gt_xxh64_digest(&o->h);
}

/* --- renumbering ------------------------------------------------------ */

typedef struct plan {
    uint32_t **remap; /* [0] memory, [i] source i: old doc -> new or DELETED */
    gt_entry *order;  /* live entries in their new order */
    uint32_t n;
} plan_t;

static void plan_free(plan_t *p, size_t nsrcs)
{
    if (p->remap)
        for (size_t i = 0; i <= nsrcs; i++)
            free(p->remap[i]);
    free(p->remap);
    free(p->order);
}

static int plan_make(const govtext_index_writer *w, plan_t *p)
{
    memset(p, 0, sizeof *p);
    p->remap = calloc(w->nsrcs + 1, sizeof *p->remap);
    p->order = malloc((w->nlive ? w->nlive : 1) * sizeof *p->order);
    if (!p->remap || !p->order)
        return -1;
    for (size_t i = 0; i <= w->nsrcs; i++) {
        size_t n = i == 0 ? w->nmdocs : (size_t)w->srcs[i - 1]->ndocs;
        p->remap[i] = malloc((n ? n : 1) * sizeof(uint32_t));
        if (!p->remap[i])
            return -1;
        for (size_t d = 0; d < n; d++)
            p->remap[i][d] = DELETED;
    }
    /* Merged indexes first, in the order they were added, then memory. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t e = 0; e < w->nents; e++) {
            const gt_entry *en = &w->ents[e];
            if (en->deleted || (pass == 0) != (en->src != 0))
                continue;
            p->remap[en->src][en->doc] = p->n;
            p->order[p->n++] = *en;
        }
    return 0;
}

static const gt_idx_doc *entry_doc(const govtext_index_writer *w, const gt_entry *e,
                                   const char **text, const char **strings)
{
    if (e->src == 0) {
        *text = w->text.data;
        *strings = w->strings.data;
        return &w->mdocs[e->doc];
    }
    const govtext_index *s = w->srcs[e->src - 1];
    *text = s->text;
    *strings = s->strings;
    return &s->docs[e->doc];
}

/* --- documents -------------------------------------------------------- */

static int write_docs(const govtext_index_writer *w, const plan_t *p, out_t *o,
                      uint64_t *total_chars)
{
    uint64_t text_off = 0, str_off = 0;
    const char *text, *strings;
    sec_begin(o);
    *total_chars = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        gt_idx_doc d = *entry_doc(w, &p->order[i], &text, &strings);
        d.text_off = text_off;
        text_off += d.stored_len;
        for (int s = 0; s < 4; s++) {
            d.str_off[s] = (uint32_t)str_off;
            str_off += d.str_len[s];
        }
        if (str_off > UINT32_MAX)
            return -1;
        *total_chars += d.nchars;
        out_put(o, &d, sizeof d);
    }
    sec_end(o, GT_SEC_DOCS);
    sec_begin(o);
    for (uint32_t i = 0; i < p->n; i++) {
        const gt_idx_doc *d = entry_doc(w, &p->order[i], &text, &strings);
        for (int s = 0; s < 4; s++)
            out_put(o, strings + d->str_off[s], d->str_len[s]);
    }
    sec_end(o, GT_SEC_STRINGS);
    sec_begin(o);
    for (uint32_t i = 0; i < p->n; i++) {
        const gt_idx_doc *d = entry_doc(w, &p->order[i], &text, &strings);
        out_put(o, text + d->text_off, d->stored_len);
    }
    sec_end(o, GT_SEC_TEXT);
    return 0;
}

typedef struct id_ref {
    const char *s;
    uint32_t n, doc;
} id_ref;

static int cmp_id(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    return gt_idx_cmp_bytes(x->s, x->n, y->s, y->n);
}

static int write_docids(const govtext_index_writer *w, const plan_t *p, out_t *o)
{
    id_ref *v = malloc((p->n ? p->n : 1) * sizeof *v);
    if (!v)
        return -1;
    for (uint32_t i = 0; i < p->n; i++) {
        size_t n;
        v[i].s = gt_writer_entry_id(w, &p->order[i], &n);
        v[i].n = (uint32_t)n;
        v[i].doc = i;
    }
    qsort(v, p->n, sizeof *v, cmp_id);
    sec_begin(o);
    for (uint32_t i = 0; i < p->n; i++)
        out_put(o, &v[i].doc, 4);
    sec_end(o, GT_SEC_DOCIDS);
    free(v);
    return 0;
}

/* --- postings ----------------------------------------------------------- */

typedef struct merged {
    gt_buf docs, pos;
    uint64_t df;
    uint32_t last1; /* last new doc + 1 */
} merged_t;

static int emit_doc(merged_t *m, uint32_t doc, uint64_t tf, const unsigned char *pos, size_t pn)
{
    unsigned char b[20];
    size_t k = gt_doc_put(b, (uint64_t)doc + 1 - m->last1, tf);
    m->last1 = doc + 1;
    m->df++;
    if (gt_buf_append(&m->docs, b, k))
        return -1;
    return pn ? gt_buf_append(&m->pos, pos, pn) : 0;
}

/* Adds a source's postings (separate streams).  -2 = damaged, -1 = memory. */
static int add_source(merged_t *m, const gt_postings *p, const uint32_t *remap, uint64_t ndocs)
{
    const unsigned char *d = p->docs, *pos = p->pos;
    uint64_t doc = UINT64_MAX; /* previous old doc: deltas are from -1 */
    for (uint64_t i = 0; i < p->df; i++) {
        uint64_t delta, tf;
        if (gt_doc_get(&d, p->docs_end, &delta, &tf) || delta == 0)
            return -2;
        doc += delta;
        if (doc >= ndocs)
            return -2;
        const unsigned char *ps = pos;
        if (pos && gt_varint_skip(&pos, p->pos_end, tf))
            return -2;
        if (remap[doc] != DELETED &&
            emit_doc(m, remap[doc], tf, ps, pos ? (size_t)(pos - ps) : 0))
            return -1;
    }
    return 0;
}

/* Adds a memory term's interleaved stream. */
static int add_memory(merged_t *m, const gt_term *t, const uint32_t *remap, int positions)
{
    const unsigned char *d = t->data, *end = t->data + t->len;
    uint64_t doc = UINT64_MAX;
    while (d < end) {
        uint64_t delta, tf;
        if (gt_doc_get(&d, end, &delta, &tf))
            return -2;
        doc += delta;
        const unsigned char *ps = d;
        if (positions && gt_varint_skip(&d, end, tf))
            return -2;
        if (remap[doc] != DELETED && emit_doc(m, remap[doc], tf, ps, (size_t)(d - ps)))
            return -1;
    }
    return 0;
}

static void put_postings(out_t *o, merged_t *m)
{
    unsigned char b[20];
    size_t k = gt_varint_put(b, m->df);
    k += gt_varint_put(b + k, m->docs.len);
    out_put(o, b, k);
    out_put(o, m->docs.data, m->docs.len);
    out_put(o, m->pos.data, m->pos.len);
}

typedef struct u64vec {
    uint64_t *v;
    size_t n, cap;
} u64vec;

static int push64(u64vec *a, uint64_t x)
{
    if (a->n == a->cap && gt_grow_array((void **)&a->v, &a->cap, a->n + 1, sizeof *a->v))
        return -1;
    a->v[a->n++] = x;
    return 0;
}

/* The pair dictionary of keys[i] with postings of lens[i] bytes, in blocks
 * of GT_IDX_PBLOCK (format.h). */
static int write_pair_dict(out_t *o, const u64vec *keys, const u64vec *lens)
{
    gt_buf dict;
    gt_buf_init(&dict);
    uint64_t post_off = 0;
    sec_begin(o);
    for (size_t i = 0; i < keys->n; i++) {
        unsigned char b[20];
        size_t k = 0;
        if (i % GT_IDX_PBLOCK == 0) {
            gt_idx_pblock blk = {keys->v[i], post_off, dict.len};
            out_put(o, &blk, sizeof blk);
        } else {
            k = gt_varint_put(b, keys->v[i] - keys->v[i - 1]);
        }
        k += gt_varint_put(b + k, lens->v[i]);
        post_off += lens->v[i];
        if (gt_buf_append(&dict, b, k)) {
            gt_buf_release(&dict);
            return -1;
        }
    }
    sec_end(o, GT_SEC_PBLOCKS);
    sec_begin(o);
    out_put(o, dict.data, dict.len);
    sec_end(o, GT_SEC_PDICT);
    gt_buf_release(&dict);
    return 0;
}

static int write_pairs(const govtext_index_writer *w, const plan_t *p, out_t *o, uint64_t *npairs)
{
    int rc = -1;
    size_t ns = w->nsrcs;
    gt_pair_iter *it = calloc(ns + 1, sizeof *it);
    int *more = calloc(ns + 1, sizeof *more);
    size_t mem = 0; /* next memory term, in key order */
    uint32_t *order = gt_terms_sorted(&w->pairs);
    u64vec keys = {0}, lens = {0};
    merged_t m;
    memset(&m, 0, sizeof m);
    gt_buf_init(&m.docs);
    gt_buf_init(&m.pos);
    if (!it || !more || !order)
        goto done;
    for (size_t s = 0; s < ns; s++)
        if ((more[s] = gt_idx_pair_seek(w->srcs[s], 0, &it[s])) < 0) {
            rc = -2;
            goto done;
        }
    sec_begin(o);
    for (;;) {
        uint64_t key = UINT64_MAX;
        int any = 0;
        for (size_t s = 0; s < ns; s++)
            if (more[s] > 0 && (!any || it[s].key < key)) {
                key = it[s].key;
                any = 1;
            }
        if (mem < w->pairs.nterms && (!any || w->pairs.terms[order[mem]].key < key)) {
            key = w->pairs.terms[order[mem]].key;
            any = 1;
        }
        if (!any)
            break;
        m.docs.len = m.pos.len = 0;
        m.df = 0;
        m.last1 = 0;
        for (size_t s = 0; s < ns; s++) {
            if (more[s] > 0 && it[s].key == key) {
                gt_postings po;
                int r = gt_idx_pair_iter_postings(&it[s], &po)
                            ? -2
                            : add_source(&m, &po, p->remap[s + 1], w->srcs[s]->ndocs);
                if (r) {
                    rc = r;
                    goto done;
                }
                if ((more[s] = gt_idx_pair_next(&it[s])) < 0) {
                    rc = -2;
                    goto done;
                }
            }
        }
        if (mem < w->pairs.nterms && w->pairs.terms[order[mem]].key == key) {
            int r = add_memory(&m, &w->pairs.terms[order[mem]], p->remap[0], 1);
            if (r) {
                rc = r;
                goto done;
            }
            mem++;
        }
        if (m.df == 0)
            continue;
        uint64_t start = o->off;
        put_postings(o, &m);
        if (push64(&keys, key) || push64(&lens, o->off - start))
            goto done;
    }
    sec_end(o, GT_SEC_PPOST);
    if (write_pair_dict(o, &keys, &lens))
        goto done;
    *npairs = keys.n;
    rc = 0;
done:
    free(it);
    free(more);
    free(order);
    free(keys.v);
    free(lens.v);
    gt_buf_release(&m.docs);
    gt_buf_release(&m.pos);
    return rc;
}

typedef struct wref {
    const char *s;
    size_t n;
} wref;

static wref src_word(const govtext_index *s, uint64_t i)
{
    return (wref){s->wstr + s->wdict[i].str_off, s->wdict[i].str_len};
}

static int write_words(const govtext_index_writer *w, const plan_t *p, out_t *o, uint64_t *nwords)
{
    int rc = -1;
    size_t ns = w->nsrcs;
    uint64_t *cur = calloc(ns + 1, sizeof *cur);
    uint32_t *order = gt_terms_sorted(&w->words);
    gt_idx_word *dict = NULL;
    size_t ndict = 0, dict_cap = 0;
    gt_buf strs;
    gt_buf_init(&strs);
    merged_t m;
    memset(&m, 0, sizeof m);
    gt_buf_init(&m.docs);
    gt_buf_init(&m.pos);
    if (!cur || !order)
        goto done;
    sec_begin(o);
    for (;;) {
        wref key = {NULL, 0};
        int any = 0;
        for (size_t s = 0; s < ns; s++)
            if (cur[s] < w->srcs[s]->nwords) {
                wref k = src_word(w->srcs[s], cur[s]);
                if (!any || gt_idx_cmp_bytes(k.s, k.n, key.s, key.n) < 0) {
                    key = k;
                    any = 1;
                }
            }
        if (cur[ns] < w->words.nterms) {
            const gt_term *t = &w->words.terms[order[cur[ns]]];
            wref k = {w->words.arena + t->str_off, t->str_len};
            if (!any || gt_idx_cmp_bytes(k.s, k.n, key.s, key.n) < 0) {
                key = k;
                any = 1;
            }
        }
        if (!any)
            break;
        m.docs.len = 0;
        m.df = 0;
        m.last1 = 0;
        for (size_t s = 0; s < ns; s++) {
            const govtext_index *src = w->srcs[s];
            if (cur[s] < src->nwords) {
                wref k = src_word(src, cur[s]);
                if (gt_idx_cmp_bytes(k.s, k.n, key.s, key.n) == 0) {
                    gt_postings po;
                    int r = gt_idx_word_postings(src, cur[s], &po)
                                ? -2
                                : add_source(&m, &po, p->remap[s + 1], src->ndocs);
                    if (r) {
                        rc = r;
                        goto done;
                    }
                    cur[s]++;
                }
            }
        }
        if (cur[ns] < w->words.nterms) {
            const gt_term *t = &w->words.terms[order[cur[ns]]];
            if (gt_idx_cmp_bytes(w->words.arena + t->str_off, t->str_len, key.s, key.n) == 0) {
                int r = add_memory(&m, t, p->remap[0], 0);
                if (r) {
                    rc = r;
                    goto done;
                }
                cur[ns]++;
            }
        }
        if (m.df == 0)
            continue;
        if (ndict == dict_cap &&
            gt_grow_array((void **)&dict, &dict_cap, ndict + 1, sizeof *dict))
            goto done;
        if (strs.len + key.n > UINT32_MAX)
            goto done;
        dict[ndict++] = (gt_idx_word){o->off - o->sec_start, (uint32_t)strs.len, (uint32_t)key.n};
        if (gt_buf_append(&strs, key.s, key.n))
            goto done;
        put_postings(o, &m);
    }
    sec_end(o, GT_SEC_WPOST);
    sec_begin(o);
    out_put(o, dict, ndict * sizeof *dict);
    sec_end(o, GT_SEC_WDICT);
    sec_begin(o);
    out_put(o, strs.data, strs.len);
    sec_end(o, GT_SEC_WSTR);
    *nwords = ndict;
    rc = 0;
done:
    free(cur);
    free(order);
    free(dict);
    gt_buf_release(&strs);
    gt_buf_release(&m.docs);
    gt_buf_release(&m.pos);
    return rc;
}

/* --- the file ------------------------------------------------------------ */

static int sync_dir(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

#define FAIL(st, ...) gt_idx_fail(w->errmsg, st, __VA_ARGS__)

govtext_status govtext_index_writer_save(govtext_index_writer *w, const char *path)
{
    if (!w)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!path || !*path)
        return FAIL(GOVTEXT_ERR_INVALID_ARG, "index writer: no path to save to");
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    out_t o;
    memset(&o, 0, sizeof o);
    o.cap = 1 << 20;
    o.buf = malloc(o.cap);
    plan_t plan;
    int planned = 0;
    govtext_status st = GOVTEXT_OK;
    if (!tmp || !o.buf) {
        st = FAIL(GOVTEXT_ERR_NOMEM, "index writer: out of memory");
        goto out;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    o.fd = mkstemp(tmp);
    if (o.fd < 0) {
        st = FAIL(GOVTEXT_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
        goto out;
    }
    planned = 1;
    /* mkstemp makes the file 0600; an index is data to share like any
     * other file: keep the mode of the file it replaces, else 0644. */
    struct stat old;
    fchmod(o.fd, stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644);
    if (plan_make(w, &plan)) {
        st = FAIL(GOVTEXT_ERR_NOMEM, "index writer: out of memory");
        goto fail;
    }
    gt_idx_header *h = &o.hdr;
    out_raw(&o, h, sizeof *h); /* a placeholder, rewritten at the end */
    gt_idx_meta meta;
    memset(&meta, 0, sizeof meta);
    meta.ndocs = plan.n;
    int r = write_docs(w, &plan, &o, &meta.total_chars);
    if (r == 0)
        r = write_pairs(w, &plan, &o, &meta.npairs);
    if (r == 0)
        r = write_words(w, &plan, &o, &meta.nwords);
    if (r == 0)
        r = write_docids(w, &plan, &o);
    if (r == -2) {
        st = FAIL(GOVTEXT_ERR_CORRUPT, "index writer: a merged index has damaged postings");
        goto fail;
    }
    if (r) {
        st = FAIL(GOVTEXT_ERR_NOMEM, "index writer: out of memory (or over 4 GiB of metadata)");
        goto fail;
    }
    sec_begin(&o);
    out_put(&o, &meta, sizeof meta);
    sec_end(&o, GT_SEC_META);
    out_flush(&o);
    memcpy(h->magic, GT_IDX_MAGIC, 8);
    h->version = GT_IDX_VERSION;
    h->byte_order = GT_IDX_BYTE_ORDER;
    h->file_size = o.off;
    h->header_size = sizeof *h;
    h->flags = w->flags;
    gt_xxh64_state hs;
    gt_xxh64_init(&hs);
    gt_xxh64_update(&hs, h, offsetof(gt_idx_header, xxh64));
    h->xxh64 = gt_xxh64_digest(&hs);
    if (!o.err && pwrite(o.fd, h, sizeof *h, 0) != (ssize_t)sizeof *h)
        o.err = errno ? errno : EIO;
    if (!o.err && fsync(o.fd) != 0)
        o.err = errno;
    if (o.err) {
        st = FAIL(GOVTEXT_ERR_IO, "cannot write %s: %s", tmp, strerror(o.err));
        goto fail;
    }
    if (close(o.fd) != 0) {
        o.fd = -1;
        st = FAIL(GOVTEXT_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
        goto fail;
    }
    o.fd = -1;
    if (rename(tmp, path) != 0) {
        st = FAIL(GOVTEXT_ERR_IO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto fail;
    }
    sync_dir(path); /* best effort: the data is already durable in tmp */
    w->errmsg[0] = '\0';
    goto out;
fail:
    if (o.fd >= 0)
        close(o.fd);
    unlink(tmp);
out:
    if (planned)
        plan_free(&plan, w->nsrcs);
    free(o.buf);
    free(tmp);
    return st;
}
