/* Opening an index file: map it, then check everything a search will rely
 * on (header, checksums, section sizes, every reference in bounds, keys in
 * order), so that searching can trust the structure and only has to
 * bounds-check the varints it decodes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "common/utf8.h"
#include "index/index.h"
#include "index/varint.h"
#include "segment/checksum.h"

govtext_index *govtext_index_new(void)
{
    return calloc(1, sizeof(govtext_index));
}

static void unmap(govtext_index *idx)
{
    if (idx->map)
        munmap(idx->map, idx->map_len);
    char keep[GT_IDX_ERRMSG_MAX];
    memcpy(keep, idx->errmsg, sizeof keep);
    memset(idx, 0, sizeof *idx);
    memcpy(idx->errmsg, keep, sizeof keep);
}

void govtext_index_free(govtext_index *idx)
{
    if (!idx)
        return;
    unmap(idx);
    free(idx);
}

const char *govtext_index_errmsg(const govtext_index *idx)
{
    return idx ? idx->errmsg : "no index (NULL)";
}

#define CORRUPT(...) gt_idx_fail(idx->errmsg, GOVTEXT_ERR_CORRUPT, __VA_ARGS__)

static const char *section_name(uint32_t kind)
{
    static const char *const names[] = {"?",     "meta",  "docs",  "strings", "text", "pair blocks",
                                        "pair dictionary", "pair postings", "word dictionary",
                                        "word strings", "word postings", "document ids"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

/* Finds the one section of a kind; its bytes and length. */
static govtext_status get_section(govtext_index *idx, const gt_idx_header *h, uint32_t kind,
                                  const void **p, uint64_t *len)
{
    int found = 0;
    for (uint32_t i = 0; i < h->nsections; i++) {
        if (h->sections[i].kind != kind)
            continue;
        if (found++)
            return CORRUPT("index: two %s sections", section_name(kind));
        *p = (const char *)idx->map + h->sections[i].offset;
        *len = h->sections[i].length;
    }
    if (!found)
        return CORRUPT("index: the %s section is missing", section_name(kind));
    return GOVTEXT_OK;
}

static govtext_status check_header(govtext_index *idx, const gt_idx_header *h, uint64_t size)
{
    if (size < sizeof *h)
        return CORRUPT("index: file of %llu bytes is shorter than the header (truncated?)",
                       (unsigned long long)size);
    if (memcmp(h->magic, GT_IDX_MAGIC, 8) != 0)
        return CORRUPT("index: not a govtext index (bad magic)");
    if (h->byte_order != GT_IDX_BYTE_ORDER)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_UNSUPPORTED,
                           "index: written on a machine of the other byte order");
    if (h->version > GT_IDX_VERSION)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_UNSUPPORTED,
                           "index: format version %u is newer than this library's (%u)",
                           (unsigned)h->version, GT_IDX_VERSION);
    if (h->version == 0 || h->header_size != sizeof *h)
        return CORRUPT("index: bad version or header size");
    if (gt_xxh64(h, offsetof(gt_idx_header, xxh64)) != h->xxh64)
        return CORRUPT("index: header checksum mismatch");
    if (h->file_size != size)
        return CORRUPT("index: file has %llu bytes, header says %llu (truncated or extended)",
                       (unsigned long long)size, (unsigned long long)h->file_size);
    if (h->nsections > GT_IDX_MAX_SECTIONS)
        return CORRUPT("index: %u sections", (unsigned)h->nsections);
    for (uint32_t i = 0; i < h->nsections; i++) {
        const gt_idx_section *s = &h->sections[i];
        if (s->offset % 8 || s->offset < sizeof *h || s->offset > size ||
            s->length > size - s->offset)
            return CORRUPT("index: %s section out of the file", section_name(s->kind));
        if (gt_xxh64((const char *)idx->map + s->offset, s->length) != s->xxh64)
            return CORRUPT("index: checksum mismatch in the %s section (offset %llu)",
                           section_name(s->kind), (unsigned long long)s->offset);
    }
    return GOVTEXT_OK;
}

