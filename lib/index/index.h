/* Internal view of the index: the open (mapped) index, the writer, and the
 * pieces that search and save share. */
#ifndef GT_INDEX_INDEX_H
#define GT_INDEX_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"
#include "index/format.h"

#define GT_IDX_ERRMSG_MAX 256

/* Formats a message into buf (GT_IDX_ERRMSG_MAX bytes) and returns status. */
govtext_status gt_idx_fail(char *buf, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Copies a caller's versioned struct (struct_size first) into a zeroed
 * dst of our size: too small -> INVALID_ARG, a non-zero tail we do not know
 * -> UNSUPPORTED.  what names the struct in the message. */
govtext_status gt_idx_read_struct(char *err, const char *what, void *dst, size_t dst_size,
                                  const void *in, size_t v1_size);

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
    const uint64_t *pkeys;
    const uint64_t *poffs;
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

/* The index's string s of document d (GT_STR_*). */
static inline const char *gt_idx_doc_str(const govtext_index *idx, uint64_t d, int s,
                                         size_t *len)
{
    const gt_idx_doc *doc = &idx->docs[d];
    *len = doc->str_len[s];
    return idx->strings + doc->str_off[s];
}

/* Finds a pair's slot; -1 when absent. */
int64_t gt_idx_find_pair(const govtext_index *idx, uint64_t key);
/* The slots [*lo, *hi) of keys in [from, to]. */
void gt_idx_pair_range(const govtext_index *idx, uint64_t from, uint64_t to, uint64_t *lo,
                       uint64_t *hi);
/* Finds a word's slot; -1 when absent. */
int64_t gt_idx_find_word(const govtext_index *idx, const char *w, size_t len);

/* A posting list in place: the doc stream [docs, docs_end) and, for pairs,
 * the position stream [pos, pos_end). */
typedef struct gt_postings {
    uint64_t df;
    const unsigned char *docs, *docs_end;
    const unsigned char *pos, *pos_end;
} gt_postings;

/* Slices the postings of pair slot i / word slot i; -1 if they are damaged. */
int gt_idx_pair_postings(const govtext_index *idx, uint64_t i, gt_postings *p);
int gt_idx_word_postings(const govtext_index *idx, uint64_t i, gt_postings *p);

#endif
