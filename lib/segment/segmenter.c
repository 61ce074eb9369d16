/* govtext_segmenter: creation, user words, options, and the entry points
 * of word segmentation. */
#include "segment/segmenter.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "common/versioned.h"
#include "segment/char_class.h"
#include "segment/word_graph.h"

#define SEG_OPTS_V1_SIZE (offsetof(govtext_segment_options, flags) + sizeof(uint32_t))
#define KNOWN_SEG_FLAGS GOVTEXT_SEG_KEEP_SPACE

void gt_lex_retain(govtext_lexicon *lex);
void gt_lex_release(govtext_lexicon *lex);

govtext_status gt_seg_fail(govtext_segmenter *s, govtext_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static govtext_status seg_ok(govtext_segmenter *s)
{
    s->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

govtext_status govtext_segment_options_init(govtext_segment_options *o, size_t size)
{
    if (!o || size < SEG_OPTS_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(o, 0, size);
    o->struct_size = size;
    return GOVTEXT_OK;
}

govtext_segmenter *govtext_segmenter_new(govtext_lexicon *lex)
{
    if (!lex)
        return NULL;
    if (gt_lex_freeze(lex) != 0)
        return NULL;
    govtext_segmenter *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t cap = GT_SEG_MAX + 1;
    s->n_rows = lex->n_layers + 1;
    s->cp = malloc(cap * sizeof *s->cp);
    s->off = malloc(cap * sizeof *s->off);
    s->cls = malloc(cap);
    s->bok = malloc(cap);
    s->ids = malloc(GT_SEG_ID_ROW * s->n_rows * sizeof *s->ids);
    s->bases = malloc(GT_SEG_ID_ROW * s->n_rows * sizeof *s->bases);
    s->steps = malloc(cap * 3 * s->n_rows * sizeof *s->steps);
    s->best = malloc(cap * sizeof *s->best);
    s->path = malloc(cap * sizeof *s->path);
    s->zeros = calloc(cap, sizeof *s->zeros);
    s->cc = malloc(sizeof *s->cc);
    gt_wordset_init(&s->user);
    if (!s->cp || !s->off || !s->cls || !s->bok || !s->ids || !s->bases || !s->steps || !s->best ||
        !s->path || !s->zeros || !s->cc) {
        s->lex = NULL;
        govtext_segmenter_free(s);
        return NULL;
    }
    gt_class_table_init(s->cc);
    /* Every position may start or end a token until mark_runs says
     * otherwise, for the run it marks. */
    memset(s->bok, 1, cap);
    s->han = lex->han;
    gt_lex_retain(lex);
    s->lex = lex;
    return s;
}

void govtext_segmenter_free(govtext_segmenter *s)
{
    if (!s)
        return;
    if (s->overlay_built)
        gt_layer_release(&s->overlay);
    gt_wordset_release(&s->user);
    free(s->extra_tags);
    free(s->cp);
    free(s->off);
    free(s->cls);
    free(s->bok);
    free(s->ids);
    free(s->bases);
    free(s->steps);
    free(s->best);
    free(s->path);
    free((void *)s->zeros);
    free(s->cc);
    if (s->lex)
        gt_lex_release(s->lex);
    free(s);
}

const char *govtext_segmenter_errmsg(const govtext_segmenter *s)
{
    return s ? s->errmsg : "no segmenter (NULL handle)";
}

const char *govtext_segmenter_tag_name(const govtext_segmenter *s, uint32_t tag)
{
    if (!s || tag == 0)
        return "";
    if (tag <= s->lex->n_tag_names)
        return s->lex->tag_names[tag - 1];
    size_t k = tag - s->lex->n_tag_names - 1;
    return k < s->n_extra_tags ? s->extra_tags[k] : "";
}

/* The tag id of a user word's tag: the lexicon's if it knows the name,
 * else one of this segmenter's own (numbered after the lexicon's). */
static uint32_t user_tag_id(govtext_segmenter *s, const char *name)
{
    if (!name || !name[0])
        return 0;
    uint16_t id = gt_lex_tag_find(s->lex, name);
    if (id)
        return id;
    for (size_t k = 0; k < s->n_extra_tags; k++)
        if (strcmp(s->extra_tags[k], name) == 0)
            return (uint32_t)(s->lex->n_tag_names + k + 1);
    if (s->lex->n_tag_names + s->n_extra_tags >= 0xFFFE ||
        gt_grow_array((void **)&s->extra_tags, &s->cap_extra_tags, s->n_extra_tags + 1,
                      sizeof *s->extra_tags) != 0)
        return 0;
    gt_tag_copy(s->extra_tags[s->n_extra_tags], name);
    s->n_extra_tags++;
    return (uint32_t)(s->lex->n_tag_names + s->n_extra_tags);
}

govtext_status govtext_segmenter_add_word(govtext_segmenter *s, const char *word, size_t len,
                                          uint32_t freq, const char *tag)
{
    if (!s)
        return GOVTEXT_ERR_INVALID_ARG;
    if (!word || len == 0)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "add_word: empty word");
    size_t bad = gt_utf8_validate(word, len);
    if (bad != len)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_UTF8, "add_word: invalid UTF-8 at byte %zu",
                           bad);
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += gt_utf8_next(word, len, i, &cp);
        if (gt_char_class(cp) & (GT_CC_SPACE | GT_CC_HARD))
            return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG,
                               "add_word: a word cannot contain white space or the punctuation "
                               "that ends words (U+%04X)",
                               (unsigned)cp);
        chars++;
    }
    if (chars > GT_LEX_MAX_CHARS)
        return gt_seg_fail(s, GOVTEXT_ERR_LIMIT, "add_word: longer than %d characters",
                           GT_LEX_MAX_CHARS);
    if (tag && (strlen(tag) == 0 || strlen(tag) >= GT_TAG_MAX))
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "add_word: a tag is 1 to %d bytes",
                           GT_TAG_MAX - 1);
    if (gt_wordset_put(&s->user, word, len, freq, tag) != 0)
        return gt_seg_fail(s, GOVTEXT_ERR_NOMEM, "out of memory");
    s->overlay_dirty = 1;
    return seg_ok(s);
}

