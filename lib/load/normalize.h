/* Load-time normalisation of decoded text: line ends to LF, zero-width and
 * control characters removed, NFC (utf8proc), and optionally full-width
 * ASCII letters and digits folded.  Chinese punctuation stays full-width. */
#ifndef GT_NORMALIZE_H
#define GT_NORMALIZE_H

#include <stdint.h>

#include "core/pass.h"

#define GT_NORM_NFC 0x1u
#define GT_NORM_NEWLINES 0x2u
#define GT_NORM_ZERO_WIDTH 0x4u
#define GT_NORM_CONTROLS 0x8u
#define GT_NORM_WIDTH 0x10u

/* Normalises valid UTF-8 text; counts go to the GOVTEXT_COUNT_* slots.
 * Returns 0, or -1 when memory runs out. */
int gt_normalize(const char *text, size_t len, unsigned what, gt_pass_out *out);

#endif
