/* The compiled lexicon format, version 1.  Little-endian; every section
 * 8-byte aligned, so that a memory-mapped file is used in place.
 *
 *   0  magic "GTLEX\0\r\n" (the CR LF and NUL catch text-mode mangling)
 *   8  u32 version (1)          12 u32 header size (64)
 *  16  u64 file size            24 u64 checksum (below)
 *  32  u32 n_chars              36 u32 n_nodes
 *  40  u32 n_words              44 u32 n_tags
 *  48  u64 total frequency      56 u32 longest word (chars)
 *  60  u32 flags: bit 0 = some word has no frequency (so that loading
 *      need not read every word record to know)
 *  64  alphabet   u32[n_chars]            (padded to 8)
 *      nodes      {i32 base, i32 check, i32 word, u16 cost, u16 tag}[n_nodes]
 *      words      {u32 freq, u16 cost, u16 tag}[n_words]
 *      tags       char[16][n_tags]        (NUL-padded names)
 *
 * The checksum is XXH64 of two XXH64s: of the header with the checksum
 * field zeroed, and of the rest of the file; so a damaged header field is
 * caught as well as damaged data.
 *
 * The reader checks the header, the sizes against the file size, the
 * checksum and the alphabet; the node arrays are used as they are, with
 * every step bounds-checked (trie.h), so a damaged file that passes the
 * checksum still cannot make the reader go outside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment/checksum.h"
#include "segment/lexicon.h"
#include "segment/script_fold.h"

#define HEADER_SIZE 64
#define VERSION 1

_Static_assert(sizeof(gt_da_node) == 16, "the file stores 16-byte nodes");
_Static_assert(sizeof(gt_lex_word) == 8, "the file stores 8-byte word records");

static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void wr32(unsigned char *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void wr64(unsigned char *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static uint64_t file_checksum(const unsigned char *b, size_t len)
{
    unsigned char head[HEADER_SIZE], pair[16];
    memcpy(head, b, HEADER_SIZE);
    memset(head + 24, 0, 8);
    uint64_t h1 = gt_xxh64(head, HEADER_SIZE), h2 = gt_xxh64(b + HEADER_SIZE, len - HEADER_SIZE);
    memcpy(pair, &h1, 8);
    memcpy(pair + 8, &h2, 8);
    return gt_xxh64(pair, 16);
}

static int little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* The section layout for the given counts; 0 on overflow. */
static int layout(uint64_t n_chars, uint64_t n_nodes, uint64_t n_words, uint64_t n_tags,
                  size_t off[5])
{
    uint64_t o = HEADER_SIZE;
    off[0] = (size_t)o;
    o += (n_chars * 4 + 7) & ~UINT64_C(7);
    off[1] = (size_t)o;
    o += n_nodes * sizeof(gt_da_node);
    off[2] = (size_t)o;
    o += n_words * 8;
    off[3] = (size_t)o;
    o += n_tags * GT_TAG_MAX;
    off[4] = (size_t)o;
    /* Counts are u32 in the header, so o < 2^40: no overflow in u64; it
     * must also fit a size_t. */
    return o <= SIZE_MAX;
}

int gt_layer_serialize(const gt_layer *L, unsigned char **out, size_t *out_len)
{
    size_t off[5];
    if (!little_endian() ||
        !layout(L->trie.n_chars, L->trie.n_nodes, L->trie.n_words, L->n_tags, off))
        return -1;
    size_t size = off[4];
    unsigned char *b = calloc(1, size);
    if (!b)
        return -1;
    memcpy(b, GT_LEX_MAGIC, GT_LEX_MAGIC_LEN);
    wr32(b + 8, VERSION);
    wr32(b + 12, HEADER_SIZE);
    wr64(b + 16, size);
    wr32(b + 32, L->trie.n_chars);
    wr32(b + 36, L->trie.n_nodes);
    wr32(b + 40, L->trie.n_words);
    wr32(b + 44, L->n_tags);
    wr64(b + 48, L->total);
    wr32(b + 56, L->max_chars);
    wr32(b + 60, L->freqless ? 1u : 0u);
    memcpy(b + off[0], L->trie.alphabet, (size_t)L->trie.n_chars * 4);
    memcpy(b + off[1], L->trie.nodes, (size_t)L->trie.n_nodes * sizeof(gt_da_node));
    memcpy(b + off[2], L->words, (size_t)L->trie.n_words * 8);
    for (uint32_t i = 0; i < L->n_tags; i++) {
        memcpy(b + off[3] + (size_t)i * GT_TAG_MAX, L->tags[i], GT_TAG_MAX);
        b[off[3] + (size_t)i * GT_TAG_MAX + GT_TAG_MAX - 1] = 0;
    }
    wr64(b + 24, file_checksum(b, size));
    *out = b;
    *out_len = size;
    return 0;
}