/* Rebuilds the overlay layer from the user words, with costs in the
 * lexicon's scale: from the frequency if given, else just below the cost
 * of the word's best split (the word wins over its parts). */
typedef struct overlay_ctx {
    govtext_segmenter *s;
    gt_layer *L;
} overlay_ctx;

static int overlay_cost(uint32_t w, const gt_da_node *node, const uint32_t *cps, size_t n,
                        void *ud)
{
    (void)node;
    overlay_ctx *c = ud;
    const govtext_lexicon *lex = c->s->lex;
    uint32_t freq = c->L->words[w].freq;
    int32_t cost;
    if (freq && !lex->list_mode) {
        double v = log((double)lex->total / (double)freq) * GT_COST_SCALE;
        cost = v < 0 ? 0 : (int32_t)(v + 0.5);
    } else {
        cost = gt_graph_parts_cost(lex, NULL, cps, n) - GT_COST_SCALE / 8;
        if (lex->list_mode && cost > gt_list_cost((uint32_t)n) - GT_COST_SCALE / 8)
            cost = gt_list_cost((uint32_t)n) - GT_COST_SCALE / 8;
    }
    c->L->costs[w] = cost < 0 ? 0 : cost;
    return 0;
}

int gt_seg_prepare_overlay(govtext_segmenter *s)
{
    if (!s->overlay_dirty)
        return 0;
    gt_layer L;
    if (gt_wordset_to_layer(&s->user, &L) != 0)
        return -1;
    L.costs = malloc((L.trie.n_words + 1) * sizeof *L.costs);
    L.tag_map = calloc(L.n_tags + 1, sizeof *L.tag_map);
    if (!L.costs || !L.tag_map) {
        gt_layer_release(&L);
        return -1;
    }
    for (uint32_t i = 0; i < L.n_tags; i++) {
        char name[GT_TAG_MAX];
        memcpy(name, L.tags[i], GT_TAG_MAX);
        name[GT_TAG_MAX - 1] = '\0';
        uint32_t id = user_tag_id(s, name);
        L.tag_map[i + 1] = (uint16_t)id;
    }
    overlay_ctx c = {s, &L};
    gt_trie_each_word(&L.trie, GT_LEX_MAX_CHARS, overlay_cost, &c);
    if (s->overlay_built)
        gt_layer_release(&s->overlay);
    s->overlay = L;
    s->overlay_built = 1;
    s->overlay_dirty = 0;
    return 0;
}

