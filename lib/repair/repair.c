/* The repair driver: runs the passes in the reverse of the order in which
 * scraping damaged the text, folding each into the document. */
#include "repair/repair.h"

#include <string.h>

#include "common/versioned.h"
#include "core/doc.h"
#include "repair/collection.h"

#define REPAIR_OPTS_V1_SIZE (offsetof(govtext_repair_options, mask_threshold) + sizeof(double))
#define KNOWN_PASSES 0x01FFu

govtext_status govtext_repair_options_init(govtext_repair_options *o, size_t size)
{
    if (!o || size < REPAIR_OPTS_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    memset(o, 0, size);
    o->struct_size = size;
    return GOVTEXT_OK;
}

static govtext_status read_options(govtext_doc *doc, const govtext_repair_options *in,
                                   govtext_repair_options *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    if (in) {
        govtext_status st = gt_read_versioned(doc->errmsg, sizeof doc->errmsg, "repair options",
                                              "govtext_repair_options_init", o, sizeof *o, in,
                                              REPAIR_OPTS_V1_SIZE);
        if (st != GOVTEXT_OK)
            return st;
    }
    if (o->skip & ~KNOWN_PASSES)
        return gt_doc_fail(doc, GOVTEXT_ERR_UNSUPPORTED, "repair options: unknown passes 0x%x",
                           (unsigned)(o->skip & ~KNOWN_PASSES));
    if (o->script > GOVTEXT_SCRIPT_HANT)
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG, "repair options: unknown script mode %u",
                           (unsigned)o->script);
    if (!(o->mask_threshold >= 0.0 && o->mask_threshold <= 1.0)) /* also NaN */
        return gt_doc_fail(doc, GOVTEXT_ERR_INVALID_ARG,
                           "repair options: mask_threshold must be in [0, 1]");
    if (o->mask_threshold == 0.0)
        o->mask_threshold = 0.5;
    return GOVTEXT_OK;
}

typedef int (*pass_fn)(const char *, size_t, gt_repair_ctx *, gt_pass_out *);

static const struct {
    uint32_t bit;
    pass_fn run;
} passes[] = {
    {GOVTEXT_REPAIR_MOJIBAKE, gt_repair_mojibake},
    {GOVTEXT_REPAIR_HTML, gt_repair_html},
    {GOVTEXT_REPAIR_LAYOUT, gt_repair_layout},
    {GOVTEXT_REPAIR_PINYIN, gt_repair_pinyin},
    {GOVTEXT_REPAIR_SCRIPT, gt_repair_script},
    {GOVTEXT_REPAIR_DUPLICATE, gt_repair_duplicate},
    {GOVTEXT_REPAIR_SPAM, gt_repair_spam},
    {GOVTEXT_REPAIR_MASK, gt_repair_mask},
    {GOVTEXT_REPAIR_PUNCT, gt_repair_punct},
};

/* A copy of the document's state that the passes work on, so that a
 * failure leaves the document as it was. */
static int copy_state(gt_doc_state *dst, const gt_doc_state *src)
{
    gt_doc_state_init(dst);
    dst->encoding = src->encoding;
    dst->confidence = src->confidence;
    memcpy(dst->counts, src->counts, sizeof dst->counts);
    if (gt_buf_append(&dst->src, src->src.data, src->src.len) != 0 ||
        gt_buf_append(&dst->text, src->text.data, src->text.len) != 0 ||
        gt_buf_terminate(&dst->text) != 0)
        return -1;
    dst->map.src_len = src->map.src_len;
    for (size_t i = 0; i < src->map.n; i++) {
        const gt_seg *g = &src->map.segs[i];
        size_t end = i + 1 < src->map.n ? src->map.segs[i + 1].t0 : src->map.text_len;
        if (gt_map_add(&dst->map, g->s0, g->tu, g->su, (end - g->t0) / g->tu) != 0)
            return -1;
    }
    for (size_t i = 0; i < src->edits.n; i++) {
        const gt_edit *e = &src->edits.v[i];
        const char *a = src->edits.arena.data;
        if (gt_edits_add(&dst->edits, e->kind, e->src_start, e->src_end, e->text_start,
                         e->text_end, a + e->old_off, e->old_len, a + e->new_off, e->new_len,
                         e->confidence) != 0)
            return -1;
    }
    return 0;
}

govtext_status govtext_doc_repair(govtext_doc *doc, const govtext_collection *coll,
                                  const govtext_repair_options *opts)
{
    if (!doc)
        return GOVTEXT_ERR_INVALID_ARG;
    govtext_repair_options o;
    govtext_status status = read_options(doc, opts, &o);
    if (status != GOVTEXT_OK)
        return status;

    gt_repair_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.skip = o.skip;
    ctx.script = (govtext_script)o.script;
    ctx.mask_threshold = o.mask_threshold;
    ctx.coll = coll;
    gt_buf_init(&ctx.dropped);

    gt_doc_state st;
    gt_pass_out out;
    gt_pass_out_init(&out);
    status = GOVTEXT_ERR_NOMEM;
    if (copy_state(&st, &doc->st) != 0)
        goto done;
    for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
        if (o.skip & passes[i].bit)
            continue;
        gt_pass_out_release(&out);
        const char *text = st.text.data ? st.text.data : "";
        if (passes[i].run(text, st.text.len, &ctx, &out) != 0 ||
            gt_doc_state_apply(&st, &out) != 0)
            goto done;
    }
    gt_doc_adopt(doc, &st);
    status = gt_doc_ok(doc);
done:
    if (status == GOVTEXT_ERR_NOMEM)
        gt_doc_fail(doc, status, "out of memory while repairing");
    gt_pass_out_release(&out);
    gt_doc_state_release(&st);
    gt_buf_release(&ctx.dropped);
    return status;
}
