/* The document: source bytes, current text, offset map, edits, detection
 * results and counters.  Stages fill a gt_doc_state and the document takes
 * it whole on success, so a failing call leaves the document untouched. */
#ifndef GT_DOC_H
#define GT_DOC_H

#include <stdint.h>

#include "common/buf.h"
#include "core/edit_list.h"
#include "core/offset_map.h"
#include "govtext.h"

#define GT_COUNTERS 32
#define GT_ERRMSG_MAX 256

typedef struct gt_doc_state {
    gt_buf src;   /* source bytes as given */
    gt_buf text;  /* current text, NUL-terminated */
    gt_map map;   /* text -> source */
    gt_edits edits;
    govtext_encoding encoding;
    double confidence;
    uint64_t counts[GT_COUNTERS];
} gt_doc_state;

struct govtext_doc {
    gt_doc_state st;
    char errmsg[GT_ERRMSG_MAX];
};

void gt_doc_state_init(gt_doc_state *s);
void gt_doc_state_release(gt_doc_state *s);

/* Replaces doc's state with *s (which is left empty). */
void gt_doc_adopt(govtext_doc *doc, gt_doc_state *s);

/* Records a failure message on doc and returns status, so that callers can
 * write `return gt_doc_fail(doc, GOVTEXT_ERR_IO, "cannot open %s", p);`. */
govtext_status gt_doc_fail(govtext_doc *doc, govtext_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Clears the message after a successful call. */
govtext_status gt_doc_ok(govtext_doc *doc);

#endif