static govtext_status check_docs(govtext_index *idx)
{
    uint64_t total = 0;
    for (uint64_t d = 0; d < idx->ndocs; d++) {
        const gt_idx_doc *doc = &idx->docs[d];
        if (doc->text_off > idx->text_len || doc->stored_len > idx->text_len - doc->text_off ||
            doc->stored_len > doc->text_len)
            return CORRUPT("index: document %llu's text is out of bounds", (unsigned long long)d);
        if (doc->stored_len < doc->text_len &&
            ZSTD_getFrameContentSize(idx->text + doc->text_off, doc->stored_len) !=
                doc->text_len)
            return CORRUPT("index: document %llu's compressed text has the wrong size",
                           (unsigned long long)d);
        if (doc->nchars > doc->npos || doc->npos > doc->text_len)
            return CORRUPT("index: document %llu's lengths disagree", (unsigned long long)d);
        for (int s = 0; s < 4; s++)
            if (doc->str_off[s] > idx->strings_len ||
                doc->str_len[s] > idx->strings_len - doc->str_off[s])
                return CORRUPT("index: document %llu's strings are out of bounds",
                               (unsigned long long)d);
        if (doc->str_len[GT_STR_ID] == 0)
            return CORRUPT("index: document %llu has no id", (unsigned long long)d);
        total += doc->nchars;
    }
    if (total != idx->meta->total_chars)
        return CORRUPT("index: document lengths do not add up");
    return GOVTEXT_OK;
}

static govtext_status check_terms(govtext_index *idx)
{
    const char *why;
    if (gt_idx_pair_check(idx, &why))
        return CORRUPT("index: %s", why);
    for (uint64_t i = 0; i < idx->nwords; i++) {
        const gt_idx_word *w = &idx->wdict[i];
        if (w->str_off > idx->wstr_len || w->str_len > idx->wstr_len - w->str_off ||
            w->str_len == 0)
            return CORRUPT("index: word %llu is out of bounds", (unsigned long long)i);
        if (w->post_off >= idx->wpost_len || (i > 0 && w->post_off <= w[-1].post_off))
            return CORRUPT("index: word postings out of order at %llu", (unsigned long long)i);
        if (i > 0 && gt_idx_cmp_bytes(idx->wstr + w[-1].str_off, w[-1].str_len, idx->wstr + w->str_off,
                               w->str_len) >= 0)
            return CORRUPT("index: words out of order at %llu", (unsigned long long)i);
    }
    return GOVTEXT_OK;
}

static govtext_status check_docids(govtext_index *idx)
{
    unsigned char *seen = calloc(idx->ndocs ? idx->ndocs : 1, 1);
    if (!seen)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_NOMEM, "index: out of memory");
    govtext_status st = GOVTEXT_OK;
    for (uint64_t i = 0; i < idx->ndocs && st == GOVTEXT_OK; i++) {
        uint32_t d = idx->docids[i];
        if (d >= idx->ndocs || seen[d]++) {
            st = CORRUPT("index: the id table is not a permutation");
        } else if (i > 0) {
            size_t an, bn;
            const char *a = gt_idx_doc_str(idx, idx->docids[i - 1], GT_STR_ID, &an);
            const char *b = gt_idx_doc_str(idx, d, GT_STR_ID, &bn);
            if (gt_idx_cmp_bytes(a, an, b, bn) >= 0)
                st = CORRUPT("index: document ids out of order or repeated");
        }
    }
    free(seen);
    return st;
}

