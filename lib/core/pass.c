#include "core/pass.h"

#include <string.h>

void gt_pass_out_init(gt_pass_out *o)
{
    memset(o, 0, sizeof *o);
    gt_buf_init(&o->text);
    gt_map_init(&o->map);
    gt_edits_init(&o->edits);
}

void gt_pass_out_release(gt_pass_out *o)
{
    gt_buf_release(&o->text);
    gt_map_release(&o->map);
    gt_edits_release(&o->edits);
    gt_pass_out_init(o);
}

void gt_writer_init(gt_writer *w, const char *in, gt_pass_out *out)
{
    w->in = in;
    w->out = out;
    w->run = 0;
}

int gt_writer_copy(gt_writer *w, size_t upto)
{
    if (upto <= w->run)
        return 0;
    size_t n = upto - w->run;
    if (gt_map_add(&w->out->map, w->run, 1, 1, n) != 0 ||
        gt_buf_append(&w->out->text, w->in + w->run, n) != 0)
        return -1;
    w->run = upto;
    return 0;
}

int gt_writer_replace(gt_writer *w, size_t a, size_t b, const char *rep, size_t rep_len,
                      uint32_t kind, double confidence)
{
    gt_pass_out *o = w->out;
    if (gt_writer_copy(w, a) != 0)
        return -1;
    size_t t = o->text.len;
    if (gt_edits_add(&o->edits, kind, a, b, t, t + rep_len, w->in + a, b - a, rep, rep_len,
                     confidence) != 0 ||
        gt_map_add(&o->map, a, rep_len, b - a, 1) != 0 || gt_buf_append(&o->text, rep, rep_len) != 0)
        return -1;
    w->run = b;
    return 0;
}

int gt_writer_finish(gt_writer *w, size_t len)
{
    if (gt_writer_copy(w, len) != 0 || gt_buf_terminate(&w->out->text) != 0)
        return -1;
    return 0;
}

int gt_doc_state_apply(gt_doc_state *st, gt_pass_out *pass)
{
    for (size_t i = 0; i < GT_COUNTERS; i++)
        st->counts[i] += pass->counts[i];
    if (pass->edits.n == 0)
        return 0;
    gt_map composed;
    gt_map_init(&composed);
    if (gt_map_compose(&composed, &pass->map, &st->map) != 0) {
        gt_map_release(&composed);
        return -1;
    }
    composed.src_len = st->map.src_len;
    /* Pass edits: input-text ranges -> source ranges. */
    for (size_t i = 0; i < pass->edits.n; i++) {
        gt_edit *e = &pass->edits.v[i];
        size_t a, b;
        gt_map_range(&st->map, e->src_start, e->src_end, &a, &b);
        e->src_start = a;
        e->src_end = b;
    }
    gt_edits_remap(&st->edits, &pass->map);
    size_t earlier = st->edits.n;
    if (gt_edits_take(&st->edits, &pass->edits) != 0 || gt_edits_merge(&st->edits, earlier) != 0) {
        gt_map_release(&composed);
        return -1;
    }
    gt_map_release(&st->map);
    st->map = composed;
    gt_buf_release(&st->text);
    st->text = pass->text;
    gt_buf_init(&pass->text);
    if (gt_buf_terminate(&st->text) != 0)
        return -1;
    return 0;
}
