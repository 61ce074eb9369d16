/* The lexicon: a stack of layers, each an immutable word trie with
 * frequencies and tags.  The default lexicon is one layer (compiled into
 * the library), every loaded file or text is another; a later layer's entry
 * for a word overrides an earlier one's.  Layers are never merged at load
 * time, so loading is cheap; govtext_lexicon_save merges them.
 *
 * Costs are -log P(word) in 1/GT_COST_SCALE nat.  A layer stores each
 * word's cost against its own total frequency; at freeze time (the first
 * govtext_segmenter_new) the lexicon computes, for each layer, the offset
 * to the common total, and the costs of words that came without a
 * frequency.  After that nothing changes, so any number of threads read it
 * without locks. */
#ifndef GT_SEG_LEXICON_H
#define GT_SEG_LEXICON_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "govtext.h"
#include "segment/trie.h"

#define GT_COST_SCALE 1024
#define GT_COST_NONE 0xFFFFu   /* stored cost of a word given without frequency */
#define GT_LEX_MAX_CHARS 64    /* longest word, in characters */
#define GT_TAG_MAX 16          /* tag names are at most 15 bytes */
#define GT_LEX_ERRMSG_MAX 256
#define GT_LEX_MAX_LAYERS 64   /* files and texts loaded into one lexicon */

typedef struct gt_lex_word {
    uint32_t freq; /* 0 = not given */
    uint16_t cost; /* round(ln(layer total / freq) * GT_COST_SCALE), or GT_COST_NONE */
    uint16_t tag;  /* 1-based index into the layer's tag names; 0 = none */
} gt_lex_word;

typedef struct gt_layer {
    gt_trie trie;
    const gt_lex_word *words; /* trie.n_words */
    uint64_t total;           /* sum of freq */
    uint32_t max_chars;
    int freqless; /* some word came without a frequency */
    uint32_t n_tags;
    const char (*tags)[GT_TAG_MAX];
    /* Filled when the layer joins a lexicon or at freeze: */
    uint16_t *tag_map;   /* layer tag -> lexicon tag id, n_tags + 1 entries */
    int tags_as_is;      /* tag_map[t] == t for every t (the first layer's) */
    int32_t cost_offset; /* to the lexicon's common total */
    int32_t *costs;      /* per-word costs, when some word has no frequency */
    /* Storage: either heap blocks or a mapping (or static data). */
    void *heap[4];
    void *map;
    size_t map_len;
} gt_layer;

enum { GT_LEX_OPEN = 0, GT_LEX_FREEZING = 1, GT_LEX_FROZEN = 2 };

struct govtext_lexicon {
    atomic_int refs;
    atomic_int state;
    gt_layer *layers;
    size_t n_layers, cap_layers;
    char (*tag_names)[GT_TAG_MAX]; /* lexicon tag id k is tag_names[k - 1] */
    uint32_t n_tag_names;
    size_t cap_tag_names;
    size_t skipped;
    /* Set at freeze. */
    uint64_t total;
    int list_mode;      /* no word anywhere has a frequency: costs by length */
    int32_t max_cost;   /* the cost of a word seen once (ln total) */
    uint32_t max_chars; /* over all layers */
    /* For each ideograph U+4E00 + i of the CJK block: its class << 24 |
     * its id in the first layer, and in the high half the
     * gt_trie_first_base of that id, all in one read for the character
     * nearly every run is made of.  It depends only on the first layer,
     * so it is built once here and every segmenter reads it.  NULL
     * without layers (the overlay, which changes, is never first then). */
    uint64_t *han;
    char errmsg[GT_LEX_ERRMSG_MAX];
};

/* Copies a tag name into a GT_TAG_MAX slot, NUL-padded (cut at 15 bytes). */
static inline void gt_tag_copy(char *dst, const char *src)
{
    size_t n = 0;
    while (n < GT_TAG_MAX - 1 && src[n])
        n++;
    for (size_t i = 0; i < GT_TAG_MAX; i++)
        dst[i] = i < n ? src[i] : '\0';
}

