/* Internal view of the index: the open (mapped) index, the writer, and the
 * pieces that search and save share. */
#ifndef GT_INDEX_INDEX_H
#define GT_INDEX_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "govtext.h"
#include "index/format.h"

#define GT_IDX_ERRMSG_MAX 256

/* Formats a message into buf (GT_IDX_ERRMSG_MAX bytes) and returns status. */
govtext_status gt_idx_fail(char *buf, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

struct govtext_index {
    char errmsg[GT_IDX_ERRMSG_MAX];
    int open;
    void *map;
    size_t map_len;
    uint32_t flags;
    const gt_idx_meta *meta;
    const gt_idx_doc *docs;
    uint64_t ndocs;
    const char *strings;
    uint64_t strings_len;
    const char *text;
    uint64_t text_len;
    const gt_idx_pblock *pblocks;
    uint64_t nblocks;
    const unsigned char *pdict;
    uint64_t pdict_len;
    uint64_t npairs;
    const unsigned char *ppost;
    uint64_t ppost_len;
    const gt_idx_word *wdict;
    uint64_t nwords;
    const char *wstr;
    uint64_t wstr_len;
    const unsigned char *wpost;
    uint64_t wpost_len;
    const uint32_t *docids;
    double avgdl;
};

/* The order of word and id tables: bytes compared, a prefix first. */
static inline int gt_idx_cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* The index's string s of document d (GT_STR_*). */
static inline const char *gt_idx_doc_str(const govtext_index *idx, uint64_t d, int s,
                                         size_t *len)
{
    const gt_idx_doc *doc = &idx->docs[d];
    *len = doc->str_len[s];
    return idx->strings + doc->str_off[s];
}

/* A document's text, decompressed into a reusable buffer. */
typedef struct gt_textbuf {
    char *data;
    size_t len, cap;
} gt_textbuf;

/* Loads document doc's text into t: 0, -1 (damaged), -2 (no memory). */
int gt_idx_load_text(const govtext_index *idx, uint64_t doc, gt_textbuf *t);

/* Finds a word's slot; -1 when absent. */
int64_t gt_idx_find_word(const govtext_index *idx, const char *w, size_t len);

/* A posting list in place: the doc stream [docs, docs_end) and, for pairs,
 * the position stream [pos, pos_end). */
typedef struct gt_postings {
    uint64_t df;
    const unsigned char *docs, *docs_end;
    const unsigned char *pos, *pos_end;
} gt_postings;

/* Slices the posting list in [p, end) (with a position stream or not);
 * -1 if its header is damaged. */
int gt_idx_slice_postings(const unsigned char *p, const unsigned char *end, int positions,
                          gt_postings *out);
/* Slices the postings of word slot i; -1 if they are damaged. */
int gt_idx_word_postings(const govtext_index *idx, uint64_t i, gt_postings *p);

/* Walks the pair dictionary in key order. */
typedef struct gt_pair_iter {
    const govtext_index *idx;
    uint64_t block;    /* current block */
    uint32_t i;        /* entry in it */
    const unsigned char *p, *end; /* the block's remaining entries */
    uint64_t key;      /* current key */
    uint64_t off, len; /* its postings in PPOST */
} gt_pair_iter;

/* Positions it at the first key >= key: 1, 0 (none), -1 (damaged). */
int gt_idx_pair_seek(const govtext_index *idx, uint64_t key, gt_pair_iter *it);
/* The next key: 1, 0 (end), -1 (damaged). */
int gt_idx_pair_next(gt_pair_iter *it);
/* The current key's postings; -1 if damaged. */
int gt_idx_pair_iter_postings(const gt_pair_iter *it, gt_postings *p);
/* Finds key's postings: 1, 0 (absent), -1 (damaged). */
int gt_idx_pair_find(const govtext_index *idx, uint64_t key, gt_postings *p);
/* Checks the whole dictionary (at open). */
int gt_idx_pair_check(const govtext_index *idx, const char **why);

#endif
