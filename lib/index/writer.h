/* The index writer: documents added in memory (inverted lists in
 * gt_term_tables, texts and strings in buffers) plus borrowed open indexes
 * merged in; save.c writes them all as one file. */
#ifndef GT_INDEX_WRITER_H
#define GT_INDEX_WRITER_H

#include "common/buf.h"
#include "index/index.h"
#include "index/terms.h"

/* A document the writer holds: src 0 = added in memory (doc indexes
 * mdocs), src i > 0 = document doc of srcs[i - 1]. */
typedef struct gt_entry {
    uint32_t src;
    uint32_t doc;
    uint32_t deleted;
} gt_entry;

/* Undo record of a term touched by the document being added. */
typedef struct gt_touch {
    uint32_t tid;
    uint32_t old_len, old_df, old_last_doc;
} gt_touch;

struct govtext_index_writer {
    char errmsg[GT_IDX_ERRMSG_MAX];
    uint32_t flags;
    govtext_lexicon *own_lex;
    govtext_segmenter *seg;
    gt_term_table pairs, words;
    gt_buf text, strings; /* stored (compressed) texts; metadata strings */
    gt_idx_doc *mdocs;
    size_t nmdocs, mdocs_cap;
    const govtext_index **srcs;
    size_t nsrcs, srcs_cap;
    gt_entry *ents;
    size_t nents, ents_cap, nlive;
    uint32_t *idslots; /* entry + 1; 0 = empty */
    size_t nidslots;
    /* scratch of add */
    uint32_t *cps;
    uint32_t *tids;
    size_t cps_cap;
    gt_touch *touched;
    size_t ntouched, touched_cap;
    govtext_token *toks;
    size_t toks_cap;
    uint64_t *hashes; /* of the tokens' folded bytes; 0 = not indexed */
    size_t hashes_cap;
    void *zctx; /* ZSTD_CCtx, reused */
    uint64_t total_chars;
};

/* The id of an entry. */
const char *gt_writer_entry_id(const govtext_index_writer *w, const gt_entry *e, size_t *len);

#endif
