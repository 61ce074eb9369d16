/* The index file format (docs/INDEX_FORMAT.md is the prose version).
 *
 * Everything is little-endian and 8-byte aligned; a reader maps the file and
 * uses the sections in place.  The header names each section's offset,
 * length and XXH64; the header itself ends with the XXH64 of the bytes
 * before it.  Section kinds are never renumbered; a reader ignores kinds it
 * does not know, so sections can be added without a format bump. */
#ifndef GT_INDEX_FORMAT_H
#define GT_INDEX_FORMAT_H

#include <stdint.h>

#define GT_IDX_MAGIC "GOVTIDX\n"
#define GT_IDX_VERSION 1u
#define GT_IDX_BYTE_ORDER 0x01020304u
#define GT_IDX_MAX_SECTIONS 16u

enum gt_idx_section_kind {
    GT_SEC_META = 1,     /* one gt_idx_meta */
    GT_SEC_DOCS = 2,     /* ndocs gt_idx_doc records */
    GT_SEC_STRINGS = 3,  /* ids, titles, dates, sources: UTF-8, no NULs */
    GT_SEC_TEXT = 4,     /* the documents' texts, one after another, each
                            a zstd frame unless that would not be shorter */
    GT_SEC_PBLOCKS = 5,  /* ceil(npairs / 64) gt_idx_pblock: the pair dictionary's
                            blocks of 64 keys */
    GT_SEC_PDICT = 6,    /* the blocks' entries, see gt_idx_pblock */
    GT_SEC_PPOST = 7,    /* postings of the pairs */
    GT_SEC_WDICT = 8,    /* nwords gt_idx_word records, ascending by bytes */
    GT_SEC_WSTR = 9,     /* the words' bytes */
    GT_SEC_WPOST = 10,   /* postings of the words */
    GT_SEC_DOCIDS = 11   /* ndocs uint32 document numbers sorted by id */
};

typedef struct gt_idx_section {
    uint32_t kind;
    uint32_t reserved;
    uint64_t offset;
    uint64_t length;
    uint64_t xxh64;
} gt_idx_section;

typedef struct gt_idx_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order;
    uint64_t file_size;
    uint32_t header_size; /* sizeof(gt_idx_header) */
    uint32_t nsections;
    uint32_t flags;       /* GOVTEXT_INDEX_* the index was built with */
    uint32_t reserved;
    gt_idx_section sections[GT_IDX_MAX_SECTIONS];
    uint64_t xxh64;       /* of every byte of the header before this */
} gt_idx_header;

typedef struct gt_idx_meta {
    uint64_t ndocs;
    uint64_t total_chars; /* sum of the documents' lengths in characters */
    uint64_t npairs;
    uint64_t nwords;
    uint64_t reserved[4];
} gt_idx_meta;

typedef struct gt_idx_doc {
    uint64_t text_off;   /* into TEXT */
    uint32_t text_len;   /* bytes of the text */
    uint32_t stored_len; /* bytes in TEXT: a zstd frame, or the text itself
                            when stored_len == text_len */
    uint32_t nchars;     /* characters that are not white space (BM25 length) */
    uint32_t npos;       /* positions: characters, white space included */
    int32_t year;
    uint32_t str_off[4]; /* into STRINGS: id, title, date, source */
    uint32_t str_len[4];
    uint32_t reserved;
} gt_idx_doc;

enum { GT_STR_ID = 0, GT_STR_TITLE = 1, GT_STR_DATE = 2, GT_STR_SOURCE = 3 };

/* The pair dictionary: keys ascend; every 64th key heads a block.  A
 * block's entries in PDICT are, per key, varint (key - previous key) (not
 * for the first, which is here) and varint (length of its postings); the
 * postings of a block's keys follow each other in PPOST from post_off.  16
 * bytes a key as two arrays, about 4 this way. */
#define GT_IDX_PBLOCK 64u

typedef struct gt_idx_pblock {
    uint64_t first_key;
    uint64_t post_off; /* into PPOST */
    uint64_t dict_off; /* into PDICT */
} gt_idx_pblock;

typedef struct gt_idx_word {
    uint64_t post_off; /* into WPOST */
    uint32_t str_off;  /* into WSTR */
    uint32_t str_len;
} gt_idx_word;

/* Postings of a pair:  varint df, varint bytes of the doc stream, the doc
 * stream (per document: varint (doc-number delta << 1 | tf == 1), then
 * varint tf - 2 unless tf is 1), then the
 * position stream (per document, tf varints: the first position, then
 * deltas).  Postings of a word: the same without positions.  Document
 * numbers ascend; the first delta is from -1, so it is doc + 1. */

/* A pair's key: the two code points (21 bits each).  A character followed
 * by white space or the end of the text pairs with GT_PAIR_END (not a code
 * point, so not U+0000 either), so every character begins exactly one pair
 * and a single character's pairs are one key range. */
#define GT_PAIR_END 0x110000u

static inline uint64_t gt_pair_key(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << 21) | b;
}

#endif
