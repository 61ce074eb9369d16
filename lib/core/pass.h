/* A pass: reads the document's text, writes the next text, a map from the
 * new text to the old, and its edits.  A pass never sees the source or
 * earlier passes; gt_doc_state_apply folds its output into the document. */
#ifndef GT_PASS_H
#define GT_PASS_H

#include <stdint.h>

#include "common/buf.h"
#include "core/doc.h"
#include "core/edit_list.h"
#include "core/offset_map.h"

typedef struct gt_pass_out {
    gt_buf text;
    gt_map map;      /* new text -> input text */
    gt_edits edits;  /* src_start/src_end hold INPUT-text offsets; text
                        ranges are in the new text */
    uint64_t counts[GT_COUNTERS]; /* added to the document's counters */
} gt_pass_out;

void gt_pass_out_init(gt_pass_out *o);
void gt_pass_out_release(gt_pass_out *o);

/* Writer helpers for passes that copy most of their input. */
typedef struct gt_writer {
    const char *in;
    gt_pass_out *out;
    size_t run; /* start of the input not yet copied */
} gt_writer;

void gt_writer_init(gt_writer *w, const char *in, gt_pass_out *out);
/* Copies input [w->run, upto) unchanged. */
int gt_writer_copy(gt_writer *w, size_t upto);
/* Replaces input [a, b) (a >= w->run) by rep, recording an edit of kind
 * with confidence.  rep_len 0 removes; a == b inserts. */
int gt_writer_replace(gt_writer *w, size_t a, size_t b, const char *rep, size_t rep_len,
                      uint32_t kind, double confidence);
/* Copies the rest and terminates the text. */
int gt_writer_finish(gt_writer *w, size_t len);

/* Folds a pass into the state: composes the maps, moves the pass's edits to
 * source coordinates and the earlier edits' text ranges to the new text,
 * takes the new text and adds the counters.  A pass without edits changes
 * nothing.  Returns 0, or -1 when memory ran out (the state is then
 * unusable and must be discarded). */
int gt_doc_state_apply(gt_doc_state *st, gt_pass_out *pass);

#endif
