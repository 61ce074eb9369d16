#include "core/offset_map.h"

#include <stdlib.h>

#include "common/buf.h"

void gt_map_init(gt_map *m)
{
    m->segs = NULL;
    m->n = m->cap = 0;
    m->text_len = m->src_len = m->s_end = 0;
}

void gt_map_release(gt_map *m)
{
    free(m->segs);
    gt_map_init(m);
}

int gt_map_add_segment(gt_map *m, size_t s0, size_t tu, size_t su, size_t n)
{
    if (tu == 0 || n == 0)
        return 0;
    if (m->n > 0) {
        const gt_seg *g = &m->segs[m->n - 1];
        if (g->tu == tu && g->su == su && m->s_end == s0) {
            m->text_len += tu * n;
            m->s_end += su * n;
            return 0;
        }
    }
    void *p = m->segs;
    if (gt_grow_array(&p, &m->cap, m->n + 1, sizeof(gt_seg)) != 0)
        return -1;
    m->segs = p;
    m->segs[m->n++] = (gt_seg){m->text_len, s0, tu, su};
    m->text_len += tu * n;
    m->s_end = s0 + su * n;
    return 0;
}

int gt_map_identity(gt_map *m, size_t n)
{
    m->src_len = n;
    return gt_map_add(m, 0, 1, 1, n);
}

/* Index of the segment that contains text offset p (p < text_len). */
static size_t find_seg(const gt_map *m, size_t p)
{
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs[mid].t0 <= p)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Source start of the unit that contains text offset p. */
static size_t map_floor(const gt_map *m, size_t p)
{
    if (p >= m->text_len || m->n == 0)
        return m->src_len;
    const gt_seg *g = &m->segs[find_seg(m, p)];
    return g->s0 + (p - g->t0) / g->tu * g->su;
}

/* Source end of the unit that contains text offset p - 1 (p > 0). */
static size_t map_ceil(const gt_map *m, size_t p)
{
    const gt_seg *g = &m->segs[find_seg(m, p - 1)];
    return g->s0 + ((p - 1 - g->t0) / g->tu + 1) * g->su;
}

void gt_map_range(const gt_map *m, size_t a, size_t b, size_t *sa, size_t *sb)
{
    if (a >= b || m->n == 0) {
        *sa = *sb = map_floor(m, a);
        return;
    }
    *sa = map_floor(m, a);
    *sb = map_ceil(m, b);
    if (*sb < *sa) /* a unit with su == 0 inside a range */
        *sb = *sa;
}

size_t gt_map_inverse(const gt_map *m, size_t src)
{
    if (m->n == 0)
        return 0;
    size_t lo = 0, hi = m->n;
    if (m->segs[0].s0 > src)
        return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->segs[mid].s0 <= src)
            lo = mid;
        else
            hi = mid;
    }
    const gt_seg *g = &m->segs[lo];
    size_t t_end = lo + 1 < m->n ? m->segs[lo + 1].t0 : m->text_len;
    if (g->su == 0)
        return t_end;
    size_t units = (t_end - g->t0) / g->tu;
    size_t j = (src - g->s0 + g->su - 1) / g->su; /* first unit at or after */
    if (j >= units)
        return t_end;
    return g->t0 + j * g->tu;
}

/* Adds outer text of length tlen whose mid-text range [m0, m1) lies within
 * one inner segment g (ending at g_end), keeping g's units where the range
 * is unit-aligned and one whole unit for any ragged edge. */
static int compose_piece(gt_map *out, const gt_map *inner, const gt_seg *g, size_t m0,
                         size_t m1)
{
    size_t a0 = g->t0 + (m0 - g->t0 + g->tu - 1) / g->tu * g->tu; /* align up */
    size_t a1 = g->t0 + (m1 - g->t0) / g->tu * g->tu;             /* align down */
    size_t sa, sb;
    if (a0 >= a1) {
        gt_map_range(inner, m0, m1, &sa, &sb);
        return gt_map_add(out, sa, m1 - m0, sb - sa, 1);
    }
    if (m0 < a0) {
        gt_map_range(inner, m0, a0, &sa, &sb);
        if (gt_map_add(out, sa, a0 - m0, sb - sa, 1) != 0)
            return -1;
    }
    size_t s_a0 = g->s0 + (a0 - g->t0) / g->tu * g->su;
    if (gt_map_add(out, s_a0, g->tu, g->su, (a1 - a0) / g->tu) != 0)
        return -1;
    if (a1 < m1) {
        gt_map_range(inner, a1, m1, &sa, &sb);
        if (gt_map_add(out, sa, m1 - a1, sb - sa, 1) != 0)
            return -1;
    }
    return 0;
}

int gt_map_compose(gt_map *out, const gt_map *outer, const gt_map *inner)
{
    out->src_len = inner->src_len;
    for (size_t i = 0; i < outer->n; i++) {
        const gt_seg *o = &outer->segs[i];
        size_t t_end = i + 1 < outer->n ? outer->segs[i + 1].t0 : outer->text_len;
        if (o->tu == 1 && o->su == 1) {
            /* Copied bytes: split at the inner segments they cross. */
            size_t m = o->s0, m_end = o->s0 + (t_end - o->t0);
            while (m < m_end) {
                size_t k = find_seg(inner, m);
                const gt_seg *g = &inner->segs[k];
                size_t g_end = k + 1 < inner->n ? inner->segs[k + 1].t0 : inner->text_len;
                size_t stop = g_end < m_end ? g_end : m_end;
                if (compose_piece(out, inner, g, m, stop) != 0)
                    return -1;
                m = stop;
            }
            continue;
        }
        /* Replaced units: each maps to the whole source of its mid range. */
        for (size_t t = o->t0, mid = o->s0; t < t_end; t += o->tu, mid += o->su) {
            size_t sa, sb;
            gt_map_range(inner, mid, mid + o->su, &sa, &sb);
            if (gt_map_add(out, sa, o->tu, sb - sa, 1) != 0)
                return -1;
        }
    }
    return 0;
}
