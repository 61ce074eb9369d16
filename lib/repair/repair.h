/* The repair stage: a fixed sequence of passes over the document's text.
 *
 * Every pass has the same shape: it reads the current text (valid UTF-8,
 * LF line ends) and fills a gt_pass_out with the next text, the map from the
 * new text to its input and one edit per change (see core/pass.h: use a
 * gt_writer).  A pass that changes nothing records no edit.  Passes talk to
 * later passes only through the context (evidence such as "this text was
 * machine-converted" or "these paragraph copies were dropped"). */
#ifndef GT_REPAIR_H
#define GT_REPAIR_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "core/pass.h"
#include "govtext.h"

typedef struct gt_collection gt_collection;

typedef struct gt_repair_ctx {
    /* resolved options */
    uint32_t skip;
    govtext_script script;
    double mask_threshold;
    const struct govtext_collection *coll; /* may be NULL */

    /* evidence passed forward */
    size_t pinyin_removed;   /* glosses the pinyin pass removed */
    size_t han_chars;        /* Han characters seen by the pinyin pass */
    int converted_to_hans;   /* the script pass converted the text */
    gt_buf dropped;          /* text of dropped duplicate copies, one per line */
} gt_repair_ctx;

/* Each returns 0, or -1 when memory ran out. */
int gt_repair_mojibake(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_html(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_layout(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_pinyin(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_script(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_duplicate(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_spam(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_mask(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);
int gt_repair_punct(const char *text, size_t len, gt_repair_ctx *ctx, gt_pass_out *out);

#endif
