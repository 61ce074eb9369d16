/* Decoding: source bytes in a known encoding to UTF-8 text, with the offset
 * map back to the source and an edit for every byte that did not decode. */
#ifndef GT_DECODE_H
#define GT_DECODE_H

#include <stdint.h>

#include "common/buf.h"
#include "core/edit_list.h"
#include "core/offset_map.h"
#include "govtext.h"

typedef struct gt_decoded {
    gt_buf text;
    gt_map map;        /* text -> source (absolute source offsets) */
    gt_edits edits;
    uint64_t invalid;  /* source bytes replaced by U+FFFD */
    uint64_t partial;  /* characters cut at the start or end, dropped */
    size_t err_pos;    /* with strict: the first undecodable byte */
} gt_decoded;

void gt_decoded_init(gt_decoded *d);
void gt_decoded_release(gt_decoded *d);

/* Decodes p[start, len) from enc.  Without strict, an undecodable sequence
 * becomes U+FFFD, except one cut by the first or last bytes of the input,
 * which is dropped; both are recorded as edits.  Returns GOVTEXT_OK,
 * GOVTEXT_ERR_ENCODING (strict; d->err_pos set) or GOVTEXT_ERR_NOMEM. */
govtext_status gt_decode(const unsigned char *p, size_t len, size_t start, govtext_encoding enc,
                         int strict, gt_decoded *d);

#endif