govtext_status gt_layer_from_bytes(gt_layer *out, const void *bytes, size_t len, int verify,
                                   char *msg, size_t msg_len)
{
    const unsigned char *b = bytes;
    memset(out, 0, sizeof *out);
    if (len < HEADER_SIZE || memcmp(b, GT_LEX_MAGIC, GT_LEX_MAGIC_LEN) != 0) {
        snprintf(msg, msg_len, "not a compiled lexicon (bad header)");
        return GOVTEXT_ERR_CORRUPT;
    }
    uint32_t version = rd32(b + 8);
    if (version != VERSION || !little_endian()) {
        snprintf(msg, msg_len, "compiled lexicon version %u is not supported (this library reads "
                               "version %u, little-endian)",
                 (unsigned)version, VERSION);
        return GOVTEXT_ERR_UNSUPPORTED;
    }
    uint64_t size = rd64(b + 16);
    if (rd32(b + 12) != HEADER_SIZE || size != len) {
        snprintf(msg, msg_len, "compiled lexicon is truncated or damaged (header says %llu bytes, "
                               "found %zu)",
                 (unsigned long long)size, len);
        return GOVTEXT_ERR_CORRUPT;
    }
    uint32_t n_chars = rd32(b + 32), n_nodes = rd32(b + 36), n_words = rd32(b + 40),
             n_tags = rd32(b + 44), max_chars = rd32(b + 56);
    size_t off[5];
    if (!layout(n_chars, n_nodes, n_words, n_tags, off) || off[4] != len || n_nodes == 0 ||
        n_nodes > (uint32_t)INT32_MAX || max_chars > GT_LEX_MAX_CHARS || n_tags > 0xFFFE ||
        (rd32(b + 60) & ~1u) != 0) {
        snprintf(msg, msg_len, "compiled lexicon is damaged (section sizes do not add up)");
        return GOVTEXT_ERR_CORRUPT;
    }
    if (((uintptr_t)b & 7) != 0) {
        snprintf(msg, msg_len, "compiled lexicon is not 8-byte aligned in memory");
        return GOVTEXT_ERR_INTERNAL;
    }
    if (verify && file_checksum(b, len) != rd64(b + 24)) {
        snprintf(msg, msg_len, "compiled lexicon is damaged (checksum mismatch)");
        return GOVTEXT_ERR_CORRUPT;
    }
    out->trie.alphabet = (const uint32_t *)(const void *)(b + off[0]);
    out->trie.n_chars = n_chars;
    out->trie.nodes = (const gt_da_node *)(const void *)(b + off[1]);
    out->trie.n_nodes = n_nodes;
    out->trie.n_words = n_words;
    out->words = (const gt_lex_word *)(const void *)(b + off[2]);
    out->tags = (const char(*)[GT_TAG_MAX])(const void *)(b + off[3]);
    out->n_tags = n_tags;
    out->total = rd64(b + 48);
    out->max_chars = max_chars;
    out->freqless = rd32(b + 60) & 1;
    for (uint32_t i = 0; i < n_tags; i++) {
        if (memchr(out->tags[i], 0, GT_TAG_MAX) == NULL) {
            snprintf(msg, msg_len, "compiled lexicon is damaged (tag %u has no end)", i + 1);
            return GOVTEXT_ERR_CORRUPT;
        }
    }
    int rc = gt_trie_init_charmap(&out->trie);
    if (rc == 0 && gt_trie_fold_script(&out->trie) != 0) {
        gt_trie_release_charmap(&out->trie);
        rc = -1;
    }
    if (rc == -1) {
        snprintf(msg, msg_len, "out of memory");
        return GOVTEXT_ERR_NOMEM;
    }
    if (rc != 0) {
        snprintf(msg, msg_len, "compiled lexicon is damaged (bad alphabet)");
        return GOVTEXT_ERR_CORRUPT;
    }
    return GOVTEXT_OK;
}
