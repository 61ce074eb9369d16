#include "core/edit_list.h"

#include <stdlib.h>
#include <string.h>

void gt_edits_init(gt_edits *e)
{
    e->v = NULL;
    e->n = e->cap = 0;
    gt_buf_init(&e->arena);
}

void gt_edits_release(gt_edits *e)
{
    free(e->v);
    gt_buf_release(&e->arena);
    gt_edits_init(e);
}

int gt_edits_add(gt_edits *e, uint32_t kind, size_t src_start, size_t src_end, size_t text_start,
                 size_t text_end, const char *old_text, size_t old_len, const char *new_text,
                 size_t new_len, double confidence)
{
    void *p = e->v;
    if (gt_grow_array(&p, &e->cap, e->n + 1, sizeof(gt_edit)) != 0)
        return -1;
    e->v = p;
    size_t mark = e->arena.len;
    gt_edit ed = {kind, src_start, src_end, text_start, text_end, 0, old_len, 0, new_len, confidence};
    /* Each string is stored NUL-terminated so that accessors can hand out
     * C strings. */
    ed.old_off = e->arena.len;
    if (gt_buf_append(&e->arena, old_text, old_len) != 0 || gt_buf_putc(&e->arena, '\0') != 0)
        goto fail;
    ed.new_off = e->arena.len;
    if (gt_buf_append(&e->arena, new_text, new_len) != 0 || gt_buf_putc(&e->arena, '\0') != 0)
        goto fail;
    e->v[e->n++] = ed;
    return 0;
fail:
    e->arena.len = mark;
    return -1;
}

void gt_edits_remap(gt_edits *e, const gt_map *pass)
{
    for (size_t i = 0; i < e->n; i++) {
        gt_edit *ed = &e->v[i];
        size_t a = gt_map_inverse(pass, ed->text_start);
        size_t b = ed->text_end == ed->text_start ? a : gt_map_inverse(pass, ed->text_end);
        ed->text_start = a;
        ed->text_end = b < a ? a : b;
    }
}

int gt_edits_take(gt_edits *dst, gt_edits *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const gt_edit *s = &src->v[i];
        const char *base = src->arena.data;
        if (gt_edits_add(dst, s->kind, s->src_start, s->src_end, s->text_start, s->text_end,
                         base + s->old_off, s->old_len, base + s->new_off, s->new_len,
                         s->confidence) != 0)
            return -1;
    }
    gt_edits_release(src);
    return 0;
}

static int cmp_edit(const void *x, const void *y)
{
    const gt_edit *a = x, *b = y;
    if (a->text_start != b->text_start)
        return a->text_start < b->text_start ? -1 : 1;
    if (a->src_start != b->src_start)
        return a->src_start < b->src_start ? -1 : 1;
    return 0;
}

static int sorted(const gt_edit *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (cmp_edit(&v[i - 1], &v[i]) > 0)
            return 0;
    return 1;
}

void gt_edits_sort(gt_edits *e)
{
    if (e->n > 1 && !sorted(e->v, e->n))
        qsort(e->v, e->n, sizeof(gt_edit), cmp_edit);
}

int gt_edits_merge(gt_edits *e, size_t mid)
{
    /* Each pass appends its own sorted edits to the earlier, sorted ones:
     * a linear merge, not a sort of the whole list after every pass. */
    if (mid == 0 || mid >= e->n || cmp_edit(&e->v[mid - 1], &e->v[mid]) <= 0)
        return 0;
    if (!sorted(e->v, mid) || !sorted(e->v + mid, e->n - mid)) {
        gt_edits_sort(e);
        return 0;
    }
    gt_edit *out = malloc(e->n * sizeof *out);
    if (!out)
        return -1;
    size_t a = 0, b = mid, k = 0;
    while (a < mid && b < e->n)
        out[k++] = cmp_edit(&e->v[b], &e->v[a]) < 0 ? e->v[b++] : e->v[a++];
    while (a < mid)
        out[k++] = e->v[a++];
    while (b < e->n)
        out[k++] = e->v[b++];
    memcpy(e->v, out, e->n * sizeof *out);
    free(out);
    return 0;
}