static govtext_status map_sections(govtext_index *idx, const gt_idx_header *h)
{
    const void *p;
    uint64_t len;
    govtext_status st;
#define SECTION(kind, field, lenfield)                    \
    if ((st = get_section(idx, h, kind, &p, &len)) != GOVTEXT_OK) \
        return st;                                        \
    idx->field = p;                                       \
    lenfield = len;
    uint64_t meta_len, docs_len, pb_len, wd_len, ids_len;
    SECTION(GT_SEC_META, meta, meta_len)
    if (meta_len != sizeof(gt_idx_meta))
        return CORRUPT("index: bad meta section");
    SECTION(GT_SEC_DOCS, docs, docs_len)
    SECTION(GT_SEC_STRINGS, strings, idx->strings_len)
    SECTION(GT_SEC_TEXT, text, idx->text_len)
    SECTION(GT_SEC_PBLOCKS, pblocks, pb_len)
    SECTION(GT_SEC_PDICT, pdict, idx->pdict_len)
    SECTION(GT_SEC_PPOST, ppost, idx->ppost_len)
    SECTION(GT_SEC_WDICT, wdict, wd_len)
    SECTION(GT_SEC_WSTR, wstr, idx->wstr_len)
    SECTION(GT_SEC_WPOST, wpost, idx->wpost_len)
    SECTION(GT_SEC_DOCIDS, docids, ids_len)
#undef SECTION
    const gt_idx_meta *m = idx->meta;
    if (m->ndocs > UINT32_MAX || docs_len / sizeof(gt_idx_doc) != m->ndocs ||
        docs_len % sizeof(gt_idx_doc) || ids_len != m->ndocs * 4)
        return CORRUPT("index: document table size disagrees with the count");
    if (pb_len % sizeof(gt_idx_pblock) || m->npairs > (UINT64_C(1) << 42))
        return CORRUPT("index: bad pair block table");
    idx->nblocks = pb_len / sizeof(gt_idx_pblock);
    if (wd_len % sizeof(gt_idx_word) || wd_len / sizeof(gt_idx_word) != m->nwords)
        return CORRUPT("index: word table size disagrees with the count");
    idx->ndocs = m->ndocs;
    idx->npairs = m->npairs;
    idx->nwords = m->nwords;
    idx->flags = h->flags;
    return GOVTEXT_OK;
}

govtext_status govtext_index_open(govtext_index *idx, const char *path)
{
    if (!idx)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!path)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_INVALID_ARG, "index: NULL path");
    if (idx->open)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_INVALID_ARG,
                           "index: this handle is already open (use a new one)");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_IO, "cannot open %s: %s", path,
                           strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_IO, "%s: not a regular file", path);
    }
    if ((uint64_t)sb.st_size < sizeof(gt_idx_header)) {
        close(fd);
        return CORRUPT("index %s: %lld bytes is shorter than the header (truncated?)", path,
                       (long long)sb.st_size);
    }
    void *map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd); /* the mapping keeps the file */
    if (map == MAP_FAILED)
        return gt_idx_fail(idx->errmsg, GOVTEXT_ERR_IO, "cannot map %s: %s", path,
                           strerror(errno));
    idx->map = map;
    idx->map_len = (size_t)sb.st_size;
    const gt_idx_header *h = map;
    govtext_status st = check_header(idx, h, (uint64_t)sb.st_size);
    if (st == GOVTEXT_OK)
        st = map_sections(idx, h);
    if (st == GOVTEXT_OK)
        st = check_docs(idx);
    if (st == GOVTEXT_OK)
        st = check_terms(idx);
    if (st == GOVTEXT_OK)
        st = check_docids(idx);
    if (st != GOVTEXT_OK) {
        unmap(idx);
        return st;
    }
    idx->avgdl = idx->ndocs ? (double)idx->meta->total_chars / (double)idx->ndocs : 1.0;
    if (idx->avgdl <= 0)
        idx->avgdl = 1.0;
    idx->open = 1;
    idx->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

uint32_t govtext_index_flags(const govtext_index *idx)
{
    return idx && idx->open ? idx->flags : 0;
}

size_t govtext_index_doc_count(const govtext_index *idx)
{
    return idx ? (size_t)idx->ndocs : 0;
}

const char *govtext_index_doc_id(const govtext_index *idx, size_t doc, size_t *len)
{
    size_t n = 0;
    const char *s = NULL;
    if (idx && doc < idx->ndocs)
        s = gt_idx_doc_str(idx, doc, GT_STR_ID, &n);
    if (len)
        *len = n;
    return s;
}

/* Decompresses (or copies) document d's text into out[0..text_len). */
static int unpack(const govtext_index *idx, uint64_t d, char *out)
{
    const gt_idx_doc *doc = &idx->docs[d];
    const char *src = idx->text + doc->text_off;
    if (doc->stored_len == doc->text_len) {
        if (doc->text_len)
            memcpy(out, src, doc->text_len);
        return 0;
    }
    size_t n = ZSTD_decompress(out, doc->text_len, src, doc->stored_len);
    return ZSTD_isError(n) || n != doc->text_len ? -1 : 0;
}

