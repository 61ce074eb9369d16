/* Load-time normalisation of decoded text: line ends to LF, zero-width and
 * control characters removed, NFC (utf8proc), and optionally full-width
 * ASCII letters and digits folded.  Chinese punctuation stays full-width. */
#ifndef GT_NORMALIZE_H
#define GT_NORMALIZE_H

#include <stdint.h>

#include "common/buf.h"
#include "core/edit_list.h"
#include "core/offset_map.h"

typedef struct gt_pass_out {
    gt_buf text;
    gt_map map;      /* output text -> input text */
    gt_edits edits;  /* src_start/src_end hold INPUT-text offsets here; the
                        caller maps them to source bytes */
    uint64_t newlines, zero_width, controls, nfc, width;
} gt_pass_out;

void gt_pass_out_init(gt_pass_out *o);
void gt_pass_out_release(gt_pass_out *o);

#define GT_NORM_NFC 0x1u
#define GT_NORM_NEWLINES 0x2u
#define GT_NORM_ZERO_WIDTH 0x4u
#define GT_NORM_CONTROLS 0x8u
#define GT_NORM_WIDTH 0x10u

/* Normalises valid UTF-8 text.  Returns 0, or -1 when memory runs out. */
int gt_normalize(const char *text, size_t len, unsigned what, gt_pass_out *out);

#endif
