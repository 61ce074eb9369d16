/* The mojibake pass (mojibake.c): reading damaged characters back into the
 * bytes they came from under each hypothesis.  GBK comes from constant
 * tables (gbk_table.h, generated from ICU's GBK converter); windows-1252 is
 * Latin-1 plus the 27 characters of its bytes 80-9F; the Big5 bitmap, which
 * only documents in traditional characters need, is built with ICU. */
#include <stdlib.h>
#include <unicode/ucnv.h>

#include "load/encodings.h"
#include "repair/mojibake.h"

/* windows-1252 bytes 80-9F; 0 where the byte is undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The bytes windows-1252 leaves undefined: what its decoders turn into
 * U+FFFD or pass through as C1 controls (which the loader removes). */
const uint8_t gt_mb_cp1252_lost[5] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

/* Appends the bytes that character cp came from under hypothesis h, or
 * returns 0 if the hypothesis' decoder never produces cp. */
static int encode_char(int h, uint32_t cp, uint32_t ci, mb_byte *out,
                       size_t *n, int *special)
{
    if (cp == 0xFFFD) {
        out[(*n)++] = (mb_byte){0, B_HOLE, ci};
        return 1;
    }
    if (cp < 0x80) {
        out[(*n)++] = (mb_byte){(uint8_t)cp, cp == '?' ? B_QMARK : B_KNOWN, ci};
        return 1;
    }
    if (h == HYP_CP1252) {
        if (cp <= 0xFF) {
            out[(*n)++] = (mb_byte){(uint8_t)cp, B_KNOWN, ci};
            return 1;
        }
        if (cp < 0x0152 || cp > 0x2122)
            return 0;
        for (unsigned b = 0; b < 32; b++)
            if (cp1252_high[b] == cp) {
                out[(*n)++] = (mb_byte){(uint8_t)(0x80 + b), B_KNOWN, ci};
                *special = 1;
                return 1;
            }
        return 0;
    }
    if (cp > 0xFFFF)
        return 0;
    uint16_t v = gt_gbk_rev[cp];
    if (!v)
        return 0;
    if (v < 0x100) {
        out[(*n)++] = (mb_byte){(uint8_t)v, B_KNOWN, ci};
        return 1;
    }
    out[(*n)++] = (mb_byte){(uint8_t)(v >> 8), B_KNOWN, ci};
    out[(*n)++] = (mb_byte){(uint8_t)(v & 0xFF), B_KNOWN, ci};
    return 1;
}

int gt_mb_next_stretch(mb_work *w, int h, size_t *i, size_t n, size_t *s, size_t *nb,
                       int *special, int *lost)
{
    /* Locals, not the out-parameters, in the loop: it runs per character. */
    size_t c = *i;
    while (c < n) {
        if (h == HYP_CP1252) {
            /* Past U+2122 windows-1252 produces nothing but U+FFFD: Chinese
             * text is skipped here, character by character. */
            while (c < n && w->chars[c].cp > 0x2122 && w->chars[c].cp != 0xFFFD)
                c++;
            if (c == n)
                break;
        }
        size_t start = c, k = 0;
        int sp = 0, na = 0, lo = 0;
        for (; c < n; c++) {
            uint32_t cp = w->chars[c].cp;
            if (!encode_char(h, cp, (uint32_t)c, w->bytes, &k, &sp))
                break;
            na |= cp >= 0x80;
            lo |= cp == 0xFFFD || cp == '?';
        }
        if (c == start) {
            c++; /* a character this hypothesis cannot explain */
            continue;
        }
        if (!na)
            continue; /* ASCII decodes to itself */
        *i = c;
        *s = start;
        *nb = k;
        *special = sp;
        *lost = lo;
        return 1;
    }
    *i = c;
    return 0;
}

/* Sets *bits to a bitmap of the BMP characters that ICU's Big5 converter
 * decodes from some pair (lead 81-FE, trail 40-7E or A1-FE).  Returns 0
 * (leaving *bits NULL if ICU has no Big5), or -1 when memory ran out. */
int gt_mb_big5_build(uint8_t **bits)
{
    enum { NPAIRS = 126 * 157 };
    *bits = NULL;
    uint8_t *b = calloc(65536 / 8, 1);
    char *src = malloc(NPAIRS * 3);
    UChar *dst = malloc(NPAIRS * 3 * sizeof *dst);
    int32_t *offs = malloc(NPAIRS * 3 * sizeof *offs);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = NULL;
    int rc = -1;
    if (!b || !src || !dst || !offs)
        goto done;
    cnv = ucnv_open(gt_encoding_icu_name(GOVTEXT_ENC_BIG5), &e);
    if (U_FAILURE(e)) {
        rc = e == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
        goto done;
    }
    size_t k = 0;
    for (unsigned lead = 0x81; lead <= 0xFE; lead++)
        for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
            if (trail > 0x7E && trail < 0xA1)
                continue;
            src[k++] = (char)lead;
            src[k++] = (char)trail;
            src[k++] = '\n';
        }
    const char *s = src;
    UChar *d = dst;
    ucnv_toUnicode(cnv, &d, dst + NPAIRS * 3, &s, src + k, offs, 1, &e);
    if (U_FAILURE(e)) {
        rc = e == U_MEMORY_ALLOCATION_ERROR ? -1 : 0;
        goto done;
    }
    size_t n = (size_t)(d - dst);
    for (size_t i = 0; i + 1 < n; i++) {
        UChar c = dst[i];
        if (offs[i] >= 0 && offs[i] % 3 == 0 && offs[i + 1] == offs[i] + 2 && c != 0xFFFD &&
            c != 0x1A && !(c >= 0xD800 && c <= 0xDFFF) && !(c >= 0xE000 && c <= 0xF8FF))
            b[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    *bits = b;
    b = NULL;
    rc = 0;
done:
    if (cnv)
        ucnv_close(cnv);
    free(b);
    free(src);
    free(dst);
    free(offs);
    return rc;
}
