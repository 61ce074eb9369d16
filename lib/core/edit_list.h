/* The list of edits a document records.  Strings live in one arena so that
 * an edit costs no allocation of its own. */
#ifndef GT_EDIT_LIST_H
#define GT_EDIT_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "core/offset_map.h"

typedef struct gt_edit {
    uint32_t kind;
    size_t src_start, src_end;
    size_t text_start, text_end;
    size_t old_off, old_len; /* into the arena */
    size_t new_off, new_len;
    double confidence;
} gt_edit;

typedef struct gt_edits {
    gt_edit *v;
    size_t n, cap;
    gt_buf arena;
} gt_edits;

void gt_edits_init(gt_edits *e);
void gt_edits_release(gt_edits *e);
/* Records an edit; returns 0 or -1 (memory). */
int gt_edits_add(gt_edits *e, uint32_t kind, size_t src_start, size_t src_end, size_t text_start,
                 size_t text_end, const char *old_text, size_t old_len, const char *new_text,
                 size_t new_len, double confidence);
/* Moves the text ranges of every edit through a pass whose map (new text ->
 * old text) is monotone: they then point into the pass's output. */
void gt_edits_remap(gt_edits *e, const gt_map *pass);
/* Appends all of src's edits to dst (src is left empty).  Returns 0 or -1. */
int gt_edits_take(gt_edits *dst, gt_edits *src);
/* Sorts by text position (then source position). */
void gt_edits_sort(gt_edits *e);
/* The same, for a list whose edits [0, mid) and [mid, n) are each sorted (a
 * pass's edits appended to the earlier ones): a linear merge.  Returns 0, or
 * -1 when memory ran out (the list is then unchanged). */
int gt_edits_merge(gt_edits *e, size_t mid);

#endif
