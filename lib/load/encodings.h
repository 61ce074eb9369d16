#ifndef GT_ENCODINGS_H
#define GT_ENCODINGS_H

#include <stddef.h>

#include "govtext.h"

/* The ICU converter name that decodes e, or NULL for GOVTEXT_ENC_AUTO. */
const char *gt_encoding_icu_name(govtext_encoding e);

/* Byte-order marks. */
typedef struct gt_bom {
    govtext_encoding enc;
    size_t len; /* 0: none */
} gt_bom;
gt_bom gt_detect_bom(const unsigned char *p, size_t len);

/* The detector's full answer: the encoding, its confidence, and how many
 * leading bytes belong to a unit cut by the excerpt's start (for UTF-16 read
 * at an odd offset). */
typedef struct gt_detection {
    govtext_encoding enc;
    double confidence;
    size_t skip;
} gt_detection;

/* Returns 0, or -1 when memory for the ICU converters ran out. */
int gt_detect(const unsigned char *p, size_t len, gt_detection *out);

#endif