govtext_status govtext_index_doc_text(const govtext_index *idx, size_t doc, char *buf,
                                      size_t cap, size_t *len)
{
    if (!idx || !len || (!buf && cap))
        return GOVTEXT_ERR_INVALID_ARG;
    *len = 0;
    if (doc >= idx->ndocs)
        return GOVTEXT_ERR_NOT_FOUND;
    *len = idx->docs[doc].text_len;
    if (cap < *len)
        return GOVTEXT_ERR_BUFFER_TOO_SMALL;
    if (unpack(idx, doc, buf) || gt_utf8_validate(buf, *len) != *len)
        return GOVTEXT_ERR_CORRUPT; /* the caller was promised UTF-8 */
    return GOVTEXT_OK;
}

int gt_idx_load_text(const govtext_index *idx, uint64_t doc, gt_textbuf *t)
{
    size_t n = idx->docs[doc].text_len;
    if (n + 1 > t->cap) {
        char *p = realloc(t->data, n + 1);
        if (!p)
            return -2;
        t->data = p;
        t->cap = n + 1;
    }
    /* Searching decodes the text as UTF-8 without bounds on each
     * character, so a damaged text (behind a forged checksum) is refused
     * here rather than read past its end. */
    if (unpack(idx, doc, t->data) || gt_utf8_validate(t->data, n) != n)
        return -1;
    t->data[n] = '\0';
    t->len = n;
    return 0;
}

#define META_V1_SIZE (offsetof(govtext_doc_meta, year) + sizeof(int32_t))

govtext_status govtext_index_doc_meta(const govtext_index *idx, size_t doc,
                                      govtext_doc_meta *meta)
{
    if (!idx || !meta || meta->struct_size < META_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    if (doc >= idx->ndocs)
        return GOVTEXT_ERR_NOT_FOUND;
    meta->title = gt_idx_doc_str(idx, doc, GT_STR_TITLE, &meta->title_len);
    meta->date = gt_idx_doc_str(idx, doc, GT_STR_DATE, &meta->date_len);
    meta->source = gt_idx_doc_str(idx, doc, GT_STR_SOURCE, &meta->source_len);
    meta->year = idx->docs[doc].year;
    return GOVTEXT_OK;
}

govtext_status govtext_index_find(const govtext_index *idx, const char *id, size_t id_len,
                                  size_t *doc)
{
    if (!idx || (!id && id_len) || !doc)
        return GOVTEXT_ERR_INVALID_ARG;
    uint64_t lo = 0, hi = idx->ndocs;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        size_t n;
        const char *s = gt_idx_doc_str(idx, idx->docids[mid], GT_STR_ID, &n);
        int c = gt_idx_cmp_bytes(s, n, id, id_len);
        if (c == 0) {
            *doc = idx->docids[mid];
            return GOVTEXT_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return GOVTEXT_ERR_NOT_FOUND;
}

int64_t gt_idx_find_word(const govtext_index *idx, const char *w, size_t len)
{
    uint64_t lo = 0, hi = idx->nwords;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        const gt_idx_word *e = &idx->wdict[mid];
        int c = gt_idx_cmp_bytes(idx->wstr + e->str_off, e->str_len, w, len);
        if (c == 0)
            return (int64_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int gt_idx_slice_postings(const unsigned char *p, const unsigned char *end, int positions,
                          gt_postings *out)
{
    uint64_t df, dbytes;
    if (gt_varint_get(&p, end, &df) || gt_varint_get(&p, end, &dbytes) || df == 0 ||
        dbytes > (uint64_t)(end - p))
        return -1;
    out->df = df;
    out->docs = p;
    out->docs_end = p + dbytes;
    out->pos = positions ? p + dbytes : NULL;
    out->pos_end = positions ? end : NULL;
    return 0;
}

int gt_idx_word_postings(const govtext_index *idx, uint64_t i, gt_postings *p)
{
    uint64_t end = i + 1 < idx->nwords ? idx->wdict[i + 1].post_off : idx->wpost_len;
    return gt_idx_slice_postings(idx->wpost + idx->wdict[i].post_off, idx->wpost + end, 0, p);
}
