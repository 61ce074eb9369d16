/* The offset map: from byte offsets of a document's text to byte offsets of
 * its source.
 *
 * It is a sorted array of segments.  A segment starts at text offset t0 and
 * source offset s0 and extends to the next segment's t0 (or the text end);
 * it is a run of equal "units", each tu text bytes made from su source
 * bytes.  Copied text is one segment of 1:1 units; a GBK run of Han
 * characters is one segment of 3:2 units; a replaced or inserted range is a
 * single unit (su may be 0), so any byte inside it maps to the whole source
 * range.  Removed source bytes simply leave a gap in source offsets.
 *
 * Each stage produces a map from its output to its input; gt_map_compose
 * folds it into the document's map, so no stage needs to know earlier ones.
 */
#ifndef GT_OFFSET_MAP_H
#define GT_OFFSET_MAP_H

#include <stddef.h>

typedef struct gt_seg {
    size_t t0, s0; /* where the segment starts in text and source */
    size_t tu, su; /* text and source bytes of one unit; tu > 0 */
} gt_seg;

typedef struct gt_map {
    gt_seg *segs;
    size_t n, cap;
    size_t text_len; /* end of the last segment */
    size_t src_len;  /* length of the source (for points at the end) */
    size_t s_end;    /* source end of the last segment (merging needs it) */
} gt_map;

void gt_map_init(gt_map *m);
void gt_map_release(gt_map *m);

/* Appends text [text_len, text_len + n*tu) made of n units of (tu, su)
 * bytes each, starting at source offset s0.  Pieces must be appended in
 * text order.  Merges with the last segment when it continues it.  tu == 0
 * (a removal) adds nothing.  Returns 0, or -1 when memory runs out. */
int gt_map_add_segment(gt_map *m, size_t s0, size_t tu, size_t su, size_t n);
static inline int gt_map_add(gt_map *m, size_t s0, size_t tu, size_t su, size_t n)
{
    /* The common case, inline: the piece continues the last segment. */
    if (m->n > 0 && tu != 0 && m->segs[m->n - 1].tu == tu && m->segs[m->n - 1].su == su &&
        m->s_end == s0) {
        m->text_len += tu * n;
        m->s_end += su * n;
        return 0;
    }
    return gt_map_add_segment(m, s0, tu, su, n);
}

/* Maps text [a, b) to the smallest source range that produced it; a == b
 * maps to a point.  a <= b <= m->text_len is the caller's duty. */
void gt_map_range(const gt_map *m, size_t a, size_t b, size_t *sa, size_t *sb);

/* For a map that is monotone in source offsets (a pass's map), the first
 * text offset whose source is at or after src. */
size_t gt_map_inverse(const gt_map *m, size_t src);

/* out = outer o inner: outer maps new text to mid text, inner maps mid text
 * to source.  out must be empty.  Returns 0 or -1 (memory). */
int gt_map_compose(gt_map *out, const gt_map *outer, const gt_map *inner);

/* An identity map over n bytes (text == source). */
int gt_map_identity(gt_map *m, size_t n);

#endif
