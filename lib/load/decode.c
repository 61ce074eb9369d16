#include "load/decode.h"

#include <stdlib.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include "common/utf8.h"
#include "load/encodings.h"

#define CHUNK (1u << 20)
#define EDGE 3

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

void gt_decoded_init(gt_decoded *d)
{
    gt_buf_init(&d->text);
    gt_map_init(&d->map);
    gt_edits_init(&d->edits);
    d->invalid = d->partial = 0;
    d->err_pos = 0;
}

void gt_decoded_release(gt_decoded *d)
{
    gt_buf_release(&d->text);
    gt_map_release(&d->map);
    gt_edits_release(&d->edits);
    gt_decoded_init(d);
}

/* Undecodable sequences as ICU reports them, in source order. */
typedef struct err_list {
    size_t *pos, *len;
    size_t n, cap, next; /* next: the first not yet matched to output */
    const char *call_start;
    size_t call_base;
    int strict, nomem;
} err_list;

static void on_error(const void *context, UConverterToUnicodeArgs *args, const char *units,
                     int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
    (void)units;
    if (reason > UCNV_IRREGULAR)
        return;
    err_list *el = (err_list *)context;
    long long rel = (long long)(args->source - el->call_start) - length;
    long long pos = (long long)el->call_base + rel;
    if (pos < 0)
        pos = 0;
    void *pp = el->pos;
    size_t cap = el->cap;
    if (gt_grow_array(&pp, &cap, el->n + 1, sizeof(size_t)) != 0) {
        el->nomem = 1;
        return; /* leave *err set: the conversion stops */
    }
    el->pos = pp;
    void *lp = el->len;
    size_t cap2 = el->cap;
    if (gt_grow_array(&lp, &cap2, el->n + 1, sizeof(size_t)) != 0) {
        el->nomem = 1;
        return;
    }
    el->len = lp;
    el->cap = cap;
    el->pos[el->n] = (size_t)pos;
    el->len[el->n] = (size_t)length;
    el->n++;
    if (el->strict)
        return; /* stop at the first error */
    UChar fffd = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* A decoded code point and the source bytes it starts at. */
typedef struct pending_char {
    uint32_t cp;
    size_t src;
    int valid;
} pending_char;

typedef struct emitter {
    gt_decoded *d;
    const unsigned char *p;
    size_t len, start;
    err_list *errs;
    pending_char prev; /* written once the next start is known */
    int any_output;
} emitter;

/* Writes the previous character now that its end (src_end) is known. */
static int flush_prev(emitter *em, size_t src_end)
{
    pending_char *c = &em->prev;
    if (!c->valid)
        return 0;
    c->valid = 0;
    gt_decoded *d = em->d;
    err_list *el = em->errs;
    int is_error = 0;
    if (c->cp == 0xFFFD) {
        while (el->next < el->n && el->pos[el->next] < c->src)
            el->next++;
        if (el->next < el->n && el->pos[el->next] == c->src) {
            is_error = 1;
            el->next++;
        }
    }
    if (is_error) {
        /* A sequence cut by the excerpt's first or last bytes is a partial
         * character, dropped; elsewhere it is a hole, marked U+FFFD. */
        int cut = (!em->any_output && c->src < em->start + EDGE) || src_end >= em->len;
        if (cut) {
            d->partial++;
            return gt_edits_add(&d->edits, GOVTEXT_EDIT_PARTIAL, c->src, src_end, d->text.len,
                                d->text.len, "", 0, "", 0, 1.0);
        }
        d->invalid += src_end - c->src;
        if (gt_edits_add(&d->edits, GOVTEXT_EDIT_DECODE, c->src, src_end, d->text.len,
                         d->text.len + 3, "", 0, REPLACEMENT, 3, 1.0) != 0)
            return -1;
    }
    char u8[4];
    size_t n = gt_utf8_encode(c->cp, u8);
    if (gt_map_add(&d->map, c->src, n, src_end - c->src, 1) != 0 ||
        gt_buf_append(&d->text, u8, n) != 0)
        return -1;
    em->any_output = 1;
    return 0;
}

static int emit(emitter *em, uint32_t cp, size_t src)
{
    if (em->prev.valid && flush_prev(em, src) != 0)
        return -1;
    em->prev = (pending_char){cp, src, 1};
    return 0;
}

static govtext_status decode_icu(const unsigned char *p, size_t len, size_t start,
                                 govtext_encoding enc, int strict, gt_decoded *d)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(gt_encoding_icu_name(enc), &e);
    if (U_FAILURE(e))
        return GOVTEXT_ERR_NOMEM;
    err_list el = {0};
    el.strict = strict;
    ucnv_setToUCallBack(cnv, on_error, &el, NULL, NULL, &e);

    govtext_status st = GOVTEXT_ERR_NOMEM;
    size_t ucap = CHUNK + 16;
    UChar *ubuf = malloc(ucap * sizeof(UChar));
    int32_t *offs = malloc(ucap * sizeof(int32_t));
    emitter em = {d, p, len, start, &el, {0, 0, 0}, 0};
    if (!ubuf || !offs)
        goto done;
    if (gt_buf_reserve(&d->text, len + len / 2 + 16) != 0)
        goto done;

    UChar high = 0;
    size_t high_src = 0;
    for (size_t base = start; base < len || base == start;) {
        size_t n = len - base < CHUNK / 2 ? len - base : CHUNK / 2;
        int flush = base + n >= len;
        const char *src = (const char *)p + base;
        const char *lim = src + n;
        for (;;) {
            const char *call_start = src;
            size_t call_base = base + (size_t)(src - ((const char *)p + base));
            UErrorCode pe = U_ZERO_ERROR;
            int32_t pending = ucnv_toUCountPending(cnv, &pe);
            size_t carried = U_SUCCESS(pe) && pending > 0 ? (size_t)pending : 0;
            el.call_start = call_start;
            el.call_base = call_base;
            UChar *t = ubuf;
            e = U_ZERO_ERROR;
            ucnv_toUnicode(cnv, &t, ubuf + ucap, &src, lim, offs, (UBool)flush, &e);
            if (el.nomem)
                goto done;
            if (strict && el.n > 0) {
                d->err_pos = el.pos[0];
                st = GOVTEXT_ERR_ENCODING;
                goto done;
            }
            for (size_t i = 0; i < (size_t)(t - ubuf); i++) {
                size_t at = offs[i] >= 0 ? call_base + (size_t)offs[i] : call_base - carried;
                UChar u = ubuf[i];
                if (high) {
                    UChar hi = high;
                    high = 0;
                    if (u >= 0xDC00 && u <= 0xDFFF) {
                        uint32_t cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + (u - 0xDC00);
                        if (emit(&em, cp, high_src) != 0)
                            goto done;
                        continue;
                    }
                    if (emit(&em, 0xFFFD, high_src) != 0)
                        goto done;
                }
                if (u >= 0xD800 && u <= 0xDBFF) {
                    high = u;
                    high_src = at;
                } else if (u >= 0xDC00 && u <= 0xDFFF) {
                    if (emit(&em, 0xFFFD, at) != 0)
                        goto done;
                } else if (emit(&em, u, at) != 0)
                    goto done;
            }
            if (e == U_BUFFER_OVERFLOW_ERROR)
                continue;
            if (U_FAILURE(e)) {
                st = GOVTEXT_ERR_INTERNAL;
                goto done;
            }
            break;
        }
        base += n;
        if (n == 0)
            break;
    }
    if (high && emit(&em, 0xFFFD, high_src) != 0)
        goto done;
    if (flush_prev(&em, len) != 0)
        goto done;
    d->map.src_len = len;
    st = GOVTEXT_OK;
done:
    free(ubuf);
    free(offs);
    free(el.pos);
    free(el.len);
    ucnv_close(cnv);
    return st;
}

govtext_status gt_decode(const unsigned char *p, size_t len, size_t start, govtext_encoding enc,
                         int strict, gt_decoded *d)
{
    if (enc == GOVTEXT_ENC_UTF8) {
        /* Valid UTF-8 is the common case: one copy, one map segment. */
        const char *s = (const char *)p + start;
        size_t n = len - start;
        if (gt_utf8_validate(s, n) == n) {
            if (gt_buf_append(&d->text, s, n) != 0 || gt_buf_terminate(&d->text) != 0 ||
                gt_map_add(&d->map, start, 1, 1, n) != 0)
                return GOVTEXT_ERR_NOMEM;
            d->map.src_len = len;
            return GOVTEXT_OK;
        }
    }
    govtext_status st = decode_icu(p, len, start, enc, strict, d);
    if (st == GOVTEXT_OK && gt_buf_terminate(&d->text) != 0)
        st = GOVTEXT_ERR_NOMEM;
    return st;
}