/* Records a failure message on lex and returns status. */
govtext_status gt_lex_fail(govtext_lexicon *lex, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The lexicon tag id of name (added if new); 0 if the table is full or
 * memory ran out. */
uint16_t gt_lex_tag_id(govtext_lexicon *lex, const char *name);
/* The lexicon tag id of name if it exists, else 0. */
uint16_t gt_lex_tag_find(const govtext_lexicon *lex, const char *name);

/* Appends a layer (taking its storage) and maps its tags. */
govtext_status gt_lex_add_layer(govtext_lexicon *lex, gt_layer *layer);
void gt_layer_release(gt_layer *layer);

/* Freezes lex (once; thread-safe).  Returns 0 or -1 (out of memory). */
int gt_lex_freeze(govtext_lexicon *lex);

/* Cost of a word given without frequency in list mode: by length. */
int32_t gt_list_cost(uint32_t nchars);

/* The cost of word w of layer L, found at node nd, nchars long (frozen
 * lexicon). */
static inline int32_t gt_node_cost(const govtext_lexicon *lex, const gt_layer *L,
                                   const gt_da_node *nd, uint32_t w, uint32_t nchars)
{
    if (L->costs)
        return L->costs[w];
    if (lex->list_mode)
        return gt_list_cost(nchars);
    return (int32_t)nd->cost + L->cost_offset;
}

/* ---- building layers (lexicon_build.c) ---- */

/* A set of words with frequencies and tags, deduplicated (a later put of a
 * word replaces the earlier one). */
typedef struct gt_wordset {
    char *arena;
    size_t arena_len, arena_cap;
    struct gt_ws_entry {
        uint32_t off;
        uint32_t len;
        uint32_t freq;
        uint32_t tag; /* 1-based into tags, 0 = none */
        uint32_t hash;
    } *e;
    size_t n, cap;
    uint32_t *table; /* entry index + 1; 0 = empty */
    size_t table_cap;
    char (*tags)[GT_TAG_MAX];
    size_t n_tags, cap_tags;
} gt_wordset;

void gt_wordset_init(gt_wordset *ws);
void gt_wordset_release(gt_wordset *ws);
/* word must be valid UTF-8 of 1..GT_LEX_MAX_CHARS characters; tag NULL or
 * shorter than GT_TAG_MAX.  Returns 0, or -1 when memory ran out. */
int gt_wordset_put(gt_wordset *ws, const char *word, size_t len, uint32_t freq, const char *tag);
/* Entry index of word, or -1. */
long gt_wordset_find(const gt_wordset *ws, const char *word, size_t len);
/* Builds a layer of the words.  Returns 0 or -1 (out of memory). */
int gt_wordset_to_layer(const gt_wordset *ws, gt_layer *out);
/* Adds every word of layer L (with its frequency and tag name). */
int gt_wordset_add_layer(gt_wordset *ws, const gt_layer *L);

/* ---- text and compiled files (lexicon_text.c, lexicon_file.c) ---- */

/* Parses `word [freq] [tag]` lines into ws; *skipped counts malformed
 * lines.  Returns 0 or -1 (out of memory). */
int gt_lex_parse_text(gt_wordset *ws, const char *text, size_t len, size_t *skipped);

#define GT_LEX_MAGIC "GTLEX\0\r\n"
#define GT_LEX_MAGIC_LEN 8

/* Views a compiled lexicon in memory as a layer (no copy: bytes must stay
 * valid and 8-byte aligned while the layer lives).  verify: check the
 * checksum.  Returns GOVTEXT_OK, GOVTEXT_ERR_CORRUPT or
 * GOVTEXT_ERR_UNSUPPORTED (message in msg), or GOVTEXT_ERR_NOMEM. */
govtext_status gt_layer_from_bytes(gt_layer *out, const void *bytes, size_t len, int verify,
                                   char *msg, size_t msg_len);
/* Serialises a layer into a malloc'd buffer. */
int gt_layer_serialize(const gt_layer *L, unsigned char **out, size_t *out_len);

/* The default lexicon compiled into the library (len 0 if none). */
const unsigned char *gt_default_lexicon_bytes(size_t *len);

#endif
