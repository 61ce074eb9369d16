#include "core/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gt_doc_state_init(gt_doc_state *s)
{
    memset(s, 0, sizeof *s);
    gt_buf_init(&s->src);
    gt_buf_init(&s->text);
    gt_map_init(&s->map);
    gt_edits_init(&s->edits);
    s->encoding = GOVTEXT_ENC_UTF8;
}

void gt_doc_state_release(gt_doc_state *s)
{
    gt_buf_release(&s->src);
    gt_buf_release(&s->text);
    gt_map_release(&s->map);
    gt_edits_release(&s->edits);
    gt_doc_state_init(s);
}

void gt_doc_adopt(govtext_doc *doc, gt_doc_state *s)
{
    gt_doc_state_release(&doc->st);
    doc->st = *s;
    gt_doc_state_init(s);
}

govtext_status gt_doc_fail(govtext_doc *doc, govtext_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->errmsg, sizeof doc->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

govtext_status gt_doc_ok(govtext_doc *doc)
{
    doc->errmsg[0] = '\0';
    return GOVTEXT_OK;
}

govtext_doc *govtext_doc_new(void)
{
    govtext_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    gt_doc_state_init(&doc->st);
    return doc;
}

void govtext_doc_free(govtext_doc *doc)
{
    if (!doc)
        return;
    gt_doc_state_release(&doc->st);
    free(doc);
}

const char *govtext_doc_errmsg(const govtext_doc *doc)
{
    return doc ? doc->errmsg : "NULL document handle";
}

const char *govtext_doc_text(const govtext_doc *doc, size_t *len)
{
    if (!doc || !doc->st.text.data) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = doc->st.text.len;
    return doc->st.text.data;
}

const void *govtext_doc_source(const govtext_doc *doc, size_t *len)
{
    if (!doc || !doc->st.src.data) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = doc->st.src.len;
    return doc->st.src.data;
}

govtext_encoding govtext_doc_encoding(const govtext_doc *doc)
{
    return doc ? doc->st.encoding : GOVTEXT_ENC_AUTO;
}

double govtext_doc_confidence(const govtext_doc *doc)
{
    return doc ? doc->st.confidence : 0.0;
}

uint64_t govtext_doc_count(const govtext_doc *doc, govtext_counter which)
{
    unsigned i = (unsigned)which;
    if (!doc || i >= GT_COUNTERS)
        return 0;
    return doc->st.counts[i];
}

const char *govtext_counter_name(uint32_t which)
{
    /* Indexed by govtext_counter. */
    static const char *const names[] = {
        "invalid_bytes", "bom",       "newlines", "zero_width", "controls",
        "nfc",           "width",     "partial",  "mojibake",   "html",
        "layout",        "pinyin",    "script",   "duplicate",  "spam",
        "mask",          "mask_unresolved",       "punct",      "quote"};
    return which < sizeof names / sizeof names[0] ? names[which] : NULL;
}

static int inside_char(const gt_buf *t, size_t off)
{
    return off < t->len && ((unsigned char)t->data[off] & 0xC0) == 0x80;
}

govtext_status govtext_doc_map_to_source(const govtext_doc *doc, size_t start, size_t end,
                                         size_t *src_start, size_t *src_end)
{
    if (!doc || !src_start || !src_end)
        return GOVTEXT_ERR_INVALID_ARG;
    govtext_doc *d = (govtext_doc *)doc; /* the message buffer is not state */
    if (start > end || end > doc->st.text.len)
        return gt_doc_fail(d, GOVTEXT_ERR_INVALID_ARG,
                           "range [%zu, %zu) is outside the text of %zu bytes", start, end,
                           doc->st.text.len);
    if (inside_char(&doc->st.text, start) || inside_char(&doc->st.text, end))
        return gt_doc_fail(d, GOVTEXT_ERR_INVALID_ARG,
                           "offset %zu or %zu is inside a UTF-8 character", start, end);
    gt_map_range(&doc->st.map, start, end, src_start, src_end);
    return gt_doc_ok(d);
}

size_t govtext_doc_edit_count(const govtext_doc *doc)
{
    return doc ? doc->st.edits.n : 0;
}

/* The first release of govtext_edit ends after `confidence`. */
#define EDIT_V1_SIZE (offsetof(govtext_edit, confidence) + sizeof(double))

govtext_status govtext_doc_edit_get(const govtext_doc *doc, size_t i, govtext_edit *out)
{
    if (!doc || !out || out->struct_size < EDIT_V1_SIZE)
        return GOVTEXT_ERR_INVALID_ARG;
    govtext_doc *d = (govtext_doc *)doc;
    if (i >= doc->st.edits.n)
        return gt_doc_fail(d, GOVTEXT_ERR_INVALID_ARG, "edit %zu of %zu does not exist", i,
                           doc->st.edits.n);
    const gt_edit *e = &doc->st.edits.v[i];
    const char *arena = doc->st.edits.arena.data;
    govtext_edit v;
    memset(&v, 0, sizeof v);
    v.struct_size = out->struct_size < sizeof v ? out->struct_size : sizeof v;
    v.kind = e->kind;
    v.src_start = e->src_start;
    v.src_end = e->src_end;
    v.text_start = e->text_start;
    v.text_end = e->text_end;
    v.old_text = arena + e->old_off;
    v.old_len = e->old_len;
    v.new_text = arena + e->new_off;
    v.new_len = e->new_len;
    v.confidence = e->confidence;
    memcpy(out, &v, v.struct_size);
    return gt_doc_ok(d);
}

const char *govtext_edit_kind_name(uint32_t kind)
{
    static const char *const names[] = {
        "unknown", "decode",  "bom",    "partial", "newline", "zero-width",      "control",
        "nfc",     "width",   "mojibake", "html",  "layout",  "pinyin",          "script",
        "duplicate", "spam",  "mask",   "mask-unresolved",    "punct",           "quote"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}
