#include "load/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "govtext.h"

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

typedef struct writer {
    const char *in;
    gt_pass_out *out;
    size_t run; /* start of the input not yet copied */
} writer;

/* Copies input [w->run, upto) unchanged. */
static int copy_run(writer *w, size_t upto)
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

/* Replaces input [a, b) by rep (rep_len may be 0: a removal). */
static int replace(writer *w, size_t a, size_t b, const char *rep, size_t rep_len, uint32_t kind)
{
    gt_pass_out *o = w->out;
    if (copy_run(w, a) != 0)
        return -1;
    size_t t = o->text.len;
    if (gt_edits_add(&o->edits, kind, a, b, t, t + rep_len, w->in + a, b - a, rep, rep_len, 1.0) !=
            0 ||
        gt_map_add(&o->map, a, rep_len, b - a, 1) != 0 || gt_buf_append(&o->text, rep, rep_len) != 0)
        return -1;
    w->run = b;
    return 0;
}

static int is_zero_width(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x180E;
}

static int is_control(uint32_t c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F && c != 0x85);
}

/* A character that NFC leaves alone by itself; most of Chinese text. */
static int nfc_inert(uint32_t c)
{
    if (c < 0x300 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) ||
        (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2000 && c <= 0x206F) ||
        (c >= 0x3400 && c <= 0x4DBF))
        return 1;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)c);
    return p->decomp_seqindex == UINT16_MAX && !p->comp_exclusion;
}

/* Continues a group that NFC must see whole: a combining mark, or a Hangul
 * vowel or final jamo that composes with what precedes it. */
static int nfc_joins(uint32_t c)
{
    if (c < 0x300)
        return 0;
    if (c >= 0x1160 && c <= 0x11FF)
        return 1;
    return utf8proc_get_property((utf8proc_int32_t)c)->combining_class != 0;
}

int gt_normalize(const char *in, size_t len, unsigned what, gt_pass_out *out)
{
    writer w = {in, out, 0};
    if (gt_buf_reserve(&out->text, len + 1) != 0)
        return -1;
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        /* Printable ASCII not followed by a possible combining mark: nothing
         * to do.  This is most bytes of most inputs. */
        if (b >= 0x20 && b < 0x7F &&
            (i + 1 >= len || (unsigned char)in[i + 1] < 0x80 || !(what & GT_NORM_NFC))) {
            i++;
            continue;
        }
        uint32_t c;
        size_t n = gt_utf8_next(in, len, i, &c);
        if (c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
            if (what & GT_NORM_NEWLINES) {
                size_t end = i + n;
                if (c == '\r' && end < len && in[end] == '\n')
                    end++;
                if (replace(&w, i, end, "\n", 1, GOVTEXT_EDIT_NEWLINE) != 0)
                    return -1;
                out->newlines++;
                i = end;
                continue;
            }
        } else if (is_zero_width(c)) {
            if (what & GT_NORM_ZERO_WIDTH) {
                if (replace(&w, i, i + n, "", 0, GOVTEXT_EDIT_ZERO_WIDTH) != 0)
                    return -1;
                out->zero_width++;
                i += n;
                continue;
            }
        } else if (is_control(c)) {
            if (what & GT_NORM_CONTROLS) {
                if (replace(&w, i, i + n, "", 0, GOVTEXT_EDIT_CONTROL) != 0)
                    return -1;
                out->controls++;
                i += n;
                continue;
            }
        } else if ((what & GT_NORM_WIDTH) &&
                   ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
                    (c >= 0xFF41 && c <= 0xFF5A))) {
            char a = (char)(c - 0xFEE0);
            if (replace(&w, i, i + n, &a, 1, GOVTEXT_EDIT_WIDTH) != 0)
                return -1;
            out->width++;
            i += n;
            continue;
        }
        if (what & GT_NORM_NFC) {
            /* The group: this character and the marks that follow it. */
            size_t end = i + n;
            int inert = nfc_inert(c);
            while (end < len) {
                uint32_t d;
                size_t m = gt_utf8_next(in, len, end, &d);
                if (!nfc_joins(d))
                    break;
                inert = 0;
                end += m;
            }
            if (!inert) {
                utf8proc_uint8_t *nfc = NULL;
                utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)in + i,
                                                  (utf8proc_ssize_t)(end - i), &nfc,
                                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
                if (r == UTF8PROC_ERROR_NOMEM)
                    return -1;
                if (r >= 0 && ((size_t)r != end - i || memcmp(nfc, in + i, (size_t)r) != 0)) {
                    int rc = replace(&w, i, end, (const char *)nfc, (size_t)r, GOVTEXT_EDIT_NFC);
                    free(nfc);
                    if (rc != 0)
                        return -1;
                    out->nfc++;
                    i = end;
                    continue;
                }
                free(nfc);
            }
            i = end;
            continue;
        }
        i += n;
    }
    if (copy_run(&w, len) != 0 || gt_buf_terminate(&out->text) != 0)
        return -1;
    return 0;
}