/* Reads the prefix of the caller's options that this library knows. */
static govtext_status read_options(govtext_segmenter *s, const govtext_segment_options *in,
                                   govtext_segment_options *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    if (!in)
        return GOVTEXT_OK;
    govtext_status st =
        gt_read_versioned(s->errmsg, sizeof s->errmsg, "segment options",
                          "govtext_segment_options_init", o, sizeof *o, in, SEG_OPTS_V1_SIZE);
    if (st != GOVTEXT_OK)
        return st;
    if (o->mode > GOVTEXT_SEG_INDEX)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "segment options: unknown mode %u",
                           (unsigned)o->mode);
    if (o->flags & ~KNOWN_SEG_FLAGS)
        return gt_seg_fail(s, GOVTEXT_ERR_UNSUPPORTED, "segment options: unknown flags 0x%x",
                           (unsigned)(o->flags & ~KNOWN_SEG_FLAGS));
    return GOVTEXT_OK;
}

/* Checks the arguments common to every segmentation call. */
govtext_status gt_seg_check_args(govtext_segmenter *s, const char *text, size_t len,
                                 const govtext_token *out, size_t cap, const size_t *count);

/* The arguments' shape: everything gt_seg_check_args checks but the
 * text's encoding. */
static govtext_status check_shape(govtext_segmenter *s, const char *text, size_t len,
                                  const govtext_token *out, size_t cap, const size_t *count)
{
    if (!count)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "count is NULL");
    if (!text && len > 0)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "text is NULL");
    if (!out && cap > 0)
        return gt_seg_fail(s, GOVTEXT_ERR_INVALID_ARG, "the token array is NULL but cap is %zu",
                           cap);
    return GOVTEXT_OK;
}

static govtext_status invalid_utf8(govtext_segmenter *s, size_t at)
{
    return gt_seg_fail(s, GOVTEXT_ERR_INVALID_UTF8, "invalid UTF-8 at byte %zu", at);
}

govtext_status gt_seg_check_args(govtext_segmenter *s, const char *text, size_t len,
                                 const govtext_token *out, size_t cap, const size_t *count)
{
    govtext_status st = check_shape(s, text, len, out, cap, count);
    if (st != GOVTEXT_OK)
        return st;
    size_t bad = len ? gt_utf8_validate(text, len) : 0;
    if (bad != len)
        return invalid_utf8(s, bad);
    return GOVTEXT_OK;
}

govtext_status gt_seg_finish(govtext_segmenter *s, size_t needed, size_t cap, size_t *count);

govtext_status gt_seg_finish(govtext_segmenter *s, size_t needed, size_t cap, size_t *count)
{
    *count = needed;
    if (needed > cap)
        return gt_seg_fail(s, GOVTEXT_ERR_BUFFER_TOO_SMALL,
                           "%zu tokens do not fit in an array of %zu", needed, cap);
    return seg_ok(s);
}

govtext_status govtext_segmenter_words(govtext_segmenter *s, const char *text, size_t len,
                                       const govtext_segment_options *opts,
                                       govtext_token *tokens, size_t cap, size_t *count)
{
    if (!s)
        return GOVTEXT_ERR_INVALID_ARG;
    if (count)
        *count = 0;
    govtext_segment_options o;
    govtext_status st = read_options(s, opts, &o);
    /* The text is checked as it is segmented (gt_graph_words), not in a
     * pass of its own before. */
    if (st == GOVTEXT_OK)
        st = check_shape(s, text, len, tokens, cap, count);
    if (st != GOVTEXT_OK)
        return st;
    if (gt_seg_prepare_overlay(s) != 0)
        return gt_seg_fail(s, GOVTEXT_ERR_NOMEM, "out of memory");
    gt_token_sink sink = {tokens, cap, 0};
    size_t bad = gt_graph_words(s, text, len, o.mode, o.flags, &sink);
    if (bad != len)
        return invalid_utf8(s, bad);
    return gt_seg_finish(s, sink.count, cap, count);
}
