/* The word graph of a run of text and its best path.
 *
 * For a run of characters (no white space, no hard punctuation inside), an
 * edge i -> j is a candidate token: a lexicon word (from any layer; a later
 * layer overrides an earlier one's cost for the same word), a number, a
 * date, a Latin/digit run, or a single character.  Each edge costs -log P
 * (lexicon.h); the best segmentation is the cheapest path from 0 to n,
 * found left to right by dynamic programming.  Nothing is allocated: the
 * segmenter's scratch arrays hold the run. */
#ifndef GT_SEG_WORD_GRAPH_H
#define GT_SEG_WORD_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "govtext.h"
#include "segment/lexicon.h"
#include "segment/segmenter.h"

/* Token sink: tokens go to the caller's array while it has room and are
 * counted regardless. */
typedef struct gt_token_sink {
    govtext_token *tokens;
    size_t cap;
    size_t count;
} gt_token_sink;

static inline void gt_sink_put(gt_token_sink *k, size_t start, size_t end, uint32_t kind,
                               uint32_t tag)
{
    if (k->count < k->cap) {
        govtext_token *t = &k->tokens[k->count];
        t->start = start;
        t->end = end;
        t->kind = kind;
        t->tag = tag;
    }
    k->count++;
}

/* Segments UTF-8 text[0..len) into words, checking it as it goes
 * (gt_utf8_validate's rules); mode/flags as in govtext_segment_options.
 * Returns len, or the offset of the first byte that is not valid UTF-8
 * (the sink then holds the tokens before it). */
size_t gt_graph_words(govtext_segmenter *s, const char *text, size_t len, uint32_t mode,
                      uint32_t flags, gt_token_sink *sink);

/* The cost of the best path through cps[0..n) that does not take the
 * whole span as one word (overlay may be NULL).  For words given without
 * a frequency: they cost just less than that. */
int32_t gt_graph_parts_cost(const govtext_lexicon *lex, const gt_layer *overlay,
                            const uint32_t *cps, size_t n);

/* Sets the costs of a layer's words that came without frequency (freeze
 * time).  Returns 0 or -1. */
int gt_graph_suggest_layer_costs(const govtext_lexicon *lex, gt_layer *L);

#endif
