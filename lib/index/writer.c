/* Adding documents: each document's character pairs (with positions) and
 * words go to the end of their terms' streams; a failure rolls every
 * touched stream back, so the writer is as it was. */
#include "index/writer.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "common/utf8.h"
#include "common/versioned.h"
#include "index/chars.h"
#include "index/varint.h"

#define OPTS_V1_SIZE (offsetof(govtext_index_options, lexicon) + sizeof(govtext_lexicon *))
#define META_V1_SIZE (offsetof(govtext_doc_meta, year) + sizeof(int32_t))
#define MAX_DOCS (UINT32_MAX - 2)

govtext_status govtext_index_options_init(govtext_index_options *o, size_t size)
{
    if (!o || size < OPTS_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(o, 0, size);
    o->struct_size = size;
    return GOVTEXT_OK;
}

govtext_status govtext_doc_meta_init(govtext_doc_meta *m, size_t size)
{
    if (!m || size < META_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(m, 0, size);
    m->struct_size = size;
    return GOVTEXT_OK;
}

govtext_status govtext_index_writer_new(const govtext_index_options *opts,
                                        govtext_index_writer **out)
{
    if (!out)
        return GOVTEXT_ERR_INVALID_ARG;
    *out = NULL;
    govtext_index_writer *w = calloc(1, sizeof *w);
    if (!w)
        return GOVTEXT_ERR_NOMEM;
    govtext_index_options o;
    govtext_status st = GOVTEXT_OK;
    memset(&o, 0, sizeof o);
    if (opts)
        st = gt_read_versioned(w->errmsg, sizeof w->errmsg, "index options",
                               "govtext_index_options_init", &o, sizeof o, opts, OPTS_V1_SIZE);
    if (st == GOVTEXT_OK && (o.flags & ~GOVTEXT_INDEX_NO_WORDS))
        st = GOVTEXT_ERR_UNSUPPORTED;
    gt_terms_init(&w->pairs, 0);
    gt_terms_init(&w->words, 1);
    gt_buf_init(&w->text);
    gt_buf_init(&w->strings);
    w->flags = o.flags;
    if (st == GOVTEXT_OK && !(o.flags & GOVTEXT_INDEX_NO_WORDS)) {
        govtext_lexicon *lex = o.lexicon;
        if (!lex) {
            lex = w->own_lex = govtext_lexicon_new();
            st = lex ? govtext_lexicon_load_default(lex) : GOVTEXT_ERR_NOMEM;
        }
        if (st == GOVTEXT_OK && !(w->seg = govtext_segmenter_new(lex)))
            st = GOVTEXT_ERR_NOMEM;
    }
    if (st != GOVTEXT_OK) {
        govtext_index_writer_free(w);
        return st;
    }
    *out = w;
    return GOVTEXT_OK;
}

void govtext_index_writer_free(govtext_index_writer *w)
{
    if (!w)
        return;
    govtext_segmenter_free(w->seg);
    govtext_lexicon_free(w->own_lex);
    gt_terms_release(&w->pairs);
    gt_terms_release(&w->words);
    gt_buf_release(&w->text);
    gt_buf_release(&w->strings);
    free(w->mdocs);
    free(w->srcs);
    free(w->ents);
    free(w->idslots);
    free(w->cps);
    free(w->tids);
    free(w->touched);
    free(w->toks);
    free(w->hashes);
    ZSTD_freeCCtx(w->zctx);
    free(w);
}

const char *govtext_index_writer_errmsg(const govtext_index_writer *w)
{
    return w ? w->errmsg : "no index writer (NULL)";
}

size_t govtext_index_writer_count(const govtext_index_writer *w)
{
    return w ? w->nlive : 0;
}

#define FAIL(st, ...) gt_idx_fail(w->errmsg, st, __VA_ARGS__)
#define NOMEM() FAIL(GOVTEXT_ERR_NOMEM, "index writer: out of memory")

/* --- ids ------------------------------------------------------------- */

const char *gt_writer_entry_id(const govtext_index_writer *w, const gt_entry *e, size_t *len)
{
    if (e->src == 0) {
        const gt_idx_doc *d = &w->mdocs[e->doc];
        *len = d->str_len[GT_STR_ID];
        return w->strings.data + d->str_off[GT_STR_ID];
    }
    return gt_idx_doc_str(w->srcs[e->src - 1], e->doc, GT_STR_ID, len);
}

/* The slot of id: the one holding it, or the empty one where it goes. */
static size_t id_slot(const govtext_index_writer *w, const char *id, size_t n)
{
    size_t mask = w->nidslots - 1, h = (size_t)gt_terms_hash(id, n) & mask;
    while (w->idslots[h]) {
        size_t m;
        const char *s = gt_writer_entry_id(w, &w->ents[w->idslots[h] - 1], &m);
        if (m == n && memcmp(s, id, n) == 0)
            break;
        h = (h + 1) & mask;
    }
    return h;
}

/* Room for `more` entries in the entry array and the id table. */
static int reserve_entries(govtext_index_writer *w, size_t more)
{
    if (more > MAX_DOCS - w->nents)
        return -1;
    size_t need = w->nents + more;
    if (need > w->ents_cap) {
        size_t cap = w->ents_cap ? w->ents_cap : 256;
        while (cap < need)
            cap *= 2;
        gt_entry *e = realloc(w->ents, cap * sizeof *e);
        if (!e)
            return -1;
        w->ents = e;
        w->ents_cap = cap;
    }
    if (need * 2 >= w->nidslots) {
        size_t n = w->nidslots ? w->nidslots : 1024;
        while (need * 2 >= n)
            n *= 2;
        uint32_t *slots = calloc(n, sizeof *slots);
        if (!slots)
            return -1;
        uint32_t *old = w->idslots;
        size_t oldn = w->nidslots;
        w->idslots = slots;
        w->nidslots = n;
        for (size_t i = 0; i < oldn; i++) {
            if (!old[i])
                continue;
            size_t len;
            const char *id = gt_writer_entry_id(w, &w->ents[old[i] - 1], &len);
            w->idslots[id_slot(w, id, len)] = old[i];
        }
        free(old);
    }
    return 0;
}

/* Records entry e (already in ents[nents]); an earlier one of the same id is
 * replaced.  Room is reserved. */
static void push_entry(govtext_index_writer *w, gt_entry e)
{
    w->ents[w->nents] = e;
    size_t len;
    const char *id = gt_writer_entry_id(w, &w->ents[w->nents], &len);
    size_t h = id_slot(w, id, len);
    if (w->idslots[h]) {
        gt_entry *old = &w->ents[w->idslots[h] - 1];
        if (!old->deleted) {
            old->deleted = 1;
            w->nlive--;
        }
    }
    w->idslots[h] = (uint32_t)++w->nents;
    w->nlive++;
}

govtext_status govtext_index_writer_delete(govtext_index_writer *w, const char *id, size_t id_len)
{
    if (!w || (!id && id_len))
        return GOVTEXT_ERR_INVALID_ARG;
    if (w->nidslots) {
        size_t h = id_slot(w, id, id_len);
        if (w->idslots[h] && !w->ents[w->idslots[h] - 1].deleted) {
            w->ents[w->idslots[h] - 1].deleted = 1;
            w->nlive--;
            w->errmsg[0] = '\0';
            return GOVTEXT_OK;
        }
    }
    return FAIL(GOVTEXT_ERR_NOT_FOUND, "index writer: no document with id '%.*s'",
                (int)(id_len > 200 ? 200 : id_len), id);
}

govtext_status govtext_index_writer_add_index(govtext_index_writer *w, const govtext_index *idx)
{
    if (!w)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!idx || !idx->open)
        return FAIL(GOVTEXT_ERR_INVALID_ARG, "index writer: the index to add is not open");
    if ((idx->flags ^ w->flags) & GOVTEXT_INDEX_NO_WORDS)
        return FAIL(GOVTEXT_ERR_INVALID_ARG, "index writer: the index to add was built %s words, "
                    "this writer %s", (idx->flags & GOVTEXT_INDEX_NO_WORDS) ? "without" : "with",
                    (w->flags & GOVTEXT_INDEX_NO_WORDS) ? "indexes none" : "indexes them");
    if (w->nsrcs == w->srcs_cap) {
        size_t cap = w->srcs_cap ? w->srcs_cap * 2 : 4;
        const govtext_index **s = realloc(w->srcs, cap * sizeof *s);
        if (!s)
            return NOMEM();
        w->srcs = s;
        w->srcs_cap = cap;
    }
    if (idx->ndocs > MAX_DOCS - w->nents)
        return FAIL(GOVTEXT_ERR_LIMIT, "index writer: more than %u documents",
                    (unsigned)MAX_DOCS);
    if (reserve_entries(w, (size_t)idx->ndocs))
        return NOMEM();
    w->srcs[w->nsrcs++] = idx;
    for (uint64_t d = 0; d < idx->ndocs; d++)
        push_entry(w, (gt_entry){(uint32_t)w->nsrcs, (uint32_t)d, 0});
    w->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

/* --- adding a document ----------------------------------------------- */

static int touch(govtext_index_writer *w, gt_term *t, uint32_t tid, uint32_t doc1)
{
    if (t->last_doc == doc1) {
        t->cur_tf++;
        return 0;
    }
    if (w->ntouched == w->touched_cap &&
        gt_grow_array((void **)&w->touched, &w->touched_cap, w->ntouched + 1,
                      sizeof *w->touched))
        return -1;
    w->touched[w->ntouched++] = (gt_touch){tid, t->len, t->df, t->last_doc};
    t->last_doc = doc1;
    t->cur_tf = 1;
    t->df++;
    return 0;
}

/* Writes the per-document header (doc delta, tf) of the touched terms from
 * `from` on. */
static int write_headers(gt_term_table *tab, const gt_touch *touched, size_t from, size_t to,
                         uint32_t doc1)
{
    unsigned char b[20];
    for (size_t i = from; i < to; i++) {
        gt_term *t = &tab->terms[touched[i].tid];
        size_t n = gt_doc_put(b, doc1 - touched[i].old_last_doc, t->cur_tf);
        if (gt_term_append(t, b, n))
            return -1;
        t->last_pos = 0;
    }
    return 0;
}

static void rollback(govtext_index_writer *w, size_t npairs_touched)
{
    for (size_t i = 0; i < w->ntouched; i++) {
        gt_term_table *tab = i < npairs_touched ? &w->pairs : &w->words;
        gt_term *t = &tab->terms[w->touched[i].tid];
        t->len = w->touched[i].old_len;
        t->df = w->touched[i].old_df;
        t->last_doc = w->touched[i].old_last_doc;
    }
    w->ntouched = 0;
}

/* The key of the pair at character i; NO_PAIR at white space. */
#define NO_PAIR UINT64_MAX

static inline uint64_t key_at(const uint32_t *cps, size_t n, size_t i)
{
    if (cps[i] == GT_IDX_GAP)
        return NO_PAIR;
    return gt_pair_key(cps[i], i + 1 < n && cps[i + 1] != GT_IDX_GAP ? cps[i + 1] : GT_PAIR_END);
}

/* The pairs of text (n characters in w->cps) as document doc1 - 1. */
static int index_pairs(govtext_index_writer *w, size_t n, uint32_t doc1)
{
    uint32_t *cps = w->cps, *tids = w->tids;
    /* The lookups miss the cache twice (slot, then term); fetching the slot
     * sixteen characters ahead and its term eight ahead overlaps the misses
     * (about a third of the time here). */
    enum { AHEAD = 8 };
    for (size_t i = 0; i < n; i++) {
        uint64_t k;
        if (i + 2 * AHEAD < n && (k = key_at(cps, n, i + 2 * AHEAD)) != NO_PAIR)
            gt_terms_prefetch(&w->pairs, k);
        if (i + AHEAD < n && (k = key_at(cps, n, i + AHEAD)) != NO_PAIR)
            gt_terms_prefetch_term(&w->pairs, k);
        if ((k = key_at(cps, n, i)) == NO_PAIR) {
            tids[i] = UINT32_MAX;
            continue;
        }
        int64_t tid = gt_terms_pair(&w->pairs, k);
        if (tid < 0 || touch(w, &w->pairs.terms[tid], (uint32_t)tid, doc1))
            return -1;
        tids[i] = (uint32_t)tid;
    }
    if (write_headers(&w->pairs, w->touched, 0, w->ntouched, doc1))
        return -1;
    unsigned char b[10];
    for (size_t i = 0; i < n; i++) {
        if (tids[i] == UINT32_MAX)
            continue;
        gt_term *t = &w->pairs.terms[tids[i]];
        size_t k = gt_varint_put(b, (uint32_t)i - t->last_pos);
        if (gt_term_append(t, b, k))
            return -1;
        t->last_pos = (uint32_t)i;
    }
    return 0;
}

static govtext_status segment(govtext_index_writer *w, const char *text, size_t len, size_t *count)
{
    govtext_segment_options so;
    govtext_segment_options_init(&so, sizeof so);
    so.mode = GOVTEXT_SEG_INDEX;
    for (;;) {
        govtext_status st =
            govtext_segmenter_words(w->seg, text, len, &so, w->toks, w->toks_cap, count);
        if (st != GOVTEXT_ERR_BUFFER_TOO_SMALL)
            return st == GOVTEXT_OK
                       ? GOVTEXT_OK
                       : FAIL(st, "index writer: segmenting: %s", govtext_segmenter_errmsg(w->seg));
        if (gt_grow_array((void **)&w->toks, &w->toks_cap, *count, sizeof *w->toks))
            return NOMEM();
    }
}

/* s[0..n) with ASCII capitals folded: s itself when it has none, else a
 * folded copy in buf. */
static const char *fold_ascii(const char *s, size_t n, char *buf)
{
    size_t k = 0;
    while (k < n && !(s[k] >= 'A' && s[k] <= 'Z'))
        k++;
    if (k == n)
        return s;
    for (k = 0; k < n; k++)
        buf[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] + 32) : s[k];
    return buf;
}

static govtext_status index_words(govtext_index_writer *w, const char *text, size_t len,
                                  uint32_t doc1)
{
    size_t count;
    govtext_status st = segment(w, text, len, &count);
    if (st != GOVTEXT_OK)
        return st;
    size_t first = w->ntouched;
    if (gt_grow_array((void **)&w->hashes, &w->hashes_cap, count + 1, sizeof *w->hashes))
        return NOMEM();
    /* Words as the index keeps them (ASCII folded), hashed first so that
     * the table's slots can be fetched ahead. */
    char buf[256];
    for (size_t i = 0; i < count; i++) {
        const govtext_token *t = &w->toks[i];
        size_t n = t->end - t->start;
        w->hashes[i] = 0;
        if ((t->kind != GOVTEXT_TOKEN_WORD && t->kind != GOVTEXT_TOKEN_UNKNOWN &&
             t->kind != GOVTEXT_TOKEN_NUMBER && t->kind != GOVTEXT_TOKEN_DATE &&
             t->kind != GOVTEXT_TOKEN_LATIN) ||
            n > sizeof buf) /* a 4,096-character run cut by the segmenter: pairs find it */
            continue;
        const char *s = text + t->start;
        s = fold_ascii(s, n, buf);
        w->hashes[i] = gt_terms_hash(s, n) | 1; /* never 0 */
    }
    enum { AHEAD = 4 };
    for (size_t i = 0; i < count; i++) {
        if (i + AHEAD < count && w->hashes[i + AHEAD])
            gt_terms_prefetch(&w->words, w->hashes[i + AHEAD]);
        if (!w->hashes[i])
            continue;
        const govtext_token *t = &w->toks[i];
        size_t n = t->end - t->start;
        const char *s = text + t->start;
        s = fold_ascii(s, n, buf);
        int64_t tid = gt_terms_word(&w->words, s, n, w->hashes[i]);
        if (tid < 0 || touch(w, &w->words.terms[tid], (uint32_t)tid, doc1))
            return NOMEM();
    }
    if (write_headers(&w->words, w->touched, first, w->ntouched, doc1))
        return NOMEM();
    return GOVTEXT_OK;
}

/* zstd level 3: 2.3x on governance text at several hundred MB/s; higher
 * levels gain a few percent for much more time. */
#define ZSTD_LEVEL 3

/* Appends the text to w->text, compressed when that is shorter. */
static int store_text(govtext_index_writer *w, const char *text, size_t len, gt_idx_doc *d)
{
    d->text_off = w->text.len;
    d->stored_len = (uint32_t)len;
    if (len == 0)
        return 0;
    size_t bound = ZSTD_compressBound(len);
    if (!w->zctx && !(w->zctx = ZSTD_createCCtx()))
        return -1;
    if (gt_buf_reserve(&w->text, bound))
        return -1;
    size_t n = ZSTD_compressCCtx(w->zctx, w->text.data + w->text.len, bound, text, len,
                                 ZSTD_LEVEL);
    if (!ZSTD_isError(n) && n < len) {
        w->text.len += n;
        d->stored_len = (uint32_t)n;
        return 0;
    }
    return gt_buf_append(&w->text, text, len);
}

/* Appends a metadata string; records its place. */
static int put_string(govtext_index_writer *w, const char *s, size_t n, uint32_t *off,
                      uint32_t *len)
{
    if (w->strings.len + n > UINT32_MAX)
        return -1;
    *off = (uint32_t)w->strings.len;
    *len = (uint32_t)n;
    return n ? gt_buf_append(&w->strings, s, n) : 0;
}

static int year_of(const char *date, size_t n)
{
    if (n < 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (date[i] < '0' || date[i] > '9')
            return 0;
        y = y * 10 + (date[i] - '0');
    }
    return (n == 4 || date[4] < '0' || date[4] > '9') ? y : 0;
}

static govtext_status check_meta(govtext_index_writer *w, const govtext_doc_meta *in,
                                 govtext_doc_meta *m)
{
    memset(m, 0, sizeof *m);
    if (!in)
        return GOVTEXT_OK;
    govtext_status st = gt_read_versioned(w->errmsg, sizeof w->errmsg, "document metadata",
                                          "govtext_doc_meta_init", m, sizeof *m, in, META_V1_SIZE);
    if (st != GOVTEXT_OK)
        return st;
    const char *s[3] = {m->title, m->date, m->source};
    size_t n[3] = {m->title_len, m->date_len, m->source_len};
    static const char *const names[3] = {"title", "date", "source"};
    for (int i = 0; i < 3; i++) {
        if (!s[i] && n[i])
            return FAIL(GOVTEXT_ERR_INVALID_ARG, "index writer: NULL %s with a length",
                        names[i]);
        if (n[i] && gt_utf8_validate(s[i], n[i]) != n[i])
            return FAIL(GOVTEXT_ERR_INVALID_UTF8, "index writer: the %s is not valid UTF-8",
                        names[i]);
    }
    if (m->year == 0)
        m->year = year_of(m->date, m->date_len);
    return GOVTEXT_OK;
}

static int reserve_doc(govtext_index_writer *w, size_t len)
{
    if (w->nmdocs == w->mdocs_cap &&
        gt_grow_array((void **)&w->mdocs, &w->mdocs_cap, w->nmdocs + 1, sizeof *w->mdocs))
        return -1;
    if (len + 1 > w->cps_cap) {
        size_t cap = w->cps_cap;
        if (gt_grow_array((void **)&w->cps, &cap, len + 1, sizeof *w->cps))
            return -1;
        uint32_t *t = realloc(w->tids, cap * sizeof *t);
        if (!t)
            return -1;
        w->tids = t;
        w->cps_cap = cap;
    }
    return reserve_entries(w, 1);
}

govtext_status govtext_index_writer_add(govtext_index_writer *w, const char *id, size_t id_len,
                                        const char *text, size_t len,
                                        const govtext_doc_meta *meta)
{
    if (!w)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!id || id_len == 0 || (!text && len))
        return FAIL(GOVTEXT_ERR_INVALID_ARG, "index writer: a document needs an id and a text");
    if (len >= UINT32_MAX || id_len >= UINT32_MAX)
        return FAIL(GOVTEXT_ERR_LIMIT, "index writer: a document of %zu bytes (at most 4 GiB)",
                    len);
    if (w->nmdocs >= MAX_DOCS || w->nents >= MAX_DOCS)
        return FAIL(GOVTEXT_ERR_LIMIT, "index writer: more than %u documents",
                    (unsigned)MAX_DOCS);
    size_t bad = gt_utf8_validate(id, id_len);
    if (bad != id_len)
        return FAIL(GOVTEXT_ERR_INVALID_UTF8, "index writer: the id is not valid UTF-8");
    bad = len ? gt_utf8_validate(text, len) : 0;
    if (bad != len)
        return FAIL(GOVTEXT_ERR_INVALID_UTF8,
                    "index writer: document '%.*s' is not valid UTF-8 at byte %zu",
                    (int)(id_len > 200 ? 200 : id_len), id, bad);
    govtext_doc_meta m;
    govtext_status st = check_meta(w, meta, &m);
    if (st != GOVTEXT_OK)
        return st;
    if (reserve_doc(w, len))
        return NOMEM();

    /* Characters, folded, white space as a gap marker. */
    size_t n = 0, nchars = 0;
    for (size_t i = 0; i < len; n++) {
        uint32_t c;
        i += gt_utf8_next(text, len, i, &c);
        if (gt_idx_is_space(c)) {
            w->cps[n] = GT_IDX_GAP;
        } else {
            w->cps[n] = gt_idx_fold(c);
            nchars++;
        }
    }

    size_t text_mark = w->text.len, str_mark = w->strings.len;
    uint32_t doc1 = (uint32_t)w->nmdocs + 1;
    gt_idx_doc d;
    memset(&d, 0, sizeof d);
    d.text_len = (uint32_t)len;
    d.nchars = (uint32_t)nchars;
    d.npos = (uint32_t)n;
    d.year = m.year;
    w->ntouched = 0;
    size_t npairs_touched = 0;
    st = GOVTEXT_OK;
    if (store_text(w, text, len, &d) ||
        put_string(w, id, id_len, &d.str_off[GT_STR_ID], &d.str_len[GT_STR_ID]) ||
        put_string(w, m.title, m.title_len, &d.str_off[GT_STR_TITLE], &d.str_len[GT_STR_TITLE]) ||
        put_string(w, m.date, m.date_len, &d.str_off[GT_STR_DATE], &d.str_len[GT_STR_DATE]) ||
        put_string(w, m.source, m.source_len, &d.str_off[GT_STR_SOURCE],
                   &d.str_len[GT_STR_SOURCE]))
        st = NOMEM();
    if (st == GOVTEXT_OK && index_pairs(w, n, doc1))
        st = NOMEM();
    npairs_touched = w->ntouched;
    if (st == GOVTEXT_OK && w->seg)
        st = index_words(w, text, len, doc1);
    if (st != GOVTEXT_OK) {
        rollback(w, npairs_touched);
        w->text.len = text_mark;
        w->strings.len = str_mark;
        return st;
    }
    w->ntouched = 0;
    w->mdocs[w->nmdocs++] = d;
    w->total_chars += nchars;
    push_entry(w, (gt_entry){0, doc1 - 1, 0});
    w->errmsg[0] = '\0';
    return GOVTEXT_OK;
}
