#include "load/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "govtext.h"

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
    gt_writer w;
    gt_writer_init(&w, in, out);
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
        /* A CJK unified ideograph (U+4E00..U+9FFF: lead bytes E4..E9) not
         * followed by a possible combining mark (lead bytes CC..E1 and some
         * after): nothing to do.  This is most characters of Chinese text. */
        if (b >= 0xE4 && b <= 0xE9 && i + 3 <= len && (b > 0xE4 || (unsigned char)in[i + 1] >= 0xB8)) {
            unsigned char next = i + 3 < len ? (unsigned char)in[i + 3] : 0;
            if (next < 0xCC || (next >= 0xE4 && next <= 0xE9)) {
                i += 3;
                continue;
            }
        }
        uint32_t c;
        size_t n = gt_utf8_next(in, len, i, &c);
        if (c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
            if (what & GT_NORM_NEWLINES) {
                size_t end = i + n;
                if (c == '\r' && end < len && in[end] == '\n')
                    end++;
                if (gt_writer_replace(&w, i, end, "\n", 1, GOVTEXT_EDIT_NEWLINE, 1.0) != 0)
                    return -1;
                out->counts[GOVTEXT_COUNT_NEWLINES]++;
                i = end;
                continue;
            }
        } else if (is_zero_width(c)) {
            if (what & GT_NORM_ZERO_WIDTH) {
                if (gt_writer_replace(&w, i, i + n, "", 0, GOVTEXT_EDIT_ZERO_WIDTH, 1.0) != 0)
                    return -1;
                out->counts[GOVTEXT_COUNT_ZERO_WIDTH]++;
                i += n;
                continue;
            }
        } else if (is_control(c)) {
            if (what & GT_NORM_CONTROLS) {
                if (gt_writer_replace(&w, i, i + n, "", 0, GOVTEXT_EDIT_CONTROL, 1.0) != 0)
                    return -1;
                out->counts[GOVTEXT_COUNT_CONTROLS]++;
                i += n;
                continue;
            }
        } else if ((what & GT_NORM_WIDTH) &&
                   ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
                    (c >= 0xFF41 && c <= 0xFF5A))) {
            char a = (char)(c - 0xFEE0);
            if (gt_writer_replace(&w, i, i + n, &a, 1, GOVTEXT_EDIT_WIDTH, 1.0) != 0)
                return -1;
            out->counts[GOVTEXT_COUNT_WIDTH]++;
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
                    int rc = gt_writer_replace(&w, i, end, (const char *)nfc, (size_t)r, GOVTEXT_EDIT_NFC, 1.0);
                    free(nfc);
                    if (rc != 0)
                        return -1;
                    out->counts[GOVTEXT_COUNT_NFC]++;
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
    return gt_writer_finish(&w, len);
}
